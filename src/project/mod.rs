//! A Go project on disk and the settings its tools give the go command: direnv's `.envrc`,
//! VS Code's `.vscode/settings.json` and GoLand's `.idea/workspace.xml`. Reading is I/O (the
//! worker and the CLI call it); everything computed from what was read is pure.

pub mod apply;
pub mod effective;
pub mod envrc;
pub mod git;
pub mod goland;
pub mod gomod;
pub mod job;
pub mod vscode;

use crate::goenv::gocmd::{self, GoCommand};
use crate::goenv::location::{EnvMap, TargetOs, env_value};
use crate::i18n::Text;
use crate::tr;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Public code hosts: a module there is not private by default.
pub const PUBLIC_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "golang.org",
    "gopkg.in",
    "google.golang.org",
    "go.googlesource.com",
    "cloud.google.com",
    "k8s.io",
    "sigs.k8s.io",
    "go.uber.org",
    "gitee.com",
];

/// How long `direnv status` may take.
const DIRENV_TIMEOUT: Duration = Duration::from_secs(5);

/// The module path declared by a go.mod's text.
pub fn module_path(gomod: &str) -> Option<String> {
    gomod::parse_gomod(gomod).module
}

/// The host of a module path, if it looks private (has a dot, not a public code host).
pub fn private_host(module: &str) -> Option<String> {
    let host = module.split('/').next()?;
    (host.contains('.') && !PUBLIC_HOSTS.contains(&host)).then(|| host.to_string())
}

/// Reads `dir/go.mod` (I/O: call it from the worker) and returns its private host, if any.
pub fn read_private_host(dir: &Path) -> Option<String> {
    let gomod = std::fs::read_to_string(dir.join("go.mod")).ok()?;
    private_host(&module_path(&gomod)?)
}

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
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Envrc,
    Vscode,
    Goland,
}

impl TargetKind {
    pub const ALL: [Self; 3] = [Self::Envrc, Self::Vscode, Self::Goland];

    pub fn name(self) -> &'static str {
        match self {
            Self::Envrc => "envrc",
            Self::Vscode => "vscode",
            Self::Goland => "goland",
        }
    }

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
    pub remotes: Vec<String>,
    pub envrc: TargetFile,
    /// `direnv status` for the `.envrc`: None when direnv is not installed or there is none.
    pub envrc_allowed: Option<bool>,
    pub vscode: TargetFile,
    pub vscode_vars: vscode::VscodeVars,
    pub idea_exists: bool,
    pub goland: TargetFile,
    pub goland_env: goland::GolandEnv,
}

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{0} is not a folder")]
    NotFolder(PathBuf),
}

