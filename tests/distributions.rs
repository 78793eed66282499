//! Distributions for PSA: sample moments against the known formulas, quantiles against
//! closed forms and published values, joint distributions, invalid input, TOML reading and
//! the per-draw random streams.

use proptest::prelude::*;
use rand::RngCore;
use sekalk::distribution::{Dirichlet, Distribution, DistributionError, MultiNormal, from_toml, stream};

/// Draws per sample-moment check.
const DRAWS: usize = 200_000;

/// How many standard errors a sample moment may stray from its known value.
const STANDARD_ERRORS: f64 = 5.0;

/// The standard normal 0.975 quantile (published tables: 1.959964).
const Z_975: f64 = 1.959_963_984_540_054;

/// Sample mean, variance and fourth central moment.
fn moments(draws: &[f64]) -> (f64, f64, f64) {
    let n = draws.len() as f64;
    let mean = draws.iter().sum::<f64>() / n;
    let variance = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let fourth = draws.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
    (mean, variance, fourth)
}

/// Checks `DRAWS` draws of `d` against the known mean and variance (independent figures),
/// within a few standard errors: `sd/√n` for the mean, `√((μ₄ − σ⁴)/n)` for the variance.
/// Every draw must lie within the support.
fn check_sample(d: Distribution, known_mean: f64, known_variance: f64, seed: u64) {
    let mut rng = stream(seed, 0);
    let draws: Vec<f64> = (0..DRAWS).map(|_| d.sample(&mut rng)).collect();
    let (low, high) = d.support();
    assert!(draws.iter().all(|x| (low..=high).contains(x)), "{d:?}: a draw outside [{low}, {high}]");
    let (mean, variance, fourth) = moments(&draws);
    let n = DRAWS as f64;
    let mean_error = (known_variance / n).sqrt();
    let variance_error = ((fourth - variance * variance).max(0.0) / n).sqrt();
    assert!(
        (mean - known_mean).abs() <= STANDARD_ERRORS * mean_error,
        "{d:?}: sample mean {mean}, known {known_mean} (standard error {mean_error})"
    );
    assert!(
        (variance - known_variance).abs() <= STANDARD_ERRORS * variance_error,
        "{d:?}: sample variance {variance}, known {known_variance} (standard error {variance_error})"
    );
}

/// The distribution's own mean and variance equal the known ones.
fn check_formulas(d: Distribution, known_mean: f64, known_variance: f64) {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
    assert!(close(d.mean(), known_mean), "{d:?}: mean {} vs {known_mean}", d.mean());
    assert!(close(d.variance(), known_variance), "{d:?}: variance {} vs {known_variance}", d.variance());
}

fn valid(d: Result<Distribution, String>) -> Distribution {
    d.expect("valid parameters")
}

/// Each kind with its textbook mean and variance, worked out by hand.
fn known_cases() -> Vec<(Distribution, f64, f64)> {
    vec![
        (valid(Distribution::fixed(3.0)), 3.0, 0.0),
        // (b − a)²/12.
        (valid(Distribution::uniform(2.0, 5.0)), 3.5, 0.75),
        // (a + b + c)/3 and (a² + b² + c² − ab − ac − bc)/18 = 21/18.
        (valid(Distribution::triangular(1.0, 2.0, 6.0)), 3.0, 21.0 / 18.0),
        // (min + 4·mode + max)/6 and (μ − min)(max − μ)/7.
        (valid(Distribution::pert(1.0, 2.0, 6.0)), 2.5, 1.5 * 3.5 / 7.0),
        // α/(α + β) and αβ/((α + β)²(α + β + 1)).
        (valid(Distribution::beta(2.0, 8.0)), 0.2, 16.0 / 1100.0),
        (valid(Distribution::beta(0.5, 0.5)), 0.5, 0.25 / 2.0),
        (valid(Distribution::beta(0.05, 3.0)), 0.05 / 3.05, 0.15 / (3.05 * 3.05 * 4.05)),
        // kθ and kθ².
        (valid(Distribution::gamma(3.0, 2.0)), 6.0, 12.0),
        (valid(Distribution::gamma(0.3, 10.0)), 3.0, 30.0),
        // e^(μ + σ²/2) and (e^(σ²) − 1)·e^(2μ + σ²).
        (valid(Distribution::lognormal(0.1, 0.3)), (0.145_f64).exp(), (0.09_f64.exp() - 1.0) * 0.29_f64.exp()),
        (valid(Distribution::normal(5.0, 2.0)), 5.0, 4.0),
        (valid(Distribution::normal(-1.0, 0.0)), -1.0, 0.0),
    ]
}

#[test]
fn means_and_variances_match_the_formulas() {
    for (d, mean, variance) in known_cases() {
        check_formulas(d, mean, variance);
    }
}

#[test]
fn sample_means_and_variances_match_the_known_values() {
    for (seed, (d, mean, variance)) in known_cases().into_iter().enumerate() {
        check_sample(d, mean, variance, seed as u64);
    }
}

