//! The population CSV files a scenario names (`[population] start_csv`, `inflow_csv`): read
//! into [`Sources`] and split into located cells of their three columns.
//!
//! What a row means (which state a need category and a number of months on support is) is a
//! rule of the model, checked in [`crate::validate`].

use super::raw::{RawModel, RawPopulation};
use super::table::{self, Column, Table};
use crate::diagnostic::{Diagnostic, FileId, Sources};
use std::path::Path;
use toml::Spanned;

/// A population CSV as read: its table and where its columns are.
#[derive(Debug, Clone)]
pub struct Counts {
    /// The table, with every cell located in its file.
    pub table: Table,
    /// The position of the `category` column.
    pub category: usize,
    /// The position of the `months_on_support` column, when the file has one.
    pub months: Option<usize>,
    /// The position of the `households` column.
    pub households: usize,
}

/// The population CSV files a scenario names, each when named.
#[derive(Debug, Clone, Default)]
pub struct PopulationFiles {
    /// `start_csv`: households at the start.
    pub start: Option<Counts>,
    /// `inflow_csv`: new households per month.
    pub inflow: Option<Counts>,
}

/// The columns of a population CSV, Swedish and English names; the months column is required
/// when the model reads months on support (`months` on a group).
fn columns(months_required: bool) -> [Column; 3] {
    [
        Column { names: &["category", "kategori"], required: true },
        Column { names: &["months_on_support", "manader", "månader"], required: months_required },
        Column { names: &["households", "hushall", "hushåll", "count", "antal"], required: true },
    ]
}

/// Reads the CSV files `population` names, relative to the folder of `scenario_path`, into
/// `sources`. Every problem of both files is returned at once; a file that cannot be read is
/// located at the key naming it.
pub fn read(
    scenario_path: &Path,
    scenario_file: FileId,
    population: &RawPopulation,
    model: &RawModel,
    sources: &mut Sources,
) -> Result<PopulationFiles, Vec<Diagnostic>> {
    let months_required = model.groups.iter().any(|g| g.months.is_some());
    let mut problems = Vec::new();
    let mut one = |key: &Option<Spanned<String>>| {
        let named = key.as_ref()?;
        let found = counts(scenario_path, scenario_file, named, months_required, sources);
        found.map_err(|mut found| problems.append(&mut found)).ok()
    };
    let files = PopulationFiles { start: one(&population.start_csv), inflow: one(&population.inflow_csv) };
    if problems.is_empty() { Ok(files) } else { Err(problems) }
}

/// Reads one population CSV named by `named`.
fn counts(
    scenario_path: &Path,
    scenario_file: FileId,
    named: &Spanned<String>,
    months_required: bool,
    sources: &mut Sources,
) -> Result<Counts, Vec<Diagnostic>> {
    let path = super::resolve(scenario_path, named.get_ref());
    let file = super::read(&path, sources).map_err(|d| {
        let help = "check the path: a population CSV is named relative to the scenario file";
        vec![
            Diagnostic { file: Some(scenario_file), span: Some(named.span()), label: "named here".into(), ..d }
                .help(help),
        ]
    })?;
    split(sources, file, months_required)
}

/// Splits the population CSV `file` of `sources` into its columns; the months column is
/// required when `months_required`.
pub fn split(sources: &Sources, file: FileId, months_required: bool) -> Result<Counts, Vec<Diagnostic>> {
    let (table, positions) = table::read(sources, file, &columns(months_required))?;
    // Required columns are present once `table::read` accepted the file.
    match positions[..] {
        [Some(category), months, Some(households)] => Ok(Counts { table, category, months, households }),
        _ => Err(vec![Diagnostic::general("a population CSV lacks a required column")]),
    }
}

/// The report of a population CSV named in a scenario given as text, whose files are not read.
pub fn not_followed(scenario_file: FileId, population: &RawPopulation) -> Option<Diagnostic> {
    let named = population.start_csv.as_ref().or(population.inflow_csv.as_ref())?;
    Some(
        Diagnostic::at(scenario_file, named.span(), "a population CSV is not read here", "a file name")
            .help("give the population as `start = { state = number, … }`, or run the scenario from its file"),
    )
}
