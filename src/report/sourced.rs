//! The figures a report rests on, with their sources: every figure the scenario sets and every
//! model figure whose source labels it an assumption.
//!
//! [`collect`] walks the raw, span-carrying types of [`crate::load::raw`], so every value is
//! shown as it is written in its file (`3.20` stays `3.20`, a fraction stays `350/1734`).

use crate::load::Loaded;
use crate::load::raw::{
    RawAfter, RawAlternative, RawCost, RawDiscounting, RawEffect, RawEqualisation, RawEqualisationShare, RawFixedCost,
    RawIntervention, RawModel, RawObserved, RawOverrides, RawPayment, RawPopulation, RawRow, RawScenario,
    RawScenarioSection, RawTable, RawValue,
};
use std::collections::BTreeSet;
use std::fmt::Display;
use toml::Spanned;

/// Where a figure was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// In the scenario file.
    Scenario,
    /// In the model file, labelled an assumption.
    ModelAssumption,
}

/// One sourced figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced {
    /// Where it was set.
    pub origin: Origin,
    /// What it is, in words (the key path and the id of what it belongs to, e.g.
    /// `alternatives[insats].interventions[coachning].effects[0].multiplier`).
    pub what: String,
    /// The value as written.
    pub value: String,
    /// Its source as written, whitespace collapsed; empty when neither the figure nor any
    /// table around it has a `source` key (`[scenario]` and `[overrides] model` have none).
    pub source: String,
}

/// The figures a report rests on, scenario figures first, then model assumptions, each in the
/// order they are written in their file.
///
/// **Scenario** ([`Origin::Scenario`]): every figure the scenario file sets — the horizon and
/// start date, the starting population and inflow, the discount rates, whether an added actor
/// is public, every setting, row, cost amount and kept share of `[overrides]`, and for each
/// alternative its rows, cost amounts and fixed costs and for each intervention its intake
/// (`intake`, `participants`, `share`, `intake_years`, `schedule`, `places`, `fill_months`,
/// `duration_months`), the amounts of its start, monthly and fixed costs (with their years),
/// its observations (share, date or months after intake), effect multipliers and drop-off. A
/// figure without a `source` of its own takes that of the nearest table around it; the horizon,
/// the start date and the `[overrides] model` settings have none, so their source is empty.
/// State lists, labels, kinds, payers and price years are not figures and are left out.
///
/// **Model** ([`Origin::ModelAssumption`]): every transition row, cost item amount and kept
/// tax share of the model whose source text contains "Antagande" or "Assumption" (in any
/// case). The model cannot tell which of them the result depends on: a row or cost item of a
/// state no one in the scenario ever reaches still counts. Only what the scenario's
/// `[overrides]` replaces for every alternative and the baseline alike is left out (the result
/// cannot depend on it).
///
/// Values are the text of the file (comments dropped, whitespace collapsed); a table is shown
/// as `{key = value, …}` in the order written; a lone string (an intake kind, a fraction) is
/// shown without its quotes. A schedule written as its own `[table]` rather than inline is
/// rendered from the parsed value (`{ by_year = [1.5, 2] }`: `1.50` would show as `1.5`). Never panics: it reads only what loading produced.
pub fn collect(loaded: &Loaded) -> Vec<Sourced> {
    let mut scenario = Figures::new(&loaded.sources.get(loaded.scenario_file).text, false);
    scenario.scenario(&loaded.scenario);
    let mut model = Figures::new(&loaded.sources.get(loaded.model_file).text, true);
    model.model(&loaded.model, &Replaced::by(loaded.scenario.overrides.as_ref()));
    let mut all = scenario.finish(Origin::Scenario);
    all.extend(model.finish(Origin::ModelAssumption));
    all
}

/// Whether a source text labels its figure an assumption.
fn is_assumption(source: &str) -> bool {
    let lower = source.to_lowercase();
    lower.contains("antagande") || lower.contains("assumption")
}

/// The model items the scenario's `[overrides]` replace for every alternative.
#[derive(Default)]
struct Replaced {
    /// `from` of the rows replaced.
    rows: BTreeSet<String>,
    /// Ids of the cost items replaced.
    costs: BTreeSet<String>,
    /// Receivers whose kept share is replaced.
    shares: BTreeSet<String>,
}

