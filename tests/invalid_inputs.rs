//! The catalogue of bad inputs: `sekalk check` on every file in `tests/data/invalid` must fail
//! with the exit code, messages and locations that `tests/data/invalid/EXPECTED.toml` lists.
//!
//! Each case is a copy of the valid `base_scenario.toml` (or of `base_model.toml`, with a
//! scenario naming the damaged model) with one kind of damage. The binary is run from the crate
//! root, so locations are rendered as `tests/data/invalid/<file>:<line>:<column>`.
//!
//! Cases marked `known_bug = true` describe what sekalk *should* report; they are run but not
//! asserted, and the test says which ones it skipped. Files too large to commit (over the input
//! size limit) are generated into a temporary directory instead.

use assert_cmd::Command;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

/// The folder of the catalogue, relative to the crate root.
const DIR: &str = "tests/data/invalid";
/// The files of the folder that are not cases.
const NOT_CASES: [&str; 3] = ["base_model.toml", "base_scenario.toml", "EXPECTED.toml"];

/// `EXPECTED.toml`: one entry per case.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// The cases, in the order of their numbers.
    case: Vec<Case>,
}

/// One bad input and what `sekalk check` must report for it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The scenario file checked, in [`DIR`].
    file: String,
    /// The damaged model file the scenario names, when the damage is in the model.
    #[serde(default)]
    model: Option<String>,
    /// The damage, in words.
    what: String,
    /// The exit code.
    exit: i32,
    /// Substrings that must all appear on standard error.
    stderr: Vec<String>,
    /// Substrings that must not appear on standard error.
    #[serde(default)]
    absent: Vec<String>,
    /// The number of problems reported.
    #[serde(default = "one")]
    problems: usize,
    /// Whether the file deliberately does not exist.
    #[serde(default)]
    missing: bool,
    /// Whether sekalk gets this case wrong today (the expectation is what it should do).
    #[serde(default)]
    known_bug: bool,
    /// What sekalk does wrong today.
    #[serde(default)]
    bug: Option<String>,
}

fn one() -> usize {
    1
}

/// Reads and parses `EXPECTED.toml`.
fn expected() -> Expected {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join("EXPECTED.toml");
    let text = std::fs::read_to_string(&path).expect("EXPECTED.toml is readable");
    toml::from_str(&text).expect("EXPECTED.toml is well-formed")
}

/// Runs `sekalk check <path>` from the crate root.
fn check(path: &str) -> Output {
    Command::cargo_bin("sekalk")
        .expect("the sekalk binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", path])
        .output()
        .expect("sekalk runs")
}

/// Every way the output of `sekalk check` differs from what `case` expects; empty if it matches.
fn mismatches(case: &Case, output: &Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut wrong = Vec::new();
    if output.status.code() != Some(case.exit) {
        wrong.push(format!("exit code {:?}, expected {}", output.status.code(), case.exit));
    }
    if stderr.contains("panicked") {
        wrong.push("sekalk panicked".into());
    }
    if !output.stdout.is_empty() {
        wrong.push("something was written to standard output".into());
    }
    for needed in &case.stderr {
        if !stderr.contains(needed.as_str()) {
            wrong.push(format!("standard error lacks {needed:?}"));
        }
    }
    for unwanted in &case.absent {
        if stderr.contains(unwanted.as_str()) {
            wrong.push(format!("standard error contains {unwanted:?}"));
        }
    }
    let count = format!("error: {} problems found", case.problems);
    if case.problems > 1 && !stderr.contains(&count) {
        wrong.push(format!("standard error lacks {count:?}"));
    }
    if case.problems == 1 && stderr.contains("problems found") {
        wrong.push("more than one problem reported".into());
    }
    if !wrong.is_empty() {
        wrong.push(format!("standard error was:\n{stderr}"));
    }
    wrong
}

