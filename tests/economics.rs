//! The economics of an intervention worked out by hand (the arithmetic is in the comments), run
//! through the whole engine: typed payments (an allowance is a transfer), fixed project costs,
//! tax kept after income equalisation, an actor outside the public sector (EU money), payback
//! that dips below zero again, several groupings, and properties over generated cases.
//!
//! The models and scenarios are in `tests/data/economics/`; each test appends what it needs.
//! Every expected figure is computed here by hand, never taken from the engine's output.

mod common;

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sekalk::appraise::{Comparison, LineKey, Payback, Perspective};
use sekalk::domain::Scenario;
use sekalk::evaluate::{evaluate, run_strategy};
use std::path::Path;

/// The three-state model: S, W, M; kommun, staten (public), individ; fbs 1 000 kr a year in S
/// (kommun → individ), municipal tax 3 000 kr a year in W (individ → kommun).
const MODEL: &str = include_str!("data/economics/model.toml");

/// 50 of 100 people in S take part for a year with the exit to work doubled, at no cost.
const INTERVENTION: &str = include_str!("data/economics/intervention.toml");

/// The per-participant costs of tests/hand_computed.rs: 1 000 kr at the start and 100 kr a month,
/// both resources paid by the kommun.
const RESOURCE_PAYMENTS: &str = r#"
[[alternatives.interventions.start_cost]]
payer = "kommun"
kind = "resource"
amount = 1000
price_year = 2024
source = "test"

[[alternatives.interventions.monthly_cost]]
payer = "kommun"
kind = "resource"
amount = 100
price_year = 2024
source = "test"
"#;

/// An allowance of 500 kr a month per participant, paid by the kommun to the individual.
const ALLOWANCE: &str = r#"
[[alternatives.interventions.monthly_cost]]
payer = "kommun"
receiver = "individ"
kind = "transfer"
amount = 500
price_year = 2024
source = "test: ersättning till deltagare"
"#;

/// The model's municipal tax shared after income equalisation: the kommun keeps 10 %, the rest
/// is in effect the state's.
const EQUALISATION: &str = r#"
[[equalisation]]
receiver = "kommun"
kept_share = 0.1
rest_to = "staten"
items = ["kskatt"]
rule = "Lag (2004:773) om kommunalekonomisk utjämning"
source = "test"
"#;

// Indices of the actors of MODEL.
const KOMMUN: usize = 0;
const STATEN: usize = 1;
const INDIVID: usize = 2;

/// The scenario `text` with `model` as its model, evaluated in exact decimals.
fn compare(model: &str, text: &str) -> (Scenario, Comparison<Decimal>) {
    let scenario = common::scenario(model, text);
    let mut evaluation = evaluate::<Decimal>(&scenario).expect("runs");
    (scenario, evaluation.comparisons.remove(0))
}

/// The net benefit per perspective, in the order of [`Perspective::all`].
fn net_benefits(comparison: &Comparison<Decimal>) -> Vec<Decimal> {
    comparison.summaries.iter().map(|s| s.net_benefit).collect()
}

/// The line of the net benefit breakdown with `key`.
fn line<'c>(comparison: &'c Comparison<Decimal>, key: &LineKey) -> &'c [Decimal] {
    &comparison.lines.iter().find(|l| &l.key == key).unwrap_or_else(|| panic!("no line {key:?}")).net
}

/// `actual` within 1e-12 kr of `expected` (for figures divided by a discount factor).
fn close(actual: Decimal, expected: Decimal) {
    assert!((actual - expected).abs() < dec!(0.000000000001), "{actual} ≠ {expected}");
}

