//! The proxy the go command would use for a URL: a port of Go's `http.ProxyFromEnvironment`
//! (`golang.org/x/net/http/httpproxy`): HTTPS_PROXY for https, HTTP_PROXY for http, NO_PROXY
//! exceptions, and never a proxy for localhost or loopback addresses.

use crate::goenv::location::{EnvMap, env_value};
use std::net::IpAddr;

/// Which variable a proxy came from, and its parsed address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyChoice {
    /// `http` or `https` (the scheme used to talk to the proxy itself).
    pub scheme: String,
    pub host: String,
    pub port: u16,
    /// `Basic` credentials for Proxy-Authorization, if the proxy URL has a user.
    pub basic_auth: Option<String>,
    /// e.g. `HTTPS_PROXY`.
    pub variable: &'static str,
    /// The proxy URL with its password redacted, for reports.
    pub display: String,
}

fn first_of<'a>(env: &'a EnvMap, names: &[&'static str]) -> Option<(&'static str, &'a str)> {
    names
        .iter()
        .find_map(|n| env_value(env, n).map(|v| (*n, v)))
}

/// The proxy for a request to `scheme://host:port`, or None for a direct connection.
pub fn proxy_for(env: &EnvMap, scheme: &str, host: &str, port: u16) -> Option<ProxyChoice> {
    let (variable, raw) = match scheme {
        "https" => first_of(env, &["HTTPS_PROXY", "https_proxy"])?,
        "http" => first_of(env, &["HTTP_PROXY", "http_proxy"])?,
        _ => return None,
    };
    if !use_proxy(env, host, port) {
        return None;
    }
    parse_proxy(raw, variable)
}

fn parse_proxy(raw: &str, variable: &'static str) -> Option<ProxyChoice> {
    let with_scheme = if raw.contains("://") {
        raw.to_string()
    } else {
        format!("http://{raw}")
    };
    let (scheme, rest) = with_scheme.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split('/').next().unwrap_or("");
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let default_port = if scheme == "https" { 443 } else { 80 };
    let (host, port) = split_host_port(hostport, default_port)?;
    let basic_auth = userinfo.map(|u| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(u.as_bytes())
    });
    Some(ProxyChoice {
        display: crate::goenv::gourl::redact(&with_scheme),
        scheme,
        host,
        port,
        basic_auth,
        variable,
    })
}

/// Splits `host[:port]` (IPv6 in brackets).
pub fn split_host_port(hostport: &str, default_port: u16) -> Option<(String, u16)> {
    if let Some(rest) = hostport.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().ok()?,
            None => default_port,
        };
        return Some((host.to_string(), port));
    }
    match hostport.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => Some((h.to_string(), p.parse().ok()?)),
        _ => Some((hostport.to_string(), default_port)),
    }
}

/// `localhost` or a loopback address (brackets around an IPv6 address allowed): never proxied,
/// and the only hosts plain http is fetched from.
pub fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `httpproxy.config.useProxy`.
fn use_proxy(env: &EnvMap, host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    if is_loopback_host(&host) {
        return false;
    }
    let ip: Option<IpAddr> = host.parse().ok();
    let Some((_, no_proxy)) = first_of(env, &["NO_PROXY", "no_proxy"]) else {
        return true;
    };
    for entry in no_proxy.split(',') {
        let entry = entry.trim().to_ascii_lowercase();
        if entry.is_empty() {
            continue;
        }
        if entry == "*" {
            return false;
        }
        if let Some((net, bits)) = entry.split_once('/')
            && let (Ok(net), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u32>())
        {
            if ip.is_some_and(|ip| cidr_contains(net, bits, ip)) {
                return false;
            }
            continue;
        }
        if let Ok(entry_ip) = entry.parse::<IpAddr>() {
            if ip == Some(entry_ip) {
                return false;
            }
            continue;
        }
        let (mut phost, pport) = match split_host_port(&entry, 0) {
            Some((h, p)) => (h, p),
            None => continue,
        };
        if let Some(rest) = phost.strip_prefix("*.") {
            phost = format!(".{rest}");
        }
        let match_host = !phost.starts_with('.');
        if match_host {
            phost = format!(".{phost}");
        }
        let host_matches = host.ends_with(&phost) || (match_host && host == phost[1..]);
        if host_matches && (pport == 0 || pport == port) {
            return false;
        }
    }
    true
}

fn cidr_contains(net: IpAddr, bits: u32, ip: IpAddr) -> bool {
    match (net, ip) {
        (IpAddr::V4(n), IpAddr::V4(i)) if bits <= 32 => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(n) & mask == u32::from(i) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(i)) if bits <= 128 => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(n) & mask == u128::from(i) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goenv::location::env_from as env;

    #[test]
    fn go_rules() {
        let e = env(&[
            ("HTTPS_PROXY", "proxy.corp:3128"),
            ("NO_PROXY", ".internal,git.corp.com,10.0.0.0/8,*.svc"),
        ]);
        let p = proxy_for(&e, "https", "goproxy.cn", 443).expect("proxied");
        assert_eq!(
            (p.host.as_str(), p.port, p.variable),
            ("proxy.corp", 3128, "HTTPS_PROXY")
        );
        assert!(
            proxy_for(&e, "http", "goproxy.cn", 80).is_none(),
            "http uses HTTP_PROXY"
        );
        assert!(proxy_for(&e, "https", "a.internal", 443).is_none());
        assert!(proxy_for(&e, "https", "git.corp.com", 443).is_none());
        assert!(proxy_for(&e, "https", "x.git.corp.com", 443).is_none());
        assert!(proxy_for(&e, "https", "10.1.2.3", 443).is_none());
        assert!(proxy_for(&e, "https", "a.svc", 443).is_none());
        assert!(
            proxy_for(&e, "https", "127.0.0.1", 443).is_none(),
            "loopback is never proxied"
        );
        assert!(proxy_for(&e, "https", "localhost", 443).is_none());
        let p = proxy_for(
            &env(&[("https_proxy", "http://u:pw@p:8080")]),
            "https",
            "h",
            443,
        )
        .expect("p");
        assert_eq!(p.display, "http://u:xxxxx@p:8080");
        assert!(p.basic_auth.is_some());
        assert!(
            proxy_for(
                &env(&[("HTTPS_PROXY", "p:1"), ("NO_PROXY", "*")]),
                "https",
                "h",
                443
            )
            .is_none()
        );
    }
}
