//! The `sensitivity` and `psa` commands: load and validate once, run the analysis, present it.

use crate::analysis::{AnalysisError, chosen_perspective, psa, sensitivity};
use crate::cli::{AnalysisPresent, internal};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::load::{self, Loaded};
use crate::render::uncertainty;
use crate::{domain::Scenario, output, validate};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The options of `psa` beside its presentation.
#[derive(Debug, Clone)]
pub struct PsaOptions {
    /// Number of draws.
    pub draws: usize,
    /// The seed.
    pub seed: u64,
    /// Threads to run on.
    pub threads: Option<usize>,
    /// No progress bar.
    pub quiet: bool,
    /// A file for every draw.
    pub export_draws: Option<PathBuf>,
}

/// Loads and validates a scenario, keeping what was loaded for the runs with changed values.
fn load_valid(path: &Path) -> Result<(Loaded, Scenario), Error> {
    load_checked(path, validate::validate)
}

/// Loads and validates a scenario for batches of draws (formulas in `f64`, kept beside the
/// values that depend on drawn parameters); when that fails, validated exactly, so the
/// problems reported are those of the files as written.
fn load_for_draws(path: &Path) -> Result<(Loaded, Scenario), Error> {
    load_checked(path, |loaded| {
        validate::validate_with(loaded, validate::Changes::FOR_DRAWS).or_else(|_| validate::validate(loaded))
    })
}

fn load_checked(
    path: &Path,
    check: impl Fn(&Loaded) -> Result<Scenario, Vec<crate::diagnostic::Diagnostic>>,
) -> Result<(Loaded, Scenario), Error> {
    let loaded = load::load(path).map_err(|(sources, diagnostics)| Error::Input { sources, diagnostics })?;
    match check(&loaded) {
        Ok(scenario) => Ok((loaded, scenario)),
        Err(diagnostics) => Err(Error::Input { sources: loaded.sources, diagnostics }),
    }
}

fn analysis_error(error: AnalysisError, loaded: &Loaded) -> Error {
    let sources = loaded.sources.clone();
    match error {
        AnalysisError::Evaluate(e) => crate::cli::evaluation_error(e, sources),
        AnalysisError::UnknownPerspective(..) => Error::Usage(error.to_string()),
        AnalysisError::NothingUncertain => Error::Input {
            sources,
            diagnostics: vec![Diagnostic::general(error.to_string()).help(
                "give a `[[parameters]]` entry `low` and `high` or a `distribution` (docs/FORMAT.md, section 5.9), and write the values that depend on it as formulas of it",
            )],
        },
    }
}

/// The error of an analysis of `scenario` in which no draw gave a result: its report would have
/// nothing to show. The first draw's problems follow, each at its place in the files, as its
/// values make the validator see them.
fn no_valid_draw(result: &psa::Psa, (loaded, scenario): (&Loaded, &Scenario)) -> Option<Error> {
    let (first, problem) = result.draws.first_problem()?;
    let draws = result.draws.len();
    if result.invalid() != draws {
        return None;
    }
    let located = crate::analysis::fast_problems(loaded, &result.draw_set(scenario, first));
    let because = if located.is_empty() { format!(": {problem}") } else { String::from(", with these problems:") };
    let summary = Diagnostic::general(format!("none of the {draws} draws gave a valid result; the first (draw {first}){because}"))
        .help("the distributions give values the model refuses in every draw: narrow them, or correct the formulas that use them (`--export-draws FILE` gives each draw's values and reason)");
    Some(Error::Input {
        sources: loaded.sources.clone(),
        diagnostics: std::iter::once(summary).chain(located).collect(),
    })
}

/// Writes `bytes` to `file` (standard output when `None` or `-`), never over a file the run read.
fn write(file: Option<&Path>, bytes: &[u8], loaded: &Loaded, stdout: &mut dyn Write) -> Result<(), Error> {
    let read: Vec<&Path> = loaded.sources.files().iter().map(|f| f.path.as_path()).collect();
    output::write_report(file, bytes, &read, stdout)
}