/// Without the allowance (discount 0), people as in the scenario file:
///   baseline S (80, 66), W (10, 16); alternative S (75, 63), W (15, 19.5).
///   kommun: baseline 80 000 − 30 000 = 50 000 and 66 000 − 48 000 = 18 000;
///           alternative 75 000 − 45 000 + 50 × 1 000 + 35 × 1 200 = 122 000 and
///           63 000 − 58 500 = 4 500 → net benefit −72 000 + 13 500 = −58 500.
///   individ: baseline −50 000, −18 000; alternative −30 000, −4 500 → −20 000 − 13 500 = −33 500.
///   staten 0; society: only the resources, −92 000.
/// The allowance: 500 × 12 = 6 000 kr a year for each participant still in it at the end of
/// year 1 (end counting): 35 × 6 000 = 210 000 kr, nothing in year 2 (the intervention is over).
/// kommun −58 500 − 210 000 = −268 500; individ −33 500 + 210 000 = 176 500; society −92 000.
#[test]
fn an_allowance_moves_money_from_the_kommun_to_the_individual_and_cancels_for_society() {
    let without = INTERVENTION.to_string() + RESOURCE_PAYMENTS;
    let with = without.clone() + ALLOWANCE;
    let (scenario, plain) = compare(MODEL, &without);
    let (_, paid) = compare(MODEL, &with);
    let public = Perspective::index(scenario.model(), Perspective::Public);
    let society = Perspective::index(scenario.model(), Perspective::Society);

    assert_eq!(net_benefits(&plain), vec![dec!(-58500), dec!(0), dec!(-33500), dec!(-58500), dec!(-92000)]);
    assert_eq!(net_benefits(&paid), vec![dec!(-268500), dec!(0), dec!(176500), dec!(-268500), dec!(-92000)]);
    let (a, b) = (net_benefits(&plain), net_benefits(&paid));
    assert_eq!(b[KOMMUN] - a[KOMMUN], dec!(-210000), "the kommun pays the allowance");
    assert_eq!(b[INDIVID] - a[INDIVID], dec!(210000), "the individual receives it");
    assert_eq!(b[STATEN], a[STATEN]);
    assert_eq!(b[society], a[society], "a transfer cancels for society");
    assert_eq!(b[public] - a[public], dec!(-210000), "the individual is not in the public sector");

    // Year 1 investment: kommun 50 000 + 42 000 + 210 000 = 302 000; the individual bears −210 000
    // (it receives the allowance); the actors sum to 92 000 for society.
    assert_eq!(paid.years[0].investment, vec![dec!(302000), dec!(0), dec!(-210000)]);
    assert_eq!(paid.years[1].investment, vec![dec!(0), dec!(0), dec!(0)]);
    assert_eq!(paid.years[0].cost_alt, vec![dec!(332000), dec!(0), dec!(-240000)]);
    assert_eq!(paid.summaries[KOMMUN].investment, dec!(302000));
    assert_eq!(paid.summaries[public].investment, dec!(302000));
    assert_eq!(paid.summaries[society].investment, dec!(92000));
    assert_eq!(paid.summaries[society].investment_undiscounted, dec!(92000));
    // The intervention's line: what the kommun pays and the individual receives.
    let jobb = line(&paid, &LineKey::Intervention("jobb".into()));
    assert_eq!(jobb, [dec!(-302000), dec!(0), dec!(210000), dec!(-302000), dec!(-92000)]);
    // The försörjningsstöd line: 8 000 kr less paid out (80 000 + 66 000 − 75 000 − 63 000).
    assert_eq!(line(&paid, &LineKey::Item("fbs".into())), [dec!(8000), dec!(0), dec!(-8000), dec!(8000), dec!(0)]);
    // The lines add up to the net benefit of every perspective.
    for (p, total) in net_benefits(&paid).into_iter().enumerate() {
        let sum: Decimal = paid.lines.iter().map(|l| l.net[p]).sum();
        assert_eq!(sum, total, "perspective {p}");
    }
}

