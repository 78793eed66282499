//! The start population and inflow read from a CSV (`[population] start_csv`, `inflow_csv`):
//! the same figures as when typed, both dialects alike, every bad row located at once.

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn sekalk() -> Command {
    Command::cargo_bin("sekalk").expect("the binary is built")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The typical scenario's text with its model named by an absolute path and its typed start
/// replaced by `population` (the lines that give the people).
fn typical_with(population: &str) -> String {
    let text = std::fs::read_to_string(root().join("scenarios/typisk_insats.toml")).expect("the typical scenario");
    let model = root().join("models/sverige.toml");
    let start = text.lines().find(|l| l.starts_with("start = {")).expect("a typed start");
    text.replace(start, population).replace("\"../models/sverige.toml\"", &format!("{:?}", model.display().to_string()))
}

/// A folder with `scenario.toml` (the typical scenario with `population` instead of its typed
/// start) and the CSV files given by name and text.
struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new(population: &str, files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(dir.path().join("scenario.toml"), typical_with(population)).expect("write scenario");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write csv");
        }
        Folder { dir }
    }

    fn scenario(&self) -> PathBuf {
        self.dir.path().join("scenario.toml")
    }

    /// `sekalk check` of the scenario: exit code and standard error.
    fn check(&self) -> (Option<i32>, String) {
        let out = sekalk().arg("check").arg(self.scenario()).output().expect("runs");
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

const DIALECT: [&str; 2] = ["--csv-dialect", "en"];

/// The standard error of `sekalk check` of the typical scenario reading its start from a CSV
/// `start.csv` of `text`, which must be refused as invalid (exit code 1).
fn refused(text: &str) -> String {
    let (code, stderr) = Folder::new("start_csv = \"start.csv\"", &[("start.csv", text)]).check();
    assert_eq!(code, Some(1), "{stderr}");
    stderr
}

#[test]
fn the_example_csv_gives_the_figures_of_the_typed_start_and_is_listed_as_an_input() {
    let csv = root().join("scenarios/data/typisk_insats_befolkning.csv");
    let folder = Folder::new(&format!("start_csv = {:?}", csv.display().to_string()), &[]);
    let typed = common::csv_figures(&root().join("scenarios/typisk_insats.toml"), &DIALECT);
    assert_eq!(typed, common::csv_figures(&folder.scenario(), &DIALECT));
    let out = sekalk().arg("run").arg(folder.scenario()).args(["--format", "csv"]).output().expect("runs");
    let report = String::from_utf8_lossy(&out.stdout);
    let listed = report.lines().find(|l| l.contains("typisk_insats_befolkning.csv")).unwrap_or_default();
    assert!(listed.contains("sha256:"), "the CSV is an input with its hash: {report}");
}

#[test]
fn both_dialects_give_the_same_figures() {
    let comma = "category,months_on_support,households\n2,7,120.5\n3,13,\"80\"\n3,30,1234.25\n";
    let semicolon = "\u{feff}# a comment\nkategori;månader;hushåll\n2;7;120,5\n3;13;80\n3;30;1 234,25\n";
    let figures = |text: &str| {
        let folder = Folder::new("start_csv = \"start.csv\"", &[("start.csv", text)]);
        common::csv_figures(&folder.scenario(), &DIALECT)
    };
    let typed = Folder::new("start = { k2_7_12 = 120.5, k3_13_24 = 80, k3_25 = 1234.25 }", &[]);
    let expected = common::csv_figures(&typed.scenario(), &DIALECT);
    assert_eq!(figures(comma), expected);
    assert_eq!(figures(semicolon), expected);
}

#[test]
fn an_inflow_csv_gives_the_figures_of_the_typed_inflow() {
    let start = "start = { k2_25 = 300, k3_25 = 200 }";
    let typed = Folder::new(&format!("{start}\ninflow = {{ k2_0_6 = 3.5, k3_0_6 = 2 }}"), &[]);
    let inflow = "kategori;månader;hushåll\n2;0;2\n2;3;1,5\n3;6;2\n";
    let read = Folder::new(&format!("{start}\ninflow_csv = \"inflow.csv\""), &[("inflow.csv", inflow)]);
    assert_eq!(common::csv_figures(&typed.scenario(), &DIALECT), common::csv_figures(&read.scenario(), &DIALECT));
}

#[test]
fn every_bad_row_is_reported_at_once_with_its_place_in_the_csv() {
    let stderr = refused("kategori;månader;hushåll\n2;7;10\n9;7;1\n2;-1;4\n3;13;-5\n4;25;1.5\n");
    for expected in [
        "unknown category `9`",
        "start.csv:3:1",
        "the categories are: 1, 2, 3, 4, 5",
        "-1 months on support is outside every range of the model",
        "start.csv:4:3",
        "-5 households: a count cannot be negative",
        "start.csv:5:6",
        "`1.5` is not a number here",
        "start.csv:6:6",
        "4 problems found",
    ] {
        assert!(stderr.contains(expected), "`{expected}` in {stderr}");
    }
}

#[test]
fn a_column_of_personal_data_is_refused() {
    let stderr = refused("personnummer;kategori;månader;hushåll\n19850312-1234;2;7;1\n");
    assert!(stderr.contains("holds personal data, which sekalk refuses to read"), "{stderr}");
    assert!(stderr.contains("start.csv:1:1"), "{stderr}");
}

#[test]
fn an_empty_csv_is_refused() {
    let stderr = refused("");
    assert!(stderr.contains("no header line") && stderr.contains("`category`"), "{stderr}");
}

#[test]
fn a_start_both_typed_and_read_is_refused() {
    let text = "kategori;månader;hushåll\n2;7;10\n";
    let population = "start = { k2_7_12 = 10 }\nstart_csv = \"start.csv\"";
    let (code, stderr) = Folder::new(population, &[("start.csv", text)]).check();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("`start` and `start_csv` are both given"), "{stderr}");
    assert!(stderr.contains("scenario.toml:48:13"), "{stderr}");
}

#[test]
fn a_missing_csv_exits_with_code_3() {
    let (code, stderr) = Folder::new("start_csv = \"finns_inte.csv\"", &[]).check();
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("finns_inte.csv`: no such file") && stderr.contains("named here"), "{stderr}");
}

#[test]
fn a_model_with_months_ranges_needs_the_months_column() {
    let stderr = refused("kategori;hushåll\n2;10\n");
    assert!(stderr.contains("the column `months_on_support` is missing"), "{stderr}");
}
