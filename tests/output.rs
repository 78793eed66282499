//! Nothing hangs, nothing is destroyed: every way sekalk writes output, and the exit codes of
//! every stream. Each test runs in a temporary copy of a scenario and its model.

use assert_cmd::Command;
use assert_cmd::assert::OutputAssertExt;
use predicates::prelude::*;
use sekalk::cli::{Cli, run};
use sekalk::error::catch_panics;
use sekalk::output::interrupt::{Pending, remove_pending};
use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

const SCENARIO: &str = "scenarios/typisk_insats.toml";
const MODEL: &str = "models/sverige.toml";

/// A temporary folder holding `scenarios/typisk_insats.toml` and the model it names,
/// `models/sverige.toml`, where sekalk runs.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().expect("temporary folder");
        for file in [SCENARIO, MODEL] {
            let to = dir.path().join(file);
            fs::create_dir_all(to.parent().expect("a folder")).expect("folder");
            fs::copy(file, to).expect("copy");
        }
        Project { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// `sekalk ARGS…` in the project's folder.
    fn sekalk(&self, args: &[&str]) -> Command {
        let mut command = Command::cargo_bin("sekalk").expect("the binary is built");
        command.current_dir(self.dir.path()).args(args).timeout(Duration::from_secs(60));
        command
    }

    /// `sekalk ARGS…` in the project's folder, for a test that sets the streams.
    fn process(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("sekalk"));
        command.current_dir(self.dir.path()).args(args);
        command
    }

    /// `sekalk run scenarios/typisk_insats.toml --output OUTPUT`.
    fn run_to(&self, output: &str) -> Command {
        self.sekalk(&["run", SCENARIO, "--output", output])
    }

    /// The report as printed to standard output.
    fn report(&self) -> Vec<u8> {
        let output = self.sekalk(&["run", SCENARIO]).output().expect("runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        output.stdout
    }

    /// The names in a folder of the project, sorted.
    fn listing(&self, folder: &str) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.path(folder))
            .expect("folder")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(made.success());
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("metadata").mode() & 0o7777
}

// ---- --output never destroys an input ----

#[test]
fn output_over_the_scenario_is_refused_and_leaves_it_byte_identical() {
    let project = Project::new();
    let before = fs::read(project.path(SCENARIO)).expect("read");
    project
        .run_to(SCENARIO)
        .assert()
        .code(4)
        .stdout("")
        .stderr(predicate::str::contains("cannot write `scenarios/typisk_insats.toml`: it is an input of this run"))
        .stderr(predicate::str::contains("help: name another output file"));
    assert_eq!(fs::read(project.path(SCENARIO)).expect("read"), before);
    assert_eq!(project.listing("scenarios"), ["typisk_insats.toml"], "no temporary file is left");
}

#[test]
fn output_over_the_model_of_the_scenario_is_refused_and_leaves_it_byte_identical() {
    let project = Project::new();
    let before = fs::read(project.path(MODEL)).expect("read");
    project
        .run_to(MODEL)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot write `models/sverige.toml`: it is an input of this run"));
    assert_eq!(fs::read(project.path(MODEL)).expect("read"), before);
    assert_eq!(project.listing("models"), ["sverige.toml"]);
}

#[test]
fn output_over_an_input_reached_by_another_path_is_refused() {
    let project = Project::new();
    let before = fs::read(project.path(MODEL)).expect("read");
    std::os::unix::fs::symlink("models/sverige.toml", project.path("link.toml")).expect("symlink");
    fs::hard_link(project.path(MODEL), project.path("hard.toml")).expect("hard link");
    for other in ["link.toml", "scenarios/../models/sverige.toml", "./models//sverige.toml", "hard.toml"] {
        project
            .run_to(other)
            .assert()
            .code(4)
            .stderr(predicate::str::contains("it is the same file as `models/sverige.toml`, an input of this run"));
    }
    let absolute = project.path(MODEL);
    project.run_to(&absolute.to_string_lossy()).assert().code(4);
    assert_eq!(fs::read(project.path(MODEL)).expect("read"), before);
    assert!(fs::symlink_metadata(project.path("link.toml")).expect("link").file_type().is_symlink());
    assert_eq!(fs::metadata(project.path(MODEL)).expect("model").nlink(), 2, "the hard link is not split");
}

// ---- devices, pipes, sockets, links ----

#[test]
fn output_to_dev_null_writes_through_and_leaves_the_device() {
    let before = fs::metadata("/dev/null").expect("/dev/null");
    assert!(before.file_type().is_char_device());
    Project::new().run_to("/dev/null").assert().success().stdout("").stderr("");
    let after = fs::metadata("/dev/null").expect("/dev/null");
    assert!(after.file_type().is_char_device(), "/dev/null is still a character device");
    assert_eq!((after.rdev(), after.ino()), (before.rdev(), before.ino()));
}

