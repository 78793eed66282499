//! Named parameters, banded tables and formulas: what a text value in a file means.
//!
//! A [`Scope`] holds every parameter of the model and the scenario (the scenario's replace the
//! model's by id), evaluated in every cycle of the horizon in exact decimals, and the banded
//! tables. Every value that may be a formula is read through it: a formula that does not vary
//! with time becomes a constant, one that uses `year` a schedule by year, one that uses
//! `cycle` or `t` a schedule by cycle; the rest of the calculation sees plain schedules.

use super::problems::Problems;
use super::values;
use crate::diagnostic::{FileId, Sources};
use crate::domain::{Formula, FreeParameters, Number, Schedule};
use crate::formula::{self, Env, Expr, FormulaError, Symbol, Table, TimeUse};
use crate::load::raw::{RawLookup, RawParameter, RawValue};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// A problem with a value: what is wrong, and where, when more precise than the whole value.
pub type Located = (String, Option<Range<usize>>);

/// One parameter as written, with the file it is written in.
#[derive(Clone, Copy)]
pub struct Written<'a> {
    /// The file.
    pub file: FileId,
    /// The entry.
    pub raw: &'a RawParameter,
}

/// Parameters set to other values than the files give (by id), and whether formulas are
/// computed in exact decimals (`false`: in `f64`, for the many runs of an analysis, where
/// exact öre do not matter and transcendental functions in decimals cost most of a run; such a
/// run leaves the scenario's uncertainty declarations unread, as the files were validated
/// exactly before).
#[derive(Debug, Clone, Copy)]
pub struct Changes<'a> {
    /// The parameters set, by id.
    pub set: &'a [(String, Decimal)],
    /// Exact decimals (the reported runs) or `f64`.
    pub exact: bool,
    /// Whether to keep, beside every value that depends on a parameter with a distribution,
    /// the formula it came from ([`crate::domain::Formula`]), for a batch of draws.
    pub free: bool,
    /// Whether a parameter with a distribution and no one-way range of its own takes the
    /// distribution's 95 % interval as its range (only the exact one-way analysis reads it,
    /// and each quantile costs up to 64 incomplete beta functions).
    pub ranges: bool,
}

impl Changes<'_> {
    /// The value the run sets parameter `id` to, if it sets it.
    pub fn value_of(&self, id: &str) -> Option<Decimal> {
        self.set.iter().find(|(set, _)| set == id).map(|(_, value)| *value)
    }

    /// The files as written, computed exactly.
    pub const NONE: Changes<'static> = Changes { set: &[], exact: true, free: false, ranges: true };
    /// The files as written, computed exactly, for their problems only (`sekalk check`): no
    /// distribution's interval is computed as a range.
    pub const CHECK: Changes<'static> = Changes { ranges: false, ..Changes::NONE };
    /// The files as written, computed in `f64`, with the formulas of values that depend on a
    /// drawn parameter kept: for a probabilistic analysis' batches of draws.
    pub const FOR_DRAWS: Changes<'static> = Changes { set: &[], exact: false, free: true, ranges: false };
}

/// The parameters and tables formulas may use, evaluated over the horizon.
pub struct Scope {
    exact: bool,
    months_per_cycle: u32,
    cycles: usize,
    symbols: HashMap<String, Symbol>,
    tables: Vec<Table>,
    /// How each parameter varies with time (through its own formula and the ones it uses).
    time: Vec<TimeUse>,
    /// `values[c][p]`: parameter `p` in cycle `c`; a single row when nothing varies with time
    /// or formulas are computed in `f64` (only the first cycle's decimals are read then).
    values: Vec<Vec<Decimal>>,
    /// The same in `f64`, for formulas computed in `f64`; a row for every cycle when something
    /// varies with time.
    fast_values: Vec<Vec<f64>>,
    /// Each parameter's formula.
    exprs: Vec<Option<Expr>>,
    /// The parameters in an order in which each comes after those it uses.
    order: Vec<usize>,
    /// The id of each parameter whose value is unknown, because its own formula has a problem
    /// (reported where it is written) or it uses such a parameter; `None` for the others.
    broken: Vec<Option<String>>,
    /// Whether each parameter is drawn or uses one that is; empty when formulas are not kept.
    free: Vec<bool>,
    /// Set when a value that depends on a free parameter was read without its formula.
    lost: Cell<bool>,
}

