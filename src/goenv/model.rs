//! The settings model: for every key, the effective value and the layer it comes from
//! (process environment, user env file, `$GOROOT/go.env`, built-in default), computed from the
//! layers directly as `cfg.Getenv`/`EnvOrAndChanged`/`findGOROOT` do, with or without a go binary.

use super::envfile::{self, Duplicates};
use super::gocmd::GoBinary;
use super::keys;
use super::location::{self, EnvFileLocation, EnvMap, TargetOs, env_value};
use super::version::GoVersion;
use crate::i18n::Text;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layer an effective value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The process environment.
    Env,
    /// The user env file (`go env GOENV`).
    File,
    /// `$GOROOT/go.env`.
    Goroot,
    /// Built into the go command.
    Default,
    /// GONOPROXY / GONOSUMDB left empty: the go command uses GOPRIVATE's value.
    Goprivate,
}

/// Everything the model is computed from. Reading is separate from computing so that tests
/// can build any combination of layers.
#[derive(Clone, Debug)]
pub struct Layers {
    pub env: EnvMap,
    pub os: TargetOs,
    pub go: Option<GoBinary>,
    pub env_file: EnvFileLocation,
    /// Contents of the user env file; None when it does not exist or is not used.
    pub user_file: Option<Vec<u8>>,
    /// The GOROOT whose go.env is read, and its contents.
    pub goroot_env_path: Option<PathBuf>,
    pub goroot_env: Option<Vec<u8>>,
    /// Whether this user may write that go.env (and its directory), checked when read.
    pub goroot_env_writable: bool,
}

impl Layers {
    /// Reads the layers of this machine for the given environment and go binary.
    pub fn read(env: EnvMap, os: TargetOs, go: Option<GoBinary>) -> Self {
        let version = go.as_ref().and_then(|g| g.version.clone());
        let env_file = location::env_file_location(&env, os, version.as_ref());
        let user_file = env_file.path().and_then(|p| std::fs::read(p).ok());
        let mut layers = Self {
            env,
            os,
            go,
            env_file,
            user_file,
            goroot_env_path: None,
            goroot_env: None,
            goroot_env_writable: false,
        };
        if layers.reads_goroot_env()
            && let Some(root) = layers.goroot_for_go_env()
        {
            let path = root.join("go.env");
            layers.goroot_env = std::fs::read(&path).ok();
            let writable = |p: &std::path::Path| {
                std::fs::metadata(p).is_ok_and(|m| !m.permissions().readonly())
            };
            layers.goroot_env_writable = writable(&path) && path.parent().is_some_and(writable);
            layers.goroot_env_path = Some(path);
        }
        layers
    }

    /// The go command's version, when one was found.
    pub fn version(&self) -> Option<&GoVersion> {
        self.go.as_ref().and_then(|g| g.version.as_ref())
    }

    /// Go 1.21+ (or unknown: assume a current go command) reads `$GOROOT/go.env`.
    pub fn reads_goroot_env(&self) -> bool {
        self.version().is_none_or(GoVersion::has_goroot_env)
    }

    /// The user env file's values, as the go command reads them.
    pub fn user_values(&self) -> BTreeMap<String, String> {
        self.user_file
            .as_deref()
            .map(|d| envfile::read_values(d, Duplicates::LastWins))
            .unwrap_or_default()
    }

    /// `$GOROOT/go.env`'s values.
    pub fn goroot_values(&self) -> BTreeMap<String, String> {
        if !self.reads_goroot_env() {
            return BTreeMap::new();
        }
        self.goroot_env
            .as_deref()
            .map(|d| envfile::read_values(d, Duplicates::FirstWins))
            .unwrap_or_default()
    }

    fn binary_goroot(&self) -> Option<PathBuf> {
        let go = self.go.as_ref()?;
        go.root
            .clone()
            .or_else(|| location::goroot_of_binary(&go.path))
    }

    /// `findGOROOT` as 1.21+ calls it for go.env: the user file's GOROOT, then $GOROOT, then
    /// the binary's own root.
    pub fn goroot_for_go_env(&self) -> Option<PathBuf> {
        let file = self
            .user_values()
            .get("GOROOT")
            .cloned()
            .filter(|v| !v.is_empty());
        file.or_else(|| env_value(&self.env, "GOROOT").map(str::to_string))
            .map(|v| PathBuf::from(location::clean_native(&v)))
            .or_else(|| self.binary_goroot())
    }

    /// Both files parsed once, for computing a whole model.
    pub fn file_values(&self) -> FileValues {
        FileValues {
            user: self.user_values(),
            goroot: self.goroot_values(),
        }
    }

    /// Keys present in the user file or go.env (accepted by `go env -w` on 1.21+).
    pub fn existing_keys(&self) -> BTreeSet<String> {
        let mut keys: BTreeSet<String> = self.user_values().into_keys().collect();
        keys.extend(self.goroot_values().into_keys());
        keys
    }
}

/// The values the go command reads from the user file and from go.env.
pub struct FileValues {
    pub user: BTreeMap<String, String>,
    pub goroot: BTreeMap<String, String>,
}

/// One setting as the model reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Var {
    pub value: String,
    pub source: Source,
    /// The value in the user env file, if the key is there (the effective line).
    pub file_value: Option<String>,
    pub conflicts: Vec<Conflict>,
}

