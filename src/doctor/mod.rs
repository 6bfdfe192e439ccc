//! Doctor / 诊断: one report of everything that decides whether Go module downloads work on
//! this machine: the go binaries, the settings and their conflicts, per-project overrides, the
//! configured mirrors' health, DNS answers, proxy variables, TLS interception, the module
//! cache, git and `.netrc` (presence only), and the toolchain each project needs.
//!
//! Both front ends use [`gather`]; it runs off the UI thread (a worker job) and every wait in
//! it is bounded. Everything in a report is redacted: no password from a URL, a proxy variable
//! or `.netrc` ever reaches it.

mod hosts;
pub mod job;
mod local;
pub mod markdown;
mod network;
mod paths;
#[cfg(test)]
mod tests;
mod toolchain;

use crate::goenv::location::{EnvMap, TargetOs};
use crate::i18n::Text;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub use local::{GitInfo, GoBinaryInfo, GoSection, ModCache, NetrcInfo, ProxyVar};
pub use network::{DnsAnswer, MirrorHealth};
pub use paths::PathCheck;
pub use toolchain::ToolchainNeed;

/// Where to get the go command when none is found.
pub const GO_DOWNLOAD: &str = "https://go.dev/dl/";
/// The official download page's mirror in China.
pub const GO_DOWNLOAD_CN: &str = "https://golang.google.cn/dl/";

/// What the doctor looks at.
#[derive(Clone, Debug)]
pub struct Input {
    pub env: EnvMap,
    pub os: TargetOs,
    /// Project folders whose overrides and toolchain needs are reported.
    pub projects: Vec<PathBuf>,
    /// Probe the configured mirrors, resolve their hosts and ask them for toolchains.
    pub network: bool,
    /// Budget for each configured mirror's health check.
    pub probe_timeout: Duration,
    /// Budget for each name lookup.
    pub dns_timeout: Duration,
    /// Budget for each trace of a failing mirror's or checksum database's path.
    pub trace_timeout: Duration,
    /// The latest probe's recommended GOPROXY (the app's), offered when the configured chain
    /// has no usable mirror.
    pub recommended: Option<String>,
}

impl Input {
    pub fn new(env: EnvMap) -> Self {
        Self {
            env,
            os: TargetOs::current(),
            projects: Vec::new(),
            network: true,
            probe_timeout: Duration::from_secs(6),
            dns_timeout: Duration::from_secs(3),
            trace_timeout: Duration::from_secs(5),
            recommended: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Ok,
    Info,
    Warning,
    Problem,
}

impl Severity {
    pub fn label(self) -> Text {
        match self {
            Self::Ok => Text::new("ok", "正常"),
            Self::Info => Text::new("note", "提示"),
            Self::Warning => Text::new("warning", "警告"),
            Self::Problem => Text::new("problem", "问题"),
        }
    }
}

/// One conclusion, with the settings that fix it where the app can apply them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable identifier, e.g. `dns-public-host-private-address`.
    pub id: &'static str,
    pub severity: Severity,
    pub en: String,
    pub zh: String,
    /// Settings to preview and apply (through the normal preview/apply/undo path). The app
    /// keeps the real values; the JSON shows them redacted.
    #[serde(serialize_with = "redacted_fix")]
    pub fix: Option<BTreeMap<String, String>>,
}

/// Serialises a fix with every URL redacted.
pub(crate) fn redacted_fix<S: serde::Serializer>(
    fix: &Option<BTreeMap<String, String>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    let shown: Option<BTreeMap<&String, String>> = fix.as_ref().map(|m| {
        m.iter()
            .map(|(k, v)| (k, crate::goenv::gourl::redact_text(v)))
            .collect()
    });
    shown.serialize(s)
}

impl Finding {
    fn new(id: &'static str, severity: Severity, text: Text) -> Self {
        Self {
            id,
            severity,
            en: text.en,
            zh: text.zh,
            fix: None,
        }
    }

    fn with_fix(mut self, fix: BTreeMap<String, String>) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn text(&self) -> Text {
        Text::new(self.en.clone(), self.zh.clone())
    }
}

/// One setting as the go command sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub source: crate::goenv::model::Source,
    /// `code: message` per conflict.
    pub conflicts: Vec<String>,
}

/// A value a project's file gives one of its tools, differing from the global one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Override {
    pub consumer: crate::project::effective::Consumer,
    pub key: String,
    pub value: String,
    pub global: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectInfo {
    pub dir: String,
    pub module: Option<String>,
    pub go: Option<String>,
    pub toolchain: Option<String>,
    pub overrides: Vec<Override>,
    /// `code: message`, in both languages (the JSON gives the English).
    #[serde(serialize_with = "english_lines")]
    pub conflicts: Vec<Text>,
    pub error: Option<String>,
}

fn english_lines<S: serde::Serializer>(texts: &[Text], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(texts.iter().map(|t| t.en.as_str()))
}

/// The whole report (`gomirror doctor --json`).
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub version: u32,
    pub os: &'static str,
    pub go: GoSection,
    pub env_file: Option<String>,
    pub settings: Vec<Setting>,
    pub projects: Vec<ProjectInfo>,
    pub mirrors: Vec<MirrorHealth>,
    pub dns: Vec<DnsAnswer>,
    /// The traced paths of what failed: where each breaks.
    pub paths: Vec<PathCheck>,
    pub proxy: Vec<ProxyVar>,
    pub modcache: ModCache,
    pub git: GitInfo,
    pub netrc: NetrcInfo,
    pub toolchain: Vec<ToolchainNeed>,
    pub findings: Vec<Finding>,
    pub elapsed_ms: u64,
    /// Folders and files the app names, for the "open" buttons (never sent anywhere).
    #[serde(skip)]
    pub places: Vec<(Text, PathBuf)>,
}

