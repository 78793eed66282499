//! What to record of each intake batch for the participant report: the people of the batch in
//! each reported set of states at the end of the intervention, 12 and 24 months after intake,
//! and at every observation.

use super::layout::{FOLLOW_MONTHS, Layout};
use crate::domain::{ObservedAt, Scenario, Strategy};
use crate::project::Probe;

/// When a batch is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// At the intervention's scheduled end.
    End,
    /// A number of months after intake.
    MonthsAfterIntake(u32),
    /// At the start of this month of the projection (0-based).
    Month(u32),
}

/// One recorded sum: the people of `track` in set `set` at `when`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeKey {
    /// The track (intake batch), an index into the layout's tracks.
    pub track: usize,
    /// When.
    pub when: When,
    /// The set of model states, an index into [`FollowUp::sets`].
    pub set: usize,
}

/// The probes of a chain and what each measures.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    /// The reported sets of model states: the main grouping's groups, then every observation's
    /// states in the order of the interventions.
    pub sets: Vec<Vec<usize>>,
    /// What each probe measures, in the chain's order.
    pub keys: Vec<ProbeKey>,
}

/// The times every batch of `intervention` is looked at.
pub fn whens(strategy: &Strategy, intervention: usize) -> Vec<When> {
    let observed = strategy.interventions[intervention].observed.iter().map(|o| match o.at {
        ObservedAt::MonthsAfterIntake(months) => When::MonthsAfterIntake(months),
        ObservedAt::Month(month) => When::Month(month),
    });
    let mut whens: Vec<When> =
        std::iter::once(When::End).chain(FOLLOW_MONTHS.map(When::MonthsAfterIntake)).chain(observed).collect();
    whens.dedup();
    whens
}

/// The set index of observation `observed` of `intervention`.
pub fn observed_set(strategy: &Strategy, intervention: usize, observed: usize) -> usize {
    let main = strategy.model.groups_of(0).count();
    main + strategy.interventions[..intervention].iter().map(|i| i.observed.len()).sum::<usize>() + observed
}

/// The probes of every batch of a strategy, for the chain, and what each measures.
pub fn follow_up(scenario: &Scenario, strategy: &Strategy, layout: &Layout) -> (FollowUp, Vec<Probe>) {
    let model = &strategy.model;
    let months = model.months_per_cycle;
    let cycles = scenario.cycles();
    let mut sets: Vec<Vec<usize>> = model.groups_of(0).map(|g| model.groups[g].states.clone()).collect();
    sets.extend(strategy.interventions.iter().flat_map(|i| i.observed.iter().map(|o| o.states.clone())));
    let mut found: Vec<(Probe, ProbeKey)> = Vec::new();
    for (index, track) in layout.tracks.iter().enumerate() {
        for when in whens(strategy, track.intervention) {
            let cycle = match when {
                When::End => track.end_cycle,
                When::MonthsAfterIntake(m) => track.intake_cycle + (m / months) as usize,
                When::Month(m) if (m / months) as usize >= track.intake_cycle => (m / months) as usize,
                When::Month(_) => continue,
            };
            if cycle > cycles {
                continue;
            }
            for (set, members) in sets.iter().enumerate() {
                let states =
                    track.record_states().filter(|(state, _)| members.contains(state)).map(|(_, c)| c).collect();
                found.push((Probe { cycle, states }, ProbeKey { track: index, when, set }));
            }
        }
    }
    found.sort_by_key(|(probe, _)| probe.cycle);
    let (probes, keys) = found.into_iter().unzip();
    (FollowUp { sets, keys }, probes)
}
