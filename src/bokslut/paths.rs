//! The participants' paths as the model sees them: for every intake batch of one intervention,
//! the batch's people in every model state at the start of chosen months, and the
//! intervention's own payments per month and actor.

use crate::compile::{Compiled, MoneySource, ShiftKind, compile};
use crate::domain::{Scenario, Strategy, Value};
use crate::evaluate::{EvaluateError, project_compiled};
use crate::project::{Probe, Scalar};

/// One intake batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch<S> {
    /// The month (0-based from the start of the projection) it was taken in.
    pub intake: usize,
    /// The people it took in.
    pub taken_in: S,
}

/// The paths of one intervention's batches in one strategy.
#[derive(Debug, Clone, PartialEq)]
pub struct Paths<S> {
    /// The number of model states.
    pub states: usize,
    /// The months looked at, ascending.
    pub months: Vec<usize>,
    /// The intake batches, in order of intake.
    pub batches: Vec<Batch<S>>,
    /// `batches × months × states`: the people of each batch in each state at the start of
    /// each month looked at (zero before its intake).
    occupancy: Vec<S>,
    /// Per month of the horizon, what each actor bears of the intervention's own payments
    /// (per participant and fixed; positive: a cost).
    pub payments: Vec<Vec<S>>,
}

impl<S: Scalar> Paths<S> {
    /// The people of batch `batch` per model state at the start of `month`, if that month was
    /// looked at.
    pub fn at(&self, batch: usize, month: usize) -> Option<&[S]> {
        let position = self.months.binary_search(&month).ok()?;
        let start = (batch * self.months.len() + position) * self.states;
        Some(&self.occupancy[start..start + self.states])
    }

    /// The batches taken in by the start of `month`.
    pub fn taken_by(&self, month: usize) -> impl Iterator<Item = usize> + '_ {
        self.batches.iter().enumerate().filter(move |(_, b)| b.intake <= month).map(|(i, _)| i)
    }
}

/// Projects `strategy` and records the paths of intervention `intervention`'s batches at
/// `months` (ascending, at most the number of cycles); the chain must have monthly cycles.
pub fn paths<S: Value>(
    scenario: &Scenario,
    strategy: &Strategy,
    intervention: usize,
    months: &[usize],
) -> Result<Paths<S>, EvaluateError> {
    let mut compiled = compile::<S>(scenario, strategy);
    compiled.chain.cycles_per_period = 1;
    let tracks: Vec<usize> =
        (0..compiled.layout.tracks.len()).filter(|t| compiled.layout.tracks[*t].intervention == intervention).collect();
    let states = strategy.model.states.len();
    let (probes, keys) = probes(&compiled, &tracks, months);
    compiled.chain.probes = probes;
    let projection = project_compiled(strategy, &compiled)?;
    let overflow = || EvaluateError::Overflow {
        strategy: strategy.id.clone(),
        year: scenario.horizon_years as usize,
        during: "the participants' paths".into(),
    };
    let mut occupancy = vec![S::ZERO; tracks.len() * months.len() * states];
    for ((batch, position, state), value) in keys.into_iter().zip(&projection.probes) {
        let at = &mut occupancy[(batch * months.len() + position) * states + state];
        *at = at.add(*value).ok_or_else(overflow)?;
    }
    let mut taken_in = vec![S::ZERO; compiled.layout.tracks.len()];
    for (kind, moved) in compiled.shift_kinds.iter().zip(&projection.moved) {
        if let ShiftKind::Intake { track } = kind {
            taken_in[*track] = taken_in[*track].add(*moved).ok_or_else(overflow)?;
        }
    }
    let batches = tracks
        .iter()
        .map(|&t| Batch { intake: compiled.layout.tracks[t].intake_cycle, taken_in: taken_in[t] })
        .collect();
    let payments = payments(&compiled, &projection, strategy, intervention).ok_or_else(overflow)?;
    Ok(Paths { states, months: months.to_vec(), batches, occupancy, payments })
}

type Key = (usize, usize, usize);

/// One probe per batch, month and record state; the key says which batch (an index into
/// `tracks`), which month (an index into `months`) and which model state it counts.
fn probes<S>(compiled: &Compiled<S>, tracks: &[usize], months: &[usize]) -> (Vec<Probe>, Vec<Key>) {
    let mut found = Vec::new();
    for (batch, &t) in tracks.iter().enumerate() {
        let track = &compiled.layout.tracks[t];
        for (position, &month) in months.iter().enumerate().filter(|(_, m)| **m >= track.intake_cycle) {
            for (state, copy) in track.record_states() {
                found.push((Probe { cycle: month, states: vec![copy] }, (batch, position, state)));
            }
        }
    }
    found.sort_by_key(|(probe, _)| probe.cycle);
    found.into_iter().unzip()
}

/// What each actor bears of the intervention's payments in every month.
fn payments<S: Value>(
    compiled: &Compiled<S>,
    projection: &crate::project::Projection<S>,
    strategy: &Strategy,
    intervention: usize,
) -> Option<Vec<Vec<S>>> {
    let actors = strategy.model.actors.len();
    let held: Vec<_> = compiled
        .streams
        .money
        .iter()
        .enumerate()
        .filter(|(_, m)| m.source == MoneySource::Intervention(intervention))
        .collect();
    let mut out = vec![vec![S::ZERO; actors]; projection.periods()];
    for (month, row) in out.iter_mut().enumerate() {
        for (stream, money) in &held {
            for (actor, share) in money.booking.shares() {
                row[actor] = row[actor].add(projection.total(month, *stream).mul(S::from_decimal(share))?)?;
            }
        }
    }
    let months_per_year = 12 / strategy.model.months_per_cycle.max(1) as usize;
    for cost in &strategy.interventions[intervention].fixed_costs {
        for (year, amount) in &cost.by_year {
            let Some(row) = out.get_mut(year * months_per_year) else { continue };
            for (actor, share) in cost.booking.shares() {
                row[actor] = row[actor].add(S::from_decimal(amount.checked_mul(share)?))?;
            }
        }
    }
    Some(out)
}
