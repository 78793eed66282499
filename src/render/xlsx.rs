//! The Excel workbook: the tables of [`tables::sections`] spread over a few sheets (the answer,
//! the summary, money flows, per year, per actor, participants, sources), every figure a real
//! number cell with a number format, and a native line chart of the cumulative discounted net
//! benefit beside each money-flow table.
//!
//! Sheets hold grids by [`Grid::id`]; a grid this module does not know goes to the summary
//! sheet, so no table is ever left out. The workbook's creation date is fixed, so the same
//! document always gives the same bytes.
//!
//! Cells are IEEE doubles: that is the limit of the xlsx format, not of the report. An amount
//! is exact in the report (a [`Decimal`]) and becomes the nearest `f64` here, which keeps about
//! 15–16 significant digits; the csv and json formats carry the exact figures.

use super::format::Lang;
use super::labels::{Text, text};
use super::tables::{self, Grid, Section, Value};
use super::{Document, ExportError, Exporter, terminal};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartFont, ChartLegendPosition, ColNum, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};

/// The xlsx format.
pub struct Xlsx;

impl Exporter for Xlsx {
    fn export(&self, document: &Document) -> Result<Vec<u8>, ExportError> {
        workbook(document).map_err(|error| ExportError(format!("could not write the xlsx workbook: {error}")))
    }
}

/// The sheets of the workbook, in order (the discriminant is the sheet's index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sheet {
    Answer,
    Summary,
    Flows,
    PerYear,
    PerActor,
    Participants,
    Sources,
}

const SHEETS: [Sheet; 7] =
    [Sheet::Answer, Sheet::Summary, Sheet::Flows, Sheet::PerYear, Sheet::PerActor, Sheet::Participants, Sheet::Sources];

/// A sheet's name (at most 31 characters, none of `[]:*?/\`, as Excel requires).
fn sheet_name(sheet: Sheet, lang: Lang) -> &'static str {
    let (sv, en) = match sheet {
        Sheet::Answer => ("Svar", "Answer"),
        Sheet::Summary => ("Sammanfattning", "Summary"),
        Sheet::Flows => ("Pengaflöden", "Money flows"),
        Sheet::PerYear => ("Per år", "Per year"),
        Sheet::PerActor => ("Per aktör", "Per actor"),
        Sheet::Participants => ("Deltagare", "Participants"),
        Sheet::Sources => ("Källor", "Sources"),
    };
    match lang {
        Lang::Sv => sv,
        Lang::En => en,
    }
}

/// The sheet a grid goes to, by its id; an unknown grid goes to the summary.
fn sheet_of(grid: &Grid) -> Sheet {
    match grid.id {
        "flows" => Sheet::Flows,
        "people" => Sheet::PerYear,
        "lines" | "levels" => Sheet::PerActor,
        "per_participant" | "participants" | "break_even" | "cost_per_outcome" | "outcomes" => Sheet::Participants,
        "sources" => Sheet::Sources,
        _ => Sheet::Summary,
    }
}

