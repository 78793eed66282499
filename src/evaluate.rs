//! The calculation end to end for one scalar type: compile every strategy, project it and
//! compare each alternative with the baseline.

use crate::appraise::{Comparison, Projected, compare};
use crate::compile::{Compiled, compile};
use crate::diagnostic::Location;
use crate::domain::{Scenario, Strategy, year_of_cycle};
use crate::project::{KernelError, Projection, Scalar, project};

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

/// Every alternative compared with the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation<S> {
    /// One comparison per alternative, in the scenario's order.
    pub comparisons: Vec<Comparison<S>>,
}

/// Runs the whole calculation in scalar `S`.
pub fn evaluate<S: Scalar>(scenario: &Scenario) -> Result<Evaluation<S>, EvaluateError> {
    let (base, base_projection) = run_strategy::<S>(scenario, &scenario.baseline)?;
    let base_view =
        Projected { projection: &base_projection, streams: base.streams, model_state: &base.layout.model_state };
    let mut comparisons = Vec::with_capacity(scenario.alternatives.len());
    for (index, strategy) in scenario.alternatives.iter().enumerate() {
        let (compiled, projection) = run_strategy::<S>(scenario, strategy)?;
        let view =
            Projected { projection: &projection, streams: compiled.streams, model_state: &compiled.layout.model_state };
        let comparison = compare(scenario, index, &base_view, &view).ok_or_else(|| EvaluateError::Overflow {
            strategy: strategy.id.clone(),
            year: scenario.horizon_years as usize,
            during: "discounting and summing the cost streams".into(),
        })?;
        comparisons.push(comparison);
    }
    Ok(Evaluation { comparisons })
}

/// Compiles and projects one strategy.
pub fn run_strategy<S: Scalar>(
    scenario: &Scenario,
    strategy: &Strategy,
) -> Result<(Compiled<S>, Projection<S>), EvaluateError> {
    let compiled = compile::<S>(scenario, strategy);
    let months = strategy.model.months_per_cycle;
    let projection = project(&compiled.chain).map_err(|error| match error {
        KernelError::Overflow { cycle, during, stream } => EvaluateError::Overflow {
            strategy: strategy.id.clone(),
            year: year_of_cycle(cycle, months) + 1,
            during: stream.map_or_else(|| during.to_string(), |s| compiled.streams.describe(&strategy.model, s)),
        },
        KernelError::Shortfall { cycle, shift, needed, available } => {
            let intervention = &strategy.interventions[compiled.shift_interventions[shift]];
            EvaluateError::Shortfall {
                intervention: intervention.id.clone(),
                year: year_of_cycle(cycle, months) + 1,
                needed,
                available,
                location: intervention.location.clone(),
            }
        }
    })?;
    Ok((compiled, projection))
}
