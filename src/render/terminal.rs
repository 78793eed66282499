//! The terminal report of `sekalk run`: a header naming the inputs, then for each alternative
//! the people per year, the costs per year and actor, the summary per perspective and the
//! outcome measures.

use super::Report;
use super::format::{self, Lang};
use super::labels::{Text, label, text};
use crate::appraise::{Comparison, Payback, Perspective, Summary};
use crate::domain::{DiscountRate, Model};
use crate::escape;
use crate::project::Counting;
use comfy_table::{Cell, CellAlignment, Table, presets};
use rust_decimal::Decimal;
use std::fmt::Write;

/// Renders the whole report.
pub fn render(report: &Report) -> String {
    let mut out = header(report);
    for comparison in &report.evaluation.comparisons {
        out.push_str(&alternative(report, comparison));
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

fn alternative(report: &Report, comparison: &Comparison<Decimal>) -> String {
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
    if !model.outcomes.is_empty() {
        let _ = writeln!(out, "\n{}\n{}", text(Text::OutcomesTitle, lang), outcomes_table(model, comparison, lang));
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
    ]);
    for (perspective, summary) in Perspective::all(model).into_iter().zip(&comparison.summaries) {
        table.add_row(summary_row(perspective_label(model, perspective, lang), summary, lang));
    }
    table
}

fn summary_row(name: String, summary: &Summary<Decimal>, lang: Lang) -> Vec<Cell> {
    let payback = match summary.payback {
        Payback::Year(year) => format!("{} {year}", text(Text::YearN, lang)),
        Payback::NotWithinHorizon => text(Text::NotWithinHorizon, lang).to_string(),
        Payback::NoInvestment => "–".to_string(),
    };
    let per_krona =
        summary.return_per_krona.map_or_else(|| "–".to_string(), |r| format!("{} kr", format::number(r, 2, lang)));
    vec![
        Cell::new(name),
        right(format::kronor(summary.cost_base, lang)),
        right(format::kronor(summary.cost_alt, lang)),
        right(format::kronor(summary.net_benefit, lang)),
        right(format::kronor(summary.investment, lang)),
        right(per_krona),
        right(payback),
    ]
}

fn outcomes_table(model: &Model, comparison: &Comparison<Decimal>, lang: Lang) -> Table {
    let t = |x| text(x, lang).to_string();
    let mut table = table(vec![t(Text::Measure), t(Text::Without), t(Text::With), t(Text::Difference)]);
    for (outcome, result) in model.outcomes.iter().zip(&comparison.outcomes) {
        table.add_row(vec![
            Cell::new(label(&outcome.label, lang)),
            right(format::number(result.base, 1, lang)),
            right(format::number(result.alt, 1, lang)),
            right(format::number(result.difference, 1, lang)),
        ]);
    }
    table
}
