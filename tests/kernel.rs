//! The kernel on its own: a chain built by hand, without files or domain words.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sekalk::project::{Chain, Counting, CycleSpec, KernelError, Matrix, Weights, project};

/// Two states, 0 → 1 with 0.25 per cycle; stream 0 weighs state 0 by `weight`.
fn chain(weight: Decimal, cycles: usize) -> Chain<Decimal> {
    let matrix = Matrix::from_rows(&[vec![(1, dec!(0.25)), (0, dec!(0.75))], vec![(1, Decimal::ONE)]]);
    Chain {
        initial: vec![dec!(2), Decimal::ZERO],
        matrices: vec![matrix],
        inflows: vec![],
        weights: vec![Weights { per_stream: vec![vec![(0, weight)]] }],
        cycles: vec![CycleSpec { matrix: 0, inflow: None, weights: 0 }; cycles],
        shifts: vec![],
        probes: vec![],
        state_sets: vec![],
        people: 2,
        streams: 1,
        cycles_per_period: 2,
        counting: Counting::LifeTable,
    }
}

/// v = 2, 1.5, 1.125: life-table person-cycles in state 0 over two cycles are
/// (2 + 1.5) / 2 + (1.5 + 1.125) / 2 = 3.0625, times the weight 10.
#[test]
fn a_hand_built_chain_counts_life_table_person_time() {
    let projection = project(&chain(dec!(10), 2)).expect("runs");
    assert_eq!(projection.total(0, 0), dec!(30.625));
    assert_eq!(projection.occupancy_at(1), &[dec!(1.125), dec!(0.875)]);
}

/// An overflow is an error naming the cycle and the stream, never a panic or a wrap.
#[test]
fn an_overflowing_stream_is_an_error_naming_it() {
    let error = project(&chain(Decimal::MAX, 2)).expect_err("overflows");
    assert_eq!(error, KernelError::Overflow { cycle: 1, during: "stream totals", stream: Some(0) });
}
