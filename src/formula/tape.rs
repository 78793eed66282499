//! Formulas compiled into one flat program over lanes: a [`Tape`] of operations, each reading
//! the results of earlier ones, run once per batch of draws.
//!
//! A formula is recorded at a given cycle ([`Expr::record`]): its time variables and every
//! value that does not depend on the draws become constants and are folded, each parameter
//! that does is recorded once (by the caller) and shared by every formula that uses it, and an
//! operation already on the tape with the same operands is not recorded again. So `t^gamma` of
//! one cycle and `(t − 1)^gamma` of the next are one operation, and a formula used by several
//! values (or strategies) is computed once per batch. Every operation computes what
//! [`Expr::eval_lanes`] computes, in the same order, so the results are the same to the bit.

use super::builtin::{Extremum, Func};
use super::eval::{extremum_f64, func_lanes, time_value};
use super::expr::{Expr, Kind, Node, Operand};
use super::lanes::{fix_powers, ln_one, pow_lanes, powi_lanes, zip};
use super::{LANES, Lanes, Table};
use rustc_hash::FxHashMap as HashMap;

/// The position of an operation on a [`Tape`], which is also where its result is kept.
pub type Slot = u32;

/// An operation of two operands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Binary {
    /// `a + b`.
    Add,
    /// `a − b`.
    Sub,
    /// `a · b`.
    Mul,
    /// `a / b`.
    Div,
    /// `a^b`, as [`pow_lanes`] computes it.
    Pow,
}

/// One operation; operands are earlier slots.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    /// A constant, the same in every lane (written once, kept from run to run).
    Const(f64),
    /// The caller's input number `k` (a drawn value).
    Input(u32),
    /// Two operands.
    Binary(Binary, Slot, Slot),
    /// One operand.
    Unary(Unary, Slot),
    /// `min` or `max` of two operands (NaN when either is).
    Extremum(Extremum, Slot, Slot),
    /// `base^e` for a constant `base` and its logarithm: `exp(ln_base · e)`, as
    /// [`pow_lanes`] computes it for a base that is the same in every lane.
    PowOfConstant { base: f64, ln_base: f64, exponent: Slot },
    /// A banded table looked up at an operand.
    Table(u32, Slot),
}

impl Op {
    /// The slots the operation reads.
    fn operands(self) -> [Option<Slot>; 2] {
        match self {
            Op::Const(_) | Op::Input(_) => [None, None],
            Op::Binary(_, a, b) | Op::Extremum(_, a, b) => [Some(a), Some(b)],
            Op::Unary(_, a) | Op::Table(_, a) | Op::PowOfConstant { exponent: a, .. } => [Some(a), None],
        }
    }

    /// The operation with each operand replaced by `new(operand)`.
    fn with_operands(self, new: impl Fn(Slot) -> Slot) -> Op {
        match self {
            Op::Const(_) | Op::Input(_) => self,
            Op::Binary(kind, a, b) => Op::Binary(kind, new(a), new(b)),
            Op::Extremum(which, a, b) => Op::Extremum(which, new(a), new(b)),
            Op::Unary(unary, a) => Op::Unary(unary, new(a)),
            Op::Table(index, a) => Op::Table(index, new(a)),
            Op::PowOfConstant { base, ln_base, exponent } => {
                Op::PowOfConstant { base, ln_base, exponent: new(exponent) }
            }
        }
    }

    /// What identifies the operation: equal keys compute equal results.
    fn key(self) -> (u8, u64, u64, u64) {
        let slot = u64::from;
        match self {
            Op::Const(c) => (0, c.to_bits(), 0, 0),
            Op::Input(k) => (1, u64::from(k), 0, 0),
            Op::Binary(kind, a, b) => (2, kind as u64, slot(a), slot(b)),
            Op::Unary(unary, a) => (3, unary.code(), slot(a), 0),
            Op::Extremum(which, a, b) => (5, which as u64, slot(a), slot(b)),
            Op::PowOfConstant { base, exponent, .. } => (7, base.to_bits(), slot(exponent), 0),
            Op::Table(index, a) => (8, u64::from(index), slot(a), 0),
        }
    }
}

/// A flat program over [`LANES`] lanes: the operations, in an order in which every operand
/// comes before its use.
#[derive(Debug, Default, Clone)]
pub struct Tape {
    ops: Vec<Op>,
    /// Each operation recorded, by [`Op::key`].
    recorded: HashMap<(u8, u64, u64, u64), Slot>,
    /// The tables [`Op::Table`] looks up.
    tables: Vec<Table>,
}

