//! One uncertain number: the univariate distributions, their validated constructors,
//! moments, quantiles and sampling.

use rand::Rng;
use rand_distr::StandardNormal;

use super::special::{
    LnGamma, beta_cdf, beta_draw, beta_quantile, gamma_p, gamma_quantile, standard_normal_cdf, standard_normal_quantile,
};
use super::{approx, show};

/// A univariate distribution of one uncertain parameter.
///
/// Build one with the constructors ([`Distribution::beta`], [`Distribution::gamma_from_mean_sd`],
/// …) or [`super::from_toml`], which validate the parameters. A variant written directly is not
/// checked; if its parameters break a constructor's rule, [`Distribution::validate`] says
/// which, and sampling, moments and quantiles give `NaN` instead of panicking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distribution {
    /// Always this value: no uncertainty.
    Fixed(f64),
    /// Every value in `[min, max]` equally likely.
    Uniform {
        /// The lowest value.
        min: f64,
        /// The highest value.
        max: f64,
    },
    /// Triangular density rising from `min` to its peak at `mode` and falling to `max`.
    Triangular {
        /// The lowest value.
        min: f64,
        /// The most likely value.
        mode: f64,
        /// The highest value.
        max: f64,
    },
    /// Beta-PERT with λ = 4: a beta distribution rescaled to `[min, max]` with shapes
    /// `α = 1 + 4·(mode − min)/(max − min)` and `β = 1 + 4·(max − mode)/(max − min)`, so its
    /// mean is `(min + 4·mode + max)/6`.
    Pert {
        /// The lowest value.
        min: f64,
        /// The most likely value.
        mode: f64,
        /// The highest value.
        max: f64,
    },
    /// Beta distribution on `[0, 1]`, for probabilities.
    Beta {
        /// The first shape, α ≥ 10⁻³⁰⁰.
        alpha: f64,
        /// The second shape, β ≥ 10⁻³⁰⁰.
        beta: f64,
    },
    /// Gamma distribution on `[0, ∞)`, for costs: mean `shape·scale`, variance
    /// `shape·scale²`.
    Gamma {
        /// The shape, k ≥ 10⁻³⁰⁰.
        shape: f64,
        /// The scale, θ > 0 (not the rate).
        scale: f64,
    },
    /// Lognormal distribution: `exp(N(mu, sigma²))`, for multipliers and costs.
    LogNormal {
        /// The mean of the logarithm.
        mu: f64,
        /// The standard deviation of the logarithm, ≥ 0.
        sigma: f64,
    },
    /// Normal distribution.
    Normal {
        /// The mean.
        mean: f64,
        /// The standard deviation, ≥ 0 (0 is always the mean).
        sd: f64,
    },
}

/// A broken rule: the key whose value breaks it (as `from_toml` names keys) and a message
/// saying the rule and the fix.
#[derive(Debug)]
pub(super) struct Invalid {
    /// The offending key, `None` when no one key is to blame.
    pub key: Option<&'static str>,
    /// What is wrong and what to do.
    pub message: String,
}

impl Invalid {
    fn at(key: &'static str, message: String) -> Self {
        Self { key: Some(key), message }
    }
}

/// `key` must be finite.
fn finite(kind: &str, key: &'static str, x: f64) -> Result<(), Invalid> {
    if x.is_finite() {
        Ok(())
    } else {
        Err(Invalid::at(key, format!("a {kind}'s `{key}` must be a finite number; found {}", show(x))))
    }
}

/// `key` must be finite and greater than 0.
fn positive(kind: &str, key: &'static str, x: f64) -> Result<(), Invalid> {
    finite(kind, key, x)?;
    if x > 0.0 {
        Ok(())
    } else {
        Err(Invalid::at(key, format!("a {kind}'s `{key}` must be greater than 0; found {}", show(x))))
    }
}

/// The smallest shape (beta, gamma, PERT and Dirichlet) that draws are computed for: below
/// it, the logarithm of a gamma draw (`ln U / shape`) is no longer a finite number.
pub(super) const MIN_SHAPE: f64 = 1e-300;

