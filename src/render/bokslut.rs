//! The accounts of an intervention (kalkyl och bokslut) as a document: the answer in words,
//! forecast against outcome, the fit per month, the value to date, the implied effect and the
//! updated appraisal; built once as sections of typed cells and presented in every format.

use super::chart::{Chart, Series, color};
use super::format::{Lang, kronor, number};
use super::labels::{Text, label};
use super::tables::{Grid, Section, Value, payback};
use super::uncertainty::pick;
use super::{ExportError, Format, html};
use crate::appraise::{Payback, Perspective};
use crate::bokslut::observed::Cohort;
use crate::bokslut::{Bokslut, CellResult};
use crate::domain::Scenario;
use crate::report::perspectives;
use rust_decimal::Decimal;
use serde_json::json;

/// Month `index` of the projection as `YYYY-MM` (or its 1-based number without a start date).
fn month(scenario: &Scenario, index: usize) -> String {
    scenario.calendar_month(index as u32).map_or_else(|| (index + 1).to_string(), |(y, m)| format!("{y}-{m:02}"))
}

/// The accounts in `format`.
pub fn render(scenario: &Scenario, result: &Bokslut, lang: Lang, format: Format) -> Result<Vec<u8>, ExportError> {
    let sections = sections(scenario, result, lang);
    match format {
        Format::Json => Ok(json_document(&sections).into_bytes()),
        Format::Html => Ok(page(scenario, result, &sections, lang)?.into_bytes()),
        _ => super::present_sections(&sections, &sections[0].title, lang, format),
    }
}

/// Every section, in reading order: the answer, the tables, how it was computed.
pub fn sections(scenario: &Scenario, result: &Bokslut, lang: Lang) -> Vec<Section> {
    let strategy = &scenario.alternatives[result.target.alternative];
    let intervention = &strategy.interventions[result.target.intervention];
    let title = format!(
        "{}: {} ({})",
        pick(lang, "Kalkyl och bokslut", "Forecast and accounts"),
        label(&intervention.label, lang),
        month(scenario, result.target.as_of)
    );
    vec![
        Section { id: "header", title, paragraphs: answer(scenario, result, lang), grids: vec![] },
        Section {
            id: "bokslut",
            title: pick(lang, "Resultat", "Results"),
            paragraphs: vec![],
            grids: vec![
                to_date(scenario, result, lang),
                updated(scenario, result, lang),
                outcome(scenario, result, lang),
                fit(scenario, result, lang),
            ],
        },
        Section {
            id: "method",
            title: pick(lang, "Så är det beräknat", "How it is computed"),
            paragraphs: method(result, lang),
            grids: vec![],
        },
    ]
}

fn answer(scenario: &Scenario, result: &Bokslut, lang: Lang) -> Vec<String> {
    let labels = perspectives(scenario);
    let as_of = month(scenario, result.target.as_of);
    let model = scenario.model();
    let mut spoken: Vec<usize> =
        (0..model.actors.len()).filter(|a| result.kalkyl[*a].investment > Decimal::ZERO).collect();
    spoken.push(Perspective::index(model, Perspective::Public));
    let mut out = Vec::new();
    for p in spoken {
        let value = &result.to_date[p];
        let who = super::uncertainty::in_sentence(&label(&labels[p].label, lang));
        let (realised, forecast) = (kronor(value.realised(), lang), kronor(value.forecast(), lang));
        out.push(match lang {
            Lang::Sv => format!(
                "Till och med {as_of}: nettonyttan för {who} är {realised} hittills, mot kalkylens {forecast} för samma månader."
            ),
            Lang::En => format!(
                "Up to {as_of}: the net benefit for {who} so far is {realised}, against the forecast's {forecast} for the same months."
            ),
        });
    }
    if let Some(implied) = &result.implied {
        let (m, w) = (number(implied.multiplier, 2, lang), number(implied.written, 2, lang));
        out.push(match lang {
            Lang::Sv => format!("Utfallet motsvarar effekten ×{m}; kalkylen antog ×{w}."),
            Lang::En => format!("The outcome implies the effect ×{m}; the forecast assumed ×{w}."),
        });
    }
    let public = Perspective::index(model, Perspective::Public);
    let (before, after) = (&result.kalkyl[public], &result.updated[public]);
    let back = |p: Payback| match (p, lang) {
        (Payback::Year(y), Lang::Sv) => format!("återbetald år {y}"),
        (Payback::Year(y), Lang::En) => format!("paid back in year {y}"),
        (Payback::NotWithinHorizon, Lang::Sv) => "inte återbetald inom horisonten".into(),
        (Payback::NotWithinHorizon, Lang::En) => "not paid back within the horizon".into(),
        (Payback::NoInvestment, Lang::Sv) => "utan investering".into(),
        (Payback::NoInvestment, Lang::En) => "with no investment".into(),
    };
    let (now, years, paid) = (kronor(after.net_benefit, lang), scenario.horizon_years, back(after.payback));
    let (then, then_paid) = (kronor(before.net_benefit, lang), back(before.payback));
    out.push(match lang {
        Lang::Sv => format!(
            "Uppdaterad kalkyl (utfallet hittills, sedan den implicita effekten): nettonyttan för offentlig sektor blir {now} över {years} år, {paid} (kalkylen: {then}, {then_paid})."
        ),
        Lang::En => format!(
            "Updated forecast (the outcome so far, then the implied effect): the net benefit for the public sector becomes {now} over {years} years, {paid} (forecast: {then}, {then_paid})."
        ),
    });
    out
}

