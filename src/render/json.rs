//! The JSON contract: every table of every report as structured data, for programs.
//!
//! Documented field by field in `docs/REPORT_JSON.md`; `docs/schema/report.schema.json` is its
//! JSON Schema (draft 2020-12). The contract is versioned by `schema_version`
//! ([`crate::report::SCHEMA_VERSION`]): a field removed or changed in meaning raises it, a field
//! added keeps it. The structs below are the contract: serde writes their fields in the order
//! they are declared, so the field order is stable.
//!
//! Amounts, people and shares are exact decimal strings (`"-1234.5678"`: `.` as decimal mark,
//! ASCII minus, no exponent, no trailing zeros); years and counts are integers; labels are
//! `{"sv": …, "en": …}`; kinds are lower-case strings. Sign convention as in the report:
//! positive is a gain for that actor, except where a field says it is a cost (`investment`,
//! the levels' `total_cost_*`).

use super::answer;
use super::format::Lang;
use super::{Document, ExportError, Exporter};
use crate::appraise::{LineKey, Payback, Perspective};
use crate::compile::When;
use crate::domain::{Better, DiscountRate, Label, Unit};
use crate::report::break_even::{BreakEven, CostBreakEven, EffectBreakEven, Point};
use crate::report::compare::{Setting, Standings, counting_id};
use crate::report::sourced::{Origin, Sourced};
use crate::report::{
    AlternativeReport, FlowYear, Input, ParticipantReport, PeopleYear, Provenance, Report, SCHEMA_VERSION, SummaryRow,
};
use rust_decimal::Decimal;
use serde::Serialize;

/// The JSON format.
pub struct Json;

impl Exporter for Json {
    fn export(&self, document: &Document) -> Result<Vec<u8>, ExportError> {
        let mut bytes = serde_json::to_vec_pretty(&Contract::of(document))
            .map_err(|e| ExportError(format!("cannot write json: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// A decimal as machine formats write it: exact, `.` as decimal mark, ASCII minus, no
/// grouping, no exponent, no trailing zeros (`-1234.5678`, `0`).
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

fn plain_opt(value: Option<Decimal>) -> Option<String> {
    value.map(plain)
}

fn lang_id(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "sv",
        Lang::En => "en",
    }
}

/// The whole document.
#[derive(Serialize)]
struct Contract<'a> {
    schema_version: u32,
    sekalk_version: &'a str,
    lang: &'static str,
    provenance: AllProvenance<'a>,
    reports: Vec<ReportJson<'a>>,
    standings: StandingsJson<'a>,
}

impl<'a> Contract<'a> {
    fn of(document: &Document<'a>) -> Self {
        let reports = document.reports;
        Contract {
            schema_version: SCHEMA_VERSION,
            sekalk_version: reports.first().map_or(env!("CARGO_PKG_VERSION"), |r| r.provenance.version.as_str()),
            lang: lang_id(document.lang),
            provenance: AllProvenance::of(reports),
            reports: reports.iter().map(|r| ReportJson::of(r, document.lang)).collect(),
            standings: StandingsJson::of(reports, document.standings, document.lang),
        }
    }
}

/// Every input of every report and the command that repeats them all (`run` or `compare`).
#[derive(Serialize)]
struct AllProvenance<'a> {
    inputs: Vec<InputJson<'a>>,
    command: &'a str,
}

impl<'a> AllProvenance<'a> {
    fn of(reports: &'a [Report]) -> Self {
        let mut inputs: Vec<&Input> = Vec::new();
        for input in reports.iter().flat_map(|r| &r.provenance.inputs) {
            if !inputs.contains(&input) {
                inputs.push(input);
            }
        }
        AllProvenance {
            inputs: inputs.into_iter().map(InputJson::of).collect(),
            command: reports.first().map_or("", |r| r.provenance.command.as_str()),
        }
    }
}

#[derive(Serialize)]
struct InputJson<'a> {
    path: &'a str,
    sha256: &'a str,
}

impl<'a> InputJson<'a> {
    fn of(input: &'a Input) -> Self {
        InputJson { path: &input.path, sha256: &input.sha256 }
    }
}

#[derive(Serialize)]
struct ProvenanceJson<'a> {
    version: &'a str,
    inputs: Vec<InputJson<'a>>,
    command: &'a str,
}