/// A shape must be finite and at least [`MIN_SHAPE`].
fn shape(kind: &str, key: &'static str, x: f64) -> Result<(), Invalid> {
    positive(kind, key, x)?;
    if x >= MIN_SHAPE {
        Ok(())
    } else {
        Err(Invalid::at(
            key,
            format!("a {kind}'s `{key}` is {}, too small to compute with: it must be at least 1e\u{2212}300", show(x)),
        ))
    }
}

/// `key` must be finite and at least 0.
fn non_negative(kind: &str, key: &'static str, x: f64) -> Result<(), Invalid> {
    finite(kind, key, x)?;
    if x >= 0.0 {
        Ok(())
    } else {
        Err(Invalid::at(key, format!("a {kind}'s `{key}` must be 0 or more; found {}", show(x))))
    }
}

/// `min < max`, both finite, and a range `max − min` that is a finite number.
fn range(kind: &str, min: f64, max: f64) -> Result<(), Invalid> {
    finite(kind, "min", min)?;
    finite(kind, "max", max)?;
    if min == max {
        return Err(Invalid::at(
            "max",
            format!(
                "a {kind} needs min < max; found both {}: for a value without uncertainty use kind = \"fixed\"",
                show(min)
            ),
        ));
    }
    if min > max {
        return Err(Invalid::at(
            "max",
            format!("a {kind} needs min < max; found min {} and max {}: swap them", show(min), show(max)),
        ));
    }
    if !(max - min).is_finite() {
        return Err(Invalid::at(
            "max",
            format!("a {kind}'s range max − min is too large to compute: narrow it or rescale the parameter"),
        ));
    }
    Ok(())
}

/// `min ≤ mode ≤ max` (with a valid range).
fn peaked(kind: &str, min: f64, mode: f64, max: f64) -> Result<(), Invalid> {
    range(kind, min, max)?;
    finite(kind, "mode", mode)?;
    if !(min..=max).contains(&mode) {
        return Err(Invalid::at(
            "mode",
            format!(
                "a {kind}'s mode must lie between min and max; found mode {} outside [{}, {}]",
                show(mode),
                show(min),
                show(max)
            ),
        ));
    }
    Ok(())
}

/// A moments-form constructor's standard deviation must be finite and greater than 0.
fn moment_sd(kind: &str, sd: f64) -> Result<(), Invalid> {
    finite(kind, "sd", sd)?;
    if sd > 0.0 {
        Ok(())
    } else {
        Err(Invalid::at(
            "sd",
            format!(
                "a {kind}'s `sd` must be greater than 0; found {}: for a value without uncertainty use kind = \"fixed\"",
                show(sd)
            ),
        ))
    }
}

/// `ln(eˣ − 1)` for `x ≥ 0`, without overflow for large `x`.
fn ln_expm1(x: f64) -> f64 {
    if x > 1.0 { x + (-(-x).exp()).ln_1p() } else { x.exp_m1().ln() }
}

impl Distribution {
    /// Always `value`, which must be finite.
    pub fn fixed(value: f64) -> Result<Self, String> {
        Self::Fixed(value).validate().map(|()| Self::Fixed(value))
    }

    /// Uniform on `[min, max]`; both finite, `min < max`.
    pub fn uniform(min: f64, max: f64) -> Result<Self, String> {
        let d = Self::Uniform { min, max };
        d.validate().map(|()| d)
    }

    /// Triangular on `[min, max]` peaking at `mode`; all finite, `min ≤ mode ≤ max`,
    /// `min < max`.
    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Self, String> {
        let d = Self::Triangular { min, mode, max };
        d.validate().map(|()| d)
    }

    /// Beta-PERT (λ = 4) on `[min, max]` with the given `mode`; all finite,
    /// `min ≤ mode ≤ max`, `min < max`.
    pub fn pert(min: f64, mode: f64, max: f64) -> Result<Self, String> {
        let d = Self::Pert { min, mode, max };
        d.validate().map(|()| d)
    }

