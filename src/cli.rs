//! The command line: flags parsed into a validated configuration, then one command run.
//!
//! Business code never sees clap's types; [`run`] returns an [`Error`] that `main` maps to an
//! exit code.

use crate::diagnostic::{Diagnostic, FileId, Sources, display_path};
use crate::domain::Scenario;
use crate::error::{Error, exit};
use crate::escape;
use crate::evaluate::{EvaluateError, evaluate};
use crate::load::raw::RawModel;
use crate::output::{self, Stream};
use crate::render::format::Lang;
use crate::render::{CsvDialect, Document, Format, exporter};
use crate::report::compare::{DEFAULT_RANK_BY, standings};
use crate::report::{Input, Provenance, Report, Sourced};
use crate::{load, report, validate};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
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
        /// How to present the report.
        #[command(flatten)]
        present: Present,
    },
    /// Run several scenarios of the same model and show their alternatives side by side.
    #[command(after_help = EXIT_CODES)]
    Compare {
        /// The scenario files.
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// How to present the report.
        #[command(flatten)]
        present: Present,
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
    /// Validate scenario or model files and report every problem of every file.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// Scenario or model files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write an annotated starter scenario for a model: its states, groups and actors listed.
    #[command(after_help = EXIT_CODES)]
    Init {
        /// The model the scenario uses.
        #[arg(long, value_name = "FILE", default_value = crate::init::default_model_path())]
        model: PathBuf,
        /// Write the scenario to FILE instead of standard output (`-`: standard output).
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// One-way sensitivity: every uncertain parameter at its low and high value (a tornado),
    /// its switching value, and the scenario's named variants.
    #[command(after_help = EXIT_CODES)]
    Sensitivity {
        /// The scenario file.
        scenario: PathBuf,
        /// The perspective: an actor id, `public` or `society` (default: the scenario's
        /// `[analysis] perspective`, else `public`).
        #[arg(long)]
        perspective: Option<String>,
        /// How to present it.
        #[command(flatten)]
        present: AnalysisPresent,
    },
    /// Probabilistic sensitivity analysis: every uncertain parameter drawn from its
    /// distribution, the scenario run once per draw.
    #[command(after_help = EXIT_CODES)]
    Psa {
        /// The scenario file.
        scenario: PathBuf,
        /// The number of draws.
        #[arg(long, default_value_t = 1000)]
        draws: usize,
        /// The seed: the same seed gives the same draws whatever the number of threads.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Threads to run on, 1 to 1024 (default: all cores).
        #[arg(long, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
        threads: Option<usize>,
        /// No progress bar on standard error.
        #[arg(long, short)]
        quiet: bool,
        /// The perspective of the headline (default: the scenario's `[analysis] perspective`,
        /// else `public`).
        #[arg(long)]
        perspective: Option<String>,
        /// Also write every draw to FILE (`.csv` or `.json`).
        #[arg(long, value_name = "FILE")]
        export_draws: Option<PathBuf>,
        /// How to present it.
        #[command(flatten)]
        present: AnalysisPresent,
    },
    /// Kalkyl och bokslut: follow an intervention with what really happened to its
    /// participants and what it really cost; the value to date, the effect the outcome
    /// implies, and the appraisal updated with it.
    #[command(after_help = EXIT_CODES)]
    Bokslut(crate::cli_bokslut::BokslutArgs),
    /// Print the JSON Schema of the model or the scenario file format (for editors).
    Schema {
        /// Which file format.
        #[arg(value_enum)]
        format: SchemaArg,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
}

/// How a report is presented.
#[derive(Debug, Clone, Args)]
pub struct Present {
    /// Language of the report.
    #[arg(long, value_enum, default_value = "sv")]
    pub lang: LangArg,
    /// The output format (xlsx and html only to a file, with --output).
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
    /// The CSV dialect: `sv` (`;`, decimal comma: a Swedish spreadsheet reads every number) or
    /// `en` (`,`, decimal point).
    #[arg(long, value_enum, default_value = "sv")]
    pub csv_dialect: DialectArg,
    /// The perspective alternatives are ranked by: an actor id, `public` or `society`.
    #[arg(long, value_name = "PERSPECTIVE", default_value = DEFAULT_RANK_BY)]
    pub rank_by: String,
    /// Skip the break-even search (it runs the alternatives many more times).
    #[arg(long)]
    pub no_break_even: bool,
    /// Write the report to FILE instead of standard output (`-`: standard output).
    ///
    /// A file is written whole or not at all, never over an input of the run, a file with
    /// other hard links, a named pipe or a socket; a symbolic link is followed, a device
    /// written through.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// How an analysis or the accounts (`bokslut`) are presented.
#[derive(Debug, Clone, Args)]
pub struct AnalysisPresent {
    /// Language of the report.
    #[arg(long, value_enum, default_value = "sv")]
    pub lang: LangArg,
    /// The output format (xlsx and html only to a file, with --output).
    #[arg(long, value_enum, default_value = "table")]
    pub format: FormatArg,
    /// The CSV dialect: `sv` (`;`, decimal comma) or `en` (`,`, decimal point).
    #[arg(long, value_enum, default_value = "sv")]
    pub csv_dialect: DialectArg,
    /// Write the report to FILE instead of standard output (`-`: standard output).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Text tables for a terminal.
    Table,
    /// Markdown.
    Markdown,
    /// CSV (see --csv-dialect).
    Csv,
    /// JSON (a versioned contract, docs/REPORT_JSON.md).
    Json,
    /// An Excel workbook (to a file).
    Xlsx,
    /// A self-contained HTML page (to a file).
    Html,
}

impl AnalysisPresent {
    /// The format, or a usage error when it writes only a file and no file is given.
    pub fn checked_format(&self) -> Result<Format, Error> {
        self.format.require_file(self.output.as_deref())?;
        Ok(self.format.with_dialect(self.csv_dialect))
    }
}

impl FormatArg {
    /// The format, a CSV one in `dialect`.
    pub fn with_dialect(self, dialect: DialectArg) -> Format {
        match self {
            FormatArg::Table => Format::Table,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Csv => Format::Csv(dialect.into()),
            FormatArg::Json => Format::Json,
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Html => Format::Html,
        }
    }

    /// A usage error when this format writes only a file (xlsx, html) and `output` is none or
    /// standard output.
    pub fn require_file(self, output: Option<&Path>) -> Result<(), Error> {
        let to_file = output.is_some_and(|o| o != Path::new("-"));
        if !self.with_dialect(DialectArg::Sv).file_only() || to_file {
            return Ok(());
        }
        let name = self.to_possible_value().map(|p| p.get_name().to_string()).unwrap_or_default();
        Err(Error::Usage(format!("--format {name} writes a file: add `--output rapport.{name}`")))
    }
}

/// The `--csv-dialect` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    /// Semicolons and decimal comma.
    Sv,
    /// Commas and decimal point.
    En,
}

impl From<DialectArg> for CsvDialect {
    fn from(dialect: DialectArg) -> Self {
        match dialect {
            DialectArg::Sv => CsvDialect::Sv,
            DialectArg::En => CsvDialect::En,
        }
    }
}

/// The `schema` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaArg {
    /// models/*.toml.
    Model,
    /// scenarios/*.toml.
    Scenario,
}

impl Present {
    fn format(&self) -> Format {
        self.format.with_dialect(self.csv_dialect)
    }

    /// The flags that repeat this presentation, for the repeat line.
    fn flags(&self) -> String {
        let value = |v: &dyn Fn() -> Option<clap::builder::PossibleValue>| v().map(|p| p.get_name().to_string());
        let mut flags = format!(" --lang {}", value(&|| self.lang.to_possible_value()).unwrap_or_default());
        if self.format != FormatArg::Table {
            flags.push_str(&format!(" --format {}", value(&|| self.format.to_possible_value()).unwrap_or_default()));
        }
        if self.format == FormatArg::Csv {
            flags.push_str(&format!(
                " --csv-dialect {}",
                value(&|| self.csv_dialect.to_possible_value()).unwrap_or_default()
            ));
        }
        if self.rank_by != DEFAULT_RANK_BY {
            flags.push_str(&format!(" --rank-by {}", escape::shell_word(&self.rank_by)));
        }
        if self.no_break_even {
            flags.push_str(" --no-break-even");
        }
        flags
    }
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
        Command::Run { scenario, present } => present_reports("run", &[scenario], &present, stdout),
        Command::Compare { scenarios, present } => present_reports("compare", &scenarios, &present, stdout),
        Command::Calibrate { scenario, alternative, intervention, min, max } => {
            let text = calibrate_command(&scenario, alternative.as_deref(), intervention.as_deref(), (min, max))?;
            output::write_stream(stdout, Stream::Stdout, text.as_bytes())
        }
        Command::Check { files } => check_all(&files, stderr),
        Command::Sensitivity { scenario, perspective, present } => {
            crate::cli_analysis::sensitivity(&scenario, perspective.as_deref(), &present, stdout)
        }
        Command::Psa { scenario, draws, seed, threads, quiet, perspective, export_draws, present } => {
            let options = crate::cli_analysis::PsaOptions { draws, seed, threads, quiet, export_draws };
            crate::cli_analysis::psa(&scenario, perspective.as_deref(), &options, &present, (stdout, stderr))
        }
        Command::Bokslut(args) => crate::cli_bokslut::bokslut(&args, stdout),
        Command::Init { model, output } => {
            let text = init_command(&model, output.as_deref())?;
            output::write_report(output.as_deref(), text.as_bytes(), &[model.as_path()], stdout)
        }
        Command::Schema { format } => {
            let schema = match format {
                SchemaArg::Model => crate::schema::model_schema(),
                SchemaArg::Scenario => crate::schema::scenario_schema(),
            };
            output::write_stream(stdout, Stream::Stdout, crate::schema::to_pretty(&schema).as_bytes())
        }
        Command::Completions { shell } => {
            let mut bytes = Vec::new();
            crate::generate::completions(&mut Cli::command(), shell, &mut bytes).map_err(internal)?;
            output::write_stream(stdout, Stream::Stdout, &bytes)
        }
        Command::Man => {
            let mut bytes = Vec::new();
            crate::generate::man_page(Cli::command(), &mut bytes).map_err(internal)?;
            output::write_stream(stdout, Stream::Stdout, &bytes)
        }
    }
}

