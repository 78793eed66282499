//! Where output goes, written so that nothing hangs and nothing is destroyed: a report to
//! standard output or to a file (see [`file`]), notes to standard error, each write error an
//! error that names its stream or file, and a reader that leaves early (`| head`) no error.

pub mod file;
pub mod interrupt;

use crate::error::{Error, exit};
use std::io::{ErrorKind, Write};
use std::path::Path;

pub use file::{same_file, write_file};

/// One of the standard streams a command writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Standard output: the report.
    Stdout,
    /// Standard error: notes and errors.
    Stderr,
}

impl Stream {
    /// The stream's name in messages: `standard output`.
    pub fn name(self) -> &'static str {
        match self {
            Stream::Stdout => "standard output",
            Stream::Stderr => "standard error",
        }
    }

    /// The error of a failed write to this stream.
    fn error(self, error: &std::io::Error) -> Error {
        let help = match self {
            Stream::Stdout => {
                "check where standard output goes (a full disk, a device that refuses writes); \
                               `sekalk run` can also write its report to a file with `--output FILE`"
            }
            Stream::Stderr => "check where standard error goes (a full disk, a device that refuses writes)",
        };
        Error::Output { target: self.name().into(), reason: error.to_string(), help: help.into() }
    }
}

/// Writes a report where `--output` says: to `stdout` when there is none or it is `-`, else to
/// the file, atomically and never over one of `inputs`, the files the run read (see
/// [`write_file`]).
pub fn write_report(
    output: Option<&Path>,
    bytes: &[u8],
    inputs: &[&Path],
    stdout: &mut dyn Write,
) -> Result<(), Error> {
    match output {
        Some(path) if path != Path::new("-") => write_file(path, bytes, inputs),
        _ if stdout_was_closed() => Err(Error::Output {
            target: Stream::Stdout.name().into(),
            reason: "it is closed, so the report would be lost".into(),
            help: "give the report somewhere to go: `> rapport.txt`, `--output FILE`, or `> /dev/null` to discard it"
                .into(),
        }),
        _ => write_stream(stdout, Stream::Stdout, bytes),
    }
}

/// Whether standard output was closed when sekalk started (`sekalk run s.toml >&-`).
///
/// Writes to a closed descriptor cannot fail visibly: before `main`, the Rust runtime reopens a
/// closed standard stream on `/dev/null` for reading and writing. A shell's `> /dev/null` opens
/// it for writing only, so `/dev/null` open for both is taken as closed; a parent process that
/// hands over `/dev/null` that way discards the report just the same, and is told so.
fn stdout_was_closed() -> bool {
    let on_null = std::fs::read_link("/proc/self/fd/1").is_ok_and(|target| target == Path::new("/dev/null"));
    let read_write = || {
        let info = std::fs::read_to_string("/proc/self/fdinfo/1").unwrap_or_default();
        let flags = info.lines().find_map(|line| line.strip_prefix("flags:"));
        flags.and_then(|f| u32::from_str_radix(f.trim(), 8).ok()).is_some_and(|f| f & 0o3 == 0o2)
    };
    on_null && read_write()
}

/// Writes to a standard stream and flushes it. A closed pipe (`sekalk run … | head -1`) is not
/// an error: the reader has all it wanted.
pub fn write_stream(out: &mut dyn Write, stream: Stream, bytes: &[u8]) -> Result<(), Error> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => Err(stream.error(&error)),
        _ => Ok(()),
    }
}

/// The exit code once something (clap's help, version or usage error) was printed to `stream`
/// with `outcome` the result of printing: `code` when it was written or the reader left early,
/// [`exit::CANNOT_WRITE`] with a message on standard error when it could not be written.
pub fn printed(stream: Stream, outcome: std::io::Result<()>, code: u8) -> u8 {
    let flushed = match stream {
        Stream::Stdout => std::io::stdout().flush(),
        Stream::Stderr => std::io::stderr().flush(),
    };
    match outcome.and(flushed) {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => {
            // If standard error is what failed, the exit code is all that can tell.
            let _ = writeln!(std::io::stderr(), "{}", stream.error(&error).render());
            exit::CANNOT_WRITE
        }
        _ => code,
    }
}