/// Fixed costs, horizon 3 years at 5 % (the first year undiscounted):
///   the intervention: 450 000 kr a year in years 2–3 and 10 000 kr a month in year 3
///   (120 000 kr), paid by the kommun; the alternative: 200 000 kr once in year 1, paid by staten.
///   Year.investment: year 1 (0, 200 000, 0), year 2 (450 000, 0, 0), year 3 (570 000, 0, 0).
///   kommun, discounted: 450 000 / 1.05 + 570 000 / 1.05² = 428 571.428571… + 517 006.802721…
///   = 945 578.2312925170068027210884…; staten 200 000; society 1 145 578.2312925170068….
/// The intervention itself costs nothing per participant, so the alternative's own year-2 cost
/// for the kommun is fbs 63 000 − tax 58 500 + 450 000 = 454 500.
#[test]
fn fixed_costs_land_in_the_investment_of_their_years() {
    let text = INTERVENTION.replace("horizon_years = 2", "horizon_years = 3").replace("costs = 0\n", "costs = 0.05\n")
        + r#"
[[alternatives.interventions.fixed_cost]]
label = "Projektledning"
payer = "kommun"
kind = "resource"
amount = 450000
per = "year"
years = [2, 3]
price_year = 2024
source = "test"

[[alternatives.interventions.fixed_cost]]
label = "Lokal"
payer = "kommun"
kind = "resource"
amount = 10000
per = "month"
years = [3, 3]
price_year = 2024
source = "test"

[[alternatives.fixed_cost]]
label = "Upphandling"
payer = "staten"
kind = "resource"
amount = 200000
per = "once"
year = 1
price_year = 2024
source = "test"
"#;
    let (scenario, c) = compare(MODEL, &text);
    let public = Perspective::index(scenario.model(), Perspective::Public);
    let society = Perspective::index(scenario.model(), Perspective::Society);
    let investment: Vec<Vec<Decimal>> = c.years.iter().map(|y| y.investment.clone()).collect();
    assert_eq!(
        investment,
        vec![
            vec![dec!(0), dec!(200000), dec!(0)],
            vec![dec!(450000), dec!(0), dec!(0)],
            vec![dec!(570000), dec!(0), dec!(0)]
        ]
    );
    assert_eq!(c.years[1].cost_alt[KOMMUN], dec!(454500));
    let kommun = dec!(945578.2312925170068027210884);
    close(c.summaries[KOMMUN].investment, kommun);
    assert_eq!(c.summaries[STATEN].investment, dec!(200000));
    assert_eq!(c.summaries[INDIVID].investment, dec!(0));
    close(c.summaries[public].investment, kommun + dec!(200000));
    close(c.summaries[society].investment, kommun + dec!(200000));
    assert_eq!(c.summaries[KOMMUN].investment_undiscounted, dec!(1020000));
    assert_eq!(c.summaries[society].investment_undiscounted, dec!(1220000));
    // The fixed costs' lines: the intervention's (kommun) and the alternative's own (staten).
    close(line(&c, &LineKey::Intervention("jobb".into()))[KOMMUN], -kommun);
    assert_eq!(line(&c, &LineKey::AlternativeFixed), [dec!(0), dec!(-200000), dec!(0), dec!(-200000), dec!(-200000)]);
    // Only the fixed costs are resources: for society the net benefit is minus the investment.
    close(c.summaries[society].net_benefit, -(kommun + dec!(200000)));
}

/// The tax gained from the intervention (discount 0): W is (15 − 10) + (19.5 − 16) = 8.5
/// person-years higher, 8.5 × 3 000 = 25 500 kr. Without equalisation the kommun's net benefit
/// is −58 500 (see the allowance test). With a kept share s the kommun keeps s × 25 500 and the
/// state gets (1 − s) × 25 500:
///   s = 0.1: kommun −58 500 − 22 950 = −81 450, staten +22 950;
///   s = 0.3 (the scenario's override): kommun −58 500 − 17 850 = −76 350, staten +17 850.
/// The individual (−33 500), the public sector (−58 500) and society (−92 000) do not change.
#[test]
fn the_kommun_keeps_only_its_share_of_the_tax_and_the_state_gets_the_rest() {
    let text = INTERVENTION.to_string() + RESOURCE_PAYMENTS;
    let (scenario, none) = compare(MODEL, &text);
    let (_, kept) = compare(&(MODEL.to_string() + EQUALISATION), &text);
    let override_text = text.clone()
        + "\n[[overrides.equalisation]]\nreceiver = \"kommun\"\nkept_share = 0.3\nsource = \"test: egen kommun\"\n";
    let (_, overridden) = compare(&(MODEL.to_string() + EQUALISATION), &override_text);
    let society = Perspective::index(scenario.model(), Perspective::Society);

    assert_eq!(net_benefits(&none), vec![dec!(-58500), dec!(0), dec!(-33500), dec!(-58500), dec!(-92000)]);
    assert_eq!(net_benefits(&kept), vec![dec!(-81450), dec!(22950), dec!(-33500), dec!(-58500), dec!(-92000)]);
    assert_eq!(net_benefits(&overridden), vec![dec!(-76350), dec!(17850), dec!(-33500), dec!(-58500), dec!(-92000)]);
    for (s, c) in [(dec!(0.1), &kept), (dec!(0.3), &overridden)] {
        let (a, b) = (net_benefits(&none), net_benefits(c));
        assert_eq!(a[KOMMUN] - b[KOMMUN], (Decimal::ONE - s) * dec!(25500));
        assert_eq!(b[STATEN] - a[STATEN], (Decimal::ONE - s) * dec!(25500));
        assert_eq!(b[society], a[society]);
    }
    // Year 1 at s = 0.1, baseline: kommun 80 000 − 0.1 × 30 000 = 77 000, staten −27 000,
    // individ −80 000 + 30 000 = −50 000.
    assert_eq!(kept.years[0].cost_base, vec![dec!(77000), dec!(-27000), dec!(-50000)]);
    // The tax line: the individual pays 25 500 kr more, of which the kommun keeps 2 550.
    let tax = line(&kept, &LineKey::Item("kskatt".into()));
    assert_eq!(tax, [dec!(2550), dec!(22950), dec!(-25500), dec!(25500), dec!(0)]);
}

