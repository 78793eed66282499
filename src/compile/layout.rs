//! The expanded state space: model states crossed with participant tracks.
//!
//! Track 0 is everybody not in an intervention (the model states themselves). Each intake
//! batch of an intervention adds an *active* track (copies of the states in which a participant
//! is still in it) and, when the effect lasts after the end, an *after* track. Only states that
//! participants can reach get a copy, and without a lasting effect participants rejoin track 0
//! when they leave, which keeps the chain small.

use crate::domain::{Intervention, Model, Strategy, year_of_cycle};

/// One intake batch of one intervention.
#[derive(Debug, Clone)]
pub struct Track {
    /// Index of the intervention in the strategy.
    pub intervention: usize,
    /// The cycle at whose start participants are drawn.
    pub intake_cycle: usize,
    /// The first cycle after the intervention's scheduled end.
    pub end_cycle: usize,
    /// Expanded index of the active copy of each model state, if it has one.
    pub active: Vec<Option<u32>>,
    /// Expanded index of the after copy of each model state, if the effect lasts.
    pub after: Option<Vec<Option<u32>>>,
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
}

impl Layout {
    /// Lays out the tracks of every intervention's intakes within `cycles`.
    pub fn new(strategy: &Strategy, cycles: usize) -> Self {
        let model = &strategy.model;
        let mut model_state: Vec<usize> = (0..model.states.len()).collect();
        let mut tracks = Vec::new();
        for (index, intervention) in strategy.interventions.iter().enumerate() {
            let reach = reachable(model, &intervention.targets);
            for intake_cycle in intake_cycles(intervention, model.months_per_cycle, cycles) {
                let mut copy = |keep: &dyn Fn(usize) -> bool| -> Vec<Option<u32>> {
                    (0..model.states.len())
                        .map(|s| {
                            (reach[s] && keep(s)).then(|| {
                                model_state.push(s);
                                (model_state.len() - 1) as u32
                            })
                        })
                        .collect()
                };
                let active = copy(&|s| intervention.active_in.contains(&s));
                let after = intervention.drop_off.is_some().then(|| copy(&|_| true));
                let end_cycle = intake_cycle + duration_cycles(intervention, model.months_per_cycle);
                tracks.push(Track { intervention: index, intake_cycle, end_cycle, active, after });
            }
        }
        Layout { model_state, tracks }
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

/// The cycles at whose start an intervention's batches are drawn, within `cycles`: one at the
/// start of each of its intake years.
pub(super) fn intake_cycles(
    intervention: &Intervention,
    months_per_cycle: u32,
    cycles: usize,
) -> impl Iterator<Item = usize> + Clone {
    let cycles_per_year = 12 / months_per_cycle as usize;
    (0..intervention.intakes as usize).map(move |intake| intake * cycles_per_year).take_while(move |&c| c < cycles)
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
