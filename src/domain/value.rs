//! Values that may be formulas of an analysis' free parameters, and the arithmetic the domain
//! does on them in any scalar.
//!
//! A reported run reads every value as an exact decimal. A scenario validated for a batch of
//! draws (see [`crate::validate::Changes::free`]) also keeps, beside each value that depends on
//! a drawn parameter, the [`Formula`] it came from, so that the compiler can record what the
//! chain's numbers are made of once and a batch of draws evaluates only that.

use crate::formula::{Expr, Table};
use crate::project::Scalar;
use rust_decimal::{Decimal, MathematicalOps};
use std::sync::Arc;

/// The formula behind a value that depends on a free parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Formula {
    /// The formula, over the parameters of [`FreeParameters`].
    pub expr: Expr,
    /// The range validation holds its values to (an amount within ±10^12, a multiplier at
    /// least zero), which a batch of draws checks draw by draw; `None` when it has none.
    pub bounds: Option<(Decimal, Decimal)>,
}

impl Formula {
    /// `expr`, with no range of its own.
    pub fn new(expr: Expr) -> Self {
        Formula { expr, bounds: None }
    }

    /// The formula held to `[low, high]` as well.
    #[must_use]
    pub fn bounded(&self, low: Decimal, high: Decimal) -> Formula {
        let bounds = match self.bounds {
            Some((l, h)) => (l.max(low), h.min(high)),
            None => (low, high),
        };
        Formula { expr: self.expr.clone(), bounds: Some(bounds) }
    }

    /// The formula times `by / over` (a positive factor), its range with it.
    #[must_use]
    pub fn scaled(&self, by: Decimal, over: Decimal) -> Option<Formula> {
        let scale = |x: Decimal| x.checked_mul(by)?.checked_div(over);
        let bounds = match self.bounds {
            Some((low, high)) => Some((scale(low)?, scale(high)?)),
            None => None,
        };
        Some(Formula { expr: self.expr.scaled(by, over), bounds })
    }
}

/// A number that does not vary with time, with its formula when it depends on a free
/// parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// Its value in this run.
    pub value: Decimal,
    /// Its formula, in a run validated for a batch of draws.
    pub formula: Option<Arc<Formula>>,
}

impl Number {
    /// A plain number.
    pub fn plain(value: Decimal) -> Self {
        Number { value, formula: None }
    }

    /// The number with its formula, if it has one, held to `[low, high]` (see [`Formula::bounds`]).
    #[must_use]
    pub fn bounded(self, low: Decimal, high: Decimal) -> Self {
        Number { formula: self.formula.map(|f| Arc::new(f.bounded(low, high))), ..self }
    }
}

impl From<Decimal> for Number {
    fn from(value: Decimal) -> Self {
        Number::plain(value)
    }
}

/// The parameters of a scenario validated for a batch of draws: which are drawn, which depend
/// on the drawn ones, and what computing them needs (the compiler computes them for a batch of
/// draws at once: `compile::symbolic`).
#[derive(Debug, Clone, PartialEq)]
pub struct FreeParameters {
    /// Each parameter's formula (`None` where it could not be read, which validation reports).
    pub exprs: Vec<Option<Expr>>,
    /// Whether each parameter is drawn or uses one that is.
    pub free: Vec<bool>,
    /// The drawn parameters, in the order of a draw's values (the tape's inputs).
    pub drawn: Vec<usize>,
    /// `base[c][p]`: parameter `p` in cycle `c` as validated (one row when none varies with time).
    pub base: Vec<Vec<f64>>,
    /// Whether each parameter varies with time (itself or through the parameters it uses).
    pub varies: Vec<bool>,
    /// The banded tables.
    pub tables: Vec<Table>,
    /// Months per cycle.
    pub months_per_cycle: u32,
    /// Whether every value that depends on a free parameter kept its formula; when not, a
    /// batch cannot stand in for validating each draw.
    pub complete: bool,
}

/// A number the domain's arithmetic (period conversion, rest entries, effects) runs in: exact
/// decimals for reported runs, `f64` for many runs, or a recorded value for a batch of draws.
pub trait Value: Scalar {
    /// `self` raised to `exponent`, or `None` where it cannot be computed.
    fn pow(self, exponent: Decimal) -> Option<Self>;

    /// Whether `self` exceeds `other` by more than the rounding of the type.
    fn above(self, other: Self) -> bool;

    /// Whether `self` equals `other` up to the rounding of the type.
    fn same(self, other: Self) -> bool {
        !self.above(other) && !other.above(self)
    }

    /// The value of `schedule` in `cycle` of a model with `months_per_cycle`.
    fn of_schedule(schedule: &super::Schedule, cycle: usize, months_per_cycle: u32) -> Self {
        Self::from_decimal(schedule.at(cycle, months_per_cycle))
    }

    /// The value of `number`.
    fn of_number(number: &Number) -> Self {
        Self::from_decimal(number.value)
    }

    /// `self * rhs`, or the largest decimal where that overflows (values validated within
    /// bounds do not).
    fn saturating_mul(self, rhs: Self) -> Self {
        self.mul(rhs).unwrap_or_else(|| Self::from_decimal(Decimal::MAX))
    }
}

impl Value for Decimal {
    fn pow(self, exponent: Decimal) -> Option<Self> {
        self.checked_powd(exponent)
    }

    fn above(self, other: Self) -> bool {
        self > other
    }
}

/// The relative rounding `f64` arithmetic is allowed in the domain's checks.
const F64_TOLERANCE: f64 = 1e-12;

impl Value for f64 {
    fn pow(self, exponent: Decimal) -> Option<Self> {
        let value = self.powf(Scalar::from_decimal(exponent));
        value.is_finite().then_some(value)
    }

    fn above(self, other: Self) -> bool {
        self > other + F64_TOLERANCE * other.abs().max(1.0)
    }
}
