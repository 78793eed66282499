//! Compiling once for a batch of draws: what each of a chain's numbers is made of.
//!
//! [`record`] compiles a strategy over [`Sym`], a scalar that computes the validated value
//! (`base`) and, where a value depends on a drawn parameter, appends the operation to a
//! [`Tape`]. The chain's structure (which entries exist, which is each row's remainder) comes
//! from the validated values; a value that depends on no draw stays a constant. A batch of
//! draws then runs the tape over [`Batch`] lanes ([`Tape::run`]) and writes the results into
//! a copy of the chain ([`Program::fill`]), without validating or compiling again.

use super::{Compiled, compile};
use crate::domain::{Formula, FreeParameters, Number, Scenario, Schedule, Strategy, Value};
use crate::formula::{Env, pow_lanes, zip};
use crate::project::{BATCH, Batch, Chain, Scalar};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

/// The id of a value that is a constant.
const CONSTANT: u32 = u32::MAX;

/// A recorded value: its value in the validated run, and its operation on the tape unless it
/// is a constant.
#[derive(Debug, Clone, Copy)]
pub struct Sym {
    base: f64,
    id: u32,
}

/// One operation of a [`Tape`]; operands are earlier operations.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    /// A formula of free parameters in a cycle (an index into [`Tape::leaves`]).
    Leaf(u32),
    /// A constant operand of a recorded operation.
    Const(f64),
    Add(u32, u32),
    Sub(u32, u32),
    Mul(u32, u32),
    Div(u32, u32),
    /// A power with a constant exponent.
    Pow(u32, f64),
}

/// The operations that make a chain's values from the free parameters.
#[derive(Debug, Default)]
pub struct Tape {
    ops: Vec<Op>,
    /// The formulas evaluated, with the cycle each is evaluated in.
    leaves: Vec<(Arc<Formula>, usize)>,
    /// Each formula's leaf per time key, so a formula is evaluated once per distinct value.
    seen: HashMap<(usize, usize), u32>,
    /// Each operation recorded, by [`Op::key`], so that the same operation on the same operands
    /// (a row rebuilt for every track, a weight for every expanded state) is computed once.
    recorded: HashMap<(u8, u32, u64), u32>,
}

impl Op {
    /// What identifies the operation: its kind and its operands (a constant by its bits).
    fn key(self) -> (u8, u32, u64) {
        match self {
            Op::Leaf(leaf) => (0, leaf, 0),
            Op::Const(c) => (1, 0, c.to_bits()),
            Op::Add(a, b) => (2, a, u64::from(b)),
            Op::Sub(a, b) => (3, a, u64::from(b)),
            Op::Mul(a, b) => (4, a, u64::from(b)),
            Op::Div(a, b) => (5, a, u64::from(b)),
            Op::Pow(a, e) => (6, a, e.to_bits()),
        }
    }
}

thread_local! {
    static TAPE: RefCell<Option<Tape>> = const { RefCell::new(None) };
}

/// A strategy compiled for batches of draws.
#[derive(Debug)]
pub struct Program {
    /// The strategy compiled over recorded values (layout, streams, follow-up as usual).
    pub compiled: Compiled<Sym>,
    /// The operations.
    pub tape: Tape,
    /// The tape operation of each chain value (in [`Chain::values_mut`] order), or
    /// [`CONSTANT`].
    slots: Vec<u32>,
}

/// Compiles `strategy` recording what its values are made of.
pub fn record(scenario: &Scenario, strategy: &Strategy) -> Program {
    TAPE.with(|t| *t.borrow_mut() = Some(Tape::default()));
    let mut compiled = compile::<Sym>(scenario, strategy);
    let tape = TAPE.with(|t| t.borrow_mut().take()).unwrap_or_default();
    let slots = compiled.chain.values_mut().map(|s| s.id).collect();
    Program { compiled, tape, slots }
}

impl Program {
    /// The chain with every value at its validated value in every lane: the copy
    /// [`Program::fill`] updates for each batch.
    pub fn template(&self) -> Chain<Batch> {
        self.compiled.chain.map(|s| [s.base; BATCH])
    }

    /// Writes the values `computed` by [`Tape::run`] into `chain` (from
    /// [`Program::template`]).
    pub fn fill(&self, computed: &[Batch], chain: &mut Chain<Batch>) {
        for (value, &slot) in chain.values_mut().zip(&self.slots) {
            if slot != CONSTANT {
                *value = computed[slot as usize];
            }
        }
    }
}

