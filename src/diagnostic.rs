//! Errors as the user sees them: every problem with its file, line, column, offending value,
//! the rule it breaks and how to fix it, rendered in one place with `annotate-snippets`.

use crate::escape;
use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use std::ops::Range;
use std::path::PathBuf;

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// A text file that was read, kept for error reports and input hashes.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given or resolved.
    pub path: PathBuf,
    /// The text.
    pub text: String,
}

/// Every file read during one run.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// The byte offset at which each line of each file starts.
    line_starts: Vec<Vec<usize>>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        self.line_starts.push(starts);
        self.files.push(SourceFile { path, text });
        self.files.len() - 1
    }

    /// The file with id `id`.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// All files, in the order read.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The 1-based line and column (in characters) of a byte offset, in time logarithmic in
    /// the number of lines and linear in the line's length.
    pub fn line_column(&self, id: FileId, offset: usize) -> (usize, usize) {
        let text = &self.files[id].text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_index(id, offset);
        let column = text[self.line_starts[id][line]..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The 0-based line holding byte `offset`.
    fn line_index(&self, id: FileId, offset: usize) -> usize {
        self.line_starts[id].partition_point(|&start| start <= offset).saturating_sub(1)
    }

    /// The byte range of the 0-based line `line`, without its newline.
    fn line_range(&self, id: FileId, line: usize) -> Range<usize> {
        let text = &self.files[id].text;
        let start = self.line_starts[id][line];
        let end = self.line_starts[id].get(line + 1).map_or(text.len(), |next| next - 1);
        start..end.max(start)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn clamp_span(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    start..end
}

/// A place in an input file, kept by domain items whose problems only show when run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// The byte range.
    pub span: Range<usize>,
}

/// What kind of failure a diagnostic reports; decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input breaks a rule.
    Invalid,
    /// A file does not exist or cannot be read.
    NotFound,
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// What kind of problem it is.
    pub severity: Severity,
    /// The file, if the problem has a location.
    pub file: Option<FileId>,
    /// The byte range of the offending text.
    pub span: Option<Range<usize>>,
    /// What is wrong, naming the offending value.
    pub message: String,
    /// The rule it breaks, shown under the offending text.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at a location in a file.
    pub fn at(file: FileId, span: Range<usize>, message: impl Into<String>, label: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Invalid,
            file: Some(file),
            span: Some(span),
            message: message.into(),
            label: label.into(),
            help: None,
        }
    }

    /// A problem without a location in a file.
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Invalid,
            file: None,
            span: None,
            message: message.into(),
            label: String::new(),
            help: None,
        }
    }

    /// Adds how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Marks it as a missing or unreadable file.
    pub fn not_found(mut self) -> Self {
        self.severity = Severity::NotFound;
        self
    }

    /// Renders it as plain text with the offending line underlined. Every text from a file
    /// (message, path, source line) is escaped so that it cannot control a terminal, and only
    /// the lines around the span are shown, so rendering costs time in the excerpt's length.
    pub fn render(&self, sources: &Sources) -> String {
        let message = escape::inline(clip(&self.message));
        let title = Level::ERROR.primary_title(message.as_ref());
        let help = self.help.as_deref().map(|help| escape::inline(clip(help)));
        let label = escape::inline(clip(&self.label));
        let located = self.file.zip(self.span.as_ref());
        let excerpt = located.map(|(file, span)| Excerpt::new(sources, file, span));
        let group = match (located, &excerpt) {
            (Some((file, _)), Some(excerpt)) => {
                let path = escape::inline(&display_path(&sources.get(file).path)).into_owned();
                let annotation = AnnotationKind::Primary.span(excerpt.span.clone()).label(label.as_ref());
                let snippet = Snippet::source(excerpt.text.as_str()).line_start(excerpt.line);
                title.element(snippet.path(path).annotation(annotation))
            }
            _ => annotate_snippets::Group::with_title(title),
        };
        let group = match &help {
            Some(help) => group.element(Level::HELP.message(help.as_ref())),
            None => group,
        };
        let rendered = Renderer::plain().render(&[group]);
        match (located, &excerpt) {
            (Some((file, span)), Some(excerpt)) if excerpt.shortened => {
                excerpt.true_location(rendered, sources, file, span.start)
            }
            _ => rendered,
        }
    }
}

/// A message, label or help longer than this is cut (a value from a file can be megabytes long).
const MAX_MESSAGE_CHARS: usize = 400;

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters.
fn clip(text: &str) -> &str {
    escape::clip(text, MAX_MESSAGE_CHARS).0
}

