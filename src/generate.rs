//! Shell completions and the man page, generated from the command-line definition
//! ([`crate::cli::Cli`]) with `clap_complete` and `clap_mangen`.
//!
//! Both are rendered into memory first and then written whole, so that a closed or full output
//! is an [`std::io::Error`] for the caller to report, never a panic inside the generator.

use clap_complete::Shell;
use std::io::Write;

/// Writes the completion script of `command` for `shell` to `out`.
///
/// The script completes the command's own name (`sekalk`): install it where the shell looks,
/// e.g. `sekalk completions bash > ~/.local/share/bash-completion/completions/sekalk`.
pub fn completions(command: &mut clap::Command, shell: Shell, out: &mut dyn Write) -> std::io::Result<()> {
    let name = command.get_bin_name().unwrap_or(command.get_name()).to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, command, name, &mut script);
    out.write_all(&script)?;
    out.flush()
}

/// Writes the man page of `command` (roff, section 1) to `out`: `sekalk man > sekalk.1`, then
/// `man ./sekalk.1`.
pub fn man_page(command: clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    out.write_all(&page)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// A writer whose reader has gone away, as standard output in `sekalk man | true`.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn completions_of_every_shell_name_the_commands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Elvish, Shell::PowerShell] {
            let mut script = Vec::new();
            completions(&mut crate::cli::Cli::command(), shell, &mut script).expect("written");
            let script = String::from_utf8(script).expect("UTF-8");
            for word in ["sekalk", "run", "check", "calibrate", "lang"] {
                assert!(script.contains(word), "{shell}: `{word}` missing");
            }
        }
    }

    #[test]
    fn man_page_is_roff_with_the_commands() {
        let mut page = Vec::new();
        man_page(crate::cli::Cli::command(), &mut page).expect("written");
        let page = String::from_utf8(page).expect("UTF-8");
        assert!(page.starts_with(".ie"), "{}", &page[..page.len().min(200)]);
        assert!(page.contains(".TH sekalk 1"), "title header");
        for word in ["run", "check", "calibrate", "Exit codes"] {
            assert!(page.contains(word), "`{word}` missing");
        }
    }

    #[test]
    fn a_closed_output_is_an_error_not_a_panic() {
        let error = completions(&mut crate::cli::Cli::command(), Shell::Bash, &mut Closed).expect_err("fails");
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe);
        let error = man_page(crate::cli::Cli::command(), &mut Closed).expect_err("fails");
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe);
    }
}