#[test]
fn every_bad_input_is_reported_with_its_location() {
    let expected = expected();
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for case in &expected.case {
        let output = check(&format!("{DIR}/{}", case.file));
        let wrong = mismatches(case, &output);
        if case.known_bug {
            let now = if wrong.is_empty() { "now passes: remove `known_bug`" } else { "still wrong" };
            skipped.push(format!("{} ({now}): {}", case.file, case.bug.as_deref().unwrap_or(&case.what)));
        } else if !wrong.is_empty() {
            failures.push(format!("{} ({}):\n  {}", case.file, case.what, wrong.join("\n  ")));
        }
    }
    for skip in &skipped {
        eprintln!("skipped known bug {skip}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        expected.case.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_file_in_the_catalogue_is_listed() {
    let expected = expected();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let mut listed = BTreeSet::new();
    for case in &expected.case {
        assert!(listed.insert(case.file.as_str()), "{} is listed twice", case.file);
        let exists = dir.join(&case.file).is_file();
        assert_eq!(exists, !case.missing, "{}: exists = {exists}, but missing = {}", case.file, case.missing);
        if let Some(model) = &case.model {
            assert!(listed.insert(model.as_str()), "{model} is listed twice");
            assert!(dir.join(model).is_file(), "{model} (the model of {}) does not exist", case.file);
        }
        assert!(
            case.known_bug || case.bug.is_none(),
            "{}: `bug` describes a known bug; add `known_bug = true` or remove it",
            case.file
        );
    }
    let mut forgotten = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the catalogue folder is readable") {
        let name = entry.expect("a folder entry").file_name().to_string_lossy().into_owned();
        if !NOT_CASES.contains(&name.as_str()) && !listed.contains(name.as_str()) {
            forgotten.push(name);
        }
    }
    forgotten.sort();
    assert!(forgotten.is_empty(), "files in {DIR} not listed in EXPECTED.toml: {forgotten:?}");
}

#[test]
fn the_base_files_are_valid() {
    for file in ["base_scenario.toml", "base_model.toml"] {
        let output = check(&format!("{DIR}/{file}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{file} is invalid:\n{stderr}");
        assert!(stderr.contains(&format!("{DIR}/{file}: ok (")), "{file}: unexpected report:\n{stderr}");
    }
}

/// The base scenario's text, naming `model` as its model file.
fn base_scenario_naming(model: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join("base_scenario.toml");
    let text = std::fs::read_to_string(path).expect("the base scenario is readable");
    let named = "model = \"base_model.toml\"";
    assert!(text.contains(named), "the base scenario names base_model.toml");
    text.replace(named, &format!("model = \"{model}\""))
}

/// `text` followed by one comment line that makes it exactly one byte over the input size limit.
fn one_byte_too_large(text: &str) -> Vec<u8> {
    let size = usize::try_from(sekalk::load::MAX_FILE_BYTES).expect("the limit fits usize") + 1;
    let mut bytes = text.as_bytes().to_vec();
    bytes.extend_from_slice(b"\n# padding to pass the input size limit ");
    bytes.resize(size - 1, b'.');
    bytes.push(b'\n');
    bytes
}

#[test]
fn an_enormous_scenario_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let scenario = dir.path().join("enormous_scenario.toml");
    std::fs::write(&scenario, one_byte_too_large(&base_scenario_naming("model.toml"))).expect("written");
    let output = check(scenario.to_str().expect("a UTF-8 path"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let limit = sekalk::load::MAX_FILE_BYTES;
    assert!(stderr.contains(&format!("enormous_scenario.toml` is {} bytes", limit + 1)), "{stderr}");
    assert!(stderr.contains(&format!("input files may be at most {limit} bytes")), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn an_enormous_model_is_refused_where_the_scenario_names_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let base_model = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join("base_model.toml");
    let model = std::fs::read_to_string(base_model).expect("the base model is readable");
    std::fs::write(dir.path().join("enormous_model.toml"), one_byte_too_large(&model)).expect("written");
    let scenario = dir.path().join("scenario.toml");
    std::fs::write(&scenario, base_scenario_naming("enormous_model.toml")).expect("written");
    let output = check(scenario.to_str().expect("a UTF-8 path"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let limit = sekalk::load::MAX_FILE_BYTES;
    assert!(stderr.contains(&format!("enormous_model.toml` is {} bytes", limit + 1)), "{stderr}");
    assert!(stderr.contains(&format!("input files may be at most {limit} bytes")), "{stderr}");
    assert!(stderr.contains("scenario.toml:7:9"), "the scenario's `model` line is not shown:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
