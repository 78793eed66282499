//! Checked decimal functions for formulas: every failure is a located error that names the
//! values, and nothing here can panic (rust_decimal's `sqrt` and `powd` are avoided because
//! they can).

use super::FormulaError;
use crate::escape::clip;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, MathematicalOps};
use std::ops::Range;

/// What an exact decimal holds, for overflow messages.
pub(crate) const LIMIT: &str = "an exact decimal holds at most about ±7.9e28";

/// The most characters of formula text quoted in a message.
const QUOTE_CHARS: usize = 60;

/// `span` of `source` in backticks, shortened when long.
pub(crate) fn quote(source: &str, span: &Range<usize>) -> String {
    let text = source.get(span.clone()).unwrap_or("").trim();
    match clip(text, QUOTE_CHARS) {
        (_, false) => format!("`{text}`"),
        (_, true) => format!("`{}…`", clip(text, QUOTE_CHARS - 1).0),
    }
}

/// `value` as written in messages: without trailing zeros.
pub(crate) fn show(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Where a function or operator is applied: the whole operation and its (first) operand.
pub(crate) struct Site<'a> {
    /// The formula text.
    pub(crate) source: &'a str,
    /// The operation, as `ln(x - 1)`.
    pub(crate) whole: &'a Range<usize>,
    /// The operand, as `x - 1`.
    pub(crate) operand: &'a Range<usize>,
}

impl Site<'_> {
    /// An error at the whole operation.
    pub(crate) fn error(&self, message: String) -> FormulaError {
        FormulaError::new(self.whole.clone(), message)
    }

    /// An overflow error: `what` is too large.
    pub(crate) fn overflow(&self, what: String) -> FormulaError {
        self.error(format!("an overflow in {}: {what} is too large ({LIMIT})", quote(self.source, self.whole)))
    }

    /// "`x - 1` is -0.5", or "it is given 0" when the operand is written as its value.
    fn operand_is(&self, value: Decimal) -> String {
        let written = self.source.get(self.operand.clone()).unwrap_or("").trim();
        let shown = show(value);
        if written == shown {
            format!("it is given {shown}")
        } else {
            format!("{} is {shown}", quote(self.source, self.operand))
        }
    }
}

/// `e^x`; 0 when `x` is so negative that the result is below the finest decimal step.
pub(crate) fn exp(x: Decimal, site: &Site) -> Result<Decimal, FormulaError> {
    match x.checked_exp() {
        Some(value) => Ok(value),
        None if x.is_sign_negative() => Ok(Decimal::ZERO),
        None => Err(site.overflow(format!("e^{}", show(x)))),
    }
}

/// `e^x − 1`.
pub(crate) fn expm1(x: Decimal, site: &Site) -> Result<Decimal, FormulaError> {
    let e = exp(x, site)?;
    e.checked_sub(Decimal::ONE).ok_or_else(|| site.overflow(format!("e^{} − 1", show(x))))
}

/// The natural logarithm of `x > 0`.
pub(crate) fn ln(x: Decimal, site: &Site) -> Result<Decimal, FormulaError> {
    if x <= Decimal::ZERO {
        return Err(site.error(format!("`ln` needs a number above 0, but {}", site.operand_is(x))));
    }
    x.checked_ln().ok_or_else(|| site.error(format!("`ln` of {} could not be computed", show(x))))
}

/// `ln(1 + x)` for `x > −1`.
pub(crate) fn log1p(x: Decimal, site: &Site) -> Result<Decimal, FormulaError> {
    let y = Decimal::ONE.checked_add(x).ok_or_else(|| site.overflow(format!("1 + {}", show(x))))?;
    if y <= Decimal::ZERO {
        return Err(site.error(format!("`log1p` needs a number above -1, but {}", site.operand_is(x))));
    }
    y.checked_ln().ok_or_else(|| site.error(format!("`log1p` of {} could not be computed", show(x))))
}

/// The square root of `x ≥ 0`.
pub(crate) fn sqrt(x: Decimal, site: &Site) -> Result<Decimal, FormulaError> {
    if x.is_sign_negative() && !x.is_zero() {
        return Err(site.error(format!("`sqrt` needs a number of at least 0, but {}", site.operand_is(x))));
    }
    newton_sqrt(x).ok_or_else(|| site.error(format!("`sqrt` of {} could not be computed", show(x))))
}

/// The square root of `x ≥ 0` by Newton's method from the `f64` estimate, with a bounded
/// number of steps (it stops when a step changes nothing or steps back and forth).
fn newton_sqrt(x: Decimal) -> Option<Decimal> {
    if x.is_zero() {
        return Some(Decimal::ZERO);
    }
    let estimate =
        x.to_f64().map(f64::sqrt).and_then(Decimal::from_f64).filter(|g| *g > Decimal::ZERO).unwrap_or(Decimal::ONE);
    let (mut y, mut before) = (estimate, Decimal::ZERO);
    for _ in 0..100 {
        let next = y.checked_add(x.checked_div(y)?)?.checked_div(Decimal::TWO)?;
        if next == y || next == before {
            return Some(next.min(y));
        }
        (before, y) = (y, next);
    }
    Some(y)
}

/// `base^n` for an integer `n`, exactly.
pub(crate) fn powi(base: Decimal, n: i64, site: &Site) -> Result<Decimal, FormulaError> {
    if base.is_zero() && n < 0 {
        return Err(zero_to_negative_power(&n.to_string(), site));
    }
    base.checked_powi(n).ok_or_else(|| site.overflow(format!("{}^{n}", show(base))))
}

/// The error for 0 raised to a negative power, which divides by 0.
fn zero_to_negative_power(exponent: &str, site: &Site) -> FormulaError {
    site.error(format!("a division by zero: {} raises 0 to the power {exponent}", quote(site.source, site.whole)))
}

/// `base^exponent`: exact for an integer exponent, `e^(exponent · ln base)` otherwise.
pub(crate) fn pow(base: Decimal, exponent: Decimal, site: &Site) -> Result<Decimal, FormulaError> {
    if exponent.fract().is_zero()
        && let Some(n) = exponent.to_i64()
    {
        return powi(base, n, site);
    }
    if base.is_zero() {
        return if exponent.is_sign_positive() {
            Ok(Decimal::ZERO)
        } else {
            Err(zero_to_negative_power(&show(exponent), site))
        };
    }
    if base.is_sign_negative() {
        return Err(site.error(format!(
            "{}: a negative base ({}) with the exponent {}, which is not an integer, has \
             no real value",
            quote(site.source, site.whole),
            show(base),
            show(exponent)
        )));
    }
    let log = ln(base, site)?;
    let product =
        log.checked_mul(exponent).ok_or_else(|| site.overflow(format!("{}^{}", show(base), show(exponent))))?;
    exp(product, site).map_err(|_| site.overflow(format!("{}^{}", show(base), show(exponent))))
}