#[test]
fn output_to_a_full_device_exits_4_and_leaves_the_device() {
    Project::new()
        .run_to("/dev/full")
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot write `/dev/full`: the device refused it: No space left on device"));
    assert!(fs::metadata("/dev/full").expect("/dev/full").file_type().is_char_device());
}

#[test]
fn output_to_a_named_pipe_is_refused_without_waiting_for_a_reader() {
    let project = Project::new();
    mkfifo(&project.path("pipe"));
    project
        .run_to("pipe")
        .timeout(Duration::from_secs(20))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot write `pipe`: it is a named pipe (FIFO)"))
        .stderr(predicate::str::contains("`--output - > pipe`"));
    assert!(fs::symlink_metadata(project.path("pipe")).expect("pipe").file_type().is_fifo());
}

#[test]
fn output_to_a_socket_is_refused() {
    let project = Project::new();
    let _listener = std::os::unix::net::UnixListener::bind(project.path("socket")).expect("socket");
    project.run_to("socket").assert().code(4).stderr(predicate::str::contains("it is a socket"));
    assert!(fs::symlink_metadata(project.path("socket")).expect("socket").file_type().is_socket());
}

#[test]
fn output_through_a_symbolic_link_writes_the_file_it_points_to_and_keeps_the_link() {
    let project = Project::new();
    fs::create_dir(project.path("reports")).expect("folder");
    fs::write(project.path("reports/rapport.txt"), "earlier").expect("write");
    std::os::unix::fs::symlink("reports/rapport.txt", project.path("latest.txt")).expect("symlink");
    project.run_to("latest.txt").assert().success();
    assert!(fs::symlink_metadata(project.path("latest.txt")).expect("link").file_type().is_symlink());
    assert_eq!(fs::read(project.path("reports/rapport.txt")).expect("read"), project.report());
    assert_eq!(project.listing("reports"), ["rapport.txt"], "the temporary file went beside the real file");
}

#[test]
fn output_to_a_dangling_symbolic_link_is_refused() {
    let project = Project::new();
    std::os::unix::fs::symlink("nowhere/rapport.txt", project.path("dangling.txt")).expect("symlink");
    project.run_to("dangling.txt").assert().code(4).stderr(predicate::str::contains(
        "cannot write `dangling.txt`: it is a symbolic link to `nowhere/rapport.txt`, which does not exist",
    ));
    assert!(fs::symlink_metadata(project.path("dangling.txt")).expect("link").file_type().is_symlink());
}

#[test]
fn output_to_a_file_with_another_hard_link_is_refused_and_the_link_stays_whole() {
    let project = Project::new();
    fs::write(project.path("a.txt"), "earlier").expect("write");
    fs::hard_link(project.path("a.txt"), project.path("b.txt")).expect("hard link");
    project
        .run_to("a.txt")
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot write `a.txt`: it has 2 hard links"))
        .stderr(predicate::str::contains("`--output - > a.txt`"));
    assert_eq!(fs::read_to_string(project.path("a.txt")).expect("read"), "earlier");
    assert_eq!(fs::metadata(project.path("b.txt")).expect("b").nlink(), 2);
}

#[test]
fn output_to_a_directory_is_a_clear_error() {
    let project = Project::new();
    fs::create_dir(project.path("reports")).expect("folder");
    project
        .run_to("reports")
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot write `reports`: it is a directory"))
        .stderr(predicate::str::contains("`reports/rapport.txt`"));
    assert!(project.listing("reports").is_empty());
}

#[test]
fn output_into_a_missing_directory_is_a_clear_error() {
    Project::new()
        .run_to("finns/inte/rapport.txt")
        .assert()
        .code(4)
        .stderr(predicate::str::contains("the directory `finns/inte` does not exist"))
        .stderr(predicate::str::contains("mkdir -p finns/inte"));
}

#[test]
fn output_dash_writes_to_standard_output() {
    let project = Project::new();
    let report = project.report();
    project.run_to("-").assert().success().stdout(report);
    assert!(!project.path("-").exists());
}

// ---- permissions and atomic writes ----

#[test]
fn an_existing_output_keeps_its_permission_bits() {
    let project = Project::new();
    for bits in [0o640, 0o664, 0o600] {
        fs::write(project.path("rapport.txt"), "earlier").expect("write");
        fs::set_permissions(project.path("rapport.txt"), fs::Permissions::from_mode(bits)).expect("chmod");
        project.run_to("rapport.txt").assert().success();
        assert_eq!(mode(&project.path("rapport.txt")), bits, "mode {bits:o} is kept");
        assert_eq!(fs::read(project.path("rapport.txt")).expect("read"), project.report());
    }
}

