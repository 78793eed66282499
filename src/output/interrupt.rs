//! Temporary files that an interrupted process removes before it exits.
//!
//! A report is written to a temporary file beside its target and renamed into place. Every
//! such file is registered while it exists; SIGINT, SIGTERM or SIGHUP then removes each one and
//! exits with 128 + the signal's number (130, 143, 129), as a shell reports a process the signal
//! ended. The signals are watched from the first temporary file on: before that, there is
//! nothing to remove and a signal ends the process as it always does.

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::fs::{File, Permissions};
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

/// The temporary files that exist now.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary file, removed when dropped or when the process is interrupted, until it is
/// renamed into place by [`Pending::persist`].
#[derive(Debug)]
pub struct Pending {
    /// The file; removed when dropped (declared first: removed before it is unregistered).
    file: tempfile::NamedTempFile,
    /// Its entry in [`PENDING`].
    registration: Registration,
}

impl Pending {
    /// Creates an empty temporary file in `directory` (named `.tmp-sekalk-…`), opened with
    /// `mode` less the process's umask, and registers it for removal on an interrupt.
    pub fn create(directory: &Path, mode: u32) -> io::Result<Pending> {
        watch_signals()?;
        // Created and registered under the lock, so a signal cannot fall in between.
        let mut pending = lock();
        let file = tempfile::Builder::new()
            .prefix(".tmp-sekalk-")
            .permissions(Permissions::from_mode(mode))
            .tempfile_in(directory)?;
        pending.push(file.path().to_path_buf());
        Ok(Pending { registration: Registration(file.path().to_path_buf()), file })
    }

    /// The open file, for writing and for setting its permissions.
    pub fn file(&self) -> &File {
        self.file.as_file()
    }

    /// The temporary file's path.
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Renames the file to `target`, replacing what is there; on failure the file is removed.
    pub fn persist(self, target: &Path) -> io::Result<()> {
        let Pending { file, registration } = self;
        let persisted = file.persist(target).map(drop).map_err(|e| e.error);
        drop(registration);
        persisted
    }
}

/// A path in [`PENDING`], taken out when dropped.
#[derive(Debug)]
struct Registration(PathBuf);

impl Drop for Registration {
    fn drop(&mut self) {
        lock().retain(|path| path != &self.0);
    }
}

/// Removes every registered temporary file now and returns how many were removed: what an
/// interrupt does before the process exits.
pub fn remove_pending() -> usize {
    remove(&mut lock())
}

fn remove(pending: &mut Vec<PathBuf>) -> usize {
    pending.drain(..).filter(|path| std::fs::remove_file(path).is_ok()).count()
}

/// The list of temporary files; a panic while it was held leaves it usable.
fn lock() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Starts, once, a thread that waits for SIGINT, SIGTERM and SIGHUP and then ends the process
/// through [`on_signal`].
fn watch_signals() -> io::Result<()> {
    static WATCHING: OnceLock<Result<(), String>> = OnceLock::new();
    let watching = WATCHING.get_or_init(|| {
        let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP]).map_err(|e| e.to_string())?;
        let watch = move || {
            if let Some(signal) = signals.forever().next() {
                on_signal(signal)
            }
        };
        std::thread::Builder::new().name("signals".into()).spawn(watch).map(drop).map_err(|e| e.to_string())
    });
    watching.clone().map_err(|reason| io::Error::other(format!("cannot watch for interrupts: {reason}")))
}

/// Removes the temporary files and exits with 128 + `signal`; the list stays locked until the
/// process is gone, so no new temporary file can appear.
fn on_signal(signal: i32) -> ! {
    let mut pending = lock();
    remove(&mut pending);
    std::process::exit(128 + signal)
}
