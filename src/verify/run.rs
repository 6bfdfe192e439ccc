//! Verification with the real go command: `go mod download -json` of a project's go.mod or of
//! chosen modules, with candidate settings, in a throwaway module cache (`-modcacherw`, removed
//! afterwards), `GOTOOLCHAIN=local`, and our own total deadline (the go command has none for a
//! silent proxy): at the deadline the whole process tree, git included, is stopped.

use super::explain::{self, Class};
use crate::goenv::gocmd::{self, GoCommand, RunError};
use crate::goenv::keys::DOWNLOAD_KEYS;
use crate::goenv::location::{EnvMap, TargetOs};
use crate::goenv::model::Layers;
use crate::goenv::route::{RouteSettings, route};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The default deadline for one configuration.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A small public sample, used when neither a project nor modules are given.
pub const SAMPLE: &[&str] = &["golang.org/x/text@v0.14.0", "github.com/google/uuid@v1.6.0"];

/// One verification: the settings, what to download, the deadline.
#[derive(Clone, Debug)]
pub struct Request {
    pub go: PathBuf,
    /// The environment the go command would get (settings files are read as usual).
    pub env: EnvMap,
    /// Candidate settings, given to the go command as environment variables.
    pub settings: BTreeMap<String, String>,
    /// A project folder whose go.mod is downloaded.
    pub dir: Option<PathBuf>,
    /// `path@version`s (ignored with a project).
    pub modules: Vec<String>,
    pub timeout: Duration,
    /// Hosts known to be private (the company host, the project's git remotes): the only
    /// grounds, beside GOPRIVATE, for a fix that takes a module out of the mirror.
    pub private_hosts: Vec<String>,
    /// The GOPROXY the probe saw work (see `explain::Evidence::measured_goproxy`).
    pub measured_goproxy: Option<String>,
}

/// One module's download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModuleResult {
    pub path: String,
    pub version: String,
    pub ok: bool,
    /// Checked against the checksum database (not only go.sum); None when not downloaded.
    pub verified: Option<bool>,
    pub error_class: Option<Class>,
}

/// The first failure, classified and explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub class: Class,
    pub message: String,
    pub en: String,
    pub zh: String,
    pub fix: Option<BTreeMap<String, String>>,
}

/// What a verification showed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub ok: bool,
    pub elapsed_ms: u64,
    /// The download settings the go command used.
    pub settings: BTreeMap<String, String>,
    pub modules: Vec<ModuleResult>,
    pub failure: Option<Failure>,
    /// Bytes downloaded (zips, go.mod and .info files).
    pub bytes: u64,
    /// The checksum database the downloads were checked against, if any.
    pub database: Option<String>,
    /// Stopped on the user's request.
    pub cancelled: bool,
}

/// Live progress, from the go command's own `-x` output while it runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Requests answered so far.
    pub requests: usize,
    /// The last URL asked for (redacted).
    pub last: String,
}

impl Progress {
    /// Takes one line of `-x` output (`# get URL` and `# get URL: 200 OK (0.012s)`).
    pub fn take(&mut self, line: &str) -> bool {
        let Some(rest) = line.strip_prefix("# get ") else {
            return false;
        };
        match rest.rsplit_once(": ") {
            Some((url, _)) if url.contains("://") => {
                self.requests += 1;
                self.last = crate::goenv::gourl::redact_text(url);
            }
            _ => self.last = crate::goenv::gourl::redact_text(rest),
        }
        true
    }
}

/// One object of `go mod download -json`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Downloaded {
    path: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    info: Option<PathBuf>,
    #[serde(default)]
    go_mod: Option<PathBuf>,
    #[serde(default)]
    zip: Option<PathBuf>,
}

/// What the request says about privacy and the proxy list: its GOPRIVATE and GOPROXY (the
/// candidate's, else the environment's). No host is taken for private on a guess.
fn evidence_of(req: &Request) -> explain::Evidence {
    let value = |key: &str| {
        req.settings
            .get(key)
            .or_else(|| req.env.get(key))
            .cloned()
            .unwrap_or_default()
    };
    explain::Evidence {
        private_hosts: req.private_hosts.clone(),
        goprivate: value("GOPRIVATE"),
        goproxy: value("GOPROXY"),
        measured_goproxy: req.measured_goproxy.clone(),
    }
}

fn failure(evidence: &explain::Evidence, class: Class, message: &str) -> Failure {
    let message = crate::goenv::gourl::redact_text(message.trim());
    let (text, fix) = explain::describe(class, &message, evidence);
    Failure {
        class,
        message,
        en: text.en,
        zh: text.zh,
        fix,
    }
}

/// The first recognised problem in the go command's words.
fn classify_text(evidence: &explain::Evidence, text: &str) -> Option<Failure> {
    let line = text
        .lines()
        .find(|l| explain::classify(l) != Class::Unknown)?;
    Some(failure(evidence, explain::classify(line), line))
}

/// Runs the verification (blocking; call it from the worker or the CLI).
pub fn verify(req: &Request) -> Outcome {
    verify_with(req, |_| {}, &std::sync::atomic::AtomicBool::new(false))
}