/// `sekalk sensitivity`.
pub fn sensitivity(
    path: &Path,
    perspective: Option<&str>,
    present: &AnalysisPresent,
    stdout: &mut dyn Write,
) -> Result<(), Error> {
    let format = present.checked_format()?;
    let (loaded, scenario) = load_valid(path)?;
    let chosen = chosen_perspective(&scenario, perspective).map_err(|e| analysis_error(e, &loaded))?;
    if scenario.uncertainty.is_empty() && scenario.uncertainty.variants.is_empty() {
        return Err(analysis_error(AnalysisError::NothingUncertain, &loaded));
    }
    let result = sensitivity::sensitivity(&loaded, &scenario, chosen).map_err(|problem| Error::Input {
        sources: loaded.sources.clone(),
        diagnostics: vec![Diagnostic::general(format!("the base case cannot be run: {problem}"))],
    })?;
    let bytes = uncertainty::sensitivity(&scenario, &result, present.lang.into(), format).map_err(internal)?;
    write(present.output.as_deref(), &bytes, &loaded, stdout)
}

/// `sekalk psa`.
pub fn psa(
    path: &Path,
    perspective: Option<&str>,
    options: &PsaOptions,
    present: &AnalysisPresent,
    (stdout, stderr): (&mut dyn Write, &mut dyn Write),
) -> Result<(), Error> {
    if options.draws == 0 || options.draws > psa::MAX_DRAWS {
        return Err(Error::Usage(format!("--draws must be between 1 and {}", psa::MAX_DRAWS)));
    }
    let format = present.checked_format()?;
    let report = present.output.as_deref().filter(|file| *file != Path::new("-"));
    if let (Some(draws), Some(report)) = (&options.export_draws, report)
        && output::same_file(draws, report)
    {
        return Err(Error::Usage(format!(
            "--export-draws and --output both name `{}`: the report would replace the draws; give each its own file, e.g. `--export-draws draws.csv --output rapport.html`",
            draws.display()
        )));
    }
    let export = match &options.export_draws {
        None => None,
        Some(file) => match file.extension().and_then(|e| e.to_str()) {
            Some("json") => Some((file, true)),
            Some("csv") => Some((file, false)),
            _ => return Err(Error::Usage("--export-draws needs a file ending in .csv or .json".into())),
        },
    };
    // The threads start while the files are read and validated, and one of them meanwhile
    // makes the random generator's once-a-process choice of CPU instructions (tens of µs).
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.threads.unwrap_or(0)).build().map_err(internal)?;
    let seed = options.seed;
    pool.spawn(move || crate::distribution::warm_up(seed));
    let (loaded, scenario) = load_for_draws(path)?;
    let chosen = chosen_perspective(&scenario, perspective).map_err(|e| analysis_error(e, &loaded))?;
    if psa::sampled(&scenario).is_empty() {
        return Err(analysis_error(AnalysisError::NothingUncertain, &loaded));
    }
    let shape = psa::shape(&scenario);
    let most = psa::max_draws(shape, export.is_some());
    if options.draws > most {
        let megabytes = psa::bytes_per_draw(shape, export.is_some()) as f64 * options.draws as f64 / 1e6;
        return Err(Error::Usage(format!(
            "--draws {} would take about {megabytes:.0} MB for this scenario ({} alternatives, {} perspectives a draw), more than the {} MB sekalk allows: give at most --draws {most}, or compare fewer alternatives in one run",
            options.draws,
            shape[1],
            shape[2],
            psa::MAX_DRAW_BYTES / 1_000_000,
        )));
    }
    let bar = if options.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(options.draws as u64)
    };
    let tick = |done: u64| bar.inc(done);
    let result = pool.install(|| psa::psa(&loaded, &scenario, (options.draws, options.seed), chosen, &tick));
    bar.finish_and_clear();
    let _ = stderr.flush();
    if let Some((file, json)) = export {
        let text =
            if json { uncertainty::draws_json(&scenario, &result) } else { uncertainty::draws_csv(&scenario, &result) };
        write(Some(file), text.as_bytes(), &loaded, &mut std::io::sink())?;
    }
    if let Some(error) = no_valid_draw(&result, (&loaded, &scenario)) {
        return Err(error);
    }
    let bytes = uncertainty::psa(&scenario, &result, present.lang.into(), format).map_err(internal)?;
    write(present.output.as_deref(), &bytes, &loaded, stdout)
}