/// At most this many problems are shown in full; the rest are counted by kind.
pub const MAX_SHOWN_PROBLEMS: usize = 50;

/// Renders every problem found, in time linear in the files' size plus the number of problems:
/// the first [`MAX_SHOWN_PROBLEMS`] in full, the rest counted by the rule they break ("and
/// 19 950 more like this: no state has this id"), then the total.
pub fn render_all(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let shown = diagnostics.iter().take(MAX_SHOWN_PROBLEMS);
    let mut out: Vec<String> = shown.map(|d| d.render(sources)).collect();
    if diagnostics.len() > 1 {
        let mut total = format!("error: {} problems found", diagnostics.len());
        if diagnostics.len() > MAX_SHOWN_PROBLEMS {
            total.push_str(&format!("; the first {MAX_SHOWN_PROBLEMS} are shown above"));
            total.extend(rest_by_kind(&diagnostics[MAX_SHOWN_PROBLEMS..]));
        }
        out.push(total);
    }
    out.join("\n\n")
}

/// One line per kind of problem among `rest`, most frequent first.
fn rest_by_kind(rest: &[Diagnostic]) -> Vec<String> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for d in rest {
        let kind = if d.label.is_empty() { d.message.as_str() } else { d.label.as_str() };
        *counts.entry(kind).or_default() += 1;
    }
    let mut kinds: Vec<(&str, usize)> = counts.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    kinds.into_iter().map(|(kind, n)| format!("\n  and {n} more like this: {}", escape::inline(kind))).collect()
}

/// The lines of a file shown under a diagnostic, made safe to print.
struct Excerpt {
    /// The text shown.
    text: String,
    /// The span within it.
    span: Range<usize>,
    /// The 1-based number of its first line.
    line: usize,
    /// Whether a long line was cut around the span (columns then no longer count from 1).
    shortened: bool,
}

/// Lines longer than this are cut to a window around the offending text.
const MAX_SHOWN_LINE: usize = 1000;

impl Excerpt {
    /// The line holding the start of `span`: a span over several lines is shown on its first.
    fn new(sources: &Sources, file: FileId, span: &Range<usize>) -> Self {
        let text = &sources.get(file).text;
        let span = clamp_span(text, span);
        let line = sources.line_index(file, span.start);
        let mut range = sources.line_range(file, line);
        let shortened = range.len() > MAX_SHOWN_LINE;
        if shortened {
            let from = floor_char_boundary(text, span.start.saturating_sub(MAX_SHOWN_LINE / 2).max(range.start));
            let to = floor_char_boundary(text, (span.start + MAX_SHOWN_LINE / 2).min(range.end));
            range = from..to;
        }
        let within = span.start - range.start..span.end.min(range.end).max(span.start) - range.start;
        let (text, span) = escape::excerpt(&text[range], within);
        Excerpt { text, span, line: line + 1, shortened }
    }

    /// A rendering of a shortened line names the column within the excerpt; this puts the
    /// column within the whole line in its place.
    fn true_location(&self, rendered: String, sources: &Sources, file: FileId, offset: usize) -> String {
        let shown_column = self.text[..self.span.start].chars().count() + 1;
        let (line, column) = sources.line_column(file, offset);
        let shown = format!(":{line}:{shown_column}\n");
        rendered.replacen(&shown, &format!(":{line}:{column}\n"), 1)
    }
}

/// A path as shown to the user: relative to the working directory when it lies inside it,
/// else as it is. Files that were read are kept under their canonical paths, so the name shown
/// identifies the file read; `..` is never folded away textually, which a symbolic link would
/// make wrong.
pub fn display_path(path: &std::path::Path) -> String {
    let cwd = std::env::current_dir().ok().and_then(|cwd| std::fs::canonicalize(cwd).ok());
    let relative = cwd.and_then(|cwd| path.strip_prefix(cwd).ok().map(PathBuf::from));
    relative.unwrap_or_else(|| path.to_path_buf()).display().to_string()
}

/// Suggestions are looked for among at most this many candidates, so that a file with
/// thousands of ids and thousands of misspellings is still reported in linear time.
const MAX_SUGGESTION_CANDIDATES: usize = 200;

/// No suggestion is looked for a word longer than this: no id is that long.
const MAX_SUGGESTED_WORD_BYTES: usize = 200;

