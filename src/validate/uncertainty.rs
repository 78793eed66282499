//! Rules of what a scenario declares about its uncertainty: ranges and distributions of
//! parameters, joint distributions, variants and the analyses' defaults.

use super::model;
use super::parameters::{Changes, Scope, Written};
use super::problems::{Ids, Problems};
use super::values;
use crate::diagnostic::{FileId, Location};
use crate::distribution::{self, Dirichlet, MultiNormal};
use crate::domain::{Analysis, Joint, Model, Parameter, Uncertainty, Variant};
use crate::load::Loaded;
use crate::load::raw::{RawCorrelated, RawParameter, RawValue};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use toml::Spanned;

/// The uncertainty a scenario and its model declare; a parameter with a distribution and no
/// range of its own has the distribution's 95 % interval as its range when `intervals`.
pub fn uncertainty(
    loaded: &Loaded,
    (written, scope, changes): (&[Written], &Scope, &Changes),
    model: &Model,
    problems: &mut Problems,
) -> Uncertainty {
    let mut parameters: Vec<Parameter> =
        written.iter().enumerate().map(|(index, w)| parameter(w, (index, scope, changes), problems)).collect();
    let declared: Vec<bool> = drawn(loaded, written)
        .into_iter()
        .zip(written)
        .map(|(drawn, w)| drawn || w.raw.low.is_some() || w.raw.high.is_some())
        .collect();
    uncertain_twice(written, scope, &declared, problems);
    let model_joints = loaded.model.correlated.iter().map(|c| ((loaded.model_file, true), c));
    let joints = model_joints.chain(loaded.scenario.correlated.iter().map(|c| ((loaded.scenario_file, false), c)));
    let joints: Vec<Joint> =
        joints.filter_map(|(file, c)| joint((file, c), (&mut parameters, scope, changes), problems)).collect();
    Uncertainty {
        variants: variants(loaded, &parameters, problems),
        analysis: analysis(loaded, model, problems),
        parameters,
        joints,
    }
}

/// Which parameters (of `written`, by index) a draw samples: those with a distribution of
/// their own and those named in a `[[correlated]]` entry of the model or the scenario.
pub fn drawn(loaded: &Loaded, written: &[Written]) -> Vec<bool> {
    let correlated = loaded.model.correlated.iter().chain(&loaded.scenario.correlated);
    let named: Vec<&String> = correlated.flat_map(|c| c.parameters.get_ref().iter().map(|id| id.get_ref())).collect();
    written.iter().map(|w| w.raw.distribution.is_some() || named.contains(&w.raw.id.get_ref())).collect()
}

/// The problems that a parameter declared uncertain (`declared`, by index: a range, a
/// distribution or a joint distribution) is computed from another that is: its uncertainty
/// would count twice (two bars of the tornado for one source), and a draw of its own would
/// replace its formula, so it would not follow the other.
fn uncertain_twice(written: &[Written], scope: &Scope, declared: &[bool], problems: &mut Problems) {
    let used = scope.declared_used(declared);
    for ((w, &own), source) in written.iter().zip(declared).zip(used) {
        let Some(source) = source.filter(|_| own) else { continue };
        let (id, from) = (w.raw.id.get_ref(), written[source].raw.id.get_ref());
        problems.at(
            w.file,
            w.raw.id.span(),
            format!("`{id}` is computed from `{from}`, which is uncertain, and is declared uncertain itself"),
            "uncertain twice",
            format!("remove the range and distribution of `{id}` (its value follows `{from}`), or write its value as a number"),
        );
    }
}

