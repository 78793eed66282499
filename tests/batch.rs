//! The batch-of-draws path of the probabilistic analysis against the path that validates and
//! runs every draw on its own: the same figures for every draw, on the textbook model and on a
//! monthly Swedish scenario whose effect, participants, start cost and a whole-strategy
//! multiplier are all drawn.

use rust_decimal::Decimal;
use sekalk::analysis::batch::Batches;
use sekalk::analysis::psa::{Figures, draw_values, figures, sampled};
use sekalk::analysis::run_fast;
use sekalk::load::{Loaded, load, load_texts};
use sekalk::validate::{Changes, validate_with};
use std::path::Path;

/// The typical scenario with its effect, participants, start cost and a relative risk on the
/// baseline's exits to work drawn (the values are those of the file; the spreads are made up
/// for the test).
fn drawn_typical() -> Loaded {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("scenarios/typisk_insats.toml")).expect("scenario");
    let model = std::fs::read_to_string(root.join("models/sverige.toml")).expect("model");
    let mut text = text
        .replace("multiplier = 1.4", "multiplier = \"effekt\"")
        .replace("participants = 40", "participants = \"platser\"")
        .replace("amount = 60000", "amount = \"startkostnad\"");
    text.push_str(
        r#"
[[baseline.multipliers]]
from = ["k2_25", "k3_25"]
to = ["arbete_ny"]
multiplier = "rr_arbete"
source = "test"

[[parameters]]
id = "effekt"
value = 1.4
distribution = { kind = "pert", min = 1.0, mode = 1.4, max = 2.0 }
source = "test"

[[parameters]]
id = "platser"
value = 40
distribution = { kind = "uniform", min = 30, max = 50 }
source = "test"

[[parameters]]
id = "startkostnad"
value = 60000
distribution = { kind = "gamma", mean = 60000, sd = 12000 }
source = "test"

[[parameters]]
id = "rr_arbete"
value = 1
distribution = { kind = "lognormal", mean = 1, sd = 0.1 }
source = "test"
"#,
    );
    let scenario_path = root.join("scenarios/drawn.toml");
    load_texts((scenario_path, text), (root.join("models/sverige.toml"), model)).expect("loads")
}

/// Every draw of the first `draws` from `seed`, a batch at a time and each on its own, agree.
fn agree(loaded: &Loaded, draws: u64, seed: u64) {
    let scenario = validate_with(loaded, Changes::FOR_DRAWS).expect("valid");
    let drawn = sampled(&scenario);
    let batches = Batches::new(&scenario, &drawn).expect("every drawn value keeps its formula");
    let ids: Vec<String> = drawn.iter().map(|&p| scenario.uncertainty.parameters[p].id.clone()).collect();
    let mut scratch = batches.scratch();
    let values: Vec<Vec<f64>> = (0..draws).map(|i| draw_values(&scenario, seed, i)).collect();
    let mut compared = 0;
    for chunk in values.chunks(sekalk::project::BATCH) {
        let valid = batches.run(&chunk.concat(), &mut scratch);
        for (lane, values) in chunk.iter().enumerate() {
            let set: Vec<(String, Decimal)> =
                ids.iter().cloned().zip(values.iter().map(|v| Decimal::try_from(*v).expect("finite"))).collect();
            let alone = run_fast(loaded, &set);
            if !valid[lane] {
                assert!(alone.is_err(), "the batch left a draw that validates: {values:?}");
                continue;
            }
            let alone = alone.expect("the batch accepted a draw validation refuses");
            let (batch, gains) = scratch.lane(lane);
            let alone_figures: Vec<Figures> = alone.iter().flat_map(|c| figures(&c.summaries)).collect();
            let alone_gains: Vec<f64> = alone.iter().flat_map(|c| c.outcomes.iter().map(|o| o.difference)).collect();
            assert_eq!(batch.len(), alone_figures.len());
            for (b, a) in batch.iter().zip(&alone_figures) {
                close(&[b.net_benefit, b.extra_cost], &[a.net_benefit, a.extra_cost]);
                assert_eq!(b.payback, a.payback);
            }
            close(gains, &alone_gains);
            compared += 1;
        }
    }
    assert!(compared as u64 > draws / 2, "only {compared} of {draws} draws compared");
}

fn close(batch: &[f64], alone: &[f64]) {
    for (b, a) in batch.iter().zip(alone) {
        assert!((b - a).abs() <= 1e-9 * a.abs().max(1.0), "batch {b} against validated {a}");
    }
}

#[test]
fn batches_of_the_textbook_model_give_what_validating_each_draw_gives() {
    let loaded = load(Path::new("scenarios/hip_replacement.toml")).expect("loads");
    agree(&loaded, 40, 11);
}

#[test]
fn batches_of_a_monthly_scenario_with_drawn_effect_places_cost_and_multiplier_agree_too() {
    agree(&drawn_typical(), 24, 5);
}

