//! `.netrc`, where the go command reads credentials for proxies and `git` for hosts (GOAUTH
//! `netrc`, the default): its location as the go command finds it, its entries, and adding one.
//! A password belongs here (mode 0600), never in the env file, which `go env -w` writes readable
//! by every local user, nor in project files.

use crate::goenv::location::{EnvMap, TargetOs, env_value};
use std::path::PathBuf;

/// `$NETRC`, else `~/.netrc` (`%USERPROFILE%\_netrc` on Windows), as `cmd/go/internal/auth`.
pub fn location(env: &EnvMap, os: TargetOs) -> Option<PathBuf> {
    if let Some(p) = env_value(env, "NETRC") {
        return Some(PathBuf::from(p));
    }
    match os {
        TargetOs::Windows => env_value(env, "USERPROFILE").map(|h| PathBuf::from(h).join("_netrc")),
        _ => env_value(env, "HOME").map(|h| PathBuf::from(h).join(".netrc")),
    }
}

/// The `machine` name the go command (1.21+) looks up for a URL: `host:port` when the URL
/// names a port, else `host` (lower case; user info dropped).
pub fn machine_for_url(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    (!authority.is_empty()).then(|| authority.to_ascii_lowercase())
}

/// One `machine` entry.
#[derive(Clone, PartialEq, Eq)]
pub struct Machine {
    pub host: String,
    pub login: String,
    pub password: String,
}

/// Debug output never shows the password.
impl std::fmt::Debug for Machine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Machine")
            .field("host", &self.host)
            .field("login", &self.login)
            .field("password", &"********")
            .finish()
    }
}

/// The machine entries of a netrc text (tokens separated by any white space, as the go
/// command's parser reads them; `macdef` bodies are skipped).
pub fn machines(text: &str) -> Vec<Machine> {
    let mut out: Vec<Machine> = Vec::new();
    let mut tokens = text.split_whitespace();
    let mut current: Option<Machine> = None;
    while let Some(t) = tokens.next() {
        match t {
            "machine" | "default" => {
                if let Some(m) = current.take() {
                    out.push(m);
                }
                let host = if t == "machine" {
                    tokens.next().unwrap_or_default().to_string()
                } else {
                    String::new()
                };
                current = Some(Machine {
                    host,
                    login: String::new(),
                    password: String::new(),
                });
            }
            "login" => {
                if let Some(m) = &mut current {
                    m.login = tokens.next().unwrap_or_default().to_string();
                }
            }
            "password" => {
                if let Some(m) = &mut current {
                    m.password = tokens.next().unwrap_or_default().to_string();
                }
            }
            _ => {}
        }
    }
    if let Some(m) = current {
        out.push(m);
    }
    out
}

/// Why an entry was not added.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NetrcError {
    #[error("~/.netrc already has other credentials for {0}; edit it by hand")]
    Conflicting(String),
    #[error("a host, login or password contains white space or is empty")]
    Invalid,
}

/// The text with a `machine HOST login LOGIN password PASSWORD` line added. Adding what is
/// already there changes nothing; other credentials for the same host are refused.
pub fn with_machine(text: &str, m: &Machine) -> Result<String, NetrcError> {
    let bad = |s: &str| s.is_empty() || s.contains(char::is_whitespace);
    if bad(&m.host) || bad(&m.login) || bad(&m.password) {
        return Err(NetrcError::Invalid);
    }
    if let Some(existing) = machines(text).into_iter().find(|e| e.host == m.host) {
        return if existing == *m {
            Ok(text.to_string())
        } else {
            Err(NetrcError::Conflicting(m.host.clone()))
        };
    }
    let mut out = text.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "machine {} login {} password {}\n",
        m.host, m.login, m.password
    ));
    Ok(out)
}

/// A GOPROXY list with the credentials taken out of its URLs, and the netrc entries that
/// carry them (the host with its port, as Go 1.21+ matches it).
pub fn split_credentials(list: &str) -> (String, Vec<Machine>) {
    let mut machines = Vec::new();
    let mut out = String::new();
    let mut rest = list;
    while !rest.is_empty() {
        let end = rest.find([',', '|']).unwrap_or(rest.len());
        let (entry, sep) = (&rest[..end], rest[end..].chars().next());
        match crate::goenv::gourl::parse(entry) {
            Ok(u) if u.user.as_ref().is_some_and(|(_, p)| p.is_some()) => {
                let (login, password) = u.user.clone().unwrap_or_default();
                machines.push(Machine {
                    host: u.host.clone(),
                    login,
                    password: password.unwrap_or_default(),
                });
                // Go's userinfo ends at the last `@` of the authority (a password may hold
                // `@`): everything before it goes, the host stays.
                let scheme_end = entry.find("://").map_or(0, |i| i + 3);
                let authority = &entry[scheme_end..];
                let authority =
                    &authority[..authority.find(['/', '?', '#']).unwrap_or(authority.len())];
                let at = authority.rfind('@').map_or(0, |i| i + 1);
                out.push_str(&entry[..scheme_end]);
                out.push_str(&entry[scheme_end + at..]);
            }
            _ => out.push_str(entry),
        }
        if let Some(c) = sep {
            out.push(c);
        }
        rest = &rest[(end + sep.map_or(0, char::len_utf8)).min(rest.len())..];
    }
    (out, machines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_splitting() {
        let text = "machine a.example login u password p\n\ndefault login x password y\n";
        assert_eq!(machines(text).len(), 2);
        let m = Machine {
            host: "goproxy.corp.example:8443".into(),
            login: "ci".into(),
            password: "t0k".into(),
        };
        let added = with_machine(text, &m).expect("add");
        assert!(added.ends_with("machine goproxy.corp.example:8443 login ci password t0k\n"));
        assert_eq!(with_machine(&added, &m), Ok(added.clone()));
        let other = Machine {
            password: "different".into(),
            ..m.clone()
        };
        assert!(with_machine(&added, &other).is_err());
        let (clean, found) = split_credentials(
            "https://ci:t0k@goproxy.corp.example:8443/go|https://goproxy.cn,direct",
        );
        assert_eq!(
            clean,
            "https://goproxy.corp.example:8443/go|https://goproxy.cn,direct"
        );
        assert_eq!(found, vec![m]);
        let (same, none) = split_credentials("https://tok@host,direct");
        assert_eq!((same.as_str(), none.len()), ("https://tok@host,direct", 0));
    }
}
