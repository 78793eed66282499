//! The projection loop: `v[t+1] = v[t] · P[t] + inflow[t]`, accumulating every stream.
//!
//! The loop allocates nothing per cycle. Each non-remainder flow is settled to a fixed scale
//! and the remainder takes what is left of the row, so in the exact path people are conserved
//! to the last digit and no occupancy turns negative.

use super::chain::{Chain, Counting, Matrix, Shift, ShiftAmount, Weights};
use super::scalar::Scalar;

/// Why a projection could not be completed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KernelError {
    /// A number grew past what the scalar type can hold.
    #[error("arithmetic overflow in cycle {cycle} ({during})")]
    Overflow {
        /// The cycle (0-based) in which it happened.
        cycle: usize,
        /// What was being computed.
        during: &'static str,
        /// The stream whose total overflowed, if it was a stream total.
        stream: Option<usize>,
    },
    /// A shift asked for more people than its source states held.
    #[error("cycle {cycle}: shift {shift} needs {needed} people but its sources hold {available}")]
    Shortfall {
        /// The cycle (0-based) of the shift.
        cycle: usize,
        /// Index of the shift in the chain.
        shift: usize,
        /// People asked for.
        needed: f64,
        /// People available in the source states.
        available: f64,
    },
}

/// The result of a projection: stream totals per period and occupancy at period ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection<S> {
    /// The number of streams.
    pub streams: usize,
    /// The number of states.
    pub states: usize,
    /// `periods × streams` totals, period-major.
    pub totals: Vec<S>,
    /// `(periods + 1) × states` occupancy of the people states: at the start, then at the end
    /// of every period.
    pub occupancy: Vec<S>,
    /// The people each shift moved, in the chain's order.
    pub moved: Vec<S>,
    /// The value of each of the chain's probes.
    pub probes: Vec<S>,
}

impl<S: Scalar> Projection<S> {
    /// The number of periods.
    pub fn periods(&self) -> usize {
        self.totals.len() / self.streams.max(1)
    }

    /// The total of `stream` in `period`.
    pub fn total(&self, period: usize, stream: usize) -> S {
        self.totals[period * self.streams + stream]
    }

    /// Occupancy at a boundary: 0 is the start, `p + 1` the end of period `p`.
    pub fn occupancy_at(&self, boundary: usize) -> &[S] {
        &self.occupancy[boundary * self.states..(boundary + 1) * self.states]
    }
}

/// Runs the chain over its whole horizon.
pub fn project<S: Scalar>(chain: &Chain<S>) -> Result<Projection<S>, KernelError> {
    let mut workspace = Workspace::default();
    project_into(chain, &Own, &mut workspace)?;
    Ok(workspace.projection)
}

/// Where the kernel reads the values a chain's entries stand for: the chain itself ([`Own`]),
/// or values computed elsewhere that a chain of indices names (a batch of draws' formulas,
/// `[Batch]`), so that they are read where they were computed instead of copied in.
pub trait Values<S> {
    /// What the chain holds in place of each value.
    type Entry: Copy;
    /// The value `entry` stands for.
    fn value(&self, entry: Self::Entry) -> S;
}

/// The values of a chain that holds them itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Own;

impl<S: Copy> Values<S> for Own {
    type Entry = S;
    #[inline(always)]
    fn value(&self, entry: S) -> S {
        entry
    }
}

impl<S: Copy> Values<S> for [S] {
    /// The index of the value.
    type Entry = u32;
    #[inline(always)]
    fn value(&self, index: u32) -> S {
        self[index as usize]
    }
}

/// What a projection works in, kept from run to run so that many runs of chains of one
/// structure (a batch of draws after another) allocate nothing.
#[derive(Debug, Clone)]
pub struct Workspace<S> {
    /// The last projection.
    pub projection: Projection<S>,
    buffers: [Vec<S>; 4],
    /// Whether the occupancy at every period end is kept ([`Projection::occupancy`]); a run
    /// that reads only the stream totals leaves it empty.
    keep_occupancy: bool,
}

impl<S> Default for Workspace<S> {
    fn default() -> Self {
        let projection = Projection {
            streams: 0,
            states: 0,
            totals: Vec::new(),
            occupancy: Vec::new(),
            moved: Vec::new(),
            probes: Vec::new(),
        };
        Workspace { projection, buffers: Default::default(), keep_occupancy: true }
    }
}

impl<S> Workspace<S> {
    /// A workspace whose projections keep only the stream totals, the people each shift moved
    /// and the probes: their [`Projection::occupancy`] is empty.
    pub fn totals_only() -> Self {
        Workspace { keep_occupancy: false, ..Workspace::default() }
    }
}

