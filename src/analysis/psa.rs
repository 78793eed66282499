//! The probabilistic sensitivity analysis: every uncertain parameter drawn from its
//! distribution (joint distributions together), the scenario run once per draw in `f64`, and
//! the spread of the results summarised per alternative and perspective.
//!
//! Draw `i` takes its numbers from its own random stream, derived only from the seed and `i`
//! ([`crate::distribution::stream`]), and the draws are collected in their order, so the
//! result is the same whatever the number of threads.

use super::batch::Batches;
use super::{RunProblem, run_fast};
use crate::appraise::{MANDATE_YEARS, OutcomeResult, Payback, Summary};
use crate::distribution::stream;
use crate::domain::{Joint, Scenario};
use crate::load::Loaded;
use crate::project::BATCH;
use crate::search::decimal;
use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The most draws one analysis may run.
pub const MAX_DRAWS: usize = 1_000_000;

/// What one draw gave for one alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawResult {
    /// Net benefit per perspective (in the order of the model's perspectives).
    pub net_benefit: Vec<f64>,
    /// Return per invested krona per perspective, where it invests.
    pub return_per_krona: Vec<Option<f64>>,
    /// Payback per perspective.
    pub payback: Vec<Payback>,
    /// What the alternative costs more than the baseline, per perspective (discounted).
    pub extra_cost: Vec<f64>,
    /// The gain in each outcome measure (discounted).
    pub outcome_gain: Vec<f64>,
}

/// One draw: the values drawn and what they gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Draw {
    /// The value of each sampled parameter (in the order of [`Psa::sampled`]).
    pub values: Vec<f64>,
    /// Per alternative, or why this draw gave no result.
    pub results: Result<Vec<DrawResult>, RunProblem>,
}

/// Mean, median and 90 % interval of a quantity over the draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Spread {
    /// The spread of `values` (`None` when empty).
    pub fn of(values: &mut [f64]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        // Unstable: values equal under `total_cmp` are the same bits, so the order is the same.
        values.sort_unstable_by(f64::total_cmp);
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        Some(Spread { mean, median: quantile(values, 0.5), p5: quantile(values, 0.05), p95: quantile(values, 0.95) })
    }
}

/// The `p`-quantile of sorted `values` (linear interpolation between order statistics).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let position = p * (sorted.len() - 1) as f64;
    let (below, fraction) = (position.floor() as usize, position.fract());
    let above = (below + 1).min(sorted.len() - 1);
    sorted[below] + fraction * (sorted[above] - sorted[below])
}

/// The summary of one perspective of one alternative over the valid draws.
#[derive(Debug, Clone, PartialEq)]
pub struct PerspectiveSummary {
    /// Net benefit.
    pub net_benefit: Spread,
    /// The probability that the net benefit is positive.
    pub probability_positive: f64,
    /// Return per krona, over the draws in which the perspective invests.
    pub return_per_krona: Option<Spread>,
    /// The probability of payback within the mandate period (years 1–4).
    pub probability_payback_mandate: f64,
    /// The probability of payback within the horizon.
    pub probability_payback_horizon: f64,
    /// The mean payback year over the draws that pay back.
    pub mean_payback_year: Option<f64>,
}

/// Cost-effectiveness of one alternative against the baseline, for one outcome measure.
#[derive(Debug, Clone, PartialEq)]
pub struct CostEffectiveness {
    /// The outcome measure (index into the model's outcomes).
    pub outcome: usize,
    /// The mean extra cost of the chosen perspective.
    pub mean_cost: f64,
    /// The mean gain in the outcome.
    pub mean_effect: f64,
    /// The mean extra cost per unit of mean gain, when there is a gain.
    pub cost_per_unit: Option<f64>,
    /// The acceptability curve: per willingness to pay, the probability that the alternative
    /// is worth it (`wtp × gain − extra cost > 0`).
    pub acceptability: Vec<(Decimal, f64)>,
}

