//! Banded lookup tables: the value of the band a number falls in.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A banded table: band `i` starts at `from[i]` and has the value `values[i]`.
///
/// The bands are in ascending order of `from` (the caller validates that, and that both lists
/// have the same length); a number belongs to the band with the largest `from` at or below it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// Where each band starts, strictly ascending.
    pub from: Vec<Decimal>,
    /// The value of each band.
    pub values: Vec<Decimal>,
}

impl Table {
    /// The value of the band `x` falls in, or `None` when `x` is below the first band.
    #[must_use]
    pub fn lookup_decimal(&self, x: Decimal) -> Option<Decimal> {
        let bands_at_or_below = self.from.partition_point(|from| *from <= x);
        let band = bands_at_or_below.checked_sub(1)?;
        self.values.get(band).copied()
    }

    /// The value of the band `x` falls in, as `f64`; NaN when `x` is below the first band or
    /// NaN. The band limits are compared as `f64`: an `x` that should be exactly a limit but
    /// carries a rounding error below it falls in the band before.
    #[must_use]
    pub fn lookup_f64(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        let bands_at_or_below = self.from.partition_point(|from| from.to_f64().is_some_and(|from| from <= x));
        bands_at_or_below
            .checked_sub(1)
            .and_then(|band| self.values.get(band))
            .and_then(ToPrimitive::to_f64)
            .unwrap_or(f64::NAN)
    }
}
