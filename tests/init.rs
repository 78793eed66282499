//! `sekalk init`: the starter scenario is a valid scenario for its model, runs through the whole
//! pipeline, and lists what the model holds.

use sekalk::diagnostic::Sources;
use sekalk::domain::Model;
use sekalk::init::{default_model_path, starter_scenario};
use sekalk::load::raw::RawModel;
use sekalk::render::format::Lang;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    let path = root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A model file validated on its own, as `sekalk check` does.
fn model(text: &str) -> Model {
    let mut sources = Sources::default();
    let file = sources.add(PathBuf::from("model.toml"), text.to_string());
    let raw: RawModel = sekalk::load::parse(&sources, file).unwrap_or_else(|d| panic!("{}", d.render(&sources)));
    sekalk::validate::validate_model(&sources, file, &raw)
        .unwrap_or_else(|d| panic!("{}", sekalk::diagnostic::render_all(&d, &sources)))
}

/// Runs `scenario` on `model_text` through load, validation, evaluation and rendering.
fn runs(scenario: &str, model_text: &str) -> String {
    match sekalk::cli::run_texts(scenario, model_text, Lang::Sv) {
        Ok(report) => report,
        Err(error) => panic!("the starter scenario is refused:\n{}\n--- scenario ---\n{scenario}", error.render()),
    }
}

#[test]
fn the_default_model_path_is_the_swedish_model() {
    assert_eq!(default_model_path(), "models/sverige.toml");
    assert!(root().join(default_model_path()).is_file());
}

#[test]
fn starter_for_the_default_model_runs_through_the_whole_pipeline() {
    let text = read(default_model_path());
    let starter = starter_scenario(&model(&text), "../models/sverige.toml");
    let report = runs(&starter, &text);
    assert!(report.contains("Med insats"), "the alternative is in the report:\n{report}");
    assert!(report.contains("Utan insats"), "the baseline is in the report:\n{report}");
}

#[test]
fn starter_for_the_default_model_passes_check_next_to_a_copy_of_the_model() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir(dir.path().join("models")).expect("models folder");
    std::fs::write(dir.path().join("models/sverige.toml"), read("models/sverige.toml")).expect("copy the model");
    let model = model(&read("models/sverige.toml"));
    let path = dir.path().join("starter.toml");
    std::fs::write(&path, starter_scenario(&model, default_model_path())).expect("write the starter");

    let (scenario, _) = sekalk::cli::load_scenario(&path).unwrap_or_else(|e| panic!("{}", e.render()));
    assert_eq!(scenario.alternatives.len(), 1);
    let intervention = &scenario.alternatives[0].interventions[0];
    assert_eq!(intervention.effects.len(), 1, "the default model gets an example effect");
    assert_eq!(intervention.targets.len(), 1);
    sekalk::evaluate::evaluate::<rust_decimal::Decimal>(&scenario).unwrap_or_else(|e| panic!("the starter runs: {e}"));
}

#[test]
fn starter_lists_every_state_group_grouping_and_actor_of_the_model() {
    let model = model(&read(default_model_path()));
    let starter = starter_scenario(&model, default_model_path());
    let comments: String = starter.lines().filter(|l| l.starts_with('#')).collect::<Vec<_>>().join("\n");
    for state in &model.states {
        let listed = comments.lines().any(|l| l.split_whitespace().nth(1) == Some(state.id.as_str()));
        assert!(listed, "state `{}` is not listed:\n{comments}", state.id);
        assert!(comments.contains(&state.label.sv), "label of `{}`", state.id);
    }
    for group in &model.groups {
        assert!(comments.contains(&format!(" {} ", group.id)), "group `{}` is not listed", group.id);
    }
    for grouping in model.groupings.iter().skip(1) {
        assert!(comments.contains(&format!("`{}`", grouping.id)), "grouping `{}` is not listed", grouping.id);
    }
    for actor in &model.actors {
        assert!(comments.contains(&format!(" {} ", actor.id)), "actor `{}` is not listed", actor.id);
    }
    assert!(starter.contains("model = \"models/sverige.toml\""), "names the model by the path given");
}

#[test]
fn every_placeholder_source_says_it_is_an_assumption_to_replace() {
    let model = model(&read(default_model_path()));
    let starter = starter_scenario(&model, default_model_path());
    let table: toml::Table = starter.parse().expect("the starter is TOML");
    let mut sources = Vec::new();
    collect_sources(&toml::Value::Table(table), &mut sources);
    assert!(sources.len() >= 5, "population, discounting, intervention, cost, effect: {sources:?}");
    for source in sources {
        assert!(source.starts_with("Antagande: ersätt med"), "{source}");
    }
}

fn collect_sources(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(table) => {
            for (key, value) in table {
                match value {
                    toml::Value::String(text) if key == "source" => out.push(text.clone()),
                    other => collect_sources(other, out),
                }
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|item| collect_sources(item, out)),
        _ => {}
    }
}

/// Other models, smaller and of other shapes (yearly cycles, `end` counting, rows by year,
/// absorbing first states): each gets a starter that runs.
#[test]
fn starters_for_other_models_are_valid_too() {
    for path in [
        "docs/examples/model.toml",
        "tests/data/hand/model.toml",
        "tests/data/textbook/hiv_model.toml",
        "tests/data/economics/model.toml",
        "tests/data/economics/groupings_model.toml",
        "tests/data/intake/ladder_model.toml",
    ] {
        let text = read(path);
        let model = model(&text);
        let starter = starter_scenario(&model, "model.toml");
        let report = runs(&starter, &text);
        assert!(!report.is_empty(), "{path}");
        for state in &model.states {
            assert!(starter.contains(&state.id), "{path}: state `{}` is not listed", state.id);
        }
    }
}

#[test]
fn labels_with_control_characters_stay_inside_their_comment() {
    let text =
        read("tests/data/hand/model.toml").replace("label = \"Stöd\"\ngroup", "label = \"Stöd\\n[evil]\"\ngroup");
    assert!(text.contains("Stöd\\n[evil]"), "the damaged label is in the model");
    let starter = starter_scenario(&model(&text), "model\"with quote.toml");
    assert!(!starter.lines().any(|l| l.starts_with("[evil]")));
    runs(&starter, &text);
}
