//! The go command runner. Every invocation is built as data (`GoCommand`: program, argv,
//! complete environment, working directory, timeout), unit-tested, and run by one function
//! that clears the inherited environment, never uses a shell, kills the child on timeout and
//! sets `CREATE_NO_WINDOW` on Windows.

use super::location::{EnvMap, TargetOs, env_value};
use super::version::GoVersion;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[cfg(windows)]
mod job;
mod process;

pub use process::{run, run_blocking, run_streaming};

/// Default timeout for `go env` and `go version` (they take 5-150 ms).
pub const QUICK_TIMEOUT: Duration = Duration::from_secs(20);

/// One invocation of the go command, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoCommand {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// The complete child environment (nothing else is inherited).
    pub env: EnvMap,
    pub cwd: PathBuf,
    pub timeout: Duration,
}

/// A finished go command: its exit status and output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoOutput {
    /// Exit code (None if killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl GoOutput {
    /// Exited with status 0.
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }
}

/// Why the go command could not be run to the end.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("cannot start {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("{program} did not finish within {timeout_ms} ms and was stopped")]
    Timeout { program: String, timeout_ms: u128 },
    #[error("cannot run the go command: {0}")]
    Runtime(std::io::Error),
    #[error("{program} was stopped on request")]
    Cancelled { program: String },
}

/// A go binary found on this machine.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GoBinary {
    pub path: PathBuf,
    pub version: Option<GoVersion>,
    /// The binary's own GOROOT (asked with no env file and no GOROOT variable).
    pub root: Option<PathBuf>,
}

/// A directory with no go.mod above it, for commands that must not see a project (G15).
pub fn neutral_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gomirror-neutral-{}", whoami_suffix()));
    // Best effort: if it cannot be created, the temp dir itself is used by the caller.
    if std::fs::create_dir_all(&dir).is_ok() {
        dir
    } else {
        std::env::temp_dir()
    }
}

fn whoami_suffix() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "user".into())
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The environment for a child: the given one with overrides (`None` removes a variable).
pub fn child_env(base: &EnvMap, overrides: &[(&str, Option<&str>)]) -> EnvMap {
    let mut env = base.clone();
    for (key, value) in overrides {
        match value {
            Some(v) => env.insert(key.to_string(), v.to_string()),
            None => env.remove(*key),
        };
    }
    env
}

fn exe_name(os: TargetOs) -> &'static str {
    if os == TargetOs::Windows {
        "go.exe"
    } else {
        "go"
    }
}

/// Where to look for the go command, in order: `GOMIRROR_GO` (an explicit choice), PATH,
/// `$GOROOT/bin`, then the standard install places of the OS.
pub fn candidate_paths(env: &EnvMap, os: TargetOs) -> Vec<PathBuf> {
    let exe = exe_name(os);
    let mut out = Vec::new();
    if let Some(p) = env_value(env, "GOMIRROR_GO") {
        out.push(PathBuf::from(p));
        return out;
    }
    if let Some(path) = env.get("PATH").or_else(|| env.get("Path")) {
        let sep = if os == TargetOs::Windows { ';' } else { ':' };
        for dir in path.split(sep).filter(|d| !d.is_empty()) {
            out.push(Path::new(dir).join(exe));
        }
    }
    if let Some(root) = env_value(env, "GOROOT") {
        out.push(Path::new(root).join("bin").join(exe));
    }
    let home = env_value(
        env,
        if os == TargetOs::Windows {
            "USERPROFILE"
        } else {
            "HOME"
        },
    );
    match os {
        TargetOs::Windows => {
            for var in ["ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"] {
                if let Some(pf) = env_value(env, var) {
                    out.push(Path::new(pf).join("Go").join("bin").join(exe));
                }
            }
            out.push(PathBuf::from(r"C:\Program Files\Go\bin\go.exe"));
            out.push(PathBuf::from(r"C:\Go\bin\go.exe"));
            if let Some(h) = home {
                out.push(Path::new(h).join("scoop").join("shims").join(exe));
                out.push(Path::new(h).join("go").join("bin").join(exe));
            }
        }
        TargetOs::MacOs => {
            for p in [
                "/usr/local/go/bin/go",
                "/opt/homebrew/bin/go",
                "/usr/local/bin/go",
                "/opt/local/bin/go",
            ] {
                out.push(PathBuf::from(p));
            }
        }
        TargetOs::Linux => {
            for p in [
                "/usr/local/go/bin/go",
                "/usr/lib/go/bin/go",
                "/usr/bin/go",
                "/snap/bin/go",
            ] {
                out.push(PathBuf::from(p));
            }
        }
    }
    if let Some(h) = home {
        out.push(Path::new(h).join("go").join("bin").join(exe));
        out.push(Path::new(h).join(".local").join("go").join("bin").join(exe));
    }
    out
}

/// The first candidate that is an existing file.
pub fn discover(env: &EnvMap, os: TargetOs) -> Option<PathBuf> {
    candidate_paths(env, os).into_iter().find(|p| p.is_file())
}

/// `go env -json KEY...` with `GOTOOLCHAIN=local` in a neutral directory (no switching, G15).
/// GOTOOLCHAIN itself must be asked with [`gotoolchain_command`].
pub fn env_json_command(go: &Path, env: &EnvMap, keys: &[&str]) -> GoCommand {
    let mut args: Vec<OsString> = vec!["env".into(), "-json".into()];
    args.extend(keys.iter().map(OsString::from));
    GoCommand {
        program: go.to_path_buf(),
        args,
        env: child_env(env, &[("GOTOOLCHAIN", Some("local"))]),
        cwd: neutral_dir(),
        timeout: QUICK_TIMEOUT,
    }
}