/// `buffer` emptied and filled with `length` copies of `value`.
fn refill<S: Copy>(mut buffer: Vec<S>, length: usize, value: S) -> Vec<S> {
    buffer.clear();
    buffer.resize(length, value);
    buffer
}

/// Runs the chain, whose entries stand for `values`, over its whole horizon into `workspace`,
/// reusing its buffers; the result is `workspace.projection`.
pub fn project_into<'w, S: Scalar, V: Values<S> + ?Sized>(
    chain: &Chain<V::Entry>,
    values: &V,
    workspace: &'w mut Workspace<S>,
) -> Result<&'w Projection<S>, KernelError> {
    let n = chain.size();
    let periods = chain.periods();
    let [v, next, counted, flows] = std::mem::take(&mut workspace.buffers);
    let out = &mut workspace.projection;
    let mut v = v;
    v.clear();
    v.extend(chain.initial.iter().map(|&x| values.value(x)));
    let mut occupancy = std::mem::take(&mut out.occupancy);
    occupancy.clear();
    let mut state = LoopState {
        v,
        next: refill(next, n, S::ZERO),
        counted: refill(counted, n, S::ZERO),
        totals: refill(std::mem::take(&mut out.totals), periods * chain.streams, S::ZERO),
        occupancy,
        pending_weights: None,
        flows: refill(flows, chain.matrices.iter().map(Matrix::nonzeros).max().unwrap_or(0), S::ZERO),
        scale: count_scale(chain.counting).ok_or(KernelError::Overflow { cycle: 0, during: "setup", stream: None })?,
        keep_occupancy: workspace.keep_occupancy,
    };
    let result = run_loop(chain, values, &mut state, out);
    workspace.buffers = [state.v, state.next, state.counted, state.flows];
    out.totals = state.totals;
    out.occupancy = state.occupancy;
    result.map(|()| &*out)
}

/// The cycles of `chain` from `state`, into `out` (all but its totals and occupancy, which
/// `state` holds until the end).
fn run_loop<S: Scalar, V: Values<S> + ?Sized>(
    chain: &Chain<V::Entry>,
    values: &V,
    state: &mut LoopState<S>,
    out: &mut Projection<S>,
) -> Result<(), KernelError> {
    let people = if state.keep_occupancy { chain.people.min(chain.size()) } else { 0 };
    state.occupancy.extend_from_slice(&state.v[..people]);
    let mut shifts = chain.shifts.iter().enumerate().peekable();
    let mut probes = chain.probes.iter().peekable();
    let mut moved = refill(std::mem::take(&mut out.moved), chain.shifts.len(), S::ZERO);
    let mut probed = std::mem::take(&mut out.probes);
    probed.clear();
    // The period and the cycle's place in it, counted rather than divided out each cycle.
    let (mut period, mut in_period) = (0, 0);
    for (t, spec) in chain.cycles.iter().enumerate() {
        let overflow = |during| KernelError::Overflow { cycle: t, during, stream: None };
        while let Some((index, shift)) = shifts.next_if(|(_, s)| s.cycle <= t) {
            moved[index] = state.apply_shift((index, shift, values), t, (chain.streams * period, &chain.state_sets))?;
        }
        while let Some(probe) = probes.next_if(|p| p.cycle <= t) {
            probed.push(sum_of(&state.v, &probe.states).ok_or_else(|| overflow("probes"))?);
        }
        if state.pending_weights.is_some_and(|w| w != spec.weights) {
            state.flush((chain, values), period, t)?;
        }
        let matrix = &chain.matrices[spec.matrix as usize];
        if matrix.transition_weights().is_empty() {
            step::<S, V, false>((matrix, values), &state.v, &mut state.next, &mut state.flows)
        } else {
            step::<S, V, true>((matrix, values), &state.v, &mut state.next, &mut state.flows)
        }
        .ok_or_else(|| overflow("transitions"))?;
        accumulate_transition_weights((matrix, values), &state.flows, &mut state.totals[chain.streams * period..])
            .ok_or_else(|| overflow("transition weights"))?;
        if let Some(inflow) = spec.inflow {
            add_inflow((&chain.inflows[inflow as usize], values), &mut state.next).ok_or_else(|| overflow("inflow"))?;
        }
        count(chain.counting, &state.v, &state.next, &mut state.counted).ok_or_else(|| overflow("occupancy"))?;
        state.pending_weights = Some(spec.weights);
        std::mem::swap(&mut state.v, &mut state.next);
        in_period += 1;
        let period_ends = in_period == chain.cycles_per_period || t + 1 == chain.cycles.len();
        if period_ends {
            state.flush((chain, values), period, t)?;
            state.occupancy.extend_from_slice(&state.v[..people]);
            (period, in_period) = (period + 1, 0);
        }
    }
    let end = chain.cycles.len();
    for probe in probes {
        let value = sum_of(&state.v, &probe.states);
        probed.push(value.ok_or(KernelError::Overflow { cycle: end, during: "probes", stream: None })?);
    }
    out.streams = chain.streams;
    out.states = people;
    out.moved = moved;
    out.probes = probed;
    Ok(())
}

