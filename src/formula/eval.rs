//! Evaluating a resolved formula: in checked decimals, in `f64`, and over [`LANES`] draws.
//!
//! The three evaluations follow the same tree and the same order of operations; the tree's
//! depth is bounded by the parser's nesting limit, so the recursion is too.

use super::builtin::{Extremum, Func, TimeVar};
use super::decimal::{self, Site, quote, show};
use super::expr::{Expr, Kind, Node, Operand};
use super::lanes::{exp_lanes, expm1_lanes, ln_lanes, pow_lanes, powi_f64, powi_lanes, zip};
use super::{Env, FormulaError, LANES, Lanes};
use rust_decimal::Decimal;

impl Expr {
    /// The value in exact decimals (transcendental functions to about 28 digits), or the
    /// located error: an overflow, a division by zero, `ln` of a number ≤ 0, `sqrt` of a
    /// negative number, a table looked up below its first band, a missing parameter value.
    ///
    /// # Errors
    ///
    /// The first failing operation, located at it, with the values that made it fail.
    pub fn eval_decimal(&self, env: &Env<'_, Decimal>) -> Result<Decimal, FormulaError> {
        self.root.eval_decimal(&self.source, env)
    }

    /// The value in `f64`: NaN or ±∞ where the decimal evaluation gives an error.
    #[must_use]
    pub fn eval_f64(&self, env: &Env<'_, f64>) -> f64 {
        self.root.eval_f64(env)
    }

    /// The value for [`LANES`] draws at once, each operation applied to all lanes together;
    /// lane `i` is what [`Expr::eval_f64`] gives with every parameter's lane `i` (to about
    /// 1e-14, as [`exp_lanes`] and [`ln_lanes`] stand in for `f64::exp` and `f64::ln`).
    #[must_use]
    pub fn eval_lanes(&self, env: &Env<'_, Lanes>) -> Lanes {
        self.root.eval_lanes(env)
    }
}

/// The value of a time variable.
pub(super) fn time_value(var: TimeVar, cycle: u32, year: u32) -> u64 {
    match var {
        TimeVar::Cycle => u64::from(cycle),
        TimeVar::T => u64::from(cycle) + 1,
        TimeVar::Year => u64::from(year),
    }
}

/// What a decimal evaluation needs besides the node.
struct DecimalCx<'a, 'e> {
    /// The formula text, for messages.
    source: &'a str,
    /// The values.
    env: &'a Env<'e, Decimal>,
}

impl Node {
    /// The value in checked decimals.
    pub(crate) fn eval_decimal(&self, source: &str, env: &Env<'_, Decimal>) -> Result<Decimal, FormulaError> {
        DecimalCx { source, env }.eval(self)
    }
}

impl DecimalCx<'_, '_> {
    /// The value of `node`.
    fn eval(&self, node: &Node) -> Result<Decimal, FormulaError> {
        match &node.kind {
            Kind::Const { value, .. } => Ok(*value),
            Kind::Param(index) => self.parameter(node, *index),
            Kind::Time(var) => Ok(Decimal::from(time_value(*var, self.env.cycle, self.env.year))),
            Kind::Table { index, name, arg } => self.table(node, *index, name, arg),
            Kind::Func { func, arg } => self.func(node, *func, arg),
            Kind::Extremum { which, args } => self.extremum(*which, args),
            Kind::Neg(operand) => Ok(-self.eval(operand)?),
            Kind::Sum(ops) => self.sum(node, ops),
            Kind::Product(ops) => self.product(node, ops),
            Kind::PowInt { base, exponent } => {
                let value = self.eval(base)?;
                decimal::powi(value, i64::from(*exponent), &self.site(node, base))
            }
            Kind::Pow { base, exponent } => {
                let (b, e) = (self.eval(base)?, self.eval(exponent)?);
                decimal::pow(b, e, &self.site(node, base))
            }
        }
    }

