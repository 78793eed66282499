//! Finished results presented for people and programs: one module per output format behind
//! the [`Exporter`] trait, as hyperfine keeps its exporters.
//!
//! This layer formats and lays out; every figure it shows was computed by [`crate::report`].
//! [`tables`] turns a [`Document`] into typed tables and [`answer`] into sentences, once for
//! every format, so the formats differ only in how they present the same cells.

pub mod answer;
pub mod bokslut;
pub mod chart;
pub mod csv;
pub mod format;
pub mod html;
pub mod json;
pub mod labels;
pub mod markdown;
pub mod tables;
pub mod terminal;
pub mod uncertainty;
pub mod uncertainty_html;
pub mod xlsx;

use crate::report::Report;
use crate::report::compare::Standings;
use format::Lang;

/// What one command presents: the reports of one or more scenarios and, when more than one
/// alternative is shown, the alternatives side by side.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The reports, one per scenario.
    pub reports: &'a [Report],
    /// Every alternative of every report ranked by one perspective.
    pub standings: &'a Standings,
    /// The language of what people read.
    pub lang: Lang,
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text tables for a terminal (at most 100 columns).
    Table,
    /// GitHub-flavoured markdown.
    Markdown,
    /// Comma- or semicolon-separated values, locale-free numbers at full precision.
    Csv(CsvDialect),
    /// The versioned JSON contract.
    Json,
    /// An Excel workbook.
    Xlsx,
    /// One self-contained HTML page.
    Html,
}

/// `sections` in a format that presents sections as they are: markdown, csv, xlsx (titled
/// `title`), or text tables for a terminal (also for JSON and html, which each document writes
/// its own way before it comes here).
pub fn present_sections(
    sections: &[tables::Section],
    title: &str,
    lang: Lang,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    Ok(match format {
        Format::Markdown => markdown::render_sections(sections, lang).into_bytes(),
        Format::Csv(dialect) => csv::render_sections(sections, dialect)?,
        Format::Xlsx => xlsx::render_sections(sections, title, lang)?,
        Format::Table | Format::Json | Format::Html => terminal::render_sections(sections, lang).into_bytes(),
    })
}

impl Format {
    /// Whether the format is binary or a whole page, written only to a file.
    pub fn file_only(self) -> bool {
        matches!(self, Format::Xlsx | Format::Html)
    }
}

/// The CSV dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvDialect {
    /// `,` between fields, `.` as decimal mark (what most programs read).
    En,
    /// `;` between fields, decimal comma (what a Swedish spreadsheet reads as numbers).
    Sv,
}

/// Why a document could not be presented.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ExportError(pub String);

/// One output format.
pub trait Exporter {
    /// The document in this format.
    fn export(&self, document: &Document) -> Result<Vec<u8>, ExportError>;
}

/// The exporter of `format`.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(terminal::Terminal),
        Format::Markdown => Box::new(markdown::Markdown),
        Format::Csv(dialect) => Box::new(csv::Csv(dialect)),
        Format::Json => Box::new(json::Json),
        Format::Xlsx => Box::new(xlsx::Xlsx),
        Format::Html => Box::new(html::Html),
    }
}
