//! From the domain to a generic chain: need categories, interventions, participants and cost
//! items become states, matrices, weights and shifts the kernel runs without knowing them.
//!
//! Streams are laid out per [`Streams`]: every actor's model costs, every actor's
//! intervention costs, then every outcome measure.

pub mod follow;
mod layout;
mod matrices;
pub mod size;
pub mod symbolic;
mod weights;

pub use follow::{FollowUp, ProbeKey, When};
pub use layout::{Draw, FOLLOW_MONTHS, Layout, Phase, Track};

use crate::domain::{Booking, Intake, Participants, Scenario, Schedule, Strategy, Value};
use crate::project::{Chain, CycleSpec, Scalar, Shift, ShiftAmount};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What a money stream holds: a cost item of the model, or the payments of an intervention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneySource {
    /// The cost item with this index in the strategy's model.
    Item(usize),
    /// A payment of the intervention with this index in the strategy.
    Intervention(usize),
}

/// One money stream: an amount summed over people and cycles, and who bears it.
#[derive(Debug, Clone, PartialEq)]
pub struct MoneyStream {
    /// What it holds.
    pub source: MoneySource,
    /// Who pays and receives it.
    pub booking: Booking,
}

/// Where each stream sits in the chain's output: every cost item of the model, then every
/// payment of every intervention (start costs, then monthly costs), then every outcome measure.
/// Amounts are summed unsigned; who bears them is in each stream's [`Booking`].
#[derive(Debug, Clone, PartialEq)]
pub struct Streams {
    /// The money streams, in order.
    pub money: Vec<MoneyStream>,
    /// The first stream of each intervention's payments.
    first_payment: Vec<usize>,
    /// Number of outcome measures.
    pub outcomes: usize,
}

impl Streams {
    /// The streams of a strategy.
    pub fn new(strategy: &Strategy) -> Self {
        let model = &strategy.model;
        let mut money: Vec<MoneyStream> = model
            .costs
            .iter()
            .enumerate()
            .map(|(i, c)| MoneyStream { source: MoneySource::Item(i), booking: c.booking.clone() })
            .collect();
        let mut first_payment = Vec::with_capacity(strategy.interventions.len());
        for (index, intervention) in strategy.interventions.iter().enumerate() {
            first_payment.push(money.len());
            money.extend(
                intervention
                    .start_costs
                    .iter()
                    .chain(&intervention.monthly_costs)
                    .map(|p| MoneyStream { source: MoneySource::Intervention(index), booking: p.booking.clone() }),
            );
        }
        Streams { money, first_payment, outcomes: model.outcomes.len() }
    }

    /// The stream of cost item `item`.
    pub fn item(&self, item: usize) -> usize {
        item
    }

    /// The stream of start cost `payment` of intervention `intervention`.
    pub fn start_cost(&self, intervention: usize, payment: usize) -> usize {
        self.first_payment[intervention] + payment
    }

    /// The stream of monthly cost `payment` of `intervention`, which has `starts` start costs.
    pub fn monthly_cost(&self, intervention: usize, starts: usize, payment: usize) -> usize {
        self.first_payment[intervention] + starts + payment
    }

    /// The stream of outcome `o`.
    pub fn outcome(&self, outcome: usize) -> usize {
        self.money.len() + outcome
    }

    /// What a stream holds, in words, for error messages.
    pub fn describe(&self, strategy: &Strategy, stream: usize) -> String {
        match self.money.get(stream).map(|m| m.source) {
            Some(MoneySource::Item(i)) => format!("the cost item `{}`", strategy.model.costs[i].id),
            Some(MoneySource::Intervention(i)) => format!("the costs of `{}`", strategy.interventions[i].id),
            None => strategy
                .model
                .outcomes
                .get(stream - self.money.len())
                .map_or_else(|| format!("stream {stream}"), |o| format!("the outcome `{}`", o.id)),
        }
    }

    /// The number of streams.
    pub fn count(&self) -> usize {
        self.money.len() + self.outcomes
    }
}

/// A strategy compiled into a chain, with what is needed to read its projection.
#[derive(Debug, Clone)]
pub struct Compiled<S> {
    /// The chain.
    pub chain: Chain<S>,
    /// The expanded state space.
    pub layout: Layout,
    /// The stream layout.
    pub streams: Streams,
    /// What each of the chain's shifts is: an intake of a track, or a move within one.
    pub shift_kinds: Vec<ShiftKind>,
    /// What the chain's probes measure, in the chain's order.
    pub follow_up: FollowUp,
}

