//! The validated domain: what a model and a scenario mean once every rule holds.
//!
//! [`crate::validate`] builds these from the raw files; [`crate::compile`] turns them into a
//! generic chain. Indices refer to the model's own lists (states, actors, outcomes).

use crate::diagnostic::Location;
use crate::project::Counting;
use rust_decimal::{Decimal, MathematicalOps};
use std::sync::Arc;

/// A text in Swedish and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Swedish.
    pub sv: String,
    /// English.
    pub en: String,
}

/// A value that may change with time; the last value holds for the rest of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// The same value in every cycle.
    Constant(Decimal),
    /// One value per projection year.
    ByYear(Vec<Decimal>),
    /// One value per cycle.
    ByCycle(Vec<Decimal>),
    /// The values of a formula of free parameters (see [`Formula`]), with the formula kept.
    Formula(Arc<Formula>, Box<Schedule>),
}

impl Schedule {
    /// The value in cycle `cycle` of a model with `months_per_cycle`.
    pub fn at(&self, cycle: usize, months_per_cycle: u32) -> Decimal {
        let pick = |values: &[Decimal], index: usize| values[index.min(values.len() - 1)];
        match self {
            Schedule::Constant(value) => *value,
            Schedule::ByYear(values) => pick(values, year_of_cycle(cycle, months_per_cycle)),
            Schedule::ByCycle(values) => pick(values, cycle),
            Schedule::Formula(_, values) => values.at(cycle, months_per_cycle),
        }
    }

    /// The schedule's values without the formula they came from.
    pub fn plain(&self) -> &Schedule {
        match self {
            Schedule::Formula(_, values) => values.plain(),
            plain => plain,
        }
    }

    /// The schedule with its formula, if it has one, held to `[low, high]` (see
    /// [`Formula::bounds`]).
    #[must_use]
    pub fn bounded(self, low: Decimal, high: Decimal) -> Schedule {
        match self {
            Schedule::Formula(formula, values) => Schedule::Formula(Arc::new(formula.bounded(low, high)), values),
            plain => plain,
        }
    }

    /// The formula of free parameters the values came from, if they did.
    pub fn formula(&self) -> Option<&Arc<Formula>> {
        match self {
            Schedule::Formula(formula, _) => Some(formula),
            _ => None,
        }
    }

    /// Every value the schedule can take.
    pub fn values(&self) -> &[Decimal] {
        match self {
            Schedule::Constant(value) => std::slice::from_ref(value),
            Schedule::ByYear(values) | Schedule::ByCycle(values) => values,
            Schedule::Formula(_, values) => values.values(),
        }
    }

    /// A key that is equal for two cycles in which this schedule has the same value.
    pub fn time_key(&self, cycle: usize, months_per_cycle: u32) -> usize {
        match self {
            Schedule::Constant(_) => 0,
            Schedule::ByYear(values) => year_of_cycle(cycle, months_per_cycle).min(values.len() - 1),
            Schedule::ByCycle(values) => cycle.min(values.len() - 1),
            Schedule::Formula(_, values) => values.time_key(cycle, months_per_cycle),
        }
    }
}

/// One cycle for each distinct combination of the schedules' values.
pub fn distinct_cycles<'s>(schedules: impl Iterator<Item = &'s Schedule> + Clone, months_per_cycle: u32) -> Vec<usize> {
    let mut last = 0;
    for schedule in schedules.clone() {
        let cycles = match schedule.plain() {
            Schedule::Constant(_) | Schedule::Formula(..) => 1,
            Schedule::ByYear(v) => v.len() * 12 / months_per_cycle as usize,
            Schedule::ByCycle(v) => v.len(),
        };
        last = last.max(cycles);
    }
    let mut keys: Vec<(Vec<usize>, usize)> =
        (0..last.max(1)).map(|c| (schedules.clone().map(|s| s.time_key(c, months_per_cycle)).collect(), c)).collect();
    keys.dedup_by(|a, b| a.0 == b.0);
    keys.into_iter().map(|(_, c)| c).collect()
}