    /// Beta with shapes `alpha` and `beta`, both finite and at least 10⁻³⁰⁰.
    pub fn beta(alpha: f64, beta: f64) -> Result<Self, String> {
        let d = Self::Beta { alpha, beta };
        d.validate().map(|()| d)
    }

    /// Beta with the given mean and standard deviation (method of moments):
    /// `α = mean·c`, `β = (1 − mean)·c` with `c = mean·(1 − mean)/sd² − 1`. The mean must lie
    /// in (0, 1) and `0 < sd² < mean·(1 − mean)`.
    pub fn beta_from_mean_sd(mean: f64, sd: f64) -> Result<Self, String> {
        Self::beta_moments(mean, sd).map_err(|e| e.message)
    }

    /// Gamma with the given shape (finite, at least 10⁻³⁰⁰) and scale (finite, greater than 0).
    pub fn gamma(shape: f64, scale: f64) -> Result<Self, String> {
        let d = Self::Gamma { shape, scale };
        d.validate().map(|()| d)
    }

    /// Gamma with the given mean and standard deviation (method of moments):
    /// `shape = (mean/sd)²`, `scale = sd²/mean`. Both must be finite and greater than 0.
    pub fn gamma_from_mean_sd(mean: f64, sd: f64) -> Result<Self, String> {
        Self::gamma_moments(mean, sd).map_err(|e| e.message)
    }

    /// Lognormal whose logarithm has mean `mu` and standard deviation `sigma` (finite, ≥ 0).
    pub fn lognormal(mu: f64, sigma: f64) -> Result<Self, String> {
        let d = Self::LogNormal { mu, sigma };
        d.validate().map(|()| d)
    }

    /// Lognormal with the given mean and standard deviation on the natural scale:
    /// `σ² = ln(1 + (sd/mean)²)`, `μ = ln(mean) − σ²/2`. The mean must be greater than 0 and
    /// the sd at least 0.
    pub fn lognormal_from_mean_sd(mean: f64, sd: f64) -> Result<Self, String> {
        Self::lognormal_moments(mean, sd).map_err(|e| e.message)
    }

    /// Normal with the given mean and standard deviation (finite, ≥ 0).
    pub fn normal(mean: f64, sd: f64) -> Result<Self, String> {
        let d = Self::Normal { mean, sd };
        d.validate().map(|()| d)
    }

    pub(super) fn beta_moments(mean: f64, sd: f64) -> Result<Self, Invalid> {
        finite("beta", "mean", mean)?;
        if !(mean > 0.0 && mean < 1.0) {
            return Err(Invalid::at(
                "mean",
                format!("a beta's mean must lie strictly between 0 and 1 (it is a probability); found {}", show(mean)),
            ));
        }
        moment_sd("beta", sd)?;
        let spread = mean * (1.0 - mean);
        if sd * sd >= spread {
            return Err(Invalid::at(
                "sd",
                format!(
                    "a beta with mean {} needs sd below {} (sd² < mean·(1 − mean)); found {}",
                    show(mean),
                    approx(spread.sqrt()),
                    show(sd)
                ),
            ));
        }
        let common = spread / (sd * sd) - 1.0;
        let d = Self::Beta { alpha: mean * common, beta: (1.0 - mean) * common };
        d.check().map_err(|_| {
            Invalid::at(
                "sd",
                format!(
                    "a beta with mean {} and sd {} is too narrow to represent (its shapes are not finite numbers): use kind = \"fixed\"",
                    show(mean),
                    show(sd)
                ),
            )
        })?;
        Ok(d)
    }

    pub(super) fn gamma_moments(mean: f64, sd: f64) -> Result<Self, Invalid> {
        positive("gamma", "mean", mean)?;
        moment_sd("gamma", sd)?;
        let ratio = mean / sd;
        let d = Self::Gamma { shape: ratio * ratio, scale: sd / ratio };
        d.check().map_err(|_| {
            Invalid::at(
                "sd",
                format!(
                    "a gamma with mean {} and sd {} cannot be represented (its shape {} and scale {} must be finite and greater than 0): rescale the parameter or use kind = \"fixed\"",
                    show(mean),
                    show(sd),
                    approx(ratio * ratio),
                    approx(sd / ratio)
                ),
            )
        })?;
        Ok(d)
    }