/// One thing written on a sheet, top to bottom.
enum Item<'a> {
    /// A section's heading.
    Heading(&'a str),
    /// A paragraph (an answer sentence, a setting, a warning).
    Paragraph(&'a str),
    /// A table.
    Grid(&'a Grid),
}

/// What each sheet shows, in the order of [`SHEETS`]: the answer and the settings on the first
/// sheet, every grid on its sheet under its section's heading, a section's paragraphs with its
/// first grid.
fn layout(sections: &[Section]) -> Vec<Vec<Item<'_>>> {
    let mut sheets: Vec<Vec<Item>> = SHEETS.iter().map(|_| Vec::new()).collect();
    let answer = sections.iter().filter(|s| s.id == "answer");
    let header = sections.iter().filter(|s| s.id == "header");
    for section in answer.chain(header) {
        sheets[0].push(Item::Heading(&section.title));
        sheets[0].extend(section.paragraphs.iter().map(|p| Item::Paragraph(p)));
    }
    for section in sections.iter().filter(|s| s.id != "answer" && s.id != "header") {
        let mut headed = [false; SHEETS.len()];
        for (index, grid) in section.grids.iter().enumerate() {
            let sheet = sheet_of(grid) as usize;
            if !headed[sheet] {
                headed[sheet] = true;
                sheets[sheet].push(Item::Heading(&section.title));
            }
            if index == 0 {
                sheets[sheet].extend(section.paragraphs.iter().map(|p| Item::Paragraph(p)));
            }
            sheets[sheet].push(Item::Grid(grid));
        }
    }
    sheets
}

/// The whole workbook as bytes.
fn workbook(document: &Document) -> Result<Vec<u8>, XlsxError> {
    let sections = tables::sections(document);
    let title = document.reports.iter().map(|r| r.setup.name.as_str()).collect::<Vec<_>>().join(" · ");
    let sheets = SHEETS.iter().map(|sheet| sheet_name(*sheet, document.lang).to_string()).zip(layout(&sections));
    write_sheets(sheets.collect(), &title, document.lang)
}

/// A workbook of any list of sections (the accounts of `bokslut`, …): the sections without
/// tables (the answer, how it is computed) on the first sheet, then one sheet per table, named
/// by its title; the same sections always give the same bytes.
pub fn render_sections(sections: &[Section], title: &str, lang: Lang) -> Result<Vec<u8>, ExportError> {
    let mut sheets = vec![(sheet_name(Sheet::Answer, lang).to_string(), Vec::new())];
    for section in sections {
        if section.grids.is_empty() {
            sheets[0].1.push(Item::Heading(&section.title));
            sheets[0].1.extend(section.paragraphs.iter().map(|p| Item::Paragraph(p)));
        }
        for (index, grid) in section.grids.iter().enumerate() {
            let mut items = vec![Item::Heading(&section.title)];
            if index == 0 {
                items.extend(section.paragraphs.iter().map(|p| Item::Paragraph(p)));
            }
            items.push(Item::Grid(grid));
            let taken: Vec<&str> = sheets.iter().map(|(name, _)| name.as_str()).collect();
            sheets.push((unique_sheet_name(&grid.title, &taken), items));
        }
    }
    write_sheets(sheets, title, lang)
        .map_err(|error| ExportError(format!("could not write the xlsx workbook: {error}")))
}

/// The longest sheet name Excel allows, in characters.
const MAX_SHEET_NAME: usize = 31;

/// `title` as a sheet name no other sheet has: its head (up to a comma, colon or parenthesis)
/// in whole words of at most [`MAX_SHEET_NAME`] characters, without the characters Excel
/// forbids (`[]:*?/\`), numbered when it is taken.
fn unique_sheet_name(title: &str, taken: &[&str]) -> String {
    let head = title.split([',', ':', '(', ';']).next().unwrap_or_default();
    let clean: String = head.chars().map(|c| if "[]*?/\\".contains(c) { ' ' } else { c }).collect();
    let words: Vec<&str> = clean.trim_matches(|c: char| c == '\'' || c.is_whitespace()).split_whitespace().collect();
    (1..)
        .map(|n| {
            let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
            let name = words_within(&words, MAX_SHEET_NAME - suffix.chars().count());
            format!("{}{suffix}", if name.is_empty() { "Sheet" } else { &name })
        })
        .find(|name| !taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()))
        .unwrap_or_default()
}

/// As many of `words` as fit in `room` characters with spaces between (the first word cut if
/// it alone is longer).
fn words_within(words: &[&str], room: usize) -> String {
    let mut out = String::new();
    for word in words {
        let wanted = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if wanted > room {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() { words.first().map(|w| w.chars().take(room).collect()).unwrap_or_default() } else { out }
}

/// Writes the sheets (name and items, in order) into a workbook titled `title`.
fn write_sheets(sheets: Vec<(String, Vec<Item>)>, title: &str, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(title)?);
    let styles = Styles::new();
    for (name, items) in &sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(name)?.set_landscape().set_print_fit_to_pages(1, 0);
        let widths = column_widths(items, lang);
        let mut writer = SheetWriter { worksheet, name, styles: &styles, lang, row: 0, widths };
        writer.write(items)?;
    }
    workbook.save_to_buffer()
}

/// The document properties: the title (the scenarios' names), and a fixed creation date so
/// that the same document always gives the same bytes.
fn properties(title: &str) -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    Ok(DocProperties::new().set_title(title).set_creation_datetime(&created))
}

/// The cell formats of the workbook.
struct Styles {
    heading: Format,
    title: Format,
    header: Format,
    paragraph: Format,
    note: Format,
    text: Format,
    money: Format,
    share: Format,
    year: Format,
}

impl Styles {
    fn new() -> Styles {
        let top = Format::new().set_align(FormatAlign::Top);
        let wrap = top.clone().set_text_wrap();
        Styles {
            heading: wrap.clone().set_bold().set_font_size(13),
            title: wrap.clone().set_bold(),
            header: wrap.clone().set_bold().set_border_bottom(FormatBorder::Thin),
            paragraph: wrap.clone(),
            note: wrap.clone().set_italic(),
            text: wrap,
            money: top.clone().set_num_format("#,##0"),
            share: top.clone().set_num_format("0.0%"),
            year: top.set_num_format("0"),
        }
    }

    /// A number with `places` decimals, grouped in thousands (Excel shows the grouping and the
    /// decimal mark of the reader's locale: `1 234,5` in Swedish).
    fn number(&self, places: u32) -> Format {
        match places {
            0 => self.money.clone(),
            _ => self.money.clone().set_num_format(format!("#,##0.{}", "0".repeat(places as usize))),
        }
    }
}