/// Suggests the closest of `candidates` to a misspelt `word`, if one is close enough (and
/// there are no more than [`MAX_SUGGESTION_CANDIDATES`] to compare with).
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let candidates: Vec<&str> = candidates.into_iter().take(MAX_SUGGESTION_CANDIDATES + 1).collect();
    if candidates.len() > MAX_SUGGESTION_CANDIDATES || word.len() > MAX_SUGGESTED_WORD_BYTES {
        return None;
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// What a number written as text in quotes was meant to be, and a sentence saying how to write
/// it instead: `"1,5"` → `` write `1.5` ``, `"1 500"` → `` write `1500` ``, `"3,5 %"` →
/// `` write `0.035` ``. `None` when the text is not a number written in one of these familiar
/// ways.
///
/// A comma is read as the Swedish decimal comma; spaces (also no-break and thin spaces) and `_`
/// between digits as grouping; a trailing `%` as per cent. The sentence names the text and
/// ends with the number to write, so that both a TOML type error and a value read from a
/// number-or-fraction key say the same.
pub fn number_written_as_text(text: &str) -> Option<(rust_decimal::Decimal, String)> {
    let trimmed = text.trim();
    let (body, per_cent) = match trimmed.strip_suffix('%') {
        Some(body) => (body.trim_end(), true),
        None => (trimmed, false),
    };
    let (negative, digits) = match body.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, body.strip_prefix('+').unwrap_or(body)),
    };
    let grouped = digits.contains([' ', '\u{a0}', '\u{202f}', '\u{2009}', '_']);
    let plain: String =
        digits.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '_')).collect();
    let comma = plain.contains(',');
    let (whole, fraction) = match plain.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (plain.as_str(), None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) || whole.len() + fraction.map_or(0, str::len) > 28 {
        return None;
    }
    let sign = if negative { "-" } else { "" };
    let written = match fraction {
        Some(fraction) => format!("{sign}{whole}.{fraction}"),
        None => format!("{sign}{whole}"),
    };
    let mut number = rust_decimal::Decimal::from_str_exact(&written).ok()?;
    if per_cent {
        number = number.checked_div(rust_decimal::Decimal::ONE_HUNDRED)?;
    }
    let number = number.normalize();
    let how = match (per_cent, comma, grouped) {
        (true, _, _) => format!("{written} % as a fraction"),
        (false, true, _) => "a number without quotes, with a decimal point, not a comma".to_string(),
        (false, false, true) => "a number without quotes or spaces; `1_500` may group digits".to_string(),
        (false, false, false) => "a number, without quotes".to_string(),
    };
    let shown = escape::clip(text, 40).0;
    Some((number, format!("\"{shown}\" is text, not a number: write `{number}` ({how})")))
}

#[cfg(test)]
mod tests {
    use super::number_written_as_text;

    /// The number to write for `text`, as the sentence gives it.
    fn written(text: &str) -> Option<String> {
        number_written_as_text(text).map(|(number, _)| number.to_string())
    }

    #[test]
    fn a_number_in_quotes_is_read_back_as_the_number_meant() {
        assert_eq!(written("1,5").as_deref(), Some("1.5"));
        assert_eq!(written("0,25").as_deref(), Some("0.25"));
        assert_eq!(written("1 500").as_deref(), Some("1500"));
        assert_eq!(written("1\u{a0}500,50").as_deref(), Some("1500.5"));
        assert_eq!(written("10_720").as_deref(), Some("10720"));
        assert_eq!(written("−5").as_deref(), Some("-5"));
        assert_eq!(written("40").as_deref(), Some("40"));
        assert_eq!(written("3,5 %").as_deref(), Some("0.035"));
        assert_eq!(written("25%").as_deref(), Some("0.25"));
    }

    #[test]
    fn text_that_is_no_familiar_number_is_left_alone() {
        for text in ["rest", "", "1,5,5", "1.500,5", "inf", "nan", "1e3", ",5", "5,", "12 kr", "%", "1/3"] {
            assert_eq!(written(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_sentence_names_the_text_and_the_number_to_write() {
        let (_, sentence) = number_written_as_text("1,5").expect("a number");
        assert_eq!(
            sentence,
            "\"1,5\" is text, not a number: write `1.5` (a number without quotes, with a decimal point, not a comma)"
        );
        let (_, sentence) = number_written_as_text("3,5 %").expect("a number");
        assert_eq!(sentence, "\"3,5 %\" is text, not a number: write `0.035` (3.5 % as a fraction)");
    }
}
