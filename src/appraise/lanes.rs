//! The appraisal of a batch of draws at once: the same yearly costs, discounting and
//! perspectives as every comparison, computed lane by lane over [`BATCH`] draws, then read
//! draw by draw where a draw's figures are compared (return per krona, payback year).

use super::{Factors, OutcomeResult, Projected, SummaryWithOutcomes, Totals, outcomes};
use crate::domain::Model;
use crate::project::{BATCH, Batch};

/// What a thread reuses from batch to batch.
#[derive(Default)]
pub struct LaneScratch {
    totals: Totals<Batch>,
}

/// The summary of every perspective and the outcomes of each of the [`BATCH`] draws of `alt`
/// against `base`, with the scenario's discount factors `factors` worked out once; per draw,
/// `None` where a figure could not be computed.
pub fn summarize_lanes(
    model: &Model,
    factors: &Factors<Batch>,
    (base, alt): (&Projected<Batch>, &Projected<Batch>),
    scratch: &mut LaneScratch,
) -> [Option<SummaryWithOutcomes<f64>>; BATCH] {
    let totals = &mut scratch.totals;
    match totals.run(model, factors, (base, alt), None).and_then(|()| outcomes(model, factors, base, alt)) {
        Some(outcomes) => std::array::from_fn(|lane| draw(totals, &outcomes, lane)),
        None => std::array::from_fn(|_| None),
    }
}

/// The summaries and outcomes of draw `lane`, from the totals of its batch.
fn draw(totals: &Totals<Batch>, outcomes: &[OutcomeResult<Batch>], lane: usize) -> Option<SummaryWithOutcomes<f64>> {
    let summaries = totals.summaries(|v: &Batch| v[lane])?;
    let outcomes =
        outcomes.iter().map(|o| OutcomeResult { base: o.base[lane], alt: o.alt[lane], difference: o.difference[lane] });
    Some((summaries, outcomes.collect()))
}
