//! The command line: flags parsed into a validated configuration, then one command run.
//!
//! Business code never sees clap's types; [`run`] returns an [`Error`] that `main` maps to an
//! exit code.

use crate::diagnostic::{Diagnostic, Sources, display_path};
use crate::domain::Scenario;
use crate::error::{Error, exit};
use crate::escape;
use crate::evaluate::{EvaluateError, evaluate};
use crate::load::raw::RawModel;
use crate::output::{self, Stream};
use crate::render::format::Lang;
use crate::render::{Input, Report, terminal};
use crate::{load, validate};
use clap::{Parser, Subcommand, ValueEnum};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

const EXIT_CODES: &str = "Exit codes:
  0   success (also when a pipe's reader stops early, as `| head` does)
  1   invalid input (a scenario or model breaks a rule; every problem is listed)
  2   usage error (unknown flag, missing argument)
  3   an input file is missing or unreadable
  4   output cannot be written (a refused or unwritable --output file, a full disk,
      an unwritable standard output or standard error)
  70  internal error (a bug in sekalk)
  130 SIGINT, 143 SIGTERM, 129 SIGHUP while writing a file: the unfinished file is
      removed, an earlier one left as it was";

/// sekalk: socio-economic investment calculations for försörjningsstöd interventions.
#[derive(Debug, Parser)]
#[command(name = "sekalk", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and print its investment-return tables.
    #[command(after_help = EXIT_CODES)]
    Run {
        /// The scenario file (scenarios/*.toml).
        scenario: PathBuf,
        /// Language of the tables.
        #[arg(long, value_enum, default_value = "sv")]
        lang: LangArg,
        /// Write the report to FILE instead of standard output (`-`: standard output).
        ///
        /// A file is written whole or not at all, never over an input of the run, a file with
        /// other hard links, a named pipe or a socket; a symbolic link is followed, a device
        /// written through.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Find the effect multiplier that reproduces an observed participant outcome (an
    /// `observed` entry of an intervention).
    #[command(after_help = EXIT_CODES)]
    Calibrate {
        /// The scenario file.
        scenario: PathBuf,
        /// The alternative (default: the first with an observed outcome).
        #[arg(long)]
        alternative: Option<String>,
        /// The intervention (default: the first of the alternative with an observed outcome).
        #[arg(long)]
        intervention: Option<String>,
        /// The lowest multiplier searched.
        #[arg(long, default_value_t = 1.0)]
        min: f64,
        /// The highest multiplier searched (lowered to what every row can take).
        #[arg(long, default_value_t = 10.0)]
        max: f64,
    },
    /// Validate scenario or model files and report every problem at once.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Scenario or model files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

/// The `--lang` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// Swedish.
    Sv,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::Sv => Lang::Sv,
            LangArg::En => Lang::En,
        }
    }
}