/// The effective value and source of `key` (before conflicts are attached).
fn effective(layers: &Layers, files: &FileValues, key: &str) -> (String, Source) {
    let (user, goroot) = (&files.user, &files.goroot);
    let modern = layers.reads_goroot_env();
    // cfg.Getenv: a non-empty env value, else the file (user overrides go.env).
    let getenv = |k: &str| -> (String, Source) {
        if let Some(v) = env_value(&layers.env, k) {
            return (v.to_string(), Source::Env);
        }
        if let Some(v) = user.get(k) {
            return (v.clone(), Source::File);
        }
        if let Some(v) = goroot.get(k) {
            return (v.clone(), Source::Goroot);
        }
        (String::new(), Source::Default)
    };
    let or_default = |k: &str, default: String| -> (String, Source) {
        let (v, s) = getenv(k);
        if v.is_empty() {
            (default, Source::Default)
        } else {
            (v, s)
        }
    };
    match key {
        "GOENV" => {
            let value = match &layers.env_file {
                EnvFileLocation::Path { path, .. } => path.display().to_string(),
                _ => String::new(),
            };
            let source = if env_value(&layers.env, "GOENV").is_some() {
                Source::Env
            } else {
                Source::Default
            };
            (value, source)
        }
        "GOROOT" => goroot_value(layers, user),
        "GOVERSION" => (
            layers.version().map(|v| v.raw.clone()).unwrap_or_default(),
            Source::Default,
        ),
        "GOPROXY" if !modern => or_default(key, "https://proxy.golang.org,direct".into()),
        "GOSUMDB" if !modern => or_default(key, "sum.golang.org".into()),
        "GOTOOLCHAIN" if !modern => (String::new(), Source::Default),
        "GOAUTH" => {
            if layers.version().is_some_and(|v| !v.at_least(1, 24)) {
                return (String::new(), Source::Default);
            }
            or_default(key, "netrc".into())
        }
        "GONOPROXY" | "GONOSUMDB" => {
            let private = getenv("GOPRIVATE").0;
            let derived = !private.is_empty();
            match or_default(key, private) {
                (v, Source::Default) if derived => (v, Source::Goprivate),
                other => other,
            }
        }
        "GOPATH" => {
            let root = goroot_value(layers, user).0;
            or_default(key, location::default_gopath(&layers.env, layers.os, &root))
        }
        "GOMODCACHE" => {
            let gopath = effective(layers, files, "GOPATH").0;
            let first = std::env::split_paths(&gopath)
                .next()
                .map(|p| p.display().to_string());
            let default = match first {
                Some(f) if !f.is_empty() => location::join_clean(&f, "pkg/mod", layers.os),
                _ => String::new(),
            };
            or_default(key, default)
        }
        _ => {
            let (v, s) = getenv(key);
            if v.is_empty() {
                (v, Source::Default)
            } else {
                (v, s)
            }
        }
    }
}

/// `go env GOROOT`: $GOROOT wins for the value (cfg.SetGOROOT uses Getenv), then the user
/// file, then the binary's own root.
fn goroot_value(layers: &Layers, user: &BTreeMap<String, String>) -> (String, Source) {
    if let Some(v) = env_value(&layers.env, "GOROOT") {
        return (location::clean_native(v), Source::Env);
    }
    if let Some(v) = user.get("GOROOT").filter(|v| !v.is_empty()) {
        return (location::clean_native(v), Source::File);
    }
    match layers.binary_goroot() {
        Some(root) => (root.display().to_string(), Source::Default),
        None => (String::new(), Source::Default),
    }
}

/// The whole model: every key of [`keys::model_keys`].
#[derive(Clone, Debug, Serialize)]
pub struct Snapshot {
    pub go: Option<GoBinary>,
    pub env_file: Option<PathBuf>,
    pub vars: BTreeMap<String, Var>,
}

impl Snapshot {
    /// Every key's effective value and source, without conflicts ([`super::snapshot`] attaches
    /// them).
    pub fn values(layers: &Layers, files: &FileValues) -> Self {
        let mut vars = BTreeMap::new();
        for key in keys::model_keys() {
            let (value, source) = effective(layers, files, key);
            let file_value = files.user.get(key).cloned();
            vars.insert(
                key.to_string(),
                Var {
                    value,
                    source,
                    file_value,
                    conflicts: Vec::new(),
                },
            );
        }
        Self {
            go: layers.go.clone(),
            env_file: layers.env_file.path().map(Path::to_path_buf),
            vars,
        }
    }

    /// A key's effective value (empty when unknown).
    pub fn value(&self, key: &str) -> &str {
        self.vars.get(key).map_or("", |v| v.value.as_str())
    }
}

/// What the app can do about a conflict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Fix {
    /// Remove the key from the user env file (`gomirror unset KEY --via file`).
    UnsetInFile { key: String },
    /// Store this value instead (`gomirror set KEY=VALUE`).
    SetInFile { key: String, value: String },
    /// The fix is outside the app: remove an OS environment variable.
    RemoveOsVariable { key: String },
    /// Move the passwords in the env file's GOPROXY into `.netrc` (`gomirror move-credentials`).
    MoveCredentialsToNetrc,
}

/// One conflict. Serialised in JSON as `"code: English message"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// A stable identifier, e.g. `env-overrides-file`.
    pub code: &'static str,
    pub message: Text,
    pub fix: Option<Fix>,
}

impl Serialize for Conflict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}: {}", self.code, self.message.en))
    }
}