/// The EU social fund (a scenario actor outside the public sector) pays the start cost of
/// 1 000 kr for each of the 50 participants; the kommun pays 100 kr a month (35 × 1 200 = 42 000).
/// Investment: kommun 42 000, esf 50 000; public sector 42 000; society 92 000.
/// Net benefit (discount 0): kommun 50 000 + 18 000 − (75 000 − 45 000 + 42 000) − 4 500 = −8 500,
/// esf −50 000, individ −33 500; public −8 500, society −92 000.
/// Return per invested krona for the public sector: (−8 500 + 42 000) / 42 000 = 33 500 / 42 000.
#[test]
fn eu_money_is_an_investment_for_society_but_not_for_the_public_sector() {
    let text = INTERVENTION.to_string()
        + r#"
[[alternatives.interventions.start_cost]]
payer = "esf"
kind = "resource"
amount = 1000
price_year = 2024
source = "test: ESF-beslut"

[[alternatives.interventions.monthly_cost]]
payer = "kommun"
kind = "resource"
amount = 100
price_year = 2024
source = "test"

[[actors]]
id = "esf"
label = "EU:s socialfond"
label_en = "European Social Fund"
public = false
source = "test: ESF-projekt"
"#;
    let (scenario, c) = compare(MODEL, &text);
    let model = scenario.model();
    assert_eq!(model.actors.len(), 4);
    let esf = 3;
    assert_eq!(model.actors[esf].id, "esf");
    assert!(!model.actors[esf].public);
    let public = Perspective::index(model, Perspective::Public);
    let society = Perspective::index(model, Perspective::Society);
    assert_eq!(c.years[0].investment, vec![dec!(42000), dec!(0), dec!(0), dec!(50000)]);
    assert_eq!(c.summaries[esf].investment, dec!(50000));
    assert_eq!(c.summaries[public].investment, dec!(42000));
    assert_eq!(c.summaries[society].investment, dec!(92000));
    assert_eq!(net_benefits(&c), vec![dec!(-8500), dec!(0), dec!(-33500), dec!(-50000), dec!(-8500), dec!(-92000)]);
    assert_eq!(c.summaries[public].return_per_krona, Some(dec!(33500) / dec!(42000)));
}

