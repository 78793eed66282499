//! Turns a TOML or serde error into a diagnostic that says how to fix it.

use crate::diagnostic::{Diagnostic, FileId, did_you_mean, number_written_as_text};

/// A located diagnostic for a TOML syntax, unknown-key, missing-key or type error in `text`,
/// the text of `file`.
pub fn diagnose(error: &toml::de::Error, file: FileId, text: &str) -> Diagnostic {
    let mut message = error.message().trim().to_string();
    let span = error.span().unwrap_or(0..0);
    if let Some(number) = number_in_quotes(&message, text.get(span.clone()).unwrap_or_default()) {
        return Diagnostic::at(file, span, number, "a number in quotes is text")
            .help("TOML reads anything in quotes as text: write numbers bare, with a decimal point, e.g. `1.5`, `9850` or `0.035`");
    }
    let (label, help) = explain(&message);
    if label.contains("a list where one table belongs") {
        message = "a list of tables (`[[…]]`) where a single table belongs".to_string();
    }
    let mut d = Diagnostic::at(file, span, message, label);
    d.help = help;
    d
}

/// For a type error where a number belongs but text in quotes is written (`"1,5"`, `"1 500"`),
/// the sentence saying which number to write; `literal` is the offending TOML text.
fn number_in_quotes(message: &str, literal: &str) -> Option<String> {
    let expects_number = message.ends_with("expected f64") || message.ends_with("expected i64");
    if !(message.starts_with("invalid type: string") && expects_number) {
        return None;
    }
    // The literal as TOML reads it, escapes and all: serde's message quotes it debug-escaped.
    let value = format!("v = {literal}").parse::<toml::Table>().ok()?.remove("v")?;
    let text = value.as_str()?;
    let (number, sentence) = number_written_as_text(text)?;
    if number.is_integer() || !message.ends_with("expected i64") {
        return Some(sentence);
    }
    let shown = crate::escape::clip(text, 40).0;
    Some(format!(
        "\"{shown}\" is text, not a number, and this key takes a whole number: write one without quotes or decimals, e.g. `{}`",
        number.trunc()
    ))
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
