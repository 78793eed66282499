//! The expanded state space: model states crossed with participant tracks.
//!
//! Track 0 is everybody not in an intervention (the model states themselves). Each intake
//! batch of an intervention adds an *active* track (copies of the states in which a participant
//! is still in it) and, when the effect lasts after the end, an *after* track. Only states that
//! participants can reach get a copy, and without a lasting effect participants rejoin track 0
//! when they leave, which keeps the chain small.
//!
//! For the participant report every batch also has a *record*: a copy of the people drawn that
//! follows them for the whole horizon (through the same rows) without ever rejoining anybody.
//! Record states come after all people states; they carry no costs and are not people, so the
//! calculation is the same with or without them.

use crate::domain::{Intake, Intervention, Model, Participants, Strategy, year_of_cycle};
use rust_decimal::Decimal;

/// Months after intake the participant report looks at besides the intervention's end.
pub const FOLLOW_MONTHS: [u32; 2] = [12, 24];

/// How many people one intake batch draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// A number or a share of the target states' people.
    Batch(Participants),
    /// As many as bring the intervention's participants up to this number of places.
    Fill(Decimal),
}

/// One intake batch of one intervention.
#[derive(Debug, Clone)]
pub struct Track {
    /// Index of the intervention in the strategy.
    pub intervention: usize,
    /// The cycle at whose start participants are drawn.
    pub intake_cycle: usize,
    /// The first cycle after the intervention's scheduled end.
    pub end_cycle: usize,
    /// How many it draws.
    pub draw: Draw,
    /// Expanded index of the active copy of each model state, if it has one.
    pub active: Vec<Option<u32>>,
    /// Expanded index of the after copy of each model state, if the effect lasts.
    pub after: Option<Vec<Option<u32>>>,
    /// The record of the batch: copies of its active states, then of every state it can reach.
    pub record: (Vec<Option<u32>>, Vec<Option<u32>>),
}

impl Track {
    /// Where a participant in `state` goes when leaving the active track: the after copy when
    /// the effect lasts, else everybody else's state.
    pub fn leave(&self, state: usize) -> Option<u32> {
        match &self.after {
            Some(after) => after[state],
            None => Some(state as u32),
        }
    }

    /// Every record state of the batch with the model state it copies.
    pub fn record_states(&self) -> impl Iterator<Item = (usize, u32)> + '_ {
        let (active, after) = &self.record;
        let listed = |list: &'_ [Option<u32>]| {
            list.iter().enumerate().filter_map(|(state, copy)| Some((state, (*copy)?))).collect::<Vec<_>>()
        };
        listed(active).into_iter().chain(listed(after))
    }
}

/// Where a track is in its life in a given cycle; equal phases give equal matrix rows.
///
/// Participants still in the intervention at its scheduled end leave the active track by a
/// shift at the start of the first cycle after it, so every cycle of the intervention counts
/// them in full under any counting convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Before or during the intervention.
    Active,
    /// Whole years after the scheduled end.
    After(u32),
}

/// The expanded state space of one strategy.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The model state each expanded state is a copy of.
    pub model_state: Vec<usize>,
    /// The participant tracks.
    pub tracks: Vec<Track>,
    /// The number of people states; the rest are records.
    pub people: usize,
}

