//! Discount factors per projection year, exact: `DF(y) = 1 / Π_{k=1..e} (1 + r_k)` with
//! `e = y`, or `e = y + 1` when the first year is discounted too.

use crate::domain::DiscountRate;
use crate::project::Scalar;
use rust_decimal::Decimal;

/// The discount factor of every year `0..years`, or `None` on overflow.
///
/// A positive rate compounds without bound: once `Π (1 + r_k)` no longer fits the scalar type
/// (past 7.9e28 for decimals: 0.4 over 200 years), every later factor is below the type's
/// resolution and is zero, as the exact value rounds to. Only a product that overflows while
/// shrinking factors would be needed is an error.
pub fn factors<S: Scalar>(rate: &DiscountRate, years: usize, discount_first_year: bool) -> Option<Vec<S>> {
    let mut product = Some(S::ONE);
    let mut factors = Vec::with_capacity(years);
    let first = usize::from(discount_first_year);
    for k in 1..=first {
        product = compound(product, one_plus(rate, k)?)?;
    }
    for year in 0..years {
        if year > 0 {
            product = compound(product, one_plus(rate, year + first)?)?;
        }
        factors.push(match product {
            Some(product) => S::ONE.div(product)?,
            None => S::ZERO,
        });
    }
    Some(factors)
}

/// `product × growth`; `Some(None)` once a growing product has passed what the type holds
/// (it stays past), `None` when a product overflows otherwise.
fn compound<S: Scalar>(product: Option<S>, growth: S) -> Option<Option<S>> {
    let Some(product) = product else { return Some(None) };
    match product.mul(growth) {
        Some(next) => Some(Some(next)),
        None if growth > S::ONE => Some(None),
        None => None,
    }
}

fn one_plus<S: Scalar>(rate: &DiscountRate, year: usize) -> Option<S> {
    let year = u32::try_from(year).ok()?;
    Some(S::from_decimal(Decimal::ONE.checked_add(rate.in_year(year))?))
}
