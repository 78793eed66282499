//! The `sekalk` binary: parses the command line, runs it, maps errors and panics to exit codes.

use clap::Parser;
use sekalk::cli::{Cli, run, usage_exit_code};
use sekalk::error::{catch_panics, conclude};
use sekalk::output::{Stream, printed};
use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(catch_panics(&mut std::io::stderr(), sekalk))
}

/// Runs the command line and returns the exit code.
fn sekalk() -> u8 {
    match Cli::try_parse() {
        Ok(cli) => {
            let (mut stdout, mut stderr) = (std::io::stdout().lock(), std::io::stderr().lock());
            let result = run(cli, &mut stdout, &mut stderr);
            conclude(result, &mut stderr)
        }
        Err(error) => {
            let stream = if error.use_stderr() { Stream::Stderr } else { Stream::Stdout };
            printed(stream, error.print(), usage_exit_code(&error))
        }
    }
}
