//! Stage 4: output. Writers only format what the pipeline computed.

pub mod csv;
pub mod dolma;
pub mod export;
pub mod json;
pub mod report;
pub mod text;

use crate::error::{Error, Result};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Write a file atomically (see [`AtomicFile`]): a crash never leaves a half-written model or
/// report in place of the old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|e| Error::io(path, e))?;
    f.commit()
}

/// Temporary files being written, so that a signal handler can remove them: a process killed
/// by SIGINT or SIGTERM runs no destructors (see [`remove_temporary_files`]).
static TEMPORARY: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temporary() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while the list was held leaves it as it was: still the list to clean up.
    TEMPORARY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove every temporary file an [`AtomicFile`] is still writing. For a signal handler that
/// is about to end the process; no [`AtomicFile::commit`] can complete after this call began,
/// so no half-written file is renamed into place.
pub fn remove_temporary_files() {
    let mut list = temporary();
    for p in list.drain(..) {
        let _ = fs::remove_file(p);
    }
    // Held until the process ends: a commit waiting for the list never renames.
    std::mem::forget(list);
}

/// An output file written in a stream and put in place on [`AtomicFile::commit`].
///
/// - A regular file (or a name that does not exist yet) is written to a temporary file beside
///   it, created with an unpredictable name and `O_EXCL` (so a link planted under that name is
///   never followed), then renamed over the target: the target is either the old file or the
///   whole new one. The new file keeps the replaced file's mode (and owner, where allowed); a
///   symbolic link is followed, so the file it points to is replaced and the link stays.
/// - A device, FIFO or socket (`/dev/null`, a named pipe) is written in place: renaming over
///   it would replace the device with a regular file.
/// - `-` is standard output.
///
/// Dropped uncommitted (an error, a closed pipe, a panic), the temporary file is removed;
/// killed by a signal, see [`remove_temporary_files`].
pub struct AtomicFile {
    /// The name as given, for messages.
    path: PathBuf,
    sink: Sink,
}

enum Sink {
    Replace {
        /// The file renamed over: the end of the symbolic-link chain `path` starts.
        target: PathBuf,
        tmp: Option<BufWriter<tempfile::NamedTempFile>>,
    },
    Through(BufWriter<File>),
    Stdout(BufWriter<io::Stdout>),
}

/// Links followed before giving up, as Linux's `ELOOP` limit.
const MAX_LINKS: usize = 40;

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let sink = if path.as_os_str() == "-" {
            Sink::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()))
        } else {
            match fs::metadata(path) {
                Ok(m) if m.is_dir() => {
                    return Err(Error::io(
                        path,
                        io::Error::new(io::ErrorKind::IsADirectory, "is a directory"),
                    ))
                }
                Ok(m) if !m.is_file() => {
                    // Opened by the name given, links and all (`/dev/stdout` on a pipe is a
                    // link to a name that cannot be resolved by hand).
                    let f = fs::OpenOptions::new()
                        .write(true)
                        .open(path)
                        .map_err(|e| Error::io(path, e))?;
                    Sink::Through(BufWriter::with_capacity(1 << 16, f))
                }
                Ok(m) => replace(path, Some(&m))?,
                Err(e) if e.kind() == io::ErrorKind::NotFound => replace(path, None)?,
                Err(e) => return Err(Error::io(path, e)),
            }
        };
        Ok(AtomicFile {
            path: path.to_path_buf(),
            sink,
        })
    }

    /// Flush and put in place: sync and rename a temporary file over its target.
    pub fn commit(mut self) -> Result<()> {
        let path = self.path.clone();
        let result = match &mut self.sink {
            Sink::Through(w) => w.flush(),
            Sink::Stdout(w) => w.flush(),
            Sink::Replace { target, tmp } => {
                let tmp = tmp.take().expect("not yet committed");
                (|| {
                    let tmp = tmp.into_inner().map_err(|e| e.into_error())?;
                    tmp.as_file().sync_all()?;
                    // The rename happens with the list held, so a signal handler either
                    // removes the temporary file first or finds it already renamed.
                    let mut list = temporary();
                    let name = tmp.path().to_path_buf();
                    let renamed = tmp.persist(&*target).map(drop).map_err(|e| e.error);
                    list.retain(|p| *p != name);
                    renamed
                })()
            }
        };
        result.map_err(|e| Error::io(&path, e))
    }
}

