//! Every domain rule, checked at once: raw files in, a [`Scenario`] or all problems out.

mod equalisation;
mod intake;
mod model;
mod money;
mod problems;
mod scenario;
pub mod values;

pub use model::{MAX_AMOUNT, ModelInput};
pub use problems::Problems;

use crate::diagnostic::Diagnostic;
use crate::domain::{Model, Scenario};
use crate::load::Loaded;

/// Validates a loaded scenario and its model, returning every problem found.
pub fn validate(loaded: &Loaded) -> Result<Scenario, Vec<Diagnostic>> {
    let mut problems = Problems::default();
    let scenario = scenario::scenario(loaded, &mut problems);
    match scenario {
        Some(scenario) if problems.is_empty() => Ok(scenario),
        _ => Err(problems.into_sorted()),
    }
}

/// Validates a model file on its own.
pub fn validate_model(
    sources: &crate::diagnostic::Sources,
    file: crate::diagnostic::FileId,
    raw: &crate::load::raw::RawModel,
) -> Result<Model, Vec<Diagnostic>> {
    let mut problems = Problems::default();
    let result = model::model(&ModelInput::new(sources, file, raw), &mut problems);
    match result {
        Some((model, _)) if problems.is_empty() => Ok(model),
        _ => Err(problems.into_sorted()),
    }
}
