//! Rules of a scenario file: population, horizon, discounting, alternatives, interventions.

use super::model::{self, ModelInput, Names};
use super::parameters::{Reader, Scope, Written};
use super::problems::{Ids, Problems};
use super::{intake, money, values};
use crate::diagnostic::{FileId, Location};
use crate::domain::{Effect, Intake, Intervention, Label, Model, Number, Participants, Scenario, Schedule, Strategy};
use crate::load::Loaded;
use crate::load::population::Counts;
use crate::load::raw::{RawAlternative, RawIntervention, RawScenario, RawTable};
use rust_decimal::Decimal;
use toml::Spanned;

/// The longest horizon accepted, in years.
pub const MAX_HORIZON_YEARS: i64 = 200;
/// The most alternatives one scenario may compare with its baseline.
pub const MAX_ALTERNATIVES: usize = 50;
/// The most people accepted in one state at the start or per month of inflow.
pub const MAX_PEOPLE: i64 = 1_000_000_000;

/// Validates the whole scenario.
pub fn scenario(loaded: &Loaded, changes: super::Changes, problems: &mut Problems) -> Option<Scenario> {
    let raw = &loaded.scenario;
    let file = loaded.scenario_file;
    let overrides = raw.overrides.clone().unwrap_or_default();
    let horizon_years = horizon(file, &raw.scenario.horizon_years, problems);
    let written = parameters_in_force(loaded);
    let tables: Vec<_> = loaded.model.tables.iter().map(|t| (loaded.model_file, t)).collect();
    let months = model::months_of(&loaded.model);
    let cycles = horizon_years.unwrap_or(1) as usize * 12 / months as usize;
    let mut scope = Scope::new(&loaded.sources, (&written, &tables), (months, cycles), changes, problems);
    if changes.free {
        scope.keep_formulas(&super::uncertainty::drawn(loaded, &written));
    }
    let reader = Reader { sources: &loaded.sources, scope: &scope };
    let mut base_input = ModelInput::new(&loaded.sources, loaded.model_file, &loaded.model, &scope);
    base_input.settings = overrides.model.as_ref().map(|s| (file, s));
    base_input.replace(file, &overrides.transitions, &overrides.costs);
    base_input.extra_actors = model::scenario_actors(file, &loaded.model, &raw.actors, problems);
    base_input.kept_shares = overrides.equalisation.iter().map(|e| (file, e)).collect();
    // What does not depend on the model is checked even when the model is broken.
    let start_month = raw.scenario.start_date.as_ref().and_then(|d| intake::start_month(file, d, problems));
    model::source(file, &raw.population.source, problems);
    let discount_costs = model::discount((reader, file), &raw.discounting.costs, problems);
    model::source(file, &raw.discounting.source, problems);
    alternatives_listed(file, raw, problems);
    let (base_model, names) = model::model(&base_input, problems)?;
    if let (Some(rate), Some(years)) = (&discount_costs, horizon_years) {
        discounting_fits(file, raw.discounting.costs.span(), rate, years, base_model.discount_first_year, problems);
    }
    let start = start(loaded, &base_model, &names, problems);
    let inflow = inflow(loaded, &base_model, &names, problems);
    population_not_empty(file, raw, &start, &inflow, problems);
    let base_model = outcome_rates((reader, file), raw, base_model, problems);
    if let Some(years) = horizon_years {
        outcome_discounting_fits(loaded, &base_model, years, problems);
    }
    let baseline_label = raw.baseline.as_ref().map_or_else(
        || Label { sv: "Utan insats".into(), en: "Without intervention".into() },
        |b| model::label(&b.label, &b.label_en),
    );
    let baseline_multipliers = raw.baseline.as_ref().map_or(&[][..], |b| &b.multipliers[..]);
    let baseline = Strategy {
        id: "baseline".into(),
        label: baseline_label,
        model: super::strategy::multiplied((reader, file), base_model.clone(), baseline_multipliers, &names, problems)?,
        interventions: vec![],
        fixed_costs: vec![],
    };
    // A run in f64 is one of an analysis' many runs of files already validated: it needs the
    // comparisons, not the declarations (a Cholesky factor, quantiles) again; a run for a batch
    // of draws reads them once.
    let uncertainty = if scope.is_exact() || changes.free {
        super::uncertainty::uncertainty(loaded, (&written, &scope, &changes), &base_model, problems)
    } else {
        crate::domain::Uncertainty::default()
    };
    let alternatives: Vec<Option<Strategy>> = raw
        .alternatives
        .get_ref()
        .iter()
        .take(MAX_ALTERNATIVES)
        .map(|alt| {
            let context = Context { start: start.as_deref(), horizon: horizon_years, start_month, reader };
            alternative(loaded, &base_input, &base_model, alt, &context, problems)
        })
        .collect();
    Some(Scenario {
        name: raw.scenario.name.clone(),
        description: raw
            .scenario
            .description
            .as_ref()
            .map(|sv| Label { sv: sv.clone(), en: raw.scenario.description_en.clone().unwrap_or_else(|| sv.clone()) }),
        start_month,
        horizon_years: horizon_years?,
        start: start?,
        inflow: inflow?,
        discount_costs: discount_costs?,
        baseline,
        alternatives: alternatives.into_iter().collect::<Option<_>>()?,
        uncertainty,
        free: scope.free_parameters().map(std::sync::Arc::new),
    })
}

