//! The terminal report of `sekalk run`: a header naming the inputs, then for each alternative
//! the people per year, the costs per year and actor, the summary per perspective and the
//! outcome measures.

use super::Report;
use super::format::{self, Lang};
use super::labels::{Text, label, text};
use crate::appraise::participants::Participants;
use crate::appraise::{Comparison, LineKey, Payback, Perspective, Summary};
use crate::compile::When;
use crate::domain::{DiscountRate, Model, Strategy};
use crate::escape;
use crate::project::Counting;
use comfy_table::{Cell, CellAlignment, Table, presets};
use rust_decimal::Decimal;
use std::fmt::Write;

/// Renders the whole report.
pub fn render(report: &Report) -> String {
    let mut out = header(report);
    let evaluation = report.evaluation;
    let per_alternative = evaluation.participants.iter().zip(&evaluation.per_participant);
    for (comparison, (participants, per_participant)) in evaluation.comparisons.iter().zip(per_alternative) {
        out.push_str(&alternative(report, comparison, (participants, per_participant)));
    }
    out
}

fn header(report: &Report) -> String {
    let lang = report.lang;
    let scenario = report.scenario;
    let model = scenario.model();
    let t = |x| text(x, lang);
    let mut out = String::new();
    let _ = writeln!(out, "sekalk {} — {}", env!("CARGO_PKG_VERSION"), escape::inline(&scenario.name));
    if let Some(description) = &scenario.description {
        let paragraph = description.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "{}", escape::inline(&paragraph));
    }
    let first = if model.discount_first_year { t(Text::FirstYearDiscounted) } else { t(Text::FirstYearUndiscounted) };
    let _ = writeln!(
        out,
        "{}: {} · {}: {} {} · {}: {}",
        t(Text::Model),
        escape::inline(&model.name),
        t(Text::Horizon),
        scenario.horizon_years,
        t(Text::Years),
        t(Text::PriceYear),
        model.price_year
    );
    let _ = writeln!(
        out,
        "{}: {} ({first}) · {}: {}",
        t(Text::Discounting),
        rate(&scenario.discount_costs, lang),
        t(Text::Counting),
        counting(model.counting)
    );
    let _ = writeln!(out, "{}:", t(Text::Inputs));
    for input in &report.inputs {
        let _ = writeln!(out, "  {}  sha256:{}", escape::inline(&input.path), input.sha256);
    }
    let _ = writeln!(out, "{}: {}", t(Text::Repeat), report.command);
    out
}