impl Scope {
    /// A scope without parameters or tables, in which only numbers and fractions are read.
    pub fn empty(months_per_cycle: u32, cycles: usize) -> Self {
        Scope {
            exact: true,
            months_per_cycle,
            cycles: cycles.max(1),
            symbols: HashMap::new(),
            tables: Vec::new(),
            time: Vec::new(),
            values: vec![Vec::new()],
            fast_values: vec![Vec::new()],
            exprs: Vec::new(),
            order: Vec::new(),
            broken: Vec::new(),
            free: Vec::new(),
            lost: Cell::new(false),
        }
    }

    /// Builds the scope of `parameters` (already with the scenario's replacements) and `tables`
    /// over `cycles` cycles, with some parameters set to fixed values instead (`set`, by id).
    pub fn new(
        sources: &Sources,
        (parameters, tables): (&[Written], &[(FileId, &RawLookup)]),
        (months_per_cycle, cycles): (u32, usize),
        changes: Changes,
        problems: &mut Problems,
    ) -> Self {
        let mut scope = Scope::empty(months_per_cycle, cycles);
        scope.exact = changes.exact;
        scope.declare(parameters, tables, problems);
        scope.tables = tables.iter().filter_map(|(file, t)| table(*file, t, problems)).collect();
        let exprs = scope.parse_parameters(sources, parameters, &changes, problems);
        scope.evaluate(parameters, &exprs, problems);
        scope.exprs = exprs;
        scope
    }

    /// Keeps the formulas of values that depend on the parameters marked in `drawn` (by index),
    /// or on parameters that use them.
    pub fn keep_formulas(&mut self, drawn: &[bool]) {
        self.free = drawn.to_vec();
        self.free.resize(self.exprs.len(), false);
        for &p in &self.order {
            let uses_free = self.exprs[p].as_ref().is_some_and(|e| e.parameters().iter().any(|q| self.free[*q]));
            self.free[p] |= uses_free;
        }
    }

    /// For each parameter, a parameter marked in `declared` that its formula uses, directly
    /// or through the parameters it uses (`None` when it uses none).
    pub fn declared_used(&self, declared: &[bool]) -> Vec<Option<usize>> {
        let mut used = vec![None; self.exprs.len()];
        for &p in &self.order {
            let uses = self.exprs[p].as_ref().map(Expr::parameters).unwrap_or_default();
            let marked = |q: usize| declared.get(q).copied().unwrap_or(false).then_some(q).or(used[q]);
            used[p] = uses.into_iter().find_map(marked);
        }
        used
    }

    /// What a batch of draws needs to compute the free parameters, when formulas are kept.
    pub fn free_parameters(&self) -> Option<FreeParameters> {
        if self.free.is_empty() {
            return None;
        }
        Some(FreeParameters {
            exprs: self.exprs.clone(),
            free: self.free.clone(),
            drawn: Vec::new(),
            base: self.fast_values.clone(),
            varies: (0..self.exprs.len()).map(|p| self.varies(p)).collect(),
            tables: self.tables.clone(),
            months_per_cycle: self.months_per_cycle,
            complete: !self.lost.get(),
        })
    }

    /// Records that a value depending on a free parameter was combined into one without its
    /// formula: a batch of draws cannot stand in for validating each draw.
    pub fn lose_formula(&self) {
        self.lost.set(true);
    }

    /// Whether `expr` uses a free parameter.
    fn is_free(&self, expr: &Expr) -> bool {
        !self.free.is_empty() && expr.parameters().iter().any(|p| self.free.get(*p).copied().unwrap_or(false))
    }

