//! Special functions behind the quantiles and the samplers: standard normal, gamma and beta
//! quantiles, and gamma draws taken in logarithms.
//!
//! `statrs` supplies `ln Γ`, the regularised incomplete beta function and the inverse
//! complementary error function. The quantiles invert the distribution functions by
//! bisection over the bit patterns of non-negative floats, which always ends (at most 64
//! steps) and never panics; statrs' own `inverse_cdf` panics outside `[0, 1]` and, for the
//! gamma, stops after a fixed handful of steps. The regularised lower incomplete gamma
//! function is computed here (series and continued fraction, in logarithms, with bounded
//! iterations), because statrs' returns 1 for every shape below about 10⁻⁹ and 0 for every
//! point below 10⁻⁹, and its loops are unbounded for very large shapes.

use rand::Rng;
use rand::distr::Open01;
use rand_distr::Distribution as _;
use statrs::function::beta::checked_beta_reg;
use statrs::function::erf::{erfc, erfc_inv};
use statrs::function::gamma::ln_gamma;

/// The most terms a series or continued fraction takes; convergence needs a few times
/// `√shape` of them, and shapes above [`WILSON_HILFERTY_SHAPE`] never get here.
const MAX_TERMS: usize = 1_000_000;

/// Relative precision at which a series or continued fraction stops.
const EPSILON: f64 = 1e-16;

/// Above this shape a gamma quantile is the Wilson–Hilferty approximation, whose relative
/// error falls as `shape^(−3/2)` (below 10⁻¹² here).
const WILSON_HILFERTY_SHAPE: f64 = 1e7;

/// A beta quantile uses the Cornish–Fisher expansion when `α + β` is at least this and both
/// are at least [`CORNISH_FISHER_MIN_SHAPE`]: there the incomplete beta function loses digits
/// (its `ln Γ` terms cancel), while the distribution is nearly normal.
const CORNISH_FISHER_TOTAL: f64 = 1e8;

/// See [`CORNISH_FISHER_TOTAL`].
const CORNISH_FISHER_MIN_SHAPE: f64 = 1e4;

/// The `p` quantile of the standard normal distribution: −∞ at 0, +∞ at 1, NaN outside.
pub(super) fn standard_normal_quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    -std::f64::consts::SQRT_2 * erfc_inv(2.0 * p)
}

/// The standard normal distribution function `Φ(z)`: 0 at −∞, 1 at +∞, NaN at NaN.
pub(super) fn standard_normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// The beta distribution function with shapes `a` and `b` at `x` (0 below 0, 1 above 1), NaN
/// for invalid shapes.
pub(super) fn beta_cdf(a: f64, b: f64, x: f64) -> f64 {
    checked_beta_reg(a, b, x.clamp(0.0, 1.0)).unwrap_or(f64::NAN)
}

/// The smallest `x` in `[lo, hi]` (both non-negative) with `cdf(x) ≥ p`, to the last bit,
/// assuming `cdf(lo) < p ≤ cdf(hi)`. The bit patterns of non-negative floats are ordered as
/// their values, so the bisection halves an interval of integers and ends within 64 steps.
fn first_at_least(lo: f64, hi: f64, p: f64, cdf: impl Fn(f64) -> f64) -> f64 {
    let mut low = lo.to_bits();
    let mut high = hi.to_bits();
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if cdf(f64::from_bits(middle)) >= p {
            high = middle;
        } else {
            low = middle;
        }
    }
    f64::from_bits(high)
}

/// The regularised lower incomplete gamma function `P(a, x)` for `a > 0`, `x ≥ 0`.
pub(super) fn gamma_p(a: f64, x: f64) -> f64 {
    if x.is_nan() || a.is_nan() || a <= 0.0 {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 0.0;
    }
    if x.is_infinite() {
        return 1.0;
    }
    // ln(x^a e^(−x) / Γ(a)), kept in logarithms so that tiny shapes and far tails do not
    // overflow or underflow before the end.
    let ln_prefix = a * x.ln() - x - ln_gamma(a);
    if x < a + 1.0 {
        // P = x^a e^(−x) / Γ(a + 1) · Σ_{n ≥ 0} x^n / ((a + 1)…(a + n)).
        let mut term = 1.0;
        let mut sum = 1.0;
        let mut denominator = a;
        for _ in 0..MAX_TERMS {
            denominator += 1.0;
            term *= x / denominator;
            sum += term;
            if term < sum * EPSILON {
                break;
            }
        }
        (ln_prefix - a.ln() + sum.ln()).exp().clamp(0.0, 1.0)
    } else {
        // Q = 1 − P by its continued fraction (modified Lentz).
        const TINY: f64 = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..MAX_TERMS {
            let i = i as f64;
            let an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < EPSILON {
                break;
            }
        }
        let q = (ln_prefix + h.ln()).exp();
        (1.0 - q).clamp(0.0, 1.0)
    }
}

