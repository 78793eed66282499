//! The catalogue of bad inputs: `sekalk check` on every file in `tests/data/invalid` must fail
//! with the exit code, messages and locations that `tests/data/invalid/EXPECTED.toml` lists,
//! within the case's time limit.
//!
//! Each case is a copy of the valid `base_scenario.toml` (or of `base_model.toml`, with a
//! scenario naming the damaged model) with one kind of damage. The CSV cases are files that a
//! scenario reads (a start population, the case's `data`) or that `sekalk bokslut` reads (the
//! observed outcomes or the cost ledger of `scenarios/framgangen.toml`, with the case's `args`
//! instead of `check`). The binary is run from the crate root, so locations are rendered as
//! `tests/data/invalid/<file>:<line>:<column>`.
//!
//! Cases marked `known_bug = true` describe what sekalk *should* report; they are run but not
//! asserted, and the test says which ones it skipped. Inputs that cannot be committed (files
//! over the input size limit, thousands of problems, FIFOs, devices) are generated into a
//! temporary folder and checked against a [`Case`] built in code, the same way.

use assert_cmd::Command;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

/// The folder of the catalogue, relative to the crate root.
const DIR: &str = "tests/data/invalid";
/// The files of the folder that are not cases.
const NOT_CASES: [&str; 3] = ["base_model.toml", "base_scenario.toml", "EXPECTED.toml"];
/// The time limit of a case that does not set one, in seconds.
const DEFAULT_TIME_LIMIT: u64 = 10;
/// The time limit of a case that reads a file of about the input size limit, in seconds.
const LARGE_FILE_TIME_LIMIT: u64 = 20;

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
    /// The scenario file checked, in [`DIR`] (for a generated case: its name in failures).
    file: String,
    /// The damaged model file the scenario names, when the damage is in the model.
    #[serde(default)]
    model: Option<String>,
    /// The damaged CSV file the scenario reads (a start population), when the damage is there.
    #[serde(default)]
    data: Option<String>,
    /// The command and arguments before the file, when it is not `check` (a CSV file of
    /// `bokslut`: `["bokslut", "scenarios/framgangen.toml", "--observed"]`).
    #[serde(default)]
    args: Vec<String>,
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
    /// The most seconds the check may take before it is killed and the case fails.
    #[serde(default = "default_time_limit")]
    time_limit: u64,
}

fn one() -> usize {
    1
}

fn default_time_limit() -> u64 {
    DEFAULT_TIME_LIMIT
}

impl Case {
    /// A case generated at run time, named `file` in failures: the check must exit with `exit`
    /// and print every one of `stderr`, as one problem within the default time limit.
    fn generated(file: &str, what: &str, exit: i32, stderr: &[&str]) -> Self {
        Case {
            file: file.into(),
            model: None,
            data: None,
            args: Vec::new(),
            what: what.into(),
            exit,
            stderr: stderr.iter().map(|s| s.to_string()).collect(),
            absent: Vec::new(),
            problems: 1,
            missing: false,
            known_bug: false,
            bug: None,
            time_limit: DEFAULT_TIME_LIMIT,
        }
    }

    /// Runs `sekalk check <path>` and panics, naming the case, with every way the result
    /// differs from the case; returns standard error.
    fn assert_checked(&self, path: &Path) -> String {
        let checked = check(&self.args, path, self.time_limit);
        let wrong = mismatches(self, &checked);
        assert!(wrong.is_empty(), "{} ({}):\n  {}", self.file, self.what, wrong.join("\n  "));
        String::from_utf8_lossy(&checked.output.stderr).into_owned()
    }
}

/// Reads and parses `EXPECTED.toml`.
fn expected() -> Expected {
    toml::from_str(&catalogue_text("EXPECTED.toml")).expect("EXPECTED.toml is well-formed")
}

/// The text of the file `name` of the catalogue folder.
fn catalogue_text(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} is not readable: {e}", path.display()))
}

/// What `sekalk check` printed, and whether it was killed at its time limit.
struct Checked {
    output: Output,
    timed_out: bool,
}

