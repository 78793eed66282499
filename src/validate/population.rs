//! Rules of a population read from a CSV: the model's groups say what a case system writes for
//! them (`code`) and which months on support they cover (`months`); each row of households per
//! category and months on support falls in exactly one state.

use super::problems::{Problems, id_hint, shown_id};
use super::scenario::MAX_PEOPLE;
use super::values::quoted;
use crate::diagnostic::FileId;
use crate::domain::{Group, Grouping, Model, MonthRange};
use crate::load::population::Counts;
use crate::load::raw::RawGroup;
use crate::load::table::{self, Cell, Record};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use toml::Spanned;

/// The most months on support a group's `months` may name.
pub const MAX_MONTHS: i64 = 2400;

/// A group's `code` and `months` as written, each checked on its own.
pub fn keys(file: FileId, raw: &RawGroup, problems: &mut Problems) -> (Option<String>, Option<MonthRange>) {
    let code = raw.code.as_ref().and_then(|code| {
        if code.get_ref().trim().is_empty() {
            problems.at(
                file,
                code.span(),
                format!("the code of the group `{}` is empty", raw.id.get_ref()),
                "a code names the group in a population CSV",
                "write what the case system writes for this group, e.g. `code = \"2\"`, or leave `code` out",
            );
            return None;
        }
        Some(code.get_ref().trim().to_string())
    });
    (code, raw.months.as_ref().and_then(|months| month_range(file, months, problems)))
}

/// `months = [first, last]` or `[first]` (open upwards), each 0–[`MAX_MONTHS`].
fn month_range(file: FileId, months: &Spanned<Vec<Spanned<i64>>>, problems: &mut Problems) -> Option<MonthRange> {
    let before = problems.len();
    for value in months.get_ref() {
        if !(0..=MAX_MONTHS).contains(value.get_ref()) {
            problems.at(
                file,
                value.span(),
                format!("{} months on support is outside 0–{MAX_MONTHS}", value.get_ref()),
                "not a number of months",
                "count months on support from 0 (a new applicant)",
            );
        }
    }
    let month = |i: usize| months.get_ref().get(i).and_then(|m| u32::try_from(*m.get_ref()).ok());
    let range = match months.get_ref().len() {
        1 => month(0).map(|first| MonthRange { first, last: None }),
        2 => month(0).zip(month(1)).map(|(first, last)| MonthRange { first, last: Some(last) }),
        _ => None,
    };
    let usable = range.filter(|r| r.last.is_none_or(|last| r.first <= last));
    if usable.is_none() && problems.len() == before {
        problems.at(
            file,
            months.span(),
            "`months` is not a range of months on support",
            "write the first and last month, or the first alone",
            "write e.g. `months = [7, 12]` (7 to 12 months, inclusive) or `months = [25]` (25 and more)",
        );
    }
    usable.filter(|_| problems.len() == before)
}

/// Within each grouping, no two groups have the same code and no two months ranges overlap.
pub fn keys_distinct(file: FileId, groupings: &[Grouping], groups: &[(Group, &RawGroup)], problems: &mut Problems) {
    for (index, grouping) in groupings.iter().enumerate() {
        let members: Vec<&(Group, &RawGroup)> = groups.iter().filter(|(g, _)| g.grouping == index).collect();
        codes_distinct(file, &grouping.id, &members, problems);
        months_disjoint(file, &grouping.id, &members, problems);
    }
}

fn codes_distinct(file: FileId, grouping: &str, members: &[&(Group, &RawGroup)], problems: &mut Problems) {
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for (group, raw) in members {
        let (Some(code), Some(written)) = (&group.code, &raw.code) else { continue };
        if let Some(first) = owner.insert(code, &group.id) {
            problems.at(
                file,
                written.span(),
                format!(
                    "the code {} is given to both `{first}` and `{}` of the grouping `{grouping}`",
                    quoted(code),
                    group.id
                ),
                "a code names one group of a grouping",
                "give every group of the grouping its own code",
            );
        }
    }
}

