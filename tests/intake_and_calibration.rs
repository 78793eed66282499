//! Intake schedules, places kept filled, a step effect on a ladder of categories, the
//! participant report and calibration, run through the whole engine.
//!
//! The models are in `tests/data/intake/`; the scenarios are written here. Every expected figure
//! is computed by hand in the comments (or is a property: two ways of writing the same intake
//! give the same result), never taken from the engine's output.

mod common;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal_macros::dec;
use sekalk::appraise::Comparison;
use sekalk::appraise::participants::Participants;
use sekalk::calibrate::{CalibrateError, Target, calibrate};
use sekalk::compile::When;
use sekalk::evaluate::evaluate;

/// S → W 0.1 a year, yearly cycles; fbs 1 000 kr a year in S.
const EXIT: &str = include_str!("data/intake/exit_model.toml");
/// S → W 0.1 a year converted to monthly cycles.
const EXIT_MONTHLY: &str = include_str!("data/intake/exit_monthly_model.toml");
/// S → W 0.1 a month, monthly cycles.
const MONTHLY_EXIT: &str = include_str!("data/intake/monthly_exit_model.toml");
/// K3 → K2 0.2, K2 → K1 0.3, K1 → W 0.4 a year, yearly cycles.
const LADDER: &str = include_str!("data/intake/ladder_model.toml");

/// A scenario on `model.toml` with 100 people in S, no discounting, and one alternative whose
/// intervention `jobb` (targets S, active in S, exit to W doubled, 1 000 kr at the start and
/// 100 kr a month per participant, both paid by the kommun) takes people in as `intake` says.
fn scenario(horizon: u32, intake: &str, extra: &str) -> String {
    format!(
        r#"
[scenario]
name = "intake"
model = "model.toml"
horizon_years = {horizon}

[population]
start = {{ S = 100 }}
source = "test"

[discounting]
costs = 0
source = "test"

[[alternatives]]
id = "insats"
label = "Insats"

[[alternatives.interventions]]
id = "jobb"
label = "Jobbinsats"
targets = ["S"]
{intake}
duration_months = 12
active_in = ["S"]
start_cost = [{{ payer = "kommun", amount = 1000, kind = "resource", price_year = 2024, source = "test" }}]
monthly_cost = [{{ payer = "kommun", amount = 100, kind = "resource", price_year = 2024, source = "test" }}]
effects = [{{ from = ["S"], to = ["W"], multiplier = 2, source = "test" }}]
source = "test"
{extra}
"#
    )
}

/// The comparison and participant report of the only alternative, in exact decimals.
fn run(model: &str, text: &str) -> (Comparison<Decimal>, Vec<Participants<Decimal>>) {
    let scenario = common::scenario(model, text);
    let mut evaluation = evaluate::<Decimal>(&scenario).expect("runs");
    (evaluation.comparisons.remove(0), evaluation.participants.remove(0))
}

/// Asserts that two comparisons agree on people, costs and totals in every year.
fn same(a: &Comparison<Decimal>, b: &Comparison<Decimal>) {
    assert_eq!(a.years.len(), b.years.len());
    for (year, (x, y)) in a.years.iter().zip(&b.years).enumerate() {
        assert_eq!(x.people_alt, y.people_alt, "people in year {}", year + 1);
        assert_eq!(x.people_base, y.people_base, "baseline people in year {}", year + 1);
        assert_eq!(x.cost_alt, y.cost_alt, "costs in year {}", year + 1);
        assert_eq!(x.investment, y.investment, "investment in year {}", year + 1);
    }
    let net = |c: &Comparison<Decimal>| c.summaries.iter().map(|s| s.net_benefit).collect::<Vec<_>>();
    assert_eq!(net(a), net(b));
}

