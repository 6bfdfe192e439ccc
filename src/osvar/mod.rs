//! OS environment variables that override `go env -w` (conflict `env-overrides-file`): where
//! each one is set, and removing it there in one step that `gomirror undo` reverts.
//! - Windows: the user's and the machine's variables in the registry (`HKCU\Environment`,
//!   `HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment`); a user value is
//!   recorded (name, type, data) in the history and deleted, and every program is told
//!   (`WM_SETTINGCHANGE`, "Environment"); a machine value needs an administrator.
//! - Linux and macOS: the line of a login file that sets it (shell start-up files, fish,
//!   environment.d, PAM, the system files), commented out with a backup; a system file needs
//!   root; on macOS also the GUI session's value (`launchctl setenv`), recorded and removed
//!   with `launchctl unsetenv` (undo sets it back).
//!
//! Open terminals, VS Code and GoLand keep the old value until they are restarted.

pub mod job;
pub mod launchd;
#[cfg(windows)]
mod registry;
pub mod shell;

use crate::goenv::location::{EnvMap, TargetOs, env_value};
use crate::i18n::Text;
use crate::tr;
use serde::Serialize;
use std::path::PathBuf;

/// The variables looked for: every download setting and the proxy variables the go command uses.
pub fn keys() -> Vec<&'static str> {
    let mut k: Vec<&'static str> = crate::goenv::keys::DOWNLOAD_KEYS.to_vec();
    k.extend([
        "GOTOOLCHAIN",
        "GOFLAGS",
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "NO_PROXY",
    ]);
    k.sort_unstable();
    k.dedup();
    k
}

/// Whose variable it is: the user's, or the machine's (administrator).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// The user's own: gomirror can change it.
    User,
    /// The machine's: an administrator (root) must.
    System,
}

/// Where a variable is set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Location {
    /// A registry value: its key and type (`REG_SZ`, `REG_EXPAND_SZ`), and its data.
    Registry {
        registry_key: String,
        value_type: String,
        value: String,
    },
    /// A line of a file.
    Line {
        file: PathBuf,
        line: usize,
        text: String,
    },
    /// macOS's GUI session (`launchctl setenv`).
    Session { value: String },
}

/// One place that sets a variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub key: String,
    pub scope: Scope,
    #[serde(flatten)]
    pub location: Location,
}

impl Place {
    /// Where, in words (passwords redacted).
    pub fn describe(&self) -> String {
        let redact = crate::goenv::gourl::redact_text;
        match &self.location {
            Location::Registry {
                registry_key,
                value_type,
                value,
            } => format!(
                "{registry_key}\\{} ({value_type}) = {}",
                self.key,
                redact(value)
            ),
            Location::Line { file, line, text } => {
                format!("{}:{line}: {}", file.display(), redact(text.trim()))
            }
            Location::Session { value } => {
                format!("launchctl getenv {} = {}", self.key, redact(value))
            }
        }
    }

    /// The command an administrator runs to remove it (for a system place).
    pub fn admin_command(&self) -> String {
        match &self.location {
            Location::Registry { registry_key, .. } => format!(
                "reg delete \"{registry_key}\" /v {} /f   (in a terminal run as administrator)",
                self.key
            ),
            Location::Line { file, line, .. } => format!(
                "sudo sed -i '{line}s/^/# (gomirror os-var unset) /' {}",
                crate::project::envrc::sh_quote(&file.display().to_string())
            ),
            Location::Session { .. } => format!("launchctl unsetenv {}", self.key),
        }
    }
}