/// The model's parameters, each replaced by the scenario's with the same id, then the
/// scenario's others.
fn parameters_in_force(loaded: &Loaded) -> Vec<Written<'_>> {
    let mut list: Vec<(crate::diagnostic::FileId, &crate::load::raw::RawParameter)> =
        loaded.model.parameters.iter().map(|p| (loaded.model_file, p)).collect();
    model::replace_by_key(&mut list, loaded.scenario_file, &loaded.scenario.parameters, |p| p.id.get_ref());
    list.into_iter().map(|(file, raw)| Written { file, raw }).collect()
}

/// What every alternative's interventions are checked against.
#[derive(Clone, Copy)]
struct Context<'a> {
    /// People per state at the start, when valid.
    start: Option<&'a [Decimal]>,
    /// Years projected, when valid.
    horizon: Option<u32>,
    /// The calendar month of the first cycle, when given.
    start_month: Option<(i32, u32)>,
    /// Reads numbers and formulas.
    reader: Reader<'a>,
}

fn alternatives_listed(file: FileId, raw: &RawScenario, problems: &mut Problems) {
    Ids::new("alternative", file, raw.alternatives.get_ref().iter().map(|a| &a.id), problems);
    let count = raw.alternatives.get_ref().len();
    if count > MAX_ALTERNATIVES {
        problems.at(
            file,
            raw.alternatives.span(),
            format!("the scenario has {count} alternatives, more than the limit of {MAX_ALTERNATIVES}"),
            "too many alternatives for one report",
            "split the comparison into several scenarios",
        );
    }
    if raw.alternatives.get_ref().is_empty() {
        problems.at(
            file,
            raw.alternatives.span(),
            "the scenario has no alternatives",
            "nothing to compare",
            "add an `[[alternatives]]` entry with an intervention or replaced transitions",
        );
    }
}

/// The largest discount factor accepted: a negative rate that multiplies later costs more
/// than a million times over the horizon is refused before it can overflow.
const MAX_DISCOUNT_FACTOR: i64 = 1_000_000;

