//! The Excel workbook: written as a zip, read back with calamine to check that the sheets are
//! there and that figures are real numbers equal to the report's (as doubles), that the native
//! chart of cumulative net benefit is in the package, and that the same document gives the
//! same bytes. A text dump of the cells (not the binary) is the snapshot.

#[path = "common/report.rs"]
mod report;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use sekalk::render::format::Lang;
use sekalk::render::labels::{Text, text};
use sekalk::render::tables;
use sekalk::render::{Document, Format};
use sekalk::report::Report;
use std::io::{Cursor, Read};

/// The small deterministic scenario: three states, two years, one intervention with a
/// participants' follow-up and a break-even search.
const HAND: &str = "tests/data/hand/intervention.toml";
/// A second scenario, of another model.
const PAYBACK: &str = "tests/data/economics/payback.toml";

const SHEETS_SV: [&str; 7] = ["Svar", "Sammanfattning", "Pengaflöden", "Per år", "Per aktör", "Deltagare", "Källor"];
const SHEETS_EN: [&str; 7] = ["Answer", "Summary", "Money flows", "Per year", "Per actor", "Participants", "Sources"];

fn xlsx(reports: &[Report], lang: Lang) -> Vec<u8> {
    report::export(reports, Format::Xlsx, lang)
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    open(bytes).worksheet_range(name).expect("the sheet exists")
}

/// The absolute row whose first cell is the text `first`, the first such row from the top.
fn row_starting(range: &Range<Data>, first: &str) -> u32 {
    (0..=range.end().expect("a sheet with cells").0)
        .find(|&row| range.get_value((row, 0)) == Some(&Data::String(first.to_string())))
        .unwrap_or_else(|| panic!("no row starts with {first:?}"))
}

fn cell(range: &Range<Data>, row: u32, column: u32) -> &Data {
    range.get_value((row, column)).unwrap_or(&Data::Empty)
}

fn double(value: Decimal) -> f64 {
    value.to_f64().expect("a double")
}

/// The names of the entries of the zip package.
fn entries(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("the workbook is a zip");
    archive.file_names().map(str::to_string).collect()
}

fn entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("the workbook is a zip");
    let mut text = String::new();
    archive.by_name(name).expect("the entry exists").read_to_string(&mut text).expect("UTF-8 XML");
    text
}

/// Every sheet's cells as text, one row a line: what the workbook says, without the binary.
fn dump(bytes: &[u8]) -> String {
    let mut workbook = open(bytes);
    let mut out = String::new();
    for name in workbook.sheet_names() {
        out.push_str(&format!("## {name}\n"));
        let range = workbook.worksheet_range(&name).expect("the sheet exists");
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Data::Float(f) => format!("{f:?}"),
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => format!("{other:?}"),
                })
                .collect();
            out.push_str(cells.join(" | ").trim_end_matches([' ', '|']));
            out.push('\n');
        }
    }
    out
}

#[test]
fn xlsx_snapshot_of_the_cells_of_a_hand_computed_intervention() {
    insta::assert_snapshot!("xlsx_cells_sv", dump(&xlsx(&[report::report(HAND)], Lang::Sv)));
}

#[test]
fn xlsx_is_a_zip_with_the_swedish_sheets_in_order() {
    let bytes = xlsx(&[report::report(HAND)], Lang::Sv);
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip package");
    assert_eq!(open(&bytes).sheet_names(), SHEETS_SV);
}

#[test]
fn xlsx_in_english_names_its_sheets_in_english() {
    let bytes = xlsx(&[report::report(HAND)], Lang::En);
    assert_eq!(open(&bytes).sheet_names(), SHEETS_EN);
}

#[test]
fn xlsx_sheet_names_are_valid_excel_names() {
    for name in SHEETS_SV.iter().chain(&SHEETS_EN) {
        assert!(name.chars().count() <= 31, "{name} is too long for Excel");
        assert!(!name.contains(['[', ']', ':', '*', '?', '/', '\\']), "{name} has a character Excel refuses");
    }
}

