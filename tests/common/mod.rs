//! Shared helpers of the integration tests: scenarios written to a temporary folder.

#![allow(dead_code)]

use sekalk::cli::load_scenario;
use sekalk::domain::Scenario;
use std::path::{Path, PathBuf};

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

/// The tables of figures of `sekalk run SCENARIO --format csv` with `args` added: every section
/// but the header (name, input files) and the sources (where each figure is written), so that
/// two scenarios giving the same figures from different files compare equal.
pub fn csv_figures(scenario: &Path, args: &[&str]) -> Vec<String> {
    let mut command = assert_cmd::Command::cargo_bin("sekalk").expect("the binary is built");
    let out = command.arg("run").arg(scenario).args(["--format", "csv"]).args(args).output().expect("runs");
    assert!(out.status.success(), "{} runs: {}", scenario.display(), String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut figures = true;
    let mut kept = Vec::new();
    for line in text.lines() {
        if let Some(section) = line.trim_start_matches('\u{feff}').strip_prefix("#;").or(line.strip_prefix("#,")) {
            figures = !section.starts_with("header") && !section.starts_with("sources");
        }
        if figures {
            kept.push(line.to_string());
        }
    }
    assert!(kept.iter().any(|l| l.contains("summary")), "the csv of {} has the tables", scenario.display());
    kept
}