fn to_date(scenario: &Scenario, result: &Bokslut, lang: Lang) -> Grid {
    let labels = perspectives(scenario);
    let header = [
        pick(lang, "Perspektiv", "Perspective"),
        pick(lang, "Undvikna kostnader, kalkyl", "Costs avoided, forecast"),
        pick(lang, "Insatsens kostnad, kalkyl", "Intervention cost, forecast"),
        pick(lang, "Nettonytta, kalkyl", "Net benefit, forecast"),
        pick(lang, "Undvikna kostnader, utfall", "Costs avoided, outcome"),
        pick(lang, "Insatsens kostnad, bokförd", "Intervention cost, booked"),
        pick(lang, "Nettonytta, utfall", "Net benefit, outcome"),
        pick(lang, "Utfall − kalkyl", "Outcome − forecast"),
    ];
    let rows = result
        .to_date
        .iter()
        .zip(&labels)
        .map(|(v, p)| {
            vec![
                Value::Text(label(&p.label, lang).into_owned()),
                Value::Money(v.avoided_forecast),
                Value::Money(v.cost_forecast),
                Value::Money(v.forecast()),
                Value::Money(v.avoided_realised),
                Value::Money(v.cost_realised),
                Value::Money(v.realised()),
                Value::Money(v.difference()),
            ]
        })
        .collect();
    let booked = match (&result.ledger, lang) {
        (Some(l), Lang::Sv) => format!("Insatsens kostnad enligt kostnadsliggaren ({} rader).", l.rows),
        (Some(l), Lang::En) => format!("Intervention cost from the cost ledger ({} rows).", l.rows),
        (None, Lang::Sv) => "Ingen kostnadsliggare: insatsens kostnad som i kalkylen.".into(),
        (None, Lang::En) => "No cost ledger: the intervention's cost as forecast.".into(),
    };
    Grid {
        id: "value_to_date",
        title: pick(
            lang,
            &format!(
                "Värde hittills, till och med {} (diskonterat, kr; positivt = vinst)",
                month(scenario, result.target.as_of)
            ),
            &format!(
                "Value to date, up to {} (discounted, SEK; positive = gain)",
                month(scenario, result.target.as_of)
            ),
        ),
        header: header.to_vec(),
        rows,
        note: Some(booked),
    }
}

fn updated(scenario: &Scenario, result: &Bokslut, lang: Lang) -> Grid {
    let labels = perspectives(scenario);
    let krona = |r: Option<Decimal>| r.map_or(Value::Empty, |r| Value::Number(r, 2));
    let rows = result
        .kalkyl
        .iter()
        .zip(&result.updated)
        .zip(&labels)
        .map(|((before, after), p)| {
            vec![
                Value::Text(label(&p.label, lang).into_owned()),
                Value::Money(before.net_benefit),
                Value::Money(after.net_benefit),
                krona(before.return_per_krona),
                krona(after.return_per_krona),
                payback(before.payback, lang),
                payback(after.payback, lang),
            ]
        })
        .collect();
    Grid {
        id: "updated",
        title: pick(
            lang,
            "Kalkylen och den uppdaterade kalkylen (hela horisonten, diskonterat)",
            "The forecast and the updated forecast (whole horizon, discounted)",
        ),
        header: vec![
            pick(lang, "Perspektiv", "Perspective"),
            pick(lang, "Nettonytta, kalkyl", "Net benefit, forecast"),
            pick(lang, "Nettonytta, uppdaterad", "Net benefit, updated"),
            pick(lang, "Avkastning per krona, kalkyl", "Return per krona, forecast"),
            pick(lang, "Avkastning per krona, uppdaterad", "Return per krona, updated"),
            pick(lang, "Återbetald år, kalkyl", "Payback year, forecast"),
            pick(lang, "Återbetald år, uppdaterad", "Payback year, updated"),
        ],
        rows,
        note: Some(pick(
            lang,
            "Uppdaterad: utfallet och de bokförda kostnaderna till och med bokslutsmånaden, därefter modellen med den implicita effekten.",
            "Updated: the outcome and the booked costs up to the accounts month, then the model with the implied effect.",
        )),
    }
}