impl<'a> ProvenanceJson<'a> {
    fn of(provenance: &'a Provenance) -> Self {
        ProvenanceJson {
            version: &provenance.version,
            inputs: provenance.inputs.iter().map(InputJson::of).collect(),
            command: &provenance.command,
        }
    }
}

#[derive(Serialize)]
struct LabelJson<'a> {
    sv: &'a str,
    en: &'a str,
}

impl<'a> LabelJson<'a> {
    fn of(label: &'a Label) -> Self {
        LabelJson { sv: &label.sv, en: &label.en }
    }
}

/// One scenario's report.
#[derive(Serialize)]
struct ReportJson<'a> {
    name: &'a str,
    description: Option<LabelJson<'a>>,
    provenance: ProvenanceJson<'a>,
    setup: SetupJson<'a>,
    actors: Vec<ActorJson<'a>>,
    perspectives: Vec<PerspectiveJson<'a>>,
    outcomes: Vec<OutcomeJson<'a>>,
    groupings: Vec<GroupingJson<'a>>,
    groups: Vec<GroupJson<'a>>,
    baseline: LabelJson<'a>,
    alternatives: Vec<AlternativeJson<'a>>,
    sources: Vec<SourceJson<'a>>,
}

impl<'a> ReportJson<'a> {
    fn of(report: &'a Report, lang: Lang) -> Self {
        ReportJson {
            name: &report.setup.name,
            description: report.setup.description.as_ref().map(LabelJson::of),
            provenance: ProvenanceJson::of(&report.provenance),
            setup: SetupJson::of(report),
            actors: report
                .actors
                .iter()
                .map(|a| ActorJson { id: &a.id, label: LabelJson::of(&a.label), public: a.public })
                .collect(),
            perspectives: report.perspectives.iter().map(PerspectiveJson::of).collect(),
            outcomes: report.outcomes.iter().map(OutcomeJson::of).collect(),
            groupings: report
                .groupings
                .iter()
                .map(|g| GroupingJson { id: &g.id, label: LabelJson::of(&g.label) })
                .collect(),
            groups: report
                .groups
                .iter()
                .map(|g| GroupJson {
                    id: &g.id,
                    label: LabelJson::of(&g.label),
                    grouping: report.groupings.get(g.grouping).map_or("", |x| x.id.as_str()),
                })
                .collect(),
            baseline: LabelJson::of(&report.baseline),
            alternatives: report.alternatives.iter().map(|a| AlternativeJson::of(report, a, lang)).collect(),
            sources: report.sources.iter().map(SourceJson::of).collect(),
        }
    }
}

/// The settings a reader needs to read the figures right.
#[derive(Serialize)]
struct SetupJson<'a> {
    model: &'a str,
    horizon_years: u32,
    months_per_cycle: u32,
    price_year: i64,
    start_month: Option<MonthJson>,
    discount_rates: RatesJson<'a>,
    counting: &'static str,
}

impl<'a> SetupJson<'a> {
    fn of(report: &'a Report) -> Self {
        let setup = &report.setup;
        SetupJson {
            model: &setup.model,
            horizon_years: setup.horizon_years,
            months_per_cycle: setup.months_per_cycle,
            price_year: setup.price_year,
            start_month: setup.start_month.map(|(year, month)| MonthJson { year: year.into(), month }),
            discount_rates: RatesJson {
                costs: RateJson::of(&setup.discount_costs),
                first_year_discounted: setup.discount_first_year,
                outcomes: report
                    .outcomes
                    .iter()
                    .map(|o| OutcomeRateJson { outcome: &o.id, rate: RateJson::of(&o.discount) })
                    .collect(),
            },
            counting: counting_id(setup.counting),
        }
    }
}

/// A calendar month.
#[derive(Serialize)]
struct MonthJson {
    year: i64,
    month: u32,
}