fn parameter(w: &Written, (index, scope, changes): (usize, &Scope, &Changes), problems: &mut Problems) -> Parameter {
    let (file, raw) = (w.file, w.raw);
    model::source(file, &raw.source, problems);
    let value = scope.value(index).unwrap_or_default();
    let declared = raw.low.is_some() || raw.high.is_some() || raw.distribution.is_some();
    if declared && scope.varies(index) {
        varies_with_time(file, &raw.id, problems);
    }
    // A run that sets the parameter (a variant, an end of a range) is of files already
    // validated as written: its value need not agree with the distribution, which it does not
    // read.
    let set = changes.value_of(raw.id.get_ref()).is_some();
    let distribution =
        raw.distribution.as_ref().filter(|_| !set).and_then(|d| own_distribution(file, raw, d, value, problems));
    // The 95 % interval of a distribution, widened to the value where the value lies outside
    // it (a triangular whose minimum is the value), is a one-way range for the exact runs (the
    // tornado); a run in `f64` (a batch of draws) draws from the distribution instead, and
    // `check` reads no range: a quantile (a bisection over the cdf, up to 64 incomplete beta
    // functions) costs more than validating the rest of the parameter.
    let range = range(file, raw, (!set).then_some(value), problems).or_else(|| {
        let d = distribution.as_ref().filter(|_| changes.ranges)?;
        let (low, high) = (decimal(d.quantile(0.025))?, decimal(d.quantile(0.975))?);
        Some((low.min(value), high.max(value)))
    });
    Parameter {
        id: raw.id.get_ref().clone(),
        label: model::label(raw.label.as_deref().unwrap_or(raw.id.get_ref()), &raw.label_en),
        value,
        range,
        distribution,
        source: raw.source.get_ref().clone(),
        location: Location { file, span: raw.id.span() },
    }
}

/// The problem that parameter `id`, which varies with time, is declared uncertain (with a
/// range or a distribution of its own, or in a joint distribution).
fn varies_with_time(file: FileId, id: &Spanned<String>, problems: &mut Problems) {
    problems.at(
        file,
        id.span(),
        format!("parameter `{}` varies with time and cannot be uncertain", id.get_ref()),
        "uses `t`, `cycle` or `year`",
        "make uncertain the parameters it is computed from (a start age, a coefficient) instead",
    );
}

fn decimal(value: f64) -> Option<Decimal> {
    Decimal::from_f64(value).map(|d| d.round_sf(12).unwrap_or(d).normalize())
}

fn own_distribution(
    file: FileId,
    raw: &RawParameter,
    value: &RawValue,
    base: Decimal,
    problems: &mut Problems,
) -> Option<distribution::Distribution> {
    let toml::Value::Table(table) = value.get_ref() else {
        problems.at(
            file,
            value.span(),
            format!("the distribution of `{}` must be a table", raw.id.get_ref()),
            "not a table",
            "write e.g. `distribution = { kind = \"beta\", mean = 0.2, sd = 0.05 }`",
        );
        return None;
    };
    distribution::from_toml(table, base.to_f64().unwrap_or_default())
        .map_err(|e| {
            let key = e.key.map(|k| format!(" (`{k}`)")).unwrap_or_default();
            problems.at(
                file,
                value.span(),
                format!("the distribution of `{}`{key}: {}", raw.id.get_ref(), e.message),
                "not a usable distribution",
                "see docs/FORMAT.md section 5.9 for the kinds and their keys",
            );
        })
        .ok()
}

/// The one-way range `low`–`high`, when written (both or neither, around the value as
/// written, when `value` is it).
fn range(
    file: FileId,
    raw: &RawParameter,
    value: Option<Decimal>,
    problems: &mut Problems,
) -> Option<(Decimal, Decimal)> {
    let id = raw.id.get_ref();
    let read = |v: &RawValue, problems: &mut Problems| match values::number(v.get_ref()) {
        Ok(n) => Some(n),
        Err(message) => {
            problems.at(
                file,
                v.span(),
                format!("bad range of `{id}`: {message}"),
                "expected a number",
                "write a number",
            );
            None
        }
    };
    match (&raw.low, &raw.high) {
        (None, None) => None,
        (Some(low), Some(high)) => {
            let (l, h) = (read(low, problems), read(high, problems));
            let (l, h) = (l?, h?);
            if let Some(value) = value
                && !(l <= value && value <= h)
            {
                problems.at(
                    file,
                    low.span(),
                    format!("the range {l}–{h} of `{id}` does not contain its value {value}"),
                    "low ≤ value ≤ high is needed",
                    "give `low` at or below the value and `high` at or above it",
                );
                return None;
            }
            Some((l, h))
        }
        (Some(one), None) | (None, Some(one)) => {
            problems.at(
                file,
                one.span(),
                format!("`{id}` has only one end of its range"),
                "both `low` and `high` are needed",
                "write both `low` and `high`, or neither",
            );
            None
        }
    }
}

