//! Shared helpers of the integration tests: scenarios written to a temporary folder.

#![allow(dead_code)]

use sekalk::cli::load_scenario;
use sekalk::domain::Scenario;
use std::path::PathBuf;

/// A model and scenario written to a temporary folder, kept alive while in use.
pub struct Files {
    /// The folder.
    pub dir: tempfile::TempDir,
    /// The scenario's path.
    pub scenario: PathBuf,
}

/// Writes `model.toml` and `scenario.toml` (which must say `model = "model.toml"`).
pub fn write(model: &str, scenario: &str) -> Files {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("model.toml"), model).expect("write model");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, scenario).expect("write scenario");
    Files { dir, scenario: path }
}

/// Loads and validates a scenario written with [`write`], panicking with the rendered errors.
pub fn scenario(model: &str, scenario: &str) -> Scenario {
    let files = write(model, scenario);
    match load_scenario(&files.scenario) {
        Ok((scenario, _)) => scenario,
        Err(error) => panic!("invalid test input:\n{}", error.render()),
    }
}
