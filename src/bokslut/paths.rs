//! The participants' paths as the model sees them: for every intake batch of one intervention,
//! the batch's people in every model state at the start of chosen months, and the
//! intervention's own payments per month and actor.

use crate::appraise::participants::taken_in;
use crate::appraise::{book, fixed_cost};
use crate::compile::{Compiled, MoneySource, compile};
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

    /// The people of batch `batch`, or of every batch taken in by then, per model state at the
    /// start of `month`; `None` on overflow or when the month was not looked at.
    pub fn people(&self, month: usize, batch: Option<usize>) -> Option<Vec<S>> {
        let batches: Vec<usize> = match batch {
            Some(b) => vec![b],
            None => self.taken_by(month).collect(),
        };
        let mut sum = vec![S::ZERO; self.states];
        for b in batches {
            for (total, value) in sum.iter_mut().zip(self.at(b, month)?) {
                *total = total.add(*value)?;
            }
        }
        Some(sum)
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
    let taken_in = taken_in(&compiled.shift_kinds, &projection.moved, compiled.layout.tracks.len());
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

/// What each actor bears of the intervention's payments in every month: its streams, and its
/// fixed costs in the first month of their year.
fn payments<S: Value>(
    compiled: &Compiled<S>,
    projection: &crate::project::Projection<S>,
    strategy: &Strategy,
    intervention: usize,
) -> Option<Vec<Vec<S>>> {
    let source = Some(MoneySource::Intervention(intervention));
    let books: Vec<Vec<(usize, S)>> =
        (0..strategy.model.actors.len()).map(|a| book(&compiled.streams, source, a)).collect();
    let fixed = &strategy.interventions[intervention].fixed_costs;
    let months_per_year = 12 / strategy.model.months_per_cycle.max(1) as usize;
    (0..projection.periods())
        .map(|month| {
            let first_of_year = month % months_per_year == 0;
            books
                .iter()
                .enumerate()
                .map(|(actor, book)| {
                    let streamed = book.iter().try_fold(S::ZERO, |acc, &(stream, share)| {
                        acc.add(projection.total(month, stream).mul(share)?)
                    })?;
                    if !first_of_year {
                        return Some(streamed);
                    }
                    streamed.add(fixed_cost(fixed, month / months_per_year, actor)?)
                })
                .collect()
        })
        .collect()
}
