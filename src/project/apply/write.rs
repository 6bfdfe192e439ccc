//! A prepared project apply written: every changed file replaced atomically, all or nothing,
//! with one undo step in the shared history.

use super::*;

/// What a project apply did.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectOutcome {
    pub files: Vec<PathBuf>,
    pub history_id: Option<u64>,
    pub shadowed: Vec<Text>,
    pub notes: Vec<Text>,
}

/// Writes every changed file (each replaced atomically, refusing any that changed since it was
/// shown); if a later file fails, the earlier ones are put back before the error is reported.
/// One history entry covers them all.
pub fn apply(prepared: &PreparedProject, data_dir: &Path) -> Result<ProjectOutcome, ApplyError> {
    let edits: Vec<&FileEdit> = prepared
        .edits
        .iter()
        .filter(|e| e.changes_anything())
        .collect();
    if edits.is_empty() {
        return Ok(ProjectOutcome {
            files: Vec::new(),
            history_id: None,
            shadowed: prepared.shadowed.clone(),
            notes: vec![tr!(
                "the project files already hold these values: nothing was written",
                "项目文件中已是这些值：没有写入任何内容"
            )],
        });
    }
    let _lock = history::lock(data_dir)?;
    let (mut history, mut settled) = History::load_or_recover(data_dir)?;
    let backups_dir = history::backups_dir(data_dir);
    let mut steps = Vec::new();
    let mut currents = Vec::new();
    for e in &edits {
        // A refusal leaves no backup behind: those made for the earlier files go too.
        let checked = safe_write::check_unchanged(&e.path, &e.shown).and_then(|current| {
            let backup = match &current {
                Some(data) => Some(safe_write::backup(&e.path, data, &backups_dir)?),
                None => None,
            };
            Ok((current, backup))
        });
        let (current, backup) = match checked {
            Ok(c) => c,
            Err(err) => {
                for s in &steps {
                    let s: &FileStep = s;
                    if let Some(b) = &s.backup {
                        let _ = std::fs::remove_file(b);
                    }
                }
                return Err(err.into());
            }
        };
        steps.push(FileStep {
            file: e.path.clone(),
            backup,
            backup_sha256: current.as_deref().map(sha256_hex),
            after: Fingerprint::of(Some(&e.after)),
        });
        currents.push(current);
    }
    // Recorded before the writes, so that a run killed meanwhile still leaves the undo step.
    let first = steps.remove(0);
    let id = history.push(Entry {
        id: 0,
        time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        via: "project".into(),
        file: first.file,
        changes: prepared.plan.describe(),
        backup: first.backup,
        backup_sha256: first.backup_sha256,
        after: first.after,
        undone: false,
        pending: true,
        undoing: false,
        os_var: None,
        more: steps,
        source: None,
    });
    let backups: Vec<Option<std::path::PathBuf>> = history
        .entries
        .iter()
        .find(|e| e.id == id)
        .map(|e| e.steps().into_iter().map(|s| s.backup).collect())
        .unwrap_or_default();
    let discard = || {
        for b in backups.iter().flatten() {
            let _ = std::fs::remove_file(b);
        }
    };
    if let Err(e) = history.save(data_dir) {
        discard();
        return Err(e.into());
    }
    let mut done: Vec<usize> = Vec::new();
    for (i, e) in edits.iter().enumerate() {
        if let Err(err) = safe_write::write_atomic_checked(&e.path, &e.after, Some(&currents[i])) {
            // All or nothing: put back what was written before the failure.
            for &j in done.iter().rev() {
                let _ = match &currents[j] {
                    Some(data) => safe_write::restore(&edits[j].path, data),
                    None => safe_write::remove(&edits[j].path),
                };
            }
            history.entries.retain(|e| e.id != id);
            let _ = history.save(data_dir);
            discard();
            return Err(err.into());
        }
        done.push(i);
    }
    if let Some(e) = history.entries.iter_mut().find(|e| e.id == id) {
        e.pending = false;
    }
    if let Err(e) = history.save(data_dir) {
        // Every file is written and the step recorded (pending): the next run confirms it.
        let (en, zh) = (e.to_string(), e.zh());
        settled.push(Text::new(
            format!("written, but the history could not be updated ({en}); 'gomirror undo' still reverts this apply"),
            format!("已写入，但历史记录未能更新（{zh}）；“gomirror undo” 仍可撤销这次应用"),
        ));
    }
    let mut notes = settled;
    notes.extend(prepared.notes.iter().cloned());
    Ok(ProjectOutcome {
        files: edits.iter().map(|e| e.path.clone()).collect(),
        history_id: Some(id),
        shadowed: prepared.shadowed.clone(),
        notes,
    })
}
