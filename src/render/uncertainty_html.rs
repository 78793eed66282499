//! The reports of the sensitivity and probabilistic analyses as self-contained HTML pages: the
//! answer first in words, then the tables of the other formats ([`super::uncertainty`]) with
//! a chart beside each: a tornado per alternative for the one-way analysis, a histogram of the
//! net benefit and the acceptability curve for the probabilistic one.
//!
//! The pages follow [`super::html`]: inline CSS, no script, nothing from outside, every text
//! from an input file HTML-escaped. The charts are inline SVG drawn with plotters as in
//! [`super::chart`]; the only text a user wrote that is drawn into a chart (a parameter's
//! label) is made visible with [`crate::escape::inline`] first and escaped by the SVG backend.
//! Nothing here panics on odd results: no draws, only invalid draws, one draw or values that
//! are not finite give a page that says so instead of a chart.

use super::chart::{inline_svg, places, tick};
use super::format::Lang;
use super::html::esc;
use super::labels::label;
use super::uncertainty::{self, Page, Shows};
use crate::analysis::psa::Psa;
use crate::analysis::sensitivity::Sensitivity;
use crate::domain::Scenario;
use crate::escape;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

/// Width of a chart in CSS pixels (as [`super::chart::WIDTH`]).
const WIDTH: u32 = super::chart::WIDTH;
/// Height of a histogram or an acceptability curve.
const HEIGHT: u32 = 260;
/// Bins of a histogram.
const BINS: usize = 30;
/// The longest parameter label drawn beside a tornado bar, in characters.
const LABEL_CHARS: usize = 28;
/// Bar colour (Okabe–Ito blue, as the first series of [`super::chart`]).
const BAR: RGBColor = RGBColor(0, 114, 178);
/// Colour of a marked reference line (Okabe–Ito vermillion).
const MARK: RGBColor = RGBColor(213, 94, 0);

/// What these pages change in the report page's style: a smaller answer (a sentence per
/// alternative), and long ids in cells broken anywhere.
const STYLE: &str = ".answer p { font-size: 12pt; }\nth, td { overflow-wrap: anywhere; }\n";

/// The one-way analysis as one HTML page: the answer, then per alternative its tornado chart
/// (one bar per parameter from the net benefit at its low end to that at its high end, widest
/// first, a line at the base case) and table, then the variants.
pub fn sensitivity(scenario: &Scenario, result: &Sensitivity, lang: Lang) -> String {
    let page = uncertainty::sensitivity_page(scenario, result, lang);
    let mut body = String::new();
    heading(&page, &mut body);
    for block in &page.blocks {
        let _ = writeln!(body, "<section>\n<h2>{}</h2>", esc(&block.grid.title));
        if let Shows::Tornado(index) = block.shows {
            body.push_str(&tornado_figure(scenario, result, index, lang));
        }
        super::html::grid_tables(&mut body, &block.grid, lang);
        body.push_str("</section>\n");
    }
    super::html::skeleton(lang, &page.title, STYLE, &body)
}

/// The probabilistic analysis as one HTML page: the answer, then per alternative its table, a
/// histogram of the net benefit of the headline perspective over the valid draws (with a line
/// at zero) and, where the scenario names an outcome for it, the acceptability curve.
pub fn psa(scenario: &Scenario, result: &Psa, lang: Lang) -> String {
    let page = uncertainty::psa_page(scenario, result, lang);
    let shown = |shows: Shows| page.blocks.iter().find(|b| b.shows == shows);
    let mut body = String::new();
    heading(&page, &mut body);
    for (a, summary) in result.alternatives.iter().enumerate() {
        let alt = scenario.alternatives.get(a).map(|x| label(&x.label, lang).into_owned()).unwrap_or_default();
        let Some(summary) = summary else {
            let _ = writeln!(
                body,
                "<section>\n<h2>{}</h2>\n<p class=\"note\">{}</p>\n</section>",
                esc(&alt),
                pick(lang, "Ingen dragning gav ett giltigt resultat.", "No draw gave a valid result.")
            );
            continue;
        };
        let block = shown(Shows::Summary(a));
        let title = block.map_or(alt.as_str(), |b| b.grid.title.as_str());
        let _ = writeln!(body, "<section>\n<h2>{}</h2>", esc(title));
        body.push_str(&histogram_figure(result, a, lang));
        if let Some(block) = block {
            super::html::grid_tables(&mut body, &block.grid, lang);
        }
        if let Some(ce) = &summary.cost_effectiveness {
            body.push_str(&acceptability_figure(&ce.acceptability, &alt, lang));
            if let Some(block) = shown(Shows::CostEffectiveness(a)) {
                let _ = writeln!(body, "<h2>{}</h2>", esc(&block.grid.title));
                super::html::grid_tables(&mut body, &block.grid, lang);
            }
        }
        body.push_str("</section>\n");
    }
    super::html::skeleton(lang, &page.title, STYLE, &body)
}

