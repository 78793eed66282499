//! The observed outcomes: a CSV of how many participants (and, optionally, people of a
//! comparison group) were in each group of the model's states, month by month, read and
//! checked against the scenario. Aggregated counts only.

use super::paths::Batch;
use crate::diagnostic::{Diagnostic, FileId, Sources};
use crate::domain::{Model, months_after};
use crate::load::table::{self, Column, Record, Table};
use rust_decimal::Decimal;
use std::ops::Range;

/// Whose outcomes a row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cohort {
    /// The intervention's participants.
    Participants,
    /// A comparison group that did not take part.
    Comparison,
}

/// People counted in one set of model states.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// The group ids as written (`g_arbete+g_studier`).
    pub label: String,
    /// The model states of the set.
    pub states: Vec<usize>,
    /// The people counted.
    pub count: Decimal,
}

/// Everything counted for one cohort, month and batch (or all batches taken in by then).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Whose outcomes.
    pub cohort: Cohort,
    /// The month (0-based from the start of the projection).
    pub month: usize,
    /// The intake batch (an index into the paths' batches), or `None` for all taken in by then.
    pub batch: Option<usize>,
    /// The sets counted, disjoint.
    pub sets: Vec<Counted>,
}

impl Cell {
    /// The people counted in all sets.
    pub fn total(&self) -> Decimal {
        self.sets.iter().map(|s| s.count).sum()
    }
}

/// What the observations are checked against.
pub struct Frame<'a> {
    /// The alternative's model.
    pub model: &'a Model,
    /// The calendar month of the projection's first month.
    pub start: (i32, u32),
    /// Months in the horizon.
    pub months: usize,
    /// The intervention's intake batches as calculated.
    pub batches: &'a [Batch<Decimal>],
}

impl Frame<'_> {
    /// The month index of a calendar month, if it is within the horizon.
    pub fn month_index(&self, month: (i32, u32)) -> Result<usize, String> {
        let index = table::months_between(self.start, month);
        if index < 0 {
            return Err(format!("{}-{:02} is before the projection starts ({})", month.0, month.1, self.calendar(0)));
        }
        if index as usize >= self.months {
            let last = self.calendar(self.months - 1);
            return Err(format!("{}-{:02} is after the horizon ends ({last} is the last month)", month.0, month.1));
        }
        Ok(index as usize)
    }

    /// Month `index` of the projection as `YYYY-MM`.
    pub fn calendar(&self, index: usize) -> String {
        let (year, month) = months_after(self.start, index as i64);
        format!("{year}-{month:02}")
    }
}

const COLUMNS: [Column; 5] = [
    Column { names: &["month", "manad", "månad"], required: true },
    Column { names: &["batch", "intag", "intake"], required: false },
    Column { names: &["group", "grupp"], required: true },
    Column { names: &["count", "antal"], required: true },
    Column { names: &["cohort", "kohort"], required: false },
];

/// One row as read, before rows are put together into cells.
struct Row {
    cohort: Cohort,
    month: usize,
    batch: Option<usize>,
    counted: Counted,
    line: usize,
    span: Range<usize>,
}

/// Reads the observed outcomes in `file` and checks them against `frame`; every problem is
/// returned at once.
pub fn read(sources: &Sources, file: FileId, frame: &Frame) -> Result<Vec<Cell>, Vec<Diagnostic>> {
    let (table, positions) = table::read(sources, file, &COLUMNS)?;
    let mut problems = Vec::new();
    let rows: Vec<Row> =
        table.records.iter().filter_map(|record| row(&table, record, &positions, frame, &mut problems)).collect();
    let cells = cells(file, rows, frame, &mut problems);
    if problems.is_empty() { Ok(cells) } else { Err(problems) }
}

fn field<'a>(record: &'a Record, positions: &[Option<usize>], column: usize) -> Option<&'a table::Cell> {
    positions[column].map(|p| &record.cells[p])
}

