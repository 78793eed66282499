//! The reports of the sensitivity and probabilistic analyses: the answer first in words, then
//! the tables as typed cells ([`Grid`]), presented by the report's own formats (terminal,
//! Markdown, CSV in either dialect, xlsx) or as a JSON document of the analysis.

use super::format::{Lang, kronor};
use super::labels::label;
use super::tables::{Grid, Section, Value};
use super::{ExportError, Format};
use crate::analysis::psa::{Draws, Psa, Spread};
use crate::analysis::sensitivity::{Bar, Sensitivity, Switching};
use crate::domain::{Label, Scenario};
use crate::report::perspectives;
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use serde_json::json;

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

/// One table and what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The table, as typed cells.
    pub grid: Grid,
    /// What it shows.
    pub shows: Shows,
}

/// An analysis report: the title, the answer in sentences, then the tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The title.
    pub title: String,
    /// The answer, a sentence per alternative (and a note of invalid draws).
    pub answer: Vec<String>,
    /// The tables.
    pub blocks: Vec<Block>,
}

impl Page {
    /// The page in `format`, as the report's sections.
    fn present(&self, lang: Lang, format: Format) -> Result<Vec<u8>, ExportError> {
        super::present_sections(&self.sections(lang), &self.title, lang, format)
    }

    /// The page as the report's sections: the answer under the title, then the tables.
    pub fn sections(&self, lang: Lang) -> Vec<Section> {
        let tables = Section {
            id: "analysis",
            title: pick(lang, "Tabeller", "Tables"),
            paragraphs: vec![],
            grids: self.blocks.iter().map(|b| b.grid.clone()).collect(),
        };
        vec![
            Section { id: "answer", title: self.title.clone(), paragraphs: self.answer.clone(), grids: vec![] },
            tables,
        ]
    }
}

pub(super) fn pick(lang: Lang, sv: &str, en: &str) -> String {
    match lang {
        Lang::Sv => sv.to_string(),
        Lang::En => en.to_string(),
    }
}

/// An analysis's `f64` figure as the decimal a table shows (zero for one that is not finite).
fn exact(value: f64) -> Decimal {
    Decimal::from_f64(value).unwrap_or_default()
}

fn money_f64(value: f64) -> Value {
    Value::Money(exact(value))
}

fn share(value: f64) -> Value {
    Value::Share(exact(value))
}

fn number_f64(value: f64, places: u32) -> Value {
    Value::Number(exact(value), places)
}

/// A share as a percentage in a sentence, as the tables show it (one decimal).
fn percent(value: f64, lang: Lang) -> String {
    super::tables::display(&share(value), lang)
}

/// An amount in a sentence.
fn kronor_f64(value: f64, lang: Lang) -> String {
    kronor(exact(value), lang)
}

/// Why a run gave no result, in a cell.
fn invalid(problem: &crate::analysis::RunProblem, lang: Lang) -> Value {
    Value::Text(format!("{}: {problem}", pick(lang, "ogiltigt (skälet på engelska)", "invalid")))
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

/// The one-way analysis in `format` (JSON as the analysis' own document; html is
/// [`super::uncertainty_html::sensitivity`]).
pub fn sensitivity(
    scenario: &Scenario,
    result: &Sensitivity,
    lang: Lang,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Json => Ok(sensitivity_json(scenario, result).into_bytes()),
        Format::Html => Ok(super::uncertainty_html::sensitivity(scenario, result, lang).into_bytes()),
        _ => sensitivity_page(scenario, result, lang).present(lang, format),
    }
}