/// Runs a parsed command line, writing results to `stdout` and notes to `stderr`.
pub fn run(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<(), Error> {
    match cli.command {
        Command::Run { scenario, lang, output } => {
            let (report, read) = run_report(&scenario, lang.into())?;
            // The files the run read are never written over.
            let inputs: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
            output::write_report(output.as_deref(), report.as_bytes(), &inputs, stdout)
        }
        Command::Calibrate { scenario, alternative, intervention, min, max } => {
            let text = calibrate_command(&scenario, alternative.as_deref(), intervention.as_deref(), (min, max))?;
            output::write_stream(stdout, Stream::Stdout, text.as_bytes())
        }
        Command::Check { files } => {
            for file in &files {
                let summary = check(file)?;
                let line = format!("{}: ok ({summary})\n", escape::inline(&display_path(file)));
                output::write_stream(stderr, Stream::Stderr, line.as_bytes())?;
            }
            Ok(())
        }
    }
}

/// Loads, validates and evaluates a scenario, and renders the terminal report; returns it
/// with the paths of the files read (the scenario and its model).
pub fn run_report(path: &Path, lang: Lang) -> Result<(String, Vec<PathBuf>), Error> {
    let (scenario, sources) = load_scenario(path)?;
    let inputs: Vec<PathBuf> = sources.files().iter().map(|file| file.path.clone()).collect();
    // The scenario as read (canonical, so absolute): the command works from any directory.
    let read = inputs.first().map_or(path, PathBuf::as_path);
    let absolute = std::path::absolute(read).unwrap_or_else(|_| read.to_path_buf());
    let lang_flag = if lang == Lang::Sv { "sv" } else { "en" };
    let command = format!("sekalk run {} --lang {lang_flag}", escape::shell_word(&absolute.to_string_lossy()));
    Ok((report(&scenario, sources, command, lang)?, inputs))
}

/// Calibrates the first observed outcome of the chosen intervention and says the result in words.
fn calibrate_command(
    path: &Path,
    alternative: Option<&str>,
    intervention: Option<&str>,
    range: (f64, f64),
) -> Result<String, Error> {
    let (scenario, sources) = load_scenario(path)?;
    let usage =
        |message: String| Error::Input { sources: sources.clone(), diagnostics: vec![Diagnostic::general(message)] };
    if !(range.0.is_finite() && range.1.is_finite() && 0.0 <= range.0 && range.0 < range.1) {
        return Err(usage(format!(
            "the range {}–{} is not a range of multipliers: give 0 ≤ --min < --max",
            range.0, range.1
        )));
    }
    let found =
        scenario.alternatives.iter().enumerate().flat_map(|(a, strategy)| {
            strategy.interventions.iter().enumerate().map(move |(i, int)| (a, i, strategy, int))
        });
    let mut chosen = found.filter(|(_, _, strategy, int)| {
        alternative.is_none_or(|id| strategy.id == id)
            && intervention.is_none_or(|id| int.id == id)
            && !int.observed.is_empty()
    });
    let Some((a, i, strategy, int)) = chosen.next() else {
        return Err(usage(
            "no intervention of the chosen alternative has an `observed` outcome to calibrate against; add `[[alternatives.interventions.observed]]` with `states`, `share` and `date` or `months_after_intake`".into(),
        ));
    };
    let target = crate::calibrate::Target { alternative: a, intervention: i, observed: 0, range };
    let result = crate::calibrate::calibrate(&scenario, target).map_err(|e| match e {
        crate::calibrate::CalibrateError::Evaluate(error) => evaluation_error(error, sources.clone()),
        other => usage(format!("`{}` in `{}`: {other}", int.id, strategy.id)),
    })?;
    let effect = int.observed[0].effect + 1;
    Ok(format!(
        "Effect {effect} of `{}` in `{}` needs the multiplier {} to reproduce the observed share {} (it gives {}).\nSearched {}–{}: the share is {:.6} at the low end and {:.6} at the high end. Bisection in f64, confirmed in exact decimals.\n",
        int.id,
        strategy.id,
        result.multiplier.normalize(),
        result.target,
        result.share.round_dp(6),
        crate::calibrate::short(result.bracket.0),
        crate::calibrate::short(result.bracket.1),
        result.at_bracket.0,
        result.at_bracket.1,
    ))
}

/// Loads and validates a scenario file and its model.
pub fn load_scenario(path: &Path) -> Result<(Scenario, Sources), Error> {
    validated(load::load(path))
}

/// Runs a scenario and model given as texts through every layer and renders the report;
/// what the fuzz target and the robustness tests drive. Never panics on any input.
pub fn run_texts(scenario: &str, model: &str, lang: Lang) -> Result<String, Error> {
    let named = |name: &str, text: &str| (PathBuf::from(name), text.to_string());
    let (scenario, sources) =
        validated(load::load_texts(named("scenario.toml", scenario), named("model.toml", model)))?;
    report(&scenario, sources, "sekalk run scenario.toml".into(), lang)
}

/// Validates what was loaded, keeping the files for error reports.
fn validated(loaded: Result<load::Loaded, (Sources, Vec<Diagnostic>)>) -> Result<(Scenario, Sources), Error> {
    let loaded = loaded.map_err(|(sources, diagnostics)| Error::Input { sources, diagnostics })?;
    match validate::validate(&loaded) {
        Ok(scenario) => Ok((scenario, loaded.sources)),
        Err(diagnostics) => Err(Error::Input { sources: loaded.sources, diagnostics }),
    }
}

/// Evaluates a validated scenario exactly and renders its terminal report, naming every input
/// file with its hash and the command that repeats the run.
fn report(scenario: &Scenario, sources: Sources, command: String, lang: Lang) -> Result<String, Error> {
    let evaluation = match evaluate(scenario) {
        Ok(evaluation) => evaluation,
        Err(error) => return Err(evaluation_error(error, sources)),
    };
    let inputs = sources
        .files()
        .iter()
        .map(|f| Input { path: display_path(&f.path), sha256: sha256(f.text.as_bytes()) })
        .collect();
    Ok(terminal::render(&Report { scenario, evaluation: &evaluation, inputs, command, lang }))
}

/// Validates a scenario (and runs it, which checks yearly intakes) or a model file.
fn check(path: &Path) -> Result<String, Error> {
    let mut sources = Sources::default();
    let file =
        load::read(path, &mut sources).map_err(|d| Error::Input { sources: sources.clone(), diagnostics: vec![d] })?;
    let is_model = sources
        .get(file)
        .text
        .parse::<toml::Table>()
        .is_ok_and(|t| t.contains_key("model") && !t.contains_key("scenario"));
    if is_model {
        let model = load::parse::<RawModel>(&sources, file)
            .map_err(|d| vec![d])
            .and_then(|raw| validate::validate_model(&sources, file, &raw));
        let model = model.map_err(|diagnostics| Error::Input { sources, diagnostics })?;
        return Ok(format!(
            "model with {} states, {} actors, {} cost items",
            model.states.len(),
            model.actors.len(),
            model.costs.len()
        ));
    }
    let (scenario, sources) = load_scenario(path)?;
    evaluate::<rust_decimal::Decimal>(&scenario).map_err(|e| evaluation_error(e, sources))?;
    Ok(format!("scenario with {} alternatives over {} years", scenario.alternatives.len(), scenario.horizon_years))
}

fn evaluation_error(error: EvaluateError, sources: Sources) -> Error {
    let diagnostic = match &error {
        EvaluateError::Overflow { .. } => Diagnostic::general(error.to_string())
            .help("check the amounts and population for absurd values (units: kronor per person per period, people)"),
        EvaluateError::TooLarge { reduce, location, .. } => {
            let diagnostic = match location {
                Some(at) => {
                    Diagnostic::at(at.file, at.span.clone(), error.to_string(), "the intervention that adds most")
                }
                None => Diagnostic::general(error.to_string()),
            };
            diagnostic.help(format!("reduce the work: {reduce} (limits: docs/FORMAT.md, \"Limits\")"))
        }
        EvaluateError::Shortfall { location, .. } => {
            Diagnostic::at(location.file, location.span.clone(), error.to_string(), "too many for a later intake")
                .help("lower `participants`, use `share`, widen `targets`, or add inflow")
        }
    };
    Error::Input { sources, diagnostics: vec![diagnostic] }
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Maps a clap parse failure to its exit code (help and version are successes).
pub fn usage_exit_code(error: &clap::Error) -> u8 {
    if error.use_stderr() { exit::USAGE } else { exit::SUCCESS }
}
