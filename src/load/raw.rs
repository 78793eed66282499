//! The file formats as written: serde types that keep the source span of every value.
//!
//! Nothing here is checked beyond TOML types and known keys; [`crate::validate`] turns these
//! into the domain model and reports every broken rule with its location.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A value that may be a number, the word `"rest"`, or a table by year or by cycle.
pub type RawValue = Spanned<toml::Value>;
/// A list of state or group ids.
pub type RawIds = Spanned<Vec<Spanned<String>>>;
/// A table of ids to values (a row's targets, people per state, rates per outcome), keeping
/// the span of every key as the parser saw it.
pub type RawTable = Spanned<BTreeMap<Spanned<String>, RawValue>>;

/// A model file (`models/*.toml`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    /// Name and conventions.
    pub model: RawModelSection,
    /// Groupings besides the main one: ways to divide the states for reporting.
    #[serde(default)]
    pub groupings: Vec<RawGrouping>,
    /// Groups of states, for reporting.
    #[serde(default)]
    pub groups: Vec<RawGroup>,
    /// The states of the chain.
    pub states: Vec<RawState>,
    /// Who pays and receives.
    pub actors: Vec<RawActor>,
    /// One row of transition probabilities per state.
    #[serde(default)]
    pub transitions: Vec<RawRow>,
    /// The cost catalogue.
    #[serde(default)]
    pub costs: Vec<RawCost>,
    /// Tax shares after income equalisation.
    #[serde(default)]
    pub equalisation: Vec<RawEqualisation>,
    /// Outcome measures (person-time in a set of states).
    #[serde(default)]
    pub outcomes: Vec<RawOutcome>,
    /// Named parameters formulas refer to, with their uncertainty.
    #[serde(default)]
    pub parameters: Vec<RawParameter>,
    /// Joint distributions over several parameters.
    #[serde(default)]
    pub correlated: Vec<RawCorrelated>,
    /// Banded lookup tables formulas call (mortality by age band, …).
    #[serde(default)]
    pub tables: Vec<RawLookup>,
}

/// A `[[parameters]]` entry: a named number or formula, optionally uncertain.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawParameter {
    /// Identifier, used by name in formulas.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Swedish label.
    #[serde(default)]
    pub label: Option<String>,
    /// English label.
    #[serde(default)]
    pub label_en: Option<String>,
    /// A number or a formula.
    #[schemars(with = "json::Number")]
    pub value: RawValue,
    /// The low end of its range for one-way sensitivity.
    #[serde(default)]
    #[schemars(with = "json::Number")]
    pub low: Option<RawValue>,
    /// The high end of its range for one-way sensitivity.
    #[serde(default)]
    #[schemars(with = "json::Number")]
    pub high: Option<RawValue>,
    /// Its distribution for the probabilistic analysis: `{ kind = "beta", mean = 0.2, sd = 0.05 }`.
    #[serde(default)]
    #[schemars(with = "json::Distribution")]
    pub distribution: Option<RawValue>,
    /// Where the value comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// A `[[correlated]]` entry: a joint distribution over several parameters.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCorrelated {
    /// `"multinormal"` or `"dirichlet"`.
    #[schemars(with = "json::JointKind")]
    pub kind: Spanned<String>,
    /// The parameters it draws, in order.
    #[schemars(with = "Vec<String>")]
    pub parameters: RawIds,
    /// The covariance matrix (multinormal); the mean is the parameters' values.
    #[serde(default)]
    #[schemars(with = "Vec<Vec<f64>>")]
    pub covariance: Option<RawValue>,
    /// The counts (dirichlet).
    #[serde(default)]
    #[schemars(with = "Vec<f64>")]
    pub counts: Option<RawValue>,
    /// Where the distribution comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// A `[[tables]]` entry: values by band of a variable (age, year, …).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLookup {
    /// Identifier, called like a function in formulas.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The bands, `from` strictly ascending.
    #[schemars(with = "Vec<RawBand>")]
    pub bands: Spanned<Vec<RawBand>>,
    /// Where the values come from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// One band of a [`RawLookup`].
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    /// The lowest value of the variable in the band.
    #[schemars(with = "json::Number")]
    pub from: RawValue,
    /// The value in the band.
    #[schemars(with = "json::Number")]
    pub value: RawValue,
}

