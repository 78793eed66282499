//! Small chains worked out by hand (the arithmetic is in the comments), run through the whole
//! engine: two and three states, discounting, inflow, an intervention.

mod common;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sekalk::appraise::{Payback, Perspective};
use sekalk::evaluate::{evaluate, run_strategy};

const TWO_STATES: &str = r#"
[model]
name = "two states"
cycle = "year"
counting = "start"
price_year = 2024

[[states]]
id = "S"
label = "Stöd"
group = "g_s"
[[states]]
id = "W"
label = "Arbete"
group = "g_w"
[[groups]]
id = "g_s"
label = "Stöd"
[[groups]]
id = "g_w"
label = "Arbete"

[[actors]]
id = "kommun"
label = "Kommunen"
public = true
[[actors]]
id = "individ"
label = "Individen"
public = false

[[transitions]]
from = "S"
to = { W = 0.2, S = "rest" }
[[transitions]]
from = "W"
to = { S = 0.1, W = "rest" }

[[costs]]
id = "fbs"
label = "Försörjningsstöd"
payer = "kommun"
receiver = "individ"
kind = "transfer"
amount = 1000
per = "year"
states = ["S"]
price_year = 2024
source = "test"

[[outcomes]]
id = "work"
label = "Månader i arbete"
states = ["W"]
"#;

fn two_state_scenario(discount: &str, extra: &str) -> String {
    format!(
        r#"
[scenario]
name = "hand"
model = "model.toml"
horizon_years = 3
[population]
start = {{ S = 100 }}
{extra}
source = "test"
[discounting]
costs = {discount}
source = "test"
[[alternatives]]
id = "same"
label = "Samma"
"#
    )
}

/// v0 = (100, 0); v1 = (80, 20); v2 = (66, 34); v3 = (56.2, 43.8). Start counting: the kommun
/// pays 100 000, 80 000 and 66 000 kr; at 5 % with year 1 undiscounted the present value is
/// 100 000 + 80 000 / 1.05 + 66 000 / 1.05² = 236 054.42176870748299319727891…
#[test]
fn two_states_with_discounting() {
    let scenario = common::scenario(TWO_STATES, &two_state_scenario("0.05", ""));
    let evaluation = evaluate::<Decimal>(&scenario).expect("runs");
    let comparison = &evaluation.comparisons[0];
    let years = &comparison.years;
    assert_eq!(years[0].people_base, vec![dec!(80), dec!(20)]);
    assert_eq!(years[1].people_base, vec![dec!(66), dec!(34)]);
    assert_eq!(years[2].people_base, vec![dec!(56.2), dec!(43.8)]);
    assert_eq!(years.iter().map(|y| y.cost_base[0]).collect::<Vec<_>>(), vec![dec!(100000), dec!(80000), dec!(66000)]);
    assert_eq!(years[1].cost_base[1], dec!(-80000));
    let kommun = &comparison.summaries[0];
    assert!((kommun.cost_base - dec!(236054.42176870748299319727891)).abs() < dec!(0.000000000001));
    assert_eq!(kommun.net_benefit, Decimal::ZERO, "an alternative identical to the baseline saves nothing");
    let society = &comparison.summaries[3];
    assert_eq!(society.cost_base, Decimal::ZERO, "a transfer cancels out for society");
    // Months in work, start counting: (0 + 20 + 34) person-years × 12 = 648.
    assert_eq!(comparison.outcomes[0].base, dec!(648));
}

/// Inflow of 1 person a month (12 a year) into S, added at the end of each cycle:
/// v1 = (80 + 12, 20) = (92, 20); v2 = (92·0.8 + 20·0.1 + 12, 92·0.2 + 20·0.9) = (87.6, 36.4).
#[test]
fn two_states_with_inflow() {
    let scenario = common::scenario(TWO_STATES, &two_state_scenario("0", "inflow = { S = 1 }"));
    let (compiled, projection) = run_strategy::<Decimal>(&scenario, &scenario.baseline).expect("runs");
    assert_eq!(projection.occupancy_at(1), &[dec!(92), dec!(20)]);
    assert_eq!(projection.occupancy_at(2), &[dec!(87.6), dec!(36.4)]);
    assert_eq!(compiled.chain.inflows.len(), 1);
}

/// Annual probabilities on monthly cycles: exit 0.2 a year becomes 1 − 0.8^(1/12) a month,
/// so after twelve cycles 80 of 100 remain (to 1e-15: the twelfth root is computed to about
/// 18 digits by `rust_decimal`'s `powd`).
#[test]
fn annual_probabilities_convert_to_monthly_cycles() {
    let model = TWO_STATES.replace("cycle = \"year\"", "cycle = \"month\"").replace(
        "from = \"S\"\nto = { W = 0.2, S = \"rest\" }",
        "from = \"S\"\nper = \"year\"\nto = { W = 0.2, S = \"rest\" }",
    );
    let model = model.replace("to = { S = 0.1, W = \"rest\" }", "to = { W = 1 }");
    let scenario = common::scenario(&model, &two_state_scenario("0", ""));
    let (_, projection) = run_strategy::<Decimal>(&scenario, &scenario.baseline).expect("runs");
    let after_a_year = projection.occupancy_at(1)[0];
    assert!((after_a_year - dec!(80)).abs() < dec!(0.000000000000001), "{after_a_year}");
}

/// The three-state model (also used by the command-line tests).
const THREE_STATES: &str = include_str!("data/hand/model.toml");

/// Fifty of a hundred people on support take part for a year (also used by the command-line tests).
const INTERVENTION: &str = include_str!("data/hand/intervention.toml");

