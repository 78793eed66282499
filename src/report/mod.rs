//! The report structure: every table and figure a report shows, computed once from the
//! appraisal, as data (exact amounts, labels in both languages). Each output format in
//! [`crate::render`] only presents it, so all formats agree by construction.
//!
//! Sign convention, everywhere: **positive is a gain for that actor** (money saved or received,
//! months on support avoided, months in work added). Levels (what an actor pays in total with
//! and without the alternative) are kept apart in [`AlternativeReport::levels`].

pub mod break_even;
pub mod compare;
pub mod figures;
pub mod sourced;

use crate::appraise::participants::Participants;
use crate::appraise::{Comparison, LineKey, Payback, Perspective, Summary};
use crate::domain::{Better, DiscountRate, Label, Scenario, Unit};
use crate::evaluate::{EvaluateError, Evaluation};
use crate::project::Counting;
use break_even::BreakEven;
use rayon::prelude::*;
use rust_decimal::Decimal;
pub use sourced::Sourced;

/// The version of the report's machine-readable contract (the JSON format). Raise it when a
/// field is removed or changes meaning; adding a field keeps it.
pub const SCHEMA_VERSION: u32 = 1;

/// An input file as named in a report: path and SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as shown.
    pub path: String,
    /// Hex SHA-256 of the file's contents.
    pub sha256: String,
}

/// Where a report comes from: enough to repeat it and to know it is the same input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The sekalk version.
    pub version: String,
    /// The files it was computed from (the scenario first, then its model).
    pub inputs: Vec<Input>,
    /// The command that repeats it.
    pub command: String,
}

/// The settings a reader needs to read the figures right.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    /// The scenario's name.
    pub name: String,
    /// The scenario's description, in both languages (English falls back to Swedish).
    pub description: Option<Label>,
    /// The model's name.
    pub model: String,
    /// Years projected.
    pub horizon_years: u32,
    /// The price year of the amounts.
    pub price_year: i64,
    /// The calendar month of the first cycle (year, month 1–12), when the scenario gives it.
    pub start_month: Option<(i32, u32)>,
    /// Months per cycle.
    pub months_per_cycle: u32,
    /// The discount rate of costs.
    pub discount_costs: DiscountRate,
    /// Whether the first year is discounted too.
    pub discount_first_year: bool,
    /// When people are counted in a cycle.
    pub counting: Counting,
}

/// An actor of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorInfo {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// Whether it belongs to the public sector.
    pub public: bool,
}

/// A perspective results are given for.
#[derive(Debug, Clone, PartialEq)]
pub struct PerspectiveInfo {
    /// Which.
    pub perspective: Perspective,
    /// A stable identifier: the actor's id, `public` or `society`.
    pub id: String,
    /// Label.
    pub label: Label,
}

/// An outcome measure of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeInfo {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// The unit of person-time.
    pub unit: Unit,
    /// Which way is a gain.
    pub better: Better,
    /// Its discount rate.
    pub discount: DiscountRate,
}

/// The results of one perspective: the headline figures, with positive a gain.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// Discounted net benefit (positive: this perspective gains).
    pub net_benefit: Decimal,
    /// Discounted cost of the interventions to this perspective.
    pub investment: Decimal,
    /// Undiscounted cost of the interventions to this perspective.
    pub investment_undiscounted: Decimal,
    /// What each invested krona gives back, `(net benefit + investment) / investment`.
    pub return_per_krona: Option<Decimal>,
    /// `net benefit / investment`.
    pub roi: Option<Decimal>,
    /// When the investment is paid back, discounted.
    pub payback: Payback,
    /// When the investment is paid back, undiscounted.
    pub payback_undiscounted: Payback,
}

impl SummaryRow {
    fn of(summary: &Summary<Decimal>) -> Self {
        SummaryRow {
            net_benefit: summary.net_benefit,
            investment: summary.investment,
            investment_undiscounted: summary.investment_undiscounted,
            return_per_krona: summary.return_per_krona,
            roi: summary.roi,
            payback: summary.payback,
            payback_undiscounted: summary.payback_undiscounted,
        }
    }
}

