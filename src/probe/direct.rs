//! Whether `GOPROXY=direct` works from here, tried as the go command would fetch the fixed
//! reference module without a proxy: its import path's `?go-get=1` page names the repository
//! (`<meta name="go-import" content="PREFIX VCS REPO">`), and the repository answers git's
//! smart-HTTP discovery (`REPO/info/refs?service=git-upload-pack`) or, for `mod`, the module
//! protocol. Bounded like every probe request; only the public reference module is asked for,
//! and only in a round where no mirror is usable. `direct` is recommended only when this was
//! seen to work.

use super::http::{self, Limits, Net};
use crate::i18n::Text;
use crate::tr;
use serde::Serialize;

/// What to try: the module, and (for tests) where its `?go-get=1` page is served instead of
/// `https://MODULE`.
#[derive(Clone, Debug)]
pub struct DirectTrial {
    pub module: String,
    pub go_get_base: Option<String>,
}

impl Default for DirectTrial {
    fn default() -> Self {
        Self {
            module: "rsc.io/quote".into(),
            go_get_base: None,
        }
    }
}

/// How the trial ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DirectResult {
    pub ok: bool,
    /// The repository the import path named.
    pub repo: Option<String>,
    pub reason: Text,
}

/// The repository of `module` in a `?go-get=1` page: (vcs, repo) of the `go-import` meta tag
/// whose prefix is the module or a prefix of it.
pub fn go_import(html: &str, module: &str) -> Option<(String, String)> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<meta") {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag = &html[start..end];
        from = end;
        if !tag.to_ascii_lowercase().contains("go-import") {
            continue;
        }
        let content = tag
            .split("content=")
            .nth(1)
            .map(|c| c.trim_start_matches(['"', '\'']))
            .and_then(|c| c.split(['"', '\'']).next())
            .unwrap_or("");
        let parts: Vec<&str> = content.split_whitespace().collect();
        if let [prefix, vcs, repo] = parts[..]
            && (module == prefix || module.starts_with(&format!("{prefix}/")))
        {
            return Some((vcs.to_string(), repo.to_string()));
        }
    }
    None
}

fn failed(reason: Text, repo: Option<String>) -> DirectResult {
    DirectResult {
        ok: false,
        repo,
        reason,
    }
}

/// Tries `direct` for the reference module.
pub async fn trial(t: &DirectTrial, net: &Net<'_>, limits: &Limits) -> DirectResult {
    let module = &t.module;
    let page_url = match &t.go_get_base {
        Some(base) => format!("{}/{module}?go-get=1", base.trim_end_matches('/')),
        None => format!("https://{module}?go-get=1"),
    };
    let page = http::get(&page_url, net, limits).await;
    if let Some(e) = &page.error {
        let t = e.text();
        let (en, zh) = (t.en, t.zh);
        return failed(
            tr!(
                "the origin of {module} did not answer ({en})",
                "{module} 的源站没有应答（{zh}）"
            ),
            None,
        );
    }
    let html = String::from_utf8_lossy(&page.body);
    let Some((vcs, repo)) = go_import(&html, module).filter(|_| page.status == Some(200)) else {
        let status = page.status.unwrap_or_default();
        return failed(
            tr!(
                "the origin of {module} answered HTTP {status} without naming its repository (a block page or a login page stands in the way)",
                "{module} 的源站返回 HTTP {status}，但没有给出代码仓库（中间可能有拦截页或登录页）"
            ),
            None,
        );
    };
    let check_url = match vcs.as_str() {
        "git" => format!(
            "{}/info/refs?service=git-upload-pack",
            repo.trim_end_matches('/')
        ),
        "mod" => format!("{}/{module}/@v/list", repo.trim_end_matches('/')),
        other => {
            return failed(
                tr!(
                    "{module} lives in a {other} repository, which gomirror does not try",
                    "{module} 位于 {other} 仓库，gomirror 不尝试这种仓库"
                ),
                Some(repo),
            );
        }
    };
    let answer = http::get(&check_url, net, limits).await;
    let shown = crate::goenv::gourl::redact(&repo);
    if let Some(e) = &answer.error {
        let t = e.text();
        let (en, zh) = (t.en, t.zh);
        return failed(
            tr!(
                "the repository {shown} did not answer ({en})",
                "代码仓库 {shown} 没有应答（{zh}）"
            ),
            Some(repo),
        );
    }
    let content_type = answer.content_type.clone().unwrap_or_default();
    let served = answer.status == Some(200)
        && (vcs != "git" || content_type.contains("x-git-upload-pack-advertisement"));
    if !served {
        let status = answer.status.unwrap_or_default();
        return failed(
            tr!(
                "the repository {shown} answered HTTP {status} ({content_type}), not as a git server would",
                "代码仓库 {shown} 返回 HTTP {status}（{content_type}），不是 git 服务器的应答"
            ),
            Some(repo),
        );
    }
    DirectResult {
        ok: true,
        repo: Some(repo),
        reason: tr!(
            "{module}'s own repository ({shown}) answered: the go command can fetch modules from their origins with git",
            "{module} 自己的代码仓库（{shown}）有应答：go 命令可以用 git 从源站获取模块"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_go_import_tag_is_found_as_the_go_command_reads_it() {
        let html = r#"<html><head><meta name="go-import" content="rsc.io/quote git https://github.com/rsc/quote"><meta name="go-source" content="x"></head></html>"#;
        assert_eq!(
            go_import(html, "rsc.io/quote"),
            Some(("git".into(), "https://github.com/rsc/quote".into()))
        );
        assert_eq!(go_import(html, "rsc.io/quotes"), None);
        assert_eq!(
            go_import(html, "rsc.io/quote/v3").map(|(v, _)| v),
            Some("git".into())
        );
        assert_eq!(go_import("<html>login</html>", "rsc.io/quote"), None);
    }
}