    pub(super) fn lognormal_moments(mean: f64, sd: f64) -> Result<Self, Invalid> {
        positive("lognormal", "mean", mean)?;
        non_negative("lognormal", "sd", sd)?;
        let cv = sd / mean;
        let variance = (cv * cv).ln_1p();
        let d = Self::LogNormal { mu: mean.ln() - variance / 2.0, sigma: variance.sqrt() };
        d.check().map_err(|_| {
            Invalid::at(
                "sd",
                format!(
                    "a lognormal with mean {} and sd {} cannot be represented (its sd is too large against its mean): rescale the parameter",
                    show(mean),
                    show(sd)
                ),
            )
        })?;
        Ok(d)
    }

    /// Checks the parameters against the rules of the constructors.
    pub fn validate(&self) -> Result<(), String> {
        self.check().map_err(|e| e.message)
    }

    /// The rules, naming the key that breaks one.
    pub(super) fn check(&self) -> Result<(), Invalid> {
        let kind = self.kind();
        match *self {
            Self::Fixed(value) => {
                if !value.is_finite() {
                    return Err(Invalid {
                        key: None,
                        message: format!("a fixed value must be a finite number; found {}", show(value)),
                    });
                }
            }
            Self::Uniform { min, max } => range(kind, min, max)?,
            Self::Triangular { min, mode, max } | Self::Pert { min, mode, max } => peaked(kind, min, mode, max)?,
            Self::Beta { alpha, beta } => {
                shape(kind, "alpha", alpha)?;
                shape(kind, "beta", beta)?;
            }
            Self::Gamma { shape: k, scale } => {
                shape(kind, "shape", k)?;
                positive(kind, "scale", scale)?;
            }
            Self::LogNormal { mu, sigma } => {
                finite(kind, "mu", mu)?;
                non_negative(kind, "sigma", sigma)?;
            }
            Self::Normal { mean, sd } => {
                finite(kind, "mean", mean)?;
                non_negative(kind, "sd", sd)?;
            }
        }
        let (mean, variance) = (self.raw_mean(), self.raw_variance());
        if !mean.is_finite() || !variance.is_finite() {
            return Err(Invalid {
                key: None,
                message: format!(
                    "this {kind}'s mean ({}) or variance ({}) is too large to represent: rescale the parameter (e.g. thousands of kronor instead of kronor) or narrow the distribution",
                    show(mean),
                    show(variance)
                ),
            });
        }
        Ok(())
    }

