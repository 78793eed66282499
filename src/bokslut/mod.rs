//! Kalkyl och bokslut: an intervention followed with what really happened. The forecast that
//! justified it (the scenario as calculated) against the observed outcomes of its
//! participants; the value realised to date; the effect the observations imply; and the
//! appraisal updated with it.
//!
//! Sits above [`crate::evaluate`] like calibration. The rules, all documented in
//! docs/BOKSLUT.md:
//! - a month's observation is the people at the start of that month;
//! - people counted in a set of states are spread over its states as the fitted model spreads
//!   them; months, batches and states not observed take the fitted model's people;
//! - the value of a path is its people's state costs per month (cost items on states, not the
//!   one-off transition costs), discounted by projection year, against the same people's path
//!   without the intervention's effects;
//! - the implied effect is the multiplier of one effect that minimises the sum of squared
//!   differences between observed and modelled shares of every observed set (least squares),
//!   and the fit of a month is half the sum of absolute share differences (the share of people
//!   the model puts in another set than observed).

pub mod ledger;
pub mod observed;
pub mod paths;

use crate::appraise::{Factors, Perspective, Summary, Year, sum_over, summarize_years};
use crate::calibrate::{feasible_top, with_multiplier};
use crate::domain::{Model, Scenario, Strategy, year_of_cycle};
use crate::evaluate::{EvaluateError, compare_all, without_effects};
use crate::project::Scalar;
use crate::search::{decimal, six_digits};
use ledger::Spending;
use observed::{Cell, Cohort};
use paths::{Paths, paths};
use rust_decimal::Decimal;

/// What to follow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// The alternative (an index into the scenario's alternatives).
    pub alternative: usize,
    /// The intervention (an index into the alternative's interventions).
    pub intervention: usize,
    /// The effect whose multiplier the observations imply (an index into its effects).
    pub effect: usize,
    /// The last month counted (0-based from the start of the projection).
    pub as_of: usize,
}

/// One observed set in one month, against the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// The set as written.
    pub label: String,
    /// People observed.
    pub observed: Decimal,
    /// Share of the cell's people observed in it.
    pub observed_share: Decimal,
    /// People in it as calculated (for a comparison group: its people spread as the model
    /// spreads the participants without the effect).
    pub forecast: Decimal,
    /// Share in it as calculated.
    pub forecast_share: Decimal,
    /// Share in it with the implied effect.
    pub fitted_share: Decimal,
}

impl Compared {
    /// Observed share minus forecast share.
    pub fn difference(&self) -> Decimal {
        self.observed_share - self.forecast_share
    }
}

/// One cohort, month and batch of observations against the model.
#[derive(Debug, Clone, PartialEq)]
pub struct CellResult {
    /// Whose outcomes.
    pub cohort: Cohort,
    /// The month (0-based).
    pub month: usize,
    /// The batch's intake month, or `None` for all batches taken in by then.
    pub batch: Option<usize>,
    /// The sets.
    pub sets: Vec<Compared>,
    /// The fit of the forecast: half the sum of absolute share differences.
    pub distance: Decimal,
    /// The fit with the implied effect.
    pub fitted_distance: Decimal,
}

/// The effect the observations imply.
#[derive(Debug, Clone, PartialEq)]
pub struct Implied {
    /// The multiplier the scenario gives.
    pub written: Decimal,
    /// The multiplier that fits the observations best (6 significant digits).
    pub multiplier: Decimal,
    /// The range searched.
    pub range: (Decimal, Decimal),
}

/// The value to date of one perspective, discounted: what the participants' paths saved
/// against the same people without the effect, and what the intervention cost.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueToDate {
    /// Costs avoided as calculated.
    pub avoided_forecast: Decimal,
    /// The intervention's cost as calculated.
    pub cost_forecast: Decimal,
    /// Costs avoided on the observed paths.
    pub avoided_realised: Decimal,
    /// The intervention's cost as booked (the ledger, or as calculated without one).
    pub cost_realised: Decimal,
}

