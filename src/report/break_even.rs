//! Break-even: for each intervention and perspective, how large its effect must be for the net
//! benefit to be zero, and how much it may cost per participant and still break even.
//!
//! The effect is scaled as a whole: with scale `k` every effect multiplier `m` of the
//! intervention becomes `1 + k·(m − 1)` (`k = 0` is no effect, `k = 1` the effect assumed), so
//! an intervention with one effect breaks even at the multiplier `1 + k*·(m − 1)`. The root is
//! found in `f64` (regula falsi, Illinois variant) and the net benefit at it confirmed in exact
//! decimals. The cost break-even is closed form: the net benefit is linear in a uniform scale of
//! the intervention's own payments.

use super::{SummaryRow, in_order};
use crate::appraise::participants::Participants;
use crate::appraise::{Comparison, LineKey, summarize_only};
use crate::domain::{Label, Scenario, Strategy};
use crate::evaluate::{EvaluateError, Run, projected, run_strategy};
use crate::search::{crosses, decimal, highest_where, illinois, six_digits};
use rayon::prelude::*;
use rust_decimal::Decimal;

/// The largest effect scale searched: twenty times the effect assumed.
pub const MAX_SCALE: f64 = 20.0;

/// How large the effect must be for one perspective to break even.
#[derive(Debug, Clone, PartialEq)]
pub enum EffectBreakEven {
    /// The net benefit is zero at this scale of the assumed effect.
    At {
        /// The scale (1 = the effect assumed), to 6 significant digits.
        scale: Decimal,
        /// Each effect's multiplier at that scale, in the order of the intervention's effects.
        multipliers: Vec<Decimal>,
        /// The net benefit at that scale, in exact decimals (near zero: the confirmation).
        net_benefit: Decimal,
    },
    /// The net benefit does not change sign for any scale from 0 (no effect) to `high`.
    NoneInRange {
        /// The largest scale searched: [`MAX_SCALE`] or less where a row would pass one.
        high: Decimal,
    },
    /// The intervention has no effect to scale.
    NoEffect,
    /// The perspective invests nothing, so there is nothing to break even on (without the
    /// effect its net benefit is zero).
    NoInvestment,
}

/// How much the intervention may cost per participant for one perspective to break even.
#[derive(Debug, Clone, PartialEq)]
pub enum CostBreakEven {
    /// The largest cost per participant to this perspective (undiscounted kronor) that still
    /// breaks even, with the other figures unchanged.
    UpTo(Decimal),
    /// It does not break even even at no cost.
    NotEvenFree,
    /// The perspective bears none of the intervention's cost.
    NoCost,
}

/// The break-even figures of one perspective.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The effect needed.
    pub effect: EffectBreakEven,
    /// The cost allowed.
    pub cost: CostBreakEven,
    /// What the intervention costs this perspective per participant now (undiscounted).
    pub cost_per_participant: Option<Decimal>,
}

/// The break-even figures of one intervention.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakEven {
    /// The intervention's id.
    pub intervention: String,
    /// Its label.
    pub label: Label,
    /// Its effects' multipliers as assumed.
    pub multipliers: Vec<Decimal>,
    /// Per perspective, in the order of [`super::Report::perspectives`].
    pub points: Vec<Point>,
}

fn overflow(strategy: &Strategy, what: &str, horizon: u32) -> EvaluateError {
    EvaluateError::Overflow { strategy: strategy.id.clone(), year: horizon as usize, during: what.into() }
}

/// The break-even figures of every intervention of an alternative, against the baseline
/// projected once in each scalar (`bases`).
pub fn search(
    scenario: &Scenario,
    bases: &Bases,
    comparison: &Comparison<Decimal>,
    summary: &[SummaryRow],
    participants: &[Participants<Decimal>],
) -> Result<Vec<BreakEven>, EvaluateError> {
    let strategy = &scenario.alternatives[comparison.alternative];
    strategy
        .interventions
        .iter()
        .enumerate()
        .map(|(index, intervention)| {
            let taken_in = participants.iter().find(|p| p.intervention == index).map_or(Decimal::ZERO, |p| p.taken_in);
            let line = comparison.lines.iter().find(|l| l.key == LineKey::Intervention(intervention.id.clone()));
            let search = Search { scenario, strategy, intervention: index, bases };
            let effects = search.effects(summary)?;
            let points = summary
                .iter()
                .enumerate()
                .zip(effects)
                .map(|((p, row), effect)| {
                    let (cost, per) = match line {
                        Some(line) => {
                            cost_break_even(row.net_benefit, -line.net[p], -line.net_undiscounted[p], taken_in)
                        }
                        None => (CostBreakEven::NoCost, None),
                    };
                    Point { effect, cost, cost_per_participant: per }
                })
                .collect();
            Ok(BreakEven {
                intervention: intervention.id.clone(),
                label: intervention.label.clone(),
                multipliers: intervention.effects.iter().map(|e| e.multiplier.value).collect(),
                points,
            })
        })
        .collect()
}