    /// The kind as `from_toml` spells it: `"fixed"`, `"uniform"`, `"triangular"`, `"pert"`,
    /// `"beta"`, `"gamma"`, `"lognormal"` or `"normal"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Fixed(_) => "fixed",
            Self::Uniform { .. } => "uniform",
            Self::Triangular { .. } => "triangular",
            Self::Pert { .. } => "pert",
            Self::Beta { .. } => "beta",
            Self::Gamma { .. } => "gamma",
            Self::LogNormal { .. } => "lognormal",
            Self::Normal { .. } => "normal",
        }
    }

    /// The PERT's beta shapes `(α, β)` on `[min, max]`.
    fn pert_shapes(min: f64, mode: f64, max: f64) -> (f64, f64) {
        let width = max - min;
        (1.0 + 4.0 * (mode - min) / width, 1.0 + 4.0 * (max - mode) / width)
    }

    /// The beta's mean `α/(α + β)`, written so that it neither overflows nor underflows.
    fn beta_mean(alpha: f64, beta: f64) -> f64 {
        1.0 / (1.0 + beta / alpha)
    }

    /// The beta's variance `m·(1 − m)/(α + β + 1)` with `m` its mean.
    fn beta_variance(alpha: f64, beta: f64) -> f64 {
        let m = Self::beta_mean(alpha, beta);
        m * (1.0 - m) / (alpha + beta + 1.0)
    }

    fn raw_mean(&self) -> f64 {
        match *self {
            Self::Fixed(value) => value,
            Self::Uniform { min, max } => min + (max - min) / 2.0,
            Self::Triangular { min, mode, max } => min + ((mode - min) + (max - min)) / 3.0,
            Self::Pert { min, mode, max } => {
                let (a, b) = Self::pert_shapes(min, mode, max);
                min + (max - min) * Self::beta_mean(a, b)
            }
            Self::Beta { alpha, beta } => Self::beta_mean(alpha, beta),
            Self::Gamma { shape, scale } => shape * scale,
            Self::LogNormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            Self::Normal { mean, .. } => mean,
        }
    }

    fn raw_variance(&self) -> f64 {
        match *self {
            Self::Fixed(_) => 0.0,
            Self::Uniform { min, max } => (max - min) * (max - min) / 12.0,
            Self::Triangular { min, mode, max } => {
                let (left, right) = (mode - min, max - mode);
                (left * left + left * right + right * right) / 18.0
            }
            Self::Pert { min, mode, max } => {
                let (a, b) = Self::pert_shapes(min, mode, max);
                (max - min) * (max - min) * Self::beta_variance(a, b)
            }
            Self::Beta { alpha, beta } => Self::beta_variance(alpha, beta),
            Self::Gamma { shape, scale } => shape * scale * scale,
            Self::LogNormal { mu, sigma } => {
                let s2 = sigma * sigma;
                (2.0 * mu + s2 + ln_expm1(s2)).exp()
            }
            Self::Normal { sd, .. } => sd * sd,
        }
    }

    /// The mean (NaN for invalid parameters).
    pub fn mean(&self) -> f64 {
        if self.check().is_err() { f64::NAN } else { self.raw_mean() }
    }

    /// The variance (NaN for invalid parameters).
    pub fn variance(&self) -> f64 {
        if self.check().is_err() { f64::NAN } else { self.raw_variance() }
    }

    /// The standard deviation, `√variance` (NaN for invalid parameters).
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// The smallest and largest values a draw can take: `(value, value)` for fixed,
    /// `(min, max)` for uniform, triangular and PERT, `(0, 1)` for beta, `(0, ∞)` for gamma
    /// and lognormal, `(−∞, ∞)` for normal (`(mean, mean)` when its sd is 0). The bounds are
    /// included (a draw from a gamma with a tiny shape can be 0). NaN for invalid parameters.
    pub fn support(&self) -> (f64, f64) {
        if self.check().is_err() {
            return (f64::NAN, f64::NAN);
        }
        match *self {
            Self::Fixed(value) => (value, value),
            Self::Uniform { min, max } | Self::Triangular { min, max, .. } | Self::Pert { min, max, .. } => (min, max),
            Self::Beta { .. } => (0.0, 1.0),
            Self::Gamma { .. } => (0.0, f64::INFINITY),
            Self::LogNormal { mu, sigma: 0.0 } => (mu.exp(), mu.exp()),
            Self::LogNormal { .. } => (0.0, f64::INFINITY),
            Self::Normal { mean, sd: 0.0 } => (mean, mean),
            Self::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    /// Whether `x` lies within [`Distribution::support`] (bounds included).
    pub fn contains(&self, x: f64) -> bool {
        let (low, high) = self.support();
        low <= x && x <= high
    }

    /// The distribution function: the share of draws at or below `x` (0 below the support, 1
    /// above it; NaN for NaN or invalid parameters).
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() || self.check().is_err() {
            return f64::NAN;
        }
        let step = |at: f64| if x < at { 0.0 } else { 1.0 };
        match *self {
            Self::Fixed(value) => step(value),
            Self::Uniform { min, max } => ((x - min) / (max - min)).clamp(0.0, 1.0),
            Self::Triangular { min, mode, max } => triangular_cdf(min, mode, max, x),
            Self::Pert { min, mode, max } => {
                let (a, b) = Self::pert_shapes(min, mode, max);
                beta_cdf(a, b, (x - min) / (max - min))
            }
            Self::Beta { alpha, beta } => beta_cdf(alpha, beta, x),
            Self::Gamma { shape, scale } => gamma_p(shape, (x / scale).max(0.0)),
            Self::LogNormal { mu, sigma: 0.0 } => step(mu.exp()),
            Self::LogNormal { .. } if x <= 0.0 => 0.0,
            Self::LogNormal { mu, sigma } => standard_normal_cdf((x.ln() - mu) / sigma),
            Self::Normal { mean, sd: 0.0 } => step(mean),
            Self::Normal { mean, sd } => standard_normal_cdf((x - mean) / sd),
        }
    }

    /// The `p` quantile (inverse distribution function): the value below which a share `p`
    /// of draws fall. `p = 0` and `p = 1` give the ends of the support (so ±∞ for a normal);
    /// `p` outside `[0, 1]`, NaN, or invalid parameters give NaN. Fixed gives its value for
    /// every `p`.
    ///
    /// Beta, PERT (through its beta) and gamma quantiles invert statrs' incomplete beta and a
    /// local incomplete gamma by bisection to the last bit; normal and lognormal use statrs'
    /// inverse error function; uniform and triangular are closed forms.
    pub fn quantile(&self, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) || self.check().is_err() {
            return f64::NAN;
        }
        match *self {
            Self::Fixed(value) => value,
            Self::Uniform { min, max } => (min + (max - min) * p).min(max),
            Self::Triangular { min, mode, max } => triangular_quantile(min, mode, max, p),
            Self::Pert { min, mode, max } => {
                let (a, b) = Self::pert_shapes(min, mode, max);
                (min + (max - min) * beta_quantile(a, b, p)).clamp(min, max)
            }
            Self::Beta { alpha, beta } => beta_quantile(alpha, beta, p),
            Self::Gamma { shape, scale } => gamma_quantile(shape, p) * scale,
            Self::LogNormal { mu, sigma: 0.0 } => mu.exp(),
            Self::LogNormal { mu, sigma } => (mu + sigma * standard_normal_quantile(p)).exp(),
            Self::Normal { mean, sd: 0.0 } => mean,
            Self::Normal { mean, sd } => mean + sd * standard_normal_quantile(p),
        }
    }

    /// One draw, using numbers from `rng`. NaN for invalid parameters (and no number used).
    ///
    /// How many numbers a draw uses depends on the kind (beta and gamma use rejection
    /// sampling), so a caller that samples several distributions from one stream must keep
    /// their order fixed for the result to be reproducible.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        Sampler::new(self).sample(rng)
    }
}

