//! Reading model and scenario files: file system, TOML syntax, known keys and types.
//!
//! Produces the raw, span-carrying types of [`raw`]; knows nothing of money or Markov chains.

pub mod population;
pub mod raw;
pub mod table;
mod toml_error;

use crate::diagnostic::{Diagnostic, FileId, Sources};
use population::PopulationFiles;
use raw::{RawModel, RawScenario};
use serde::de::DeserializeOwned;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A scenario and its model as written, with the files they came from (the population CSV
/// files among them).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The texts read.
    pub sources: Sources,
    /// The scenario file.
    pub scenario_file: FileId,
    /// The scenario as written.
    pub scenario: RawScenario,
    /// The model file.
    pub model_file: FileId,
    /// The model as written.
    pub model: RawModel,
    /// The population CSV files the scenario names.
    pub population: PopulationFiles,
}

/// Loads a scenario file, the model it names and the population CSV files it names. On
/// failure, returns every problem found together with the files read so far.
pub fn load(path: &Path) -> Result<Loaded, (Sources, Vec<Diagnostic>)> {
    let mut sources = Sources::default();
    match read(path, &mut sources) {
        Ok(scenario_file) => load_read(path, sources, scenario_file),
        Err(d) => Err((sources, vec![d])),
    }
}

/// [`load`] of the scenario at `path` that is already read into `sources` as `scenario_file`
/// (so that a file is read once, as `sekalk check` does after telling a model from a scenario).
pub fn load_read(
    path: &Path,
    mut sources: Sources,
    scenario_file: FileId,
) -> Result<Loaded, (Sources, Vec<Diagnostic>)> {
    let fail = |sources: Sources, d: Diagnostic| (sources, vec![d]);
    let scenario: RawScenario = match parse_scenario(&sources, scenario_file) {
        Ok(s) => s,
        Err(d) => return Err(fail(sources, d)),
    };
    let model_path = resolve(path, scenario.scenario.model.get_ref());
    let read_model = |sources: &mut Sources| match model_path.extension() {
        Some(extension) if extension == "toml" => read(&model_path, sources),
        _ if model_path.is_dir() => read(&model_path, sources),
        _ => Err(Diagnostic::general(format!(
            "the model `{}` is not a .toml file",
            crate::diagnostic::display_path(&model_path)
        ))
        .help("name the model file, e.g. `model = \"../models/sverige.toml\"`")),
    };
    let model_file = match read_model(&mut sources) {
        Ok(id) => id,
        Err(d) => {
            let span = scenario.scenario.model.span();
            let d = Diagnostic { file: Some(scenario_file), span: Some(span), label: "named here".into(), ..d };
            return Err(fail(sources, d));
        }
    };
    let model: RawModel = match parse(&sources, model_file) {
        Ok(model) => model,
        Err(d) => return Err(fail(sources, d)),
    };
    match population::read(path, scenario_file, &scenario.population, &model, &mut sources) {
        Ok(population) => Ok(Loaded { sources, scenario_file, scenario, model_file, model, population }),
        Err(problems) => Err((sources, problems)),
    }
}

/// The path of a model named in a scenario: relative to the scenario's folder.
pub fn resolve(scenario: &Path, model: &str) -> PathBuf {
    scenario.parent().unwrap_or(Path::new("")).join(model)
}