    /// How `expr` varies with time: by itself, or through the parameters it uses (those before
    /// it in the order of evaluation).
    fn time_use(&self, expr: &Expr) -> TimeUse {
        let uses = expr.parameters().into_iter().map(|p| self.time.get(p).copied().unwrap_or(TimeUse::None));
        uses.fold(expr.time_use(), Ord::max)
    }

    /// Whether parameter `index` varies with time.
    pub fn varies(&self, index: usize) -> bool {
        self.time.get(index).is_some_and(|t| *t != TimeUse::None)
    }

    /// The value of parameter `index` in the first cycle.
    pub fn value(&self, index: usize) -> Option<Decimal> {
        self.values.first()?.get(index).copied()
    }

    fn declare(&mut self, parameters: &[Written], tables: &[(FileId, &RawLookup)], problems: &mut Problems) {
        let ids = parameters.iter().enumerate().map(|(i, w)| (w.file, &w.raw.id, Symbol::Parameter(i)));
        let table_ids = tables.iter().enumerate().map(|(i, (file, t))| (*file, &t.id, Symbol::Table(i)));
        for (file, id, symbol) in ids.chain(table_ids) {
            let name = id.get_ref();
            if let Some(problem) = bad_name(name) {
                problems.at(
                    file,
                    id.span(),
                    problem,
                    "not usable in formulas",
                    "use letters, digits and `_`, starting with a letter, and not a built-in name",
                );
            } else if let Some(first) = self.symbols.get(name) {
                match (first, symbol) {
                    // A parameter of another file (the scenario) with a table's id: the
                    // parameter is what to rename, so it is where the problem is shown.
                    // The model's formulas keep the table, so they are not reported too.
                    (&Symbol::Parameter(p), Symbol::Table(_)) if parameters[p].file != file => {
                        problems.at(
                            parameters[p].file,
                            parameters[p].raw.id.span(),
                            format!("the parameter `{name}` has the id of a table of the model"),
                            "the id of a table",
                            "give the parameter another id: a scenario's parameter can replace a parameter of the model, not a table",
                        );
                        self.symbols.insert(name.clone(), symbol);
                    }
                    _ => problems.at(file, id.span(), format!("a second parameter or table `{name}`"), "defined again here", "give every parameter and table its own id (a scenario's parameter replaces the model's with the same id)"),
                }
            }
            self.symbols.entry(name.clone()).or_insert(symbol);
        }
    }

    fn parse_parameters(
        &self,
        sources: &Sources,
        parameters: &[Written],
        changes: &Changes,
        problems: &mut Problems,
    ) -> Vec<Option<Expr>> {
        parameters
            .iter()
            .map(|w| {
                if let Some(value) = changes.value_of(w.raw.id.get_ref()) {
                    return Some(Expr::number(value));
                }
                self.expression(sources, w.file, &w.raw.value, problems)
            })
            .collect()
    }

    /// The expression of a value (a number or a formula), reporting problems.
    fn expression(&self, sources: &Sources, file: FileId, value: &RawValue, problems: &mut Problems) -> Option<Expr> {
        match self.parse(sources, file, value) {
            Ok(expr) => Some(expr),
            Err((message, span)) => {
                let span = span.unwrap_or_else(|| value.span());
                problems.at(file, span, message, "not a usable number or formula", FORMULA_HELP);
                None
            }
        }
    }

    /// The expression of a number, a fraction or a formula.
    fn parse(&self, sources: &Sources, file: FileId, value: &RawValue) -> Result<Expr, Located> {
        let text = match value.get_ref() {
            toml::Value::String(text) if is_formula(text) => text,
            other => {
                return values::number(other).map_err(|m| (m, None)).map(Expr::number);
            }
        };
        let inner = |e: &FormulaError| inner_span(sources, file, value.span(), text, e.span.clone());
        let first = |errors: Vec<FormulaError>| {
            let all: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
            let span = errors.first().and_then(inner);
            (format!("in the formula {}: {}", values::quoted(text), all.join("; ")), span)
        };
        let ast = formula::parse(text).map_err(first)?;
        ast.resolve(|name, called| self.resolve(name, called)).map_err(|errors| {
            let (message, span) = first(errors);
            (format!("{message}{}", self.hints(&ast)), span)
        })
    }

