//! From projections to an investment appraisal: per-actor cost streams, discounting,
//! perspectives (each actor, the public sector, society), net benefit, return and payback.
//!
//! Generic over the scalar, so the reported run (Decimal) and the many-run paths (f64) share it.

pub mod discount;
pub mod lanes;
pub mod participants;

use crate::compile::{MoneySource, Streams};
use crate::domain::{FixedCost, Label, Model, Scenario, Strategy};
use crate::project::{Projection, Scalar};
use rust_decimal::Decimal;

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
    /// People per group (of every grouping) at the end of the year, baseline.
    pub people_base: Vec<S>,
    /// People per group at the end of the year, alternative.
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
    /// Cumulative undiscounted net benefit per perspective.
    pub cumulative_undiscounted: Vec<S>,
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
    /// Undiscounted cost of the intervention.
    pub investment_undiscounted: S,
    /// `(net benefit + investment) / investment`, when there is an investment.
    pub return_per_krona: Option<S>,
    /// `net benefit / investment`, when there is an investment.
    pub roi: Option<S>,
    /// When the investment is paid back, discounted.
    pub payback: Payback,
    /// When the investment is paid back, undiscounted.
    pub payback_undiscounted: Payback,
}

/// The years of a political mandate period in Sweden.
pub const MANDATE_YEARS: usize = 4;

/// When an investment is paid back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payback {
    /// The first projection year (1-based) after which the cumulative net benefit stays ≥ 0 to
    /// the horizon.
    Year(usize),
    /// The cumulative net benefit is below zero at the horizon, or falls below it again.
    NotWithinHorizon,
    /// This perspective invests nothing, so there is nothing to pay back.
    NoInvestment,
}

impl Payback {
    /// The first year from which every cumulative value stays at or above zero.
    pub fn from_cumulative<S: Scalar>(cumulative: impl DoubleEndedIterator<Item = S> + ExactSizeIterator) -> Self {
        let years = cumulative.len();
        let staying = cumulative.rev().take_while(|c| *c >= S::ZERO).count();
        Payback::after_shortfall(years.checked_sub(staying + 1), years)
    }

    /// The payback over `years` years when `last_below` is the last year (0-based) whose
    /// cumulative net benefit is below zero (or not a number), if any: the year after it.
    pub fn after_shortfall(last_below: Option<usize>, years: usize) -> Self {
        match last_below {
            None if years > 0 => Payback::Year(1),
            Some(year) if year + 1 < years => Payback::Year(year + 2),
            _ => Payback::NotWithinHorizon,
        }
    }

    /// Whether payback falls within the first mandate period (years 1–4).
    pub fn within_mandate(&self) -> bool {
        matches!(self, Payback::Year(year) if *year <= MANDATE_YEARS)
    }
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

/// What a line of the net benefit breakdown sums.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKey {
    /// A cost item of the model, by id.
    Item(String),
    /// An intervention's own costs (per participant and fixed), by id.
    Intervention(String),
    /// The alternative's fixed costs outside its interventions.
    AlternativeFixed,
}

/// One line of the net benefit breakdown: how much of each perspective's net benefit comes
/// from one cost item or from the intervention's own costs.
#[derive(Debug, Clone, PartialEq)]
pub struct Line<S> {
    /// What it sums.
    pub key: LineKey,
    /// Its label.
    pub label: Label,
    /// Discounted net benefit per perspective (positive: a gain).
    pub net: Vec<S>,
    /// Undiscounted net benefit per perspective.
    pub net_undiscounted: Vec<S>,
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
    /// The net benefit per cost item and intervention.
    pub lines: Vec<Line<S>>,
}

/// The discount factors of a scenario per projection year: for costs, and for each outcome
/// measure at its own rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Factors<S> {
    /// The cost discount factor of every year.
    pub costs: Vec<S>,
    /// Per outcome measure of the model, the discount factor of every year.
    pub outcomes: Vec<Vec<S>>,
}

impl<S: Scalar> Factors<S> {
    /// The factors of `scenario` over `years` projection years; `None` on overflow.
    pub fn new(scenario: &Scenario, years: usize) -> Option<Self> {
        let first = scenario.model().discount_first_year;
        let costs = discount::factors(&scenario.discount_costs, years, first)?;
        let outcomes = scenario
            .model()
            .outcomes
            .iter()
            .map(|o| discount::factors(&o.discount, years, first))
            .collect::<Option<_>>()?;
        Some(Factors { costs, outcomes })
    }
}

