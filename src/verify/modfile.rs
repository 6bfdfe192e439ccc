//! A project is verified without touching it: `go mod download` in a module writes the sums it
//! fetched into the module's `go.sum`. The go command's own `-modfile` flag points it at a copy
//! of `go.mod` (and of `go.sum` beside it, which the go command derives from the flag), so the
//! download reads the project's requirements and writes only the copy.

use std::path::{Path, PathBuf};

/// The copy of a module's `go.mod` and `go.sum`, removed when dropped.
pub struct ModfileCopy {
    dir: tempfile::TempDir,
}

impl ModfileCopy {
    /// The `-modfile=` argument for the go command.
    pub fn flag(&self) -> String {
        format!("-modfile={}", self.dir.path().join("go.mod").display())
    }
}

/// The module root the go command uses for `dir`: the nearest folder, `dir` or above, with a
/// `go.mod`. None when there is none (the go command then says so itself) or when a `go.work`
/// governs it (workspace mode refuses `-modfile`; its sums go to `go.work.sum`).
fn module_root(dir: &Path, gowork: &str) -> Option<PathBuf> {
    if gowork != "off" && !gowork.is_empty() {
        return None;
    }
    let root = dir.ancestors().find(|d| d.join("go.mod").is_file())?;
    if gowork.is_empty() && dir.ancestors().any(|d| d.join("go.work").is_file()) {
        return None;
    }
    Some(root.to_path_buf())
}

/// Copies the module's `go.mod` and `go.sum` for `dir` into a throwaway folder. None when there
/// is nothing to protect (no module, workspace mode) or the copy cannot be made (the download
/// then runs as the user would run it).
pub fn copy_for(dir: &Path, gowork: &str) -> Option<ModfileCopy> {
    let root = module_root(dir, gowork)?;
    let copy = tempfile::Builder::new()
        .prefix("gomirror-verify-modfile-")
        .tempdir()
        .ok()?;
    std::fs::copy(root.join("go.mod"), copy.path().join("go.mod")).ok()?;
    let sum = root.join("go.sum");
    if sum.is_file() {
        std::fs::copy(&sum, copy.path().join("go.sum")).ok()?;
    }
    Some(ModfileCopy { dir: copy })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_root_is_found_above_and_a_workspace_is_left_alone() {
        let t = tempfile::tempdir().expect("tempdir");
        let sub = t.path().join("m").join("cmd").join("tool");
        std::fs::create_dir_all(&sub).expect("dirs");
        std::fs::write(t.path().join("m").join("go.mod"), "module m\n").expect("go.mod");
        assert_eq!(module_root(&sub, ""), Some(t.path().join("m")));
        assert_eq!(module_root(&sub, "off"), Some(t.path().join("m")));
        assert_eq!(module_root(&sub, "/elsewhere/go.work"), None);
        std::fs::write(t.path().join("go.work"), "go 1.21\nuse ./m\n").expect("go.work");
        assert_eq!(module_root(&sub, ""), None);
        assert_eq!(module_root(&sub, "off"), Some(t.path().join("m")));
        assert_eq!(module_root(t.path(), "off"), None);
    }
}