fn rate(rate: &DiscountRate, lang: Lang) -> String {
    match rate {
        DiscountRate::Constant(r) => format::percent(*r, lang),
        DiscountRate::Bands(bands) => bands
            .iter()
            .map(|(from, r)| format!("{} {from}+: {}", text(Text::YearN, lang), format::percent(*r, lang)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn counting(counting: Counting) -> &'static str {
    match counting {
        Counting::Start => "start",
        Counting::End => "end",
        Counting::LifeTable => "life-table",
    }
}

fn alternative(
    report: &Report,
    comparison: &Comparison<Decimal>,
    (participants, per_participant): (&[Participants<Decimal>], &[Option<Decimal>]),
) -> String {
    let lang = report.lang;
    let scenario = report.scenario;
    let strategy = &scenario.alternatives[comparison.alternative];
    let model = &strategy.model;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n== {} {} {} ==",
        label(&strategy.label, lang),
        text(Text::ComparedWith, lang),
        label(&scenario.baseline.label, lang)
    );
    for (grouping, named) in model.groupings.iter().enumerate() {
        if model.groups_of(grouping).next().is_none() {
            continue;
        }
        let title = match grouping {
            0 => text(Text::PeopleTitle, lang).to_string(),
            _ => format!("{} – {}", text(Text::PeopleTitle, lang), label(&named.label, lang)),
        };
        let _ = writeln!(out, "\n{title}\n{}", people_table(model, grouping, comparison, lang));
    }
    let _ = writeln!(out, "\n{}\n{}", text(Text::CostsTitle, lang), costs_table(model, comparison, lang));
    let _ = writeln!(out, "\n{}\n{}", text(Text::SummaryTitle, lang), summary_table(model, comparison, lang));
    let _ = writeln!(out, "\n{}\n{}", text(Text::LinesTitle, lang), lines_table(model, comparison, lang));
    if !model.outcomes.is_empty() {
        let table = outcomes_table(model, comparison, per_participant, lang);
        let _ = writeln!(out, "\n{}\n{table}", text(Text::OutcomesTitle, lang));
    }
    for report_of in participants {
        out.push_str(&participants_section(report, strategy, report_of));
    }
    let _ = writeln!(out, "{}\n{}", text(Text::NoteSign, lang), text(Text::NoteRounding, lang));
    out
}

fn table(header: Vec<String>) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty().set_header(header);
    table
}

fn right(text: String) -> Cell {
    Cell::new(text).set_alignment(CellAlignment::Right)
}

fn arrow(base: &str, alt: &str) -> String {
    format!("{base} → {alt}")
}

fn people_table(model: &Model, grouping: usize, comparison: &Comparison<Decimal>, lang: Lang) -> Table {
    let groups: Vec<usize> = model.groups_of(grouping).collect();
    let mut header = vec![text(Text::Year, lang).to_string()];
    header.extend(groups.iter().map(|&g| label(&model.groups[g].label, lang).to_string()));
    let mut table = table(header);
    for (index, year) in comparison.years.iter().enumerate() {
        let mut row = vec![right((index + 1).to_string())];
        for &g in &groups {
            let (base, alt) = (year.people_base[g], year.people_alt[g]);
            row.push(right(arrow(&format::number(base, 1, lang), &format::number(alt, 1, lang))));
        }
        table.add_row(row);
    }
    table
}

fn costs_table(model: &Model, comparison: &Comparison<Decimal>, lang: Lang) -> Table {
    let public = Perspective::index(model, Perspective::Public);
    let mut header = vec![text(Text::Year, lang).to_string()];
    header.extend(model.actors.iter().map(|a| label(&a.label, lang).to_string()));
    header.push(text(Text::NetPublic, lang).to_string());
    header.push(text(Text::CumulativePublic, lang).to_string());
    let mut table = table(header);
    for (index, year) in comparison.years.iter().enumerate() {
        let mut row = vec![right((index + 1).to_string())];
        for (base, alt) in year.cost_base.iter().zip(&year.cost_alt) {
            row.push(right(arrow(&format::thousands(*base, lang), &format::thousands(*alt, lang))));
        }
        row.push(right(format::thousands(year.net[public], lang)));
        row.push(right(format::thousands(year.cumulative[public], lang)));
        table.add_row(row);
    }
    table
}

fn perspective_label(model: &Model, perspective: Perspective, lang: Lang) -> String {
    match perspective {
        Perspective::Actor(a) => label(&model.actors[a].label, lang).to_string(),
        Perspective::Public => text(Text::Public, lang).to_string(),
        Perspective::Society => text(Text::Society, lang).to_string(),
    }
}

fn summary_table(model: &Model, comparison: &Comparison<Decimal>, lang: Lang) -> Table {
    let t = |x| text(x, lang).to_string();
    let mut table = table(vec![
        t(Text::Perspective),
        t(Text::CostBase),
        t(Text::CostAlt),
        t(Text::NetBenefit),
        t(Text::Investment),
        t(Text::ReturnPerKrona),
        t(Text::Payback),
        t(Text::PaybackUndiscounted),
    ]);
    for (perspective, summary) in Perspective::all(model).into_iter().zip(&comparison.summaries) {
        table.add_row(summary_row(perspective_label(model, perspective, lang), summary, lang));
    }
    table
}

fn payback(payback: Payback, lang: Lang) -> String {
    match payback {
        Payback::Year(year) if payback.within_mandate() => {
            format!("{} {year} ({})", text(Text::YearN, lang), text(Text::WithinMandate, lang))
        }
        Payback::Year(year) => format!("{} {year}", text(Text::YearN, lang)),
        Payback::NotWithinHorizon => text(Text::NotWithinHorizon, lang).to_string(),
        Payback::NoInvestment => "–".to_string(),
    }
}

fn summary_row(name: String, summary: &Summary<Decimal>, lang: Lang) -> Vec<Cell> {
    let per_krona =
        summary.return_per_krona.map_or_else(|| "–".to_string(), |r| format!("{} kr", format::number(r, 2, lang)));
    vec![
        Cell::new(name),
        right(format::kronor(summary.cost_base, lang)),
        right(format::kronor(summary.cost_alt, lang)),
        right(format::kronor(summary.net_benefit, lang)),
        right(format::kronor(summary.investment, lang)),
        right(per_krona),
        right(payback(summary.payback, lang)),
        right(payback(summary.payback_undiscounted, lang)),
    ]
}

fn lines_table(model: &Model, comparison: &Comparison<Decimal>, lang: Lang) -> Table {
    let perspectives = Perspective::all(model);
    let mut header = vec![text(Text::Line, lang).to_string()];
    header.extend(perspectives.iter().map(|p| perspective_label(model, *p, lang)));
    let mut table = table(header);
    for line in comparison.lines.iter().filter(|l| l.net.iter().any(|n| !n.is_zero())) {
        let name = match &line.key {
            LineKey::Intervention(_) => {
                format!("{}: {}", text(Text::InterventionCosts, lang), label(&line.label, lang))
            }
            LineKey::Item(_) | LineKey::AlternativeFixed => label(&line.label, lang).to_string(),
        };
        let mut row = vec![Cell::new(name)];
        row.extend(line.net.iter().map(|n| right(format::kronor(*n, lang))));
        table.add_row(row);
    }
    let mut total = vec![Cell::new(text(Text::NetBenefit, lang))];
    total.extend(comparison.summaries.iter().map(|s| right(format::kronor(s.net_benefit, lang))));
    table.add_row(total);
    table
}

fn participants_section(report: &Report, strategy: &Strategy, participants: &Participants<Decimal>) -> String {
    let lang = report.lang;
    let model = &strategy.model;
    let intervention = &strategy.interventions[participants.intervention];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n{}: {} — {} {} ({}: {})",
        text(Text::ParticipantsTitle, lang),
        label(&intervention.label, lang),
        format::number(participants.taken_in, 1, lang),
        text(Text::TakenIn, lang),
        text(Text::WithoutEffect, lang),
        format::number(participants.taken_in_without, 1, lang),
    );
    let main: Vec<usize> = model.groups_of(0).collect();
    let mut header = vec![text(Text::When, lang).to_string(), text(Text::TakenIn, lang).to_string()];
    header.extend(main.iter().map(|&g| label(&model.groups[g].label, lang).to_string()));
    header.extend(
        intervention
            .observed
            .iter()
            .map(|o| format!("{} {}", text(Text::Observed, lang), format::percent(o.share, lang))),
    );
    let mut table = table(header);
    // The main groups' sets come first; this intervention's observed sets follow those of the
    // interventions before it.
    let observed = crate::compile::follow::observed_set(strategy, participants.intervention, 0);
    let sets: Vec<usize> = (0..main.len()).chain(observed..observed + intervention.observed.len()).collect();
    for shares in &participants.shares {
        let mut row = vec![Cell::new(when(report, shares.when)), right(format::number(shares.people, 1, lang))];
        for &set in &sets {
            let (with, without) = (shares.with[set], shares.without[set]);
            row.push(right(arrow(&share(without, lang), &share(with, lang))));
        }
        table.add_row(row);
    }
    let _ = writeln!(out, "{table}\n{}", text(Text::NoteParticipants, lang));
    out
}

