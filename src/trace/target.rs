//! What `gomirror trace TARGET` aims at: a mirror URL (its host and the port the go command
//! would connect to: the URL's, else 443 for https and 80 for http) or a host, `host:port`
//! or an IP address.

use super::TraceError;

/// A parsed target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// As given, redacted (a URL's password never reaches a report).
    pub shown: String,
    /// The host name or IP literal (no brackets).
    pub host: String,
    pub port: u16,
    /// `https` or `http`: which proxy variable decides the path.
    pub scheme: &'static str,
}

impl Target {
    /// An IP literal was given: nothing to resolve, and a private address is what was asked.
    pub fn is_literal(&self) -> bool {
        self.host.parse::<std::net::IpAddr>().is_ok()
    }
}

/// Parses TARGET; `port` (from `--port`) overrides the URL's or the default.
pub fn parse_target(raw: &str, port: Option<u16>) -> Result<Target, TraceError> {
    let bad = |why_en: &str, why_zh: &str| {
        let shown = crate::goenv::gourl::redact(raw);
        TraceError::new(
            format!("cannot trace {shown:?}: {why_en}"),
            format!("无法追踪 {shown:?}：{why_zh}"),
        )
    };
    let raw_trim = raw.trim();
    if raw_trim.is_empty() {
        return Err(bad(
            "give a mirror URL or a host name",
            "请给出镜像 URL 或主机名",
        ));
    }
    if port == Some(0) {
        return Err(bad("port 0 is not a port", "端口 0 不是有效端口"));
    }
    let (scheme, authority, default_port) = match raw_trim.split_once("://") {
        Some((s, rest)) => {
            let scheme = match s.to_ascii_lowercase().as_str() {
                "https" => "https",
                "http" => "http",
                _ => {
                    return Err(bad(
                        "only https:// and http:// URLs are fetched by the go command",
                        "go 命令只通过 https:// 或 http:// 地址下载",
                    ));
                }
            };
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            (scheme, authority, if scheme == "https" { 443 } else { 80 })
        }
        None => ("https", raw_trim.trim_end_matches('/'), 443),
    };
    let Some((host, url_port)) = crate::probe::proxyenv::split_host_port(authority, default_port)
    else {
        return Err(bad("the port is not a number", "端口不是数字"));
    };
    if url_port == 0 {
        return Err(bad("port 0 is not a port", "端口 0 不是有效端口"));
    }
    let valid_name = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    if !valid_name || (host.contains(':') && host.parse::<std::net::Ipv6Addr>().is_err()) {
        return Err(bad("that is not a host name", "这不是有效的主机名"));
    }
    Ok(Target {
        shown: crate::goenv::gourl::redact(raw_trim),
        host,
        port: port.unwrap_or(url_port),
        scheme,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_hosts_and_ports() {
        let t = parse_target("https://goproxy.cn", None).expect("url");
        assert_eq!(
            (t.host.as_str(), t.port, t.scheme),
            ("goproxy.cn", 443, "https")
        );
        let t = parse_target("http://10.0.0.5:8081/repository/go/", None).expect("url");
        assert_eq!(
            (t.host.as_str(), t.port, t.scheme),
            ("10.0.0.5", 8081, "http")
        );
        let t = parse_target("https://u:secret@mirror.corp:8443/go", None).expect("url");
        assert_eq!((t.host.as_str(), t.port), ("mirror.corp", 8443));
        assert!(!t.shown.contains("secret"), "{}", t.shown);
        let t = parse_target("proxy.golang.org", Some(8443)).expect("host");
        assert_eq!((t.host.as_str(), t.port), ("proxy.golang.org", 8443));
        let t = parse_target("[2001:db8::1]:444", None).expect("v6");
        assert_eq!((t.host.as_str(), t.port), ("2001:db8::1", 444));
        assert!(t.is_literal());
        let t = parse_target("sum.golang.org:443", None).expect("host:port");
        assert_eq!(t.port, 443);
        assert!(!t.is_literal());
    }

    #[test]
    fn bad_targets_say_why_in_both_languages() {
        for raw in ["", "ftp://x.org", "https://", "host:port", "a b", "x:0"] {
            let e = parse_target(raw, None).expect_err(raw);
            let t = e.text();
            assert!(t.en.starts_with("cannot trace"), "{raw}: {}", t.en);
            assert!(t.zh.starts_with("无法追踪"), "{raw}: {}", t.zh);
        }
        assert!(parse_target("goproxy.cn", Some(0)).is_err());
    }
}
