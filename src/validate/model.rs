//! Rules of a model file: ids, rows of probabilities, cost items and outcome measures.

use super::parameters::{Reader, Scope};
use super::problems::{Ids, Problems};
use super::values;
use crate::diagnostic::{FileId, Sources};
use crate::domain::{
    Actor, Applies, Better, Booking, CostItem, CostKind, DiscountRate, Group, Grouping, Label, MAIN_GROUPING, Model,
    Outcome, Row, RowProblem, Schedule, State, Unit, cycle_row,
};
use crate::load::raw::{RawActor, RawCost, RawEqualisationShare, RawIds, RawModel, RawModelSettings, RawRow, RawValue};
use crate::project::Counting;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use toml::Spanned;

/// The largest amount per person per cycle accepted, in kr: far above any real cost, and low
/// enough that no projection can overflow the decimal type.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000;

/// A model as one strategy runs it: the model file, plus rows and cost items replaced by a
/// scenario (each with the file it was written in).
#[derive(Clone)]
pub struct ModelInput<'a> {
    /// The texts of the files, for locating keys.
    pub sources: &'a Sources,
    /// The model file.
    pub file: FileId,
    /// The model as written.
    pub raw: &'a RawModel,
    /// Settings overridden by the scenario.
    pub settings: Option<(FileId, &'a RawModelSettings)>,
    /// The rows in force, with their files.
    pub rows: Vec<(FileId, &'a RawRow)>,
    /// The cost items in force, with their files.
    pub costs: Vec<(FileId, &'a RawCost)>,
    /// Actors a scenario adds, with their file.
    pub extra_actors: Vec<(FileId, &'a RawActor)>,
    /// Kept tax shares a scenario sets, with their file.
    pub kept_shares: Vec<(FileId, &'a RawEqualisationShare)>,
    /// The parameters and tables formulas use.
    pub scope: &'a Scope,
}

impl<'a> ModelInput<'a> {
    /// The model file as written.
    pub fn new(sources: &'a Sources, file: FileId, raw: &'a RawModel, scope: &'a Scope) -> Self {
        ModelInput {
            scope,
            sources,
            file,
            raw,
            settings: None,
            rows: raw.transitions.iter().map(|r| (file, r)).collect(),
            costs: raw.costs.iter().map(|c| (file, c)).collect(),
            extra_actors: Vec::new(),
            kept_shares: Vec::new(),
        }
    }

    /// Reads values through the scope.
    pub fn reader(&self) -> Reader<'a> {
        Reader { sources: self.sources, scope: self.scope }
    }

    /// Replaces rows with the same `from` and cost items with the same id, or adds them. Two
    /// entries with the same key in one list are both kept, so validation reports the second.
    pub fn replace(&mut self, file: FileId, rows: &'a [RawRow], costs: &'a [RawCost]) {
        replace_by_key(&mut self.rows, file, rows, |r| r.from.get_ref());
        replace_by_key(&mut self.costs, file, costs, |c| c.id.get_ref());
    }
}

pub(super) fn replace_by_key<'a, T>(
    list: &mut Vec<(FileId, &'a T)>,
    file: FileId,
    new: &'a [T],
    key: impl Fn(&T) -> &String,
) {
    let mut position: HashMap<&String, usize> = HashMap::new();
    for (index, (_, old)) in list.iter().enumerate() {
        position.entry(key(old)).or_insert(index);
    }
    let mut replaced: HashSet<&String> = HashSet::new();
    for item in new {
        match position.get(key(item)) {
            Some(&slot) if !replaced.contains(key(item)) => list[slot] = (file, item),
            _ => list.push((file, item)),
        }
        replaced.insert(key(item));
    }
}

/// Every entry whose key an earlier entry of `list` already has.
fn repeated<'a, T>(list: &[(FileId, &'a T)], key: impl Fn(&T) -> &String) -> Vec<(FileId, &'a T)> {
    let mut seen: HashSet<&String> = HashSet::new();
    list.iter().filter(|(_, item)| !seen.insert(key(item))).copied().collect()
}

/// The ids a model defines: states, groups and actors.
pub struct Names {
    /// State ids.
    pub states: Ids,
    /// Group ids.
    pub groups: Ids,
    /// Actor ids.
    pub actors: Ids,
    /// The states of each group.
    pub members: Vec<Vec<usize>>,
}