    fn resolve(&self, name: &str, _called: bool) -> Option<Symbol> {
        self.symbols.get(name).copied()
    }

    /// "did you mean" hints for the names of `ast` that are neither parameters nor tables.
    fn hints(&self, ast: &formula::Ast) -> String {
        let known = || self.symbols.keys().map(String::as_str);
        let hints: Vec<String> = ast
            .names()
            .iter()
            .filter(|n| !self.symbols.contains_key(&n.name))
            .filter_map(|n| {
                crate::diagnostic::did_you_mean(&n.name, known()).map(|m| format!("`{}`: did you mean `{m}`?", n.name))
            })
            .collect();
        if hints.is_empty() { String::new() } else { format!(" ({})", hints.join("; ")) }
    }

    fn evaluate(&mut self, parameters: &[Written], exprs: &[Option<Expr>], problems: &mut Problems) {
        let uses: Vec<Vec<usize>> =
            exprs.iter().map(|e| e.as_ref().map(Expr::parameters).unwrap_or_default()).collect();
        let (order, in_circles) = self.order(parameters, &uses, problems);
        let id = |p: usize| parameters[p].raw.id.get_ref().clone();
        // A formula that did not parse, or a circle, was reported; the rest is computed.
        self.broken = (0..exprs.len()).map(|p| (exprs[p].is_none() || in_circles[p]).then(|| id(p))).collect();
        self.order = order.clone();
        self.time = vec![TimeUse::None; exprs.len()];
        for &p in &order {
            let Some(expr) = &exprs[p] else { continue };
            self.time[p] = self.time_use(expr);
        }
        let rows = if self.time.iter().any(|t| *t != TimeUse::None) { self.cycles } else { 1 };
        // In `f64` the later cycles are only checked to have a decimal, not converted to one.
        let decimal_rows = if self.exact { rows } else { 1 };
        self.values = vec![vec![Decimal::ZERO; exprs.len()]; decimal_rows];
        self.fast_values = vec![vec![0.0; exprs.len()]; rows];
        for cycle in 0..rows {
            let new_year = crate::domain::year_of_cycle(cycle, self.months_per_cycle)
                != crate::domain::year_of_cycle(cycle.saturating_sub(1), self.months_per_cycle);
            for &p in &order {
                let Some(expr) = exprs[p].as_ref().filter(|_| self.broken[p].is_none()) else { continue };
                if let Some(&q) = uses[p].iter().find(|&&q| self.broken[q].is_some()) {
                    self.broken[p] = self.broken[q].clone();
                    continue;
                }
                // The same formula of the same values: one that does not vary with time, or
                // varies by year within a year, keeps the value of the cycle before.
                let unchanged = cycle > 0
                    && match self.time[p] {
                        TimeUse::None => true,
                        TimeUse::Year => !new_year,
                        TimeUse::Cycle => false,
                    };
                if unchanged {
                    if cycle < decimal_rows {
                        self.values[cycle][p] = self.values[cycle - 1][p];
                    }
                    self.fast_values[cycle][p] = self.fast_values[cycle - 1][p];
                    continue;
                }
                let computed = if cycle < decimal_rows {
                    self.eval_both(expr, cycle).map(|(value, fast)| (Some(value), fast))
                } else {
                    self.eval_fast(expr, cycle).map(|fast| (None, fast))
                };
                match computed {
                    Ok((value, fast)) => {
                        if let Some(value) = value {
                            self.values[cycle][p] = value;
                        }
                        self.fast_values[cycle][p] = fast;
                    }
                    Err(error) => {
                        let w = parameters[p];
                        let when = if rows > 1 { format!(" in cycle {cycle}") } else { String::new() };
                        problems.at(
                            w.file,
                            w.raw.value.span(),
                            format!("parameter `{}` cannot be computed{when}: {}", w.raw.id.get_ref(), error.message),
                            "cannot be computed",
                            FORMULA_HELP,
                        );
                        self.broken[p] = Some(id(p));
                    }
                }
            }
        }
    }

