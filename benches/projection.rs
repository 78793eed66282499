//! The hot core: one projection of the default scenario's strategies, in Decimal (the reported
//! run) and in f64 (the many-run paths), beside a hand-written sparse loop over the same chain.

use criterion::{Criterion, criterion_group, criterion_main};
use rust_decimal::Decimal;
use sekalk::cli::load_scenario;
use sekalk::compile::compile;
use sekalk::domain::Value;
use sekalk::project::{BATCH, Chain, project};
use std::hint::black_box;
use std::path::Path;

const SCENARIO: &str = "scenarios/typisk_insats.toml";

fn chains<S: Value>() -> (Chain<S>, Chain<S>) {
    let (scenario, _) = load_scenario(Path::new(SCENARIO)).expect("the default scenario is valid");
    let base = compile::<S>(&scenario, &scenario.baseline).chain;
    let alternative = compile::<S>(&scenario, &scenario.alternatives[0]).chain;
    (base, alternative)
}

/// The reference: a plain CSR loop over the baseline chain's first matrix, no checks.
fn hand_written(chain: &Chain<f64>) -> f64 {
    let matrix = &chain.matrices[0];
    let rows: Vec<Vec<(u32, f64)>> = (0..matrix.size()).map(|r| matrix.row(r).collect()).collect();
    let mut v = chain.initial.clone();
    let mut next = vec![0.0; v.len()];
    let mut total = 0.0;
    for _ in 0..chain.cycles.len() {
        next.iter_mut().for_each(|x| *x = 0.0);
        for (row, entries) in rows.iter().enumerate() {
            for &(col, p) in entries {
                next[col as usize] += v[row] * p;
            }
        }
        std::mem::swap(&mut v, &mut next);
        total += v[0];
    }
    total
}

fn bench(c: &mut Criterion) {
    let (base_decimal, alt_decimal) = chains::<Decimal>();
    let (base_f64, alt_f64) = chains::<f64>();
    let nonzeros = base_f64.matrices[0].nonzeros();
    let mut group = c.benchmark_group(format!(
        "projection ({} states, {nonzeros} nonzeros, {} cycles)",
        base_f64.size(),
        base_f64.cycles.len()
    ));
    group.bench_function("baseline, Decimal", |b| b.iter(|| project(black_box(&base_decimal))));
    group.bench_function("baseline, f64", |b| b.iter(|| project(black_box(&base_f64))));
    group.bench_function("with intervention, Decimal", |b| b.iter(|| project(black_box(&alt_decimal))));
    group.bench_function("with intervention, f64", |b| b.iter(|| project(black_box(&alt_f64))));
    group.bench_function("hand-written f64 loop, baseline matrix", |b| b.iter(|| hand_written(black_box(&base_f64))));
    // A batch of draws: the same chain with every value in BATCH lanes, projected at once.
    let base_batch = base_f64.map(|x| [x; BATCH]);
    let alt_batch = alt_f64.map(|x| [x; BATCH]);
    group.bench_function(format!("baseline, batch of {BATCH} draws"), |b| b.iter(|| project(black_box(&base_batch))));
    group.bench_function(format!("with intervention, batch of {BATCH} draws"), |b| {
        b.iter(|| project(black_box(&alt_batch)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
