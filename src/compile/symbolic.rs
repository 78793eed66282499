//! Compiling once for a batch of draws: what each of a chain's numbers is made of.
//!
//! [`record`] compiles every strategy over [`Sym`], a scalar that computes the validated value
//! (`base`) and, where a value depends on a drawn parameter, records its operations on one
//! [`Tape`] shared by the strategies: the formulas of the values and of the free parameters
//! they use, at the cycle they are used in, with every value that depends on no draw folded
//! into a constant and every operation recorded once (so the strategies share what they have
//! in common). The chain's structure (which entries exist, which is each row's remainder) comes
//! from the validated values. A batch of draws then runs the tape once over [`Batch`] lanes
//! ([`Tape::run`]) and projects each strategy's chain of slots ([`Program::chain`]) reading the
//! results where they were computed, without validating or compiling again.

use super::{Compiled, compile};
use crate::domain::{Formula, FreeParameters, Number, Scenario, Schedule, Strategy, Value, year_of_cycle};
use crate::formula::{At, Binary, Record, Slot, Tape};
use crate::project::{BATCH, Batch, Chain, LaneChecks, Scalar};
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
use std::sync::Arc;

/// The id of a value that is a constant.
const CONSTANT: u32 = u32::MAX;

/// A recorded value: its value in the validated run, and its slot on the tape unless it is a
/// constant.
#[derive(Debug, Clone, Copy)]
pub struct Sym {
    base: f64,
    id: u32,
}

/// What is being recorded: the tape, the free parameters and what has been recorded of them.
struct Recorder {
    tape: Tape,
    free: FreeParameters,
    /// The slot of each free parameter per row of [`FreeParameters::base`].
    parameters: HashMap<(usize, usize), Slot>,
    /// The slot of each formula (by address) per time key, so a formula is recorded once per
    /// distinct value.
    seen: HashMap<(usize, usize), Slot>,
    /// The recorded values held to a range.
    bounds: Bounds,
}

/// Values of the tape that validation holds to a range (see [`Formula::bounds`]): an amount
/// within ±10^12, a multiplier at least zero. A draw whose value leaves its range is left to
/// validation, which refuses it as it refuses such a file.
#[derive(Debug, Clone, Default)]
pub struct Bounds(Vec<(Slot, f64, f64)>);

impl Bounds {
    /// For each draw, whether every value `computed` by [`Tape::run`] lies in its range (a NaN
    /// does not).
    pub fn valid(&self, computed: &[Batch]) -> [bool; BATCH] {
        let mut valid = [true; BATCH];
        for &(slot, low, high) in &self.0 {
            let value = &computed[slot as usize];
            valid.iter_mut().zip(value).for_each(|(v, x)| *v &= (low..=high).contains(x));
        }
        valid
    }
}

thread_local! {
    static RECORDER: RefCell<Option<Recorder>> = const { RefCell::new(None) };
}

/// A strategy compiled for batches of draws.
#[derive(Debug)]
pub struct Program {
    /// The strategy compiled over recorded values (layout, streams, follow-up as usual).
    pub compiled: Compiled<Sym>,
    /// The chain with the tape slot of each value in its place (a constant has one too): the
    /// kernel reads a batch's values where [`Tape::run`] computed them. The last entry of a row
    /// that sums to one by construction, which the kernel computes and never reads, is not
    /// computed: its slot holds NaN.
    pub chain: Chain<Slot>,
    /// What the values must satisfy in each draw.
    checks: LaneChecks,
}