fn discounting_fits(
    file: FileId,
    span: std::ops::Range<usize>,
    rate: &crate::domain::DiscountRate,
    years: u32,
    first_year_discounted: bool,
    problems: &mut Problems,
) {
    let factors = crate::appraise::discount::factors::<Decimal>(rate, years as usize, first_year_discounted);
    let Some(factors) = factors else {
        problems.at(
            file,
            span,
            format!("the discount factors of this rate over {years} years overflow exact decimal arithmetic"),
            "the compounded rate does not fit the decimal type",
            "use a rate between 0 and 1 (Swedish practice: 3.5 %), or a shorter horizon",
        );
        return;
    };
    if factors.iter().any(|d| *d > Decimal::from(MAX_DISCOUNT_FACTOR)) {
        problems.at(
            file,
            span,
            format!("this discount rate over {years} years weights late years more than {MAX_DISCOUNT_FACTOR} times"),
            "a negative rate compounds without bound",
            "use a rate at or above zero (Swedish practice: 3.5 %), or a shorter horizon",
        );
    }
}

/// Outcome rates obey the same bound as the cost rate, located where each rate is written:
/// the scenario's `[discounting] outcomes`, else the model's outcome.
fn outcome_discounting_fits(loaded: &Loaded, model: &Model, years: u32, problems: &mut Problems) {
    let file = loaded.scenario_file;
    for (outcome, written) in model.outcomes.iter().zip(&loaded.model.outcomes) {
        let in_scenario =
            loaded.scenario.discounting.outcomes.as_ref().and_then(|t| t.get_ref().get_key_value(outcome.id.as_str()));
        let location = match (in_scenario, &written.discount_rate) {
            (Some((key, _)), _) => Some((file, key.span())),
            (None, Some(rate)) => Some((loaded.model_file, rate.span())),
            (None, None) => None,
        };
        if let Some((rate_file, span)) = location {
            discounting_fits(rate_file, span, &outcome.discount, years, model.discount_first_year, problems);
        }
    }
}

fn horizon(file: FileId, years: &Spanned<i64>, problems: &mut Problems) -> Option<u32> {
    let value = *years.get_ref();
    if (1..=MAX_HORIZON_YEARS).contains(&value) {
        return u32::try_from(value).ok();
    }
    problems.at(
        file,
        years.span(),
        format!("horizon of {value} years is outside 1–{MAX_HORIZON_YEARS}"),
        "not a usable horizon",
        "project at least one year; a working life is about 45 years",
    );
    None
}

/// Where one part of the population (the start or the inflow) is given.
enum Given<'a> {
    /// Typed in the scenario, state by state.
    Typed(&'a RawTable),
    /// Read from a CSV file.
    Csv(&'a Counts),
    /// Not given.
    Neither,
}

/// The two parts of the population, each given typed or as a CSV.
#[derive(Clone, Copy)]
enum Part {
    /// People at the start: `start` or `start_csv`.
    Start,
    /// New people per month: `inflow` or `inflow_csv`.
    Inflow,
}

/// Where `part` of the population is given; both typed and as a CSV is a problem.
fn given<'a>(loaded: &'a Loaded, part: Part, problems: &mut Problems) -> Option<Given<'a>> {
    let (file, population, read) = (loaded.scenario_file, &loaded.scenario.population, &loaded.population);
    let (typed, named, counts, (typed_key, csv_key)) = match part {
        Part::Start => (&population.start, &population.start_csv, &read.start, ("start", "start_csv")),
        Part::Inflow => (&population.inflow, &population.inflow_csv, &read.inflow, ("inflow", "inflow_csv")),
    };
    match (typed, named, counts) {
        (Some(_), Some(named), _) => {
            problems.at(
                file,
                named.span(),
                format!("`{typed_key}` and `{csv_key}` are both given"),
                "a second way to give the same people",
                format!("keep one: `{typed_key}` typed state by state, or `{csv_key}` read from a CSV file"),
            );
            None
        }
        (Some(table), None, _) => Some(Given::Typed(table)),
        (None, Some(_), Some(counts)) => Some(Given::Csv(counts)),
        (None, Some(named), None) => {
            problems.at(
                file,
                named.span(),
                format!("the file of `{csv_key}` was not read"),
                "a population CSV",
                "run the scenario from its file, so that the CSV is read",
            );
            None
        }
        (None, None, _) => Some(Given::Neither),
    }
}

