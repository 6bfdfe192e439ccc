//! Undo: the newest apply that has not been undone is reverted byte for byte, all files or
//! none, with its intent recorded before the first file is touched so that an undo killed
//! half-way is finished on the next run instead of blocking every later undo.

use super::ApplyError;
use super::history::{self, Entry, History};
use super::safe_write;
use crate::i18n::Text;
use crate::tr;

/// One file of an undo: its path, what it holds now (put back if a later file fails), and
/// what it is restored to (None: removed, it did not exist).
type Restore = (std::path::PathBuf, Option<Vec<u8>>, Option<Vec<u8>>);

/// What an undo did.
#[derive(Clone, Debug)]
pub struct Undone {
    pub entry: Entry,
    /// What happened besides (an interrupted step settled first, a history that could not be
    /// saved afterwards).
    pub notes: Vec<Text>,
}

/// Undoes the newest apply that has not been undone: restores every file of it byte for byte
/// (or removes one that did not exist), refusing if any file changed since that apply or if a
/// backup no longer holds what was saved (or has no checksum to prove it). If restoring a
/// later file fails, the earlier ones are put back as they were: all or nothing.
pub fn undo(data_dir: &std::path::Path) -> Result<Undone, ApplyError> {
    let _lock = history::lock(data_dir)?;
    let mut history = History::load(data_dir)?;
    let loaded = history.entries.clone();
    let mut notes = history.reconcile();
    let settled = history.entries != loaded;
    let Some(entry) = history.last_active() else {
        // What reconcile settled is kept, and said, even when nothing is left to undo.
        if settled {
            history.save(data_dir)?;
        }
        if notes.is_empty() {
            return Err(ApplyError::refused(tr!(
                "nothing to undo",
                "没有可撤销的操作"
            )));
        }
        let en: Vec<&str> = notes.iter().map(|n| n.en.as_str()).collect();
        let zh: Vec<&str> = notes.iter().map(|n| n.zh.as_str()).collect();
        return Err(ApplyError::Refused {
            en: format!("{}; nothing else to undo", en.join("; ")),
            zh: format!("{}；没有其他可撤销的操作", zh.join("；")),
        });
    };
    // An OS variable removed by `os-var unset` from the registry or launchd: put back.
    if let Some(step) = entry.os_var.clone() {
        crate::osvar::restore(&step).map_err(ApplyError::refused)?;
        entry.undone = true;
        let done_entry = entry.clone();
        history.save(data_dir)?;
        return Ok(Undone {
            entry: done_entry,
            notes,
        });
    }
    // Every file is checked (unchanged since the apply, backup intact) before any is touched;
    // what each holds now is kept, to put it back if a later file cannot be restored.
    let steps = entry.steps();
    let mut plan: Vec<Restore> = Vec::new();
    for step in &steps {
        let now = safe_write::check_unchanged(&step.file, &step.after)?;
        let restore = match &step.backup {
            Some(backup) => Some(history::verified_backup(step, backup)?),
            None => None,
        };
        plan.push((step.file.clone(), now, restore));
    }
    // The intent, before the first file.
    entry.undoing = true;
    let id = entry.id;
    history.save(data_dir)?;
    let mut done: Vec<usize> = Vec::new();
    for (i, (file, _, restore)) in plan.iter().enumerate() {
        let result = match restore {
            Some(data) => safe_write::write_atomic(file, data),
            None => safe_write::remove(file),
        };
        if let Err(e) = result {
            for &j in done.iter().rev() {
                let (file, now, _) = &plan[j];
                let _ = match now {
                    Some(data) => safe_write::restore(file, data),
                    None => safe_write::remove(file),
                };
            }
            if let Some(entry) = history.entries.iter_mut().find(|e| e.id == id) {
                entry.undoing = false;
            }
            let _ = history.save(data_dir);
            return Err(e.into());
        }
        done.push(i);
    }
    let Some(entry) = history.entries.iter_mut().find(|e| e.id == id) else {
        return Err(ApplyError::refused(tr!(
            "the history lost the entry being undone",
            "历史记录中找不到正在撤销的条目"
        )));
    };
    entry.undoing = false;
    entry.undone = true;
    let done_entry = entry.clone();
    if let Err(e) = history.save(data_dir) {
        // The files are restored; the intent recorded above lets the next run mark it done.
        let (en, zh) = (e.to_string(), e.zh());
        notes.push(Text::new(
            format!("the files are restored, but the history could not be updated ({en}); the next gomirror run records the undo"),
            format!("文件已恢复，但历史记录未能更新（{zh}）；下次运行 gomirror 时会补记这次撤销"),
        ));
    }
    Ok(Undone {
        entry: done_entry,
        notes,
    })
}
