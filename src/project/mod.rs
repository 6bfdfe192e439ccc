//! A Go project on disk and the settings its tools give the go command: direnv's `.envrc`,
//! VS Code's `.vscode/settings.json` and GoLand's `.idea/workspace.xml`. Reading is I/O (the
//! worker and the CLI call it); everything computed from what was read is pure.

pub mod access;
pub mod apply;
pub mod direnv;
pub mod effective;
pub mod envrc;
pub mod envrc_read;
pub mod git;
pub mod goland;
pub mod gomod;
pub mod job;
pub mod vscode;

use crate::goenv::location::EnvMap;
use crate::i18n::Text;
use crate::tr;

pub use direnv::{direnv_allow, direnv_allowed, parse_direnv_status, which};
pub use git::git_ssh_instead_of;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod hosts;
pub use hosts::{PUBLIC_HOSTS, module_path, private_host, private_hosts_of, read_private_host};

/// A file a project setting can live in.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
/// A project file gomirror can write.
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Envrc,
    Vscode,
    Goland,
}

impl TargetKind {
    /// Every kind, in the panel's order.
    pub const ALL: [Self; 3] = [Self::Envrc, Self::Vscode, Self::Goland];

    /// The name used in the CLI and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Envrc => "envrc",
            Self::Vscode => "vscode",
            Self::Goland => "goland",
        }
    }

    /// Its path inside the project.
    pub fn relative_path(self) -> &'static str {
        match self {
            Self::Envrc => ".envrc",
            Self::Vscode => ".vscode/settings.json",
            Self::Goland => ".idea/workspace.xml",
        }
    }
}

/// One target file as read.
#[derive(Clone, Debug, Default)]
pub struct TargetFile {
    pub path: PathBuf,
    /// The bytes read; None when the file does not exist.
    pub contents: Option<Vec<u8>>,
    /// The Go settings it gives (a value the shell computes shows as None).
    pub vars: BTreeMap<String, Option<String>>,
    /// Why it could not be read or understood (nothing is written to it then).
    pub error: Option<Text>,
}

impl TargetFile {
    /// The file exists.
    pub fn exists(&self) -> bool {
        self.contents.is_some()
    }

    /// The contents as text (borrowed: settings files can be large).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.contents.as_deref().unwrap_or_default())
    }

    /// The values that are known.
    pub fn known_vars(&self) -> BTreeMap<String, String> {
        self.vars
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.clone()?)))
            .collect()
    }
}

/// Everything read from a project folder.
#[derive(Clone, Debug, Default)]
pub struct Project {
    pub dir: PathBuf,
    pub gomod: Option<gomod::GoMod>,
    pub gowork: Option<gomod::GoWork>,
    /// Modules listed in `vendor/modules.txt`, if there is one.
    pub vendor: Option<Vec<(String, String)>>,
    /// The project's download sized from its `go.sum` (offline), if it has one.
    pub download: Option<crate::probe::decide::Profile>,
    pub remotes: Vec<String>,
    pub envrc: TargetFile,
    /// `direnv status` for the `.envrc`: None when direnv is not installed or there is none.
    pub envrc_allowed: Option<bool>,
    /// What `direnv export json` says entering the folder changes (the truth, when direnv is
    /// installed and the file allowed): the Go and network variables, None for one it unsets.
    pub direnv_exported: Option<BTreeMap<String, Option<String>>>,
    pub vscode: TargetFile,
    pub vscode_vars: vscode::VscodeVars,
    pub idea_exists: bool,
    pub goland: TargetFile,
    pub goland_env: goland::GolandEnv,
}

/// Why a folder cannot be read as a project.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{0} is not a folder")]
    NotFolder(PathBuf),
    #[error("{0} does not exist")]
    Missing(PathBuf),
}