    /// The parameters in an order in which each comes after those it `uses` (apart from those
    /// that use each other in a circle, each circle reported), and whether each is in a circle.
    fn order(&self, parameters: &[Written], uses: &[Vec<usize>], problems: &mut Problems) -> (Vec<usize>, Vec<bool>) {
        let mut in_circle = vec![false; uses.len()];
        let mut order = Vec::with_capacity(uses.len());
        let mut state = vec![0u8; uses.len()];
        for start in 0..uses.len() {
            let mut stack = vec![(start, 0usize)];
            while let Some((node, next)) = stack.pop() {
                if next == 0 {
                    match state[node] {
                        2 => continue,
                        1 => {
                            let id = |n: usize| parameters[n].raw.id.get_ref().as_str();
                            let members = stack.iter().map(|(n, _)| *n).skip_while(|n| *n != node);
                            members.clone().for_each(|n| in_circle[n] = true);
                            let circle: Vec<&str> = members.map(id).collect();
                            let w = parameters[node];
                            problems.at(
                                w.file,
                                w.raw.value.span(),
                                format!("parameters use each other in a circle: {} → {}", circle.join(" → "), id(node)),
                                "circular definition",
                                "define one of them by a number, or by parameters outside the circle",
                            );
                            continue;
                        }
                        _ => state[node] = 1,
                    }
                }
                match uses[node].get(next) {
                    Some(&dep) => {
                        stack.push((node, next + 1));
                        stack.push((dep, 0));
                    }
                    None => {
                        state[node] = 2;
                        order.push(node);
                    }
                }
            }
        }
        (order, in_circle)
    }

    /// Whether formulas are computed in exact decimals.
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    fn eval_at(&self, expr: &Expr, cycle: usize) -> Result<Decimal, FormulaError> {
        self.eval_both(expr, cycle).map(|(value, _)| value)
    }

    /// A formula's value in `cycle`, as a decimal and as an `f64`: computed exactly, or in `f64`.
    fn eval_both(&self, expr: &Expr, cycle: usize) -> Result<(Decimal, f64), FormulaError> {
        if self.exact {
            let row = if self.values.len() > 1 { cycle.min(self.values.len() - 1) } else { 0 };
            let year = crate::domain::year_of_cycle(cycle, self.months_per_cycle) as u32;
            let env = Env { parameters: &self.values[row], tables: &self.tables, cycle: cycle as u32, year };
            let value = expr.eval_decimal(&env)?;
            return Ok((value, value.to_f64().unwrap_or(f64::NAN)));
        }
        let value = self.eval_fast(expr, cycle)?;
        let exact = Decimal::from_f64(value).ok_or_else(|| not_decimal(expr, value))?;
        Ok((exact, value))
    }

    /// A formula's value in `cycle` computed in `f64`, failing where [`Scope::eval_both`] would:
    /// when the value has no decimal.
    fn eval_fast(&self, expr: &Expr, cycle: usize) -> Result<f64, FormulaError> {
        let row = if self.fast_values.len() > 1 { cycle.min(self.fast_values.len() - 1) } else { 0 };
        let year = crate::domain::year_of_cycle(cycle, self.months_per_cycle) as u32;
        let env = Env { parameters: &self.fast_values[row], tables: &self.tables, cycle: cycle as u32, year };
        let value = expr.eval_f64(&env);
        if has_decimal(value) { Ok(value) } else { Err(not_decimal(expr, value)) }
    }