fn months_disjoint(file: FileId, grouping: &str, members: &[&(Group, &RawGroup)], problems: &mut Problems) {
    let mut ranged: Vec<(MonthRange, &Group, &RawGroup)> =
        members.iter().filter_map(|(g, raw)| Some((g.months?, g, *raw))).collect();
    ranged.sort_by_key(|(range, _, _)| range.first);
    // The range reaching furthest so far: a later one overlaps some earlier one exactly when it
    // overlaps this one.
    let mut furthest: Option<(MonthRange, &Group)> = None;
    for (range, group, raw) in ranged {
        if let Some((earlier, earlier_group)) = furthest
            && earlier.overlaps(&range)
        {
            let span = raw.months.as_ref().map_or(raw.id.span(), |m| m.span());
            problems.at(
                file,
                span,
                format!(
                    "the months {range} of `{}` overlap the months {earlier} of `{}` in the grouping `{grouping}`",
                    group.id, earlier_group.id
                ),
                "a number of months on support falls in one group of a grouping",
                "make the ranges of one grouping disjoint, e.g. `months = [0, 6]` and `months = [7, 12]`",
            );
        }
        let reaches_further = furthest.is_none_or(|(earlier, _)| match (earlier.last, range.last) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(a), Some(b)) => b > a,
        });
        if reaches_further {
            furthest = Some((range, group));
        }
    }
}

/// Households per state from a population CSV (per state that a row names, ascending), every
/// bad row reported at once. Rows of one state add up.
pub fn counted(counts: &Counts, model: &Model, problems: &mut Problems) -> Option<Vec<(usize, Decimal)>> {
    let before = problems.len();
    let file = counts.table.file;
    let mut totals: BTreeMap<usize, (Decimal, Range<usize>)> = BTreeMap::new();
    for record in &counts.table.records {
        let state = row_state(counts, record, model, problems);
        if let (Some(state), Some(households)) = (state, households(counts, record, problems)) {
            let total = totals.entry(state).or_insert((Decimal::ZERO, record.span.clone()));
            // Each value is at most 10^12 and a file has at most 200 000 rows: the sum fits.
            *total = (total.0.checked_add(households).unwrap_or(Decimal::MAX), record.span.clone());
        }
    }
    for (state, (total, span)) in &totals {
        if *total > Decimal::from(MAX_PEOPLE) {
            problems.at(
                file,
                span.clone(),
                format!(
                    "the rows of `{}` add up to {total} households, more than {MAX_PEOPLE}",
                    model.states[*state].id
                ),
                "too many households in one state",
                "check the counts: a state holds at most 1 000 000 000",
            );
        }
    }
    (problems.len() == before).then(|| totals.into_iter().map(|(state, (total, _))| (state, total)).collect())
}

/// The number of households of a row: a number of the file's dialect, 0–[`MAX_PEOPLE`].
fn households(counts: &Counts, record: &Record, problems: &mut Problems) -> Option<Decimal> {
    let cell = &record.cells[counts.households];
    let dialect = counts.table.dialect;
    match table::number(&cell.text, dialect) {
        Ok(n) if n >= Decimal::ZERO && n <= Decimal::from(MAX_PEOPLE) => Some(n),
        Ok(n) => {
            let message = if n < Decimal::ZERO {
                format!("{n} households: a count cannot be negative")
            } else {
                format!("{n} households is more than {MAX_PEOPLE}")
            };
            problems.at(
                counts.table.file,
                cell.span.clone(),
                message,
                "not a number of households",
                "write how many households the row counts, e.g. `42`",
            );
            None
        }
        Err(message) => {
            let example = if dialect == table::Dialect::Semicolon { "`42` or `1 234,5`" } else { "`42` or `1234.5`" };
            problems.at(
                counts.table.file,
                cell.span.clone(),
                format!("bad number of households: {message}"),
                "expected a number",
                format!("write the number of households, e.g. {example}"),
            );
            None
        }
    }
}

/// The one state a row's category and months on support fall in.
fn row_state(counts: &Counts, record: &Record, model: &Model, problems: &mut Problems) -> Option<usize> {
    let file = counts.table.file;
    let category = &record.cells[counts.category];
    let by_category = category_group(file, category, model, problems);
    let banded = model.groups.iter().any(|g| g.months.is_some());
    let by_months = match counts.months {
        Some(column) if banded => months_group(file, &record.cells[column], model, problems).map(Some),
        _ => Some(None),
    };
    let (by_category, by_months) = (by_category?, by_months?);
    let states: Vec<usize> =
        by_category.states.iter().filter(|state| by_months.is_none_or(|g| g.states.contains(state))).copied().collect();
    if let [state] = states[..] {
        return Some(state);
    }
    let named = match by_months {
        Some(g) => format!("`{}` and `{}` share", by_category.id, g.id),
        None => format!("`{}` has", by_category.id),
    };
    problems.at(
        file,
        record.span.clone(),
        format!("the row names {} states, not one: {named} {}", states.len(), state_list(model, &states)),
        "a row counts the households of one state",
        "give the groups of the model `code` and `months` such that a category and a number of months share one state",
    );
    None
}