#[test]
fn normal_and_lognormal_quantiles_match_published_values() {
    let standard = valid(Distribution::normal(0.0, 1.0));
    assert!((standard.quantile(0.975) - 1.959_964).abs() < 1e-6);
    assert!((standard.quantile(0.025) + 1.959_964).abs() < 1e-6);
    assert_eq!(standard.quantile(0.5), 0.0);
    // 0.95: 1.644854; 0.995: 2.575829 (standard tables).
    assert!((standard.quantile(0.95) - 1.644_854).abs() < 1e-6);
    assert!((standard.quantile(0.995) - 2.575_829).abs() < 1e-6);
    let normal = valid(Distribution::normal(5.0, 2.0));
    assert!((normal.quantile(0.975) - (5.0 + 2.0 * Z_975)).abs() < 1e-12);
    let lognormal = valid(Distribution::lognormal(0.1, 0.3));
    assert!((lognormal.quantile(0.975) - (0.1 + 0.3 * Z_975).exp()).abs() < 1e-12);
    assert!((lognormal.quantile(0.5) - 0.1_f64.exp()).abs() < 1e-14);
}

#[test]
fn closed_form_quantiles() {
    for p in [0.01, 0.025, 0.3, 0.5, 0.9, 0.975] {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-10;
        assert!(close(valid(Distribution::uniform(2.0, 5.0)).quantile(p), 2.0 + 3.0 * p));
        // Triangular(0, 0, 1): F(x) = 1 − (1 − x)², so x = 1 − √(1 − p).
        assert!(close(valid(Distribution::triangular(0.0, 0.0, 1.0)).quantile(p), 1.0 - (1.0 - p).sqrt()));
        // Exponential (gamma with shape 1, scale 2): −2·ln(1 − p).
        assert!(close(valid(Distribution::gamma(1.0, 2.0)).quantile(p), -2.0 * (1.0 - p).ln()));
        // Beta(a, 1): p^(1/a); Beta(1, b): 1 − (1 − p)^(1/b).
        assert!(close(valid(Distribution::beta(2.5, 1.0)).quantile(p), p.powf(1.0 / 2.5)));
        assert!(close(valid(Distribution::beta(1.0, 4.0)).quantile(p), 1.0 - (1.0 - p).powf(0.25)));
        // PERT(0, 0, 1) is Beta(1, 5).
        assert!(close(valid(Distribution::pert(0.0, 0.0, 1.0)).quantile(p), 1.0 - (1.0 - p).powf(0.2)));
        assert_eq!(valid(Distribution::fixed(4.0)).quantile(p), 4.0);
    }
    // Triangular(1, 2, 6) below and above its mode: F(2) = 1/5.
    let triangular = valid(Distribution::triangular(1.0, 2.0, 6.0));
    assert!((triangular.quantile(0.1) - (1.0 + (0.1_f64 * 5.0).sqrt())).abs() < 1e-12);
    assert!((triangular.quantile(0.6) - (6.0 - (0.4_f64 * 5.0 * 4.0).sqrt())).abs() < 1e-12);
    // A symmetric PERT has its mode as median.
    assert!((valid(Distribution::pert(10.0, 15.0, 20.0)).quantile(0.5) - 15.0).abs() < 1e-9);
}

#[test]
fn beta_and_gamma_quantiles_invert_their_distribution_functions() {
    // Beta with whole shapes: I_x(a, b) = P(Binomial(a + b − 1, x) ≥ a). For Beta(2, 8):
    // 1 − (1 − x)⁹ − 9x(1 − x)⁸.
    let beta = valid(Distribution::beta(2.0, 8.0));
    for p in [0.025, 0.5, 0.975] {
        let x = beta.quantile(p);
        let cdf = 1.0 - (1.0 - x).powi(9) - 9.0 * x * (1.0 - x).powi(8);
        assert!((cdf - p).abs() < 1e-12, "Beta(2, 8) at {p}: {x}");
    }
    // Gamma with a whole shape k: P(k, x) = 1 − e^(−x)·Σ_{j<k} x^j/j!. Gamma(3, scale 2):
    let gamma = valid(Distribution::gamma(3.0, 2.0));
    for p in [0.025, 0.5, 0.975] {
        let x = gamma.quantile(p) / 2.0;
        let cdf = 1.0 - (-x).exp() * (1.0 + x + x * x / 2.0);
        assert!((cdf - p).abs() < 1e-12, "Gamma(3, 2) at {p}: {x}");
    }
    // Chi-square with 6 degrees of freedom (= 2·Gamma(3)) at 0.975: 14.449 (tables).
    assert!((gamma.quantile(0.975) - 14.449_375).abs() < 1e-5);
}

#[test]
fn quantiles_agree_with_samples() {
    for (seed, (d, _, variance)) in known_cases().into_iter().enumerate() {
        if variance == 0.0 {
            continue;
        }
        let mut rng = stream(100 + seed as u64, 0);
        let draws: Vec<f64> = (0..DRAWS).map(|_| d.sample(&mut rng)).collect();
        for p in [0.025, 0.5, 0.975] {
            let q = d.quantile(p);
            let share = draws.iter().filter(|x| **x <= q).count() as f64 / DRAWS as f64;
            let error = (p * (1.0 - p) / DRAWS as f64).sqrt();
            assert!((share - p).abs() <= STANDARD_ERRORS * error, "{d:?}: {share} of draws below its {p} quantile {q}");
        }
    }
}

