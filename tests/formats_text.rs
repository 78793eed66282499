//! The text formats for programs and documents: markdown, csv (both dialects) and the JSON
//! contract. Snapshots of a small hand-computed scenario guard what each format writes; the
//! csv is read back as numbers and the JSON checked against its committed schema.

#[path = "common/report.rs"]
mod report;

use rust_decimal::Decimal;
use sekalk::render::format::Lang;
use sekalk::render::tables::{self, Value};
use sekalk::render::{CsvDialect, Document, Format};
use sekalk::report::Report;

/// The small deterministic scenario of the snapshots: three states, two years, one
/// intervention, an outcome measure (tests/hand_computed.rs works it out by hand).
const HAND: &str = "tests/data/hand/intervention.toml";
/// A second scenario, of another model: a one-off cost in year 3 and a lower transfer.
const PAYBACK: &str = "tests/data/economics/payback.toml";
/// The annotated example: bands of discount rates, a start date, extra actors, observations.
const EXAMPLE: &str = "docs/examples/scenario.toml";

fn hand() -> Vec<Report> {
    vec![report::report(HAND)]
}

// ---- snapshots --------------------------------------------------------------------------------

#[test]
fn markdown_snapshot_of_a_hand_computed_intervention() {
    insta::assert_snapshot!("markdown_sv", report::export_text(&hand(), Format::Markdown, Lang::Sv));
}

#[test]
fn markdown_snapshot_in_english() {
    insta::assert_snapshot!("markdown_en", report::export_text(&hand(), Format::Markdown, Lang::En));
}

#[test]
fn csv_snapshots_in_both_dialects() {
    let sv = report::export_text(&hand(), Format::Csv(CsvDialect::Sv), Lang::Sv);
    insta::assert_snapshot!("csv_sv", sv.trim_start_matches('\u{feff}'));
    insta::assert_snapshot!("csv_en", report::export_text(&hand(), Format::Csv(CsvDialect::En), Lang::En));
}

#[test]
fn json_snapshot_is_the_contract_guard() {
    insta::assert_snapshot!("json", report::export_text(&hand(), Format::Json, Lang::Sv));
}

// ---- csv read back ---------------------------------------------------------------------------

/// One block of a csv report: its marker record and the records after it.
#[derive(Debug)]
struct Block {
    marker: Vec<String>,
    records: Vec<Vec<String>>,
}

fn read_blocks(bytes: &[u8], dialect: CsvDialect) -> Vec<Block> {
    let delimiter = match dialect {
        CsvDialect::En => b',',
        CsvDialect::Sv => b';',
    };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(bytes);
    let mut blocks: Vec<Block> = Vec::new();
    for record in reader.records() {
        let record: Vec<String> = record.expect("the csv reads back").iter().map(str::to_string).collect();
        if record[0] == "#" {
            blocks.push(Block { marker: record, records: Vec::new() });
        } else {
            blocks.last_mut().expect("every record follows a marker").records.push(record);
        }
    }
    blocks
}

/// A field that came from a number, read as a number.
fn number(field: &str, dialect: CsvDialect) -> Decimal {
    let text = match dialect {
        CsvDialect::En => field.to_string(),
        CsvDialect::Sv => field.replace(',', "."),
    };
    assert!(text.parse::<f64>().is_ok(), "`{field}` does not parse as a number");
    Decimal::from_str_exact(&text).unwrap_or_else(|e| panic!("`{field}` is not an exact decimal: {e}"))
}

/// Every field read back is the cell it came from: numbers exactly, years as integers, empty
/// cells empty, text as it is.
fn assert_field(field: &str, value: &Value, dialect: CsvDialect) {
    match value {
        Value::Money(expected) | Value::Number(expected, _) | Value::Share(expected) => {
            assert_eq!(number(field, dialect), *expected, "field `{field}`");
            assert!(!field.contains(['\u{2212}', ' ', '\u{a0}']), "`{field}` has a unicode minus or a space");
        }
        Value::Year(year) => assert_eq!(field.parse::<usize>().ok(), Some(*year), "field `{field}`"),
        Value::Empty => assert_eq!(field, ""),
        Value::Text(text) => assert_eq!(field, text),
    }
}

