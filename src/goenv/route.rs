//! The route of one module: how the go command will fetch it and verify it, from a set of
//! effective settings (`modfetch.lookup`, `TryProxies`, `useSumDB`, `lookupDirect`).

use super::goproxy::{self, Fallback, ProxyEntry};
use super::gosumdb::{self, SumDb};
use super::model::Source;
use super::pattern::first_matching_pattern;
use serde::Serialize;

/// How the go command fetches a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fetch {
    Proxy,
    Direct,
    Off,
}

/// One proxy a module's fetch may go through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteProxy {
    pub url: String,
    pub fallback: Fallback,
}

/// How the go command fetches and verifies one module with these settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Route {
    pub module: String,
    pub fetch: Fetch,
    pub proxies: Vec<RouteProxy>,
    pub direct_after_proxies: bool,
    pub checksum: bool,
    pub insecure: bool,
    /// The GONOPROXY/GOPRIVATE pattern that sends the module direct, if any.
    pub noproxy_pattern: Option<String>,
    /// The GONOSUMDB/GOPRIVATE pattern that skips the checksum database, if any.
    pub nosumdb_pattern: Option<String>,
    /// How the checksum database is reached, when it is used.
    pub checksum_db: Option<String>,
    /// The go command's error if the settings make the lookup fail.
    pub error: Option<String>,
}

/// The settings a route depends on (effective values).
#[derive(Clone, Debug, Default)]
pub struct RouteSettings {
    pub goproxy: String,
    pub gosumdb: String,
    pub gonoproxy: String,
    pub gonosumdb: String,
    pub goinsecure: String,
}

impl RouteSettings {
    /// The settings of a snapshot. Without a go command its `$GOROOT/go.env` is unknown; an
    /// unset GOPROXY or GOSUMDB then takes the value every Go release ships in go.env (and
    /// that older releases built in), as the go command will once it is installed.
    pub fn from_snapshot(s: &super::model::Snapshot) -> Self {
        let shipped = |key: &str, value: &str| -> String {
            let unknown = s.go.is_none()
                && s.vars
                    .get(key)
                    .is_some_and(|v| v.value.is_empty() && v.source == Source::Default);
            if unknown { value } else { s.value(key) }.to_string()
        };
        Self {
            goproxy: shipped("GOPROXY", "https://proxy.golang.org,direct"),
            gosumdb: shipped("GOSUMDB", "sum.golang.org"),
            gonoproxy: s.value("GONOPROXY").to_string(),
            gonosumdb: s.value("GONOSUMDB").to_string(),
            goinsecure: s.value("GOINSECURE").to_string(),
        }
    }
}

/// The route of `module` under `s`, as the go command decides it.
pub fn route(module: &str, s: &RouteSettings) -> Route {
    let mut r = Route {
        module: module.to_string(),
        fetch: Fetch::Off,
        proxies: Vec::new(),
        direct_after_proxies: false,
        checksum: false,
        insecure: false,
        noproxy_pattern: None,
        nosumdb_pattern: None,
        checksum_db: None,
        error: None,
    };
    let noproxy = if s.goproxy != "direct" {
        first_matching_pattern(&s.gonoproxy, module)
    } else {
        None
    };
    match goproxy::parse(&s.goproxy) {
        Err(e) => {
            r.error = Some(e.go_text);
        }
        Ok(_) if noproxy.is_some() => {
            r.fetch = Fetch::Direct;
            r.noproxy_pattern = noproxy.map(str::to_string);
        }
        Ok(list) => match list.entries.first() {
            Some(ProxyEntry::Direct) => r.fetch = Fetch::Direct,
            Some(ProxyEntry::Off) | None => {
                r.fetch = Fetch::Off;
                r.error = Some("module lookup disabled by GOPROXY=off".into());
            }
            Some(ProxyEntry::Url { .. }) => {
                r.fetch = Fetch::Proxy;
                r.proxies = list
                    .urls()
                    .map(|(url, fallback)| RouteProxy {
                        url: super::gourl::redact(url),
                        fallback,
                    })
                    .collect();
                r.direct_after_proxies = list.ends_in_direct();
            }
        },
    }
    let insecure_pattern = first_matching_pattern(&s.goinsecure, module);
    r.insecure = insecure_pattern.is_some() && (r.fetch == Fetch::Direct || r.direct_after_proxies);
    checksum(module, s, &mut r);
    r
}

fn checksum(module: &str, s: &RouteSettings, r: &mut Route) {
    let toolchain = module == "golang.org/toolchain";
    let nosumdb = if toolchain {
        None
    } else {
        first_matching_pattern(&s.gonosumdb, module)
    };
    r.nosumdb_pattern = nosumdb.map(str::to_string);
    if s.gosumdb == "off" || nosumdb.is_some() {
        r.checksum = false;
        return;
    }
    r.checksum = true;
    r.checksum_db = Some(match gosumdb::parse(&s.gosumdb) {
        Err(e) => format!("invalid: {e}"),
        Ok(SumDb::Off) => String::new(),
        Ok(SumDb::On {
            name,
            url: Some(url),
            ..
        }) => {
            format!("{name} at {}", super::gourl::redact(&url))
        }
        Ok(SumDb::On {
            name, url: None, ..
        }) => {
            if r.proxies.is_empty() {
                format!("{name} directly at https://{name}")
            } else {
                format!("{name} through the proxies (/sumdb/{name}/supported), else https://{name}")
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(goproxy: &str, private: &str) -> RouteSettings {
        RouteSettings {
            goproxy: goproxy.into(),
            gosumdb: "sum.golang.org".into(),
            gonoproxy: private.into(),
            gonosumdb: private.into(),
            goinsecure: String::new(),
        }
    }

    #[test]
    fn routes() {
        let r = route(
            "example.com/m",
            &settings("https://a.example|https://b.example,direct", ""),
        );
        assert_eq!(r.fetch, Fetch::Proxy);
        assert_eq!(r.proxies[0].fallback, Fallback::AnyError);
        assert_eq!(r.proxies[1].fallback, Fallback::NotFound);
        assert!(r.direct_after_proxies && r.checksum);
        let r = route("git.corp/x", &settings("off", "git.corp"));
        assert_eq!(
            r.fetch,
            Fetch::Direct,
            "G9: GOPROXY=off does not stop private modules"
        );
        assert!(!r.checksum);
        let mut s = settings("off", "git.corp");
        s.gonoproxy = "none".into();
        assert_eq!(route("git.corp/x", &s).fetch, Fetch::Off);
        let r = route("example.com/m", &settings("bogus", ""));
        assert_eq!(
            r.error.as_deref(),
            Some("invalid proxy URL missing scheme: bogus")
        );
        let mut s = settings("direct", "");
        s.goinsecure = "example.com".into();
        assert!(route("example.com/m", &s).insecure);
        let mut s = settings("https://p.example", "");
        s.gonosumdb = "*".into();
        assert!(
            route("golang.org/toolchain", &s).checksum,
            "G14: toolchains always verified"
        );
    }
}