/// Every place that sets one of [`keys`] for new processes of this user.
pub fn list(env: &EnvMap, os: TargetOs) -> Vec<Place> {
    let keys = keys();
    match os {
        TargetOs::Windows => windows_places(&keys),
        _ => {
            let Some(home) = env_value(env, "HOME").map(PathBuf::from) else {
                return Vec::new();
            };
            let config = env_value(env, "XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .unwrap_or_else(|| home.join(".config"));
            let mut places = shell::find(&home, &config, &keys);
            if os == TargetOs::MacOs {
                places.extend(session_places(&keys));
            }
            places
        }
    }
}

#[cfg(target_os = "macos")]
fn session_places(keys: &[&str]) -> Vec<Place> {
    launchd::places(keys, |k| launchd::launchctl(&["getenv".into(), k.into()]))
}

#[cfg(not(target_os = "macos"))]
fn session_places(_keys: &[&str]) -> Vec<Place> {
    Vec::new()
}

#[cfg(windows)]
fn windows_places(keys: &[&str]) -> Vec<Place> {
    registry::find(keys)
}

#[cfg(not(windows))]
fn windows_places(_keys: &[&str]) -> Vec<Place> {
    Vec::new()
}

/// What an unset did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Unset {
    /// The places removed (user scope).
    pub removed: Vec<Place>,
    /// The places left, each with the command that removes it (system scope).
    pub left: Vec<(Place, String)>,
    /// History ids of the undo steps.
    pub history_ids: Vec<u64>,
    #[serde(skip)]
    pub notes: Vec<Text>,
}