fn pick(lang: Lang, sv: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// The title and the answer.
fn heading(page: &Page, out: &mut String) {
    let _ = writeln!(out, "<header>\n<h1>{}</h1>\n</header>", esc(&page.title));
    out.push_str("<section class=\"answer\">\n");
    for line in &page.answer {
        let _ = writeln!(out, "<p>{}</p>", code_spans(line));
    }
    out.push_str("</section>\n");
}

/// A sentence escaped, with its `id`s as `<code>`.
fn code_spans(text: &str) -> String {
    let escaped = esc(text);
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escaped;
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(if i % 2 == 1 { "<code>" } else { "</code>" });
        }
        out.push_str(part);
    }
    out
}

/// A figure: the caption, the chart (or a note of why there is none), an explanation.
fn figure(kind: &str, caption: &str, svg: Result<String, String>, note: &str, count: usize) -> String {
    let caption = esc(caption);
    let mut out = format!(
        "<figure class=\"{kind}\" data-items=\"{count}\" role=\"img\" aria-label=\"{caption}\">\n<figcaption>{caption}</figcaption>\n"
    );
    match svg {
        Ok(svg) => {
            out.push_str(&svg);
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
        Err(why) => {
            let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(&why));
        }
    }
    let _ = writeln!(out, "<p class=\"note\">{}</p>\n</figure>", esc(note));
    out
}

/// The unit an axis shows amounts in: (kronor per unit, its name), as the report's charts.
fn money_unit(largest: f64, lang: Lang) -> (f64, &'static str) {
    match (largest >= 1e6, largest >= 1e4, lang) {
        (true, _, Lang::Sv) => (1e6, "mnkr"),
        (true, _, Lang::En) => (1e6, "SEK million"),
        (false, true, Lang::Sv) => (1e3, "tkr"),
        (false, true, Lang::En) => (1e3, "SEK thousand"),
        (false, false, Lang::Sv) => (1.0, "kr"),
        (false, false, Lang::En) => (1.0, "SEK"),
    }
}

/// A range that holds `low..high` and zero, finite and never empty, with a little room.
fn padded(low: f64, high: f64, with_zero: bool) -> std::ops::Range<f64> {
    let (mut low, mut high) = if low.is_finite() && high.is_finite() && low <= high { (low, high) } else { (0.0, 0.0) };
    if with_zero {
        low = low.min(0.0);
        high = high.max(0.0);
    }
    if high - low <= 0.0 {
        let room = (high.abs() * 0.1).max(1.0);
        return (low - room)..(high + room);
    }
    let room = (high - low) * 0.05;
    (low - room)..(high + room)
}

/// One bar of a tornado ready to draw, in axis units.
struct TornadoBar {
    name: String,
    ends: Option<(f64, f64)>,
}

fn tornado_figure(scenario: &Scenario, result: &Sensitivity, a: usize, lang: Lang) -> String {
    // Widest first, as the analysis sorts them.
    let bars: Vec<_> = result.tornado[a].iter().collect();
    let base = result.base.get(a).and_then(|b| b.to_f64()).unwrap_or(0.0);
    let ends: Vec<Option<(f64, f64)>> = bars
        .iter()
        .map(|bar| match (&bar.at_low, &bar.at_high) {
            (Ok(low), Ok(high)) => {
                Some((low.to_f64()?, high.to_f64()?)).filter(|(l, h)| l.is_finite() && h.is_finite())
            }
            _ => None,
        })
        .collect();
    let largest = ends.iter().flatten().flat_map(|&(l, h)| [l.abs(), h.abs()]).fold(base.abs(), f64::max);
    let (scale, unit) = money_unit(largest, lang);
    let drawn: Vec<TornadoBar> = bars
        .iter()
        .zip(&ends)
        .map(|(bar, ends)| {
            let name = scenario
                .uncertainty
                .parameters
                .get(bar.parameter)
                .map(|p| {
                    let text = label(&p.label, lang);
                    let shown = escape::inline(if text.is_empty() { &p.id } else { &text }).into_owned();
                    match escape::clip(&shown, LABEL_CHARS) {
                        (cut, true) => format!("{cut}…"),
                        (all, false) => all.to_string(),
                    }
                })
                .unwrap_or_default();
            TornadoBar { name, ends: ends.map(|(l, h)| (l / scale, h / scale)) }
        })
        .collect();
    let alt = scenario.alternatives.get(a).map(|x| label(&x.label, lang).into_owned()).unwrap_or_default();
    let caption = format!("{}: {alt}", pick(lang, "Tornadodiagram", "Tornado chart"));
    let note = pick(
        lang,
        "Varje stapel går från nettonyttan med parametern på sitt låga värde till den med parametern på sitt höga; den lodräta linjen är grundfallet.",
        "Each bar runs from the net benefit with the parameter at its low value to that at its high value; the vertical line is the base case.",
    );
    let count = drawn.iter().filter(|b| b.ends.is_some()).count();
    let svg = if drawn.is_empty() {
        Err(pick(lang, "Inga osäkra parametrar.", "No uncertain parameters.").to_string())
    } else {
        let mut out = String::new();
        draw_tornado(&mut out, &drawn, base / scale, unit, lang)
            .map(|()| inline_svg(out))
            .map_err(|e| format!("{}: {e}", pick(lang, "diagrammet kunde inte ritas", "the chart could not be drawn")))
    };
    figure("tornado", &caption, svg, note, count)
}

