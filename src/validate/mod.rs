//! Every domain rule, checked at once: raw files in, a [`Scenario`] or all problems out.

mod model;
mod problems;
mod scenario;
pub mod values;

pub use model::{MAX_AMOUNT, ModelInput};
pub use problems::Problems;

use crate::diagnostic::Diagnostic;
use crate::domain::{Model, Scenario};
use crate::load::Loaded;
use std::ops::Range;

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

/// The span of `key` inside the table at `table` in `text`, or the table's span.
pub fn key_span(text: &str, table: Range<usize>, key: &str) -> Range<usize> {
    let Some(region) = text.get(table.clone()) else { return table };
    for quoted in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
        let mut from = 0;
        while let Some(found) = region[from..].find(&quoted) {
            let start = from + found;
            let end = start + quoted.len();
            let before_ok = region[..start].chars().next_back().is_none_or(|c| !is_key_char(c));
            let after = region[end..].trim_start_matches([' ', '\t']);
            if before_ok && after.starts_with('=') {
                return table.start + start..table.start + end;
            }
            from = end;
        }
    }
    table
}

fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '"' || c == '\''
}
