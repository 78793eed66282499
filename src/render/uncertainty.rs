//! The reports of the sensitivity and probabilistic analyses: the answer first in words, then
//! the tables, as text tables, Markdown, CSV or JSON.

use super::format::{Lang, kronor, number};
use super::labels::label;
use crate::analysis::psa::{Psa, Spread};
use crate::analysis::sensitivity::{Bar, Sensitivity, Switching};
use crate::domain::{Label, Scenario};
use crate::report::perspectives;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use serde_json::json;

/// How an analysis report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Text tables for a terminal.
    Table,
    /// Markdown.
    Markdown,
    /// CSV with `,` and decimal points.
    Csv,
    /// JSON.
    Json,
}

/// What a table shows, so that a format can put a chart beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// The tornado of alternative `n`.
    Tornado(usize),
    /// The net benefit of every variant.
    Variants,
    /// The spread of the results of alternative `n` over the draws.
    Summary(usize),
    /// The cost-effectiveness of alternative `n`.
    CostEffectiveness(usize),
}

/// One table: a title, a header and rows of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The title.
    pub title: String,
    /// The column headings.
    pub header: Vec<String>,
    /// The rows of cells.
    pub rows: Vec<Vec<String>>,
    /// What it shows.
    pub shows: Shows,
}

/// An analysis report as text: the title, the answer in sentences, then the tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The title.
    pub title: String,
    /// The answer, a sentence per alternative (and a note of invalid draws).
    pub answer: Vec<String>,
    /// The tables.
    pub blocks: Vec<Block>,
}

pub(super) fn pick(lang: Lang, sv: &str, en: &str) -> String {
    match lang {
        Lang::Sv => sv.to_string(),
        Lang::En => en.to_string(),
    }
}

fn money(value: Decimal, lang: Lang, layout: Layout) -> String {
    if layout == Layout::Csv { value.round_dp(0).to_string() } else { kronor(value, lang) }
}

fn money_f64(value: f64, lang: Lang, layout: Layout) -> String {
    money(Decimal::from_f64(value).unwrap_or_default(), lang, layout)
}

fn share(value: f64, lang: Lang) -> String {
    format!("{} %", number(Decimal::from_f64(value * 100.0).unwrap_or_default(), 0, lang))
}