#[derive(Serialize)]
struct RatesJson<'a> {
    costs: RateJson,
    first_year_discounted: bool,
    outcomes: Vec<OutcomeRateJson<'a>>,
}

#[derive(Serialize)]
struct OutcomeRateJson<'a> {
    outcome: &'a str,
    rate: RateJson,
}

/// A discount rate: `{"constant": "0.035"}` or `{"bands": [{"from_year": 0, "rate": …}]}`.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum RateJson {
    Constant(String),
    Bands(Vec<BandJson>),
}

impl RateJson {
    fn of(rate: &DiscountRate) -> Self {
        match rate {
            DiscountRate::Constant(r) => RateJson::Constant(plain(*r)),
            DiscountRate::Bands(bands) => {
                RateJson::Bands(bands.iter().map(|(from, r)| BandJson { from_year: *from, rate: plain(*r) }).collect())
            }
        }
    }
}

#[derive(Serialize)]
struct BandJson {
    from_year: u32,
    rate: String,
}

#[derive(Serialize)]
struct ActorJson<'a> {
    id: &'a str,
    label: LabelJson<'a>,
    public: bool,
}

#[derive(Serialize)]
struct PerspectiveJson<'a> {
    id: &'a str,
    kind: &'static str,
    label: LabelJson<'a>,
}

impl<'a> PerspectiveJson<'a> {
    fn of(info: &'a crate::report::PerspectiveInfo) -> Self {
        let kind = match info.perspective {
            Perspective::Actor(_) => "actor",
            Perspective::Public => "public",
            Perspective::Society => "society",
        };
        PerspectiveJson { id: &info.id, kind, label: LabelJson::of(&info.label) }
    }
}

#[derive(Serialize)]
struct OutcomeJson<'a> {
    id: &'a str,
    label: LabelJson<'a>,
    unit: &'static str,
    better: &'static str,
}

impl<'a> OutcomeJson<'a> {
    fn of(info: &'a crate::report::OutcomeInfo) -> Self {
        let unit = match info.unit {
            Unit::Month => "month",
            Unit::Year => "year",
            Unit::Cycle => "cycle",
        };
        let better = match info.better {
            Better::Higher => "higher",
            Better::Lower => "lower",
        };
        OutcomeJson { id: &info.id, label: LabelJson::of(&info.label), unit, better }
    }
}

#[derive(Serialize)]
struct GroupingJson<'a> {
    id: &'a str,
    label: LabelJson<'a>,
}

#[derive(Serialize)]
struct GroupJson<'a> {
    id: &'a str,
    label: LabelJson<'a>,
    grouping: &'a str,
}

/// One alternative compared with the baseline: every table of its report.
#[derive(Serialize)]
struct AlternativeJson<'a> {
    id: &'a str,
    label: LabelJson<'a>,
    answer: Vec<String>,
    headline: Vec<&'a str>,
    summary: Vec<SummaryJson<'a>>,
    flows: Vec<FlowJson<'a>>,
    lines: Vec<LineJson<'a>>,
    outcomes: Vec<OutcomeRowJson<'a>>,
    per_participant: Option<PerParticipantJson<'a>>,
    cost_per_outcome: Vec<CostPerOutcomeJson<'a>>,
    break_even: Vec<BreakEvenJson<'a>>,
    levels: Vec<LevelJson<'a>>,
    people: Vec<PeopleJson<'a>>,
    participants: Vec<ParticipantJson<'a>>,
}