/// `go env GOTOOLCHAIN`: exactly this form is exempt from toolchain switching.
pub fn gotoolchain_command(go: &Path, env: &EnvMap) -> GoCommand {
    GoCommand {
        program: go.to_path_buf(),
        args: vec!["env".into(), "GOTOOLCHAIN".into()],
        env: env.clone(),
        cwd: neutral_dir(),
        timeout: QUICK_TIMEOUT,
    }
}

/// `go env -json GOVERSION GOROOT` asking the binary about itself: no toolchain switching, no
/// env file (a broken GOROOT or GOTOOLCHAIN line cannot stop it), no inherited GOROOT/GOFLAGS.
pub fn version_command(go: &Path, env: &EnvMap) -> GoCommand {
    GoCommand {
        program: go.to_path_buf(),
        args: vec![
            "env".into(),
            "-json".into(),
            "GOVERSION".into(),
            "GOROOT".into(),
        ],
        env: child_env(
            env,
            &[
                ("GOTOOLCHAIN", Some("local")),
                ("GOENV", Some("off")),
                ("GOROOT", None),
                ("GOFLAGS", None),
            ],
        ),
        cwd: neutral_dir(),
        timeout: QUICK_TIMEOUT,
    }
}

/// The `go env -w` invocations for a set of values. GOTOOLCHAIN is written alone, as the
/// exact one-argument form that bypasses toolchain selection (G2), and without exporting
/// GOTOOLCHAIN (which would print the override warning, G15). The others run with
/// `GOTOOLCHAIN=local` unless the environment sets GOTOOLCHAIN itself, so that a stored bad
/// GOTOOLCHAIN cannot block them.
pub fn env_write_commands(
    go: &Path,
    env: &EnvMap,
    values: &BTreeMap<String, String>,
) -> Vec<GoCommand> {
    let mut commands = Vec::new();
    let mut rest: Vec<OsString> = vec!["env".into(), "-w".into()];
    for (key, value) in values {
        if key == "GOTOOLCHAIN" {
            commands.push(GoCommand {
                program: go.to_path_buf(),
                args: vec![
                    "env".into(),
                    "-w".into(),
                    format!("GOTOOLCHAIN={value}").into(),
                ],
                env: env.clone(),
                cwd: neutral_dir(),
                timeout: QUICK_TIMEOUT,
            });
        } else {
            rest.push(format!("{key}={value}").into());
        }
    }
    if rest.len() > 2 {
        commands.insert(0, quiet_toolchain_command(go, env, rest));
    }
    commands
}

/// `go env -u KEY...`, with `GOTOOLCHAIN=local` so a stored bad GOTOOLCHAIN does not block it.
pub fn env_unset_command(go: &Path, env: &EnvMap, keys: &[String]) -> GoCommand {
    let mut args: Vec<OsString> = vec!["env".into(), "-u".into()];
    args.extend(keys.iter().map(OsString::from));
    quiet_toolchain_command(go, env, args)
}

fn quiet_toolchain_command(go: &Path, env: &EnvMap, args: Vec<OsString>) -> GoCommand {
    let overrides: &[(&str, Option<&str>)] = if env_value(env, "GOTOOLCHAIN").is_some() {
        &[]
    } else {
        &[("GOTOOLCHAIN", Some("local"))]
    };
    GoCommand {
        program: go.to_path_buf(),
        args,
        env: child_env(env, overrides),
        cwd: neutral_dir(),
        timeout: QUICK_TIMEOUT,
    }
}

/// Detects the version of a go binary without letting it switch toolchains; falls back to
/// `$GOROOT/VERSION` when the binary cannot start (e.g. a stored bad GOROOT, G3).
pub fn detect(go: &Path, env: &EnvMap) -> GoBinary {
    let reported = run_blocking(&version_command(go, env))
        .ok()
        .filter(GoOutput::success)
        .and_then(|out| parse_env_json(&out.stdout).ok())
        .unwrap_or_default();
    let root = reported
        .get("GOROOT")
        .filter(|r| !r.is_empty())
        .map(PathBuf::from)
        .or_else(|| super::location::goroot_of_binary(go));
    let version = reported
        .get("GOVERSION")
        .and_then(|v| GoVersion::parse(v))
        .or_else(|| {
            let text = std::fs::read_to_string(root.as_ref()?.join("VERSION")).ok()?;
            GoVersion::parse(text.lines().next()?)
        });
    GoBinary {
        path: go.to_path_buf(),
        version,
        root,
    }
}

/// Asks the go command whether it accepts a GOFLAGS value (every flag must exist in some go
/// subcommand, which only the binary knows): `go version` fails on a bad GOFLAGS. Returns the
/// go command's error text, or None if accepted (or if the binary cannot tell).
pub fn goflags_error(go: &Path, env: &EnvMap, value: &str) -> Option<String> {
    let cmd = GoCommand {
        program: go.to_path_buf(),
        args: vec!["version".into()],
        env: child_env(
            env,
            &[
                ("GOFLAGS", Some(value)),
                ("GOTOOLCHAIN", Some("local")),
                ("GOENV", Some("off")),
                ("GOROOT", None),
            ],
        ),
        cwd: neutral_dir(),
        timeout: QUICK_TIMEOUT,
    };
    let out = run_blocking(&cmd).ok()?;
    if out.success() {
        return None;
    }
    out.stderr
        .lines()
        .find(|l| l.contains("GOFLAGS"))
        .map(str::to_string)
}

/// Parses `go env -json` output into a map.
pub fn parse_env_json(stdout: &str) -> Result<BTreeMap<String, String>, serde_json::Error> {
    serde_json::from_str(stdout)
}

#[cfg(test)]
mod tests;