/// People per state at the start: typed in `start`, or households read from `start_csv`.
fn start(loaded: &Loaded, model: &Model, names: &Names, problems: &mut Problems) -> Option<Vec<Decimal>> {
    let file = loaded.scenario_file;
    match given(loaded, Part::Start, problems)? {
        Given::Typed(table) => people(file, table, names, problems),
        Given::Csv(counts) => {
            let mut start = vec![Decimal::ZERO; model.states.len()];
            for (state, households) in super::population::counted(counts, model, problems)? {
                start[state] = households;
            }
            Some(start)
        }
        Given::Neither => {
            problems.at(
                file,
                loaded.scenario.population.source.span(),
                "`[population]` gives nobody at the start: it has neither `start` nor `start_csv`",
                "the population's source",
                "give the people per state, `start = { k2_25 = 120 }`, or a CSV of households per category and months on support, `start_csv = \"data/befolkning.csv\"`",
            );
            None
        }
    }
}

/// New people per state and month: typed in `inflow`, or households read from `inflow_csv`.
fn inflow(loaded: &Loaded, model: &Model, names: &Names, problems: &mut Problems) -> Option<Vec<(usize, Schedule)>> {
    match given(loaded, Part::Inflow, problems)? {
        Given::Typed(table) => typed_inflow(loaded.scenario_file, table, names, problems),
        Given::Csv(counts) => {
            let counted = super::population::counted(counts, model, problems)?;
            Some(counted.into_iter().map(|(state, households)| (state, Schedule::Constant(households))).collect())
        }
        Given::Neither => Some(vec![]),
    }
}

fn people(file: FileId, table: &RawTable, names: &Names, problems: &mut Problems) -> Option<Vec<Decimal>> {
    let mut start = vec![Decimal::ZERO; names.states.len()];
    let before = problems.len();
    for (key, value) in table.get_ref() {
        let Some(state) = names.states.find(file, key, problems) else {
            continue;
        };
        let (span, key, value) = (key.span(), key.get_ref(), value.get_ref());
        match values::number(value) {
            Ok(n) if n >= Decimal::ZERO && n <= Decimal::from(MAX_PEOPLE) => start[state] = n,
            Ok(n) => problems.at(
                file,
                span,
                format!("{n} people in `{key}` is outside 0–{MAX_PEOPLE}"),
                "not a number of people",
                "write how many people are in this state at the start",
            ),
            Err(message) => problems.at(
                file,
                span,
                format!("bad number of people in `{key}`: {message}"),
                "expected a number",
                "write e.g. `120`",
            ),
        }
    }
    (problems.len() == before).then_some(start)
}

fn typed_inflow(
    file: FileId,
    table: &RawTable,
    names: &Names,
    problems: &mut Problems,
) -> Option<Vec<(usize, Schedule)>> {
    let before = problems.len();
    let mut inflow = Vec::new();
    for (key, value) in table.get_ref() {
        let Some(state) = names.states.find(file, key, problems) else {
            continue;
        };
        let (span, key, value) = (key.span(), key.get_ref(), value.get_ref());
        match values::schedule(value) {
            Ok(s) if s.values().iter().all(|n| *n >= Decimal::ZERO && *n <= Decimal::from(MAX_PEOPLE)) => {
                inflow.push((state, s))
            }
            Ok(_) => problems.at(
                file,
                span,
                format!("inflow to `{key}` is outside 0–{MAX_PEOPLE} people per month"),
                "not a number of people",
                "write new people per month, e.g. `4`",
            ),
            Err(message) => problems.at(
                file,
                span,
                format!("bad inflow to `{key}`: {message}"),
                "expected people per month",
                "write e.g. `4` or `{ by_year = [4, 5, 6] }`",
            ),
        }
    }
    (problems.len() == before).then_some(inflow)
}