#[test]
fn a_drawn_discount_rate_leaves_every_draw_to_validation() {
    let drawn = drawn_typical();
    let (path, text) = {
        let file = drawn.sources.get(drawn.scenario_file);
        (file.path.clone(), file.text.replace("costs = 0.035", "costs = \"ranta\""))
    };
    let text = format!(
        "{text}\n[[parameters]]\nid = \"ranta\"\nvalue = 0.035\ndistribution = {{ kind = \"uniform\", min = 0.01, max = 0.05 }}\nsource = \"test\"\n"
    );
    let model = drawn.sources.get(drawn.model_file);
    let loaded = load_texts((path, text), (model.path.clone(), model.text.clone())).expect("loads");
    let scenario = validate_with(&loaded, Changes::FOR_DRAWS).expect("valid");
    // The rate is read as a plain number, so its formula is lost: no batch stands in for it.
    assert!(scenario.free.as_ref().is_some_and(|f| !f.complete));
    assert!(Batches::new(&scenario, &sampled(&scenario)).is_none());
}

/// The textbook model with its re-revision risk drawn from `distribution` around `value`: once
/// the mortality of the oldest band (15.5 %) is added, a risk above 84.5 % leaves the row of
/// successful revisions less than nothing.
fn hip_with_re_revision_risk(value: &str, distribution: &str) -> Loaded {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = std::fs::read_to_string(root.join("scenarios/hip_replacement.toml")).expect("scenario");
    let model = std::fs::read_to_string(root.join("models/hip_replacement.toml")).expect("model");
    let model = model
        .replace("value = 0.04\n", &format!("value = {value}\n"))
        .replace("distribution = { kind = \"beta\", alpha = 4, beta = 96 }", distribution);
    let paths = (root.join("scenarios/hip_replacement.toml"), root.join("models/hip_replacement.toml"));
    load_texts((paths.0, scenario), (paths.1, model)).expect("loads")
}

#[test]
fn a_draw_that_leaves_a_row_less_than_nothing_is_left_to_validation_whichever_entry_is_largest() {
    // In the file, first the remainder is the row's largest entry (a risk of 4 %), then the
    // risk is (70 %).
    for (value, min, max) in [("0.04", 0.0, 0.9), ("0.7", 0.3, 0.95)] {
        let distribution = format!("distribution = {{ kind = \"uniform\", min = {min}, max = {max} }}");
        let loaded = hip_with_re_revision_risk(value, &distribution);
        let scenario = validate_with(&loaded, Changes::FOR_DRAWS).expect("valid");
        let drawn = sampled(&scenario);
        let batches = Batches::new(&scenario, &drawn).expect("batches");
        let mut scratch = batches.scratch();
        let left = (0..40u64)
            .collect::<Vec<_>>()
            .chunks(sekalk::project::BATCH)
            .map(|chunk| {
                let values: Vec<f64> = chunk.iter().flat_map(|&i| draw_values(&scenario, 3, i)).collect();
                batches.run(&values, &mut scratch).iter().filter(|v| !**v).count()
            })
            .sum::<usize>();
        assert!(left > 0, "no draw was left to validation between {min} and {max}");
        agree(&loaded, 40, 3);
    }
}

#[test]
fn a_draw_whose_amount_leaves_the_accepted_range_is_left_to_validation() {
    // A cost in the model (the revision's, `exp(x)`) and a payment in the scenario (the
    // typical intervention's start cost): about a quarter of the draws ask for more
    // than 10^12 per person, which validation refuses in a file.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scenario = std::fs::read_to_string(root.join("scenarios/hip_replacement.toml")).expect("scenario");
    let model = std::fs::read_to_string(root.join("models/hip_replacement.toml"))
        .expect("model")
        .replace(r#"amount = "c_revision""#, r#"amount = "exp(x)""#)
        + "\n[[parameters]]\nid = \"x\"\nvalue = 25\ndistribution = { kind = \"uniform\", min = 20, max = 30 }\nsource = \"test\"\n";
    let paths = (root.join("scenarios/hip_replacement.toml"), root.join("models/hip_replacement.toml"));
    agree(&load_texts((paths.0, scenario), (paths.1, model)).expect("loads"), 40, 2);
    let typical = drawn_typical();
    let file = typical.sources.get(typical.scenario_file);
    let text = file.text.replace(
        "value = 60000\ndistribution = { kind = \"gamma\", mean = 60000, sd = 12000 }",
        "value = 600000000000\ndistribution = { kind = \"uniform\", min = 1, max = 1300000000000 }",
    );
    assert_ne!(text, file.text);
    let model = typical.sources.get(typical.model_file);
    let loaded = load_texts((file.path.clone(), text), (model.path.clone(), model.text.clone())).expect("loads");
    agree(&loaded, 24, 5);
}
