//! Formulas: the small expression language in which a model or scenario may write any figure.
//!
//! A formula is text such as `"350/1734"`, `"exp(ln_rr_np1)"` or
//! `"1 - exp(lambda * ((t - 1)^gamma - t^gamma))"`. It goes through three steps:
//!
//! 1. [`parse`] checks the syntax and gives an [`Ast`]; [`Ast::names`] lists the names it uses,
//!    so a caller can order parameters that refer to each other.
//! 2. [`Ast::resolve`] binds every name to a [`Symbol`] (a parameter or a banded [`Table`]),
//!    folds constant parts (exactly, in decimals) and reports every unknown name and every
//!    error that can be seen without values, such as a division by `(2 - 2)`.
//! 3. The resolved [`Expr`] evaluates in exact decimals ([`Expr::eval_decimal`], checked: every
//!    overflow or domain error is a located [`FormulaError`]), in `f64` ([`Expr::eval_f64`]) or
//!    over [`LANES`] draws at once ([`Expr::eval_lanes`]).
//!
//! Grammar, from the loosest to the tightest binding: `+ -` (left associative), `* /` (left
//! associative), unary `-`, `^` (right associative and tighter than unary minus, so
//! `-2^2 = -4` and `2^3^2 = 2^9`; its exponent may itself start with `-`, as in `2^-1`), then
//! numbers (`12`, `0.5`, `.5`, `1e-3`, `2.5E+4`), names (`[A-Za-z_][A-Za-z0-9_]*`), calls
//! `name(a, b, …)` and parentheses. The built-in names are listed in [`RESERVED`].
//!
//! Nothing here panics or recurses without bound: a formula is at most [`MAX_LEN`] characters
//! and nests at most [`MAX_DEPTH`] levels, and sums and products of many terms are flat lists.

mod builtin;
mod decimal;
mod eval;
mod expr;
mod lanes;
mod lex;
mod parse;
mod resolve;
mod table;
mod tape;

#[cfg(test)]
mod tests;

use std::ops::Range;

pub(crate) use decimal::LIMIT as DECIMAL_LIMIT;
pub use expr::Expr;
pub use lanes::{exp_lanes, expm1_lanes, ln_lanes, pow_lanes, zip};
pub use parse::{Ast, parse};
pub use table::Table;
pub use tape::{At, Binary, Record, Slot, Tape};

/// The number of draws [`Expr::eval_lanes`] evaluates side by side, and one value per draw:
/// the kernel's batch of draws, so that a formula's lanes are a projection's.
pub use crate::project::{BATCH as LANES, Batch as Lanes};

/// The longest formula accepted, in characters.
pub const MAX_LEN: usize = 10_000;

/// The deepest nesting accepted: every `(`, call, unary `-` and `^` exponent adds a level.
pub const MAX_DEPTH: usize = 64;

/// The names the language defines itself (time variables and functions): a parameter or a
/// table may not take one of these ids.
pub const RESERVED: &[&str] = &["cycle", "t", "year", "exp", "ln", "expm1", "log1p", "sqrt", "abs", "min", "max"];

/// A problem in a formula, located by byte offsets into the formula text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct FormulaError {
    /// The byte range of the formula text the problem is about.
    pub span: Range<usize>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl FormulaError {
    /// A problem at `span`.
    pub(crate) fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Self { span, message: message.into() }
    }
}

/// One use of a name that is not built in: a parameter, or a table when it is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameUse {
    /// The name as written.
    pub name: String,
    /// Where it is written.
    pub span: Range<usize>,
    /// Whether it is called (`name(x)`), as a table is.
    pub called: bool,
}

/// What a name in a formula stands for, as the caller's lookup says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Symbol {
    /// A parameter: the index of its value in [`Env::parameters`].
    Parameter(usize),
    /// A banded table: its index in [`Env::tables`].
    Table(usize),
}

/// How a formula depends on time; ordered so that callers can take the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum TimeUse {
    /// It uses no time variable.
    #[default]
    None,
    /// It uses `year` only, so it changes at most once a year.
    Year,
    /// It uses `cycle` or `t`, so it may change every cycle.
    Cycle,
}

/// The values a formula is evaluated with.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a, N> {
    /// The value of each parameter, by [`Symbol::Parameter`] index.
    pub parameters: &'a [N],
    /// The banded tables, by [`Symbol::Table`] index.
    pub tables: &'a [Table],
    /// The 0-based cycle (`cycle`; `t` is `cycle + 1`).
    pub cycle: u32,
    /// The 0-based projection year (`year`).
    pub year: u32,
}

impl<N> Env<'_, N> {
    /// An environment with no parameters, no tables, at cycle 0 and year 0.
    #[must_use]
    pub fn empty() -> Self {
        Env { parameters: &[], tables: &[], cycle: 0, year: 0 }
    }
}
