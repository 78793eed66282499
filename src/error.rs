//! The error a command ends with, the exit code it maps to, and the exit code of a panic.

use crate::diagnostic::{Diagnostic, Severity, Sources};
use crate::escape;
use std::cell::{Cell, RefCell};
use std::io::Write;
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

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
        /// What could not be written: a file (`` `rapport.txt` ``) or a stream (`standard output`).
        target: String,
        /// Why: the rule it breaks or the system's error.
        reason: String,
        /// What to do about it.
        help: String,
    },
    /// A combination of flags that cannot work, said with the flag to change.
    Usage(String),
    /// Failures already reported on standard error as they happened (by `check` of several
    /// files); only the exit code is left.
    Reported(u8),
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
            Error::Usage(_) => exit::USAGE,
            Error::Reported(code) => *code,
            Error::Internal(_) => exit::INTERNAL,
        }
    }

    /// The full report shown on standard error.
    pub fn render(&self) -> String {
        match self {
            Error::Input { sources, diagnostics } => crate::diagnostic::render_all(diagnostics, sources),
            Error::Output { target, reason, help } => {
                let (target, reason, help) = (escape::inline(target), escape::inline(reason), escape::inline(help));
                format!("error: cannot write {target}: {reason}\nhelp: {help}")
            }
            Error::Usage(message) => format!("error: {}", escape::inline(message)),
            Error::Reported(_) => String::new(),
            Error::Internal(message) => format!(
                "error: internal error: {}\nhelp: this is a bug in sekalk; please report it with the input files",
                escape::inline(message)
            ),
        }
    }
}

/// The exit code of a finished command; an error is first reported on `stderr`.
pub fn conclude(result: Result<(), Error>, stderr: &mut dyn Write) -> u8 {
    match result {
        Ok(()) => exit::SUCCESS,
        Err(Error::Reported(code)) => code,
        Err(error) => {
            // If standard error cannot be written either, the exit code alone tells.
            let _ = writeln!(stderr, "{}", error.render());
            error.exit_code()
        }
    }
}

thread_local! {
    /// Whether this thread runs under [`catch_panics`], whose hook keeps the message here.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static PANIC_MESSAGE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `body` and returns its exit code; a panic becomes [`exit::INTERNAL`] with a short
/// message on `stderr` (what panicked and where, and that it is a bug to report), never
/// Rust's exit code 101 and backtrace hint. Panics on threads not running under it are
/// reported by the hook that was installed before.
pub fn catch_panics(stderr: &mut dyn Write, body: impl FnOnce() -> u8) -> u8 {
    install_panic_hook();
    let was_guarded = GUARDED.replace(true);
    // Nothing `body` touched is used after a panic: its exit code is all that is kept.
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(body));
    GUARDED.set(was_guarded);
    match outcome {
        Ok(code) => code,
        Err(_) => {
            let message = PANIC_MESSAGE.take().unwrap_or_else(|| "a panic without a message".into());
            // As in `conclude`: if standard error cannot be written, the exit code alone tells.
            let _ = writeln!(stderr, "{}", Error::Internal(message).render());
            exit::INTERNAL
        }
    }
}

/// Installs, once, a panic hook that keeps the message of a guarded thread for
/// [`catch_panics`] and hands any other panic to the hook installed before.
fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.get() {
                PANIC_MESSAGE.set(Some(describe(info)));
            } else {
                previous(info);
            }
        }));
    });
}

/// What panicked and where: `index out of bounds … at src/project/chain.rs:40:9`.
fn describe(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let text = payload.downcast_ref::<&str>().copied().or_else(|| payload.downcast_ref::<String>().map(String::as_str));
    let message = text.unwrap_or("a panic without a message");
    match info.location() {
        Some(location) => format!("{message} at {location}"),
        None => message.to_string(),
    }
}