impl Tape {
    /// An empty tape whose formulas look up `tables`.
    #[must_use]
    pub fn new(tables: Vec<Table>) -> Self {
        Tape { tables, ..Tape::default() }
    }

    /// The slot of `op`, recording it unless the same operation is there already.
    fn push(&mut self, op: Op) -> Slot {
        let next = self.ops.len() as Slot;
        let slot = *self.recorded.entry(op.key()).or_insert(next);
        if slot == next {
            self.ops.push(op);
        }
        slot
    }

    /// The slot of the constant `value`.
    pub fn constant(&mut self, value: f64) -> Slot {
        self.push(Op::Const(value))
    }

    /// The slot of input number `k` (see [`Tape::run`]).
    pub fn input(&mut self, k: usize) -> Slot {
        self.push(Op::Input(k as u32))
    }

    /// Drops every operation that none of `roots` needs, directly or through others, keeping
    /// the order of the rest; gives each old slot's new slot (`None` for one dropped).
    pub fn keep_only(&mut self, roots: impl IntoIterator<Item = Slot>) -> Vec<Option<Slot>> {
        let mut needed = vec![false; self.ops.len()];
        roots.into_iter().for_each(|r| needed[r as usize] = true);
        // Operands come before their use, so one pass from the end finds all that is needed.
        for index in (0..self.ops.len()).rev() {
            if needed[index] {
                self.ops[index].operands().into_iter().flatten().for_each(|o| needed[o as usize] = true);
            }
        }
        let mut renumbered = vec![None; self.ops.len()];
        let ops = std::mem::take(&mut self.ops);
        self.recorded.clear();
        for (index, op) in ops.into_iter().enumerate().filter(|(i, _)| needed[*i]) {
            let new = |slot: Slot| renumbered[slot as usize].unwrap_or(slot);
            renumbered[index] = Some(self.push(op.with_operands(new)));
        }
        renumbered
    }

    /// The value of `slot` when it is a constant.
    #[must_use]
    pub fn constant_value(&self, slot: Slot) -> Option<f64> {
        match self.ops.get(slot as usize) {
            Some(Op::Const(c)) => Some(*c),
            _ => None,
        }
    }

    /// `a kind b`: folded into a constant when both are.
    pub fn binary(&mut self, kind: Binary, a: Slot, b: Slot) -> Slot {
        match (self.constant_value(a), self.constant_value(b)) {
            (Some(x), Some(y)) => self.constant(binary([x; LANES], [y; LANES], kind)[0]),
            (Some(base), None) if kind == Binary::Pow => {
                self.push(Op::PowOfConstant { base, ln_base: ln_one(base), exponent: b })
            }
            _ => self.push(Op::Binary(kind, a, b)),
        }
    }

    /// `unary` of `a`: folded into a constant when `a` is one.
    fn unary(&mut self, unary: Unary, a: Slot) -> Slot {
        match self.constant_value(a) {
            Some(x) => self.constant(unary.lanes([x; LANES])[0]),
            None => self.push(Op::Unary(unary, a)),
        }
    }

    /// Runs the operations with the caller's `inputs`, into `out` (one value per operation).
    /// The constants are written when `out` is new and kept from run to run, so give each tape
    /// its own `out`.
    pub fn run(&self, inputs: &[Lanes], out: &mut Vec<Lanes>) {
        if out.len() != self.ops.len() {
            let constant = |op: &Op| if let Op::Const(c) = op { [*c; LANES] } else { [f64::NAN; LANES] };
            *out = self.ops.iter().map(constant).collect();
        }
        for (index, &op) in self.ops.iter().enumerate() {
            // Operands come before their use: read them from `done`, write the result in place.
            let (done, rest) = out.split_at_mut(index);
            if let Some(result) = rest.first_mut() {
                self.apply(op, done, result, inputs);
            }
        }
    }

