//! The error a command ends with, and the exit code it maps to.

use crate::diagnostic::{Diagnostic, Severity, Sources};
use std::path::PathBuf;

/// Exit codes: documented in `--help` and the README, and stable.
pub mod exit {
    /// The command succeeded.
    pub const SUCCESS: u8 = 0;
    /// The input breaks a rule (a scenario or model file is invalid).
    pub const INVALID_INPUT: u8 = 1;
    /// The command line is wrong (unknown flag, missing argument).
    pub const USAGE: u8 = 2;
    /// An input file does not exist or cannot be read.
    pub const NOT_FOUND: u8 = 3;
    /// An output file cannot be written.
    pub const CANNOT_WRITE: u8 = 4;
    /// A bug in sekalk.
    pub const INTERNAL: u8 = 70;
}

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// Problems in the input files, all of them, with the files for rendering.
    Input {
        /// The files read, for showing the offending lines.
        sources: Sources,
        /// Every problem found.
        diagnostics: Vec<Diagnostic>,
    },
    /// An output could not be written.
    Output {
        /// The file that could not be written.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Something that should not happen.
    Internal(String),
}

impl Error {
    /// The exit code of this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input { diagnostics, .. } => {
                if diagnostics.iter().any(|d| d.severity == Severity::NotFound) {
                    exit::NOT_FOUND
                } else {
                    exit::INVALID_INPUT
                }
            }
            Error::Output { .. } => exit::CANNOT_WRITE,
            Error::Internal(_) => exit::INTERNAL,
        }
    }

    /// The full report shown on standard error.
    pub fn render(&self) -> String {
        match self {
            Error::Input { sources, diagnostics } => crate::diagnostic::render_all(diagnostics, sources),
            Error::Output { path, reason } => format!(
                "error: cannot write {}: {reason}\nhelp: check that the directory exists and is writable",
                crate::diagnostic::display_path(path)
            ),
            Error::Internal(message) => format!(
                "error: internal error: {message}\nhelp: this is a bug in sekalk; please report it with the input files"
            ),
        }
    }
}
