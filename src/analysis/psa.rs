//! The probabilistic sensitivity analysis: every uncertain parameter drawn from its
//! distribution (joint distributions together), the scenario run once per draw in `f64`, and
//! the spread of the results summarised per alternative and perspective.
//!
//! Draw `i` takes its numbers from its own random stream, derived only from the seed and `i`
//! ([`crate::distribution::stream`]), and the draws are collected in their order, so the
//! result is the same whatever the number of threads.

use super::batch::{Batches, Scratch};
use super::{RunProblem, run_fast};
use crate::appraise::{MANDATE_YEARS, Payback, Perspective, Summary};
use crate::distribution::{Sampler, stream};
use crate::domain::{Joint, Scenario};
use crate::load::Loaded;
use crate::project::BATCH;
use crate::search::decimal;
use rayon::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The batches of draws one task of the thread pool runs: enough that handing out tasks and
/// keeping their blocks costs little beside the draws, few enough that the threads share the
/// last tasks evenly.
const BATCHES_PER_TASK: usize = 8;

/// The most draws one analysis may run.
pub const MAX_DRAWS: usize = 1_000_000;

/// The most memory the draws of one analysis may take, with their export, in bytes, by the
/// estimate of [`bytes_per_draw`]: checked before the run ([`max_draws`]), so an analysis too
/// large for an ordinary computer is refused at once instead of running out of memory.
pub const MAX_DRAW_BYTES: usize = 2 << 30;

/// The shape of a draw's results in `scenario` (see [`Draws::new`]): the values drawn, the
/// alternatives, the perspectives and the outcome measures.
pub fn shape(scenario: &Scenario) -> [usize; 4] {
    let model = scenario.model();
    [sampled(scenario).len(), scenario.alternatives.len(), Perspective::all(model).len(), model.outcomes.len()]
}

/// About how many bytes one draw of `shape` takes: its results, and their text when they are
/// exported (`--export-draws`; pretty-printed JSON, about 32 bytes a number).
pub fn bytes_per_draw([values, alternatives, perspectives, outcomes]: [usize; 4], exported: bool) -> usize {
    let results = alternatives * (perspectives * size_of::<Figures>() + outcomes * size_of::<f64>());
    let kept = values * size_of::<f64>() + results + size_of::<Option<RunProblem>>();
    let text = if exported { (values + alternatives * perspectives) * 32 + 64 } else { 0 };
    kept + text
}

/// The most draws of `shape` one analysis may run: [`MAX_DRAWS`], or fewer when their results
/// would take more than [`MAX_DRAW_BYTES`].
pub fn max_draws(shape: [usize; 4], exported: bool) -> usize {
    (MAX_DRAW_BYTES / bytes_per_draw(shape, exported).max(1)).min(MAX_DRAWS)
}

/// What one draw gave for one alternative in one perspective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// The discounted net benefit (positive: the alternative saves money).
    pub net_benefit: f64,
    /// The return per invested krona, where the perspective invests.
    pub return_per_krona: Option<f64>,
    /// When the investment is paid back.
    pub payback: Payback,
    /// What the alternative costs more than the baseline (discounted).
    pub extra_cost: f64,
}

impl Figures {
    /// What an invalid draw holds in its place.
    const NONE: Figures = Figures {
        net_benefit: f64::NAN,
        return_per_krona: None,
        payback: Payback::NotWithinHorizon,
        extra_cost: f64::NAN,
    };
}

/// What one draw gave for one alternative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrawResult<'a> {
    /// Per perspective (in the order of the model's perspectives).
    pub perspectives: &'a [Figures],
    /// The gain in each outcome measure (discounted).
    pub outcome_gain: &'a [f64],
}

/// Every draw of an analysis in draw order, in blocks laid out flat (draw-major), so that a
/// run of many draws allocates per batch, not per draw, and the blocks that threads filled are
/// kept as they are instead of copied into one.
#[derive(Debug, Clone, Default)]
pub struct Draws {
    /// Values per draw, alternatives, perspectives, outcome measures.
    shape: [usize; 4],
    /// The draws, a block after another.
    blocks: Vec<Block>,
    /// The number of draws before each block, then the number of all.
    starts: Vec<usize>,
}

