//! GOPROXY parsed exactly as `modfetch.proxyList` does (Go 1.27), with the same error texts.

use super::gourl;
use serde::Serialize;

/// When the go command moves on from a proxy to the next entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fallback {
    /// `,`: only after 404 or 410.
    NotFound,
    /// `|`: after any error.
    AnyError,
}

/// One entry of a GOPROXY list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProxyEntry {
    Url { url: String, fallback: Fallback },
    Direct,
    Off,
}

/// The parsed list, as the go command will walk it.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ProxyList {
    pub entries: Vec<ProxyEntry>,
    /// Text after `direct` or `off`, which the go command ignores.
    pub ignored_tail: Option<String>,
}

impl ProxyList {
    /// The proxy URLs in order, with the separator after each.
    pub fn urls(&self) -> impl Iterator<Item = (&str, Fallback)> {
        self.entries.iter().filter_map(|e| match e {
            ProxyEntry::Url { url, fallback } => Some((url.as_str(), *fallback)),
            _ => None,
        })
    }

    /// The list ends in `direct` (the go command fetches from the origin last).
    pub fn ends_in_direct(&self) -> bool {
        matches!(self.entries.last(), Some(ProxyEntry::Direct))
    }

    /// The list ends in `off`.
    pub fn ends_in_off(&self) -> bool {
        matches!(self.entries.last(), Some(ProxyEntry::Off))
    }
}

/// An error the go command raises for this GOPROXY at the first module lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyError {
    /// The go command's text, e.g. `invalid proxy URL missing scheme: myproxy`.
    pub go_text: String,
    /// The entry at fault, if the error is about one entry.
    pub entry: Option<String>,
}

/// The go command's error for a GOPROXY with no entries.
pub const NO_ENTRIES: &str = "GOPROXY list is not the empty string, but contains no entries";

/// Parses the effective GOPROXY value (after defaults were applied).
pub fn parse(value: &str) -> Result<ProxyList, ProxyError> {
    let mut list = ProxyList::default();
    let mut rest = value;
    while !rest.is_empty() {
        let (raw, fallback) = match rest.find([',', '|']) {
            Some(i) => {
                let fb = if rest.as_bytes()[i] == b'|' {
                    Fallback::AnyError
                } else {
                    Fallback::NotFound
                };
                let raw = &rest[..i];
                rest = &rest[i + 1..];
                (raw, fb)
            }
            None => {
                let raw = rest;
                rest = "";
                (raw, Fallback::NotFound)
            }
        };
        let entry = raw.trim_matches(go_space);
        if entry.is_empty() {
            continue;
        }
        if entry == "off" || entry == "direct" {
            list.entries.push(if entry == "off" {
                ProxyEntry::Off
            } else {
                ProxyEntry::Direct
            });
            if !rest
                .trim_matches(|c: char| go_space(c) || c == ',' || c == '|')
                .is_empty()
            {
                list.ignored_tail = Some(rest.to_string());
            }
            break;
        }
        let url = complete_url(entry);
        check_proxy_url(&url).map_err(|go_text| ProxyError {
            go_text,
            entry: Some(entry.to_string()),
        })?;
        list.entries.push(ProxyEntry::Url { url, fallback });
    }
    if list.entries.is_empty() {
        return Err(ProxyError {
            go_text: NO_ENTRIES.to_string(),
            entry: None,
        });
    }
    Ok(list)
}

/// Go's `strings.TrimSpace` set (ASCII space characters plus Unicode White_Space).
fn go_space(c: char) -> bool {
    c.is_whitespace()
}

/// Adds `https://` the way the go command does to entries that look like host names.
pub fn complete_url(entry: &str) -> String {
    let looks_like_host = entry.contains(['.', ':', '/'])
        && !entry.contains(":/")
        && !is_abs_path(entry)
        && !entry.starts_with('/');
    if looks_like_host {
        format!("https://{entry}")
    } else {
        entry.to_string()
    }
}

/// `filepath.IsAbs` of the platform the app runs on.
fn is_abs_path(p: &str) -> bool {
    std::path::Path::new(p).is_absolute()
}

/// `newProxyRepo`'s checks, plus the request-time credential refusal for http URLs.
pub fn check_proxy_url(url: &str) -> Result<(), String> {
    let parsed = gourl::parse(url)?;
    let redacted = gourl::go_redacted(url);
    match parsed.scheme.as_str() {
        "http" | "https" => {}
        "file" => {
            if !parsed.is_path_only() {
                return Err(format!(
                    "invalid file:// proxy URL with non-path elements: {redacted}"
                ));
            }
        }
        "" => return Err(format!("invalid proxy URL missing scheme: {redacted}")),
        _ => {
            return Err(format!(
                "invalid proxy URL scheme (must be https, http, file): {redacted}"
            ));
        }
    }
    if parsed.scheme == "http" && parsed.user.is_some() {
        return Err(format!(
            "refusing to pass credentials to insecure URL: {}",
            gourl::go_redacted(&format!(
                "http://{}",
                &url[url.find("://").map_or(0, |i| i + 3)..]
            ))
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(v: &str) -> String {
        parse(v).unwrap_err().go_text
    }

    #[test]
    fn parses_like_go() {
        let l = parse(" https://a.example | b.example , direct ,x").unwrap();
        assert_eq!(
            l.entries,
            vec![
                ProxyEntry::Url {
                    url: "https://a.example".into(),
                    fallback: Fallback::AnyError
                },
                ProxyEntry::Url {
                    url: "https://b.example".into(),
                    fallback: Fallback::NotFound
                },
                ProxyEntry::Direct,
            ]
        );
        assert_eq!(l.ignored_tail.as_deref(), Some("x"));
        assert_eq!(parse(",,x.y,,").unwrap().entries.len(), 1);
        assert_eq!(err(","), NO_ENTRIES);
        assert_eq!(err(" "), NO_ENTRIES);
        assert_eq!(err(""), NO_ENTRIES);
        assert_eq!(err("myproxy"), "invalid proxy URL missing scheme: myproxy");
        assert_eq!(
            err("/abs/dir"),
            "invalid proxy URL missing scheme: /abs/dir"
        );
        assert_eq!(
            err("https://ok.example,ftp://x"),
            "invalid proxy URL scheme (must be https, http, file): ftp://x"
        );
        assert_eq!(
            err("file://host/path"),
            "invalid file:// proxy URL with non-path elements: file://host/path"
        );
        assert_eq!(
            err("http://%zz"),
            r#"parse "http://%zz": invalid URL escape "%zz""#
        );
        assert_eq!(
            err("file:relative"),
            r#"parse "https://file:relative": invalid port ":relative" after host"#
        );
        assert!(parse("file:///dir").is_ok());
        assert!(parse("off,https://x.example").unwrap().ends_in_off());
        assert_eq!(
            err("http://user:pass@host.example"),
            "refusing to pass credentials to insecure URL: http://user:xxxxx@host.example"
        );
        assert_eq!(complete_url("localhost:9"), "https://localhost:9");
        assert_eq!(complete_url("relative/dir"), "https://relative/dir");
    }
}