/// Runs `sekalk <args> <path>` (`sekalk check <path>` when `args` is empty) from the crate
/// root, killing it after `limit` seconds.
fn check(args: &[String], path: &Path, limit: u64) -> Checked {
    let limit = Duration::from_secs(limit);
    let check = ["check".to_string()];
    let started = Instant::now();
    let output = Command::cargo_bin("sekalk")
        .expect("the sekalk binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(if args.is_empty() { &check[..] } else { args })
        .arg(path)
        .timeout(limit)
        .output()
        .expect("sekalk runs");
    Checked { output, timed_out: started.elapsed() >= limit }
}

/// Every way the output of `sekalk check` differs from what `case` expects; empty if it matches.
fn mismatches(case: &Case, checked: &Checked) -> Vec<String> {
    let output = &checked.output;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut wrong = Vec::new();
    if checked.timed_out {
        wrong.push(format!("timed out: still running after {} s, and killed", case.time_limit));
    }
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
        wrong.push(format!("standard error was:\n{}", shortened(&stderr)));
    }
    wrong
}

/// A long standard error cut to its first and last lines, so that a failure stays readable.
fn shortened(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().collect();
    if lines.len() <= 80 {
        return stderr.to_string();
    }
    let cut = lines.len() - 60;
    format!("{}\n[… {cut} lines …]\n{}", lines[..40].join("\n"), lines[lines.len() - 20..].join("\n"))
}

