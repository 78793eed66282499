//! Properties that must hold for every valid model, tested over generated ones: people are
//! conserved exactly, nothing turns negative, a zero-effect intervention changes nothing,
//! doubling the population doubles every cost, a higher discount rate never raises a present
//! value of positive costs, and the f64 and Decimal paths agree.

mod common;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use rust_decimal::Decimal;
use sekalk::domain::Scenario;
use sekalk::evaluate::{evaluate, run_strategy};
use sekalk::project::Scalar;
use std::fmt::Write;

/// A generated model: `n` states, a row per state but the last (absorbing), resource costs.
#[derive(Debug, Clone)]
struct Generated {
    rows: Vec<Vec<(usize, u32)>>,
    costs: Vec<(usize, u32)>,
    start: Vec<u32>,
    inflow: u32,
    monthly: bool,
    counting: &'static str,
    horizon: u32,
    rate_permille: u32,
    multiplier_tenths: u32,
    participants: u32,
}

fn generated() -> impl Strategy<Value = Generated> {
    (2usize..6).prop_flat_map(|n| {
        let row = proptest::collection::vec((0..n, 0u32..300), 0..4);
        (
            proptest::collection::vec(row, n - 1),
            proptest::collection::vec((0..n, 0u32..20_000), 1..4),
            proptest::collection::vec(0u32..1000, n),
            0u32..20,
            any::<bool>(),
            prop_oneof![Just("start"), Just("end"), Just("life-table")],
            1u32..12,
            0u32..100,
            5u32..25,
            0u32..100,
        )
            .prop_map(
                |(
                    rows,
                    costs,
                    start,
                    inflow,
                    monthly,
                    counting,
                    horizon,
                    rate_permille,
                    multiplier_tenths,
                    participants,
                )| {
                    Generated {
                        rows,
                        costs,
                        start,
                        inflow,
                        monthly,
                        counting,
                        horizon,
                        rate_permille,
                        multiplier_tenths,
                        participants,
                    }
                },
            )
    })
}

impl Generated {
    fn model(&self) -> String {
        let n = self.start.len();
        let mut m = String::new();
        let cycle = if self.monthly { "month" } else { "year" };
        let _ = writeln!(
            m,
            "[model]\nname = \"generated\"\ncycle = \"{cycle}\"\ncounting = \"{}\"\nprice_year = 2024\n",
            self.counting
        );
        let _ = writeln!(m, "[[groups]]\nid = \"all\"\nlabel = \"Alla\"\n");
        for s in 0..n {
            let _ = writeln!(m, "[[states]]\nid = \"s{s}\"\nlabel = \"S{s}\"\ngroup = \"all\"\n");
        }
        let _ = writeln!(m, "[[actors]]\nid = \"kommun\"\nlabel = \"Kommunen\"\npublic = true\n");
        for (from, entries) in self.rows.iter().enumerate() {
            // Probabilities in thousandths, at most 0.3 each and 0.9 in all, the stay as rest.
            let mut to = Vec::new();
            let mut total = 0;
            for &(target, p) in entries {
                if target != from && total + p <= 900 && !to.iter().any(|(t, _)| *t == target) {
                    total += p;
                    to.push((target, p));
                }
            }
            let mut entries: Vec<String> =
                to.iter().map(|(t, p)| format!("s{t} = {}", f64::from(*p) / 1000.0)).collect();
            entries.push(format!("s{from} = \"rest\""));
            let _ = writeln!(m, "[[transitions]]\nfrom = \"s{from}\"\nto = {{ {} }}\n", entries.join(", "));
        }
        for (i, (state, amount)) in self.costs.iter().enumerate() {
            let _ = writeln!(
                m,
                "[[costs]]\nid = \"c{i}\"\nlabel = \"C{i}\"\npayer = \"kommun\"\nkind = \"resource\"\namount = {amount}\nper = \"month\"\nstates = [\"s{state}\"]\nprice_year = 2024\nsource = \"generated\"\n"
            );
        }
        let _ = writeln!(m, "[[outcomes]]\nid = \"first\"\nlabel = \"Första\"\nstates = [\"s0\"]\n");
        m
    }