#[test]
fn quantile_ends_and_out_of_range_probabilities() {
    let normal = valid(Distribution::normal(0.0, 1.0));
    assert_eq!(normal.quantile(0.0), f64::NEG_INFINITY);
    assert_eq!(normal.quantile(1.0), f64::INFINITY);
    assert_eq!(valid(Distribution::gamma(2.0, 3.0)).quantile(0.0), 0.0);
    assert_eq!(valid(Distribution::beta(2.0, 3.0)).quantile(1.0), 1.0);
    assert_eq!(valid(Distribution::pert(1.0, 2.0, 4.0)).quantile(0.0), 1.0);
    for p in [-0.5, 1.5, f64::NAN, f64::INFINITY] {
        for (d, _, _) in known_cases() {
            assert!(d.quantile(p).is_nan(), "{d:?} at {p}");
        }
    }
}

#[test]
fn moment_constructors_reproduce_their_mean_and_sd() {
    let cases = [
        (valid(Distribution::beta_from_mean_sd(0.2, 0.05)), 0.2, 0.05),
        (valid(Distribution::beta_from_mean_sd(0.97, 0.01)), 0.97, 0.01),
        (valid(Distribution::gamma_from_mean_sd(70_000.0, 15_000.0)), 70_000.0, 15_000.0),
        (valid(Distribution::gamma_from_mean_sd(2.0, 5.0)), 2.0, 5.0),
        (valid(Distribution::lognormal_from_mean_sd(1.0, 0.1)), 1.0, 0.1),
        (valid(Distribution::lognormal_from_mean_sd(350.0, 700.0)), 350.0, 700.0),
    ];
    for (seed, (d, mean, sd)) in cases.into_iter().enumerate() {
        assert!((d.mean() - mean).abs() <= 1e-12 * mean, "{d:?}: mean {}", d.mean());
        assert!((d.sd() - sd).abs() <= 1e-12 * sd, "{d:?}: sd {}", d.sd());
        check_sample(d, mean, sd * sd, 200 + seed as u64);
    }
    // The method-of-moments shapes, by hand: mean 0.2, sd 0.05 → c = 0.16/0.0025 − 1 = 63.
    let Distribution::Beta { alpha, beta } = valid(Distribution::beta_from_mean_sd(0.2, 0.05)) else {
        panic!("a beta");
    };
    assert!((alpha - 12.6).abs() < 1e-12 && (beta - 50.4).abs() < 1e-12);
    // Gamma: shape (70000/15000)², scale 15000²/70000.
    let Distribution::Gamma { shape, scale } = valid(Distribution::gamma_from_mean_sd(70_000.0, 15_000.0)) else {
        panic!("a gamma");
    };
    assert!((shape - 196.0 / 9.0).abs() < 1e-12 && (scale - 22_500.0 / 7.0).abs() < 1e-9);
}

#[test]
fn dirichlet_draws_always_add_up_to_one_and_match_their_means() {
    let counts = vec![10.0, 20.0, 70.0];
    let dirichlet = Dirichlet::new(counts.clone()).expect("valid counts");
    assert_eq!(dirichlet.mean(), vec![0.1, 0.2, 0.7]);
    let mut rng = stream(5, 0);
    let mut out = [0.0; 3];
    let mut sums = [0.0; 3];
    let mut squares = [0.0; 3];
    for _ in 0..DRAWS {
        dirichlet.sample_into(&mut rng, &mut out);
        assert!((out.iter().sum::<f64>() - 1.0).abs() <= 1e-12, "{out:?}");
        assert!(out.iter().all(|x| (0.0..=1.0).contains(x)));
        for i in 0..3 {
            sums[i] += out[i];
            squares[i] += out[i] * out[i];
        }
    }
    let n = DRAWS as f64;
    for i in 0..3 {
        // Share i: mean cᵢ/C, variance m(1 − m)/(C + 1).
        let m = counts[i] / 100.0;
        let variance = m * (1.0 - m) / 101.0;
        let mean = sums[i] / n;
        assert!((mean - m).abs() <= STANDARD_ERRORS * (variance / n).sqrt(), "share {i}: mean {mean}");
        let sample_variance = squares[i] / n - mean * mean;
        assert!((sample_variance - variance).abs() < 0.02 * variance, "share {i}: variance {sample_variance}");
    }
}

#[test]
fn dirichlet_with_tiny_counts_still_adds_up_to_one() {
    // Gamma draws with such shapes underflow to 0 as plain numbers.
    for counts in [vec![1e-3, 1e-3, 1e-3], vec![1e-300, 1e-300], vec![1e-300, 5.0, 1e6], vec![1e-300, 1e300]] {
        let dirichlet = Dirichlet::new(counts.clone()).expect("valid counts");
        let mut rng = stream(6, 0);
        for _ in 0..1_000 {
            let draw = dirichlet.sample(&mut rng);
            assert!(draw.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x)), "{counts:?}: {draw:?}");
            assert!((draw.iter().sum::<f64>() - 1.0).abs() <= 1e-12, "{counts:?}: {draw:?}");
        }
    }
}

#[test]
fn invalid_dirichlets_are_errors() {
    for counts in [vec![], vec![3.0], vec![1.0, 0.0], vec![1.0, -2.0], vec![1.0, f64::NAN], vec![1.0, f64::INFINITY]] {
        assert!(Dirichlet::new(counts.clone()).is_err(), "{counts:?}");
    }
    assert!(Dirichlet::new(vec![f64::MAX, f64::MAX]).is_err());
    assert!(Dirichlet::new(vec![1.0, 1e-310]).is_err());
    let message = Dirichlet::new(vec![10.0, 0.0, 5.0]).expect_err("a zero count");
    assert!(message.starts_with("count 2 is 0:"), "{message}");
}