#[test]
fn a_new_output_gets_mode_0666_less_the_umask() {
    let project = Project::new();
    let sekalk = assert_cmd::cargo::cargo_bin("sekalk");
    for (umask, expected) in [("022", 0o644), ("027", 0o640), ("002", 0o664)] {
        let file = format!("rapport-{umask}.txt");
        let status = std::process::Command::new("sh")
            .current_dir(project.dir.path())
            .args(["-c", &format!("umask {umask} && exec \"$0\" run {SCENARIO} --output {file}")])
            .arg(&sekalk)
            .status()
            .expect("runs");
        assert!(status.success());
        assert_eq!(mode(&project.path(&file)), expected, "umask {umask}");
    }
}

#[test]
fn temporary_files_are_removed_when_dropped_when_their_rename_fails_and_by_the_interrupt_cleanup() {
    // One test, so that no other test's temporary file is in the process-wide list.
    let dir = tempfile::tempdir().expect("temporary folder");
    let count = || fs::read_dir(dir.path()).expect("folder").count();
    let pending = Pending::create(dir.path(), 0o666).expect("created");
    assert!(pending.path().exists());
    drop(pending);
    assert_eq!(count(), 0, "removed when dropped");

    fs::create_dir(dir.path().join("in-the-way")).expect("folder");
    let pending = Pending::create(dir.path(), 0o666).expect("created");
    assert!(pending.persist(&dir.path().join("in-the-way")).is_err(), "a file cannot be renamed over a folder");
    assert_eq!(count(), 1, "removed when the rename failed; only the folder is left");

    let (first, second) = (Pending::create(dir.path(), 0o666), Pending::create(dir.path(), 0o666));
    let (first, second) = (first.expect("created"), second.expect("created"));
    (&mut first.file()).write_all(b"part of a report").expect("write");
    assert_eq!(count(), 3);
    assert_eq!(remove_pending(), 2, "both were registered, and only they");
    assert_eq!(count(), 1, "no temporary file is left");
    drop((first, second));
    assert_eq!(remove_pending(), 0, "dropping removed them from the list");
}

/// What a child process does in the tests that need one (an interrupt, a panic): the test
/// binary runs itself with this test's name and a role in [`ROLE`]. Without it, nothing.
const ROLE: &str = "SEKALK_OUTPUT_TEST_ROLE";

#[test]
fn child_process() {
    let Ok(role) = std::env::var(ROLE) else { return };
    let code = match role.split_once(':') {
        Some(("signal", rest)) => {
            let (signal, dir) = rest.split_once(':').expect("signal:NAME:DIR");
            interrupt_while_writing(signal, Path::new(dir))
        }
        _ => i32::from(catch_panics(&mut io::stderr(), || panic!("a deliberate panic"))),
    };
    std::process::exit(code);
}

/// Starts writing a temporary file in `dir`, then sends the process `signal`; the signal
/// handler should end the process, so the return is never reached.
fn interrupt_while_writing(signal: &str, dir: &Path) -> i32 {
    let pending = Pending::create(dir, 0o666).expect("created");
    (&mut pending.file()).write_all(b"part of a report").expect("write");
    let sent = std::process::Command::new("kill").args(["-s", signal, &std::process::id().to_string()]).status();
    assert!(sent.expect("kill runs").success());
    std::thread::sleep(Duration::from_secs(20));
    drop(pending);
    99
}

fn run_child(role: &str) -> std::process::Output {
    std::process::Command::new(std::env::current_exe().expect("the test binary"))
        .args(["child_process", "--exact", "--nocapture", "--test-threads=1"])
        .env(ROLE, role)
        .output()
        .expect("the child runs")
}

#[test]
fn an_interrupt_while_writing_removes_the_temporary_file_and_exits_with_128_plus_the_signal() {
    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        let dir = tempfile::tempdir().expect("temporary folder");
        let output = run_child(&format!("signal:{signal}:{}", dir.path().display()));
        assert_eq!(output.status.code(), Some(code), "SIG{signal}: {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(fs::read_dir(dir.path()).expect("folder").count(), 0, "SIG{signal} left a temporary file");
    }
}