/// A temporary file beside the file `path` names (after following symbolic links), with the
/// mode and owner of `existing`, the file it will replace.
fn replace(path: &Path, existing: Option<&fs::Metadata>) -> Result<Sink> {
    let target = resolve_links(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets what `File::create` would give it (0666 less the umask); a replaced
        // one its own mode, set below: the umask would narrow it at creation.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir).map_err(|e| Error::io(path, e))?;
    temporary().push(tmp.path().to_path_buf());
    #[cfg(unix)]
    if let Some(m) = existing {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let f = tmp.as_file();
        // Owner first: changing it may clear set-id bits, which the mode then restores. Only
        // root may give a file away; for anyone else this is a no-op or refused, and ignored.
        let _ = std::os::unix::fs::fchown(f, Some(m.uid()), Some(m.gid()));
        f.set_permissions(fs::Permissions::from_mode(m.mode() & 0o7777))
            .map_err(|e| Error::io(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = existing;
    Ok(Sink::Replace {
        target,
        tmp: Some(BufWriter::with_capacity(1 << 16, tmp)),
    })
}

/// The file a chain of symbolic links starting at `path` ends at (`path` itself when it is no
/// link); the end need not exist (a dangling link names the file to create).
fn resolve_links(path: &Path) -> Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p).map_err(|e| Error::io(path, e))?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(Error::io(
        path,
        io::Error::other("too many levels of symbolic links"),
    ))
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Replace { tmp, .. } => tmp.as_mut().expect("not yet committed").write(buf),
            Sink::Through(w) => w.write(buf),
            Sink::Stdout(w) => w.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.sink {
            Sink::Replace { tmp, .. } => tmp.as_mut().expect("not yet committed").write_all(buf),
            Sink::Through(w) => w.write_all(buf),
            Sink::Stdout(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Replace { tmp, .. } => tmp.as_mut().expect("not yet committed").flush(),
            Sink::Through(w) => w.flush(),
            Sink::Stdout(w) => w.flush(),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Uncommitted: `NamedTempFile`'s own drop removes the file; forget its name here.
        if let Sink::Replace { tmp: Some(w), .. } = &self.sink {
            let name = w.get_ref().path().to_path_buf();
            temporary().retain(|p| *p != name);
        }
    }
}

/// What an output path stands for, to tell whether two outputs would write one file: standard
/// output for `-`, else the file at the end of its links, by its canonical directory.
fn identity(path: &Path) -> PathBuf {
    if path.as_os_str() == "-" {
        return PathBuf::from("-");
    }
    let target = resolve_links(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (fs::canonicalize(dir), target.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => target,
    }
}

/// Refuse outputs that name one file (or standard output twice) before anything is written:
/// two writers of one file would leave one's bytes, or a mix. `outputs` pairs each path with
/// the flag that gave it, for the message.
pub fn check_distinct(outputs: &[(&str, &Path)]) -> Result<()> {
    let ids: Vec<PathBuf> = outputs.iter().map(|(_, p)| identity(p)).collect();
    for (i, a) in ids.iter().enumerate() {
        if let Some(j) = ids[..i].iter().position(|b| b == a) {
            let what = if a.as_os_str() == "-" {
                "standard output".to_string()
            } else {
                outputs[i].1.display().to_string()
            };
            return Err(Error::Usage(format!(
                "{} and {} both write {what}: give each output its own file",
                outputs[j].0, outputs[i].0
            )));
        }
    }
    Ok(())
}

/// Shorten text to at most `max` chars on one line, for terminal display.
pub fn shorten(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        let mut s: String = one_line.chars().take(max.saturating_sub(1)).collect();
        s.push('\u{2026}');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(write_atomic(&dir.path().join("no/such/dir/x"), b"x").is_err());
    }

    #[test]
    fn atomic_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.html");
        std::fs::write(&p, "old").unwrap();
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"new, half").unwrap();
        drop(f);
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "old",
            "dropped uncommitted: target untouched"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary file removed"
        );
        let mut f = AtomicFile::create(&p).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Issue 15, item 5: the old temporary name `.NAME.PID.tmp` was predictable and followed a
    /// link planted there, overwriting the link's target.
    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let planted = dir
            .path()
            .join(format!(".r.html.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let p = dir.path().join("r.html");
        write_atomic(&p, b"report").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "report");
    }

    /// Item 6: a device is written through, not replaced by a regular file (as root,
    /// `-o /dev/null` made /dev/null a regular file). A device of our own when we may make
    /// one; /dev/null itself only once writing through is known to work.
    #[cfg(unix)]
    #[test]
    fn devices_are_written_through() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let null = dir.path().join("null");
        let made = std::process::Command::new("mknod")
            .arg(&null)
            .args(["c", "1", "3"])
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            return;
        }
        write_atomic(&null, b"gone").unwrap();
        let t = std::fs::symlink_metadata(&null).unwrap().file_type();
        assert!(t.is_char_device(), "still a device");
        write_atomic(Path::new("/dev/null"), b"gone").unwrap();
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }

    #[test]
    fn a_new_file_gets_the_usual_mode_and_a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.txt");
        write_atomic(&p, b"x").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let plain = dir.path().join("plain.txt");
            std::fs::write(&plain, "x").unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
            assert_eq!(mode(&p), mode(&plain), "as File::create makes it");
        }
        let e = write_atomic(dir.path(), b"x").unwrap_err().to_string();
        assert!(e.contains("is a directory"), "{e}");
    }

    #[test]
    fn distinct_outputs() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        let again = dir.path().join(".").join("a");
        assert!(check_distinct(&[("-o", &a), ("--csv", &b)]).is_ok());
        let e = check_distinct(&[("-o", &a), ("--csv", &b), ("--jsonl", &again)]).unwrap_err();
        assert!(
            e.to_string().starts_with("-o and --jsonl both write"),
            "{e}"
        );
        let e = check_distinct(&[("-o", Path::new("-")), ("--csv", Path::new("-"))]).unwrap_err();
        assert!(e.to_string().contains("standard output"), "{e}");
    }

    #[test]
    fn shorten_counts_chars_not_bytes() {
        assert_eq!(shorten("äöü äöü", 5), "äöü \u{2026}");
        assert_eq!(shorten("a\n b", 10), "a b");
    }
}