/// A 3×3 covariance with sds 0.2, 0.5, 1.5 and correlations 0.6, −0.3, 0.4.
fn covariance() -> Vec<Vec<f64>> {
    let sd = [0.2, 0.5, 1.5];
    let correlation = [[1.0, 0.6, -0.3], [0.6, 1.0, 0.4], [-0.3, 0.4, 1.0]];
    (0..3).map(|i| (0..3).map(|j| correlation[i][j] * sd[i] * sd[j]).collect()).collect()
}

#[test]
fn a_multivariate_normal_reproduces_its_mean_and_covariance() {
    let mean = vec![-1.2, 0.4, 8.0];
    let sigma = covariance();
    let normal = MultiNormal::new(mean.clone(), sigma.clone()).expect("positive definite");
    assert_eq!(normal.dimension(), 3);
    assert_eq!(normal.mean(), mean.as_slice());
    assert_eq!(normal.covariance(), sigma.as_slice());
    let mut rng = stream(9, 0);
    let mut out = [0.0; 3];
    let mut sums = [0.0; 3];
    let mut products = [[0.0; 3]; 3];
    for _ in 0..DRAWS {
        normal.sample_into(&mut rng, &mut out);
        for i in 0..3 {
            sums[i] += out[i];
            for j in 0..3 {
                products[i][j] += out[i] * out[j];
            }
        }
    }
    let n = DRAWS as f64;
    for i in 0..3 {
        let m = sums[i] / n;
        assert!((m - mean[i]).abs() <= STANDARD_ERRORS * (sigma[i][i] / n).sqrt(), "mean {i}: {m}");
        for j in 0..3 {
            let c = products[i][j] / n - m * sums[j] / n;
            // The standard error of a sample covariance: √((σᵢᵢσⱼⱼ + σᵢⱼ²)/n).
            let error = ((sigma[i][i] * sigma[j][j] + sigma[i][j] * sigma[i][j]) / n).sqrt();
            assert!(
                (c - sigma[i][j]).abs() <= STANDARD_ERRORS * error,
                "covariance ({i}, {j}): {c} vs {}",
                sigma[i][j]
            );
        }
    }
}

#[test]
fn a_covariance_that_is_not_positive_definite_is_an_error() {
    // Each correlation lies in [−1, 1], but together they are impossible.
    let impossible = vec![vec![1.0, 0.9, -0.9], vec![0.9, 1.0, 0.9], vec![-0.9, 0.9, 1.0]];
    let message = MultiNormal::new(vec![0.0; 3], impossible).expect_err("not positive definite");
    assert!(message.contains("not positive definite (pivot 3 is \u{2212}"), "{message}");
    // Perfect correlation: singular.
    let singular = vec![vec![0.09, 0.06], vec![0.06, 0.04]];
    let message = MultiNormal::new(vec![0.0; 2], singular).expect_err("singular");
    assert!(message.contains("not positive definite (pivot 2"), "{message}");
    // A correlation above 1.
    let message = MultiNormal::new(vec![0.0; 2], vec![vec![1.0, 1.5], vec![1.5, 1.0]]).expect_err("correlation 1.5");
    assert!(message.contains("correlation of 1.5"), "{message}");
}

#[test]
fn an_asymmetric_covariance_is_an_error() {
    let mut asymmetric = covariance();
    asymmetric[2][0] += 0.01;
    let message = MultiNormal::new(vec![0.0; 3], asymmetric).expect_err("asymmetric");
    assert!(message.contains("not symmetric: row 1, column 3"), "{message}");
    // Rounding-level differences are symmetric enough.
    let mut nearly = covariance();
    nearly[1][0] *= 1.0 + 1e-12;
    assert!(MultiNormal::new(vec![0.0; 3], nearly).is_ok());
}

#[test]
fn malformed_covariances_are_errors() {
    let ok = covariance();
    assert!(MultiNormal::new(vec![], vec![]).is_err());
    assert!(MultiNormal::new(vec![0.0; 2], ok.clone()).is_err());
    assert!(MultiNormal::new(vec![0.0, f64::NAN, 0.0], ok.clone()).is_err());
    let mut ragged = ok.clone();
    ragged[1].pop();
    assert!(MultiNormal::new(vec![0.0; 3], ragged).is_err());
    let mut infinite = ok.clone();
    infinite[0][1] = f64::INFINITY;
    assert!(MultiNormal::new(vec![0.0; 3], infinite).is_err());
    let mut zero_variance = ok;
    zero_variance[1][1] = 0.0;
    let message = MultiNormal::new(vec![0.0; 3], zero_variance).expect_err("variance 0");
    assert!(message.starts_with("the variance at row 2, column 2 is 0"), "{message}");
}

