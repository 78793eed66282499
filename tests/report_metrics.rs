//! The report's metrics checked against figures worked out by hand (the arithmetic is in the
//! comments) on two-state chains, and against properties: payback (discounted, undiscounted,
//! within the mandate period, undone by a later cost), the break-even effect and cost, the money
//! flows of a pure transfer, figures per participant, cost per outcome, return per krona and
//! ROI, and a zero intervention that changes nothing.
//!
//! Every model here has two states, `stod` (on support) and `arbete` (in work, absorbing),
//! yearly cycles counted at the end of each cycle (`counting = "end"`), and two actors:
//! `kommun` (public) and `individ`. The perspectives are, in order: kommun 0, individ 1, the
//! public sector 2 (the kommun alone) and society 3.
//!
//! Without the intervention `S0` people in `stod` leave for work with probability `p` a year,
//! so `S0·(1 − p)^t` are on support at the end of year `t`. `N` of them take part for one
//! year (one cycle) with the exit multiplied by `m`: at the end of year `t` there are
//! `N·p·(m − 1)·(1 − p)^(t − 1)` fewer people on support than without it.

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sekalk::appraise::Payback;
use sekalk::report::break_even::{CostBreakEven, EffectBreakEven, Point};
use sekalk::report::{self, Options, Provenance, Report};
use std::path::PathBuf;

const KOMMUN: usize = 0;
const INDIVID: usize = 1;
const PUBLIC: usize = 2;
const SOCIETY: usize = 3;

/// The two-state model: exit `p` a year from `stod` to `arbete`; försörjningsstöd `fbs` kr a
/// year in `stod` paid by the kommun to the individual (a transfer); when `handling` is not
/// zero, case handling of `handling` kr a year in `stod` paid by the kommun (a resource).
/// Outcomes: months on support (`better = "lower"`) and months in work.
fn model(p: &str, fbs: u32, handling: u32) -> String {
    let handling = if handling == 0 {
        String::new()
    } else {
        format!(
            r#"
[[costs]]
id = "handlaggning"
label = "Handläggning"
payer = "kommun"
kind = "resource"
amount = {handling}
per = "year"
states = ["stod"]
price_year = 2024
source = "test"
"#
        )
    };
    format!(
        r#"
[model]
name = "two states"
cycle = "year"
counting = "end"
price_year = 2024

[[states]]
id = "stod"
label = "Försörjningsstöd"
[[states]]
id = "arbete"
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
from = "stod"
to = {{ arbete = {p}, stod = "rest" }}

[[costs]]
id = "fbs"
label = "Försörjningsstöd"
payer = "kommun"
receiver = "individ"
kind = "transfer"
amount = {fbs}
per = "year"
states = ["stod"]
price_year = 2024
source = "test"
{handling}
[[outcomes]]
id = "stodmanader"
label = "Månader med försörjningsstöd"
states = ["stod"]
better = "lower"

[[outcomes]]
id = "arbetsmanader"
label = "Månader i arbete"
states = ["arbete"]
"#
    )
}

/// A scenario: 100 people in `stod`, `participants` of them take part for a year with the exit
/// to work multiplied by `multiplier` and a start cost per participant (`payment`: the inside
/// of an inline table, amount, payer, kind and receiver); `extra` is appended (fixed costs).
fn scenario(horizon: u32, rate: &str, participants: u32, multiplier: &str, payment: &str, extra: &str) -> String {
    format!(
        r#"
[scenario]
name = "metrics"
model = "model.toml"
horizon_years = {horizon}

[population]
start = {{ stod = 100 }}
source = "test"

[discounting]
costs = {rate}
source = "test"

[[alternatives]]
id = "insats"
label = "Insats"

[[alternatives.interventions]]
id = "jobb"
label = "Jobbinsats"
targets = ["stod"]
participants = {participants}
duration_months = 12
active_in = ["stod"]
start_cost = [{{ {payment}, price_year = 2024, source = "test" }}]
effects = [{{ from = ["stod"], to = ["arbete"], multiplier = {multiplier}, source = "test" }}]
source = "test"
{extra}
"#
    )
}