/// What each perspective pays in total, with and without: levels, not results.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// Discounted cost without the alternative (baseline).
    pub without: Decimal,
    /// Discounted cost with the alternative, its interventions included.
    pub with: Decimal,
}

/// One year of money flows: the difference the alternative makes to each actor.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowYear {
    /// The projection year, 1-based.
    pub year: usize,
    /// Undiscounted gain per actor (positive: the actor gains that year).
    pub actors: Vec<Decimal>,
    /// Undiscounted gain per perspective, in the order of [`Report::perspectives`].
    pub perspectives: Vec<Decimal>,
    /// Cumulative discounted gain per perspective to the end of the year.
    pub cumulative: Vec<Decimal>,
    /// Cumulative undiscounted gain per perspective.
    pub cumulative_undiscounted: Vec<Decimal>,
    /// Undiscounted cost of the interventions per actor that year.
    pub investment: Vec<Decimal>,
    /// The cost discount factor of the year.
    pub discount_factor: Decimal,
}

/// How much of each perspective's net benefit one cost item or intervention accounts for.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRow {
    /// What it sums.
    pub key: LineKey,
    /// Its label.
    pub label: Label,
    /// Discounted gain per perspective.
    pub net: Vec<Decimal>,
}

/// An outcome measure compared, with positive a gain.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    /// Discounted person-time without the alternative.
    pub without: Decimal,
    /// Discounted person-time with it.
    pub with: Decimal,
    /// The gain: `with − without` when more is better, `without − with` when less is.
    pub gain: Decimal,
    /// The gain per participant taken in, when anybody was.
    pub gain_per_participant: Option<Decimal>,
}

/// Figures per participant taken in.
#[derive(Debug, Clone, PartialEq)]
pub struct PerParticipant {
    /// People taken in over the horizon, every intervention of the alternative together.
    pub taken_in: Decimal,
    /// Discounted investment per participant, per perspective.
    pub investment: Vec<Decimal>,
    /// Undiscounted investment per participant, per perspective.
    pub investment_undiscounted: Vec<Decimal>,
    /// Discounted net benefit per participant, per perspective.
    pub net_benefit: Vec<Decimal>,
}

/// What a perspective pays per unit of one outcome gained.
#[derive(Debug, Clone, PartialEq)]
pub struct CostPerOutcome {
    /// The outcome, an index into [`Report::outcomes`].
    pub outcome: usize,
    /// Per perspective: the investment per unit gained, when the gain is positive.
    pub investment_per_unit: Vec<Option<Decimal>>,
    /// Per perspective: the net cost per unit gained (an incremental cost-effectiveness ratio,
    /// `−net benefit / gain`); negative when the perspective gains money as well.
    pub net_cost_per_unit: Vec<Option<Decimal>>,
}

/// People per group at the end of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct PeopleYear {
    /// The projection year, 1-based.
    pub year: usize,
    /// Per group of the model: (without, with).
    pub groups: Vec<(Decimal, Decimal)>,
}

/// A group of people reported.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupInfo {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// The grouping it belongs to (0 is the main grouping).
    pub grouping: usize,
}

/// A grouping of states.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupingInfo {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
}

/// How one intervention's participants fared, with labels.
#[derive(Debug, Clone, PartialEq)]
pub struct ParticipantReport {
    /// The intervention's id.
    pub intervention: String,
    /// Its label.
    pub label: Label,
    /// The observed shares the intervention names (share, 0–1), in the order of its
    /// `observed` entries; their columns follow the main groups in [`Participants::shares`].
    pub observed: Vec<Decimal>,
    /// The follow-up itself, reduced to the main groups and the observed sets.
    pub follow_up: Participants<Decimal>,
    /// The calendar month (year, month 1–12) of each follow-up time that is a month of the
    /// projection, when the scenario gives its start date.
    pub dates: Vec<Option<(i64, u32)>>,
}