/// Reads a UTF-8 text file of bounded size into `sources`, under its canonical path (symbolic
/// links and `..` resolved), so that reports name the file that was actually read.
///
/// Only a regular file is read: a FIFO would block, a device such as `/dev/zero` never ends.
/// The size limit holds for what is read, not only for what the file system reports.
pub fn read(path: &Path, sources: &mut Sources) -> Result<FileId, Diagnostic> {
    let shown = crate::diagnostic::display_path(path);
    let unreadable = |e: std::io::Error, help: &str| {
        Diagnostic::general(format!("cannot read `{shown}`: {}", io_reason(&e))).help(help).not_found()
    };
    let help = "check the path; a model path is relative to the scenario file";
    let metadata = std::fs::metadata(path).map_err(|e| unreadable(e, help))?;
    if !metadata.is_file() {
        return Err(not_a_file(&shown, &metadata.file_type()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(format!("`{shown}` is {} bytes", metadata.len())));
    }
    let file = std::fs::File::open(path).map_err(|e| unreadable(e, "check the file's permissions"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| unreadable(e, "check the file"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(format!("`{shown}` holds more than {MAX_FILE_BYTES} bytes")));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::general(format!(
            "`{shown}` is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
        .help("save the file as UTF-8")
    })?;
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(sources.add(canonical, text))
}

fn not_a_file(shown: &str, kind: &std::fs::FileType) -> Diagnostic {
    use std::os::unix::fs::FileTypeExt;
    let what = match kind {
        k if k.is_dir() => "a directory",
        k if k.is_fifo() => "a FIFO (named pipe)",
        k if k.is_char_device() || k.is_block_device() => "a device",
        k if k.is_socket() => "a socket",
        _ => "not a regular file",
    };
    let help = if kind.is_dir() {
        "name a .toml file inside it"
    } else {
        "save the text to a file and name that file: only regular files are read"
    };
    Diagnostic::general(format!("`{shown}` is {what}, not a file")).help(help).not_found()
}

fn too_large(what: String) -> Diagnostic {
    Diagnostic::general(format!("{what}; input files may be at most {MAX_FILE_BYTES} bytes"))
        .help("a model or scenario is a small text file; check that the right file is named")
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// Parses a file into a raw type, mapping a TOML or type error to a located diagnostic.
pub fn parse<T: DeserializeOwned>(sources: &Sources, file: FileId) -> Result<T, Diagnostic> {
    let text = &sources.get(file).text;
    toml::from_str(text).map_err(|e| toml_error::diagnose(&e, file, text))
}

/// Parses a scenario file. A model file given where a scenario belongs (`sekalk run
/// models/sverige.toml`) is reported as such, not by the first model table the scenario format
/// does not know.
fn parse_scenario(sources: &Sources, file: FileId) -> Result<RawScenario, Diagnostic> {
    parse(sources, file).map_err(|error| match model_table(&sources.get(file).text) {
        Some(span) => model_not_scenario(sources, file, span),
        None => error,
    })
}

/// The top-level tables that tell a model file from a scenario file.
#[derive(serde::Deserialize)]
struct Kind {
    /// A model's `[model]` table.
    model: Option<toml::Spanned<serde::de::IgnoredAny>>,
    /// A scenario's `[scenario]` table.
    scenario: Option<serde::de::IgnoredAny>,
}

/// Whether `text` is a model file: it has a top-level `[model]` table and no `[scenario]`
/// table (the rule `sekalk check` uses to tell the two kinds apart).
pub fn is_model(text: &str) -> bool {
    model_table(text).is_some()
}

/// Where the `[model]` table of a model file is, if `text` is one (see [`is_model`]).
fn model_table(text: &str) -> Option<std::ops::Range<usize>> {
    match toml::from_str::<Kind>(text) {
        Ok(Kind { model: Some(model), scenario: None }) => Some(model.span()),
        _ => None,
    }
}

/// The report of a model file given where a scenario belongs, located at its `[model]` table.
fn model_not_scenario(sources: &Sources, file: FileId, span: std::ops::Range<usize>) -> Diagnostic {
    let path = crate::diagnostic::display_path(&sources.get(file).path);
    Diagnostic::at(
        file,
        span,
        format!("`{path}` is a model file (it has [model] and no [scenario]), not a scenario"),
        "a model file: the scenario format has no `[model]` table",
    )
    .help(format!(
            "a scenario names its model with `model = \"…\"` in `[scenario]` — see scenarios/typisk_insats.toml, or write a starter with `sekalk init --model {}`; `sekalk check {}` checks the model on its own",
            crate::escape::shell_word(&path),
            crate::escape::shell_word(&path)
    ))
}

/// Parses a scenario and a model given as texts (for fuzzing and for programs that keep their
/// inputs in memory); the scenario's `model` key is not followed, and a population CSV it names
/// is refused.
pub fn load_texts(scenario: (PathBuf, String), model: (PathBuf, String)) -> Result<Loaded, (Sources, Vec<Diagnostic>)> {
    let mut sources = Sources::default();
    let scenario_file = sources.add(scenario.0, scenario.1);
    let model_file = sources.add(model.0, model.1);
    let parsed = parse_scenario(&sources, scenario_file).and_then(|s| Ok((s, parse(&sources, model_file)?)));
    let parsed =
        parsed.and_then(|(scenario, model)| match population::not_followed(scenario_file, &scenario.population) {
            Some(d) => Err(d),
            None => Ok((scenario, model)),
        });
    match parsed {
        Ok((scenario, model)) => {
            Ok(Loaded { sources, scenario_file, scenario, model_file, model, population: PopulationFiles::default() })
        }
        Err(d) => Err((sources, vec![d])),
    }
}