/// The kommun's net per year: +5 000, +10 000, −35 000, +10 000, +10 000, +10 000 (see payback.toml).
/// Undiscounted cumulative: 5 000, 15 000, −20 000, −10 000, 0, 10 000: it is ≥ 0 after year 1
/// but falls below again, and stays ≥ 0 from year 5 (exactly 0 counts as paid back).
/// At 10 % the cumulative is 5 000, then 5 000 + 10 000 / 1.1 = 14 090.909…,
/// then − 35 000 / 1.21 = −14 834.710…, then + 10 000 / 1.331 = −7 321.562…,
/// then + 10 000 / 1.4641 = −491.428…, then + 10 000 / 1.61051 = 5 717.785…: paid back in year 6. Neither is within the four-year mandate period.
#[test]
fn payback_is_the_last_crossing_of_zero_not_the_first() {
    let (_, c) = {
        let scenario = sekalk::cli::load_scenario(Path::new("tests/data/economics/payback.toml")).expect("valid").0;
        let mut evaluation = evaluate::<Decimal>(&scenario).expect("runs");
        (scenario, evaluation.comparisons.remove(0))
    };
    let nets: Vec<Decimal> = c.years.iter().map(|y| y.net[KOMMUN]).collect();
    assert_eq!(nets, vec![dec!(5000), dec!(10000), dec!(-35000), dec!(10000), dec!(10000), dec!(10000)]);
    let undiscounted: Vec<Decimal> = c.years.iter().map(|y| y.cumulative_undiscounted[KOMMUN]).collect();
    assert_eq!(undiscounted, vec![dec!(5000), dec!(15000), dec!(-20000), dec!(-10000), dec!(0), dec!(10000)]);
    let expected = [
        dec!(5000),
        dec!(14090.90909090909090909090909),
        dec!(-14834.71074380165289256198347),
        dec!(-7321.562734785875281743050338),
        dec!(-491.4281811351683628167474899),
        dec!(5717.785049456383381661709645),
    ];
    for (year, expected) in c.years.iter().zip(expected) {
        close(year.cumulative[KOMMUN], expected);
    }
    let kommun = &c.summaries[KOMMUN];
    assert_eq!(kommun.payback, Payback::Year(6));
    assert_eq!(kommun.payback_undiscounted, Payback::Year(5));
    assert!(!kommun.payback.within_mandate());
    assert!(!kommun.payback_undiscounted.within_mandate());
    // Investment: 5 000 + 45 000 / 1.21 = 42 190.082644…; undiscounted 50 000.
    close(kommun.investment, dec!(42190.08264462809917355371901));
    assert_eq!(kommun.investment_undiscounted, dec!(50000));
    // The individual invests nothing.
    assert_eq!(c.summaries[1].payback, Payback::NoInvestment);
}

/// With a one-off cost of 5 000 kr in year 3 instead of 45 000 kr, the net is +5 000, +10 000,
/// +5 000, +10 000, … : never below zero, paid back in year 1, within the mandate period.
/// With 200 000 kr in year 3 the cumulative net ends at 5 000 + 10 000 − 190 000 + 30 000 < 0:
/// not paid back within the horizon.
#[test]
fn payback_within_the_mandate_period_and_not_at_all() {
    let text = std::fs::read_to_string("tests/data/economics/payback.toml")
        .expect("readable")
        .replace("model = \"payback_model.toml\"", "model = \"model.toml\"");
    let model = std::fs::read_to_string("tests/data/economics/payback_model.toml").expect("readable");
    let (_, early) = compare(&model, &text.replace("amount = 45000", "amount = 5000"));
    assert_eq!(early.summaries[KOMMUN].payback, Payback::Year(1));
    assert_eq!(early.summaries[KOMMUN].payback_undiscounted, Payback::Year(1));
    assert!(early.summaries[KOMMUN].payback.within_mandate());
    let (_, never) = compare(&model, &text.replace("amount = 45000", "amount = 200000"));
    assert_eq!(never.summaries[KOMMUN].payback, Payback::NotWithinHorizon);
    assert_eq!(never.summaries[KOMMUN].payback_undiscounted, Payback::NotWithinHorizon);
    assert!(!never.summaries[KOMMUN].payback.within_mandate());
    assert!(Payback::Year(4).within_mandate());
    assert!(!Payback::Year(5).within_mandate());
    assert!(!Payback::NoInvestment.within_mandate());
}