/// [`verify`] with live progress and a cancel flag.
pub fn verify_with(
    req: &Request,
    mut on_progress: impl FnMut(&Progress),
    cancel: &std::sync::atomic::AtomicBool,
) -> Outcome {
    let start = Instant::now();
    let evidence = evidence_of(req);
    let mut env = req.env.clone();
    for (k, v) in &req.settings {
        env.insert(k.clone(), v.clone());
    }
    // What the go command will use, for the report and for "verified".
    let layers = Layers::read(env.clone(), TargetOs::current(), None);
    let snapshot = crate::goenv::snapshot(&layers);
    let settings: BTreeMap<String, String> = DOWNLOAD_KEYS
        .iter()
        .map(|k| (k.to_string(), snapshot.value(k).to_string()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let routes = RouteSettings::from_snapshot(&snapshot);
    let gosumdb = snapshot.value("GOSUMDB").to_string();
    // The database's name (`name`, `name+hash+key` or `name URL`).
    let database = (gosumdb != "off" && !gosumdb.is_empty()).then(|| {
        let first = gosumdb.split_whitespace().next().unwrap_or_default();
        first.split('+').next().unwrap_or(first).to_string()
    });
    let mut outcome = Outcome {
        ok: false,
        elapsed_ms: 0,
        settings,
        modules: Vec::new(),
        failure: None,
        bytes: 0,
        database: database.clone(),
        cancelled: false,
    };
    let cache = match tempfile::Builder::new()
        .prefix("gomirror-verify-")
        .tempdir()
    {
        Ok(d) => d,
        Err(e) => {
            outcome.failure = Some(failure(
                &evidence,
                Class::Unknown,
                &format!("no throwaway module cache: {e}"),
            ));
            return outcome;
        }
    };
    let flags = format!("{} -modcacherw", snapshot.value("GOFLAGS"))
        .trim()
        .to_string();
    let child_env = gocmd::child_env(
        &env,
        &[
            ("GOMODCACHE", Some(&cache.path().display().to_string())),
            ("GOFLAGS", Some(&flags)),
            ("GOTOOLCHAIN", Some("local")),
        ],
    );
    let mut args: Vec<std::ffi::OsString> =
        vec!["mod".into(), "download".into(), "-json".into(), "-x".into()];
    // A project's own go.mod and go.sum are never written: the go command gets a copy.
    let modfile = req
        .dir
        .as_deref()
        .and_then(|d| super::modfile::copy_for(d, snapshot.value("GOWORK")));
    if let Some(copy) = &modfile {
        args.push(copy.flag().into());
    }
    if req.dir.is_none() {
        let modules: Vec<&str> = if req.modules.is_empty() {
            SAMPLE.to_vec()
        } else {
            req.modules.iter().map(String::as_str).collect()
        };
        args.extend(modules.iter().map(std::ffi::OsString::from));
    }
    let cmd = GoCommand {
        program: req.go.clone(),
        args,
        env: child_env,
        cwd: req
            .dir
            .clone()
            .unwrap_or_else(|| cache.path().to_path_buf()),
        timeout: req.timeout,
    };
    let mut progress = Progress::default();
    let result = gocmd::run_streaming(
        &cmd,
        |line| {
            if progress.take(line) {
                on_progress(&progress);
            }
        },
        cancel,
    );
    match result {
        Err(RunError::Cancelled { .. }) => outcome.cancelled = true,
        Err(RunError::Timeout { .. }) => {
            let secs = req.timeout.as_secs();
            outcome.failure = Some(failure(
                &evidence,
                Class::ProxyTimeout,
                &format!(
                    "gomirror: the go command did not finish within {secs} s and was stopped (a proxy or git that never answers)"
                ),
            ));
        }
        Err(e) => outcome.failure = Some(failure(&evidence, Class::Unknown, &e.to_string())),
        Ok(out) => {
            for item in serde_json::Deserializer::from_str(&out.stdout).into_iter::<Downloaded>() {
                let Ok(d) = item else { break };
                for p in [&d.zip, &d.go_mod, &d.info].into_iter().flatten() {
                    outcome.bytes += std::fs::metadata(p).map_or(0, |m| m.len());
                }
                let class = d.error.as_deref().map(|e| {
                    let c = explain::classify(e);
                    if outcome.failure.is_none() {
                        outcome.failure = Some(failure(&evidence, c, e));
                    }
                    c
                });
                let ok = d.error.is_none();
                let r = route(&d.path, &routes);
                outcome.modules.push(ModuleResult {
                    verified: ok.then_some(r.checksum && database.is_some()),
                    path: d.path,
                    version: d.version,
                    ok,
                    error_class: class,
                });
            }
            if !out.success() && outcome.failure.is_none() {
                outcome.failure = classify_text(&evidence, &out.stderr).or_else(|| {
                    Some(failure(
                        &evidence,
                        Class::Unknown,
                        out.stderr.lines().next().unwrap_or("the go command failed"),
                    ))
                });
            }
        }
    }
    outcome.ok =
        !outcome.cancelled && outcome.failure.is_none() && outcome.modules.iter().all(|m| m.ok);
    outcome.elapsed_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    // The throwaway cache goes now (its files are writable thanks to -modcacherw).
    drop(cache);
    outcome
}