/// One record read and checked on its own; `None` (with the problems noted) when it is bad.
fn row(
    table: &Table,
    record: &Record,
    positions: &[Option<usize>],
    frame: &Frame,
    problems: &mut Vec<Diagnostic>,
) -> Option<Row> {
    let file = table.file;
    let before = problems.len();
    let mut bad = |cell: &table::Cell, message: String, label: &str, help: String| {
        problems.push(Diagnostic::at(file, cell.span.clone(), message, label).help(help));
    };
    let month_cell = field(record, positions, 0)?;
    let month = match table::month(&month_cell.text) {
        Ok(calendar) => {
            frame.month_index(calendar).map_err(|m| bad(month_cell, m, "outside the horizon", horizon_help(frame))).ok()
        }
        Err(message) => {
            bad(month_cell, message, "not a month", "write the month as YYYY-MM".into());
            None
        }
    };
    let batch = field(record, positions, 1).filter(|c| !c.text.is_empty()).map(|cell| {
        let found = table::month(&cell.text).ok().and_then(|m| frame.month_index(m).ok());
        let batch = found.and_then(|m| frame.batches.iter().position(|b| b.intake == m));
        if batch.is_none() {
            let message = format!("`{}` is not an intake batch of the intervention", cell.text);
            bad(
                cell,
                message,
                "unknown batch",
                format!(
                    "the batches are taken in {}; or leave the batch empty to count all taken in by the month",
                    intakes(frame)
                ),
            );
        }
        (batch, cell)
    });
    let group_cell = field(record, positions, 2)?;
    let states = resolve(&group_cell.text, frame.model)
        .map_err(|message| bad(group_cell, message, "unknown group", group_help(frame.model)))
        .ok();
    let count_cell = field(record, positions, 3)?;
    let count = match table::number(&count_cell.text, table.dialect) {
        Ok(n) if n < Decimal::ZERO => {
            bad(count_cell, format!("the count {n} is negative"), "negative", "a count of people is 0 or more".into());
            None
        }
        Ok(n) => Some(n),
        Err(message) => {
            bad(count_cell, message, "not a count", "write the number of people, e.g. 12".into());
            None
        }
    };
    let cohort = field(record, positions, 4).map_or(Some(Cohort::Participants), |cell| {
        cohort(&cell.text).or_else(|| {
            bad(
                cell,
                format!("`{}` is not a cohort", cell.text),
                "unknown cohort",
                "write `participants` (deltagare) or `comparison` (jämförelse); empty means participants".into(),
            );
            None
        })
    });
    if let (Some(month), Some((Some(b), cell))) = (month, batch) {
        let intake = frame.batches[b].intake;
        if month < intake {
            let message = format!("the month is before the batch's intake ({})", frame.calendar(intake));
            problems.push(Diagnostic::at(file, month_cell.span.clone(), message, "before the intake").help(format!(
                "a batch is observed from its intake month on; check the month or the batch `{}`",
                cell.text
            )));
        }
    }
    if let (Some(month), None) = (month, batch)
        && frame.batches.first().is_some_and(|first| month < first.intake)
    {
        let message = format!("the month is before the first intake ({})", frame.calendar(frame.batches[0].intake));
        problems.push(
            Diagnostic::at(file, month_cell.span.clone(), message, "before the intake")
                .help("participants are observed from their intake on"),
        );
    }
    if problems.len() > before {
        return None;
    }
    let label = group_cell.text.clone();
    Some(Row {
        cohort: cohort?,
        month: month?,
        batch: batch.and_then(|(b, _)| b),
        counted: Counted { label, states: states?, count: count? },
        line: record.line,
        span: record.span.clone(),
    })
}

fn cohort(text: &str) -> Option<Cohort> {
    match text.trim().to_lowercase().as_str() {
        "" | "participants" | "deltagare" => Some(Cohort::Participants),
        "comparison" | "jamforelse" | "jämförelse" | "jämförelsegrupp" | "jamforelsegrupp" => {
            Some(Cohort::Comparison)
        }
        _ => None,
    }
}

fn horizon_help(frame: &Frame) -> String {
    format!(
        "the scenario runs from {} to {}; drop the row or lengthen `horizon_years`",
        frame.calendar(0),
        frame.calendar(frame.months - 1)
    )
}

fn intakes(frame: &Frame) -> String {
    let shown: Vec<String> = frame.batches.iter().take(6).map(|b| frame.calendar(b.intake)).collect();
    let more = if frame.batches.len() > 6 { format!(" … ({} batches)", frame.batches.len()) } else { String::new() };
    format!("{}{more}", shown.join(", "))
}

