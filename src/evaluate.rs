//! The calculation end to end for one scalar type: compile every strategy, project it and
//! compare each alternative with the baseline.

use crate::appraise::participants::{Followed, Participants, participants};
use crate::appraise::{Comparison, Projected, compare};
use crate::compile::size::estimate;
use crate::compile::{Compiled, compile};
use crate::diagnostic::Location;
use crate::domain::{Scenario, Strategy, Value, year_of_cycle};
use crate::project::{KernelError, Projection, Scalar, project};
use rayon::prelude::*;

/// Why a valid scenario could not be calculated: the numbers ran out of range, or an
/// intake found fewer people than it needed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluateError {
    /// A number grew past what the decimal type can hold.
    #[error("the numbers grew too large for exact arithmetic in year {year} of `{strategy}` ({during})")]
    Overflow {
        /// The strategy projected.
        strategy: String,
        /// The projection year (1-based).
        year: usize,
        /// What was being computed.
        during: String,
    },
    /// The scenario asks for more states, memory or work than the documented limits allow.
    #[error("{what}")]
    TooLarge {
        /// What exceeds which limit, in words.
        what: String,
        /// What to reduce.
        reduce: String,
        /// The intervention that adds most, if any.
        location: Option<Location>,
    },
    /// A yearly intake found too few people in its target states.
    #[error(
        "intervention `{intervention}` needs {needed:.1} participants in year {year} but its target states hold only {available:.1} people then"
    )]
    Shortfall {
        /// The intervention.
        intervention: String,
        /// The projection year (1-based).
        year: usize,
        /// Participants asked for.
        needed: f64,
        /// People in the target states.
        available: f64,
        /// Where the intervention's size is written.
        location: Location,
    },
}

/// The most expanded states one strategy's chain may have.
pub const MAX_STATES: u64 = 100_000;
/// The most matrix entries one strategy may hold in memory (about 20 bytes each: 250 MB).
pub const MAX_STORED_ENTRIES: u64 = 12_000_000;
/// The most transitions a whole scenario may compute (expanded transitions × cycles, summed
/// over the baseline and every alternative): at most about 5 s in exact decimals.
pub const MAX_WORK: u64 = 50_000_000;

/// What to reduce when a strategy has too many states or matrix entries.
const REDUCE_BATCHES: &str = "fewer interventions or yearly intakes (`intake_years`), or an effect that does not last (`after`): each intake batch copies the states its participants can reach, twice when the effect lasts";

/// A strategy compiled and projected.
pub type Run<S> = (Compiled<S>, Projection<S>);

/// Every alternative compared with the baseline.
#[derive(Debug, Clone)]
pub struct Evaluation<S> {
    /// One comparison per alternative, in the scenario's order.
    pub comparisons: Vec<Comparison<S>>,
    /// How each alternative's participants fared, per intervention.
    pub participants: Vec<Vec<Participants<S>>>,
    /// The baseline as it was compiled and projected (what the break-even search compares
    /// with).
    pub baseline: Run<S>,
}

/// Runs the whole calculation in scalar `S`.
pub fn evaluate<S: Value>(scenario: &Scenario) -> Result<Evaluation<S>, EvaluateError> {
    evaluate_with(scenario, true)
}

/// Every alternative compared with the baseline, without the participant report (the many-run
/// analyses need only the comparisons).
pub fn compare_all<S: Value>(scenario: &Scenario) -> Result<Vec<Comparison<S>>, EvaluateError> {
    evaluate_with(scenario, false).map(|e| e.comparisons)
}

/// The strategies are projected in parallel (the baseline, each alternative, and each
/// alternative without its effects for the participant report); an error is the one the
/// strategies would give in that order.
fn evaluate_with<S: Value>(scenario: &Scenario, with_participants: bool) -> Result<Evaluation<S>, EvaluateError> {
    within_limits(scenario)?;
    let (base, alternatives) = rayon::join(
        || run_strategy::<S>(scenario, &scenario.baseline),
        || {
            let runs = scenario.alternatives.par_iter().map(|strategy| {
                let neutral = with_participants && !strategy.interventions.is_empty();
                rayon::join(
                    || run_strategy::<S>(scenario, strategy),
                    || neutral.then(|| run_strategy::<S>(scenario, &without_effects(strategy))),
                )
            });
            runs.collect::<Vec<_>>()
        },
    );
    let base = base?;
    let base_view = projected((&base.0, &base.1), &scenario.baseline);
    let mut comparisons = Vec::with_capacity(scenario.alternatives.len());
    let mut reports = Vec::with_capacity(scenario.alternatives.len());
    for (index, (strategy, (own, neutral))) in scenario.alternatives.iter().zip(alternatives).enumerate() {
        let (compiled, projection) = own?;
        if let Some(neutral) = neutral.transpose()? {
            reports.push(followed_participants(scenario, strategy, (&compiled, &projection), neutral)?);
        } else if with_participants {
            reports.push(Vec::new());
        }
        let view = projected((&compiled, &projection), strategy);
        let comparison = compare(scenario, index, &base_view, &view).ok_or_else(|| EvaluateError::Overflow {
            strategy: strategy.id.clone(),
            year: scenario.horizon_years as usize,
            during: "discounting and summing the cost streams".into(),
        })?;
        comparisons.push(comparison);
    }
    Ok(Evaluation { comparisons, participants: reports, baseline: base })
}

