//! Whether git can read a repository the way the go command runs git for private modules
//! (`git ls-remote` with prompts disabled, SSH in batch mode, bounded), and what its answer
//! means, in both languages.

use super::git::url_host_path;
use crate::goenv::gocmd::{self, GoCommand};
use crate::goenv::location::EnvMap;
use crate::i18n::Text;
use crate::tr;
use serde::Serialize;
use std::path::Path;
use std::time::Duration;

/// What `git ls-remote` said about access to a repository.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    Ok,
    /// HTTPS needs credentials and git may not ask for them (the go command's situation).
    NeedsCredentials,
    /// Credentials were given and refused.
    AuthFailed,
    HostKeyUnknown,
    SshKeyRefused,
    NotFound,
    Network,
    TimedOut,
    Failed,
}

impl Access {
    /// The name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::NeedsCredentials => "needs-credentials",
            Self::AuthFailed => "auth-failed",
            Self::HostKeyUnknown => "host-key-unknown",
            Self::SshKeyRefused => "ssh-key-refused",
            Self::NotFound => "not-found",
            Self::Network => "network",
            Self::TimedOut => "timed-out",
            Self::Failed => "failed",
        }
    }
}

/// What git's access to one remote showed.
#[derive(Clone, Debug, Serialize)]
pub struct AccessReport {
    pub url: String,
    pub access: Access,
    /// git's own words (redacted).
    pub detail: String,
}

impl AccessReport {
    /// What it means, and what to do.
    pub fn explain(&self) -> Text {
        let url = crate::goenv::gourl::redact_text(&self.url);
        match self.access {
            Access::Ok => tr!(
                "git can read {url}: the go command will fetch these private modules directly",
                "git 可以读取 {url}：go 命令将直接获取这些私有模块"
            ),
            Access::NeedsCredentials => tr!(
                "git needs a user name and password for {url}, and the go command disables git's prompts (\"terminal prompts disabled\", \"could not read Username\"): use SSH instead (url.insteadOf) or store the credentials in .netrc or a credential helper",
                "git 访问 {url} 需要用户名和密码，而 go 命令禁止 git 提示输入（“terminal prompts disabled”“could not read Username”）：请改用 SSH（url.insteadOf），或把凭据存到 .netrc 或凭据助手中"
            ),
            Access::AuthFailed => tr!(
                "the server refused the stored credentials for {url}: check the user name and the token in .netrc or the credential helper",
                "服务器拒绝了 {url} 已保存的凭据：请检查 .netrc 或凭据助手中的用户名和令牌"
            ),
            Access::HostKeyUnknown => tr!(
                "SSH does not know the host key of {url} (\"Host key verification failed\"): connect once with ssh and confirm the key, then try again",
                "SSH 不认识 {url} 的主机密钥（“Host key verification failed”）：请先用 ssh 连接一次并确认密钥，然后重试"
            ),
            Access::SshKeyRefused => tr!(
                "the server refused your SSH key for {url} (\"Permission denied (publickey)\"): add your public key to your account on that host",
                "服务器拒绝了你访问 {url} 的 SSH 密钥（“Permission denied (publickey)”）：请把公钥添加到该主机上的账户"
            ),
            Access::NotFound => tr!(
                "the repository {url} was not found (or you may not see it)",
                "找不到仓库 {url}（或你无权查看）"
            ),
            Access::Network => tr!(
                "git cannot reach {url}: check the network, DNS and the company proxy",
                "git 无法连接 {url}：请检查网络、域名解析和公司代理"
            ),
            Access::TimedOut => tr!(
                "git did not answer for {url} within the time limit and was stopped",
                "git 访问 {url} 未在时限内完成，已停止"
            ),
            Access::Failed => tr!(
                "git could not read {url}; see its message",
                "git 无法读取 {url}；请看它的输出"
            ),
        }
    }
}

/// Classifies git's stderr.
pub fn classify(code: Option<i32>, stderr: &str) -> Access {
    let s = stderr.to_ascii_lowercase();
    if code == Some(0) {
        Access::Ok
    } else if s.contains("terminal prompts disabled")
        || s.contains("could not read username")
        || s.contains("could not read password")
    {
        Access::NeedsCredentials
    } else if s.contains("authentication failed") || s.contains("invalid username or password") {
        Access::AuthFailed
    } else if s.contains("host key verification failed") {
        Access::HostKeyUnknown
    } else if s.contains("permission denied (publickey") {
        Access::SshKeyRefused
    } else if s.contains("not found") || s.contains("does not appear to be a git repository") {
        Access::NotFound
    } else if s.contains("could not resolve host")
        || s.contains("connection refused")
        || s.contains("couldn't connect")
        || s.contains("failed to connect")
        || s.contains("connection timed out")
    {
        Access::Network
    } else {
        Access::Failed
    }
}

/// `git ls-remote` as the go command runs git: no prompts, SSH in batch mode, bounded.
pub fn ls_remote_command(git: &Path, url: &str, env: &EnvMap, timeout: Duration) -> GoCommand {
    let overrides: &[(&str, Option<&str>)] = &[
        ("GIT_TERMINAL_PROMPT", Some("0")),
        ("GCM_INTERACTIVE", Some("never")),
        (
            "GIT_SSH_COMMAND",
            Some("ssh -o ControlMaster=no -o BatchMode=yes"),
        ),
        ("GIT_ASKPASS", None),
        ("SSH_ASKPASS", None),
    ];
    GoCommand {
        program: git.to_path_buf(),
        args: vec!["ls-remote".into(), "-q".into(), url.into(), "HEAD".into()],
        env: gocmd::child_env(env, overrides),
        cwd: gocmd::neutral_dir(),
        timeout,
    }
}

/// Runs the check (blocking; call it from the worker or the CLI).
pub fn check_access(git: &Path, url: &str, env: &EnvMap, timeout: Duration) -> AccessReport {
    let redacted = crate::goenv::gourl::redact_text(url);
    match gocmd::run_blocking(&ls_remote_command(git, url, env, timeout)) {
        Ok(out) => {
            let mut access = classify(out.code, &out.stderr);
            // git asks again after stored credentials were refused: with an entry for the
            // host in .netrc, the credentials are the problem, not their absence.
            if access == Access::NeedsCredentials && netrc_has(env, url) {
                access = Access::AuthFailed;
            }
            AccessReport {
                url: redacted,
                access,
                detail: crate::goenv::gourl::redact_text(out.stderr.trim()),
            }
        }
        Err(gocmd::RunError::Timeout { .. }) => AccessReport {
            url: redacted,
            access: Access::TimedOut,
            detail: String::new(),
        },
        Err(e) => AccessReport {
            url: redacted,
            access: Access::Failed,
            detail: e.to_string(),
        },
    }
}

/// Whether `.netrc` has an entry for the URL's host (never reading more than that).
fn netrc_has(env: &EnvMap, url: &str) -> bool {
    let Some((host, _)) = url_host_path(url) else {
        return false;
    };
    let Some(path) =
        crate::goenv::netrc::location(env, crate::goenv::location::TargetOs::current())
    else {
        return false;
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    crate::goenv::netrc::machines(&text)
        .iter()
        .any(|m| m.host.eq_ignore_ascii_case(&host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(
            classify(
                Some(128),
                "fatal: could not read Username for 'https://h': terminal prompts disabled"
            ),
            Access::NeedsCredentials
        );
        assert_eq!(
            classify(Some(128), "Host key verification failed."),
            Access::HostKeyUnknown
        );
        assert_eq!(classify(Some(0), ""), Access::Ok);
    }
}