impl Names {
    /// Resolves a list of state or group ids into states, reporting unknown ones.
    pub fn states_of(&self, file: FileId, ids: &RawIds, problems: &mut Problems) -> Vec<usize> {
        let unknown_before = problems.len();
        let mut states = Vec::new();
        for id in ids.get_ref() {
            if let Some(group) = self.groups.get(id.get_ref()) {
                states.extend(&self.members[group]);
            } else if let Some(state) = self.states.get(id.get_ref()) {
                states.push(state);
            } else {
                let known: [&[String]; 2] = [self.groups.order(), self.states.order()];
                problems.unknown_id(file, id.span(), "state or group", id.get_ref(), ("states and groups", &known));
            }
        }
        if ids.get_ref().is_empty() {
            problems.at(
                file,
                ids.span(),
                "the list of states is empty",
                "needs at least one state or group",
                "name the states or groups this applies to",
            );
        } else if states.is_empty() && unknown_before == problems.len() {
            problems.at(
                file,
                ids.span(),
                "the list names no states: its groups have no member states",
                "no states",
                "give the group member states (`group = \"…\"` on a `[[states]]` entry) or name states directly",
            );
        }
        states.sort_unstable();
        states.dedup();
        states
    }
}

/// Validates the model as one strategy runs it.
pub fn model(input: &ModelInput, problems: &mut Problems) -> Option<(Model, Names)> {
    let raw = input.raw;
    let file = input.file;
    let before = problems.len();
    let months_per_cycle = cycle_months(file, &raw.model.cycle, problems);
    let counting = counting(file, &raw.model.counting, input.settings, problems);
    let discount_first_year = input
        .settings
        .and_then(|(_, s)| s.discount_first_year.as_ref())
        .or(raw.model.discount_first_year.as_ref())
        .is_some_and(|b| *b.get_ref());
    year(file, &raw.model.price_year, problems);
    if raw.states.is_empty() {
        problems.at(file, raw.model.name.span(), "the model has no states", "this model", "add `[[states]]` entries");
    }
    if raw.actors.is_empty() {
        problems.at(
            file,
            raw.model.name.span(),
            "the model has no actors",
            "this model",
            "add `[[actors]]` entries (kommun, region, staten, individ, …)",
        );
    }
    let names = names(input, problems);
    let (groupings, groups) = groups(file, raw, &names, problems);
    let states =
        raw.states.iter().map(|s| State { id: s.id.get_ref().clone(), label: label(&s.label, &s.label_en) }).collect();
    let actors = raw
        .actors
        .iter()
        .chain(input.extra_actors.iter().map(|(_, a)| *a))
        .map(|a| Actor { id: a.id.get_ref().clone(), label: label(&a.label, &a.label_en), public: a.public })
        .collect();
    let mut rows = vec![None; raw.states.len()];
    for &(row_file, row) in &input.rows {
        if let Some((from, parsed)) = transition_row((input, row_file), row, &names, months_per_cycle, problems) {
            rows[from] = Some(parsed);
        }
    }
    duplicate_rows(&input.rows, problems);
    let mut costs = cost_items(input, &names, months_per_cycle, problems);
    let equalisation = super::equalisation::equalisation(input, &names, &mut costs, problems);
    let outcomes = outcomes((input.reader(), file), raw, &names, problems);
    if problems.len() > before {
        return None;
    }
    let model = Model {
        name: raw.model.name.get_ref().clone(),
        months_per_cycle: months_per_cycle?,
        counting: counting?,
        discount_first_year,
        price_year: *raw.model.price_year.get_ref(),
        groupings,
        groups,
        states,
        actors,
        rows,
        costs,
        equalisation,
        outcomes,
    };
    Some((model, names))
}

/// A label in both languages.
pub fn label(sv: &str, en: &Option<String>) -> Label {
    Label { sv: sv.to_string(), en: en.clone().unwrap_or_else(|| sv.to_string()) }
}