impl Replaced {
    fn by(overrides: Option<&RawOverrides>) -> Self {
        let Some(o) = overrides else { return Self::default() };
        Self {
            rows: o.transitions.iter().map(|r| r.from.get_ref().clone()).collect(),
            costs: o.costs.iter().map(|c| c.id.get_ref().clone()).collect(),
            shares: o.equalisation.iter().map(|e| e.receiver.get_ref().clone()).collect(),
        }
    }
}

/// One figure found: where it starts in its file, what it is, its value and its source.
type Found = (usize, String, String, String);

/// The figures found in one file.
struct Figures<'a> {
    /// The file's text, for values as written.
    text: &'a str,
    /// Keep only figures whose source labels them an assumption.
    only_assumptions: bool,
    /// What was found so far, in walking order.
    found: Vec<Found>,
}

impl<'a> Figures<'a> {
    fn new(text: &'a str, only_assumptions: bool) -> Self {
        Self { text, only_assumptions, found: Vec::new() }
    }

    /// The figures in file order.
    fn finish(mut self, origin: Origin) -> Vec<Sourced> {
        self.found.sort_by_key(|f| f.0);
        let into = |(_, what, value, source): Found| Sourced { origin, what, value, source };
        self.found.into_iter().map(into).collect()
    }

    fn push(&mut self, at: usize, what: String, value: String, source: &str) {
        if !self.only_assumptions || is_assumption(source) {
            self.found.push((at, what, value, collapse(source)));
        }
    }

    // ---- values as written ------------------------------------------------------------------

    /// The text at `span`, comments dropped and whitespace collapsed.
    fn written(&self, span: std::ops::Range<usize>) -> Option<String> {
        self.text.get(span).map(compact).filter(|s| !s.is_empty())
    }

    /// A value in TOML form: as written, or (for a table written as `[section]` or with dotted
    /// keys, whose text is elsewhere) rendered from the parsed value.
    fn toml_text(&self, value: &RawValue) -> String {
        let written = self.written(value.span());
        match (written, value.get_ref()) {
            (Some(w), toml::Value::Table(_)) if !w.starts_with('{') => value.get_ref().to_string(),
            (Some(w), _) => w,
            (None, v) => v.to_string(),
        }
    }

    /// A table of ids to values, `{key = value, …}` in the order written.
    fn table_text(&self, table: &RawTable) -> String {
        let mut entries: Vec<_> = table.get_ref().iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        let entry = |(key, value): (&Spanned<String>, &RawValue)| format!("{} = {}", bare(key), self.toml_text(value));
        format!("{{{}}}", entries.into_iter().map(entry).collect::<Vec<_>>().join(", "))
    }

    /// A list, `[a, b, …]`, each element as written.
    fn list_text<T: Display>(&self, list: &Spanned<Vec<Spanned<T>>>) -> String {
        let item = |v: &Spanned<T>| self.written(v.span()).unwrap_or_else(|| v.get_ref().to_string());
        format!("[{}]", list.get_ref().iter().map(item).collect::<Vec<_>>().join(", "))
    }

    // ---- one figure -------------------------------------------------------------------------

    /// A number, date or flag, as written.
    fn scalar<T: Display>(&mut self, what: String, figure: Option<&Spanned<T>>, source: &str) {
        if let Some(f) = figure {
            let value = self.written(f.span()).unwrap_or_else(|| f.get_ref().to_string());
            self.push(f.span().start, what, value, source);
        }
    }

    /// A keyword, without its quotes.
    fn word(&mut self, what: String, figure: Option<&Spanned<String>>, source: &str) {
        if let Some(f) = figure {
            self.push(f.span().start, what, f.get_ref().clone(), source);
        }
    }

    /// A number, fraction, schedule or `"rest"` (a lone string without its quotes).
    fn value(&mut self, what: String, figure: &RawValue, source: &str) {
        let value = match figure.get_ref() {
            toml::Value::String(s) => s.clone(),
            _ => self.toml_text(figure),
        };
        self.push(figure.span().start, what, value, source);
    }

    fn table(&mut self, what: String, figure: Option<&RawTable>, source: &str) {
        if let Some(t) = figure {
            let value = self.table_text(t);
            self.push(t.span().start, what, value, source);
        }
    }

    fn list<T: Display>(&mut self, what: String, figure: Option<&Spanned<Vec<Spanned<T>>>>, source: &str) {
        if let Some(l) = figure {
            let value = self.list_text(l);
            self.push(l.span().start, what, value, source);
        }
    }