/// The people in `states`.
fn sum_of<S: Scalar>(v: &[S], states: &[u32]) -> Option<S> {
    states.iter().try_fold(S::ZERO, |acc, &s| acc.add(v[s as usize]))
}

struct LoopState<S> {
    v: Vec<S>,
    next: Vec<S>,
    /// Occupancy counted since the last flush, summed over cycles.
    counted: Vec<S>,
    totals: Vec<S>,
    occupancy: Vec<S>,
    /// The weight set `counted` must be multiplied by when flushed.
    pending_weights: Option<u32>,
    /// The flow along every entry of the last matrix applied.
    flows: Vec<S>,
    /// What `counted` is multiplied by when flushed: one half for the life-table convention,
    /// which counts `v[t] + v[t+1]`; `None` (one, so nothing to multiply) for the others.
    scale: Option<S>,
    /// Whether the occupancy at period ends is kept.
    keep_occupancy: bool,
}

impl<S: Scalar> LoopState<S> {
    /// Multiplies the counted occupancy by its weights into the period's totals, then clears it.
    fn flush<V: Values<S> + ?Sized>(
        &mut self,
        (chain, values): (&Chain<V::Entry>, &V),
        period: usize,
        cycle: usize,
    ) -> Result<(), KernelError> {
        let Some(weights) = self.pending_weights.take() else { return Ok(()) };
        let Weights { per_stream } = &chain.weights[weights as usize];
        let totals = &mut self.totals[period * chain.streams..(period + 1) * chain.streams];
        for (index, (total, stream)) in totals.iter_mut().zip(per_stream).enumerate() {
            let weighted = || -> Option<S> {
                let mut sum = S::ZERO;
                for &(state, weight) in stream {
                    sum = sum.add(self.counted[state as usize].mul(values.value(weight))?)?;
                }
                match self.scale {
                    Some(scale) => total.add(sum.mul(scale)?),
                    None => total.add(sum),
                }
            };
            *total = weighted().ok_or(KernelError::Overflow { cycle, during: "stream totals", stream: Some(index) })?;
        }
        self.counted.iter_mut().for_each(|c| *c = S::ZERO);
        Ok(())
    }

    /// Applies a shift and its one-off weights; returns the people moved.
    /// `offset` is where the period's totals start; `sets` are the chain's state sets.
    fn apply_shift<V: Values<S> + ?Sized>(
        &mut self,
        (index, shift, values): (usize, &Shift<V::Entry>, &V),
        cycle: usize,
        (offset, sets): (usize, &[Vec<u32>]),
    ) -> Result<S, KernelError> {
        let overflow = KernelError::Overflow { cycle, during: "intake", stream: None };
        let moved = move_people((shift, values), sets, &mut self.v).ok_or(overflow.clone())?;
        let moved = moved.map_err(|(needed, available)| KernelError::Shortfall {
            cycle,
            shift: index,
            needed: needed.to_f64(),
            available: available.to_f64(),
        })?;
        for &(stream, weight) in &shift.weights {
            let total = &mut self.totals[offset + stream as usize];
            let weight = values.value(weight);
            *total = total.add(moved.mul(weight).ok_or(overflow.clone())?).ok_or(overflow.clone())?;
        }
        Ok(moved)
    }
}