/// A distribution made ready to draw from many times: its parameters checked and its gamma
/// draws set up once. It draws the numbers [`Distribution::sample`] draws.
#[derive(Debug, Clone, Copy)]
pub struct Sampler(Ready);

#[derive(Debug, Clone, Copy)]
enum Ready {
    /// Parameters that break a rule of their kind: every draw is NaN.
    Invalid,
    /// A kind drawn from its parameters as they are (fixed, uniform, triangular, lognormal,
    /// normal).
    Plain(Distribution),
    /// PERT: its beta's two gamma draws.
    Pert { min: f64, max: f64, shapes: [LnGamma; 2] },
    /// Beta: its two gamma draws.
    Beta([LnGamma; 2]),
    /// Gamma: its draw of unit scale, and the scale.
    Gamma { shape: LnGamma, scale: f64 },
}

impl Sampler {
    /// `distribution` made ready.
    pub fn new(distribution: &Distribution) -> Self {
        Sampler(match *distribution {
            _ if distribution.check().is_err() => Ready::Invalid,
            Distribution::Pert { min, mode, max } => {
                let (a, b) = Distribution::pert_shapes(min, mode, max);
                Ready::Pert { min, max, shapes: [LnGamma::new(a), LnGamma::new(b)] }
            }
            Distribution::Beta { alpha, beta } => Ready::Beta([LnGamma::new(alpha), LnGamma::new(beta)]),
            Distribution::Gamma { shape, scale } => Ready::Gamma { shape: LnGamma::new(shape), scale },
            plain => Ready::Plain(plain),
        })
    }