impl ValueToDate {
    /// Net benefit to date as calculated.
    pub fn forecast(&self) -> Decimal {
        self.avoided_forecast - self.cost_forecast
    }

    /// Net benefit to date realised.
    pub fn realised(&self) -> Decimal {
        self.avoided_realised - self.cost_realised
    }

    /// How much better the outcome is than the forecast (positive: better).
    pub fn difference(&self) -> Decimal {
        self.realised() - self.forecast()
    }
}

/// The accounts of one intervention.
#[derive(Debug, Clone, PartialEq)]
pub struct Bokslut {
    /// What was followed.
    pub target: Target,
    /// Observations against the model, in order of cohort, month and batch.
    pub cells: Vec<CellResult>,
    /// Observed cells after the as-of month, left out.
    pub later: usize,
    /// The implied effect (`None` when the intervention has no effect to vary).
    pub implied: Option<Implied>,
    /// Per perspective ([`Perspective::all`]) the value to date.
    pub to_date: Vec<ValueToDate>,
    /// Per perspective the appraisal as calculated.
    pub kalkyl: Vec<Summary<Decimal>>,
    /// Per perspective the appraisal updated: observed to date, the implied effect after.
    pub updated: Vec<Summary<Decimal>>,
    /// Whether the costs come from a ledger.
    pub ledger: Option<Spending>,
    /// Per month of the horizon, the share of the participants taken in by then in the sets
    /// of the most observed label: as calculated and with the implied effect (for the chart).
    pub curve: Option<Curve>,
}

/// The share of the participants in one observed set over the months.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// The set as written.
    pub label: String,
    /// (month, share) as calculated.
    pub forecast: Vec<(usize, Decimal)>,
    /// (month, share) with the implied effect.
    pub fitted: Vec<(usize, Decimal)>,
    /// (month, share) observed, all batches taken in by then together.
    pub observed: Vec<(usize, Decimal)>,
}

