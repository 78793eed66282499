//! The generic discrete-time Markov cohort chain the kernel runs.
//!
//! Nothing here knows what a state means: states are indices, streams are indices, and a
//! period is a fixed number of cycles over which stream totals are summed.

use super::scalar::{BATCH, Batch, Scalar};

/// How occupancy is counted within a cycle when stream totals are accumulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Occupancy at the start of the cycle, `v[t]`.
    Start,
    /// Occupancy at the end of the cycle, `v[t+1]`.
    End,
    /// The mean of both, `(v[t] + v[t+1]) / 2` (life-table or half-cycle correction).
    LifeTable,
}

/// A sparse row-stochastic matrix in compressed-row form.
///
/// The last entry of every row is its *remainder*: its flow is computed as the row's
/// occupancy minus the other flows, which conserves people exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix<S> {
    row_start: Vec<u32>,
    column: Vec<u32>,
    probability: Vec<S>,
    /// One-off weights on transitions: `(entry index, stream, weight per person moved)`.
    transition_weights: Vec<(u32, u32, S)>,
}

impl<S: Scalar> Matrix<S> {
    /// Builds a matrix from one list of `(column, probability)` entries per row; the last
    /// entry of each row is its remainder. Rows must not be empty.
    pub fn from_rows(rows: &[Vec<(u32, S)>]) -> Self {
        let mut row_start = Vec::with_capacity(rows.len() + 1);
        let mut column = Vec::new();
        let mut probability = Vec::new();
        row_start.push(0);
        for row in rows {
            debug_assert!(!row.is_empty(), "every row needs a remainder entry");
            for &(col, p) in row {
                column.push(col);
                probability.push(p);
            }
            row_start.push(column.len() as u32);
        }
        Matrix { row_start, column, probability, transition_weights: Vec::new() }
    }

    /// Adds a one-off weight paid per person moving along the entry `from → to` into `stream`.
    /// Returns `false` when the matrix has no such entry.
    pub fn add_transition_weight(&mut self, from: usize, to: u32, stream: u32, weight: S) -> bool {
        let range = self.row_range(from);
        match self.column[range.clone()].iter().position(|&c| c == to) {
            Some(offset) => {
                self.transition_weights.push(((range.start + offset) as u32, stream, weight));
                true
            }
            None => false,
        }
    }

    /// The entries of row `row` as `(column, probability)` pairs, remainder last.
    pub fn row(&self, row: usize) -> impl Iterator<Item = (u32, S)> + '_ {
        let range = self.row_range(row);
        self.column[range.clone()].iter().copied().zip(self.probability[range].iter().copied())
    }
}

/// Per-state weights of every stream, for the cycles that share them.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights<S> {
    /// For each stream, the states with a nonzero weight and that weight per person per cycle.
    pub per_stream: Vec<Vec<(u32, S)>>,
}

/// A one-off move of people between states at the start of a cycle (an intake).
#[derive(Debug, Clone, PartialEq)]
pub struct Shift<S> {
    /// The cycle at whose start the move happens.
    pub cycle: usize,
    /// Source and destination state of each pair; people are drawn in proportion to the
    /// occupancy of the sources.
    pub pairs: Vec<(u32, u32)>,
    /// How many are moved.
    pub amount: ShiftAmount<S>,
    /// Weights paid once per person moved: `(stream, weight)`.
    pub weights: Vec<(u32, S)>,
    /// Empty, or one record state per pair that receives a copy of the pair's flow (the people
    /// moved stay counted where they went; the record only follows them).
    pub mirror: Vec<u32>,
}

/// A sum of occupancy to record: the people in `states` at the start of `cycle`, after that
/// cycle's shifts (`cycle` equal to the number of cycles means the end of the horizon).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The cycle.
    pub cycle: usize,
    /// The states summed.
    pub states: Vec<u32>,
}

