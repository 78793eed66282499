//! Banded lookup tables: the value of the band a number falls in.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// A banded table: band `i` starts at `from[i]` and has the value `values[i]`.
///
/// The bands are in ascending order of `from` (the caller validates that, and that both lists
/// have the same length); a number belongs to the band with the largest `from` at or below it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Where each band starts, strictly ascending.
    pub from: Vec<Decimal>,
    /// The value of each band.
    pub values: Vec<Decimal>,
    /// `from` as `f64` (NaN where a limit has none), converted once for the many-run paths.
    from_f64: Vec<f64>,
    /// `values` as `f64`, likewise.
    values_f64: Vec<f64>,
}

impl Table {
    /// The table with bands starting at `from` (ascending) and the values `values`.
    #[must_use]
    pub fn new(from: Vec<Decimal>, values: Vec<Decimal>) -> Self {
        let floats = |v: &[Decimal]| v.iter().map(|d| d.to_f64().unwrap_or(f64::NAN)).collect();
        Table { from_f64: floats(&from), values_f64: floats(&values), from, values }
    }

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
        let bands_at_or_below = self.from_f64.partition_point(|from| *from <= x);
        bands_at_or_below.checked_sub(1).and_then(|band| self.values_f64.get(band)).copied().unwrap_or(f64::NAN)
    }
}
