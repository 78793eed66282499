//! The probabilistic analysis a batch of draws at a time.
//!
//! The scenario is validated once with the formulas of its drawn parameters kept
//! ([`crate::validate::Changes::free`]), and each strategy compiled once over recorded values
//! ([`crate::compile::symbolic::record`]). A batch of [`BATCH`] draws then computes the free
//! parameters and the recorded operations over lanes, projects all its draws at once with the
//! same kernel as every run, and appraises each draw. A draw whose chain is not a valid Markov
//! chain (a probability outside [0, 1]) or whose value leaves the range validation holds it to
//! (an amount beyond ±10^12), or a batch the kernel stops on, is left to the caller, which
//! validates that draw like a file, so every rule and message stays the validator's.

use super::psa::Figures;
use crate::appraise::Factors;
use crate::appraise::lanes::{Appraisal, Plan};
use crate::compile::symbolic::{Bounds, Program, record};
use crate::domain::{Scenario, Strategy};
use crate::formula::Tape;
use crate::project::{BATCH, Batch, Workspace, project_into};

/// Every strategy of a scenario compiled for batches of draws.
pub struct Batches {
    /// The number of drawn parameters.
    drawn: usize,
    /// The operations that make every strategy's values from the drawn ones.
    tape: Tape,
    /// The programs of the baseline, then of each alternative.
    programs: Vec<Program>,
    /// The values the tape computes that must lie in a range.
    bounds: Bounds,
    /// How each alternative is appraised against the baseline.
    plans: Vec<Plan>,
}

/// What one thread reuses from batch to batch.
pub struct Scratch {
    /// The values of the tape's operations.
    computed: Vec<Batch>,
    /// Per strategy, where its projection is made.
    projections: Vec<Workspace<Batch>>,
    appraisal: Appraisal,
    /// Per lane of the last batch, its figures per alternative and perspective.
    lane_figures: [Vec<Figures>; BATCH],
    /// Per lane of the last batch, its gain per alternative and outcome measure.
    lane_gains: [Vec<f64>; BATCH],
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
        let (tape, programs, bounds) = record(scenario, &strategies, &free);
        let factors = Factors::<f64>::new(scenario, programs[0].compiled.chain.periods())?;
        let side = |s: usize| (&programs[s].compiled.streams, strategies[s]);
        let plans = (1..strategies.len())
            .map(|a| Plan::new(scenario.model(), &factors, side(0), side(a)))
            .collect::<Option<_>>()?;
        Some(Batches { drawn: drawn.len(), tape, programs, bounds, plans })
    }

    /// A thread's scratch space.
    pub fn scratch(&self) -> Scratch {
        Scratch {
            computed: Vec::new(),
            projections: (0..self.programs.len()).map(|_| Workspace::totals_only()).collect(),
            appraisal: Appraisal::default(),
            lane_figures: Default::default(),
            lane_gains: Default::default(),
        }
    }

    /// Projects and appraises up to [`BATCH`] draws whose drawn values are `values` (draw-major,
    /// one value per drawn parameter each): per lane, whether that draw's figures are in
    /// `scratch` ([`Scratch::lane`]). A draw whose figures are not is left to validation.
    pub fn run(&self, values: &[f64], scratch: &mut Scratch) -> [bool; BATCH] {
        let width = self.drawn.max(1);
        let count = (values.len() / width).min(BATCH);
        let value = |lane: usize, k: usize| values.get(lane.min(count.saturating_sub(1)) * width + k).copied();
        let drawn: Vec<Batch> =
            (0..self.drawn).map(|k| std::array::from_fn(|lane| value(lane, k).unwrap_or(f64::NAN))).collect();
        self.tape.run(&drawn, &mut scratch.computed);
        let mut valid = self.bounds.valid(&scratch.computed);
        for (program, workspace) in self.programs.iter().zip(&mut scratch.projections) {
            let lanes = program.valid_lanes(&scratch.computed);
            valid.iter_mut().zip(lanes).for_each(|(v, l)| *v &= l);
            if project_into(&program.chain, scratch.computed.as_slice(), workspace).is_err() {
                return [false; BATCH];
            }
        }
        scratch.lane_figures.iter_mut().for_each(Vec::clear);
        scratch.lane_gains.iter_mut().for_each(Vec::clear);
        let Some((base, alternatives)) = scratch.projections.split_first() else { return [false; BATCH] };
        for (plan, alt) in self.plans.iter().zip(alternatives) {
            let appraisal = &mut scratch.appraisal;
            plan.run((&base.projection, &alt.projection), appraisal);
            for (lane, (figures, gains)) in scratch.lane_figures.iter_mut().zip(&mut scratch.lane_gains).enumerate() {
                figures.extend(lane_figures(appraisal, lane));
                gains.extend(appraisal.outcomes.iter().map(|o| o.difference[lane]));
            }
        }
        valid
    }
}

impl Scratch {
    /// What draw `lane` of the last batch gave: per alternative its figures per perspective,
    /// and its gain in each outcome measure (both alternative-major).
    pub fn lane(&self, lane: usize) -> (&[Figures], &[f64]) {
        (&self.lane_figures[lane], &self.lane_gains[lane])
    }
}

/// What draw `lane` of an appraised batch gave per perspective.
fn lane_figures(appraisal: &Appraisal, lane: usize) -> impl Iterator<Item = Figures> + '_ {
    appraisal.perspectives.iter().map(move |p| Figures {
        net_benefit: p.net_benefit(lane),
        return_per_krona: p.return_per_krona(lane),
        payback: p.payback[lane],
        extra_cost: p.cost_alt[lane] - p.cost_base[lane],
    })
}