/// The one-way analysis as a [`Page`].
pub fn sensitivity_page(scenario: &Scenario, result: &Sensitivity, lang: Lang) -> Page {
    let who = in_sentence(&label(&perspective_label(scenario, result.perspective), lang));
    let mut answer = Vec::new();
    let mut blocks = Vec::new();
    let together = drawn_together_note(scenario, &result.together, lang);
    for (a, bars) in result.tornado.iter().enumerate() {
        let alt = label(&scenario.alternatives[a].label, lang);
        let base = kronor(result.base[a], lang);
        let id = |bar: &Bar| scenario.uncertainty.parameters[bar.parameter].id.as_str();
        let top = bars.iter().find_map(|b| b.swing().filter(|s| !s.is_zero()).map(|s| (id(b), kronor(s, lang))));
        let unknown: Vec<String> =
            bars.iter().filter(|b| b.swing().is_none()).map(|b| format!("`{}`", id(b))).collect();
        let qualifier = qualifier(unknown.is_empty(), together.is_some(), lang);
        let mut sentence = match (top, lang) {
            (Some((id, swing)), Lang::Sv) => format!(
                "{alt}: nettonyttan för {who} är {base} i grundfallet; mest avgör `{id}`, som flyttar den {swing} mellan lågt och högt värde."
            ),
            (Some((id, swing)), Lang::En) => format!(
                "{alt}: the net benefit for {who} is {base} in the base case; `{id}` matters most, moving it by {swing} between its low and high value."
            ),
            (None, Lang::Sv) => format!(
                "{alt}: nettonyttan för {who} är {base} i grundfallet; inget osäkert värde {qualifier}ändrar den."
            ),
            (None, Lang::En) => format!(
                "{alt}: the net benefit for {who} is {base} in the base case; no uncertain value {qualifier}changes it."
            ),
        };
        if !unknown.is_empty() {
            let list = unknown.join(", ");
            sentence += &match lang {
                Lang::Sv => format!(
                    " Okänt hur mycket {list} avgör: kalkylen går inte att räkna i ena änden av intervallet (se tabellen)."
                ),
                Lang::En => format!(
                    " How much {list} matters is not known: the calculation cannot be run at an end of the range (see the table)."
                ),
            };
        }
        answer.push(sentence);
        blocks.push(tornado_block(scenario, (a, &alt), bars, lang));
    }
    answer.extend(together);
    if !result.variants.is_empty() {
        blocks.push(variants_block(scenario, result, lang));
    }
    let title = pick(lang, "Känslighetsanalys", "Sensitivity analysis");
    Page { title: format!("{title}: {}", scenario.name), answer, blocks }
}

fn tornado_block(scenario: &Scenario, (a, alt): (usize, &str), bars: &[Bar], lang: Lang) -> Block {
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
        Ok(v) => Value::Money(*v),
        Err(problem) => invalid(problem, lang),
    };
    let rows = bars
        .iter()
        .map(|bar| {
            let parameter = &scenario.uncertainty.parameters[bar.parameter];
            let switching = match &bar.switching {
                Switching::At(value) => Value::Number(*value, 6),
                Switching::NoneInRange => Value::Text(pick(lang, "inget i intervallet", "none in range")),
                Switching::NoWidth => Value::Text(pick(lang, "ingen bredd", "no width")),
                Switching::EndNotRun => Value::Text(pick(lang, "okänt (en ände ogiltig)", "unknown (an end invalid)")),
            };
            vec![
                Value::Text(format!("{} ({})", label(&parameter.label, lang), parameter.id)),
                Value::Number(bar.low, 6),
                Value::Number(bar.high, 6),
                at(&bar.at_low),
                at(&bar.at_high),
                bar.swing().map_or_else(|| Value::Text(pick(lang, "okänd", "unknown")), Value::Money),
                switching,
            ]
        })
        .collect();
    let grid = Grid {
        id: "tornado",
        title: format!("{}: {alt}", pick(lang, "Tornado, nettonytta i kr", "Tornado, net benefit in SEK")),
        header: header.to_vec(),
        rows,
        note: None,
    };
    Block { grid, shows: Shows::Tornado(a) }
}

fn variants_block(scenario: &Scenario, result: &Sensitivity, lang: Lang) -> Block {
    let mut header = vec![pick(lang, "Fall", "Case")];
    header.extend(scenario.alternatives.iter().map(|a| label(&a.label, lang).into_owned()));
    let base = std::iter::once(Value::Text(pick(lang, "Grundfall", "Base case")));
    let mut rows = vec![base.chain(result.base.iter().map(|v| Value::Money(*v))).collect::<Vec<_>>()];
    for run in &result.variants {
        let variant = &scenario.uncertainty.variants[run.variant];
        let mut row = vec![Value::Text(label(&variant.label, lang).into_owned())];
        match &run.net_benefit {
            Ok(values) => row.extend(values.iter().map(|v| Value::Money(*v))),
            Err(problem) => row.extend(scenario.alternatives.iter().map(|_| invalid(problem, lang))),
        }
        rows.push(row);
    }
    let title = pick(lang, "Nettonytta per fall, kr", "Net benefit per case, SEK");
    Block { grid: Grid { id: "variants", title, header, rows, note: None }, shows: Shows::Variants }
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
                    "swing": bar.swing().map(|s| s.to_string()),
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

/// The probabilistic analysis in `format` (JSON as the analysis' own document; html is
/// [`super::uncertainty_html::psa`]).
pub fn psa(scenario: &Scenario, result: &Psa, lang: Lang, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Json => Ok(psa_json(scenario, result).into_bytes()),
        Format::Html => Ok(super::uncertainty_html::psa(scenario, result, lang).into_bytes()),
        _ => psa_page(scenario, result, lang).present(lang, format),
    }
}