#[test]
fn every_invalid_parameter_is_an_error() {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let cases: Vec<(&str, Result<Distribution, String>)> = vec![
        ("fixed NaN", Distribution::fixed(nan)),
        ("fixed inf", Distribution::fixed(-inf)),
        ("uniform min = max", Distribution::uniform(1.0, 1.0)),
        ("uniform min > max", Distribution::uniform(2.0, 1.0)),
        ("uniform NaN", Distribution::uniform(nan, 1.0)),
        ("uniform range overflows", Distribution::uniform(-f64::MAX, f64::MAX)),
        ("triangular mode below", Distribution::triangular(1.0, 0.0, 2.0)),
        ("triangular mode above", Distribution::triangular(1.0, 3.0, 2.0)),
        ("triangular min = max", Distribution::triangular(1.0, 1.0, 1.0)),
        ("pert mode NaN", Distribution::pert(1.0, nan, 2.0)),
        ("pert min > max", Distribution::pert(3.0, 2.0, 1.0)),
        ("beta alpha 0", Distribution::beta(0.0, 1.0)),
        ("beta beta negative", Distribution::beta(1.0, -1.0)),
        ("beta inf", Distribution::beta(inf, 1.0)),
        ("beta alpha subnormal", Distribution::beta(5e-324, 1.0)),
        ("gamma shape below 1e-300", Distribution::gamma(1e-301, 1.0)),
        ("beta mean 0", Distribution::beta_from_mean_sd(0.0, 0.1)),
        ("beta mean 1", Distribution::beta_from_mean_sd(1.0, 0.1)),
        ("beta mean 1.3", Distribution::beta_from_mean_sd(1.3, 0.1)),
        ("beta sd 0", Distribution::beta_from_mean_sd(0.3, 0.0)),
        ("beta sd too large", Distribution::beta_from_mean_sd(0.3, 0.5)),
        ("beta sd at the bound", Distribution::beta_from_mean_sd(0.5, 0.5)),
        ("beta sd too small to represent", Distribution::beta_from_mean_sd(0.3, 1e-300)),
        ("gamma shape 0", Distribution::gamma(0.0, 1.0)),
        ("gamma scale negative", Distribution::gamma(1.0, -1.0)),
        ("gamma moments overflow", Distribution::gamma(1e300, 1e300)),
        ("gamma mean 0", Distribution::gamma_from_mean_sd(0.0, 1.0)),
        ("gamma mean negative", Distribution::gamma_from_mean_sd(-5.0, 1.0)),
        ("gamma sd 0", Distribution::gamma_from_mean_sd(5.0, 0.0)),
        ("gamma sd NaN", Distribution::gamma_from_mean_sd(5.0, nan)),
        ("gamma sd tiny", Distribution::gamma_from_mean_sd(5.0, 1e-300)),
        ("lognormal sigma negative", Distribution::lognormal(0.0, -0.1)),
        ("lognormal mu inf", Distribution::lognormal(inf, 0.1)),
        ("lognormal mean overflows", Distribution::lognormal(800.0, 1.0)),
        ("lognormal mean 0", Distribution::lognormal_from_mean_sd(0.0, 1.0)),
        ("lognormal sd negative", Distribution::lognormal_from_mean_sd(1.0, -1.0)),
        ("normal sd negative", Distribution::normal(0.0, -1.0)),
        ("normal mean NaN", Distribution::normal(nan, 1.0)),
        ("normal variance overflows", Distribution::normal(0.0, 1e200)),
    ];
    for (name, result) in cases {
        let message = result.expect_err(name);
        assert!(!message.is_empty(), "{name}");
    }
}

#[test]
fn rules_at_the_edges_are_allowed() {
    assert!(Distribution::triangular(1.0, 1.0, 2.0).is_ok());
    assert!(Distribution::pert(1.0, 2.0, 2.0).is_ok());
    assert!(Distribution::normal(3.0, 0.0).is_ok());
    assert!(Distribution::lognormal(0.0, 0.0).is_ok());
    assert!(Distribution::lognormal_from_mean_sd(2.0, 0.0).is_ok());
    assert!(Distribution::beta(1e-300, 1e300).is_ok());
}

#[test]
fn messages_say_the_rule_and_the_fix() {
    let message = Distribution::beta_from_mean_sd(0.3, 0.5).expect_err("too wide");
    assert_eq!(message, "a beta with mean 0.3 needs sd below 0.458 (sd² < mean·(1 − mean)); found 0.5");
    let message = Distribution::uniform(5.0, 3.0).expect_err("reversed");
    assert!(message.contains("min < max") && message.contains("swap"), "{message}");
    let message = Distribution::gamma_from_mean_sd(5.0, 0.0).expect_err("sd 0");
    assert!(message.contains("kind = \"fixed\""), "{message}");
}

/// Cases the property below once found: a tiny shape with a huge scale (0·∞ in the gamma
/// sampler, now also kept out by the 10⁻³⁰⁰ floor on shapes), tiny beta shapes (−∞ − −∞ in
/// the logarithms), and huge beta shapes (overflow in the Cornish–Fisher quantile).
#[test]
fn extreme_shapes_give_numbers_not_nan() {
    let cases = [
        valid(Distribution::gamma(1e-300, 1e300)),
        valid(Distribution::beta(1e-300, 1e-300)),
        valid(Distribution::beta(f64::MAX, f64::MAX)),
        valid(Distribution::beta(f64::MAX, 1.409_227_253_130_124_3e283)),
    ];
    let mut rng = stream(0, 0);
    for d in cases {
        let (low, high) = d.support();
        for _ in 0..100 {
            let x = d.sample(&mut rng);
            assert!(low <= x && x <= high, "{d:?}: {x}");
        }
        for p in [0.0, 0.025, 0.5, 0.975, 1.0] {
            let q = d.quantile(p);
            assert!(low <= q && q <= high, "{d:?} at {p}: {q}");
        }
    }
}