fn population_not_empty(
    file: FileId,
    raw: &RawScenario,
    start: &Option<Vec<Decimal>>,
    inflow: &Option<Vec<(usize, Schedule)>>,
    problems: &mut Problems,
) {
    let (Some(start), Some(inflow)) = (start, inflow) else { return };
    let inflow_total: Decimal = inflow.iter().flat_map(|(_, s)| s.values()).sum();
    if start.iter().all(|n| n.is_zero()) && inflow_total.is_zero() {
        let population = &raw.population;
        let named = population.start.as_ref().map(|t| t.span()).or(population.start_csv.as_ref().map(|c| c.span()));
        problems.at(
            file,
            named.unwrap_or(population.source.span()),
            "the population is empty: nobody at the start and no inflow",
            "no people to project",
            "give the number of people per state at the start, e.g. `start = { k2_25 = 120 }`",
        );
    }
}

fn outcome_rates(
    (reader, file): (Reader, FileId),
    raw: &RawScenario,
    mut model: Model,
    problems: &mut Problems,
) -> Model {
    let Some(table) = &raw.discounting.outcomes else { return model };
    let known: Vec<String> = model.outcomes.iter().map(|o| o.id.clone()).collect();
    for (key, value) in table.get_ref() {
        let (span, key) = (key.span(), key.get_ref());
        let Some(outcome) = model.outcomes.iter_mut().find(|o| &o.id == key) else {
            problems.unknown_id(file, span, "outcome", key, ("outcomes of the model", &[&known]));
            continue;
        };
        if let Some(rate) = model::discount((reader, file), value, problems) {
            outcome.discount = rate;
        }
    }
    model
}

fn alternative(
    loaded: &Loaded,
    base: &ModelInput,
    base_model: &Model,
    alt: &RawAlternative,
    context: &Context,
    problems: &mut Problems,
) -> Option<Strategy> {
    let horizon = context.horizon;
    let file = loaded.scenario_file;
    let mut input = base.clone();
    input.replace(file, &alt.transitions, &alt.costs);
    let (mut model, names) = model::model(&input, problems)?;
    model.outcomes = base_model.outcomes.clone();
    let model = super::strategy::multiplied((context.reader, file), model, &alt.multipliers, &names, problems)?;
    Ids::new("intervention", file, alt.interventions.iter().map(|i| &i.id), problems);
    let interventions: Vec<Option<Intervention>> =
        alt.interventions.iter().map(|i| intervention(file, i, &names, &model, context, problems)).collect();
    let alt_id = alt.id.get_ref();
    let fixed_costs =
        money::fixed_costs(file, &alt.fixed_cost, &format!("(fixed cost of `{alt_id}`)"), &names, horizon, problems);
    Some(Strategy {
        id: alt.id.get_ref().clone(),
        label: model::label(&alt.label, &alt.label_en),
        model,
        interventions: interventions.into_iter().collect::<Option<_>>()?,
        fixed_costs: fixed_costs?,
    })
}

