//! The appraisal of a batch of draws at once, reduced to what a probabilistic analysis reads:
//! per perspective the discounted costs, the investment and the payback year of each draw, and
//! the outcomes.
//!
//! What a perspective bears of a strategy's streams is a fixed linear sum: each stream times
//! the share its actors bear of it (a transfer's payer and receiver cancel in society's), plus
//! the fixed costs of each year. That sum is worked out once per alternative ([`Plan`]) in
//! exact decimals, so a batch only multiplies the projected stream totals by it, year by year,
//! lane by lane; the yearly cost per actor, the lines and the people per group that a report
//! shows are never built. The figures are those of [`super::compare`] up to the order of
//! floating-point sums (`tests/batch.rs` holds the two together).

use super::{Factors, OutcomeResult, Payback, Perspective, fixed_cost, sum_over};
use crate::compile::{MoneySource, Streams};
use crate::domain::{FixedCost, Model, Strategy};
use crate::project::{BATCH, Batch, Projection, Scalar};
use rust_decimal::Decimal;

/// What one perspective bears of one strategy.
#[derive(Debug, Clone, PartialEq)]
struct Side {
    /// Every money stream it is a party to, with the perspective's share of it.
    costs: Vec<(usize, f64)>,
    /// The same for the streams of the strategy's interventions (its investment).
    investment: Vec<(usize, f64)>,
    /// The fixed costs of each projection year (all of them investment).
    fixed: Vec<f64>,
}

impl Side {
    /// The side of `perspective` in `strategy`, whose streams are `streams`, over `years`;
    /// `None` when a sum overflows.
    fn new(
        model: &Model,
        perspective: Perspective,
        (streams, strategy): (&Streams, &Strategy),
        years: usize,
    ) -> Option<Self> {
        let over_actors = |value: &dyn Fn(usize) -> Option<Decimal>| sum_over(model, &perspective, value);
        let mut costs = Vec::new();
        let mut investment = Vec::new();
        for (stream, money) in streams.money.iter().enumerate() {
            let share = f64::from_decimal(over_actors(&|a| Some(money.booking.share_of(a).unwrap_or_default()))?);
            if share != 0.0 {
                costs.push((stream, share));
                if matches!(money.source, MoneySource::Intervention(_)) {
                    investment.push((stream, share));
                }
            }
        }
        let lists: Vec<&[FixedCost]> =
            strategy.interventions.iter().map(|i| &i.fixed_costs[..]).chain([&strategy.fixed_costs[..]]).collect();
        let fixed = (0..years)
            .map(|year| {
                let amount = over_actors(&|a| {
                    lists.iter().try_fold(Decimal::ZERO, |sum, costs| sum.checked_add(fixed_cost(costs, year, a)?))
                });
                amount.map(f64::from_decimal)
            })
            .collect::<Option<_>>()?;
        Some(Side { costs, investment, fixed })
    }

    /// `(cost, investment)` of `year` in `projection`.
    #[inline]
    fn year(&self, projection: &Projection<Batch>, year: usize) -> (Batch, Batch) {
        let row = &projection.totals[year * projection.streams..(year + 1) * projection.streams];
        let fixed = self.fixed[year];
        let (mut costs, mut investment) = ([fixed; BATCH], [fixed; BATCH]);
        for (into, streams) in [(&mut costs, &self.costs), (&mut investment, &self.investment)] {
            for &(stream, share) in streams {
                let total = &row[stream];
                for l in 0..BATCH {
                    into[l] += total[l] * share;
                }
            }
        }
        (costs, investment)
    }
}

/// The appraisal of one alternative against the baseline, worked out once for many batches.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The baseline's side, then the alternative's, of every perspective that bears a
    /// different sum (one actor's budget is often the public sector's, or society's).
    sides: Vec<[Side; 2]>,
    /// Per perspective (in the order of [`Perspective::all`]), its sides in `sides`.
    perspectives: Vec<usize>,
    /// The cost discount factor of every year.
    factors: Vec<f64>,
    /// Per outcome measure: its stream in the baseline, in the alternative, and its discount
    /// factor of every year.
    outcomes: Vec<(usize, usize, Vec<f64>)>,
}

impl Plan {
    /// The plan of the alternative `alt` against the baseline `base`, each with its streams;
    /// `None` when a perspective's share or fixed costs overflow.
    pub fn new(
        model: &Model,
        factors: &Factors<f64>,
        base: (&Streams, &Strategy),
        alt: (&Streams, &Strategy),
    ) -> Option<Self> {
        let years = factors.costs.len();
        let mut sides: Vec<[Side; 2]> = Vec::new();
        let mut perspectives = Vec::new();
        for p in Perspective::all(model) {
            let pair = [Side::new(model, p, base, years)?, Side::new(model, p, alt, years)?];
            perspectives.push(sides.iter().position(|s| *s == pair).unwrap_or_else(|| {
                sides.push(pair);
                sides.len() - 1
            }));
        }
        let outcomes = (0..model.outcomes.len())
            .map(|o| (base.0.outcome(o), alt.0.outcome(o), factors.outcomes[o].clone()))
            .collect();
        Some(Plan { sides, perspectives, factors: factors.costs.clone(), outcomes })
    }