/// What each line of a strategy's net benefit breakdown holds, worked out once per strategy:
/// its key, where its money comes from, and per actor the streams and the actor's share of each.
#[derive(Debug, Clone)]
struct Ledger<S> {
    lines: Vec<LedgerLine<S>>,
}

#[derive(Debug, Clone)]
struct LedgerLine<S> {
    key: LineKey,
    /// The cost item or intervention (`None`: the alternative's own fixed costs).
    source: Option<MoneySource>,
    /// Per actor, the streams of `source` it is a party to and its share of each.
    books: Vec<Vec<(usize, S)>>,
}

impl<S: Scalar> Ledger<S> {
    /// The lines of `strategy`, whose streams are laid out as `streams`.
    fn new(streams: &Streams, strategy: &Strategy) -> Self {
        let items = strategy
            .model
            .costs
            .iter()
            .enumerate()
            .map(|(i, c)| (LineKey::Item(c.id.clone()), Some(MoneySource::Item(i))));
        let interventions = strategy
            .interventions
            .iter()
            .enumerate()
            .map(|(i, x)| (LineKey::Intervention(x.id.clone()), Some(MoneySource::Intervention(i))));
        let fixed = (!strategy.fixed_costs.is_empty()).then_some((LineKey::AlternativeFixed, None));
        let actors = strategy.model.actors.len();
        let lines = items
            .chain(interventions)
            .chain(fixed)
            .map(|(key, source)| LedgerLine {
                key,
                source,
                books: (0..actors).map(|a| book(streams, source, a)).collect(),
            })
            .collect();
        Ledger { lines }
    }
}

/// The projection of one strategy with its stream layout.
pub struct Projected<'a, S: Clone> {
    /// The projection.
    pub projection: &'a Projection<S>,
    /// Its streams.
    pub streams: &'a Streams,
    /// The model state of every expanded state.
    pub model_state: &'a [usize],
    /// The strategy projected.
    pub strategy: &'a Strategy,
    /// The lines of the net benefit breakdown this strategy has.
    ledger: Ledger<S>,
}

impl<'a, S: Scalar> Projected<'a, S> {
    /// A strategy's projection with its stream layout.
    pub fn new(
        projection: &'a Projection<S>,
        streams: &'a Streams,
        model_state: &'a [usize],
        strategy: &'a Strategy,
    ) -> Self {
        let ledger = Ledger::new(streams, strategy);
        Projected { projection, streams, model_state, strategy, ledger }
    }

    /// What `actor` bears of line `k` (an index into its own lines) in `year`.
    fn own_line_cost(&self, year: usize, k: usize, actor: usize) -> Option<S> {
        let line = &self.ledger.lines[k];
        let streamed = line.books[actor]
            .iter()
            .try_fold(S::ZERO, |acc, &(stream, share)| acc.add(self.projection.total(year, stream).mul(share)?))?;
        match line.source {
            Some(MoneySource::Item(_)) => Some(streamed),
            Some(MoneySource::Intervention(index)) => {
                streamed.add(fixed_cost(&self.strategy.interventions[index].fixed_costs, year, actor)?)
            }
            None => fixed_cost(&self.strategy.fixed_costs, year, actor),
        }
    }

    /// The discounted total of outcome measure `index` with discount factors `factors`.
    fn outcome(&self, index: usize, factors: &[S]) -> Option<S> {
        let stream = self.streams.outcome(index);
        factors.iter().enumerate().try_fold(S::ZERO, |acc, (y, f)| acc.add(self.projection.total(y, stream).mul(*f)?))
    }

    /// The keys of the lines this strategy has.
    fn keys(&self) -> impl Iterator<Item = &LineKey> {
        self.ledger.lines.iter().map(|l| &l.key)
    }

