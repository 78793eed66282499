//! The probabilistic analysis a batch of draws at a time.
//!
//! The scenario is validated once with the formulas of its drawn parameters kept
//! ([`crate::validate::Changes::free`]), and each strategy compiled once over recorded values
//! ([`crate::compile::symbolic::record`]). A batch of [`BATCH`] draws then computes the free
//! parameters and the recorded operations over lanes, projects all its draws at once with the
//! same kernel as every run, and appraises each draw. A draw whose chain is not a valid Markov
//! chain (a probability outside [0, 1]), or a batch the kernel stops on, is left to the caller,
//! which validates that draw like a file, so every rule and message stays the validator's.

use super::psa::DrawResult;
use crate::appraise::Factors;
use crate::appraise::lanes::{Appraisal, Plan};
use crate::compile::symbolic::{Program, record};
use crate::domain::{Scenario, Strategy};
use crate::formula::Tape;
use crate::project::{BATCH, Batch, Chain, Workspace, project_into};

/// Every strategy of a scenario compiled for batches of draws.
pub struct Batches {
    /// The number of drawn parameters.
    drawn: usize,
    /// The operations that make every strategy's values from the drawn ones.
    tape: Tape,
    /// The programs of the baseline, then of each alternative.
    programs: Vec<Program>,
    /// How each alternative is appraised against the baseline.
    plans: Vec<Plan>,
}

/// What one thread reuses from batch to batch.
pub struct Scratch {
    /// The values of the tape's operations.
    computed: Vec<Batch>,
    chains: Vec<Chain<Batch>>,
    /// Per strategy, where its projection is made.
    projections: Vec<Workspace<Batch>>,
    appraisal: Appraisal,
}

impl Batches {
    /// The programs of `scenario` (validated with formulas kept) whose draws give the
    /// parameters `drawn` (by index, in the order of a draw's values); `None` when some value
    /// that depends on a drawn parameter lost its formula.
    pub fn new(scenario: &Scenario, drawn: &[usize]) -> Option<Self> {
        let mut free = scenario.free.as_deref()?.clone();
        if !free.complete || drawn.iter().any(|p| !free.free.get(*p).copied().unwrap_or(false)) {
            return None;
        }
        free.drawn = drawn.to_vec();
        let strategies: Vec<&Strategy> = std::iter::once(&scenario.baseline).chain(&scenario.alternatives).collect();
        let (tape, programs) = record(scenario, &strategies, &free);
        let factors = Factors::<f64>::new(scenario, programs[0].compiled.chain.periods())?;
        let side = |s: usize| (&programs[s].compiled.streams, strategies[s]);
        let plans = (1..strategies.len()).map(|a| Plan::new(scenario.model(), &factors, side(0), side(a))).collect();
        Some(Batches { drawn: drawn.len(), tape, programs, plans })
    }

    /// A thread's scratch space.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            computed: Vec::new(),
            chains: self.programs.iter().map(Program::template).collect(),
            projections: (0..self.programs.len()).map(|_| Workspace::totals_only()).collect(),
            appraisal: Appraisal::default(),
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
        let mut results: Vec<Option<Vec<DrawResult>>> = vec![Some(Vec::new()); count];
        let (base, alternatives) = scratch.projections.split_first().expect("a baseline");
        for (plan, alt) in self.plans.iter().zip(alternatives) {
            plan.run((&base.projection, &alt.projection), &mut scratch.appraisal);
            for (lane, (result, valid)) in results.iter_mut().zip(valid).enumerate() {
                match result.as_mut() {
                    Some(draws) if valid => draws.push(lane_result(&scratch.appraisal, lane)),
                    _ => *result = None,
                }
            }
        }
        results
    }
}

/// What draw `lane` of an appraised batch gave.
fn lane_result(appraisal: &Appraisal, lane: usize) -> DrawResult {
    let perspectives = &appraisal.perspectives;
    DrawResult {
        net_benefit: perspectives.iter().map(|p| p.net_benefit(lane)).collect(),
        return_per_krona: perspectives.iter().map(|p| p.return_per_krona(lane)).collect(),
        payback: perspectives.iter().map(|p| p.payback[lane]).collect(),
        extra_cost: perspectives.iter().map(|p| p.cost_alt[lane] - p.cost_base[lane]).collect(),
        outcome_gain: appraisal.outcomes.iter().map(|o| o.difference[lane]).collect(),
    }
}