fn state_list(model: &Model, states: &[usize]) -> String {
    if states.is_empty() {
        return "no state".into();
    }
    states.iter().map(|s| format!("`{}`", model.states[*s].id)).collect::<Vec<_>>().join(", ")
}

/// The group a category names: by its `code`, else by its id.
fn category_group<'m>(file: FileId, cell: &Cell, model: &'m Model, problems: &mut Problems) -> Option<&'m Group> {
    let value = cell.text.as_str();
    let by_code: Vec<&Group> = model.groups.iter().filter(|g| g.code.as_deref() == Some(value)).collect();
    let found = if by_code.is_empty() { model.groups.iter().filter(|g| g.id == value).collect() } else { by_code };
    match found[..] {
        [group] => return Some(group),
        [] => {
            let codes: Vec<String> = model.groups.iter().filter_map(|g| g.code.clone()).collect();
            let ids: Vec<String> = model.groups.iter().map(|g| g.id.clone()).collect();
            let known = if codes.is_empty() { &ids } else { &codes };
            let help = id_hint(value, "categories", &[known]);
            problems.at(
                file,
                cell.span.clone(),
                format!("unknown category {}", shown_id(value)),
                "no group of the model has this code or id",
                format!("{help} (a group's `code` in the model, or its id)"),
            );
        }
        _ => problems.at(
            file,
            cell.span.clone(),
            format!("the category {} is the code of several groups: {}", quoted(value), group_list(&found)),
            "a category names one group",
            "give the groups of different groupings different codes in the model",
        ),
    }
    None
}

fn group_list(groups: &[&Group]) -> String {
    groups.iter().map(|g| format!("`{}`", g.id)).collect::<Vec<_>>().join(", ")
}

/// The group whose `months` hold a row's months on support.
fn months_group<'m>(file: FileId, cell: &Cell, model: &'m Model, problems: &mut Problems) -> Option<&'m Group> {
    let Some(months) = whole_number(&cell.text) else {
        problems.at(
            file,
            cell.span.clone(),
            format!("{} is not a whole number of months on support", quoted(&cell.text)),
            "expected a whole number",
            "write the months the household has been on support, e.g. `0` for a new applicant or `14`",
        );
        return None;
    };
    let found: Vec<&Group> = model.groups.iter().filter(|g| g.months.is_some_and(|r| r.contains(months))).collect();
    match found[..] {
        [group] => return Some(group),
        [] => {
            let bands: Vec<String> =
                model.groups.iter().filter_map(|g| Some(format!("{} (`{}`)", g.months?, g.id))).collect();
            problems.at(
                file,
                cell.span.clone(),
                format!("{months} months on support is outside every range of the model"),
                "no group's `months` holds it",
                format!("the ranges are {}; months on support count from 0", bands.join(", ")),
            );
        }
        _ => problems.at(
            file,
            cell.span.clone(),
            format!("{months} months on support falls in several groups: {}", group_list(&found)),
            "a number of months names one group",
            "give `months` to the groups of one grouping only",
        ),
    }
    None
}

/// An integer written with digits and an optional minus sign.
fn whole_number(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = !digits.is_empty() && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Sources};
    use crate::load::raw::RawModel;

    /// Two categories (`A` coded "1", `B` by its id) × two bands (0–6, 7 and more), and a
    /// state in no category.
    const MODEL: &str = r#"
[model]
name = "two by two"
cycle = "month"
counting = "end"
price_year = 2024

[[groupings]]
id = "kategori"
label = "Kategori"
[[groupings]]
id = "tid"
label = "Tid"