    /// People per group of `model` at a period boundary (participants counted in their state).
    fn people(&self, model: &Model, boundary: usize) -> Option<Vec<S>> {
        let mut per_state = vec![S::ZERO; model.states.len()];
        for (expanded, &n) in self.projection.occupancy_at(boundary).iter().enumerate() {
            let state = self.model_state[expanded];
            per_state[state] = per_state[state].add(n)?;
        }
        model.groups.iter().map(|g| g.states.iter().try_fold(S::ZERO, |acc, &s| acc.add(per_state[s]))).collect()
    }

    /// The label of a line this strategy has.
    fn label(&self, key: &LineKey) -> Label {
        let strategy = self.strategy;
        let found = match key {
            LineKey::Item(id) => strategy.model.costs.iter().find(|c| &c.id == id).map(|c| c.label.clone()),
            LineKey::Intervention(id) => strategy.interventions.iter().find(|i| &i.id == id).map(|i| i.label.clone()),
            LineKey::AlternativeFixed => None,
        };
        found.unwrap_or_else(|| Label { sv: "Fasta kostnader".into(), en: "Fixed costs".into() })
    }

    /// What `actor` bears of line `key` in `year` (positive: a cost); zero for a line this
    /// strategy does not have.
    fn line_cost(&self, year: usize, key: &LineKey, actor: usize) -> Option<S> {
        match self.keys().position(|k| k == key) {
            Some(k) => self.own_line_cost(year, k, actor),
            None => Some(S::ZERO),
        }
    }

    fn cost(&self, year: usize, actor: usize) -> Option<S> {
        (0..self.ledger.lines.len()).try_fold(S::ZERO, |acc, k| acc.add(self.own_line_cost(year, k, actor)?))
    }

    fn investment(&self, year: usize, actor: usize) -> Option<S> {
        let lines = &self.ledger.lines;
        (0..lines.len())
            .filter(|k| !matches!(lines[*k].key, LineKey::Item(_)))
            .try_fold(S::ZERO, |acc, k| acc.add(self.own_line_cost(year, k, actor)?))
    }
}

/// The streams holding `source` that `actor` is a party to, with its share of each.
pub(crate) fn book<S: Scalar>(streams: &Streams, source: Option<MoneySource>, actor: usize) -> Vec<(usize, S)> {
    let held = streams.money.iter().enumerate().filter(|(_, m)| Some(m.source) == source);
    held.filter_map(|(i, m)| Some((i, S::from_decimal(m.booking.share_of(actor)?)))).collect()
}

/// What `actor` bears of `costs` in `year` (0-based).
pub(crate) fn fixed_cost<S: Scalar>(costs: &[FixedCost], year: usize, actor: usize) -> Option<S> {
    costs.iter().try_fold(S::ZERO, |acc, cost| {
        let Some(share) = cost.booking.share_of(actor) else {
            return Some(acc);
        };
        let amount: Decimal = cost.by_year.iter().filter(|(y, _)| *y == year).map(|(_, a)| *a).sum();
        acc.add(S::from_decimal(amount.checked_mul(share)?))
    })
}

/// Compares an alternative's projection with the baseline's. `None` on overflow.
pub fn compare<S: Scalar>(
    scenario: &Scenario,
    alternative: usize,
    base: &Projected<S>,
    alt: &Projected<S>,
) -> Option<Comparison<S>> {
    let model = scenario.model();
    let factors = Factors::new(scenario, base.projection.periods())?;
    let mut totals = Totals::default();
    let mut years = Vec::with_capacity(factors.costs.len());
    totals.run(model, &factors, (base, alt), Some(&mut years))?;
    let summaries = totals.summaries(|v| *v)?;
    let outcomes = outcomes(model, &factors, base, alt)?;
    let lines = lines(model, &Perspective::all(model), base, alt, &factors.costs)?;
    Some(Comparison { alternative, years, summaries, outcomes, lines })
}

/// The summary of every perspective of an alternative's projection against the baseline's,
/// without the yearly rows, the outcomes and the breakdown per item: what a search over many
/// runs needs. `None` on overflow.
pub fn summarize_only<S: Scalar>(
    scenario: &Scenario,
    base: &Projected<S>,
    alt: &Projected<S>,
) -> Option<Vec<Summary<S>>> {
    let factors = Factors::new(scenario, base.projection.periods())?;
    let mut totals = Totals::default();
    totals.run(scenario.model(), &factors, (base, alt), None)?;
    totals.summaries(|v| *v)
}

