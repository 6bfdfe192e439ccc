//! Where the go command looks: the user env file (`cfg.EnvFile`, `os.UserConfigDir`) and
//! GOROOT. Computed from an environment given as data, so it is testable for every OS.

use super::version::GoVersion;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A process environment as data.
pub type EnvMap = BTreeMap<String, String>;

/// The current process environment (non-UTF-8 entries are skipped).
pub fn process_env() -> EnvMap {
    std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
        .collect()
}

/// Whether a variable decides where the go command's settings live or what they are: the
/// go command's own (`GO*`), the folders it derives files from, and gomirror's own.
fn decides_settings(name: &str) -> bool {
    name.starts_with("GO")
        || matches!(
            name,
            "HOME"
                | "XDG_CONFIG_HOME"
                | "XDG_DATA_HOME"
                | "AppData"
                | "APPDATA"
                | "USERPROFILE"
                | "NETRC"
                | "PATH"
                | "CC"
                | "CGO_ENABLED"
        )
}

/// The variables of this process that matter to the go command's settings but whose value is
/// not UTF-8. [`process_env`] cannot carry them, and acting without them would read or write
/// another file than the go command does (a non-UTF-8 GOENV path would silently become the
/// default file): every command refuses while one is set, and says which.
pub fn unreadable_env() -> Vec<String> {
    let mut names: Vec<String> = std::env::vars_os()
        .filter(|(_, v)| v.to_str().is_none())
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| decides_settings(k))
        .collect();
    names.sort();
    names
}

/// An environment from literal pairs (tests, examples).
pub fn env_from(pairs: &[(&str, &str)]) -> EnvMap {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Non-empty value of an environment variable (the go command treats empty as unset).
pub fn env_value<'a>(env: &'a EnvMap, key: &str) -> Option<&'a str> {
    env.get(key).map(String::as_str).filter(|v| !v.is_empty())
}

/// The operating system whose rules apply (where the env file and go.exe are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetOs {
    Linux,
    MacOs,
    Windows,
}

impl TargetOs {
    /// This machine's.
    pub fn current() -> Self {
        if cfg!(windows) {
            Self::Windows
        } else if cfg!(target_os = "macos") {
            Self::MacOs
        } else {
            Self::Linux
        }
    }
}

/// The user env file as the go command resolves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvFileLocation {
    /// The file (which may not exist yet); `from_goenv` if chosen by the GOENV variable.
    Path { path: PathBuf, from_goenv: bool },
    /// `GOENV=off`: nothing is read (but `go env -w` still writes the default file, G1).
    Off,
    /// The go command cannot find it; the text is what `go env -w` prints.
    Missing { go_text: String },
}