pub(crate) fn internal(error: impl std::fmt::Display) -> Error {
    Error::Internal(error.to_string())
}

/// Checks every file, reports every problem of each on `stderr` as it goes, and ends with one
/// line per file; fails with the first failing file's exit code.
fn check_all(files: &[PathBuf], stderr: &mut dyn Write) -> Result<(), Error> {
    let mut summary = Vec::with_capacity(files.len());
    let mut first_failure = None;
    for file in files {
        let name = escape::inline(&display_path(file)).into_owned();
        match check(file) {
            Ok(what) => {
                let line = format!("{name}: ok ({what})\n");
                output::write_stream(stderr, Stream::Stderr, line.as_bytes())?;
                summary.push(format!("{name}: ok"));
            }
            Err(error) => {
                let count = match &error {
                    Error::Input { diagnostics, .. } => diagnostics.len(),
                    _ => 1,
                };
                let text = format!("{}\n", error.render());
                output::write_stream(stderr, Stream::Stderr, text.as_bytes())?;
                let noun = if count == 1 { "problem" } else { "problems" };
                summary.push(format!("{name}: {count} {noun}"));
                first_failure.get_or_insert(error.exit_code());
            }
        }
    }
    if files.len() > 1 {
        let text = format!("checked {} files:\n  {}\n", files.len(), summary.join("\n  "));
        output::write_stream(stderr, Stream::Stderr, text.as_bytes())?;
    }
    match first_failure {
        Some(code) => Err(Error::Reported(code)),
        None => Ok(()),
    }
}

