//! Rules of who an intervention takes in and when (one intake, yearly, a monthly schedule, or
//! places kept filled), and of the participant outcomes observed for it.

use super::model::{Names, source};
use super::parameters::Reader;
use super::problems::Problems;
use super::scenario::{MAX_HORIZON_YEARS, MAX_PEOPLE, bounded, bounded_value};
use crate::diagnostic::{FileId, Location};
use crate::domain::{Batch, Intake, Observed, ObservedAt, Participants};
use crate::load::raw::{RawIntervention, RawObserved};
use rust_decimal::Decimal;
use toml::Spanned;
use toml::value::Datetime;

/// Where the size of an intervention's intake is written, for messages about it.
pub fn size_span(raw: &RawIntervention) -> std::ops::Range<usize> {
    let size = raw.participants.as_ref().or(raw.share.as_ref()).map(|p| p.span());
    let written = size.or_else(|| raw.places.as_ref().map(|p| p.span()));
    written.or_else(|| raw.schedule.as_ref().map(|s| s.span())).unwrap_or_else(|| raw.id.span())
}

/// The intake of an intervention within a horizon of `horizon` years (when known).
pub fn intake(
    (reader, file): (Reader, FileId),
    raw: &RawIntervention,
    horizon: Option<u32>,
    problems: &mut Problems,
) -> Option<Intake> {
    let kind = raw.intake.as_ref().map_or("start", |k| k.get_ref().as_str());
    let months = horizon.map_or(MAX_HORIZON_YEARS as u32 * 12, |years| years * 12);
    let id = raw.id.get_ref();
    let unused: Vec<(&str, Option<std::ops::Range<usize>>)> = vec![
        ("intake_years", raw.intake_years.as_ref().map(|k| k.span()).filter(|_| kind != "yearly")),
        ("schedule", raw.schedule.as_ref().map(|k| k.span()).filter(|_| kind != "monthly")),
        ("places", raw.places.as_ref().map(|k| k.span()).filter(|_| kind != "places")),
        ("fill_months", raw.fill_months.as_ref().map(|k| k.span()).filter(|_| kind != "places")),
    ];
    for (key, span) in unused {
        if let Some(span) = span {
            problems.at(
                file,
                span,
                format!("`{key}` does not belong to `intake = \"{kind}\"`"),
                "not used with this intake",
                "remove it, or choose the intake it belongs to (`yearly`: `intake_years`; `monthly`: `schedule`; `places`: `places` and `fill_months`)",
            );
        }
    }
    match kind {
        "start" => Some(Intake::Batches(vec![Batch { month: 0, amount: amount((reader, file), raw, problems)? }])),
        "yearly" => yearly((reader, file), raw, problems),
        "monthly" => monthly(file, raw, months, problems),
        "places" => places(file, raw, months, problems),
        other => {
            let span = raw.intake.as_ref().map_or(raw.id.span(), |k| k.span());
            problems.at(
                file,
                span,
                format!("unknown intake \"{other}\" of `{id}`"),
                "must be \"start\", \"yearly\", \"monthly\" or \"places\"",
                "write `intake = \"start\"` (all at once), \"yearly\" with `intake_years`, \"monthly\" with `schedule`, or \"places\" with `places` and `fill_months`",
            );
            None
        }
    }
}

/// How many per intake: a number of places or a share of the target states' people.
fn amount((reader, file): (Reader, FileId), raw: &RawIntervention, problems: &mut Problems) -> Option<Participants> {
    match (&raw.participants, &raw.share) {
        (Some(n), None) => bounded_value(
            (reader, file),
            n,
            (Decimal::ZERO, Decimal::from(MAX_PEOPLE)),
            ("a number of participants", "write the number of places per intake, e.g. `40`"),
            problems,
        )
        .map(Participants::Count),
        (None, Some(s)) => bounded_value(
            (reader, file),
            s,
            (Decimal::ZERO, Decimal::ONE),
            ("a share", "write the share of the target states' people, e.g. `0.25`"),
            problems,
        )
        .map(Participants::Share),
        _ => {
            problems.at(
                file,
                raw.id.span(),
                format!("intervention `{}` needs exactly one of `participants` and `share`", raw.id.get_ref()),
                "how many take part?",
                "write `participants = 40` (places) or `share = 0.25` (of the people in the target states)",
            );
            None
        }
    }
}