/// Draws that follow each other, laid out flat.
#[derive(Debug, Clone, Default)]
struct Block {
    /// The values drawn.
    values: Vec<f64>,
    /// Per draw, alternative and perspective.
    figures: Vec<Figures>,
    /// Per draw, alternative and outcome measure.
    gains: Vec<f64>,
    /// Per draw, why it gave no result.
    problems: Vec<Option<RunProblem>>,
}

impl Draws {
    /// No draws yet, of `values` values each, over `alternatives` alternatives,
    /// `perspectives` perspectives and `outcomes` outcome measures.
    pub fn new([values, alternatives, perspectives, outcomes]: [usize; 4]) -> Self {
        Draws::with_capacity([values, alternatives, perspectives, outcomes], 0)
    }

    /// The same, with room for `draws` draws in one block.
    pub fn with_capacity(shape: [usize; 4], draws: usize) -> Self {
        Draws::from_blocks(shape, vec![Block::with_capacity(shape, draws)])
    }

    /// The draws of `blocks`, one after another.
    fn from_blocks(shape: [usize; 4], blocks: Vec<Block>) -> Self {
        let mut starts = vec![0];
        starts.extend(blocks.iter().scan(0, |count, block| {
            *count += block.problems.len();
            Some(*count)
        }));
        Draws { shape, blocks, starts }
    }

    /// The number of draws.
    pub fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The block that holds draw `draw`, and the draw's place in it.
    fn locate(&self, draw: usize) -> (&Block, usize) {
        let block = self.starts.partition_point(|&start| start <= draw).saturating_sub(1);
        (&self.blocks[block], draw - self.starts[block])
    }

    /// The values drawn in draw `draw`.
    pub fn values(&self, draw: usize) -> &[f64] {
        let (block, draw) = self.locate(draw);
        let width = self.shape[0];
        &block.values[draw * width..(draw + 1) * width]
    }

    /// What draw `draw` gave for alternative `alternative`, or why it gave nothing.
    pub fn result(&self, draw: usize, alternative: usize) -> Result<DrawResult<'_>, &RunProblem> {
        let (block, draw) = self.locate(draw);
        match &block.problems[draw] {
            Some(problem) => Err(problem),
            None => Ok(block.view(self.shape, draw, alternative)),
        }
    }

    /// What draw `draw` gave for each alternative in turn, or why it gave nothing.
    pub fn results(&self, draw: usize) -> Result<impl Iterator<Item = DrawResult<'_>>, &RunProblem> {
        let (block, draw) = self.locate(draw);
        match &block.problems[draw] {
            Some(problem) => Err(problem),
            None => Ok((0..self.shape[1]).map(move |alternative| block.view(self.shape, draw, alternative))),
        }
    }

    /// Why draw `draw` gave no result, if it gave none.
    pub fn problem(&self, draw: usize) -> Option<&RunProblem> {
        let (block, draw) = self.locate(draw);
        block.problems[draw].as_ref()
    }

    /// What alternative `alternative` gave in every valid draw.
    pub fn valid(&self, alternative: usize) -> impl Iterator<Item = DrawResult<'_>> + Clone {
        self.blocks.iter().flat_map(move |block| {
            let valid = block.problems.iter().enumerate().filter(|(_, problem)| problem.is_none());
            valid.map(move |(draw, _)| block.view(self.shape, draw, alternative))
        })
    }

    /// The first draw that gave no result, and why.
    pub fn first_problem(&self) -> Option<(usize, &RunProblem)> {
        self.blocks.iter().zip(&self.starts).find_map(|(block, start)| {
            block.problems.iter().enumerate().find_map(|(i, problem)| Some((start + i, problem.as_ref()?)))
        })
    }

    /// The number of draws that gave no result.
    pub fn invalid(&self) -> usize {
        self.blocks.iter().flat_map(|block| &block.problems).filter(|problem| problem.is_some()).count()
    }

    /// Every figure, to change in place (a renderer's test of odd results).
    pub fn figures_mut(&mut self) -> impl Iterator<Item = &mut Figures> {
        self.blocks.iter_mut().flat_map(|block| &mut block.figures)
    }

    /// Adds a draw with its `values` and, per alternative, its figures per perspective and its
    /// outcome gains (`figures` and `gains` flat, alternative-major), or why it gave none.
    pub fn push(&mut self, values: &[f64], result: Result<(&[Figures], &[f64]), RunProblem>) {
        if self.blocks.is_empty() {
            *self = Draws::new(self.shape);
        }
        if let (Some(block), Some(count)) = (self.blocks.last_mut(), self.starts.last_mut()) {
            block.push(self.shape, values, result);
            *count += 1;
        }
    }
}