/// The report of a model and scenario text, built as `sekalk run` builds it, break-even
/// search included.
fn report(model: &str, scenario: &str) -> Report {
    let loaded = match sekalk::load::load_texts(
        (PathBuf::from("scenario.toml"), scenario.to_string()),
        (PathBuf::from("model.toml"), model.to_string()),
    ) {
        Ok(loaded) => loaded,
        Err((_, diagnostics)) => panic!("cannot load the test input: {diagnostics:?}"),
    };
    let scenario = match sekalk::validate::validate(&loaded) {
        Ok(scenario) => scenario,
        Err(diagnostics) => panic!("invalid test input: {diagnostics:?}"),
    };
    let evaluation = sekalk::evaluate::evaluate::<Decimal>(&scenario).expect("the scenario evaluates");
    let provenance = Provenance { version: "test".into(), inputs: Vec::new(), command: "sekalk run".into() };
    let options = Options { provenance, sources: Vec::new(), break_even: true };
    report::build(&scenario, &evaluation, options).expect("the report builds")
}

/// `actual` equals `expected` to 1e-12 relative (at least 1e-12 absolute): the engine divides
/// by discount factors in 28-digit decimals, as the hand computation here does in another order.
#[track_caller]
fn close(actual: Decimal, expected: Decimal) {
    let tolerance = dec!(0.000000000001) * expected.abs().max(Decimal::ONE);
    assert!((actual - expected).abs() <= tolerance, "{actual} ≠ {expected}");
}

// ---------------------------------------------------------------------------------------------
// The payback case: p = 0.5, fbs 1 000 kr, all 100 take part with m = 2 (exit 1: everybody
// leaves in year 1), 900 kr per participant (resource, kommun), 10 % over six years.
//
// Without: on support at the end of years 1–6: 50, 25, 12.5, 6.25, 3.125, 1.5625; with: 0.
// The kommun saves 1 000 kr a year for each: 50 000, 25 000, 12 500, 6 250, 3 125, 1 562.5, and
// pays 100 × 900 = 90 000 in year 1. Its net per year: −40 000, 25 000, 12 500, 6 250, 3 125,
// 1 562.5.
// Undiscounted cumulative: −40 000, −15 000, −2 500, 3 750, 6 875, 8 437.5: paid back in year 4.
// Discounted at 10 % (year 1 undiscounted): −40 000; + 25 000 / 1.1 = −17 272.727…;
// + 12 500 / 1.21 = −6 942.148…; + 6 250 / 1.331 = −2 246.431…; + 3 125 / 1.4641 = −112.014…;
// + 1 562.5 / 1.61051 = +858.175…: paid back in year 6, after the mandate period.
// ---------------------------------------------------------------------------------------------

const PAYMENT_900: &str = r#"payer = "kommun", kind = "resource", amount = 900"#;

fn payback_model() -> String {
    model("0.5", 1000, 0)
}

fn payback_scenario(extra: &str) -> String {
    scenario(6, "0.1", 100, "2", PAYMENT_900, extra)
}

/// The kommun's discounted savings of försörjningsstöd in the payback case:
/// 50 000 + 25 000 / 1.1 + 12 500 / 1.21 + 6 250 / 1.331 + 3 125 / 1.4641 + 1 562.5 / 1.61051.
fn payback_savings() -> Decimal {
    dec!(50000)
        + dec!(25000) / dec!(1.1)
        + dec!(12500) / dec!(1.21)
        + dec!(6250) / dec!(1.331)
        + dec!(3125) / dec!(1.4641)
        + dec!(1562.5) / dec!(1.61051)
}

/// A fixed cost of the intervention paid by the kommun once, in projection year 5.
fn once_in_year_5(amount: u32) -> String {
    format!(
        r#"
[[alternatives.interventions.fixed_cost]]
label = "Ombyggnad"
payer = "kommun"
kind = "resource"
amount = {amount}
per = "once"
year = 5
price_year = 2024
source = "test"
"#
    )
}

