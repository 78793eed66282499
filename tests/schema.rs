//! The JSON Schema of the file formats: the committed copies equal what the code generates,
//! every real file validates against its schema, and the shape problems `sekalk check` reports
//! while reading (unknown keys, wrong types, unknown keywords, missing keys) fail it too.

use serde_json::Value;
use std::path::{Path, PathBuf};

const MODEL_SCHEMA: &str = "docs/schema/model.schema.json";
const SCENARIO_SCHEMA: &str = "docs/schema/scenario.schema.json";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A TOML document as the JSON an editor validates: dates and times become their TOML text
/// (`2025-01-01`), as Taplo does.
fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(table.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect()),
    }
}

fn document(path: &Path) -> (Value, bool) {
    let table: toml::Table = read(path).parse().unwrap_or_else(|e| panic!("{} is not TOML: {e}", path.display()));
    let is_model = table.contains_key("model") && !table.contains_key("scenario");
    (toml_to_json(&toml::Value::Table(table)), is_model)
}

fn validators() -> (jsonschema::Validator, jsonschema::Validator) {
    let compile = |schema: Value| jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema");
    (compile(sekalk::schema::model_schema()), compile(sekalk::schema::scenario_schema()))
}

/// The errors of `path` against the schema of its kind (a model file or a scenario file).
fn schema_errors(path: &Path, validators: &(jsonschema::Validator, jsonschema::Validator)) -> Vec<String> {
    let (json, is_model) = document(path);
    let validator = if is_model { &validators.0 } else { &validators.1 };
    validator.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// The `.toml` files under `dir` (recursively), sorted.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn committed_schemas_equal_the_generated_ones() {
    for (file, kind, generated) in [
        (MODEL_SCHEMA, "model", sekalk::schema::model_schema()),
        (SCENARIO_SCHEMA, "scenario", sekalk::schema::scenario_schema()),
    ] {
        let committed = std::fs::read_to_string(root().join(file)).unwrap_or_default();
        assert!(
            committed == sekalk::schema::to_pretty(&generated),
            "{file} differs from the schema the code generates: regenerate it with\n  \
             cargo run -- schema {kind} > {file}\n\
             or, without that command,\n  \
             cargo test --test schema -- --ignored write_committed_schemas"
        );
    }
}

/// Writes the committed schemas from the code: `cargo test --test schema -- --ignored
/// write_committed_schemas`.
#[test]
#[ignore = "writes docs/schema/*.json; run by hand after a change to src/load/raw.rs"]
fn write_committed_schemas() {
    std::fs::create_dir_all(root().join("docs/schema")).expect("create docs/schema");
    for (file, schema) in
        [(MODEL_SCHEMA, sekalk::schema::model_schema()), (SCENARIO_SCHEMA, sekalk::schema::scenario_schema())]
    {
        std::fs::write(root().join(file), sekalk::schema::to_pretty(&schema)).expect("write schema");
    }
}

#[test]
fn schemas_name_sekalk_and_forbid_unknown_keys() {
    for (schema, title) in [
        (sekalk::schema::model_schema(), "sekalk model file"),
        (sekalk::schema::scenario_schema(), "sekalk scenario file"),
    ] {
        assert_eq!(schema["title"], title);
        assert!(schema["$id"].as_str().is_some_and(|id| id.contains("sekalk")));
        assert!(schema["$schema"].as_str().is_some_and(|s| s.contains("json-schema.org")));
        assert_eq!(schema["additionalProperties"], false, "{title}: top level");
        for (name, definition) in schema["$defs"].as_object().expect("$defs") {
            if definition.get("properties").is_some() {
                assert_eq!(definition["additionalProperties"], false, "{title}: {name}");
            }
        }
        assert!(!sekalk::schema::to_pretty(&schema).contains("\"null\""), "{title}: TOML has no null");
    }
}

#[test]
fn every_model_scenario_and_example_validates_against_its_schema() {
    let validators = validators();
    let mut files: Vec<PathBuf> =
        ["models", "scenarios", "docs/examples"].iter().flat_map(|dir| toml_files(&root().join(dir))).collect();
    // The valid fixtures of the tests too: every file there passes `sekalk check`.
    for dir in ["tests/data/hand", "tests/data/textbook", "tests/data/economics", "tests/data/intake"] {
        files.extend(toml_files(&root().join(dir)));
    }
    files.push(root().join("tests/data/invalid/base_model.toml"));
    files.push(root().join("tests/data/invalid/base_scenario.toml"));
    assert!(files.len() >= 8, "found only {files:?}");
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let errors = schema_errors(path, &validators);
            (!errors.is_empty()).then(|| format!("{}:\n  {}", path.display(), errors.join("\n  ")))
        })
        .collect();
    assert!(failures.is_empty(), "files the schema refuses:\n{}", failures.join("\n"));
}

#[test]
fn a_scenario_with_an_unknown_key_fails_the_schema() {
    let validators = validators();
    let (mut json, _) = document(&root().join("docs/examples/scenario.toml"));
    assert!(validators.1.is_valid(&json), "the example itself is valid");
    json["scenario"]["horizon_year"] = Value::from(10);
    let errors: Vec<String> = validators.1.iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.iter().any(|e| e.contains("horizon_year")), "{errors:?}");

    // A misspelt key deep inside: an effect of an intervention of an alternative.
    let (mut json, _) = document(&root().join("docs/examples/scenario.toml"));
    json["alternatives"][0]["interventions"][0]["effects"][0]["multiplyer"] = Value::from(1.5);
    assert!(!validators.1.is_valid(&json));
}

/// Bad inputs of tests/data/invalid that `sekalk check` refuses while reading (the file's
/// shape): the schema refuses them too, so an editor flags them as they are typed.
#[test]
fn shape_problems_of_the_bad_inputs_fail_the_schema() {
    let validators = validators();
    let cases = [
        "02_unknown_key.toml",
        "08_unknown_key_model_section.model.toml",
        "09_unknown_key_probabilty.model.toml",
        "10_unknown_key_intervention.toml",
        "11_unknown_key_effect.toml",
        "12_unknown_top_level_table.toml",
        "13_missing_horizon.toml",
        "14_missing_intervention_source.toml",
        "15_missing_cost_source.model.toml",
        "16_missing_actor_public.model.toml",
        "17_string_for_number.toml",
        "18_array_for_table.toml",
        "19_array_of_tables_for_table.toml",
        "20_string_for_bool.model.toml",
        "70_unknown_intake.toml",
        "88_unknown_cycle.model.toml",
        "89_unknown_counting.model.toml",
        "90_override_unknown_counting.toml",
        "91_unknown_cost_kind.model.toml",
        "92_unknown_unit.model.toml",
        "93_unknown_per.model.toml",
    ];
    let accepted: Vec<&str> = cases
        .iter()
        .copied()
        .filter(|case| schema_errors(&root().join("tests/data/invalid").join(case), &validators).is_empty())
        .collect();
    assert!(accepted.is_empty(), "the schema accepts these bad inputs: {accepted:?}");
}
