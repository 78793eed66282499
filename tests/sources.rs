//! The assumptions and sources list of a report (`sekalk::report::sourced::collect`), checked
//! against the scenario and model files read independently as plain TOML.

use sekalk::load::{Loaded, load, load_texts};
use sekalk::report::sourced::{Origin, Sourced, collect};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const SCENARIOS: [&str; 2] = ["scenarios/typisk_insats.toml", "scenarios/framgangen.toml"];

fn path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn loaded(relative: &str) -> Loaded {
    match load(&path(relative)) {
        Ok(loaded) => loaded,
        Err((_, diagnostics)) => panic!("{relative} does not load: {diagnostics:?}"),
    }
}

fn table(relative: &str) -> toml::Table {
    let text = std::fs::read_to_string(path(relative)).expect("readable");
    text.parse().expect("valid TOML")
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `source` string of every table, however deep, whitespace collapsed.
fn sources_in(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(t) => {
            if let Some(toml::Value::String(s)) = t.get("source") {
                out.push(collapse(s));
            }
            t.values().for_each(|v| sources_in(v, out));
        }
        toml::Value::Array(a) => a.iter().for_each(|v| sources_in(v, out)),
        _ => {}
    }
}

fn of(sourced: &[Sourced], origin: Origin) -> Vec<&Sourced> {
    sourced.iter().filter(|s| s.origin == origin).collect()
}

fn value_of<'a>(sourced: &'a [Sourced], what: &str) -> &'a str {
    match sourced.iter().find(|s| s.what == what) {
        Some(s) => &s.value,
        None => panic!("no `{what}` among {:?}", sourced.iter().map(|s| &s.what).collect::<Vec<_>>()),
    }
}

#[test]
fn every_scenario_source_is_listed_at_least_as_often_as_it_is_written() {
    for scenario in SCENARIOS {
        let mut written = Vec::new();
        sources_in(&toml::Value::Table(table(scenario)), &mut written);
        let listed = collect(&loaded(scenario));
        let listed: Vec<&str> = of(&listed, Origin::Scenario).iter().map(|s| s.source.as_str()).collect();
        let mut tables: BTreeMap<&str, usize> = BTreeMap::new();
        written.iter().for_each(|s| *tables.entry(s).or_default() += 1);
        let mut figures: BTreeMap<&str, usize> = BTreeMap::new();
        listed.iter().filter(|s| !s.is_empty()).for_each(|s| *figures.entry(s).or_default() += 1);
        assert_eq!(
            tables.keys().collect::<Vec<_>>(),
            figures.keys().collect::<Vec<_>>(),
            "{scenario}: the distinct sources listed are those written"
        );
        for (source, count) in &tables {
            assert!(figures[source] >= *count, "{scenario}: each table with a source gives a figure: {source}");
        }
    }
}

#[test]
fn every_figure_is_named_once_and_the_order_is_stable() {
    for scenario in SCENARIOS {
        let loaded = loaded(scenario);
        let listed = collect(&loaded);
        assert_eq!(listed, collect(&loaded), "{scenario}: deterministic");
        let names: BTreeSet<(bool, &str)> =
            listed.iter().map(|s| (s.origin == Origin::Scenario, s.what.as_str())).collect();
        assert_eq!(names.len(), listed.len(), "{scenario}: no figure twice");
        let first_model = listed.iter().position(|s| s.origin == Origin::ModelAssumption).unwrap_or(listed.len());
        assert!(listed[first_model..].iter().all(|s| s.origin == Origin::ModelAssumption), "{scenario}");
        assert_eq!(listed[0].what, "scenario.horizon_years", "{scenario}: file order");
    }
}

/// The (id, source) of every model row, cost item and kept share whose source says it is an
/// assumption, leaving out what the scenario's `[overrides]` replace.
fn model_assumptions(scenario: &str) -> Vec<(String, String)> {
    let model = table("models/sverige.toml");
    let overrides = table(scenario).get("overrides").cloned().unwrap_or(toml::Value::Table(Default::default()));
    let mut expected = Vec::new();
    for (array, key) in [("transitions", "from"), ("costs", "id"), ("equalisation", "receiver")] {
        let ids = |v: &toml::Value| v.get(key).and_then(|id| id.as_str()).map(str::to_owned);
        let replaced: BTreeSet<String> =
            overrides.get(array).and_then(|a| a.as_array()).into_iter().flatten().filter_map(ids).collect();
        for item in model.get(array).and_then(|a| a.as_array()).into_iter().flatten() {
            let source = item.get("source").and_then(|s| s.as_str()).unwrap_or("");
            let lower = source.to_lowercase();
            let id = ids(item).expect("an id");
            if (lower.contains("antagande") || lower.contains("assumption")) && !replaced.contains(&id) {
                expected.push((id, collapse(source)));
            }
        }
    }
    expected.sort();
    expected
}