/// A whole-strategy multiplier on transitions (`[[baseline.multipliers]]`,
/// `[[alternatives.multipliers]]`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMultiplier {
    /// States or groups the transitions leave.
    #[schemars(with = "Vec<String>")]
    pub from: RawIds,
    /// States or groups the transitions enter.
    #[schemars(with = "Vec<String>")]
    pub to: RawIds,
    /// The multiplier: a number or a formula (may vary with time).
    #[schemars(with = "json::Number")]
    pub multiplier: RawValue,
    /// Where it comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// A `[[variants]]` entry: a named case that sets parameters.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    /// Identifier.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Swedish label.
    pub label: String,
    /// English label.
    #[serde(default)]
    pub label_en: Option<String>,
    /// Parameter id → value.
    #[schemars(with = "BTreeMap<String, json::Number>")]
    pub values: RawTable,
    /// Why these values.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// The `[analysis]` table: defaults of the sensitivity and probabilistic analyses.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAnalysis {
    /// The perspective the analyses rank by: an actor id, `"public"` or `"society"`.
    #[serde(default)]
    #[schemars(with = "String")]
    pub perspective: Option<Spanned<String>>,
    /// The outcome measure for cost-effectiveness.
    #[serde(default)]
    #[schemars(with = "String")]
    pub outcome: Option<Spanned<String>>,
    /// Willingness to pay per unit of the outcome, for the acceptability curve.
    #[serde(default)]
    #[schemars(with = "Vec<f64>")]
    pub willingness_to_pay: Option<Spanned<Vec<Spanned<f64>>>>,
}

/// A `[[groupings]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGrouping {
    /// Identifier.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Swedish label.
    pub label: String,
    /// English label (defaults to the Swedish one).
    #[serde(default)]
    pub label_en: Option<String>,
}

/// An `[[equalisation]]` entry: the share of a tax its receiver keeps.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEqualisation {
    /// The actor receiving the tax items.
    #[schemars(with = "String")]
    pub receiver: Spanned<String>,
    /// The share of the marginal tax it keeps.
    #[schemars(with = "f64", range(min = 0.0, max = 1.0))]
    pub kept_share: Spanned<f64>,
    /// The actor that in effect receives the rest.
    #[schemars(with = "String")]
    pub rest_to: Spanned<String>,
    /// The cost items it applies to.
    #[schemars(with = "Vec<String>")]
    pub items: RawIds,
    /// The rule the share follows.
    #[schemars(with = "String")]
    pub rule: Spanned<String>,
    /// Where the share comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// An `[[overrides.equalisation]]` entry: a scenario's own kept share.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEqualisationShare {
    /// The actor whose kept share is set.
    #[schemars(with = "String")]
    pub receiver: Spanned<String>,
    /// The share of the marginal tax it keeps.
    #[schemars(with = "f64", range(min = 0.0, max = 1.0))]
    pub kept_share: Spanned<f64>,
    /// Where the share comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// The `[model]` table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawModelSection {
    /// The model's name.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// A longer description.
    #[serde(default)]
    pub description: Option<String>,
    /// `"month"` or `"year"`.
    #[schemars(with = "json::Cycle")]
    pub cycle: Spanned<String>,
    /// `"start"`, `"end"` or `"life-table"`.
    #[schemars(with = "json::Counting")]
    pub counting: Spanned<String>,
    /// Whether the first year is discounted (default false).
    #[serde(default)]
    #[schemars(with = "bool")]
    pub discount_first_year: Option<Spanned<bool>>,
    /// The price year the amounts are expressed in.
    #[schemars(with = "i64", range(min = 1900, max = 2200))]
    pub price_year: Spanned<i64>,
    /// Where the model's structure comes from.
    #[serde(default)]
    pub source: Option<String>,
}

/// Settings of `[model]` a scenario may override.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawModelSettings {
    /// Overrides the counting convention.
    #[serde(default)]
    #[schemars(with = "json::Counting")]
    pub counting: Option<Spanned<String>>,
    /// Overrides whether the first year is discounted.
    #[serde(default)]
    #[schemars(with = "bool")]
    pub discount_first_year: Option<Spanned<bool>>,
}