/// The `p` quantile of the gamma distribution with shape `a` and scale 1: 0 at `p = 0`,
/// +∞ at `p = 1`, NaN outside `[0, 1]` or for an invalid shape.
pub(super) fn gamma_quantile(a: f64, p: f64) -> f64 {
    if !((0.0..=1.0).contains(&p) && a > 0.0 && a.is_finite()) {
        return f64::NAN;
    }
    if p == 0.0 {
        return 0.0;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    if a > WILSON_HILFERTY_SHAPE {
        let z = standard_normal_quantile(p);
        let t = 1.0 - 1.0 / (9.0 * a) + z / (3.0 * a.sqrt());
        return (a * t * t * t).max(0.0);
    }
    first_at_least(0.0, f64::MAX, p, |x| gamma_p(a, x))
}

/// The `p` quantile of the beta distribution with shapes `a` and `b`: 0 at `p = 0`, 1 at
/// `p = 1`, NaN outside `[0, 1]` or for invalid shapes.
pub(super) fn beta_quantile(a: f64, b: f64, p: f64) -> f64 {
    let valid = |s: f64| s > 0.0 && s.is_finite();
    if !(0.0..=1.0).contains(&p) || !valid(a) || !valid(b) {
        return f64::NAN;
    }
    if p == 0.0 {
        return 0.0;
    }
    if p == 1.0 {
        return 1.0;
    }
    if a + b >= CORNISH_FISHER_TOTAL && a.min(b) >= CORNISH_FISHER_MIN_SHAPE {
        return beta_cornish_fisher(a, b, p);
    }
    first_at_least(0.0, 1.0, p, |x| checked_beta_reg(a, b, x).unwrap_or(f64::NAN))
}

/// The Cornish–Fisher expansion of a beta quantile (to the fourth cumulant), written in
/// ratios so that no intermediate overflows.
fn beta_cornish_fisher(a: f64, b: f64, p: f64) -> f64 {
    let n = a + b;
    let mean = 1.0 / (1.0 + b / a);
    if !n.is_finite() {
        // sd ≈ √(m(1 − m)/n) < 10⁻¹⁵⁴: below the resolution of the mean.
        return mean;
    }
    let sd = (mean * (1.0 - mean) / (n + 1.0)).sqrt();
    let root_ab = a.sqrt() * b.sqrt();
    let skewness = 2.0 * ((b - a) / (n + 2.0)) * (n + 1.0).sqrt() / root_ab;
    let r = (a - b) / root_ab;
    let excess_kurtosis = 6.0 * (r * r * ((n + 1.0) / (n + 2.0) / (n + 3.0)) - 1.0 / (n + 3.0));
    let z = standard_normal_quantile(p);
    let w = z + skewness / 6.0 * (z * z - 1.0) + excess_kurtosis / 24.0 * (z * z * z - 3.0 * z)
        - skewness * skewness / 36.0 * (2.0 * z * z * z - 5.0 * z);
    (mean + sd * w).clamp(0.0, 1.0)
}

/// The logarithm of a draw from the gamma distribution with shape `a > 0` and scale 1.
///
/// For `a < 1` the draw is `Γ(a + 1) · U^(1/a)` (Marsaglia and Tsang), taken in logarithms
/// so that tiny shapes, whose draws underflow to 0, still give a finite logarithm; `U` is
/// drawn from the open interval (0, 1). Finite for every valid shape; NaN for an invalid one.
pub(super) fn ln_gamma_draw<R: Rng + ?Sized>(a: f64, rng: &mut R) -> f64 {
    LnGamma::new(a).sample(rng)
}

/// [`ln_gamma_draw`] for one shape, set up once to draw many times.
#[derive(Debug, Clone, Copy)]
pub(super) struct LnGamma {
    /// The gamma distribution drawn from (of shape `a`, or `a + 1` below one); `None` for an
    /// invalid shape.
    gamma: Option<rand_distr::Gamma<f64>>,
    /// The shape `a`, when it is below one.
    small: Option<f64>,
}

impl LnGamma {
    /// The draw of shape `a`.
    pub(super) fn new(a: f64) -> Self {
        if a >= 1.0 {
            LnGamma { gamma: rand_distr::Gamma::new(a, 1.0).ok(), small: None }
        } else {
            let gamma = if a > 0.0 { rand_distr::Gamma::new(a + 1.0, 1.0).ok() } else { None };
            LnGamma { gamma, small: Some(a) }
        }
    }

    /// One draw.
    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let Some(gamma) = &self.gamma else { return f64::NAN };
        let drawn = gamma.sample(rng).ln();
        match self.small {
            None => drawn,
            Some(a) => {
                let u: f64 = rng.sample(Open01);
                // Never −∞, even for shapes below the validated 10⁻³⁰⁰.
                drawn + (u.ln() / a).max(-f64::MAX)
            }
        }
    }
}

