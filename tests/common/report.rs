//! Shared helper of the format tests: the report of a scenario file, built through the library
//! as `sekalk run` builds it (load, validate, collect the sourced figures, evaluate exactly,
//! build the report with the break-even search), but with a fixed [`Provenance`] so that a
//! snapshot holds nothing machine dependent: paths relative to the package root, a fixed
//! version, and the command `sekalk run <path>`. The inputs' SHA-256 are real (the standings
//! compare models by them); they change only when a test file does.
//!
//! Use it from a test file with `#[path = "common/report.rs"] mod report;`.

#![allow(dead_code)]

use sekalk::diagnostic::display_path;
use sekalk::domain::Scenario;
use sekalk::render::format::Lang;
use sekalk::render::{Document, Format, exporter};
use sekalk::report::compare::{DEFAULT_RANK_BY, Standings, standings};
use sekalk::report::{self as reports, Input, Options, Provenance, Report};
use sha2::{Digest, Sha256};
use std::path::Path;

/// The version every test report names.
pub const VERSION: &str = "0.0.0-test";

/// The scenario at `path` (relative to the package root), loaded and validated, with the
/// sourced figures of its files and the files read as a report names them: the path relative
/// to the working directory where it lies under it, as `sekalk` shows it (`/`-separated), and
/// the SHA-256 of the text.
pub fn load(path: &str) -> (Scenario, Vec<reports::Sourced>, Vec<Input>) {
    let loaded = match sekalk::load::load(Path::new(path)) {
        Ok(loaded) => loaded,
        Err((_, diagnostics)) => panic!("cannot load {path}: {diagnostics:?}"),
    };
    let scenario = match sekalk::validate::validate(&loaded) {
        Ok(scenario) => scenario,
        Err(diagnostics) => panic!("invalid {path}: {diagnostics:?}"),
    };
    let sourced = reports::sourced::collect(&loaded);
    let inputs = loaded
        .sources
        .files()
        .iter()
        .map(|f| Input { path: display_path(&f.path).replace('\\', "/"), sha256: sha256(f.text.as_bytes()) })
        .collect();
    (scenario, sourced, inputs)
}

/// The report of the scenario at `path` (relative to the package root), break-even included,
/// with a fixed provenance: version [`VERSION`], the files read, and the command
/// `sekalk run <path>`.
pub fn report(path: &str) -> Report {
    let (scenario, sourced, inputs) = load(path);
    let evaluation = sekalk::evaluate::evaluate(&scenario).expect("the scenario evaluates");
    let provenance = Provenance { version: VERSION.into(), inputs, command: format!("sekalk run {path}") };
    let options = Options { provenance, sources: sourced, break_even: true };
    reports::build(&scenario, &evaluation, options).expect("the report builds")
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The reports of several scenario files, in order.
pub fn reports(paths: &[&str]) -> Vec<Report> {
    paths.iter().map(|path| report(path)).collect()
}

/// The standings of `reports` ranked by the default perspective (the public sector).
pub fn ranked(reports: &[Report]) -> Standings {
    standings(reports, DEFAULT_RANK_BY).expect("the default perspective exists")
}

/// `reports` presented in `format` and `lang`.
pub fn export(reports: &[Report], format: Format, lang: Lang) -> Vec<u8> {
    let standings = ranked(reports);
    let document = Document { reports, standings: &standings, lang };
    exporter(format).export(&document).expect("the format presents the report")
}

/// `reports` presented in a text format.
pub fn export_text(reports: &[Report], format: Format, lang: Lang) -> String {
    String::from_utf8(export(reports, format, lang)).expect("the format writes UTF-8")
}
