//! Errors as the user sees them: every problem with its file, line, column, offending value,
//! the rule it breaks and how to fix it, rendered in one place with `annotate-snippets`.

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
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
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

    /// The 1-based line and column of a byte offset.
    pub fn line_column(&self, id: FileId, offset: usize) -> (usize, usize) {
        let text = &self.files[id].text;
        let offset = offset.min(text.len());
        let before = &text[..floor_char_boundary(text, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The input breaks a rule.
    Invalid,
    /// A file does not exist or cannot be read.
    NotFound,
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
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

    /// Renders it as plain text with the offending line underlined.
    pub fn render(&self, sources: &Sources) -> String {
        let title = Level::ERROR.primary_title(self.message.as_str());
        let group = match (self.file, &self.span) {
            (Some(file), Some(span)) => {
                let source = sources.get(file);
                let path = display_path(&source.path);
                let span = clamp_span(&source.text, span);
                let snippet = Snippet::source(source.text.as_str())
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(span).label(self.label.as_str()));
                let group = title.element(snippet);
                match &self.help {
                    Some(help) => group.element(Level::HELP.message(help.as_str())),
                    None => group,
                }
            }
            _ => {
                let group = annotate_snippets::Group::with_title(title);
                match &self.help {
                    Some(help) => group.element(Level::HELP.message(help.as_str())),
                    None => group,
                }
            }
        };
        Renderer::plain().render(&[group])
    }
}

fn clamp_span(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.min(text.len())).max(start);
    start..end
}

/// A path as shown to the user: relative to the working directory where possible, with
/// `dir/..` folded away (`scenarios/../models/x.toml` is shown as `models/x.toml`).
pub fn display_path(path: &std::path::Path) -> String {
    let relative = std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(cwd).ok().map(PathBuf::from));
    fold_parents(&relative.unwrap_or_else(|| path.to_path_buf())).display().to_string()
}

fn fold_parents(path: &std::path::Path) -> PathBuf {
    use std::path::Component;
    let mut folded: Vec<Component> = Vec::new();
    for component in path.components() {
        match (component, folded.last()) {
            (Component::ParentDir, Some(Component::Normal(_))) => {
                folded.pop();
            }
            (Component::CurDir, _) => {}
            _ => folded.push(component),
        }
    }
    folded.iter().collect()
}

/// Suggests the closest of `candidates` to a misspelt `word`, if one is close enough.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
