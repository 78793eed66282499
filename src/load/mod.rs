//! Reading model and scenario files: file system, TOML syntax, known keys and types.
//!
//! Produces the raw, span-carrying types of [`raw`]; knows nothing of money or Markov chains.

pub mod raw;
mod toml_error;

use crate::diagnostic::{Diagnostic, FileId, Sources};
use raw::{RawModel, RawScenario};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A scenario and its model as written, with the files they came from.
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
}

/// Loads a scenario file and the model it names. On failure, returns every problem found
/// together with the files read so far.
pub fn load(path: &Path) -> Result<Loaded, (Sources, Vec<Diagnostic>)> {
    let mut sources = Sources::default();
    let fail = |sources: Sources, d: Diagnostic| (sources, vec![d]);
    let scenario_file = match read(path, &mut sources) {
        Ok(id) => id,
        Err(d) => return Err(fail(sources, d)),
    };
    let scenario: RawScenario = match parse(&sources, scenario_file) {
        Ok(s) => s,
        Err(d) => return Err(fail(sources, d)),
    };
    let model_path = resolve(path, scenario.scenario.model.get_ref());
    let model_file = match read(&model_path, &mut sources) {
        Ok(id) => id,
        Err(d) => {
            let span = scenario.scenario.model.span();
            let d = Diagnostic { file: Some(scenario_file), span: Some(span), label: "named here".into(), ..d };
            return Err(fail(sources, d));
        }
    };
    match parse(&sources, model_file) {
        Ok(model) => Ok(Loaded { sources, scenario_file, scenario, model_file, model }),
        Err(d) => Err(fail(sources, d)),
    }
}

/// The path of a model named in a scenario: relative to the scenario's folder.
pub fn resolve(scenario: &Path, model: &str) -> PathBuf {
    scenario.parent().unwrap_or(Path::new("")).join(model)
}

/// Reads a UTF-8 text file of bounded size into `sources`.
pub fn read(path: &Path, sources: &mut Sources) -> Result<FileId, Diagnostic> {
    let shown = crate::diagnostic::display_path(path);
    let problem = |what: String, help: &str| Diagnostic::general(what).help(help).not_found();
    let metadata = std::fs::metadata(path).map_err(|e| {
        problem(
            format!("cannot read `{shown}`: {}", io_reason(&e)),
            "check the path; a model path is relative to the scenario file",
        )
    })?;
    if metadata.is_dir() {
        return Err(problem(format!("`{shown}` is a directory, not a file"), "name a .toml file inside it"));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::general(format!(
            "`{shown}` is {} bytes; input files may be at most {MAX_FILE_BYTES} bytes",
            metadata.len()
        ))
        .help("a model or scenario is a small text file; check that the right file is named"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| problem(format!("cannot read `{shown}`: {}", io_reason(&e)), "check the file's permissions"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::general(format!(
            "`{shown}` is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
        .help("save the file as UTF-8")
    })?;
    Ok(sources.add(path.to_path_buf(), text))
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
    toml::from_str(&sources.get(file).text).map_err(|e| toml_error::diagnose(&e, file))
}

/// Parses a scenario and a model given as texts (for fuzzing and for programs that keep their
/// inputs in memory); the scenario's `model` key is not followed.
pub fn load_texts(scenario: (PathBuf, String), model: (PathBuf, String)) -> Result<Loaded, (Sources, Vec<Diagnostic>)> {
    let mut sources = Sources::default();
    let scenario_file = sources.add(scenario.0, scenario.1);
    let model_file = sources.add(model.0, model.1);
    let parsed = parse(&sources, scenario_file).and_then(|s| Ok((s, parse(&sources, model_file)?)));
    match parsed {
        Ok((scenario, model)) => Ok(Loaded { sources, scenario_file, scenario, model_file, model }),
        Err(d) => Err((sources, vec![d])),
    }
}