/// The size of a [`Shift`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShiftAmount<S> {
    /// A number of people, drawn in proportion to the sources' occupancy.
    Count(S),
    /// A share of every source's occupancy.
    Share(S),
    /// As many as needed to bring the people in a set of states (an index into
    /// [`Chain::state_sets`]) up to `target`.
    FillTo {
        /// The number to reach.
        target: S,
        /// The states whose people count towards it.
        set: u32,
    },
}

/// What the kernel needs to know about one cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CycleSpec {
    /// Index of the transition matrix used in this cycle.
    pub matrix: u32,
    /// Index of the inflow vector added at the end of this cycle, if any.
    pub inflow: Option<u32>,
    /// Index of the stream weights used in this cycle.
    pub weights: u32,
}

/// A complete chain: start occupancy, per-cycle matrices, inflows, weights and shifts.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain<S> {
    /// Occupancy at the start of cycle 0.
    pub initial: Vec<S>,
    /// The distinct transition matrices.
    pub matrices: Vec<Matrix<S>>,
    /// The distinct inflow vectors, sparse: `(state, people per cycle)`.
    pub inflows: Vec<Vec<(u32, S)>>,
    /// The distinct stream weight sets.
    pub weights: Vec<Weights<S>>,
    /// One entry per cycle of the horizon.
    pub cycles: Vec<CycleSpec>,
    /// Moves between states, ordered by cycle.
    pub shifts: Vec<Shift<S>>,
    /// Occupancy sums to record, ordered by cycle.
    pub probes: Vec<Probe>,
    /// Sets of states shifts refer to (the states a fill-to target counts), each stored once.
    pub state_sets: Vec<Vec<u32>>,
    /// The number of states that hold people; the states after them are records (they follow
    /// copies of people moved by shifts, carry no stream weights and are not in the occupancy
    /// output).
    pub people: usize,
    /// The number of streams accumulated.
    pub streams: usize,
    /// Cycles summed into one period of the output.
    pub cycles_per_period: usize,
    /// How occupancy is counted within a cycle.
    pub counting: Counting,
}

impl<S: Copy> Chain<S> {
    /// The same chain with every value mapped by `f` (the structure is kept).
    pub fn map<T>(&self, mut f: impl FnMut(S) -> T) -> Chain<T> {
        let mut pairs = |list: &[(u32, S)]| list.iter().map(|&(k, x)| (k, f(x))).collect::<Vec<_>>();
        let inflows = self.inflows.iter().map(|i| pairs(i)).collect();
        let weights = self
            .weights
            .iter()
            .map(|w| Weights { per_stream: w.per_stream.iter().map(|s| pairs(s)).collect() })
            .collect();
        let matrices = self.matrices.iter().map(|m| m.map(&mut f)).collect();
        let shifts = self.shifts.iter().map(|s| s.map(&mut f)).collect();
        Chain {
            initial: self.initial.iter().map(|&x| f(x)).collect(),
            matrices,
            inflows,
            weights,
            cycles: self.cycles.clone(),
            shifts,
            probes: self.probes.clone(),
            state_sets: self.state_sets.clone(),
            people: self.people,
            streams: self.streams,
            cycles_per_period: self.cycles_per_period,
            counting: self.counting,
        }
    }

    /// Calls `f` on every value of the chain, in a fixed order that depends only on its
    /// structure.
    pub fn for_each_value(&self, f: impl FnMut(S)) {
        self.for_each_value_read(|_| false, f);
    }

    /// Calls `f` on every value the kernel reads (in the order of [`Chain::for_each_value`]),
    /// but not on the last entry of the rows that are `closed`: rows whose entries sum to one
    /// by construction, so that their last entry is what the others leave, which the kernel
    /// computes as it goes ([`crate::project::project`]) and never reads.
    pub fn for_each_value_read(&self, closed: impl Fn(usize) -> bool, mut f: impl FnMut(S)) {
        self.initial.iter().for_each(|&x| f(x));
        for m in &self.matrices {
            for row in 0..m.size() {
                let range = m.row_range(row);
                let end = if closed(row) { range.end - 1 } else { range.end };
                m.probability[range.start..end].iter().for_each(|&p| f(p));
            }
            m.transition_weights.iter().for_each(|&(_, _, w)| f(w));
        }
        self.inflows.iter().flatten().for_each(|&(_, x)| f(x));
        self.weights.iter().flat_map(|w| w.per_stream.iter().flatten()).for_each(|&(_, x)| f(x));
        for shift in &self.shifts {
            match shift.amount {
                ShiftAmount::Count(x) | ShiftAmount::Share(x) | ShiftAmount::FillTo { target: x, .. } => f(x),
            }
            shift.weights.iter().for_each(|&(_, w)| f(w));
        }
    }
}

