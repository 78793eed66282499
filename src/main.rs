//! The `sekalk` binary: parses the command line, runs it, maps errors to exit codes.

use clap::Parser;
use sekalk::cli::{Cli, run, usage_exit_code};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(usage_exit_code(&error));
        }
    };
    let (mut stdout, mut stderr) = (std::io::stdout().lock(), std::io::stderr().lock());
    match run(cli, &mut stdout, &mut stderr) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(stderr, "{}", error.render());
            ExitCode::from(error.exit_code())
        }
    }
}