fn share(value: Decimal, lang: Lang) -> String {
    format!("{} %", format::number(value * Decimal::ONE_HUNDRED, 1, lang))
}

fn when(report: &Report, when: When) -> String {
    let lang = report.lang;
    match when {
        When::End => text(Text::AtEnd, lang).to_string(),
        When::MonthsAfterIntake(months) => format!("{months} {}", text(Text::MonthsAfterIntake, lang)),
        When::Month(month) => match report.scenario.calendar_month(month) {
            Some((year, month_of_year)) => format!("{year}-{month_of_year:02}-01"),
            None => format!("{} {}", text(Text::MonthN, lang), month + 1),
        },
    }
}

fn outcomes_table(
    model: &Model,
    comparison: &Comparison<Decimal>,
    per_participant: &[Option<Decimal>],
    lang: Lang,
) -> Table {
    let t = |x| text(x, lang).to_string();
    let mut header = vec![t(Text::Measure), t(Text::Without), t(Text::With), t(Text::Difference)];
    if per_participant.iter().any(Option::is_some) {
        header.push(t(Text::PerParticipant));
    }
    let mut table = table(header);
    for ((outcome, result), per) in model.outcomes.iter().zip(&comparison.outcomes).zip(per_participant) {
        let mut row = vec![
            Cell::new(label(&outcome.label, lang)),
            right(format::number(result.base, 1, lang)),
            right(format::number(result.alt, 1, lang)),
            right(format::number(result.difference, 1, lang)),
        ];
        if let Some(per) = per {
            row.push(right(format::number(*per, 2, lang)));
        }
        table.add_row(row);
    }
    table
}