/// The summary of one alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct AlternativeSummary {
    /// Per perspective.
    pub perspectives: Vec<PerspectiveSummary>,
    /// Cost-effectiveness, when the scenario names an outcome measure for it.
    pub cost_effectiveness: Option<CostEffectiveness>,
}

/// The probabilistic analysis of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Psa {
    /// The seed.
    pub seed: u64,
    /// The perspective the headline is in (index into the model's perspectives).
    pub perspective: usize,
    /// The parameters drawn (indices into the scenario's parameters), in the order of a draw's
    /// values.
    pub sampled: Vec<usize>,
    /// Every draw, in order.
    pub draws: Vec<Draw>,
    /// Per alternative, over the valid draws (`None` when no draw was valid).
    pub alternatives: Vec<Option<AlternativeSummary>>,
}

impl Psa {
    /// The number of draws that gave no result.
    pub fn invalid(&self) -> usize {
        self.draws.iter().filter(|d| d.results.is_err()).count()
    }
}

/// The parameters a draw samples: those with their own distribution, then each joint
/// distribution's, in the order declared.
pub fn sampled(scenario: &Scenario) -> Vec<usize> {
    let uncertainty = &scenario.uncertainty;
    let own = uncertainty.parameters.iter().enumerate().filter(|(_, p)| p.distribution.is_some()).map(|(i, _)| i);
    own.chain(uncertainty.joints.iter().flat_map(|j| j.parameters().iter().copied())).collect()
}

/// The values of draw `index`.
pub fn draw_values(scenario: &Scenario, seed: u64, index: u64) -> Vec<f64> {
    let mut rng = stream(seed, index);
    let uncertainty = &scenario.uncertainty;
    let mut values: Vec<f64> =
        uncertainty.parameters.iter().filter_map(|p| p.distribution.as_ref()).map(|d| d.sample(&mut rng)).collect();
    for joint in &uncertainty.joints {
        let mut out = vec![0.0; joint.parameters().len()];
        match joint {
            Joint::MultiNormal { distribution, .. } => distribution.sample_into(&mut rng, &mut out),
            Joint::Dirichlet { distribution, .. } => distribution.sample_into(&mut rng, &mut out),
        }
        values.extend(out);
    }
    values
}

/// Runs `draws` draws from `seed`; `tick` is called after each (for a progress bar).
///
/// When `scenario` was validated for batches of draws ([`crate::validate::Changes::FOR_DRAWS`])
/// the draws run a batch at a time ([`Batches`]); a draw the batch leaves, and every draw of a
/// scenario validated otherwise, is validated and run on its own.
pub fn psa(
    loaded: &Loaded,
    scenario: &Scenario,
    (draws, seed): (usize, u64),
    perspective: usize,
    tick: &(dyn Fn() + Sync),
) -> Psa {
    let sampled = sampled(scenario);
    let ids: Vec<String> = sampled.iter().map(|&p| scenario.uncertainty.parameters[p].id.clone()).collect();
    let alone = |values: Vec<f64>| -> Draw {
        let set: Vec<(String, Decimal)> = ids.iter().cloned().zip(values.iter().map(|v| decimal(*v))).collect();
        let results =
            run_fast(loaded, &set).map(|c| c.iter().map(|c| draw_result(&c.summaries, &c.outcomes)).collect());
        Draw { values, results }
    };
    let indices: Vec<u64> = (0..draws.min(MAX_DRAWS) as u64).collect();
    let all: Vec<Draw> = match Batches::new(scenario, &sampled) {
        Some(batches) => indices
            .par_chunks(BATCH)
            .map_init(
                || batches.scratch(),
                |scratch, chunk| {
                    let values: Vec<Vec<f64>> = chunk.iter().map(|&i| draw_values(scenario, seed, i)).collect();
                    let results = batches.run(&values, scratch);
                    let draws: Vec<Draw> = values
                        .into_iter()
                        .zip(results)
                        .map(|(values, result)| match result {
                            Some(results) => Draw { values, results: Ok(results) },
                            None => alone(values),
                        })
                        .collect();
                    draws.iter().for_each(|_| tick());
                    draws
                },
            )
            .flatten_iter()
            .collect(),
        None => indices
            .into_par_iter()
            .map(|index| {
                let draw = alone(draw_values(scenario, seed, index));
                tick();
                draw
            })
            .collect(),
    };
    let alternatives =
        (0..scenario.alternatives.len()).into_par_iter().map(|a| summary(scenario, &all, a, perspective)).collect();
    Psa { seed, perspective, sampled, draws: all, alternatives }
}

