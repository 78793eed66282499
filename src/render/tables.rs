//! The report's tables as typed cells, built once for every format: a terminal, markdown and
//! html present them as text, csv and xlsx as numbers. Titles and headers are in the
//! document's language; values stay exact until a format rounds them for people.

use super::Document;
use super::answer;
use super::format::{self, Lang};
use super::labels::{Text, label, text};
use crate::appraise::participants::Shares;
use crate::appraise::{LineKey, Payback};
use crate::compile::When;
use crate::domain::{Better, DiscountRate, Unit};
use crate::project::Counting;
use crate::report::break_even::{CostBreakEven, EffectBreakEven};
use crate::report::compare::Setting;
use crate::report::sourced::Origin;
use crate::report::{AlternativeReport, Report};
use rust_decimal::Decimal;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// An amount in kronor, exact (people formats show whole kronor).
    Money(Decimal),
    /// A number, exact; people formats show `places` decimals.
    Number(Decimal, u32),
    /// A share 0–1 (people formats show a percentage with one decimal).
    Share(Decimal),
    /// A year of the projection, 1-based, or a payback year.
    Year(usize),
    /// Nothing to show.
    Empty,
}

/// A cell as people read it: amounts in whole kronor, shares as percentages, grouped digits,
/// Swedish or English marks; `–` for nothing.
pub fn display(value: &Value, lang: Lang) -> String {
    match value {
        Value::Text(text) => text.clone(),
        Value::Money(amount) => format::number(*amount, 0, lang),
        Value::Number(number, places) => format::number(*number, *places, lang),
        Value::Share(share) => format!("{} %", format::number(*share * Decimal::ONE_HUNDRED, 1, lang)),
        Value::Year(year) => year.to_string(),
        Value::Empty => "–".to_string(),
    }
}

/// One table.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// A stable machine name (`summary`, `flows`, …), also the csv section and xlsx sheet key.
    pub id: &'static str,
    /// The title people read.
    pub title: String,
    /// The column headers.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Value>>,
    /// A note under the table (how to read it).
    pub note: Option<String>,
}

/// A part of the document: a heading, paragraphs and tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// A stable machine name (`answer`, `alternative`, `detail`, `sources`, …).
    pub id: &'static str,
    /// The heading.
    pub title: String,
    /// Paragraphs before the tables (the answer sentences, the settings).
    pub paragraphs: Vec<String>,
    /// The tables.
    pub grids: Vec<Grid>,
}

/// The whole document as sections, in reading order: the header and the answer, the
/// alternatives side by side, each alternative's results, the detail (levels, people,
/// participants) and the sources.
pub fn sections(document: &Document) -> Vec<Section> {
    let lang = document.lang;
    let mut out = Vec::new();
    for report in document.reports {
        out.push(header(report, lang));
    }
    out.push(answer_section(document));
    if document.standings.rows.len() > 1 {
        out.push(Section {
            id: "standings",
            title: t(Text::StandingsTitle, lang),
            paragraphs: differences(document),
            grids: vec![standings(document)],
        });
    }
    for report in document.reports {
        for alternative in &report.alternatives {
            out.push(results(report, alternative, lang));
            out.push(detail(report, alternative, lang));
        }
    }
    for report in document.reports {
        out.push(sources(report, lang));
    }
    out
}

fn t(x: Text, lang: Lang) -> String {
    text(x, lang).to_string()
}

/// The name of an alternative as a heading: its label, with the scenario when several are
/// compared.
fn alternative_name(report: &Report, alternative: &AlternativeReport, lang: Lang) -> String {
    format!("{} {} {}", label(&alternative.label, lang), t(Text::ComparedWith, lang), label(&report.baseline, lang))
}

