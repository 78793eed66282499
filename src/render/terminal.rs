//! The terminal report: sections with their headings, paragraphs wrapped and tables split so
//! that nothing is wider than [`WIDTH`] columns.

use super::tables::{self, Grid, Section, Value};
use super::{Document, ExportError, Exporter};
use crate::escape;
use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width, presets};
use std::fmt::Write;

/// The widest line the terminal report prints.
pub const WIDTH: usize = 100;

/// The terminal format.
pub struct Terminal;

impl Exporter for Terminal {
    fn export(&self, document: &Document) -> Result<Vec<u8>, ExportError> {
        Ok(render(document).into_bytes())
    }
}

/// The whole document as text.
pub fn render(document: &Document) -> String {
    render_sections(&tables::sections(document), document.lang)
}

/// Sections as text, the first one's heading as the document's first line.
pub fn render_sections(sections: &[Section], lang: super::format::Lang) -> String {
    let mut out = String::new();
    for (index, section) in sections.iter().enumerate() {
        section_text(&mut out, section, lang, index == 0);
    }
    out
}

fn section_text(out: &mut String, section: &Section, lang: super::format::Lang, first: bool) {
    // The document starts with its first heading: `sekalk 0.1.0 — <scenario>`.
    if first && section.id == "header" {
        let _ = writeln!(out, "{}", escape::inline(&section.title));
    } else {
        let _ = writeln!(out, "\n== {} ==", escape::inline(&section.title));
    }
    for paragraph in &section.paragraphs {
        for line in wrap(&escape::inline(paragraph), WIDTH) {
            let _ = writeln!(out, "{line}");
        }
    }
    for grid in &section.grids {
        let _ = writeln!(out, "\n{}", wrap(&escape::inline(&grid.title), WIDTH).join("\n"));
        for table in split(grid, lang) {
            let _ = writeln!(out, "{table}");
        }
        if let Some(note) = &grid.note {
            let _ = writeln!(out, "{}", wrap(&escape::inline(note), WIDTH).join("\n"));
        }
    }
}

/// Words wrapped into lines of at most `width` characters (a longer word stands alone). A
/// no-break space (between the digit groups of a Swedish amount, `12 689 201`) does not end a
/// word.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let breaks = |c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}');
    for word in text.split(breaks).filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A column's natural width: its widest cell, and its header's longest word.
fn column_width(grid: &Grid, column: usize, lang: super::format::Lang) -> usize {
    let header = grid.header[column].split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
    let cells = grid.rows.iter().map(|r| tables::display(&r[column], lang).chars().count()).max().unwrap_or(0);
    header.max(cells).min(WIDTH / 2) + 3
}

/// The grid as one or more tables, each at most [`WIDTH`] wide: columns that do not fit go to
/// a further table that repeats the first column.
fn split(grid: &Grid, lang: super::format::Lang) -> Vec<Table> {
    let widths: Vec<usize> = (0..grid.header.len()).map(|c| column_width(grid, c, lang)).collect();
    let mut chunks: Vec<Vec<usize>> = Vec::new();
    let mut current = vec![0];
    let mut used = widths[0] + 1;
    for column in 1..grid.header.len() {
        if used + widths[column] > WIDTH && current.len() > 1 {
            chunks.push(std::mem::replace(&mut current, vec![0]));
            used = widths[0] + 1;
        }
        current.push(column);
        used += widths[column];
    }
    chunks.push(current);
    chunks.iter().map(|columns| table(grid, columns, &widths, lang)).collect()
}

fn table(grid: &Grid, columns: &[usize], widths: &[usize], lang: super::format::Lang) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(WIDTH as u16)
        .set_header(columns.iter().map(|&c| Cell::new(escape::inline(&grid.header[c]))))
        .set_constraints(columns.iter().map(|&c| {
            // Never narrower than the longest word or widest cell: words are not broken.
            ColumnConstraint::LowerBoundary(Width::Fixed((widths[c] - 1) as u16))
        }));
    for row in &grid.rows {
        table.add_row(columns.iter().map(|&c| {
            let text = escape::inline(&tables::display(&row[c], lang)).into_owned();
            match row[c] {
                Value::Text(_) => Cell::new(text),
                _ => Cell::new(text).set_alignment(CellAlignment::Right),
            }
        }));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn an_amount_grouped_with_no_break_spaces_is_never_split() {
        let amount = "mot kalkylens \u{2212}12\u{a0}689\u{a0}201 kr";
        assert_eq!(wrap(amount, 20), ["mot kalkylens", "\u{2212}12\u{a0}689\u{a0}201 kr"]);
        assert_eq!(wrap("a b  c", 3), ["a b", "c"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