/// `schedule = [20]` takes 20 in at the start of month 1, as `participants = 20` with one intake
/// at the start. By hand (yearly cycles): v1 alternative S = 80·0.9 + 20·0.8 = 88, W = 12;
/// the kommun pays 20 × 1 000 + 16 × 1 200 = 39 200 kr for the intervention in year 1 (end
/// counting: the 16 still in S at the end of the year).
#[test]
fn a_one_month_schedule_is_one_intake_at_the_start() {
    let (start, _) = run(EXIT, &scenario(2, "participants = 20", ""));
    let (monthly, _) = run(EXIT, &scenario(2, "intake = \"monthly\"\nschedule = [20]", ""));
    same(&start, &monthly);
    assert_eq!(monthly.years[0].people_alt, vec![dec!(88), dec!(12)]);
    assert_eq!(monthly.years[0].investment[0], dec!(39200));
}

/// On monthly cycles, 20 at month 1 and 20 at month 13 is the yearly intake of 20 for two years.
#[test]
fn a_schedule_of_months_1_and_13_is_two_yearly_intakes() {
    let mut schedule = vec!["0"; 13];
    schedule[0] = "20";
    schedule[12] = "20";
    let monthly = format!("intake = \"monthly\"\nschedule = [{}]", schedule.join(", "));
    let (yearly, yearly_people) =
        run(EXIT_MONTHLY, &scenario(3, "participants = 20\nintake = \"yearly\"\nintake_years = 2", ""));
    let (by_month, month_people) = run(EXIT_MONTHLY, &scenario(3, &monthly, ""));
    same(&yearly, &by_month);
    // 40 people taken in either way.
    assert_eq!(yearly_people[0].taken_in, dec!(40));
    assert_eq!(month_people[0].taken_in, dec!(40));
}

/// Ten places kept filled for 12 months on S → W 0.1 a month, doubled to 0.2 for participants.
/// Month 1: 10 taken in; in each month 10 · 0.2 = 2 leave to W and are replaced at the start of
/// the next month (months 2–12): 10 + 11 × 2 = 32 taken in. Without the effect 10 · 0.1 = 1
/// leaves each month: 10 + 11 × 1 = 21. (Compared within 1e-12: the engine gives
/// 31.999999999999999996, not exactly 32, although every step is exact in decimals.)
#[test]
fn places_are_refilled_as_participants_leave() {
    let (_, people) = run(MONTHLY_EXIT, &scenario(2, "intake = \"places\"\nplaces = 10\nfill_months = 12", ""));
    let close = |actual: Decimal, expected: Decimal| {
        assert!((actual - expected).abs() < dec!(0.000000000001), "{actual} ≠ {expected}");
    };
    close(people[0].taken_in, dec!(32));
    close(people[0].taken_in_without, dec!(21));
}

/// Start K3 100, K2 50, K1 20; all of K3 take part for a year with K3 → K2 × 1.5 (0.3).
///   baseline after a year: K3 80, K2 50·0.7 + 20 = 55, K1 20·0.6 + 15 = 27, W 8;
///   alternative: K3 70, K2 35 + 30 = 65, K1 27, W 8.
/// Costs (1 000 kr a year in K3–K1, end counting): baseline 162 000, alternative 162 000 plus
/// the intervention 100 × 1 000 + 70 × 1 200 = 184 000.
#[test]
fn a_step_effect_moves_people_one_category_down() {
    let text = r#"
[scenario]
name = "ladder"
model = "model.toml"
horizon_years = 1

[population]
start = { K3 = 100, K2 = 50, K1 = 20 }
source = "test"

[discounting]
costs = 0
source = "test"

[[alternatives]]
id = "steg"
label = "Steg"

[[alternatives.interventions]]
id = "steg"
label = "Stegvis"
targets = ["K3"]
participants = 100
duration_months = 12
active_in = ["K3"]
start_cost = [{ payer = "kommun", amount = 1000, kind = "resource", price_year = 2024, source = "test" }]
monthly_cost = [{ payer = "kommun", amount = 100, kind = "resource", price_year = 2024, source = "test" }]
effects = [{ from = ["K3"], to = ["K2"], multiplier = 1.5, source = "test" }]
source = "test"
"#;
    let (c, _) = run(LADDER, text);
    assert_eq!(c.years[0].people_base, vec![dec!(80), dec!(55), dec!(27), dec!(8)]);
    assert_eq!(c.years[0].people_alt, vec![dec!(70), dec!(65), dec!(27), dec!(8)]);
    assert_eq!(c.years[0].cost_base, vec![dec!(162000)]);
    assert_eq!(c.years[0].investment, vec![dec!(184000)]);
    assert_eq!(c.years[0].cost_alt, vec![dec!(346000)]);
}