    /// Writes the result of `op`, whose operands are in `done`, into `result`.
    #[inline(always)]
    fn apply(&self, op: Op, done: &[Lanes], result: &mut Lanes, inputs: &[Lanes]) {
        let at = |slot: Slot| &done[slot as usize];
        match op {
            Op::Const(_) => {}
            Op::Input(k) => *result = inputs.get(k as usize).copied().unwrap_or([f64::NAN; LANES]),
            Op::Binary(kind, a, b) => binary_into(result, at(a), at(b), kind),
            Op::Unary(unary, a) => *result = unary.lanes(*at(a)),
            Op::Extremum(which, a, b) => *result = zip(*at(a), *at(b), |x, y| extremum_f64(which, x, y)),
            Op::PowOfConstant { base, ln_base, exponent } => *result = pow_of_constant(base, ln_base, *at(exponent)),
            Op::Table(index, a) => {
                *result = match self.tables.get(index as usize) {
                    Some(table) => at(a).map(|x| table.lookup_f64(x)),
                    None => [f64::NAN; LANES],
                }
            }
        }
    }
}

/// `result = a kind b` lane by lane, written in place (no copies of the lanes).
#[inline(always)]
fn binary_into(result: &mut Lanes, a: &Lanes, b: &Lanes, kind: Binary) {
    let each = |result: &mut Lanes, op: fn(f64, f64) -> f64| {
        for ((r, x), y) in result.iter_mut().zip(a).zip(b) {
            *r = op(*x, *y);
        }
    };
    match kind {
        Binary::Add => each(result, |x, y| x + y),
        Binary::Sub => each(result, |x, y| x - y),
        Binary::Mul => each(result, |x, y| x * y),
        Binary::Div => each(result, |x, y| x / y),
        Binary::Pow => *result = pow_lanes(*a, *b),
    }
}

/// An operation of one operand.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Unary {
    /// A function.
    Func(Func),
    /// Minus.
    Neg,
    /// A power with a constant integer exponent.
    PowInt(i32),
}

impl Unary {
    /// A number that tells the operations apart (for [`Op::key`]).
    fn code(self) -> u64 {
        match self {
            Unary::Func(func) => func as u64,
            Unary::Neg => 1 << 32,
            Unary::PowInt(n) => (2 << 32) | u64::from(n as u32),
        }
    }

    /// The operation lane by lane.
    #[inline(always)]
    fn lanes(self, x: Lanes) -> Lanes {
        match self {
            Unary::Func(func) => func_lanes(func, x),
            Unary::Neg => x.map(|x| -x),
            Unary::PowInt(n) => powi_lanes(x, n),
        }
    }
}

/// `a kind b` lane by lane.
#[inline(always)]
fn binary(a: Lanes, b: Lanes, kind: Binary) -> Lanes {
    match kind {
        Binary::Add => zip(a, b, |x, y| x + y),
        Binary::Sub => zip(a, b, |x, y| x - y),
        Binary::Mul => zip(a, b, |x, y| x * y),
        Binary::Div => zip(a, b, |x, y| x / y),
        Binary::Pow => pow_lanes(a, b),
    }
}

/// `base^e` lane by lane for a constant `base` whose logarithm is `ln_base`: what
/// [`pow_lanes`] gives for a base that is the same in every lane.
#[inline(always)]
fn pow_of_constant(base: f64, ln_base: f64, e: Lanes) -> Lanes {
    let out = super::lanes::exp_lanes(e.map(|e| ln_base * e));
    fix_powers(out, [base; LANES], e)
}

/// Where a formula is recorded: the cycle and year its time variables take.
#[derive(Debug, Clone, Copy)]
pub struct At {
    /// The cycle (0-based).
    pub cycle: u32,
    /// The projection year of the cycle (0-based).
    pub year: u32,
}

/// What a formula is recorded into: a tape, and the slot of each parameter it uses.
pub trait Record {
    /// The tape.
    fn tape(&mut self) -> &mut Tape;
    /// The slot of parameter `index` (recorded on the same tape if need be).
    fn parameter(&mut self, index: usize) -> Slot;
}

impl Expr {
    /// Records the formula at `at` into `into` and gives the slot of its value.
    pub fn record(&self, into: &mut dyn Record, at: At) -> Slot {
        Recorder { into, at }.node(&self.root)
    }
}

/// What recording a formula needs besides the node.
struct Recorder<'a> {
    into: &'a mut dyn Record,
    at: At,
}

