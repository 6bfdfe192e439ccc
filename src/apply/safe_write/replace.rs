//! Replacing a file by a finished copy beside it, only if the file still holds what was read,
//! without losing what another writer does at the same moment. The go command's `go env -w`
//! takes no lock: it reads the file, then truncates and rewrites it in place. So a plain
//! "compare, then rename" loses a writer that gets in between the two, or one that read the
//! file before the rename and writes into the replaced file after it.
//!
//! On Linux the copy and the file trade places in one `renameat2(RENAME_EXCHANGE)`: the old
//! file is still there, under the copy's name, and is checked twice, at once and after a short
//! settle (the 15 ms gomirror's reads use to see a file stop changing). If a writer changed it
//! before the exchange, or wrote into it after (it had opened it before), the exchange is
//! undone, so that writer's bytes are the file again, and the change is reported: the caller
//! reads again and writes anew (the CLI retries, the app asks again). A writer that rewrote our
//! copy during the settle is reported the same way. Elsewhere, and on file systems without the
//! exchange, the file is compared right before a plain rename and checked after the settle.

use super::{WriteError, clean_stale_temp_files, read_optional, resolve_links, write_atomic};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a replaced file is watched for a writer that opened it before the exchange.
const SETTLE: Duration = Duration::from_millis(15);

fn changed(path: &Path) -> WriteError {
    WriteError::ChangedSinceShown {
        path: path.to_path_buf(),
    }
}