    /// A number, a fraction, a formula or a schedule (`{ by_year = […] }`), as a schedule over
    /// the horizon.
    pub fn schedule(&self, sources: &Sources, file: FileId, value: &RawValue) -> Result<Schedule, Located> {
        if !matches!(value.get_ref(), toml::Value::String(text) if is_formula(text)) {
            return values::schedule(value.get_ref()).map_err(|m| (m, None));
        }
        let expr = self.parse(sources, file, value)?;
        if let Some(broken) = expr.parameters().iter().find_map(|&p| self.broken.get(p).cloned().flatten()) {
            let message = format!(
                "the formula {} uses `{broken}`, which cannot be computed (see the problem reported there)",
                values::quoted(&formula_text(value))
            );
            return Err((message, None));
        }
        let time = self.time_use(&expr);
        let cycles_per_year = (12 / self.months_per_cycle.max(1)) as usize;
        let at = |cycle: usize| {
            self.eval_at(&expr, cycle).map_err(|e| {
                (
                    format!(
                        "in the formula {}: {} (in cycle {cycle})",
                        values::quoted(&formula_text(value)),
                        e.message
                    ),
                    None,
                )
            })
        };
        let values = match time {
            TimeUse::None => Schedule::Constant(at(0)?),
            TimeUse::Year => {
                let years = self.cycles.div_ceil(cycles_per_year);
                Schedule::ByYear((0..years).map(|y| at(y * cycles_per_year)).collect::<Result<_, _>>()?)
            }
            TimeUse::Cycle => Schedule::ByCycle((0..self.cycles).map(at).collect::<Result<_, _>>()?),
        };
        if self.is_free(&expr) {
            return Ok(Schedule::Formula(Arc::new(Formula::new(expr)), Box::new(values)));
        }
        Ok(values)
    }

    /// A number, a fraction or a formula that must not vary with time; a value that depends
    /// on a free parameter is read without its formula (see [`Scope::number_value`]).
    pub fn number(&self, sources: &Sources, file: FileId, value: &RawValue) -> Result<Decimal, Located> {
        let number = self.number_value(sources, file, value)?;
        if number.formula.is_some() {
            self.lose_formula();
        }
        Ok(number.value)
    }

    /// A number, a fraction or a formula that must not vary with time, with its formula when
    /// it depends on a free parameter.
    pub fn number_value(&self, sources: &Sources, file: FileId, value: &RawValue) -> Result<Number, Located> {
        let schedule = self.schedule(sources, file, value)?;
        let formula = schedule.formula().cloned();
        match schedule.plain() {
            Schedule::Constant(number) => Ok(Number { value: *number, formula }),
            _ if matches!(value.get_ref(), toml::Value::Table(_)) => {
                Err(("expected a number, not a schedule".into(), None))
            }
            _ => Err((
                format!(
                    "the formula {} varies with time (it uses `t`, `cycle` or `year`, or a parameter that does); a value here must be the same in every cycle",
                    values::quoted(&formula_text(value))
                ),
                None,
            )),
        }
    }
}

/// Reads values of one run's files through a scope.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    /// The texts of the files, for locating problems inside formulas.
    pub sources: &'a Sources,
    /// The parameters and tables.
    pub scope: &'a Scope,
}

impl Reader<'_> {
    /// A value as a schedule: see [`Scope::schedule`].
    pub fn schedule(&self, file: FileId, value: &RawValue) -> Result<Schedule, Located> {
        self.scope.schedule(self.sources, file, value)
    }

    /// A value that must not vary with time: see [`Scope::number`].
    pub fn number(&self, file: FileId, value: &RawValue) -> Result<Decimal, Located> {
        self.scope.number(self.sources, file, value)
    }

    /// A value that must not vary with time, with its formula: see [`Scope::number_value`].
    pub fn value(&self, file: FileId, value: &RawValue) -> Result<Number, Located> {
        self.scope.number_value(self.sources, file, value)
    }
}