/// One alternative compared with the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct AlternativeReport {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// The perspectives the answer speaks for (indices into [`Report::perspectives`]): every
    /// actor that invests, then the public sector and society.
    pub headline: Vec<usize>,
    /// The summary, per perspective.
    pub summary: Vec<SummaryRow>,
    /// The money flows, per year.
    pub flows: Vec<FlowYear>,
    /// The net benefit per cost item and intervention.
    pub lines: Vec<LineRow>,
    /// The outcome measures.
    pub outcomes: Vec<OutcomeRow>,
    /// Per participant taken in, when anybody was.
    pub per_participant: Option<PerParticipant>,
    /// Cost per unit of each outcome gained.
    pub cost_per_outcome: Vec<CostPerOutcome>,
    /// Break-even figures per intervention.
    pub break_even: Vec<BreakEven>,
    /// What each perspective pays in total: detail, not the result.
    pub levels: Vec<Level>,
    /// People per group at the end of every year.
    pub people: Vec<PeopleYear>,
    /// How the participants of each intervention fared.
    pub participants: Vec<ParticipantReport>,
}

/// Everything a report of one scenario shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Where it comes from.
    pub provenance: Provenance,
    /// The settings.
    pub setup: Setup,
    /// The model's actors.
    pub actors: Vec<ActorInfo>,
    /// Every perspective: each actor, then the public sector and society.
    pub perspectives: Vec<PerspectiveInfo>,
    /// The model's outcome measures.
    pub outcomes: Vec<OutcomeInfo>,
    /// The model's groupings.
    pub groupings: Vec<GroupingInfo>,
    /// The model's groups.
    pub groups: Vec<GroupInfo>,
    /// The baseline's label.
    pub baseline: Label,
    /// Each alternative against the baseline.
    pub alternatives: Vec<AlternativeReport>,
    /// Every figure the scenario sets and every model figure labelled an assumption, with its
    /// source.
    pub sources: Vec<Sourced>,
}

/// What a report is built from besides the scenario and its evaluation.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the report comes from.
    pub provenance: Provenance,
    /// The sourced figures of the inputs.
    pub sources: Vec<Sourced>,
    /// Whether to search for break-even effects (many extra runs).
    pub break_even: bool,
}

/// Builds the report of a scenario from its exact evaluation. Fails only when a figure
/// The results of `runs`, computed in parallel, or the error of the first in order that has
/// one (whichever thread finished first), so that a report's error does not depend on timing.
fn in_order<T: Send, E: Send>(runs: impl IndexedParallelIterator<Item = Result<T, E>>) -> Result<Vec<T>, E> {
    runs.collect::<Vec<_>>().into_iter().collect()
}

/// overflows or a break-even run cannot be calculated.
pub fn build(scenario: &Scenario, evaluation: &Evaluation<Decimal>, options: Options) -> Result<Report, EvaluateError> {
    let model = scenario.model();
    let perspectives = perspectives(scenario);
    let needs_search = options.break_even && scenario.alternatives.iter().any(|a| !a.interventions.is_empty());
    let bases = if needs_search { Some(break_even::Bases::new(scenario, &evaluation.baseline)?) } else { None };
    let alternatives = in_order(
        evaluation
            .comparisons
            .par_iter()
            .zip(&evaluation.participants)
            .map(|(comparison, participants)| alternative(scenario, comparison, participants, bases.as_ref())),
    )?;
    Ok(Report {
        provenance: options.provenance,
        setup: setup(scenario),
        actors: model
            .actors
            .iter()
            .map(|a| ActorInfo { id: a.id.clone(), label: a.label.clone(), public: a.public })
            .collect(),
        perspectives,
        outcomes: model
            .outcomes
            .iter()
            .map(|o| OutcomeInfo {
                id: o.id.clone(),
                label: o.label.clone(),
                unit: o.unit,
                better: o.better,
                discount: o.discount.clone(),
            })
            .collect(),
        groupings: model.groupings.iter().map(|g| GroupingInfo { id: g.id.clone(), label: g.label.clone() }).collect(),
        groups: model
            .groups
            .iter()
            .map(|g| GroupInfo { id: g.id.clone(), label: g.label.clone(), grouping: g.grouping })
            .collect(),
        baseline: scenario.baseline.label.clone(),
        alternatives,
        sources: options.sources,
    })
}