fn cohort(cohort: Cohort, lang: Lang) -> String {
    match cohort {
        Cohort::Participants => pick(lang, "deltagare", "participants"),
        Cohort::Comparison => pick(lang, "jämförelsegrupp", "comparison group"),
    }
}

/// The headers of the columns [`cell_key`] fills.
fn cell_header(lang: Lang) -> [String; 3] {
    [pick(lang, "Kohort", "Cohort"), pick(lang, "Månad", "Month"), pick(lang, "Intag", "Intake")]
}

fn cell_key(scenario: &Scenario, cell: &CellResult, lang: Lang) -> [Value; 3] {
    let batch = cell.batch.map_or_else(|| pick(lang, "alla", "all"), |b| month(scenario, b));
    [Value::Text(cohort(cell.cohort, lang)), Value::Text(month(scenario, cell.month)), Value::Text(batch)]
}

fn outcome(scenario: &Scenario, result: &Bokslut, lang: Lang) -> Grid {
    let hundred = Decimal::ONE_HUNDRED;
    let rows = result
        .cells
        .iter()
        .flat_map(|cell| {
            cell.sets.iter().map(move |set| {
                let mut row = cell_key(scenario, cell, lang).to_vec();
                row.extend([
                    Value::Text(set.label.clone()),
                    Value::Number(set.observed, 1),
                    Value::Number(set.forecast, 1),
                    Value::Share(set.observed_share),
                    Value::Share(set.forecast_share),
                    Value::Number(set.difference() * hundred, 1),
                    Value::Share(set.fitted_share),
                ]);
                row
            })
        })
        .collect();
    Grid {
        id: "outcome",
        title: pick(lang, "Prognos mot utfall, per månad och grupp", "Forecast against outcome, per month and group"),
        header: cell_header(lang)
            .into_iter()
            .chain([
                pick(lang, "Grupp", "Group"),
                pick(lang, "Observerat", "Observed"),
                pick(lang, "Prognos", "Forecast"),
                pick(lang, "Andel observerad", "Share observed"),
                pick(lang, "Andel prognos", "Share forecast"),
                pick(lang, "Skillnad, procentenheter", "Difference, points"),
                pick(lang, "Andel med implicit effekt", "Share with implied effect"),
            ])
            .collect(),
        rows,
        note: Some(pick(
            lang,
            "Jämförelsegruppens prognos: modellen utan insatsens effekt, skalad till gruppens storlek.",
            "The comparison group's forecast: the model without the intervention's effect, scaled to the group's size.",
        )),
    }
}

fn fit(scenario: &Scenario, result: &Bokslut, lang: Lang) -> Grid {
    let rows = result
        .cells
        .iter()
        .map(|cell| {
            let mut row = cell_key(scenario, cell, lang).to_vec();
            row.extend([Value::Share(cell.distance), Value::Share(cell.fitted_distance)]);
            row
        })
        .collect();
    Grid {
        id: "fit",
        title: pick(
            lang,
            "Passning per månad: andel personer som modellen placerar i en annan grupp än observerat",
            "Fit per month: the share of people the model places in another group than observed",
        ),
        header: cell_header(lang)
            .into_iter()
            .chain([pick(lang, "Kalkylen", "Forecast"), pick(lang, "Med implicit effekt", "With implied effect")])
            .collect(),
        rows,
        note: Some(pick(
            lang,
            "Avstånd = halva summan av skillnaderna i andel per grupp (0 % = samma fördelning).",
            "Distance = half the sum of the absolute share differences per group (0 % = the same distribution).",
        )),
    }
}

