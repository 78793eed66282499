//! The `bokslut` command: load and validate the scenario, read the observed outcomes and the
//! cost ledger against it, make the accounts and present them.

use crate::bokslut::observed::{self, Cohort, Frame};
use crate::bokslut::{self, BokslutError, Target, ledger};
use crate::cli::{AnalysisPresent, evaluation_error, internal, load_scenario};
use crate::diagnostic::{Diagnostic, Sources};
use crate::domain::Scenario;
use crate::error::Error;
use crate::load::{self, table};
use crate::output;
use crate::render::bokslut::render;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The flags of `sekalk bokslut`.
#[derive(Debug, Clone, Args)]
pub struct BokslutArgs {
    /// The scenario file: the forecast (kalkyl) the intervention was decided on.
    pub scenario: PathBuf,
    /// CSV of the observed outcomes: month, batch (optional), group, count, cohort (optional).
    #[arg(long, value_name = "FILE")]
    pub observed: PathBuf,
    /// CSV of what the intervention really cost: month, payer, kind, receiver, amount, note.
    #[arg(long, value_name = "FILE")]
    pub costs: Option<PathBuf>,
    /// The last month counted, YYYY-MM (default: the last month observed).
    #[arg(long, value_name = "YYYY-MM")]
    pub as_of: Option<String>,
    /// The alternative (default: the first with an intervention).
    #[arg(long)]
    pub alternative: Option<String>,
    /// The intervention (default: the alternative's first).
    #[arg(long)]
    pub intervention: Option<String>,
    /// The effect (1-based) whose multiplier the observations imply.
    #[arg(long, default_value_t = 1)]
    pub effect: usize,
    /// How the accounts are presented.
    #[command(flatten)]
    pub present: AnalysisPresent,
}

/// `sekalk bokslut`.
pub fn bokslut(args: &BokslutArgs, stdout: &mut dyn Write) -> Result<(), Error> {
    let present = &args.present;
    let format = present.checked_format()?;
    let (scenario, mut sources) = load_scenario(&args.scenario)?;
    let general = |sources: &Sources, message: String, help: &str| Error::Input {
        sources: sources.clone(),
        diagnostics: vec![Diagnostic::general(message).help(help)],
    };
    let start =
        match (scenario.start_month, scenario.model().months_per_cycle) {
            (Some(start), 1) => start,
            (None, _) => return Err(general(
                &sources,
                "the scenario has no `start_date`, so its months cannot be matched with the observed calendar months"
                    .into(),
                "add `start_date = YYYY-MM-DD` to `[scenario]`",
            )),
            (_, months) => {
                return Err(general(
                    &sources,
                    format!("the model's cycles are {months} months long; accounts follow participants month by month"),
                    "use a model with monthly cycles",
                ));
            }
        };
    let (alternative, intervention) = chosen(&scenario, args).map_err(|m| {
        general(
            &sources,
            m,
            "name an alternative and intervention of the scenario with --alternative and --intervention",
        )
    })?;
    let target = Target { alternative, intervention, effect: args.effect.saturating_sub(1), as_of: 0 };
    let forecast = bokslut::forecast(&scenario, target).map_err(|e| evaluation_error(e, sources.clone()))?;
    let model = &scenario.alternatives[alternative].model;
    let frame = Frame { model, start, months: scenario.cycles(), batches: &forecast.batches };
    let mut problems = Vec::new();
    let cells = read_into(&mut sources, &args.observed, &mut problems, |s, f| observed::read(s, f, &frame));
    let spending = match &args.costs {
        Some(path) => read_into(&mut sources, path, &mut problems, |s, f| ledger::read(s, f, &frame)),
        None => None,
    };
    if !problems.is_empty() {
        return Err(Error::Input { sources, diagnostics: problems });
    }
    let cells = cells.unwrap_or_default();
    let as_of = as_of(args, &cells, &frame)
        .map_err(|m| general(&sources, m, "give --as-of YYYY-MM within the scenario's horizon"))?;
    let target = Target { as_of, ..target };
    let result = bokslut::bokslut(&scenario, target, forecast, &cells, spending).map_err(|e| match e {
        BokslutError::Evaluate(e) => evaluation_error(e, sources.clone()),
        other => general(&sources, other.to_string(), "check the counts and amounts for absurd values"),
    })?;
    let bytes = render(&scenario, &result, present.lang.into(), format).map_err(internal)?;
    let read: Vec<&Path> = sources.files().iter().map(|f| f.path.as_path()).collect();
    output::write_report(present.output.as_deref(), &bytes, &read, stdout)
}

/// Reads one input file into `sources` and then `parse`s it; problems are added to `problems`.
fn read_into<T>(
    sources: &mut Sources,
    path: &Path,
    problems: &mut Vec<Diagnostic>,
    parse: impl Fn(&Sources, crate::diagnostic::FileId) -> Result<T, Vec<Diagnostic>>,
) -> Option<T> {
    let file = load::read(path, sources).map_err(|d| problems.push(d)).ok()?;
    parse(sources, file).map_err(|found| problems.extend(found)).ok()
}

/// The alternative and intervention followed.
fn chosen(scenario: &Scenario, args: &BokslutArgs) -> Result<(usize, usize), String> {
    let found = scenario.alternatives.iter().enumerate().find_map(|(a, strategy)| {
        if args.alternative.as_ref().is_some_and(|id| *id != strategy.id) {
            return None;
        }
        let i = strategy.interventions.iter().position(|i| args.intervention.as_ref().is_none_or(|id| *id == i.id))?;
        Some((a, i))
    });
    let (a, i) = found.ok_or_else(|| "no alternative of the scenario has the intervention to follow".to_string())?;
    let effects = scenario.alternatives[a].interventions[i].effects.len();
    if args.effect == 0 || (effects > 0 && args.effect > effects) {
        return Err(format!("--effect {} is not an effect of the intervention (it has {effects})", args.effect));
    }
    Ok((a, i))
}

/// The accounts month: `--as-of`, else the last month the participants were observed.
fn as_of(args: &BokslutArgs, cells: &[observed::Cell], frame: &Frame) -> Result<usize, String> {
    let Some(text) = &args.as_of else {
        let last = cells.iter().filter(|c| c.cohort == Cohort::Participants).map(|c| c.month).max();
        return Ok(last.or_else(|| cells.iter().map(|c| c.month).max()).unwrap_or(0));
    };
    table::month(text).and_then(|m| frame.month_index(m)).map_err(|e| format!("--as-of: {e}"))
}