/// The calendar month (year, month 1–12) `months` months after `start` (year, month 1–12).
pub fn months_after(start: (i32, u32), months: i64) -> (i64, u32) {
    let index = i64::from(start.0) * 12 + i64::from(start.1) - 1 + months;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// The projection year (0-based) a cycle belongs to.
pub fn year_of_cycle(cycle: usize, months_per_cycle: u32) -> usize {
    cycle * months_per_cycle as usize / 12
}

/// A discount rate: constant, or by bands of years.
#[derive(Debug, Clone, PartialEq)]
pub enum DiscountRate {
    /// One rate for all years.
    Constant(Decimal),
    /// `(first year, rate)` pairs, the first starting at year 0, ascending.
    Bands(Vec<(u32, Decimal)>),
}

impl DiscountRate {
    /// The rate that applies in year `year`.
    pub fn in_year(&self, year: u32) -> Decimal {
        match self {
            DiscountRate::Constant(rate) => *rate,
            DiscountRate::Bands(bands) => {
                bands.iter().take_while(|(from, _)| *from <= year).last().map_or(Decimal::ZERO, |b| b.1)
            }
        }
    }
}

/// A way to divide the states into groups for reporting (by category, by time on support, …).
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// Identifier; the first grouping of a model is the main one, `main`.
    pub id: String,
    /// Label.
    pub label: Label,
}

/// The id of the main grouping: groups that name no grouping.
pub const MAIN_GROUPING: &str = "main";

/// A group of states, for reporting.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// The grouping it belongs to (an index into the model's groupings; 0 is the main one).
    pub grouping: usize,
    /// Its states, ascending.
    pub states: Vec<usize>,
    /// What a population CSV writes for it in its category column (a need category's number).
    pub code: Option<String>,
    /// The months on support it covers in a population CSV.
    pub months: Option<MonthRange>,
}

/// A range of months on support, inclusive; without an end, open upwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthRange {
    /// The first month of the range.
    pub first: u32,
    /// The last month of the range; `None`: no end.
    pub last: Option<u32>,
}

impl MonthRange {
    /// Whether `months` is in the range.
    pub fn contains(&self, months: i64) -> bool {
        months >= i64::from(self.first) && self.last.is_none_or(|last| months <= i64::from(last))
    }

    /// Whether the two ranges share a month.
    pub fn overlaps(&self, other: &MonthRange) -> bool {
        self.contains(i64::from(other.first)) || other.contains(i64::from(self.first))
    }
}

impl std::fmt::Display for MonthRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.last {
            Some(last) => write!(f, "{}–{last}", self.first),
            None => write!(f, "{} or more", self.first),
        }
    }
}

/// A state of the model.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
}

/// Who pays or receives.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// Whether it belongs to the public sector.
    pub public: bool,
}

impl Model {
    /// The groups of grouping `grouping`, as indices into `groups`.
    pub fn groups_of(&self, grouping: usize) -> impl Iterator<Item = usize> + '_ {
        self.groups.iter().enumerate().filter(move |(_, g)| g.grouping == grouping).map(|(i, _)| i)
    }
}

/// The transition probabilities out of one state.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Target state and probability per period, for every target but the rest.
    pub entries: Vec<(usize, Schedule)>,
    /// The target that takes `1 − the others`, if any.
    pub rest: Option<usize>,
    /// Months the probabilities are for; `None` means one cycle.
    pub per_months: Option<u32>,
}

/// The kind of a cost item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CostKind {
    /// Money moving between actors; cancels out for society.
    Transfer,
    /// Use of real resources (staff time, care).
    Resource,
    /// Value produced (work), received by an actor.
    Production,
}

/// Who pays an amount, who receives it, and what kind of money it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Booking {
    /// The actor who pays, if any.
    pub payer: Option<usize>,
    /// The actor who receives, if any.
    pub receiver: Option<usize>,
    /// Transfer, resource or production.
    pub kind: CostKind,
    /// For a tax received under income equalisation: the share the receiver keeps and the actor
    /// who in effect receives the rest.
    pub split: Option<(Decimal, usize)>,
}