/// A perspective's label inside a sentence: "offentlig sektor", but "NHS" and "European Social
/// Fund" as written (a name: an abbreviation, or more than its first word capitalised).
pub(super) fn in_sentence(text: &str) -> String {
    let mut chars = text.chars();
    let later_capital = text.split_whitespace().skip(1).any(|w| w.starts_with(char::is_uppercase));
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() && !later_capital => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

fn perspective_label(scenario: &Scenario, perspective: usize) -> Label {
    perspectives(scenario).get(perspective).map(|p| p.label.clone()).unwrap_or(Label { sv: "?".into(), en: "?".into() })
}

/// The one-way analysis as text in `layout`.
pub fn sensitivity(scenario: &Scenario, result: &Sensitivity, lang: Lang, layout: Layout) -> String {
    match layout {
        Layout::Json => sensitivity_json(scenario, result),
        _ => document(&sensitivity_page(scenario, result, lang, layout), layout),
    }
}

/// The one-way analysis as a [`Page`], its amounts written for `layout`.
pub fn sensitivity_page(scenario: &Scenario, result: &Sensitivity, lang: Lang, layout: Layout) -> Page {
    let who = in_sentence(&label(&perspective_label(scenario, result.perspective), lang));
    let mut answer = Vec::new();
    let mut blocks = Vec::new();
    for (a, bars) in result.tornado.iter().enumerate() {
        let alt = label(&scenario.alternatives[a].label, lang);
        let base = result.base[a];
        let top = bars.first().filter(|b| !b.swing().is_zero());
        answer.push(match (top, lang) {
            (Some(bar), Lang::Sv) => format!("{alt}: nettonyttan för {who} är {} i grundfallet; mest avgör `{}`, som flyttar den {} mellan lågt och högt värde.", money(base, lang, layout), scenario.uncertainty.parameters[bar.parameter].id, money(bar.swing(), lang, layout)),
            (Some(bar), Lang::En) => format!("{alt}: the net benefit for {who} is {} in the base case; `{}` matters most, moving it by {} between its low and high value.", money(base, lang, layout), scenario.uncertainty.parameters[bar.parameter].id, money(bar.swing(), lang, layout)),
            (None, Lang::Sv) => format!("{alt}: nettonyttan för {who} är {} i grundfallet; inget osäkert värde ändrar den.", money(base, lang, layout)),
            (None, Lang::En) => format!("{alt}: the net benefit for {who} is {} in the base case; no uncertain value changes it.", money(base, lang, layout)),
        });
        blocks.push(tornado_block(scenario, (a, &alt), bars, lang, layout));
    }
    if !result.variants.is_empty() {
        blocks.push(variants_block(scenario, result, lang, layout));
    }
    let title = pick(lang, "Känslighetsanalys", "Sensitivity analysis");
    Page { title: format!("{title}: {}", scenario.name), answer, blocks }
}

fn tornado_block(scenario: &Scenario, (a, alt): (usize, &str), bars: &[Bar], lang: Lang, layout: Layout) -> Block {
    let header = [
        pick(lang, "Parameter", "Parameter"),
        pick(lang, "Lågt", "Low"),
        pick(lang, "Högt", "High"),
        pick(lang, "Nettonytta vid lågt", "Net benefit at low"),
        pick(lang, "Nettonytta vid högt", "Net benefit at high"),
        pick(lang, "Spännvidd", "Swing"),
        pick(lang, "Brytvärde (nettonytta 0)", "Switching value (net benefit 0)"),
    ];
    let at = |r: &Result<Decimal, crate::analysis::RunProblem>| match r {
        Ok(v) => money(*v, lang, layout),
        Err(problem) => format!("{}: {problem}", pick(lang, "ogiltigt", "invalid")),
    };
    let rows = bars
        .iter()
        .map(|bar| {
            let parameter = &scenario.uncertainty.parameters[bar.parameter];
            let switching = match &bar.switching {
                Switching::At(value) => number(*value, 6, lang),
                Switching::NoneInRange => pick(lang, "inget i intervallet", "none in range"),
                Switching::NoWidth => pick(lang, "ingen bredd", "no width"),
            };
            vec![
                format!("{} ({})", label(&parameter.label, lang), parameter.id),
                number(bar.low, 6, lang),
                number(bar.high, 6, lang),
                at(&bar.at_low),
                at(&bar.at_high),
                money(bar.swing(), lang, layout),
                switching,
            ]
        })
        .collect();
    Block {
        title: format!("{}: {alt}", pick(lang, "Tornado", "Tornado")),
        header: header.to_vec(),
        rows,
        shows: Shows::Tornado(a),
    }
}

fn variants_block(scenario: &Scenario, result: &Sensitivity, lang: Lang, layout: Layout) -> Block {
    let mut header = vec![pick(lang, "Fall", "Case")];
    header.extend(scenario.alternatives.iter().map(|a| label(&a.label, lang).into_owned()));
    let mut rows = vec![
        std::iter::once(pick(lang, "Grundfall", "Base case"))
            .chain(result.base.iter().map(|v| money(*v, lang, layout)))
            .collect(),
    ];
    for run in &result.variants {
        let variant = &scenario.uncertainty.variants[run.variant];
        let mut row = vec![label(&variant.label, lang).into_owned()];
        match &run.net_benefit {
            Ok(values) => row.extend(values.iter().map(|v| money(*v, lang, layout))),
            Err(problem) => row.extend(
                scenario.alternatives.iter().map(|_| format!("{}: {problem}", pick(lang, "ogiltigt", "invalid"))),
            ),
        }
        rows.push(row);
    }
    Block { title: pick(lang, "Nettonytta per fall", "Net benefit per case"), header, rows, shows: Shows::Variants }
}

fn sensitivity_json(scenario: &Scenario, result: &Sensitivity) -> String {
    let infos = perspectives(scenario);
    let end = |r: &Result<Decimal, crate::analysis::RunProblem>| match r {
        Ok(v) => json!({ "net_benefit": v.to_string() }),
        Err(problem) => json!({ "invalid": problem.to_string() }),
    };
    let alternatives: Vec<_> = result
        .tornado
        .iter()
        .enumerate()
        .map(|(a, bars)| {
            json!({
                "id": scenario.alternatives[a].id,
                "net_benefit": result.base[a].to_string(),
                "tornado": bars.iter().map(|bar| json!({
                    "parameter": scenario.uncertainty.parameters[bar.parameter].id,
                    "low": bar.low.to_string(),
                    "high": bar.high.to_string(),
                    "at_low": end(&bar.at_low),
                    "at_high": end(&bar.at_high),
                    "swing": bar.swing().to_string(),
                    "switching_value": match &bar.switching { Switching::At(v) => json!(v.to_string()), _ => json!(null) },
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let variants: Vec<_> = result
        .variants
        .iter()
        .map(|run| {
            let variant = &scenario.uncertainty.variants[run.variant];
            match &run.net_benefit {
                Ok(values) => {
                    json!({ "id": variant.id, "net_benefit": values.iter().map(|v| v.to_string()).collect::<Vec<_>>() })
                }
                Err(problem) => json!({ "id": variant.id, "invalid": problem.to_string() }),
            }
        })
        .collect();
    let value = json!({
        "schema_version": 1,
        "kind": "sensitivity",
        "scenario": scenario.name,
        "perspective": infos.get(result.perspective).map(|p| p.id.clone()),
        "alternatives": alternatives,
        "variants": variants,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// The probabilistic analysis as text in `layout`.
pub fn psa(scenario: &Scenario, result: &Psa, lang: Lang, layout: Layout) -> String {
    match layout {
        Layout::Json => psa_json(scenario, result),
        _ => document(&psa_page(scenario, result, lang, layout), layout),
    }
}

/// The probabilistic analysis as a [`Page`], its amounts written for `layout`.
pub fn psa_page(scenario: &Scenario, result: &Psa, lang: Lang, layout: Layout) -> Page {
    let infos = perspectives(scenario);
    let who = in_sentence(&label(&perspective_label(scenario, result.perspective), lang));
    let mut answer = Vec::new();
    let mut blocks = Vec::new();
    let draws = result.draws.len();
    for (a, summary) in result.alternatives.iter().enumerate() {
        let alt = label(&scenario.alternatives[a].label, lang);
        let Some(summary) = summary else {
            answer.push(pick(
                lang,
                &format!("{alt}: ingen dragning gav ett giltigt resultat."),
                &format!("{alt}: no draw gave a valid result."),
            ));
            continue;
        };
        let headline = &summary.perspectives[result.perspective];
        let n = &headline.net_benefit;
        answer.push(match lang {
            Lang::Sv => format!("{alt}: sannolikheten att nettonyttan för {who} är positiv är {} (medel {}, 90 % av dragningarna mellan {} och {}).", share(headline.probability_positive, lang), money_f64(n.mean, lang, layout), money_f64(n.p5, lang, layout), money_f64(n.p95, lang, layout)),
            Lang::En => format!("{alt}: the probability that the net benefit for {who} is positive is {} (mean {}, 90 % of draws between {} and {}).", share(headline.probability_positive, lang), money_f64(n.mean, lang, layout), money_f64(n.p5, lang, layout), money_f64(n.p95, lang, layout)),
        });
        let header = [
            pick(lang, "Perspektiv", "Perspective"),
            pick(lang, "Nettonytta, medel", "Net benefit, mean"),
            pick(lang, "Median", "Median"),
            "5 %".to_string(),
            "95 %".to_string(),
            pick(lang, "P(nettonytta > 0)", "P(net benefit > 0)"),
            pick(lang, "Avkastning per krona, medel", "Return per krona, mean"),
            pick(lang, "P(återbetald inom mandatperioden)", "P(paid back within the mandate)"),
            pick(lang, "P(återbetald inom horisonten)", "P(paid back within the horizon)"),
            pick(lang, "Återbetalningsår, medel", "Payback year, mean"),
        ];
        let rows = summary
            .perspectives
            .iter()
            .enumerate()
            .map(|(p, s)| {
                let spread = |x: &Spread| [x.mean, x.median, x.p5, x.p95].map(|v| money_f64(v, lang, layout));
                let [mean, median, p5, p95] = spread(&s.net_benefit);
                let ratio = s
                    .return_per_krona
                    .map_or("–".into(), |r| number(Decimal::from_f64(r.mean).unwrap_or_default(), 2, lang));
                let year = s
                    .mean_payback_year
                    .map_or("–".into(), |y| number(Decimal::from_f64(y).unwrap_or_default(), 1, lang));
                vec![
                    label(&infos[p].label, lang).into_owned(),
                    mean,
                    median,
                    p5,
                    p95,
                    share(s.probability_positive, lang),
                    ratio,
                    share(s.probability_payback_mandate, lang),
                    share(s.probability_payback_horizon, lang),
                    year,
                ]
            })
            .collect();
        blocks.push(Block { title: alt.to_string(), header: header.to_vec(), rows, shows: Shows::Summary(a) });
        if let Some(ce) = &summary.cost_effectiveness {
            let outcome = label(&scenario.model().outcomes[ce.outcome].label, lang);
            let mut rows = vec![
                vec![pick(lang, "Merkostnad, medel", "Extra cost, mean"), money_f64(ce.mean_cost, lang, layout)],
                vec![
                    format!("{}: {outcome}", pick(lang, "Vinst, medel", "Gain, mean")),
                    number(Decimal::from_f64(ce.mean_effect).unwrap_or_default(), 4, lang),
                ],
            ];
            if let Some(ratio) = ce.cost_per_unit {
                rows.push(vec![
                    pick(lang, "Kostnad per vunnen enhet (medel/medel)", "Cost per unit gained (mean/mean)"),
                    money_f64(ratio, lang, layout),
                ]);
            }
            for (wtp, p) in &ce.acceptability {
                rows.push(vec![
                    format!(
                        "{} {}",
                        pick(lang, "P(kostnadseffektiv) vid", "P(cost-effective) at"),
                        money(*wtp, lang, layout)
                    ),
                    share(*p, lang),
                ]);
            }
            blocks.push(Block {
                title: format!("{}: {alt}", pick(lang, "Kostnadseffektivitet", "Cost-effectiveness")),
                header: vec![String::new(), String::new()],
                rows,
                shows: Shows::CostEffectiveness(a),
            });
        }
    }
    let invalid = result.invalid();
    if invalid > 0 {
        answer.push(pick(
            lang,
            &format!("{invalid} av {draws} dragningar gav inget giltigt resultat och ingår inte."),
            &format!("{invalid} of {draws} draws gave no valid result and are left out."),
        ));
    }
    let title = pick(lang, "Probabilistisk känslighetsanalys", "Probabilistic sensitivity analysis");
    let subtitle =
        format!("{title}: {} ({draws} {}, seed {})", scenario.name, pick(lang, "dragningar", "draws"), result.seed);
    Page { title: subtitle, answer, blocks }
}

fn psa_json(scenario: &Scenario, result: &Psa) -> String {
    let infos = perspectives(scenario);
    let spread = |s: &Spread| json!({ "mean": s.mean, "median": s.median, "p5": s.p5, "p95": s.p95 });
    let alternatives: Vec<_> = result
        .alternatives
        .iter()
        .enumerate()
        .map(|(a, summary)| {
            let Some(summary) = summary else { return json!({ "id": scenario.alternatives[a].id, "valid_draws": 0 }) };
            json!({
                "id": scenario.alternatives[a].id,
                "perspectives": summary.perspectives.iter().enumerate().map(|(p, s)| json!({
                    "perspective": infos[p].id,
                    "net_benefit": spread(&s.net_benefit),
                    "probability_positive": s.probability_positive,
                    "return_per_krona": s.return_per_krona.as_ref().map(spread),
                    "probability_payback_mandate": s.probability_payback_mandate,
                    "probability_payback_horizon": s.probability_payback_horizon,
                    "mean_payback_year": s.mean_payback_year,
                })).collect::<Vec<_>>(),
                "cost_effectiveness": summary.cost_effectiveness.as_ref().map(|ce| json!({
                    "outcome": scenario.model().outcomes[ce.outcome].id,
                    "mean_extra_cost": ce.mean_cost,
                    "mean_gain": ce.mean_effect,
                    "acceptability": ce.acceptability.iter().map(|(w, p)| json!({ "willingness_to_pay": w.to_string(), "probability": p })).collect::<Vec<_>>(),
                })),
            })
        })
        .collect();
    let value = json!({
        "schema_version": 1,
        "kind": "psa",
        "scenario": scenario.name,
        "draws": result.draws.len(),
        "invalid_draws": result.invalid(),
        "seed": result.seed,
        "perspective": infos.get(result.perspective).map(|p| p.id.clone()),
        "parameters": result.sampled.iter().map(|&p| scenario.uncertainty.parameters[p].id.clone()).collect::<Vec<_>>(),
        "alternatives": alternatives,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

/// Every draw as CSV (`,`, decimal points): the values drawn, then per alternative the net
/// benefit of every perspective; an invalid draw has empty results and its reason.
pub fn draws_csv(scenario: &Scenario, result: &Psa) -> String {
    let infos = perspectives(scenario);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["draw".to_string()];
    header.extend(result.sampled.iter().map(|&p| scenario.uncertainty.parameters[p].id.clone()));
    for alt in &scenario.alternatives {
        header.extend(infos.iter().map(|p| format!("{}.net_benefit.{}", alt.id, p.id)));
    }
    header.push("invalid".into());
    let _ = writer.write_record(&header);
    for (index, draw) in result.draws.iter().enumerate() {
        let mut row = vec![index.to_string()];
        row.extend(draw.values.iter().map(|v| v.to_string()));
        match &draw.results {
            Ok(results) => {
                row.extend(results.iter().flat_map(|r| r.net_benefit.iter().map(|v| v.to_string())));
                row.push(String::new());
            }
            Err(problem) => {
                row.extend(std::iter::repeat_n(String::new(), scenario.alternatives.len() * infos.len()));
                row.push(crate::render::csv::text(&problem.to_string()));
            }
        }
        let _ = writer.write_record(&row);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Every draw as JSON.
pub fn draws_json(scenario: &Scenario, result: &Psa) -> String {
    let draws: Vec<_> = result
        .draws
        .iter()
        .enumerate()
        .map(|(index, draw)| match &draw.results {
            Ok(results) => json!({ "draw": index, "values": draw.values, "net_benefit": results.iter().map(|r| &r.net_benefit).collect::<Vec<_>>() }),
            Err(problem) => json!({ "draw": index, "values": draw.values, "invalid": problem.to_string() }),
        })
        .collect();
    let parameters: Vec<&str> =
        result.sampled.iter().map(|&p| scenario.uncertainty.parameters[p].id.as_str()).collect();
    let perspective_ids: Vec<String> = perspectives(scenario).into_iter().map(|p| p.id).collect();
    let value = json!({ "schema_version": 1, "seed": result.seed, "parameters": parameters, "perspectives": perspective_ids, "draws": draws });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}

fn document(page: &Page, layout: Layout) -> String {
    let Page { title, answer, blocks } = page;
    match layout {
        Layout::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            for block in blocks {
                let mut header = vec![crate::render::csv::text(&block.title)];
                header.extend(block.header.iter().cloned());
                let _ = writer.write_record(&header);
                for row in &block.rows {
                    let mut record = vec![String::new()];
                    record.extend(row.iter().map(|c| crate::render::csv::text(c)));
                    let _ = writer.write_record(&record);
                }
            }
            String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        Layout::Markdown => {
            let mut out = format!("# {title}\n\n");
            for line in answer {
                out.push_str(&format!("{line}\n\n"));
            }
            for block in blocks {
                out.push_str(&format!(
                    "## {}\n\n| {} |\n|{}\n",
                    block.title,
                    block.header.join(" | "),
                    "---|".repeat(block.header.len())
                ));
                for row in &block.rows {
                    out.push_str(&format!("| {} |\n", row.join(" | ").replace('\n', " ")));
                }
                out.push('\n');
            }
            out
        }
        Layout::Table | Layout::Json => {
            let mut out = format!("{title}\n\n");
            for line in answer {
                out.push_str(&format!("{line}\n"));
            }
            for block in blocks {
                let mut table = comfy_table::Table::new();
                table
                    .load_style(comfy_table::presets::UTF8_FULL_CONDENSED)
                    .force_no_tty()
                    .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
                    .set_width(super::terminal::WIDTH as u16);
                table.set_header(block.header.clone());
                for row in &block.rows {
                    table.add_row(row.clone());
                }
                out.push_str(&format!("\n{}\n{table}\n", block.title));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::in_sentence;

    #[test]
    fn a_label_inside_a_sentence_keeps_its_names() {
        assert_eq!(in_sentence("Offentlig sektor"), "offentlig sektor");
        assert_eq!(in_sentence("Region (county council)"), "region (county council)");
        assert_eq!(in_sentence("NHS"), "NHS");
        assert_eq!(in_sentence("EU:s socialfond"), "EU:s socialfond");
        assert_eq!(in_sentence("European Social Fund"), "European Social Fund");
    }
}