#[test]
fn payback_in_a_year_computed_by_hand() {
    let r = report(&payback_model(), &payback_scenario(""));
    let a = &r.alternatives[0];
    let flows: Vec<Decimal> = a.flows.iter().map(|f| f.actors[KOMMUN]).collect();
    assert_eq!(flows, vec![dec!(-40000), dec!(25000), dec!(12500), dec!(6250), dec!(3125), dec!(1562.5)]);
    let undiscounted: Vec<Decimal> = a.flows.iter().map(|f| f.cumulative_undiscounted[KOMMUN]).collect();
    assert_eq!(undiscounted, vec![dec!(-40000), dec!(-15000), dec!(-2500), dec!(3750), dec!(6875), dec!(8437.5)]);
    let discounted = [
        dec!(-40000),
        dec!(-40000) + dec!(25000) / dec!(1.1),
        dec!(-40000) + dec!(25000) / dec!(1.1) + dec!(12500) / dec!(1.21),
        dec!(-40000) + dec!(25000) / dec!(1.1) + dec!(12500) / dec!(1.21) + dec!(6250) / dec!(1.331),
        payback_savings() - dec!(90000) - dec!(1562.5) / dec!(1.61051),
        payback_savings() - dec!(90000),
    ];
    for (flow, expected) in a.flows.iter().zip(discounted) {
        close(flow.cumulative[KOMMUN], expected);
    }
    assert!(a.flows[4].cumulative[KOMMUN] < Decimal::ZERO, "year 5 is still below zero: −112.01 kr");
    let kommun = &a.summary[KOMMUN];
    assert_eq!(kommun.payback, Payback::Year(6));
    assert_eq!(kommun.payback_undiscounted, Payback::Year(4));
    assert!(!kommun.payback.within_mandate(), "year 6 is after the four-year mandate period");
    assert!(kommun.payback_undiscounted.within_mandate(), "year 4 is the last of the mandate period");
    // The public sector is the kommun alone.
    assert_eq!(a.summary[PUBLIC], a.summary[KOMMUN]);
    // The individual invests nothing; society bears the 90 000 kr and gains nothing back (the
    // försörjningsstöd is a transfer).
    assert_eq!(a.summary[INDIVID].payback, Payback::NoInvestment);
    assert_eq!(a.summary[SOCIETY].net_benefit, dec!(-90000));
    assert_eq!(a.summary[SOCIETY].payback, Payback::NotWithinHorizon);
    assert_eq!(a.summary[SOCIETY].payback_undiscounted, Payback::NotWithinHorizon);
}

/// A later cost undoes the early crossing. With 8 000 kr more in year 5 the kommun's
/// undiscounted cumulative is −40 000, −15 000, −2 500, 3 750, −1 125, 437.5: above zero in year
/// 4, below again in year 5, paid back in year 6. The discounted cumulative ends at
/// 858.175… − 8 000 / 1.4641 = −4 605.9… < 0: not within the horizon.
/// With 10 000 kr the undiscounted cumulative ends at −1 562.5: not within the horizon either.
#[test]
fn a_later_cost_undoes_an_early_crossing() {
    let r = report(&payback_model(), &payback_scenario(&once_in_year_5(8000)));
    let a = &r.alternatives[0];
    let undiscounted: Vec<Decimal> = a.flows.iter().map(|f| f.cumulative_undiscounted[KOMMUN]).collect();
    assert_eq!(undiscounted, vec![dec!(-40000), dec!(-15000), dec!(-2500), dec!(3750), dec!(-1125), dec!(437.5)]);
    close(a.flows[5].cumulative[KOMMUN], payback_savings() - dec!(90000) - dec!(8000) / dec!(1.4641));
    let kommun = &a.summary[KOMMUN];
    assert_eq!(kommun.payback_undiscounted, Payback::Year(6), "the crossing in year 4 is undone in year 5");
    assert!(!kommun.payback_undiscounted.within_mandate());
    assert_eq!(kommun.payback, Payback::NotWithinHorizon);
    assert!(!kommun.payback.within_mandate());
    // The fixed cost is part of the investment: 90 000 + 8 000 / 1.4641; 98 000 undiscounted.
    close(kommun.investment, dec!(90000) + dec!(8000) / dec!(1.4641));
    assert_eq!(kommun.investment_undiscounted, dec!(98000));
    assert_eq!(a.flows[4].investment[KOMMUN], dec!(8000));

    let r = report(&payback_model(), &payback_scenario(&once_in_year_5(10000)));
    let a = &r.alternatives[0];
    assert_eq!(a.flows[3].cumulative_undiscounted[KOMMUN], dec!(3750));
    assert_eq!(a.flows[5].cumulative_undiscounted[KOMMUN], dec!(-1562.5));
    assert_eq!(a.summary[KOMMUN].payback_undiscounted, Payback::NotWithinHorizon);
    assert_eq!(a.summary[KOMMUN].payback, Payback::NotWithinHorizon);
}

