//! The size estimate that guards the work and memory limits is an upper bound of what compiling
//! really builds, and the limits refuse what exceeds them before anything is built.

use rust_decimal::Decimal;
use sekalk::cli::load_scenario;
use sekalk::compile::compile;
use sekalk::compile::size::estimate;
use sekalk::domain::Scenario;
use sekalk::evaluate::{EvaluateError, MAX_STATES, MAX_STORED_ENTRIES, evaluate, within_limits};
use std::path::Path;

/// The shipped and test scenarios whose chains are compared with their estimates.
const SCENARIOS: [&str; 4] = [
    "scenarios/typisk_insats.toml",
    "scenarios/framgangen.toml",
    "tests/data/hand/intervention.toml",
    "tests/data/textbook/hiv_scenario.toml",
];

fn shipped(path: &str) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    match load_scenario(&path) {
        Ok((scenario, _)) => scenario,
        Err(error) => panic!("{path:?} is invalid:\n{}", error.render()),
    }
}

/// Every strategy's compiled chain has no more states, nonzeros per matrix or distinct matrices
/// than estimated.
fn assert_estimate_bounds_the_chain(scenario: &Scenario) {
    for strategy in std::iter::once(&scenario.baseline).chain(&scenario.alternatives) {
        let (size, _) = estimate(scenario, strategy);
        let compiled = compile::<Decimal>(scenario, strategy);
        let chain = &compiled.chain;
        assert!(compiled.layout.size() as u64 <= size.states, "{}: states {size:?}", strategy.id);
        assert!(chain.matrices.len() as u64 <= size.matrices, "{}: matrices {size:?}", strategy.id);
        let nonzeros = chain.matrices.iter().map(|m| m.nonzeros()).max().unwrap_or(0);
        assert!(nonzeros as u64 <= size.nonzeros, "{}: {nonzeros} nonzeros, {size:?}", strategy.id);
        assert_eq!(size.cycles, scenario.cycles() as u64);
    }
}

#[test]
fn the_estimate_bounds_every_shipped_chain() {
    for path in SCENARIOS {
        assert_estimate_bounds_the_chain(&shipped(path));
    }
}

/// The typical scenario with its intervention taking a batch every year for `years` years, with
/// a lasting effect, over a `horizon`.
fn yearly_lasting(years: u32, horizon: u32) -> Scenario {
    let mut scenario = shipped("scenarios/typisk_insats.toml");
    scenario.horizon_years = horizon;
    for intervention in &mut scenario.alternatives[0].interventions {
        let amount = sekalk::domain::Participants::Share(Decimal::new(1, 2).into());
        let batches =
            (0..years).map(|year| sekalk::domain::Batch { month: year * 12, amount: amount.clone() }).collect();
        intervention.intake = sekalk::domain::Intake::Batches(batches);
        intervention.drop_off = Some(Decimal::new(3, 1));
    }
    scenario
}

#[test]
fn the_estimate_bounds_chains_with_many_lasting_batches() {
    for (years, horizon) in [(1, 1), (3, 5), (12, 12), (20, 30)] {
        assert_estimate_bounds_the_chain(&yearly_lasting(years, horizon));
    }
}

#[test]
fn a_scenario_within_the_limits_runs_and_one_beyond_them_is_refused_before_building() {
    let within = yearly_lasting(20, 30);
    assert_eq!(within_limits(&within), Ok(()));
    assert!(evaluate::<f64>(&within).is_ok());
    let mut beyond = yearly_lasting(200, 200);
    let copies = beyond.alternatives[0].interventions[0].clone();
    beyond.alternatives[0].interventions = vec![copies; 20];
    let (size, _) = estimate(&beyond, &beyond.alternatives[0]);
    assert!(size.states > MAX_STATES || size.stored() > MAX_STORED_ENTRIES, "{size:?}");
    match within_limits(&beyond) {
        Err(EvaluateError::TooLarge { location: Some(_), reduce, .. }) => assert!(reduce.contains("intake_years")),
        other => panic!("not refused with a location: {other:?}"),
    }
}