impl<'a> AlternativeJson<'a> {
    fn of(report: &'a Report, alternative: &'a AlternativeReport, lang: Lang) -> Self {
        let ids = perspective_ids(report);
        AlternativeJson {
            id: &alternative.id,
            label: LabelJson::of(&alternative.label),
            answer: answer::sentences(report, alternative, lang),
            headline: alternative.headline.iter().map(|&p| ids[p]).collect(),
            summary: ids.iter().zip(&alternative.summary).map(|(id, row)| SummaryJson::of(id, row)).collect(),
            flows: alternative.flows.iter().map(|year| FlowJson::of(report, year)).collect(),
            lines: alternative.lines.iter().map(|line| LineJson::of(&ids, line)).collect(),
            outcomes: report
                .outcomes
                .iter()
                .zip(&alternative.outcomes)
                .map(|(info, row)| OutcomeRowJson {
                    outcome: &info.id,
                    without: plain(row.without),
                    with: plain(row.with),
                    gain: plain(row.gain),
                    gain_per_participant: plain_opt(row.gain_per_participant),
                })
                .collect(),
            per_participant: alternative.per_participant.as_ref().map(|per| PerParticipantJson::of(&ids, per)),
            cost_per_outcome: alternative
                .cost_per_outcome
                .iter()
                .map(|c| CostPerOutcomeJson::of(report, &ids, c))
                .collect(),
            break_even: alternative.break_even.iter().map(|b| BreakEvenJson::of(&ids, b)).collect(),
            levels: ids
                .iter()
                .zip(&alternative.levels)
                .map(|(id, level)| LevelJson {
                    perspective: id,
                    total_cost_without: plain(level.without),
                    total_cost_with: plain(level.with),
                })
                .collect(),
            people: alternative.people.iter().map(|year| PeopleJson::of(report, year)).collect(),
            participants: alternative.participants.iter().map(|p| ParticipantJson::of(report, p)).collect(),
        }
    }
}

fn perspective_ids(report: &Report) -> Vec<&str> {
    report.perspectives.iter().map(|p| p.id.as_str()).collect()
}

/// The headline figures of one perspective.
#[derive(Serialize)]
struct SummaryJson<'a> {
    perspective: &'a str,
    investment: String,
    investment_undiscounted: String,
    net_benefit: String,
    return_per_krona: Option<String>,
    roi: Option<String>,
    payback: PaybackJson,
    payback_undiscounted: PaybackJson,
    within_mandate: Option<bool>,
}

impl<'a> SummaryJson<'a> {
    fn of(perspective: &'a str, row: &SummaryRow) -> Self {
        SummaryJson {
            perspective,
            investment: plain(row.investment),
            investment_undiscounted: plain(row.investment_undiscounted),
            net_benefit: plain(row.net_benefit),
            return_per_krona: plain_opt(row.return_per_krona),
            roi: plain_opt(row.roi),
            payback: PaybackJson::of(row.payback),
            payback_undiscounted: PaybackJson::of(row.payback_undiscounted),
            within_mandate: match row.payback {
                Payback::NoInvestment => None,
                other => Some(other.within_mandate()),
            },
        }
    }
}

/// A payback: `{"status": "year", "year": 8}`, `{"status": "not_within_horizon", "year": null}`
/// or `{"status": "no_investment", "year": null}`.
#[derive(Serialize)]
struct PaybackJson {
    status: &'static str,
    year: Option<usize>,
}

impl PaybackJson {
    fn of(payback: Payback) -> Self {
        match payback {
            Payback::Year(year) => PaybackJson { status: "year", year: Some(year) },
            Payback::NotWithinHorizon => PaybackJson { status: "not_within_horizon", year: None },
            Payback::NoInvestment => PaybackJson { status: "no_investment", year: None },
        }
    }
}

/// One year of money flows.
#[derive(Serialize)]
struct FlowJson<'a> {
    year: usize,
    discount_factor: String,
    actors: Vec<ActorFlowJson<'a>>,
    perspectives: Vec<PerspectiveFlowJson<'a>>,
}