fn yearly((reader, file): (Reader, FileId), raw: &RawIntervention, problems: &mut Problems) -> Option<Intake> {
    let amount = amount((reader, file), raw, problems);
    let Some(years) = &raw.intake_years else {
        problems.at(
            file,
            raw.id.span(),
            format!("intervention `{}` has yearly intake but no `intake_years`", raw.id.get_ref()),
            "how many years?",
            "add `intake_years = 3` (intakes at the start of years 1, 2 and 3)",
        );
        return None;
    };
    if !(1..=MAX_HORIZON_YEARS).contains(years.get_ref()) {
        problems.at(
            file,
            years.span(),
            format!("{} yearly intakes is outside 1–{MAX_HORIZON_YEARS}", years.get_ref()),
            "not a usable number of intakes",
            "write for how many years people are taken in, e.g. `intake_years = 3`",
        );
        return None;
    }
    let amount = amount?;
    let batches = (0..*years.get_ref() as u32).map(|year| Batch { month: year * 12, amount: amount.clone() }).collect();
    Some(Intake::Batches(batches))
}

fn no_size_keys(file: FileId, raw: &RawIntervention, kind: &str, problems: &mut Problems) {
    for key in [&raw.participants, &raw.share].into_iter().flatten() {
        problems.at(
            file,
            key.span(),
            format!("`participants` and `share` do not belong to `intake = \"{kind}\"`"),
            "the size is given another way",
            "remove it: a monthly intake gives its numbers in `schedule`, places kept filled in `places`",
        );
    }
}

fn monthly(file: FileId, raw: &RawIntervention, months: u32, problems: &mut Problems) -> Option<Intake> {
    no_size_keys(file, raw, "monthly", problems);
    let Some(schedule) = &raw.schedule else {
        problems.at(
            file,
            raw.id.span(),
            format!("intervention `{}` has monthly intake but no `schedule`", raw.id.get_ref()),
            "how many each month?",
            "add `schedule = [20, 20, 0, 20]`: participants taken in at the start of months 1, 2, 3, …",
        );
        return None;
    };
    let values = schedule.get_ref();
    if values.len() > months as usize || values.is_empty() {
        problems.at(
            file,
            schedule.span(),
            format!("the intake schedule has {} months, but the horizon has {months}", values.len()),
            "the schedule must have 1 to as many months as the horizon",
            "give one number per month from the first month of the projection, within the horizon",
        );
        return None;
    }
    let before = problems.len();
    let mut batches = Vec::new();
    for (month, value) in values.iter().enumerate() {
        let count = bounded(
            file,
            value,
            Decimal::ZERO,
            Decimal::from(MAX_PEOPLE),
            "a number of participants",
            "write how many are taken in that month, e.g. `20` (0 for a pause)",
            problems,
        );
        if let Some(count) = count.filter(|c| !c.is_zero()) {
            batches.push(Batch { month: month as u32, amount: Participants::Count(count.into()) });
        }
    }
    if problems.len() == before && batches.is_empty() {
        problems.at(
            file,
            schedule.span(),
            "the intake schedule takes nobody in",
            "every month is 0",
            "give the number taken in for at least one month",
        );
    }
    (problems.len() == before).then_some(Intake::Batches(batches))
}

fn places(file: FileId, raw: &RawIntervention, months: u32, problems: &mut Problems) -> Option<Intake> {
    no_size_keys(file, raw, "places", problems);
    let (Some(places), Some(fill)) = (&raw.places, &raw.fill_months) else {
        problems.at(
            file,
            raw.id.span(),
            format!("intervention `{}` keeps places filled but lacks `places` or `fill_months`", raw.id.get_ref()),
            "how many places, for how long?",
            "add `places = 40` and `fill_months = 24` (places are refilled every month for 24 months)",
        );
        return None;
    };
    let places = bounded(
        file,
        places,
        Decimal::ZERO,
        Decimal::from(MAX_PEOPLE),
        "a number of places",
        "write the number of places kept filled, e.g. `40`",
        problems,
    );
    let value = *fill.get_ref();
    if !(1..=i64::from(months)).contains(&value) {
        problems.at(
            file,
            fill.span(),
            format!("{value} months of refilling is outside 1–{months}, the months of the horizon"),
            "not a usable number of months",
            "write for how many months places are refilled, e.g. `fill_months = 24`",
        );
        return None;
    }
    Some(Intake::Places { places: places?, months: value as u32 })
}