impl Booking {
    /// What each actor bears per krona of the amount: the payer `+1`, the receiver `−1` (or
    /// `−kept` and the equalising actor `−(1 − kept)`). Positive is a cost, negative a gain.
    pub fn shares(&self) -> Vec<(usize, Decimal)> {
        let paid = self.payer.map(|p| (p, Decimal::ONE));
        let received: Vec<(usize, Decimal)> = match (self.receiver, self.split) {
            (Some(r), Some((kept, rest_to))) => vec![(r, -kept), (rest_to, kept - Decimal::ONE)],
            (Some(r), None) => vec![(r, Decimal::NEGATIVE_ONE)],
            (None, _) => vec![],
        };
        paid.into_iter().chain(received).filter(|(_, share)| !share.is_zero()).collect()
    }

    /// What `actor` bears per krona of the amount, if it is a party to it.
    pub fn share_of(&self, actor: usize) -> Option<Decimal> {
        self.shares().into_iter().find(|(a, _)| *a == actor).map(|(_, share)| share)
    }
}

/// The share of a tax a receiving actor keeps after income equalisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Equalisation {
    /// The actor receiving the tax items.
    pub receiver: usize,
    /// The share of the marginal tax it keeps, 0–1.
    pub kept_share: Decimal,
    /// The actor that in effect receives the rest.
    pub rest_to: usize,
    /// The cost items (indices into the model's costs) it applies to.
    pub items: Vec<usize>,
    /// The rule the share follows.
    pub rule: String,
    /// Where the share comes from.
    pub source: String,
}

/// Where a cost item applies.
#[derive(Debug, Clone, PartialEq)]
pub enum Applies {
    /// Every cycle a person spends in one of these states.
    States(Vec<usize>),
    /// Once per person moving from one of `from` to one of `to`.
    Transition {
        /// States left.
        from: Vec<usize>,
        /// States entered.
        to: Vec<usize>,
    },
}

/// A cost item of the catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct CostItem {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// Who pays and who receives it, and its kind.
    pub booking: Booking,
    /// Amount per person per cycle (already converted from its period).
    pub amount: Schedule,
    /// Where it applies.
    pub applies: Applies,
    /// The price year.
    pub price_year: i64,
    /// Where the amount comes from.
    pub source: String,
}

/// The unit an outcome is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Person-months.
    Month,
    /// Person-years.
    Year,
    /// Person-cycles.
    Cycle,
}

/// Which way an outcome measure is a gain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// More is better (months in work): the gain is `with − without`.
    Higher,
    /// Less is better (months on support): the gain is `without − with`, the months avoided.
    Lower,
}

/// An outcome measure: person-time in a set of states.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// The states counted.
    pub states: Vec<usize>,
    /// The weight of each of `states` per unit of person-time (a utility; 1 for plain
    /// person-time).
    pub weights: Vec<Schedule>,
    /// The unit.
    pub unit: Unit,
    /// Its discount rate.
    pub discount: DiscountRate,
    /// Which way is a gain.
    pub better: Better,
}

/// A validated model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Name.
    pub name: String,
    /// Months per cycle: 1 or 12.
    pub months_per_cycle: u32,
    /// How occupancy is counted in a cycle.
    pub counting: Counting,
    /// Whether the first year is discounted.
    pub discount_first_year: bool,
    /// The price year of the amounts.
    pub price_year: i64,
    /// Ways to divide the states; the first is the main one.
    pub groupings: Vec<Grouping>,
    /// Groups of states, of every grouping.
    pub groups: Vec<Group>,
    /// States.
    pub states: Vec<State>,
    /// Actors.
    pub actors: Vec<Actor>,
    /// One row per state; `None` means the state is absorbing (stays with probability 1).
    pub rows: Vec<Option<Row>>,
    /// Cost items.
    pub costs: Vec<CostItem>,
    /// Tax shares after income equalisation.
    pub equalisation: Vec<Equalisation>,
    /// Outcome measures.
    pub outcomes: Vec<Outcome>,
}

