//! The cost ledger: what an intervention has really cost so far, month by month, who paid,
//! what kind of money it was and, for a transfer, who received it.

use super::observed::Frame;
use crate::diagnostic::{Diagnostic, FileId, Sources};
use crate::domain::CostKind;
use crate::load::table::{self, Column};
use rust_decimal::Decimal;

/// The ledger summed per month and actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Spending {
    /// Per month of the horizon, what each actor bore (payer `+`, receiver `−`).
    pub by_month: Vec<Vec<Decimal>>,
    /// The rows read.
    pub rows: usize,
    /// The last month with a row.
    pub last_month: usize,
}

const COLUMNS: [Column; 6] = [
    Column { names: &["month", "manad", "månad"], required: true },
    Column { names: &["payer", "betalare"], required: true },
    Column { names: &["kind", "slag"], required: true },
    Column { names: &["receiver", "mottagare"], required: false },
    Column { names: &["amount", "belopp"], required: true },
    Column { names: &["note", "anteckning", "kommentar"], required: false },
];

/// Reads the ledger in `file`, checked against the scenario's actors and horizon; every
/// problem at once.
pub fn read(sources: &Sources, file: FileId, frame: &Frame) -> Result<Spending, Vec<Diagnostic>> {
    let (table, positions) = table::read(sources, file, &COLUMNS)?;
    let actors = &frame.model.actors;
    let mut problems = Vec::new();
    let mut by_month = vec![vec![Decimal::ZERO; actors.len()]; frame.months];
    let mut seen: Vec<(Vec<&str>, usize)> = Vec::new();
    let mut last_month = 0;
    for record in &table.records {
        let cell = |c: usize| positions[c].map(|p| &record.cells[p]);
        let before = problems.len();
        let mut bad = |cell: &table::Cell, message: String, label: &str, help: String| {
            problems.push(Diagnostic::at(file, cell.span.clone(), message, label).help(help));
        };
        let (Some(month_cell), Some(payer_cell), Some(kind_cell), Some(amount_cell)) =
            (cell(0), cell(1), cell(2), cell(4))
        else {
            continue;
        };
        let month = table::month(&month_cell.text)
            .and_then(|m| frame.month_index(m))
            .map_err(|m| {
                bad(
                    month_cell,
                    m,
                    "not a month of the horizon",
                    "write a month YYYY-MM within the scenario's horizon".into(),
                )
            })
            .ok();
        let actor = |cell: &table::Cell| actors.iter().position(|a| a.id == cell.text);
        let known = || actors.iter().map(|a| format!("`{}`", a.id)).collect::<Vec<_>>().join(", ");
        let payer = actor(payer_cell);
        if payer.is_none() {
            bad(
                payer_cell,
                format!("`{}` is not an actor of the model", payer_cell.text),
                "unknown payer",
                format!("the actors are {}", known()),
            );
        }
        let kind = match kind_cell.text.to_lowercase().as_str() {
            "transfer" | "overforing" | "överföring" => Some(CostKind::Transfer),
            "resource" | "resurs" => Some(CostKind::Resource),
            "production" | "produktion" => Some(CostKind::Production),
            _ => {
                bad(
                    kind_cell,
                    format!("`{}` is not a kind of money", kind_cell.text),
                    "unknown kind",
                    "write `resource` (resurs), `transfer` (överföring) or `production` (produktion)".into(),
                );
                None
            }
        };
        let receiver = cell(3).filter(|c| !c.text.is_empty()).map(|c| (actor(c), c));
        match (kind, receiver) {
            (_, Some((None, c))) => bad(
                c,
                format!("`{}` is not an actor of the model", c.text),
                "unknown receiver",
                format!("the actors are {}", known()),
            ),
            (Some(CostKind::Transfer), None) => bad(
                kind_cell,
                "a transfer needs a receiver".into(),
                "no receiver",
                "name the actor who receives the money in `receiver`".into(),
            ),
            (_, Some((Some(r), c))) if Some(r) == payer => bad(
                c,
                "the receiver is the payer".into(),
                "same actor",
                "a payment to oneself is not a cost: remove the row or name another receiver".into(),
            ),
            _ => {}
        }
        let amount = table::number(&amount_cell.text, table.dialect)
            .map_err(|m| bad(amount_cell, m, "not an amount", "write the amount in kronor, e.g. 12500".into()))
            .ok();
        let fields: Vec<&str> = record.cells.iter().map(|c| c.text.as_str()).collect();
        if let Some((_, line)) = seen.iter().find(|(f, _)| *f == fields) {
            let message = format!("this row repeats line {line}");
            problems.push(
                Diagnostic::at(file, record.span.clone(), message, "duplicated row")
                    .help("if both payments are real, tell them apart in `note`; otherwise remove one"),
            );
        }
        seen.push((fields, record.line));
        if problems.len() > before {
            continue;
        }
        let (Some(month), Some(payer), Some(amount)) = (month, payer, amount) else { continue };
        last_month = last_month.max(month);
        let row = &mut by_month[month];
        row[payer] += amount;
        if let Some((Some(receiver), _)) = receiver {
            row[receiver] -= amount;
        }
    }
    if problems.is_empty() { Ok(Spending { by_month, rows: table.records.len(), last_month }) } else { Err(problems) }
}