/// Compiles each of `strategies` recording what its values are made of, when the draws give
/// the parameters `free.drawn` (in that order, as the tape's inputs): the shared tape and one
/// program per strategy.
pub fn record(scenario: &Scenario, strategies: &[&Strategy], free: &FreeParameters) -> (Tape, Vec<Program>, Bounds) {
    let recorder = Recorder {
        tape: Tape::new(free.tables.clone()),
        free: free.clone(),
        parameters: HashMap::default(),
        seen: HashMap::default(),
        bounds: Bounds::default(),
    };
    RECORDER.with(|r| *r.borrow_mut() = Some(recorder));
    let recorded: Vec<(Compiled<Sym>, Chain<Slot>)> = strategies
        .iter()
        .map(|strategy| {
            let compiled = compile::<Sym>(scenario, strategy);
            let chain = compiled.chain.map(|s| recording(|r| s.slot(&mut r.tape)).unwrap_or(0));
            (compiled, chain)
        })
        .collect();
    let recorder = RECORDER.with(|r| r.borrow_mut().take());
    let (mut tape, Bounds(bounds)) = recorder.map(|r| (r.tape, r.bounds)).unwrap_or_default();
    // Only what the kernel reads, and what is held to a range, is computed: not what only a
    // remainder the kernel computes itself, or nothing at all, is made of.
    let mut read: Vec<Slot> = bounds.iter().map(|&(slot, ..)| slot).collect();
    for ((compiled, chain), strategy) in recorded.iter().zip(strategies) {
        chain.for_each_value_read(closed_rows(strategy, compiled), |slot| read.push(slot));
    }
    let renumbered = tape.keep_only(read);
    let kept = |slot: Slot| renumbered.get(slot as usize).copied().flatten();
    let bounds = Bounds(bounds.into_iter().filter_map(|(slot, low, high)| Some((kept(slot)?, low, high))).collect());
    let unread = tape.constant(f64::NAN);
    let programs = recorded
        .into_iter()
        .zip(strategies)
        .map(|((compiled, chain), strategy)| {
            let chain = chain.map(|slot| kept(slot).unwrap_or(unread));
            let varies = |slot| tape.constant_value(slot).is_none();
            let checks = chain.lane_checks(varies, closed_rows(strategy, &compiled));
            Program { compiled, chain, checks }
        })
        .collect();
    (tape, programs, bounds)
}

/// Whether each row of a compiled strategy's chain sums to one by construction: the rows of
/// model states with a remainder (`rest`), whose largest entry is what the others leave, and
/// those of absorbing states.
fn closed_rows<'a>(strategy: &'a Strategy, compiled: &'a Compiled<Sym>) -> impl Fn(usize) -> bool + 'a {
    move |row| {
        let model_state = compiled.layout.model_state.get(row);
        let model_row = model_state.and_then(|&state| strategy.model.rows.get(state));
        model_row.is_some_and(|row| row.as_ref().is_none_or(|row| row.rest.is_some()))
    }
}

impl Program {
    /// For each draw, whether its chain, with the values `computed` by [`Tape::run`], is a
    /// Markov chain (see [`Chain::lane_checks`]).
    pub fn valid_lanes(&self, computed: &[Batch]) -> [bool; BATCH] {
        self.checks.valid(computed)
    }
}

/// Runs `record` on the tape being recorded; `None` when none is.
fn recording<T>(record: impl FnOnce(&mut Recorder) -> T) -> Option<T> {
    RECORDER.with(|r| r.borrow_mut().as_mut().map(record))
}

impl Recorder {
    /// The slot of parameter `p` in `cycle`: a constant unless it is free, an input when drawn,
    /// else its formula, recorded once per row it takes a value in.
    fn parameter(&mut self, p: usize, cycle: usize) -> Slot {
        self.record_uses(p, cycle);
        self.parameter_with_uses_recorded(p, cycle)
    }

    /// Records the formulas that parameter `p`'s formula in `cycle` uses, those they use first,
    /// with a loop rather than a recursion as deep as the longest chain of parameters using
    /// one another (thousands in a file, more than a thread's stack holds).
    fn record_uses(&mut self, p: usize, cycle: usize) {
        let mut stack = vec![(p, cycle, false)];
        let mut started = HashSet::default();
        while let Some((q, cycle, uses_recorded)) = stack.pop() {
            let Some(key) = self.unrecorded(q, cycle) else { continue };
            if uses_recorded {
                self.parameter_with_uses_recorded(q, cycle);
            } else if started.insert(key) {
                stack.push((q, cycle, true));
                let uses = self.free.exprs[q].as_ref().map(|expr| expr.parameters()).unwrap_or_default();
                stack.extend(uses.into_iter().map(|used| (used, key.1, false)));
            }
        }
    }

    /// The parameter and row under which formula `p` in `cycle` is recorded, when it has a
    /// formula of drawn values that is not recorded yet.
    fn unrecorded(&self, p: usize, cycle: usize) -> Option<(usize, usize)> {
        let free = &self.free;
        let formula = free.free.get(p).copied().unwrap_or(false) && !free.drawn.contains(&p);
        let row = if free.varies.get(p).copied().unwrap_or(false) { self.row(cycle) } else { 0 };
        (formula && free.exprs[p].is_some() && !self.parameters.contains_key(&(p, row))).then_some((p, row))
    }

    /// The row of the validated values that `cycle` reads.
    fn row(&self, cycle: usize) -> usize {
        cycle.min(self.free.base.len().saturating_sub(1))
    }