/// The summary of every perspective from each year's undiscounted cost per actor (baseline,
/// alternative and investment, as in [`Year`]) and the cost discount factor of each year: an
/// appraisal whose yearly costs were changed after the projection (the accounts of what really
/// happened). `None` on overflow.
pub fn summarize_years<S: Scalar>(model: &Model, years: &[Year<S>]) -> Option<Vec<Summary<S>>> {
    let mut totals = Totals::default();
    let mut running = totals.start(model);
    for year in years {
        totals.costs = ActorCosts {
            base: year.cost_base.clone(),
            alt: year.cost_alt.clone(),
            investment: year.investment.clone(),
        };
        totals.add_year(model, year.discount_factor, &mut running)?;
    }
    totals.summaries(|v| *v)
}

/// The summary of every perspective and the outcomes of an alternative.
pub type SummaryWithOutcomes<S> = (Vec<Summary<S>>, Vec<OutcomeResult<S>>);

/// What the years of a comparison add up to: per perspective the totals ([`Sums`]) and the
/// cumulative net benefit of every year, with the buffers one year needs. Kept from run to run
/// by the many-run paths.
struct Totals<S> {
    /// One year's cost per actor.
    costs: ActorCosts<S>,
    /// One year's net benefit per perspective.
    net: Vec<S>,
    /// Per perspective, in the order of [`Perspective::all`].
    sums: Vec<Sums<S>>,
    /// The cumulative net benefit, `years × perspectives`, year-major.
    cumulative: Vec<Running<S>>,
    /// The perspectives of the model ([`Perspective::all`]), listed once per run.
    perspectives: Vec<Perspective>,
}

impl<S> Default for Totals<S> {
    fn default() -> Self {
        let (net, sums, cumulative, perspectives) = Default::default();
        Totals { costs: ActorCosts::default(), net, sums, cumulative, perspectives }
    }
}

impl<S: Scalar> Totals<S> {
    /// Goes through every projection year of `alt` against `base`; with `rows`, each year's row
    /// (with the people per group) is added to it. `None` on overflow.
    fn run(
        &mut self,
        model: &Model,
        factors: &Factors<S>,
        (base, alt): (&Projected<S>, &Projected<S>),
        mut rows: Option<&mut Vec<Year<S>>>,
    ) -> Option<()> {
        let mut running = self.start(model);
        for (year, &factor) in factors.costs.iter().enumerate() {
            self.costs.fill(model, base, alt, year)?;
            self.add_year(model, factor, &mut running)?;
            if let Some(rows) = rows.as_deref_mut() {
                let costs = &self.costs;
                rows.push(Year {
                    people_base: base.people(model, year + 1)?,
                    people_alt: alt.people(model, year + 1)?,
                    cost_base: costs.base.clone(),
                    cost_alt: costs.alt.clone(),
                    investment: costs.investment.clone(),
                    net: self.net.clone(),
                    cumulative: running.iter().map(|r| r.discounted).collect(),
                    cumulative_undiscounted: running.iter().map(|r| r.undiscounted).collect(),
                    discount_factor: factor,
                });
            }
        }
        Some(())
    }

    /// Empties the totals for a new run over the perspectives of `model`; returns the running
    /// cumulative net benefit per perspective.
    fn start(&mut self, model: &Model) -> Vec<Running<S>> {
        self.perspectives = Perspective::all(model);
        let count = self.perspectives.len();
        self.sums = vec![Sums::default(); count];
        self.cumulative.clear();
        vec![Running::default(); count]
    }

    /// Adds the year whose costs per actor are in `self.costs`, discounted by `factor`.
    fn add_year(&mut self, model: &Model, factor: S, running: &mut [Running<S>]) -> Option<()> {
        let costs = &self.costs;
        self.net.clear();
        for ((perspective, sums), running) in self.perspectives.iter().zip(&mut self.sums).zip(running.iter_mut()) {
            sums.add(perspective_costs(model, perspective, [&costs.base, &costs.alt, &costs.investment])?, factor)?;
            let net = costs.net(model, perspective)?;
            running.add(net, factor)?;
            self.net.push(net);
        }
        self.cumulative.extend_from_slice(running);
        Some(())
    }