    fn scenario(&self, scale: u32, rate_permille: u32, multiplier_tenths: u32, intervention_cost: u32) -> String {
        let start: Vec<String> = self.start.iter().enumerate().map(|(s, n)| format!("s{s} = {}", n * scale)).collect();
        // At least one person starts in s0, scaled like every other count.
        let available = self.start[0].max(1) * scale;
        let participants = (self.participants * scale).min(available);
        let mut text = format!(
            "[scenario]\nname = \"generated\"\nmodel = \"model.toml\"\nhorizon_years = {}\n\n[population]\nstart = {{ {}, s0 = {} }}\ninflow = {{ s0 = {} }}\nsource = \"generated\"\n\n[discounting]\ncosts = {}\nsource = \"generated\"\n\n[[alternatives]]\nid = \"alt\"\nlabel = \"Alt\"\n",
            self.horizon,
            start[1..].join(", "),
            available,
            self.inflow * scale,
            f64::from(rate_permille) / 1000.0,
        );
        if self.start.len() > 1 {
            let _ = write!(
                text,
                "\n[[alternatives.interventions]]\nid = \"i\"\nlabel = \"I\"\ntargets = [\"s0\"]\nparticipants = {participants}\nduration_months = 12\nactive_in = [\"s0\"]\nstart_cost = [{{ payer = \"kommun\", amount = {intervention_cost}, kind = \"resource\", price_year = 2024, source = \"generated\" }}]\neffects = [{{ from = [\"s0\"], to = [\"all\"], multiplier = {}, source = \"generated\" }}]\nsource = \"generated\"\n",
                f64::from(multiplier_tenths) / 10.0
            );
        }
        text
    }

    fn load(&self, scale: u32, rate_permille: u32, multiplier_tenths: u32, intervention_cost: u32) -> Option<Scenario> {
        let files =
            common::write(&self.model(), &self.scenario(scale, rate_permille, multiplier_tenths, intervention_cost));
        // A multiplier may push a generated row past one: then the scenario is rightly refused.
        sekalk::cli::load_scenario(&files.scenario).ok().map(|(s, _)| s)
    }
}