/// Baseline: v1 = (S 80, W 10, M 10), v2 = (66, 16, 18).
/// Alternative: 50 of the 100 in S take part for one year with S→W doubled (0.2, stay 0.7):
/// v1 = S 50·0.8 = 40 plus 35 participants still in it, W 5 + 10 = 15, M 10;
/// the 35 rejoin S at the end: v2 = (75·0.8 + 15·0.2, 7.5 + 12, 10 + 7.5) = (63, 19.5, 17.5).
/// End counting: kommun year 1 = fbs 75 000 + start 50 000 + 35 × 1 200 = 167 000, year 2 = 63 000;
/// baseline 80 000 + 66 000. Net benefit −84 000, investment 92 000, return (8 000 / 92 000).
/// Months in work: baseline (10 + 16) × 12 = 312, alternative (15 + 19.5) × 12 = 414.
#[test]
fn three_states_with_an_intervention() {
    let scenario = common::scenario(THREE_STATES, INTERVENTION);
    let evaluation = evaluate::<Decimal>(&scenario).expect("runs");
    let c = &evaluation.comparisons[0];
    assert_eq!(c.years[0].people_alt, vec![dec!(75), dec!(15)]);
    assert_eq!(c.years[1].people_alt, vec![dec!(63), dec!(19.5)]);
    assert_eq!(c.years[1].people_base, vec![dec!(66), dec!(16)]);
    assert_eq!(c.years[0].cost_alt[0], dec!(167000));
    assert_eq!(c.years[1].cost_alt[0], dec!(63000));
    let kommun = &c.summaries[0];
    assert_eq!(kommun.net_benefit, dec!(-84000));
    assert_eq!(kommun.investment, dec!(92000));
    assert_eq!(kommun.return_per_krona, Some(dec!(8000) / dec!(92000)));
    assert_eq!(kommun.payback, Payback::NotWithinHorizon);
    let individ = &c.summaries[1];
    assert_eq!(individ.net_benefit, dec!(-8000), "the individual receives 8 000 kr less försörjningsstöd");
    let society = Perspective::index(scenario.model(), Perspective::Society);
    assert_eq!(c.summaries[society].net_benefit, dec!(-92000), "for society only the intervention's cost remains");
    assert_eq!(c.outcomes[0].base, dec!(312));
    assert_eq!(c.outcomes[0].alt, dec!(414));
    assert_eq!(c.outcomes[0].difference, dec!(102));
}

/// With an effect that lasts (drop-off 0.5 a year), participants keep a doubled exit in year 2
/// at 1 + (2 − 1)·0.5 = 1.5 times: the 35 participants move S→W with 0.15 instead of 0.1.
/// v2 = S 40·0.8 + 35·0.75 + 15·0.2 = 61.25, W 4 + 5.25 + 12 = 21.25.
#[test]
fn an_effect_that_lasts_drops_off_yearly() {
    let scenario_text = INTERVENTION.replace(
        "effects = [{ from = [\"S\"], to = [\"W\"], multiplier = 2, source = \"test\" }]",
        "effects = [{ from = [\"S\"], to = [\"W\"], multiplier = 2, source = \"test\" }]\nafter = { drop_off = 0.5, source = \"test\" }",
    );
    let scenario = common::scenario(THREE_STATES, &scenario_text);
    let evaluation = evaluate::<Decimal>(&scenario).expect("runs");
    let c = &evaluation.comparisons[0];
    assert_eq!(c.years[1].people_alt, vec![dec!(61.25), dec!(21.25)]);
}

/// Regression: a yearly row written with an explicit stay instead of "rest" must be converted
/// to monthly cycles just the same (it once skipped the conversion because its total was 1).
#[test]
fn annual_row_with_explicit_stay_converts_like_one_with_rest() {
    let monthly = TWO_STATES.replace("cycle = \"year\"", "cycle = \"month\"");
    let with_rest = monthly.replace("from = \"S\"\nto = {", "from = \"S\"\nper = \"year\"\nto = {");
    let explicit = with_rest.replace("to = { W = 0.2, S = \"rest\" }", "to = { W = 0.2, S = 0.8 }");
    let occupancy = |model: &str| {
        let scenario = common::scenario(model, &two_state_scenario("0", ""));
        let (_, projection) = run_strategy::<Decimal>(&scenario, &scenario.baseline).expect("runs");
        projection.occupancy_at(1).to_vec()
    };
    assert_eq!(occupancy(&with_rest), occupancy(&explicit));
}

/// Regression: a batch whose year ends leaves before the next yearly intake is drawn, so its
/// participants can be drawn again. 60 of 100 start; after year 1 the 42 still in S rejoin the
/// 32 others (74 in S), and the second intake of 60 fits. Year 2: non-participants in S 14 stay
/// 11.2, participants 60 stay 42, and 3.2 return from W: S = 56.4; W = 1.4 + 12 + 12.8 = 26.2.
#[test]
fn a_batch_that_ends_can_be_drawn_again_by_the_next_intake() {
    let yearly = INTERVENTION.replace("participants = 50", "participants = 60\nintake = \"yearly\"\nintake_years = 2");
    let scenario = common::scenario(THREE_STATES, &yearly);
    let evaluation = evaluate::<Decimal>(&scenario).expect("the second intake finds 74 people");
    // 60 / 74 does not terminate: each drawn share is settled to 18 decimals.
    let people = &evaluation.comparisons[0].years[1].people_alt;
    for (actual, expected) in people.iter().zip([dec!(56.4), dec!(26.2)]) {
        assert!((actual - expected).abs() < dec!(0.000000000000001), "{actual} ≠ {expected}");
    }
}