fn names(input: &ModelInput, problems: &mut Problems) -> Names {
    let (file, raw) = (input.file, input.raw);
    let states = Ids::new("state", file, raw.states.iter().map(|s| &s.id), problems);
    let groups = Ids::new("group", file, raw.groups.iter().map(|g| &g.id), problems);
    let mut actors = Ids::new("actor", file, raw.actors.iter().map(|a| &a.id), problems);
    for (actor_file, actor) in &input.extra_actors {
        actors.extend(*actor_file, std::iter::once(&actor.id), problems);
    }
    for group in &raw.groups {
        if states.contains(group.id.get_ref()) {
            problems.at(
                file,
                group.id.span(),
                format!("`{}` is both a state and a group", group.id.get_ref()),
                "a group with a state's id",
                "give groups ids that no state has",
            );
        }
    }
    let mut members = vec![Vec::new(); groups.len()];
    for (index, state) in raw.states.iter().enumerate() {
        if let Some(group) = &state.group
            && let Some(g) = groups.find(file, group, problems)
        {
            members[g].push(index);
        }
    }
    for group in &raw.groups {
        let (Some(g), Some(listed)) = (groups.get(group.id.get_ref()), &group.states) else { continue };
        for id in listed.get_ref() {
            match states.get(id.get_ref()) {
                Some(state) => members[g].push(state),
                None => {
                    states.find(file, id, problems);
                }
            }
        }
    }
    for list in &mut members {
        list.sort_unstable();
        list.dedup();
    }
    Names { states, groups, actors, members }
}

/// The groupings (the main one first) and every group with its states; a state may be in at
/// most one group of each grouping.
fn groups(file: FileId, raw: &RawModel, names: &Names, problems: &mut Problems) -> (Vec<Grouping>, Vec<Group>) {
    let main = Grouping { id: MAIN_GROUPING.into(), label: label("Huvudindelning", &Some("Main grouping".into())) };
    let mut groupings = vec![main];
    let ids = Ids::new("grouping", file, raw.groupings.iter().map(|g| &g.id), problems);
    for grouping in &raw.groupings {
        if grouping.id.get_ref() == MAIN_GROUPING {
            problems.at(
                file,
                grouping.id.span(),
                format!("the grouping id `{MAIN_GROUPING}` is reserved"),
                "groups without `grouping` form the main grouping",
                "choose another id, or leave `grouping` out of the groups of the main grouping",
            );
        }
    }
    groupings.extend(
        raw.groupings.iter().map(|g| Grouping { id: g.id.get_ref().clone(), label: label(&g.label, &g.label_en) }),
    );
    let mut groups = Vec::new();
    for (index, group) in raw.groups.iter().enumerate() {
        let grouping = match &group.grouping {
            None => Some(0),
            Some(id) => ids.find(file, id, problems).map(|g| g + 1),
        };
        let states = names.members.get(index).cloned().unwrap_or_default();
        let (code, months) = super::population::keys(file, group, problems);
        if let Some(grouping) = grouping {
            let label = label(&group.label, &group.label_en);
            groups.push((Group { id: group.id.get_ref().clone(), label, grouping, states, code, months }, group));
        }
    }
    super::population::keys_distinct(file, &groupings, &groups, problems);
    for (index, grouping) in groupings.iter().enumerate() {
        let mut owner: HashMap<usize, &str> = HashMap::new();
        for (group, written) in groups.iter().filter(|(g, _)| g.grouping == index) {
            for &state in &group.states {
                if let Some(first) = owner.insert(state, &group.id) {
                    problems.at(
                        file,
                        written.id.span(),
                        format!(
                            "state `{}` is in both `{first}` and `{}` of the grouping `{}`",
                            raw.states[state].id.get_ref(),
                            group.id,
                            grouping.id
                        ),
                        "a state may be in one group of each grouping",
                        "remove it from one of the groups, or put one group in another `grouping`",
                    );
                }
            }
        }
    }
    (groupings, groups.into_iter().map(|(group, _)| group).collect())
}

/// The months per cycle a model declares (1 when it declares none that is valid: the model's
/// validation reports that).
pub fn months_of(raw: &RawModel) -> u32 {
    if raw.model.cycle.get_ref() == "year" { 12 } else { 1 }
}

fn cycle_months(file: FileId, cycle: &Spanned<String>, problems: &mut Problems) -> Option<u32> {
    match cycle.get_ref().as_str() {
        "month" => Some(1),
        "year" => Some(12),
        other => {
            problems.at(
                file,
                cycle.span(),
                format!("unknown cycle length \"{other}\""),
                "must be \"month\" or \"year\"",
                "write `cycle = \"month\"` or `cycle = \"year\"`",
            );
            None
        }
    }
}