/// Who takes part in an intervention, per intake.
#[derive(Debug, Clone, PartialEq)]
pub enum Participants {
    /// A number of places.
    Count(Number),
    /// A share of the people in the target states.
    Share(Number),
}

/// A payment per participant, typed like a cost item.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    /// Who pays and receives it.
    pub booking: Booking,
    /// The amount per participant (per intake, or per month).
    pub amount: Number,
}

/// A cost that does not depend on the number of participants (project management, premises),
/// typed like a cost item.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedCost {
    /// What it pays for.
    pub label: Label,
    /// Who pays and receives it.
    pub booking: Booking,
    /// The amount in each projection year (0-based), for the years it is paid.
    pub by_year: Vec<(usize, Decimal)>,
}

/// One intake of an intervention.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// The month (0-based from the start of the projection) at whose start it is drawn.
    pub month: u32,
    /// How many are drawn.
    pub amount: Participants,
}

/// When and how many people an intervention takes in.
#[derive(Debug, Clone, PartialEq)]
pub enum Intake {
    /// Intakes at given months (one at the start, yearly, or a monthly schedule).
    Batches(Vec<Batch>),
    /// Places kept filled: at the start of every month of `months`, as many are taken in as
    /// have left, so that `places` are in the intervention.
    Places {
        /// Places kept filled.
        places: Decimal,
        /// Months (from the start) during which places are refilled.
        months: u32,
    },
}

/// When a participant outcome is observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObservedAt {
    /// A number of months after each participant's intake.
    MonthsAfterIntake(u32),
    /// At the start of this month of the projection (0-based), for everybody taken in by then.
    Month(u32),
}

/// A participant outcome observed for an intervention: the share of participants in `states`.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// Where participants count.
    pub states: Vec<usize>,
    /// The observed share, 0–1.
    pub share: Decimal,
    /// When.
    pub at: ObservedAt,
    /// The effect (index into the intervention's effects) calibration varies.
    pub effect: usize,
    /// Where it is written.
    pub location: Location,
}

/// A multiplier on transitions for participants.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    /// States left.
    pub from: Vec<usize>,
    /// States entered.
    pub to: Vec<usize>,
    /// The multiplier.
    pub multiplier: Number,
}

/// An intervention (insats).
#[derive(Debug, Clone, PartialEq)]
pub struct Intervention {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// States participants are drawn from.
    pub targets: Vec<usize>,
    /// When and how many are taken in.
    pub intake: Intake,
    /// Months in the intervention at most.
    pub duration_months: u32,
    /// States in which a participant is still in it.
    pub active_in: Vec<usize>,
    /// One-off costs per participant at intake.
    pub start_costs: Vec<Payment>,
    /// Costs per participant per month while in it.
    pub monthly_costs: Vec<Payment>,
    /// Costs independent of the number of participants.
    pub fixed_costs: Vec<FixedCost>,
    /// Effects while in it (and after, with `drop_off`).
    pub effects: Vec<Effect>,
    /// Participant outcomes observed.
    pub observed: Vec<Observed>,
    /// Share of the extra effect lost per year after the end; `None`: no effect after.
    pub drop_off: Option<Decimal>,
    /// Where it is written, for problems found only when it runs.
    pub location: Location,
}

/// The baseline or an alternative: a whole model strategy plus its interventions.
#[derive(Debug, Clone, PartialEq)]
pub struct Strategy {
    /// Identifier.
    pub id: String,
    /// Label.
    pub label: Label,
    /// The model as this strategy runs it.
    pub model: Model,
    /// Interventions.
    pub interventions: Vec<Intervention>,
    /// Costs of the alternative as a whole, beside its interventions' own.
    pub fixed_costs: Vec<FixedCost>,
}