fn joint(
    ((file, in_model), raw): ((FileId, bool), &RawCorrelated),
    (parameters, scope, changes): (&mut [Parameter], &Scope, &Changes),
    problems: &mut Problems,
) -> Option<Joint> {
    model::source(file, &raw.source, problems);
    if raw.parameters.get_ref().is_empty() {
        problems.at(
            file,
            raw.parameters.span(),
            "a joint distribution that lists no parameters",
            "empty",
            "list the parameters it draws together, e.g. `parameters = [\"a\", \"b\"]`",
        );
        return None;
    }
    let mut members = Vec::new();
    for id in raw.parameters.get_ref() {
        match parameters.iter().position(|p| &p.id == id.get_ref()) {
            Some(index) if parameters[index].distribution.is_some() => {
                drawn_twice(((file, in_model), raw), id, &parameters[index].location, problems)
            }
            Some(index) if scope.varies(index) => varies_with_time(file, id, problems),
            Some(index) if members.contains(&index) => problems.at(
                file,
                id.span(),
                format!("`{}` is listed twice", id.get_ref()),
                "listed again",
                "list each parameter once",
            ),
            Some(index) => members.push(index),
            None => {
                let known: Vec<String> = parameters.iter().map(|p| p.id.clone()).collect();
                problems.unknown_id(file, id.span(), "parameter", id.get_ref(), ("parameters", &[&known]));
            }
        }
    }
    if members.len() != raw.parameters.get_ref().len() {
        return None;
    }
    let values: Vec<f64> = members.iter().map(|&p| parameters[p].value.to_f64().unwrap_or_default()).collect();
    let members_set = members.iter().any(|&p| changes.value_of(&parameters[p].id).is_some());
    let (result, written) = match raw.kind.get_ref().as_str() {
        "multinormal" => (
            matrix(raw.covariance.as_ref())
                .and_then(|c| MultiNormal::new(values, c))
                .map(|distribution| Joint::MultiNormal { parameters: members, distribution }),
            &raw.covariance,
        ),
        "dirichlet" => (
            numbers(raw.counts.as_ref())
                .and_then(|counts| {
                    let distribution = Dirichlet::new(counts.clone())?;
                    // Shares set by a run (a variant) are not the counts' own.
                    if !members_set {
                        dirichlet_matches(&counts, &values, raw)?;
                    }
                    Ok(distribution)
                })
                .map(|distribution| Joint::Dirichlet { parameters: members, distribution }),
            &raw.counts,
        ),
        other => (Err(format!("unknown kind \"{other}\": write \"multinormal\" or \"dirichlet\"")), &raw.covariance),
    };
    match result {
        Ok(joint) => {
            marginal_ranges(&joint, parameters);
            Some(joint)
        }
        Err(message) => {
            problems.at(
                file,
                written.as_ref().map_or_else(|| raw.kind.span(), |v| v.span()),
                format!("the joint distribution of {}: {message}", ids(raw)),
                "not a usable distribution",
                "see docs/FORMAT.md section 5.9",
            );
            None
        }
    }
}