impl Block {
    /// No draws yet, with room for `draws` draws of `shape` (as [`Draws::new`]).
    fn with_capacity([values, alternatives, perspectives, outcomes]: [usize; 4], draws: usize) -> Self {
        Block {
            values: Vec::with_capacity(draws * values),
            figures: Vec::with_capacity(draws * alternatives * perspectives),
            gains: Vec::with_capacity(draws * alternatives * outcomes),
            problems: Vec::with_capacity(draws),
        }
    }

    /// Adds a draw of `shape` (see [`Draws::push`]).
    fn push(&mut self, shape: [usize; 4], values: &[f64], result: Result<(&[Figures], &[f64]), RunProblem>) {
        let [_, alternatives, perspectives, outcomes] = shape;
        self.values.extend_from_slice(values);
        match result {
            Ok((figures, gains)) => {
                self.figures.extend_from_slice(figures);
                self.gains.extend_from_slice(gains);
                self.problems.push(None);
            }
            Err(problem) => {
                self.figures.extend(std::iter::repeat_n(Figures::NONE, alternatives * perspectives));
                self.gains.extend(std::iter::repeat_n(f64::NAN, alternatives * outcomes));
                self.problems.push(Some(problem));
            }
        }
    }

    /// The figures stored for its draw `draw` and alternative `alternative`.
    fn view(
        &self,
        [_, alternatives, perspectives, outcomes]: [usize; 4],
        draw: usize,
        alternative: usize,
    ) -> DrawResult<'_> {
        let at = draw * alternatives + alternative;
        DrawResult {
            perspectives: &self.figures[at * perspectives..(at + 1) * perspectives],
            outcome_gain: &self.gains[at * outcomes..(at + 1) * outcomes],
        }
    }
}

/// Draws are equal when they hold the same draws, however they are split into blocks.
impl PartialEq for Draws {
    fn eq(&self, other: &Draws) -> bool {
        fn draw(draws: &Draws, d: usize) -> (&[f64], Result<Vec<DrawResult<'_>>, &RunProblem>) {
            (draws.values(d), draws.results(d).map(Iterator::collect))
        }
        self.shape == other.shape
            && self.len() == other.len()
            && (0..self.len()).all(|d| draw(self, d) == draw(other, d))
    }
}

/// Mean, median and 90 % interval of a quantity over the draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub median: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Spread {
    /// The spread of `values` (`None` when empty), which are left in another order.
    pub fn of(values: &mut [f64]) -> Option<Spread> {
        let n = values.len();
        if n == 0 {
            return None;
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let [p5, median, p95] = [0.05, 0.5, 0.95].map(|p| Quantile::at(p, n));
        // The median first: then the 5th percentile is ranked among the values left of it and
        // the 95th among those right of it, each in linear time, without a sort.
        select(values, 0..n, median.below);
        select(values, 0..median.below, p5.below);
        select(values, median.below + 1..n, p95.below);
        Some(Spread { mean, median: median.of(values), p5: p5.of(values), p95: p95.of(values) })
    }
}

/// Puts the value of rank `rank` among `values[range]` (whose values are those of ranks `range`
/// in the whole) at `values[rank]`, the lower ranks of the range before it and the higher after;
/// nothing when `rank` is outside `range`.
fn select(values: &mut [f64], range: std::ops::Range<usize>, rank: usize) {
    if range.contains(&rank) {
        let start = range.start;
        values[range].select_nth_unstable_by(rank - start, f64::total_cmp);
    }
}

