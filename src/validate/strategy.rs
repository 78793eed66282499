//! Rules of whole-strategy multipliers: a relative risk on transitions for everybody in the
//! baseline or an alternative, as the textbook strategies apply them.

use super::model::{self, Names};
use super::parameters::{Reader, Scope};
use super::problems::Problems;
use crate::diagnostic::FileId;
use crate::domain::{Formula, Model, Schedule};
use crate::formula::Expr;
use crate::load::raw::RawMultiplier;
use rust_decimal::Decimal;
use std::sync::Arc;

/// The strategy's model with its multipliers applied to the rows they name; `None` (reported)
/// when a multiplier is not usable or pushes a row past one.
pub fn multiplied(
    (reader, file): (Reader, FileId),
    mut model: Model,
    multipliers: &[RawMultiplier],
    names: &Names,
    problems: &mut Problems,
) -> Option<Model> {
    let before = problems.len();
    let mut touched = Vec::new();
    for raw in multipliers {
        model::source(file, &raw.source, problems);
        let (from, to) = (names.states_of(file, &raw.from, problems), names.states_of(file, &raw.to, problems));
        let Some(factor) = factor((reader, file), raw, problems) else { continue };
        let mut any = false;
        for &state in &from {
            let Some(row) = model.rows[state].as_mut() else { continue };
            if row.rest.is_none() {
                problems.at(file, raw.from.span(), format!("the row from `{}` has no \"rest\" entry to take up the change", model.states[state].id), "cannot be multiplied", "write the row's stay probability as \"rest\" in the model or the scenario's `[[overrides.transitions]]`");
                continue;
            }
            for (target, schedule) in row.entries.iter_mut().filter(|(t, _)| to.contains(t)) {
                let Some(product) = product(schedule, &factor, (model.months_per_cycle, reader.scope)) else {
                    problems.at(
                        file,
                        raw.multiplier.span(),
                        format!("the multiplier makes the probability to `{}` too large", model.states[*target].id),
                        "overflow",
                        "lower the multiplier",
                    );
                    continue;
                };
                *schedule = product;
                any = true;
                touched.push(state);
            }
        }
        if !any {
            problems.at(
                file,
                raw.to.span(),
                "the multiplier changes no transition: the model has no probability from these states to those",
                "multiplies nothing",
                "name states the rows of `from` move to (the \"rest\" entry cannot be multiplied)",
            );
        }
    }
    touched.sort_unstable();
    touched.dedup();
    for state in touched {
        if let Some(row) = &model.rows[state] {
            let span = multipliers.first().map_or(0..0, |m| m.multiplier.span());
            model::row_sums(file, span, (state, &model.states[state].id), row, model.months_per_cycle, problems);
        }
    }
    (problems.len() == before).then_some(model)
}

fn factor((reader, file): (Reader, FileId), raw: &RawMultiplier, problems: &mut Problems) -> Option<Schedule> {
    match reader.schedule(file, &raw.multiplier) {
        Ok(schedule) if schedule.values().iter().all(|m| *m >= Decimal::ZERO) => {
            Some(schedule.bounded(Decimal::ZERO, Decimal::MAX))
        }
        Ok(_) => {
            problems.at(
                file,
                raw.multiplier.span(),
                "a multiplier is negative",
                "must be 0 or more",
                "write a relative risk such as `0.26`",
            );
            None
        }
        Err((message, inner)) => {
            problems.at(
                file,
                inner.unwrap_or_else(|| raw.multiplier.span()),
                format!("bad multiplier: {message}"),
                "not a usable multiplier",
                super::parameters::FORMULA_HELP,
            );
            None
        }
    }
}

/// The product of two schedules, cycle by cycle.
fn product(a: &Schedule, b: &Schedule, (months_per_cycle, scope): (u32, &Scope)) -> Option<Schedule> {
    if a.formula().is_some() || b.formula().is_some() {
        return formula_product(a, b, (months_per_cycle, scope));
    }
    let cycles_per_year = (12 / months_per_cycle.max(1)) as usize;
    let span = |s: &Schedule| match s {
        Schedule::Constant(_) | Schedule::Formula(..) => 1,
        Schedule::ByYear(v) => v.len() * cycles_per_year,
        Schedule::ByCycle(v) => v.len(),
    };
    match (a, b) {
        (Schedule::Constant(x), Schedule::Constant(y)) => x.checked_mul(*y).map(Schedule::Constant),
        (Schedule::ByYear(_) | Schedule::Constant(_), Schedule::ByYear(_) | Schedule::Constant(_)) => {
            let years = span(a).max(span(b)).div_ceil(cycles_per_year);
            let at = |y: usize| {
                a.at(y * cycles_per_year, months_per_cycle).checked_mul(b.at(y * cycles_per_year, months_per_cycle))
            };
            (0..years).map(at).collect::<Option<_>>().map(Schedule::ByYear)
        }
        _ => {
            let at = |c: usize| a.at(c, months_per_cycle).checked_mul(b.at(c, months_per_cycle));
            (0..span(a).max(span(b))).map(at).collect::<Option<_>>().map(Schedule::ByCycle)
        }
    }
}

/// The product of two schedules of which one or both keep a formula: the product of the
/// values, with the product of the formulas (a schedule by year or cycle has no formula, so
/// its product keeps none and the scope records the loss).
fn formula_product(a: &Schedule, b: &Schedule, (months_per_cycle, scope): (u32, &Scope)) -> Option<Schedule> {
    let values = product(a.plain(), b.plain(), (months_per_cycle, scope))?;
    let expr = |s: &Schedule| s.formula().map_or_else(|| constant_expr(s), |f| Some(f.expr.clone()));
    match (expr(a), expr(b)) {
        (Some(x), Some(y)) => Some(Schedule::Formula(Arc::new(Formula::new(x.times(&y))), Box::new(values))),
        _ => {
            scope.lose_formula();
            Some(values)
        }
    }
}

/// The formula of a schedule that is one number.
fn constant_expr(schedule: &Schedule) -> Option<Expr> {
    match schedule {
        Schedule::Constant(value) => Some(Expr::number(*value)),
        _ => None,
    }
}