/// The strategy with every intervention's effects removed: the same intakes and the same people,
/// without what the intervention does for them.
pub fn without_effects(strategy: &Strategy) -> Strategy {
    let mut neutral = strategy.clone();
    for intervention in &mut neutral.interventions {
        intervention.effects.clear();
    }
    neutral
}

/// A compiled projection with what its shifts and probes mean.
pub fn followed<'a, S: Scalar>(compiled: &'a Compiled<S>, projection: &'a Projection<S>) -> Followed<'a, S> {
    let track_interventions = compiled.layout.tracks.iter().map(|t| t.intervention).collect();
    Followed::new(projection, &compiled.shift_kinds, &compiled.follow_up, track_interventions)
}

/// The participant report of an alternative (with interventions): its own projection against
/// the same strategy run without the effects (`neutral`).
fn followed_participants<S: Value>(
    scenario: &Scenario,
    strategy: &Strategy,
    (compiled, projection): (&Compiled<S>, &Projection<S>),
    (neutral_compiled, neutral_projection): Run<S>,
) -> Result<Vec<Participants<S>>, EvaluateError> {
    let report =
        participants(strategy, &followed(compiled, projection), &followed(&neutral_compiled, &neutral_projection));
    report.ok_or_else(|| EvaluateError::Overflow {
        strategy: strategy.id.clone(),
        year: scenario.horizon_years as usize,
        during: "the participants' shares".into(),
    })
}

/// Refuses, before anything is built, a scenario whose chains would exceed [`MAX_STATES`] or
/// [`MAX_STORED_ENTRIES`], or whose projections together would exceed [`MAX_WORK`].
pub fn within_limits(scenario: &Scenario) -> Result<(), EvaluateError> {
    let strategies = std::iter::once(&scenario.baseline).chain(&scenario.alternatives);
    let mut work = 0u64;
    for strategy in strategies {
        let (size, per_intervention) = estimate(scenario, strategy);
        let largest = per_intervention.iter().enumerate().rev().max_by_key(|(_, states)| **states).map(|(i, _)| i);
        let location = largest.map(|i| strategy.interventions[i].location.clone());
        if size.states > MAX_STATES {
            let what = format!(
                "`{}` needs {} states (the model's states and a copy per intake batch), more than the limit of {MAX_STATES}",
                strategy.id, size.states
            );
            return Err(EvaluateError::TooLarge { what, reduce: REDUCE_BATCHES.into(), location });
        }
        if size.stored() > MAX_STORED_ENTRIES {
            let what = format!(
                "`{}` needs {} transition matrices of {} entries each in memory, more than the limit of {MAX_STORED_ENTRIES} entries",
                strategy.id, size.matrices, size.nonzeros
            );
            let reduce = format!("{REDUCE_BATCHES}; or a shorter horizon or fewer `by_year`/`by_cycle` values");
            return Err(EvaluateError::TooLarge { what, reduce, location });
        }
        // An alternative with interventions is run twice: the second time without its effects,
        // for the participant report.
        let runs = 1 + u64::from(!strategy.interventions.is_empty());
        work = work.saturating_add(size.work().saturating_mul(runs));
    }
    if work > MAX_WORK {
        let what = format!(
            "the scenario needs {work} transitions computed (transitions per cycle × {} cycles, over the baseline and {} alternatives, those with interventions twice), more than the limit of {MAX_WORK}",
            scenario.cycles(),
            scenario.alternatives.len()
        );
        let reduce = "a shorter horizon, fewer alternatives, or fewer interventions or yearly intakes".into();
        return Err(EvaluateError::TooLarge { what, reduce, location: None });
    }
    Ok(())
}

/// What appraising `strategy`'s run reads of it: its projection and the layout of its streams
/// and states.
pub fn projected<'a, S: Scalar>(
    (compiled, projection): (&'a Compiled<S>, &'a Projection<S>),
    strategy: &'a Strategy,
) -> Projected<'a, S> {
    Projected::new(projection, &compiled.streams, &compiled.layout.model_state, strategy)
}

/// Compiles and projects one strategy.
pub fn run_strategy<S: Value>(scenario: &Scenario, strategy: &Strategy) -> Result<Run<S>, EvaluateError> {
    let compiled = compile::<S>(scenario, strategy);
    let projection = project_compiled(strategy, &compiled)?;
    Ok((compiled, projection))
}

/// Projects a strategy's compiled chain, naming the strategy, year and stream in an error.
pub fn project_compiled<S: Value>(strategy: &Strategy, compiled: &Compiled<S>) -> Result<Projection<S>, EvaluateError> {
    let months = strategy.model.months_per_cycle;
    project(&compiled.chain).map_err(|error| match error {
        KernelError::Overflow { cycle, during, stream } => EvaluateError::Overflow {
            strategy: strategy.id.clone(),
            year: year_of_cycle(cycle, months) + 1,
            during: stream.map_or_else(|| during.to_string(), |s| compiled.streams.describe(strategy, s)),
        },
        KernelError::Shortfall { cycle, shift, needed, available } => {
            let track = &compiled.layout.tracks[compiled.shift_kinds[shift].track()];
            let intervention = &strategy.interventions[track.intervention];
            EvaluateError::Shortfall {
                intervention: intervention.id.clone(),
                year: year_of_cycle(cycle, months) + 1,
                needed,
                available,
                location: intervention.location.clone(),
            }
        }
    })
}
