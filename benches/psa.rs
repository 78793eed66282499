//! The probabilistic analysis in pieces, for the hip-replacement model and the typical
//! municipal scenario: drawing a batch of values, running a batch of draws (formulas,
//! projections, appraisal), and a whole analysis of 1 000 draws on one thread.

use criterion::{Criterion, criterion_group, criterion_main};
use sekalk::analysis::batch::Batches;
use sekalk::analysis::psa::{Drawing, psa, sampled};
use sekalk::load::{Loaded, load};
use sekalk::project::BATCH;
use sekalk::validate::{Changes, validate_with};
use std::hint::black_box;
use std::path::Path;

const SCENARIOS: [(&str, &str); 2] =
    [("hip", "scenarios/hip_replacement.toml"), ("typical", "scenarios/typisk_insats_osakerhet.toml")];

/// The scenario at `path`, loaded and validated for batches of draws as `sekalk psa` does.
fn for_draws(path: &str) -> (Loaded, sekalk::domain::Scenario) {
    let loaded = load(Path::new(path)).unwrap_or_else(|_| panic!("{path} loads"));
    let scenario = validate_with(&loaded, Changes::FOR_DRAWS).unwrap_or_else(|_| panic!("{path} is valid"));
    (loaded, scenario)
}

fn bench(c: &mut Criterion) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a thread pool");
    for (name, path) in SCENARIOS {
        let (loaded, scenario) = for_draws(path);
        let drawn = sampled(&scenario);
        let drawing = Drawing::new(&scenario);
        let batches = Batches::new(&scenario, &drawn).expect("the scenario runs in batches");
        let mut values = Vec::new();
        (0..BATCH as u64).for_each(|i| drawing.draw_into(1, i, &mut values));
        let mut group = c.benchmark_group(format!("psa of {name}"));
        group.bench_function(format!("drawing {BATCH} draws"), |b| {
            b.iter(|| {
                let mut into = Vec::with_capacity(values.len());
                (0..BATCH as u64).for_each(|i| drawing.draw_into(black_box(1), i, &mut into));
                into
            })
        });
        let mut scratch = batches.scratch();
        group.bench_function(format!("a batch of {BATCH} draws"), |b| {
            b.iter(|| batches.run(black_box(&values), &mut scratch))
        });
        group.sample_size(20);
        group.bench_function("1 000 draws, one thread", |b| {
            b.iter(|| pool.install(|| psa(&loaded, &scenario, (1000, black_box(1)), 0, &|_| {})))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