/// Where the `p`-quantile of `n` values lies among them in order: between the value of rank
/// `below` and the next, `fraction` of the way (linear interpolation between order statistics).
#[derive(Debug, Clone, Copy)]
struct Quantile {
    below: usize,
    fraction: f64,
}

impl Quantile {
    /// The `p`-quantile of `n > 0` values.
    fn at(p: f64, n: usize) -> Self {
        let position = p * (n - 1) as f64;
        Quantile { below: position.floor() as usize, fraction: position.fract() }
    }

    /// The quantile of `values`, in which the value of rank `below` has been [`select`]ed: the
    /// same, to the bit, as interpolating in the sorted values.
    fn of(self, values: &[f64]) -> f64 {
        let low = values[self.below];
        let high = values[self.below + 1..].iter().copied().min_by(f64::total_cmp).unwrap_or(low);
        low + self.fraction * (high - low)
    }
}

/// The summary of one perspective of one alternative over the valid draws.
#[derive(Debug, Clone, PartialEq)]
pub struct PerspectiveSummary {
    /// Net benefit.
    pub net_benefit: Spread,
    /// The probability that the net benefit is positive.
    pub probability_positive: f64,
    /// Return per krona, over the draws in which the perspective invests.
    pub return_per_krona: Option<Spread>,
    /// The probability of payback within the mandate period (years 1–4), over the draws in
    /// which the perspective invests; `None` when it invests in none (nothing to pay back).
    pub probability_payback_mandate: Option<f64>,
    /// The probability of payback within the horizon, over the same draws.
    pub probability_payback_horizon: Option<f64>,
    /// The mean payback year over the draws that pay back.
    pub mean_payback_year: Option<f64>,
}

/// Cost-effectiveness of one alternative against the baseline, for one outcome measure.
#[derive(Debug, Clone, PartialEq)]
pub struct CostEffectiveness {
    /// The outcome measure (index into the model's outcomes).
    pub outcome: usize,
    /// The mean extra cost of the chosen perspective.
    pub mean_cost: f64,
    /// The mean gain in the outcome.
    pub mean_effect: f64,
    /// The mean extra cost per unit of mean gain, when there is a gain.
    pub cost_per_unit: Option<f64>,
    /// The acceptability curve: per willingness to pay, the probability that the alternative
    /// is worth it (`wtp × gain − extra cost > 0`).
    pub acceptability: Vec<(Decimal, f64)>,
}

/// The summary of one alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct AlternativeSummary {
    /// Per perspective.
    pub perspectives: Vec<PerspectiveSummary>,
    /// Cost-effectiveness, when the scenario names an outcome measure for it.
    pub cost_effectiveness: Option<CostEffectiveness>,
}

/// The probabilistic analysis of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Psa {
    /// The seed.
    pub seed: u64,
    /// The perspective the headline is in (index into the model's perspectives).
    pub perspective: usize,
    /// The parameters drawn (indices into the scenario's parameters), in the order of a draw's
    /// values.
    pub sampled: Vec<usize>,
    /// Every draw, in order.
    pub draws: Draws,
    /// Per alternative, over the valid draws (`None` when no draw was valid).
    pub alternatives: Vec<Option<AlternativeSummary>>,
}

impl Psa {
    /// The number of draws that gave no result.
    pub fn invalid(&self) -> usize {
        self.draws.invalid()
    }

    /// The values of draw `draw` by the id of the parameter each is drawn for, in `scenario`
    /// (the one analysed).
    pub fn draw_set(&self, scenario: &Scenario, draw: usize) -> Vec<(String, Decimal)> {
        drawn_set(&ids(scenario, &self.sampled), self.draws.values(draw))
    }
}

/// The ids of the parameters `sampled` (indices into `scenario`'s parameters).
fn ids(scenario: &Scenario, sampled: &[usize]) -> Vec<String> {
    sampled.iter().map(|&p| scenario.uncertainty.parameters[p].id.clone()).collect()
}