/// The settings and where the figures come from.
pub fn header(report: &Report, lang: Lang) -> Section {
    let setup = &report.setup;
    let mut paragraphs = Vec::new();
    if let Some(description) = &setup.description {
        paragraphs.push(label(description, lang).split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let first = if setup.discount_first_year { Text::FirstYearDiscounted } else { Text::FirstYearUndiscounted };
    paragraphs.push(format!(
        "{}: {} · {}: {} {} · {}: {}",
        t(Text::Model, lang),
        setup.model,
        t(Text::Horizon, lang),
        setup.horizon_years,
        t(Text::Years, lang),
        t(Text::PriceYear, lang),
        setup.price_year
    ));
    let mut rates =
        format!("{}: {} ({})", t(Text::Discounting, lang), rate(&setup.discount_costs, lang), t(first, lang));
    for outcome in &report.outcomes {
        rates.push_str(&format!(" · {}: {}", label(&outcome.label, lang), rate(&outcome.discount, lang)));
    }
    paragraphs.push(rates);
    paragraphs.push(format!("{}: {}", t(Text::Counting, lang), counting(setup.counting, lang)));
    for input in &report.provenance.inputs {
        paragraphs.push(format!("{}: {}  sha256:{}", t(Text::Inputs, lang), input.path, input.sha256));
    }
    paragraphs.push(format!("{}: {}", t(Text::Repeat, lang), report.provenance.command));
    let title = format!("sekalk {} — {}", report.provenance.version, setup.name);
    Section { id: "header", title, paragraphs, grids: Vec::new() }
}

/// A discount rate in words: `3,5 %` or `år 1+: 3,5 %, år 31+: 2,5 %`.
pub fn rate(rate: &DiscountRate, lang: Lang) -> String {
    match rate {
        DiscountRate::Constant(r) => format::percent(*r, lang),
        DiscountRate::Bands(bands) => bands
            .iter()
            .map(|(from, r)| format!("{} {from}+: {}", t(Text::YearN, lang), format::percent(*r, lang)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The counting convention in words.
pub fn counting(counting: Counting, lang: Lang) -> String {
    t(
        match counting {
            Counting::Start => Text::CountingStart,
            Counting::End => Text::CountingEnd,
            Counting::LifeTable => Text::CountingMidpoint,
        },
        lang,
    )
}

/// The answer: the ranking sentence, then each alternative's sentences.
fn answer_section(document: &Document) -> Section {
    let lang = document.lang;
    let mut paragraphs = Vec::new();
    if let Some(ranking) = answer::ranking(document.reports, document.standings, lang) {
        paragraphs.push(ranking);
    }
    let several = document.reports.iter().map(|r| r.alternatives.len()).sum::<usize>() > 1;
    for report in document.reports {
        for alternative in &report.alternatives {
            let sentences = answer::sentences(report, alternative, lang).join(" ");
            paragraphs.push(if several {
                format!("{}: {sentences}", label(&alternative.label, lang))
            } else {
                sentences
            });
        }
    }
    Section { id: "answer", title: t(Text::AnswerTitle, lang), paragraphs, grids: Vec::new() }
}

/// What differs between the scenarios compared, in words.
fn differences(document: &Document) -> Vec<String> {
    let lang = document.lang;
    document
        .standings
        .differences
        .iter()
        .map(|setting| {
            let value = |r: &Report| match setting {
                Setting::Model => r.provenance.inputs.get(1).map_or_else(|| r.setup.model.clone(), |i| i.path.clone()),
                Setting::Horizon => format!("{} {}", r.setup.horizon_years, t(Text::Years, lang)),
                Setting::DiscountRate => rate(&r.setup.discount_costs, lang),
                Setting::PriceYear => r.setup.price_year.to_string(),
                Setting::Counting => counting(r.setup.counting, lang),
            };
            let values: Vec<String> =
                document.reports.iter().map(|r| format!("{}: {}", r.setup.name, value(r))).collect();
            format!("{} {}", t(Text::DiffersWarning, lang), values.join("; "))
        })
        .collect()
}

/// Every alternative side by side, best first by the chosen perspective.
fn standings(document: &Document) -> Grid {
    let lang = document.lang;
    let several = document.reports.len() > 1;
    let mut header = vec![t(Text::Rank, lang)];
    if several {
        header.push(t(Text::Scenario, lang));
    }
    header.extend([
        t(Text::Alternative, lang),
        t(Text::Investment, lang),
        t(Text::NetBenefit, lang),
        t(Text::ReturnPerKrona, lang),
        t(Text::Payback, lang),
    ]);
    let rows = document
        .standings
        .rows
        .iter()
        .enumerate()
        .map(|(rank, s)| {
            let report = &document.reports[s.report];
            let alternative = &report.alternatives[s.alternative];
            let row = &alternative.summary[s.perspective];
            let mut cells = vec![Value::Year(rank + 1)];
            if several {
                cells.push(Value::Text(report.setup.name.clone()));
            }
            cells.extend([
                Value::Text(label(&alternative.label, lang).to_string()),
                Value::Money(row.investment),
                Value::Money(row.net_benefit),
                row.return_per_krona.map_or(Value::Empty, |r| Value::Number(r, 2)),
                payback(row.payback, lang),
            ]);
            cells
        })
        .collect();
    Grid {
        id: "standings",
        title: format!("{} {}", t(Text::RankedBy, lang), label(&document.standings.label, lang).to_lowercase()),
        header,
        rows,
        note: Some(t(Text::NoteSign, lang)),
    }
}

/// A payback year as a cell: the year, or words.
pub fn payback(payback: Payback, lang: Lang) -> Value {
    match payback {
        Payback::Year(year) => Value::Year(year),
        Payback::NotWithinHorizon => Value::Text(t(Text::NotWithinHorizon, lang)),
        Payback::NoInvestment => Value::Empty,
    }
}

fn yes_no(yes: bool, lang: Lang) -> Value {
    Value::Text(t(if yes { Text::Yes } else { Text::No }, lang))
}

/// One alternative's results: summary, money flows, per participant, break-even, cost per
/// outcome, outcomes and the net benefit per item.
fn results(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Section {
    let mut grids = vec![summary(report, alternative, lang), flows(report, alternative, lang)];
    grids.extend(per_participant(report, alternative, lang));
    grids.extend(break_even(report, alternative, lang));
    grids.extend(cost_per_outcome(report, alternative, lang));
    grids.extend(outcomes(report, alternative, lang));
    grids.push(lines(report, alternative, lang));
    // With one alternative the answer section already says it.
    let several = report.alternatives.len() > 1;
    Section {
        id: "alternative",
        title: alternative_name(report, alternative, lang),
        paragraphs: if several { answer::sentences(report, alternative, lang) } else { Vec::new() },
        grids,
    }
}

fn perspective_names(report: &Report, lang: Lang) -> Vec<String> {
    report.perspectives.iter().map(|p| label(&p.label, lang).to_string()).collect()
}

fn summary(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Grid {
    let header = [
        Text::Perspective,
        Text::Investment,
        Text::InvestmentUndiscounted,
        Text::NetBenefit,
        Text::ReturnPerKrona,
        Text::Payback,
        Text::PaybackUndiscounted,
        Text::WithinMandateHeader,
    ];
    let rows = perspective_names(report, lang)
        .into_iter()
        .zip(&alternative.summary)
        .map(|(name, row)| {
            vec![
                Value::Text(name),
                Value::Money(row.investment),
                Value::Money(row.investment_undiscounted),
                Value::Money(row.net_benefit),
                row.return_per_krona.map_or(Value::Empty, |r| Value::Number(r, 2)),
                payback(row.payback, lang),
                payback(row.payback_undiscounted, lang),
                match row.payback {
                    Payback::NoInvestment => Value::Empty,
                    other => yes_no(other.within_mandate(), lang),
                },
            ]
        })
        .collect();
    Grid {
        id: "summary",
        title: t(Text::SummaryTitle, lang),
        header: header.iter().map(|h| t(*h, lang)).collect(),
        rows,
        note: Some(t(Text::NoteSign, lang)),
    }
}

fn flows(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Grid {
    let public = report.actors.len();
    let mut header = vec![t(Text::Year, lang)];
    header.extend(report.actors.iter().map(|a| label(&a.label, lang).to_string()));
    header.extend(report.perspectives[public..].iter().map(|p| label(&p.label, lang).to_string()));
    header.push(t(Text::CumulativePublic, lang));
    header.push(t(Text::CumulativeSociety, lang));
    let rows = alternative
        .flows
        .iter()
        .map(|year| {
            let mut row = vec![Value::Year(year.year)];
            row.extend(year.actors.iter().map(|a| Value::Money(*a)));
            row.push(Value::Money(year.perspectives[public]));
            row.push(Value::Money(year.perspectives[public + 1]));
            row.push(Value::Money(year.cumulative[public]));
            row.push(Value::Money(year.cumulative[public + 1]));
            row
        })
        .collect();
    Grid { id: "flows", title: t(Text::FlowsTitle, lang), header, rows, note: Some(t(Text::NoteFlows, lang)) }
}

fn per_participant(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Option<Grid> {
    let per = alternative.per_participant.as_ref()?;
    let mut header = vec![t(Text::Perspective, lang), t(Text::Investment, lang), t(Text::InvestmentUndiscounted, lang)];
    header.push(t(Text::NetBenefit, lang));
    let rows = perspective_names(report, lang)
        .into_iter()
        .enumerate()
        .map(|(p, name)| {
            vec![
                Value::Text(name),
                Value::Money(per.investment[p]),
                Value::Money(per.investment_undiscounted[p]),
                Value::Money(per.net_benefit[p]),
            ]
        })
        .collect();
    let mut gains: Vec<String> = Vec::new();
    for (info, row) in report.outcomes.iter().zip(&alternative.outcomes) {
        if let Some(gain) = row.gain_per_participant {
            gains.push(format!(
                "{}: {}",
                outcome_gain_name(info.better, &info.label, lang),
                format::number(gain, 2, lang)
            ));
        }
    }
    let taken_in = format!("{}: {}", t(Text::Participants, lang), format::number(per.taken_in, 1, lang));
    let note = std::iter::once(taken_in).chain(gains).collect::<Vec<_>>().join(" · ");
    Some(Grid { id: "per_participant", title: t(Text::PerParticipantTitle, lang), header, rows, note: Some(note) })
}

/// The name of an outcome's gain: "fewer months on support" where less is better.
fn outcome_gain_name(better: Better, name: &crate::domain::Label, lang: Lang) -> String {
    match better {
        Better::Higher => format!("{} ({})", label(name, lang), t(Text::More, lang)),
        Better::Lower => format!("{} ({})", label(name, lang), t(Text::Avoided, lang)),
    }
}

fn break_even(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Option<Grid> {
    if alternative.break_even.is_empty() {
        return None;
    }
    let header =
        [Text::Intervention, Text::Perspective, Text::EffectScale, Text::Multipliers, Text::CostNow, Text::CostAllowed];
    let mut rows = Vec::new();
    for intervention in &alternative.break_even {
        for &p in &alternative.headline {
            let point = &intervention.points[p];
            let (scale, multipliers) = match &point.effect {
                EffectBreakEven::At { scale, multipliers, .. } => (
                    Value::Share(*scale),
                    match multipliers.as_slice() {
                        [one] => Value::Number(*one, 3),
                        many => {
                            Value::Text(many.iter().map(|m| format::number(*m, 3, lang)).collect::<Vec<_>>().join(", "))
                        }
                    },
                ),
                EffectBreakEven::NoneInRange { .. } => (Value::Text(t(Text::NoneInRange, lang)), Value::Empty),
                EffectBreakEven::NoEffect => (Value::Text(t(Text::NoEffect, lang)), Value::Empty),
                EffectBreakEven::NoInvestment => (Value::Empty, Value::Empty),
            };
            let allowed = match point.cost {
                CostBreakEven::UpTo(amount) => Value::Money(amount),
                CostBreakEven::NotEvenFree => Value::Text(t(Text::NotEvenFree, lang)),
                CostBreakEven::NoCost => Value::Empty,
            };
            rows.push(vec![
                Value::Text(label(&intervention.label, lang).to_string()),
                Value::Text(label(&report.perspectives[p].label, lang).to_string()),
                scale,
                multipliers,
                point.cost_per_participant.map_or(Value::Empty, Value::Money),
                allowed,
            ]);
        }
    }
    Some(Grid {
        id: "break_even",
        title: t(Text::BreakEvenTitle, lang),
        header: header.iter().map(|h| t(*h, lang)).collect(),
        rows,
        note: Some(t(Text::NoteBreakEven, lang)),
    })
}

fn cost_per_outcome(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Option<Grid> {
    if alternative.cost_per_outcome.is_empty() {
        return None;
    }
    let header = [Text::Measure, Text::Perspective, Text::InvestmentPerUnit, Text::NetCostPerUnit];
    let mut rows = Vec::new();
    for cost in &alternative.cost_per_outcome {
        let info = &report.outcomes[cost.outcome];
        for &p in &alternative.headline {
            rows.push(vec![
                Value::Text(outcome_gain_name(info.better, &info.label, lang)),
                Value::Text(label(&report.perspectives[p].label, lang).to_string()),
                cost.investment_per_unit[p].map_or(Value::Empty, Value::Money),
                cost.net_cost_per_unit[p].map_or(Value::Empty, Value::Money),
            ]);
        }
    }
    Some(Grid {
        id: "cost_per_outcome",
        title: t(Text::CostPerOutcomeTitle, lang),
        header: header.iter().map(|h| t(*h, lang)).collect(),
        rows,
        note: Some(t(Text::NoteCostPerOutcome, lang)),
    })
}

fn unit(unit: Unit, lang: Lang) -> String {
    t(
        match unit {
            Unit::Month => Text::UnitMonth,
            Unit::Year => Text::UnitYear,
            Unit::Cycle => Text::UnitCycle,
        },
        lang,
    )
}

fn outcomes(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Option<Grid> {
    if report.outcomes.is_empty() {
        return None;
    }
    let header = [Text::Measure, Text::Unit, Text::Without, Text::With, Text::Gain, Text::PerParticipant];
    let rows = report
        .outcomes
        .iter()
        .zip(&alternative.outcomes)
        .map(|(info, row)| {
            vec![
                Value::Text(outcome_gain_name(info.better, &info.label, lang)),
                Value::Text(unit(info.unit, lang)),
                Value::Number(row.without, 1),
                Value::Number(row.with, 1),
                Value::Number(row.gain, 1),
                row.gain_per_participant.map_or(Value::Empty, |g| Value::Number(g, 2)),
            ]
        })
        .collect();
    Some(Grid {
        id: "outcomes",
        title: t(Text::OutcomesTitle, lang),
        header: header.iter().map(|h| t(*h, lang)).collect(),
        rows,
        note: Some(t(Text::NoteOutcomes, lang)),
    })
}

fn lines(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Grid {
    let mut header = vec![t(Text::Line, lang)];
    header.extend(perspective_names(report, lang));
    let mut rows: Vec<Vec<Value>> = alternative
        .lines
        .iter()
        .filter(|l| l.net.iter().any(|n| !n.is_zero()))
        .map(|line| {
            let name = match &line.key {
                LineKey::Intervention(_) => {
                    format!("{}: {}", t(Text::InterventionCosts, lang), label(&line.label, lang))
                }
                LineKey::Item(_) | LineKey::AlternativeFixed => label(&line.label, lang).to_string(),
            };
            std::iter::once(Value::Text(name)).chain(line.net.iter().map(|n| Value::Money(*n))).collect()
        })
        .collect();
    rows.push(
        std::iter::once(Value::Text(t(Text::NetBenefit, lang)))
            .chain(alternative.summary.iter().map(|s| Value::Money(s.net_benefit)))
            .collect(),
    );
    Grid { id: "lines", title: t(Text::LinesTitle, lang), header, rows, note: None }
}

/// The detail of one alternative: levels (labelled so nobody reads them as the result), people
/// per group and year, and the participants' follow-up.
fn detail(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Section {
    let mut grids = vec![levels(report, alternative, lang)];
    grids.extend(people(report, alternative, lang));
    grids.extend(participants(report, alternative, lang));
    Section {
        id: "detail",
        title: format!("{} – {}", t(Text::DetailTitle, lang), label(&alternative.label, lang)),
        paragraphs: Vec::new(),
        grids,
    }
}

fn levels(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Grid {
    let header = [Text::Perspective, Text::LevelWithout, Text::LevelWith];
    let rows = perspective_names(report, lang)
        .into_iter()
        .zip(&alternative.levels)
        .map(|(name, level)| vec![Value::Text(name), Value::Money(level.without), Value::Money(level.with)])
        .collect();
    Grid {
        id: "levels",
        title: t(Text::LevelsTitle, lang),
        header: header.iter().map(|h| t(*h, lang)).collect(),
        rows,
        note: Some(t(Text::NoteLevels, lang)),
    }
}

fn people(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Vec<Grid> {
    report
        .groupings
        .iter()
        .enumerate()
        .filter_map(|(grouping, info)| {
            let groups: Vec<usize> =
                (0..report.groups.len()).filter(|&g| report.groups[g].grouping == grouping).collect();
            if groups.is_empty() {
                return None;
            }
            let mut header = vec![t(Text::Year, lang)];
            for &g in &groups {
                let name = label(&report.groups[g].label, lang);
                header.push(format!("{name}, {}", t(Text::Without, lang).to_lowercase()));
                header.push(format!("{name}, {}", t(Text::With, lang).to_lowercase()));
            }
            let rows = alternative
                .people
                .iter()
                .map(|year| {
                    let mut row = vec![Value::Year(year.year)];
                    for &g in &groups {
                        row.push(Value::Number(year.groups[g].0, 1));
                        row.push(Value::Number(year.groups[g].1, 1));
                    }
                    row
                })
                .collect();
            let title = match grouping {
                0 => t(Text::PeopleTitle, lang),
                _ => format!("{} – {}", t(Text::PeopleTitle, lang), label(&info.label, lang)),
            };
            Some(Grid { id: "people", title, header, rows, note: None })
        })
        .collect()
}

fn participants(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Vec<Grid> {
    let main: Vec<usize> = (0..report.groups.len()).filter(|&g| report.groups[g].grouping == 0).collect();
    alternative
        .participants
        .iter()
        .map(|p| {
            let mut header = vec![t(Text::When, lang), t(Text::TakenIn, lang)];
            let mut names: Vec<String> =
                main.iter().map(|&g| label(&report.groups[g].label, lang).to_string()).collect();
            names.extend(
                p.observed.iter().map(|s| format!("{} {}", t(Text::Observed, lang), format::percent(*s, lang))),
            );
            for name in &names {
                header.push(format!("{name}, {}", t(Text::WithoutEffect, lang)));
                header.push(format!("{name}, {}", t(Text::WithEffect, lang)));
            }
            let rows = p
                .follow_up
                .shares
                .iter()
                .zip(&p.dates)
                .map(|(shares, date): (&Shares<Decimal>, _)| {
                    let mut row = vec![Value::Text(when(shares.when, *date, lang)), Value::Number(shares.people, 1)];
                    for (without, with) in shares.without.iter().zip(&shares.with) {
                        row.push(Value::Share(*without));
                        row.push(Value::Share(*with));
                    }
                    row
                })
                .collect();
            let title = format!(
                "{}: {} — {} {} ({}: {})",
                t(Text::ParticipantsTitle, lang),
                label(&p.label, lang),
                format::number(p.follow_up.taken_in, 1, lang),
                t(Text::TakenIn, lang),
                t(Text::WithoutEffect, lang),
                format::number(p.follow_up.taken_in_without, 1, lang),
            );
            Grid { id: "participants", title, header, rows, note: Some(t(Text::NoteParticipants, lang)) }
        })
        .collect()
}

/// When a follow-up was looked at, in words: its date when the scenario gives a start date.
fn when(when: When, date: Option<(i64, u32)>, lang: Lang) -> String {
    match (when, date) {
        (When::Month(_), Some((year, month))) => format!("{year}-{month:02}-01"),
        (When::Month(month), None) => format!("{} {}", t(Text::MonthN, lang), month + 1),
        (When::End, _) => t(Text::AtEnd, lang),
        (When::MonthsAfterIntake(months), _) => format!("{months} {}", t(Text::MonthsAfterIntake, lang)),
    }
}

/// The figures the report rests on, with their sources.
fn sources(report: &Report, lang: Lang) -> Section {
    let header = [Text::Origin, Text::Figure, Text::Value, Text::Source];
    let rows = report
        .sources
        .iter()
        .map(|s| {
            let origin = match s.origin {
                Origin::Scenario => Text::OriginScenario,
                Origin::ModelAssumption => Text::OriginModelAssumption,
            };
            vec![
                Value::Text(t(origin, lang)),
                Value::Text(s.what.clone()),
                Value::Text(s.value.clone()),
                Value::Text(s.source.split_whitespace().collect::<Vec<_>>().join(" ")),
            ]
        })
        .collect();
    Section {
        id: "sources",
        title: format!("{} – {}", t(Text::SourcesTitle, lang), report.setup.name),
        paragraphs: Vec::new(),
        grids: vec![Grid {
            id: "sources",
            title: t(Text::SourcesTitle, lang),
            header: header.iter().map(|h| t(*h, lang)).collect(),
            rows,
            note: None,
        }],
    }
}