/// Why the accounts could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BokslutError {
    /// A chain could not be run.
    #[error(transparent)]
    Evaluate(#[from] EvaluateError),
    /// A sum grew past what exact decimals hold.
    #[error("the numbers grew too large for exact arithmetic while {0}")]
    Overflow(&'static str),
}

fn overflow(during: &'static str) -> impl Fn() -> BokslutError {
    move || BokslutError::Overflow(during)
}

/// The three paths the accounts compare: as calculated, without the effect, and with the
/// implied effect.
struct Runs {
    forecast: Paths<Decimal>,
    neutral: Paths<Decimal>,
    fitted: Paths<Decimal>,
}

/// The paths of intervention `target.intervention` as calculated, over the whole horizon, in
/// exact decimals (what the observations are checked against).
pub fn forecast(scenario: &Scenario, target: Target) -> Result<Paths<Decimal>, EvaluateError> {
    let strategy = &scenario.alternatives[target.alternative];
    paths(scenario, strategy, target.intervention, &all_months(scenario))
}

fn all_months(scenario: &Scenario) -> Vec<usize> {
    (0..=scenario.cycles()).collect()
}

/// The accounts of `target` from the observations `cells` and, if given, the ledger.
pub fn bokslut(
    scenario: &Scenario,
    target: Target,
    forecast: Paths<Decimal>,
    cells: &[Cell],
    ledger: Option<Spending>,
) -> Result<Bokslut, BokslutError> {
    let strategy = &scenario.alternatives[target.alternative];
    let (counted, later): (Vec<&Cell>, Vec<&Cell>) = cells.iter().partition(|c| c.month <= target.as_of);
    let implied = implied_effect(scenario, strategy, target, &counted)?;
    let fitted_strategy = match &implied {
        Some(i) => with_multiplier(strategy, (target.intervention, target.effect), i.multiplier),
        None => strategy.clone(),
    };
    let all = all_months(scenario);
    let runs = Runs {
        neutral: paths(scenario, &without_effects(strategy), target.intervention, &all)?,
        fitted: paths(scenario, &fitted_strategy, target.intervention, &all)?,
        forecast,
    };
    let results =
        cells.iter().map(|c| compare_cell(c, &runs)).collect::<Option<Vec<_>>>().ok_or_else(overflow("comparing"))?;
    let valuation = Valuation::new(scenario, strategy)?;
    let months = valuation.months_to_date(&runs, &counted, target.as_of)?;
    let ledger_ref = ledger.as_ref();
    let to_date = valuation.to_date(scenario.model(), &months, &runs.forecast.payments, ledger_ref)?;
    let kalkyl = comparison(scenario, strategy)?;
    let fitted_years =
        if fitted_strategy == *strategy { kalkyl.years.clone() } else { comparison(scenario, &fitted_strategy)?.years };
    let month_length = scenario.model().months_per_cycle;
    let updated_years = valuation.update(fitted_years, (&months, month_length), &runs.fitted.payments, ledger_ref)?;
    let updated =
        summarize_years(scenario.model(), &updated_years).ok_or_else(overflow("summing the updated appraisal"))?;
    let curve = curve(&runs, cells);
    Ok(Bokslut {
        target,
        cells: results,
        later: later.len(),
        implied,
        to_date,
        kalkyl: kalkyl.summaries,
        updated,
        ledger,
        curve,
    })
}

/// The comparison of `strategy` alone with the baseline.
fn comparison(scenario: &Scenario, strategy: &Strategy) -> Result<crate::appraise::Comparison<Decimal>, BokslutError> {
    let mut alone = scenario.clone();
    alone.alternatives = vec![strategy.clone()];
    let mut comparisons = compare_all::<Decimal>(&alone)?;
    comparisons.pop().ok_or_else(overflow("comparing with the baseline"))
}

/// The modelled share of each of `cell`'s sets, relative to the people in all its sets.
fn shares<S: Scalar>(paths: &Paths<S>, cell: &Cell) -> Option<Vec<S>> {
    let per_state = paths.people(cell.month, cell.batch)?;
    let inside: Vec<S> = cell
        .sets
        .iter()
        .map(|set| set.states.iter().try_fold(S::ZERO, |acc, &s| acc.add(per_state[s])))
        .collect::<Option<_>>()?;
    let total = inside.iter().try_fold(S::ZERO, |acc, v| acc.add(*v))?;
    inside.into_iter().map(|v| if total > S::ZERO { v.div(total) } else { Some(S::ZERO) }).collect()
}

fn observed_shares(cell: &Cell) -> Vec<Decimal> {
    let total = cell.total();
    cell.sets.iter().map(|s| if total > Decimal::ZERO { s.count / total } else { Decimal::ZERO }).collect()
}

/// Half the sum of absolute differences between two share vectors.
fn distance(a: &[Decimal], b: &[Decimal]) -> Decimal {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<Decimal>() / Decimal::TWO
}

fn compare_cell(cell: &Cell, runs: &Runs) -> Option<CellResult> {
    let model_run = if cell.cohort == Cohort::Participants { &runs.forecast } else { &runs.neutral };
    let forecast_shares = shares(model_run, cell)?;
    let fitted_run = if cell.cohort == Cohort::Participants { &runs.fitted } else { &runs.neutral };
    let fitted_shares = shares(fitted_run, cell)?;
    let observed = observed_shares(cell);
    let per_state = model_run.people(cell.month, cell.batch)?;
    let total = cell.total();
    let sets = cell
        .sets
        .iter()
        .enumerate()
        .map(|(k, set)| {
            let forecast = match cell.cohort {
                Cohort::Participants => set.states.iter().map(|&s| per_state[s]).sum(),
                Cohort::Comparison => forecast_shares[k] * total,
            };
            Compared {
                label: set.label.clone(),
                observed: set.count,
                observed_share: observed[k],
                forecast,
                forecast_share: forecast_shares[k],
                fitted_share: fitted_shares[k],
            }
        })
        .collect();
    Some(CellResult {
        cohort: cell.cohort,
        month: cell.month,
        batch: cell.batch.map(|b| runs.forecast.batches[b].intake),
        sets,
        distance: distance(&observed, &forecast_shares),
        fitted_distance: distance(&observed, &fitted_shares),
    })
}

/// Multipliers tried evenly over the range before the best is refined.
const GRID: usize = 24;

/// The multiplier of the effect that fits the participants' observations to date best, or
/// `None` when the intervention has no effect or nothing of its participants was observed.
fn implied_effect(
    scenario: &Scenario,
    strategy: &Strategy,
    target: Target,
    cells: &[&Cell],
) -> Result<Option<Implied>, BokslutError> {
    let intervention = &strategy.interventions[target.intervention];
    let participants: Vec<&Cell> = cells.iter().copied().filter(|c| c.cohort == Cohort::Participants).collect();
    let Some(effect) = intervention.effects.get(target.effect) else { return Ok(None) };
    if participants.is_empty() {
        return Ok(None);
    }
    let mut months: Vec<usize> = participants.iter().map(|c| c.month).collect();
    months.dedup();
    let (low, high) = (0.0, feasible_top(strategy, (target.intervention, target.effect), (0.0, 10.0)));
    let misfit = |m: f64| -> Result<f64, BokslutError> {
        let changed = with_multiplier(strategy, (target.intervention, target.effect), decimal(m));
        let run = paths::<f64>(scenario, &changed, target.intervention, &months)?;
        let mut sum = 0.0;
        for cell in &participants {
            let modelled = shares(&run, cell).ok_or_else(overflow("fitting the effect"))?;
            for (set, share) in cell.sets.iter().zip(modelled) {
                let observed = Scalar::to_f64(set.count) / Scalar::to_f64(cell.total()).max(f64::MIN_POSITIVE);
                sum += (observed - share).powi(2);
            }
        }
        Ok(sum)
    };
    let step = (high - low) / GRID as f64;
    let mut best = (low, misfit(low)?);
    for k in 1..=GRID {
        let m = low + step * k as f64;
        let value = misfit(m)?;
        if value < best.1 {
            best = (m, value);
        }
    }
    let (mut a, mut b) = ((best.0 - step).max(low), (best.0 + step).min(high));
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut d) = (b - ratio * (b - a), a + ratio * (b - a));
    let (mut fc, mut fd) = (misfit(c)?, misfit(d)?);
    while b - a > 1e-9 * b.abs().max(1.0) {
        if fc < fd {
            (b, d, fd) = (d, c, fc);
            c = b - ratio * (b - a);
            fc = misfit(c)?;
        } else {
            (a, c, fc) = (c, d, fd);
            d = a + ratio * (b - a);
            fd = misfit(d)?;
        }
    }
    let found = if best.1 <= fc.min(fd) { best.0 } else { 0.5 * (a + b) };
    Ok(Some(Implied {
        written: effect.multiplier.value,
        multiplier: six_digits(found),
        range: (decimal(low), six_digits(high)),
    }))
}