/// The probabilistic analysis as a [`Page`].
pub fn psa_page(scenario: &Scenario, result: &Psa, lang: Lang) -> Page {
    let who = in_sentence(&label(&perspective_label(scenario, result.perspective), lang));
    let mut answer = Vec::new();
    let mut blocks = Vec::new();
    let (draws, invalid) = (result.draws.len(), result.invalid());
    // When draws were left out, the headlines' figures are of the valid ones only, and say so.
    let valid = draws - invalid;
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
        let (p, n) = (percent(headline.probability_positive, lang), &headline.net_benefit);
        let [mean, p5, p95] = [n.mean, n.p5, n.p95].map(|v| kronor_f64(v, lang));
        answer.push(match (lang, valid == draws) {
            (Lang::Sv, true) => format!("{alt}: sannolikheten att nettonyttan för {who} är positiv är {p} (medel {mean}, 90 % av dragningarna mellan {p5} och {p95})."),
            (Lang::En, true) => format!("{alt}: the probability that the net benefit for {who} is positive is {p} (mean {mean}, 90 % of draws between {p5} and {p95})."),
            (Lang::Sv, false) => format!("{alt}: i de {valid} giltiga dragningarna av {draws} är sannolikheten att nettonyttan för {who} är positiv {p} (medel {mean}, 90 % av dem mellan {p5} och {p95})."),
            (Lang::En, false) => format!("{alt}: in the {valid} valid draws of {draws}, the probability that the net benefit for {who} is positive is {p} (mean {mean}, 90 % of them between {p5} and {p95})."),
        });
        blocks.push(summary_block(scenario, (a, &alt), summary, lang));
        if let Some(ce) = &summary.cost_effectiveness {
            blocks.push(cost_effectiveness_block(scenario, (a, &alt), ce, lang));
        }
    }
    if let Some((first, problem)) = result.draws.first_problem() {
        answer.push(pick(
            lang,
            &format!("{invalid} av {draws} dragningar gav inget giltigt resultat och ingår inte. Skälet för den första (dragning {first}; `--export-draws` ger skälet för var och en), på engelska: {problem}."),
            &format!("{invalid} of {draws} draws gave no valid result and are left out. The first (draw {first} in `--export-draws`, which gives each one's reason): {problem}."),
        ));
    }
    let title = pick(lang, "Probabilistisk känslighetsanalys", "Probabilistic sensitivity analysis");
    let noun = if draws == 1 { pick(lang, "dragning", "draw") } else { pick(lang, "dragningar", "draws") };
    let subtitle = format!("{title}: {} ({draws} {noun}, seed {})", scenario.name, result.seed);
    Page { title: subtitle, answer, blocks }
}

/// What "no uncertain value … changes it" is said of: those whose effect is known when some
/// is not, those that can change on their own when some cannot, else every one.
fn qualifier(all_known: bool, some_together: bool, lang: Lang) -> String {
    match (all_known, some_together) {
        (false, _) => pick(lang, "med känd effekt ", "whose effect is known "),
        (true, true) => pick(lang, "som kan ändras för sig ", "that can change on its own "),
        (true, false) => String::new(),
    }
}

/// That the tornado leaves out the parameters `together` because they are drawn together with
/// others ([`Sensitivity::together`]), and where their effect is shown.
fn drawn_together_note(scenario: &Scenario, together: &[usize], lang: Lang) -> Option<String> {
    let ids: Vec<String> = together.iter().map(|&p| format!("`{}`", scenario.uncertainty.parameters[p].id)).collect();
    let list = (!ids.is_empty()).then(|| ids.join(", "))?;
    Some(pick(
        lang,
        &format!(
            "{list} dras tillsammans (andelar som summerar till ett) och kan inte ändras ett i taget, så de har ingen stapel här: `sekalk psa` visar hur mycket de avgör."
        ),
        &format!(
            "{list} are drawn together (shares that add up to one) and cannot change one at a time, so they have no bar here: `sekalk psa` shows how much they matter."
        ),
    ))
}

