//! The appraisal of a batch of draws at once: the same yearly costs, discounting and
//! perspectives as every comparison, computed lane by lane over [`BATCH`] draws, then read
//! draw by draw where a draw's figures are compared (return per krona, payback year).

use super::{
    ActorCosts, Factors, OutcomeResult, Perspective, Projected, Running, SummaryWithOutcomes, Sums, outcomes,
    perspective_costs,
};
use crate::domain::Model;
use crate::project::{BATCH, Batch};

/// What a thread reuses from batch to batch.
#[derive(Default)]
pub struct LaneScratch {
    costs: Option<ActorCosts<Batch>>,
    /// The cumulative net benefit, `years × perspectives`, year-major.
    cumulative: Vec<Running<Batch>>,
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
    match totals(model, factors, (base, alt), scratch) {
        Some((sums, outcomes)) => std::array::from_fn(|lane| draw(&sums, &outcomes, &scratch.cumulative, lane)),
        None => std::array::from_fn(|_| None),
    }
}

/// Per perspective the totals of a batch, and its outcomes compared.
type Totals = (Vec<Sums<Batch>>, Vec<OutcomeResult<Batch>>);

/// Per perspective, the totals over the years of every draw, and every outcome compared; the
/// cumulative net benefit of every year is left in `scratch`. `None` on overflow.
fn totals(
    model: &Model,
    factors: &Factors<Batch>,
    (base, alt): (&Projected<Batch>, &Projected<Batch>),
    scratch: &mut LaneScratch,
) -> Option<Totals> {
    let perspectives = Perspective::all(model);
    let count = perspectives.len();
    let mut sums = vec![Sums::<Batch>::default(); count];
    let mut running = vec![Running::<Batch>::default(); count];
    let costs = scratch.costs.get_or_insert_with(|| ActorCosts { base: vec![], alt: vec![], investment: vec![] });
    scratch.cumulative.clear();
    for (year, &factor) in factors.costs.iter().enumerate() {
        costs.fill(model, base, alt, year)?;
        for ((perspective, sums), running) in perspectives.iter().zip(&mut sums).zip(&mut running) {
            sums.add(perspective_costs(model, perspective, [&costs.base, &costs.alt, &costs.investment])?, factor)?;
            running.add(costs.net(model, perspective)?, factor)?;
        }
        scratch.cumulative.extend_from_slice(&running);
    }
    Some((sums, outcomes(model, factors, base, alt)?))
}

/// The summaries and outcomes of draw `lane`, from the totals of its batch.
fn draw(
    sums: &[Sums<Batch>],
    outcomes: &[OutcomeResult<Batch>],
    cumulative: &[Running<Batch>],
    lane: usize,
) -> Option<SummaryWithOutcomes<f64>> {
    let count = sums.len();
    let years = cumulative.len() / count.max(1);
    let summaries = (0..count)
        .map(|p| {
            let at = move |y: usize| cumulative[y * count + p];
            let discounted = (0..years).map(move |y| at(y).discounted[lane]);
            let undiscounted = (0..years).map(move |y| at(y).undiscounted[lane]);
            sums[p].lane(lane).summary(discounted, undiscounted)
        })
        .collect::<Option<Vec<_>>>()?;
    let outcomes =
        outcomes.iter().map(|o| OutcomeResult { base: o.base[lane], alt: o.alt[lane], difference: o.difference[lane] });
    Some((summaries, outcomes.collect()))
}

impl Sums<Batch> {
    /// The totals of draw `lane`.
    fn lane(&self, lane: usize) -> Sums<f64> {
        Sums {
            cost_base: self.cost_base[lane],
            cost_alt: self.cost_alt[lane],
            investment: self.investment[lane],
            investment_undiscounted: self.investment_undiscounted[lane],
        }
    }
}