/// The calendar month (year, month) of the projection's start.
pub fn start_month(file: FileId, date: &Spanned<Datetime>, problems: &mut Problems) -> Option<(i32, u32)> {
    match calendar_date(date.get_ref()) {
        Some((year, month, _)) => Some((year, month)),
        None => {
            problems.at(
                file,
                date.span(),
                format!("`{}` is not a calendar date", date.get_ref()),
                "expected a date without time",
                "write the date of the first cycle, e.g. `start_date = 2016-09-01`",
            );
            None
        }
    }
}

fn calendar_date(value: &Datetime) -> Option<(i32, u32, u32)> {
    match (value.date, value.time) {
        (Some(date), None) => Some((i32::from(date.year), u32::from(date.month), u32::from(date.day))),
        _ => None,
    }
}

/// The participant outcomes observed for an intervention.
pub fn observed(
    file: FileId,
    raw: &RawIntervention,
    names: &Names,
    start_month: Option<(i32, u32)>,
    horizon: Option<u32>,
    problems: &mut Problems,
) -> Option<Vec<Observed>> {
    let before = problems.len();
    let list: Vec<Option<Observed>> =
        raw.observed.iter().map(|o| one_observed(file, raw, o, names, start_month, horizon, problems)).collect();
    (problems.len() == before).then(|| list.into_iter().flatten().collect())
}

fn one_observed(
    file: FileId,
    raw: &RawIntervention,
    observed: &RawObserved,
    names: &Names,
    start_month: Option<(i32, u32)>,
    horizon: Option<u32>,
    problems: &mut Problems,
) -> Option<Observed> {
    source(file, &observed.source, problems);
    let states = names.states_of(file, &observed.states, problems);
    let share = bounded(
        file,
        &observed.share,
        Decimal::ZERO,
        Decimal::ONE,
        "a share",
        "write the observed share of participants, e.g. `0.3474` for 34.74 %",
        problems,
    );
    let months = horizon.map_or(u32::MAX, |years| years * 12);
    let at = observed_at(file, observed, start_month, months, problems);
    let effect = match &observed.effect {
        None => Some(0),
        Some(n) if (1..=raw.effects.len() as i64).contains(n.get_ref()) => Some(*n.get_ref() as usize - 1),
        Some(n) => {
            problems.at(
                file,
                n.span(),
                format!(
                    "effect {} of `{}` does not exist: it has {}",
                    n.get_ref(),
                    raw.id.get_ref(),
                    raw.effects.len()
                ),
                "no such effect",
                "number the intervention's `effects` from 1 in the order written",
            );
            None
        }
    };
    Some(Observed {
        states,
        share: share?,
        at: at?,
        effect: effect?,
        location: Location { file, span: observed.share.span() },
    })
}

fn observed_at(
    file: FileId,
    observed: &RawObserved,
    start_month: Option<(i32, u32)>,
    horizon_months: u32,
    problems: &mut Problems,
) -> Option<ObservedAt> {
    match (&observed.date, &observed.months_after_intake) {
        (Some(date), None) => {
            let Some(start) = start_month else {
                problems.at(
                    file,
                    date.span(),
                    "an observation date needs `start_date` in `[scenario]`",
                    "the projection's calendar is unknown",
                    "add `start_date = 2016-09-01` (the date of the first cycle) to `[scenario]`",
                );
                return None;
            };
            let month = calendar_date(date.get_ref())
                .map(|(year, month, _)| i64::from(year - start.0) * 12 + i64::from(month) - i64::from(start.1));
            match month {
                Some(m) if (0..=i64::from(horizon_months)).contains(&m) => Some(ObservedAt::Month(m as u32)),
                _ => {
                    problems.at(
                        file,
                        date.span(),
                        format!("the date {} is outside the projection", date.get_ref()),
                        "before the start or after the horizon",
                        "give a calendar date (without time) within the projection's years",
                    );
                    None
                }
            }
        }
        (None, Some(months)) if (0..=i64::from(horizon_months)).contains(months.get_ref()) => {
            Some(ObservedAt::MonthsAfterIntake(*months.get_ref() as u32))
        }
        (None, Some(months)) => {
            problems.at(
                file,
                months.span(),
                format!("{} months after intake is outside the horizon", months.get_ref()),
                "not a usable follow-up",
                "write a number of months within the horizon, e.g. `months_after_intake = 12`",
            );
            None
        }
        _ => {
            problems.at(
                file,
                observed.share.span(),
                "an observation needs exactly one of `date` and `months_after_intake`",
                "when was it observed?",
                "write `date = 2019-01-10` (with `start_date` in `[scenario]`) or `months_after_intake = 12`",
            );
            None
        }
    }
}