/// The state costs of the alternative's model per month, and the discount factor of each month.
struct Valuation {
    /// `months × states × actors`: what each actor bears per person in a state in a month.
    costs: Vec<Decimal>,
    states: usize,
    actors: usize,
    /// The cost discount factor of every month.
    factors: Vec<Decimal>,
}

impl Valuation {
    fn new(scenario: &Scenario, strategy: &Strategy) -> Result<Self, BokslutError> {
        let model = &strategy.model;
        let months = scenario.cycles();
        let (states, actors) = (model.states.len(), model.actors.len());
        let mut costs = vec![Decimal::ZERO; months * states * actors];
        for item in &model.costs {
            let crate::domain::Applies::States(on) = &item.applies else { continue };
            for month in 0..months {
                let amount = item.amount.at(month, model.months_per_cycle);
                for (actor, share) in item.booking.shares() {
                    let per_person = amount.checked_mul(share).ok_or_else(overflow("pricing the states"))?;
                    for &state in on {
                        let at = &mut costs[(month * states + state) * actors + actor];
                        *at = at.checked_add(per_person).ok_or_else(overflow("pricing the states"))?;
                    }
                }
            }
        }
        let years = scenario.horizon_years as usize;
        let yearly = Factors::<Decimal>::new(scenario, years).ok_or_else(overflow("discounting"))?.costs;
        let factors = (0..months).map(|m| yearly[year_of_cycle(m, model.months_per_cycle).min(years - 1)]).collect();
        Ok(Valuation { costs, states, actors, factors })
    }