impl<S> Matrix<S> {
    /// The number of rows (states).
    pub fn size(&self) -> usize {
        self.row_start.len() - 1
    }

    pub(super) fn row_range(&self, row: usize) -> std::ops::Range<usize> {
        self.row_start[row] as usize..self.row_start[row + 1] as usize
    }

    /// The number of stored entries.
    pub fn nonzeros(&self) -> usize {
        self.column.len()
    }

    pub(super) fn columns(&self) -> &[u32] {
        &self.column
    }

    pub(super) fn probabilities(&self) -> &[S] {
        &self.probability
    }

    pub(super) fn transition_weights(&self) -> &[(u32, u32, S)] {
        &self.transition_weights
    }
}

impl<S: Copy> Matrix<S> {
    fn map<T>(&self, f: &mut impl FnMut(S) -> T) -> Matrix<T> {
        Matrix {
            row_start: self.row_start.clone(),
            column: self.column.clone(),
            probability: self.probability.iter().map(|&p| f(p)).collect(),
            transition_weights: self.transition_weights.iter().map(|&(e, s, w)| (e, s, f(w))).collect(),
        }
    }
}

impl<S: Copy> Shift<S> {
    fn map<T>(&self, f: &mut impl FnMut(S) -> T) -> Shift<T> {
        let amount = match self.amount {
            ShiftAmount::Count(x) => ShiftAmount::Count(f(x)),
            ShiftAmount::Share(x) => ShiftAmount::Share(f(x)),
            ShiftAmount::FillTo { target, set } => ShiftAmount::FillTo { target: f(target), set },
        };
        Shift {
            cycle: self.cycle,
            pairs: self.pairs.clone(),
            amount,
            weights: self.weights.iter().map(|&(k, w)| (k, f(w))).collect(),
            mirror: self.mirror.clone(),
        }
    }
}

impl<S> Chain<S> {
    /// The number of states.
    pub fn size(&self) -> usize {
        self.initial.len()
    }

    /// The number of output periods (the last may be partial).
    pub fn periods(&self) -> usize {
        self.cycles.len().div_ceil(self.cycles_per_period.max(1))
    }
}

/// How far a probability or a row's sum may stray from [0, 1] and from 1 by rounding.
const ROUNDING: f64 = 1e-9;

/// The checks that make a chain of [`Batch`] values a Markov chain in every lane, for a chain
/// whose values are kept elsewhere and named by index (a `Chain<u32>`): each check made once,
/// and only for the values that can change from batch to batch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LaneChecks {
    /// Values that must lie in [0, 1].
    probabilities: Vec<u32>,
    /// Rows whose values must sum to one.
    rows: Vec<Vec<u32>>,
    /// Rows that sum to one by construction, without their last entry: what these entries
    /// leave of one (the last entry, as the kernel computes it) must lie in [0, 1].
    closed_rows: Vec<Vec<u32>>,
    /// Numbers of people, at least zero.
    sizes: Vec<u32>,
    /// Every value that can change, which must be finite.
    finite: Vec<u32>,
}

