//! The derived figures of a report: money flows, outcome gains, figures per participant and
//! cost per outcome, all with positive a gain.

use super::{CostPerOutcome, FlowYear, OutcomeRow, ParticipantReport, PerParticipant, SummaryRow};
use crate::appraise::Comparison;
use crate::appraise::participants::{Participants, Shares};
use crate::compile::{When, follow};
use crate::domain::{Better, Model, Scenario, Strategy};
use rust_decimal::Decimal;

/// The money flows: per year, each actor's and each perspective's gain, and the cumulative
/// discounted and undiscounted gains.
pub fn flows(comparison: &Comparison<Decimal>) -> Option<Vec<FlowYear>> {
    comparison
        .years
        .iter()
        .enumerate()
        .map(|(index, year)| {
            Some(FlowYear {
                year: index + 1,
                actors: year
                    .cost_base
                    .iter()
                    .zip(&year.cost_alt)
                    .map(|(b, a)| b.checked_sub(*a))
                    .collect::<Option<_>>()?,
                perspectives: year.net.clone(),
                cumulative: year.cumulative.clone(),
                cumulative_undiscounted: year.cumulative_undiscounted.clone(),
                investment: year.investment.clone(),
                discount_factor: year.discount_factor,
            })
        })
        .collect()
}

/// Each outcome measure with its gain (positive: better) and the gain per participant.
/// `None` on overflow.
pub fn outcomes(model: &Model, comparison: &Comparison<Decimal>, taken_in: Decimal) -> Option<Vec<OutcomeRow>> {
    model
        .outcomes
        .iter()
        .zip(&comparison.outcomes)
        .map(|(outcome, result)| {
            let gain = match outcome.better {
                Better::Higher => result.alt.checked_sub(result.base)?,
                Better::Lower => result.base.checked_sub(result.alt)?,
            };
            let per = if taken_in > Decimal::ZERO { Some(gain.checked_div(taken_in)?) } else { None };
            Some(OutcomeRow { without: result.base, with: result.alt, gain, gain_per_participant: per })
        })
        .collect()
}

/// Investment and net benefit per participant, per perspective; `Some(None)` when nobody was
/// taken in, `None` on overflow.
pub fn per_participant(summary: &[SummaryRow], taken_in: Decimal) -> Option<Option<PerParticipant>> {
    if taken_in <= Decimal::ZERO {
        return Some(None);
    }
    let each = |value: &dyn Fn(&SummaryRow) -> Decimal| -> Option<Vec<Decimal>> {
        summary.iter().map(|s| value(s).checked_div(taken_in)).collect()
    };
    Some(Some(PerParticipant {
        taken_in,
        investment: each(&|s| s.investment)?,
        investment_undiscounted: each(&|s| s.investment_undiscounted)?,
        net_benefit: each(&|s| s.net_benefit)?,
    }))
}

/// What each perspective pays per unit of each outcome gained: the investment per unit and the
/// net cost per unit (`−net benefit / gain`). Only for outcomes with a positive gain. `None` on
/// overflow.
pub fn cost_per_outcome(summary: &[SummaryRow], outcomes: &[OutcomeRow]) -> Option<Vec<CostPerOutcome>> {
    outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| o.gain > Decimal::ZERO)
        .map(|(index, o)| {
            let investment =
                summary
                    .iter()
                    .map(|s| {
                        if s.investment > Decimal::ZERO {
                            s.investment.checked_div(o.gain).map(Some)
                        } else {
                            Some(None)
                        }
                    })
                    .collect::<Option<Vec<_>>>()?;
            let net =
                summary.iter().map(|s| (-s.net_benefit).checked_div(o.gain).map(Some)).collect::<Option<Vec<_>>>()?;
            Some(CostPerOutcome { outcome: index, investment_per_unit: investment, net_cost_per_unit: net })
        })
        .collect()
}

/// The participant follow-up of each intervention, reduced to the main groups and the
/// intervention's own observed sets.
pub fn participant_reports(
    scenario: &Scenario,
    strategy: &Strategy,
    participants: &[Participants<Decimal>],
) -> Vec<ParticipantReport> {
    let main = strategy.model.groups_of(0).count();
    participants
        .iter()
        .map(|p| {
            let intervention = &strategy.interventions[p.intervention];
            let observed = follow::observed_set(strategy, p.intervention, 0);
            let sets: Vec<usize> = (0..main).chain(observed..observed + intervention.observed.len()).collect();
            let pick = |values: &[Decimal]| sets.iter().map(|&s| values[s]).collect::<Vec<_>>();
            let shares = p
                .shares
                .iter()
                .map(|s| Shares { when: s.when, people: s.people, with: pick(&s.with), without: pick(&s.without) })
                .collect();
            ParticipantReport {
                intervention: intervention.id.clone(),
                label: intervention.label.clone(),
                observed: intervention.observed.iter().map(|o| o.share).collect(),
                dates: p
                    .shares
                    .iter()
                    .map(|s| match s.when {
                        When::Month(month) => scenario.calendar_month(month),
                        When::End | When::MonthsAfterIntake(_) => None,
                    })
                    .collect(),
                follow_up: Participants { shares, ..p.clone() },
            }
        })
        .collect()
}