impl Recorder<'_> {
    /// The slot of `node`'s value.
    fn node(&mut self, node: &Node) -> Slot {
        match &node.kind {
            Kind::Const { float, .. } => self.into.tape().constant(*float),
            Kind::Param(index) => self.into.parameter(*index),
            Kind::Time(var) => {
                let value = time_value(*var, self.at.cycle, self.at.year) as f64;
                self.into.tape().constant(value)
            }
            Kind::Table { index, arg, .. } => {
                let x = self.node(arg);
                self.table(*index, x)
            }
            Kind::Func { func, arg } => {
                let x = self.node(arg);
                self.into.tape().unary(Unary::Func(*func), x)
            }
            Kind::Extremum { which, args } => {
                let mut slots = args.iter().map(|a| self.node(a)).collect::<Vec<_>>().into_iter();
                let first = slots.next().unwrap_or_else(|| self.into.tape().constant(f64::NAN));
                slots.fold(first, |a, b| self.extremum(*which, a, b))
            }
            Kind::Neg(operand) => {
                let x = self.node(operand);
                self.into.tape().unary(Unary::Neg, x)
            }
            Kind::Sum(ops) => self.fold(ops, 0.0, [Binary::Add, Binary::Sub]),
            Kind::Product(ops) => self.fold(ops, 1.0, [Binary::Mul, Binary::Div]),
            Kind::PowInt { base, exponent } => {
                let x = self.node(base);
                self.into.tape().unary(Unary::PowInt(*exponent), x)
            }
            Kind::Pow { base, exponent } => {
                let (b, e) = (self.node(base), self.node(exponent));
                self.into.tape().binary(Binary::Pow, b, e)
            }
        }
    }

    /// A table looked up at slot `x`, folded when `x` is a constant.
    fn table(&mut self, index: usize, x: Slot) -> Slot {
        let tape = self.into.tape();
        match tape.constant_value(x) {
            Some(x) => {
                let value = tape.tables.get(index).map_or(f64::NAN, |t| t.lookup_f64(x));
                tape.constant(value)
            }
            None => tape.push(Op::Table(index as u32, x)),
        }
    }

    /// `min` or `max` of two slots, folded when both are constants.
    fn extremum(&mut self, which: Extremum, a: Slot, b: Slot) -> Slot {
        let tape = self.into.tape();
        match (tape.constant_value(a), tape.constant_value(b)) {
            (Some(x), Some(y)) => tape.constant(extremum_f64(which, x, y)),
            _ => tape.push(Op::Extremum(which, a, b)),
        }
    }

    /// The operands combined left to right as [`Expr::eval_lanes`] does: the first as it is
    /// (or applied to `unit` when inverse), then each with `apply` or `inverse`.
    fn fold(&mut self, ops: &[Operand], unit: f64, [apply, inverse]: [Binary; 2]) -> Slot {
        let mut total = None;
        for op in ops {
            let x = self.node(&op.node);
            total = Some(match (total, op.inverse) {
                (None, false) => x,
                (None, true) => {
                    let tape = self.into.tape();
                    let unit = tape.constant(unit);
                    tape.binary(inverse, unit, x)
                }
                (Some(t), false) => self.into.tape().binary(apply, t, x),
                (Some(t), true) => self.into.tape().binary(inverse, t, x),
            });
        }
        total.unwrap_or_else(|| self.into.tape().constant(unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeping_only_what_the_roots_need_drops_the_rest_and_keeps_their_values() {
        let mut tape = Tape::new(Vec::new());
        let [x, y] = [0, 1].map(|k| tape.input(k));
        let sum = tape.binary(Binary::Add, x, y);
        let unused = tape.unary(Unary::Func(Func::Exp), y);
        let one = tape.constant(1.0);
        let product = tape.binary(Binary::Mul, sum, x);
        let root = tape.binary(Binary::Sub, product, one);
        let inputs = [[2.0; LANES], [3.0; LANES]];
        let mut before = Vec::new();
        tape.run(&inputs, &mut before);
        let renumbered = tape.keep_only([root, x]);
        assert_eq!(renumbered[unused as usize], None);
        let new = |slot: Slot| renumbered[slot as usize].expect("kept") as usize;
        let mut after = Vec::new();
        tape.run(&inputs, &mut after);
        // (2 + 3) · 2 − 1, and x itself.
        assert_eq!(after[new(root)], [9.0; LANES]);
        assert_eq!(after[new(x)], before[x as usize]);
        assert_eq!(after.len(), before.len() - 1);
        // What was kept is still recorded once.
        assert_eq!(tape.binary(Binary::Add, new(x) as Slot, new(y) as Slot), new(sum) as Slot);
    }
}