/// The model states of `text`: group or state ids joined by `+`.
fn resolve(text: &str, model: &Model) -> Result<Vec<usize>, String> {
    let mut states = Vec::new();
    for id in text.split('+').map(str::trim) {
        if let Some(group) = model.groups.iter().find(|g| g.id == id) {
            states.extend(&group.states);
        } else if let Some(state) = model.states.iter().position(|s| s.id == id) {
            states.push(state);
        } else if id.is_empty() {
            return Err("the group is missing".into());
        } else {
            return Err(format!("`{id}` is neither a group nor a state of the model"));
        }
    }
    states.sort_unstable();
    states.dedup();
    Ok(states)
}

fn group_help(model: &Model) -> String {
    let groups: Vec<&str> = model.groups_of(0).map(|g| model.groups[g].id.as_str()).collect();
    format!(
        "write a group or state id of the model, or several joined by `+` (the main groups are {})",
        groups.join(", ")
    )
}

/// A row's line number and byte range.
type Line = (usize, Range<usize>);

/// The rows put together per cohort, month and batch, with the checks that need several rows:
/// duplicates, overlapping sets, batches mixed with all-batch counts, more people than took part.
fn cells(file: FileId, mut rows: Vec<Row>, frame: &Frame, problems: &mut Vec<Diagnostic>) -> Vec<Cell> {
    rows.sort_by_key(|r| (r.cohort, r.month, r.batch, r.line));
    let mut cells: Vec<(Cell, Vec<Line>)> = Vec::new();
    for row in rows {
        let same = cells.last_mut().filter(|(c, _)| (c.cohort, c.month, c.batch) == (row.cohort, row.month, row.batch));
        let Some((cell, lines)) = same else {
            cells.push((
                Cell { cohort: row.cohort, month: row.month, batch: row.batch, sets: vec![row.counted] },
                vec![(row.line, row.span)],
            ));
            continue;
        };
        if let Some(k) = cell.sets.iter().position(|s| s.states.iter().any(|x| row.counted.states.contains(x))) {
            let (message, label) = if cell.sets[k].states == row.counted.states {
                (
                    format!("this row repeats line {} (same cohort, month, batch and group)", lines[k].0),
                    "duplicated row",
                )
            } else {
                (
                    format!(
                        "the group `{}` overlaps `{}` of line {} in the same month and batch",
                        row.counted.label, cell.sets[k].label, lines[k].0
                    ),
                    "overlapping groups",
                )
            };
            problems.push(Diagnostic::at(file, row.span, message, label).help(
                "count each person once a month: remove the repeated row, or use groups that do not share states",
            ));
            continue;
        }
        cell.sets.push(row.counted);
        lines.push((row.line, row.span));
    }
    for pair in cells.windows(2) {
        let ((a, _), (b, lines)) = (&pair[0], &pair[1]);
        if (a.cohort, a.month) == (b.cohort, b.month) && a.batch.is_none() != b.batch.is_none() {
            problems.push(
                Diagnostic::at(
                    file,
                    lines[0].1.clone(),
                    "this month has rows for all batches together and rows per batch",
                    "mixed",
                )
                .help("count a month either per batch or for all batches together, not both"),
            );
        }
    }
    for (cell, lines) in &cells {
        if cell.cohort != Cohort::Participants {
            continue;
        }
        let covered: Decimal = match cell.batch {
            Some(b) => frame.batches[b].taken_in,
            None => frame.batches.iter().filter(|b| b.intake <= cell.month).map(|b| b.taken_in).sum(),
        };
        if cell.total() > covered.ceil() {
            let last = lines.last().map(|l| l.1.clone()).unwrap_or_default();
            problems.push(
                Diagnostic::at(
                    file,
                    last,
                    format!(
                        "{} people are observed in {}, but the intervention took in {} by then",
                        cell.total().normalize(),
                        frame.calendar(cell.month),
                        covered.round_dp(1).normalize()
                    ),
                    "more than took part",
                )
                .help("check the counts, or the scenario's intake (participants, schedule)"),
            );
        }
    }
    cells.into_iter().map(|(cell, _)| cell).collect()
}
