//! The transition matrix of a cycle over the expanded state space.

use super::layout::{Layout, Phase};
use super::{Streams, time_key};
use crate::domain::{Applies, Model, Schedule, Strategy, Value, apply_multipliers, cycle_row};
use crate::project::Matrix;

/// Two cycles with equal keys have equal matrices.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    probabilities: usize,
    transition_costs: usize,
    phases: Vec<Phase>,
}

/// The key of `cycle`.
pub fn key(strategy: &Strategy, layout: &Layout, cycle: usize) -> Key {
    let model = &strategy.model;
    let months = model.months_per_cycle;
    Key {
        probabilities: time_key(probability_schedules(model), cycle, months),
        transition_costs: time_key(transition_cost_schedules(model), cycle, months),
        phases: layout.phases(cycle, months),
    }
}

/// The schedules of every transition probability of the model.
pub(super) fn probability_schedules(model: &Model) -> impl Iterator<Item = &Schedule> + Clone {
    model.rows.iter().flatten().flat_map(|row| row.entries.iter().map(|(_, s)| s))
}

/// The schedules of every one-off transition cost of the model.
pub(super) fn transition_cost_schedules(model: &Model) -> impl Iterator<Item = &Schedule> + Clone {
    model.costs.iter().filter(|c| matches!(c.applies, Applies::Transition { .. })).map(|c| &c.amount)
}

/// Builds the matrix of `cycle` (whose key is `key`), with its one-off transition costs.
pub fn build<S: Value>(strategy: &Strategy, layout: &Layout, streams: &Streams, cycle: usize, key: &Key) -> Matrix<S> {
    let model = &strategy.model;
    let mut rows: Vec<Vec<(u32, S)>> = (0..model.states.len())
        .map(|state| expand(model_row(strategy, state, cycle, None), |to| Some(to as u32)))
        .collect();
    for (track, phase) in layout.tracks.iter().zip(&key.phases) {
        let intervention = &strategy.interventions[track.intervention];
        let years_after = match phase {
            Phase::After(years) => *years,
            _ => 0,
        };
        for (state, copy) in track.active.iter().enumerate() {
            let Some(copy) = copy else { continue };
            let multipliers = intervention.multipliers_from::<S>(state);
            let row = model_row(strategy, state, cycle, Some(&multipliers));
            let target = |to: usize| track.active[to].or_else(|| track.leave(to));
            set_row(&mut rows, *copy, expand(row, target));
        }
        if let Some(after) = &track.after {
            for (state, copy) in after.iter().enumerate() {
                let Some(copy) = copy else { continue };
                let multipliers = intervention.multipliers_after::<S>(state, years_after + 1).unwrap_or_default();
                let row = model_row(strategy, state, cycle, Some(&multipliers));
                set_row(&mut rows, *copy, expand(row, |to| after[to]));
            }
        }
        let (record_active, record_after) = &track.record;
        for (state, copy) in record_active.iter().enumerate() {
            let Some(copy) = copy else { continue };
            let row = model_row(strategy, state, cycle, Some(&intervention.multipliers_from::<S>(state)));
            set_row(&mut rows, *copy, expand(row, |to| record_active[to].or(record_after[to])));
        }
        for (state, copy) in record_after.iter().enumerate() {
            let Some(copy) = copy else { continue };
            let multipliers = intervention.multipliers_after::<S>(state, years_after + 1).unwrap_or_default();
            let row = model_row(strategy, state, cycle, Some(&multipliers));
            set_row(&mut rows, *copy, expand(row, |to| record_after[to]));
        }
    }
    let mut matrix = Matrix::from_rows(&rows);
    add_transition_costs(&mut matrix, strategy, layout, streams, cycle);
    matrix
}

fn set_row<S>(rows: &mut Vec<Vec<(u32, S)>>, copy: u32, row: Vec<(u32, S)>) {
    let index = copy as usize;
    if rows.len() <= index {
        rows.resize_with(index + 1, Vec::new);
    }
    rows[index] = row;
}

/// A model state's probabilities in `cycle`, with multipliers applied where given.
fn model_row<S: Value>(
    strategy: &Strategy,
    state: usize,
    cycle: usize,
    multipliers: Option<&[(usize, S)]>,
) -> Vec<(usize, S)> {
    let model = &strategy.model;
    let Some(row) = &model.rows[state] else { return vec![(state, S::ONE)] };
    // Validation has checked every row and effect in every cycle; a failure here would be a bug
    // caught by the tests, so fall back to the unmodified row rather than panic.
    let mut probabilities =
        cycle_row::<S>(row, state, cycle, model.months_per_cycle).unwrap_or_else(|_| vec![(state, S::ONE)]);
    if let Some(multipliers) = multipliers.filter(|m| !m.is_empty()) {
        let unmodified = probabilities.clone();
        let factor = |to: usize| multipliers.iter().find(|(t, _)| *t == to).map_or(S::ONE, |(_, m)| *m);
        if apply_multipliers(&mut probabilities, row.rest.is_some(), factor).is_err() {
            probabilities = unmodified;
        }
    }
    probabilities
}

/// Maps a model row onto expanded columns, drops zero entries and puts the largest last
/// (the remainder entry the kernel computes as what the others leave).
fn expand<S: Value>(row: Vec<(usize, S)>, column: impl Fn(usize) -> Option<u32>) -> Vec<(u32, S)> {
    let mut entries: Vec<(u32, S)> =
        row.into_iter().filter(|(_, p)| !p.is_zero()).filter_map(|(to, p)| Some((column(to)?, p))).collect();
    let order = |a: &S, b: &S| a.partial_cmp(b).unwrap_or_else(|| a.to_f64().total_cmp(&b.to_f64()));
    if let Some(largest) =
        entries.iter().enumerate().max_by(|a, b| order(&a.1.1, &b.1.1).then(b.0.cmp(&a.0))).map(|(i, _)| i)
    {
        let last = entries.len() - 1;
        entries.swap(largest, last);
    }
    entries
}

fn add_transition_costs<S: Value>(
    matrix: &mut Matrix<S>,
    strategy: &Strategy,
    layout: &Layout,
    streams: &Streams,
    cycle: usize,
) {
    let model = &strategy.model;
    for (item, cost) in model.costs.iter().enumerate() {
        let Applies::Transition { from, to } = &cost.applies else { continue };
        let amount = S::of_schedule(&cost.amount, cycle, model.months_per_cycle);
        for (row, &model_from) in layout.model_state.iter().enumerate().take(layout.people) {
            if !from.contains(&model_from) {
                continue;
            }
            let targets: Vec<u32> = matrix
                .row(row)
                .map(|(col, _)| col)
                .filter(|c| {
                    layout.model_state[*c as usize] != model_from && to.contains(&layout.model_state[*c as usize])
                })
                .collect();
            for col in targets {
                matrix.add_transition_weight(row, col, streams.item(item) as u32, amount);
            }
        }
    }
}