impl Layout {
    /// Lays out the tracks of every intervention's intakes within `cycles`.
    pub fn new(strategy: &Strategy, cycles: usize) -> Self {
        let model = &strategy.model;
        let mut model_state: Vec<usize> = (0..model.states.len()).collect();
        let mut tracks = Vec::new();
        let reaches: Vec<Vec<bool>> =
            strategy.interventions.iter().map(|intervention| reachable(model, &intervention.targets)).collect();
        for (index, (intervention, reach)) in strategy.interventions.iter().zip(&reaches).enumerate() {
            for (intake_cycle, draw) in intake_batches(intervention, model.months_per_cycle, cycles) {
                let active = copy(&mut model_state, reach, &|s| intervention.active_in.contains(&s));
                let after = intervention.drop_off.is_some().then(|| copy(&mut model_state, reach, &|_| true));
                let end_cycle = intake_cycle + duration_cycles(intervention, model.months_per_cycle);
                let record = (Vec::new(), Vec::new());
                tracks.push(Track { intervention: index, intake_cycle, end_cycle, draw, active, after, record });
            }
        }
        // Records come after every people state.
        let people = model_state.len();
        for track in &mut tracks {
            let (reach, active_in) =
                (&reaches[track.intervention], &strategy.interventions[track.intervention].active_in);
            track.record =
                (copy(&mut model_state, reach, &|s| active_in.contains(&s)), copy(&mut model_state, reach, &|_| true));
        }
        Layout { model_state, tracks, people }
    }

    /// The number of expanded states.
    pub fn size(&self) -> usize {
        self.model_state.len()
    }

    /// The phase of every track in `cycle`.
    pub fn phases(&self, cycle: usize, months_per_cycle: u32) -> Vec<Phase> {
        self.tracks
            .iter()
            .map(|track| match cycle {
                c if c < track.end_cycle => Phase::Active,
                _ if track.after.is_none() => Phase::After(0),
                c => Phase::After(year_of_cycle(c - track.end_cycle, months_per_cycle) as u32),
            })
            .collect()
    }
}

/// Copies the model states that are `reach`able and kept, returning each state's copy.
fn copy(model_state: &mut Vec<usize>, reach: &[bool], keep: &dyn Fn(usize) -> bool) -> Vec<Option<u32>> {
    (0..reach.len())
        .map(|s| {
            (reach[s] && keep(s)).then(|| {
                model_state.push(s);
                (model_state.len() - 1) as u32
            })
        })
        .collect()
}

/// The cycles at whose start an intervention's batches are drawn, within `cycles`, with what
/// each draws: one batch per intake, or one per cycle while places are refilled.
pub(super) fn intake_batches(intervention: &Intervention, months_per_cycle: u32, cycles: usize) -> Vec<(usize, Draw)> {
    let cycle_of = |month: u32| (month / months_per_cycle) as usize;
    let mut batches: Vec<(usize, Draw)> = match &intervention.intake {
        Intake::Batches(list) => list.iter().map(|b| (cycle_of(b.month), Draw::Batch(b.amount.clone()))).collect(),
        Intake::Places { places, months } => {
            let mut cycles: Vec<usize> = (0..*months).map(cycle_of).collect();
            cycles.dedup();
            cycles.into_iter().map(|c| (c, Draw::Fill(*places))).collect()
        }
    };
    batches.retain(|(cycle, _)| *cycle < cycles);
    batches
}

/// The cycles at whose start an intervention's batches are drawn, within `cycles`.
pub(super) fn intake_cycles(intervention: &Intervention, months_per_cycle: u32, cycles: usize) -> Vec<usize> {
    intake_batches(intervention, months_per_cycle, cycles).into_iter().map(|(cycle, _)| cycle).collect()
}

/// The cycles a batch spends in the intervention: its duration, rounded up to whole cycles.
pub(super) fn duration_cycles(intervention: &Intervention, months_per_cycle: u32) -> usize {
    (intervention.duration_months as usize).div_ceil(months_per_cycle as usize)
}

/// Which model states can be reached from `from` through the model's rows.
pub(super) fn reachable(model: &Model, from: &[usize]) -> Vec<bool> {
    let mut seen = vec![false; model.states.len()];
    let mut stack: Vec<usize> = from.to_vec();
    while let Some(state) = stack.pop() {
        if std::mem::replace(&mut seen[state], true) {
            continue;
        }
        if let Some(row) = &model.rows[state] {
            stack.extend(row.entries.iter().map(|(to, _)| *to).chain(row.rest));
        }
    }
    seen
}
