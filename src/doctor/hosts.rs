//! The hosts the go command connects to for the configured settings (each GOPROXY URL, the
//! checksum database, the HTTPS proxy), the hosts the public knows, and what an address means:
//! private, loopback or a proxy tool's fake IP.

use crate::goenv::location::{EnvMap, env_value};
use crate::goenv::model::Snapshot;

/// Hosts the public knows: the catalogue's mirrors and the Go project's own.
pub(super) fn public_hosts() -> Vec<String> {
    let mut hosts: Vec<String> = [
        "proxy.golang.org",
        "sum.golang.org",
        "sum.golang.google.cn",
        "golang.org",
        "go.dev",
        "golang.google.cn",
        "storage.googleapis.com",
        "github.com",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    for m in crate::mirrors::builtin() {
        if let Some((host, _)) = host_port(&m.url) {
            hosts.push(host);
        }
    }
    hosts
}

/// The host and port of an http(s) URL (user info dropped).
pub(super) fn host_port(url: &str) -> Option<(String, u16)> {
    let (scheme, rest) = url.split_once("://")?;
    let default = if scheme.eq_ignore_ascii_case("http") {
        80
    } else {
        443
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let (host, port) = crate::probe::proxyenv::split_host_port(authority, default)?;
    Some((host.to_ascii_lowercase(), port))
}

/// A host the go command connects to: name, port, what it is for, and the proxy in between.
pub(super) struct Host {
    pub(super) name: String,
    pub(super) port: u16,
    pub(super) role: String,
    pub(super) via_proxy: Option<String>,
}

/// The hosts to resolve: each GOPROXY URL, the checksum database, the HTTPS proxy.
pub(super) fn configured_hosts(snapshot: &Snapshot, env: &EnvMap) -> Vec<Host> {
    let mut out: Vec<Host> = Vec::new();
    let mut add = |url: &str, role: &str| {
        if let Some((name, port)) = host_port(url)
            && !out.iter().any(|h| h.name == name && h.port == port)
        {
            let scheme = url
                .split("://")
                .next()
                .unwrap_or("https")
                .to_ascii_lowercase();
            let via_proxy = (role != "HTTPS_PROXY")
                .then(|| crate::probe::proxyenv::proxy_for(env, &scheme, &name, port))
                .flatten()
                .map(|p| p.display);
            out.push(Host {
                name,
                port,
                role: role.to_string(),
                via_proxy,
            });
        }
    };
    if let Ok(list) = crate::goenv::goproxy::parse(snapshot.value("GOPROXY")) {
        for (url, _) in list.urls() {
            add(url, "GOPROXY");
        }
    }
    if let Ok(crate::goenv::gosumdb::SumDb::On { name, url, .. }) =
        crate::goenv::gosumdb::parse(snapshot.value("GOSUMDB"))
    {
        let u = url.unwrap_or_else(|| format!("https://{name}"));
        add(&u, "GOSUMDB");
    }
    for var in ["HTTPS_PROXY", "https_proxy"] {
        if let Some(v) = env_value(env, var) {
            let v = if v.contains("://") {
                v.to_string()
            } else {
                format!("http://{v}")
            };
            add(&v, "HTTPS_PROXY");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::resolve::{fake_ip, private_address};

    #[test]
    fn private_and_fake_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.1.1",
            "172.16.0.9",
            "169.254.1.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(private_address(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["8.8.8.8", "203.0.113.9", "2001:db8::1", "198.18.0.1"] {
            assert!(!private_address(ip.parse().expect("ip")), "{ip}");
        }
        assert!(fake_ip("198.18.0.7".parse().expect("ip")));
        assert!(fake_ip("198.19.255.1".parse().expect("ip")));
        assert!(!fake_ip("198.20.0.1".parse().expect("ip")));
    }

    #[test]
    fn hosts_of_urls() {
        assert_eq!(
            host_port("https://u:p@Goproxy.CN/x"),
            Some(("goproxy.cn".to_string(), 443))
        );
        assert_eq!(
            host_port("http://127.0.0.1:8080"),
            Some(("127.0.0.1".to_string(), 8080))
        );
        assert_eq!(host_port("direct"), None);
        assert!(public_hosts().contains(&"proxy.golang.org".to_string()));
    }
}