fn read_back(reports: &[Report], dialect: CsvDialect, lang: Lang) {
    let bytes = report::export(reports, Format::Csv(dialect), lang);
    let blocks = read_blocks(&bytes, dialect);
    let standings = report::ranked(reports);
    let sections = tables::sections(&Document { reports, standings: &standings, lang });
    let mut blocks = blocks.iter();
    for section in &sections {
        if !section.paragraphs.is_empty() {
            let block = blocks.next().expect("a block for the section's text");
            assert_eq!(block.marker[1..3], [section.id.to_string(), "text".to_string()]);
            let paragraphs: Vec<&str> = block.records.iter().map(|r| r[0].as_str()).collect();
            assert_eq!(paragraphs, section.paragraphs);
        }
        for grid in &section.grids {
            let block = blocks.next().expect("a block for every table");
            assert_eq!(block.marker[1..5], [section.id, grid.id, &section.title, &grid.title]);
            assert_eq!(block.records[0], grid.header);
            assert_eq!(block.records.len(), grid.rows.len() + 1, "rows of `{}`", grid.id);
            for (record, row) in block.records[1..].iter().zip(&grid.rows) {
                assert_eq!(record.len(), row.len());
                record.iter().zip(row).for_each(|(field, value)| assert_field(field, value, dialect));
            }
        }
    }
    assert!(blocks.next().is_none(), "no block beyond the tables");
}

#[test]
fn csv_reads_back_as_the_exact_numbers_in_both_dialects() {
    let reports = report::reports(&[HAND, PAYBACK]);
    read_back(&reports[..1], CsvDialect::Sv, Lang::Sv);
    read_back(&reports[..1], CsvDialect::En, Lang::En);
    read_back(&reports, CsvDialect::Sv, Lang::En);
    read_back(&reports, CsvDialect::En, Lang::Sv);
}

#[test]
fn csv_of_the_example_reads_back_with_a_comma_delimiter_and_a_swedish_document() {
    read_back(&[report::report(EXAMPLE)], CsvDialect::En, Lang::Sv);
}

#[test]
fn csv_money_flows_of_the_actors_sum_to_the_society_column() {
    // The hand model has a transfer (försörjningsstöd, kommun → individ) and the intervention's
    // resource cost, borne by the kommun: society's yearly gain is the actors' sum.
    let reports = hand();
    let report = &reports[0];
    for dialect in [CsvDialect::Sv, CsvDialect::En] {
        let blocks = read_blocks(&report::export(&reports, Format::Csv(dialect), Lang::Sv), dialect);
        let flows = blocks.iter().find(|b| b.marker[2] == "flows").expect("a flows block");
        let actors = report.actors.len();
        let society = flows.records[0].iter().position(|h| h == "Samhället").expect("a society column");
        assert_eq!(society, actors + 2, "year, the actors, the public sector, society");
        assert_eq!(flows.records.len() - 1, report.setup.horizon_years as usize);
        for (record, year) in flows.records[1..].iter().zip(&report.alternatives[0].flows) {
            let sum: Decimal = record[1..=actors].iter().map(|f| number(f, dialect)).sum();
            assert_eq!(sum, number(&record[society], dialect), "year {}", record[0]);
            assert_eq!(number(&record[society], dialect), year.perspectives[actors + 1]);
        }
        let summary = blocks.iter().find(|b| b.marker[2] == "summary").expect("a summary block");
        let society_row = summary.records.iter().find(|r| r[0] == "Samhället").expect("society's row");
        assert_eq!(number(&society_row[3], dialect), report.alternatives[0].summary[actors + 1].net_benefit);
    }
}

#[test]
fn csv_sv_starts_with_a_byte_order_mark_and_en_does_not() {
    let reports = hand();
    assert!(report::export(&reports, Format::Csv(CsvDialect::Sv), Lang::Sv).starts_with("\u{feff}#;".as_bytes()));
    assert!(report::export(&reports, Format::Csv(CsvDialect::En), Lang::Sv).starts_with(b"#,"));
}

// ---- json -------------------------------------------------------------------------------------

fn json(reports: &[Report], lang: Lang) -> serde_json::Value {
    serde_json::from_slice(&report::export(reports, Format::Json, lang)).expect("the output is JSON")
}