fn method(result: &Bokslut, lang: Lang) -> Vec<String> {
    let mut out = vec![pick(
        lang,
        "En observation är antalet personer i början av månaden. Personer som räknats i en grupp fördelas på gruppens tillstånd som den anpassade modellen fördelar dem; månader, intag och tillstånd utan observation tar den anpassade modellens antal. Värdet är personernas kostnader per tillstånd och månad (kostnadsposter på tillstånd, inte engångskostnader vid övergångar), diskonterade per projektionsår, mot samma personer utan insatsens effekt.",
        "An observation is the number of people at the start of the month. People counted in a group are spread over its states as the fitted model spreads them; months, intakes and states not observed take the fitted model's numbers. The value is the people's costs per state and month (cost items on states, not one-off transition costs), discounted by projection year, against the same people without the intervention's effect.",
    )];
    if let Some(implied) = &result.implied {
        out.push(match lang {
            Lang::Sv => format!("Den implicita effekten är den multiplikator (sökt {}–{}) som minimerar summan av kvadrerade skillnader mellan observerade och modellerade andelar i varje observerad grupp och månad.", number(implied.range.0, 2, lang), number(implied.range.1, 2, lang)),
            Lang::En => format!("The implied effect is the multiplier (searched {}–{}) that minimises the sum of squared differences between observed and modelled shares of every observed group and month.", number(implied.range.0, 2, lang), number(implied.range.1, 2, lang)),
        });
    }
    if result.later > 0 {
        out.push(match lang {
            Lang::Sv => {
                format!("{} observationer efter bokslutsmånaden räknas inte men visas i tabellerna.", result.later)
            }
            Lang::En => format!(
                "{} observations after the accounts month are not counted but shown in the tables.",
                result.later
            ),
        });
    }
    out
}

fn json_value(value: &Value) -> serde_json::Value {
    match value {
        Value::Text(t) => json!(t),
        Value::Money(d) | Value::Number(d, _) | Value::Share(d) => json!(super::json::plain(*d)),
        Value::Year(y) => json!(y),
        Value::Empty => serde_json::Value::Null,
    }
}

/// The sections as JSON: exact decimals as strings, as in the run report's contract.
fn json_document(sections: &[Section]) -> String {
    let sections: Vec<serde_json::Value> = sections
        .iter()
        .map(|s| {
            let tables: Vec<serde_json::Value> = s
                .grids
                .iter()
                .map(|g| {
                    let rows: Vec<Vec<serde_json::Value>> =
                        g.rows.iter().map(|r| r.iter().map(json_value).collect()).collect();
                    json!({"id": g.id, "title": g.title, "header": g.header, "rows": rows, "note": g.note})
                })
                .collect();
            json!({"id": s.id, "title": s.title, "paragraphs": s.paragraphs, "tables": tables})
        })
        .collect();
    let document = json!({"format": "sekalk-bokslut", "version": 1, "sections": sections});
    format!("{}\n", serde_json::to_string_pretty(&document).unwrap_or_default())
}

fn page(scenario: &Scenario, result: &Bokslut, sections: &[Section], lang: Lang) -> Result<String, ExportError> {
    let mut body = String::new();
    for (index, section) in sections.iter().enumerate() {
        html::grids_section(&mut body, section, lang);
        if index == 0
            && let Some(chart) = chart(result, lang)
        {
            html::figure(&mut body, &chart, lang)?;
        }
    }
    Ok(html::skeleton(lang, &format!("sekalk – {}", scenario.name), "", &body))
}

/// Forecast against outcome: the share of participants in the most observed group, month by
/// month, as calculated, with the implied effect, and observed.
fn chart(result: &Bokslut, lang: Lang) -> Option<Chart> {
    let curve = result.curve.as_ref()?;
    let percent = |points: &[(usize, Decimal)]| -> Vec<(usize, Decimal)> {
        points.iter().map(|(m, v)| (m + 1, v * Decimal::ONE_HUNDRED)).collect()
    };
    let series = vec![
        Series {
            name: pick(lang, "Kalkylen", "Forecast"),
            points: percent(&curve.forecast),
            color: color(1),
            dashed: true,
        },
        Series {
            name: pick(lang, "Med implicit effekt", "With implied effect"),
            points: percent(&curve.fitted),
            color: color(0),
            dashed: false,
        },
        Series {
            name: pick(lang, "Utfall", "Outcome"),
            points: percent(&curve.observed),
            color: color(2),
            dashed: false,
        },
    ];
    Some(Chart {
        title: pick(
            lang,
            &format!("Andel av deltagarna i {} (%), prognos mot utfall", curve.label),
            &format!("Share of participants in {} (%), forecast against outcome", curve.label),
        ),
        money: false,
        series,
        across: Text::Month,
    })
}