/// Any six numbers, with NaN, infinities, zeros, signs and extremes well represented.
fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        -10.0..10.0,
        -1.0..1.0,
        any::<f64>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Whatever the numbers, construction answers without a panic, and a valid distribution
    /// has finite moments, draws within its support and quantiles in order.
    #[test]
    fn no_input_panics(a in any_number(), b in any_number(), c in any_number(), seed in any::<u64>()) {
        let results = [
            Distribution::fixed(a),
            Distribution::uniform(a, b),
            Distribution::triangular(a, b, c),
            Distribution::pert(a, b, c),
            Distribution::beta(a, b),
            Distribution::beta_from_mean_sd(a, b),
            Distribution::gamma(a, b),
            Distribution::gamma_from_mean_sd(a, b),
            Distribution::lognormal(a, b),
            Distribution::lognormal_from_mean_sd(a, b),
            Distribution::normal(a, b),
        ];
        let mut rng = stream(seed, 0);
        for d in results.into_iter().flatten() {
            prop_assert!(d.mean().is_finite() && d.variance().is_finite(), "{:?}", d);
            let (low, high) = d.support();
            for _ in 0..20 {
                let x = d.sample(&mut rng);
                prop_assert!(!x.is_nan() && low <= x && x <= high, "{:?}: {}", d, x);
            }
            let quantiles = [0.0, 0.025, 0.5, 0.975, 1.0].map(|p| d.quantile(p));
            prop_assert!(quantiles.iter().all(|q| !q.is_nan() && low <= *q && *q <= high), "{:?}: {:?}", d, quantiles);
            prop_assert!(quantiles.windows(2).all(|w| w[0] <= w[1]), "{:?}: {:?}", d, quantiles);
        }
        let counts = vec![a, b, c];
        if let Ok(dirichlet) = Dirichlet::new(counts) {
            let draw = dirichlet.sample(&mut rng);
            prop_assert!((draw.iter().sum::<f64>() - 1.0).abs() <= 1e-12, "{:?}", draw);
        }
        let _ = MultiNormal::new(vec![a, b], vec![vec![c, a], vec![b, c]]);
    }
}

#[test]
fn a_draws_stream_depends_only_on_the_seed_and_the_draw() {
    let numbers = |draw: u64| -> Vec<u64> {
        let mut rng = stream(2024, draw);
        (0..16).map(|_| rng.next_u64()).collect()
    };
    let forwards: Vec<Vec<u64>> = (0..50).map(numbers).collect();
    let backwards: Vec<Vec<u64>> = {
        let mut b: Vec<Vec<u64>> = (0..50).rev().map(numbers).collect();
        b.reverse();
        b
    };
    assert_eq!(forwards, backwards);
    // On four threads, each taking every fourth draw.
    let threaded: Vec<Vec<u64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4_u64)
            .map(|t| scope.spawn(move || (0..50).filter(|k| k % 4 == t).map(|k| (k, numbers(k))).collect::<Vec<_>>()))
            .collect();
        let mut all: Vec<(u64, Vec<u64>)> =
            handles.into_iter().flat_map(|h| h.join().expect("the thread finishes")).collect();
        all.sort_by_key(|(k, _)| *k);
        all.into_iter().map(|(_, n)| n).collect()
    });
    assert_eq!(forwards, threaded);
    // Different draws and different seeds give different numbers.
    for k in 1..50 {
        assert_ne!(forwards[0], forwards[k]);
    }
    assert_ne!(numbers(0), {
        let mut rng = stream(2025, 0);
        (0..16).map(|_| rng.next_u64()).collect::<Vec<_>>()
    });
}

#[test]
fn a_draw_of_a_distribution_is_the_same_in_any_order() {
    let beta = valid(Distribution::beta_from_mean_sd(0.2, 0.05));
    let gamma = valid(Distribution::gamma_from_mean_sd(70_000.0, 15_000.0));
    let draw = |k: u64| {
        let mut rng = stream(1, k);
        (beta.sample(&mut rng), gamma.sample(&mut rng))
    };
    let first: Vec<(f64, f64)> = (0..100).map(draw).collect();
    let mut second: Vec<(f64, f64)> = (0..100).rev().map(draw).collect();
    second.reverse();
    assert_eq!(first, second);
}

/// The derivation of a stream from (seed, draw) is part of a seed's meaning: a change to it
/// changes every PSA result, so it is pinned. ChaCha8 keyed by `seed_from_u64(0)`, stream 0,
/// and by the same key on stream 1.
#[test]
fn the_stream_derivation_is_pinned() {
    assert_eq!(stream(0, 0).next_u64(), PINNED_0_0);
    assert_eq!(stream(0, 1).next_u64(), PINNED_0_1);
}

const PINNED_0_0: u64 = 13_080_132_717_333_068_652;
const PINNED_0_1: u64 = 13_937_087_304_575_520_531;

fn parse(text: &str, value: f64) -> Result<Distribution, DistributionError> {
    let table: toml::Table = text.parse().expect("TOML");
    from_toml(&table, value)
}

fn error(text: &str, value: f64) -> DistributionError {
    parse(text, value).expect_err("an error")
}

