//! Collects every problem found, with its location, so all are reported at once.

use crate::diagnostic::{Diagnostic, FileId, did_you_mean};
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use toml::Spanned;

/// A hint lists at most this many ids, so that a message stays short whatever the model's size.
const MAX_LISTED: usize = 12;

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

    /// Records an unknown id at `span` in `file`: what it should name (`what`, e.g. "state or
    /// group"), the id, and as help the closest of `known` or the list of them (see
    /// [`id_hint`]). Every id resolved anywhere in a model or scenario is reported this way.
    pub fn unknown_id(
        &mut self,
        file: FileId,
        span: Range<usize>,
        what: &str,
        id: &str,
        (plural, known): (&str, &[&[String]]),
    ) {
        let help = id_hint(id, plural, known);
        self.at(file, span, format!("unknown {what} {}", shown_id(id)), &format!("no {what} has this id"), help);
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

/// The hint for an unknown `id`: the closest of `known` ("did you mean `x`?") when one is close
/// enough, else the known ids, the first [`MAX_LISTED`] of them and how many more. `plural`
/// names them in the hint ("actors", "states and groups"); `known` may come in several lists,
/// so that states and groups are offered together without copying them.
pub fn id_hint(id: &str, plural: &str, known: &[&[String]]) -> String {
    let all = || known.iter().flat_map(|list| list.iter()).map(String::as_str);
    if let Some(close) = did_you_mean(id, all()) {
        return format!("did you mean `{close}`?");
    }
    let count: usize = known.iter().map(|list| list.len()).sum();
    let listed = all().take(MAX_LISTED).collect::<Vec<_>>().join(", ");
    match count {
        0 => format!("there are no {plural} to name here"),
        n if n > MAX_LISTED => format!("the {plural} are: {listed} … and {} more", n - MAX_LISTED),
        _ => format!("the {plural} are: {listed}"),
    }
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
            let plural = format!("{}s", self.what);
            problems.unknown_id(file, id.span(), self.what, id.get_ref(), (&plural, &[&self.order]));
        }
        found
    }

    /// A hint naming the closest id, or listing them.
    pub fn hint(&self, id: &str) -> String {
        id_hint(id, &format!("{}s", self.what), &[&self.order])
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

#[cfg(test)]
mod tests {
    use super::id_hint;

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_close_id_is_suggested_from_any_of_the_lists() {
        let (groups, states) = (ids(&["g_stod"]), ids(&["arbete", "studier"]));
        assert_eq!(id_hint("studeir", "states and groups", &[&groups, &states]), "did you mean `studier`?");
    }

    #[test]
    fn without_a_close_id_the_ids_are_listed_and_a_long_list_is_shortened() {
        assert_eq!(id_hint("x", "actors", &[&ids(&["kommun", "individ"])]), "the actors are: kommun, individ");
        let many: Vec<String> = (1..=20).map(|i| format!("s{i:02}")).collect();
        let hint = id_hint("hemlos", "states", &[&many]);
        assert_eq!(hint, "the states are: s01, s02, s03, s04, s05, s06, s07, s08, s09, s10, s11, s12 … and 8 more");
        assert_eq!(id_hint("x", "outcomes", &[]), "there are no outcomes to name here");
    }
}
