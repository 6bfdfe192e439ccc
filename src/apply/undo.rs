//! Undo: the newest apply that has not been undone is reverted byte for byte.

use super::history::{Entry, History};
use super::safe_write::{self, WriteError};
use super::{ApplyError, sha256_hex};
use crate::tr;

/// Undoes the newest apply that has not been undone: restores the file byte for byte (or
/// removes it if it did not exist), refusing if the file changed since that apply or if the
/// backup no longer holds what was saved.
pub fn undo(data_dir: &std::path::Path) -> Result<Entry, ApplyError> {
    let mut history = History::load(data_dir)?;
    history.reconcile();
    let Some(entry) = history.last_active() else {
        return Err(ApplyError::refused(tr!(
            "nothing to undo",
            "没有可撤销的操作"
        )));
    };
    // Every file is checked (unchanged since the apply, backup intact) before any is touched.
    let steps = entry.steps();
    let mut restores: Vec<(std::path::PathBuf, Option<Vec<u8>>)> = Vec::new();
    for step in &steps {
        safe_write::check_unchanged(&step.file, &step.after)?;
        match &step.backup {
            Some(backup) => {
                let data = std::fs::read(backup).map_err(|source| WriteError::Read {
                    path: backup.clone(),
                    source,
                })?;
                if let Some(want) = &step.backup_sha256
                    && *want != sha256_hex(&data)
                {
                    let shown = backup.display();
                    return Err(ApplyError::refused(tr!(
                        "the backup {shown} no longer holds what was saved (it was cut short or replaced); nothing was restored",
                        "备份 {shown} 的内容已不是当初保存的内容（被截断或替换）；没有恢复任何内容"
                    )));
                }
                restores.push((step.file.clone(), Some(data)));
            }
            None => restores.push((step.file.clone(), None)),
        }
    }
    for (file, data) in &restores {
        match data {
            Some(data) => safe_write::write_atomic(file, data)?,
            None => safe_write::remove(file)?,
        }
    }
    entry.undone = true;
    let done = entry.clone();
    history.save(data_dir)?;
    Ok(done)
}