fn counting(
    file: FileId,
    counting: &Spanned<String>,
    settings: Option<(FileId, &RawModelSettings)>,
    problems: &mut Problems,
) -> Option<Counting> {
    let (file, counting) = match settings.and_then(|(f, s)| s.counting.as_ref().map(|c| (f, c))) {
        Some(overridden) => overridden,
        None => (file, counting),
    };
    match counting.get_ref().as_str() {
        "start" => Some(Counting::Start),
        "end" => Some(Counting::End),
        "life-table" => Some(Counting::LifeTable),
        other => {
            problems.at(
                file,
                counting.span(),
                format!("unknown counting convention \"{other}\""),
                "must be \"start\", \"end\" or \"life-table\"",
                "write e.g. `counting = \"life-table\"` (the mean of start and end of each cycle)",
            );
            None
        }
    }
}

/// The actors a scenario adds that can be used: each with a source and an id no model actor
/// or earlier scenario actor has. Every problem is reported; the model is validated with the
/// usable ones, so that the alternatives are still checked.
pub fn scenario_actors<'a>(
    file: FileId,
    model: &RawModel,
    actors: &'a [RawActor],
    problems: &mut Problems,
) -> Vec<(FileId, &'a RawActor)> {
    let mut seen: HashSet<&str> = model.actors.iter().map(|a| a.id.get_ref().as_str()).collect();
    let mut usable = Vec::new();
    for actor in actors {
        let id = actor.id.get_ref();
        let fresh = !id.is_empty() && seen.insert(id.as_str());
        if !fresh {
            problems.at(
                file,
                actor.id.span(),
                format!("duplicate actor id {}", super::problems::shown_id(id)),
                "the model or the scenario already has an actor with this id",
                "give the scenario's actor its own id, e.g. `esf`",
            );
        }
        match &actor.source {
            Some(text) => source(file, text, problems),
            None => problems.at(
                file,
                actor.id.span(),
                format!("actor `{id}` added by the scenario has no `source`"),
                "every actor a scenario adds says why it is there",
                "add `source = \"…\"`: who the actor is and what it pays, e.g. the ESF decision",
            ),
        }
        if fresh {
            usable.push((file, actor));
        }
    }
    usable
}

/// Checks a price year.
pub fn year(file: FileId, year: &Spanned<i64>, problems: &mut Problems) {
    if !(1900..=2200).contains(year.get_ref()) {
        problems.at(
            file,
            year.span(),
            format!("price year {} is not a plausible year", year.get_ref()),
            "must be between 1900 and 2200",
            "write the year the amounts' prices refer to, e.g. `price_year = 2024`",
        );
    }
}

/// The months of a `per` key: `None` (a cycle) when absent or "cycle".
pub fn period(file: FileId, per: &Option<Spanned<String>>, problems: &mut Problems) -> Option<Option<u32>> {
    let Some(per) = per else { return Some(None) };
    match per.get_ref().as_str() {
        "cycle" => Some(None),
        "month" => Some(Some(1)),
        "year" => Some(Some(12)),
        other => {
            problems.at(
                file,
                per.span(),
                format!("unknown period \"{other}\""),
                "must be \"cycle\", \"month\" or \"year\"",
                "say which period the figures are for, e.g. `per = \"year\"`",
            );
            None
        }
    }
}