/// Two groupings (see groupings_model.toml). People at the end of each year:
///   year 1: k1 40, k2 120, W 30, M 10; year 2: k1 16, k2 104, W 58, M 22.
/// Groups in the order written: g_stod (k1, k2), g_annat (W, M) of the main grouping; g_k1, g_k2,
/// g_ej (W, M) of `kategori`. Each grouping sums to the 200 people.
/// The case-handling cost on the group `g_k2`: 100 × 120 = 12 000 and 100 × 104 = 10 400.
#[test]
fn every_grouping_divides_the_people() {
    let (scenario, _) = sekalk::cli::load_scenario(Path::new("tests/data/economics/groupings.toml")).expect("valid");
    let model = scenario.model();
    let groupings: Vec<&str> = model.groupings.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(groupings, ["main", "kategori"]);
    let groups: Vec<(&str, usize, Vec<usize>)> =
        model.groups.iter().map(|g| (g.id.as_str(), g.grouping, g.states.clone())).collect();
    assert_eq!(
        groups,
        vec![
            ("g_stod", 0, vec![0, 1]),
            ("g_annat", 0, vec![2, 3]),
            ("g_k1", 1, vec![0]),
            ("g_k2", 1, vec![1]),
            ("g_ej", 1, vec![2, 3])
        ]
    );
    let c = evaluate::<Decimal>(&scenario).expect("runs").comparisons.remove(0);
    assert_eq!(c.years[0].people_base, vec![dec!(160), dec!(40), dec!(40), dec!(120), dec!(40)]);
    assert_eq!(c.years[1].people_base, vec![dec!(120), dec!(80), dec!(16), dec!(104), dec!(80)]);
    for year in &c.years {
        for grouping in 0..model.groupings.len() {
            let total: Decimal = model.groups_of(grouping).map(|g| year.people_base[g]).sum();
            assert_eq!(total, dec!(200), "grouping {grouping}");
        }
    }
    assert_eq!(c.years[0].cost_base, vec![dec!(12000)]);
    assert_eq!(c.years[1].cost_base, vec![dec!(10400)]);
}

/// A state listed in two groups of one grouping is an error located at the second group; in
/// groups of two different groupings it is allowed.
#[test]
fn a_state_in_two_groups_of_one_grouping_is_an_error() {
    let model = std::fs::read_to_string("tests/data/economics/groupings_model.toml").expect("readable");
    let scenario = std::fs::read_to_string("tests/data/economics/groupings.toml")
        .expect("readable")
        .replace("model = \"groupings_model.toml\"", "model = \"model.toml\"");
    let twice = model.replace("states = [\"k2\"]", "states = [\"k2\", \"k1\"]");
    let files = common::write(&twice, &scenario);
    let error = sekalk::cli::load_scenario(&files.scenario).expect_err("k1 is in g_k1 and g_k2");
    let rendered = error.render();
    assert!(rendered.contains("state `k1` is in both `g_k1` and `g_k2` of the grouping `kategori`"), "{rendered}");
    assert!(rendered.contains("model.toml:32:6"), "located at the id of g_k2:\n{rendered}");
    // k1 in g_stod (main) and g_k1 (kategori) is the model as written: valid.
    common::scenario(&model, &scenario);
}

/// A generated case: the economics model with random transitions, population, allowance, fixed
/// costs and kept share.
#[derive(Debug, Clone)]
struct Case {
    monthly: bool,
    counting: &'static str,
    horizon: u32,
    s_start: u32,
    w_start: u32,
    /// S → W, S → M, W → S, per year, in thousandths.
    rows: (u32, u32, u32),
    participants: u32,
    multiplier_tenths: u32,
    allowance: u32,
    start_cost: u32,
    fixed: (u32, u32, u32),
    once: (u32, u32),
    rate_permille: u32,
}

fn cases() -> impl Strategy<Value = Case> {
    (
        (any::<bool>(), prop_oneof![Just("start"), Just("end"), Just("life-table")], 1u32..6),
        (1u32..1000, 0u32..300),
        (0u32..300, 0u32..300, 0u32..300),
        (0u32..1000, 10u32..20),
        (0u32..5000, 0u32..20_000),
        (0u32..500_000, 1u32..6, 1u32..6),
        (0u32..1_000_000, 1u32..6),
        0u32..80,
    )
        .prop_map(
            |(
                (monthly, counting, horizon),
                (s_start, w_start),
                rows,
                (participants, multiplier_tenths),
                (allowance, start_cost),
                (fixed, first, last),
                (once_amount, once_year),
                rate_permille,
            )| {
                let (first, last) = (first.min(horizon), last.min(horizon));
                Case {
                    monthly,
                    counting,
                    horizon,
                    s_start,
                    w_start,
                    rows,
                    participants: participants.min(s_start),
                    multiplier_tenths,
                    allowance,
                    start_cost,
                    fixed: (fixed, first.min(last), first.max(last)),
                    once: (once_amount, once_year.min(horizon)),
                    rate_permille,
                }
            },
        )
}