impl Tape {
    /// Runs the operations for the draws whose parameters are `rows` (see
    /// [`FreeParameters::fill`]), into `out` (one value per operation). The constants are
    /// written when `out` is new and kept from run to run, so give each tape its own `out`.
    pub fn run(&self, free: &FreeParameters, rows: &[Vec<Batch>], out: &mut Vec<Batch>) {
        if out.len() != self.ops.len() {
            let constant = |op: &Op| if let Op::Const(c) = op { [*c; BATCH] } else { [f64::NAN; BATCH] };
            *out = self.ops.iter().map(constant).collect();
        }
        for (index, op) in self.ops.iter().enumerate() {
            let at = |i: &u32| out[*i as usize];
            out[index] = match op {
                Op::Const(_) => continue,
                Op::Leaf(leaf) => {
                    let (formula, cycle) = &self.leaves[*leaf as usize];
                    free.eval(formula, rows, *cycle)
                }
                Op::Add(a, b) => zip(at(a), at(b), |x, y| x + y),
                Op::Sub(a, b) => zip(at(a), at(b), |x, y| x - y),
                Op::Mul(a, b) => zip(at(a), at(b), |x, y| x * y),
                Op::Div(a, b) => zip(at(a), at(b), |x, y| x / y),
                Op::Pow(a, e) => pow_lanes(at(a), [*e; BATCH]),
            };
        }
    }
}

/// The id of `op` on the tape being recorded, appending it unless the same operation is there
/// already; `None` when no tape is being recorded.
fn push(op: Op) -> Option<u32> {
    TAPE.with(|t| {
        let mut tape = t.borrow_mut();
        let tape = tape.as_mut()?;
        let next = tape.ops.len() as u32;
        let id = *tape.recorded.entry(op.key()).or_insert(next);
        if id == next {
            tape.ops.push(op);
        }
        Some(id)
    })
}

impl Sym {
    fn constant(base: f64) -> Self {
        Sym { base, id: CONSTANT }
    }

    fn is_constant(self) -> bool {
        self.id == CONSTANT
    }

    /// The operand id of this value, recording a constant when it is one.
    fn operand(self) -> Option<u32> {
        if self.is_constant() { push(Op::Const(self.base)) } else { Some(self.id) }
    }

    /// `op` of two values: a constant when both are, else recorded.
    fn binary(self, rhs: Sym, base: f64, op: fn(u32, u32) -> Op) -> Sym {
        if self.is_constant() && rhs.is_constant() {
            return Sym::constant(base);
        }
        match (self.operand(), rhs.operand()) {
            (Some(a), Some(b)) => push(op(a, b)).map_or(Sym::constant(base), |id| Sym { base, id }),
            _ => Sym::constant(base),
        }
    }

    /// A leaf for `formula` in `cycle` (evaluated once per time key of `values`).
    fn leaf(formula: &Arc<Formula>, values: &Schedule, (cycle, months): (usize, u32)) -> Sym {
        let base = Scalar::from_decimal(values.at(cycle, months));
        let key = (Arc::as_ptr(formula) as usize, values.time_key(cycle, months));
        let id = TAPE.with(|t| {
            let mut tape = t.borrow_mut();
            let tape = tape.as_mut()?;
            if let Some(id) = tape.seen.get(&key) {
                return Some(*id);
            }
            tape.leaves.push((formula.clone(), cycle));
            tape.ops.push(Op::Leaf((tape.leaves.len() - 1) as u32));
            let id = (tape.ops.len() - 1) as u32;
            tape.seen.insert(key, id);
            Some(id)
        });
        id.map_or(Sym::constant(base), |id| Sym { base, id })
    }
}

impl PartialEq for Sym {
    /// Equal when both are the same constant or the same recorded value.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && (self.id != CONSTANT || self.base == other.base)
    }
}

impl PartialOrd for Sym {
    /// By the validated values; recorded values with equal bases are unordered.
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        match self.base.partial_cmp(&other.base)? {
            std::cmp::Ordering::Equal if self != other => None,
            ordering => Some(ordering),
        }
    }
}

impl Scalar for Sym {
    const ZERO: Self = Sym { base: 0.0, id: CONSTANT };
    const ONE: Self = Sym { base: 1.0, id: CONSTANT };