/// A validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Name.
    pub name: String,
    /// Description, in Swedish and English.
    pub description: Option<Label>,
    /// The calendar month of the first cycle, as (year, month 1–12), if given.
    pub start_month: Option<(i32, u32)>,
    /// Years projected.
    pub horizon_years: u32,
    /// People per state at the start.
    pub start: Vec<Decimal>,
    /// New people per month, per state.
    pub inflow: Vec<(usize, Schedule)>,
    /// Discount rate for costs.
    pub discount_costs: DiscountRate,
    /// The baseline.
    pub baseline: Strategy,
    /// The alternatives compared with it.
    pub alternatives: Vec<Strategy>,
    /// Its parameters, their uncertainty, variants and the analyses' defaults.
    pub uncertainty: Uncertainty,
    /// The parameters a batch of draws varies, when validated for one.
    pub free: Option<Arc<FreeParameters>>,
}

impl Scenario {
    /// The model shared by all strategies for structure (states, actors, outcomes).
    pub fn model(&self) -> &Model {
        &self.baseline.model
    }

    /// The calendar month (year, month 1–12) of month `month` (0-based) of the projection, when
    /// the scenario gives its start date.
    pub fn calendar_month(&self, month: u32) -> Option<(i64, u32)> {
        Some(months_after(self.start_month?, i64::from(month)))
    }

    /// Number of cycles in the horizon.
    pub fn cycles(&self) -> usize {
        self.horizon_years as usize * 12 / self.model().months_per_cycle as usize
    }
}

mod probability;
mod uncertainty;
mod value;
pub use probability::{RowProblem, apply_multipliers, cycle_row};
pub use uncertainty::{Analysis, Joint, Parameter, Uncertainty, Variant};
pub use value::{Formula, FreeParameters, Number, Value};

impl Intervention {
    /// The multiplier on each transition out of `from` while in the intervention
    /// (several effects on the same transition multiply).
    pub fn multipliers_from<S: Value>(&self, from: usize) -> Vec<(usize, S)> {
        let mut out: Vec<(usize, S)> = Vec::new();
        for effect in self.effects.iter().filter(|e| e.from.contains(&from)) {
            let multiplier = S::of_number(&effect.multiplier);
            for &to in &effect.to {
                match out.iter_mut().find(|(t, _)| *t == to) {
                    Some((_, m)) => *m = m.saturating_mul(multiplier),
                    None => out.push((to, multiplier)),
                }
            }
        }
        out
    }

    /// The total its effects push the row from `from` to, in the first cycle where it exceeds 1
    /// (the row's distinct cycles are checked); `None` when the row stays within [0, 1] or has
    /// no "rest" entry to take up the change.
    pub fn row_past_one(&self, model: &Model, from: usize) -> Option<Decimal> {
        let touched = self.multipliers_from::<Decimal>(from);
        let row = model.rows[from].as_ref().filter(|r| !touched.is_empty() && r.rest.is_some())?;
        let factor = |to: usize| touched.iter().find(|(t, _)| *t == to).map_or(Decimal::ONE, |(_, m)| *m);
        distinct_cycles(row.entries.iter().map(|(_, s)| s), model.months_per_cycle).into_iter().find_map(|cycle| {
            let mut probabilities = cycle_row::<Decimal>(row, from, cycle, model.months_per_cycle).ok()?;
            match apply_multipliers(&mut probabilities, true, factor) {
                Err(RowProblem::EffectAboveOne(total)) => Some(total),
                _ => None,
            }
        })
    }

    /// The multipliers in the `years`-th year after the intervention's scheduled end (1 for the
    /// first year after it): the extra
    /// effect `m − 1` shrinks by the drop-off each year. `None` when no effect lasts.
    pub fn multipliers_after<S: Value>(&self, from: usize, years: u32) -> Option<Vec<(usize, S)>> {
        let keep = Decimal::ONE.checked_sub(self.drop_off?)?;
        let factor = S::from_decimal(keep.checked_powi(i64::from(years))?);
        self.multipliers_from::<S>(from)
            .into_iter()
            .map(|(to, m)| Some((to, S::ONE.add(m.sub(S::ONE)?.mul(factor)?)?)))
            .collect()
    }
}
