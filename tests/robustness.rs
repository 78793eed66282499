//! Damaged inputs never crash sekalk: valid shipped files with random damage (truncation,
//! deleted or doubled lines, swapped values, absurd numbers) must give a report or an input
//! error, never a panic, an internal error or a hang.

use proptest::prelude::*;
use sekalk::cli::run_texts;
use sekalk::error::Error;
use sekalk::render::format::Lang;
use std::time::{Duration, Instant};

/// Scenario and model pairs that run as shipped.
const PAIRS: [(&str, &str); 4] = [
    (include_str!("../scenarios/typisk_insats.toml"), include_str!("../models/sverige.toml")),
    (include_str!("../scenarios/framgangen.toml"), include_str!("../models/sverige.toml")),
    (include_str!("data/textbook/hiv_scenario.toml"), include_str!("data/textbook/hiv_model.toml")),
    (include_str!("data/hand/intervention.toml"), include_str!("data/hand/model.toml")),
];

/// Values an absurd edit writes in place of a number.
const ABSURD: [&str; 12] = [
    "1e308",
    "-1e300",
    "0",
    "-1",
    "99999999999999999999999999999",
    "nan",
    "inf",
    "\"abc\"",
    "1e-30",
    "-0.0",
    "1e13",
    "[1, 2]",
];

#[derive(Debug, Clone)]
enum Damage {
    Truncate(usize),
    DeleteLine(usize),
    DoubleLine(usize),
    SwapNumbers(usize, usize),
    AbsurdNumber(usize, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::Truncate),
        any::<usize>().prop_map(Damage::DeleteLine),
        any::<usize>().prop_map(Damage::DoubleLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Damage::SwapNumbers(a, b)),
        (any::<usize>(), 0..ABSURD.len()).prop_map(|(a, b)| Damage::AbsurdNumber(a, b)),
    ]
}

/// Byte ranges of the numbers written after `= ` in a text.
fn numbers(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 2 < bytes.len() {
        if bytes[i] == b'=' && bytes[i + 1] == b' ' && (bytes[i + 2].is_ascii_digit() || bytes[i + 2] == b'-') {
            let start = i + 2;
            let mut end = start + 1;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || b".-_+".contains(&bytes[end])) {
                end += 1;
            }
            found.push(start..end);
            i = end;
        } else {
            i += 1;
        }
    }
    found
}

fn apply(text: &str, damage: &Damage) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let numbers = numbers(text);
    match *damage {
        Damage::Truncate(at) => {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text[..at].to_string()
        }
        Damage::DeleteLine(i) => {
            let skip = i % lines.len().max(1);
            lines.iter().enumerate().filter(|(n, _)| *n != skip).map(|(_, l)| *l).collect::<Vec<_>>().join("\n")
        }
        Damage::DoubleLine(i) => {
            let twice = i % lines.len().max(1);
            lines
                .iter()
                .enumerate()
                .flat_map(|(n, l)| if n == twice { vec![*l, *l] } else { vec![*l] })
                .collect::<Vec<_>>()
                .join("\n")
        }
        Damage::SwapNumbers(a, b) if numbers.len() >= 2 => {
            let (mut x, mut y) = (numbers[a % numbers.len()].clone(), numbers[b % numbers.len()].clone());
            if x.start > y.start {
                std::mem::swap(&mut x, &mut y);
            }
            if x == y {
                return text.to_string();
            }
            format!(
                "{}{}{}{}{}",
                &text[..x.start],
                &text[y.clone()],
                &text[x.end..y.start],
                &text[x.clone()],
                &text[y.end..]
            )
        }
        Damage::AbsurdNumber(a, value) if !numbers.is_empty() => {
            let x = numbers[a % numbers.len()].clone();
            format!("{}{}{}", &text[..x.start], ABSURD[value], &text[x.end..])
        }
        _ => text.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn damaged_files_give_a_report_or_an_input_error(pair in 0..PAIRS.len(), in_model in any::<bool>(), damage in damage()) {
        let (scenario, model) = PAIRS[pair];
        let (scenario, model) = if in_model { (scenario.to_string(), apply(model, &damage)) } else { (apply(scenario, &damage), model.to_string()) };
        let started = Instant::now();
        let result = run_texts(&scenario, &model, Lang::Sv);
        prop_assert!(started.elapsed() < Duration::from_secs(30), "took {:?}", started.elapsed());
        match result {
            Ok(report) => prop_assert!(report.contains("Sammanfattning")),
            Err(Error::Input { diagnostics, .. }) => {
                prop_assert!(!diagnostics.is_empty());
                prop_assert!(diagnostics.iter().all(|d| !d.message.is_empty()));
            }
            Err(other) => prop_assert!(false, "not an input error: {}", other.render()),
        }
    }
}

