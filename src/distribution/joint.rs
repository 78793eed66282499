//! Joint distributions over several numbers: the multivariate normal (correlated
//! regression coefficients) and the Dirichlet (shares that add up to one).

use rand::Rng;
use rand_distr::StandardNormal;

use super::special::ln_gamma_draw;
use super::univariate::MIN_SHAPE;
use super::{approx, show};

/// A pivot of the Cholesky factorisation at or below this share of its variance counts as
/// zero: the matrix is then singular to working precision (for two components, a correlation
/// within about 5·10⁻¹³ of ±1).
const SINGULAR_PIVOT: f64 = 1e-12;

/// The relative tolerance within which `covariance[i][j]` and `covariance[j][i]` count as
/// equal.
const SYMMETRY_TOLERANCE: f64 = 1e-9;

/// A multivariate normal distribution: a mean vector and a symmetric positive definite
/// covariance matrix, factorised once (Cholesky, `Σ = L·Lᵀ`) so that a draw is
/// `mean + L·z` for independent standard normal `z`.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiNormal {
    mean: Vec<f64>,
    covariance: Vec<Vec<f64>>,
    /// `L`, lower triangular, row-major `n × n`.
    cholesky: Vec<f64>,
}

impl MultiNormal {
    /// A multivariate normal with the given mean and covariance.
    ///
    /// The covariance must be `n × n` for `n = mean.len() ≥ 1`, every entry finite, every
    /// variance (diagonal entry) greater than 0, symmetric (`Σᵢⱼ` and `Σⱼᵢ` equal within a
    /// relative 10⁻⁹ of the larger of `|Σᵢⱼ|`, `|Σⱼᵢ|` and `√(Σᵢᵢ·Σⱼⱼ)`; the two are then
    /// averaged), and positive definite (every Cholesky pivot greater than 10⁻¹² of its
    /// variance). Rows, columns and pivots in messages count from 1.
    pub fn new(mean: Vec<f64>, covariance: Vec<Vec<f64>>) -> Result<Self, String> {
        let n = mean.len();
        if n == 0 {
            return Err("a multivariate normal needs at least one component; found none".into());
        }
        if let Some((i, m)) = mean.iter().enumerate().find(|(_, m)| !m.is_finite()) {
            return Err(format!("mean {} is {}: every mean must be a finite number", i + 1, show(*m)));
        }
        if covariance.len() != n {
            return Err(format!(
                "the covariance matrix has {} rows but there are {n} means: it must be {n}×{n}, one row and one column per component",
                covariance.len()
            ));
        }
        for (i, row) in covariance.iter().enumerate() {
            if row.len() != n {
                return Err(format!(
                    "row {} of the covariance matrix has {} entries; it needs {n} (the matrix must be {n}×{n})",
                    i + 1,
                    row.len()
                ));
            }
            if let Some((j, x)) = row.iter().enumerate().find(|(_, x)| !x.is_finite()) {
                return Err(format!(
                    "the covariance at row {}, column {} is {}: every entry must be a finite number",
                    i + 1,
                    j + 1,
                    show(*x)
                ));
            }
        }
        let variance = |i: usize| covariance.get(i).and_then(|row| row.get(i)).copied().unwrap_or(f64::NAN);
        for i in 0..n {
            let v = variance(i);
            if v <= 0.0 {
                return Err(format!(
                    "the variance at row {0}, column {0} is {1}: every variance (diagonal entry) must be greater than 0",
                    i + 1,
                    show(v)
                ));
            }
        }
        let mut symmetric = covariance.clone();
        for i in 0..n {
            for j in 0..i {
                let (below, above) = (covariance[i][j], covariance[j][i]);
                let scale = (variance(i).sqrt() * variance(j).sqrt()).max(below.abs()).max(above.abs());
                if (below - above).abs() > SYMMETRY_TOLERANCE * scale {
                    return Err(format!(
                        "the covariance matrix is not symmetric: row {0}, column {1} is {2} but row {1}, column {0} is {3}: make them equal",
                        j + 1,
                        i + 1,
                        show(above),
                        show(below)
                    ));
                }
                let average = below / 2.0 + above / 2.0;
                symmetric[i][j] = average;
                symmetric[j][i] = average;
                let correlation = average / variance(i).sqrt() / variance(j).sqrt();
                if correlation.abs() > 1.0 {
                    return Err(format!(
                        "the covariance at row {0}, column {1} ({2}) implies a correlation of {3} between components {0} and {1}: a correlation must lie in [−1, 1]",
                        j + 1,
                        i + 1,
                        show(average),
                        approx(correlation)
                    ));
                }
            }
        }
        let cholesky = factorise(&symmetric)?;
        Ok(Self { mean, covariance: symmetric, cholesky })
    }