/// The drawn `values` by the `ids` of their parameters, as a run with changed values takes them.
fn drawn_set(ids: &[String], values: &[f64]) -> Vec<(String, Decimal)> {
    ids.iter().cloned().zip(values.iter().map(|v| decimal(*v))).collect()
}

/// The parameters a draw samples: those with their own distribution, then each joint
/// distribution's, in the order declared.
pub fn sampled(scenario: &Scenario) -> Vec<usize> {
    let uncertainty = &scenario.uncertainty;
    let own = uncertainty.parameters.iter().enumerate().filter(|(_, p)| p.distribution.is_some()).map(|(i, _)| i);
    own.chain(uncertainty.joints.iter().flat_map(|j| j.parameters().iter().copied())).collect()
}

/// The values of draw `index`.
pub fn draw_values(scenario: &Scenario, seed: u64, index: u64) -> Vec<f64> {
    let mut values = Vec::new();
    Drawing::new(scenario).draw_into(seed, index, &mut values);
    values
}

/// How the values of a draw are drawn: each parameter's own distribution, made ready once,
/// then each joint distribution.
pub struct Drawing<'a> {
    own: Vec<Sampler>,
    joints: &'a [Joint],
}

impl<'a> Drawing<'a> {
    /// The drawing of `scenario`'s uncertain parameters.
    pub fn new(scenario: &'a Scenario) -> Self {
        let uncertainty = &scenario.uncertainty;
        let own = uncertainty.parameters.iter().filter_map(|p| p.distribution.as_ref()).map(Sampler::new).collect();
        Drawing { own, joints: &uncertainty.joints }
    }

    /// Adds the values of draw `index` from `seed` to `values`.
    pub fn draw_into(&self, seed: u64, index: u64, values: &mut Vec<f64>) {
        let mut rng = stream(seed, index);
        values.extend(self.own.iter().map(|d| d.sample(&mut rng)));
        for joint in self.joints {
            let start = values.len();
            values.resize(start + joint.parameters().len(), 0.0);
            match joint {
                Joint::MultiNormal { distribution, .. } => distribution.sample_into(&mut rng, &mut values[start..]),
                Joint::Dirichlet { distribution, .. } => distribution.sample_into(&mut rng, &mut values[start..]),
            }
        }
    }
}

/// Runs `draws` draws from `seed`; `tick` is told how many draws each run of them finished
/// (for a progress bar).
///
/// When `scenario` was validated for batches of draws ([`crate::validate::Changes::FOR_DRAWS`])
/// the draws run a batch at a time ([`Batches`]); a draw the batch leaves, and every draw of a
/// scenario validated otherwise, is validated and run on its own.
pub fn psa(
    loaded: &Loaded,
    scenario: &Scenario,
    (draws, seed): (usize, u64),
    perspective: usize,
    tick: &(dyn Fn(u64) + Sync),
) -> Psa {
    let sampled = sampled(scenario);
    let shape = shape(scenario);
    let alone = Alone { loaded, ids: ids(scenario, &sampled), shape };
    let drawing = Drawing::new(scenario);
    let indices: Vec<u64> = (0..draws.min(MAX_DRAWS) as u64).collect();
    let blocks: Vec<Block> = match Batches::new(scenario, &sampled) {
        Some(batches) => indices
            .par_chunks(BATCH * BATCHES_PER_TASK)
            .map_init(
                || (batches.scratch(), Vec::new()),
                |(scratch, values), chunk| {
                    let mut block = Block::with_capacity(shape, chunk.len());
                    for batch in chunk.chunks(BATCH) {
                        run_batch((&batches, &drawing, &alone), (seed, batch), (scratch, values), &mut block);
                    }
                    tick(chunk.len() as u64);
                    block
                },
            )
            .collect(),
        None => indices
            .par_chunks(BATCH)
            .map(|chunk| {
                let mut block = Block::with_capacity(shape, chunk.len());
                for &index in chunk {
                    let mut values = Vec::new();
                    drawing.draw_into(seed, index, &mut values);
                    alone.run(&values, &mut block);
                }
                tick(chunk.len() as u64);
                block
            })
            .collect(),
    };
    let all = Draws::from_blocks(shape, blocks);
    let alternatives =
        (0..scenario.alternatives.len()).into_par_iter().map(|a| summary(scenario, &all, a, perspective)).collect();
    Psa { seed, perspective, sampled, draws: all, alternatives }
}