/// Every case of `EXPECTED.toml` gives its exit code, messages and locations in time.
#[test]
fn every_bad_input_is_reported_with_its_location() {
    let expected = expected();
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    for case in &expected.case {
        let wrong = mismatches(case, &check(&case.args, &Path::new(DIR).join(&case.file), case.time_limit));
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

/// Every file of the catalogue folder is a listed case, and every listed case has its files.
#[test]
fn every_file_in_the_catalogue_is_listed() {
    let expected = expected();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
    let mut listed = BTreeSet::new();
    for case in &expected.case {
        assert!(listed.insert(case.file.as_str()), "{} is listed twice", case.file);
        let exists = dir.join(&case.file).is_file();
        assert_eq!(exists, !case.missing, "{}: exists = {exists}, but missing = {}", case.file, case.missing);
        for companion in case.model.iter().chain(&case.data) {
            assert!(listed.insert(companion.as_str()), "{companion} is listed twice");
            assert!(dir.join(companion).is_file(), "{companion} (read by {}) does not exist", case.file);
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

/// The base files every case is copied from pass the check.
#[test]
fn the_base_files_are_valid() {
    for file in ["base_scenario.toml", "base_model.toml"] {
        let ok = format!("{DIR}/{file}: ok (");
        Case::generated(file, "a base file of the catalogue", 0, &[&ok]).assert_checked(&Path::new(DIR).join(file));
    }
}

/// `text` with its one occurrence of `old` replaced by `new` (a base file that no longer holds
/// `old` fails the test instead of silently generating an undamaged input).
fn replaced(text: &str, old: &str, new: &str) -> String {
    assert_eq!(text.matches(old).count(), 1, "the base text holds {old:?} once");
    text.replacen(old, new, 1)
}

/// The base model's text.
fn base_model() -> String {
    catalogue_text("base_model.toml")
}

/// The base scenario's text, naming `model` as its model file.
fn base_scenario_naming(model: &str) -> String {
    replaced(&catalogue_text("base_scenario.toml"), "model = \"base_model.toml\"", &format!("model = \"{model}\""))
}

/// A temporary folder for generated inputs.
struct Generated(tempfile::TempDir);

impl Generated {
    /// A new, empty folder, removed when this is dropped.
    fn new() -> Self {
        Generated(tempfile::tempdir().expect("a temporary folder"))
    }

    /// The path of `name` in the folder.
    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    /// Writes `bytes` to `name` in the folder and returns its path.
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("a generated file is written");
        path
    }

    /// Writes `scenario` (which names `model.toml`) and `model`; returns the scenario's path.
    fn pair(&self, scenario: &str, model: &str) -> PathBuf {
        self.write("model.toml", model);
        self.write("scenario.toml", scenario)
    }
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

/// The case of a file named `name` one byte over the input size limit.
fn too_large_case(name: &str, what: &str) -> Case {
    let limit = sekalk::load::MAX_FILE_BYTES;
    let size = format!("{name}` is {} bytes", limit + 1);
    let rule = format!("input files may be at most {limit} bytes");
    Case { time_limit: LARGE_FILE_TIME_LIMIT, ..Case::generated(name, what, 1, &[&size, &rule]) }
}

/// A scenario one byte over the size limit is refused by its size, before it is read.
#[test]
fn an_enormous_scenario_is_refused_before_it_is_read() {
    let dir = Generated::new();
    let scenario = dir.write("enormous_scenario.toml", one_byte_too_large(&base_scenario_naming("model.toml")));
    too_large_case("enormous_scenario.toml", "a scenario one byte too large").assert_checked(&scenario);
}

/// A model one byte over the size limit is refused by its size, located at the scenario's
/// `model` line.
#[test]
fn an_enormous_model_is_refused_where_the_scenario_names_it() {
    let dir = Generated::new();
    dir.write("enormous_model.toml", one_byte_too_large(&base_model()));
    let scenario = dir.write("scenario.toml", base_scenario_naming("enormous_model.toml"));
    let mut case = too_large_case("enormous_model.toml", "a model one byte too large");
    case.stderr.push("scenario.toml:7:9".into());
    case.assert_checked(&scenario);
}

/// The base model followed by `rows` more rows from `arbete`, which already has one.
fn model_with_duplicate_rows(rows: usize) -> String {
    let row = "\n[[transitions]]\nfrom = \"arbete\"\nto = { fs = 0.005, utflyttad = 0.002, arbete = \"rest\" }\nsource = \"Antagande: dubblett\"\n";
    base_model() + &row.repeat(rows)
}

/// The case of `problems` problems of one kind: the first 50 shown in full, the rest counted.
fn many_problems_case(file: &str, what: &str, problems: usize, first: &str, kind: &str) -> Case {
    let shown = format!("error: {problems} problems found; the first 50 are shown above");
    let rest = format!("and {} more like this: {kind}", problems - 50);
    Case { problems, ..Case::generated(file, what, 1, &[first, &shown, &rest]) }
}

/// Asserts that `stderr` renders exactly 50 problems and the total.
fn assert_fifty_rendered(case: &Case, stderr: &str) {
    let rendered = stderr.lines().filter(|line| line.starts_with("error: ")).count();
    assert_eq!(rendered, 51, "{}: {rendered} reports rendered, not 50 problems and the total", case.file);
}

/// 5 000 duplicate rows in one model: the first 50 are shown, the other 4 950 counted.
#[test]
fn thousands_of_duplicate_rows_are_shown_fifty_and_counted() {
    let dir = Generated::new();
    let scenario = dir.pair(&base_scenario_naming("model.toml"), &model_with_duplicate_rows(5000));
    let case = many_problems_case(
        "5000 duplicate rows",
        "5 000 more rows from `arbete`, which already has one",
        5000,
        "a second row from `arbete`",
        "this state already has a row",
    );
    let stderr = case.assert_checked(&scenario);
    assert_fifty_rendered(&case, &stderr);
}

/// A model filled to the size limit with duplicate rows (about 41 000 problems) is reported in
/// time linear in its size: a quadratic report would take minutes.
#[test]
fn a_model_filled_with_duplicate_rows_is_reported_in_time() {
    let base = model_with_duplicate_rows(0).len();
    let row = model_with_duplicate_rows(1).len() - base;
    let rows = (usize::try_from(sekalk::load::MAX_FILE_BYTES).expect("the limit fits usize") - base) / row;
    let dir = Generated::new();
    let scenario = dir.pair(&base_scenario_naming("model.toml"), &model_with_duplicate_rows(rows));
    let what = "a model of 4 MiB of rows from `arbete`, which already has one";
    let case = many_problems_case(
        "4 MiB of duplicate rows",
        what,
        rows,
        "a second row from `arbete`",
        "this state already has a row",
    );
    Case { time_limit: LARGE_FILE_TIME_LIMIT, ..case }.assert_checked(&scenario);
}

/// 3 000 unknown states in `[population] start`: the first 50 are shown, the other 2 950
/// counted.
#[test]
fn thousands_of_unknown_states_in_the_population_are_shown_fifty_and_counted() {
    let unknown: Vec<String> = (0..3000).map(|i| format!("okand{i:04} = 1")).collect();
    let start = format!("start = {{ fs = 100, studier = 20, {} }}", unknown.join(", "));
    let scenario = replaced(&base_scenario_naming("model.toml"), "start = { fs = 100, studier = 20 }", &start);
    let dir = Generated::new();
    let scenario = dir.pair(&scenario, &base_model());
    let what = "3 000 unknown states in `[population] start`";
    let case = many_problems_case("3000 unknown keys", what, 3000, "unknown state `okand0000`", "no state has this id");
    let stderr = case.assert_checked(&scenario);
    assert_fifty_rendered(&case, &stderr);
}

/// Makes a FIFO (named pipe) at `path`.
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success(), "mkfifo {} failed", path.display());
}

/// A scenario or model that is not a regular file (FIFO, device, directory) is refused at once,
/// without being opened: a FIFO would block, `/dev/zero` never ends.
#[test]
fn files_that_are_not_regular_files_are_refused_without_being_opened() {
    let dir = Generated::new();
    mkfifo(&dir.path("fifo.toml"));
    std::fs::create_dir(dir.path("folder.toml")).expect("a folder is made");
    std::os::unix::fs::symlink("/dev/zero", dir.path("zero.toml")).expect("a symbolic link is made");
    let fifo = "fifo.toml` is a FIFO (named pipe), not a file";
    let folder = "folder.toml` is a directory, not a file";
    let device = "` is a device, not a file";
    let scenarios = [
        ("scenario FIFO", "the scenario given as a FIFO", dir.path("fifo.toml"), fifo),
        ("scenario /dev/null", "the scenario given as /dev/null", PathBuf::from("/dev/null"), device),
        ("scenario folder", "the scenario given as a directory", dir.path("folder.toml"), folder),
    ];
    for (file, what, path, message) in scenarios {
        Case::generated(file, what, 3, &[message]).assert_checked(&path);
    }
    let named_here = "scenario.toml:7:9";
    let models = [
        ("model /dev/zero", "a model named /dev/zero", "/dev/zero", 1, "the model `/dev/zero` is not a .toml file"),
        ("model FIFO", "a model that is a FIFO named fifo.toml", "fifo.toml", 3, fifo),
        ("model folder", "a model that is a directory named folder.toml", "folder.toml", 3, folder),
        ("model link to /dev/zero", "a model zero.toml linking to /dev/zero", "zero.toml", 3, device),
    ];
    for (file, what, model, exit, message) in models {
        let scenario = dir.write("scenario.toml", base_scenario_naming(model));
        Case::generated(file, what, exit, &[message, named_here]).assert_checked(&scenario);
    }
}

/// Values at the edge of the limits that are valid pass the check: a probability of 1e-28 (the
/// decimal type's resolution) and a discount rate of 0.4 over 200 years (factors that round to
/// zero, not an overflow).
#[test]
fn values_at_the_edge_of_the_limits_are_accepted() {
    let base_scenario = base_scenario_naming("model.toml");
    let model = replaced(&base_model(), "utflyttad = 0.05,", "utflyttad = 1e-28,");
    let dir = Generated::new();
    let scenario = dir.pair(&base_scenario, &model);
    let ok = "scenario.toml: ok (scenario with 1 alternative over 10 years)";
    Case::generated("probability 1e-28", "a probability of 1e-28", 0, &[ok]).assert_checked(&scenario);

    let long = replaced(&base_scenario, "horizon_years = 10", "horizon_years = 200");
    let scenario = dir.pair(&replaced(&long, "costs = 0.035", "costs = 0.4"), &base_model());
    let ok = "scenario.toml: ok (scenario with 1 alternative over 200 years)";
    Case::generated("discount 0.4", "a discount rate of 0.4 over 200 years", 0, &[ok]).assert_checked(&scenario);
}