    /// The number of components.
    pub fn dimension(&self) -> usize {
        self.mean.len()
    }

    /// The mean vector.
    pub fn mean(&self) -> &[f64] {
        &self.mean
    }

    /// The covariance matrix (symmetrised: the average of the given entry and its mirror).
    pub fn covariance(&self) -> &[Vec<f64>] {
        &self.covariance
    }

    /// Writes one draw into `out`, using `dimension()` standard normal numbers from `rng`.
    ///
    /// `out` must have [`MultiNormal::dimension`] elements; if it has not, every element of
    /// `out` is set to NaN and no number is used. No allocation: `L·z` is formed in place.
    pub fn sample_into<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        let n = self.mean.len();
        if out.len() != n {
            out.fill(f64::NAN);
            return;
        }
        for z in out.iter_mut() {
            *z = rng.sample(StandardNormal);
        }
        // Row i of L·z needs z₀…zᵢ: going from the last row up, those are still untouched.
        for i in (0..n).rev() {
            let row = &self.cholesky[i * n..=i * n + i];
            let dot: f64 = row.iter().zip(&out[..=i]).map(|(l, z)| l * z).sum();
            out[i] = self.mean[i] + dot;
        }
    }

    /// One draw as a new vector (see [`MultiNormal::sample_into`]).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> Vec<f64> {
        let mut out = vec![0.0; self.mean.len()];
        self.sample_into(rng, &mut out);
        out
    }
}

/// The Cholesky factor `L` (row-major) of a symmetric matrix with positive diagonal, or the
/// first pivot that is not positive.
fn factorise(a: &[Vec<f64>]) -> Result<Vec<f64>, String> {
    let n = a.len();
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let dot: f64 = (0..j).map(|k| l[i * n + k] * l[j * n + k]).sum();
            if i == j {
                let pivot = a[i][i] - dot;
                if pivot.is_nan() || pivot <= SINGULAR_PIVOT * a[i][i] {
                    let shown = if pivot > 0.0 {
                        format!("{}, zero against its variance {}", approx(pivot), show(a[i][i]))
                    } else {
                        approx(pivot)
                    };
                    return Err(format!(
                        "the covariance matrix is not positive definite (pivot {} is {shown}): check that it is symmetric and its correlations lie in [−1, 1], and that no component is a linear combination of the others (such as a correlation of exactly ±1)",
                        i + 1
                    ));
                }
                l[i * n + i] = pivot.sqrt();
            } else {
                l[i * n + j] = (a[i][j] - dot) / l[j * n + j];
            }
        }
    }
    Ok(l)
}

/// A Dirichlet distribution: shares of several categories that always add up to one, from
/// observed counts (or any positive weights). Share `i` has mean `counts[i] / total`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dirichlet {
    counts: Vec<f64>,
    total: f64,
}

impl Dirichlet {
    /// A Dirichlet with the given counts: at least two, each finite and at least 10⁻³⁰⁰,
    /// with a finite total. Counts need not be whole numbers.
    pub fn new(counts: Vec<f64>) -> Result<Self, String> {
        if counts.len() < 2 {
            return Err(format!("a Dirichlet needs at least two counts, one per share; found {}", counts.len()));
        }
        if let Some((i, c)) = counts.iter().enumerate().find(|(_, c)| !(c.is_finite() && **c > 0.0)) {
            return Err(format!(
                "count {} is {}: every count must be a finite number greater than 0 (for a category never observed, a small prior count such as 0.5 or 1)",
                i + 1,
                show(*c)
            ));
        }
        if let Some((i, c)) = counts.iter().enumerate().find(|(_, c)| **c < MIN_SHAPE) {
            return Err(format!(
                "count {} is {}, too small to compute with: every count must be at least 1e\u{2212}300",
                i + 1,
                show(*c)
            ));
        }
        let total: f64 = counts.iter().sum();
        if !total.is_finite() {
            return Err("the counts add up to more than can be represented: rescale them (the shares depend only on their ratios and on how large they are together)".into());
        }
        Ok(Self { counts, total })
    }

