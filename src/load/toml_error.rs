//! Turns a TOML or serde error into a diagnostic that says how to fix it.

use crate::diagnostic::{Diagnostic, FileId, did_you_mean};

/// A located diagnostic for a TOML syntax, unknown-key, missing-key or type error.
pub fn diagnose(error: &toml::de::Error, file: FileId) -> Diagnostic {
    let mut message = error.message().trim().to_string();
    let span = error.span().unwrap_or(0..0);
    let (label, help) = explain(&message);
    if label.contains("a list where one table belongs") {
        message = "a list of tables (`[[…]]`) where a single table belongs".to_string();
    }
    let mut d = Diagnostic::at(file, span, message, label);
    d.help = help;
    d
}

fn explain(message: &str) -> (String, Option<String>) {
    if let Some((unknown, expected)) = unknown_field(message) {
        let help = match did_you_mean(&unknown, expected.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None if expected.is_empty() => "remove this key".to_string(),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
        return ("unknown key".into(), Some(help));
    }
    if let Some(missing) = between(message, "missing field `", "`") {
        return ("required key missing in this table".into(), Some(format!("add `{missing} = …` to this table")));
    }
    if message.contains("expected struct") && (message.starts_with("invalid length") || message.contains("sequence")) {
        return (
            "wrong type: a list where one table belongs".into(),
            Some("write this table once with single brackets, `[name]`, not `[[name]]`".into()),
        );
    }
    if message.starts_with("invalid type") {
        return ("wrong type".into(), Some("see docs/FORMAT.md for the type of each key".into()));
    }
    ("TOML syntax error".into(), Some("see docs/FORMAT.md and https://toml.io for the syntax".into()))
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" message.
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let unknown = between(message, "unknown field `", "`")?;
    let rest = message.split_once("expected").map_or("", |(_, r)| r);
    let expected = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((unknown.to_string(), expected))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}