/// What one draw's comparison gave.
pub fn draw_result(summaries: &[Summary<f64>], outcomes: &[OutcomeResult<f64>]) -> DrawResult {
    DrawResult {
        net_benefit: summaries.iter().map(|s| s.net_benefit).collect(),
        return_per_krona: summaries.iter().map(|s| s.return_per_krona).collect(),
        payback: summaries.iter().map(|s| s.payback).collect(),
        extra_cost: summaries.iter().map(|s| s.cost_alt - s.cost_base).collect(),
        outcome_gain: outcomes.iter().map(|o| o.difference).collect(),
    }
}

fn summary(scenario: &Scenario, draws: &[Draw], alternative: usize, perspective: usize) -> Option<AlternativeSummary> {
    let valid: Vec<&DrawResult> =
        draws.iter().filter_map(|d| d.results.as_ref().ok()).map(|r| &r[alternative]).collect();
    if valid.is_empty() {
        return None;
    }
    let count = valid.len() as f64;
    let share = |f: &dyn Fn(&DrawResult) -> bool| valid.iter().filter(|r| f(r)).count() as f64 / count;
    let perspectives = (0..valid[0].net_benefit.len())
        .into_par_iter()
        .map(|p| {
            let mut net: Vec<f64> = valid.iter().map(|r| r.net_benefit[p]).collect();
            let mut returns: Vec<f64> = valid.iter().filter_map(|r| r.return_per_krona[p]).collect();
            let years: Vec<f64> = valid
                .iter()
                .filter_map(|r| match r.payback[p] {
                    Payback::Year(y) => Some(y as f64),
                    _ => None,
                })
                .collect();
            PerspectiveSummary {
                net_benefit: Spread::of(&mut net).unwrap_or(Spread { mean: 0.0, median: 0.0, p5: 0.0, p95: 0.0 }),
                probability_positive: share(&|r| r.net_benefit[p] > 0.0),
                return_per_krona: Spread::of(&mut returns),
                probability_payback_mandate: share(&|r| matches!(r.payback[p], Payback::Year(y) if y <= MANDATE_YEARS)),
                probability_payback_horizon: share(&|r| matches!(r.payback[p], Payback::Year(_))),
                mean_payback_year: (!years.is_empty()).then(|| years.iter().sum::<f64>() / years.len() as f64),
            }
        })
        .collect();
    let cost_effectiveness = scenario.uncertainty.analysis.outcome.map(|outcome| {
        let lower = scenario.model().outcomes[outcome].better == crate::domain::Better::Lower;
        let gain = |r: &DrawResult| {
            let difference = r.outcome_gain.get(outcome).copied().unwrap_or_default();
            if lower { -difference } else { difference }
        };
        let acceptability = scenario
            .uncertainty
            .analysis
            .willingness_to_pay
            .iter()
            .map(|wtp| {
                let w = wtp.to_f64().unwrap_or_default();
                (*wtp, share(&|r| w * gain(r) - r.extra_cost[perspective] > 0.0))
            })
            .collect();
        let mean_cost = valid.iter().map(|r| r.extra_cost[perspective]).sum::<f64>() / count;
        let mean_effect = valid.iter().map(|r| gain(r)).sum::<f64>() / count;
        let cost_per_unit = (mean_effect != 0.0).then(|| mean_cost / mean_effect);
        CostEffectiveness { outcome, mean_cost, mean_effect, cost_per_unit, acceptability }
    });
    Some(AlternativeSummary { perspectives, cost_effectiveness })
}
