//! Searches in `f64` shared by the commands that run the chain many times (calibration,
//! break-even): the edge of a feasible range by bisection, and the conversions between the
//! searched `f64` and the exact decimals a result is confirmed and reported in.

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

/// The highest value between `ok` (feasible) and `bad` (not feasible) at which `feasible`
/// still holds, to within about 2⁻⁶⁰ of the range (bisection; `feasible` is assumed to hold
/// below some edge and not above it).
pub fn highest_where(mut ok: f64, mut bad: f64, feasible: impl Fn(f64) -> bool) -> f64 {
    for _ in 0..60 {
        let mid = 0.5 * (ok + bad);
        if feasible(mid) { ok = mid } else { bad = mid }
    }
    ok
}

/// A searched value as a decimal (1 for a value no decimal can hold: NaN or infinite).
pub fn decimal(value: f64) -> Decimal {
    Decimal::from_f64(value).unwrap_or(Decimal::ONE)
}

/// A searched value to the 6 significant digits results are reported with.
pub fn six_digits(value: f64) -> Decimal {
    decimal(value).round_sf(6).unwrap_or_default()
}
