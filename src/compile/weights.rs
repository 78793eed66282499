//! The per-state weights of every stream in a cycle: costs, intervention costs, outcomes.

use super::Streams;
use super::layout::Layout;
use crate::domain::{Applies, Strategy, Unit, Value};
use crate::project::Weights;
use rust_decimal::Decimal;

/// Builds the stream weights of `cycle`.
pub fn build<S: Value>(strategy: &Strategy, layout: &Layout, streams: &Streams, cycle: usize) -> Weights<S> {
    let model = &strategy.model;
    let months = model.months_per_cycle;
    let mut dense = vec![vec![S::ZERO; layout.size()]; streams.count()];
    for (item, cost) in model.costs.iter().enumerate() {
        let Applies::States(states) = &cost.applies else { continue };
        let amount = S::of_schedule(&cost.amount, cycle, months);
        for (expanded, model_state) in layout.model_state.iter().enumerate().take(layout.people) {
            if states.contains(model_state) {
                dense[streams.item(item)][expanded] = amount;
            }
        }
    }
    for track in &layout.tracks {
        let intervention = &strategy.interventions[track.intervention];
        let starts = intervention.start_costs.len();
        for (k, payment) in intervention.monthly_costs.iter().enumerate() {
            let per_cycle = S::of_number(&payment.amount).saturating_mul(S::from_decimal(Decimal::from(months)));
            for copy in track.active.iter().flatten() {
                dense[streams.monthly_cost(track.intervention, starts, k)][*copy as usize] = per_cycle;
            }
        }
    }
    for (index, outcome) in model.outcomes.iter().enumerate() {
        let per_cycle = match outcome.unit {
            Unit::Month => Decimal::from(months),
            Unit::Year => Decimal::from(months) / Decimal::from(12),
            Unit::Cycle => Decimal::ONE,
        };
        for (expanded, model_state) in layout.model_state.iter().enumerate().take(layout.people) {
            if let Some(slot) = outcome.states.iter().position(|s| s == model_state) {
                let weight = S::of_schedule(&outcome.weights[slot], cycle, months);
                dense[streams.outcome(index)][expanded] = S::from_decimal(per_cycle).saturating_mul(weight);
            }
        }
    }
    let per_stream = dense
        .into_iter()
        .map(|weights| {
            weights.into_iter().enumerate().filter(|(_, w)| !w.is_zero()).map(|(state, w)| (state as u32, w)).collect()
        })
        .collect();
    Weights { per_stream }
}
