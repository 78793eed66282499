//! Exact numbers from TOML values: integers, floats (by their shortest decimal form),
//! fractions written as `"a/b"`, schedules by year or cycle, and discount rates.

use super::scenario::MAX_HORIZON_YEARS;
use crate::domain::{DiscountRate, Schedule};
use crate::escape;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Why a value is not a usable number.
pub type ValueError = String;

/// The exact decimal a TOML value stands for.
pub fn number(value: &toml::Value) -> Result<Decimal, ValueError> {
    match value {
        toml::Value::Integer(i) => Ok(Decimal::from(*i)),
        toml::Value::Float(f) => from_f64(*f),
        toml::Value::String(text) => fraction(text),
        other => Err(format!("expected a number, found {}", describe(other))),
    }
}

/// An `f64` as the decimal it was written as (its shortest round-trip form). A number the
/// decimal type cannot hold exactly (beyond ±7.9e28, or with digits below 1e-28) is an error,
/// never silently rounded to another value (1e-29 is not 0).
pub fn from_f64(value: f64) -> Result<Decimal, ValueError> {
    if !value.is_finite() {
        return Err(format!("`{value}` is not a finite number"));
    }
    let written = value.to_string();
    let decimals = written.split_once('.').map_or(0, |(_, fraction)| fraction.len());
    if decimals > MAX_DECIMALS {
        return Err(format!(
            "`{}` has digits below 1e-{MAX_DECIMALS}, which exact decimal arithmetic cannot hold",
            short_number(value)
        ));
    }
    Decimal::from_str(&written).map_err(|_| {
        format!("`{}` does not fit exact decimal arithmetic (magnitude below 7.9e28 required)", short_number(value))
    })
}

/// A text from a file in quotes for a message, cut after 40 characters.
pub fn quoted(text: &str) -> String {
    match escape::clip(text, 40) {
        (cut, true) => format!("\"{cut}…\" ({} characters)", text.chars().count()),
        (whole, false) => format!("\"{whole}\""),
    }
}

/// The most decimal places the decimal type holds.
const MAX_DECIMALS: usize = 28;

/// A number as written in a message: in full when short, else in scientific notation, so that
/// `1e300` is not printed as 301 digits.
pub fn short_number(value: f64) -> String {
    let full = value.to_string();
    if full.len() <= 24 { full } else { format!("{value:e}") }
}

/// A fraction `"a/b"`. Text that is a number written in quotes (`"1,5"`, `"1 500"`) is
/// reported with the number to write instead; so is a fraction with decimal commas.
fn fraction(text: &str) -> Result<Decimal, ValueError> {
    let Some((numerator, denominator)) = text.split_once('/') else {
        return Err(match crate::diagnostic::number_written_as_text(text) {
            Some((_, sentence)) => sentence,
            None => format!("expected a number, found the text {}", quoted(text)),
        });
    };
    let parse = |part: &str| Decimal::from_str(part.trim()).ok();
    match (parse(numerator), parse(denominator)) {
        (Some(n), Some(d)) if !d.is_zero() => n
            .checked_div(d)
            .ok_or_else(|| format!("the fraction {} does not fit exact decimal arithmetic", quoted(text))),
        _ => {
            let point = |part: &str| crate::diagnostic::number_written_as_text(part).map(|(n, _)| n);
            match (point(numerator), point(denominator)) {
                (Some(n), Some(d)) if !d.is_zero() && text.contains(',') => Err(format!(
                    "{} is not a fraction of two numbers: write \"{n}/{d}\" (decimal points, not commas)",
                    quoted(text)
                )),
                _ => Err(format!("{} is not a fraction of two numbers like \"350/1734\"", quoted(text))),
            }
        }
    }
}

/// A TOML value's kind, for messages.
pub fn describe(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("the text {}", quoted(s)),
        toml::Value::Integer(i) => format!("the integer {i}"),
        toml::Value::Float(f) => format!("the number {}", short_number(*f)),
        toml::Value::Boolean(b) => format!("the boolean {b}"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "an array".into(),
        toml::Value::Table(_) => "a table".into(),
    }
}

