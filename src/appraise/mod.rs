//! From projections to an investment appraisal: per-actor cost streams, discounting,
//! perspectives (each actor, the public sector, society), net benefit, return and payback.
//!
//! Generic over the scalar, so the reported run (Decimal) and the many-run paths (f64) share it.

pub mod discount;

use crate::compile::Streams;
use crate::domain::{Model, Scenario};
use crate::project::{Projection, Scalar};

/// Whose budget a figure is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Perspective {
    /// One actor's own budget.
    Actor(usize),
    /// The sum of the public actors.
    Public,
    /// Everybody: transfers cancel, resources and production remain.
    Society,
}

impl Perspective {
    /// Every perspective of a model: each actor, then the public sector and society.
    pub fn all(model: &Model) -> Vec<Perspective> {
        (0..model.actors.len()).map(Perspective::Actor).chain([Perspective::Public, Perspective::Society]).collect()
    }

    /// The position of `perspective` in [`Perspective::all`] of `model`.
    pub fn index(model: &Model, perspective: Perspective) -> usize {
        match perspective {
            Perspective::Actor(a) => a,
            Perspective::Public => model.actors.len(),
            Perspective::Society => model.actors.len() + 1,
        }
    }

    /// Whether actor `a` counts in this perspective.
    pub fn includes(&self, model: &Model, actor: usize) -> bool {
        match self {
            Perspective::Actor(a) => *a == actor,
            Perspective::Public => model.actors[actor].public,
            Perspective::Society => true,
        }
    }
}

/// One projection year of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Year<S> {
    /// People per state group at the end of the year, baseline.
    pub people_base: Vec<S>,
    /// People per state group at the end of the year, alternative.
    pub people_alt: Vec<S>,
    /// Undiscounted cost per actor (model plus intervention), baseline.
    pub cost_base: Vec<S>,
    /// Undiscounted cost per actor, alternative.
    pub cost_alt: Vec<S>,
    /// Undiscounted intervention cost per actor, alternative.
    pub investment: Vec<S>,
    /// Undiscounted net benefit (baseline − alternative) per perspective.
    pub net: Vec<S>,
    /// Cumulative discounted net benefit per perspective.
    pub cumulative: Vec<S>,
    /// The cost discount factor of the year.
    pub discount_factor: S,
}

/// The totals of one perspective.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary<S> {
    /// Discounted cost, baseline.
    pub cost_base: S,
    /// Discounted cost, alternative (including the intervention).
    pub cost_alt: S,
    /// Discounted net benefit, `cost_base − cost_alt`: positive saves money.
    pub net_benefit: S,
    /// Discounted cost of the intervention.
    pub investment: S,
    /// `(net benefit + investment) / investment`, when there is an investment.
    pub return_per_krona: Option<S>,
    /// `net benefit / investment`, when there is an investment.
    pub roi: Option<S>,
    /// When the investment is paid back.
    pub payback: Payback,
}

/// When an investment is paid back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payback {
    /// The first projection year (1-based) whose cumulative discounted net benefit is ≥ 0.
    Year(usize),
    /// The cumulative discounted net benefit stays below zero over the whole horizon.
    NotWithinHorizon,
    /// This perspective invests nothing, so there is nothing to pay back.
    NoInvestment,
}

/// An outcome measure compared.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeResult<S> {
    /// Discounted total, baseline.
    pub base: S,
    /// Discounted total, alternative.
    pub alt: S,
    /// `alt − base`.
    pub difference: S,
}

/// One alternative compared with the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison<S> {
    /// Index of the alternative in the scenario.
    pub alternative: usize,
    /// Every projection year.
    pub years: Vec<Year<S>>,
    /// Per perspective, in the order of [`Perspective::all`].
    pub summaries: Vec<Summary<S>>,
    /// Per outcome measure of the model.
    pub outcomes: Vec<OutcomeResult<S>>,
}

/// The projection of one strategy with its stream layout.
pub struct Projected<'a, S> {
    /// The projection.
    pub projection: &'a Projection<S>,
    /// Its streams.
    pub streams: Streams,
    /// The model state of every expanded state.
    pub model_state: &'a [usize],
}

impl<S: Scalar> Projected<'_, S> {
    /// People per group of `model` at a period boundary (participants counted in their state).
    fn people(&self, model: &Model, boundary: usize) -> Option<Vec<S>> {
        let mut people = vec![S::ZERO; model.groups.len()];
        for (expanded, &n) in self.projection.occupancy_at(boundary).iter().enumerate() {
            if let Some(group) = model.states[self.model_state[expanded]].group {
                people[group] = people[group].add(n)?;
            }
        }
        Some(people)
    }

    fn cost(&self, year: usize, actor: usize) -> Option<S> {
        self.projection.total(year, self.streams.cost(actor)).add(self.investment(year, actor))
    }

    fn investment(&self, year: usize, actor: usize) -> S {
        self.projection.total(year, self.streams.intervention(actor))
    }
}