    /// [`Recorder::parameter`] once every formula that `p`'s formula uses is recorded.
    fn parameter_with_uses_recorded(&mut self, p: usize, cycle: usize) -> Slot {
        let row = self.row(cycle);
        let free = &self.free;
        let base = free.base.get(row).and_then(|r| r.get(p)).copied().unwrap_or(f64::NAN);
        if !free.free.get(p).copied().unwrap_or(false) {
            return self.tape.constant(base);
        }
        if let Some(k) = free.drawn.iter().position(|d| *d == p) {
            return self.tape.input(k);
        }
        let row = if free.varies[p] { row } else { 0 };
        if let Some(slot) = self.parameters.get(&(p, row)) {
            return *slot;
        }
        let slot = match free.exprs[p].clone() {
            Some(expr) => self.formula(&expr, row),
            None => self.tape.constant(base),
        };
        self.parameters.insert((p, row), slot);
        slot
    }

    /// Records `expr` in `cycle`.
    fn formula(&mut self, expr: &crate::formula::Expr, cycle: usize) -> Slot {
        let at = At { cycle: cycle as u32, year: year_of_cycle(cycle, self.free.months_per_cycle) as u32 };
        expr.record(&mut InCycle { recorder: self, cycle }, at)
    }
}

/// The recorder as a formula in `cycle` sees it.
struct InCycle<'a> {
    recorder: &'a mut Recorder,
    cycle: usize,
}

impl Record for InCycle<'_> {
    fn tape(&mut self) -> &mut Tape {
        &mut self.recorder.tape
    }

    fn parameter(&mut self, index: usize) -> Slot {
        self.recorder.parameter(index, self.cycle)
    }
}

impl Sym {
    fn constant(base: f64) -> Self {
        Sym { base, id: CONSTANT }
    }

    fn is_constant(self) -> bool {
        self.id == CONSTANT
    }

    /// The slot of this value on `tape`, recording a constant when it is one.
    fn slot(self, tape: &mut Tape) -> Slot {
        if self.is_constant() { tape.constant(self.base) } else { self.id }
    }

    /// A recorded value with slot `slot`, or the constant `base` when the slot is a constant
    /// or nothing is being recorded.
    fn recorded(base: f64, slot: Option<Slot>) -> Sym {
        let constant = slot.is_none_or(|s| recording(|r| r.tape.constant_value(s).is_some()).unwrap_or(true));
        if constant { Sym::constant(base) } else { Sym { base, id: slot.unwrap_or(CONSTANT) } }
    }

    /// `kind` of two values: a constant when both are, else recorded.
    fn binary(self, rhs: Sym, base: f64, kind: Binary) -> Sym {
        if self.is_constant() && rhs.is_constant() {
            return Sym::constant(base);
        }
        let slot = recording(|r| {
            let [a, b] = [self, rhs].map(|x| x.slot(&mut r.tape));
            r.tape.binary(kind, a, b)
        });
        Sym::recorded(base, slot)
    }

    /// `formula` in `cycle` (recorded once per time key of `values`).
    fn leaf(formula: &Arc<Formula>, values: &Schedule, (cycle, months): (usize, u32)) -> Sym {
        let base = Scalar::from_decimal(values.at(cycle, months));
        let key = (Arc::as_ptr(formula) as usize, values.time_key(cycle, months));
        let slot = recording(|r| match r.seen.get(&key) {
            Some(slot) => *slot,
            None => {
                let slot = r.formula(&formula.expr, cycle);
                r.seen.insert(key, slot);
                if let Some((low, high)) = formula.bounds.filter(|_| r.tape.constant_value(slot).is_none()) {
                    r.bounds.0.push((slot, Scalar::to_f64(low), Scalar::to_f64(high)));
                }
                slot
            }
        });
        Sym::recorded(base, slot)
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
        if self == Sym::ZERO {
            return Some(rhs);
        }
        Some(self.binary(rhs, self.base + rhs.base, Binary::Add))
    }
    fn sub(self, rhs: Self) -> Option<Self> {
        if rhs == Sym::ZERO {
            return Some(self);
        }
        Some(self.binary(rhs, self.base - rhs.base, Binary::Sub))
    }
    fn mul(self, rhs: Self) -> Option<Self> {
        if rhs == Sym::ONE || self == Sym::ZERO {
            return Some(self);
        }
        if self == Sym::ONE || rhs == Sym::ZERO {
            return Some(rhs);
        }
        Some(self.binary(rhs, self.base * rhs.base, Binary::Mul))
    }
    fn div(self, rhs: Self) -> Option<Self> {
        if rhs.base == 0.0 {
            return None;
        }
        if rhs == Sym::ONE {
            return Some(self);
        }
        Some(self.binary(rhs, self.base / rhs.base, Binary::Div))
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
        Some(self.binary(Sym::constant(e), base, Binary::Pow))
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
