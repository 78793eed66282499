//! Published discrete-time Markov cohort models, reproduced to at least 7 significant digits.
//!
//! HIV/AIDS model of Chancellor et al. (1997), Briggs, Claxton & Sculpher, "Decision Modelling
//! for Health Economic Evaluation" (OUP 2006), Exercise 2.5. Published results as typed in from
//! the book's Excel model in pierucci/heemod, tests/testthat/test_dmhee.R (commit 152918ed):
//! cost mono 44663.4535637, cost comb 50601.6513312, LY mono 7.9912066, LY comb 8.9373889,
//! ICER 6275.95560.
//!
//! Total hip replacement model, the same book, Example 3.5: parameters, a Weibull revision
//! hazard written once as a formula, mortality by age band from a table, the NP1 prosthesis as
//! a whole-strategy multiplier and QALYs as one weighted outcome. Published results (the book's
//! Excel model, as typed in by pierucci/heemod, tests/testthat/test_dmhee.R, commit 152918ed):
//! standard cost 512.434658, QALYs 14.6531896; NP1 cost 610.311818, QALYs 14.69770986;
//! ICER 2198.486665.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use sekalk::appraise::Perspective;
use sekalk::cli::load_scenario;
use sekalk::evaluate::evaluate;
use std::path::Path;

fn assert_significant(actual: Decimal, published: f64, digits: i32) {
    let actual = actual.to_f64().expect("finite");
    let relative = ((actual - published) / published).abs();
    assert!(
        relative < 0.5 * 10f64.powi(1 - digits),
        "{actual} differs from the published {published} beyond {digits} significant digits"
    );
}

#[test]
fn hiv_model_reproduces_published_costs_life_years_and_icer() {
    let (scenario, _) = load_scenario(Path::new("tests/data/textbook/hiv_scenario.toml")).expect("valid");
    let evaluation = evaluate::<Decimal>(&scenario).expect("runs");
    let comparison = &evaluation.comparisons[0];
    let society = Perspective::index(scenario.model(), Perspective::Society);
    let summary = &comparison.summaries[society];
    assert_significant(summary.cost_base, 44663.4535637, 12);
    assert_significant(summary.cost_alt, 50601.6513312, 12);
    let life_years = &comparison.outcomes[0];
    assert_significant(life_years.base, 7.9912066, 8);
    assert_significant(life_years.alt, 8.9373889, 8);
    let icer = (summary.cost_alt - summary.cost_base) / life_years.difference;
    assert_significant(icer, 6275.95560, 9);
}

#[test]
fn hip_replacement_reproduces_the_books_costs_qalys_and_icer() {
    let (scenario, _) = load_scenario(Path::new("scenarios/hip_replacement.toml")).expect("valid");
    let evaluation = evaluate::<Decimal>(&scenario).expect("runs");
    let comparison = &evaluation.comparisons[0];
    let society = Perspective::index(scenario.model(), Perspective::Society);
    let summary = &comparison.summaries[society];
    assert_significant(summary.cost_base, 512.434658, 9);
    assert_significant(summary.cost_alt, 610.311818, 9);
    let qaly = &comparison.outcomes[0];
    assert_significant(qaly.base, 14.6531896, 9);
    assert_significant(qaly.alt, 14.69770986, 9);
    let icer = (summary.cost_alt - summary.cost_base) / qaly.difference;
    assert_significant(icer, 2198.486665, 9);
}