/// The problem that parameter `id`, written at `own`, has a distribution of its own and is
/// also in the joint distribution `raw` of `file`: reported where the scenario says it (a
/// scenario's parameter that replaces one of a model's joint distribution is told at the
/// parameter, not in the model's file).
fn drawn_twice(
    ((file, in_model), raw): ((FileId, bool), &RawCorrelated),
    id: &Spanned<String>,
    own: &Location,
    problems: &mut Problems,
) {
    let id_text = id.get_ref();
    if in_model && own.file != file {
        problems.at(
            own.file,
            own.span.clone(),
            format!(
                "`{id_text}` has a distribution of its own, but the model draws it in a joint distribution ({})",
                ids(raw)
            ),
            "drawn twice",
            "remove its `distribution` here: the model's joint distribution draws it with the others",
        );
    } else {
        problems.at(
            file,
            id.span(),
            format!("`{id_text}` has a distribution of its own"),
            "drawn twice",
            "remove its `distribution`, or leave it out of this joint distribution",
        );
    }
}

/// The one-way range of a multinormal's parameter without its own: the 95 % interval of its
/// marginal (value ± 1.96 sd). A Dirichlet's parameters get none: one cannot change alone.
fn marginal_ranges(joint: &Joint, parameters: &mut [Parameter]) {
    let Joint::MultiNormal { parameters: members, distribution } = joint else { return };
    for (k, &p) in members.iter().enumerate() {
        let sd = distribution.covariance()[k][k].sqrt();
        let value = parameters[p].value.to_f64().unwrap_or_default();
        let interval = decimal(value - Z_975 * sd).zip(decimal(value + Z_975 * sd));
        parameters[p].range = parameters[p].range.or(interval);
    }
}

/// The 97.5 % quantile of the standard normal distribution.
const Z_975: f64 = 1.959_963_984_540_054;

fn ids(raw: &RawCorrelated) -> String {
    raw.parameters.get_ref().iter().map(|p| format!("`{}`", p.get_ref())).collect::<Vec<_>>().join(", ")
}

fn numbers(value: Option<&RawValue>) -> Result<Vec<f64>, String> {
    let Some(toml::Value::Array(items)) = value.map(|v| v.get_ref()) else {
        return Err("needs an array of numbers (`counts` or a row of `covariance`)".into());
    };
    items.iter().enumerate().map(|(k, item)| entry(item).map_err(|e| format!("count {}: {e}", k + 1))).collect()
}

/// A number of a joint distribution's arrays, as `f64`.
fn entry(item: &toml::Value) -> Result<f64, String> {
    values::number(item).map(|d| d.to_f64().unwrap_or(f64::NAN))
}

fn matrix(value: Option<&RawValue>) -> Result<Vec<Vec<f64>>, String> {
    let Some(toml::Value::Array(rows)) = value.map(|v| v.get_ref()) else {
        return Err("needs `covariance = [[…], […], …]`, one row per parameter".into());
    };
    let at = |r: usize, c: usize| move |e: String| format!("the covariance at row {}, column {}: {e}", r + 1, c + 1);
    rows.iter()
        .enumerate()
        .map(|(r, row)| match row {
            toml::Value::Array(items) => items.iter().enumerate().map(|(c, i)| entry(i).map_err(at(r, c))).collect(),
            other => Err(format!("row {} of `covariance` must be an array, found {}", r + 1, values::describe(other))),
        })
        .collect()
}

/// A Dirichlet's parameters (those of `raw`, in order) must have the values its counts give
/// them.
fn dirichlet_matches(counts: &[f64], values: &[f64], raw: &RawCorrelated) -> Result<(), String> {
    if counts.len() != values.len() {
        return Err(format!("{} counts for {} parameters: give one count per parameter", counts.len(), values.len()));
    }
    let total: f64 = counts.iter().sum();
    for ((count, value), id) in counts.iter().zip(values).zip(raw.parameters.get_ref()) {
        if (count / total - value).abs() > 1e-9 {
            return Err(format!(
                "`{}` has the value {value} but its count {count} gives {} (count / total of the counts, {total}): make its value that share, or change the counts",
                id.get_ref(),
                count / total
            ));
        }
    }
    Ok(())
}

