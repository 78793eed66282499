//! Reading a CSV file of counts or amounts as a table of located cells: either dialect (`,` and
//! decimal point, or `;` and decimal comma, told apart by the header line), UTF-8 with or
//! without a byte order mark, `#` comment lines and blank lines skipped.
//!
//! Every cell keeps its byte range in the file, so every problem names its line and column.
//! Only aggregated counts are accepted: a column or a value that looks like personal data (a
//! personnummer, a name) is refused before anything else is read.

use crate::diagnostic::{Diagnostic, FileId, Sources};
use rust_decimal::Decimal;
use std::ops::Range;

/// How numbers and fields are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `,` between fields, `.` as decimal mark.
    Comma,
    /// `;` between fields, `,` as decimal mark, spaces allowed between thousands.
    Semicolon,
}

impl Dialect {
    fn separator(self) -> char {
        match self {
            Dialect::Comma => ',',
            Dialect::Semicolon => ';',
        }
    }
}

/// One field as written, without its quotes, with its byte range in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text, trimmed.
    pub text: String,
    /// Where it is in the file.
    pub span: Range<usize>,
}

/// One record of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The 1-based line it starts on.
    pub line: usize,
    /// Its fields, one per header column (missing trailing fields are empty cells).
    pub cells: Vec<Cell>,
    /// The byte range of the whole line.
    pub span: Range<usize>,
}

/// A CSV file read into located cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The file.
    pub file: FileId,
    /// The dialect found in the header line.
    pub dialect: Dialect,
    /// The column names.
    pub header: Vec<Cell>,
    /// The data records.
    pub records: Vec<Record>,
}

/// One column a file may have: its names (lower case; Swedish and English) and whether it
/// must be there.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The accepted names, the first one shown in messages.
    pub names: &'static [&'static str],
    /// Whether a file without it is refused.
    pub required: bool,
}

/// The most data records a file may hold (a monthly follow-up has a few thousand).
pub const MAX_RECORDS: usize = 200_000;

/// Column names that hold personal data; such a file is refused.
const PERSONAL_COLUMNS: [&str; 20] = [
    "personnummer",
    "personnr",
    "pnr",
    "personal_number",
    "personal_id",
    "ssn",
    "samordningsnummer",
    "namn",
    "name",
    "fornamn",
    "förnamn",
    "efternamn",
    "first_name",
    "last_name",
    "surname",
    "adress",
    "address",
    "e-post",
    "email",
    "telefon",
];

/// How to fix a file refused for personal data.
const PERSONAL_HELP: &str = "sekalk takes only aggregated counts (how many people in each group each month), never data about single persons: export the counts per month and group instead, and keep the personal data in the case system";

/// Reads `file` of `sources` as a table whose columns are among `columns`; returns the table
/// and, per column, its position in the file (`None` when an optional column is absent). Every
/// problem found is returned at once.
pub fn read(
    sources: &Sources,
    file: FileId,
    columns: &[Column],
) -> Result<(Table, Vec<Option<usize>>), Vec<Diagnostic>> {
    let text = &sources.get(file).text;
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = data_lines(text, start);
    let Some((header_line, header_range)) = lines.next() else {
        let end = text.len();
        return Err(vec![
            Diagnostic::at(file, start..end, "the file holds no table: no header line", "empty")
                .help(format!("write a header line with the column names ({}), then one line per row", names(columns))),
        ]);
    };
    let dialect = if text[header_range.clone()].contains(';') { Dialect::Semicolon } else { Dialect::Comma };
    let mut problems = Vec::new();
    let header = split(text, header_range.clone(), dialect, header_line, file, &mut problems);
    let positions = match_columns(file, &header, columns, &mut problems);
    let mut records = Vec::new();
    for (line, range) in lines {
        if records.len() == MAX_RECORDS {
            problems.push(
                Diagnostic::at(file, range, format!("the file has more than {MAX_RECORDS} rows"), "too many rows")
                    .help("aggregate the counts (per month and group) before reading them"),
            );
            break;
        }
        let mut cells = split(text, range.clone(), dialect, line, file, &mut problems);
        if cells.len() > header.len() && cells[header.len()..].iter().any(|c| !c.text.is_empty()) {
            let extra = &cells[header.len()];
            problems.push(
                Diagnostic::at(
                    file,
                    extra.span.clone(),
                    format!("line {line} has {} fields but the header names {} columns", cells.len(), header.len()),
                    "a field without a column",
                )
                .help(format!("remove the extra field, or quote a value that holds `{}`", dialect.separator())),
            );
        }
        let end = range.end;
        cells.resize(header.len(), Cell { text: String::new(), span: end..end });
        records.push(Record { line, cells, span: range });
    }
    let table = Table { file, dialect, header, records };
    personal_data(&table, &mut problems);
    if problems.is_empty() && table.records.is_empty() {
        problems.push(
            Diagnostic::at(file, header_range, "the file has a header but no rows", "no rows after this")
                .help("add one line per count or amount under the header"),
        );
    }
    if problems.is_empty() { Ok((table, positions)) } else { Err(problems) }
}