    /// What each actor bears for `people` (per state) in `month`, undiscounted.
    fn cost(&self, month: usize, people: &[Decimal]) -> Option<Vec<Decimal>> {
        let mut out = vec![Decimal::ZERO; self.actors];
        for (state, n) in people.iter().enumerate().filter(|(_, n)| !n.is_zero()) {
            let row = &self.costs[(month * self.states + state) * self.actors..][..self.actors];
            for (total, c) in out.iter_mut().zip(row) {
                *total = total.checked_add(n.checked_mul(*c)?)?;
            }
        }
        Some(out)
    }

    /// The people per state in `month` as observed: the fitted path with every observed set
    /// replaced by its count, spread over the set's states as the fitted path spreads them.
    fn realised(runs: &Runs, cells: &[&Cell], month: usize) -> Option<Vec<Decimal>> {
        let mut people = runs.fitted.people(month, None)?;
        for cell in cells.iter().filter(|c| c.month == month && c.cohort == Cohort::Participants) {
            let fitted = runs.fitted.people(cell.month, cell.batch)?;
            for set in &cell.sets {
                let inside: Decimal = set.states.iter().map(|&s| fitted[s]).sum();
                for &s in &set.states {
                    let observed = if inside > Decimal::ZERO {
                        set.count.checked_mul(fitted[s])?.checked_div(inside)?
                    } else if Some(&s) == set.states.first() {
                        set.count
                    } else {
                        Decimal::ZERO
                    };
                    people[s] = people[s].checked_sub(fitted[s])?.checked_add(observed)?;
                }
            }
        }
        Some(people)
    }

    /// The state costs per actor of every month up to `as_of`, each path's and the realised.
    fn months_to_date(&self, runs: &Runs, cells: &[&Cell], as_of: usize) -> Result<Vec<MonthCosts>, BokslutError> {
        let fail = overflow("valuing the months to date");
        (0..=as_of.min(self.factors.len() - 1))
            .map(|month| {
                let cost = |people: Option<Vec<Decimal>>| people.and_then(|p| self.cost(month, &p)).ok_or_else(&fail);
                Ok(MonthCosts {
                    neutral: cost(runs.neutral.people(month, None))?,
                    forecast: cost(runs.forecast.people(month, None))?,
                    fitted: cost(runs.fitted.people(month, None))?,
                    realised: cost(Self::realised(runs, cells, month))?,
                })
            })
            .collect()
    }

    /// The value to date of every perspective, from the months' costs, the forecast's payments
    /// and, if given, the ledger.
    fn to_date(
        &self,
        model: &Model,
        months: &[MonthCosts],
        planned: &[Vec<Decimal>],
        ledger: Option<&Spending>,
    ) -> Result<Vec<ValueToDate>, BokslutError> {
        let fail = overflow("valuing the months to date");
        let zero = || vec![Decimal::ZERO; self.actors];
        let [mut avoided_f, mut cost_f, mut avoided_r, mut cost_r] = [zero(), zero(), zero(), zero()];
        for (month, costs) in months.iter().enumerate() {
            let d = self.factors[month];
            let paid = ledger.map_or(&planned[month], |l| &l.by_month[month]);
            for a in 0..self.actors {
                let add = |into: &mut Decimal, base: Decimal, minus: Decimal| -> Option<()> {
                    *into = into.checked_add(base.checked_sub(minus)?.checked_mul(d)?)?;
                    Some(())
                };
                add(&mut avoided_f[a], costs.neutral[a], costs.forecast[a]).ok_or_else(&fail)?;
                add(&mut avoided_r[a], costs.neutral[a], costs.realised[a]).ok_or_else(&fail)?;
                add(&mut cost_f[a], planned[month][a], Decimal::ZERO).ok_or_else(&fail)?;
                add(&mut cost_r[a], paid[a], Decimal::ZERO).ok_or_else(&fail)?;
            }
        }
        Perspective::all(model)
            .iter()
            .map(|p| {
                let sum = |v: &[Decimal]| sum_over(model, p, |a| Some(v[a])).ok_or_else(&fail);
                Ok(ValueToDate {
                    avoided_forecast: sum(&avoided_f)?,
                    cost_forecast: sum(&cost_f)?,
                    avoided_realised: sum(&avoided_r)?,
                    cost_realised: sum(&cost_r)?,
                })
            })
            .collect()
    }

