//! The doctor's local facts: go binaries, settings conflicts, the module cache, git, `.netrc`
//! (presence, never contents) and the proxy variables.

use super::{Finding, GO_DOWNLOAD, GO_DOWNLOAD_CN, Severity};
use crate::goenv::gocmd::{self, GoCommand};
use crate::goenv::location::{EnvMap, TargetOs, env_value};
use crate::goenv::model::Snapshot;
use crate::i18n::Text;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One go command found on this machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoBinaryInfo {
    pub path: String,
    pub version: Option<String>,
    pub goroot: Option<String>,
    /// Found through PATH (else in a standard install place, or chosen by `GOMIRROR_GO`).
    pub on_path: bool,
    /// The one gomirror uses (the first on PATH unless `GOMIRROR_GO` says otherwise).
    pub selected: bool,
}

/// Where to download Go (the official site and the China mirror).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GetGo {
    pub official: &'static str,
    pub china: &'static str,
}

/// The go commands found and the one selected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoSection {
    pub found: bool,
    pub selected: Option<String>,
    pub binaries: Vec<GoBinaryInfo>,
    /// Where to download Go, when none was found.
    pub get_go: Option<GetGo>,
}

impl GoSection {
    /// The selected go command's version.
    pub fn selected_version(&self) -> Option<crate::goenv::version::GoVersion> {
        let b = self.binaries.iter().find(|b| b.selected)?;
        crate::goenv::version::GoVersion::parse(b.version.as_deref()?)
    }
}

fn exe_name(os: TargetOs) -> &'static str {
    if os == TargetOs::Windows {
        "go.exe"
    } else {
        "go"
    }
}

/// Every go binary: each one on PATH, then the standard install places, versions and GOROOTs
/// asked with `GOTOOLCHAIN=local` (no download, no switch).
pub fn go_binaries(env: &EnvMap, os: TargetOs) -> GoSection {
    let selected = gocmd::discover(env, os);
    let sep = if os == TargetOs::Windows { ';' } else { ':' };
    let mut on_path = Vec::new();
    if let Some(path) = env.get("PATH").or_else(|| env.get("Path")) {
        for dir in path.split(sep).filter(|d| !d.is_empty()) {
            on_path.push(Path::new(dir).join(exe_name(os)));
        }
    }
    let mut without_choice = env.clone();
    without_choice.remove("GOMIRROR_GO");
    let mut candidates: Vec<PathBuf> = selected.iter().cloned().collect();
    candidates.extend(gocmd::candidate_paths(&without_choice, os));
    let mut seen = BTreeSet::new();
    let mut binaries = Vec::new();
    for path in candidates {
        if !path.is_file() {
            continue;
        }
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(real) {
            continue;
        }
        let detected = gocmd::detect(&path, env);
        binaries.push(GoBinaryInfo {
            path: path.display().to_string(),
            version: detected.version.map(|v| v.raw),
            goroot: detected.root.map(|r| r.display().to_string()),
            on_path: on_path.contains(&path),
            selected: selected.as_ref() == Some(&path),
        });
    }
    let found = selected.is_some();
    GoSection {
        found,
        selected: selected.map(|p| p.display().to_string()),
        binaries,
        get_go: (!found).then_some(GetGo {
            official: GO_DOWNLOAD,
            china: GO_DOWNLOAD_CN,
        }),
    }
}