/// The spread of alternative `a`'s results per perspective.
fn summary_block(
    scenario: &Scenario,
    (a, alt): (usize, &str),
    summary: &crate::analysis::psa::AlternativeSummary,
    lang: Lang,
) -> Block {
    let infos = perspectives(scenario);
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
            let spread = |x: &Spread| [x.mean, x.median, x.p5, x.p95].map(money_f64);
            let [mean, median, p5, p95] = spread(&s.net_benefit);
            vec![
                Value::Text(label(&infos[p].label, lang).into_owned()),
                mean,
                median,
                p5,
                p95,
                share(s.probability_positive),
                s.return_per_krona.map_or(Value::Empty, |r| number_f64(r.mean, 2)),
                s.probability_payback_mandate.map_or(Value::Empty, share),
                s.probability_payback_horizon.map_or(Value::Empty, share),
                s.mean_payback_year.map_or(Value::Empty, |y| number_f64(y, 1)),
            ]
        })
        .collect();
    let title =
        format!("{alt}: {}", pick(lang, "nettonytta i kr över dragningarna", "net benefit in SEK over the draws"));
    Block {
        grid: Grid { id: "psa_summary", title, header: header.to_vec(), rows, note: None },
        shows: Shows::Summary(a),
    }
}

/// The cost-effectiveness of alternative `a`: mean extra cost and gain, and the acceptability
/// curve.
fn cost_effectiveness_block(
    scenario: &Scenario,
    (a, alt): (usize, &str),
    ce: &crate::analysis::psa::CostEffectiveness,
    lang: Lang,
) -> Block {
    let outcome = label(&scenario.model().outcomes[ce.outcome].label, lang);
    let text = |t: String| Value::Text(t);
    let mut rows = vec![
        vec![text(pick(lang, "Merkostnad, medel, kr", "Extra cost, mean, SEK")), money_f64(ce.mean_cost)],
        vec![text(format!("{}: {outcome}", pick(lang, "Vinst, medel", "Gain, mean"))), number_f64(ce.mean_effect, 4)],
    ];
    if let Some(ratio) = ce.cost_per_unit {
        let what = pick(lang, "Kostnad per vunnen enhet (medel/medel), kr", "Cost per unit gained (mean/mean), SEK");
        rows.push(vec![text(what), money_f64(ratio)]);
    }
    for (wtp, p) in &ce.acceptability {
        let at = pick(lang, "P(kostnadseffektiv) vid", "P(cost-effective) at");
        rows.push(vec![text(format!("{at} {}", kronor(*wtp, lang))), share(*p)]);
    }
    let grid = Grid {
        id: "cost_effectiveness",
        title: format!("{}: {alt}", pick(lang, "Kostnadseffektivitet", "Cost-effectiveness")),
        header: vec![pick(lang, "Mått", "Measure"), pick(lang, "Värde", "Value")],
        rows,
        note: None,
    };
    Block { grid, shows: Shows::CostEffectiveness(a) }
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
        "first_invalid_draw": result.draws.first_problem().map(|(draw, problem)| json!({ "draw": draw, "reason": problem.to_string() })),
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
    let draws = &result.draws;
    for index in 0..draws.len() {
        let mut row = vec![index.to_string()];
        row.extend(draws.values(index).iter().map(|v| v.to_string()));
        match draws.results(index) {
            Ok(results) => {
                row.extend(results.flat_map(|r| r.perspectives.iter().map(|f| f.net_benefit.to_string())));
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

/// Every draw as JSON: written from the draws as they are, not built as a tree of values
/// first, so a million draws take the memory of their text only.
pub fn draws_json(scenario: &Scenario, result: &Psa) -> String {
    let export = DrawsExport {
        draws: DrawRows(&result.draws),
        parameters: result.sampled.iter().map(|&p| scenario.uncertainty.parameters[p].id.as_str()).collect(),
        perspectives: perspectives(scenario).into_iter().map(|p| p.id).collect(),
        schema_version: 1,
        seed: result.seed,
    };
    serde_json::to_string_pretty(&export).unwrap_or_default() + "\n"
}

/// The JSON export of the draws (its keys in alphabetical order, as the reports' JSON has them).
#[derive(serde::Serialize)]
struct DrawsExport<'a> {
    draws: DrawRows<'a>,
    parameters: Vec<&'a str>,
    perspectives: Vec<String>,
    schema_version: u32,
    seed: u64,
}

/// The draws, one [`DrawRow`] each, serialised one at a time.
struct DrawRows<'a>(&'a Draws);

impl serde::Serialize for DrawRows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let draws = self.0;
        serializer.collect_seq((0..draws.len()).map(|draw| {
            let (net_benefit, invalid) = match draws.results(draw) {
                Ok(results) => {
                    (Some(results.map(|r| r.perspectives.iter().map(|f| f.net_benefit).collect()).collect()), None)
                }
                Err(problem) => (None, Some(problem.to_string())),
            };
            DrawRow { draw, invalid, net_benefit, values: draws.values(draw) }
        }))
    }
}

/// One draw: its values, and its net benefit per alternative and perspective or why it has none.
#[derive(serde::Serialize)]
struct DrawRow<'a> {
    draw: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    net_benefit: Option<Vec<Vec<f64>>>,
    values: &'a [f64],
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