    // ---- the scenario -----------------------------------------------------------------------

    fn scenario(&mut self, s: &RawScenario) {
        self.section(&s.scenario);
        self.population(&s.population);
        self.discounting(&s.discounting);
        for actor in &s.actors {
            let source = actor.source.as_ref().map_or("", |s| s.get_ref());
            let what = format!("actors[{}].public", actor.id.get_ref());
            let span = actor.id.span();
            self.push(span.start, what, actor.public.to_string(), source);
        }
        if let Some(o) = &s.overrides {
            self.overrides(o);
        }
        for alternative in s.alternatives.get_ref() {
            self.alternative(alternative);
        }
    }

    fn section(&mut self, s: &RawScenarioSection) {
        self.scalar("scenario.horizon_years".into(), Some(&s.horizon_years), "");
        self.scalar("scenario.start_date".into(), s.start_date.as_ref(), "");
    }

    fn population(&mut self, p: &RawPopulation) {
        let source = p.source.get_ref();
        self.table("population.start".into(), p.start.as_ref(), source);
        self.word("population.start_csv".into(), p.start_csv.as_ref(), source);
        self.table("population.inflow".into(), p.inflow.as_ref(), source);
        self.word("population.inflow_csv".into(), p.inflow_csv.as_ref(), source);
    }

    fn discounting(&mut self, d: &RawDiscounting) {
        self.value("discounting.costs".into(), &d.costs, d.source.get_ref());
        self.table("discounting.outcomes".into(), d.outcomes.as_ref(), d.source.get_ref());
    }

    fn overrides(&mut self, o: &RawOverrides) {
        if let Some(m) = &o.model {
            self.word("overrides.model.counting".into(), m.counting.as_ref(), "");
            self.scalar("overrides.model.discount_first_year".into(), m.discount_first_year.as_ref(), "");
        }
        for row in &o.transitions {
            self.row("overrides.transitions", row);
        }
        for cost in &o.costs {
            self.cost("overrides.costs", cost);
        }
        for share in &o.equalisation {
            self.share(share);
        }
    }

    fn share(&mut self, e: &RawEqualisationShare) {
        let what = format!("overrides.equalisation[{}].kept_share", e.receiver.get_ref());
        self.scalar(what, Some(&e.kept_share), e.source.get_ref());
    }

    fn alternative(&mut self, a: &RawAlternative) {
        let at = format!("alternatives[{}]", a.id.get_ref());
        for row in &a.transitions {
            self.row(&format!("{at}.transitions"), row);
        }
        for cost in &a.costs {
            self.cost(&format!("{at}.costs"), cost);
        }
        for (i, fixed) in a.fixed_cost.iter().enumerate() {
            self.fixed_cost(&format!("{at}.fixed_cost[{i}]"), fixed);
        }
        for intervention in &a.interventions {
            self.intervention(&format!("{at}.interventions[{}]", intervention.id.get_ref()), intervention);
        }
    }

    fn intervention(&mut self, at: &str, i: &RawIntervention) {
        let source = i.source.get_ref();
        self.word(format!("{at}.intake"), i.intake.as_ref(), source);
        self.scalar(format!("{at}.participants"), i.participants.as_ref(), source);
        self.scalar(format!("{at}.share"), i.share.as_ref(), source);
        self.scalar(format!("{at}.intake_years"), i.intake_years.as_ref(), source);
        self.list(format!("{at}.schedule"), i.schedule.as_ref(), source);
        self.scalar(format!("{at}.places"), i.places.as_ref(), source);
        self.scalar(format!("{at}.fill_months"), i.fill_months.as_ref(), source);
        self.scalar(format!("{at}.duration_months"), Some(&i.duration_months), source);
        for (n, payment) in i.start_cost.iter().enumerate() {
            self.payment(&format!("{at}.start_cost[{n}]"), payment);
        }
        for (n, payment) in i.monthly_cost.iter().enumerate() {
            self.payment(&format!("{at}.monthly_cost[{n}]"), payment);
        }
        for (n, fixed) in i.fixed_cost.iter().enumerate() {
            self.fixed_cost(&format!("{at}.fixed_cost[{n}]"), fixed);
        }
        for (n, observed) in i.observed.iter().enumerate() {
            self.observed(&format!("{at}.observed[{n}]"), observed);
        }
        for (n, effect) in i.effects.iter().enumerate() {
            self.effect(&format!("{at}.effects[{n}]"), effect);
        }
        if let Some(after) = &i.after {
            self.after(&format!("{at}.after"), after);
        }
    }