#[test]
fn toml_reads_every_kind_and_form() {
    let cases = [
        ("kind = \"fixed\"", 0.4, Distribution::Fixed(0.4)),
        ("kind = \"uniform\"\nmin = 1\nmax = 2.5", 2.0, Distribution::Uniform { min: 1.0, max: 2.5 }),
        (
            "kind = \"triangular\"\nmin = 0\nmode = 1\nmax = 3",
            1.0,
            Distribution::Triangular { min: 0.0, mode: 1.0, max: 3.0 },
        ),
        ("kind = \"pert\"\nmin = 0\nmode = 1\nmax = 3", 1.0, Distribution::Pert { min: 0.0, mode: 1.0, max: 3.0 }),
        ("kind = \"beta\"\nalpha = 2\nbeta = 8", 0.2, Distribution::Beta { alpha: 2.0, beta: 8.0 }),
        ("kind = \"gamma\"\nshape = 4\nscale = 2.5", 10.0, Distribution::Gamma { shape: 4.0, scale: 2.5 }),
        ("kind = \"lognormal\"\nmu = 0\nsigma = 0.1", 1.0, Distribution::LogNormal { mu: 0.0, sigma: 0.1 }),
        ("kind = \"normal\"\nmean = -0.5\nsd = 0.25", -0.5, Distribution::Normal { mean: -0.5, sd: 0.25 }),
    ];
    for (text, value, expected) in cases {
        assert_eq!(parse(text, value).expect(text), expected, "{text}");
    }
    let moments = [
        ("kind = \"beta\"\nmean = 0.2\nsd = 0.05", 0.2, valid(Distribution::beta_from_mean_sd(0.2, 0.05))),
        ("kind = \"gamma\"\nmean = 70000\nsd = 15000", 70_000.0, valid(Distribution::gamma_from_mean_sd(7e4, 1.5e4))),
        ("kind = \"lognormal\"\nmean = 1.0\nsd = 0.1", 1.0, valid(Distribution::lognormal_from_mean_sd(1.0, 0.1))),
    ];
    for (text, value, expected) in moments {
        assert_eq!(parse(text, value).expect(text), expected, "{text}");
    }
    // As an inline table in a parameter.
    let parameter: toml::Table = "distribution = { kind = \"lognormal\", mean = 1.0, sd = 0.1 }".parse().expect("TOML");
    let table = parameter.get("distribution").and_then(|v| v.as_table()).expect("a table");
    assert!(from_toml(table, 1.0).is_ok());
}

#[test]
fn toml_errors_name_the_key() {
    let cases: [(&str, f64, Option<&str>, &str); 18] = [
        ("alpha = 2\nbeta = 8", 0.2, None, "needs `kind`"),
        ("kind = 3", 0.2, Some("kind"), "must be text"),
        ("kind = \"betta\"\nalpha = 2\nbeta = 8", 0.2, Some("kind"), "did you mean \"beta\"?"),
        ("kind = \"weibull\"", 0.2, Some("kind"), "the kinds are fixed, uniform"),
        (
            "kind = \"beta\"\nalpha = 2\nbeta = 8\nmode = 1",
            0.2,
            Some("mode"),
            "takes `alpha` and `beta`, or `mean` and `sd`",
        ),
        ("kind = \"beta\"\nalfa = 2\nbeta = 8", 0.2, Some("alfa"), "did you mean `alpha`?"),
        ("kind = \"fixed\"\nvalue = 2", 0.2, Some("value"), "takes no keys"),
        ("kind = \"beta\"\nalpha = 2\nmean = 0.2", 0.2, Some("mean"), "not keys of both"),
        ("kind = \"beta\"\nalpha = 2", 0.2, None, "also needs `beta`"),
        ("kind = \"gamma\"", 1.0, None, "needs `shape` and `scale`, or `mean` and `sd`"),
        ("kind = \"normal\"\nmean = 0\nsd = \"0.5\"", 0.0, Some("sd"), "not text"),
        ("kind = \"normal\"\nmean = 0\nsd = true", 0.0, Some("sd"), "must be a number"),
        ("kind = \"normal\"\nmean = nan\nsd = 1", 0.0, Some("mean"), "finite"),
        ("kind = \"uniform\"\nmin = 0\nmax = inf", 0.0, Some("max"), "finite"),
        ("kind = \"beta\"\nmean = 0.3\nsd = 0.5", 0.3, Some("sd"), "needs sd below 0.458"),
        ("kind = \"beta\"\nalpha = 2\nbeta = 8", 1.3, Some("kind"), "outside [0, 1]"),
        ("kind = \"uniform\"\nmin = 0\nmax = 1", 2.0, Some("max"), "outside this uniform's range [0, 1]"),
        ("kind = \"gamma\"\nmean = 5\nsd = 1", -1.0, Some("kind"), "negative"),
    ];
    for (text, value, key, fragment) in cases {
        let e = error(text, value);
        assert_eq!(e.key.as_deref(), key, "{text}: {}", e.message);
        assert!(e.message.contains(fragment), "{text}: {}", e.message);
        assert_eq!(e.to_string(), e.message);
    }
}

