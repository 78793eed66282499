//! Every domain rule, checked at once: raw files in, a [`Scenario`] or all problems out.

mod equalisation;
mod intake;
mod model;
mod money;
pub mod parameters;
mod population;
mod problems;
mod scenario;
mod strategy;
mod uncertainty;
pub mod values;

pub use model::{MAX_AMOUNT, ModelInput};
pub use parameters::Changes;
pub use problems::Problems;

use crate::diagnostic::Diagnostic;
use crate::domain::{Model, Scenario};
use crate::load::Loaded;

/// Validates a loaded scenario and its model, returning every problem found.
pub fn validate(loaded: &Loaded) -> Result<Scenario, Vec<Diagnostic>> {
    validate_with(loaded, Changes::NONE)
}

/// Validates a loaded scenario with some parameters set to other values (by id): a variant, an
/// end of a one-way range, a draw; formulas in exact decimals or in `f64`.
pub fn validate_with(loaded: &Loaded, changes: Changes) -> Result<Scenario, Vec<Diagnostic>> {
    let mut problems = Problems::default();
    let scenario = scenario::scenario(loaded, changes, &mut problems);
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
    let written: Vec<parameters::Written> =
        raw.parameters.iter().map(|p| parameters::Written { file, raw: p }).collect();
    let tables: Vec<_> = raw.tables.iter().map(|t| (file, t)).collect();
    let months = model::months_of(raw);
    let scope = parameters::Scope::new(
        sources,
        (&written, &tables),
        (months, 12 / months as usize),
        Changes::NONE,
        &mut problems,
    );
    let result = model::model(&ModelInput::new(sources, file, raw, &scope), &mut problems);
    match result {
        Some((model, _)) if problems.is_empty() => Ok(model),
        _ => Err(problems.into_sorted()),
    }
}