/// Draws the draws `batch` (at most [`BATCH`]) from `seed` into `values`, runs them as a batch
/// in `scratch` and adds each to `block`; a draw the batch cannot vouch for is run on its own.
fn run_batch(
    (batches, drawing, alone): (&Batches, &Drawing, &Alone),
    (seed, batch): (u64, &[u64]),
    (scratch, values): (&mut Scratch, &mut Vec<f64>),
    block: &mut Block,
) {
    values.clear();
    batch.iter().for_each(|&i| drawing.draw_into(seed, i, values));
    let valid = batches.run(values, scratch);
    for (lane, values) in values.chunks_exact(alone.shape[0].max(1)).take(batch.len()).enumerate() {
        if valid[lane] {
            block.push(alone.shape, values, Ok(scratch.lane(lane)));
        } else {
            alone.run(values, block);
        }
    }
}

/// A draw validated and run on its own, like a file with the drawn values written in.
struct Alone<'a> {
    loaded: &'a Loaded,
    /// The ids of the drawn parameters.
    ids: Vec<String>,
    /// The shape of a draw's results (see [`Draws::new`]).
    shape: [usize; 4],
}

impl Alone<'_> {
    /// Runs the draw with `values` and adds it to `into`.
    fn run(&self, values: &[f64], into: &mut Block) {
        match run_fast(self.loaded, &drawn_set(&self.ids, values)) {
            Ok(comparisons) => {
                let figures: Vec<Figures> = comparisons.iter().flat_map(|c| figures(&c.summaries)).collect();
                let gains: Vec<f64> =
                    comparisons.iter().flat_map(|c| c.outcomes.iter().map(|o| o.difference)).collect();
                into.push(self.shape, values, Ok((&figures, &gains)));
            }
            Err(problem) => into.push(self.shape, values, Err(problem)),
        }
    }
}

/// What one comparison gave per perspective.
pub fn figures(summaries: &[Summary<f64>]) -> impl Iterator<Item = Figures> + '_ {
    summaries.iter().map(|s| Figures {
        net_benefit: s.net_benefit,
        return_per_krona: s.return_per_krona,
        payback: s.payback,
        extra_cost: s.cost_alt - s.cost_base,
    })
}

fn summary(scenario: &Scenario, draws: &Draws, alternative: usize, perspective: usize) -> Option<AlternativeSummary> {
    let valid = || draws.valid(alternative);
    let perspectives = valid().next()?.perspectives.len();
    let of = |p: usize| perspective_summary(valid().map(|r| r.perspectives[p]), draws.len());
    let outcome = scenario.uncertainty.analysis.outcome;
    let (perspectives, cost_effectiveness) = rayon::join(
        || (0..perspectives).into_par_iter().map(of).collect(),
        || outcome.map(|outcome| cost_effectiveness(scenario, valid(), (perspective, outcome))),
    );
    Some(AlternativeSummary { perspectives, cost_effectiveness })
}

/// The summary of one perspective over its `figures` in the valid draws (at most `draws`),
/// in draw order, in one pass.
fn perspective_summary(figures: impl Iterator<Item = Figures>, draws: usize) -> PerspectiveSummary {
    let (mut net, mut returns) = (Vec::with_capacity(draws), Vec::with_capacity(draws));
    let (mut positive, mut investing, mut mandate, mut years) = (0_usize, 0_usize, 0_usize, Vec::new());
    for f in figures {
        net.push(f.net_benefit);
        returns.extend(f.return_per_krona);
        positive += usize::from(f.net_benefit > 0.0);
        investing += usize::from(f.payback != Payback::NoInvestment);
        if let Payback::Year(year) = f.payback {
            mandate += usize::from(year <= MANDATE_YEARS);
            years.push(year as f64);
        }
    }
    let count = net.len() as f64;
    let of_investing = |n: usize| (investing > 0).then(|| n as f64 / investing as f64);
    PerspectiveSummary {
        probability_positive: positive as f64 / count,
        probability_payback_mandate: of_investing(mandate),
        probability_payback_horizon: of_investing(years.len()),
        mean_payback_year: (!years.is_empty()).then(|| years.iter().sum::<f64>() / years.len() as f64),
        net_benefit: Spread::of(&mut net).unwrap_or(Spread { mean: 0.0, median: 0.0, p5: 0.0, p95: 0.0 }),
        return_per_krona: Spread::of(&mut returns),
    }
}