/// Per participant in the payback case: 100 taken in, 90 000 kr invested by the kommun: 900 kr
/// each, discounted and not (it is all paid in year 1). Net benefit per participant
/// 858.175… / 100. Months on support: without 12 × (50 + 25 + 12.5 + 6.25 + 3.125 + 1.5625)
/// = 12 × 98.4375 = 1 181.25, with 0 (outcomes undiscounted by default); less is better, so
/// the gain is +1 181.25 months, 11.8125 per participant. Months in work: with 12 × 600 = 7 200,
/// without 12 × (50 + 75 + 87.5 + 93.75 + 96.875 + 98.4375) = 6 018.75: the same gain.
#[test]
fn figures_per_participant() {
    let r = report(&payback_model(), &payback_scenario(""));
    let a = &r.alternatives[0];
    let per = a.per_participant.as_ref().expect("100 people were taken in");
    assert_eq!(per.taken_in, dec!(100));
    assert_eq!(per.investment[KOMMUN], dec!(900));
    assert_eq!(per.investment_undiscounted[KOMMUN], dec!(900));
    assert_eq!(per.investment[INDIVID], Decimal::ZERO);
    assert_eq!(per.investment[SOCIETY], dec!(900));
    close(per.net_benefit[KOMMUN], (payback_savings() - dec!(90000)) / dec!(100));
    assert_eq!(per.net_benefit[SOCIETY], dec!(-900));

    let support = &a.outcomes[0];
    assert_eq!(support.without, dec!(1181.25));
    assert_eq!(support.with, Decimal::ZERO);
    assert_eq!(support.gain, dec!(1181.25), "fewer months on support is a gain");
    assert_eq!(support.gain_per_participant, Some(dec!(11.8125)));
    let work = &a.outcomes[1];
    assert_eq!(work.without, dec!(6018.75));
    assert_eq!(work.with, dec!(7200));
    assert_eq!(work.gain, dec!(1181.25));
    assert_eq!(work.gain_per_participant, Some(dec!(11.8125)));
}

/// Cost per outcome in the payback case, per month on support avoided (gain 1 181.25):
/// kommun: investment 90 000 / 1 181.25 = 76.190 476…, net cost −858.175… / 1 181.25 = −0.7265…
/// (it gains money as well); individ: invests nothing (no figure), net cost
/// 90 858.175… / 1 181.25 (it loses the försörjningsstöd); society: 90 000 / 1 181.25 both.
#[test]
fn cost_per_outcome() {
    let r = report(&payback_model(), &payback_scenario(""));
    let a = &r.alternatives[0];
    assert_eq!(a.cost_per_outcome.len(), 2, "both outcomes gain");
    let support = &a.cost_per_outcome[0];
    assert_eq!(support.outcome, 0);
    let gain = dec!(1181.25);
    close(support.investment_per_unit[KOMMUN].expect("the kommun invests"), dec!(90000) / gain);
    assert_eq!(support.investment_per_unit[INDIVID], None);
    close(support.investment_per_unit[SOCIETY].expect("society invests"), dec!(90000) / gain);
    let kommun = support.net_cost_per_unit[KOMMUN].expect("a gain");
    close(kommun, -(payback_savings() - dec!(90000)) / gain);
    assert!(kommun < Decimal::ZERO, "the kommun gains money as well");
    close(support.net_cost_per_unit[INDIVID].expect("a gain"), payback_savings() / gain);
    close(support.net_cost_per_unit[SOCIETY].expect("a gain"), dec!(90000) / gain);
    assert_eq!(support.net_cost_per_unit[PUBLIC], support.net_cost_per_unit[KOMMUN]);
}

