//! Rules of an intervention's or an alternative's own money: payments per participant and
//! fixed costs, each typed like a cost item (payer, receiver, kind).

use super::model::{self, Names, booking};
use super::parameters::Reader;
use super::problems::Problems;
use crate::diagnostic::FileId;
use crate::domain::{Booking, FixedCost, Label, Number, Payment};
use crate::load::raw::{RawFixedCost, RawPayment};
use rust_decimal::Decimal;
use toml::Spanned;

/// The parts every typed amount has: kind, payer, receiver, amount, price year and source.
struct Typed<'a> {
    kind: &'a Spanned<String>,
    payer: &'a Option<Spanned<String>>,
    receiver: &'a Option<Spanned<String>>,
    amount: Amount<'a>,
    price_year: &'a Spanned<i64>,
    source: &'a Spanned<String>,
}

/// An amount as written: a plain number, or a number or formula read through a scope.
enum Amount<'a> {
    Plain(&'a Spanned<f64>),
    Formula(Reader<'a>, &'a crate::load::raw::RawValue),
}

impl Typed<'_> {
    /// Checks the parts like a cost item's, reporting every problem; returns who bears the
    /// amount and the amount, each when valid.
    fn check(
        &self,
        file: FileId,
        what: &str,
        help: &str,
        names: &Names,
        problems: &mut Problems,
    ) -> (Option<Booking>, Option<Number>) {
        model::year(file, self.price_year, problems);
        model::source(file, self.source, problems);
        let limit = Decimal::from(model::MAX_AMOUNT);
        let amount = match &self.amount {
            Amount::Plain(value) => {
                super::scenario::bounded(file, value, -limit, limit, "an amount", help, problems).map(Number::plain)
            }
            Amount::Formula(reader, value) => {
                super::scenario::bounded_value((*reader, file), value, (-limit, limit), ("an amount", help), problems)
            }
        };
        let booking = booking(file, what, (self.kind, self.payer, self.receiver), names, problems);
        (booking, amount)
    }
}

/// Checks every entry of `raw`; the list when none has a problem.
fn all_valid<R, T>(
    raw: &[R],
    problems: &mut Problems,
    mut one: impl FnMut(&R, &mut Problems) -> Option<T>,
) -> Option<Vec<T>> {
    let before = problems.len();
    let list: Vec<Option<T>> = raw.iter().map(|r| one(r, problems)).collect();
    if problems.len() > before {
        return None;
    }
    list.into_iter().collect()
}

/// Validates payments per participant; `what` names them in messages ("(start cost of `x`)").
pub fn payments(
    (reader, file): (Reader, FileId),
    raw: &[RawPayment],
    what: &str,
    names: &Names,
    problems: &mut Problems,
) -> Option<Vec<Payment>> {
    all_valid(raw, problems, |p, problems| {
        let typed = Typed {
            kind: &p.kind,
            payer: &p.payer,
            receiver: &p.receiver,
            amount: Amount::Formula(reader, &p.amount),
            price_year: &p.price_year,
            source: &p.source,
        };
        let (booking, amount) = typed.check(file, what, "write kronor per participant, e.g. `48357`", names, problems);
        Some(Payment { booking: booking?, amount: amount? })
    })
}

/// Validates fixed costs within a horizon of `horizon` years (when known).
pub fn fixed_costs(
    file: FileId,
    raw: &[RawFixedCost],
    what: &str,
    names: &Names,
    horizon: Option<u32>,
    problems: &mut Problems,
) -> Option<Vec<FixedCost>> {
    all_valid(raw, problems, |c, problems| {
        let typed = Typed {
            kind: &c.kind,
            payer: &c.payer,
            receiver: &c.receiver,
            amount: Amount::Plain(&c.amount),
            price_year: &c.price_year,
            source: &c.source,
        };
        let (booking, amount) = typed.check(file, what, "write kronor per period, e.g. `450000`", names, problems);
        let by_year = timing(file, c, amount?.value, horizon, problems);
        let label = match &c.label {
            Some(sv) => model::label(sv, &c.label_en),
            None => Label { sv: "Fast kostnad".into(), en: "Fixed cost".into() },
        };
        Some(FixedCost { label, booking: booking?, by_year: by_year? })
    })
}

/// The amount per projection year (0-based) of a fixed cost.
fn timing(
    file: FileId,
    cost: &RawFixedCost,
    amount: Decimal,
    horizon: Option<u32>,
    problems: &mut Problems,
) -> Option<Vec<(usize, Decimal)>> {
    let per = cost.per.get_ref().as_str();
    let per_year = match per {
        "year" => amount,
        "month" => amount.checked_mul(Decimal::from(12))?,
        "once" => amount,
        other => {
            problems.at(
                file,
                cost.per.span(),
                format!("unknown period \"{other}\" of a fixed cost"),
                "must be \"year\", \"month\" or \"once\"",
                "write `per = \"year\"` with `years = [1, 3]`, or `per = \"once\"` with `year = 1`",
            );
            return None;
        }
    };
    let (first, last) = match (per, &cost.years, &cost.year) {
        ("once", None, Some(year)) => (year, year),
        ("once", _, _) => {
            problems.at(
                file,
                cost.per.span(),
                "a one-off fixed cost needs `year` and no `years`",
                "when is it paid?",
                "write the projection year it is paid in, e.g. `year = 1`",
            );
            return None;
        }
        (_, Some(years), None) if years.get_ref().len() == 2 => (&years.get_ref()[0], &years.get_ref()[1]),
        (_, _, _) => {
            problems.at(
                file,
                cost.per.span(),
                format!("a fixed cost per {per} needs `years = [first, last]` and no `year`"),
                "in which years is it paid?",
                "write the first and last projection year, e.g. `years = [1, 3]`",
            );
            return None;
        }
    };
    let limit = horizon.map_or(i64::from(u32::MAX), i64::from);
    let valid = |y: &Spanned<i64>| (1..=limit).contains(y.get_ref());
    for year in [first, last] {
        if !valid(year) {
            problems.at(
                file,
                year.span(),
                format!("projection year {} is outside the horizon 1–{limit}", year.get_ref()),
                "no such projection year",
                "years count from 1, the first year of the projection",
            );
            return None;
        }
    }
    if last.get_ref() < first.get_ref() {
        problems.at(
            file,
            last.span(),
            format!("the last year {} is before the first year {}", last.get_ref(), first.get_ref()),
            "an empty range of years",
            "write `years = [first, last]` with first ≤ last",
        );
        return None;
    }
    let years = (*first.get_ref() as usize - 1)..(*last.get_ref() as usize);
    Some(years.map(|y| (y, per_year)).collect())
}
