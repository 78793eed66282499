//! Calibration: the effect multiplier that reproduces an observed participant outcome (a
//! share of participants in some states at a time), found by bracketing and bisection in
//! `f64` and confirmed in exact decimals.
//!
//! Sits above [`crate::evaluate`]: it runs the same chain many times, changing only one
//! effect's multiplier.

use crate::compile::{When, follow};
use crate::domain::{ObservedAt, Scenario, Strategy};
use crate::evaluate::{EvaluateError, followed, run_strategy};
use crate::project::Scalar;
use crate::search::{decimal, highest_where, six_digits};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

/// Which observation to calibrate and in which range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// The alternative (an index into the scenario's alternatives).
    pub alternative: usize,
    /// The intervention (an index into the alternative's interventions).
    pub intervention: usize,
    /// The observation (an index into the intervention's observations).
    pub observed: usize,
    /// The lowest and highest multiplier searched.
    pub range: (f64, f64),
}

/// A calibrated multiplier.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// The multiplier, to 6 significant digits.
    pub multiplier: Decimal,
    /// The observed share aimed at.
    pub target: Decimal,
    /// The share the multiplier gives, in exact decimals.
    pub share: Decimal,
    /// The range searched (its top lowered to the largest multiplier every row can take).
    pub bracket: (f64, f64),
    /// The shares at the ends of the range.
    pub at_bracket: (f64, f64),
}

/// Why calibration failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrateError {
    /// The target is outside the shares the range can give.
    #[error(
        "the observed share {target} cannot be reached with multipliers {}–{}: they give {at_low:.4}–{at_high:.4}",
        short(*low),
        short(*high)
    )]
    Unreachable {
        /// The share aimed at.
        target: Decimal,
        /// The lowest multiplier.
        low: f64,
        /// The highest multiplier.
        high: f64,
        /// The share at the lowest.
        at_low: f64,
        /// The share at the highest.
        at_high: f64,
    },
    /// No batch is observed at the observation's time.
    #[error("no participant is observed then: no intake lies before the observation within the horizon")]
    NotObserved,
    /// The chain could not be run.
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
}

/// Finds the multiplier of the observation's effect that reproduces its share.
pub fn calibrate(scenario: &Scenario, target: Target) -> Result<Calibration, CalibrateError> {
    let strategy = &scenario.alternatives[target.alternative];
    let observed = &strategy.interventions[target.intervention].observed[target.observed];
    let goal = Scalar::to_f64(observed.share);
    let effect = observed.effect;
    let (low, high) = (target.range.0, feasible_top(strategy, (target.intervention, effect), target.range));
    let share = |m: f64| share_with::<f64>(scenario, target, decimal(m));
    let (at_low, at_high) = (share(low)?, share(high)?);
    if !((at_low <= goal && goal <= at_high) || (at_high <= goal && goal <= at_low)) {
        return Err(CalibrateError::Unreachable { target: observed.share, low, high, at_low, at_high });
    }
    let rising = at_high >= at_low;
    let (mut lo, mut hi) = (low, high);
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if (share(mid)? < goal) == rising {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * hi.abs().max(1.0) {
            break;
        }
    }
    let multiplier = six_digits(0.5 * (lo + hi));
    let exact = share_with::<Decimal>(scenario, target, multiplier)?;
    Ok(Calibration {
        multiplier,
        target: observed.share,
        share: exact,
        bracket: (low, high),
        at_bracket: (at_low, at_high),
    })
}

/// The share of the observed participants in the observed states with the effect at `m`.
fn share_with<S: crate::domain::Value>(scenario: &Scenario, target: Target, m: Decimal) -> Result<S, CalibrateError> {
    let effect =
        scenario.alternatives[target.alternative].interventions[target.intervention].observed[target.observed].effect;
    let strategy = with_multiplier(&scenario.alternatives[target.alternative], (target.intervention, effect), m);
    let (compiled, projection) = run_strategy::<S>(scenario, &strategy)?;
    let intervention = &strategy.interventions[target.intervention];
    let observed = &intervention.observed[target.observed];
    let when = match observed.at {
        ObservedAt::MonthsAfterIntake(months) => When::MonthsAfterIntake(months),
        ObservedAt::Month(month) => When::Month(month),
    };
    let set = follow::observed_set(&strategy, target.intervention, target.observed);
    let (inside, people) =
        followed(&compiled, &projection).share(target.intervention, when, set).ok_or(CalibrateError::NotObserved)?;
    if people <= S::ZERO {
        return Err(CalibrateError::NotObserved);
    }
    inside.div(people).ok_or(CalibrateError::NotObserved)
}

/// The strategy with effect `effect` of intervention `intervention` set to multiplier `m`.
pub fn with_multiplier(strategy: &Strategy, (intervention, effect): (usize, usize), m: Decimal) -> Strategy {
    let mut changed = strategy.clone();
    changed.interventions[intervention].effects[effect].multiplier = m.into();
    changed
}

/// A number to 6 significant digits, for messages.
pub fn short(value: f64) -> String {
    Decimal::from_f64(value)
        .and_then(|d| d.round_sf(6))
        .map_or_else(|| value.to_string(), |d| d.normalize().to_string())
}

/// The highest multiplier in `range` with which every row effect `effect` of `intervention`
/// touches stays within [0, 1] in every cycle (found by bisection; the rows' limit is where the
/// stay entry reaches 0).
pub fn feasible_top(strategy: &Strategy, (intervention, effect): (usize, usize), (low, top): (f64, f64)) -> f64 {
    let feasible = |m: f64| {
        let changed = with_multiplier(strategy, (intervention, effect), decimal(m));
        let changed_intervention = &changed.interventions[intervention];
        (0..changed.model.states.len()).all(|from| changed_intervention.row_past_one(&changed.model, from).is_none())
    };
    if feasible(top) {
        return top;
    }
    highest_where(low, top, feasible)
}