impl Case {
    fn model(&self, kept_permille: u32) -> String {
        let (sw, sm, ws) = self.rows;
        let cycle = if self.monthly { "cycle = \"month\"" } else { "cycle = \"year\"" };
        let rows = format!(
            "[[transitions]]\nfrom = \"S\"\nper = \"year\"\nto = {{ W = {}, M = {}, S = \"rest\" }}\n[[transitions]]\nfrom = \"W\"\nper = \"year\"\nto = {{ S = {}, W = \"rest\" }}\n",
            f64::from(sw) / 1000.0,
            f64::from(sm) / 1000.0,
            f64::from(ws) / 1000.0
        );
        let model = MODEL
            .replace("cycle = \"year\"", cycle)
            .replace("counting = \"end\"", &format!("counting = \"{}\"", self.counting))
            .replace(
                "[[transitions]]\nfrom = \"S\"\nto = { W = 0.1, M = 0.1, S = \"rest\" }\n[[transitions]]\nfrom = \"W\"\nto = { S = 0.2, W = \"rest\" }\n",
                &rows,
            );
        assert!(model.contains("per = \"year\""), "the rows were replaced");
        model
            + &EQUALISATION.replace("kept_share = 0.1", &format!("kept_share = {}", f64::from(kept_permille) / 1000.0))
    }

