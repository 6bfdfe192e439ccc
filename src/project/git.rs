//! The git side of a project: its remotes read from `.git/config` without running git (also
//! when `.git` is a file, as in worktrees and submodules), and the SSH fix in the user's git
//! config (`url.insteadOf`). The access check is in `access.rs`.

use crate::goenv::location::EnvMap;
use crate::tr;
use std::path::{Path, PathBuf};

/// How far up from the project folder a `.git` is looked for.
const MAX_PARENTS: usize = 32;

/// The git directory holding the config of the repository that contains `dir`.
pub fn config_path(dir: &Path) -> Option<PathBuf> {
    let mut at = Some(dir);
    for _ in 0..MAX_PARENTS {
        let here = at?;
        let dot_git = here.join(".git");
        if dot_git.is_dir() {
            return Some(dot_git.join("config"));
        }
        if dot_git.is_file() {
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let gitdir = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
            let gitdir = here.join(gitdir);
            // A worktree's git dir names the main repository's in `commondir`.
            let common = std::fs::read_to_string(gitdir.join("commondir"))
                .ok()
                .map(|c| gitdir.join(c.trim()));
            return Some(common.unwrap_or(gitdir).join("config"));
        }
        at = here.parent();
    }
    None
}

/// The remote URLs of the repository `dir` is in (I/O: the git config file), in order.
pub fn read_remotes(dir: &Path) -> Vec<String> {
    config_path(dir)
        .and_then(|c| std::fs::read_to_string(c).ok())
        .map(|c| remotes(&c))
        .unwrap_or_default()
}

/// The remote URLs of a git config text, in order.
pub fn remotes(config: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_remote = false;
    for line in config.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_remote = line.starts_with("[remote ");
            continue;
        }
        if in_remote
            && let Some((k, v)) = line.split_once('=')
            && k.trim().eq_ignore_ascii_case("url")
        {
            let v = v.trim().trim_matches('"').to_string();
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// The host and path of a git URL (`https://`, `ssh://`, `git://`, scp-like `user@host:path`);
/// None for a local path.
pub fn url_host_path(url: &str) -> Option<(String, String)> {
    let (host, path) = if let Some((_, rest)) = url.split_once("://") {
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority.rsplit('@').next()?;
        let host = if host.starts_with('[') {
            host.to_string()
        } else {
            host.split(':').next()?.to_string()
        };
        (host, path.to_string())
    } else {
        let (before, path) = url.split_once(':')?;
        if before.contains('/') || before.len() < 2 {
            return None; // a local path (or a Windows drive letter)
        }
        let host = before.rsplit('@').next()?.to_string();
        (host, path.to_string())
    };
    let path = path.trim_matches('/').trim_end_matches(".git").to_string();
    (!host.is_empty() && !url.starts_with("file:")).then(|| (host.to_ascii_lowercase(), path))
}

/// The user's git config file, as `git config --global` picks it: `~/.gitconfig`, unless only
/// `$XDG_CONFIG_HOME/git/config` (or `~/.config/git/config`) exists.
pub fn user_config_path(env: &EnvMap) -> Option<PathBuf> {
    use crate::goenv::location::env_value;
    if let Some(p) = env_value(env, "GIT_CONFIG_GLOBAL").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let home = env_value(env, "HOME")
        .or_else(|| env_value(env, "USERPROFILE"))
        .filter(|h| !h.is_empty())?;
    let dot = Path::new(home).join(".gitconfig");
    let xdg = env_value(env, "XDG_CONFIG_HOME")
        .filter(|x| !x.is_empty())
        .map(|x| Path::new(x).join("git/config"))
        .unwrap_or_else(|| Path::new(home).join(".config/git/config"));
    Some(if !dot.exists() && xdg.exists() {
        xdg
    } else {
        dot
    })
}

/// The git config text with `url."git@HOST:".insteadOf = https://HOST/` added, as
/// `git config --global --add` writes it; None when it is there already.
pub fn with_ssh_instead_of(config: &str, host: &str) -> Option<String> {
    let section = format!("[url \"git@{host}:\"]");
    let value = format!("https://{host}/");
    let mut in_section = false;
    for line in config.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            in_section = t == section;
        } else if in_section
            && let Some((k, v)) = t.split_once('=')
            && k.trim().eq_ignore_ascii_case("insteadof")
            && v.trim() == value
        {
            return None;
        }
    }
    let mut out = config.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!("{section}\n\tinsteadOf = {value}\n"));
    Some(out)
}

/// Adds `url."git@HOST:".insteadOf https://HOST/` to the user's git config (git then uses SSH
/// for that host, where the user's key is the credential), with a backup and one undo step.
/// Returns the diff (also for a dry run); None when the rule is there already.
pub fn git_ssh_instead_of(
    env: &EnvMap,
    host: &str,
    dry_run: bool,
    data_dir: &Path,
) -> Result<Option<String>, crate::apply::ApplyError> {
    use crate::apply::ApplyError;
    use crate::apply::safe_write::{self, Fingerprint};
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    if !valid {
        return Err(ApplyError::refused(tr!(
            "{host} is not a host name (write it as git.example.com)",
            "{host} 不是主机名（请写成 git.example.com 的形式）"
        )));
    }
    let Some(path) = user_config_path(env) else {
        return Err(ApplyError::refused(tr!(
            "no home folder for the git config: set HOME (USERPROFILE on Windows)",
            "找不到存放 git 配置的主目录：请设置 HOME（Windows 为 USERPROFILE）"
        )));
    };
    let before = safe_write::read_stable(&path)?;
    let text = String::from_utf8_lossy(before.as_deref().unwrap_or_default()).into_owned();
    let Some(after) = with_ssh_instead_of(&text, &host.to_ascii_lowercase()) else {
        return Ok(None);
    };
    let diff = crate::apply::file_diff(&path, before.as_deref(), after.as_bytes());
    if !dry_run {
        crate::apply::other::write_other(
            &path,
            &Fingerprint::of(before.as_deref()),
            after.as_bytes(),
            vec![format!("git: url.git@{host}:.insteadOf https://{host}/")],
            false,
            data_dir,
        )?;
    }
    Ok(Some(diff))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let h = |u: &str| url_host_path(u).map(|(h, p)| format!("{h} {p}"));
        assert_eq!(
            h("https://user@Git.Corp.com:8443/team/app.git").as_deref(),
            Some("git.corp.com team/app")
        );
        assert_eq!(
            h("git@git.corp.com:team/app.git").as_deref(),
            Some("git.corp.com team/app")
        );
        assert_eq!(
            h("ssh://git@git.corp.com:2222/team/app").as_deref(),
            Some("git.corp.com team/app")
        );
        assert_eq!(h("/srv/git/app.git"), None);
        assert_eq!(h("C:/src/app"), None);
        assert_eq!(h("../app"), None);
    }

    #[test]
    fn config_remotes() {
        let c = "[core]\n\tbare = false\n[remote \"origin\"]\n\turl = git@git.corp.com:t/a.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[remote \"up\"]\n\turl = https://github.com/acme/a\n[branch \"main\"]\n\tremote = origin\n";
        assert_eq!(
            remotes(c),
            ["git@git.corp.com:t/a.git", "https://github.com/acme/a"]
        );
    }

    #[test]
    fn instead_of() {
        let once = with_ssh_instead_of("[user]\n\tname = a", "git.corp.com").expect("added");
        assert_eq!(
            once,
            "[user]\n\tname = a\n[url \"git@git.corp.com:\"]\n\tinsteadOf = https://git.corp.com/\n"
        );
        assert_eq!(with_ssh_instead_of(&once, "git.corp.com"), None);
    }
}
