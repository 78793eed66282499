//! Analyses that run a scenario many times with its parameters changed: one-way sensitivity
//! with switching values, named variants, and the probabilistic sensitivity analysis.
//!
//! A run with changed values validates the loaded files again, so a value that makes the model
//! invalid (a probability above one, a row past one) is caught by the same rules as a file, and
//! evaluates the scenario without its participant report. The probabilistic analysis runs its
//! draws in batches ([`batch`]) and leaves to such a run only the draws a batch cannot vouch for.

pub mod batch;
pub mod psa;
pub mod sensitivity;

use crate::appraise::{Comparison, Perspective};
use crate::diagnostic::Diagnostic;
use crate::domain::{Model, Scenario};
use crate::evaluate::{EvaluateError, compare_all};
use crate::load::Loaded;
use crate::validate::Changes;
use rust_decimal::Decimal;

/// Why an analysis could not run.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The scenario declares nothing uncertain.
    #[error("the scenario declares no uncertain parameter")]
    NothingUncertain,
    /// The perspective asked for is not one of the model's.
    #[error("there is no perspective `{0}`: {1}")]
    UnknownPerspective(String, String),
    /// A run could not be calculated.
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
}

/// Why one run with changed parameters gave no result: the first rule of the files its values
/// break, or why the calculation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct RunProblem(pub String);

impl From<EvaluateError> for RunProblem {
    fn from(error: EvaluateError) -> Self {
        RunProblem(error.to_string())
    }
}

/// Every alternative compared with the baseline in exact decimals, with parameters set to `set`
/// (by id).
pub fn run_exact(loaded: &Loaded, set: &[(String, Decimal)]) -> Result<Vec<Comparison<Decimal>>, RunProblem> {
    run::<Decimal>(loaded, Changes { set, ..Changes::NONE })
}

/// The same in `f64`, formulas included: for the many runs of a search or a PSA.
pub fn run_fast(loaded: &Loaded, set: &[(String, Decimal)]) -> Result<Vec<Comparison<f64>>, RunProblem> {
    run::<f64>(loaded, fast(set))
}

/// Every rule of the files that a run of [`run_fast`] with parameters set to `set` breaks, each
/// at its place in the files (none when the values are valid).
pub fn fast_problems(loaded: &Loaded, set: &[(String, Decimal)]) -> Vec<Diagnostic> {
    crate::validate::validate_with(loaded, fast(set)).err().unwrap_or_default()
}

/// The changes of a run in `f64` with parameters set to `set`.
fn fast(set: &[(String, Decimal)]) -> Changes<'_> {
    Changes { set, exact: false, free: false, ranges: false }
}

fn run<S: crate::domain::Value>(loaded: &Loaded, changes: Changes) -> Result<Vec<Comparison<S>>, RunProblem> {
    let scenario = crate::validate::validate_with(loaded, changes).map_err(|d| RunProblem(first_message(&d)))?;
    Ok(compare_all::<S>(&scenario)?)
}

fn first_message(diagnostics: &[Diagnostic]) -> String {
    diagnostics.first().map_or_else(|| "invalid".to_string(), |d| d.message.clone())
}

/// The index (in [`Perspective::all`]) of the perspective `id`: an actor id, `public` or
/// `society`.
pub fn perspective(model: &Model, id: &str) -> Result<usize, AnalysisError> {
    let found = match id {
        "public" => Some(Perspective::Public),
        "society" => Some(Perspective::Society),
        actor => model.actors.iter().position(|a| a.id == actor).map(Perspective::Actor),
    };
    found.map(|p| Perspective::index(model, p)).ok_or_else(|| {
        let mut ids: Vec<&str> = model.actors.iter().map(|a| a.id.as_str()).collect();
        ids.extend(["public", "society"]);
        AnalysisError::UnknownPerspective(id.to_string(), format!("choose one of {}", ids.join(", ")))
    })
}

/// The perspective an analysis of `scenario` uses: the one asked for, else the scenario's
/// `[analysis] perspective`, else the public sector.
pub fn chosen_perspective(scenario: &Scenario, asked: Option<&str>) -> Result<usize, AnalysisError> {
    let id = asked.or(scenario.uncertainty.analysis.perspective.as_deref()).unwrap_or("public");
    perspective(scenario.model(), id)
}
