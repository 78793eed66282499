//! Collects every problem found, with its location, so all are reported at once.

use crate::diagnostic::{Diagnostic, FileId, did_you_mean};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use toml::Spanned;

/// A hint lists at most this many ids, so that a message stays short whatever the model's size.
const MAX_LISTED: usize = 30;

/// The problems found so far.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Diagnostic>,
    seen: HashSet<Diagnostic>,
}

impl Problems {
    /// Records a problem at `span` in `file`.
    pub fn at(
        &mut self,
        file: FileId,
        span: Range<usize>,
        message: impl Into<String>,
        label: &str,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::at(file, span, message, label).help(help);
        if self.seen.insert(d.clone()) {
            self.list.push(d);
        }
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The number found so far.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// All problems, in the order of the files and their positions.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.list.sort_by_key(|d| (d.file, d.span.as_ref().map(|s| s.start)));
        self.list
    }
}

/// An id as a message names it: in backticks, or as an empty id.
pub fn shown_id(id: &str) -> String {
    if id.is_empty() { "`\"\"` (an empty id)".into() } else { format!("`{id}`") }
}

/// Reports an empty id.
pub fn empty_id(what: &str, file: FileId, id: &Spanned<String>, problems: &mut Problems) {
    problems.at(
        file,
        id.span(),
        format!("an empty {what} id"),
        "an id must not be empty",
        format!("give the {what} a short id of letters, digits and `_`"),
    );
}

/// An index of ids to positions, reporting duplicates.
pub struct Ids {
    /// What the ids name ("state", "actor", …), for messages.
    pub what: &'static str,
    index: HashMap<String, usize>,
    order: Vec<String>,
}

impl Ids {
    /// Indexes `ids`, reporting every duplicate.
    pub fn new<'a>(
        what: &'static str,
        file: FileId,
        ids: impl IntoIterator<Item = &'a Spanned<String>>,
        problems: &mut Problems,
    ) -> Self {
        let mut built = Ids { what, index: HashMap::new(), order: Vec::new() };
        built.extend(file, ids, problems);
        built
    }

    /// Adds `ids` written in `file`, reporting every duplicate of an id already known.
    pub fn extend<'a>(
        &mut self,
        file: FileId,
        ids: impl IntoIterator<Item = &'a Spanned<String>>,
        problems: &mut Problems,
    ) {
        let what = self.what;
        for id in ids {
            if id.get_ref().is_empty() {
                empty_id(what, file, id, problems);
                continue;
            }
            if self.index.contains_key(id.get_ref()) {
                problems.at(
                    file,
                    id.span(),
                    format!("duplicate {what} id `{}`", id.get_ref()),
                    "defined again here",
                    format!("give every {what} its own id"),
                );
                continue;
            }
            self.index.insert(id.get_ref().clone(), self.order.len());
            self.order.push(id.get_ref().clone());
        }
    }

    /// The position of `id`, reporting an unknown id with a did-you-mean hint.
    pub fn find(&self, file: FileId, id: &Spanned<String>, problems: &mut Problems) -> Option<usize> {
        let found = self.index.get(id.get_ref()).copied();
        if found.is_none() {
            problems.at(
                file,
                id.span(),
                format!("unknown {} {}", self.what, shown_id(id.get_ref())),
                &format!("no {} has this id", self.what),
                self.hint(id.get_ref()),
            );
        }
        found
    }

    /// A hint naming the closest id, or listing them.
    pub fn hint(&self, id: &str) -> String {
        match did_you_mean(id, self.order.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None if self.order.len() > MAX_LISTED => format!(
                "the first of the {} {}s are: {}, …",
                self.order.len(),
                self.what,
                self.order[..MAX_LISTED].join(", ")
            ),
            None => format!("the {}s are: {}", self.what, self.order.join(", ")),
        }
    }

    /// The ids in the order defined.
    pub fn order(&self) -> &[String] {
        &self.order
    }

    /// The number of distinct ids.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether `id` is known.
    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// The position of a known id.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}