/// A `[[groups]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    /// Identifier.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The grouping it belongs to; absent means the main grouping.
    #[serde(default)]
    #[schemars(with = "String")]
    pub grouping: Option<Spanned<String>>,
    /// Swedish label.
    pub label: String,
    /// English label (defaults to the Swedish one).
    #[serde(default)]
    pub label_en: Option<String>,
    /// Its states, besides those naming it in their `group`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub states: Option<RawIds>,
    /// What a case system writes for the group in a population CSV (a need category's
    /// number, e.g. `"2"`); unique within its grouping.
    #[serde(default)]
    #[schemars(with = "String")]
    pub code: Option<Spanned<String>>,
    /// The months on support the group covers in a population CSV, inclusive: `[7, 12]`, or
    /// `[25]` for 25 and more; the ranges of one grouping do not overlap.
    #[serde(default)]
    #[schemars(with = "Vec<i64>", length(min = 1, max = 2))]
    pub months: Option<Spanned<Vec<Spanned<i64>>>>,
}

/// A `[[states]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawState {
    /// Identifier.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Swedish label.
    pub label: String,
    /// English label.
    #[serde(default)]
    pub label_en: Option<String>,
    /// The group it is reported under.
    #[serde(default)]
    #[schemars(with = "String")]
    pub group: Option<Spanned<String>>,
}

/// An `[[actors]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    /// Identifier.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Swedish label.
    pub label: String,
    /// English label.
    #[serde(default)]
    pub label_en: Option<String>,
    /// Whether the actor belongs to the public sector.
    pub public: bool,
    /// Why the actor is there (required in a scenario).
    #[serde(default)]
    #[schemars(with = "String")]
    pub source: Option<Spanned<String>>,
}

/// A `[[transitions]]` row.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRow {
    /// The state the row leaves.
    #[schemars(with = "String")]
    pub from: Spanned<String>,
    /// `"cycle"` (default), `"month"` or `"year"`: the period the probabilities are for.
    #[serde(default)]
    #[schemars(with = "json::Per")]
    pub per: Option<Spanned<String>>,
    /// Target state → probability, `"rest"`, or a table by year or by cycle.
    #[schemars(with = "BTreeMap<String, json::Probability>")]
    pub to: RawTable,
    /// Where the probabilities come from.
    #[serde(default)]
    pub source: Option<String>,
}

/// A `[[costs]]` item.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCost {
    /// Identifier.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Swedish label.
    pub label: String,
    /// English label.
    #[serde(default)]
    pub label_en: Option<String>,
    /// The actor who pays.
    #[serde(default)]
    #[schemars(with = "String")]
    pub payer: Option<Spanned<String>>,
    /// The actor who receives (a transfer, or the receiver of production).
    #[serde(default)]
    #[schemars(with = "String")]
    pub receiver: Option<Spanned<String>>,
    /// `"transfer"`, `"resource"` or `"production"`.
    #[schemars(with = "json::Kind")]
    pub kind: Spanned<String>,
    /// The amount per person: a number or a table by year or by cycle.
    #[schemars(with = "json::Schedule")]
    pub amount: RawValue,
    /// `"cycle"` (default), `"month"` or `"year"`: the period the amount is for.
    #[serde(default)]
    #[schemars(with = "json::Per")]
    pub per: Option<Spanned<String>>,
    /// States or groups in which a person incurs the amount every cycle.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub states: Option<RawIds>,
    /// A one-off amount per person moving between these states instead.
    #[serde(default)]
    pub on_transition: Option<RawTransitionSelector>,
    /// The price year of the amount.
    #[schemars(with = "i64", range(min = 1900, max = 2200))]
    pub price_year: Spanned<i64>,
    /// Where the amount comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// The `on_transition` table of a cost item.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTransitionSelector {
    /// States or groups moved from.
    #[schemars(with = "Vec<String>")]
    pub from: RawIds,
    /// States or groups moved to.
    #[schemars(with = "Vec<String>")]
    pub to: RawIds,
}

/// An `[[outcomes]]` measure.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    /// Identifier.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Swedish label.
    pub label: String,
    /// English label.
    #[serde(default)]
    pub label_en: Option<String>,
    /// States or groups counted.
    #[schemars(with = "Vec<String>")]
    pub states: RawIds,
    /// `"month"` (default), `"year"` or `"cycle"`.
    #[serde(default)]
    #[schemars(with = "json::Unit")]
    pub unit: Option<Spanned<String>>,
    /// Discount rate (default 0), a number or a schedule.
    #[serde(default)]
    #[schemars(with = "json::Rate")]
    pub discount_rate: Option<RawValue>,
    /// Which way is a gain: `"higher"` (more is better, e.g. months in work) or `"lower"`
    /// (fewer is better, e.g. months on support).
    #[serde(default)]
    #[schemars(with = "json::Better")]
    pub better: Option<Spanned<String>>,
    /// State → weight of its person-time (a utility, a number or formula); unlisted states of
    /// `states` weigh 1.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, json::Number>")]
    pub weights: Option<RawTable>,
}