impl Report {
    /// The worst severity among the findings.
    pub fn worst(&self) -> Severity {
        self.findings
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Ok)
    }
}

fn os_name(os: TargetOs) -> &'static str {
    match os {
        TargetOs::Linux => "linux",
        TargetOs::MacOs => "darwin",
        TargetOs::Windows => "windows",
    }
}

/// Builds the report. Bounded: every process, lookup and request has its own deadline.
pub fn gather(input: &Input) -> Report {
    let start = Instant::now();
    let env = &input.env;
    let mut findings = Vec::new();
    let go = local::go_binaries(env, input.os);
    let (layers, snapshot) = crate::goenv::load_for(env.clone(), input.os);
    let redact = crate::goenv::gourl::redact_text;
    let settings: Vec<Setting> = snapshot
        .vars
        .iter()
        .map(|(k, v)| Setting {
            key: k.clone(),
            value: redact(&v.value),
            source: v.source,
            conflicts: v
                .conflicts
                .iter()
                .map(|c| redact(&format!("{}: {}", c.code, c.message.en)))
                .collect(),
        })
        .collect();
    local::settings_findings(&go, &snapshot, &mut findings);
    let projects: Vec<(PathBuf, Option<crate::project::Project>, ProjectInfo)> = input
        .projects
        .iter()
        .map(|dir| project_info(dir, env, &layers, &snapshot))
        .collect();
    for (_, _, p) in &projects {
        for c in &p.conflicts {
            findings.push(Finding::new(
                "project-conflict",
                Severity::Warning,
                Text::new(
                    format!("{}: {}", p.dir, c.en),
                    format!("{}：{}", p.dir, c.zh),
                ),
            ));
        }
    }
    let modcache = local::modcache(snapshot.value("GOMODCACHE"), &mut findings);
    let git = local::git(env, &mut findings);
    let netrc = local::netrc(env, input.os, &mut findings);
    let proxy = local::proxy_vars(env, &mut findings);
    let (net, paths) = if input.network {
        let net = network::check(input, &snapshot, &mut findings);
        let paths = paths::check(input, &snapshot, &net, &mut findings);
        (net, paths)
    } else {
        (network::Network::default(), Vec::new())
    };
    let needs: Vec<(String, crate::project::gomod::GoMod)> = projects
        .iter()
        .filter_map(|(dir, p, _)| {
            let gomod = p.as_ref()?.gomod.clone()?;
            Some((dir.display().to_string(), gomod))
        })
        .collect();
    let toolchain = toolchain::needs(input, &snapshot, &needs, &mut findings);
    if go.found {
        findings.push(Finding::new(
            "go-found",
            Severity::Ok,
            Text::new(
                format!("go command: {}", go.selected.clone().unwrap_or_default()),
                format!("go 命令：{}", go.selected.clone().unwrap_or_default()),
            ),
        ));
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let mut places = Vec::new();
    if let Some(p) = &snapshot.env_file {
        places.push((Text::new("go env file", "go env 文件"), p.clone()));
    }
    if let Ok(dir) = crate::apply::history::data_dir(env) {
        places.push((
            Text::new("backups", "备份"),
            crate::apply::history::backups_dir(&dir),
        ));
    }
    if !modcache.path.is_empty() {
        places.push((
            Text::new("module cache", "模块缓存"),
            PathBuf::from(&modcache.path),
        ));
    }
    for (dir, _, _) in &projects {
        places.push((Text::new("project", "项目"), dir.clone()));
    }
    Report {
        version: 1,
        os: os_name(input.os),
        go,
        env_file: snapshot.env_file.as_ref().map(|p| p.display().to_string()),
        settings,
        projects: projects.into_iter().map(|(_, _, p)| p).collect(),
        mirrors: net.mirrors,
        dns: net.dns,
        paths,
        proxy,
        modcache,
        git,
        netrc,
        toolchain,
        findings,
        elapsed_ms: start.elapsed().as_millis() as u64,
        places,
    }
}

fn project_info(
    dir: &std::path::Path,
    env: &EnvMap,
    layers: &crate::goenv::model::Layers,
    snapshot: &crate::goenv::model::Snapshot,
) -> (PathBuf, Option<crate::project::Project>, ProjectInfo) {
    use crate::project::effective::{self, ProjectSource};
    let redact = crate::goenv::gourl::redact_text;
    let mut info = ProjectInfo {
        dir: dir.display().to_string(),
        module: None,
        go: None,
        toolchain: None,
        overrides: Vec::new(),
        conflicts: Vec::new(),
        error: None,
    };
    let project = match crate::project::Project::read(dir, env, true) {
        Ok(p) => p,
        Err(e) => {
            info.error = Some(e.text().en);
            return (dir.to_path_buf(), None, info);
        }
    };
    if let Some(m) = &project.gomod {
        info.module = m.module.clone();
        info.go = m.go.clone();
        info.toolchain = m.toolchain.clone();
    }
    let table = effective::table(&project, layers);
    for (consumer, values) in &table {
        for (key, e) in values {
            if e.source == ProjectSource::Project && e.value != snapshot.value(key) {
                info.overrides.push(Override {
                    consumer: *consumer,
                    key: key.clone(),
                    value: redact(&e.value),
                    global: redact(snapshot.value(key)),
                });
            }
        }
    }
    info.conflicts = effective::conflicts(&project, layers, &table)
        .iter()
        .map(|c| {
            Text::new(
                redact(&c.line()),
                redact(&format!("{}：{}", c.code, c.message.zh)),
            )
        })
        .collect();
    (dir.to_path_buf(), Some(project), info)
}