fn intervention(
    file: FileId,
    raw: &RawIntervention,
    names: &Names,
    model: &Model,
    context: &Context,
    problems: &mut Problems,
) -> Option<Intervention> {
    let Context { start, horizon, start_month, reader } = *context;
    let before = problems.len();
    let id = raw.id.get_ref();
    let targets = names.states_of(file, &raw.targets, problems);
    let active_in = names.states_of(file, &raw.active_in, problems);
    if let Some(outside) = targets.iter().find(|t| !active_in.contains(t)) {
        problems.at(
            file,
            raw.targets.span(),
            format!("target state `{}` of `{id}` is not in `active_in`", model.states[*outside].id),
            "participants would leave at once",
            "add the target states to `active_in`",
        );
    }
    let intake = intake::intake((reader, file), raw, horizon, problems);
    let observed = intake::observed(file, raw, names, start_month, horizon, problems);
    let duration = duration(file, &raw.duration_months, problems);
    let start_costs =
        money::payments((reader, file), &raw.start_cost, &format!("(start cost of `{id}`)"), names, problems);
    let monthly_costs =
        money::payments((reader, file), &raw.monthly_cost, &format!("(monthly cost of `{id}`)"), names, problems);
    let fixed_costs =
        money::fixed_costs(file, &raw.fixed_cost, &format!("(fixed cost of `{id}`)"), names, horizon, problems);
    let effects: Vec<Effect> = raw
        .effects
        .iter()
        .filter_map(|e| {
            model::source(file, &e.source, problems);
            let multiplier = bounded_value(
                (reader, file),
                &e.multiplier,
                (Decimal::ZERO, Decimal::from(1000)),
                ("an effect multiplier", "write how many times the probability is multiplied, e.g. `1.4`"),
                problems,
            );
            Some(Effect {
                from: names.states_of(file, &e.from, problems),
                to: names.states_of(file, &e.to, problems),
                multiplier: multiplier?,
            })
        })
        .collect();
    let drop_off = raw.after.as_ref().map(|a| {
        model::source(file, &a.source, problems);
        bounded(
            file,
            &a.drop_off,
            Decimal::ZERO,
            Decimal::ONE,
            "a yearly drop-off",
            "write the share of the extra effect lost per year, e.g. `0.3`",
            problems,
        )
    });
    model::source(file, &raw.source, problems);
    if problems.len() > before {
        return None;
    }
    let intervention = Intervention {
        id: id.clone(),
        label: model::label(&raw.label, &raw.label_en),
        targets,
        intake: intake?,
        duration_months: duration?,
        active_in,
        start_costs: start_costs?,
        monthly_costs: monthly_costs?,
        fixed_costs: fixed_costs?,
        effects,
        observed: observed?,
        drop_off: drop_off.flatten(),
        location: Location { file, span: intake::size_span(raw) },
    };
    effects_touch_transitions(file, raw, &intervention, model, problems);
    effects_fit(file, raw, &intervention, model, problems);
    enough_people(file, raw, &intervention, start, problems);
    Some(intervention)
}

fn duration(file: FileId, months: &Spanned<i64>, problems: &mut Problems) -> Option<u32> {
    let value = *months.get_ref();
    if (1..=MAX_HORIZON_YEARS * 12).contains(&value) {
        return u32::try_from(value).ok();
    }
    problems.at(
        file,
        months.span(),
        format!("a duration of {value} months is not usable"),
        "must be between 1 and 2400 months",
        "write how many months a participant is in the intervention at most, e.g. `12`",
    );
    None
}

pub(super) fn bounded(
    file: FileId,
    value: &Spanned<f64>,
    low: Decimal,
    high: Decimal,
    what: &str,
    help: &str,
    problems: &mut Problems,
) -> Option<Decimal> {
    within(
        file,
        value.span(),
        values::from_f64(*value.get_ref()).map_err(|m| (m, None)),
        (low, high),
        (what, help),
        problems,
    )
}

/// A number or formula of parameters (not varying with time) within `low`–`high`, with its
/// formula when it depends on a free parameter.
pub(super) fn bounded_value(
    (reader, file): (Reader, FileId),
    value: &crate::load::raw::RawValue,
    (low, high): (Decimal, Decimal),
    (what, help): (&str, &str),
    problems: &mut Problems,
) -> Option<Number> {
    let number = reader.value(file, value);
    let formula = number.as_ref().ok().and_then(|n| n.formula.clone());
    let value = within(file, value.span(), number.map(|n| n.value), (low, high), (what, help), problems)?;
    Some(Number { value, formula }.bounded(low, high))
}

fn within(
    file: FileId,
    span: std::ops::Range<usize>,
    number: Result<Decimal, super::parameters::Located>,
    (low, high): (Decimal, Decimal),
    (what, help): (&str, &str),
    problems: &mut Problems,
) -> Option<Decimal> {
    match number {
        Ok(n) if n >= low && n <= high => Some(n),
        Ok(n) => {
            problems.at(file, span, format!("{n} is not {what} between {low} and {high}"), "out of range", help);
            None
        }
        Err((message, inner)) => {
            problems.at(file, inner.unwrap_or(span), message, "not a usable number", help);
            None
        }
    }
}