fn setup(scenario: &Scenario) -> Setup {
    let model = scenario.model();
    Setup {
        name: scenario.name.clone(),
        description: scenario.description.clone(),
        model: model.name.clone(),
        horizon_years: scenario.horizon_years,
        price_year: model.price_year,
        start_month: scenario.start_month,
        months_per_cycle: model.months_per_cycle,
        discount_costs: scenario.discount_costs.clone(),
        discount_first_year: model.discount_first_year,
        counting: model.counting,
    }
}

/// Every perspective of the scenario's model with its id and label.
pub fn perspectives(scenario: &Scenario) -> Vec<PerspectiveInfo> {
    let model = scenario.model();
    Perspective::all(model)
        .into_iter()
        .map(|perspective| {
            let (id, label) = match perspective {
                Perspective::Actor(a) => (model.actors[a].id.clone(), model.actors[a].label.clone()),
                Perspective::Public => {
                    ("public".into(), Label { sv: "Offentlig sektor".into(), en: "Public sector".into() })
                }
                Perspective::Society => ("society".into(), Label { sv: "Samhället".into(), en: "Society".into() }),
            };
            PerspectiveInfo { perspective, id, label }
        })
        .collect()
}

fn overflow(scenario: &Scenario, what: &str) -> EvaluateError {
    EvaluateError::Overflow { strategy: "report".into(), year: scenario.horizon_years as usize, during: what.into() }
}

fn alternative(
    scenario: &Scenario,
    comparison: &Comparison<Decimal>,
    participants: &[Participants<Decimal>],
    bases: Option<&break_even::Bases>,
) -> Result<AlternativeReport, EvaluateError> {
    let model = scenario.model();
    let strategy = &scenario.alternatives[comparison.alternative];
    let summary: Vec<SummaryRow> = comparison.summaries.iter().map(SummaryRow::of).collect();
    let taken_in = participants.iter().try_fold(Decimal::ZERO, |acc, p| acc.checked_add(p.taken_in));
    let taken_in = taken_in.ok_or_else(|| overflow(scenario, "the participants taken in"))?;
    let outcomes = figures::outcomes(model, comparison, taken_in).ok_or_else(|| overflow(scenario, "the outcomes"))?;
    let per_participant =
        figures::per_participant(&summary, taken_in).ok_or_else(|| overflow(scenario, "figures per participant"))?;
    let cost_per_outcome =
        figures::cost_per_outcome(&summary, &outcomes).ok_or_else(|| overflow(scenario, "cost per outcome"))?;
    let break_even = match bases {
        Some(bases) => break_even::search(scenario, bases, comparison, &summary, participants)?,
        None => Vec::new(),
    };
    Ok(AlternativeReport {
        id: strategy.id.clone(),
        label: strategy.label.clone(),
        headline: headline(&summary, model.actors.len()),
        flows: figures::flows(comparison).ok_or_else(|| overflow(scenario, "the money flows"))?,
        lines: comparison
            .lines
            .iter()
            .map(|l| LineRow { key: l.key.clone(), label: l.label.clone(), net: l.net.clone() })
            .collect(),
        outcomes,
        per_participant,
        cost_per_outcome,
        break_even,
        levels: comparison.summaries.iter().map(|s| Level { without: s.cost_base, with: s.cost_alt }).collect(),
        people: comparison
            .years
            .iter()
            .enumerate()
            .map(|(i, y)| PeopleYear {
                year: i + 1,
                groups: y.people_base.iter().copied().zip(y.people_alt.iter().copied()).collect(),
            })
            .collect(),
        participants: figures::participant_reports(scenario, strategy, participants),
        summary,
    })
}

/// The perspectives the answer speaks for: every actor that invests, the public sector and
/// society.
fn headline(summary: &[SummaryRow], actors: usize) -> Vec<usize> {
    let investors = (0..actors).filter(|&a| summary[a].investment > Decimal::ZERO);
    investors.chain([actors, actors + 1]).collect()
}