/// Return per krona and ROI in the payback case: kommun (858.175… + 90 000) / 90 000
/// = 1.009 535… and 858.175… / 90 000 = 0.009 535…; society (−90 000 + 90 000) / 90 000 = 0 and
/// −1; the individual invests nothing, so neither is defined.
#[test]
fn return_per_krona_and_roi() {
    let r = report(&payback_model(), &payback_scenario(""));
    let a = &r.alternatives[0];
    let nb = payback_savings() - dec!(90000);
    let kommun = &a.summary[KOMMUN];
    close(kommun.net_benefit, nb);
    assert_eq!(kommun.investment, dec!(90000));
    close(kommun.return_per_krona.expect("an investment"), payback_savings() / dec!(90000));
    close(kommun.roi.expect("an investment"), nb / dec!(90000));
    assert_eq!(a.summary[SOCIETY].return_per_krona, Some(Decimal::ZERO));
    assert_eq!(a.summary[SOCIETY].roi, Some(dec!(-1)));
    assert_eq!(a.summary[INDIVID].return_per_krona, None);
    assert_eq!(a.summary[INDIVID].roi, None);
    // As a number: 90 858.175 360 6… / 90 000 = 1.009 535 281 78…
    assert!((kommun.return_per_krona.expect("an investment") - dec!(1.0095352818)).abs() < dec!(0.0000000001));
}

// ---------------------------------------------------------------------------------------------
// The break-even case: p = 0.2, fbs 10 000 kr (transfer), case handling 1 000 kr (resource),
// 10 of 100 take part with m = 2 at 3 000 kr each (resource, kommun), 5 % over three years.
//
// The kommun saves (10 000 + 1 000) kr a year for each person fewer on support:
//   NB_kommun(m) = N·[(f + h)·(m − 1)·A − K],  A = p·Σ_{t=1..3} (1 − p)^(t−1) / 1.05^(t−1)
//                = 0.2·(1 + 0.8 / 1.05 + 0.64 / 1.1025) = 0.468 480 725 6…
// (year 1 undiscounted, the start cost paid in year 1). It is zero at
//   m* = 1 + K / ((f + h)·A) = 1 + 3 000 / 5 153.287 981… = 1.582 152 6…
// Society keeps only the case handling: NB_society(m) = N·[h·(m − 1)·A − K], zero at
// m = 1 + 3 000 / 468.48… = 7.403 7… — past the largest multiplier a row allows (p·m ≤ 1: m ≤ 5,
// scale ≤ 4), so none within range.
// The cost break-even: NB is N·[(f + h)·A·(m − 1) − K], zero at K* = (f + h)·A·(m − 1) =
// 5 153.287 981… kr per participant for the kommun at m = 2, and h·A = 468.480 725… for society.
// ---------------------------------------------------------------------------------------------

const PAYMENT_3000: &str = r#"payer = "kommun", kind = "resource", amount = 3000"#;

fn break_even_model() -> String {
    model("0.2", 10000, 1000)
}

/// `A` of the break-even case.
fn annuity() -> Decimal {
    dec!(0.2) * (Decimal::ONE + dec!(0.8) / dec!(1.05) + dec!(0.64) / dec!(1.1025))
}

fn points(r: &Report) -> &[Point] {
    let break_even = &r.alternatives[0].break_even;
    assert_eq!(break_even.len(), 1);
    assert_eq!(break_even[0].intervention, "jobb");
    &break_even[0].points
}