/// A scenario file (`scenarios/*.toml`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Name, model and horizon.
    pub scenario: RawScenarioSection,
    /// Starting population and inflow.
    pub population: RawPopulation,
    /// Discount rates.
    pub discounting: RawDiscounting,
    /// Actors added to the model's (e.g. an EU fund).
    #[serde(default)]
    pub actors: Vec<RawActor>,
    /// Changes to the model for every alternative, the baseline included.
    #[serde(default)]
    pub overrides: Option<RawOverrides>,
    /// The baseline's label.
    #[serde(default)]
    pub baseline: Option<RawBaseline>,
    /// The alternatives compared with the baseline.
    #[schemars(with = "Vec<RawAlternative>")]
    pub alternatives: Spanned<Vec<RawAlternative>>,
    /// Parameters replacing the model's with the same id, or added.
    #[serde(default)]
    pub parameters: Vec<RawParameter>,
    /// Joint distributions over several parameters.
    #[serde(default)]
    pub correlated: Vec<RawCorrelated>,
    /// Named cases run beside the base case.
    #[serde(default)]
    pub variants: Vec<RawVariant>,
    /// Defaults of the sensitivity and probabilistic analyses.
    #[serde(default)]
    pub analysis: Option<RawAnalysis>,
}

/// The `[scenario]` table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenarioSection {
    /// The scenario's name.
    pub name: String,
    /// A longer description (Swedish, or the only one).
    #[serde(default)]
    pub description: Option<String>,
    /// The description in English (default: `description`).
    #[serde(default)]
    pub description_en: Option<String>,
    /// Path of the model file, relative to the scenario file.
    #[schemars(with = "String")]
    pub model: Spanned<String>,
    /// The calendar date of the start of the first cycle.
    #[serde(default)]
    #[schemars(with = "json::Date")]
    pub start_date: Option<Spanned<toml::value::Datetime>>,
    /// Years projected.
    #[schemars(with = "i64", range(min = 1, max = 200))]
    pub horizon_years: Spanned<i64>,
}

/// The `[population]` table: `start` or `start_csv`, and optionally `inflow` or `inflow_csv`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPopulation {
    /// State → people at the start.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, json::Number>")]
    pub start: Option<RawTable>,
    /// Instead of `start`: a CSV of households per need category and months on support, its
    /// path relative to the scenario file.
    #[serde(default)]
    #[schemars(with = "String")]
    pub start_csv: Option<Spanned<String>>,
    /// State → new people per month (a number or a table by year or by cycle).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, json::Schedule>")]
    pub inflow: Option<RawTable>,
    /// Instead of `inflow`: a CSV of new households per month by need category and months on
    /// support, its path relative to the scenario file.
    #[serde(default)]
    #[schemars(with = "String")]
    pub inflow_csv: Option<Spanned<String>>,
    /// Where the figures come from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// The `[discounting]` table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDiscounting {
    /// Rate for costs: a number or `{ bands = [...] }`.
    #[schemars(with = "json::Rate")]
    pub costs: RawValue,
    /// Outcome id → rate, overriding the model's.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, json::Rate>")]
    pub outcomes: Option<RawTable>,
    /// Where the rate comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// The `[overrides]` table.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOverrides {
    /// Settings of `[model]`.
    #[serde(default)]
    pub model: Option<RawModelSettings>,
    /// Rows replacing the model's rows with the same `from`.
    #[serde(default)]
    pub transitions: Vec<RawRow>,
    /// Cost items replacing the model's items with the same id, or added.
    #[serde(default)]
    pub costs: Vec<RawCost>,
    /// Kept tax shares replacing the model's for the same receiver.
    #[serde(default)]
    pub equalisation: Vec<RawEqualisationShare>,
}

/// The `[baseline]` table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBaseline {
    /// Swedish label.
    pub label: String,
    /// English label.
    #[serde(default)]
    pub label_en: Option<String>,
    /// Multipliers on transitions for everybody in the baseline.
    #[serde(default)]
    pub multipliers: Vec<RawMultiplier>,
}