/// The lines that hold data: 1-based line number and byte range without the line ending;
/// blank lines and `#` comments skipped. A quoted field may span lines.
fn data_lines(text: &str, start: usize) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
    let mut offset = start;
    let mut line = 1;
    std::iter::from_fn(move || {
        while offset < text.len() {
            let (begin, first_line) = (offset, line);
            let mut quoted = false;
            let mut end = text.len();
            for (i, c) in text[offset..].char_indices() {
                match c {
                    '"' => quoted = !quoted,
                    '\n' if !quoted => {
                        end = offset + i;
                        break;
                    }
                    '\n' => line += 1,
                    _ => {}
                }
            }
            offset = end + 1;
            line += 1;
            let content = begin..text[begin..end].trim_end_matches('\r').len() + begin;
            let trimmed = text[content.clone()].trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Some((first_line, content));
            }
        }
        None
    })
}

/// The fields of one line, unquoted and trimmed, each with its span.
fn split(
    text: &str,
    range: Range<usize>,
    dialect: Dialect,
    line: usize,
    file: FileId,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Cell> {
    let separator = dialect.separator();
    let mut cells = Vec::new();
    let mut field_start = range.start;
    let mut value = String::new();
    let mut quoted = false;
    let mut chars = text[range.clone()].char_indices().map(|(i, c)| (range.start + i, c)).peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' if quoted && chars.peek().is_some_and(|(_, next)| *next == '"') => {
                value.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                cells.push(cell(std::mem::take(&mut value), text, field_start..at));
                field_start = at + c.len_utf8();
            }
            c => value.push(c),
        }
    }
    if quoted {
        problems.push(
            Diagnostic::at(
                file,
                field_start..range.end,
                format!("line {line} has a quote that is never closed"),
                "opened here",
            )
            .help("close the quoted field with `\"`, or write a quote inside it as `\"\"`"),
        );
    }
    cells.push(cell(value, text, field_start..range.end));
    cells
}

fn cell(value: String, text: &str, span: Range<usize>) -> Cell {
    let raw = &text[span.clone()];
    let lead = raw.len() - raw.trim_start().len();
    let trail = raw.len() - raw.trim_end().len();
    let span = if lead + trail >= raw.len() { span.start..span.start } else { span.start + lead..span.end - trail };
    Cell { text: value.trim().to_string(), span }
}