    /// Appraises the projections `base` and `alt` of a batch into `into`.
    pub fn run(&self, (base, alt): (&Projection<Batch>, &Projection<Batch>), into: &mut Appraisal) {
        into.sides.clear();
        into.sides.extend(self.sides.iter().map(|[b, a]| self.perspective([b, a], (base, alt))));
        into.perspectives.clear();
        into.perspectives.extend(self.perspectives.iter().map(|&s| into.sides[s]));
        into.outcomes.clear();
        into.outcomes.extend(self.outcomes.iter().map(|(b, a, factors)| {
            let [base, alt] = [(base, *b), (alt, *a)].map(|(p, stream)| discounted(p, stream, factors));
            OutcomeResult { base, alt, difference: std::array::from_fn(|l| alt[l] - base[l]) }
        }));
    }

    /// One perspective's totals over the years.
    fn perspective(
        &self,
        [base_side, alt_side]: [&Side; 2],
        (base, alt): (&Projection<Batch>, &Projection<Batch>),
    ) -> Lanes {
        let mut lanes = Lanes::default();
        let mut cumulative = [0.0; BATCH];
        let mut last_below = [None; BATCH];
        for (year, &factor) in self.factors.iter().enumerate() {
            let (cost_base, _) = base_side.year(base, year);
            let (cost_alt, investment) = alt_side.year(alt, year);
            for l in 0..BATCH {
                lanes.cost_base[l] += cost_base[l] * factor;
                lanes.cost_alt[l] += cost_alt[l] * factor;
                lanes.investment[l] += investment[l] * factor;
                cumulative[l] += (cost_base[l] - cost_alt[l]) * factor;
                if cumulative[l] < 0.0 || cumulative[l].is_nan() {
                    last_below[l] = Some(year);
                }
            }
        }
        let years = self.factors.len();
        lanes.payback = std::array::from_fn(|l| {
            if lanes.investment[l] > 0.0 {
                Payback::after_shortfall(last_below[l], years)
            } else {
                Payback::NoInvestment
            }
        });
        lanes
    }
}

/// `stream`'s total in `projection`, discounted by `factors` year by year.
fn discounted(projection: &Projection<Batch>, stream: usize, factors: &[f64]) -> Batch {
    let mut sum = [0.0; BATCH];
    for (year, &factor) in factors.iter().enumerate() {
        let total = projection.total(year, stream);
        for l in 0..BATCH {
            sum[l] += total[l] * factor;
        }
    }
    sum
}

/// One perspective's figures for each draw of a batch.
#[derive(Debug, Clone, Copy)]
pub struct Lanes {
    /// Discounted cost, baseline.
    pub cost_base: Batch,
    /// Discounted cost, alternative (including the intervention).
    pub cost_alt: Batch,
    /// Discounted cost of the intervention.
    pub investment: Batch,
    /// When the investment is paid back, discounted.
    pub payback: [Payback; BATCH],
}

impl Default for Lanes {
    fn default() -> Self {
        Lanes {
            cost_base: Batch::ZERO,
            cost_alt: Batch::ZERO,
            investment: Batch::ZERO,
            payback: [Payback::NoInvestment; BATCH],
        }
    }
}

impl Lanes {
    /// The discounted net benefit of draw `lane` (positive: the alternative saves money).
    pub fn net_benefit(&self, lane: usize) -> f64 {
        self.cost_base[lane] - self.cost_alt[lane]
    }

    /// The return per invested krona of draw `lane`, when the perspective invests.
    pub fn return_per_krona(&self, lane: usize) -> Option<f64> {
        let investment = self.investment[lane];
        (investment > 0.0).then(|| (self.net_benefit(lane) + investment) / investment)
    }
}

/// A batch's appraisal of one alternative: per perspective and per outcome measure. Kept from
/// batch to batch.
#[derive(Debug, Clone, Default)]
pub struct Appraisal {
    /// Per perspective, in the order of [`Perspective::all`].
    pub perspectives: Vec<Lanes>,
    /// Per outcome measure of the model.
    pub outcomes: Vec<OutcomeResult<Batch>>,
    /// Per distinct sum of the plan.
    sides: Vec<Lanes>,
}