fn transition_row(
    (input, file): (&ModelInput, FileId),
    row: &RawRow,
    names: &Names,
    months_per_cycle: Option<u32>,
    problems: &mut Problems,
) -> Option<(usize, Row)> {
    let from = names.states.find(file, &row.from, problems);
    let per_months = period(file, &row.per, problems);
    let mut entries = Vec::new();
    let mut rest: Option<usize> = None;
    let mut ok = true;
    let span = row.to.span();
    for (key, value) in row.to.get_ref() {
        let Some(to) = names.states.find(file, key, problems) else {
            ok = false;
            continue;
        };
        let (key_span, key, written) = (key.span(), key.get_ref(), value);
        let value = written.get_ref();
        if value.as_str() == Some("rest") {
            if rest.is_some() {
                problems.at(
                    file,
                    key_span,
                    format!("a second \"rest\" entry in the row from `{}`", row.from.get_ref()),
                    "only one entry per row may be the rest",
                    "give this entry a probability; the rest is 1 − the others",
                );
                ok = false;
            }
            rest = Some(to);
            continue;
        }
        match input.reader().schedule(file, written) {
            Ok(schedule) if probabilities_valid(&schedule) => entries.push((to, schedule)),
            Ok(schedule) => {
                let bad = schedule
                    .values()
                    .iter()
                    .find(|p| **p < Decimal::ZERO || **p > Decimal::ONE)
                    .copied()
                    .unwrap_or_default();
                problems.at(
                    file,
                    key_span,
                    format!("probability {bad} from `{}` to `{key}` is outside [0, 1]", row.from.get_ref()),
                    "a probability must be between 0 and 1",
                    "write a probability such as 0.05 (5 %)",
                );
                ok = false;
            }
            Err((message, inner)) => {
                problems.at(
                    file,
                    inner.unwrap_or(key_span),
                    format!("bad probability from `{}` to `{key}`: {message}", row.from.get_ref()),
                    "expected a probability, \"rest\" or a schedule",
                    "write e.g. `0.05`, `\"rest\"` or `{ by_year = [0.05, 0.04] }`",
                );
                ok = false;
            }
        }
    }
    if row.to.get_ref().is_empty() {
        problems.at(
            file,
            span.clone(),
            format!("the row from `{}` has no entries", row.from.get_ref()),
            "empty row",
            "list the states it moves to, with one \"rest\" entry for staying",
        );
        ok = false;
    }
    let (from, per_months, months_per_cycle) = (from?, per_months?, months_per_cycle?);
    if !ok {
        return None;
    }
    let row_value = Row { entries, rest, per_months };
    row_sums(file, span, (from, row.from.get_ref()), &row_value, months_per_cycle, problems);
    Some((from, row_value))
}

fn probabilities_valid(schedule: &Schedule) -> bool {
    schedule.values().iter().all(|p| *p >= Decimal::ZERO && *p <= Decimal::ONE)
}

/// Checks that the row sums to one in every distinct period of its schedules.
pub(super) fn row_sums(
    file: FileId,
    span: std::ops::Range<usize>,
    (state, from): (usize, &str),
    row: &Row,
    months_per_cycle: u32,
    problems: &mut Problems,
) {
    let cycles = crate::domain::distinct_cycles(row.entries.iter().map(|(_, s)| s), months_per_cycle);
    for cycle in cycles {
        let (message, help) = match cycle_row(row, state, cycle, months_per_cycle) {
            Ok(_) => continue,
            Err(RowProblem::AboveOne(total) | RowProblem::NotOne(total)) if is_residue(total) => {
                residue(from, total, row.rest.is_some())
            }
            Err(RowProblem::AboveOne(total)) => (
                format!("the probabilities from `{from}` add up to {total}, more than 1"),
                "lower them so the row sums to at most 1; the \"rest\" entry takes what is left".into(),
            ),
            Err(RowProblem::NotOne(total)) => (
                format!("the probabilities from `{from}` add up to {total}, not exactly 1"),
                "make them sum to exactly 1, or write one entry as \"rest\"".into(),
            ),
            Err(_) => (
                format!("the probabilities from `{from}` cannot be converted to the cycle"),
                "check the row's `per` and values".into(),
            ),
        };
        let when = if cycle == 0 { String::new() } else { format!(" (in cycle {cycle})") };
        problems.at(file, span.clone(), format!("{message}{when}"), "row does not sum to one", help);
        return;
    }
}

/// A row sum this close to one, but not one, is a rounding residue: fractions such as 1/3
/// written as decimals (`0.3333333333333333` three times) cannot sum to one exactly.
const MAX_RESIDUE: Decimal = Decimal::from_parts(1, 0, 0, false, 9);

/// Whether a row sum differs from one by a rounding residue only.
fn is_residue(total: Decimal) -> bool {
    total != Decimal::ONE && (total - Decimal::ONE).abs() <= MAX_RESIDUE
}

/// The message and help for a row from `from` whose entries sum to `total`, one give or take a
/// rounding residue; `has_rest`: whether the row has a "rest" entry (the sum is then above one).
fn residue(from: &str, total: Decimal, has_rest: bool) -> (String, String) {
    let excess = total - Decimal::ONE;
    let by = if excess.is_sign_positive() {
        format!("more than 1 by {:e}", excess.normalize())
    } else {
        format!("short of 1 by {:e}", excess.abs().normalize())
    };
    let what = if has_rest { "other than \"rest\" " } else { "" };
    let message = format!(
        "the probabilities from `{from}` {what}add up to {total}, {by}: a rounding residue of fractions written as decimals"
    );
    let help = if has_rest {
        "the \"rest\" entry cannot be negative: lower one entry by the excess, or write the entries as fractions such as \"1/3\" and \"2/3\", which sum to one exactly".to_string()
    } else {
        format!(
            "write the stay probability (or one entry) as \"rest\", e.g. `{from} = \"rest\"`, so that the row sums to one exactly"
        )
    };
    (message, help)
}