/// A column name as compared: lower case, trimmed, spaces as `_`.
fn normalised(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The columns by their first names, for messages: `` `month`, `count` ``.
fn names(columns: &[Column]) -> String {
    columns.iter().map(|c| format!("`{}`", c.names[0])).collect::<Vec<_>>().join(", ")
}

/// The position of every expected column in the header; unknown, repeated and missing
/// columns are problems.
fn match_columns(
    file: FileId,
    header: &[Cell],
    columns: &[Column],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Option<usize>> {
    let mut positions = vec![None; columns.len()];
    for (index, name) in header.iter().enumerate() {
        let wanted = normalised(&name.text);
        if PERSONAL_COLUMNS.iter().any(|p| normalised(p) == wanted) {
            continue; // refused with its own message
        }
        match columns.iter().position(|c| c.names.iter().any(|n| normalised(n) == wanted)) {
            Some(column) if positions[column].is_some() => problems.push(
                Diagnostic::at(file, name.span.clone(), format!("column `{}` is named twice", name.text), "again here")
                    .help("keep one column of each kind"),
            ),
            Some(column) => positions[column] = Some(index),
            None => problems.push(
                Diagnostic::at(
                    file,
                    name.span.clone(),
                    format!("unknown column `{}`", name.text),
                    "not a column sekalk reads",
                )
                .help(format!("the columns are {}", names(columns))),
            ),
        }
    }
    let whole_header = header.first().zip(header.last()).map_or(0..0, |(a, b)| a.span.start..b.span.end);
    for (column, position) in columns.iter().zip(&positions) {
        if column.required && position.is_none() {
            problems.push(
                Diagnostic::at(
                    file,
                    whole_header.clone(),
                    format!("the column `{}` is missing", column.names[0]),
                    "header line",
                )
                .help(format!(
                    "add a column `{}` (the columns are {})",
                    column.names[0],
                    names(columns)
                )),
            );
        }
    }
    positions
}

/// Refuses a table with a column named like personal data or a value that looks like a
/// personnummer or samordningsnummer.
fn personal_data(table: &Table, problems: &mut Vec<Diagnostic>) {
    for name in &table.header {
        if PERSONAL_COLUMNS.iter().any(|p| normalised(p) == normalised(&name.text)) {
            problems.push(
                Diagnostic::at(
                    table.file,
                    name.span.clone(),
                    format!("the column `{}` holds personal data, which sekalk refuses to read", name.text),
                    "personal data",
                )
                .help(PERSONAL_HELP),
            );
        }
    }
    let found = table.records.iter().flat_map(|r| &r.cells).find(|c| looks_like_personnummer(&c.text));
    if let Some(cell) = found {
        problems.push(
            Diagnostic::at(
                table.file,
                cell.span.clone(),
                "a value looks like a personnummer, which sekalk refuses to read",
                "personal data",
            )
            .help(PERSONAL_HELP),
        );
    }
}

/// Whether `text` has the shape of a Swedish personnummer or samordningsnummer:
/// (YY)YYMMDD, an optional `-` or `+`, four digits, with a month 01–12 and a day 01–31 (or
/// 61–91 for a samordningsnummer).
pub fn looks_like_personnummer(text: &str) -> bool {
    let digits: String = text.chars().filter(|c| !matches!(c, '-' | '+')).collect();
    let separators = text.chars().filter(|c| matches!(c, '-' | '+')).count();
    let date_len = digits.len().wrapping_sub(4);
    if !(digits.len() == 10 || digits.len() == 12) || !digits.bytes().all(|b| b.is_ascii_digit()) || separators > 1 {
        return false;
    }
    if separators == 1 && text.find(['-', '+']) != Some(date_len) {
        return false;
    }
    let date = &digits[date_len - 6..date_len];
    let month: u32 = date[2..4].parse().unwrap_or(0);
    let day: u32 = date[4..6].parse().unwrap_or(0);
    (1..=12).contains(&month) && ((1..=31).contains(&day) || (61..=91).contains(&day))
}

/// A number as written in `dialect`: `1234.5` with commas between fields; `1 234,5` (spaces
/// between thousands allowed) with semicolons. Refuses what the other dialect would read
/// differently.
pub fn number(text: &str, dialect: Dialect) -> Result<Decimal, String> {
    let cleaned: String = match dialect {
        Dialect::Comma => {
            if text.contains(',') {
                return Err(format!(
                    "`{text}` is not a number here: this file separates fields with `,` and writes decimals with `.`"
                ));
            }
            text.to_string()
        }
        Dialect::Semicolon => {
            if text.contains('.') {
                return Err(format!(
                    "`{text}` is not a number here: this file separates fields with `;` and writes decimals with `,` (1 234,5)"
                ));
            }
            text.chars()
                .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
                .map(|c| if c == ',' { '.' } else { c })
                .collect()
        }
    };
    let plain = cleaned.strip_prefix('-').unwrap_or(&cleaned);
    let shape = !plain.is_empty()
        && plain.chars().all(|c| c.is_ascii_digit() || c == '.')
        && plain.chars().filter(|c| *c == '.').count() <= 1
        && plain.chars().next().is_some_and(|c| c.is_ascii_digit())
        && plain.chars().last().is_some_and(|c| c.is_ascii_digit());
    let parsed = shape.then(|| cleaned.parse::<Decimal>().ok()).flatten();
    match parsed {
        Some(value) if value.abs() <= Decimal::from(1_000_000_000_000_i64) => Ok(value),
        Some(_) => Err(format!("`{text}` is larger than sekalk accepts (at most 10^12)")),
        None if text.is_empty() => Err("the value is missing".into()),
        None => Err(format!("`{text}` is not a number")),
    }
}

/// A calendar month written `YYYY-MM`, as (year, month 1–12).
pub fn month(text: &str) -> Result<(i32, u32), String> {
    let parsed = text.split_once('-').and_then(|(y, m)| {
        let ok = y.len() == 4 && m.len() == 2 && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit());
        ok.then(|| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?))).flatten()
    });
    match parsed {
        Some((year, month)) if (1..=12).contains(&month) && (1900..=2200).contains(&year) => Ok((year, month)),
        _ if text.is_empty() => Err("the month is missing".into()),
        _ => Err(format!("`{text}` is not a month: write it as YYYY-MM, e.g. 2019-01")),
    }
}

