//! Finished results as text for people: tables with Swedish (default) or English labels.
//!
//! This layer formats and lays out; every figure it prints was computed by
//! [`crate::appraise`]. Machine formats and further exporters sit beside [`terminal`].

pub mod format;
pub mod labels;
pub mod terminal;

use crate::domain::Scenario;
use crate::evaluate::Evaluation;
use format::Lang;
use rust_decimal::Decimal;

/// An input file as named in a report: path and SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as shown.
    pub path: String,
    /// Hex SHA-256 of the file's contents.
    pub sha256: String,
}

/// Everything a report shows.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    /// The validated scenario.
    pub scenario: &'a Scenario,
    /// Its exact evaluation.
    pub evaluation: &'a Evaluation<Decimal>,
    /// The files it was computed from.
    pub inputs: Vec<Input>,
    /// The command that repeats it.
    pub command: String,
    /// The language of the labels.
    pub lang: Lang,
}