/// The widest a column is made, in characters; longer text wraps.
const MAX_WIDTH: usize = 50;

/// The narrowest a table's column is made, in characters.
const MIN_WIDTH: usize = 6;

/// Characters added to a column's content width (Excel's width is in widths of `0`).
const PADDING: usize = 2;

/// The width of the only column of a sheet without tables, where paragraphs wrap.
const PARAGRAPH_WIDTH: usize = 110;

/// The height of a line of text in points (Excel's default row, 11-point font).
const LINE_HEIGHT: f64 = 15.0;

/// The highest row Excel allows, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// The height of a line of a heading in points (13-point font).
const HEADING_HEIGHT: f64 = 18.0;

/// The content width of each column of a sheet's tables, in characters: every header word and
/// every cell as people read it, at most [`MAX_WIDTH`]. Empty for a sheet without tables.
fn column_widths(items: &[Item], lang: Lang) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    let mut widen = |column: usize, characters: usize| {
        if widths.len() <= column {
            widths.resize(column + 1, MIN_WIDTH);
        }
        widths[column] = widths[column].max(characters.min(MAX_WIDTH));
    };
    for item in items {
        let Item::Grid(grid) = item else { continue };
        for (column, name) in grid.header.iter().enumerate() {
            widen(column, name.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0));
        }
        for row in &grid.rows {
            for (column, value) in row.iter().enumerate() {
                widen(column, tables::display(value, lang).chars().count());
            }
        }
    }
    widths
}

/// How many lines `text` takes in a cell `width` characters wide.
fn lines(text: &str, width: usize) -> usize {
    terminal::wrap(text, width).len()
}

/// Writes one sheet, keeping the next free row; the column widths are known beforehand so
/// that wrapped text gets rows high enough to show it (spreadsheets do not measure text on
/// opening a file).
struct SheetWriter<'a> {
    worksheet: &'a mut Worksheet,
    name: &'a str,
    styles: &'a Styles,
    lang: Lang,
    row: RowNum,
    widths: Vec<usize>,
}