/// An `[[alternatives]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAlternative {
    /// Identifier.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Swedish label.
    pub label: String,
    /// English label.
    #[serde(default)]
    pub label_en: Option<String>,
    /// Rows replacing the model's rows with the same `from` (a strategy).
    #[serde(default)]
    pub transitions: Vec<RawRow>,
    /// Cost items replacing the model's items with the same id, or added.
    #[serde(default)]
    pub costs: Vec<RawCost>,
    /// Interventions given to participants.
    #[serde(default)]
    pub interventions: Vec<RawIntervention>,
    /// Costs of the alternative as a whole.
    #[serde(default)]
    pub fixed_cost: Vec<RawFixedCost>,
    /// Multipliers on transitions for everybody in the alternative.
    #[serde(default)]
    pub multipliers: Vec<RawMultiplier>,
}

/// An `[[alternatives.interventions]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawIntervention {
    /// Identifier.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Swedish label.
    pub label: String,
    /// English label.
    #[serde(default)]
    pub label_en: Option<String>,
    /// States or groups participants are drawn from.
    #[schemars(with = "Vec<String>")]
    pub targets: RawIds,
    /// Number of participants per intake (a number or a formula of parameters).
    #[serde(default)]
    #[schemars(with = "json::Number")]
    pub participants: Option<RawValue>,
    /// Share of the target states' occupancy per intake (a number or a formula of parameters).
    #[serde(default)]
    #[schemars(with = "json::Number")]
    pub share: Option<RawValue>,
    /// `"start"` (default), `"yearly"`, `"monthly"` or `"places"`.
    #[serde(default)]
    #[schemars(with = "json::IntakeKind")]
    pub intake: Option<Spanned<String>>,
    /// Number of yearly intakes (with `intake = "yearly"`).
    #[serde(default)]
    #[schemars(with = "i64", range(min = 1, max = 200))]
    pub intake_years: Option<Spanned<i64>>,
    /// Participants taken in at the start of each month (with `intake = "monthly"`).
    #[serde(default)]
    #[schemars(with = "Vec<f64>")]
    pub schedule: Option<Spanned<Vec<Spanned<f64>>>>,
    /// Places kept filled (with `intake = "places"`).
    #[serde(default)]
    #[schemars(with = "f64", range(min = 0.0, max = 1_000_000_000.0))]
    pub places: Option<Spanned<f64>>,
    /// Months during which places are refilled (with `intake = "places"`).
    #[serde(default)]
    #[schemars(with = "i64", range(min = 1))]
    pub fill_months: Option<Spanned<i64>>,
    /// Months a participant is in the intervention at most.
    #[schemars(with = "i64", range(min = 1, max = 2400))]
    pub duration_months: Spanned<i64>,
    /// States or groups in which a participant counts as still in it.
    #[schemars(with = "Vec<String>")]
    pub active_in: RawIds,
    /// One-off costs per participant at intake.
    #[serde(default)]
    pub start_cost: Vec<RawPayment>,
    /// Costs per participant per month while in it.
    #[serde(default)]
    pub monthly_cost: Vec<RawPayment>,
    /// Costs independent of the number of participants.
    #[serde(default)]
    pub fixed_cost: Vec<RawFixedCost>,
    /// Participant outcomes observed, for the report and for calibration.
    #[serde(default)]
    pub observed: Vec<RawObserved>,
    /// Multipliers on transitions for participants.
    #[serde(default)]
    pub effects: Vec<RawEffect>,
    /// Whether and how the effect lasts after the intervention.
    #[serde(default)]
    pub after: Option<RawAfter>,
    /// Where the intervention's figures come from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// A payment of an intervention per participant.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPayment {
    /// The actor who pays.
    #[serde(default)]
    #[schemars(with = "String")]
    pub payer: Option<Spanned<String>>,
    /// The actor who receives (a transfer).
    #[serde(default)]
    #[schemars(with = "String")]
    pub receiver: Option<Spanned<String>>,
    /// `"resource"`, `"transfer"` or `"production"`.
    #[schemars(with = "json::Kind")]
    pub kind: Spanned<String>,
    /// Amount per participant (a number or a formula of parameters).
    #[schemars(with = "json::Number")]
    pub amount: RawValue,
    /// Price year.
    #[schemars(with = "i64", range(min = 1900, max = 2200))]
    pub price_year: Spanned<i64>,
    /// Where the amount comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// A fixed cost of an intervention or an alternative.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFixedCost {
    /// What it pays for (Swedish).
    #[serde(default)]
    pub label: Option<String>,
    /// What it pays for (English).
    #[serde(default)]
    pub label_en: Option<String>,
    /// The actor who pays.
    #[serde(default)]
    #[schemars(with = "String")]
    pub payer: Option<Spanned<String>>,
    /// The actor who receives (a transfer).
    #[serde(default)]
    #[schemars(with = "String")]
    pub receiver: Option<Spanned<String>>,
    /// `"resource"`, `"transfer"` or `"production"`.
    #[schemars(with = "json::Kind")]
    pub kind: Spanned<String>,
    /// The amount per period, or once.
    #[schemars(with = "f64")]
    pub amount: Spanned<f64>,
    /// `"year"`, `"month"` or `"once"`.
    #[schemars(with = "json::FixedPer")]
    pub per: Spanned<String>,
    /// First and last projection year (with `per = "year"` or `"month"`).
    #[serde(default)]
    #[schemars(with = "Vec<i64>", length(equal = 2))]
    pub years: Option<Spanned<Vec<Spanned<i64>>>>,
    /// The projection year of a one-off cost (with `per = "once"`).
    #[serde(default)]
    #[schemars(with = "i64")]
    pub year: Option<Spanned<i64>>,
    /// Price year.
    #[schemars(with = "i64", range(min = 1900, max = 2200))]
    pub price_year: Spanned<i64>,
    /// Where the amount comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// A participant outcome observed for an intervention.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawObserved {
    /// States or groups where participants count.
    #[schemars(with = "Vec<String>")]
    pub states: RawIds,
    /// The observed share of participants there.
    #[schemars(with = "f64", range(min = 0.0, max = 1.0))]
    pub share: Spanned<f64>,
    /// The calendar date of the observation (needs `[scenario] start_date`).
    #[serde(default)]
    #[schemars(with = "json::Date")]
    pub date: Option<Spanned<toml::value::Datetime>>,
    /// Months after each participant's intake.
    #[serde(default)]
    #[schemars(with = "i64")]
    pub months_after_intake: Option<Spanned<i64>>,
    /// The effect (1-based) calibration varies.
    #[serde(default)]
    #[schemars(with = "i64", range(min = 1))]
    pub effect: Option<Spanned<i64>>,
    /// Where the figure comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// An effect of an intervention.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEffect {
    /// States or groups the transitions leave.
    #[schemars(with = "Vec<String>")]
    pub from: RawIds,
    /// States or groups the transitions enter.
    #[schemars(with = "Vec<String>")]
    pub to: RawIds,
    /// Multiplier on the probability (a number or a formula of parameters).
    #[schemars(with = "json::Number")]
    pub multiplier: RawValue,
    /// Where the effect comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// The `after` table of an intervention.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAfter {
    /// Share of the remaining extra effect lost per year after the intervention ends.
    #[schemars(with = "f64", range(min = 0.0, max = 1.0))]
    pub drop_off: Spanned<f64>,
    /// Where the drop-off comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
}

