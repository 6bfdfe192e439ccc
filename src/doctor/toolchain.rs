//! The toolchain each project needs (its `go` and `toolchain` lines) against the go command
//! installed, what GOTOOLCHAIN will do about it, and whether the configured mirrors have that
//! toolchain (`golang.org/toolchain`, a fixed public module), with the fix.

use super::{Finding, GO_DOWNLOAD, GO_DOWNLOAD_CN, Input, Severity};
use crate::goenv::model::Snapshot;
use crate::goenv::version::GoVersion;
use crate::i18n::Text;
use crate::project::gomod::GoMod;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// A project's Go version against the installed one, and what to do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ToolchainNeed {
    pub project: String,
    /// The highest of the `go` and `toolchain` lines, e.g. `go1.26.1`.
    pub needs: String,
    pub installed: Option<String>,
    /// GOTOOLCHAIN as the go command reads it (`auto` when unset).
    pub gotoolchain: String,
    /// `ok`, `download`, `path`, `fails-local`, `fails-old-go`, `fails-no-mirror`,
    /// `fails-gosumdb-off`, `fails-not-on-path`, `no-go`.
    pub action: &'static str,
    /// The first configured mirror that has the toolchain.
    pub listed_by: Option<String>,
    #[serde(serialize_with = "super::redacted_fix")]
    pub fix: Option<BTreeMap<String, String>>,
}

fn version_of(line: &str) -> Option<GoVersion> {
    let line = line.trim();
    if line.starts_with("go") {
        GoVersion::parse(line)
    } else {
        GoVersion::parse(&format!("go{line}"))
    }
}

fn key(v: &GoVersion) -> (u32, u32, u32) {
    (v.major, v.minor, v.patch)
}

/// `1.26.1` from `go1.26.1`; a language version (`go1.26`) stays `1.26`.
fn bare(v: &GoVersion) -> String {
    v.raw.trim_start_matches("go").to_string()
}

fn goos_goarch() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "arm" => "arm",
        other => other,
    };
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    format!("{os}-{arch}")
}

/// Whether a mirror's list has the toolchain: exactly, or for a language version (`1.26`) any
/// release of it.
fn has(list: &[String], need: &GoVersion, platform: &str) -> bool {
    let b = bare(need);
    let lang_only = b.matches('.').count() < 2;
    list.iter().any(|v| {
        let Some(rest) = v.strip_prefix("v0.0.1-go") else {
            return false;
        };
        let Some(version) = rest.strip_suffix(&format!(".{platform}")) else {
            return false;
        };
        version == b || (lang_only && version.starts_with(&format!("{b}.")))
    })
}

