//! Writing a file other than the go env file (`.netrc`, a login file, a project's files) the
//! same safe way as the env file: settled read, refusal when it changed since it was shown,
//! backup, atomic replace, and one undo step recorded before the write.

use super::history::{self, Entry, History};
use super::safe_write::{self, Fingerprint};
use super::{ApplyError, sha256_hex};
use std::path::Path;

/// Writes a file other than the go env file the same safe way (settled read, refusal when it
/// changed since `shown`, backup, atomic replace, history entry). A new file is created
/// readable by the user only when `private`.
pub fn write_other(
    file: &Path,
    shown: &Fingerprint,
    after: &[u8],
    changes: Vec<String>,
    private: bool,
    data_dir: &Path,
) -> Result<u64, ApplyError> {
    let _lock = history::lock(data_dir)?;
    let (mut history, _) = History::load_or_recover(data_dir)?;
    let current = safe_write::check_unchanged(file, shown)?;
    let backup = match &current {
        Some(data) => Some(safe_write::backup(
            file,
            data,
            &history::backups_dir(data_dir),
        )?),
        None => None,
    };
    // The undo step first (pending), so a run killed during the write still leaves it.
    let id = history.push(Entry {
        id: 0,
        time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        via: "file".into(),
        file: file.to_path_buf(),
        changes,
        backup: backup.clone(),
        backup_sha256: current.as_deref().map(sha256_hex),
        after: Fingerprint::of(Some(after)),
        undone: false,
        pending: true,
        undoing: false,
        os_var: None,
        more: Vec::new(),
        source: None,
    });
    if let Err(e) = history.save(data_dir) {
        discard_backup(backup.as_deref());
        return Err(e.into());
    }
    let written = if private {
        safe_write::write_atomic_private(file, after, Some(&current))
    } else {
        safe_write::write_atomic_checked(file, after, Some(&current))
    };
    if let Err(e) = written {
        // Nothing was written: neither the undo step nor the backup is needed.
        history.entries.retain(|e| e.id != id);
        let _ = history.save(data_dir);
        discard_backup(backup.as_deref());
        return Err(e.into());
    }
    if let Some(e) = history.entries.iter_mut().find(|e| e.id == id) {
        e.pending = false;
    }
    // Written: a history that cannot be saved now keeps the pending step, which the next run
    // confirms (the file holds what it was to produce).
    let _ = history.save(data_dir);
    Ok(id)
}

/// Removes a backup made for a write that did not happen.
pub(crate) fn discard_backup(backup: Option<&Path>) {
    if let Some(b) = backup {
        let _ = std::fs::remove_file(b);
    }
}