fn assert_valid(instance: &serde_json::Value) {
    let text = std::fs::read_to_string("docs/schema/report.schema.json").expect("the committed schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("the schema is a valid draft 2020-12 schema");
    let errors: Vec<String> =
        validator.iter_errors(instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "the output breaks the schema:\n{}", errors.join("\n"));
}

#[test]
fn json_of_different_scenarios_validates_against_the_schema() {
    assert_valid(&json(&hand(), Lang::Sv));
    assert_valid(&json(&[report::report(PAYBACK)], Lang::En));
    assert_valid(&json(&[report::report(EXAMPLE)], Lang::Sv));
    assert_valid(&json(&report::reports(&[HAND, PAYBACK]), Lang::Sv));
}

#[test]
fn json_schema_rejects_a_number_where_money_is_a_string() {
    let mut instance = json(&hand(), Lang::Sv);
    instance["reports"][0]["alternatives"][0]["summary"][0]["net_benefit"] = serde_json::json!(-1.5);
    let text = std::fs::read_to_string("docs/schema/report.schema.json").expect("the committed schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert!(!jsonschema::draft202012::is_valid(&schema, &instance));
}

#[test]
fn json_money_is_the_report_figure_exactly() {
    let reports = hand();
    let value = json(&reports, Lang::Sv);
    let alternative = &reports[0].alternatives[0];
    for (p, row) in alternative.summary.iter().enumerate() {
        let text = value["reports"][0]["alternatives"][0]["summary"][p]["net_benefit"].as_str().expect("a string");
        assert_eq!(Decimal::from_str_exact(text).expect("a decimal"), row.net_benefit);
    }
    let flows = &value["reports"][0]["alternatives"][0]["flows"];
    assert_eq!(flows.as_array().map(Vec::len), Some(alternative.flows.len()));
    assert_eq!(flows[0]["year"], serde_json::json!(1));
}

#[test]
fn json_carries_the_provenance_and_the_version_of_the_contract() {
    let value = json(&report::reports(&[HAND, PAYBACK]), Lang::En);
    assert_eq!(value["schema_version"], serde_json::json!(sekalk::report::SCHEMA_VERSION));
    assert_eq!(value["sekalk_version"], serde_json::json!(report::VERSION));
    let inputs: Vec<&str> =
        value["provenance"]["inputs"].as_array().into_iter().flatten().filter_map(|i| i["path"].as_str()).collect();
    assert_eq!(
        inputs,
        [
            "tests/data/hand/intervention.toml",
            "tests/data/hand/model.toml",
            "tests/data/economics/payback.toml",
            "tests/data/economics/payback_model.toml"
        ]
    );
    assert_eq!(value["standings"]["differences"], serde_json::json!(["model", "horizon", "discount_rate", "counting"]));
    assert_eq!(value["reports"][1]["provenance"]["command"], serde_json::json!(format!("sekalk run {PAYBACK}")));
}

// ---- markdown --------------------------------------------------------------------------------

/// The cells of a markdown table line, counting the pipes that are not escaped.
fn cells(line: &str) -> usize {
    let mut pipes = 0;
    let mut backslashes = 0;
    for c in line.chars() {
        if c == '|' && backslashes % 2 == 0 {
            pipes += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    pipes - 1
}

#[test]
fn markdown_tables_have_as_many_cells_in_every_row_and_numbers_right_aligned() {
    let text = report::export_text(&report::reports(&[HAND, PAYBACK]), Format::Markdown, Lang::Sv);
    let mut width = None;
    for line in text.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            assert_eq!(*width.get_or_insert(n), n, "{line}");
        } else {
            width = None;
        }
    }
    assert!(text.contains("| År | Kommunen | Individen | Offentlig sektor | Samhället |"));
    assert!(text.contains("| ---: | ---: | ---: | ---: | ---: |"));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn a_label_with_a_pipe_a_star_and_a_newline_stays_in_its_cell() {
    let model = std::fs::read_to_string("tests/data/hand/model.toml").expect("the hand model");
    let model = model.replace("label = \"Kommunen\"", "label = \"Kom|mun *x*\\nny rad\"");
    let scenario = std::fs::read_to_string(HAND).expect("the hand scenario");
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("model.toml"), model).expect("write the model");
    let path = dir.path().join("scenario.toml");
    std::fs::write(&path, scenario).expect("write the scenario");
    let reports = vec![report::report(path.to_str().expect("a UTF-8 path"))];
    let text = report::export_text(&reports, Format::Markdown, Lang::Sv);
    assert!(text.contains("| Kom\\|mun \\*x\\*\\\\nny rad |"), "{text}");
    assert!(!text.contains("Kom|mun"));
    let csv = report::export(&reports, Format::Csv(CsvDialect::Sv), Lang::Sv);
    let blocks = read_blocks(&csv, CsvDialect::Sv);
    let summary = blocks.iter().find(|b| b.marker[2] == "summary").expect("a summary block");
    // csv keeps the text as the tables give it (a control character made visible, as everywhere).
    assert_eq!(summary.records[1][0], "Kom|mun *x*\\nny rad");
}