/// Moves the people of a shift; the outer `None` is an overflow, the inner `Err` carries the
/// number needed and the number available when a count exceeds it. Returns the number moved.
fn move_people<S: Scalar, V: Values<S> + ?Sized>(
    (shift, values): (&Shift<V::Entry>, &V),
    sets: &[Vec<u32>],
    v: &mut [S],
) -> Option<Result<S, (S, S)>> {
    let mut available = S::ZERO;
    for &(from, _) in &shift.pairs {
        available = available.add(v[from as usize])?;
    }
    let amount = match shift.amount {
        ShiftAmount::FillTo { target, set } => {
            ShiftAmount::Count(values.value(target).sub(sum_of(v, sets.get(set as usize)?)?)?.max(S::ZERO))
        }
        ShiftAmount::Count(count) => ShiftAmount::Count(values.value(count)),
        ShiftAmount::Share(share) => ShiftAmount::Share(values.value(share)),
    };
    let share = match amount {
        ShiftAmount::Share(share) => share,
        ShiftAmount::FillTo { .. } => S::ZERO,
        ShiftAmount::Count(count) => match count.share_of(available)? {
            Ok(share) => share,
            Err(shortfall) => return Some(Err(shortfall)),
        },
    };
    let mut moved = S::ZERO;
    for (index, &(from, to)) in shift.pairs.iter().enumerate() {
        let flow = v[from as usize].mul_settled(share)?;
        let flow = flow.min(v[from as usize]);
        v[from as usize] = v[from as usize].sub(flow)?;
        v[to as usize] = v[to as usize].add(flow)?;
        if let Some(&record) = shift.mirror.get(index) {
            v[record as usize] = v[record as usize].add(flow)?;
        }
        moved = moved.add(flow)?;
    }
    Some(Ok(moved))
}

/// `next = v · P`, with each row's remainder entry taking what the other flows leave; with
/// `FLOWS`, the flow along every entry is kept in `flows` for the one-off transition weights.
#[inline]
fn step<S: Scalar, V: Values<S> + ?Sized, const FLOWS: bool>(
    (matrix, values): (&Matrix<V::Entry>, &V),
    v: &[S],
    next: &mut [S],
    flows: &mut [S],
) -> Option<()> {
    next.iter_mut().for_each(|x| *x = S::ZERO);
    let columns = matrix.columns();
    let probabilities = matrix.probabilities();
    for (row, &occupancy) in v.iter().enumerate() {
        let range = matrix.row_range(row);
        if occupancy.is_zero() {
            if FLOWS {
                flows[range].iter_mut().for_each(|f| *f = S::ZERO);
            }
            continue;
        }
        let last = range.end - 1;
        let mut left = occupancy;
        for k in range.start..last {
            let flow = occupancy.mul_settled(values.value(probabilities[k]))?;
            if FLOWS {
                flows[k] = flow;
            }
            let target = &mut next[columns[k] as usize];
            *target = target.add(flow)?;
            left = left.sub(flow)?;
        }
        if FLOWS {
            flows[last] = left;
        }
        let target = &mut next[columns[last] as usize];
        *target = target.add(left)?;
    }
    Some(())
}

fn accumulate_transition_weights<S: Scalar, V: Values<S> + ?Sized>(
    (matrix, values): (&Matrix<V::Entry>, &V),
    flows: &[S],
    totals: &mut [S],
) -> Option<()> {
    for &(entry, stream, weight) in matrix.transition_weights() {
        let total = &mut totals[stream as usize];
        *total = total.add(flows[entry as usize].mul(values.value(weight))?)?;
    }
    Some(())
}

fn add_inflow<S: Scalar, V: Values<S> + ?Sized>(
    (inflow, values): (&[(u32, V::Entry)], &V),
    next: &mut [S],
) -> Option<()> {
    for &(state, people) in inflow {
        next[state as usize] = next[state as usize].add(values.value(people))?;
    }
    Some(())
}

/// Adds this cycle's counted occupancy to `counted` (for the life-table convention the sum
/// of both ends, halved when flushed).
#[inline]
fn count<S: Scalar>(counting: Counting, v: &[S], next: &[S], counted: &mut [S]) -> Option<()> {
    match counting {
        Counting::Start => accumulate(counted, v),
        Counting::End => accumulate(counted, next),
        Counting::LifeTable => {
            accumulate(counted, v)?;
            accumulate(counted, next)
        }
    }
}

/// What the counted occupancy is multiplied by: one half for the life-table convention, none
/// (one) for the others; `None` on overflow.
fn count_scale<S: Scalar>(counting: Counting) -> Option<Option<S>> {
    match counting {
        Counting::LifeTable => S::ONE.div(S::ONE.add(S::ONE)?).map(Some),
        Counting::Start | Counting::End => Some(None),
    }
}

#[inline]
fn accumulate<S: Scalar>(counted: &mut [S], occupancy: &[S]) -> Option<()> {
    for (c, &x) in counted.iter_mut().zip(occupancy) {
        *c = c.add(x)?;
    }
    Some(())
}
