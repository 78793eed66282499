//! Transition probabilities for one cycle: period conversion, the rest entry and effects.
//!
//! Annual (or other-period) probabilities become per-cycle ones under constant competing
//! hazards: with total exit probability `P` over the period, the cycle's total exit is
//! `1 − (1 − P)^(cycle / period)`, shared out in proportion to each `p_j / P`.

use super::Row;
use rust_decimal::{Decimal, MathematicalOps};

/// Why a row's probabilities cannot be used in some cycle.
#[derive(Debug, Clone, PartialEq)]
pub enum RowProblem {
    /// The explicit probabilities add up to more than one.
    AboveOne(Decimal),
    /// A row without a rest entry does not add up to exactly one.
    NotOne(Decimal),
    /// A multiplier pushed the row past one; the value is the row's sum.
    EffectAboveOne(Decimal),
    /// The conversion between periods failed numerically.
    Conversion,
    /// A row converted between periods has its rest entry on another state than its own.
    RestNotStay,
}

/// The probabilities of the row out of state `from` in `cycle`, per cycle, the rest entry (if
/// any) last. When the row's period differs from the cycle, the stay (the rest entry, or an
/// explicit entry back to `from`) is what the converted exits leave.
pub fn cycle_row(
    row: &Row,
    from: usize,
    cycle: usize,
    months_per_cycle: u32,
) -> Result<Vec<(usize, Decimal)>, RowProblem> {
    let given: Vec<(usize, Decimal)> = row.entries.iter().map(|(to, p)| (*to, p.at(cycle, months_per_cycle))).collect();
    let total = sum(&given).ok_or(RowProblem::Conversion)?;
    if total > Decimal::ONE {
        return Err(RowProblem::AboveOne(total));
    }
    if row.rest.is_none() && total != Decimal::ONE {
        return Err(RowProblem::NotOne(total));
    }
    let mut probabilities = match row.per_months {
        Some(months) if months != months_per_cycle => {
            if row.rest.is_some_and(|rest| rest != from) {
                return Err(RowProblem::RestNotStay);
            }
            let exits: Vec<(usize, Decimal)> = given.into_iter().filter(|(to, _)| *to != from).collect();
            let exit_total = sum(&exits).ok_or(RowProblem::Conversion)?;
            let mut converted = convert(exits, exit_total, months, months_per_cycle)?;
            if row.rest.is_none() {
                let stay = Decimal::ONE - sum(&converted).ok_or(RowProblem::Conversion)?;
                converted.push((from, stay));
            }
            converted
        }
        _ => given,
    };
    if let Some(rest) = row.rest {
        let others = sum(&probabilities).ok_or(RowProblem::Conversion)?;
        probabilities.push((rest, Decimal::ONE - others));
    }
    Ok(probabilities)
}

/// Multiplies the non-rest entries by `multiplier(target)`; the rest entry (last, when
/// `has_rest`) takes up the difference. Fails if the row would pass one.
pub fn apply_multipliers(
    probabilities: &mut [(usize, Decimal)],
    has_rest: bool,
    multiplier: impl Fn(usize) -> Decimal,
) -> Result<(), RowProblem> {
    let explicit = if has_rest { probabilities.len() - 1 } else { probabilities.len() };
    let mut total = Decimal::ZERO;
    for (to, p) in &mut probabilities[..explicit] {
        *p = p.checked_mul(multiplier(*to)).ok_or(RowProblem::EffectAboveOne(Decimal::MAX))?;
        total = total.checked_add(*p).ok_or(RowProblem::EffectAboveOne(Decimal::MAX))?;
    }
    if total > Decimal::ONE || (!has_rest && total != Decimal::ONE) {
        return Err(RowProblem::EffectAboveOne(total));
    }
    if has_rest {
        probabilities[explicit].1 = Decimal::ONE - total;
    }
    Ok(())
}

fn sum(entries: &[(usize, Decimal)]) -> Option<Decimal> {
    entries.iter().try_fold(Decimal::ZERO, |acc, (_, p)| acc.checked_add(*p))
}

fn convert(
    given: Vec<(usize, Decimal)>,
    total: Decimal,
    period_months: u32,
    months_per_cycle: u32,
) -> Result<Vec<(usize, Decimal)>, RowProblem> {
    if total.is_zero() || total == Decimal::ONE {
        return Ok(given);
    }
    let exponent = Decimal::from(months_per_cycle) / Decimal::from(period_months);
    let stay = (Decimal::ONE - total).checked_powd(exponent).ok_or(RowProblem::Conversion)?;
    let exit = Decimal::ONE - stay;
    given
        .into_iter()
        .map(|(to, p)| Some((to, p.checked_mul(exit)?.checked_div(total)?)))
        .collect::<Option<Vec<_>>>()
        .ok_or(RowProblem::Conversion)
}