fn tiny(value: Decimal, scale: Decimal) -> bool {
    value.abs() <= scale.abs() * Decimal::new(1, 15) + Decimal::new(1, 12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn people_are_conserved_exactly_and_never_negative(g in generated()) {
        let Some(scenario) = g.load(1, g.rate_permille, g.multiplier_tenths, 500) else { return Ok(()) };
        for strategy in std::iter::once(&scenario.baseline).chain(&scenario.alternatives) {
            let (compiled, projection) = run_strategy::<Decimal>(&scenario, strategy).expect("runs");
            let start: Decimal = compiled.chain.initial.iter().sum();
            let inflow_per_cycle: Decimal = compiled.chain.inflows.first().map_or(Decimal::ZERO, |f| f.iter().map(|(_, n)| *n).sum());
            let cycles_per_year = compiled.chain.cycles_per_period;
            for year in 0..=projection.periods() {
                let people: Decimal = projection.occupancy_at(year).iter().sum();
                prop_assert_eq!(people, start + inflow_per_cycle * Decimal::from(year * cycles_per_year));
                prop_assert!(projection.occupancy_at(year).iter().all(|n| *n >= Decimal::ZERO));
            }
            prop_assert!(projection.totals.iter().all(|t| *t >= Decimal::ZERO));
        }
    }

    #[test]
    fn a_zero_effect_intervention_changes_nothing(g in generated()) {
        let Some(scenario) = g.load(1, g.rate_permille, 10, 0) else { return Ok(()) };
        let evaluation = evaluate::<Decimal>(&scenario).expect("runs");
        for summary in &evaluation.comparisons[0].summaries {
            prop_assert!(tiny(summary.net_benefit, summary.cost_base), "{:?}", summary);
        }
        for outcome in &evaluation.comparisons[0].outcomes {
            prop_assert!(tiny(outcome.difference, outcome.base));
        }
    }

    #[test]
    fn doubling_the_population_doubles_every_cost(g in generated()) {
        let (Some(once), Some(twice)) = (g.load(1, g.rate_permille, g.multiplier_tenths, 700), g.load(2, g.rate_permille, g.multiplier_tenths, 700)) else { return Ok(()) };
        let (a, b) = (evaluate::<Decimal>(&once).expect("runs"), evaluate::<Decimal>(&twice).expect("runs"));
        for (x, y) in a.comparisons[0].summaries.iter().zip(&b.comparisons[0].summaries) {
            prop_assert!(tiny(y.cost_base - x.cost_base * Decimal::TWO, y.cost_base));
            prop_assert!(tiny(y.cost_alt - x.cost_alt * Decimal::TWO, y.cost_alt));
            prop_assert!(tiny(y.investment - x.investment * Decimal::TWO, y.investment));
        }
    }

    #[test]
    fn a_higher_discount_rate_never_raises_a_present_value(g in generated(), extra in 1u32..200) {
        let (Some(low), Some(high)) = (g.load(1, g.rate_permille, g.multiplier_tenths, 300), g.load(1, g.rate_permille + extra, g.multiplier_tenths, 300)) else { return Ok(()) };
        let (a, b) = (evaluate::<Decimal>(&low).expect("runs"), evaluate::<Decimal>(&high).expect("runs"));
        for (x, y) in a.comparisons[0].summaries.iter().zip(&b.comparisons[0].summaries) {
            prop_assert!(y.cost_base <= x.cost_base);
            prop_assert!(y.cost_alt <= x.cost_alt);
            prop_assert!(y.investment <= x.investment);
        }
    }

    #[test]
    fn the_f64_and_decimal_paths_agree(g in generated()) {
        let Some(scenario) = g.load(1, g.rate_permille, g.multiplier_tenths, 900) else { return Ok(()) };
        assert_paths_agree(&scenario);
    }
}

/// The f64 path agrees with the exact one to a relative 1e-9 on every summary figure.
pub fn assert_paths_agree(scenario: &Scenario) {
    let exact = evaluate::<Decimal>(scenario).expect("runs");
    let fast = evaluate::<f64>(scenario).expect("runs");
    for (e, f) in exact.comparisons.iter().zip(&fast.comparisons) {
        for (x, y) in e.summaries.iter().zip(&f.summaries) {
            for (a, b) in [(x.cost_base, y.cost_base), (x.cost_alt, y.cost_alt), (x.investment, y.investment)] {
                let a = Scalar::to_f64(a);
                let scale = a.abs().max(1.0);
                assert!((a - b).abs() / scale < 1e-9, "Decimal {a} and f64 {b} differ");
            }
        }
        for (x, y) in e.outcomes.iter().zip(&f.outcomes) {
            let a = Scalar::to_f64(x.alt);
            assert!((a - y.alt).abs() / a.abs().max(1.0) < 1e-9);
        }
    }
}

/// Guards the properties above against passing vacuously: most generated scenarios are valid.
#[test]
fn most_generated_scenarios_are_valid() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = generated();
    let total = 50;
    let valid = (0..total)
        .filter(|_| {
            let g = strategy.new_tree(&mut runner).expect("generates").current();
            g.load(1, g.rate_permille, g.multiplier_tenths, 500).is_some()
        })
        .count();
    assert!(valid * 2 > total, "only {valid} of {total} generated scenarios are valid");
}

/// Every shipped scenario and example: the f64 and Decimal paths agree to 1e-9, and people are
/// conserved exactly in Decimal.
#[test]
fn the_example_scenarios_agree_in_f64_and_decimal_and_conserve_people() {
    let files = [
        "scenarios/typisk_insats.toml",
        "scenarios/framgangen.toml",
        "docs/examples/scenario.toml",
        "tests/data/textbook/hiv_scenario.toml",
        "tests/data/hand/intervention.toml",
    ];
    for file in files {
        let (scenario, _) = sekalk::cli::load_scenario(std::path::Path::new(file)).expect("valid");
        assert_paths_agree(&scenario);
        for strategy in std::iter::once(&scenario.baseline).chain(&scenario.alternatives) {
            let (compiled, projection) = run_strategy::<Decimal>(&scenario, strategy).expect("runs");
            let start: Decimal = compiled.chain.initial.iter().sum();
            let inflow: Decimal = compiled
                .chain
                .cycles
                .iter()
                .filter_map(|c| c.inflow)
                .map(|i| compiled.chain.inflows[i as usize].iter().map(|(_, n)| *n).sum::<Decimal>())
                .sum();
            let end: Decimal = projection.occupancy_at(projection.periods()).iter().sum();
            assert_eq!(end, start + inflow, "{file}: people are not conserved");
        }
    }
}