/// A number, or a table `{ by_year = [...] }` or `{ by_cycle = [...] }`.
pub fn schedule(value: &toml::Value) -> Result<Schedule, ValueError> {
    let toml::Value::Table(table) = value else {
        return number(value).map(Schedule::Constant);
    };
    let mut keys = table.iter();
    let (Some((key, list)), None) = (keys.next(), keys.next()) else {
        return Err("a table here must have exactly one key, `by_year` or `by_cycle`".into());
    };
    let toml::Value::Array(items) = list else {
        return Err(format!("`{key}` must be an array of numbers, found {}", describe(list)));
    };
    if items.is_empty() {
        return Err(format!("`{key}` must not be empty"));
    }
    let longest = match key.as_str() {
        "by_year" => MAX_HORIZON_YEARS,
        "by_cycle" => MAX_HORIZON_YEARS * 12,
        other => return Err(format!("unknown key `{other}`: expected `by_year` or `by_cycle`")),
    };
    if items.len() > longest as usize {
        return Err(format!(
            "`{key}` has {} values, more than the {longest} of the longest horizon ({MAX_HORIZON_YEARS} years); values past the horizon are never used",
            items.len()
        ));
    }
    let values = items.iter().map(number).collect::<Result<Vec<_>, _>>()?;
    Ok(if key == "by_year" { Schedule::ByYear(values) } else { Schedule::ByCycle(values) })
}

/// A discount rate: a number, or `{ bands = [{ from_year = 0, rate = 0.035 }, ...] }`.
pub fn discount_rate(value: &toml::Value) -> Result<DiscountRate, ValueError> {
    let rate = match value {
        toml::Value::Table(table) => DiscountRate::Bands(bands(table)?),
        other => DiscountRate::Constant(number(other)?),
    };
    match &rate {
        DiscountRate::Constant(r) => usable_rate(*r, "")?,
        DiscountRate::Bands(bands) => {
            for (from, r) in bands {
                usable_rate(*r, &format!(" (the band from year {from})"))?;
            }
        }
    }
    Ok(rate)
}

/// A rate per year must lie in (−1, 1). A rate of 1 or more is almost always a percentage
/// written as a number (`3.5` for 3.5 %), so the message reads it back as one and gives the
/// fraction to write; `band` names the band the rate belongs to, if any.
pub fn usable_rate(rate: Decimal, band: &str) -> Result<(), ValueError> {
    if rate >= Decimal::ONE {
        let per_cent = rate
            .checked_mul(Decimal::ONE_HUNDRED)
            .map_or_else(|| format!("{rate} × 100"), |p| p.normalize().to_string());
        let meant = (rate / Decimal::ONE_HUNDRED).normalize();
        return Err(format!(
            "the rate {rate}{band} reads as {per_cent} % a year: rates are fractions, so write `{meant}` for {rate} % (a rate must be below 1)"
        ));
    }
    if rate <= -Decimal::ONE {
        return Err(format!(
            "the rate {rate}{band} is outside (−1, 1): a rate at or below −100 % has no present value"
        ));
    }
    Ok(())
}

fn bands(table: &toml::Table) -> Result<Vec<(u32, Decimal)>, ValueError> {
    let shape = "expected `{ bands = [{ from_year = 0, rate = 0.035 }, …] }`";
    let (Some(toml::Value::Array(items)), 1) = (table.get("bands"), table.len()) else {
        return Err(shape.into());
    };
    let mut bands = Vec::new();
    for item in items {
        let toml::Value::Table(band) = item else { return Err(shape.into()) };
        let (Some(toml::Value::Integer(from)), Some(rate), 2) = (band.get("from_year"), band.get("rate"), band.len())
        else {
            return Err(shape.into());
        };
        let from = u32::try_from(*from).map_err(|_| format!("`from_year = {from}` must be a year from 0"))?;
        if bands.last().is_some_and(|(previous, _)| *previous >= from) {
            return Err("bands must be in ascending order of `from_year`".into());
        }
        bands.push((from, number(rate)?));
    }
    if bands.first().is_none_or(|(from, _)| *from != 0) {
        return Err("the first band must have `from_year = 0`".into());
    }
    Ok(bands)
}