    /// The site of `whole` applied to `operand`.
    fn site<'s>(&'s self, whole: &'s Node, operand: &'s Node) -> Site<'s> {
        Site { source: self.source, whole: &whole.span, operand: &operand.span }
    }

    /// A parameter's value.
    fn parameter(&self, node: &Node, index: usize) -> Result<Decimal, FormulaError> {
        self.env.parameters.get(index).copied().ok_or_else(|| {
            FormulaError::new(
                node.span.clone(),
                format!(
                    "{} has no value: parameter number {index} is missing from the values \
                     given (an error in the program, not in the formula)",
                    quote(self.source, &node.span)
                ),
            )
        })
    }

    /// A table looked up at `arg`.
    fn table(&self, node: &Node, index: usize, name: &str, arg: &Node) -> Result<Decimal, FormulaError> {
        let x = self.eval(arg)?;
        let fail = |message: String| Err(FormulaError::new(node.span.clone(), message));
        let Some(table) = self.env.tables.get(index) else {
            return fail(format!(
                "the table `{name}` is missing from the values given (an error in the \
                 program, not in the formula)"
            ));
        };
        if let Some(value) = table.lookup_decimal(x) {
            return Ok(value);
        }
        match table.from.first() {
            Some(first) => fail(format!(
                "{}: {} is below the first band of the table `{name}`, which starts at {}",
                quote(self.source, &node.span),
                show(x),
                show(*first)
            )),
            None => fail(format!("the table `{name}` has no bands")),
        }
    }

    /// A function of one argument.
    fn func(&self, node: &Node, func: Func, arg: &Node) -> Result<Decimal, FormulaError> {
        let x = self.eval(arg)?;
        let site = self.site(node, arg);
        match func {
            Func::Exp => decimal::exp(x, &site),
            Func::Ln => decimal::ln(x, &site),
            Func::Expm1 => decimal::expm1(x, &site),
            Func::Log1p => decimal::log1p(x, &site),
            Func::Sqrt => decimal::sqrt(x, &site),
            Func::Abs => Ok(x.abs()),
        }
    }

    /// `min` or `max` of `args`.
    fn extremum(&self, which: Extremum, args: &[Node]) -> Result<Decimal, FormulaError> {
        let mut best: Option<Decimal> = None;
        for arg in args {
            let x = self.eval(arg)?;
            best = Some(match (best, which) {
                (None, _) => x,
                (Some(b), Extremum::Min) => b.min(x),
                (Some(b), Extremum::Max) => b.max(x),
            });
        }
        Ok(best.unwrap_or(Decimal::ZERO))
    }

    /// Terms added and subtracted left to right.
    fn sum(&self, node: &Node, ops: &[Operand]) -> Result<Decimal, FormulaError> {
        let mut total = Decimal::ZERO;
        for (i, op) in ops.iter().enumerate() {
            let x = self.eval(&op.node)?;
            let next = match (i, op.inverse) {
                (0, false) => Some(x),
                (_, false) => total.checked_add(x),
                (_, true) => total.checked_sub(x),
            };
            let sign = if op.inverse { "-" } else { "+" };
            total =
                next.ok_or_else(|| self.site(node, &op.node).overflow(format!("{} {sign} {}", show(total), show(x))))?;
        }
        Ok(total)
    }

    /// Factors multiplied and divided left to right.
    fn product(&self, node: &Node, ops: &[Operand]) -> Result<Decimal, FormulaError> {
        let mut total = Decimal::ONE;
        for (i, op) in ops.iter().enumerate() {
            let x = self.eval(&op.node)?;
            if op.inverse && x.is_zero() {
                return Err(FormulaError::new(
                    op.node.span.clone(),
                    format!(
                        "a division by zero: the divisor {} is 0 here (in {})",
                        quote(self.source, &op.node.span),
                        quote(self.source, &node.span)
                    ),
                ));
            }
            let next = match (i, op.inverse) {
                (0, false) => Some(x),
                (_, false) => total.checked_mul(x),
                (_, true) => total.checked_div(x),
            };
            let sign = if op.inverse { "÷" } else { "×" };
            total =
                next.ok_or_else(|| self.site(node, &op.node).overflow(format!("{} {sign} {}", show(total), show(x))))?;
        }
        Ok(total)
    }
}

impl Node {
    /// The value in `f64`.
    pub(crate) fn eval_f64(&self, env: &Env<'_, f64>) -> f64 {
        match &self.kind {
            Kind::Const { float, .. } => *float,
            Kind::Param(index) => env.parameters.get(*index).copied().unwrap_or(f64::NAN),
            Kind::Time(var) => time_value(*var, env.cycle, env.year) as f64,
            Kind::Table { index, arg, .. } => {
                let x = arg.eval_f64(env);
                env.tables.get(*index).map_or(f64::NAN, |t| t.lookup_f64(x))
            }
            Kind::Func { func, arg } => func_f64(*func, arg.eval_f64(env)),
            Kind::Extremum { which, args } => {
                let values = args.iter().map(|a| a.eval_f64(env));
                values.reduce(|a, b| extremum_f64(*which, a, b)).unwrap_or(f64::NAN)
            }
            Kind::Neg(operand) => -operand.eval_f64(env),
            Kind::Sum(ops) => fold_f64(ops, env, 0.0, |a, b| a + b, |a, b| a - b),
            Kind::Product(ops) => fold_f64(ops, env, 1.0, |a, b| a * b, |a, b| a / b),
            Kind::PowInt { base, exponent } => powi_f64(base.eval_f64(env), *exponent),
            Kind::Pow { base, exponent } => base.eval_f64(env).powf(exponent.eval_f64(env)),
        }
    }
}