fn duplicate_rows(rows: &[(FileId, &RawRow)], problems: &mut Problems) {
    for (file, row) in repeated(rows, |r| r.from.get_ref()) {
        problems.at(
            file,
            row.from.span(),
            format!("a second row from `{}`", row.from.get_ref()),
            "this state already has a row",
            "merge the two rows into one",
        );
    }
}

fn cost_items(
    input: &ModelInput,
    names: &Names,
    months_per_cycle: Option<u32>,
    problems: &mut Problems,
) -> Vec<CostItem> {
    let costs = &input.costs;
    for (file, cost) in repeated(costs, |c| c.id.get_ref()) {
        problems.at(
            file,
            cost.id.span(),
            format!("duplicate cost id `{}`", cost.id.get_ref()),
            "defined again here",
            "give every cost item its own id",
        );
    }
    costs
        .iter()
        .filter_map(|(file, cost)| cost_item((input.reader(), *file), cost, names, months_per_cycle?, problems))
        .collect()
}

fn actor(file: FileId, names: &Names, id: &Option<Spanned<String>>, problems: &mut Problems) -> Option<Option<usize>> {
    match id {
        None => Some(None),
        Some(id) => names.actors.find(file, id, problems).map(Some),
    }
}

fn cost_item(
    (reader, file): (Reader, FileId),
    cost: &RawCost,
    names: &Names,
    months_per_cycle: u32,
    problems: &mut Problems,
) -> Option<CostItem> {
    let before = problems.len();
    let id = cost.id.get_ref();
    if id.is_empty() {
        super::problems::empty_id("cost", file, &cost.id, problems);
    }
    let booking = booking(file, &format!("`{id}`"), (&cost.kind, &cost.payer, &cost.receiver), names, problems);
    let per = period(file, &cost.per, problems);
    let amount = amount((reader, file), &cost.amount, &format!("cost `{id}`"), problems);
    let applies = match (&cost.states, &cost.on_transition) {
        (Some(states), None) => Some(Applies::States(names.states_of(file, states, problems))),
        (None, Some(t)) => {
            if let Some(per) = &cost.per {
                problems.at(
                    file,
                    per.span(),
                    format!("cost `{id}` is one-off on a transition and cannot have a period"),
                    "not allowed with `on_transition`",
                    "remove `per`: a transition cost is paid once per person moving",
                );
            }
            Some(Applies::Transition {
                from: names.states_of(file, &t.from, problems),
                to: names.states_of(file, &t.to, problems),
            })
        }
        _ => {
            problems.at(file, cost.id.span(), format!("cost `{id}` must name either `states` or `on_transition`"), "where does it apply?", "add `states = [...]` (per cycle in those states) or `on_transition = { from = [...], to = [...] }` (once per move), not both");
            None
        }
    };
    year(file, &cost.price_year, problems);
    source(file, &cost.source, problems);
    if problems.len() > before {
        return None;
    }
    let amount = per_cycle(amount?, per?, months_per_cycle)?;
    Some(CostItem {
        id: id.clone(),
        label: label(&cost.label, &cost.label_en),
        booking: booking?,
        amount,
        applies: applies?,
        price_year: *cost.price_year.get_ref(),
        source: cost.source.get_ref().clone(),
    })
}

fn cost_kind(file: FileId, kind: &Spanned<String>, problems: &mut Problems) -> Option<CostKind> {
    match kind.get_ref().as_str() {
        "transfer" => Some(CostKind::Transfer),
        "resource" => Some(CostKind::Resource),
        "production" => Some(CostKind::Production),
        other => {
            problems.at(
                file,
                kind.span(),
                format!("unknown cost kind \"{other}\""),
                "must be \"transfer\", \"resource\" or \"production\"",
                "a transfer moves money between actors, a resource uses real resources, production is value produced",
            );
            None
        }
    }
}

