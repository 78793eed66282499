//! One-way sensitivity: every uncertain parameter at the low and the high end of its range,
//! the others at their values; the tornado of the swings in net benefit of one perspective;
//! the switching value of each parameter (where that net benefit becomes zero); and the named
//! variants run beside the base case.
//!
//! The ends and the variants are run in exact decimals; the switching values are found in
//! `f64` (regula falsi, Illinois variant) within the parameter's range and reported to six
//! significant digits.

use super::{RunProblem, run_exact, run_fast};
use crate::appraise::Comparison;
use crate::domain::Scenario;
use crate::evaluate::compare_all;
use crate::load::Loaded;
use crate::search::{crosses, illinois, six_digits};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Where the net benefit of one alternative becomes zero as one parameter moves.
#[derive(Debug, Clone, PartialEq)]
pub enum Switching {
    /// At this value of the parameter (6 significant digits).
    At(Decimal),
    /// The net benefit has the same sign at both ends of the range.
    NoneInRange,
    /// The parameter has no width to search.
    NoWidth,
    /// An end of the range cannot be run (a value there breaks a rule), so there is no
    /// bracket to search.
    EndNotRun,
}

/// One parameter's bar of the tornado of one alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The parameter (index into the scenario's parameters).
    pub parameter: usize,
    /// The low and high end of its range.
    pub low: Decimal,
    /// The high end.
    pub high: Decimal,
    /// The net benefit with the parameter at its low end, or why there is none.
    pub at_low: Result<Decimal, RunProblem>,
    /// The net benefit with the parameter at its high end.
    pub at_high: Result<Decimal, RunProblem>,
    /// The net benefit of the base case, the parameter at its value.
    pub at_base: Decimal,
    /// Where the net benefit becomes zero.
    pub switching: Switching,
}

impl Bar {
    /// The width of the bar: how far the net benefit moves over the low end, the value and the
    /// high end (|at high − at low| when it moves one way; a net benefit that rises and falls
    /// again is not taken as unmoved); `None` when an end has no result, so the width is not
    /// known.
    pub fn swing(&self) -> Option<Decimal> {
        let (&Ok(low), &Ok(high)) = (&self.at_low, &self.at_high) else { return None };
        Some(low.max(high).max(self.at_base) - low.min(high).min(self.at_base))
    }
}

/// A variant's net benefit per alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantRun {
    /// The variant (index into the scenario's variants).
    pub variant: usize,
    /// The net benefit of the perspective per alternative, or why there is none.
    pub net_benefit: Result<Vec<Decimal>, RunProblem>,
}

/// The one-way analysis of a scenario for one perspective.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    /// The perspective (index into the perspectives of the model).
    pub perspective: usize,
    /// The base case's net benefit per alternative.
    pub base: Vec<Decimal>,
    /// Per alternative, the tornado: one bar per uncertain parameter, widest first.
    pub tornado: Vec<Vec<Bar>>,
    /// The variants.
    pub variants: Vec<VariantRun>,
    /// The parameters drawn together with others that have no bar: a joint distribution's
    /// members without a range of their own (a Dirichlet's shares, which cannot change one at
    /// a time), in the order of their joint distributions.
    pub together: Vec<usize>,
}

/// Runs the one-way analysis; `base` is the scenario as validated from `loaded`.
pub fn sensitivity(loaded: &Loaded, base: &Scenario, perspective: usize) -> Result<Sensitivity, RunProblem> {
    let net = |comparisons: Vec<Comparison<Decimal>>| -> Vec<Decimal> {
        comparisons.iter().map(|c| c.summaries[perspective].net_benefit).collect()
    };
    let base_net = net(compare_all::<Decimal>(base)?);
    let alternatives = base.alternatives.len();
    let mut tornado: Vec<Vec<Bar>> = vec![Vec::new(); alternatives];
    for (index, parameter) in base.uncertainty.parameters.iter().enumerate() {
        let Some((low, high)) = parameter.range else { continue };
        let at = |value: Decimal| run_exact(loaded, &[(parameter.id.clone(), value)]).map(net);
        let (at_low, at_high) = (at(low), at(high));
        for (alternative, bars) in tornado.iter_mut().enumerate() {
            let pick = |r: &Result<Vec<Decimal>, RunProblem>| r.clone().map(|v| v[alternative]);
            let (low_net, high_net) = (pick(&at_low), pick(&at_high));
            let at_base = base_net[alternative];
            let range = (parameter.id.as_str(), [low, parameter.value, high]);
            let switching = switching(loaded, range, [&low_net, &Ok(at_base), &high_net], (alternative, perspective));
            bars.push(Bar { parameter: index, low, high, at_low: low_net, at_high: high_net, at_base, switching });
        }
    }
    for bars in &mut tornado {
        // A bar whose width is not known first (it needs attention), then widest first.
        bars.sort_by_cached_key(|b| (b.swing().is_some(), std::cmp::Reverse(b.swing()), b.parameter));
    }
    let variants = base
        .uncertainty
        .variants
        .iter()
        .enumerate()
        .map(|(index, v)| {
            let set: Vec<(String, Decimal)> =
                v.values.iter().map(|(p, value)| (base.uncertainty.parameters[*p].id.clone(), *value)).collect();
            VariantRun { variant: index, net_benefit: run_exact(loaded, &set).map(net) }
        })
        .collect();
    let parameters = &base.uncertainty.parameters;
    let joined = base.uncertainty.joints.iter().flat_map(|joint| joint.parameters().iter().copied());
    let together = joined.filter(|&p| parameters[p].range.is_none()).collect();
    Ok(Sensitivity { perspective, base: base_net, tornado, variants, together })
}

/// The switching value of one parameter for one alternative: searched between the low end
/// and the value and between the value and the high end (a net benefit that rises and falls
/// again crosses zero on either side), the crossing nearest the value.
fn switching(
    loaded: &Loaded,
    (id, [low, value, high]): (&str, [Decimal; 3]),
    nets: [&Result<Decimal, RunProblem>; 3],
    (alternative, perspective): (usize, usize),
) -> Switching {
    if low == high {
        return Switching::NoWidth;
    }
    let [Ok(net_low), Ok(net_base), Ok(net_high)] = nets else { return Switching::EndNotRun };
    let to_f64 = |d: &Decimal| d.to_f64().unwrap_or_default();
    let point = |x: Decimal, net: &Decimal| (to_f64(&x), to_f64(net));
    let (below, base, above) = (point(low, net_low), point(value, net_base), point(high, net_high));
    let f = |x: f64| -> Result<f64, RunProblem> {
        let comparisons = run_fast(loaded, &[(id.to_string(), crate::search::decimal(x))])?;
        Ok(comparisons[alternative].summaries[perspective].net_benefit)
    };
    let brackets = [(below, base), (base, above)].into_iter().filter(|(a, b)| a.0 != b.0 && crosses(a.1, b.1));
    let roots = brackets.filter_map(|bracket| illinois(bracket, f).ok());
    let distance = |x: &f64| (x - base.0).abs();
    match roots.min_by(|x, y| distance(x).total_cmp(&distance(y))) {
        Some(root) => Switching::At(six_digits(root)),
        None => Switching::NoneInRange,
    }
}