impl SheetWriter<'_> {
    /// The items top to bottom; the header stays in view when the sheet is one table.
    fn write(&mut self, items: &[Item]) -> Result<(), XlsxError> {
        self.set_widths()?;
        let grids = items.iter().filter(|i| matches!(i, Item::Grid(_))).count();
        let paragraphs = items.iter().any(|i| matches!(i, Item::Paragraph(_)));
        let mut heading = 0;
        for item in items {
            match item {
                Item::Heading(title) => {
                    heading = self.row;
                    self.line(title, &self.styles.heading, HEADING_HEIGHT)?;
                }
                Item::Paragraph(text) => self.line(text, &self.styles.paragraph, LINE_HEIGHT)?,
                Item::Grid(grid) => {
                    let header = self.grid(grid)?;
                    if grids == 1 && !paragraphs {
                        self.worksheet.set_freeze_panes(header + 1, 0)?;
                    }
                    if grid.id == "flows" {
                        self.chart(grid, heading, header)?;
                    }
                    self.row += 1;
                }
            }
        }
        Ok(())
    }

    /// Each table column as wide as its content plus [`PADDING`]; a sheet without tables gets
    /// one column [`PARAGRAPH_WIDTH`] wide.
    fn set_widths(&mut self) -> Result<(), XlsxError> {
        if self.widths.is_empty() {
            self.worksheet.set_column_width(0, PARAGRAPH_WIDTH as f64)?;
        }
        for (column, width) in self.widths.iter().enumerate() {
            self.worksheet.set_column_width(column as ColNum, (width + PADDING) as f64)?;
        }
        Ok(())
    }

    /// A text on a row of its own, across the sheet's table columns, wrapped.
    fn line(&mut self, text: &str, format: &Format, line_height: f64) -> Result<(), XlsxError> {
        let (row, last) = (self.row, self.widths.len().saturating_sub(1) as ColNum);
        let width = match self.widths.len() {
            0 => PARAGRAPH_WIDTH,
            _ => self.widths.iter().map(|w| w + PADDING).sum(),
        };
        if last == 0 {
            self.worksheet.write_string_with_format(row, 0, text, format)?;
        } else {
            self.worksheet.merge_range(row, 0, row, last, text, format)?;
        }
        self.fit(row, lines(text, width), line_height)?;
        self.row += 1;
        Ok(())
    }

    /// Makes `row` high enough for `count` lines.
    fn fit(&mut self, row: RowNum, count: usize, line_height: f64) -> Result<(), XlsxError> {
        if count > 1 {
            self.worksheet.set_row_height(row, (count as f64 * line_height).min(MAX_ROW_HEIGHT))?;
        }
        Ok(())
    }

    /// The grid's title, header, rows and note; returns the header's row.
    fn grid(&mut self, grid: &Grid) -> Result<RowNum, XlsxError> {
        self.line(&grid.title, &self.styles.title, LINE_HEIGHT)?;
        let header = self.row;
        for (column, name) in grid.header.iter().enumerate() {
            self.worksheet.write_string_with_format(header, column as ColNum, name, &self.styles.header)?;
        }
        self.fit(header, self.tallest(grid.header.iter().map(String::as_str)), LINE_HEIGHT)?;
        self.row += 1;
        for cells in &grid.rows {
            for (column, value) in cells.iter().enumerate() {
                self.cell(column as ColNum, value)?;
            }
            let texts = cells.iter().map(|v| if let Value::Text(text) = v { text.as_str() } else { "" });
            self.fit(self.row, self.tallest(texts), LINE_HEIGHT)?;
            self.row += 1;
        }
        if let Some(note) = &grid.note {
            self.line(note, &self.styles.note, LINE_HEIGHT)?;
        }
        Ok(header)
    }

    /// The most lines any of a row's texts takes in its column.
    fn tallest<'t>(&self, texts: impl Iterator<Item = &'t str>) -> usize {
        texts.zip(&self.widths).map(|(text, width)| lines(text, *width)).max().unwrap_or(1)
    }

    /// One cell: a number with its format, text as text, nothing for [`Value::Empty`].
    fn cell(&mut self, column: ColNum, value: &Value) -> Result<(), XlsxError> {
        let (row, styles) = (self.row, self.styles);
        let sheet = &mut *self.worksheet;
        match value {
            Value::Text(text) => sheet.write_string_with_format(row, column, text, &styles.text)?,
            Value::Money(amount) => sheet.write_number_with_format(row, column, double(*amount)?, &styles.money)?,
            Value::Number(number, places) => {
                sheet.write_number_with_format(row, column, double(*number)?, &styles.number(*places))?
            }
            Value::Share(share) => sheet.write_number_with_format(row, column, double(*share)?, &styles.share)?,
            Value::Year(year) => sheet.write_number_with_format(row, column, *year as f64, &styles.year)?,
            Value::Empty => sheet,
        };
        Ok(())
    }

    /// A line chart of the grid's cumulative discounted columns (public sector and society) per
    /// year, to the right of the table, titled by the section heading in row `heading`. It
    /// refers to the cells, so it shows exactly the figures of the table.
    fn chart(&mut self, grid: &Grid, heading: RowNum, header: RowNum) -> Result<(), XlsxError> {
        let cumulative = [Text::CumulativePublic, Text::CumulativeSociety].map(|t| text(t, self.lang));
        let columns: Vec<ColNum> = (0..grid.header.len())
            .filter(|&c| cumulative.contains(&grid.header[c].as_str()))
            .map(|c| c as ColNum)
            .collect();
        if columns.is_empty() || grid.rows.is_empty() {
            return Ok(());
        }
        let (first, last) = (header + 1, header + grid.rows.len() as RowNum);
        let mut chart = Chart::new_line();
        chart.title().set_name((self.name, heading, 0)).set_font(ChartFont::new().set_size(12));
        chart.set_width(640).set_height(360);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        for column in columns {
            chart
                .add_series()
                .set_name((self.name, header, column))
                .set_categories((self.name, first, 0, last, 0))
                .set_values((self.name, first, column, last, column));
        }
        chart.x_axis().set_name((self.name, header, 0)).set_label_position(ChartAxisLabelPosition::Low);
        chart.y_axis().set_num_format("#,##0");
        self.worksheet.insert_chart(header - 1, grid.header.len() as ColNum + 1, &chart)?;
        Ok(())
    }
}

/// The nearest double to an exact figure (xlsx stores every number as an IEEE double).
fn double(value: Decimal) -> Result<f64, XlsxError> {
    value.to_f64().ok_or_else(|| XlsxError::ParameterError(format!("{value} has no double")))
}

#[cfg(test)]
mod tests {
    use super::{MAX_SHEET_NAME, unique_sheet_name};

    #[test]
    fn a_sheet_name_is_the_titles_head_in_whole_words_and_unique() {
        assert_eq!(unique_sheet_name("Värde hittills, till och med 2019-01", &[]), "Värde hittills");
        assert_eq!(unique_sheet_name("Fit per month (share of people)", &["fit per month"]), "Fit per month (2)");
        assert_eq!(unique_sheet_name("a/b*c?[d]", &[]), "a b c d");
        assert_eq!(unique_sheet_name("'' ?", &[]), "Sheet");
        let long = unique_sheet_name("The forecast and the updated forecast per perspective", &[]);
        assert_eq!(long, "The forecast and the updated");
        let word = "x".repeat(40);
        assert_eq!(unique_sheet_name(&word, &[]).chars().count(), MAX_SHEET_NAME);
    }
}
