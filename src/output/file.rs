//! Writing a report to a file without destroying anything.
//!
//! | `--output` names | what happens |
//! |---|---|
//! | nothing yet | a new file, mode 0666 less the umask (0644 under umask 022), written atomically |
//! | a regular file | replaced atomically, keeping its permission bits (and its owner, where allowed) |
//! | a symbolic link | followed: the file it points to is written as above; the link stays a link |
//! | a character or block device (`/dev/null`, a terminal) | opened and written through |
//! | an input of the run, by any path (a link, `dir/../file`) | refused |
//! | a file with more than one hard link | refused: a rename would split the link |
//! | a directory, a named pipe (FIFO), a socket, a dangling link | refused |
//!
//! Atomically means: a temporary file in the same directory, written, synced and renamed over
//! the target, so the target holds the old report or the new one, never a part. The temporary
//! file is removed on any error and on an interrupt (see [`super::interrupt`]).

use super::interrupt::Pending;
use crate::diagnostic::display_path;
use crate::error::Error;
use std::fs::{self, File, FileType, Metadata, OpenOptions, Permissions};
use std::io::{self, ErrorKind, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The mode of a new file before the umask: read and write for everyone, as a shell's `>` gives.
pub const NEW_FILE_MODE: u32 = 0o666;

/// Writes `bytes` to the file `path` names, as the module's table says. `inputs` are the files
/// the run read; none of them is ever written, whichever path reaches it.
pub fn write_file(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), Error> {
    let output = Output(path);
    let target = resolve(&output)?;
    match &target.metadata {
        None => replace(&target.path, bytes, None, &output),
        Some(metadata) => {
            refuse_inputs(metadata, inputs, &output)?;
            write_existing(&target.path, metadata, bytes, &output)
        }
    }
}

/// The output path as given, for messages.
struct Output<'a>(&'a Path);

impl Output<'_> {
    /// The path as shown in messages: relative to the working directory.
    fn shown(&self) -> String {
        display_path(self.0)
    }

    /// A file name to suggest in its place: `rapport` with the output's extension (`.txt`
    /// when it has none), so the suggestion is one the command accepts (`--export-draws`
    /// writes only `.csv` and `.json`).
    fn example(&self) -> String {
        let extension = self.0.extension().and_then(|e| e.to_str()).unwrap_or("txt");
        format!("rapport.{extension}")
    }

    /// The error that this output cannot be written: why, and what to do.
    fn error(&self, reason: impl Into<String>, help: impl Into<String>) -> Error {
        Error::Output { target: format!("`{}`", self.shown()), reason: reason.into(), help: help.into() }
    }
}

/// The file an output path names: the path itself, or the file a symbolic link points to.
struct Target {
    /// Where the report goes.
    path: PathBuf,
    /// The file's metadata; `None` when there is no file yet.
    metadata: Option<Metadata>,
}

/// Finds the file `output` names, following a symbolic link; a path to nothing yet must lie in
/// an existing directory.
fn resolve(output: &Output<'_>) -> Result<Target, Error> {
    let path = output.0;
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => follow(output),
        Ok(metadata) => Ok(Target { path: path.to_path_buf(), metadata: Some(metadata) }),
        Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
            check_directory(output)?;
            Ok(Target { path: path.to_path_buf(), metadata: None })
        }
        Err(e) => Err(output.error(format!("cannot look at it: {e}"), "check the path and its permissions")),
    }
}

/// Follows a symbolic link to the file it points to, which must exist.
fn follow(output: &Output<'_>) -> Result<Target, Error> {
    let link = output.0;
    let resolved = fs::canonicalize(link).and_then(|path| Ok(Target { metadata: Some(fs::metadata(&path)?), path }));
    resolved.map_err(|e| match (e.kind(), fs::read_link(link)) {
        (ErrorKind::NotFound, Ok(to)) => output.error(
            format!("it is a symbolic link to `{}`, which does not exist", to.display()),
            "create the file the link points to, point the link at a file, or name another output file",
        ),
        _ => {
            output.error(format!("cannot follow the symbolic link: {e}"), "check the link, or name another output file")
        }
    })
}

/// Checks that the directory a new file goes into exists.
fn check_directory(output: &Output<'_>) -> Result<(), Error> {
    let directory = directory_of(output.0);
    let shown = display_path(directory);
    match fs::metadata(directory) {
        Ok(metadata) if metadata.is_dir() => Ok(()),
        Ok(_) => Err(output.error(format!("`{shown}` is not a directory"), "name a file in an existing directory")),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(output.error(
            format!("the directory `{shown}` does not exist"),
            format!("create it first (`mkdir -p {shown}`) or name a file in an existing directory"),
        )),
        Err(e) => Err(output.error(format!("cannot look at the directory `{shown}`: {e}"), "check its permissions")),
    }
}