/// Why nothing could be done.
#[derive(Debug, thiserror::Error)]
pub enum UnsetError {
    #[error("{}", .0.en)]
    Refused(Text),
    #[error(transparent)]
    Apply(#[from] crate::apply::ApplyError),
}

impl UnsetError {
    /// Where it is, in words.
    pub fn text(&self) -> Text {
        match self {
            Self::Refused(t) => t.clone(),
            Self::Apply(e) => Text::new(e.to_string(), e.zh()),
        }
    }
}

/// The places that set `keys` (the plan of an unset), refusing unknown keys.
pub fn plan(env: &EnvMap, os: TargetOs, wanted: &[String]) -> Result<Vec<Place>, UnsetError> {
    let known = keys();
    for k in wanted {
        if !known.contains(&k.as_str()) {
            let list = known.join(", ");
            return Err(UnsetError::Refused(tr!(
                "{k} is not a variable gomirror manages (one of {list})",
                "{k} 不是 gomirror 管理的变量（可用：{list}）"
            )));
        }
    }
    let places: Vec<Place> = list(env, os)
        .into_iter()
        .filter(|p| wanted.contains(&p.key))
        .collect();
    if places.is_empty() {
        let keys = wanted.join(", ");
        let in_process: Vec<&str> = wanted
            .iter()
            .filter(|k| env_value(env, k).is_some())
            .map(String::as_str)
            .collect();
        return Err(UnsetError::Refused(if in_process.is_empty() {
            tr!(
                "{keys} is not set in any place gomirror knows; nothing was written",
                "在 gomirror 知道的位置中都没有设置 {keys}；未写入任何内容"
            )
        } else {
            let who = in_process.join(", ");
            tr!(
                "{who} is set in this process only (by the terminal or program that started gomirror), not in a login file or the user's variables; nothing was written",
                "{who} 只在当前进程中设置（来自启动 gomirror 的终端或程序），不在登录文件或用户变量中；未写入任何内容"
            )
        }));
    }
    Ok(places)
}

/// Removes the user places of `places`; system places are left with the command that
/// removes them. Each file is one undo step; each registry value is one.
pub fn unset(places: &[Place], data_dir: &std::path::Path) -> Result<Unset, UnsetError> {
    let mut out = Unset::default();
    let (user, system): (Vec<&Place>, Vec<&Place>) =
        places.iter().partition(|p| p.scope == Scope::User);
    for p in system {
        out.left.push((p.clone(), p.admin_command()));
    }
    if user.is_empty() {
        let cmds: Vec<String> = out.left.iter().map(|(_, c)| c.clone()).collect();
        let cmds = cmds.join("\n  ");
        return Err(UnsetError::Refused(tr!(
            "set for the whole machine: an administrator must remove it; nothing was written. Run:\n  {cmds}",
            "这是整台计算机的设置：需要管理员删除；未写入任何内容。请运行：\n  {cmds}"
        )));
    }
    // Lines: one write per file, every line of it at once.
    let mut files: Vec<(PathBuf, Vec<&Place>)> = Vec::new();
    for p in &user {
        if let Location::Line { file, .. } = &p.location {
            match files.iter_mut().find(|(f, _)| f == file) {
                Some((_, v)) => v.push(p),
                None => files.push((file.clone(), vec![p])),
            }
        }
    }
    for (file, lines) in files {
        let shown = crate::apply::safe_write::Fingerprint::read(&file)
            .map_err(crate::apply::ApplyError::from)?;
        let text = std::fs::read_to_string(&file).map_err(|source| {
            crate::apply::ApplyError::from(crate::apply::safe_write::WriteError::Read {
                path: file.clone(),
                source,
            })
        })?;
        let mut after = text.clone();
        for p in &lines {
            if let Location::Line { line, .. } = &p.location
                && let Some(t) = shell::comment_out(&after, *line)
            {
                after = t;
            }
        }
        let changes = lines
            .iter()
            .map(|p| format!("-{} (os-var)", p.key))
            .collect();
        let id = crate::apply::other::write_other(
            &file,
            &shown,
            after.as_bytes(),
            changes,
            false,
            data_dir,
        )?;
        out.history_ids.push(id);
        out.removed.extend(lines.into_iter().cloned());
    }
    #[cfg(windows)]
    for p in &user {
        if matches!(p.location, Location::Registry { .. }) {
            out.history_ids.push(registry::remove(p, data_dir)?);
            out.removed.push((*p).clone());
        }
    }
    #[cfg(windows)]
    registry::broadcast();
    for p in &user {
        if let Some(step) = launchd::step(p) {
            out.history_ids.push(unset_session(p, step, data_dir)?);
            out.removed.push((*p).clone());
        }
    }
    out.notes.push(tr!(
        "open terminals, VS Code and GoLand keep the old value until they are restarted",
        "已打开的终端、VS Code 和 GoLand 在重新启动之前仍使用旧值"
    ));
    Ok(out)
}

/// Records `step` as an undo entry (`shown`: where, in words), then runs `remove`; if that
/// fails the entry is taken back, so the history never holds a step that did not happen.
fn recorded(
    shown: String,
    step: crate::apply::history::OsVarStep,
    data_dir: &std::path::Path,
    remove: impl FnOnce() -> Result<(), UnsetError>,
) -> Result<u64, UnsetError> {
    use crate::apply::ApplyError;
    use crate::apply::history::{self, Entry, History};
    let _lock = history::lock(data_dir).map_err(ApplyError::from)?;
    let (mut h, _) = History::load_or_recover(data_dir).map_err(ApplyError::from)?;
    let id = h.push(Entry {
        id: 0,
        time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        via: "os-var".into(),
        file: PathBuf::from(shown),
        changes: vec![format!("-{} (os-var)", step.name)],
        backup: None,
        backup_sha256: None,
        after: crate::apply::safe_write::Fingerprint(None),
        undone: false,
        pending: false,
        undoing: false,
        more: Vec::new(),
        source: None,
        os_var: Some(step),
    });
    h.save(data_dir).map_err(ApplyError::from)?;
    if let Err(e) = remove() {
        h.entries.retain(|e| e.id != id);
        let _ = h.save(data_dir);
        return Err(e);
    }
    Ok(id)
}

/// Records a session variable for undo, then removes it (`launchctl unsetenv`).
fn unset_session(
    place: &Place,
    step: crate::apply::history::OsVarStep,
    data_dir: &std::path::Path,
) -> Result<u64, UnsetError> {
    let (unset, _) = launchd::commands(&step);
    let key = place.key.clone();
    recorded(format!("launchd {key}"), step, data_dir, || {
        if run_launchctl(&unset) {
            Ok(())
        } else {
            Err(UnsetError::Refused(tr!(
                "launchctl unsetenv {key} failed; nothing was changed",
                "launchctl unsetenv {key} 执行失败；未做任何修改"
            )))
        }
    })
}

#[cfg(target_os = "macos")]
fn run_launchctl(args: &[String]) -> bool {
    launchd::launchctl(args).is_some()
}

#[cfg(not(target_os = "macos"))]
fn run_launchctl(_args: &[String]) -> bool {
    false
}

mod restore;
pub use restore::restore;