/// The cost break-even of one perspective: with the intervention's payments scaled by `s`, the
/// net benefit is `NB + I·(1 − s)` (`I` its discounted cost to the perspective), zero at
/// `s* = 1 + NB / I`; the cost per participant allowed is `s*` times today's.
pub fn cost_break_even(
    net_benefit: Decimal,
    investment: Decimal,
    investment_undiscounted: Decimal,
    taken_in: Decimal,
) -> (CostBreakEven, Option<Decimal>) {
    if investment <= Decimal::ZERO || taken_in <= Decimal::ZERO {
        return (CostBreakEven::NoCost, None);
    }
    let per = investment_undiscounted.checked_div(taken_in);
    let scale = net_benefit.checked_div(investment).and_then(|r| r.checked_add(Decimal::ONE));
    let allowed = match (scale, per) {
        (Some(s), _) if s < Decimal::ZERO => CostBreakEven::NotEvenFree,
        (Some(s), Some(p)) => s.checked_mul(p).map_or(CostBreakEven::NoCost, CostBreakEven::UpTo),
        _ => CostBreakEven::NoCost,
    };
    (allowed, per)
}

/// The baseline projected once in each scalar, shared by every search of a scenario.
pub struct Bases<'a> {
    fast: Run<f64>,
    exact: &'a Run<Decimal>,
}

impl<'a> Bases<'a> {
    /// Projects the scenario's baseline in `f64`, beside its `exact` run.
    pub fn new(scenario: &Scenario, exact: &'a Run<Decimal>) -> Result<Self, EvaluateError> {
        Ok(Bases { fast: run_strategy::<f64>(scenario, &scenario.baseline)?, exact })
    }
}

/// One intervention's effect break-even search.
struct Search<'a> {
    scenario: &'a Scenario,
    strategy: &'a Strategy,
    intervention: usize,
    bases: &'a Bases<'a>,
}

impl Search<'_> {
    /// The alternative with the intervention's effects scaled by `k`.
    fn scaled(&self, k: Decimal) -> Strategy {
        let mut changed = self.strategy.clone();
        for effect in &mut changed.interventions[self.intervention].effects {
            effect.multiplier = (Decimal::ONE + k * (effect.multiplier.value - Decimal::ONE)).into();
        }
        changed
    }

    /// Whether every row stays a probability distribution (and every multiplier ≥ 0) at `k`.
    fn feasible(&self, k: f64) -> bool {
        let changed = self.scaled(decimal(k));
        let intervention = &changed.interventions[self.intervention];
        intervention.effects.iter().all(|e| e.multiplier.value >= Decimal::ZERO)
            && (0..changed.model.states.len()).all(|from| intervention.row_past_one(&changed.model, from).is_none())
    }

    /// The largest feasible scale up to [`MAX_SCALE`].
    fn top(&self) -> f64 {
        if self.feasible(MAX_SCALE) {
            return MAX_SCALE;
        }
        highest_where(1.0, MAX_SCALE, |k| self.feasible(k))
    }

    /// Every perspective's net benefit at scale `k`, in scalar `S`.
    fn net_benefits<S: crate::domain::Value>(&self, k: Decimal, base: &Run<S>) -> Result<Vec<S>, EvaluateError> {
        let strategy = self.scaled(k);
        let (compiled, projection) = run_strategy::<S>(self.scenario, &strategy)?;
        let base_view = projected((&base.0, &base.1), &self.scenario.baseline);
        let view = projected((&compiled, &projection), &strategy);
        let summaries = summarize_only(self.scenario, &base_view, &view)
            .ok_or_else(|| overflow(self.strategy, "the break-even search", self.scenario.horizon_years))?;
        Ok(summaries.into_iter().map(|s| s.net_benefit).collect())
    }

    /// The effect break-even of every perspective, searched in parallel (an error is the first
    /// perspective's that has one).
    fn effects(&self, summary: &[SummaryRow]) -> Result<Vec<EffectBreakEven>, EvaluateError> {
        if self.strategy.interventions[self.intervention].effects.is_empty() {
            return Ok(vec![EffectBreakEven::NoEffect; summary.len()]);
        }
        let high = self.top();
        let fast = |k: f64| self.net_benefits::<f64>(decimal(k), &self.bases.fast);
        let ends = in_order([0.0, 1.0, high].into_par_iter().map(fast))?;
        let (at_zero, at_one, at_high) = (&ends[0], &ends[1], &ends[2]);
        let effect = |p: usize| {
            if summary[p].investment <= Decimal::ZERO {
                return Ok(EffectBreakEven::NoInvestment);
            }
            let bracket = if crosses(at_zero[p], at_one[p]) {
                Some(((0.0, at_zero[p]), (1.0, at_one[p])))
            } else if crosses(at_one[p], at_high[p]) {
                Some(((1.0, at_one[p]), (high, at_high[p])))
            } else {
                None
            };
            let Some(bracket) = bracket else {
                return Ok(EffectBreakEven::NoneInRange { high: round6(high) });
            };
            let root = illinois(bracket, |k| Ok(fast(k)?[p]))?;
            let scale = round6(root);
            let net_benefit = self.net_benefits::<Decimal>(scale, self.bases.exact)?[p];
            let multipliers = self.scaled(scale).interventions[self.intervention]
                .effects
                .iter()
                .map(|e| e.multiplier.value)
                .collect();
            Ok(EffectBreakEven::At { scale, multipliers, net_benefit })
        };
        in_order((0..summary.len()).into_par_iter().map(effect))
    }
}

/// A scale to the 6 significant digits it is reported with.
fn round6(k: f64) -> Decimal {
    six_digits(k).normalize()
}