fn variants(loaded: &Loaded, parameters: &[Parameter], problems: &mut Problems) -> Vec<Variant> {
    let file = loaded.scenario_file;
    let raw = &loaded.scenario.variants;
    Ids::new("variant", file, raw.iter().map(|v| &v.id), problems);
    let known: Vec<String> = parameters.iter().map(|p| p.id.clone()).collect();
    raw.iter()
        .map(|v| {
            model::source(file, &v.source, problems);
            let mut set = Vec::new();
            for (key, value) in v.values.get_ref() {
                let Some(index) = parameters.iter().position(|p| &p.id == key.get_ref()) else {
                    problems.unknown_id(file, key.span(), "parameter", key.get_ref(), ("parameters", &[&known]));
                    continue;
                };
                match values::number(value.get_ref()) {
                    Ok(n) => set.push((index, n)),
                    Err(message) => problems.at(
                        file,
                        value.span(),
                        format!("bad value of `{}` in variant `{}`: {message}", key.get_ref(), v.id.get_ref()),
                        "expected a number",
                        "write a number",
                    ),
                }
            }
            Variant {
                id: v.id.get_ref().clone(),
                label: model::label(&v.label, &v.label_en),
                values: set,
                source: v.source.get_ref().clone(),
            }
        })
        .collect()
}

fn analysis(loaded: &Loaded, model: &Model, problems: &mut Problems) -> Analysis {
    let file = loaded.scenario_file;
    let Some(raw) = &loaded.scenario.analysis else { return Analysis::default() };
    let perspective = raw.perspective.as_ref().and_then(|p| {
        let id = p.get_ref();
        let known = model.actors.iter().any(|a| &a.id == id) || id == "public" || id == "society";
        if !known {
            let mut ids: Vec<String> = model.actors.iter().map(|a| a.id.clone()).collect();
            ids.extend(["public".to_string(), "society".to_string()]);
            problems.unknown_id(file, p.span(), "perspective", id, ("perspectives", &[&ids]));
        }
        known.then(|| id.clone())
    });
    let outcome = raw.outcome.as_ref().and_then(|o| {
        let found = model.outcomes.iter().position(|m| &m.id == o.get_ref());
        if found.is_none() {
            let ids: Vec<String> = model.outcomes.iter().map(|m| m.id.clone()).collect();
            problems.unknown_id(file, o.span(), "outcome", o.get_ref(), ("outcomes of the model", &[&ids]));
        }
        found
    });
    let mut willingness_to_pay = Vec::new();
    for value in raw.willingness_to_pay.iter().flat_map(|w| w.get_ref()) {
        match values::from_f64(*value.get_ref()) {
            Ok(v) if v >= Decimal::ZERO && willingness_to_pay.last().is_none_or(|last| *last < v) => {
                willingness_to_pay.push(v)
            }
            Ok(v) => problems.at(
                file,
                value.span(),
                format!("willingness to pay {v} is negative or not above the one before"),
                "not ascending",
                "list thresholds from 0 upwards, each above the one before",
            ),
            Err(message) => problems.at(file, value.span(), message, "not a number", "write a number"),
        }
    }
    if let (Some(written), None) = (&raw.willingness_to_pay, &raw.outcome) {
        let example = model.outcomes.first().map_or("qaly", |o| o.id.as_str());
        problems.at(
            file,
            written.span(),
            "a willingness to pay without an outcome measure to pay for",
            "no `outcome` in [analysis]",
            format!("name the outcome measure it is paid per, e.g. `outcome = \"{example}\"`, or remove `willingness_to_pay`"),
        );
    }
    Analysis { perspective, outcome, willingness_to_pay }
}