[[groups]]
id = "g_a"
grouping = "kategori"
label = "A"
code = "1"
states = ["a_0", "a_7"]
[[groups]]
id = "g_b"
grouping = "kategori"
label = "B"
states = ["b_0", "b_7"]
[[groups]]
id = "g_0"
grouping = "tid"
label = "0–6"
months = [0, 6]
states = ["a_0", "b_0"]
[[groups]]
id = "g_7"
grouping = "tid"
label = "7+"
months = [7]
states = ["a_7", "b_7"]
[[groups]]
id = "g_all"
grouping = "alla"
label = "Alla"
states = ["a_0", "a_7", "b_0", "b_7"]
[[groupings]]
id = "alla"
label = "Alla"

[[states]]
id = "a_0"
label = "a_0"
[[states]]
id = "a_7"
label = "a_7"
[[states]]
id = "b_0"
label = "b_0"
[[states]]
id = "b_7"
label = "b_7"

[[actors]]
id = "kommun"
label = "Kommunen"
public = true
"#;

    fn model(text: &str) -> Result<Model, Vec<Diagnostic>> {
        let mut sources = Sources::default();
        let file = sources.add("m.toml".into(), text.to_string());
        let raw: RawModel = crate::load::parse(&sources, file).map_err(|d| vec![d])?;
        crate::validate::validate_model(&sources, file, &raw)
    }

    /// The households per state id that `csv` gives, or the messages of its problems.
    fn counted_from(csv: &str) -> Result<Vec<(String, Decimal)>, Vec<String>> {
        let model = model(MODEL).expect("the test model is valid");
        let mut sources = Sources::default();
        let file = sources.add("p.csv".into(), csv.to_string());
        let counts = crate::load::population::split(&sources, file, false).expect("a table");
        let mut problems = Problems::default();
        match counted(&counts, &model, &mut problems) {
            Some(found) => Ok(found.into_iter().map(|(s, n)| (model.states[s].id.clone(), n)).collect()),
            None => Err(problems.into_sorted().into_iter().map(|d| d.message).collect()),
        }
    }

    #[test]
    fn a_row_falls_in_the_state_its_category_and_months_share_and_rows_add_up() {
        let found = counted_from("category,months_on_support,households\n1,0,3\ng_b,9,2.5\n1,6,4\n1,30,1\n");
        let n = |v: i64| Decimal::from(v);
        assert_eq!(
            found,
            Ok(vec![("a_0".into(), n(7)), ("a_7".into(), n(1)), ("b_7".into(), Decimal::new(25, 1))]),
            "months 0 and 6 are both in 0–6; 30 is in the open range"
        );
    }

    #[test]
    fn every_bad_row_is_reported_at_once() {
        let problems = counted_from("category,months_on_support,households\n3,0,1\n1,x,1\n1,0,-1\n1,0,1.5.5\n")
            .expect_err("four bad rows");
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("unknown category `3`"), "{problems:?}");
        assert!(problems[1].contains("not a whole number of months"), "{problems:?}");
        assert!(problems[2].contains("cannot be negative"), "{problems:?}");
        assert!(problems[3].contains("`1.5.5` is not a number"), "{problems:?}");
        let problems = counted_from("category,months_on_support,households\n1,-1,1\n").expect_err("negative months");
        assert!(problems[0].contains("-1 months on support is outside every range"), "{problems:?}");
    }

    #[test]
    fn a_row_that_names_several_states_is_refused() {
        let problems = counted_from("category,households\ng_all,1\n").expect_err("four states");
        assert!(problems[0].contains("names 4 states, not one"), "{problems:?}");
        let found = counted_from("category,months_on_support,households\ng_all,7,1\n").expect_err("two states");
        assert!(found[0].contains("`g_all` and `g_7` share `a_7`, `b_7`"), "{found:?}");
    }

    #[test]
    fn codes_must_be_distinct_and_ranges_disjoint_within_a_grouping() {
        let broken = MODEL
            .replace("months = [7]", "months = [5, 12]")
            .replace("label = \"B\"\n", "label = \"B\"\ncode = \"1\"\n")
            .replace("label = \"Alla\"\nstates", "label = \"Alla\"\ncode = \"1\"\nmonths = [3, 2]\nstates");
        let problems: Vec<String> = model(&broken).expect_err("broken").into_iter().map(|d| d.message).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("code \"1\" is given to both `g_a` and `g_b`")), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("months 5–12 of `g_7` overlap the months 0–6 of `g_0`")));
        assert!(problems.iter().any(|p| p.contains("`months` is not a range")), "{problems:?}");
    }
}
