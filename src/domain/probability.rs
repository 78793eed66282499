//! Transition probabilities for one cycle: period conversion, the rest entry and effects.
//!
//! Annual (or other-period) probabilities become per-cycle ones under constant competing
//! hazards: with total exit probability `P` over the period, the cycle's total exit is
//! `1 − (1 − P)^(cycle / period)`, shared out in proportion to each `p_j / P`.

use super::{Row, Value};
use rust_decimal::Decimal;

/// Why a row's probabilities cannot be used in some cycle; sums in the scalar `S` computed in.
#[derive(Debug, Clone, PartialEq)]
pub enum RowProblem<S = Decimal> {
    /// The explicit probabilities add up to more than one.
    AboveOne(S),
    /// A row without a rest entry does not add up to exactly one.
    NotOne(S),
    /// A multiplier pushed the row past one; the value is the row's sum.
    EffectAboveOne(S),
    /// The conversion between periods failed numerically.
    Conversion,
    /// A row converted between periods has its rest entry on another state than its own.
    RestNotStay,
}

/// The probabilities of the row out of state `from` in `cycle`, per cycle, the rest entry (if
/// any) last. When the row's period differs from the cycle, the stay (the rest entry, or an
/// explicit entry back to `from`) is what the converted exits leave.
pub fn cycle_row<S: Value>(
    row: &Row,
    from: usize,
    cycle: usize,
    months_per_cycle: u32,
) -> Result<Vec<(usize, S)>, RowProblem<S>> {
    let given: Vec<(usize, S)> =
        row.entries.iter().map(|(to, p)| (*to, S::of_schedule(p, cycle, months_per_cycle))).collect();
    let total = sum(&given).ok_or(RowProblem::Conversion)?;
    if total.above(S::ONE) {
        return Err(RowProblem::AboveOne(total));
    }
    if row.rest.is_none() && !total.same(S::ONE) {
        return Err(RowProblem::NotOne(total));
    }
    let mut probabilities = match row.per_months {
        Some(months) if months != months_per_cycle => {
            if row.rest.is_some_and(|rest| rest != from) {
                return Err(RowProblem::RestNotStay);
            }
            let exits: Vec<(usize, S)> = given.into_iter().filter(|(to, _)| *to != from).collect();
            let exit_total = sum(&exits).ok_or(RowProblem::Conversion)?;
            let mut converted = convert(exits, exit_total, months, months_per_cycle)?;
            if row.rest.is_none() {
                let stay = rest_of(&converted)?;
                converted.push((from, stay));
            }
            converted
        }
        _ => given,
    };
    if let Some(rest) = row.rest {
        let left = rest_of(&probabilities)?;
        probabilities.push((rest, left));
    }
    Ok(probabilities)
}

/// Multiplies the non-rest entries by `multiplier(target)`; the rest entry (last, when
/// `has_rest`) takes up the difference. Fails if the row would pass one.
pub fn apply_multipliers<S: Value>(
    probabilities: &mut [(usize, S)],
    has_rest: bool,
    multiplier: impl Fn(usize) -> S,
) -> Result<(), RowProblem<S>> {
    let explicit = if has_rest { probabilities.len() - 1 } else { probabilities.len() };
    let too_large = || RowProblem::EffectAboveOne(S::from_decimal(Decimal::MAX));
    let mut total = S::ZERO;
    for (to, p) in &mut probabilities[..explicit] {
        *p = p.mul(multiplier(*to)).ok_or_else(too_large)?;
        total = total.add(*p).ok_or_else(too_large)?;
    }
    if total.above(S::ONE) || (!has_rest && !total.same(S::ONE)) {
        return Err(RowProblem::EffectAboveOne(total));
    }
    if has_rest {
        probabilities[explicit].1 = S::ONE.sub(total).ok_or(RowProblem::Conversion)?;
    }
    Ok(())
}

fn sum<S: Value>(entries: &[(usize, S)]) -> Option<S> {
    entries.iter().try_fold(S::ZERO, |acc, (_, p)| acc.add(*p))
}

/// What the entries leave of one.
fn rest_of<S: Value>(entries: &[(usize, S)]) -> Result<S, RowProblem<S>> {
    sum(entries).and_then(|total| S::ONE.sub(total)).ok_or(RowProblem::Conversion)
}

fn convert<S: Value>(
    given: Vec<(usize, S)>,
    total: S,
    period_months: u32,
    months_per_cycle: u32,
) -> Result<Vec<(usize, S)>, RowProblem<S>> {
    if total.is_zero() || total == S::ONE {
        return Ok(given);
    }
    let exponent = Decimal::from(months_per_cycle) / Decimal::from(period_months);
    let stay = S::ONE.sub(total).and_then(|s| s.pow(exponent)).ok_or(RowProblem::Conversion)?;
    let exit = S::ONE.sub(stay).ok_or(RowProblem::Conversion)?;
    given
        .into_iter()
        .map(|(to, p)| Some((to, p.mul(exit)?.div(total)?)))
        .collect::<Option<Vec<_>>>()
        .ok_or(RowProblem::Conversion)
}