/// Puts the finished file at `copy` (beside `target`, same folder) in place of `target` if
/// `target` still holds `expected` (None: does not exist). On success `copy` no longer names
/// our bytes (it holds the replaced file, or nothing), and the caller removes whatever is left
/// there. Nothing of another writer's is lost in the exchange: see the module comment.
pub fn replace_if_unchanged(
    copy: &Path,
    target: &Path,
    expected: &Option<Vec<u8>>,
) -> Result<(), WriteError> {
    let ours = std::fs::read(copy).map_err(|source| WriteError::Read {
        path: copy.to_path_buf(),
        source,
    })?;
    let write_err = |source| WriteError::Write {
        path: target.to_path_buf(),
        source,
    };
    let exchanged = match expected {
        Some(_) => exchange(copy, target),
        None => Ok(false),
    };
    match (expected, exchanged) {
        // Exchanged: `copy` now names the replaced file.
        (Some(expected), Ok(true)) => {
            if std::fs::read(copy).ok().as_ref() != Some(expected) {
                exchange(copy, target).map_err(write_err)?;
                return Err(changed(target));
            }
            std::thread::sleep(SETTLE);
            let replaced_still = std::fs::read(copy).ok().as_ref() == Some(expected);
            let ours_still = std::fs::read(target).ok().as_ref() == Some(&ours);
            if !replaced_still && ours_still {
                // A writer that had the old file open wrote into it: its bytes go back.
                exchange(copy, target).map_err(write_err)?;
                return Err(changed(target));
            }
            if !ours_still {
                return Err(changed(target));
            }
            Ok(())
        }
        // No exchange here (or nothing to exchange with): compare, then rename.
        (_, Ok(false)) | (None, _) => compare_and_rename(copy, target, expected, &ours),
        (Some(_), Err(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(changed(target)),
        (Some(_), Err(e)) => Err(write_err(e)),
    }
}

/// The fallback: the file compared right before a plain rename (a file that must not exist is
/// never replaced, on Linux even if it appears at the last moment), then checked after the
/// settle.
fn compare_and_rename(
    copy: &Path,
    target: &Path,
    expected: &Option<Vec<u8>>,
    ours: &[u8],
) -> Result<(), WriteError> {
    let write_err = |source| WriteError::Write {
        path: target.to_path_buf(),
        source,
    };
    if read_optional(target)? != *expected {
        return Err(changed(target));
    }
    let renamed = match expected {
        None => rename_new(copy, target),
        Some(_) => Ok(false),
    };
    match renamed {
        Ok(true) => {}
        Ok(false) => std::fs::rename(copy, target).map_err(write_err)?,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(changed(target)),
        Err(e) => return Err(write_err(e)),
    }
    std::thread::sleep(SETTLE);
    if std::fs::read(target).ok().as_deref() != Some(ours) {
        return Err(changed(target));
    }
    Ok(())
}

/// Trades `a` and `b` in one step. Ok(false) where the system or the file system has no such
/// operation (the caller falls back to compare and rename).
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    rename_with(a, b, true)
}

/// Renames `a` to `b` only if `b` does not exist. Ok(false) where that cannot be asked for.
fn rename_new(a: &Path, b: &Path) -> std::io::Result<bool> {
    rename_with(a, b, false)
}

/// `renameat2` with RENAME_EXCHANGE (`exchange`) or RENAME_NOREPLACE.
#[cfg(target_os = "linux")]
fn rename_with(a: &Path, b: &Path, exchange: bool) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    let flags = if exchange {
        RenameFlags::EXCHANGE
    } else {
        RenameFlags::NOREPLACE
    };
    match renameat_with(CWD, a, CWD, b, flags) {
        Ok(()) => Ok(true),
        Err(e)
            if e == rustix::io::Errno::INVAL
                || e == rustix::io::Errno::NOSYS
                || e == rustix::io::Errno::OPNOTSUPP =>
        {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn rename_with(_a: &Path, _b: &Path, _exchange: bool) -> std::io::Result<bool> {
    Ok(false)
}

/// A private copy of a file, beside it in the same folder (so that it can replace the file in
/// one rename), with the file's permissions: what the go command rewrites instead of the file
/// itself. Removed when dropped unless installed; one a killed run leaves is a `.gomirror-*`
/// temporary file, cleaned later.
pub struct PrivateCopy {
    path: tempfile::TempPath,
    target: PathBuf,
}

impl PrivateCopy {
    /// A copy of `file` holding `contents` (None: the file does not exist, nor does the copy
    /// until something writes it).
    pub fn of(file: &Path, contents: Option<&[u8]>) -> Result<Self, WriteError> {
        let target = resolve_links(file);
        let err = |source| WriteError::Write {
            path: target.clone(),
            source,
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(err)?;
        clean_stale_temp_files(&dir);
        let mut temp = tempfile::Builder::new()
            .prefix(".gomirror-go-")
            .tempfile_in(&dir)
            .map_err(err)?;
        match contents {
            Some(data) => {
                std::io::Write::write_all(&mut temp, data).map_err(err)?;
                temp.as_file().sync_all().map_err(err)?;
                if let Ok(meta) = std::fs::metadata(&target) {
                    temp.as_file()
                        .set_permissions(meta.permissions())
                        .map_err(err)?;
                }
                Ok(Self {
                    path: temp.into_temp_path(),
                    target,
                })
            }
            None => {
                let path = temp.into_temp_path();
                // No file yet: the go command creates it, with its own permissions.
                std::fs::remove_file(&path).map_err(err)?;
                Ok(Self { path, target })
            }
        }
    }

    /// The copy's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replaces the copy's contents (atomically).
    pub fn write(&self, contents: &[u8]) -> Result<(), WriteError> {
        write_atomic(&self.path, contents)
    }

    /// Puts the copy in place of the file ([`replace_if_unchanged`]) if the file still holds `expected`
    /// (None: does not exist); otherwise nothing is written and the change is reported. A copy
    /// that was never created (nothing to write) leaves the file as it is.
    pub fn install(self, expected: &Option<Vec<u8>>) -> Result<(), WriteError> {
        if !self.path.exists() {
            return if read_optional(&self.target)? == *expected {
                Ok(())
            } else {
                Err(changed(&self.target))
            };
        }
        replace_if_unchanged(&self.path, &self.target, expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_that_got_in_first_keeps_its_bytes_and_the_change_is_reported() {
        let t = tempfile::tempdir().expect("tempdir");
        let target = t.path().join("env");
        std::fs::write(&target, "A=1\n").expect("target");
        let copy = t.path().join(".gomirror-copy");
        std::fs::write(&copy, "A=1\nB=2\n").expect("copy");
        // Someone else wrote after our read.
        std::fs::write(&target, "A=1\nC=3\n").expect("other writer");
        let r = replace_if_unchanged(&copy, &target, &Some(b"A=1\n".to_vec()));
        assert!(
            matches!(r, Err(WriteError::ChangedSinceShown { .. })),
            "{r:?}"
        );
        assert_eq!(
            std::fs::read_to_string(&target).expect("target"),
            "A=1\nC=3\n"
        );
    }

    /// Where the file system has no exchange, an existing file is still replaced (a no-replace
    /// rename is only for a file that must not exist).
    #[test]
    fn the_fallback_replaces_an_unchanged_existing_file() {
        let t = tempfile::tempdir().expect("tempdir");
        let target = t.path().join("env");
        std::fs::write(&target, "A=1\n").expect("target");
        let copy = t.path().join(".gomirror-copy");
        std::fs::write(&copy, "A=1\nB=2\n").expect("copy");
        compare_and_rename(&copy, &target, &Some(b"A=1\n".to_vec()), b"A=1\nB=2\n")
            .expect("replaced");
        assert_eq!(
            std::fs::read_to_string(&target).expect("target"),
            "A=1\nB=2\n"
        );
    }

    #[test]
    fn an_unchanged_file_is_replaced_and_the_old_one_is_left_for_removal() {
        let t = tempfile::tempdir().expect("tempdir");
        let target = t.path().join("env");
        std::fs::write(&target, "A=1\n").expect("target");
        let copy = t.path().join(".gomirror-copy");
        std::fs::write(&copy, "A=1\nB=2\n").expect("copy");
        replace_if_unchanged(&copy, &target, &Some(b"A=1\n".to_vec())).expect("replaced");
        assert_eq!(
            std::fs::read_to_string(&target).expect("target"),
            "A=1\nB=2\n"
        );
        // Where the copy was: the replaced file (exchange) or nothing (rename).
        let left = std::fs::read_to_string(&copy).ok();
        assert!(
            left.is_none() || left.as_deref() == Some("A=1\n"),
            "{left:?}"
        );
        // A file that must not exist yet, and does not.
        let fresh = t.path().join("new");
        std::fs::write(&copy, "X=1\n").expect("copy");
        replace_if_unchanged(&copy, &fresh, &None).expect("created");
        assert_eq!(std::fs::read_to_string(&fresh).expect("new"), "X=1\n");
    }
}