fn draw_tornado(
    out: &mut String,
    bars: &[TornadoBar],
    base: f64,
    unit: &str,
    lang: Lang,
) -> Result<(), Box<dyn std::error::Error>> {
    let rows = bars.len();
    let height = (rows as u32 * 26 + 70).min(2000);
    let values = bars.iter().filter_map(|b| b.ends).flat_map(|(l, h)| [l, h]).chain([base]);
    let low = values.clone().fold(f64::INFINITY, f64::min);
    let high = values.fold(f64::NEG_INFINITY, f64::max);
    let x_range = padded(low, high, false);
    let x_places = places(x_range.end - x_range.start);
    let root = SVGBackend::with_string(out, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut plot = ChartBuilder::on(&root)
        .margin(12)
        .margin_right(18)
        .x_label_area_size(38)
        .y_label_area_size(190)
        .build_cartesian_2d(x_range.clone(), 0.0..rows as f64)?;
    let x_label = |x: &f64| tick(*x, x_places, lang);
    plot.configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(7)
        .x_label_formatter(&x_label)
        .x_desc(format!("{}, {unit}", pick(lang, "Nettonytta", "Net benefit")))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 14))
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT)
        .draw()?;
    for (i, bar) in bars.iter().enumerate() {
        let top = (rows - i) as f64 - 0.2;
        let bottom = (rows - i) as f64 - 0.8;
        if let Some((l, h)) = bar.ends {
            let (left, right) = (l.min(h), l.max(h));
            // A bar with no width is drawn a hair wide so that it shows.
            let hair = (x_range.end - x_range.start) * 0.002;
            let right = if right - left < hair { left + hair } else { right };
            plot.draw_series(std::iter::once(Rectangle::new([(left, bottom), (right, top)], BAR.filled())))?;
        }
        let (px, py) = plot.backend_coord(&(x_range.start, (rows - i) as f64 - 0.5));
        let style = TextStyle::from(("sans-serif", 13).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new(bar.name.clone(), (px - 8, py), style))?;
    }
    plot.draw_series(LineSeries::new([(base, 0.0), (base, rows as f64)], MARK.stroke_width(2)))?;
    root.present()?;
    Ok(())
}

fn histogram_figure(result: &Psa, a: usize, lang: Lang) -> String {
    let values: Vec<f64> = result
        .draws
        .valid(a)
        .filter_map(|r| r.perspectives.get(result.perspective).map(|f| f.net_benefit))
        .filter(|v| v.is_finite())
        .collect();
    let caption = pick(lang, "Nettonyttan över dragningarna", "The net benefit over the draws");
    let count = values.len();
    let valid = if count == 1 {
        pick(lang, "giltig dragning", "valid draw")
    } else {
        pick(lang, "giltiga dragningar", "valid draws")
    };
    let zero = pick(lang, "den lodräta linjen är noll", "the vertical line is zero");
    let note = format!("{count} {valid}; {zero}.");
    let svg = if values.is_empty() {
        Err(pick(lang, "Ingen giltig dragning att visa.", "No valid draw to show.").to_string())
    } else {
        let mut out = String::new();
        draw_histogram(&mut out, &values, lang)
            .map(|()| inline_svg(out))
            .map_err(|e| format!("{}: {e}", pick(lang, "diagrammet kunde inte ritas", "the chart could not be drawn")))
    };
    figure("histogram", caption, svg, &note, values.len())
}