impl Chain<u32> {
    /// The checks of this chain of value indices, where `varies` tells the values that can
    /// change (the others are valid already): every probability within [0, 1] and every row
    /// summing to one (up to 1e-9), every shift's size at least zero and a share at most one,
    /// every value finite. The rows that are `closed` (see [`Chain::for_each_value_read`]) are
    /// checked without their last entry, which the chain need not hold: what the others leave
    /// of one must lie in [0, 1].
    pub fn lane_checks(&self, varies: impl Fn(u32) -> bool, closed: impl Fn(usize) -> bool) -> LaneChecks {
        let mut checks = LaneChecks::default();
        for matrix in &self.matrices {
            for row in 0..matrix.size() {
                let range = matrix.row_range(row);
                let (rows, end) =
                    if closed(row) { (&mut checks.closed_rows, range.end - 1) } else { (&mut checks.rows, range.end) };
                let entries = &matrix.probability[range.start..end];
                if entries.iter().any(|e| varies(*e)) {
                    rows.push(entries.to_vec());
                    checks.probabilities.extend(entries.iter().filter(|e| varies(**e)));
                }
            }
        }
        for shift in &self.shifts {
            match shift.amount {
                ShiftAmount::Share(share) => checks.probabilities.push(share),
                ShiftAmount::Count(x) | ShiftAmount::FillTo { target: x, .. } => checks.sizes.push(x),
            }
        }
        self.for_each_value_read(&closed, |v| checks.finite.push(v));
        for list in [&mut checks.probabilities, &mut checks.sizes, &mut checks.finite] {
            list.retain(|v| varies(*v));
            list.sort_unstable();
            list.dedup();
        }
        for rows in [&mut checks.rows, &mut checks.closed_rows] {
            rows.sort_unstable();
            rows.dedup();
        }
        checks
    }
}

impl LaneChecks {
    /// For each draw, whether the chain whose values are `values` passes the checks.
    pub fn valid(&self, values: &[Batch]) -> [bool; BATCH] {
        let mut bounds = Bounds::new();
        self.probabilities.iter().for_each(|p| bounds.probability(&values[*p as usize]));
        let sum = |row: &[u32]| {
            row.iter().fold([0.0; BATCH], |acc, p| {
                let p = &values[*p as usize];
                std::array::from_fn(|i| acc[i] + p[i])
            })
        };
        self.rows.iter().for_each(|row| bounds.row_sum(&sum(row)));
        for row in &self.closed_rows {
            let sum = sum(row);
            bounds.probability(&std::array::from_fn(|i| 1.0 - sum[i]));
        }
        self.sizes.iter().for_each(|x| bounds.size(&values[*x as usize]));
        self.finite.iter().for_each(|x| bounds.finite(&values[*x as usize]));
        bounds.valid()
    }
}

/// What [`LaneChecks::valid`] gathers, lane by lane, with no branch: the smallest and the
/// largest probability, the largest distance of a row sum from one, the smallest size, and the
/// sum of every value (not finite as soon as one value is not).
struct Bounds {
    lowest: Batch,
    highest: Batch,
    off_one: Batch,
    smallest_size: Batch,
    total: Batch,
}

impl Bounds {
    fn new() -> Self {
        let zero = [0.0; BATCH];
        Bounds { lowest: zero, highest: zero, off_one: zero, smallest_size: zero, total: zero }
    }

    /// A probability.
    #[inline(always)]
    fn probability(&mut self, p: &Batch) {
        self.lowest = self.lowest.min(*p);
        self.highest = self.highest.max(*p);
    }

    /// The sum of a row's probabilities.
    #[inline(always)]
    fn row_sum(&mut self, sum: &Batch) {
        self.off_one = self.off_one.max(std::array::from_fn(|i| (sum[i] - 1.0).abs()));
    }

    /// A number of people.
    #[inline(always)]
    fn size(&mut self, n: &Batch) {
        self.smallest_size = self.smallest_size.min(*n);
    }

    /// Any other value, which must be finite.
    #[inline(always)]
    fn finite(&mut self, x: &Batch) {
        self.total = std::array::from_fn(|i| self.total[i] + x[i]);
    }

    fn valid(&self) -> [bool; BATCH] {
        std::array::from_fn(|i| {
            self.total[i].is_finite()
                && self.lowest[i] >= -ROUNDING
                && self.highest[i] <= 1.0 + ROUNDING
                && self.off_one[i] <= ROUNDING
                && self.smallest_size[i] >= 0.0
        })
    }
}