/// What a shift of a compiled chain does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShiftKind {
    /// Draws the participants of track `track` (an index into the layout's tracks).
    Intake {
        /// The track.
        track: usize,
    },
    /// Moves a track's participants at the end of the intervention or of the follow-up.
    Move {
        /// The track.
        track: usize,
    },
}

impl ShiftKind {
    /// The track the shift belongs to.
    pub fn track(&self) -> usize {
        match self {
            ShiftKind::Intake { track } | ShiftKind::Move { track } => *track,
        }
    }
}

/// Compiles one strategy of a scenario into a chain over scalar `S`.
pub fn compile<S: Value>(scenario: &Scenario, strategy: &Strategy) -> Compiled<S> {
    let model = &strategy.model;
    let cycles = scenario.cycles();
    let layout = Layout::new(strategy, cycles);
    let streams = Streams::new(strategy);
    let mut initial = vec![S::ZERO; layout.size()];
    for (state, people) in scenario.start.iter().enumerate() {
        initial[state] = S::from_decimal(*people);
    }
    let mut matrix_index: HashMap<matrices::Key, u32> = HashMap::new();
    let mut weight_index: HashMap<usize, u32> = HashMap::new();
    let mut inflow_index: HashMap<usize, u32> = HashMap::new();
    let (shift_kinds, shift_list) = shifts(strategy, &layout, &streams).into_iter().unzip();
    let (follow_up, probes) = follow::follow_up(scenario, strategy, &layout);
    let mut chain = Chain {
        initial,
        matrices: Vec::new(),
        inflows: Vec::new(),
        weights: Vec::new(),
        cycles: Vec::with_capacity(cycles),
        shifts: shift_list,
        probes,
        state_sets: state_sets(strategy, &layout),
        people: layout.people,
        streams: streams.count(),
        cycles_per_period: 12 / model.months_per_cycle as usize,
        counting: model.counting,
    };
    let months = model.months_per_cycle;
    let inflow_schedules: Vec<&Schedule> = scenario.inflow.iter().map(|(_, s)| s).collect();
    for cycle in 0..cycles {
        let key = matrices::key(strategy, &layout, cycle);
        let matrix = *matrix_index.entry(key).or_insert_with_key(|key| {
            chain.matrices.push(matrices::build(strategy, &layout, &streams, cycle, key));
            (chain.matrices.len() - 1) as u32
        });
        let weight_key = time_key(weight_schedules(model), cycle, months);
        let weights = *weight_index.entry(weight_key).or_insert_with(|| {
            chain.weights.push(weights::build(strategy, &layout, &streams, cycle));
            (chain.weights.len() - 1) as u32
        });
        let inflow = (!scenario.inflow.is_empty()).then(|| {
            let inflow_key = time_key(inflow_schedules.iter().copied(), cycle, months);
            *inflow_index.entry(inflow_key).or_insert_with(|| {
                chain.inflows.push(inflow(scenario, cycle, months));
                (chain.inflows.len() - 1) as u32
            })
        });
        chain.cycles.push(CycleSpec { matrix, inflow, weights });
    }
    Compiled { chain, layout, streams, shift_kinds, follow_up }
}

/// A key equal for two cycles in which all `schedules` have the same values: the year (capped
/// where the longest by-year table ends) when all are constant or by year, else the cycle capped
/// where every schedule has reached its last value.
pub fn time_key<'a>(schedules: impl Iterator<Item = &'a Schedule>, cycle: usize, months_per_cycle: u32) -> usize {
    let cycles_per_year = 12 / months_per_cycle.max(1) as usize;
    let mut by_cycle = false;
    let mut year_key = 0;
    let mut settled = 0;
    for schedule in schedules {
        match schedule.plain() {
            Schedule::Constant(_) | Schedule::Formula(..) => {}
            Schedule::ByYear(values) => {
                year_key = year_key.max(schedule.time_key(cycle, months_per_cycle));
                settled = settled.max((values.len() - 1) * cycles_per_year);
            }
            Schedule::ByCycle(values) => {
                by_cycle = true;
                settled = settled.max(values.len() - 1);
            }
        }
    }
    if by_cycle { cycle.min(settled) } else { year_key }
}