fn draw_histogram(out: &mut String, values: &[f64], lang: Lang) -> Result<(), Box<dyn std::error::Error>> {
    let largest = values.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let (scale, unit) = money_unit(largest, lang);
    let low = values.iter().copied().fold(f64::INFINITY, f64::min) / scale;
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max) / scale;
    let (start, width) = if high > low {
        (low, (high - low) / BINS as f64)
    } else {
        let room = (low.abs() * 0.05).max(0.5);
        (low - room, 2.0 * room / BINS as f64)
    };
    let mut counts = [0_usize; BINS];
    for v in values {
        let bin = (((v / scale - start) / width).floor().max(0.0) as usize).min(BINS - 1);
        counts[bin] += 1;
    }
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    let x_range = padded(start, start + width * BINS as f64, true);
    let x_places = places(x_range.end - x_range.start);
    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut plot = ChartBuilder::on(&root)
        .margin(12)
        .margin_right(18)
        .x_label_area_size(38)
        .y_label_area_size(60)
        .build_cartesian_2d(x_range, 0.0..most as f64 * 1.08)?;
    let x_label = |x: &f64| tick(*x, x_places, lang);
    let y_label = |y: &f64| if (y - y.round()).abs() < 1e-9 { tick(*y, 0, lang) } else { String::new() };
    plot.configure_mesh()
        .x_labels(7)
        .y_labels(6)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .x_desc(format!("{}, {unit}", pick(lang, "Nettonytta", "Net benefit")))
        .y_desc(pick(lang, "Dragningar", "Draws"))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 14))
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT)
        .draw()?;
    plot.draw_series(counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(i, &c)| {
        let left = start + width * i as f64;
        Rectangle::new([(left, 0.0), (left + width, c as f64)], BAR.mix(0.85).filled())
    }))?;
    plot.draw_series(LineSeries::new([(0.0, 0.0), (0.0, most as f64 * 1.08)], MARK.stroke_width(2)))?;
    root.present()?;
    Ok(())
}

fn acceptability_figure(curve: &[(Decimal, f64)], alt: &str, lang: Lang) -> String {
    let points: Vec<(f64, f64)> = curve
        .iter()
        .filter_map(|(w, p)| Some((w.to_f64()?, *p)))
        .filter(|(w, p)| w.is_finite() && p.is_finite())
        .collect();
    let caption = format!("{}: {alt}", pick(lang, "Acceptanskurva", "Acceptability curve"));
    let note = pick(
        lang,
        "Sannolikheten att alternativet är kostnadseffektivt vid varje betalningsvilja per vunnen enhet.",
        "The probability that the alternative is cost-effective at each willingness to pay per unit gained.",
    );
    let svg = if points.is_empty() {
        Err(pick(lang, "Ingen punkt att visa.", "No point to show.").to_string())
    } else {
        let mut out = String::new();
        draw_acceptability(&mut out, &points, lang)
            .map(|()| inline_svg(out))
            .map_err(|e| format!("{}: {e}", pick(lang, "diagrammet kunde inte ritas", "the chart could not be drawn")))
    };
    figure("acceptability", &caption, svg, note, points.len())
}

fn draw_acceptability(out: &mut String, points: &[(f64, f64)], lang: Lang) -> Result<(), Box<dyn std::error::Error>> {
    let largest = points.iter().fold(0.0_f64, |m, p| m.max(p.0.abs()));
    let (scale, unit) = money_unit(largest, lang);
    let low = points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min) / scale;
    let high = points.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max) / scale;
    let x_range = if high > low { low.min(0.0)..high } else { padded(low, high, true) };
    let x_places = places(x_range.end - x_range.start);
    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut plot = ChartBuilder::on(&root)
        .margin(12)
        .margin_right(18)
        .x_label_area_size(38)
        .y_label_area_size(60)
        .build_cartesian_2d(x_range, 0.0..1.0)?;
    let x_label = |x: &f64| tick(*x, x_places, lang);
    let y_label = |y: &f64| tick(*y, 1, lang);
    plot.configure_mesh()
        .x_labels(7)
        .y_labels(6)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .x_desc(format!(
            "{}, {unit}",
            pick(lang, "Betalningsvilja per vunnen enhet", "Willingness to pay per unit gained")
        ))
        .y_desc(pick(lang, "Sannolikhet", "Probability"))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 14))
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT)
        .draw()?;
    let line = points.iter().map(|&(w, p)| (w / scale, p.clamp(0.0, 1.0)));
    plot.draw_series(LineSeries::new(line, BAR.stroke_width(3)).point_size(2))?;
    root.present()?;
    Ok(())
}
