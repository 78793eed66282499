//! Discount factors per projection year, exact: `DF(y) = 1 / Π_{k=1..e} (1 + r_k)` with
//! `e = y`, or `e = y + 1` when the first year is discounted too.

use crate::domain::DiscountRate;
use crate::project::Scalar;
use rust_decimal::Decimal;

/// The discount factor of every year `0..years`, or `None` on overflow.
pub fn factors<S: Scalar>(rate: &DiscountRate, years: usize, discount_first_year: bool) -> Option<Vec<S>> {
    let mut product = S::ONE;
    let mut factors = Vec::with_capacity(years);
    let first = usize::from(discount_first_year);
    for k in 1..=first {
        product = product.mul(one_plus(rate, k)?)?;
    }
    for year in 0..years {
        if year > 0 {
            product = product.mul(one_plus(rate, year + first)?)?;
        }
        factors.push(S::ONE.div(product)?);
    }
    Some(factors)
}

fn one_plus<S: Scalar>(rate: &DiscountRate, year: usize) -> Option<S> {
    let year = u32::try_from(year).ok()?;
    Some(S::from_decimal(Decimal::ONE.checked_add(rate.in_year(year))?))
}