/// Every schedule the stream weights of a cycle depend on: cost amounts and outcome weights.
fn weight_schedules(model: &crate::domain::Model) -> impl Iterator<Item = &Schedule> + Clone {
    model.costs.iter().map(|c| &c.amount).chain(model.outcomes.iter().flat_map(|o| &o.weights))
}

fn inflow<S: Value>(scenario: &Scenario, cycle: usize, months_per_cycle: u32) -> Vec<(u32, S)> {
    let months = S::from_decimal(Decimal::from(months_per_cycle));
    scenario
        .inflow
        .iter()
        .map(|(state, schedule)| {
            (*state as u32, S::of_schedule(schedule, cycle, months_per_cycle).saturating_mul(months))
        })
        .collect()
}

/// Moves everybody still in the intervention at its scheduled end out of the active track.
fn end_of_intervention<S: Scalar>(track: &Track) -> Shift<S> {
    let pairs =
        track.active.iter().enumerate().filter_map(|(state, copy)| Some(((*copy)?, track.leave(state)?))).collect();
    move_all(track.end_cycle, pairs)
}

/// Moves a batch's record from its active to its after copies at the intervention's end.
fn end_of_record<S: Scalar>(track: &Track) -> Shift<S> {
    let (active, after) = &track.record;
    let pairs = active.iter().enumerate().filter_map(|(state, copy)| Some(((*copy)?, after[state]?))).collect();
    move_all(track.end_cycle, pairs)
}

fn move_all<S: Scalar>(cycle: usize, pairs: Vec<(u32, u32)>) -> Shift<S> {
    Shift { cycle, pairs, amount: ShiftAmount::Share(S::ONE), weights: Vec::new(), mirror: Vec::new() }
}

/// The state set of each intervention (by index) for its fill-to shifts: the active copies of
/// all its batches when it keeps places filled, else empty.
fn state_sets(strategy: &Strategy, layout: &Layout) -> Vec<Vec<u32>> {
    let active_of = |intervention: usize| -> Vec<u32> {
        let tracks = layout.tracks.iter().filter(|t| t.intervention == intervention);
        tracks.flat_map(|t| t.active.iter().flatten().copied()).collect()
    };
    let fills = |index: usize| matches!(strategy.interventions[index].intake, Intake::Places { .. });
    (0..strategy.interventions.len()).map(|i| if fills(i) { active_of(i) } else { Vec::new() }).collect()
}

fn shifts<S: Value>(strategy: &Strategy, layout: &Layout, streams: &Streams) -> Vec<(ShiftKind, Shift<S>)> {
    let intakes = layout.tracks.iter().enumerate().map(|(index, track)| {
        let intervention = &strategy.interventions[track.intervention];
        let drawn = intervention.targets.iter().filter_map(|&t| Some((t as u32, track.active[t]?, track.record.0[t]?)));
        let (pairs, mirror) = drawn.map(|(from, to, record)| ((from, to), record)).unzip();
        let amount = match &track.draw {
            Draw::Batch(Participants::Count(n)) => ShiftAmount::Count(S::of_number(n)),
            Draw::Batch(Participants::Share(s)) => ShiftAmount::Share(S::of_number(s)),
            Draw::Fill(places) => {
                ShiftAmount::FillTo { target: S::from_decimal(*places), set: track.intervention as u32 }
            }
        };
        let weights = intervention
            .start_costs
            .iter()
            .enumerate()
            .map(|(k, p)| (streams.start_cost(track.intervention, k) as u32, S::of_number(&p.amount)))
            .collect();
        (ShiftKind::Intake { track: index }, Shift { cycle: track.intake_cycle, pairs, amount, weights, mirror })
    });
    // Participants whose intervention ends leave before a new intake is drawn in the same
    // cycle, so they can be drawn again; intakes keep the order in which they are written.
    let mut all: Vec<(ShiftKind, Shift<S>)> = Vec::new();
    for (index, track) in layout.tracks.iter().enumerate() {
        all.push((ShiftKind::Move { track: index }, end_of_intervention(track)));
        all.push((ShiftKind::Move { track: index }, end_of_record(track)));
    }
    all.extend(intakes);
    all.sort_by_key(|(_, s)| s.cycle);
    all
}