/// Whether `Decimal::from_f64(value)` gives a decimal, without building it where the answer
/// is sure: a finite value below 2^95 in magnitude has an integer part that fits the 96 bits
/// of a decimal (the conversion, which rounds the fraction, fails only beyond them).
fn has_decimal(value: f64) -> bool {
    const SURE: f64 = 39_614_081_257_132_168_796_771_975_168.0; // 2^95
    (value.is_finite() && value.abs() < SURE) || Decimal::from_f64(value).is_some()
}

/// The problem of a formula whose `f64` value has no decimal.
fn not_decimal(expr: &Expr, value: f64) -> FormulaError {
    FormulaError {
        span: 0..expr.text().len(),
        message: if value.is_nan() {
            "the formula gives no number (NaN): a function outside its domain, such as `ln` or `sqrt` of a negative number, or 0/0".to_string()
        } else if value.is_infinite() {
            "the formula gives an infinite value: an overflow (such as `exp` of a large number) or a division by zero"
                .to_string()
        } else {
            format!("the value {value} is too large: {}", formula::DECIMAL_LIMIT)
        },
    }
}

/// The help under every formula problem.
pub const FORMULA_HELP: &str = "write a number (`0.05`), a fraction (`\"350/1734\"`) or a formula of parameters (`\"1 - exp(-rate * t)\"`, see docs/FORMAT.md section 5.9)";

fn formula_text(value: &RawValue) -> String {
    value.get_ref().as_str().unwrap_or_default().to_string()
}

/// Whether a text is read as a formula rather than as a number written in quotes or a
/// fraction with a typing mistake (those keep their own messages).
fn is_formula(text: &str) -> bool {
    if crate::diagnostic::number_written_as_text(text).is_some() {
        return false;
    }
    !text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '/' | ' ' | '\u{a0}' | '\u{2009}'))
        || (text.contains('/') && !text.contains(','))
}

/// Why a parameter or table id cannot be used in formulas, if it cannot.
fn bad_name(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !starts_well || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some(format!("the id `{name}` cannot be written in a formula"));
    }
    formula::RESERVED.contains(&name).then(|| format!("`{name}` is a built-in name of formulas"))
}

/// The span of bytes `inner` of a formula `text` written as the TOML string at `span`, when the
/// string is written without escapes (else `None`: the whole value is shown).
fn inner_span(
    sources: &Sources,
    file: FileId,
    span: Range<usize>,
    text: &str,
    inner: Range<usize>,
) -> Option<Range<usize>> {
    let written = sources.get(file).text.get(span.start + 1..span.end.checked_sub(1)?)?;
    (written == text)
        .then(|| span.start + 1 + inner.start..span.start + 1 + inner.end.max(inner.start + 1).min(text.len()))
}

/// A banded table, reporting problems.
fn table(file: FileId, raw: &RawLookup, problems: &mut Problems) -> Option<Table> {
    super::model::source(file, &raw.source, problems);
    let bands = raw.bands.get_ref();
    if bands.is_empty() {
        problems.at(
            file,
            raw.bands.span(),
            format!("the table `{}` has no bands", raw.id.get_ref()),
            "empty",
            "give at least one band `{ from = 0, value = … }`",
        );
        return None;
    }
    let mut from = Vec::with_capacity(bands.len());
    let mut values_out = Vec::with_capacity(bands.len());
    for band in bands {
        let read = |value: &RawValue, problems: &mut Problems| {
            let number = values::number(value.get_ref());
            if let Err(message) = &number {
                problems.at(
                    file,
                    value.span(),
                    message.clone(),
                    "not a number",
                    "write a number such as `45` or `0.0031`",
                );
            }
            number.ok()
        };
        let (f, v) = (read(&band.from, problems), read(&band.value, problems));
        let (f, v) = (f?, v?);
        if from.last().is_some_and(|last| *last >= f) {
            problems.at(
                file,
                band.from.span(),
                format!("the bands of table `{}` are not in ascending order of `from`", raw.id.get_ref()),
                "not above the band before",
                "list the bands with `from` strictly ascending",
            );
            return None;
        }
        from.push(f);
        values_out.push(v);
    }
    Some(Table::new(from, values_out))
}