impl<'a> FlowJson<'a> {
    fn of(report: &'a Report, year: &FlowYear) -> Self {
        let actors = report.actors.iter().zip(year.actors.iter().zip(&year.investment));
        let perspectives = report.perspectives.iter().enumerate();
        FlowJson {
            year: year.year,
            discount_factor: plain(year.discount_factor),
            actors: actors
                .map(|(actor, (gain, investment))| ActorFlowJson {
                    actor: &actor.id,
                    gain: plain(*gain),
                    investment: plain(*investment),
                })
                .collect(),
            perspectives: perspectives
                .map(|(p, info)| PerspectiveFlowJson {
                    perspective: &info.id,
                    gain: plain(year.perspectives[p]),
                    cumulative: plain(year.cumulative[p]),
                    cumulative_undiscounted: plain(year.cumulative_undiscounted[p]),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct ActorFlowJson<'a> {
    actor: &'a str,
    gain: String,
    investment: String,
}

#[derive(Serialize)]
struct PerspectiveFlowJson<'a> {
    perspective: &'a str,
    gain: String,
    cumulative: String,
    cumulative_undiscounted: String,
}

/// An amount for one perspective.
#[derive(Serialize)]
struct PerspectiveAmount<'a> {
    perspective: &'a str,
    amount: String,
}

fn per_perspective<'a>(ids: &[&'a str], amounts: &[Decimal]) -> Vec<PerspectiveAmount<'a>> {
    ids.iter().zip(amounts).map(|(id, amount)| PerspectiveAmount { perspective: id, amount: plain(*amount) }).collect()
}

/// One line of the net benefit breakdown.
#[derive(Serialize)]
struct LineJson<'a> {
    kind: &'static str,
    id: Option<&'a str>,
    label: LabelJson<'a>,
    net: Vec<PerspectiveAmount<'a>>,
}

impl<'a> LineJson<'a> {
    fn of(ids: &[&'a str], line: &'a crate::report::LineRow) -> Self {
        let (kind, id) = match &line.key {
            LineKey::Item(id) => ("item", Some(id.as_str())),
            LineKey::Intervention(id) => ("intervention", Some(id.as_str())),
            LineKey::AlternativeFixed => ("alternative_fixed", None),
        };
        LineJson { kind, id, label: LabelJson::of(&line.label), net: per_perspective(ids, &line.net) }
    }
}

#[derive(Serialize)]
struct OutcomeRowJson<'a> {
    outcome: &'a str,
    without: String,
    with: String,
    gain: String,
    gain_per_participant: Option<String>,
}

#[derive(Serialize)]
struct PerParticipantJson<'a> {
    taken_in: String,
    perspectives: Vec<PerParticipantRowJson<'a>>,
}

impl<'a> PerParticipantJson<'a> {
    fn of(ids: &[&'a str], per: &crate::report::PerParticipant) -> Self {
        let rows = ids.iter().enumerate().map(|(p, id)| PerParticipantRowJson {
            perspective: id,
            investment: plain(per.investment[p]),
            investment_undiscounted: plain(per.investment_undiscounted[p]),
            net_benefit: plain(per.net_benefit[p]),
        });
        PerParticipantJson { taken_in: plain(per.taken_in), perspectives: rows.collect() }
    }
}

#[derive(Serialize)]
struct PerParticipantRowJson<'a> {
    perspective: &'a str,
    investment: String,
    investment_undiscounted: String,
    net_benefit: String,
}

#[derive(Serialize)]
struct CostPerOutcomeJson<'a> {
    outcome: &'a str,
    perspectives: Vec<CostPerUnitJson<'a>>,
}

impl<'a> CostPerOutcomeJson<'a> {
    fn of(report: &'a Report, ids: &[&'a str], cost: &crate::report::CostPerOutcome) -> Self {
        let rows = ids.iter().enumerate().map(|(p, id)| CostPerUnitJson {
            perspective: id,
            investment_per_unit: plain_opt(cost.investment_per_unit[p]),
            net_cost_per_unit: plain_opt(cost.net_cost_per_unit[p]),
        });
        CostPerOutcomeJson { outcome: &report.outcomes[cost.outcome].id, perspectives: rows.collect() }
    }
}

#[derive(Serialize)]
struct CostPerUnitJson<'a> {
    perspective: &'a str,
    investment_per_unit: Option<String>,
    net_cost_per_unit: Option<String>,
}

/// The break-even figures of one intervention.
#[derive(Serialize)]
struct BreakEvenJson<'a> {
    intervention: &'a str,
    label: LabelJson<'a>,
    multipliers: Vec<String>,
    perspectives: Vec<BreakEvenPointJson<'a>>,
}