/// Schema-only types for the JSON Schema of the file formats ([`crate::schema`]): the values a
/// key takes, where the serde type above is looser (a [`toml::Value`], a string). Nothing
/// deserialises into them.
mod json {
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    /// A schema-only type: its name in `$defs` and its schema.
    macro_rules! schema_type {
        ($(#[doc = $doc:literal])* $name:ident, $generator:ident => $schema:expr) => {
            $(#[doc = $doc])*
            pub struct $name;

            impl JsonSchema for $name {
                fn schema_name() -> Cow<'static, str> {
                    stringify!($name).into()
                }

                fn json_schema($generator: &mut SchemaGenerator) -> Schema {
                    $schema
                }
            }
        };
    }

    /// A string keyword: one of a fixed list of words, described by `$description`.
    macro_rules! keyword {
        ($name:ident, $description:literal: $($word:literal),+) => {
            schema_type!(#[doc = $description] $name, _generator => json_schema!({
                "type": "string",
                "enum": [$($word),+],
                "description": $description,
            }));
        };
    }

    keyword!(Cycle, "The cycle length.": "month", "year");
    keyword!(Counting, "How occupancy is counted within a cycle.": "start", "end", "life-table");
    keyword!(Per, "The period a probability or amount is for.": "cycle", "month", "year");
    keyword!(FixedPer, "The period of a fixed cost.": "year", "month", "once");
    keyword!(Kind, "The kind of a cost: who may pay and receive it, and whether it counts for society.": "transfer", "resource", "production");
    keyword!(Unit, "The unit an outcome measure is counted in.": "month", "year", "cycle");
    keyword!(Better, "Which way an outcome measure is a gain.": "higher", "lower");
    keyword!(IntakeKind, "How an intervention takes participants in.": "start", "yearly", "monthly", "places");
    keyword!(JointKind, "A joint distribution over several parameters.": "multinormal", "dirichlet");

    schema_type!(
        /// A distribution of an uncertain parameter.
        Distribution, _generator => json_schema!({
            "type": "object",
            "description": "A distribution: { kind = \"beta\", mean = 0.2, sd = 0.05 }; kinds fixed, uniform (min, max), triangular and pert (min, mode, max), beta (alpha, beta | mean, sd), gamma (shape, scale | mean, sd), lognormal (mu, sigma | mean, sd), normal (mean, sd).",
            "properties": {
                "kind": { "type": "string", "enum": ["fixed", "uniform", "triangular", "pert", "beta", "gamma", "lognormal", "normal"] },
                "min": { "type": "number" },
                "mode": { "type": "number" },
                "max": { "type": "number" },
                "alpha": { "type": "number" },
                "beta": { "type": "number" },
                "shape": { "type": "number" },
                "scale": { "type": "number" },
                "mu": { "type": "number" },
                "sigma": { "type": "number" },
                "mean": { "type": "number" },
                "sd": { "type": "number" },
            },
            "required": ["kind"],
            "additionalProperties": false,
        })
    );

    schema_type!(
        /// A TOML date without time, e.g. `2025-01-01`.
        Date, _generator => json_schema!({
            "type": "string",
            "format": "date",
            "description": "A TOML date without time, e.g. 2025-01-01.",
        })
    );

    schema_type!(
        /// A number: an integer, a float or an exact fraction written as a string.
        Number, _generator => json_schema!({
            "description": "A number: an integer (120), a float (0.035), or a formula as a string: an exact fraction (\"350/1734\") or an expression of parameters (\"1 - exp(-rate * t)\").",
            "anyOf": [
                { "type": "number" },
                { "type": "string" },
            ],
        })
    );

    schema_type!(
        /// A number, or a schedule by year or by cycle whose last value repeats.
        Schedule, generator => {
            let number = generator.subschema_for::<Number>();
            let list = |longest: u32| json_schema!({ "type": "array", "items": number, "minItems": 1, "maxItems": longest });
            json_schema!({
                "description": "A number, { by_year = [v0, v1, …] } or { by_cycle = [v0, v1, …] }; the last value repeats.",
                "anyOf": [
                    number,
                    {
                        "type": "object",
                        "properties": { "by_year": list(200) },
                        "required": ["by_year"],
                        "additionalProperties": false,
                    },
                    {
                        "type": "object",
                        "properties": { "by_cycle": list(2400) },
                        "required": ["by_cycle"],
                        "additionalProperties": false,
                    },
                ],
            })
        }
    );

    schema_type!(
        /// A transition probability: a number, a schedule, or `"rest"`.
        Probability, generator => {
            let schedule = generator.subschema_for::<Schedule>();
            json_schema!({
                "description": "A probability 0–1 (a number, a fraction or a schedule), or \"rest\": 1 − the row's other entries.",
                "anyOf": [
                    { "const": "rest" },
                    schedule,
                ],
            })
        }
    );

    schema_type!(
        /// A discount rate: a number, or bands of years with their own rates.
        Rate, generator => {
            let number = generator.subschema_for::<Number>();
            json_schema!({
                "description": "A rate (0.035 = 3.5 %), or { bands = [{ from_year = 0, rate = 0.035 }, { from_year = 31, rate = 0.03 }] }.",
                "anyOf": [
                    number,
                    {
                        "type": "object",
                        "properties": {
                            "bands": {
                                "type": "array",
                                "minItems": 1,
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "from_year": { "type": "integer", "minimum": 0 },
                                        "rate": number,
                                    },
                                    "required": ["from_year", "rate"],
                                    "additionalProperties": false,
                                },
                            },
                        },
                        "required": ["bands"],
                        "additionalProperties": false,
                    },
                ],
            })
        }
    );
}