    fn payment(&mut self, at: &str, p: &RawPayment) {
        self.scalar(format!("{at}.amount"), Some(&p.amount), p.source.get_ref());
    }

    fn fixed_cost(&mut self, at: &str, f: &RawFixedCost) {
        let source = f.source.get_ref();
        self.scalar(format!("{at}.amount"), Some(&f.amount), source);
        self.list(format!("{at}.years"), f.years.as_ref(), source);
        self.scalar(format!("{at}.year"), f.year.as_ref(), source);
    }

    fn observed(&mut self, at: &str, o: &RawObserved) {
        let source = o.source.get_ref();
        self.scalar(format!("{at}.share"), Some(&o.share), source);
        self.scalar(format!("{at}.date"), o.date.as_ref(), source);
        self.scalar(format!("{at}.months_after_intake"), o.months_after_intake.as_ref(), source);
    }

    fn effect(&mut self, at: &str, e: &RawEffect) {
        self.scalar(format!("{at}.multiplier"), Some(&e.multiplier), e.source.get_ref());
    }

    fn after(&mut self, at: &str, a: &RawAfter) {
        self.scalar(format!("{at}.drop_off"), Some(&a.drop_off), a.source.get_ref());
    }

    // ---- shared by both files ---------------------------------------------------------------

    fn row(&mut self, at: &str, r: &RawRow) {
        let what = format!("{at}[{}].to", r.from.get_ref());
        self.table(what, Some(&r.to), r.source.as_deref().unwrap_or(""));
    }

    fn cost(&mut self, at: &str, c: &RawCost) {
        self.value(format!("{at}[{}].amount", c.id.get_ref()), &c.amount, c.source.get_ref());
    }

    // ---- the model --------------------------------------------------------------------------

    fn model(&mut self, m: &RawModel, replaced: &Replaced) {
        for row in m.transitions.iter().filter(|r| !replaced.rows.contains(r.from.get_ref())) {
            self.row("transitions", row);
        }
        for cost in m.costs.iter().filter(|c| !replaced.costs.contains(c.id.get_ref())) {
            self.cost("costs", cost);
        }
        for e in m.equalisation.iter().filter(|e| !replaced.shares.contains(e.receiver.get_ref())) {
            self.equalisation(e);
        }
    }

    fn equalisation(&mut self, e: &RawEqualisation) {
        let what = format!("equalisation[{}].kept_share", e.receiver.get_ref());
        self.scalar(what, Some(&e.kept_share), e.source.get_ref());
    }
}

/// Whitespace collapsed to single spaces, ends trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// TOML text with its comments dropped and its whitespace collapsed.
fn compact(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let (mut quote, mut escaped, mut comment) = (None, false, false);
    for c in text.chars() {
        match (quote, c) {
            _ if comment => comment = c != '\n',
            (None, '#') => comment = true,
            (None, '"' | '\'') => quote = Some(c),
            (Some('"'), '\\') if !escaped => escaped = true,
            (Some(q), _) if c == q && !escaped => quote = None,
            _ => escaped = false,
        }
        if !comment {
            kept.push(c);
        }
    }
    collapse(&kept)
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn bare(key: &Spanned<String>) -> String {
    let key = key.get_ref();
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if !key.is_empty() && key.chars().all(plain) { key.clone() } else { toml::Value::String(key.clone()).to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_drops_comments_and_keeps_strings() {
        assert_eq!(compact("[1,\n  2.50, # a comment\n 3]"), "[1, 2.50, 3]");
        assert_eq!(compact("\"a # not a comment\""), "\"a # not a comment\"");
        assert_eq!(compact("\"say \\\"#\\\"\" # gone"), "\"say \\\"#\\\"\"");
    }

    #[test]
    fn assumptions_are_found_in_any_case() {
        assert!(is_assumption("Antagande: x"));
        assert!(is_assumption("Härledd (antagande att …)"));
        assert!(is_assumption("An ASSUMPTION"));
        assert!(!is_assumption("Härledd: 1 − 19,70 / 20,89"));
    }
}
