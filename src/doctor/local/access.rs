//! The doctor's facts on how the go command reaches servers: git and its `insteadOf` rules,
//! `.netrc` (presence, never contents), the proxy variables.

use super::*;

/// git: found or not, its version, its `insteadOf` rules.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GitInfo {
    pub found: bool,
    pub path: Option<String>,
    pub version: Option<String>,
    /// How many `url.<base>.insteadOf` rules git applies (values never shown).
    pub insteadof_rules: usize,
    /// The hosts those rules rewrite from and to.
    pub insteadof_hosts: Vec<String>,
}

/// git's facts, with their findings.
pub fn git(env: &EnvMap, out: &mut Vec<Finding>) -> GitInfo {
    let mut info = GitInfo::default();
    let Some(path) = crate::project::which(env, "git") else {
        out.push(Finding::new(
            "git-missing",
            Severity::Info,
            Text::new(
                "git is not installed: modules fetched directly (GOPRIVATE, `direct`) cannot be downloaded.",
                "未安装 git：直连下载的模块（GOPRIVATE、direct）无法获取。",
            ),
        ));
        return info;
    };
    info.found = true;
    info.path = Some(path.display().to_string());
    let run = |args: &[&str]| {
        let cmd = GoCommand {
            program: path.clone(),
            args: args.iter().map(Into::into).collect(),
            env: gocmd::child_env(env, &[("GIT_TERMINAL_PROMPT", Some("0"))]),
            cwd: gocmd::neutral_dir(),
            timeout: Duration::from_secs(5),
        };
        gocmd::run_blocking(&cmd).ok()
    };
    info.version = run(&["--version"])
        .filter(|o| o.success())
        .map(|o| o.stdout.trim().to_string());
    // Every scope git reads (system, global, includes), keys only matched.
    if let Some(o) = run(&["config", "--get-regexp", r"^url\..*\.insteadof$"]) {
        let mut hosts = BTreeSet::new();
        for line in o.stdout.lines() {
            info.insteadof_rules += 1;
            let Some((key, value)) = line.split_once(' ') else {
                continue;
            };
            let base = key
                .strip_prefix("url.")
                .and_then(|k| k.strip_suffix(".insteadof"))
                .unwrap_or_default();
            for url in [base, value] {
                if let Some((host, _)) = crate::project::git::url_host_path(url) {
                    hosts.insert(host);
                }
            }
        }
        info.insteadof_hosts = hosts.into_iter().collect();
    }
    info
}

/// `.netrc`: where the go command reads it, its mode and its machines (no passwords).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct NetrcInfo {
    pub path: Option<String>,
    pub exists: bool,
    /// Unix permission bits, e.g. `0600`.
    pub mode: Option<String>,
    /// How many `machine` entries (hosts and passwords are never shown).
    pub machines: usize,
}

/// The `.netrc` facts, with their findings.
pub fn netrc(env: &EnvMap, os: TargetOs, out: &mut Vec<Finding>) -> NetrcInfo {
    let mut info = NetrcInfo::default();
    let Some(path) = crate::goenv::netrc::location(env, os) else {
        return info;
    };
    info.path = Some(path.display().to_string());
    let Ok(text) = std::fs::read_to_string(&path) else {
        return info;
    };
    info.exists = true;
    info.machines = crate::goenv::netrc::machines(&text).len();
    // Only Unix has permission bits to warn about.
    #[cfg(not(unix))]
    let _ = out;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(&path) {
            let mode = meta.permissions().mode() & 0o777;
            info.mode = Some(format!("{mode:04o}"));
            if mode & 0o077 != 0 {
                out.push(Finding::new(
                    "netrc-readable-by-others",
                    Severity::Warning,
                    Text::new(
                        format!(
                            "{} can be read by other users (mode {mode:04o}): run `chmod 600` on it.",
                            path.display()
                        ),
                        format!(
                            "{} 可被其他用户读取（权限 {mode:04o}）：请执行 `chmod 600`。",
                            path.display()
                        ),
                    ),
                ));
            }
        }
    }
    info
}

/// One proxy variable (redacted) and whether the go command uses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProxyVar {
    pub name: String,
    /// Redacted.
    pub value: String,
    /// Whether the go command reads it.
    pub used_by_go: bool,
}

const PROXY_VARS: &[(&str, bool)] = &[
    ("HTTPS_PROXY", true),
    ("https_proxy", true),
    ("HTTP_PROXY", true),
    ("http_proxy", true),
    ("NO_PROXY", true),
    ("no_proxy", true),
    ("ALL_PROXY", false),
    ("all_proxy", false),
    ("SSL_CERT_FILE", true),
    ("SSL_CERT_DIR", true),
];

/// The proxy variables, with their findings.
pub fn proxy_vars(env: &EnvMap, out: &mut Vec<Finding>) -> Vec<ProxyVar> {
    let vars: Vec<ProxyVar> = PROXY_VARS
        .iter()
        .filter_map(|(name, used)| {
            let value = env_value(env, name)?;
            Some(ProxyVar {
                name: name.to_string(),
                value: crate::goenv::gourl::redact_text(value),
                used_by_go: *used,
            })
        })
        .collect();
    let uses = |n: &str| vars.iter().any(|v| v.name.eq_ignore_ascii_case(n));
    if uses("ALL_PROXY") && !uses("HTTPS_PROXY") {
        out.push(Finding::new(
            "proxy-all-proxy-only",
            Severity::Warning,
            Text::new(
                "ALL_PROXY is set but HTTPS_PROXY is not: curl and git use it, the go command does not.",
                "设置了 ALL_PROXY 但没有 HTTPS_PROXY：curl 和 git 会使用它，go 命令不会。",
            ),
        ));
    }
    vars
}