/// An observation of the share in W 12 months after intake, with `share`.
fn observed(share: &str) -> String {
    format!(
        r#"
[[alternatives.interventions.observed]]
states = ["W"]
share = {share}
months_after_intake = 12
source = "test"
"#
    )
}

/// 20 of 100 in S, exit 0.1 a year doubled: after 12 months 20 % of the participants are in W
/// with the effect (0.2) and 10 % without (0.1).
#[test]
fn participants_in_work_a_year_after_intake() {
    let (_, people) = run(EXIT, &scenario(2, "participants = 20", ""));
    let report = &people[0];
    assert_eq!(report.taken_in, dec!(20));
    let a_year = report.shares.iter().find(|s| s.when == When::MonthsAfterIntake(12)).expect("12 months");
    // Sets: the main grouping's groups g_s, g_w.
    assert_eq!(a_year.people, dec!(20));
    assert_eq!(a_year.with, vec![dec!(0.8), dec!(0.2)]);
    assert_eq!(a_year.without, vec![dec!(0.9), dec!(0.1)]);
}

/// The first observation of the only intervention, in `range`.
fn target(range: (f64, f64)) -> Target {
    Target { alternative: 0, intervention: 0, observed: 0, range }
}

/// Yearly cycles: the share in W 12 months after intake is 0.1 · m, so an observed 0.17 is
/// m = 1.7 (by hand). The file's own multiplier (2) does not matter.
#[test]
fn calibration_recovers_a_linear_multiplier() {
    let scenario = common::scenario(EXIT, &scenario(2, "participants = 20", &observed("0.17")));
    let found = calibrate(&scenario, target((1.0, 4.0))).expect("calibrates");
    assert_eq!(found.multiplier, dec!(1.7));
    assert_eq!(found.share, dec!(0.17));
}

/// Monthly cycles (0.1 a year converted to months): the share after 12 months with m = 1.7 is
/// taken from a run with the multiplier 1.7; calibrating from multiplier 1 recovers 1.7 to 6
/// significant digits.
#[test]
fn calibration_recovers_a_multiplier_on_monthly_cycles() {
    let with_effect = |m: &str| scenario(2, "participants = 20", &observed("0.5")).replace("multiplier = 2", m);
    let known = common::scenario(EXIT_MONTHLY, &with_effect("multiplier = 1.7"));
    let evaluation = evaluate::<Decimal>(&known).expect("runs");
    let report = &evaluation.participants[0][0];
    let a_year = report.shares.iter().find(|s| s.when == When::MonthsAfterIntake(12)).expect("12 months");
    let share = a_year.with[1];
    // Between the linear 0.17 and the yearly-compounded bound: 1 − 0.9^1.7 ≈ 0.164.
    assert!(share > dec!(0.15) && share < dec!(0.18), "{share}");
    let text = with_effect("multiplier = 1").replace("share = 0.5", &format!("share = {}", share.round_dp(20)));
    let scenario = common::scenario(EXIT_MONTHLY, &text);
    let found = calibrate(&scenario, target((1.0, 4.0))).expect("calibrates");
    let m = found.multiplier.to_f64().expect("f64");
    assert!((m - 1.7).abs() / 1.7 < 5e-6, "{m}");
}

/// Multipliers 1–4 give shares 0.1–0.4: 0.5 cannot be reached.
#[test]
fn an_unreachable_share_is_reported() {
    let scenario = common::scenario(EXIT, &scenario(2, "participants = 20", &observed("0.5")));
    match calibrate(&scenario, target((1.0, 4.0))) {
        Err(CalibrateError::Unreachable { at_low, at_high, .. }) => {
            assert!((at_low - 0.1).abs() < 1e-12 && (at_high - 0.4).abs() < 1e-12, "{at_low} {at_high}");
        }
        other => panic!("expected Unreachable, got {other:?}"),
    }
}