/// Every effect must multiply at least one transition the model has (not a row's rest entry,
/// which takes what the others leave), or it would silently do nothing.
fn effects_touch_transitions(
    file: FileId,
    raw: &RawIntervention,
    intervention: &Intervention,
    model: &Model,
    problems: &mut Problems,
) {
    for (effect, written) in intervention.effects.iter().zip(&raw.effects) {
        let touches = effect.from.iter().any(|&from| {
            model.rows[from].as_ref().is_some_and(|row| row.entries.iter().any(|(to, _)| effect.to.contains(to)))
        });
        let reaches_participants =
            intervention.drop_off.is_some() || effect.from.iter().any(|from| intervention.active_in.contains(from));
        if touches && !reaches_participants {
            problems.at(
                file,
                written.multiplier.span(),
                format!(
                    "the effect of `{}` acts from {}, where nobody is still in the intervention",
                    intervention.id,
                    id_list(&written.from)
                ),
                "participants leave the intervention when they leave `active_in`",
                "make `from` states of `active_in`, or add `after = { drop_off = …, source = … }` for an effect that lasts",
            );
        }
        if !touches {
            problems.at(
                file,
                written.multiplier.span(),
                format!(
                    "the effect of `{}` from {} to {} multiplies no transition of the model",
                    intervention.id,
                    id_list(&written.from),
                    id_list(&written.to)
                ),
                "no row has an entry from `from` to `to` (a \"rest\" entry cannot be multiplied)",
                "name states the model moves people between, e.g. from the support states to work; a row's \"rest\" takes what the others leave",
            );
        }
    }
}

fn id_list(ids: &crate::load::raw::RawIds) -> String {
    ids.get_ref().iter().map(|id| format!("`{}`", id.get_ref())).collect::<Vec<_>>().join(", ")
}

/// Every row an effect touches must stay within [0, 1] under the multipliers, in every cycle.
fn effects_fit(
    file: FileId,
    raw: &RawIntervention,
    intervention: &Intervention,
    model: &Model,
    problems: &mut Problems,
) {
    for (from, row) in model.rows.iter().enumerate() {
        let touched = intervention.multipliers_from::<Decimal>(from);
        let Some(row) = row.as_ref().filter(|_| !touched.is_empty()) else { continue };
        let span = raw.effects.first().map_or(raw.id.span(), |e| e.multiplier.span());
        if row.rest.is_none() {
            problems.at(
                file,
                span.clone(),
                format!(
                    "an effect of `{}` changes the row from `{}`, which has no \"rest\" entry",
                    intervention.id, model.states[from].id
                ),
                "nothing takes up the change",
                "write the stay probability of that row as \"rest\"",
            );
            continue;
        }
        if let Some(total) = intervention.row_past_one(model, from) {
            problems.at(
                file,
                span,
                format!(
                    "the effects of `{}` push the row from `{}` to {total}, past 1",
                    intervention.id, model.states[from].id
                ),
                "multiplier too large for this row",
                "lower the multiplier: the probabilities out of a state cannot add up to more than 1",
            );
        }
    }
}

fn enough_people(
    file: FileId,
    raw: &RawIntervention,
    intervention: &Intervention,
    start: Option<&[Decimal]>,
    problems: &mut Problems,
) {
    let Some(start) = start else { return };
    let needed = match &intervention.intake {
        Intake::Batches(batches) => batches
            .iter()
            .filter(|b| b.month == 0)
            .map(|b| match &b.amount {
                Participants::Count(n) => n.value,
                Participants::Share(_) => Decimal::ZERO,
            })
            .sum(),
        Intake::Places { places, .. } => *places,
    };
    let available: Decimal = intervention.targets.iter().map(|t| start[*t]).sum();
    if needed > available {
        problems.at(
            file,
            intake::size_span(raw),
            format!(
                "`{}` takes {needed} participants at the start but its target states hold {available} people then",
                intervention.id
            ),
            "more participants than people",
            "lower the number of participants or places, widen `targets`, or raise the population",
        );
    }
}