/// Who pays and receives an amount of `kind`, checked like a cost item: a transfer has a payer
/// and a different receiver, a resource only a payer, production only a receiver. `name` names
/// the amount in messages (e.g. `` `fbs` ``).
pub fn booking(
    file: FileId,
    name: &str,
    (kind, payer, receiver): (&Spanned<String>, &Option<Spanned<String>>, &Option<Spanned<String>>),
    names: &Names,
    problems: &mut Problems,
) -> Option<Booking> {
    let payer = actor(file, names, payer, problems);
    let receiver = actor(file, names, receiver, problems);
    let kind_value = cost_kind(file, kind, problems);
    let (kind_value, payer, receiver) = (kind_value?, payer?, receiver?);
    let span = kind.span();
    let problem = match (kind_value, payer, receiver) {
        (CostKind::Transfer, Some(p), Some(r)) if p == r => Some((
            format!("transfer {name} is paid and received by the same actor"),
            "payer and receiver must differ",
            "name the actor who receives the money in `receiver`",
        )),
        (CostKind::Transfer, Some(_), Some(_))
        | (CostKind::Resource, Some(_), None)
        | (CostKind::Production, None, Some(_)) => None,
        (CostKind::Transfer, _, _) => Some((
            format!("transfer {name} needs both `payer` and `receiver`"),
            "a transfer moves money between two actors",
            "add the missing `payer` or `receiver`",
        )),
        (CostKind::Resource, _, _) => Some((
            format!("resource cost {name} needs a `payer` and no `receiver`"),
            "a resource cost is borne by one actor",
            "name who pays in `payer`; use kind = \"transfer\" for money paid to another actor",
        )),
        (CostKind::Production, _, _) => Some((
            format!("production {name} needs a `receiver` and no `payer`"),
            "production is value received by one actor",
            "name who receives the value in `receiver`",
        )),
    };
    if let Some((message, label, help)) = problem {
        problems.at(file, span, message, label, help);
        return None;
    }
    Some(Booking { payer, receiver, kind: kind_value, split: None })
}

/// An amount: a number or schedule within the accepted bounds.
pub fn amount(
    (reader, file): (Reader, FileId),
    value: &RawValue,
    what: &str,
    problems: &mut Problems,
) -> Option<Schedule> {
    match reader.schedule(file, value) {
        Ok(schedule) => {
            let limit = Decimal::from(MAX_AMOUNT);
            if let Some(bad) = schedule.values().iter().find(|a| a.abs() > limit) {
                problems.at(
                    file,
                    value.span(),
                    format!("the amount {bad} of {what} is too large"),
                    "amounts must be within ±1 000 000 000 000 per person",
                    "check the unit: amounts are kronor per person per period",
                );
                return None;
            }
            Some(schedule.bounded(-limit, limit))
        }
        Err((message, inner)) => {
            problems.at(
                file,
                inner.unwrap_or_else(|| value.span()),
                format!("bad amount of {what}: {message}"),
                "expected an amount",
                "write a number such as `9850` or `{ by_year = [9850, 10100] }`",
            );
            None
        }
    }
}

fn per_cycle(amount: Schedule, per_months: Option<u32>, months_per_cycle: u32) -> Option<Schedule> {
    let Some(per) = per_months else { return Some(amount) };
    let scale = |a: Decimal| a.checked_mul(Decimal::from(months_per_cycle))?.checked_div(Decimal::from(per));
    Some(match amount {
        Schedule::Constant(a) => Schedule::Constant(scale(a)?),
        Schedule::ByYear(v) => Schedule::ByYear(v.into_iter().map(scale).collect::<Option<_>>()?),
        Schedule::ByCycle(v) => Schedule::ByCycle(v.into_iter().map(scale).collect::<Option<_>>()?),
        Schedule::Formula(formula, values) => {
            let formula = formula.scaled(Decimal::from(months_per_cycle), Decimal::from(per))?;
            Schedule::Formula(Arc::new(formula), Box::new(per_cycle(*values, per_months, months_per_cycle)?))
        }
    })
}

/// Checks that a source is given.
pub fn source(file: FileId, source: &Spanned<String>, problems: &mut Problems) {
    if source.get_ref().trim().is_empty() {
        problems.at(
            file,
            source.span(),
            "the source is empty",
            "every number needs a source",
            "say where the figure comes from and its year, or label it \"Antagande: …\" with the reasoning",
        );
    }
}

