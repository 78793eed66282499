//! CSV: every table of every section as its own block, numbers locale-free at full precision,
//! so that a spreadsheet reads every number as a number.
//!
//! A block is a marker record, the header row, the rows and a blank line. The marker's first
//! field is `#`, then the section id, the table id (`text` for a section's paragraphs), the
//! section's title, the table's title and its note:
//!
//! ```text
//! #;alternative;summary;Insats jämfört med Utan insats;Sammanfattning;Positivt = vinst …
//! Perspektiv;Investering;…
//! Kommunen;-1234,5678;…
//! ```
//!
//! Amounts, numbers and shares are written exact (shares as the fraction 0–1), with an ASCII
//! hyphen-minus, no thousands separator and no unit; years as integers; an empty cell as an
//! empty field; text as it is (quoted where the dialect needs it). The `sv` dialect starts with
//! a UTF-8 byte order mark, which Excel needs to read å, ä and ö right.

use super::tables::{self, Grid, Section, Value};
use super::{CsvDialect, Document, ExportError, Exporter};
use rust_decimal::Decimal;

/// The CSV format in one dialect.
pub struct Csv(pub CsvDialect);

impl Exporter for Csv {
    fn export(&self, document: &Document) -> Result<Vec<u8>, ExportError> {
        render_sections(&tables::sections(document), self.0)
    }
}

/// Sections as csv blocks in `dialect` (the `sv` dialect starting with a byte order mark).
pub fn render_sections(sections: &[Section], dialect: CsvDialect) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    if dialect == CsvDialect::Sv {
        out.extend_from_slice(BOM.as_bytes());
    }
    for section in sections {
        section_blocks(&mut out, section, dialect)?;
    }
    Ok(out)
}

/// The byte order mark the `sv` dialect starts with, so that Excel reads the file as UTF-8
/// (å, ä, ö) when it is opened with a double click; csv readers skip it.
pub const BOM: &str = "\u{feff}";

/// The first field of a marker record, which starts every block.
pub const MARKER: &str = "#";

/// The table id of a block that holds a section's paragraphs, one per row.
pub const TEXT_BLOCK: &str = "text";

fn section_blocks(out: &mut Vec<u8>, section: &Section, dialect: CsvDialect) -> Result<(), ExportError> {
    if !section.paragraphs.is_empty() {
        let marker = [MARKER, section.id, TEXT_BLOCK, &section.title];
        let rows = section.paragraphs.iter().map(|p| vec![text(p)]);
        block(out, dialect, &marker, std::iter::empty(), rows)?;
    }
    for grid in &section.grids {
        grid_block(out, section, grid, dialect)?;
    }
    Ok(())
}

fn grid_block(out: &mut Vec<u8>, section: &Section, grid: &Grid, dialect: CsvDialect) -> Result<(), ExportError> {
    let note = grid.note.as_deref().unwrap_or("");
    let marker = [MARKER, section.id, grid.id, &section.title, &grid.title, note];
    let rows = grid.rows.iter().map(|row| row.iter().map(|v| field(v, dialect)).collect());
    block(out, dialect, &marker, std::iter::once(grid.header.clone()), rows)
}

/// Writes one block: the marker, the header (if any), the rows and a blank line.
fn block(
    out: &mut Vec<u8>,
    dialect: CsvDialect,
    marker: &[&str],
    header: impl Iterator<Item = Vec<String>>,
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<(), ExportError> {
    let delimiter = match dialect {
        CsvDialect::En => b',',
        CsvDialect::Sv => b';',
    };
    let mut writer = ::csv::WriterBuilder::new().delimiter(delimiter).flexible(true).from_writer(Vec::new());
    let failed = |e: ::csv::Error| ExportError(format!("cannot write csv: {e}"));
    writer.write_record(marker.iter().map(|m| text(m))).map_err(failed)?;
    for record in header.map(|h| h.iter().map(|t| text(t)).collect()).chain(rows) {
        writer.write_record(&record).map_err(failed)?;
    }
    let bytes = writer.into_inner().map_err(|e| ExportError(format!("cannot write csv: {}", e.error())))?;
    out.extend_from_slice(&bytes);
    out.push(b'\n');
    Ok(())
}

/// Text as a field: control characters escaped as on the terminal, and a leading `=`, `+`, `-`
/// or `@` quoted with `'` so that a spreadsheet shows it as text instead of running it as a
/// formula.
pub fn text(words: &str) -> String {
    let safe = crate::escape::inline(words);
    if safe.starts_with(['=', '+', '-', '@']) { format!("'{safe}") } else { safe.into_owned() }
}

/// One cell as a field: numbers exact and locale-free, in the dialect's decimal mark.
pub fn field(value: &Value, dialect: CsvDialect) -> String {
    match value {
        Value::Text(words) => text(words),
        Value::Money(number) | Value::Number(number, _) | Value::Share(number) => decimal(*number, dialect),
        Value::Year(year) => year.to_string(),
        Value::Empty => String::new(),
    }
}

/// A number exact, with `.` (en) or `,` (sv) as decimal mark.
fn decimal(number: Decimal, dialect: CsvDialect) -> String {
    let plain = super::json::plain(number);
    match dialect {
        CsvDialect::En => plain,
        CsvDialect::Sv => plain.replace('.', ","),
    }
}
