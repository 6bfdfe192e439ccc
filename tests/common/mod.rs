//! Test support: the real go toolchains installed by scripts/install-tools.sh, sandboxes with
//! their own HOME, and helpers to run the go command and gomirror. A missing toolchain fails
//! the test loudly: nothing is skipped.
#![allow(dead_code)]

use gomirror::goenv::location::EnvMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real go binary of a toolchain: "1.27", "1.24" or "1.19".
pub fn go(version: &str) -> PathBuf {
    let tools = repo_root().join(".tools");
    let path = match version {
        "1.19" => tools.join("go1.19"),
        v => tools.join(format!("go{v}")).join("gobin"),
    };
    assert!(
        path.exists(),
        "Go {version} is missing at {}: run scripts/install-tools.sh (scripts/test.sh does)",
        path.display()
    );
    std::fs::canonicalize(&path).expect("resolve go binary")
}

/// The GOROOT of a toolchain (for building fixtures from its vendored x/mod, §11).
pub fn goroot(version: &str) -> PathBuf {
    let go = go(version);
    go.parent()
        .and_then(Path::parent)
        .expect("GOROOT")
        .to_path_buf()
}

/// A throwaway home with its own caches; the environment contains nothing else of ours.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub home: PathBuf,
}

impl Sandbox {
    pub fn new() -> Self {
        Self::with_home_name("home")
    }

    pub fn with_home_name(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join(name);
        std::fs::create_dir_all(&home).expect("home");
        Self { dir, home }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A minimal environment: HOME, PATH for system tools, private caches, no network.
    pub fn env(&self) -> EnvMap {
        let mut env = EnvMap::new();
        env.insert("HOME".into(), self.home.display().to_string());
        env.insert("PATH".into(), "/usr/bin:/bin".into());
        env.insert("GOCACHE".into(), shared_gocache().display().to_string());
        env.insert(
            "GOMIRROR_DATA_DIR".into(),
            self.path().join("data").display().to_string(),
        );
        // Safety net: any request to a non-loopback host goes to a closed port.
        env.insert("HTTPS_PROXY".into(), "http://127.0.0.1:9".into());
        env.insert("HTTP_PROXY".into(), "http://127.0.0.1:9".into());
        env
    }

    /// The default user env file for this sandbox (Linux rules).
    pub fn env_file(&self) -> PathBuf {
        self.home.join(".config").join("go").join("env")
    }
}

/// One GOCACHE for all tests (the go command's build cache is safe to share).
pub fn shared_gocache() -> PathBuf {
    let dir = std::env::temp_dir().join("gomirror-test-gocache");
    std::fs::create_dir_all(&dir).expect("gocache");
    dir
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a program with exactly this environment, in `cwd`.
pub fn run(program: &Path, args: &[&str], env: &EnvMap, cwd: &Path) -> Output {
    let out = Command::new(program)
        .args(args)
        .env_clear()
        .envs(env)
        .current_dir(cwd)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs the go command; `cwd` is the sandbox.
pub fn run_go(go: &Path, args: &[&str], env: &EnvMap, cwd: &Path) -> Output {
    run(go, args, env, cwd)
}

/// Runs the gomirror binary with `GOMIRROR_GO` pinned to `go` (or to nothing).
pub fn gomirror(args: &[&str], env: &EnvMap, go: Option<&Path>, cwd: &Path) -> Output {
    let mut env = env.clone();
    env.insert(
        "GOMIRROR_GO".into(),
        go.map_or("/nonexistent/go".into(), |g| g.display().to_string()),
    );
    run(Path::new(env!("CARGO_BIN_EXE_gomirror")), args, &env, cwd)
}

/// [`gomirror`], which must exit 0 (the failure shows both outputs).
pub fn gomirror_ok(args: &[&str], env: &EnvMap, go: Option<&Path>, cwd: &Path) -> Output {
    let out = gomirror(args, env, go, cwd);
    assert_eq!(
        out.code, 0,
        "gomirror {args:?} failed:\n{}\n{}",
        out.stdout, out.stderr
    );
    out
}

/// [`gomirror_ok`] with `--json`-style output: its standard output parsed as JSON.
pub fn gomirror_json(
    args: &[&str],
    env: &EnvMap,
    go: Option<&Path>,
    cwd: &Path,
) -> serde_json::Value {
    json(&gomirror_ok(args, env, go, cwd))
}

/// A command's standard output parsed as JSON (the failure shows both outputs and the exit
/// code), whatever the exit code: the JSON contracts hold for refusals too.
pub fn json_as<T: serde::de::DeserializeOwned>(out: &Output) -> T {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}), exit {}:\n{}\n{}",
            out.code, out.stdout, out.stderr
        )
    })
}