#[test]
fn break_even_effect_in_closed_form() {
    let r = report(&break_even_model(), &scenario(3, "0.05", 10, "2", PAYMENT_3000, ""));
    let a = &r.alternatives[0];
    // The assumed effect: NB_kommun(2) = 10·(5 153.288 − 3 000) = 21 532.88 kr.
    close(a.summary[KOMMUN].net_benefit, dec!(10) * (dec!(11000) * annuity() - dec!(3000)));
    close(a.summary[SOCIETY].net_benefit, dec!(10) * (dec!(1000) * annuity() - dec!(3000)));
    let points = points(&r);
    assert_eq!(r.alternatives[0].break_even[0].multipliers, vec![dec!(2)]);
    let m_star = Decimal::ONE + dec!(3000) / (dec!(11000) * annuity());
    for p in [KOMMUN, PUBLIC] {
        let EffectBreakEven::At { scale, multipliers, net_benefit } = &points[p].effect else {
            panic!("perspective {p}: {:?}", points[p].effect);
        };
        assert_eq!(multipliers.len(), 1);
        let relative = ((multipliers[0] - m_star) / m_star).abs();
        assert!(relative < dec!(0.0001), "perspective {p}: {} ≠ {m_star}", multipliers[0]);
        // With one effect of m = 2 the scale is m* − 1.
        assert!((*scale - (m_star - Decimal::ONE)).abs() < dec!(0.00001), "{scale}");
        // The confirmation in decimals: near zero against the 30 000 kr invested.
        assert!(net_benefit.abs() < dec!(0.0001) * dec!(30000), "{net_benefit}");
    }
    // Society cannot break even below m = 5 (scale 4, where the stay probability reaches 0).
    assert_eq!(points[SOCIETY].effect, EffectBreakEven::NoneInRange { high: dec!(4) });
    // The individual invests nothing: its net benefit −N·f·A·(m − 1) is zero without the effect.
    assert_eq!(points[INDIVID].effect, EffectBreakEven::NoInvestment);
}

/// A harmful effect (m = 0.5) only loses money: no scale from 0 to the largest allowed (2,
/// where the multiplier reaches 0) brings the kommun to zero — it would need m = 1.58, a
/// negative scale. It does not break even at any cost: without the 30 000 kr its net is still
/// 10·11 000·A·(0.5 − 1) < 0.
#[test]
fn a_harmful_effect_breaks_even_neither_in_effect_nor_in_cost() {
    let r = report(&break_even_model(), &scenario(3, "0.05", 10, "0.5", PAYMENT_3000, ""));
    let points = points(&r);
    for p in [KOMMUN, PUBLIC, SOCIETY] {
        assert_eq!(points[p].effect, EffectBreakEven::NoneInRange { high: dec!(2) }, "perspective {p}");
        assert_eq!(points[p].cost, CostBreakEven::NotEvenFree, "perspective {p}");
        assert_eq!(points[p].cost_per_participant, Some(dec!(3000)), "perspective {p}");
    }
    assert_eq!(points[INDIVID].cost, CostBreakEven::NoCost, "the individual pays nothing");
    assert_eq!(points[INDIVID].cost_per_participant, None);
}

