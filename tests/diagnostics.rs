//! Messages a municipal controller understands, for mistakes that `sekalk check` cannot show
//! through the catalogue of `tests/data/invalid` (which checks every file given to it as what
//! it is): a model file given to a command that takes a scenario.

use assert_cmd::Command;

/// `sekalk` run from the crate root, so that paths are shown as `models/sverige.toml`.
fn sekalk() -> Command {
    let mut command = Command::cargo_bin("sekalk").expect("the sekalk binary is built");
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Standard error of `sekalk <args>`, asserting exit code 1 (invalid input) and an empty
/// standard output.
fn invalid(args: &[&str]) -> String {
    let output = sekalk().args(args).output().expect("sekalk runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "sekalk {args:?} exit code; standard error:\n{stderr}");
    assert!(output.stdout.is_empty(), "sekalk {args:?} wrote to standard output");
    stderr
}

/// The report of a model file given where a scenario belongs: what the file is, where, and
/// both ways on (a scenario naming it, a starter scenario); never the scenario format's
/// complaint about the first model table it does not know.
fn assert_model_given_as_scenario(stderr: &str) {
    for needed in [
        "`models/sverige.toml` is a model file (it has [model] and no [scenario]), not a scenario",
        "models/sverige.toml:44:1",
        "a scenario names its model with `model = \"…\"` in `[scenario]`",
        "see scenarios/typisk_insats.toml",
        "sekalk init --model models/sverige.toml",
    ] {
        assert!(stderr.contains(needed), "standard error lacks {needed:?}:\n{stderr}");
    }
    assert!(!stderr.contains("unknown field"), "the scenario format's complaint is shown:\n{stderr}");
    assert!(!stderr.contains("problems found"), "more than one problem reported:\n{stderr}");
}

#[test]
fn run_of_a_model_file_says_it_is_a_model_and_how_to_name_it() {
    assert_model_given_as_scenario(&invalid(&["run", "models/sverige.toml"]));
}

#[test]
fn calibrate_of_a_model_file_says_it_is_a_model_and_how_to_name_it() {
    assert_model_given_as_scenario(&invalid(&["calibrate", "models/sverige.toml"]));
}

/// A scenario with a mistake in it is still reported as a scenario, not as a model: only a file
/// with `[model]` and no `[scenario]` is taken for a model.
#[test]
fn a_broken_scenario_is_not_taken_for_a_model() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, "[scenario]\nname = \"x\"\n\n[model]\nname = \"y\"\n").expect("written");
    let stderr = invalid(&["run", path.to_str().expect("a UTF-8 path")]);
    assert!(!stderr.contains("is a model file"), "a scenario taken for a model:\n{stderr}");
}
