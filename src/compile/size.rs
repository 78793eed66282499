//! What a strategy's chain will cost, estimated before anything is built: expanded states,
//! stored matrix entries and the work of a projection, each an upper bound.
//!
//! The estimate follows [`super::Layout`] and [`super::compile`] without allocating per cycle or
//! per track, so that a scenario asking for too much is refused in microseconds instead of
//! running out of memory.

use super::layout::{duration_cycles, intake_cycles, reachable};
use super::matrices::{probability_schedules, transition_cost_schedules};
use crate::domain::{Intervention, Model, Scenario, Schedule, Strategy};

/// The size of one strategy's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Size {
    /// Expanded states: model states plus every intake batch's copies of them.
    pub states: u64,
    /// Nonzero transitions of one cycle's matrix.
    pub nonzeros: u64,
    /// Distinct matrices the projection needs (at most one per cycle).
    pub matrices: u64,
    /// Cycles projected.
    pub cycles: u64,
}

impl Size {
    /// Transitions computed over the whole projection: the kernel's work.
    pub fn work(&self) -> u64 {
        self.nonzeros.saturating_mul(self.cycles)
    }

    /// Matrix entries held in memory at once.
    pub fn stored(&self) -> u64 {
        self.nonzeros.saturating_mul(self.matrices)
    }
}

/// Estimates the chain of `strategy` over the scenario's horizon, and how much of it each
/// intervention adds (its expanded states, in the strategy's order).
pub fn estimate(scenario: &Scenario, strategy: &Strategy) -> (Size, Vec<u64>) {
    let model = &strategy.model;
    let cycles = scenario.cycles();
    let row_entries: Vec<u64> = model.rows.iter().map(|row| row.as_ref().map_or(1, entries)).collect();
    let mut size = Size {
        states: model.states.len() as u64,
        nonzeros: row_entries.iter().sum(),
        matrices: 0,
        cycles: cycles as u64,
    };
    let mut changes = schedule_changes(model, cycles);
    let mut per_intervention = Vec::with_capacity(strategy.interventions.len());
    for intervention in &strategy.interventions {
        let reach = reachable(model, &intervention.targets);
        let copied = |keep: &dyn Fn(usize) -> bool| {
            let states = (0..reach.len()).filter(|&s| reach[s] && keep(s));
            states.fold((0u64, 0u64), |(n, e), s| (n + 1, e + row_entries[s]))
        };
        // Active and record copies of the active states; record copies of every reachable
        // state, and after copies of them too when the effect lasts.
        let (active_states, active_nonzeros) = copied(&|s| intervention.active_in.contains(&s));
        let (reach_states, reach_nonzeros) = copied(&|_| true);
        let afters = 1 + u64::from(intervention.drop_off.is_some());
        let states = 2 * active_states + afters * reach_states;
        let nonzeros = 2 * active_nonzeros + afters * reach_nonzeros;
        let batches = intake_cycles(intervention, model.months_per_cycle, cycles).len() as u64;
        size.states = size.states.saturating_add(states.saturating_mul(batches));
        size.nonzeros = size.nonzeros.saturating_add(nonzeros.saturating_mul(batches));
        per_intervention.push(states.saturating_mul(batches));
        batch_changes(&mut changes, intervention, model.months_per_cycle);
    }
    size.matrices = 1 + changes.iter().skip(1).filter(|&&changed| changed).count() as u64;
    (size, per_intervention)
}

/// The entries a model row stores: its probabilities and its rest.
fn entries(row: &crate::domain::Row) -> u64 {
    row.entries.len() as u64 + u64::from(row.rest.is_some())
}

/// Marks the cycles in which an intervention's batches change the matrix: when a batch ends,
/// and, when its effect lasts, every year after. The yearly steps of batches drawn in the same
/// month of the year fall on one set of cycles, so the work is proportional to the horizon
/// times at most twelve, not to batches × years.
fn batch_changes(changes: &mut [bool], intervention: &Intervention, months_per_cycle: u32) {
    let cycles = changes.len();
    let duration = duration_cycles(intervention, months_per_cycle);
    let ends: Vec<usize> =
        intake_cycles(intervention, months_per_cycle, cycles).into_iter().map(|intake| intake + duration).collect();
    if intervention.drop_off.is_none() {
        ends.into_iter().filter(|&end| end < cycles).for_each(|end| changes[end] = true);
        return;
    }
    let cycles_per_year = 12 / months_per_cycle as usize;
    let mut first_per_phase: Vec<Option<usize>> = vec![None; cycles_per_year];
    for end in ends {
        let slot = &mut first_per_phase[end % cycles_per_year];
        *slot = Some(slot.map_or(end, |first| first.min(end)));
    }
    for first in first_per_phase.into_iter().flatten() {
        (first..cycles).step_by(cycles_per_year).for_each(|cycle| changes[cycle] = true);
    }
}

/// Marks the cycles (of `cycles`) in which a probability or transition cost can change value.
fn schedule_changes(model: &Model, cycles: usize) -> Vec<bool> {
    let cycles_per_year = 12 / model.months_per_cycle as usize;
    let mut changes = vec![false; cycles];
    for schedule in probability_schedules(model).chain(transition_cost_schedules(model)) {
        let (values, step) = match schedule.plain() {
            Schedule::Constant(_) | Schedule::Formula(..) => continue,
            Schedule::ByYear(values) => (values.len(), cycles_per_year),
            Schedule::ByCycle(values) => (values.len(), 1),
        };
        for cycle in (step..cycles.min(values * step)).step_by(step) {
            changes[cycle] = true;
        }
    }
    changes
}
