//! The report's charts as SVG line charts drawn with plotters (its SVG backend only: text is
//! laid out by the viewer, so no font is read when a chart is drawn). A chart presents series
//! of the report as they are; the only arithmetic is the unit of the axis (kr, tkr, mnkr).
//!
//! The series' names are not drawn into the SVG: a page shows them in its own legend
//! ([`Chart::series`] with [`Series::color`] and [`Series::dashed`]), so every label a user
//! wrote is escaped in one place, the page's.

use super::ExportError;
use super::format::{self, Lang};
use super::labels::{Text, label, text};
use crate::report::{AlternativeReport, Report};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

/// Width of a chart in CSS pixels: the A4 content width (180 mm) at 96 dpi.
pub const WIDTH: u32 = 680;
/// Height of a chart in CSS pixels.
pub const HEIGHT: u32 = 240;

/// Colours that stay apart for colour-blind readers and in greyscale print (Okabe–Ito).
const PALETTE: [(u8, u8, u8); 6] =
    [(0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (230, 159, 0), (86, 180, 233)];

/// One line of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name, for the legend (already in the document's language).
    pub name: String,
    /// (year, value) points, years 1-based.
    pub points: Vec<(usize, Decimal)>,
    /// Its colour (red, green, blue).
    pub color: (u8, u8, u8),
    /// Whether it is drawn dashed (the baseline).
    pub dashed: bool,
}

/// A line chart over the years of the projection.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The title people read.
    pub title: String,
    /// What the values are: amounts in kronor (shown in kr, tkr or mnkr) or counts.
    pub money: bool,
    /// The lines.
    pub series: Vec<Series>,
    /// What the points' x values count: projection years (1-based) or months.
    pub across: Text,
}

pub(super) fn color(index: usize) -> (u8, u8, u8) {
    PALETTE[index % PALETTE.len()]
}