    /// The number of shares.
    pub fn dimension(&self) -> usize {
        self.counts.len()
    }

    /// The mean shares, `counts[i] / total`.
    pub fn mean(&self) -> Vec<f64> {
        self.counts.iter().map(|c| c / self.total).collect()
    }

    /// Writes one draw into `out`: shares in `[0, 1]` that add up to one (within rounding, a
    /// few units in the last place).
    ///
    /// Each share is a gamma draw with shape `counts[i]` divided by their sum; the draws are
    /// taken in logarithms and scaled by the largest before they are added, so that tiny
    /// counts, whose gamma draws all underflow to 0 as plain numbers, still give shares that
    /// add up to one. `out` must have [`Dirichlet::dimension`] elements; if it has not, every
    /// element of `out` is set to NaN and no number is used.
    pub fn sample_into<R: Rng + ?Sized>(&self, rng: &mut R, out: &mut [f64]) {
        if out.len() != self.counts.len() {
            out.fill(f64::NAN);
            return;
        }
        for (x, &count) in out.iter_mut().zip(&self.counts) {
            *x = ln_gamma_draw(count, rng);
        }
        let largest = out.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if !largest.is_finite() {
            // Not reached for valid counts (every logarithm is finite); the means keep the
            // shares adding up to one all the same.
            for (x, &count) in out.iter_mut().zip(&self.counts) {
                *x = count / self.total;
            }
            return;
        }
        let mut sum = 0.0;
        for x in out.iter_mut() {
            *x = (*x - largest).exp();
            sum += *x;
        }
        // sum ≥ 1: the largest term is exp(0).
        for x in out.iter_mut() {
            *x /= sum;
        }
    }

    /// One draw as a new vector (see [`Dirichlet::sample_into`]).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> Vec<f64> {
        let mut out = vec![0.0; self.counts.len()];
        self.sample_into(rng, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_briefs_pivot_message() {
        // Pairwise correlations within [−1, 1], yet not positive definite together.
        let c = vec![vec![1.0, 0.9, -0.9], vec![0.9, 1.0, 0.9], vec![-0.9, 0.9, 1.0]];
        let message = MultiNormal::new(vec![0.0; 3], c).expect_err("invalid");
        assert!(
            message.starts_with("the covariance matrix is not positive definite (pivot 3 is \u{2212}"),
            "{message}"
        );
    }

    #[test]
    fn cholesky_of_a_known_matrix() {
        // [[4, 2], [2, 3]] = L·Lᵀ with L = [[2, 0], [1, √2]].
        let m = MultiNormal::new(vec![0.0, 0.0], vec![vec![4.0, 2.0], vec![2.0, 3.0]]).expect("valid");
        assert_eq!(m.cholesky[0], 2.0);
        assert_eq!(m.cholesky[1], 0.0);
        assert_eq!(m.cholesky[2], 1.0);
        assert!((m.cholesky[3] - 2.0_f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn wrong_output_lengths_give_nan() {
        let mut rng = super::super::stream(1, 0);
        let m = MultiNormal::new(vec![0.0, 0.0], vec![vec![1.0, 0.0], vec![0.0, 1.0]]).expect("valid");
        let mut out = [0.0; 3];
        m.sample_into(&mut rng, &mut out);
        assert!(out.iter().all(|x| x.is_nan()));
        let d = Dirichlet::new(vec![1.0, 2.0]).expect("valid");
        let mut out = [0.0; 1];
        d.sample_into(&mut rng, &mut out);
        assert!(out[0].is_nan());
    }
}