/// [`json_as`] a JSON value.
pub fn json(out: &Output) -> serde_json::Value {
    json_as(out)
}

/// `go env KEY...` as the real go command prints it: one value per key, in order.
pub fn go_env(go: &Path, keys: &[&str], env: &EnvMap, cwd: &Path) -> Vec<String> {
    let mut args = vec!["env"];
    args.extend_from_slice(keys);
    let out = run_go(go, &args, env, cwd);
    assert_eq!(out.code, 0, "go env {keys:?}: {}", out.stderr);
    out.stdout.lines().map(str::to_string).collect()
}

/// A GOROOT that shares everything with a real one but has its own go.env.
pub fn fake_goroot(real: &Path, at: &Path, go_env: Option<&str>) -> PathBuf {
    std::fs::create_dir_all(at).expect("fake goroot");
    for entry in std::fs::read_dir(real).expect("read goroot") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if name == "go.env" {
            continue;
        }
        std::os::unix::fs::symlink(entry.path(), at.join(&name)).expect("symlink");
    }
    if let Some(text) = go_env {
        std::fs::write(at.join("go.env"), text).expect("go.env");
    }
    at.to_path_buf()
}

/// Builds a Go program against the toolchain's own vendored golang.org/x/mod (§11): the
/// vendored tree is copied next to it and wired in with a replace directive. No network.
pub fn build_go_program(version: &str, sandbox: &Sandbox, name: &str, main_go: &str) -> PathBuf {
    let xmod = sandbox.path().join("xmod");
    if !xmod.exists() {
        let vendored = goroot(version).join("src/cmd/vendor/golang.org/x/mod");
        assert!(
            vendored.is_dir(),
            "no vendored x/mod in {}",
            vendored.display()
        );
        copy_dir(&vendored, &xmod);
        std::fs::write(
            xmod.join("go.mod"),
            format!("module golang.org/x/mod\n\ngo {version}\n"),
        )
        .expect("go.mod");
    }
    let fixture = sandbox.path().join(format!("{name}-src"));
    std::fs::create_dir_all(&fixture).expect("fixture");
    std::fs::write(
        fixture.join("go.mod"),
        format!("module {name}\n\ngo {version}\n\nrequire golang.org/x/mod v0.0.0\n\nreplace golang.org/x/mod => ../xmod\n"),
    )
    .expect("go.mod");
    std::fs::write(fixture.join("main.go"), main_go).expect("main.go");
    let mut env = sandbox.env();
    for (k, v) in [
        ("GOFLAGS", "-mod=mod"),
        ("GOPROXY", "off"),
        ("GOSUMDB", "off"),
        ("GOTOOLCHAIN", "local"),
        ("GOWORK", "off"),
    ] {
        env.insert(k.into(), v.into());
    }
    let bin = sandbox.path().join(name);
    let out = run_go(
        &go(version),
        &["build", "-o", &bin.display().to_string(), "."],
        &env,
        &fixture,
    );
    assert_eq!(out.code, 0, "building {name} failed: {}", out.stderr);
    bin
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("readdir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Open file descriptors of this process.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|d| d.count())
        .unwrap_or(0)
}

/// Resident memory of this process, in KiB.
pub fn rss_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(0)
        * 4
}

/// Processes (other than this test) whose environment names the sandbox: a go or git child
/// left running.
#[allow(dead_code)]
pub fn leftovers(s: &Sandbox) -> Vec<String> {
    let marker = s.path().display().to_string();
    let me = std::process::id().to_string();
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("proc").flatten() {
        let pid = entry.file_name().to_string_lossy().to_string();
        if !pid.chars().all(|c| c.is_ascii_digit()) || pid == me {
            continue;
        }
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        if String::from_utf8_lossy(&environ).contains(&marker) {
            let cmd = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
            found.push(format!(
                "{pid}: {}",
                String::from_utf8_lossy(&cmd).replace('\0', " ")
            ));
        }
    }
    found
}

/// This machine's GOOS-GOARCH as the go command names it (a toolchain's `.linux-amd64`).
#[allow(dead_code)]
pub fn go_platform() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    format!("{}-{arch}", std::env::consts::OS)
}