impl ProjectError {
    /// Why, in words.
    pub fn text(&self) -> Text {
        match self {
            Self::NotFolder(p) => {
                let shown = p.display();
                tr!("{shown} is not a folder", "{shown} 不是文件夹")
            }
            Self::Missing(p) => {
                let shown = p.display();
                tr!(
                    "{shown} does not exist: check the path, or choose the folder",
                    "{shown} 不存在：请检查路径，或选择文件夹"
                )
            }
        }
    }
}

fn read_file(path: &Path) -> (Option<Vec<u8>>, Option<Text>) {
    match std::fs::read(path) {
        Ok(data) => (Some(data), None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, None),
        Err(e) => {
            let (shown, en, zh) = (path.display(), e.to_string(), crate::i18n::io_error_zh(&e));
            (
                None,
                Some(Text::new(
                    format!("cannot read {shown}: {en}"),
                    format!("无法读取 {shown}：{zh}"),
                )),
            )
        }
    }
}

impl Project {
    /// Reads a project folder (I/O, without running git). `direnv status` runs only when
    /// `ask_direnv` (it is a process; the read is otherwise pure file reading).
    pub fn read(dir: &Path, env: &EnvMap, ask_direnv: bool) -> Result<Self, ProjectError> {
        if !dir.exists() {
            return Err(ProjectError::Missing(dir.to_path_buf()));
        }
        if !dir.is_dir() {
            return Err(ProjectError::NotFolder(dir.to_path_buf()));
        }
        // `direnv status` is a process: it runs while the files are read.
        let direnv = (ask_direnv && dir.join(".envrc").is_file()).then(|| {
            let (dir, env) = (dir.to_path_buf(), env.clone());
            std::thread::spawn(move || {
                let allowed = direnv_allowed(&dir, &env);
                // Only a file the user allowed is ever run, and only by direnv itself.
                let exported = (allowed == Some(true))
                    .then(|| direnv::direnv_export(&dir, &env))
                    .flatten();
                (allowed, exported)
            })
        });
        let text = |p: PathBuf| std::fs::read_to_string(p).ok();
        let mut p = Self {
            dir: dir.to_path_buf(),
            gomod: text(dir.join("go.mod")).map(|t| gomod::parse_gomod(&t)),
            gowork: text(dir.join("go.work")).map(|t| gomod::parse_gowork(&t)),
            vendor: text(dir.join("vendor/modules.txt")).map(|t| gomod::parse_vendor_modules(&t)),
            download: crate::probe::model::Profile::from_project_dir(dir).ok(),
            remotes: git::read_remotes(dir),
            idea_exists: dir.join(".idea").is_dir(),
            ..Self::default()
        };
        for kind in TargetKind::ALL {
            let path = dir.join(kind.relative_path());
            let (contents, error) = read_file(&path);
            let mut file = TargetFile {
                path,
                contents,
                vars: BTreeMap::new(),
                error,
            };
            p.parse_target(kind, &mut file);
            match kind {
                TargetKind::Envrc => p.envrc = file,
                TargetKind::Vscode => p.vscode = file,
                TargetKind::Goland => p.goland = file,
            }
        }
        if let Some((allowed, exported)) = direnv.and_then(|t| t.join().ok()) {
            p.envrc_allowed = allowed;
            p.direnv_exported = exported;
        }
        Ok(p)
    }

    fn use_vscode_vars(&mut self, file: &mut TargetFile, v: vscode::VscodeVars) {
        file.vars = v
            .tools
            .iter()
            .map(|(k, v)| (k.clone(), Some(v.clone())))
            .collect();
        self.vscode_vars = v;
    }