impl Series {
    /// Its colour as CSS (`#rrggbb`), for a legend.
    pub fn css_color(&self) -> String {
        let (r, g, b) = self.color;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// The cumulative discounted net benefit of every perspective the answer speaks for (the
/// actors that invest, the public sector and society), year by year, from
/// [`crate::report::FlowYear::cumulative`].
pub fn cumulative(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Chart {
    let series = alternative
        .headline
        .iter()
        .enumerate()
        .map(|(i, &p)| Series {
            name: label(&report.perspectives[p].label, lang).into_owned(),
            points: alternative.flows.iter().map(|y| (y.year, y.cumulative[p])).collect(),
            color: color(i),
            dashed: false,
        })
        .collect();
    let title = match lang {
        Lang::Sv => "Ackumulerad nettonytta per perspektiv, diskonterad (positivt = vinst)",
        Lang::En => "Cumulative net benefit per perspective, discounted (positive = a gain)",
    };
    Chart { title: title.into(), money: true, series, across: Text::Year }
}

/// People in the first group of the model's main grouping (in the default model, those on
/// försörjningsstöd) at the end of every year, without and with the alternative; `None` when
/// the model has no groups.
pub fn people(report: &Report, alternative: &AlternativeReport, lang: Lang) -> Option<Chart> {
    let group = report.groups.iter().position(|g| g.grouping == 0)?;
    let line = |with: bool, dashed: bool| Series {
        name: text(if with { Text::With } else { Text::Without }, lang).into(),
        points: alternative
            .people
            .iter()
            .map(|y| (y.year, if with { y.groups[group].1 } else { y.groups[group].0 }))
            .collect(),
        color: color(if with { 0 } else { 1 }),
        dashed,
    };
    Some(Chart {
        title: format!("{} – {}", text(Text::PeopleTitle, lang), label(&report.groups[group].label, lang)),
        money: false,
        series: vec![line(false, true), line(true, false)],
        across: Text::Year,
    })
}

/// The unit the value axis shows amounts in: (kronor per unit, its name).
fn money_unit(largest: f64, lang: Lang) -> (f64, &'static str) {
    match (largest >= 1e6, largest >= 1e4, lang) {
        (true, _, Lang::Sv) => (1e6, "mnkr"),
        (true, _, Lang::En) => (1e6, "SEK million"),
        (false, true, _) => (1e3, text(Text::Thousands, lang)),
        (false, false, Lang::Sv) => (1.0, "kr"),
        (false, false, Lang::En) => (1.0, "SEK"),
    }
}

/// The value axis: the range drawn (zero always in it, a little room above and below) and the
/// decimals its labels need.
fn value_range(low: f64, high: f64) -> (std::ops::Range<f64>, u32) {
    let (low, high) = (low.min(0.0), high.max(0.0));
    let span = if high - low > 0.0 { high - low } else { 1.0 };
    let room = span * 0.06;
    let low = if low < 0.0 { low - room } else { low };
    (low..high + room, places(span))
}

/// Decimals the labels of an axis spanning `span` need.
pub(super) fn places(span: f64) -> u32 {
    if span >= 5.0 {
        0
    } else if span >= 0.5 {
        1
    } else {
        2
    }
}

/// A tick value as people read it, in the document's number format.
pub(super) fn tick(value: f64, places: u32, lang: Lang) -> String {
    Decimal::from_f64(value).map_or_else(String::new, |v| format::number(v, places, lang))
}

/// The chart as an inline SVG element (no XML declaration, no namespace attribute: it is
/// meant for an HTML page).
pub fn svg(chart: &Chart, lang: Lang) -> Result<String, ExportError> {
    let values = || chart.series.iter().flat_map(|s| s.points.iter().map(|p| p.1.to_f64().unwrap_or(0.0)));
    let largest = values().fold(0.0_f64, |m, v| m.max(v.abs()));
    let (scale, unit) = if chart.money { money_unit(largest, lang) } else { (1.0, "") };
    let low = values().fold(f64::INFINITY, f64::min) / scale;
    let high = values().fold(f64::NEG_INFINITY, f64::max) / scale;
    let (y_range, places) =
        value_range(if low.is_finite() { low } else { 0.0 }, if high.is_finite() { high } else { 0.0 });
    let years = chart.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).max().unwrap_or(1);
    let mut out = String::new();
    draw(&mut out, chart, Axes { scale, unit, y_range, places, years, across: chart.across }, lang)
        .map_err(|e| ExportError(format!("cannot draw the chart \"{}\": {e}", chart.title)))?;
    Ok(inline_svg(out))
}

/// An SVG document as inline SVG for an HTML page (without the namespace attribute).
pub(super) fn inline_svg(svg: String) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

/// How the axes of one chart are laid out.
struct Axes {
    scale: f64,
    unit: &'static str,
    y_range: std::ops::Range<f64>,
    places: u32,
    years: usize,
    across: Text,
}

/// The plotting area of a chart: years across, values up.
type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn draw(out: &mut String, chart: &Chart, axes: Axes, lang: Lang) -> Result<(), Box<dyn std::error::Error>> {
    let root = SVGBackend::with_string(out, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let x_range = if axes.years > 1 { 1.0..axes.years as f64 } else { 0.5..1.5 };
    let mut plot = ChartBuilder::on(&root)
        .margin(12)
        .margin_right(18)
        .x_label_area_size(38)
        .y_label_area_size(if chart.money { 72 } else { 60 })
        .build_cartesian_2d(x_range, axes.y_range.clone())?;
    mesh(&mut plot, &axes, lang)?;
    if axes.y_range.start < 0.0 {
        let zero = [(plot.x_range().start, 0.0), (plot.x_range().end, 0.0)];
        plot.draw_series(LineSeries::new(zero, BLACK.stroke_width(1)))?;
    }
    // Dashed lines last, so that a baseline under an alternative close to it still shows.
    let solid_first = chart.series.iter().filter(|s| !s.dashed).chain(chart.series.iter().filter(|s| s.dashed));
    for series in solid_first {
        let (r, g, b) = series.color;
        let style = RGBColor(r, g, b).stroke_width(if series.dashed { 2 } else { 3 });
        let points = series.points.iter().map(|&(year, v)| (year as f64, v.to_f64().unwrap_or(0.0) / axes.scale));
        if series.dashed {
            plot.draw_series(DashedLineSeries::new(points, 8, 5, style))?;
        } else {
            plot.draw_series(LineSeries::new(points, style).point_size(2))?;
        }
    }
    root.present()?;
    Ok(())
}

/// The axes, their labels in the document's number format, and a light grid.
fn mesh(plot: &mut Plot, axes: &Axes, lang: Lang) -> Result<(), Box<dyn std::error::Error>> {
    let year_label = |x: &f64| if (x - x.round()).abs() < 1e-9 { format!("{}", x.round()) } else { String::new() };
    let value_label = |y: &f64| tick(*y, axes.places, lang);
    let mut mesh = plot.configure_mesh();
    mesh.x_labels(axes.years.clamp(2, 20))
        .y_labels(7)
        .x_label_formatter(&year_label)
        .y_label_formatter(&value_label)
        .x_desc(text(axes.across, lang))
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 14))
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT);
    if !axes.unit.is_empty() {
        mesh.y_desc(axes.unit);
    }
    mesh.draw()?;
    Ok(())
}