    /// The summary of every perspective, in the order of [`Perspective::all`], each value read
    /// through `read` (the value itself, or one draw's lane of a batch).
    fn summaries<T: Scalar>(&self, read: impl Fn(&S) -> T + Copy) -> Option<Vec<Summary<T>>> {
        let count = self.sums.len();
        let years = self.cumulative.len() / count.max(1);
        (0..count)
            .map(|p| {
                let at = move |y: usize| &self.cumulative[y * count + p];
                let discounted = (0..years).map(move |y| read(&at(y).discounted));
                let undiscounted = (0..years).map(move |y| read(&at(y).undiscounted));
                self.sums[p].map(read).summary(discounted, undiscounted)
            })
            .collect()
    }
}

/// One year's undiscounted cost per actor: baseline, alternative, and the alternative's
/// investment.
struct ActorCosts<S> {
    base: Vec<S>,
    alt: Vec<S>,
    investment: Vec<S>,
}

impl<S> Default for ActorCosts<S> {
    fn default() -> Self {
        ActorCosts { base: Vec::new(), alt: Vec::new(), investment: Vec::new() }
    }
}

impl<S: Scalar> ActorCosts<S> {
    /// Overwrites these with the costs of `year`; `None` on overflow.
    fn fill(&mut self, model: &Model, base: &Projected<S>, alt: &Projected<S>, year: usize) -> Option<()> {
        let actors = 0..model.actors.len();
        let refill = |into: &mut Vec<S>, cost: &dyn Fn(usize) -> Option<S>| -> Option<()> {
            into.clear();
            for a in actors.clone() {
                into.push(cost(a)?);
            }
            Some(())
        };
        refill(&mut self.base, &|a| base.cost(year, a))?;
        refill(&mut self.alt, &|a| alt.cost(year, a))?;
        refill(&mut self.investment, &|a| alt.investment(year, a))
    }

    /// The net benefit (baseline − alternative) of `perspective`.
    fn net(&self, model: &Model, perspective: &Perspective) -> Option<S> {
        sum_over(model, perspective, |a| self.base[a].sub(self.alt[a]))
    }
}

/// `[baseline, alternative, investment]` of one year summed over the actors of `perspective`.
fn perspective_costs<S: Scalar>(
    model: &Model,
    perspective: &Perspective,
    [base, alt, investment]: [&[S]; 3],
) -> Option<[S; 3]> {
    let sum = |v: &[S]| sum_over(model, perspective, |a| Some(v[a]));
    Some([sum(base)?, sum(alt)?, sum(investment)?])
}

/// A cumulative net benefit, discounted and undiscounted.
#[derive(Clone, Copy)]
struct Running<S> {
    discounted: S,
    undiscounted: S,
}

impl<S: Scalar> Default for Running<S> {
    fn default() -> Self {
        Running { discounted: S::ZERO, undiscounted: S::ZERO }
    }
}

impl<S: Scalar> Running<S> {
    /// Adds a year's net benefit `net` with discount factor `factor`.
    fn add(&mut self, net: S, factor: S) -> Option<()> {
        self.discounted = self.discounted.add(net.mul(factor)?)?;
        self.undiscounted = self.undiscounted.add(net)?;
        Some(())
    }
}

/// A perspective's totals over the years, before they are read as a [`Summary`].
#[derive(Debug, Clone, Copy)]
struct Sums<S> {
    /// Discounted cost, baseline.
    cost_base: S,
    /// Discounted cost, alternative.
    cost_alt: S,
    /// Discounted investment.
    investment: S,
    /// Undiscounted investment.
    investment_undiscounted: S,
}

impl<S: Scalar> Default for Sums<S> {
    fn default() -> Self {
        Sums { cost_base: S::ZERO, cost_alt: S::ZERO, investment: S::ZERO, investment_undiscounted: S::ZERO }
    }
}

impl<S: Scalar> Sums<S> {
    /// Adds a year's `[baseline, alternative, investment]` with discount factor `factor`.
    fn add(&mut self, [base, alt, investment]: [S; 3], factor: S) -> Option<()> {
        self.cost_base = self.cost_base.add(base.mul(factor)?)?;
        self.cost_alt = self.cost_alt.add(alt.mul(factor)?)?;
        self.investment = self.investment.add(investment.mul(factor)?)?;
        self.investment_undiscounted = self.investment_undiscounted.add(investment)?;
        Some(())
    }