    /// `years` of the appraisal with the implied effect, with the months to date changed to
    /// what was observed and booked (`planned`: the fitted path's payments).
    fn update(
        &self,
        mut years: Vec<Year<Decimal>>,
        (months, months_per_cycle): (&[MonthCosts], u32),
        planned: &[Vec<Decimal>],
        ledger: Option<&Spending>,
    ) -> Result<Vec<Year<Decimal>>, BokslutError> {
        let fail = overflow("updating the appraisal");
        for (month, costs) in months.iter().enumerate() {
            let last = years.len() - 1;
            let year = &mut years[year_of_cycle(month, months_per_cycle).min(last)];
            for (a, planned) in planned[month].iter().enumerate() {
                let booked = ledger.map_or(Some(Decimal::ZERO), |l| l.by_month[month][a].checked_sub(*planned));
                let booked = booked.ok_or_else(&fail)?;
                let change = costs.realised[a].checked_sub(costs.fitted[a]).and_then(|c| c.checked_add(booked));
                year.cost_alt[a] = change.and_then(|c| year.cost_alt[a].checked_add(c)).ok_or_else(&fail)?;
                year.investment[a] = year.investment[a].checked_add(booked).ok_or_else(&fail)?;
            }
        }
        Ok(years)
    }
}

/// One month's state costs per actor: of the three paths and of the realised people.
struct MonthCosts {
    neutral: Vec<Decimal>,
    forecast: Vec<Decimal>,
    fitted: Vec<Decimal>,
    realised: Vec<Decimal>,
}

/// The chart's curves: the set label observed most often among the participants.
fn curve(runs: &Runs, cells: &[Cell]) -> Option<Curve> {
    let participants: Vec<&Cell> = cells.iter().filter(|c| c.cohort == Cohort::Participants).collect();
    let mut labels: Vec<(&str, usize)> = Vec::new();
    for set in participants.iter().flat_map(|c| &c.sets) {
        match labels.iter_mut().find(|(l, _)| *l == set.label) {
            Some(entry) => entry.1 += 1,
            None => labels.push((&set.label, 1)),
        }
    }
    let label = labels.iter().max_by_key(|(_, n)| *n)?.0;
    let states = &participants.iter().flat_map(|c| &c.sets).find(|s| s.label == label)?.states;
    let share = |paths: &Paths<Decimal>, month: usize| -> Option<Decimal> {
        let people = paths.people(month, None)?;
        let taken: Decimal = paths.batches.iter().filter(|b| b.intake <= month).map(|b| b.taken_in).sum();
        let inside: Decimal = states.iter().map(|&s| people[s]).sum();
        (taken > Decimal::ZERO).then(|| inside.checked_div(taken)).flatten()
    };
    let line = |paths: &Paths<Decimal>| -> Vec<(usize, Decimal)> {
        paths.months.iter().filter_map(|&m| Some((m, share(paths, m)?))).collect()
    };
    let observed = participants
        .iter()
        .filter(|c| c.batch.is_none())
        .filter_map(|c| Some((c.month, c.sets.iter().find(|s| s.label == label)?.count.checked_div(c.total())?)))
        .collect();
    Some(Curve { label: label.to_string(), forecast: line(&runs.forecast), fitted: line(&runs.fitted), observed })
}