/// Findings about the go binaries and the settings' conflicts.
pub fn settings_findings(go: &GoSection, snapshot: &Snapshot, out: &mut Vec<Finding>) {
    if !go.found {
        out.push(Finding::new(
            "go-missing",
            Severity::Problem,
            Text::new(
                format!(
                    "No go command found. Download Go from {GO_DOWNLOAD} (in China: {GO_DOWNLOAD_CN}); the rest of gomirror works without it."
                ),
                format!(
                    "没有找到 go 命令。请从 {GO_DOWNLOAD} 下载 Go（国内可用 {GO_DOWNLOAD_CN}）；gomirror 的其他功能照常可用。"
                ),
            ),
        ));
    }
    let versions: BTreeSet<&str> = go
        .binaries
        .iter()
        .filter(|b| b.on_path)
        .filter_map(|b| b.version.as_deref())
        .collect();
    if versions.len() > 1 {
        let list = versions.into_iter().collect::<Vec<_>>().join(", ");
        out.push(Finding::new(
            "go-several",
            Severity::Info,
            Text::new(
                format!(
                    "Several go versions are on PATH ({list}); a terminal uses the first one, an IDE may use another."
                ),
                format!("PATH 中有多个 go 版本（{list}）；终端使用第一个，IDE 可能使用其他版本。"),
            ),
        ));
    }
    let redact = crate::goenv::gourl::redact_text;
    for (key, var) in &snapshot.vars {
        for c in &var.conflicts {
            let mut f = Finding::new(
                "setting-conflict",
                Severity::Warning,
                Text::new(
                    format!("{key}: {}", redact(&c.message.en)),
                    format!("{key}：{}", redact(&c.message.zh)),
                ),
            );
            if let Some(crate::goenv::conflicts::Fix::SetInFile { key, value }) = &c.fix {
                f = f.with_fix([(key.clone(), value.clone())].into());
            }
            out.push(f);
        }
    }
}

/// The module cache: where, whether writable, its size and the free space.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ModCache {
    pub path: String,
    pub exists: bool,
    pub writable: bool,
    pub size_bytes: u64,
    /// False when the walk stopped at its bound (the size is then a lower bound).
    pub size_complete: bool,
    pub free_bytes: Option<u64>,
}

/// Bounds of the module cache walk: a big cache is measured partly rather than slowly.
const WALK_ENTRIES: usize = 400_000;
const WALK_TIME: Duration = Duration::from_secs(4);
/// Less free space than this is a warning: one large module graph needs hundreds of MiB.
const LOW_SPACE: u64 = 1024 * 1024 * 1024;

/// The module cache's facts, with their findings.
pub fn modcache(path: &str, out: &mut Vec<Finding>) -> ModCache {
    let mut m = ModCache {
        path: path.to_string(),
        ..ModCache::default()
    };
    if path.is_empty() {
        return m;
    }
    let dir = Path::new(path);
    m.exists = dir.is_dir();
    // The folder the go command would create the cache in, if it does not exist yet.
    let existing = dir.ancestors().find(|a| a.is_dir());
    m.writable = existing.is_some_and(|d| tempfile::tempfile_in(d).is_ok());
    m.free_bytes = existing.and_then(|d| fs4::available_space(d).ok());
    if m.exists {
        (m.size_bytes, m.size_complete) = dir_size(dir);
    }
    if !m.writable {
        out.push(Finding::new(
            "modcache-not-writable",
            Severity::Problem,
            Text::new(
                format!(
                    "The module cache {path} cannot be written: downloads will fail. Set GOMODCACHE to a folder you own."
                ),
                format!("模块缓存 {path} 不可写，下载会失败。请把 GOMODCACHE 设为你有权限的文件夹。"),
            ),
        ));
    }
    if let Some(free) = m.free_bytes.filter(|f| *f < LOW_SPACE) {
        let mib = free / (1024 * 1024);
        out.push(Finding::new(
            "modcache-low-space",
            Severity::Warning,
            Text::new(
                format!("Only {mib} MiB free where the module cache is."),
                format!("模块缓存所在磁盘只剩 {mib} MiB 可用空间。"),
            ),
        ));
    }
    m
}

/// The bytes under `dir` (symlinks not followed), and whether the walk finished in its bounds.
fn dir_size(dir: &Path) -> (u64, bool) {
    let start = Instant::now();
    let (mut total, mut entries) = (0u64, 0usize);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in read.flatten() {
            entries += 1;
            if entries > WALK_ENTRIES || start.elapsed() > WALK_TIME {
                return (total, false);
            }
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    (total, true)
}

mod access;
pub use access::{GitInfo, NetrcInfo, ProxyVar, git, netrc, proxy_vars};