/// What each project needs from the toolchain, with the findings.
pub fn needs(
    input: &Input,
    snapshot: &Snapshot,
    projects: &[(String, GoMod)],
    findings: &mut Vec<Finding>,
) -> Vec<ToolchainNeed> {
    let installed = snapshot.go.as_ref().and_then(|g| g.version.clone());
    let gotoolchain = match snapshot.value("GOTOOLCHAIN") {
        "" => "auto".to_string(),
        v => v.to_string(),
    };
    let chain: Vec<String> = crate::goenv::goproxy::parse(snapshot.value("GOPROXY"))
        .map(|l| l.urls().map(|(u, _)| u.to_string()).collect())
        .unwrap_or_default();
    let platform = goos_goarch();
    let mut lists: Option<Vec<super::network::ToolchainList>> = None;
    let mut out = Vec::new();
    for (dir, gomod) in projects {
        let need = [gomod.go.as_deref(), gomod.toolchain.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(version_of)
            .max_by_key(key);
        let Some(need) = need else { continue };
        let mut n = ToolchainNeed {
            project: dir.clone(),
            needs: need.raw.clone(),
            installed: installed.as_ref().map(|v| v.raw.clone()),
            gotoolchain: gotoolchain.clone(),
            action: "ok",
            listed_by: None,
            fix: None,
        };
        let Some(have) = &installed else {
            n.action = "no-go";
            out.push(n);
            continue;
        };
        if key(have) >= key(&need) {
            out.push(n);
            continue;
        }
        let (base, suffix) = gotoolchain
            .split_once('+')
            .unwrap_or((gotoolchain.as_str(), ""));
        let need_s = need.raw.clone();
        let have_s = have.raw.clone();
        let (severity, text) = if !have.at_least(1, 21) {
            n.action = "fails-old-go";
            (
                Severity::Problem,
                Text::new(
                    format!(
                        "{dir} needs {need_s}, but {have_s} cannot switch toolchains (Go 1.21 and later can). Install a newer Go from {GO_DOWNLOAD} (in China: {GO_DOWNLOAD_CN})."
                    ),
                    format!(
                        "{dir} 需要 {need_s}，但 {have_s} 不能切换工具链（Go 1.21 起才可以）。请从 {GO_DOWNLOAD} 安装新版 Go（国内可用 {GO_DOWNLOAD_CN}）。"
                    ),
                ),
            )
        } else if base == "path" || suffix == "path" {
            let found = crate::project::which(&input.env, &need_s).is_some();
            n.action = if found { "path" } else { "fails-not-on-path" };
            if found {
                (
                    Severity::Info,
                    Text::new(
                        format!(
                            "{dir} needs {need_s}; GOTOOLCHAIN={gotoolchain} runs the {need_s} found on PATH."
                        ),
                        format!(
                            "{dir} 需要 {need_s}；GOTOOLCHAIN={gotoolchain} 会使用 PATH 中的 {need_s}。"
                        ),
                    ),
                )
            } else {
                (
                    Severity::Problem,
                    Text::new(
                        format!(
                            "{dir} needs {need_s}; GOTOOLCHAIN={gotoolchain} only looks on PATH, and it is not there: go: cannot find \"{need_s}\" in PATH."
                        ),
                        format!(
                            "{dir} 需要 {need_s}；GOTOOLCHAIN={gotoolchain} 只在 PATH 中查找，而那里没有：go: cannot find \"{need_s}\" in PATH。"
                        ),
                    ),
                )
            }
        } else {
            let lists = lists.get_or_insert_with(|| {
                super::network::toolchain_lists(&input.env, &chain, Duration::from_secs(8))
            });
            let listed_url = lists
                .iter()
                .find(|(_, l)| l.as_ref().is_ok_and(|l| has(l, &need, &platform)))
                .map(|(u, _)| u.clone());
            n.listed_by = listed_url.as_deref().map(crate::goenv::gourl::redact);
            let none_answered = lists.iter().all(|(_, l)| l.is_err());
            let sumdb_off = snapshot.value("GOSUMDB") == "off";
            let mut fix = BTreeMap::new();
            if let Some(url) = &listed_url
                && chain.first() != Some(url)
            {
                fix.insert("GOPROXY".to_string(), format!("{url},direct"));
            }
            if base == "local" && suffix.is_empty() {
                n.action = "fails-local";
                if listed_url.is_some() {
                    fix.insert("GOTOOLCHAIN".to_string(), "auto".to_string());
                }
            } else if sumdb_off {
                n.action = "fails-gosumdb-off";
                fix.insert("GOSUMDB".to_string(), "sum.golang.org".to_string());
            } else if listed_url.is_none() {
                n.action = "fails-no-mirror";
            } else {
                n.action = "download";
            }
            let shown = n.listed_by.clone().unwrap_or_default();
            let t = match n.action {
                "fails-local" => Text::new(
                    format!(
                        "{dir} needs {need_s} but {have_s} is installed and GOTOOLCHAIN=local forbids switching: go: go.mod requires go >= {} (running go {}; GOTOOLCHAIN=local).{}",
                        bare(&need),
                        bare(have),
                        if shown.is_empty() {
                            String::new()
                        } else {
                            format!(
                                " {shown} has {need_s}: GOTOOLCHAIN=auto downloads it, verified by the checksum database."
                            )
                        }
                    ),
                    format!(
                        "{dir} 需要 {need_s}，已安装的是 {have_s}，而 GOTOOLCHAIN=local 禁止切换：go: go.mod requires go >= {} (running go {}; GOTOOLCHAIN=local)。{}",
                        bare(&need),
                        bare(have),
                        if shown.is_empty() {
                            String::new()
                        } else {
                            format!(
                                "{shown} 提供 {need_s}：设为 GOTOOLCHAIN=auto 即可自动下载，并经校验数据库验证。"
                            )
                        }
                    ),
                ),
                "fails-gosumdb-off" => Text::new(
                    format!(
                        "{dir} needs {need_s}; GOTOOLCHAIN={gotoolchain} would download it, but toolchain downloads always need the checksum database and GOSUMDB=off."
                    ),
                    format!(
                        "{dir} 需要 {need_s}；GOTOOLCHAIN={gotoolchain} 会下载它，但下载工具链必须使用校验数据库，而当前 GOSUMDB=off。"
                    ),
                ),
                "fails-no-mirror" if none_answered => Text::new(
                    format!(
                        "{dir} needs {need_s}; GOTOOLCHAIN={gotoolchain} would download it, but no configured mirror answered when asked for it. Fix the mirror first, or install {need_s} from {GO_DOWNLOAD} (in China: {GO_DOWNLOAD_CN})."
                    ),
                    format!(
                        "{dir} 需要 {need_s}；GOTOOLCHAIN={gotoolchain} 会下载它，但询问时没有任何已配置的镜像应答。请先解决镜像问题，或从 {GO_DOWNLOAD} 安装 {need_s}（国内可用 {GO_DOWNLOAD_CN}）。"
                    ),
                ),
                "fails-no-mirror" => Text::new(
                    format!(
                        "{dir} needs {need_s}; GOTOOLCHAIN={gotoolchain} would download it, but no configured mirror has it. Install it from {GO_DOWNLOAD} (in China: {GO_DOWNLOAD_CN}) or add a mirror that has it."
                    ),
                    format!(
                        "{dir} 需要 {need_s}；GOTOOLCHAIN={gotoolchain} 会下载它，但已配置的镜像都没有。请从 {GO_DOWNLOAD} 安装（国内可用 {GO_DOWNLOAD_CN}），或添加提供它的镜像。"
                    ),
                ),
                _ => Text::new(
                    format!(
                        "{dir} needs {need_s}; GOTOOLCHAIN={gotoolchain} downloads it from {shown} on first use."
                    ),
                    format!(
                        "{dir} 需要 {need_s}；GOTOOLCHAIN={gotoolchain} 会在首次使用时从 {shown} 下载。"
                    ),
                ),
            };
            if !fix.is_empty() {
                n.fix = Some(fix);
            }
            let severity = if n.action == "download" {
                Severity::Info
            } else {
                Severity::Problem
            };
            (severity, t)
        };
        let mut f = Finding::new("toolchain", severity, text);
        if let Some(fix) = &n.fix {
            f = f.with_fix(fix.clone());
        }
        findings.push(f);
        out.push(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_version_matches_any_release_of_it() {
        let list: Vec<String> = [
            "v0.0.1-go1.26.1.linux-amd64",
            "v0.0.1-go1.25.0.darwin-arm64",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let lang = version_of("1.26").expect("version");
        assert!(has(&list, &lang, "linux-amd64"));
        assert!(!has(&list, &lang, "darwin-arm64"));
        let exact = version_of("go1.26.2").expect("version");
        assert!(!has(&list, &exact, "linux-amd64"));
        let exact = version_of("1.26.1").expect("version");
        assert!(has(&list, &exact, "linux-amd64"));
    }

    #[test]
    fn the_toolchain_line_wins_when_higher() {
        let a = version_of("1.22").expect("v");
        let b = version_of("go1.22.3").expect("v");
        assert!(key(&b) > key(&a));
    }
}