#[test]
fn sigterm_during_runs_leaves_the_old_report_or_the_new_one_and_no_temporary_file() {
    // Best effort: SIGTERM at 40 moments spread over one run's duration and a little beyond;
    // some land while the report is being written (those runs exit 143).
    let project = Project::new();
    fs::create_dir(project.path("out")).expect("folder");
    let started = std::time::Instant::now();
    let report = project.report();
    let duration = started.elapsed();
    for step in 0..40 {
        fs::write(project.path("out/rapport.txt"), "earlier").expect("write");
        let child = project
            .process(&["run", SCENARIO, "--output", "out/rapport.txt"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts");
        std::thread::sleep(duration * step / 30);
        let _ = std::process::Command::new("kill").args(["-s", "TERM", &child.id().to_string()]).status();
        let status = child.wait_with_output().expect("ends").status;
        let ended = status.success() || status.code() == Some(143) || status.signal() == Some(15);
        assert!(ended, "step {step}: {status:?}");
        assert_eq!(project.listing("out"), ["rapport.txt"], "step {step}: no temporary file is left");
        let written = fs::read(project.path("out/rapport.txt")).expect("read");
        assert!(written == b"earlier" || written == report, "step {step}: a whole report or the earlier one");
    }
}

// ---- exit codes of the streams ----

fn full() -> Stdio {
    Stdio::from(File::options().write(true).open("/dev/full").expect("/dev/full"))
}

#[test]
fn a_full_standard_output_exits_4_with_a_message_on_standard_error() {
    Project::new()
        .process(&["run", SCENARIO])
        .stdout(full())
        .assert()
        .code(4)
        .stderr(predicate::str::contains("error: cannot write standard output: No space left on device"));
}

#[test]
fn help_and_version_that_cannot_be_written_exit_4() {
    for flag in ["--help", "--version", "-h", "-V"] {
        Project::new()
            .process(&[flag])
            .stdout(full())
            .assert()
            .code(4)
            .stderr(predicate::str::contains("cannot write standard output"));
    }
    Project::new().process(&["run", "--help"]).stdout(full()).assert().code(4);
}

#[test]
fn help_and_a_report_into_a_pipe_closed_early_are_success() {
    for args in [vec!["--help"], vec!["run", SCENARIO], vec!["run", SCENARIO, "--output", "-"]] {
        let project = Project::new();
        let mut child = project.process(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("starts");
        drop(child.stdout.take()); // the reader leaves before sekalk writes: EPIPE
        let output = child.wait_with_output().expect("ends");
        assert!(output.status.success(), "{args:?}: {:?}", output.status);
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
    }
}

#[test]
fn a_failed_write_to_standard_error_is_an_error_that_names_standard_error() {
    struct Full;
    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("no space left"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let cli = <Cli as clap::Parser>::try_parse_from(["sekalk", "check", SCENARIO]).expect("parses");
    let error = run(cli, &mut Vec::new(), &mut Full).expect_err("standard error is full");
    assert_eq!(error.exit_code(), 4);
    let message = error.render();
    assert!(message.contains("cannot write standard error: no space left"), "{message}");
    assert!(!message.contains("standard output"), "{message}");
    Project::new().process(&["check", SCENARIO]).stderr(full()).assert().code(4);
}

#[test]
fn a_panic_exits_70_with_a_short_message_and_no_rust_panic_report() {
    let mut stderr = Vec::new();
    let code = catch_panics(&mut stderr, || panic!("index out of bounds"));
    assert_eq!(code, 70);
    let message = String::from_utf8(stderr).expect("UTF-8");
    assert!(message.starts_with("error: internal error: index out of bounds at tests/output.rs:"), "{message}");
    assert!(message.contains("help: this is a bug in sekalk; please report it with the input files"));
    assert_eq!(catch_panics(&mut Vec::new(), || 3), 3, "an exit code passes through");

    let output = run_child("panic");
    assert_eq!(output.status.code(), Some(70));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error: internal error: a deliberate panic at tests/output.rs:"), "{stderr}");
    assert!(!stderr.contains("panicked at") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

/// `sekalk COMMAND` run by a shell (so COMMAND may redirect), from the crate root.
fn through_shell(command: &str) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("sekalk");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("\"$0\" {command}"))
        .arg(binary)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("sh runs")
}

#[test]
fn a_report_to_a_closed_standard_output_exits_4_with_a_message() {
    let output = through_shell(&format!("run {SCENARIO} >&-"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("cannot write standard output: it is closed"), "{stderr}");
    let discarded = through_shell(&format!("run {SCENARIO} > /dev/null"));
    assert_eq!(discarded.status.code(), Some(0), "a report sent to /dev/null on purpose is a success");
}

#[test]
fn draws_and_report_to_the_same_file_are_refused_before_either_is_written() {
    let project = Project::new();
    // The typical scenario has nothing uncertain; the check comes before the files are read.
    for (draws, report) in [("x.json", "x.json"), ("x.csv", "./x.csv")] {
        project
            .sekalk(&["psa", SCENARIO, "--draws", "10", "--export-draws", draws, "--output", report])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--export-draws and --output both name"));
        assert!(!project.path(draws).exists(), "nothing written to {draws}");
    }
}