#[test]
fn toml_rule_errors_name_the_key_that_breaks_the_rule() {
    assert_eq!(error("kind = \"triangular\"\nmin = 0\nmode = 5\nmax = 3", 1.0).key.as_deref(), Some("mode"));
    assert_eq!(error("kind = \"uniform\"\nmin = 3\nmax = 1", 2.0).key.as_deref(), Some("max"));
    assert_eq!(error("kind = \"gamma\"\nshape = -1\nscale = 1", 1.0).key.as_deref(), Some("shape"));
    assert_eq!(error("kind = \"lognormal\"\nmu = 0\nsigma = -1", 1.0).key.as_deref(), Some("sigma"));
    assert_eq!(error("kind = \"beta\"\nmean = 1.2\nsd = 0.1", 0.5).key.as_deref(), Some("mean"));
    assert_eq!(error("kind = \"fixed\"", f64::NAN).key, None);
    assert_eq!(error("kind = \"uniform\"\nmin = 0\nmax = 1", -1.0).key.as_deref(), Some("min"));
}

#[test]
fn toml_accepts_values_on_the_edge_of_the_support() {
    assert!(parse("kind = \"beta\"\nalpha = 2\nbeta = 8", 0.0).is_ok());
    assert!(parse("kind = \"beta\"\nalpha = 2\nbeta = 8", 1.0).is_ok());
    assert!(parse("kind = \"gamma\"\nshape = 2\nscale = 8", 0.0).is_ok());
    assert!(parse("kind = \"uniform\"\nmin = 0\nmax = 1", 1.0).is_ok());
    // A triangular or PERT whose minimum is the value ("it can only cost more").
    assert!(parse("kind = \"triangular\"\nmin = 100\nmode = 100\nmax = 150", 100.0).is_ok());
    assert!(parse("kind = \"pert\"\nmin = 100\nmode = 100\nmax = 150", 100.0).is_ok());
}

#[test]
fn toml_refuses_a_value_far_in_a_tail_of_its_distribution() {
    // Normal(3.5, 0.1): 3.2 is 3 sd below the mean (Φ(−3) = 0.135 % of draws below it, kept);
    // 3.15 is 3.5 sd below (Φ(−3.5) = 0.023 %, refused), 2 is 15 sd below.
    let normal = "kind = \"normal\"\nmean = 3.5\nsd = 0.1";
    assert!(parse(normal, 3.2).is_ok());
    let e = error(normal, 3.15);
    assert_eq!(e.key, None);
    assert!(
        e.message.contains("lies far in a tail of this normal (mean 3.5): only 0.0233 % of its draws are below it"),
        "{}",
        e.message
    );
    assert!(error(normal, 2.0).message.contains("fewer than 0.000001 % of its draws are below it"));
    assert!(error(normal, 3.9).message.contains("are above it"));
    // Gamma(2, scale 8): P(X > 200) = e^(−25)·(1 + 25) ≈ 3.6·10⁻¹⁰.
    assert!(error("kind = \"gamma\"\nshape = 2\nscale = 8", 200.0).message.contains("are above it"));
    // Beta(2, 98) around 0.02 (the hip model's operative mortality) is kept at 0.001 and 0.08.
    for value in [0.001, 0.02, 0.08] {
        assert!(parse("kind = \"beta\"\nalpha = 2\nbeta = 98", value).is_ok(), "{value}");
    }
}

#[test]
fn distribution_functions_match_closed_forms_and_invert_the_quantiles() {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12;
    let standard = valid(Distribution::normal(0.0, 1.0));
    assert!((standard.cdf(1.959_964) - 0.975).abs() < 1e-7);
    assert_eq!(standard.cdf(0.0), 0.5);
    let lognormal = valid(Distribution::lognormal(0.1, 0.3));
    assert!(close(lognormal.cdf(0.1_f64.exp()), 0.5));
    assert_eq!(lognormal.cdf(-1.0), 0.0);
    for x in [0.1, 0.5, 0.9] {
        assert!(close(valid(Distribution::uniform(0.0, 2.0)).cdf(2.0 * x), x));
        // Beta(2, 8): 1 − (1 − x)⁹ − 9x(1 − x)⁸; PERT(0, 0, 1) = Beta(1, 5): 1 − (1 − x)⁵.
        let beta = 1.0 - (1.0 - x).powi(9) - 9.0 * x * (1.0 - x).powi(8);
        assert!(close(valid(Distribution::beta(2.0, 8.0)).cdf(x), beta));
        assert!(close(valid(Distribution::pert(0.0, 0.0, 1.0)).cdf(x), 1.0 - (1.0 - x).powi(5)));
        // Exponential with scale 2: 1 − e^(−x/2).
        assert!(close(valid(Distribution::gamma(1.0, 2.0)).cdf(x), 1.0 - (-x / 2.0).exp()));
    }
    // Triangular(1, 2, 6): F(2) = 1/5, F(4) = 1 − 2²/(5·4).
    let triangular = valid(Distribution::triangular(1.0, 2.0, 6.0));
    assert!(close(triangular.cdf(2.0), 0.2) && close(triangular.cdf(4.0), 0.8));
    assert_eq!((triangular.cdf(0.0), triangular.cdf(7.0)), (0.0, 1.0));
    assert_eq!(valid(Distribution::fixed(4.0)).cdf(3.9), 0.0);
    assert!(standard.cdf(f64::NAN).is_nan());
    for (d, _, _) in known_cases() {
        for p in [0.025, 0.5, 0.975] {
            let q = d.quantile(p);
            if d.support().0 < d.support().1 {
                assert!((d.cdf(q) - p).abs() < 1e-9, "{d:?} at {p}: F({q}) = {}", d.cdf(q));
            }
        }
    }
}
