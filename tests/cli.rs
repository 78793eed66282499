//! The command line as a user meets it: `run` and `check`, exit codes, output files, pipes.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

fn sekalk() -> Command {
    Command::cargo_bin("sekalk").expect("the binary is built")
}

/// A report as text, with the crate's folder (in the repeat command's absolute path) written
/// as `<crate>` so that snapshots do not depend on where the repository is checked out.
fn report_text(stdout: Vec<u8>) -> String {
    String::from_utf8(stdout).expect("UTF-8").replace(env!("CARGO_MANIFEST_DIR"), "<crate>")
}

#[test]
fn run_prints_the_swedish_tables_of_the_typical_scenario() {
    sekalk()
        .args(["run", "scenarios/typisk_insats.toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("== Svaret =="))
        .stdout(predicate::str::contains("Sammanfattning per perspektiv"))
        .stdout(predicate::str::contains("Offentlig sektor"))
        .stdout(predicate::str::contains("tillbaka per investerad krona"))
        .stdout(predicate::str::contains("Återbetalningstid"))
        .stdout(predicate::str::contains("sha256:"));
}

#[test]
fn run_in_english_snapshot_of_the_textbook_model() {
    let output =
        sekalk().args(["run", "tests/data/textbook/hiv_scenario.toml", "--lang", "en"]).output().expect("runs");
    assert!(output.status.success());
    insta::assert_snapshot!(report_text(output.stdout));
}

#[test]
fn run_in_swedish_snapshot_of_a_hand_computed_intervention() {
    let output = sekalk().args(["run", "tests/data/hand/intervention.toml"]).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    insta::assert_snapshot!(report_text(output.stdout));
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let first = sekalk().args(["run", "scenarios/framgangen.toml"]).output().expect("runs");
    let second = sekalk().args(["run", "scenarios/framgangen.toml"]).output().expect("runs");
    assert!(first.status.success());
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn check_accepts_every_shipped_model_and_scenario() {
    for folder in ["models", "scenarios"] {
        for entry in std::fs::read_dir(folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue; // scenarios/data: CSV inputs (a population, bokslut's observations and ledger)
            }
            sekalk().arg("check").arg(&path).assert().success().stderr(predicate::str::contains("ok"));
        }
    }
}

#[test]
fn a_missing_scenario_exits_with_code_3() {
    sekalk()
        .args(["check", "scenarios/finns_inte.toml"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("cannot read `scenarios/finns_inte.toml`: no such file"));
}

#[test]
fn a_usage_error_exits_with_code_2_and_help_lists_the_exit_codes() {
    sekalk().args(["run"]).assert().code(2);
    sekalk().args(["--help"]).assert().success().stdout(predicate::str::contains("70  internal error"));
}

#[test]
fn output_is_written_whole_and_equal_to_standard_output() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("rapport.txt");
    sekalk().args(["run", "scenarios/typisk_insats.toml", "--output"]).arg(&file).assert().success().stdout("");
    let printed = sekalk().args(["run", "scenarios/typisk_insats.toml"]).output().expect("runs").stdout;
    assert_eq!(std::fs::read(&file).expect("written"), printed);
    assert_eq!(std::fs::read_dir(dir.path()).expect("folder").count(), 1, "no temporary file is left behind");
}

#[test]
fn output_into_a_missing_directory_is_a_clear_error() {
    sekalk()
        .args(["run", "scenarios/typisk_insats.toml", "--output", "finns/inte/rapport.txt"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("the directory `finns/inte` does not exist"));
}

#[test]
fn a_failed_run_leaves_an_earlier_output_untouched() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join("rapport.txt");
    std::fs::write(&file, "earlier report").expect("write");
    sekalk().args(["run", "scenarios/finns_inte.toml", "--output"]).arg(&file).assert().code(3);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "earlier report");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("sekalk"))
        .args(["run", "scenarios/typisk_insats.toml"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("one line");
    let output = child.wait_with_output().expect("ends");
    assert!(first.starts_with("sekalk"));
    assert!(output.status.success(), "exit status {:?}", output.status);
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
}

#[test]
fn check_reports_every_problem_at_once_with_locations() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let model = std::fs::read_to_string("tests/data/hand/model.toml").expect("model");
    let broken =
        model.replace("W = 0.1, M = 0.1", "W = 1.3, M = 0.1").replace("payer = \"kommun\"", "payer = \"komun\"");
    std::fs::write(dir.path().join("model.toml"), broken).expect("write");
    std::fs::copy("tests/data/hand/intervention.toml", dir.path().join("intervention.toml")).expect("copy");
    sekalk()
        .current_dir(dir.path())
        .args(["check", "intervention.toml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("probability 1.3 from `S` to `W` is outside [0, 1]"))
        .stderr(predicate::str::contains("model.toml:"))
        .stderr(predicate::str::contains("unknown actor `komun`"))
        .stderr(predicate::str::contains("did you mean `kommun`?"))
        .stderr(predicate::str::contains("problems found"));
}

#[test]
fn the_format_reference_embeds_its_examples_as_they_are() {
    let reference = std::fs::read_to_string("docs/FORMAT.md").expect("reference");
    for example in ["docs/examples/model.toml", "docs/examples/scenario.toml"] {
        let text = std::fs::read_to_string(example).expect("example");
        assert!(reference.contains(text.trim_end()), "docs/FORMAT.md does not embed {example} as it is");
        sekalk().args(["check", example]).assert().success();
    }
}

#[test]
fn check_goes_on_after_a_failing_file_and_ends_with_a_line_per_file() {
    let output = sekalk()
        .args([
            "check",
            "scenarios/finns_inte.toml",
            "tests/data/invalid/02_unknown_key.toml",
            "scenarios/typisk_insats.toml",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(3), "the first failing file's exit code");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = stderr.split("checked 3 files:").nth(1).expect("a summary at the end");
    assert!(summary.contains("scenarios/finns_inte.toml: 1 problem"), "{summary}");
    assert!(summary.contains("tests/data/invalid/02_unknown_key.toml: 1 problem"), "{summary}");
    assert!(summary.contains("scenarios/typisk_insats.toml: ok"), "{summary}");
}

#[test]
fn a_spreadsheet_or_a_page_is_written_only_to_a_file() {
    for format in ["xlsx", "html"] {
        let output =
            sekalk().args(["run", "tests/data/hand/intervention.toml", "--format", format]).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("--output"), "{format}");
    }
}

#[test]
fn json_to_standard_output_with_a_dash() {
    let output = sekalk()
        .args(["run", "tests/data/hand/intervention.toml", "--format", "json", "-o", "-"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["schema_version"], 1);
}

#[test]
fn compare_ranks_the_alternatives_of_several_scenarios_and_says_what_differs() {
    let output = sekalk()
        .args(["compare", "scenarios/typisk_insats.toml", "tests/data/hand/intervention.toml", "--rank-by", "society"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Rangordnade efter nettonyttan för samhället"), "{text}");
    assert!(text.contains("Obs! Scenarierna har olika förutsättningar"), "the models differ: {text}");
}

#[test]
fn an_unknown_perspective_to_rank_by_names_the_known_ones() {
    let output =
        sekalk().args(["run", "scenarios/typisk_insats.toml", "--rank-by", "landstinget"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("landstinget") && stderr.contains("public") && stderr.contains("kommun"), "{stderr}");
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    let bash = sekalk().args(["completions", "bash"]).output().expect("runs");
    assert!(bash.status.success());
    assert!(String::from_utf8_lossy(&bash.stdout).contains("compare"));
    let man = sekalk().arg("man").output().expect("runs");
    assert!(man.status.success());
    assert!(String::from_utf8_lossy(&man.stdout).contains(".TH sekalk"));
}

/// The typical scenario with its uncertainty declared runs, at its parameters' values, to the
/// same figures as the scenario it copies: only the name and the input file differ.
#[test]
fn the_typical_scenario_with_uncertainty_gives_the_figures_of_the_typical_scenario() {
    let figures = |scenario: &str| common::csv_figures(Path::new(scenario), &[]);
    assert_eq!(figures("scenarios/typisk_insats.toml"), figures("scenarios/typisk_insats_osakerhet.toml"));
}