#[test]
fn break_even_cost_in_closed_form() {
    let r = report(&break_even_model(), &scenario(3, "0.05", 10, "2", PAYMENT_3000, ""));
    let points = points(&r);
    let CostBreakEven::UpTo(kommun) = points[KOMMUN].cost else { panic!("{:?}", points[KOMMUN].cost) };
    close(kommun, dec!(11000) * annuity());
    assert_eq!(points[PUBLIC].cost, points[KOMMUN].cost);
    let CostBreakEven::UpTo(society) = points[SOCIETY].cost else { panic!("{:?}", points[SOCIETY].cost) };
    close(society, dec!(1000) * annuity());
    assert_eq!(points[KOMMUN].cost_per_participant, Some(dec!(3000)));
    assert_eq!(points[INDIVID].cost, CostBreakEven::NoCost);

    // At the break-even cost the net benefit is zero: run it again at K* rounded to the öre.
    let k_star = (dec!(11000) * annuity()).round_dp(2);
    let payment = format!(r#"payer = "kommun", kind = "resource", amount = {k_star}"#);
    let again = report(&break_even_model(), &scenario(3, "0.05", 10, "2", &payment, ""));
    assert!(again.alternatives[0].summary[KOMMUN].net_benefit.abs() < dec!(0.1), "10 participants × < 0.5 öre");
}

/// Two yearly intakes of 10 in the break-even case: 20 taken in, 3 000 kr each, paid at the
/// start of years 1 and 2. Investment: 30 000 + 30 000 / 1.05 = 58 571.428…, 60 000
/// undiscounted; per participant 2 928.571… and 3 000.
/// Savings: the first batch 10·11 000·A = 51 532.879… as before; the second takes part in year 2,
/// so 10·0.2·11 000 fewer-on-support kronor at the end of years 2 and 3, (1 − p) less in year 3:
/// 22 000·(1 / 1.05 + 0.8 / 1.1025) = 36 916.099…
/// The cost break-even scales both payments: NB(K) = savings − K·(10 + 10 / 1.05), zero at
/// K* = (51 532.879… + 36 916.099…) / 19.523 809… = 4 530.311… kr per participant.
#[test]
fn two_yearly_intakes_per_participant_and_cost_break_even() {
    let text = scenario(3, "0.05", 10, "2", PAYMENT_3000, "")
        .replace("participants = 10\n", "participants = 10\nintake = \"yearly\"\nintake_years = 2\n");
    let r = report(&break_even_model(), &text);
    let a = &r.alternatives[0];
    let investment = dec!(30000) + dec!(30000) / dec!(1.05);
    close(a.summary[KOMMUN].investment, investment);
    assert_eq!(a.summary[KOMMUN].investment_undiscounted, dec!(60000));
    let per = a.per_participant.as_ref().expect("people were taken in");
    assert_eq!(per.taken_in, dec!(20));
    close(per.investment[KOMMUN], investment / dec!(20));
    assert_eq!(per.investment_undiscounted[KOMMUN], dec!(3000));
    let savings =
        dec!(10) * dec!(11000) * annuity() + dec!(22000) * (Decimal::ONE / dec!(1.05) + dec!(0.8) / dec!(1.1025));
    close(a.summary[KOMMUN].net_benefit, savings - investment);
    let points = points(&r);
    assert_eq!(points[KOMMUN].cost_per_participant, Some(dec!(3000)));
    let CostBreakEven::UpTo(allowed) = points[KOMMUN].cost else { panic!("{:?}", points[KOMMUN].cost) };
    close(allowed, savings / (dec!(10) + dec!(10) / dec!(1.05)));
}

// ---------------------------------------------------------------------------------------------
// A pure transfer: only försörjningsstöd (kommun → individ), and an allowance of 300 kr per
// participant from the kommun to the individual at the start. p = 0.5, m = 2, all 100 take
// part, four years at 5 %.
// The kommun's flow: year 1 50 000 − 30 000 = 20 000, then 25 000, 12 500, 6 250; the
// individual's the opposite; society and every sum of the actors zero.
// ---------------------------------------------------------------------------------------------

#[test]
fn a_pure_transfer_cancels_for_society_every_year() {
    let payment = r#"payer = "kommun", receiver = "individ", kind = "transfer", amount = 300"#;
    let r = report(&model("0.5", 1000, 0), &scenario(4, "0.05", 100, "2", payment, ""));
    let a = &r.alternatives[0];
    let kommun: Vec<Decimal> = a.flows.iter().map(|f| f.actors[KOMMUN]).collect();
    assert_eq!(kommun, vec![dec!(20000), dec!(25000), dec!(12500), dec!(6250)]);
    for flow in &a.flows {
        assert_eq!(flow.actors[INDIVID], -flow.actors[KOMMUN], "year {}", flow.year);
        assert_eq!(flow.actors.iter().sum::<Decimal>(), Decimal::ZERO, "year {}", flow.year);
        assert_eq!(flow.perspectives[SOCIETY], Decimal::ZERO, "year {}", flow.year);
        assert_eq!(flow.cumulative[SOCIETY], Decimal::ZERO, "year {}", flow.year);
        assert_eq!(flow.cumulative_undiscounted[SOCIETY], Decimal::ZERO, "year {}", flow.year);
        assert_eq!(flow.perspectives[PUBLIC], flow.actors[KOMMUN], "year {}", flow.year);
        assert_eq!(flow.perspectives[INDIVID], flow.actors[INDIVID], "year {}", flow.year);
        assert_eq!(flow.investment.iter().sum::<Decimal>(), Decimal::ZERO, "year {}", flow.year);
    }
    assert_eq!(a.flows[0].investment, vec![dec!(30000), dec!(-30000)]);
    assert_eq!(a.summary[SOCIETY].net_benefit, Decimal::ZERO);
    assert_eq!(a.summary[SOCIETY].investment, Decimal::ZERO);
    assert_eq!(a.summary[SOCIETY].payback, Payback::NoInvestment);
    // The individual receives the allowance: no investment of its own.
    assert_eq!(a.summary[INDIVID].payback, Payback::NoInvestment);
    // Kommun: 20 000 + 25 000 / 1.05 + 12 500 / 1.1025 + 6 250 / 1.157625.
    let kommun = dec!(20000) + dec!(25000) / dec!(1.05) + dec!(12500) / dec!(1.1025) + dec!(6250) / dec!(1.157625);
    close(a.summary[KOMMUN].net_benefit, kommun);
    assert_eq!(a.summary[INDIVID].net_benefit, -a.summary[KOMMUN].net_benefit);
    // Every line nets to zero for society.
    for line in &a.lines {
        assert_eq!(line.net[SOCIETY], Decimal::ZERO, "{:?}", line.key);
    }
}

// ---------------------------------------------------------------------------------------------
// Properties: an intervention with no effect (multiplier 1) and no cost changes nothing.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn no_effect_and_no_cost_changes_nothing(
        p_percent in 1u32..100,
        fbs in 0u32..20_000,
        handling in 0u32..5_000,
        participants in 1u32..=100,
        horizon in 1u32..8,
        rate_permille in 0u32..100,
    ) {
        let p = format!("{}", Decimal::from(p_percent) / dec!(100));
        let rate = format!("{}", Decimal::from(rate_permille) / dec!(1000));
        let payment = r#"payer = "kommun", kind = "resource", amount = 0"#;
        let r = report(&model(&p, fbs, handling), &scenario(horizon, &rate, participants, "1", payment, ""));
        let a = &r.alternatives[0];
        for (index, row) in a.summary.iter().enumerate() {
            prop_assert_eq!(row.net_benefit, Decimal::ZERO, "perspective {}", index);
            prop_assert_eq!(row.investment, Decimal::ZERO, "perspective {}", index);
            prop_assert_eq!(row.payback, Payback::NoInvestment, "perspective {}", index);
            prop_assert_eq!(row.payback_undiscounted, Payback::NoInvestment, "perspective {}", index);
            prop_assert_eq!(row.return_per_krona, None);
            prop_assert_eq!(row.roi, None);
        }
        prop_assert_eq!(a.flows.len(), horizon as usize);
        for flow in &a.flows {
            for values in [&flow.actors, &flow.perspectives, &flow.cumulative, &flow.cumulative_undiscounted, &flow.investment] {
                prop_assert!(values.iter().all(|v| v.is_zero()), "year {}: {:?}", flow.year, values);
            }
        }
        for line in &a.lines {
            prop_assert!(line.net.iter().all(|v| v.is_zero()), "{:?}", line);
        }
        for outcome in &a.outcomes {
            prop_assert_eq!(outcome.gain, Decimal::ZERO);
        }
        prop_assert!(a.cost_per_outcome.is_empty(), "no outcome gains");
        let per = a.per_participant.as_ref().expect("people were taken in");
        prop_assert_eq!(per.taken_in, Decimal::from(participants));
        prop_assert!(per.net_benefit.iter().all(|v| v.is_zero()));
        for point in &a.break_even[0].points {
            prop_assert_eq!(&point.cost, &CostBreakEven::NoCost);
            prop_assert_eq!(&point.effect, &EffectBreakEven::NoInvestment);
        }
    }
}
