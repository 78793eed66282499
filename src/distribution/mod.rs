//! Probability distributions for probabilistic sensitivity analysis (PSA).
//!
//! - [`Distribution`]: one uncertain number (fixed, uniform, triangular, PERT, beta, gamma,
//!   lognormal, normal), built only through validated constructors.
//! - [`MultiNormal`] and [`Dirichlet`]: joint distributions over several numbers, for a
//!   `[[correlated]]` entry.
//! - [`from_toml`]: a parameter's `distribution = { kind = …, … }` inline table read into a
//!   [`Distribution`], every problem a [`DistributionError`] naming the key to change.
//! - [`stream`]: the random stream of one draw, derived from the seed and the draw's index
//!   alone, so that a PSA gives the same numbers whatever the number of threads.
//!
//! Nothing here panics on any input: an invalid parameter is an error at construction, and
//! a value built around the constructors (a variant written directly) samples and reports
//! `NaN` rather than panicking. Positions in messages (components, rows, columns, pivots)
//! count from 1, as a person reading a TOML file counts.
//!
//! The module knows no domain word and does no formatting beyond its error messages: the
//! loader locates a [`DistributionError`] by its key, and the PSA driver decides the order
//! in which a draw's parameters take their numbers from the draw's stream.

mod joint;
mod parse;
mod special;
mod univariate;

pub use joint::{Dirichlet, MultiNormal};
pub use parse::{DistributionError, KINDS, from_toml};
pub use univariate::{Distribution, Sampler};

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

/// The random number generator of one draw: ChaCha with 8 rounds.
pub type Stream = ChaCha8Rng;

/// The random stream of draw number `draw` (counted from 0) of a PSA run with seed `seed`.
///
/// The stream depends on `(seed, draw)` alone: the 64-bit seed is expanded into a ChaCha8 key
/// (`SeedableRng::seed_from_u64`, a fixed PCG32 expansion), and the draw index selects one of
/// that key's 2⁶⁴ independent streams (`set_stream`), starting at its first word. So draw `k`
/// has the same numbers whether it is computed first or last, on one thread or on many, and
/// whatever the total number of draws; and no two draws of one run share numbers.
///
/// Within a draw, the numbers are consumed in order: the caller must sample the draw's
/// distributions in a fixed order (for example the order in which the parameters are
/// declared) for the draw to be reproducible. This derivation is part of the reproducibility
/// contract of a seed: changing it changes every PSA result.
pub fn stream(seed: u64, draw: u64) -> Stream {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(draw);
    rng
}

/// Makes the generator's once-a-process choice of CPU instructions (tens of µs), so that a
/// thread can do it while another reads the files.
pub fn warm_up(seed: u64) {
    std::hint::black_box(stream(seed, 0));
}

/// A number as a message shows it: as written for ordinary magnitudes, in exponent notation
/// for very small or very large ones, with a true minus sign.
fn show(x: f64) -> String {
    let text = if x.is_nan() {
        "NaN".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "infinity".to_string() } else { "-infinity".to_string() }
    } else if x == 0.0 || (1e-4..1e15).contains(&x.abs()) {
        format!("{x}")
    } else {
        format!("{x:e}")
    };
    text.replace('-', "\u{2212}")
}

/// A computed number (a bound, a pivot) as a message shows it: about three significant
/// digits.
fn approx(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return show(x);
    }
    let magnitude = x.abs().log10().floor();
    if !(-4.0..15.0).contains(&magnitude) {
        return format!("{x:.2e}").replace('-', "\u{2212}");
    }
    let decimals = (2.0 - magnitude).max(0.0) as usize;
    let mut text = format!("{x:.decimals$}");
    if text.contains('.') {
        while text.ends_with('0') {
            text.pop();
        }
        if text.ends_with('.') {
            text.pop();
        }
    }
    text.replace('-', "\u{2212}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_messages() {
        assert_eq!(show(0.5), "0.5");
        assert_eq!(show(-0.002), "\u{2212}0.002");
        assert_eq!(show(1e-200), "1e\u{2212}200");
        assert_eq!(show(f64::INFINITY), "infinity");
        assert_eq!(approx(0.21_f64.sqrt()), "0.458");
        assert_eq!(approx(-0.002), "\u{2212}0.002");
        assert_eq!(approx(1234.6), "1235");
        assert_eq!(approx(2.0), "2");
        assert_eq!(approx(6.9e-18), "6.90e\u{2212}18");
    }

    #[test]
    fn stream_depends_on_seed_and_draw_only() {
        use rand::RngCore;
        let first = stream(7, 3).next_u64();
        let _ = stream(7, 2).next_u64();
        assert_eq!(stream(7, 3).next_u64(), first);
        assert_ne!(stream(7, 4).next_u64(), first);
        assert_ne!(stream(8, 3).next_u64(), first);
    }
}