#[test]
fn xlsx_money_cells_are_the_report_amounts_as_numbers() {
    let report = report::report(HAND);
    let bytes = xlsx(std::slice::from_ref(&report), Lang::Sv);
    let alternative = &report.alternatives[0];

    let flows = sheet(&bytes, "Pengaflöden");
    let header = row_starting(&flows, text(Text::Year, Lang::Sv));
    assert_eq!(cell(&flows, header + 1, 0), &Data::Float(1.0), "year 1 is a number");
    for (actor, amount) in alternative.flows[0].actors.iter().enumerate() {
        assert_eq!(cell(&flows, header + 1, 1 + actor as u32), &Data::Float(double(*amount)));
    }

    let summary = sheet(&bytes, "Sammanfattning");
    let kommun = row_starting(&summary, &report.perspectives[0].label.sv);
    assert_eq!(cell(&summary, kommun, 1), &Data::Float(double(alternative.summary[0].investment)));
    assert_eq!(cell(&summary, kommun, 3), &Data::Float(double(alternative.summary[0].net_benefit)));
}

#[test]
fn xlsx_share_cells_are_fractions_formatted_as_percentages() {
    let report = report::report(HAND);
    let bytes = xlsx(std::slice::from_ref(&report), Lang::Sv);
    let participants = sheet(&bytes, "Deltagare");
    let header = row_starting(&participants, text(Text::When, Lang::Sv));
    let shares = &report.alternatives[0].participants[0].follow_up.shares[0];
    assert_eq!(cell(&participants, header + 1, 2), &Data::Float(double(shares.without[0])));
    assert_eq!(cell(&participants, header + 1, 3), &Data::Float(double(shares.with[0])));
    let styles = entry(&bytes, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0.0%""#), "shares show as percentages");
    assert!(styles.contains(r##"formatCode="#,##0""##), "money shows grouped whole kronor");
}

#[test]
fn xlsx_text_cells_stay_text_and_empty_cells_stay_empty() {
    let report = report::report(HAND);
    let bytes = xlsx(std::slice::from_ref(&report), Lang::Sv);
    let summary = sheet(&bytes, "Sammanfattning");
    let kommun = row_starting(&summary, &report.perspectives[0].label.sv);
    let individ = kommun + 1;
    assert_eq!(cell(&summary, individ, 4), &Data::Empty, "no return per krona without investment");
    assert_eq!(cell(&summary, kommun, 5), &Data::String(text(Text::NotWithinHorizon, Lang::Sv).to_string()));
}

#[test]
fn xlsx_holds_every_table_and_section_of_the_document() {
    let reports = report::reports(&[HAND, PAYBACK]);
    let bytes = xlsx(&reports, Lang::Sv);
    let cells = dump(&bytes);
    let standings = report::ranked(&reports);
    let document = Document { reports: &reports, standings: &standings, lang: Lang::Sv };
    for section in tables::sections(&document) {
        assert!(cells.contains(&section.title), "section {:?} is missing", section.title);
        for grid in &section.grids {
            assert!(cells.contains(&grid.title), "grid {} {:?} is missing", grid.id, grid.title);
        }
    }
}

#[test]
fn xlsx_has_a_native_line_chart_of_cumulative_net_benefit_per_alternative() {
    let reports = report::reports(&[HAND, PAYBACK]);
    let bytes = xlsx(&reports, Lang::Sv);
    let names = entries(&bytes);
    assert!(names.contains(&"xl/charts/chart1.xml".to_string()), "{names:?}");
    assert!(names.contains(&"xl/charts/chart2.xml".to_string()), "one chart per alternative: {names:?}");
    let chart = entry(&bytes, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:lineChart>"), "a line chart");
    assert!(chart.contains("Pengaflöden!$"), "drawn from the money flows sheet");
    for header in [Text::CumulativePublic, Text::CumulativeSociety] {
        assert!(chart.contains(text(header, Lang::Sv)), "a series of {header:?}");
    }
}

#[test]
fn xlsx_chart_on_an_english_sheet_name_with_a_space_is_quoted() {
    let bytes = xlsx(&[report::report(HAND)], Lang::En);
    assert!(entry(&bytes, "xl/charts/chart1.xml").contains("'Money flows'!$"));
}

#[test]
fn xlsx_of_the_same_document_is_byte_identical() {
    let reports = report::reports(&[HAND, PAYBACK]);
    assert_eq!(xlsx(&reports, Lang::Sv), xlsx(&reports, Lang::Sv));
    assert!(entry(&xlsx(&reports, Lang::Sv), "docProps/core.xml").contains("2000-01-01T00:00:00Z"));
}