impl EnvFileLocation {
    /// The env file's path, when there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Path { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// `cfg.EnvFile`.
pub fn env_file_location(
    env: &EnvMap,
    os: TargetOs,
    version: Option<&GoVersion>,
) -> EnvFileLocation {
    if let Some(file) = env_value(env, "GOENV") {
        if file == "off" {
            return EnvFileLocation::Off;
        }
        return EnvFileLocation::Path {
            path: PathBuf::from(file),
            from_goenv: true,
        };
    }
    match default_env_file(env, os, version) {
        Ok(path) => EnvFileLocation::Path {
            path,
            from_goenv: false,
        },
        Err(e) => EnvFileLocation::Missing {
            go_text: format!("go: cannot find go env config: {e}"),
        },
    }
}

/// `os.UserConfigDir()/go/env`, ignoring GOENV (where `go env -w` writes even with GOENV=off).
pub fn default_env_file(
    env: &EnvMap,
    os: TargetOs,
    version: Option<&GoVersion>,
) -> Result<PathBuf, String> {
    let dir = user_config_dir(env, os, version)?;
    Ok(PathBuf::from(join_clean(&dir, "go/env", os)))
}

fn user_config_dir(
    env: &EnvMap,
    os: TargetOs,
    version: Option<&GoVersion>,
) -> Result<String, String> {
    match os {
        TargetOs::Windows => env_value(env, "AppData")
            .or_else(|| env_value(env, "APPDATA"))
            .map(str::to_string)
            .ok_or_else(|| "%AppData% is not defined".to_string()),
        TargetOs::MacOs => env_value(env, "HOME")
            .map(|h| format!("{h}/Library/Application Support"))
            .ok_or_else(|| "$HOME is not defined".to_string()),
        TargetOs::Linux => {
            if let Some(dir) = env_value(env, "XDG_CONFIG_HOME") {
                let strict = version.is_none_or(|v| v.at_least(1, 24));
                if strict && !dir.starts_with('/') {
                    return Err("path in $XDG_CONFIG_HOME is relative".into());
                }
                return Ok(dir.to_string());
            }
            env_value(env, "HOME")
                .map(|h| format!("{h}/.config"))
                .ok_or_else(|| "neither $XDG_CONFIG_HOME nor $HOME are defined".to_string())
        }
    }
}

/// Go's `filepath.Join(dir, rel)` (which cleans the result).
pub fn join_clean(dir: &str, rel: &str, os: TargetOs) -> String {
    if os == TargetOs::Windows {
        let joined = format!(
            "{}\\{}",
            dir.trim_end_matches(['\\', '/']),
            rel.replace('/', "\\")
        );
        return joined;
    }
    clean(&format!("{dir}/{rel}"))
}

/// Go's `path.Clean` for slash-separated paths.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Go's `filepath.Clean` on the platform we run on.
pub fn clean_native(path: &str) -> String {
    if cfg!(windows) {
        path.to_string()
    } else {
        clean(path)
    }
}

/// The GOROOT a go binary belongs to (`findGOROOT`'s executable rule): `exe/../..` after
/// resolving symlinks, if it contains `pkg/tool`.
pub fn goroot_of_binary(go: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(go).ok()?;
    for up in [2usize, 3] {
        let mut dir = real.clone();
        for _ in 0..up {
            dir = dir.parent()?.to_path_buf();
        }
        if dir.join("pkg").join("tool").is_dir() {
            return Some(dir);
        }
    }
    None
}

/// Go's default GOPATH: `$HOME/go` (`%USERPROFILE%\go`), unless that is GOROOT.
pub fn default_gopath(env: &EnvMap, os: TargetOs, goroot: &str) -> String {
    let home = match os {
        TargetOs::Windows => env_value(env, "USERPROFILE"),
        _ => env_value(env, "HOME"),
    };
    let Some(home) = home else {
        return String::new();
    };
    let gopath = join_clean(home, "go", os);
    if gopath == goroot {
        return String::new();
    }
    gopath
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goenv::location::env_from as env;

    #[test]
    fn env_file_rules() {
        let linux = TargetOs::Linux;
        assert_eq!(
            env_file_location(&env(&[("HOME", "/home/u/")]), linux, None).path(),
            Some(Path::new("/home/u/.config/go/env"))
        );
        assert_eq!(
            env_file_location(&env(&[("GOENV", "off")]), linux, None),
            EnvFileLocation::Off
        );
        assert_eq!(
            env_file_location(&env(&[("GOENV", "rel/f"), ("HOME", "/h")]), linux, None).path(),
            Some(Path::new("rel/f"))
        );
        assert_eq!(
            env_file_location(&env(&[("XDG_CONFIG_HOME", "rel")]), linux, None),
            EnvFileLocation::Missing {
                go_text: "go: cannot find go env config: path in $XDG_CONFIG_HOME is relative"
                    .into()
            }
        );
        let v119 = GoVersion::parse("go1.19.8");
        assert_eq!(
            env_file_location(&env(&[("XDG_CONFIG_HOME", "rel")]), linux, v119.as_ref()).path(),
            Some(Path::new("rel/go/env"))
        );
        assert_eq!(
            env_file_location(&env(&[]), linux, None),
            EnvFileLocation::Missing {
                go_text:
                    "go: cannot find go env config: neither $XDG_CONFIG_HOME nor $HOME are defined"
                        .into()
            }
        );
        assert_eq!(
            env_file_location(
                &env(&[("AppData", r"C:\Users\张三\AppData\Roaming")]),
                TargetOs::Windows,
                None
            )
            .path(),
            Some(Path::new(r"C:\Users\张三\AppData\Roaming\go\env"))
        );
        assert_eq!(
            env_file_location(&env(&[("HOME", "/Users/u")]), TargetOs::MacOs, None).path(),
            Some(Path::new("/Users/u/Library/Application Support/go/env"))
        );
    }

    #[test]
    fn cleans_like_go() {
        assert_eq!(clean("/a//b/./c/../d/"), "/a/b/d");
        assert_eq!(clean("a/../../b"), "../b");
        assert_eq!(clean("/../x"), "/x");
    }
}
