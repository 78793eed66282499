//! A parameter's `distribution = { kind = …, … }` inline table read into a [`Distribution`].
//!
//! | kind | keys |
//! |---|---|
//! | `fixed` | none: always the parameter's value |
//! | `uniform` | `min`, `max` |
//! | `triangular` | `min`, `mode`, `max` |
//! | `pert` | `min`, `mode`, `max` |
//! | `beta` | `alpha`, `beta` — or `mean`, `sd` |
//! | `gamma` | `shape`, `scale` — or `mean`, `sd` |
//! | `lognormal` | `mu`, `sigma` (of the logarithm) — or `mean`, `sd` (natural scale) |
//! | `normal` | `mean`, `sd` |
//!
//! Numbers may be TOML integers or floats; they must be finite. The parameter's value must
//! lie within the range the distribution draws from (a beta for a value of 1.3 is an error).

use toml::Value;

use super::univariate::{Distribution, Invalid};
use super::{approx, show};

/// The distribution kinds, as `kind = "…"` spells them.
pub const KINDS: [&str; 8] = ["fixed", "uniform", "triangular", "pert", "beta", "gamma", "lognormal", "normal"];

/// A problem with a `distribution` table: the key to point at, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DistributionError {
    /// The offending key in the table (`kind`, `alpha`, …), for locating the problem; `None`
    /// when no key is to blame alone (a key is missing, or the parameter's value does not fit
    /// the distribution as a whole).
    pub key: Option<String>,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl DistributionError {
    fn at(key: &str, message: String) -> Self {
        Self { key: Some(key.to_string()), message }
    }

    fn whole(message: String) -> Self {
        Self { key: None, message }
    }
}

impl From<Invalid> for DistributionError {
    fn from(invalid: Invalid) -> Self {
        Self { key: invalid.key.map(str::to_string), message: invalid.message }
    }
}

/// The ways to give each kind's parameters: one list of keys per form.
fn forms(kind: &str) -> &'static [&'static [&'static str]] {
    match kind {
        "uniform" => &[&["min", "max"]],
        "triangular" | "pert" => &[&["min", "mode", "max"]],
        "beta" => &[&["alpha", "beta"], &["mean", "sd"]],
        "gamma" => &[&["shape", "scale"], &["mean", "sd"]],
        "lognormal" => &[&["mu", "sigma"], &["mean", "sd"]],
        "normal" => &[&["mean", "sd"]],
        _ => &[],
    }
}

/// "`a` and `b`", "`a`, `b` and `c`".
fn and_list(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a kind takes: "`alpha` and `beta`, or `mean` and `sd`".
fn takes(kind: &str) -> String {
    let forms = forms(kind);
    if forms.is_empty() {
        return "no keys besides `kind` (it is always the parameter's value)".into();
    }
    forms.iter().map(|form| and_list(form)).collect::<Vec<_>>().join(", or ")
}

/// A text as a message quotes it: at most 40 characters.
fn quoted(text: &str) -> String {
    let clipped: String = text.chars().take(40).collect();
    let ellipsis = if clipped.len() < text.len() { "…" } else { "" };
    format!("\"{}{ellipsis}\"", clipped.escape_debug())
}

/// What a TOML value is, for "found …".
fn described(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the text {}", quoted(s)),
        Value::Integer(i) => format!("the whole number {i}"),
        Value::Float(f) => format!("the number {}", show(*f)),
        Value::Boolean(b) => format!("`{b}`"),
        Value::Datetime(_) => "a date".into(),
        Value::Array(_) => "a list".into(),
        Value::Table(_) => "a table".into(),
    }
}

/// The number at `key` (present): a TOML integer or a finite float.
fn number(table: &toml::Table, key: &str, kind: &str) -> Result<f64, DistributionError> {
    let Some(value) = table.get(key) else {
        return Err(DistributionError::whole(format!("a {kind} needs `{key}`")));
    };
    match value {
        Value::Integer(i) => Ok(*i as f64),
        Value::Float(f) if f.is_finite() => Ok(*f),
        Value::Float(f) => {
            Err(DistributionError::at(key, format!("`{key}` must be a finite number; found {}", show(*f))))
        }
        Value::String(s) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => Err(DistributionError::at(
            key,
            format!("`{key}` must be a number, not text: write {key} = {} without quotes", s.trim()),
        )),
        other => Err(DistributionError::at(key, format!("`{key}` must be a number; found {}", described(other)))),
    }
}