/// The starter scenario for the model at `path`, naming the model relative to where the
/// scenario is written (a scenario's `model` is relative to its own folder).
fn init_command(path: &Path, output: Option<&Path>) -> Result<String, Error> {
    let (sources, file) = read_file(path)?;
    let model = validated_model(sources, file)?;
    let folder = output.filter(|o| *o != Path::new("-")).and_then(Path::parent).unwrap_or(Path::new(""));
    let named = relative_to(path, folder);
    Ok(crate::init::starter_scenario(&model, &named.to_string_lossy()))
}

/// `path` as seen from `folder` (both taken from the working directory when relative):
/// `models/m.toml` from `scenarios` is `../models/m.toml`.
fn relative_to(path: &Path, folder: &Path) -> PathBuf {
    let (Ok(path), Ok(folder)) = (std::path::absolute(path), std::path::absolute(folder)) else {
        return path.to_path_buf();
    };
    let (path, folder): (Vec<_>, Vec<_>) = (path.components().collect(), folder.components().collect());
    let shared = path.iter().zip(&folder).take_while(|(a, b)| a == b).count();
    let up = folder[shared..].iter().filter(|c| matches!(c, std::path::Component::Normal(_))).map(|_| "..");
    up.map(PathBuf::from).chain(path[shared..].iter().map(|c| PathBuf::from(c.as_os_str()))).collect()
}