/// The directory a file is in: its parent, or `.` for a bare file name.
fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Whether `a` and `b` name the same file: the same device and inode when both exist (through
/// links too), else the same path once made absolute (`x.csv` and `./x.csv`).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    }
}

/// Refuses a target that is one of the run's inputs: the same device and inode, whichever
/// path (a link, `dir/../file`, a hard link) reaches it.
fn refuse_inputs(target: &Metadata, inputs: &[&Path], output: &Output<'_>) -> Result<(), Error> {
    let same = |input: &&&Path| fs::metadata(input).is_ok_and(|m| (m.dev(), m.ino()) == (target.dev(), target.ino()));
    let Some(input) = inputs.iter().find(same) else { return Ok(()) };
    let input = display_path(input);
    let what =
        if input == output.shown() { "an input".to_string() } else { format!("the same file as `{input}`, an input") };
    Err(output.error(
        format!("it is {what} of this run; a report never replaces an input"),
        format!("name another output file, e.g. `{}`", output.example()),
    ))
}

/// Writes over an existing file: a regular file is replaced, a device written through,
/// anything else refused.
fn write_existing(path: &Path, metadata: &Metadata, bytes: &[u8], output: &Output<'_>) -> Result<(), Error> {
    let kind = metadata.file_type();
    if kind.is_file() {
        refuse_hard_links(metadata, output)?;
        replace(path, bytes, Some(metadata), output)
    } else if kind.is_char_device() || kind.is_block_device() {
        write_through(path, bytes)
            .map_err(|e| output.error(format!("the device refused it: {e}"), "name a regular file instead"))
    } else {
        Err(refuse_kind(kind, output))
    }
}

/// Refuses a regular file with other names: renaming over one name would leave the others
/// with the old content.
fn refuse_hard_links(metadata: &Metadata, output: &Output<'_>) -> Result<(), Error> {
    match metadata.nlink() {
        0 | 1 => Ok(()),
        links => Err(output.error(
            format!(
                "it has {links} hard links; replacing it would leave the other {} with the old content",
                if links == 2 { "name".to_string() } else { format!("{} names", links - 1) }
            ),
            format!(
                "to write through every link, print the report and redirect it: `--output - > {}`; \
                 or name another output file",
                output.shown()
            ),
        )),
    }
}

/// The refusal of a file that is neither a regular file nor a device.
fn refuse_kind(kind: FileType, output: &Output<'_>) -> Error {
    if kind.is_dir() {
        output.error("it is a directory", format!("name a file in it, e.g. `{}/{}`", output.shown(), output.example()))
    } else if kind.is_fifo() {
        output.error(
            "it is a named pipe (FIFO); opening it waits for a reader and could wait forever",
            format!("print the report and redirect it into the pipe: `--output - > {}`", output.shown()),
        )
    } else if kind.is_socket() {
        output.error("it is a socket, which cannot be opened as a file", "print the report with `--output -` instead")
    } else {
        output.error("it is not a regular file", "name a regular file")
    }
}

/// Writes a regular file atomically: a temporary file in the same directory, written and
/// synced, then renamed over `path`. A file it replaces keeps its permission bits and owner.
fn replace(path: &Path, bytes: &[u8], existing: Option<&Metadata>, output: &Output<'_>) -> Result<(), Error> {
    let directory = directory_of(path);
    let pending = Pending::create(directory, NEW_FILE_MODE).map_err(|e| {
        output.error(
            format!("cannot create a temporary file in `{}`: {e}", display_path(directory)),
            "check that the directory is writable: the report is written beside its file, then renamed into place",
        )
    })?;
    if let Some(metadata) = existing {
        keep_attributes(pending.file(), metadata).map_err(|e| {
            output.error(format!("cannot give the new file the old one's permissions: {e}"), "check the directory")
        })?;
    }
    write_synced(pending.file(), bytes)
        .map_err(|e| output.error(e.to_string(), "check the free space and that the disk is writable"))?;
    pending.persist(path).map_err(|e| {
        output
            .error(format!("cannot rename the temporary file into place: {e}"), "check that the directory is writable")
    })
}

/// Gives the temporary file the owner and the permission bits of the file it replaces. Only
/// root may give a file away: for anyone else the new file stays theirs, as with `mv`.
fn keep_attributes(file: &File, old: &Metadata) -> io::Result<()> {
    let new = file.metadata()?;
    if (new.uid(), new.gid()) != (old.uid(), old.gid())
        && let Err(e) = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()))
        && e.kind() != ErrorKind::PermissionDenied
    {
        return Err(e);
    }
    file.set_permissions(Permissions::from_mode(old.mode() & 0o7777))
}

/// Writes all of `bytes` and waits until they are on the disk.
fn write_synced(mut file: &File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

/// Opens a device for writing, without creating or replacing anything, and writes to it.
fn write_through(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut device = OpenOptions::new().write(true).open(path)?;
    device.write_all(bytes)?;
    device.flush()
}