    fn add(self, rhs: Self) -> Option<Self> {
        if rhs == Sym::ZERO {
            return Some(self);
        }
        Some(self.binary(rhs, self.base + rhs.base, Op::Add))
    }
    fn sub(self, rhs: Self) -> Option<Self> {
        if rhs == Sym::ZERO {
            return Some(self);
        }
        Some(self.binary(rhs, self.base - rhs.base, Op::Sub))
    }
    fn mul(self, rhs: Self) -> Option<Self> {
        if rhs == Sym::ONE || self == Sym::ZERO {
            return Some(self);
        }
        if self == Sym::ONE || rhs == Sym::ZERO {
            return Some(rhs);
        }
        Some(self.binary(rhs, self.base * rhs.base, Op::Mul))
    }
    fn div(self, rhs: Self) -> Option<Self> {
        if rhs.base == 0.0 {
            return None;
        }
        if rhs == Sym::ONE {
            return Some(self);
        }
        Some(self.binary(rhs, self.base / rhs.base, Op::Div))
    }
    fn settle(self) -> Self {
        self
    }
    /// Only a constant zero: a value that depends on a draw may be zero in the validated run
    /// and not in a draw, so its entry must stay.
    fn is_zero(self) -> bool {
        self.is_constant() && self.base == 0.0
    }
    fn from_decimal(value: Decimal) -> Self {
        Sym::constant(Scalar::from_decimal(value))
    }
    fn to_f64(self) -> f64 {
        self.base
    }
}

impl Value for Sym {
    fn pow(self, exponent: Decimal) -> Option<Self> {
        let e: f64 = Scalar::from_decimal(exponent);
        let base = self.base.powf(e);
        if !base.is_finite() {
            return None;
        }
        if self.is_constant() {
            return Some(Sym::constant(base));
        }
        Some(push(Op::Pow(self.id, e)).map_or(Sym::constant(base), |id| Sym { base, id }))
    }

    fn above(self, other: Self) -> bool {
        self.base.above(other.base)
    }

    fn of_schedule(schedule: &Schedule, cycle: usize, months_per_cycle: u32) -> Self {
        match schedule {
            Schedule::Formula(formula, values) => Sym::leaf(formula, values, (cycle, months_per_cycle)),
            plain => Sym::from_decimal(plain.at(cycle, months_per_cycle)),
        }
    }

    fn of_number(number: &Number) -> Self {
        match &number.formula {
            Some(formula) => Sym::leaf(formula, &Schedule::Constant(number.value), (0, 12)),
            None => Sym::from_decimal(number.value),
        }
    }
}

/// Computing the free parameters for a batch of draws: lane by lane, formulas evaluated once
/// per batch.
impl FreeParameters {
    /// Every parameter at its validated value, one value per lane: the rows
    /// [`FreeParameters::fill`] updates for each batch.
    pub fn splat(&self) -> Vec<Vec<Batch>> {
        self.base.iter().map(|row| row.iter().map(|v| [*v; BATCH]).collect()).collect()
    }

    /// Sets the free parameters of `rows` (from [`FreeParameters::splat`]) for [`BATCH`] draws
    /// whose drawn values are `drawn` (per drawn parameter, one value per lane). A free
    /// parameter that does not vary with time is computed once, in the first row, and copied.
    pub fn fill(&self, drawn: &[Batch], rows: &mut [Vec<Batch>]) {
        let Some((first, later)) = rows.split_first_mut() else { return };
        for (slot, &p) in self.drawn.iter().enumerate() {
            first[p] = drawn[slot];
        }
        self.compute(first, 0, false);
        for (index, row) in later.iter_mut().enumerate() {
            for p in (0..row.len()).filter(|p| self.free[*p] && !self.varies[*p]) {
                row[p] = first[p];
            }
            self.compute(row, index + 1, true);
        }
    }

    /// Computes in `row` (of `cycle`) the free parameters that are not drawn, in order; only
    /// those that vary with time when `varying_only`.
    fn compute(&self, row: &mut [Batch], cycle: usize, varying_only: bool) {
        let year = crate::domain::year_of_cycle(cycle, self.months_per_cycle) as u32;
        let computed = self.order.iter().filter(|p| self.free[**p] && (!varying_only || self.varies[**p]));
        for &p in computed.filter(|p| !self.drawn.contains(p)) {
            if let Some(expr) = &self.exprs[p] {
                row[p] = expr.eval_lanes(&Env { parameters: row, tables: &self.tables, cycle: cycle as u32, year });
            }
        }
    }

    /// The value of `formula` in `cycle` for the draws whose parameters are `rows`.
    pub fn eval(&self, formula: &Formula, rows: &[Vec<Batch>], cycle: usize) -> Batch {
        let row = &rows[cycle.min(rows.len() - 1)];
        let year = crate::domain::year_of_cycle(cycle, self.months_per_cycle) as u32;
        formula.expr.eval_lanes(&Env { parameters: row, tables: &self.tables, cycle: cycle as u32, year })
    }
}