/// Reads a parameter's `distribution` inline table, such as `{ kind = "beta", alpha = 2,
/// beta = 8 }` or `{ kind = "beta", mean = 0.2, sd = 0.05 }`, for a parameter whose
/// deterministic value is `value`.
///
/// `value` is what `kind = "fixed"` always gives, and it must lie within the range the
/// distribution draws from: `[0, 1]` for a beta, 0 or more for a gamma or a lognormal,
/// `[min, max]` for a uniform, triangular or PERT (so a beta for a value of 1.3 is an error).
/// It need not equal the distribution's mean. The first problem found is returned,
/// in this order: `kind` (missing, not text, unknown: with a "did you mean"), keys the kind
/// does not take, the two forms of one kind mixed, keys missing, numbers (TOML integers and
/// floats are accepted, non-finite ones are not), the kind's rules, and the value.
pub fn from_toml(table: &toml::Table, value: f64) -> Result<Distribution, DistributionError> {
    let kinds = KINDS.join(", ");
    let kind = match table.get("kind") {
        None => {
            return Err(DistributionError::whole(format!(
                "a distribution needs `kind`: one of {kinds}, e.g. kind = \"beta\""
            )));
        }
        Some(Value::String(kind)) => kind.as_str(),
        Some(other) => {
            return Err(DistributionError::at(
                "kind",
                format!("`kind` must be text, one of {kinds}; found {}", described(other)),
            ));
        }
    };
    let Some(kind) = KINDS.iter().copied().find(|k| *k == kind) else {
        let hint = match crate::diagnostic::did_you_mean(kind, KINDS) {
            Some(close) => format!("did you mean \"{close}\"? The kinds are {kinds}"),
            None => format!("the kinds are {kinds}"),
        };
        return Err(DistributionError::at("kind", format!("unknown distribution kind {}: {hint}", quoted(kind))));
    };

    let forms = forms(kind);
    let allowed = || forms.iter().flat_map(|form| form.iter().copied());
    for key in table.keys() {
        if key != "kind" && !allowed().any(|k| k == key) {
            let hint = match crate::diagnostic::did_you_mean(key, allowed()) {
                Some(close) => format!(": did you mean `{close}`?"),
                None => String::new(),
            };
            return Err(DistributionError::at(
                key,
                format!("`{key}` is not a key of a {kind} distribution, which takes {}{hint}", takes(kind)),
            ));
        }
    }

    // Which form is used: within one kind no key belongs to two forms.
    let present = |form: &[&'static str]| form.iter().copied().filter(|k| table.contains_key(*k)).collect::<Vec<_>>();
    let used: Vec<(usize, Vec<&'static str>)> =
        forms.iter().map(|form| present(form)).enumerate().filter(|(_, keys)| !keys.is_empty()).collect();
    let form = match used.as_slice() {
        [] if forms.is_empty() => None,
        [] => return Err(DistributionError::whole(format!("a {kind} distribution needs {}", takes(kind)))),
        [(index, _)] => forms.get(*index).copied(),
        [(_, first), (_, second), ..] => {
            let (first, second) = (first.first().copied().unwrap_or("?"), second.first().copied().unwrap_or("?"));
            return Err(DistributionError::at(
                second,
                format!(
                    "a {kind} is given by {}, not keys of both: found `{first}` and `{second}`",
                    forms.iter().map(|f| and_list(f)).collect::<Vec<_>>().join(" or by ")
                ),
            ));
        }
    };
    if let Some(form) = form {
        let missing: Vec<&str> = form.iter().copied().filter(|k| !table.contains_key(*k)).collect();
        if !missing.is_empty() {
            let given: Vec<&str> = form.iter().copied().filter(|k| table.contains_key(*k)).collect();
            return Err(DistributionError::whole(format!(
                "a {kind} given by {} also needs {}: add {}",
                and_list(&given),
                and_list(&missing),
                missing.iter().map(|k| format!("{k} = …")).collect::<Vec<_>>().join(", ")
            )));
        }
    }

    let get = |key: &str| number(table, key, kind);
    let distribution = match (kind, form.and_then(|f| f.first().copied())) {
        ("fixed", _) => Distribution::Fixed(value),
        ("uniform", _) => Distribution::Uniform { min: get("min")?, max: get("max")? },
        ("triangular", _) => Distribution::Triangular { min: get("min")?, mode: get("mode")?, max: get("max")? },
        ("pert", _) => Distribution::Pert { min: get("min")?, mode: get("mode")?, max: get("max")? },
        ("beta", Some("mean")) => Distribution::beta_moments(get("mean")?, get("sd")?)?,
        ("beta", _) => Distribution::Beta { alpha: get("alpha")?, beta: get("beta")? },
        ("gamma", Some("mean")) => Distribution::gamma_moments(get("mean")?, get("sd")?)?,
        ("gamma", _) => Distribution::Gamma { shape: get("shape")?, scale: get("scale")? },
        ("lognormal", Some("mean")) => Distribution::lognormal_moments(get("mean")?, get("sd")?)?,
        ("lognormal", _) => Distribution::LogNormal { mu: get("mu")?, sigma: get("sigma")? },
        _ => Distribution::Normal { mean: get("mean")?, sd: get("sd")? },
    };
    distribution.check()?;

    if !value.is_finite() {
        return Err(DistributionError::whole(format!(
            "the parameter's value is {}: a parameter with a distribution needs a finite value",
            show(value)
        )));
    }
    let error = match distribution {
        Distribution::Uniform { min, max, .. }
        | Distribution::Triangular { min, max, .. }
        | Distribution::Pert { min, max, .. }
            if !(min..=max).contains(&value) =>
        {
            Some(DistributionError::at(
                if value < min { "min" } else { "max" },
                format!(
                    "the parameter's value {} lies outside this {kind}'s range [{}, {}]: widen the range to include it, or correct the value",
                    show(value),
                    show(min),
                    show(max)
                ),
            ))
        }
        Distribution::Beta { .. } if !(0.0..=1.0).contains(&value) => Some(DistributionError::at(
            "kind",
            format!(
                "the parameter's value {} lies outside [0, 1], where a beta draws: a beta is for probabilities; correct the value or choose another kind (normal, lognormal, gamma)",
                show(value)
            ),
        )),
        Distribution::Gamma { .. } | Distribution::LogNormal { .. } if value < 0.0 => Some(DistributionError::at(
            "kind",
            format!(
                "the parameter's value {} is negative, but a {kind} draws only numbers of 0 or more: correct the value or choose kind = \"normal\"",
                show(value)
            ),
        )),
        _ => None,
    };
    if let Some(error) = error.or_else(|| far_in_a_tail(&distribution, value, kind)) {
        return Err(error);
    }
    Ok(distribution)
}

/// The share of draws that may lie beyond the parameter's value, at most, on the side away
/// from the rest: a value further out is not an estimate the distribution describes.
const FAR_TAIL: f64 = 0.001;

/// The problem that `value` lies so far in a tail of `distribution` (fewer than [`FAR_TAIL`]
/// of the draws beyond it) that the distribution cannot describe it, as when its mean was
/// mistyped; a value at an end of the support (a triangular whose minimum is the value) is not.
fn far_in_a_tail(distribution: &Distribution, value: f64, kind: &str) -> Option<DistributionError> {
    let (low, high) = distribution.support();
    let below = distribution.cdf(value);
    let (side, share) = if value > low && below < FAR_TAIL {
        ("below", below)
    } else if value < high && 1.0 - below < FAR_TAIL {
        ("above", 1.0 - below)
    } else {
        return None;
    };
    Some(DistributionError::whole(format!(
        "the parameter's value {} lies far in a tail of this {kind} (mean {}): {} of its draws are {side} it, so it does not describe the value; centre the distribution on the value (e.g. make the value its mean or mode) or correct the value",
        show(value),
        approx(distribution.mean()),
        share_text(share),
    )))
}

/// A small share as a message shows it: `only` a percentage to three significant digits, or
/// `fewer than 0.000001 %` below that.
fn share_text(share: f64) -> String {
    if share < 1e-8 { "fewer than 0.000001 %".to_string() } else { format!("only {} %", approx(share * 100.0)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, value: f64) -> Result<Distribution, DistributionError> {
        let table: toml::Table = text.parse().expect("TOML");
        from_toml(&table, value)
    }

    #[test]
    fn every_kind_reads() {
        assert_eq!(parse("kind = \"fixed\"", 3.0).expect("valid"), Distribution::Fixed(3.0));
        assert_eq!(
            parse("kind = \"beta\"\nalpha = 2\nbeta = 8", 0.2).expect("valid"),
            Distribution::Beta { alpha: 2.0, beta: 8.0 }
        );
        assert_eq!(
            parse("kind = \"normal\"\nmean = 0\nsd = 0.5", 0.1).expect("valid"),
            Distribution::Normal { mean: 0.0, sd: 0.5 }
        );
    }

    #[test]
    fn lists_of_keys() {
        assert_eq!(takes("beta"), "`alpha` and `beta`, or `mean` and `sd`");
        assert_eq!(takes("pert"), "`min`, `mode` and `max`");
    }
}