    fn parse_target(&mut self, kind: TargetKind, file: &mut TargetFile) {
        if !file.exists() {
            return;
        }
        let text = file.text();
        match kind {
            // The file and what direnv's standard library pulls in; unknown where only the
            // shell knows.
            TargetKind::Envrc => file.vars = envrc_read::read(&file.path),
            TargetKind::Vscode => match vscode::read(&text) {
                Ok(v) => self.use_vscode_vars(file, v),
                Err(e) => {
                    // Never edited while broken, but read as VS Code reads it: the settings
                    // it can still parse are in force.
                    let (v, errors) = vscode::read_tolerant(&text);
                    self.use_vscode_vars(file, v);
                    let found: Vec<String> = errors
                        .iter()
                        .map(|e| format!("{} (line {})", e.code, e.line))
                        .collect();
                    let list = found.join(", ");
                    file.error = Some(Text::new(
                        format!(
                            "{e}; VS Code still reads the settings that parse (its errors: {list})"
                        ),
                        format!(
                            "{}；VS Code 仍会读取能解析的设置（它报告的错误：{list}）",
                            e.zh()
                        ),
                    ));
                }
            },
            TargetKind::Goland => match goland::read(&text) {
                Ok(g) => {
                    file.vars = g
                        .vars
                        .iter()
                        .map(|(k, v)| (k.clone(), Some(v.clone())))
                        .collect();
                    if let Some(proxy) = &g.legacy_proxy {
                        file.vars
                            .entry("GOPROXY".into())
                            .or_insert_with(|| Some(proxy.clone()));
                    }
                    self.goland_env = g;
                }
                Err(e) => file.error = Some(Text::new(e.to_string(), e.zh())),
            },
        }
    }

    /// The target file of this kind.
    pub fn target(&self, kind: TargetKind) -> &TargetFile {
        match kind {
            TargetKind::Envrc => &self.envrc,
            TargetKind::Vscode => &self.vscode,
            TargetKind::Goland => &self.goland,
        }
    }

    /// The targets written when the user picks none: those that exist, plus `.envrc`
    /// (GoLand's file only on explicit request).
    pub fn default_targets(&self) -> Vec<TargetKind> {
        let mut t = vec![TargetKind::Envrc];
        // One that is there but cannot be read stays a target: the write is refused, not
        // silently narrowed.
        if self.vscode.exists() || self.vscode.error.is_some() {
            t.push(TargetKind::Vscode);
        }
        t
    }

    /// The project's hosts from its git remotes.
    pub fn remote_hosts(&self) -> Vec<(String, String)> {
        self.remotes
            .iter()
            .filter_map(|r| git::url_host_path(r))
            .collect()
    }

    /// The hosts of its git remotes that are not public code hosts: evidence that modules
    /// there are private.
    pub fn private_remote_hosts(&self) -> Vec<String> {
        private_hosts_of(&self.remotes)
    }

    /// GOPRIVATE patterns worked out offline from go.mod and the git remotes (never asking a
    /// mirror): the hosts of the remotes and of the module that are not public code hosts, and
    /// on a public code host, the remote's owner where requires share it. Patterns `covered`
    /// already matches are left out.
    pub fn suggested_private(&self, covered: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |p: String| {
            if !out.contains(&p) && !crate::goenv::pattern::match_prefix_patterns(covered, &p) {
                out.push(p);
            }
        };
        let requires: Vec<&str> = self
            .gomod
            .iter()
            .flat_map(|m| m.requires.iter().map(|r| r.path.as_str()))
            .collect();
        for (host, path) in self.remote_hosts() {
            if PUBLIC_HOSTS.contains(&host.as_str()) {
                let owner = path.split('/').next().unwrap_or_default();
                let prefix = format!("{host}/{owner}");
                if !owner.is_empty()
                    && requires
                        .iter()
                        .any(|r| r.starts_with(&format!("{prefix}/")))
                {
                    add(prefix);
                }
            } else if host.contains('.') {
                add(host);
            }
        }
        let module = self.gomod.as_ref().and_then(|m| m.module.clone());
        for path in module.iter().map(String::as_str).chain(requires) {
            if let Some(host) = private_host(path)
                && self.remote_hosts().iter().any(|(h, _)| *h == host)
            {
                add(host);
            }
        }
        if let Some(host) = self
            .gomod
            .as_ref()
            .and_then(|m| m.module.as_deref())
            .and_then(private_host)
        {
            add(host);
        }
        out
    }
}

#[cfg(test)]
mod tests;
