//! The resolved formula: names bound to indices, constant parts folded, spans kept for the
//! messages of evaluation errors.

use super::TimeUse;
use super::builtin::{Extremum, Func, TimeVar};
use rust_decimal::Decimal;
use std::ops::Range;

/// A resolved formula, ready to evaluate (see [`super::Ast::resolve`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// The formula text, for quoting it in messages.
    pub(crate) source: String,
    /// The whole formula.
    pub(crate) root: Node,
}

/// A node of the resolved tree and the text it was written as.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// What it computes.
    pub(crate) kind: Kind,
    /// Its byte range in the formula text.
    pub(crate) span: Range<usize>,
}

/// An operand of a sum (subtracted when `inverse`) or of a product (divided when `inverse`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Operand {
    /// Whether it is subtracted (in a sum) or divided by (in a product).
    pub(crate) inverse: bool,
    /// The operand.
    pub(crate) node: Node,
}

/// The kinds of resolved nodes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A constant: a number, or a part without names or time, folded.
    Const {
        /// Its exact (or, when not `exact`, transcendental) decimal value.
        value: Decimal,
        /// Its value as the nearest `f64` (exact parts) or as `f64` arithmetic computes it.
        float: f64,
        /// Whether only exact arithmetic made it.
        exact: bool,
    },
    /// A parameter, by index.
    Param(usize),
    /// A time variable.
    Time(TimeVar),
    /// A banded table looked up at `arg`.
    Table {
        /// The table's index.
        index: usize,
        /// The table's name, for messages.
        name: String,
        /// The value looked up.
        arg: Box<Node>,
    },
    /// A function of one argument.
    Func { func: Func, arg: Box<Node> },
    /// `min` or `max` of two or more arguments.
    Extremum { which: Extremum, args: Vec<Node> },
    /// Unary minus.
    Neg(Box<Node>),
    /// Terms added or subtracted, left to right.
    Sum(Vec<Operand>),
    /// Factors multiplied or divided, left to right.
    Product(Vec<Operand>),
    /// A power with a constant integer exponent (|n| ≤ 1000): exact in decimals.
    PowInt { base: Box<Node>, exponent: i32 },
    /// Any other power.
    Pow { base: Box<Node>, exponent: Box<Node> },
}

impl Node {
    /// Calls `visit` on this node and every node below it, parents first.
    pub(crate) fn walk(&self, visit: &mut impl FnMut(&Node)) {
        visit(self);
        match &self.kind {
            Kind::Const { .. } | Kind::Param(_) | Kind::Time(_) => {}
            Kind::Table { arg, .. } | Kind::Func { arg, .. } | Kind::Neg(arg) => arg.walk(visit),
            Kind::Extremum { args, .. } => args.iter().for_each(|a| a.walk(visit)),
            Kind::Sum(ops) | Kind::Product(ops) => ops.iter().for_each(|o| o.node.walk(visit)),
            Kind::PowInt { base, .. } => base.walk(visit),
            Kind::Pow { base, exponent } => {
                base.walk(visit);
                exponent.walk(visit);
            }
        }
    }

    /// The nodes directly below this one.
    pub(crate) fn children(&self) -> Vec<&Node> {
        match &self.kind {
            Kind::Const { .. } | Kind::Param(_) | Kind::Time(_) => Vec::new(),
            Kind::Table { arg, .. } | Kind::Func { arg, .. } | Kind::Neg(arg) => vec![arg],
            Kind::Extremum { args, .. } => args.iter().collect(),
            Kind::Sum(ops) | Kind::Product(ops) => ops.iter().map(|o| &o.node).collect(),
            Kind::PowInt { base, .. } => vec![base],
            Kind::Pow { base, exponent } => vec![base, exponent],
        }
    }

    /// The constant's value, if this is a constant.
    pub(crate) fn constant(&self) -> Option<(Decimal, bool)> {
        match self.kind {
            Kind::Const { value, exact, .. } => Some((value, exact)),
            _ => None,
        }
    }