    /// The same totals with each value read through `read`.
    fn map<T>(&self, read: impl Fn(&S) -> T) -> Sums<T> {
        Sums {
            cost_base: read(&self.cost_base),
            cost_alt: read(&self.cost_alt),
            investment: read(&self.investment),
            investment_undiscounted: read(&self.investment_undiscounted),
        }
    }

    /// The summary of these totals, with the cumulative net benefit of every year, discounted
    /// and undiscounted (for the payback years).
    fn summary<C, U>(self, cumulative: C, undiscounted: U) -> Option<Summary<S>>
    where
        C: DoubleEndedIterator<Item = S> + ExactSizeIterator,
        U: DoubleEndedIterator<Item = S> + ExactSizeIterator,
    {
        let Sums { cost_base, cost_alt, investment, investment_undiscounted } = self;
        let net_benefit = cost_base.sub(cost_alt)?;
        let has_investment = investment > S::ZERO;
        let roi = if has_investment { Some(net_benefit.div(investment)?) } else { None };
        let return_per_krona = if has_investment { Some(net_benefit.add(investment)?.div(investment)?) } else { None };
        let payback_of = |payback: Payback| if has_investment { payback } else { Payback::NoInvestment };
        Some(Summary {
            cost_base,
            cost_alt,
            net_benefit,
            investment,
            investment_undiscounted,
            return_per_krona,
            roi,
            payback: payback_of(Payback::from_cumulative(cumulative)),
            payback_undiscounted: payback_of(Payback::from_cumulative(undiscounted)),
        })
    }
}

/// The net benefit per line (cost item, intervention), discounted, per perspective.
fn lines<S: Scalar>(
    model: &Model,
    perspectives: &[Perspective],
    base: &Projected<S>,
    alt: &Projected<S>,
    factors: &[S],
) -> Option<Vec<Line<S>>> {
    let mut keys: Vec<(LineKey, Label)> = base.keys().map(|k| (k.clone(), base.label(k))).collect();
    for key in alt.keys() {
        if !keys.iter().any(|(k, _)| k == key) {
            keys.push((key.clone(), alt.label(key)));
        }
    }
    keys.into_iter()
        .map(|(key, label)| {
            // Each year's saving is summed over the perspective's actors before it is discounted,
            // so a transfer cancels exactly for society.
            let sums = perspectives
                .iter()
                .map(|p| {
                    factors.iter().enumerate().try_fold((S::ZERO, S::ZERO), |(discounted, plain), (year, factor)| {
                        let saved =
                            sum_over(model, p, |a| base.line_cost(year, &key, a)?.sub(alt.line_cost(year, &key, a)?))?;
                        Some((discounted.add(saved.mul(*factor)?)?, plain.add(saved)?))
                    })
                })
                .collect::<Option<Vec<(S, S)>>>()?;
            let (net, net_undiscounted) = sums.into_iter().unzip();
            Some(Line { key, label, net, net_undiscounted })
        })
        .collect()
}

/// The sum of `value` over the actors of `perspective`; `None` on overflow.
pub(crate) fn sum_over<S: Scalar>(
    model: &Model,
    perspective: &Perspective,
    value: impl Fn(usize) -> Option<S>,
) -> Option<S> {
    (0..model.actors.len()).filter(|a| perspective.includes(model, *a)).try_fold(S::ZERO, |acc, a| acc.add(value(a)?))
}

/// Every outcome measure of `model` compared; `None` on overflow.
fn outcomes<S: Scalar>(
    model: &Model,
    factors: &Factors<S>,
    base: &Projected<S>,
    alt: &Projected<S>,
) -> Option<Vec<OutcomeResult<S>>> {
    (0..model.outcomes.len())
        .map(|index| {
            let (b, a) =
                (base.outcome(index, &factors.outcomes[index])?, alt.outcome(index, &factors.outcomes[index])?);
            Some(OutcomeResult { base: b, alt: a, difference: a.sub(b)? })
        })
        .collect()
}
