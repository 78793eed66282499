//! One self-contained HTML page for a kommunstyrelse: the answer first, the key figures, a
//! chart of the cumulative net benefit and one of the people on support, the money flows, the
//! remaining tables, the detail and the assumptions with their sources; where the figures come
//! from in the footer.
//!
//! The page prints on A4 (`@page` 15 mm margins, nothing wider than the 180 mm between them:
//! tables with many columns are split into several that repeat the first column, text cells
//! wrap). It holds its CSS inline and the charts as inline SVG, and has no script and no
//! reference to anything outside itself. Every text from an input file is HTML-escaped.

use super::chart::{self, Chart};
use super::format::Lang;
use super::labels::{Text, text};
use super::tables::{self, Grid, Section, Value};
use super::{Document, ExportError, Exporter};
use crate::escape;
use crate::report::{AlternativeReport, Report};
use std::fmt::Write;

/// The html format.
pub struct Html;

impl Exporter for Html {
    fn export(&self, document: &Document) -> Result<Vec<u8>, ExportError> {
        page(document).map(String::into_bytes)
    }
}

/// The most columns one table of the page has; a wider grid is split into tables that each
/// repeat its first column.
pub const MAX_COLUMNS: usize = 9;

/// The page's style: A4 print, no font or image from outside.
const STYLE: &str = "\
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { font-family: \"Liberation Sans\", \"DejaVu Sans\", Arial, Helvetica, sans-serif; font-size: 10pt; \
line-height: 1.35; color: #1b1b1b; background: #fff; }
body { max-width: 180mm; margin: 0 auto; padding: 0; }
@media screen { body { padding: 6mm 0 12mm; } }
h1 { font-size: 17pt; line-height: 1.2; margin: 0 0 .3em; overflow-wrap: anywhere; }
h2 { font-size: 13pt; line-height: 1.25; margin: 1.5em 0 .4em; padding-bottom: 2pt; \
border-bottom: 1.5pt solid #1f4e79; color: #1f4e79; break-after: avoid; overflow-wrap: anywhere; }
h3 { font-size: 10.5pt; margin: 1.2em 0 .3em; break-after: avoid; overflow-wrap: anywhere; }
p { margin: .3em 0; overflow-wrap: anywhere; }
.settings p { font-size: 9pt; color: #444; }
.answer p { font-size: 14pt; line-height: 1.35; margin: .5em 0; }
.answer.long p { font-size: 11.5pt; }
header + header { margin-top: 1.2em; }
.answer h2 { margin-top: 1em; }
table { border-collapse: collapse; width: 100%; margin: .2em 0 .5em; font-size: 8.5pt; \
font-variant-numeric: tabular-nums; }
th, td { padding: 1.5pt 3pt; vertical-align: top; text-align: left; overflow-wrap: break-word; }
td { border-bottom: .5pt solid #d0d0d0; }
th { font-weight: bold; border-bottom: 1pt solid #555; vertical-align: bottom; }
.n { text-align: right; }
td.n { white-space: nowrap; }
.neg { color: #a01818; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.wide { font-size: 7.5pt; }
.key table { font-size: 8.5pt; }
.key { border-left: 3pt solid #1f4e79; padding-left: 6pt; }
.note { font-size: 8pt; color: #444; }
figure { margin: .8em 0; break-inside: avoid; }
figcaption { font-weight: bold; font-size: 10pt; margin-bottom: .2em; }
figure svg { display: block; width: 100%; height: auto; }
.legend { list-style: none; padding: 0; margin: .2em 0 0; font-size: 8.5pt; }
.legend li { display: inline-block; margin-right: 1.5em; }
.swatch { display: inline-block; width: 18pt; border-top: 3pt solid; vertical-align: middle; margin-right: 4pt; }
.swatch.dashed { border-top-style: dashed; border-top-width: 2pt; }
footer { margin-top: 2em; padding-top: .4em; border-top: .5pt solid #888; font-size: 8pt; color: #444; }
footer p { margin: .15em 0; }
";

/// The document as one HTML page.
pub fn page(document: &Document) -> Result<String, ExportError> {
    let lang = document.lang;
    let sections = tables::sections(document);
    let several = document.reports.iter().map(|r| r.alternatives.len()).sum::<usize>() > 1;
    let mut alternatives = document.reports.iter().flat_map(|r| r.alternatives.iter().map(move |a| (r, a)));
    let mut headers = document.reports.iter();
    let mut body = String::new();
    let mut provenance = Vec::new();
    for section in &sections {
        match section.id {
            "header" => {
                let report = headers.next().ok_or_else(|| ExportError("more headers than reports".into()))?;
                provenance.extend(header(&mut body, section, report, lang, document.reports.len() > 1));
            }
            "answer" => {
                let class = if section.paragraphs.len() > 2 { "answer long" } else { "answer" };
                paragraphs_section(&mut body, section, class);
            }
            "alternative" => {
                let (report, alternative) =
                    alternatives.next().ok_or_else(|| ExportError("more result sections than alternatives".into()))?;
                results(&mut body, section, report, alternative, lang, several)?;
            }
            _ => grids_section(&mut body, section, lang),
        }
    }
    footer(&mut body, &provenance);
    let title = document.reports.iter().map(|r| r.setup.name.as_str()).collect::<Vec<_>>().join(" · ");
    Ok(skeleton(lang, &title, "", &body))
}

/// The page around its body: language, character set, title, and the style with `extra` rules
/// after it (which win over the style's own).
pub(super) fn skeleton(lang: Lang, title: &str, extra: &str, body: &str) -> String {
    let lang_code = match lang {
        Lang::Sv => "sv",
        Lang::En => "en",
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}{extra}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        esc(title)
    )
}

/// Text from anywhere made safe for an HTML page: control characters shown as escapes (as on
/// a terminal), then `&`, `<`, `>`, `"` and `'` as character references.
pub fn esc(text: &str) -> String {
    let visible = escape::inline(text);
    let mut out = String::with_capacity(visible.len());
    for c in visible.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a header paragraph says where the figures come from (version, inputs, the repeat
/// command): those go to the footer.
fn is_provenance(paragraph: &str, lang: Lang) -> bool {
    [Text::Version, Text::Inputs, Text::Repeat].iter().any(|&t| paragraph.starts_with(&format!("{}: ", text(t, lang))))
}

/// The scenario's name and settings; returns the provenance for the footer: the scenario's
/// name when several are compared, the version (which the section has in its title), the
/// inputs and the repeat command.
fn header(out: &mut String, section: &Section, report: &Report, lang: Lang, several: bool) -> Vec<String> {
    let name = &report.setup.name;
    let _ = writeln!(out, "<header class=\"settings\">\n<h1>{}</h1>", esc(name));
    let (provenance, settings): (Vec<&String>, Vec<&String>) =
        section.paragraphs.iter().partition(|p| is_provenance(p, lang));
    for paragraph in settings {
        let _ = writeln!(out, "<p>{}</p>", esc(paragraph));
    }
    out.push_str("</header>\n");
    let version_prefix = format!("{}: ", text(Text::Version, lang));
    let version = (!provenance.iter().any(|p| p.starts_with(&version_prefix)))
        .then(|| format!("{version_prefix}sekalk {}", report.provenance.version));
    let name = several.then(|| name.clone());
    name.into_iter().chain(version).chain(provenance.into_iter().cloned()).collect()
}

/// A section of paragraphs only (the answer).
fn paragraphs_section(out: &mut String, section: &Section, class: &str) {
    let _ = writeln!(out, "<section class=\"{class}\">\n<h2>{}</h2>", esc(&section.title));
    for paragraph in &section.paragraphs {
        let _ = writeln!(out, "<p>{}</p>", esc(paragraph));
    }
    out.push_str("</section>\n");
}

/// A section of tables: the standings, the detail, the sources.
pub(super) fn grids_section(out: &mut String, section: &Section, lang: Lang) {
    let _ = writeln!(out, "<section class=\"{}\">\n<h2>{}</h2>", section.id, esc(&section.title));
    for paragraph in &section.paragraphs {
        let _ = writeln!(out, "<p>{}</p>", esc(paragraph));
    }
    for grid in &section.grids {
        grid_html(out, grid, lang, grid.id == "standings");
    }
    out.push_str("</section>\n");
}

/// One alternative's results: its summary (the key figures), the charts, then the money flows
/// and the other tables. The answer sentences are repeated only when there are several
/// alternatives (with one, the answer above says the same).
fn results(
    out: &mut String,
    section: &Section,
    report: &Report,
    alternative: &AlternativeReport,
    lang: Lang,
    several: bool,
) -> Result<(), ExportError> {
    let _ = writeln!(out, "<section class=\"alternative\">\n<h2>{}</h2>", esc(&section.title));
    if several {
        for paragraph in &section.paragraphs {
            let _ = writeln!(out, "<p>{}</p>", esc(paragraph));
        }
    }
    for grid in &section.grids {
        grid_html(out, grid, lang, grid.id == "summary");
        if grid.id == "summary" {
            figure(out, &chart::cumulative(report, alternative, lang), lang)?;
            if let Some(people) = chart::people(report, alternative, lang) {
                figure(out, &people, lang)?;
            }
        }
    }
    out.push_str("</section>\n");
    Ok(())
}

/// A chart with its title and legend.
pub(super) fn figure(out: &mut String, chart: &Chart, lang: Lang) -> Result<(), ExportError> {
    let svg = chart::svg(chart, lang)?;
    let title = esc(&chart.title);
    let _ = writeln!(out, "<figure role=\"img\" aria-label=\"{title}\">\n<figcaption>{title}</figcaption>\n{svg}");
    out.push_str("<ul class=\"legend\">\n");
    for series in &chart.series {
        let dashed = if series.dashed { " dashed" } else { "" };
        let _ = writeln!(
            out,
            "<li><span class=\"swatch{dashed}\" style=\"border-top-color: {}\"></span>{}</li>",
            series.css_color(),
            esc(&series.name)
        );
    }
    out.push_str("</ul>\n</figure>\n");
    Ok(())
}

/// Tables with this many columns or more are set in a smaller type.
const WIDE: usize = 8;

/// A word longer than this may break inside a table cell.
const LONG_WORD: usize = 24;

/// Text for a table cell: escaped as [`esc`], with a break opportunity (`<wbr>`) in every long
/// word after `.`, `/`, `]`, `_` and `=`, and at least every 24 characters, so that a
/// key path, a path or an address in a cell wraps instead of widening the table past the page.
pub fn breakable(text: &str) -> String {
    let visible = escape::inline(text);
    let mut out = String::with_capacity(visible.len());
    for (i, word) in visible.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.chars().count() <= LONG_WORD {
            out.push_str(&esc(word));
            continue;
        }
        let mut run = 0;
        for c in word.chars() {
            out.push_str(&esc(c.encode_utf8(&mut [0; 4])));
            run += 1;
            if matches!(c, '.' | '/' | ']' | '_' | '=') || run >= LONG_WORD {
                out.push_str("<wbr>");
                run = 0;
            }
        }
    }
    out
}

/// The column groups of a grid: all its columns, or for a wide grid several groups of at most
/// [`MAX_COLUMNS`] that each start with the first column, as even in size as they can be.
pub fn column_groups(columns: usize) -> Vec<Vec<usize>> {
    if columns <= MAX_COLUMNS {
        return vec![(0..columns).collect()];
    }
    let rest = columns - 1;
    let tables = rest.div_ceil(MAX_COLUMNS - 1);
    let per_table = rest.div_ceil(tables);
    (1..columns)
        .collect::<Vec<_>>()
        .chunks(per_table)
        .map(|chunk| std::iter::once(0).chain(chunk.iter().copied()).collect())
        .collect()
}

/// A grid: its title, one or more tables, its note.
fn grid_html(out: &mut String, grid: &Grid, lang: Lang, key: bool) {
    let class = if key { "grid key" } else { "grid" };
    let _ = writeln!(out, "<div class=\"{class} {}\">\n<h3>{}</h3>", grid.id, esc(&grid.title));
    grid_tables(out, grid, lang);
    out.push_str("</div>\n");
}

/// A grid without its title: one or more tables (as many columns as fit a page), its note.
pub(super) fn grid_tables(out: &mut String, grid: &Grid, lang: Lang) {
    for columns in column_groups(grid.header.len()) {
        table_html(out, grid, &columns, lang);
    }
    if let Some(note) = &grid.note {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(note));
    }
}

/// The grids whose amounts follow the report's sign convention (positive is a gain): their
/// negative amounts are set in red. Levels and costs per outcome are costs, so not these.
const GAIN_GRIDS: [&str; 8] =
    ["summary", "standings", "flows", "per_participant", "lines", "tornado", "variants", "psa_summary"];

/// Whether a column holds numbers: its cells and header are right-aligned (a column that
/// mixes numbers and words, such as a payback year, stays left-aligned throughout).
fn numeric(grid: &Grid, column: usize) -> bool {
    grid.rows.iter().any(|r| !matches!(r[column], Value::Text(_) | Value::Empty))
        && grid.rows.iter().all(|r| !matches!(r[column], Value::Text(_)))
}

fn table_html(out: &mut String, grid: &Grid, columns: &[usize], lang: Lang) {
    out.push_str(if columns.len() >= WIDE { "<table class=\"wide\">\n<thead><tr>" } else { "<table>\n<thead><tr>" });
    for &c in columns {
        let class = if numeric(grid, c) { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", esc(&grid.header[c]));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let gains = GAIN_GRIDS.contains(&grid.id);
    let numbers: Vec<bool> = columns.iter().map(|&c| numeric(grid, c)).collect();
    for row in &grid.rows {
        out.push_str("<tr>");
        for (&c, &number) in columns.iter().zip(&numbers) {
            let shown = tables::display(&row[c], lang);
            let negative = gains && matches!(row[c], Value::Money(_)) && shown.starts_with('\u{2212}');
            let class = match (number, negative) {
                (true, true) => " class=\"n neg\"",
                (true, false) => " class=\"n\"",
                (false, true) => " class=\"neg\"",
                (false, false) => "",
            };
            let _ = write!(out, "<td{class}>{}</td>", breakable(&shown));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Where the figures come from: version, inputs with their SHA-256, the repeat command.
fn footer(out: &mut String, provenance: &[String]) {
    out.push_str("<footer>\n");
    for line in provenance {
        let _ = writeln!(out, "<p>{}</p>", esc(line));
    }
    out.push_str("</footer>\n");
}