impl<'a> BreakEvenJson<'a> {
    fn of(ids: &[&'a str], break_even: &'a BreakEven) -> Self {
        BreakEvenJson {
            intervention: &break_even.intervention,
            label: LabelJson::of(&break_even.label),
            multipliers: break_even.multipliers.iter().map(|m| plain(*m)).collect(),
            perspectives: ids
                .iter()
                .zip(&break_even.points)
                .map(|(id, point)| BreakEvenPointJson::of(id, point))
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct BreakEvenPointJson<'a> {
    perspective: &'a str,
    effect: EffectJson,
    cost: CostJson,
    cost_per_participant: Option<String>,
}

impl<'a> BreakEvenPointJson<'a> {
    fn of(perspective: &'a str, point: &Point) -> Self {
        BreakEvenPointJson {
            perspective,
            effect: EffectJson::of(&point.effect),
            cost: CostJson::of(&point.cost),
            cost_per_participant: plain_opt(point.cost_per_participant),
        }
    }
}

/// The effect needed to break even, tagged by `status`.
#[derive(Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum EffectJson {
    At { scale: String, multipliers: Vec<String>, net_benefit: String },
    NoneInRange { high: String },
    NoEffect,
    NoInvestment,
}

impl EffectJson {
    fn of(effect: &EffectBreakEven) -> Self {
        match effect {
            EffectBreakEven::At { scale, multipliers, net_benefit } => EffectJson::At {
                scale: plain(*scale),
                multipliers: multipliers.iter().map(|m| plain(*m)).collect(),
                net_benefit: plain(*net_benefit),
            },
            EffectBreakEven::NoneInRange { high } => EffectJson::NoneInRange { high: plain(*high) },
            EffectBreakEven::NoEffect => EffectJson::NoEffect,
            EffectBreakEven::NoInvestment => EffectJson::NoInvestment,
        }
    }
}

/// The cost allowed to break even, tagged by `status`.
#[derive(Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum CostJson {
    UpTo { amount: String },
    NotEvenFree,
    NoCost,
}

impl CostJson {
    fn of(cost: &CostBreakEven) -> Self {
        match cost {
            CostBreakEven::UpTo(amount) => CostJson::UpTo { amount: plain(*amount) },
            CostBreakEven::NotEvenFree => CostJson::NotEvenFree,
            CostBreakEven::NoCost => CostJson::NoCost,
        }
    }
}

/// What one perspective pays in total: a level, not a result.
#[derive(Serialize)]
struct LevelJson<'a> {
    perspective: &'a str,
    total_cost_without: String,
    total_cost_with: String,
}

#[derive(Serialize)]
struct PeopleJson<'a> {
    year: usize,
    groups: Vec<GroupPeopleJson<'a>>,
}

impl<'a> PeopleJson<'a> {
    fn of(report: &'a Report, year: &PeopleYear) -> Self {
        let groups = report.groups.iter().zip(&year.groups).map(|(info, (without, with))| GroupPeopleJson {
            group: &info.id,
            without: plain(*without),
            with: plain(*with),
        });
        PeopleJson { year: year.year, groups: groups.collect() }
    }
}

#[derive(Serialize)]
struct GroupPeopleJson<'a> {
    group: &'a str,
    without: String,
    with: String,
}

/// How one intervention's participants fared.
#[derive(Serialize)]
struct ParticipantJson<'a> {
    intervention: &'a str,
    label: LabelJson<'a>,
    taken_in: String,
    taken_in_without: String,
    sets: Vec<SetJson<'a>>,
    follow_up: Vec<FollowUpJson>,
}

impl<'a> ParticipantJson<'a> {
    fn of(report: &'a Report, participants: &'a ParticipantReport) -> Self {
        let main = report.groups.iter().filter(|g| g.grouping == 0).map(|g| SetJson::Group { group: &g.id });
        let observed = participants.observed.iter().map(|share| SetJson::Observed { share: plain(*share) });
        let follow_up =
            participants.follow_up.shares.iter().zip(&participants.dates).map(|(shares, date)| FollowUpJson {
                when: WhenJson::of(shares.when),
                date: date.map(|(year, month)| MonthJson { year, month }),
                people: plain(shares.people),
                without: shares.without.iter().map(|s| plain(*s)).collect(),
                with: shares.with.iter().map(|s| plain(*s)).collect(),
            });
        ParticipantJson {
            intervention: &participants.intervention,
            label: LabelJson::of(&participants.label),
            taken_in: plain(participants.follow_up.taken_in),
            taken_in_without: plain(participants.follow_up.taken_in_without),
            sets: main.chain(observed).collect(),
            follow_up: follow_up.collect(),
        }
    }
}