    /// One draw (NaN when the parameters are invalid).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self.0 {
            Ready::Invalid => f64::NAN,
            Ready::Pert { min, max, shapes } => (min + (max - min) * beta_draw(&shapes, rng)).clamp(min, max),
            Ready::Beta(shapes) => beta_draw(&shapes, rng),
            // Through the logarithm, so that a tiny shape with a huge scale gives 0, not 0·∞.
            Ready::Gamma { shape, scale } => shape.sample(rng).exp() * scale,
            Ready::Plain(distribution) => plain_sample(distribution, rng),
        }
    }
}

/// A draw of a kind that needs nothing set up.
fn plain_sample<R: Rng + ?Sized>(distribution: Distribution, rng: &mut R) -> f64 {
    match distribution {
        Distribution::Fixed(value) => value,
        Distribution::Uniform { min, max } => {
            let u: f64 = rng.random();
            (min + (max - min) * u).min(max)
        }
        Distribution::Triangular { min, mode, max } => {
            let u: f64 = rng.random();
            triangular_quantile(min, mode, max, u)
        }
        Distribution::LogNormal { mu, sigma } => {
            let z: f64 = rng.sample(StandardNormal);
            (mu + sigma * z).exp()
        }
        Distribution::Normal { mean, sd } => {
            let z: f64 = rng.sample(StandardNormal);
            mean + sd * z
        }
        Distribution::Pert { .. } | Distribution::Beta { .. } | Distribution::Gamma { .. } => {
            Sampler::new(&distribution).sample(rng)
        }
    }
}

/// The triangular distribution function at `x`: `(x − min)²/(w·l)` up to the mode,
/// `1 − (max − x)²/(w·r)` after it, with `w`, `l`, `r` as for [`triangular_quantile`].
fn triangular_cdf(min: f64, mode: f64, max: f64, x: f64) -> f64 {
    let width = max - min;
    if x <= min {
        0.0
    } else if x >= max {
        1.0
    } else if x <= mode {
        (x - min) * (x - min) / (width * (mode - min))
    } else {
        1.0 - (max - x) * (max - x) / (width * (max - mode))
    }
}

/// The triangular quantile: `min + √(p·w·l)` below the mode, `max − √((1 − p)·w·r)` above,
/// with `w = max − min`, `l = mode − min`, `r = max − mode`.
fn triangular_quantile(min: f64, mode: f64, max: f64, p: f64) -> f64 {
    let (width, left, right) = (max - min, mode - min, max - mode);
    let x = if p * width < left { min + (p * width * left).sqrt() } else { max - ((1.0 - p) * width * right).sqrt() };
    x.clamp(min, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_briefs_beta_message() {
        let message = Distribution::beta_from_mean_sd(0.3, 0.5).expect_err("invalid");
        assert_eq!(message, "a beta with mean 0.3 needs sd below 0.458 (sd² < mean·(1 − mean)); found 0.5");
    }

    #[test]
    fn moments_without_overflow() {
        let huge = Distribution::beta(1e300, 1e300).expect("valid");
        assert_eq!(huge.mean(), 0.5);
        let tiny = Distribution::beta(1e-300, 1e-300).expect("valid");
        assert_eq!(tiny.mean(), 0.5);
        assert!((tiny.variance() - 0.25).abs() < 1e-12);
        // A lognormal whose variance term overflows on its own but not in logarithms.
        let wide = Distribution::lognormal(-1000.0, 30.0).expect("valid");
        assert!(wide.variance().is_finite());
    }

    #[test]
    fn direct_variants_with_broken_rules_give_nan() {
        let mut rng = super::super::stream(1, 0);
        for d in [
            Distribution::Beta { alpha: -1.0, beta: 2.0 },
            Distribution::Uniform { min: 2.0, max: 1.0 },
            Distribution::Normal { mean: 0.0, sd: f64::NAN },
        ] {
            assert!(d.validate().is_err());
            assert!(d.sample(&mut rng).is_nan());
            assert!(d.mean().is_nan() && d.variance().is_nan() && d.quantile(0.5).is_nan());
        }
    }
}