/// Incremental cost and effect of the `valid` draws in `perspective` and `outcome`, and the
/// share of draws in which the alternative is worth its cost at each willingness to pay.
fn cost_effectiveness<'a>(
    scenario: &Scenario,
    valid: impl Iterator<Item = DrawResult<'a>>,
    (perspective, outcome): (usize, usize),
) -> CostEffectiveness {
    let lower = scenario.model().outcomes[outcome].better == crate::domain::Better::Lower;
    let gain = |r: &DrawResult| {
        let difference = r.outcome_gain.get(outcome).copied().unwrap_or_default();
        if lower { -difference } else { difference }
    };
    let extra_cost = |r: &DrawResult| r.perspectives[perspective].extra_cost;
    let prices = &scenario.uncertainty.analysis.willingness_to_pay;
    let per_unit: Vec<f64> = prices.iter().map(|wtp| wtp.to_f64().unwrap_or_default()).collect();
    let mut accepted = vec![0_usize; prices.len()];
    let (mut count, mut cost_sum, mut gain_sum) = (0_usize, 0.0, 0.0);
    for r in valid {
        let (gain, extra_cost) = (gain(&r), extra_cost(&r));
        accepted.iter_mut().zip(&per_unit).for_each(|(a, w)| *a += usize::from(w * gain - extra_cost > 0.0));
        (count, cost_sum, gain_sum) = (count + 1, cost_sum + extra_cost, gain_sum + gain);
    }
    let share = |n: usize| n as f64 / count as f64;
    let acceptability = prices.iter().zip(&accepted).map(|(wtp, &n)| (*wtp, share(n))).collect();
    let (mean_cost, mean_effect) = (cost_sum / count as f64, gain_sum / count as f64);
    let cost_per_unit = (mean_effect != 0.0).then(|| mean_cost / mean_effect);
    CostEffectiveness { outcome, mean_cost, mean_effect, cost_per_unit, acceptability }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(net_benefit: f64) -> Figures {
        Figures { net_benefit, return_per_krona: None, payback: Payback::Year(2), extra_cost: -net_benefit }
    }

    #[test]
    fn payback_is_a_share_of_the_draws_that_invest_and_unknown_when_none_does() {
        let with = |payback| Figures { payback, ..figures(1.0) };
        let none = perspective_summary([with(Payback::NoInvestment); 3].into_iter(), 3);
        assert_eq!((none.probability_payback_mandate, none.probability_payback_horizon), (None, None));
        let paybacks = [Payback::NoInvestment, Payback::Year(2), Payback::Year(6), Payback::NotWithinHorizon];
        let mixed = perspective_summary(paybacks.map(with).into_iter(), 4);
        // Of the three draws that invest, one pays back within the mandate (years 1–4) and two
        // within the horizon.
        assert_eq!(mixed.probability_payback_mandate, Some(1.0 / 3.0));
        assert_eq!(mixed.probability_payback_horizon, Some(2.0 / 3.0));
        assert_eq!(mixed.mean_payback_year, Some(4.0));
    }

    #[test]
    fn draws_laid_out_flat_give_back_each_draw_and_alternative_and_leave_out_invalid_ones() {
        // Two values per draw, two alternatives, two perspectives, one outcome measure.
        let mut draws = Draws::new([2, 2, 2, 1]);
        let first = [figures(1.0), figures(2.0), figures(3.0), figures(4.0)];
        draws.push(&[0.1, 0.2], Ok((&first, &[10.0, 20.0])));
        draws.push(&[0.3, 0.4], Err(RunProblem("a probability above one".into())));
        let third = [figures(5.0), figures(6.0), figures(7.0), figures(8.0)];
        draws.push(&[0.5, 0.6], Ok((&third, &[30.0, 40.0])));
        assert_eq!(draws.len(), 3);
        assert_eq!(draws.values(1), &[0.3, 0.4]);
        let second_alternative = draws.result(2, 1).expect("valid");
        assert_eq!(second_alternative.perspectives, &[figures(7.0), figures(8.0)]);
        assert_eq!(second_alternative.outcome_gain, &[40.0]);
        assert_eq!(draws.result(1, 0).map(|_| ()), Err(&RunProblem("a probability above one".into())));
        let net: Vec<f64> = draws.valid(0).map(|r| r.perspectives[1].net_benefit).collect();
        assert_eq!(net, [2.0, 6.0]);
        // Blocks, an empty one among them, read as one run, equal to the same draws in one block.
        let shape = [2, 2, 2, 1];
        let mut head = Block::with_capacity(shape, 3);
        head.push(shape, &[0.1, 0.2], Ok((&first, &[10.0, 20.0])));
        head.push(shape, &[0.3, 0.4], Err(RunProblem("a probability above one".into())));
        head.push(shape, &[0.5, 0.6], Ok((&third, &[30.0, 40.0])));
        let mut tail = Block::with_capacity(shape, 1);
        tail.push(shape, &[0.7, 0.8], Ok((&first, &[50.0, 60.0])));
        let all = Draws::from_blocks(shape, vec![head, Block::default(), tail]);
        assert_eq!(all.len(), 4);
        assert_eq!(all.values(3), &[0.7, 0.8]);
        assert_eq!(all.result(3, 1).expect("valid").outcome_gain, &[60.0]);
        assert!(all.problem(1).is_some() && all.problem(3).is_none());
        assert_eq!(all.invalid(), 1);
        let net: Vec<f64> = all.valid(0).map(|r| r.perspectives[0].net_benefit).collect();
        assert_eq!(net, [1.0, 5.0, 1.0]);
        draws.push(&[0.7, 0.8], Ok((&first, &[50.0, 60.0])));
        assert_eq!(all, draws);
    }

    /// The `p`-quantile of sorted `values` by the textbook rule: linear interpolation between
    /// the order statistics around `p · (n − 1)`.
    fn sorted_quantile(sorted: &[f64], p: f64) -> f64 {
        let position = p * (sorted.len() - 1) as f64;
        let below = position.floor() as usize;
        let above = (below + 1).min(sorted.len() - 1);
        sorted[below] + position.fract() * (sorted[above] - sorted[below])
    }

    #[test]
    fn a_spread_of_five_values_interpolates_between_their_order_statistics() {
        // Sorted: 1 2 3 4 10. Median at rank 2; 5 % at 0.2 of the way from 1 to 2; 95 % at
        // 0.8 of the way from 4 to 10.
        let spread = Spread::of(&mut [10.0, 3.0, 1.0, 4.0, 2.0]).expect("five values");
        assert_eq!(spread.median, 3.0);
        assert!((spread.p5 - 1.2).abs() < 1e-12 && (spread.p95 - 8.8).abs() < 1e-12);
        assert_eq!(spread.mean, 4.0);
        assert_eq!(Spread::of(&mut []), None);
    }

    proptest::proptest! {
        #[test]
        fn a_spread_found_by_selection_equals_the_one_read_from_the_sorted_values(
            values in proptest::collection::vec(proptest::prelude::any::<f64>(), 1..200),
            repeats in 1usize..4,
        ) {
            // Repeated values, infinities and NaN (any sign) included.
            let mut values: Vec<f64> = values.iter().flat_map(|&v| std::iter::repeat_n(v, repeats)).collect();
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let spread = Spread::of(&mut values).expect("not empty");
            for (found, p) in [(spread.p5, 0.05), (spread.median, 0.5), (spread.p95, 0.95)] {
                proptest::prop_assert_eq!(found.to_bits(), sorted_quantile(&sorted, p).to_bits());
            }
        }
    }
}
