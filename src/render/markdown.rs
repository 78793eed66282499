//! Markdown (GitHub flavour): the sections of the terminal report as `##` headings,
//! paragraphs, `###` table titles, tables with right-aligned number columns and notes in
//! italics. Cells are shown as people read them ([`tables::display`]); nothing is wrapped.
//!
//! Text from the input files is made inert: control characters are escaped as on the
//! terminal, and every character markdown would read as markup (`|`, `*`, `_`, `[`, `<`, …)
//! is written with a backslash, so a label shows as written and cannot break a table.

use super::format::Lang;
use super::tables::{self, Grid, Section, Value};
use super::{Document, ExportError, Exporter};
use crate::escape;

/// The markdown format.
pub struct Markdown;

impl Exporter for Markdown {
    fn export(&self, document: &Document) -> Result<Vec<u8>, ExportError> {
        Ok(render(document).into_bytes())
    }
}

/// The whole document as markdown.
pub fn render(document: &Document) -> String {
    render_sections(&tables::sections(document), document.lang)
}

/// Sections as markdown.
pub fn render_sections(sections: &[Section], lang: Lang) -> String {
    let blocks: Vec<String> = sections.iter().flat_map(|section| section_blocks(section, lang)).collect();
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// A section as markdown blocks: its heading, its paragraphs, and per table a title, the
/// table and its note.
fn section_blocks(section: &Section, lang: Lang) -> Vec<String> {
    let mut blocks = vec![format!("## {}", inline(&section.title))];
    blocks.extend(section.paragraphs.iter().map(|p| paragraph(p)));
    for grid in &section.grids {
        blocks.push(format!("### {}", inline(&grid.title)));
        blocks.push(table(grid, lang));
        if let Some(note) = &grid.note {
            blocks.push(format!("*{}*", inline(note)));
        }
    }
    blocks
}

/// A GitHub table; columns that hold numbers are right-aligned.
fn table(grid: &Grid, lang: Lang) -> String {
    let mut lines = vec![row(grid.header.iter().map(|h| inline(h)))];
    let alignment = (0..grid.header.len()).map(|c| if numeric(grid, c) { "---:" } else { ":---" });
    lines.push(row(alignment.map(str::to_string)));
    for cells in &grid.rows {
        lines.push(row(cells.iter().map(|v| inline(&tables::display(v, lang)))));
    }
    lines.join("\n")
}

fn row(cells: impl Iterator<Item = String>) -> String {
    format!("| {} |", cells.collect::<Vec<_>>().join(" | "))
}

/// Whether a column holds numbers (amounts, numbers, shares or years).
fn numeric(grid: &Grid, column: usize) -> bool {
    grid.rows.iter().any(|r| !matches!(r.get(column), Some(Value::Text(_) | Value::Empty) | None))
}

/// Characters markdown reads as markup inside a line.
const MARKUP: &str = "\\`*_[]<>|";

/// `text` safe inside a markdown line or table cell: control characters escaped as on the
/// terminal (a newline shows as `\n`), markup characters preceded by a backslash.
pub fn inline(text: &str) -> String {
    let visible = escape::inline(text);
    let mut out = String::with_capacity(visible.len() + 4);
    for c in visible.chars() {
        if MARKUP.contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph: [`inline`], and a first character that would start a heading, quote, list or
/// rule escaped too.
fn paragraph(text: &str) -> String {
    let line = inline(text);
    let ordered = line.find(|c: char| !c.is_ascii_digit()).filter(|&i| i > 0 && line[i..].starts_with(['.', ')']));
    match (line.chars().next(), ordered) {
        (_, Some(i)) => format!("{}\\{}", &line[..i], &line[i..]),
        (Some('#' | '>' | '-' | '+' | '=' | '~'), _) => format!("\\{line}"),
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_label_is_shown_as_written() {
        assert_eq!(inline("a | b *c* [d](e) <f>"), "a \\| b \\*c\\* \\[d\\](e) \\<f\\>");
        assert_eq!(inline("rad 1\nrad 2"), "rad 1\\\\nrad 2");
    }

    #[test]
    fn a_paragraph_cannot_become_a_heading_or_a_list() {
        assert_eq!(paragraph("# rubrik"), "\\# rubrik");
        assert_eq!(paragraph("- punkt"), "\\- punkt");
        assert_eq!(paragraph("12. punkt"), "12\\. punkt");
        assert_eq!(paragraph("2025 blev bra"), "2025 blev bra");
    }
}
