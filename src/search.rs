//! Searches in `f64` shared by the commands that run the chain many times (calibration,
//! break-even, switching values): the edge of a feasible range by bisection, and the conversions between the
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

/// Whether a function changes sign (or reaches zero) between two of its values: whether
/// [`illinois`] has a bracket.
pub fn crosses(a: f64, b: f64) -> bool {
    (a <= 0.0 && b >= 0.0) || (a >= 0.0 && b <= 0.0)
}

/// A root of `f` in a bracket whose ends have opposite signs: regula falsi with the Illinois
/// modification, until the bracket is narrower than 1e-9 (relative) or the value is within
/// 1e-10 of the values at the ends (the scale is reported to 6 significant digits).
pub fn illinois<E>(
    ((mut a, mut fa), (mut b, mut fb)): ((f64, f64), (f64, f64)),
    f: impl Fn(f64) -> Result<f64, E>,
) -> Result<f64, E> {
    if fa == 0.0 {
        return Ok(a);
    }
    if fb == 0.0 {
        return Ok(b);
    }
    let mut side = 0;
    let small = 1e-10 * fa.abs().max(fb.abs());
    for _ in 0..100 {
        let c = (a * fb - b * fa) / (fb - fa);
        let fc = f(c)?;
        if fc.abs() <= small || (b - a).abs() <= 1e-9 * b.abs().max(1.0) {
            return Ok(c);
        }
        if (fc > 0.0) == (fb > 0.0) {
            (b, fb) = (c, fc);
            if side == -1 {
                fa /= 2.0;
            }
            side = -1;
        } else {
            (a, fa) = (c, fc);
            if side == 1 {
                fb /= 2.0;
            }
            side = 1;
        }
        if (b - a).abs() <= 1e-9 * b.abs().max(1.0) {
            break;
        }
    }
    Ok((a * fb - b * fa) / (fb - fa))
}