    /// Whether this node's own operation is exact decimal arithmetic (children aside).
    pub(crate) fn op_is_exact(&self) -> bool {
        match &self.kind {
            Kind::Const { exact, .. } => *exact,
            Kind::Func { func, .. } => func.is_exact(),
            Kind::Pow { exponent, .. } => {
                matches!(exponent.constant(), Some((n, true)) if n.fract().is_zero())
            }
            _ => true,
        }
    }

    /// Whether this node and every node below it is exact.
    pub(crate) fn is_exact(&self) -> bool {
        let mut exact = true;
        self.walk(&mut |node| exact &= node.op_is_exact());
        exact
    }
}

impl Expr {
    /// The formula of a plain number, equal to what [`super::parse`] and
    /// [`super::Ast::resolve`] give for the number's text.
    #[must_use]
    pub fn number(value: Decimal) -> Expr {
        let source = value.to_string();
        let float = super::resolve::nearest_f64(value);
        let root = Node { kind: Kind::Const { value, float, exact: true }, span: 0..source.len() };
        Expr { source, root }
    }

    /// `self × other` as one formula: for values combined after they are read, such as a
    /// probability and a strategy's multiplier on it.
    #[must_use]
    pub fn times(&self, other: &Expr) -> Expr {
        let source = format!("({}) * ({})", self.source, other.source);
        let operands = [&self.root, &other.root].map(|node| Operand { inverse: false, node: node.clone() });
        let root = Node { kind: Kind::Product(operands.into()), span: 0..source.len() };
        Expr { source, root }
    }

    /// `self × by ÷ over` as one formula (an amount per period made an amount per cycle).
    #[must_use]
    pub fn scaled(&self, by: Decimal, over: Decimal) -> Expr {
        let source = format!("({}) * {by} / {over}", self.source);
        let constant = |value: Decimal, inverse: bool| Operand { inverse, node: Expr::number(value).root };
        let operands =
            vec![Operand { inverse: false, node: self.root.clone() }, constant(by, false), constant(over, true)];
        Expr { root: Node { kind: Kind::Product(operands), span: 0..source.len() }, source }
    }

    /// The formula text this was resolved from.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.source
    }

    /// The indices of the parameters the formula uses directly, sorted, without repeats.
    #[must_use]
    pub fn parameters(&self) -> Vec<usize> {
        self.indices(|kind| match kind {
            Kind::Param(index) => Some(*index),
            _ => None,
        })
    }

    /// The indices of the tables the formula looks up, sorted, without repeats.
    #[must_use]
    pub fn tables(&self) -> Vec<usize> {
        self.indices(|kind| match kind {
            Kind::Table { index, .. } => Some(*index),
            _ => None,
        })
    }

    /// The indices `pick` finds in the nodes, sorted, without repeats.
    fn indices(&self, pick: impl Fn(&Kind) -> Option<usize>) -> Vec<usize> {
        let mut found = Vec::new();
        self.root.walk(&mut |node| found.extend(pick(&node.kind)));
        found.sort_unstable();
        found.dedup();
        found
    }

    /// How the formula itself depends on time (`cycle` or `t`: every cycle; `year` only:
    /// yearly). Parameters that vary with time are the caller's to account for.
    #[must_use]
    pub fn time_use(&self) -> TimeUse {
        let mut time = TimeUse::None;
        self.root.walk(&mut |node| {
            let here = match node.kind {
                Kind::Time(TimeVar::Cycle | TimeVar::T) => TimeUse::Cycle,
                Kind::Time(TimeVar::Year) => TimeUse::Year,
                _ => TimeUse::None,
            };
            time = time.max(here);
        });
        time
    }

    /// Whether decimal evaluation is exact arithmetic: no `exp`, `ln`, `expm1`, `log1p`,
    /// `sqrt`, and no `^` whose exponent is not a constant integer.
    #[must_use]
    pub fn is_exact(&self) -> bool {
        self.root.is_exact()
    }

    /// The value, when the formula uses no name and no time and is exact (as `350/1734` or
    /// `0.1 + 0.2`); `None` otherwise, even for a constant such as `exp(1)`.
    #[must_use]
    pub fn constant_value(&self) -> Option<Decimal> {
        match self.root.constant() {
            Some((value, true)) => Some(value),
            _ => None,
        }
    }
}