/// A set of states the participants' shares are given for, tagged by `kind`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum SetJson<'a> {
    Group { group: &'a str },
    Observed { share: String },
}

#[derive(Serialize)]
struct FollowUpJson {
    when: WhenJson,
    date: Option<MonthJson>,
    people: String,
    without: Vec<String>,
    with: Vec<String>,
}

/// When a follow-up was looked at, tagged by `kind`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum WhenJson {
    End,
    MonthsAfterIntake { months: u32 },
    Month { month_index: u32 },
}

impl WhenJson {
    fn of(when: When) -> Self {
        match when {
            When::End => WhenJson::End,
            When::MonthsAfterIntake(months) => WhenJson::MonthsAfterIntake { months },
            When::Month(month_index) => WhenJson::Month { month_index },
        }
    }
}

/// A figure the report rests on, with its source.
#[derive(Serialize)]
struct SourceJson<'a> {
    origin: &'static str,
    what: &'a str,
    value: &'a str,
    source: &'a str,
}

impl<'a> SourceJson<'a> {
    fn of(sourced: &'a Sourced) -> Self {
        let origin = match sourced.origin {
            Origin::Scenario => "scenario",
            Origin::ModelAssumption => "model_assumption",
        };
        SourceJson { origin, what: &sourced.what, value: &sourced.value, source: &sourced.source }
    }
}

/// Every alternative ranked by one perspective.
#[derive(Serialize)]
struct StandingsJson<'a> {
    perspective: &'a str,
    label: LabelJson<'a>,
    ranking: Option<String>,
    rows: Vec<StandingJson<'a>>,
    differences: Vec<&'static str>,
}

impl<'a> StandingsJson<'a> {
    fn of(reports: &'a [Report], standings: &'a Standings, lang: Lang) -> Self {
        let rows = standings.rows.iter().enumerate().map(|(rank, s)| {
            let report = &reports[s.report];
            let alternative = &report.alternatives[s.alternative];
            let row = &alternative.summary[s.perspective];
            StandingJson {
                rank: rank + 1,
                report: s.report,
                scenario: &report.setup.name,
                alternative: &alternative.id,
                label: LabelJson::of(&alternative.label),
                investment: plain(row.investment),
                net_benefit: plain(row.net_benefit),
                return_per_krona: plain_opt(row.return_per_krona),
                payback: PaybackJson::of(row.payback),
            }
        });
        StandingsJson {
            perspective: &standings.perspective,
            label: LabelJson::of(&standings.label),
            ranking: answer::ranking(reports, standings, lang),
            rows: rows.collect(),
            differences: standings.differences.iter().map(|s| setting_id(*s)).collect(),
        }
    }
}

#[derive(Serialize)]
struct StandingJson<'a> {
    rank: usize,
    report: usize,
    scenario: &'a str,
    alternative: &'a str,
    label: LabelJson<'a>,
    investment: String,
    net_benefit: String,
    return_per_krona: Option<String>,
    payback: PaybackJson,
}

fn setting_id(setting: Setting) -> &'static str {
    match setting {
        Setting::Model => "model",
        Setting::Horizon => "horizon",
        Setting::DiscountRate => "discount_rate",
        Setting::PriceYear => "price_year",
        Setting::Counting => "counting",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn decimals_are_exact_and_plain() {
        assert_eq!(plain(dec!(-1234.567800)), "-1234.5678");
        assert_eq!(plain(dec!(-0.000)), "0");
        assert_eq!(plain(dec!(1000)), "1000");
        assert_eq!(plain(dec!(0.0000000000000000000000000001)), "0.0000000000000000000000000001");
    }
}