fn outcomes((reader, file): (Reader, FileId), raw: &RawModel, names: &Names, problems: &mut Problems) -> Vec<Outcome> {
    Ids::new("outcome", file, raw.outcomes.iter().map(|o| &o.id), problems);
    raw.outcomes
        .iter()
        .filter_map(|o| {
            let states = names.states_of(file, &o.states, problems);
            let unit = match o.unit.as_ref().map(|u| (u, u.get_ref().as_str())) {
                None | Some((_, "month")) => Some(Unit::Month),
                Some((_, "year")) => Some(Unit::Year),
                Some((_, "cycle")) => Some(Unit::Cycle),
                Some((u, other)) => {
                    problems.at(
                        file,
                        u.span(),
                        format!("unknown unit \"{other}\""),
                        "must be \"month\", \"year\" or \"cycle\"",
                        "write e.g. `unit = \"month\"`",
                    );
                    None
                }
            };
            let discount = match &o.discount_rate {
                None => Some(DiscountRate::Constant(Decimal::ZERO)),
                Some(rate) => discount((reader, file), rate, problems),
            };
            let better = match o.better.as_ref().map(|b| (b, b.get_ref().as_str())) {
                None | Some((_, "higher")) => Some(Better::Higher),
                Some((_, "lower")) => Some(Better::Lower),
                Some((b, other)) => {
                    problems.at(
                        file,
                        b.span(),
                        format!("unknown direction \"{other}\""),
                        "must be \"higher\" (more is a gain) or \"lower\" (fewer is a gain)",
                        "write e.g. `better = \"lower\"` for months on support",
                    );
                    None
                }
            };
            let weights = outcome_weights((reader, file), o, &states, names, problems);
            Some(Outcome {
                id: o.id.get_ref().clone(),
                label: label(&o.label, &o.label_en),
                weights: weights?,
                states,
                unit: unit?,
                discount: discount?,
                better: better?,
            })
        })
        .collect()
}

/// The weight of each of an outcome's `states` (1 where none is written).
fn outcome_weights(
    (reader, file): (Reader, FileId),
    outcome: &crate::load::raw::RawOutcome,
    states: &[usize],
    names: &Names,
    problems: &mut Problems,
) -> Option<Vec<Schedule>> {
    let mut weights = vec![Schedule::Constant(Decimal::ONE); states.len()];
    let Some(table) = &outcome.weights else { return Some(weights) };
    let before = problems.len();
    let limit = Decimal::from(MAX_AMOUNT);
    for (key, value) in table.get_ref() {
        let Some(state) = names.states.find(file, key, problems) else { continue };
        let Some(slot) = states.iter().position(|s| *s == state) else {
            problems.at(
                file,
                key.span(),
                format!(
                    "`{}` has a weight but is not among the states of outcome `{}`",
                    key.get_ref(),
                    outcome.id.get_ref()
                ),
                "not counted by this outcome",
                "add the state to `states`, or remove its weight",
            );
            continue;
        };
        match reader.schedule(file, value) {
            Ok(schedule) if schedule.values().iter().all(|w| w.abs() <= limit) => {
                weights[slot] = schedule.bounded(-limit, limit)
            }
            Ok(_) => problems.at(
                file,
                value.span(),
                format!("the weight of `{}` is too large", key.get_ref()),
                "weights must be within ±1 000 000 000 000",
                "write a weight such as a utility between 0 and 1",
            ),
            Err((message, inner)) => problems.at(
                file,
                inner.unwrap_or_else(|| value.span()),
                format!("bad weight of `{}`: {message}", key.get_ref()),
                "expected a weight",
                "write a number such as `0.85` or a formula of parameters",
            ),
        }
    }
    (problems.len() == before).then_some(weights)
}

/// A discount rate value, reporting problems.
pub fn discount((reader, file): (Reader, FileId), value: &RawValue, problems: &mut Problems) -> Option<DiscountRate> {
    let rate = match value.get_ref() {
        toml::Value::String(_) => reader.number(file, value).and_then(|rate| {
            values::usable_rate(rate, "").map_err(|m| (m, None))?;
            Ok(DiscountRate::Constant(rate))
        }),
        other => values::discount_rate(other).map_err(|m| (m, None)),
    };
    rate.map_err(|(message, inner)| {
            problems.at(file, inner.unwrap_or_else(|| value.span()), format!("bad discount rate: {message}"), "expected a rate", "write a rate as a fraction, e.g. `0.035` for 3.5 %, or bands `{ bands = [{ from_year = 0, rate = 0.035 }, { from_year = 31, rate = 0.03 }] }`");
        })
        .ok()
}