/// Counts months from `from` to `to`: 0 for the same month, negative before it.
pub fn months_between(from: (i32, u32), to: (i32, u32)) -> i64 {
    (i64::from(to.0) - i64::from(from.0)) * 12 + i64::from(to.1) - i64::from(from.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str, columns: &[Column]) -> Result<(Table, Vec<Option<usize>>), Vec<Diagnostic>> {
        let mut sources = Sources::default();
        let file = sources.add("t.csv".into(), text.to_string());
        read(&sources, file, columns)
    }

    const COLUMNS: [Column; 2] =
        [Column { names: &["month", "manad"], required: true }, Column { names: &["count", "antal"], required: true }];

    #[test]
    fn both_dialects_give_the_same_numbers() {
        let (comma, _) = table("month,count\n2019-01,1234.5\n", &COLUMNS).expect("comma");
        let (semi, _) =
            table("\u{feff}manad;antal\n# a comment\n\n2019-01;\"1 234,5\"\n", &COLUMNS).expect("semicolon");
        let read = |t: &Table| number(&t.records[0].cells[1].text, t.dialect).expect("number");
        assert_eq!(read(&comma), read(&semi));
        assert_eq!(read(&comma), Decimal::new(12345, 1));
        assert_eq!(semi.records[0].line, 4);
    }

    #[test]
    fn a_number_in_the_other_dialect_is_refused() {
        assert!(number("1,5", Dialect::Comma).is_err());
        assert!(number("1.5", Dialect::Semicolon).is_err());
        assert!(number("1e5", Dialect::Comma).is_err());
        assert!(number(".5", Dialect::Comma).is_err());
        assert_eq!(number("-2", Dialect::Comma), Ok(Decimal::from(-2)));
    }

    #[test]
    fn personal_data_is_refused() {
        let problems = table("month,count,personnummer\n2019-01,3,x\n", &COLUMNS).expect_err("column");
        assert!(problems[0].message.contains("personal data"));
        let problems = table("month,count\n2019-01,19850312-1234\n", &COLUMNS).expect_err("value");
        assert!(problems[0].message.contains("personnummer"));
        assert!(looks_like_personnummer("198503121234"));
        assert!(looks_like_personnummer("850372+1234"));
        assert!(!looks_like_personnummer("2019-01"));
        assert!(!looks_like_personnummer("1234567890"));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let problems = table("month,count,colour\n2019-01,1,2,3\n", &COLUMNS).expect_err("bad");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(table("", &COLUMNS).is_err());
        assert!(table("month,count\n", &COLUMNS).is_err());
        assert!(table("month\n2019-01\n", &COLUMNS).is_err());
    }

    #[test]
    fn months_are_calendar_months() {
        assert_eq!(month("2019-01"), Ok((2019, 1)));
        assert!(month("2019-13").is_err());
        assert!(month("2019-1").is_err());
        assert_eq!(months_between((2016, 9), (2019, 1)), 28);
    }
}
