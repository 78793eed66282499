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
use crate::appraise::lanes::{LaneScratch, summarize_lanes};
use crate::appraise::{Factors, Ledger, Projected};
use crate::compile::symbolic::{Program, record};
use crate::domain::{Scenario, Strategy};
use crate::formula::Tape;
use crate::project::{BATCH, Batch, Chain, Projection, Workspace, project_into};

/// Every strategy of a scenario compiled for batches of draws.
pub struct Batches<'a> {
    scenario: &'a Scenario,
    /// The number of drawn parameters.
    drawn: usize,
    /// The operations that make every strategy's values from the drawn ones.
    tape: Tape,
    /// The baseline, then each alternative.
    strategies: Vec<&'a Strategy>,
    /// Their programs.
    programs: Vec<Program>,
    /// Their ledgers, for appraising each draw.
    ledgers: Vec<Ledger<Batch>>,
    /// The discount factors of every projection year.
    factors: Factors<Batch>,
}

/// What one thread reuses from batch to batch.
pub struct Scratch {
    /// The values of the tape's operations.
    computed: Vec<Batch>,
    chains: Vec<Chain<Batch>>,
    /// Per strategy, where its projection is made.
    projections: Vec<Workspace<Batch>>,
    appraisal: LaneScratch,
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
        let (tape, programs) = record(scenario, &strategies, &free);
        let ledgers = programs.iter().zip(&strategies).map(|(p, s)| Ledger::new(&p.compiled.streams, s)).collect();
        let factors = Factors::new(scenario, programs[0].compiled.chain.periods())?;
        Some(Batches { scenario, drawn: drawn.len(), tape, strategies, programs, ledgers, factors })
    }

    /// A thread's scratch space.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            computed: Vec::new(),
            chains: self.programs.iter().map(Program::template).collect(),
            projections: vec![Workspace::default(); self.programs.len()],
            appraisal: LaneScratch::default(),
        }
    }

    /// The results of up to [`BATCH`] draws with the drawn values `values` (one list per draw):
    /// per draw, its results, or `None` where the draw is left to validation.
    pub fn run(&self, values: &[Vec<f64>], scratch: &mut Scratch) -> Vec<Option<Vec<DrawResult>>> {
        let count = values.len().min(BATCH);
        let drawn: Vec<Batch> = (0..self.drawn)
            .map(|k| std::array::from_fn(|lane| values.get(lane).map_or(values[0][k], |v| v[k])))
            .collect();
        self.tape.run(&drawn, &mut scratch.computed);
        let mut valid = [true; BATCH];
        let strategies = self.programs.iter().zip(&mut scratch.chains).zip(&mut scratch.projections);
        for ((program, chain), workspace) in strategies {
            program.fill(&scratch.computed, chain);
            let lanes = program.valid_lanes(&scratch.computed);
            valid.iter_mut().zip(lanes).for_each(|(v, l)| *v &= l);
            if project_into(chain, workspace).is_err() {
                return vec![None; count];
            }
        }
        let projections: Vec<&Projection<Batch>> = scratch.projections.iter().map(|w| &w.projection).collect();
        let mut results: Vec<Option<Vec<DrawResult>>> = vec![Some(Vec::new()); count];
        for alternative in 1..projections.len() {
            let [base, alt] = [0, alternative].map(|s| self.projected(projections[s], s));
            let compared = summarize_lanes(self.scenario.model(), &self.factors, (&base, &alt), &mut scratch.appraisal);
            for ((result, compared), valid) in results.iter_mut().zip(compared).zip(valid) {
                match (result.as_mut(), compared) {
                    (Some(draws), Some((summaries, outcomes))) if valid => {
                        draws.push(draw_result(&summaries, &outcomes))
                    }
                    _ => *result = None,
                }
            }
        }
        results
    }

    /// The projection of strategy `s` with its layout and ledger.
    fn projected<'p>(&'p self, projection: &'p Projection<Batch>, s: usize) -> Projected<'p, Batch> {
        let compiled = &self.programs[s].compiled;
        let layout = (&compiled.streams, &compiled.layout.model_state[..]);
        Projected::with_ledger(projection, layout, self.strategies[s], &self.ledgers[s])
    }
}