/// The operands combined left to right from `unit`: the first as it is, then each with
/// `apply` or, when inverse, `inverse`.
fn fold_f64(
    ops: &[Operand],
    env: &Env<'_, f64>,
    unit: f64,
    apply: fn(f64, f64) -> f64,
    inverse: fn(f64, f64) -> f64,
) -> f64 {
    let mut total = unit;
    for (i, op) in ops.iter().enumerate() {
        let x = op.node.eval_f64(env);
        total = match (i, op.inverse) {
            (0, false) => x,
            (_, false) => apply(total, x),
            (_, true) => inverse(total, x),
        };
    }
    total
}

/// A function of one argument in `f64`.
fn func_f64(func: Func, x: f64) -> f64 {
    match func {
        Func::Exp => x.exp(),
        Func::Ln => x.ln(),
        Func::Expm1 => x.exp_m1(),
        Func::Log1p => x.ln_1p(),
        Func::Sqrt => x.sqrt(),
        Func::Abs => x.abs(),
    }
}

/// `min` or `max` of two values, NaN when either is (so an error is not hidden).
pub(super) fn extremum_f64(which: Extremum, a: f64, b: f64) -> f64 {
    if a.is_nan() {
        return a;
    }
    let b_wins = match which {
        Extremum::Min => b < a,
        Extremum::Max => b > a,
    };
    if b_wins || b.is_nan() { b } else { a }
}

impl Node {
    /// The value for every lane.
    pub(crate) fn eval_lanes(&self, env: &Env<'_, Lanes>) -> Lanes {
        match &self.kind {
            Kind::Const { float, .. } => [*float; LANES],
            Kind::Param(index) => env.parameters.get(*index).copied().unwrap_or([f64::NAN; LANES]),
            Kind::Time(var) => [time_value(*var, env.cycle, env.year) as f64; LANES],
            Kind::Table { index, arg, .. } => {
                let x = arg.eval_lanes(env);
                match env.tables.get(*index) {
                    Some(table) => x.map(|x| table.lookup_f64(x)),
                    None => [f64::NAN; LANES],
                }
            }
            Kind::Func { func, arg } => func_lanes(*func, arg.eval_lanes(env)),
            Kind::Extremum { which, args } => {
                let values = args.iter().map(|a| a.eval_lanes(env));
                let both = |a: Lanes, b: Lanes| zip(a, b, |a, b| extremum_f64(*which, a, b));
                values.reduce(both).unwrap_or([f64::NAN; LANES])
            }
            Kind::Neg(operand) => operand.eval_lanes(env).map(|x| -x),
            Kind::Sum(ops) => fold_lanes(ops, env, 0.0, |a, b| a + b, |a, b| a - b),
            Kind::Product(ops) => fold_lanes(ops, env, 1.0, |a, b| a * b, |a, b| a / b),
            Kind::PowInt { base, exponent } => powi_lanes(base.eval_lanes(env), *exponent),
            Kind::Pow { base, exponent } => pow_lanes(base.eval_lanes(env), exponent.eval_lanes(env)),
        }
    }
}

/// The operands combined left to right, lane by lane (see [`fold_f64`]).
fn fold_lanes(
    ops: &[Operand],
    env: &Env<'_, Lanes>,
    unit: f64,
    apply: impl Fn(f64, f64) -> f64 + Copy,
    inverse: impl Fn(f64, f64) -> f64 + Copy,
) -> Lanes {
    let mut total = [unit; LANES];
    for (i, op) in ops.iter().enumerate() {
        let x = op.node.eval_lanes(env);
        total = match (i, op.inverse) {
            (0, false) => x,
            (_, false) => zip(total, x, apply),
            (_, true) => zip(total, x, inverse),
        };
    }
    total
}

/// A function of one argument for every lane. `log1p` calls the `f64` function lane by lane:
/// it is rare in models, and its accuracy for small arguments matters more than its speed.
pub(super) fn func_lanes(func: Func, x: Lanes) -> Lanes {
    match func {
        Func::Exp => exp_lanes(x),
        Func::Ln => ln_lanes(x),
        Func::Expm1 => expm1_lanes(x),
        Func::Log1p => x.map(f64::ln_1p),
        Func::Sqrt => x.map(f64::sqrt),
        Func::Abs => x.map(f64::abs),
    }
}