/// Every problem of a damaged file that can be placed is placed: the absurd values the
/// damage writes into a number are reported at their line.
#[test]
fn absurd_numbers_are_reported_where_they_are_written() {
    let (scenario, model) = PAIRS[3];
    for value in ["1e308", "nan", "\"abc\"", "-1"] {
        let damaged = model.replacen("0.1", value, 1);
        let Err(Error::Input { diagnostics, .. }) = run_texts(scenario, &damaged, Lang::Sv) else {
            panic!("{value} must be refused")
        };
        assert!(diagnostics.iter().all(|d| d.span.is_some()), "{value}: {diagnostics:?}");
    }
}

/// The messages of the problems `sekalk check` finds in the hip-replacement scenario with
/// `model` as its model.
fn hip_problems(model: &str) -> Vec<String> {
    match run_texts(include_str!("../scenarios/hip_replacement.toml"), model, Lang::En) {
        Err(Error::Input { diagnostics, .. }) => diagnostics.iter().map(|d| d.message.clone()).collect(),
        other => panic!("expected input errors, got {other:?}"),
    }
}

#[test]
fn one_broken_parameter_is_reported_once_not_as_problems_of_formulas_that_do_not_use_it() {
    let model = include_str!("../models/hip_replacement.toml");
    // Two parameters nothing uses, in a circle: the circle is the one problem (every formula
    // of the model was reported as having no value).
    let circle = format!(
        "{model}\n[[parameters]]\nid = \"ca\"\nvalue = \"cb\"\nsource = \"t\"\n\n[[parameters]]\nid = \"cb\"\nvalue = \"ca\"\nsource = \"t\"\n"
    );
    assert_eq!(hip_problems(&circle), ["parameters use each other in a circle: ca → cb → ca"]);
    // NP1's coefficient 1000 overflows `rr_np1 = exp(b_np1)`: that problem, and the multiplier
    // that uses `rr_np1` says so (it was a division by zero of `h_revision`, computed after it
    // and left at zero).
    let problems = hip_problems(&model.replace("value = -1.344474", "value = 1000"));
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().any(|m| m.starts_with("parameter `rr_np1` cannot be computed")), "{problems:?}");
    assert!(problems.iter().any(|m| m.contains("uses `rr_np1`, which cannot be computed")), "{problems:?}");
}

#[test]
fn a_scenario_parameter_with_the_id_of_a_table_of_the_model_is_reported_at_the_parameter_alone() {
    // It was reported at the model's table, with the model's formula that looks the table up
    // and the three probabilities that use that formula as further problems.
    let scenario = format!(
        "{}\n[[parameters]]\nid = \"mortality_male\"\nvalue = 1\nsource = \"t\"\n",
        include_str!("../scenarios/hip_replacement.toml")
    );
    let Err(Error::Input { diagnostics, sources }) =
        run_texts(&scenario, include_str!("../models/hip_replacement.toml"), Lang::En)
    else {
        panic!("must be refused")
    };
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["the parameter `mortality_male` has the id of a table of the model"]);
    let line = scenario.lines().position(|l| l == "id = \"mortality_male\"").expect("the line") + 1;
    let shown = diagnostics[0].render(&sources);
    assert!(shown.contains(&format!("scenario.toml:{line}:6")), "{shown}");
}
