//! How the participants fared: for every intervention, the people taken in and the share of
//! them in each group of the main grouping (and in each observed set of states) at the end of
//! the intervention, 12 and 24 months after intake and at every observation, with and without
//! the intervention's effects, so that deadweight (who would have left anyway) is explicit.

use crate::compile::{FollowUp, ShiftKind, When, follow};
use crate::domain::Strategy;
use crate::project::{Projection, Scalar};

/// The shares of one intervention's participants at one time.
#[derive(Debug, Clone, PartialEq)]
pub struct Shares<S> {
    /// When.
    pub when: When,
    /// People taken in by the batches observed at that time, with the effect.
    pub people: S,
    /// Share of them in each reported set of states, with the effect.
    pub with: Vec<S>,
    /// Share in each set for the same intakes without the effect.
    pub without: Vec<S>,
}

/// How one intervention's participants fared.
#[derive(Debug, Clone, PartialEq)]
pub struct Participants<S> {
    /// The intervention (an index into the alternative's interventions).
    pub intervention: usize,
    /// People taken in over the horizon, with the effect.
    pub taken_in: S,
    /// People taken in without the effect (differs only when places are kept filled).
    pub taken_in_without: S,
    /// One entry per time looked at.
    pub shares: Vec<Shares<S>>,
}

/// A projection with what its shifts and probes mean.
pub struct Followed<'a, S> {
    /// The projection.
    projection: &'a Projection<S>,
    /// What each probe measures.
    follow_up: &'a FollowUp,
    /// The intervention of each track.
    track_interventions: Vec<usize>,
    /// The people each track took in.
    taken_in: Vec<S>,
}

impl<'a, S: Scalar> Followed<'a, S> {
    /// A projection whose shifts are `shift_kinds`, whose probes `follow_up` describes, and
    /// whose tracks belong to `track_interventions`.
    pub fn new(
        projection: &'a Projection<S>,
        shift_kinds: &[ShiftKind],
        follow_up: &'a FollowUp,
        track_interventions: Vec<usize>,
    ) -> Self {
        let taken_in = taken_in(shift_kinds, &projection.moved, track_interventions.len());
        Followed { projection, follow_up, track_interventions, taken_in }
    }

    /// The people of `intervention`'s batches in set `set` at `when`, and the people those
    /// batches took in. `None` on overflow, or when no batch is observed then.
    pub fn share(&self, intervention: usize, when: When, set: usize) -> Option<(S, S)> {
        let mut inside = S::ZERO;
        let mut people = S::ZERO;
        let mut observed = false;
        for (key, value) in self.follow_up.keys.iter().zip(&self.projection.probes) {
            if key.when != when || key.set != set || self.track_interventions[key.track] != intervention {
                continue;
            }
            observed = true;
            inside = inside.add(*value)?;
            people = people.add(self.taken_in[key.track])?;
        }
        observed.then_some((inside, people))
    }
}

/// The people each of `tracks` tracks took in: what its intake shift moved.
pub fn taken_in<S: Scalar>(shift_kinds: &[ShiftKind], moved: &[S], tracks: usize) -> Vec<S> {
    let mut taken_in = vec![S::ZERO; tracks];
    for (kind, moved) in shift_kinds.iter().zip(moved) {
        if let ShiftKind::Intake { track } = kind {
            taken_in[*track] = *moved;
        }
    }
    taken_in
}

/// The participant report of every intervention of a strategy, from its projection with the
/// effects (`with`) and without them (`without`). `None` on overflow.
pub fn participants<S: Scalar>(
    strategy: &Strategy,
    with: &Followed<S>,
    without: &Followed<S>,
) -> Option<Vec<Participants<S>>> {
    let sets = with.follow_up.sets.len();
    (0..strategy.interventions.len())
        .map(|intervention| {
            let total = |f: &Followed<S>| -> Option<S> {
                let tracks = f.track_interventions.iter().zip(&f.taken_in);
                tracks.filter(|(i, _)| **i == intervention).try_fold(S::ZERO, |acc, (_, n)| acc.add(*n))
            };
            let mut shares = Vec::new();
            for when in follow::whens(strategy, intervention) {
                let ratios = |f: &Followed<S>| -> Option<Option<(S, Vec<S>)>> {
                    let mut people = None;
                    let mut list = Vec::with_capacity(sets);
                    for set in 0..sets {
                        let Some((inside, taken)) = f.share(intervention, when, set) else { return Some(None) };
                        list.push(if taken > S::ZERO { inside.div(taken)? } else { S::ZERO });
                        people = Some(taken);
                    }
                    Some(people.map(|p| (p, list)))
                };
                if let (Some((people, with_shares)), Some((_, without_shares))) = (ratios(with)?, ratios(without)?) {
                    shares.push(Shares { when, people, with: with_shares, without: without_shares });
                }
            }
            Some(Participants { intervention, taken_in: total(with)?, taken_in_without: total(without)?, shares })
        })
        .collect()
}