/// A draw from the beta distribution whose two gamma draws are `x` and `y`, as `X / (X + Y)`
/// taken in logarithms (exact at both ends, even for tiny shapes).
pub(super) fn beta_draw<R: Rng + ?Sized>([x, y]: &[LnGamma; 2], rng: &mut R) -> f64 {
    let ln_x = x.sample(rng);
    let ln_y = y.sample(rng);
    if ln_x >= ln_y {
        1.0 / (1.0 + (ln_y - ln_x).exp())
    } else {
        let ratio = (ln_x - ln_y).exp();
        ratio / (1.0 + ratio)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance * b.abs().max(1e-300)
    }

    #[test]
    fn incomplete_gamma_matches_closed_forms() {
        // P(1, x) = 1 − e^(−x); P(2, x) = 1 − (1 + x) e^(−x).
        for x in [1e-12, 0.001, 0.5, 1.0, 2.0, 7.5, 40.0] {
            assert!(close(gamma_p(1.0, x), -(-x).exp_m1(), 1e-12), "x = {x}");
            if x >= 1e-3 {
                assert!(close(gamma_p(2.0, x), 1.0 - (1.0 + x) * (-x).exp(), 1e-9), "x = {x}");
            }
        }
        // Near 0 the closed form cancels: P(2, x) = x²/2 − x³/3 + O(x⁴).
        assert!(close(gamma_p(2.0, 1e-6), 0.5e-12 - 1e-18 / 3.0, 1e-9));
        assert_eq!(gamma_p(3.0, 0.0), 0.0);
        assert_eq!(gamma_p(3.0, f64::INFINITY), 1.0);
        assert!(gamma_p(-1.0, 1.0).is_nan());
    }

    #[test]
    fn gamma_quantiles_of_known_values() {
        // Exponential: −ln(1 − p). Chi-square with 6 degrees of freedom at 0.975: 14.4494.
        assert!(close(gamma_quantile(1.0, 0.975), -(0.025_f64).ln(), 1e-12));
        assert!(close(gamma_quantile(3.0, 0.975) * 2.0, 14.449_375, 1e-6));
        // Tiny shapes: P(X ≤ x) ≈ x^a / Γ(a + 1), so the median of shape 0.01 is about
        // (0.5 · Γ(1.01))^100.
        let median = gamma_quantile(0.01, 0.5);
        let expected = (0.5 * ln_gamma(1.01).exp()).powf(100.0);
        assert!(close(median, expected, 1e-3), "{median} vs {expected}");
        // Both sides of the Wilson–Hilferty switch agree.
        let below = first_at_least(0.0, f64::MAX, 0.975, |x| gamma_p(WILSON_HILFERTY_SHAPE, x));
        assert!(close(gamma_quantile(WILSON_HILFERTY_SHAPE * (1.0 + 1e-15), 0.975), below, 1e-11));
    }

    #[test]
    fn beta_quantiles_of_known_values() {
        // Beta(1, 1) is uniform; Beta(a, 1) has quantile p^(1/a); Beta(1, b) has 1 − (1 − p)^(1/b).
        assert!(close(beta_quantile(1.0, 1.0, 0.3), 0.3, 1e-12));
        assert!(close(beta_quantile(2.5, 1.0, 0.9), 0.9_f64.powf(1.0 / 2.5), 1e-10));
        assert!(close(beta_quantile(1.0, 4.0, 0.1), 1.0 - 0.9_f64.powf(0.25), 1e-10));
        // Both sides of the Cornish–Fisher switch agree.
        let (a, b) = (2e4, 1e8 - 2e4);
        let exact = first_at_least(0.0, 1.0, 0.975, |x| checked_beta_reg(a, b, x).unwrap_or(f64::NAN));
        let expanded = beta_cornish_fisher(a, b, 0.975);
        let sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt();
        assert!((exact - expanded).abs() < 1e-3 * sd, "{exact} vs {expanded}");
    }

    #[test]
    fn out_of_range_probabilities_are_nan() {
        for p in [-0.1, 1.1, f64::NAN] {
            assert!(standard_normal_quantile(p).is_nan());
            assert!(gamma_quantile(2.0, p).is_nan());
            assert!(beta_quantile(2.0, 3.0, p).is_nan());
        }
    }
}