impl ProjectError {
    pub fn text(&self) -> Text {
        match self {
            Self::NotFolder(p) => {
                let shown = p.display();
                tr!("{shown} is not a folder", "{shown} 不是文件夹")
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

/// Finds a program on PATH.
pub fn which(env: &EnvMap, name: &str) -> Option<PathBuf> {
    let path = env.get("PATH").or_else(|| env.get("Path"))?;
    let sep = if cfg!(windows) { ';' } else { ':' };
    let exe = if cfg!(windows) {
        format!("{name}.exe")
    } else {
        name.to_string()
    };
    path.split(sep)
        .filter(|d| !d.is_empty())
        .map(|d| Path::new(d).join(&exe))
        .find(|p| p.is_file())
}

/// `direnv status` in the project folder: whether its `.envrc` is allowed. Bounded.
pub fn direnv_allowed(dir: &Path, env: &EnvMap) -> Option<bool> {
    let direnv = which(env, "direnv")?;
    let out = gocmd::run_blocking(&GoCommand {
        program: direnv,
        args: vec!["status".into()],
        env: env.clone(),
        cwd: dir.to_path_buf(),
        timeout: DIRENV_TIMEOUT,
    })
    .ok()?;
    parse_direnv_status(&out.stdout)
}

/// `Found RC allowed true|false` (direnv 2.32) or `0|1|2` (2.33+: allowed, not allowed, denied).
pub fn parse_direnv_status(stdout: &str) -> Option<bool> {
    let v = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Found RC allowed "))?
        .trim();
    match v {
        "true" | "0" => Some(true),
        "false" | "1" | "2" => Some(false),
        _ => None,
    }
}

/// `direnv allow DIR`: only ever run on the user's explicit request.
pub fn direnv_allow(dir: &Path, env: &EnvMap) -> Result<(), Text> {
    let Some(direnv) = which(env, "direnv") else {
        return Err(tr!(
            "direnv is not installed (see https://direnv.net)",
            "未安装 direnv（见 https://direnv.net）"
        ));
    };
    let out = gocmd::run_blocking(&GoCommand {
        program: direnv,
        args: vec!["allow".into(), dir.as_os_str().to_owned()],
        env: env.clone(),
        cwd: dir.to_path_buf(),
        timeout: DIRENV_TIMEOUT,
    })
    .map_err(|e| Text::new(e.to_string(), format!("无法运行 direnv：{e}")))?;
    if out.success() {
        Ok(())
    } else {
        let err = out.stderr.trim().to_string();
        Err(Text::new(
            format!("direnv allow failed: {err}"),
            format!("direnv allow 失败：{err}"),
        ))
    }
}

impl Project {
    /// Reads a project folder (I/O, without running git). `direnv status` runs only when
    /// `ask_direnv` (it is a process; the read is otherwise pure file reading).
    pub fn read(dir: &Path, env: &EnvMap, ask_direnv: bool) -> Result<Self, ProjectError> {
        if !dir.is_dir() {
            return Err(ProjectError::NotFolder(dir.to_path_buf()));
        }
        // `direnv status` is a process: it runs while the files are read.
        let direnv = (ask_direnv && dir.join(".envrc").is_file()).then(|| {
            let (dir, env) = (dir.to_path_buf(), env.clone());
            std::thread::spawn(move || direnv_allowed(&dir, &env))
        });
        let text = |p: PathBuf| std::fs::read_to_string(p).ok();
        let mut p = Self {
            dir: dir.to_path_buf(),
            gomod: text(dir.join("go.mod")).map(|t| gomod::parse_gomod(&t)),
            gowork: text(dir.join("go.work")).map(|t| gomod::parse_gowork(&t)),
            vendor: text(dir.join("vendor/modules.txt")).map(|t| gomod::parse_vendor_modules(&t)),
            remotes: git::config_path(dir)
                .and_then(text)
                .map(|c| git::remotes(&c))
                .unwrap_or_default(),
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
        if let Some(status) = direnv {
            p.envrc_allowed = status.join().ok().flatten();
        }
        Ok(p)
    }

    fn parse_target(&mut self, kind: TargetKind, file: &mut TargetFile) {
        if !file.exists() {
            return;
        }
        let text = file.text();
        match kind {
            TargetKind::Envrc => file.vars = envrc::values(&text),
            TargetKind::Vscode => match vscode::read(&text) {
                Ok(v) => {
                    file.vars = v
                        .tools
                        .iter()
                        .map(|(k, v)| (k.clone(), Some(v.clone())))
                        .collect();
                    self.vscode_vars = v;
                }
                Err(e) => file.error = Some(Text::new(e.to_string(), e.zh())),
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
        if self.vscode.exists() {
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

/// Adds `url."git@HOST:".insteadOf https://HOST/` to the user's git config (git then uses SSH
/// for that host, where the user's key is the credential), with a backup and one undo step.
/// Returns the diff (also for a dry run); None when the rule is there already.
pub fn git_ssh_instead_of(
    env: &EnvMap,
    host: &str,
    dry_run: bool,
    data_dir: &Path,
) -> Result<Option<String>, crate::apply::ApplyError> {
    use crate::apply::ApplyError;
    use crate::apply::safe_write::{self, Fingerprint};
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    if !valid {
        return Err(ApplyError::refused(tr!(
            "{host} is not a host name (write it as git.example.com)",
            "{host} 不是主机名（请写成 git.example.com 的形式）"
        )));
    }
    let Some(path) = git::user_config_path(env) else {
        return Err(ApplyError::refused(tr!(
            "no home folder for the git config: set HOME (USERPROFILE on Windows)",
            "找不到存放 git 配置的主目录：请设置 HOME（Windows 为 USERPROFILE）"
        )));
    };
    let before = safe_write::read_stable(&path)?;
    let text = String::from_utf8_lossy(before.as_deref().unwrap_or_default()).into_owned();
    let Some(after) = git::with_ssh_instead_of(&text, &host.to_ascii_lowercase()) else {
        return Ok(None);
    };
    let name = path.display().to_string();
    let diff = similar::TextDiff::from_lines(&text, &after)
        .unified_diff()
        .header(&format!("{name} (now)"), &format!("{name} (after)"))
        .to_string();
    if !dry_run {
        crate::apply::credentials::write_other(
            &path,
            &Fingerprint::of(before.as_deref()),
            after.as_bytes(),
            vec![format!("git: url.git@{host}:.insteadOf https://{host}/")],
            false,
            data_dir,
        )?;
    }
    Ok(Some(diff))
}

/// The environment of a consumer's process for `os`.
pub fn os_name(os: TargetOs) -> &'static str {
    match os {
        TargetOs::Linux => "linux",
        TargetOs::MacOs => "osx",
        TargetOs::Windows => "windows",
    }
}

/// The home folder, for showing paths shortly.
pub fn home(env: &EnvMap) -> Option<&str> {
    env_value(env, "HOME").or_else(|| env_value(env, "USERPROFILE"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            module_path("// x\nmodule \"git.corp.com/team/app\" // c\n"),
            Some("git.corp.com/team/app".into())
        );
        assert_eq!(
            private_host("git.corp.com/team/app"),
            Some("git.corp.com".into())
        );
        assert_eq!(private_host("github.com/a/b"), None);
        assert_eq!(private_host("localmodule"), None);
    }

    #[test]
    fn direnv_status_forms() {
        assert_eq!(
            parse_direnv_status("x\nFound RC allowed true\n"),
            Some(true)
        );
        assert_eq!(parse_direnv_status("Found RC allowed false"), Some(false));
        assert_eq!(parse_direnv_status("Found RC allowed 0"), Some(true));
        assert_eq!(parse_direnv_status("Found RC allowed 2"), Some(false));
        assert_eq!(parse_direnv_status("No .envrc or .env loaded"), None);
    }

    #[test]
    fn suggestions() {
        let p = Project {
            gomod: Some(gomod::parse_gomod(
                "module git.corp.com/team/app\nrequire (\n git.corp.com/lib/x v1.0.0\n github.com/acme/tool v0.1.0\n github.com/pub/y v1.0.0\n)\n",
            )),
            remotes: vec![
                "git@git.corp.com:team/app.git".into(),
                "https://github.com/acme/app".into(),
            ],
            ..Project::default()
        };
        assert_eq!(p.suggested_private(""), ["git.corp.com", "github.com/acme"]);
        assert_eq!(p.suggested_private("git.corp.com"), ["github.com/acme"]);
    }
}