/// Runs every scenario, builds their reports and presents them in the chosen format.
fn present_reports(command: &str, paths: &[PathBuf], present: &Present, stdout: &mut dyn Write) -> Result<(), Error> {
    let format = present.format();
    present.format.require_file(present.output.as_deref())?;
    let mut loaded = Vec::with_capacity(paths.len());
    let mut read = Vec::new();
    let mut words = Vec::with_capacity(paths.len());
    for path in paths {
        let (scenario, sources, sourced) = load_sourced(path)?;
        let inputs: Vec<PathBuf> = sources.files().iter().map(|file| file.path.clone()).collect();
        // The scenario as read (canonical, so absolute): the command works from any directory.
        let scenario_file = inputs.first().map_or(path.as_path(), PathBuf::as_path);
        let absolute = std::path::absolute(scenario_file).unwrap_or_else(|_| scenario_file.to_path_buf());
        words.push(escape::shell_word(&absolute.to_string_lossy()));
        read.extend(inputs);
        loaded.push((scenario, sources, sourced));
    }
    let repeat = format!("sekalk {command} {}{}", words.join(" "), present.flags());
    let reports = loaded
        .into_iter()
        .map(|(scenario, sources, sourced)| {
            build_report(&scenario, sources, sourced, repeat.clone(), !present.no_break_even)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let standings = standings(&reports, &present.rank_by).map_err(Error::Usage)?;
    let document = Document { reports: &reports, standings: &standings, lang: present.lang.into() };
    let bytes = exporter(format).export(&document).map_err(internal)?;
    // The files the run read are never written over.
    let inputs: Vec<&Path> = read.iter().map(PathBuf::as_path).collect();
    output::write_report(present.output.as_deref(), &bytes, &inputs, stdout)
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
    load_sourced(path).map(|(scenario, sources, _)| (scenario, sources))
}

/// Loads and validates a scenario file and its model, with the sourced figures they set.
fn load_sourced(path: &Path) -> Result<(Scenario, Sources, Vec<Sourced>), Error> {
    validated(load::load(path))
}

/// Runs a scenario and model given as texts through every layer and renders the terminal
/// report (without the break-even search); what the fuzz target and the robustness tests
/// drive. Never panics on any input.
pub fn run_texts(scenario: &str, model: &str, lang: Lang) -> Result<String, Error> {
    let named = |name: &str, text: &str| (PathBuf::from(name), text.to_string());
    let (scenario, sources, sourced) =
        validated(load::load_texts(named("scenario.toml", scenario), named("model.toml", model)))?;
    let report = build_report(&scenario, sources, sourced, "sekalk run scenario.toml".into(), false)?;
    let standings = standings(std::slice::from_ref(&report), DEFAULT_RANK_BY).map_err(Error::Usage)?;
    let document = Document { reports: std::slice::from_ref(&report), standings: &standings, lang };
    let bytes = exporter(Format::Table).export(&document).map_err(internal)?;
    String::from_utf8(bytes).map_err(internal)
}

/// Validates what was loaded, keeping the files for error reports and the sourced figures for
/// the report.
fn validated(
    loaded: Result<load::Loaded, (Sources, Vec<Diagnostic>)>,
) -> Result<(Scenario, Sources, Vec<Sourced>), Error> {
    let loaded = loaded.map_err(|(sources, diagnostics)| Error::Input { sources, diagnostics })?;
    match validate::validate(&loaded) {
        Ok(scenario) => {
            let sourced = report::sourced::collect(&loaded);
            Ok((scenario, loaded.sources, sourced))
        }
        Err(diagnostics) => Err(Error::Input { sources: loaded.sources, diagnostics }),
    }
}

/// Evaluates a validated scenario exactly and builds its report, naming every input file with
/// its hash and the command that repeats the run.
fn build_report(
    scenario: &Scenario,
    sources: Sources,
    sourced: Vec<Sourced>,
    command: String,
    break_even: bool,
) -> Result<Report, Error> {
    let evaluation = match evaluate(scenario) {
        Ok(evaluation) => evaluation,
        Err(error) => return Err(evaluation_error(error, sources)),
    };
    let inputs = sources
        .files()
        .iter()
        .map(|f| Input { path: display_path(&f.path), sha256: sha256(f.text.as_bytes()) })
        .collect();
    let provenance = Provenance { version: env!("CARGO_PKG_VERSION").into(), inputs, command };
    let options = report::Options { provenance, sources: sourced, break_even };
    report::build(scenario, &evaluation, options).map_err(|error| evaluation_error(error, sources))
}

/// Validates a scenario (and runs it, which checks yearly intakes) or a model file.
fn check(path: &Path) -> Result<String, Error> {
    let (sources, file) = read_file(path)?;
    if load::is_model(&sources.get(file).text) {
        let model = validated_model(sources, file)?;
        return Ok(format!(
            "model with {} states, {} actors, {} cost items",
            model.states.len(),
            model.actors.len(),
            model.costs.len()
        ));
    }
    let loaded =
        load::load_read(path, sources, file).map_err(|(sources, diagnostics)| Error::Input { sources, diagnostics })?;
    let scenario = match validate::validate_with(&loaded, validate::Changes::CHECK) {
        Ok(scenario) => scenario,
        Err(diagnostics) => return Err(Error::Input { sources: loaded.sources, diagnostics }),
    };
    evaluate::<rust_decimal::Decimal>(&scenario).map_err(|e| evaluation_error(e, loaded.sources))?;
    let count = scenario.alternatives.len();
    let noun = if count == 1 { "alternative" } else { "alternatives" };
    Ok(format!("scenario with {count} {noun} over {} years", scenario.horizon_years))
}

/// Reads one input file.
fn read_file(path: &Path) -> Result<(Sources, FileId), Error> {
    let mut sources = Sources::default();
    match load::read(path, &mut sources) {
        Ok(file) => Ok((sources, file)),
        Err(diagnostic) => Err(Error::Input { sources, diagnostics: vec![diagnostic] }),
    }
}

/// Parses and validates a model file that was read.
fn validated_model(sources: Sources, file: FileId) -> Result<crate::domain::Model, Error> {
    let model = load::parse::<RawModel>(&sources, file)
        .map_err(|d| vec![d])
        .and_then(|raw| validate::validate_model(&sources, file, &raw));
    model.map_err(|diagnostics| Error::Input { sources, diagnostics })
}

pub(crate) fn evaluation_error(error: EvaluateError, sources: Sources) -> Error {
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