/// Compares an alternative's projection with the baseline's. `None` on overflow.
pub fn compare<S: Scalar>(
    scenario: &Scenario,
    alternative: usize,
    base: &Projected<S>,
    alt: &Projected<S>,
) -> Option<Comparison<S>> {
    let model = scenario.model();
    let years_count = base.projection.periods();
    let perspectives = Perspective::all(model);
    let factors: Vec<S> = discount::factors(&scenario.discount_costs, years_count, model.discount_first_year)?;
    let actors = model.actors.len();
    let mut cumulative = vec![S::ZERO; perspectives.len()];
    let mut years = Vec::with_capacity(years_count);
    for (year, &factor) in factors.iter().enumerate() {
        let cost_base = (0..actors).map(|a| base.cost(year, a)).collect::<Option<Vec<S>>>()?;
        let cost_alt = (0..actors).map(|a| alt.cost(year, a)).collect::<Option<Vec<S>>>()?;
        let investment: Vec<S> = (0..actors).map(|a| alt.investment(year, a)).collect();
        let net = perspectives
            .iter()
            .map(|p| sum_over(model, p, |a| cost_base[a].sub(cost_alt[a])))
            .collect::<Option<Vec<S>>>()?;
        for (c, n) in cumulative.iter_mut().zip(&net) {
            *c = c.add(n.mul(factor)?)?;
        }
        years.push(Year {
            people_base: base.people(model, year + 1)?,
            people_alt: alt.people(model, year + 1)?,
            cost_base,
            cost_alt,
            investment,
            net,
            cumulative: cumulative.clone(),
            discount_factor: factor,
        });
    }
    let summaries =
        perspectives.iter().enumerate().map(|(i, p)| summarize(model, p, i, &years)).collect::<Option<_>>()?;
    let outcomes = outcomes(scenario, base, alt, years_count)?;
    Some(Comparison { alternative, years, summaries, outcomes })
}

fn sum_over<S: Scalar>(model: &Model, perspective: &Perspective, value: impl Fn(usize) -> Option<S>) -> Option<S> {
    (0..model.actors.len()).filter(|a| perspective.includes(model, *a)).try_fold(S::ZERO, |acc, a| acc.add(value(a)?))
}

fn summarize<S: Scalar>(
    model: &Model,
    perspective: &Perspective,
    index: usize,
    years: &[Year<S>],
) -> Option<Summary<S>> {
    let discounted = |value: &dyn Fn(&Year<S>) -> Option<S>| -> Option<S> {
        years.iter().try_fold(S::ZERO, |acc, y| acc.add(value(y)?.mul(y.discount_factor)?))
    };
    let cost_base = discounted(&|y| sum_over(model, perspective, |a| Some(y.cost_base[a])))?;
    let cost_alt = discounted(&|y| sum_over(model, perspective, |a| Some(y.cost_alt[a])))?;
    let investment = discounted(&|y| sum_over(model, perspective, |a| Some(y.investment[a])))?;
    let net_benefit = cost_base.sub(cost_alt)?;
    let has_investment = investment > S::ZERO;
    let roi = if has_investment { Some(net_benefit.div(investment)?) } else { None };
    let return_per_krona = if has_investment { Some(net_benefit.add(investment)?.div(investment)?) } else { None };
    let payback = match years.iter().position(|y| y.cumulative[index] >= S::ZERO) {
        _ if !has_investment => Payback::NoInvestment,
        Some(year) => Payback::Year(year + 1),
        None => Payback::NotWithinHorizon,
    };
    Some(Summary { cost_base, cost_alt, net_benefit, investment, return_per_krona, roi, payback })
}

fn outcomes<S: Scalar>(
    scenario: &Scenario,
    base: &Projected<S>,
    alt: &Projected<S>,
    years: usize,
) -> Option<Vec<OutcomeResult<S>>> {
    let model = scenario.model();
    model
        .outcomes
        .iter()
        .enumerate()
        .map(|(index, outcome)| {
            let factors: Vec<S> = discount::factors(&outcome.discount, years, model.discount_first_year)?;
            let total = |p: &Projected<S>| -> Option<S> {
                factors
                    .iter()
                    .enumerate()
                    .try_fold(S::ZERO, |acc, (y, f)| acc.add(p.projection.total(y, p.streams.outcome(index)).mul(*f)?))
            };
            let (b, a) = (total(base)?, total(alt)?);
            Some(OutcomeResult { base: b, alt: a, difference: a.sub(b)? })
        })
        .collect()
}