#[test]
fn model_assumptions_are_exactly_the_items_whose_source_says_antagande() {
    for scenario in SCENARIOS {
        let expected = model_assumptions(scenario);
        assert!(expected.len() > 20, "the model has many assumptions: {}", expected.len());
        let listed = collect(&loaded(scenario));
        let mut listed: Vec<(String, String)> = of(&listed, Origin::ModelAssumption)
            .iter()
            .map(|s| {
                let id = s.what.split(['[', ']']).nth(1).unwrap_or_default();
                (id.to_owned(), s.source.clone())
            })
            .collect();
        listed.sort();
        assert_eq!(listed, expected, "{scenario}");
    }
}

#[test]
fn values_are_shown_as_written() {
    let typisk = collect(&loaded("scenarios/typisk_insats.toml"));
    let insats = "alternatives[insats].interventions[arbetsmarknadsinsats]";
    assert_eq!(value_of(&typisk, &format!("{insats}.effects[0].multiplier")), "1.4");
    assert_eq!(value_of(&typisk, &format!("{insats}.start_cost[0].amount")), "60000");
    assert_eq!(value_of(&typisk, &format!("{insats}.intake")), "start");
    assert_eq!(value_of(&typisk, "discounting.costs"), "0.035");
    assert_eq!(
        value_of(&typisk, "discounting.outcomes"),
        "{manader_stod = 0, manader_arbete = 0, manader_studier = 0}"
    );

    let framgangen = collect(&loaded("scenarios/framgangen.toml"));
    // 3.20, not 3.2: the text of the file, in the order written.
    assert_eq!(
        value_of(&framgangen, "population.inflow"),
        "{k1_0_6 = 12.01, k2_0_6 = 9.37, k3_0_6 = 4.12, k4_0_6 = 3.20, k5_0_6 = 2.33}"
    );
    assert_eq!(
        value_of(&framgangen, "alternatives[framgangen].interventions[framgangen].schedule"),
        "[6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 8, 8, 8, 8, 0, 0, 16, 16, 16, 16, 16, 21]"
    );
    assert_eq!(
        value_of(&framgangen, "alternatives[framgangen].interventions[framgangen].observed[0].date"),
        "2019-01-10"
    );
    assert_eq!(value_of(&framgangen, "overrides.equalisation[kommun].kept_share"), "0.12");
    assert_eq!(value_of(&framgangen, "actors[esf].public"), "false");
    assert_eq!(value_of(&framgangen, "scenario.start_date"), "2016-09-01");
    assert_eq!(value_of(&framgangen, "costs[handl].amount"), "1740");
}

#[test]
fn the_annotated_example_lists_bands_schedules_and_lasting_effects() {
    let listed = collect(&loaded("docs/examples/scenario.toml"));
    let coaching = "alternatives[coachning].interventions[jobbcoachning]";
    assert_eq!(
        value_of(&listed, "discounting.costs"),
        "{ bands = [{ from_year = 0, rate = 0.035 }, { from_year = 31, rate = 0.03 }] }"
    );
    assert_eq!(value_of(&listed, "population.inflow"), "{stod_kort = { by_year = [10, 9, 8] }}");
    assert_eq!(value_of(&listed, &format!("{coaching}.after.drop_off")), "0.3");
    assert_eq!(value_of(&listed, &format!("{coaching}.fixed_cost[0].years")), "[1, 2]");
    assert_eq!(value_of(&listed, "alternatives[coachning].costs[uppfoljning].amount"), "{ by_year = [500, 500, 0] }");
    assert_eq!(value_of(&listed, "overrides.model.counting"), "life-table");
    let drop_off = listed.iter().find(|s| s.what.ends_with("after.drop_off")).expect("listed");
    assert_eq!(drop_off.source, "Antagande: effekten avtar 30 % per år");
}

#[test]
fn values_written_over_several_lines_are_compacted() {
    let scenario = r#"
[scenario]
name = "x"
model = "m.toml"
horizon_years = 3

[population]
source = """Antagande:   a
  town"""
[population.start]
k1_0_6 = 10 # a comment
"k1 7" = "350/1734"
[population.inflow.k1_0_6]
by_year = [1.50,
  2, # a comment
  3]

[discounting]
costs = 0.035
source = "d"

[[alternatives]]
id = "a"
label = "A"

[[alternatives.interventions]]
id = "i"
label = "I"
targets = ["k1_0_6"]
intake = "monthly"
schedule = [
  5, # first month
  4.0,
]
duration_months = 12
active_in = ["k1_0_6"]
source = "s"
"#;
    let model = std::fs::read_to_string(path("models/sverige.toml")).expect("readable");
    let loaded = match load_texts(("s.toml".into(), scenario.into()), ("m.toml".into(), model)) {
        Ok(loaded) => loaded,
        Err((_, diagnostics)) => panic!("{diagnostics:?}"),
    };
    let listed = collect(&loaded);
    assert_eq!(value_of(&listed, "population.start"), "{k1_0_6 = 10, \"k1 7\" = \"350/1734\"}");
    assert_eq!(value_of(&listed, "population.inflow"), "{k1_0_6 = { by_year = [1.5, 2, 3] }}");
    assert_eq!(value_of(&listed, "alternatives[a].interventions[i].schedule"), "[5, 4.0]");
    let start = listed.iter().find(|s| s.what == "population.start").expect("listed");
    assert_eq!(start.source, "Antagande: a town");
}
