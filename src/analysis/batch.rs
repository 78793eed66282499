//! The probabilistic analysis a batch of draws at a time.
//!
//! The scenario is validated once with the formulas of its drawn parameters kept
//! ([`crate::validate::Changes::free`]), and each strategy compiled once over recorded values
//! ([`crate::compile::symbolic::record`]). A batch of [`BATCH`] draws then computes the free
//! parameters and the recorded operations over lanes, projects all its draws at once with the
//! same kernel as every run, and appraises each draw. A draw whose chain is not a valid Markov
//! chain (a probability outside [0, 1]), or a batch the kernel stops on, is left to the caller,
//! which validates that draw like a file, so every rule and message stays the validator's.

use super::psa::{DrawResult, draw_result};
use crate::appraise::{Ledger, Projected, summarize_with_outcomes};
use crate::compile::symbolic::{Program, record};
use crate::domain::{FreeParameters, Scenario, Strategy};
use crate::project::{BATCH, Batch, Chain, Projection, project};

/// Every strategy of a scenario compiled for batches of draws.
pub struct Batches<'a> {
    scenario: &'a Scenario,
    free: FreeParameters,
    /// The baseline, then each alternative.
    strategies: Vec<&'a Strategy>,
    /// Their programs.
    programs: Vec<Program>,
    /// Their ledgers, for appraising each draw.
    ledgers: Vec<Ledger<f64>>,
}

/// What one thread reuses from batch to batch.
pub struct Scratch {
    rows: Vec<Vec<Batch>>,
    computed: Vec<Batch>,
    chains: Vec<Chain<Batch>>,
}

impl<'a> Batches<'a> {
    /// The programs of `scenario` (validated with formulas kept) whose draws give the
    /// parameters `drawn` (by index, in the order of a draw's values); `None` when some value
    /// that depends on a drawn parameter lost its formula.
    pub fn new(scenario: &'a Scenario, drawn: &[usize]) -> Option<Self> {
        let mut free = scenario.free.as_deref()?.clone();
        if !free.complete || drawn.iter().any(|p| !free.free.get(*p).copied().unwrap_or(false)) {
            return None;
        }
        free.drawn = drawn.to_vec();
        let strategies: Vec<&Strategy> = std::iter::once(&scenario.baseline).chain(&scenario.alternatives).collect();
        let programs: Vec<Program> = strategies.iter().map(|s| record(scenario, s)).collect();
        let ledgers = programs.iter().zip(&strategies).map(|(p, s)| Ledger::new(&p.compiled.streams, s)).collect();
        Some(Batches { scenario, free, strategies, programs, ledgers })
    }

    /// A thread's scratch space.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            rows: self.free.splat(),
            computed: Vec::new(),
            chains: self.programs.iter().map(Program::template).collect(),
        }
    }

    /// The results of up to [`BATCH`] draws with the drawn values `values` (one list per draw):
    /// per draw, its results, or `None` where the draw is left to validation.
    pub fn run(&self, values: &[Vec<f64>], scratch: &mut Scratch) -> Vec<Option<Vec<DrawResult>>> {
        let count = values.len().min(BATCH);
        let drawn: Vec<Batch> = (0..self.free.drawn.len())
            .map(|k| std::array::from_fn(|lane| values.get(lane).map_or(values[0][k], |v| v[k])))
            .collect();
        self.free.fill(&drawn, &mut scratch.rows);
        let mut valid = [true; BATCH];
        let mut projections = Vec::with_capacity(self.programs.len());
        for (program, chain) in self.programs.iter().zip(&mut scratch.chains) {
            program.tape.run(&self.free, &scratch.rows, &mut scratch.computed);
            program.fill(&scratch.computed, chain);
            let lanes = chain.valid_lanes();
            valid.iter_mut().zip(lanes).for_each(|(v, l)| *v &= l);
            match project(chain) {
                Ok(projection) => projections.push(projection),
                Err(_) => return vec![None; count],
            }
        }
        (0..count).map(|lane| valid[lane].then(|| self.appraise(&projections, lane)).flatten()).collect()
    }

    /// Every alternative of draw `lane` compared with the baseline; `None` on overflow.
    fn appraise(&self, projections: &[Projection<Batch>], lane: usize) -> Option<Vec<DrawResult>> {
        let lanes: Vec<Projection<f64>> = projections.iter().map(|p| p.lane(lane)).collect();
        let views: Vec<Projected<f64>> = (0..lanes.len())
            .map(|s| {
                let compiled = &self.programs[s].compiled;
                let layout = (&compiled.streams, &compiled.layout.model_state[..]);
                Projected::with_ledger(&lanes[s], layout, self.strategies[s], &self.ledgers[s])
            })
            .collect();
        (1..views.len())
            .map(|a| summarize_with_outcomes(self.scenario, &views[0], &views[a]).map(|(s, o)| draw_result(&s, &o)))
            .collect()
    }
}