    fn scenario(&self) -> String {
        INTERVENTION
            .replace("horizon_years = 2", &format!("horizon_years = {}", self.horizon))
            .replace("start = { S = 100 }", &format!("start = {{ S = {}, W = {} }}", self.s_start, self.w_start))
            .replace("costs = 0\n", &format!("costs = {}\n", f64::from(self.rate_permille) / 1000.0))
            .replace("participants = 50", &format!("participants = {}", self.participants))
            .replace("multiplier = 2", &format!("multiplier = {}", f64::from(self.multiplier_tenths) / 10.0))
            + &ALLOWANCE.replace("amount = 500", &format!("amount = {}", self.allowance))
            + &format!(
                r#"
[[alternatives.interventions.start_cost]]
payer = "kommun"
kind = "resource"
amount = {}
price_year = 2024
source = "generated"

[[alternatives.interventions.fixed_cost]]
payer = "kommun"
receiver = "staten"
kind = "transfer"
amount = {}
per = "year"
years = [{}, {}]
price_year = 2024
source = "generated"

[[alternatives.fixed_cost]]
payer = "staten"
kind = "resource"
amount = {}
per = "once"
year = {}
price_year = 2024
source = "generated"
"#,
                self.start_cost, self.fixed.0, self.fixed.1, self.fixed.2, self.once.0, self.once.1
            )
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// People are conserved exactly with an allowance, fixed costs and equalisation present,
    /// and society's (and the public sector's, whose two actors share the tax, and the
    /// individual's) net benefit does not depend on the kept share.
    #[test]
    fn people_are_conserved_and_society_ignores_the_kept_share(
        case in cases(), kept in (0u32..=1000, 0u32..=1000)
    ) {
        let text = case.scenario();
        let first = common::scenario(&case.model(kept.0), &text);
        let second = common::scenario(&case.model(kept.1), &text);
        let people = Decimal::from(case.s_start + case.w_start);
        for strategy in std::iter::once(&first.baseline).chain(&first.alternatives) {
            let (_, projection) = run_strategy::<Decimal>(&first, strategy).expect("runs");
            for year in 0..=projection.periods() {
                let total: Decimal = projection.occupancy_at(year).iter().sum();
                prop_assert_eq!(total, people, "{} in year {}", strategy.id, year);
            }
        }
        let a = evaluate::<Decimal>(&first).expect("runs").comparisons.remove(0);
        let b = evaluate::<Decimal>(&second).expect("runs").comparisons.remove(0);
        let society = Perspective::index(first.model(), Perspective::Society);
        let public = Perspective::index(first.model(), Perspective::Public);
        // Equal to within 1e-12 kr: the kommun's and the state's shares of each tax total are
        // rounded separately at the 28th significant digit (about 1e-23 kr on monthly cycles).
        for p in [society, public, INDIVID] {
            let (x, y) = (a.summaries[p].net_benefit, b.summaries[p].net_benefit);
            prop_assert!((x - y).abs() < dec!(0.000000000001), "perspective {}: {} ≠ {}", p, x, y);
        }
        // The tax line: the kommun keeps s of what the individual pays, the state the rest.
        for (c, s) in [(&a, kept.0), (&b, kept.1)] {
            let tax = line(c, &LineKey::Item("kskatt".into()));
            let paid = -tax[INDIVID];
            let share = Decimal::from(s) / Decimal::from(1000);
            prop_assert!((tax[KOMMUN] - share * paid).abs() < dec!(0.000001), "{:?}", tax);
            prop_assert!((tax[STATEN] - (Decimal::ONE - share) * paid).abs() < dec!(0.000001), "{:?}", tax);
            prop_assert_eq!(tax[society], Decimal::ZERO);
        }
    }
}

/// Monthly cycles, nobody moves (the payback model): 10 of the 100 people in S take part for
/// six months and receive 500 kr a month each from the kommun: 10 × 6 × 500 = 30 000 kr, whatever
/// the counting convention (the participants are in it from the start of month 1 to the end of
/// month 6). A fixed cost of 1 000 kr a month in year 1 adds 12 000 kr. For the kommun the
/// investment is 42 000; the individual receives 30 000; society invests 12 000.
#[test]
fn an_allowance_is_paid_for_every_month_in_the_intervention_whatever_the_counting() {
    let model = std::fs::read_to_string("tests/data/economics/payback_model.toml")
        .expect("readable")
        .replace("cycle = \"year\"", "cycle = \"month\"");
    let scenario = r#"
[scenario]
name = "monthly"
model = "model.toml"
horizon_years = 1
[population]
start = { S = 100 }
source = "test"
[discounting]
costs = 0.05
source = "test"
[[alternatives]]
id = "insats"
label = "Insats"
[[alternatives.interventions]]
id = "jobb"
label = "Jobbinsats"
targets = ["S"]
participants = 10
duration_months = 6
active_in = ["S"]
source = "test"
[[alternatives.interventions.monthly_cost]]
payer = "kommun"
receiver = "individ"
kind = "transfer"
amount = 500
price_year = 2024
source = "test"
[[alternatives.interventions.fixed_cost]]
payer = "kommun"
kind = "resource"
amount = 1000
per = "month"
years = [1, 1]
price_year = 2024
source = "test"
"#;
    for counting in ["start", "end", "life-table"] {
        let model = model.replace("counting = \"start\"", &format!("counting = \"{counting}\""));
        let (_, c) = compare(&model, scenario);
        assert_eq!(c.years[0].investment, vec![dec!(42000), dec!(-30000)], "{counting}");
        assert_eq!(c.summaries[3].investment, dec!(12000), "{counting}: society");
        assert_eq!(net_benefits(&c), vec![dec!(-42000), dec!(30000), dec!(-42000), dec!(-12000)], "{counting}");
    }
}

/// An alternative that writes its own tax item (the same amount) keeps the equalisation of the
/// model's item with that id, and so does a scenario that replaces it for every strategy: the
/// net benefits are those of the equalisation test at s = 0.1.
#[test]
fn a_replaced_tax_item_keeps_its_equalisation() {
    let tax = r#"
id = "kskatt"
label = "Kommunalskatt"
payer = "individ"
receiver = "kommun"
kind = "transfer"
amount = 3000
per = "year"
states = ["W"]
price_year = 2024
source = "test: egen skattesats"
"#;
    let model = MODEL.to_string() + EQUALISATION;
    let in_alternative = INTERVENTION.to_string() + RESOURCE_PAYMENTS + "\n[[alternatives.costs]]" + tax;
    let in_overrides = INTERVENTION.to_string() + RESOURCE_PAYMENTS + "\n[[overrides.costs]]" + tax;
    for text in [in_alternative, in_overrides] {
        let (_, c) = compare(&model, &text);
        assert_eq!(net_benefits(&c), vec![dec!(-81450), dec!(22950), dec!(-33500), dec!(-58500), dec!(-92000)]);
    }
}
