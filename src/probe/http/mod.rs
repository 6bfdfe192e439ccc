//! One staged GET on a fresh connection: DNS (all answers), TCP connect (through the
//! environment's proxy with CONNECT for https, as the go command would), TLS handshake, time to
//! first byte, and a bounded body with its throughput. Every stage has its own timeout, and
//! redirects are followed as Go's http.Client does (at most 10, never https to http).

pub(crate) mod dial;
mod request;

pub use super::fetch_error::{FetchError, Stage};
use super::proxyenv;
use super::resolve::{LookupError, Resolver};
use super::tls::{self, CertReport, Roots};
use crate::goenv::location::EnvMap;
use request::{Clock, proxy_connect, request};
use serde::Serialize;
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite};

/// Limits for one request.
#[derive(Clone, Debug)]
pub struct Limits {
    pub dns: Duration,
    pub connect: Duration,
    pub tls: Duration,
    pub ttfb: Duration,
    pub body: Duration,
    pub body_cap_bytes: usize,
    /// No stage of a request waits past this instant (a mirror's budget): a body still coming
    /// in is measured up to it, not lost.
    pub deadline: Option<tokio::time::Instant>,
}

impl Limits {
    /// A stage's limit, cut to what is left before the deadline.
    pub fn left(&self, stage: Duration) -> Duration {
        match self.deadline {
            Some(d) => stage.min(d.saturating_duration_since(tokio::time::Instant::now())),
            None => stage,
        }
    }
}

/// When a request's final response head arrived (redirects followed), for callers that bound
/// a result while the request is still running.
#[derive(Debug, Default)]
pub struct Observer {
    headers_at: std::sync::Mutex<Option<Instant>>,
}

impl Observer {
    /// When the response headers arrived.
    pub fn headers_at(&self) -> Option<Instant> {
        self.headers_at.lock().ok().and_then(|g| *g)
    }

    fn mark(&self) {
        if let Ok(mut g) = self.headers_at.lock() {
            g.get_or_insert_with(Instant::now);
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            dns: Duration::from_secs(3),
            connect: Duration::from_secs(3),
            tls: Duration::from_secs(3),
            ttfb: Duration::from_secs(5),
            body: Duration::from_secs(5),
            body_cap_bytes: 256 * 1024,
            deadline: None,
        }
    }
}

/// Timings and results of one fetch. Stage times are of the first connection; with redirects,
/// `ttfb_ms` runs until the final response's headers.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Fetch {
    pub dns_ms: Option<f64>,
    pub addresses: Vec<String>,
    pub connect_ms: Option<f64>,
    pub tls_ms: Option<f64>,
    pub tls_version: Option<String>,
    pub cert: Option<CertReport>,
    pub ttfb_ms: Option<f64>,
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub body_ms: Option<f64>,
    /// Bytes per second over the body stage (None for tiny bodies).
    pub throughput_bps: Option<f64>,
    pub truncated: bool,
    pub redirects: u32,
    /// The proxy the request went through, e.g. `http://proxy.corp:3128 (HTTPS_PROXY)`.
    pub via_proxy: Option<String>,
    pub error: Option<FetchError>,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn within<T>(
    limit: Duration,
    stage: Stage,
    fut: impl Future<Output = T>,
) -> Result<T, FetchError> {
    tokio::time::timeout(limit, fut)
        .await
        .map_err(|_| FetchError::Timeout { stage })
}

struct Target {
    scheme: String,
    host: String,
    port: u16,
    path_and_query: String,
}

fn parse_target(url: &str) -> Result<Target, FetchError> {
    let bad = |m: &str| FetchError::BadUrl {
        message: format!("{m}: {}", crate::goenv::gourl::redact(url)),
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("not an absolute URL"))?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return Err(bad("only http and https can be probed")),
    };
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..split];
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) =
        proxyenv::split_host_port(hostport, default_port).ok_or_else(|| bad("bad host or port"))?;
    let mut path = rest[split..].to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    Ok(Target {
        scheme,
        host,
        port,
        path_and_query: path,
    })
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// What every request of a round shares: the environment (proxy variables), the trust roots and
/// the round's resolver (each host is looked up once per round).
#[derive(Clone, Copy)]
pub struct Net<'a> {
    pub env: &'a EnvMap,
    pub roots: &'a Roots,
    pub resolver: &'a Resolver,
}

/// GETs `url` on a fresh connection, following redirects.
pub async fn get(url: &str, net: &Net<'_>, limits: &Limits) -> Fetch {
    get_observed(url, net, limits, &Observer::default()).await
}

/// [`get`], marking in `obs` when the final response head arrives.
pub async fn get_observed(url: &str, net: &Net<'_>, limits: &Limits, obs: &Observer) -> Fetch {
    let mut fetch = Fetch::default();
    let mut current = url.to_string();
    let start = Instant::now();
    for hop in 0..=10u32 {
        match get_once(&current, net, limits, &mut fetch, hop == 0, start, obs).await {
            Ok(Some(location)) => {
                let next = resolve_location(&current, &location);
                if current.starts_with("https://") && next.starts_with("http://") {
                    fetch.error = Some(FetchError::Redirect {
                        message: format!(
                            "refusing redirect from https to http: {}",
                            crate::goenv::gourl::redact(&next)
                        ),
                    });
                    return fetch;
                }
                fetch.redirects += 1;
                current = next;
            }
            Ok(None) => return fetch,
            Err(e) => {
                fetch.error = Some(e);
                return fetch;
            }
        }
    }
    fetch.error = Some(FetchError::Redirect {
        message: "stopped after 10 redirects".into(),
    });
    fetch
}

fn resolve_location(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if location.starts_with('/') {
        format!("{}{location}", &base[..host_end])
    } else {
        let dir_end = base
            .rfind('/')
            .filter(|&i| i >= host_end)
            .map_or(base.len(), |i| i + 1);
        format!("{}{location}", &base[..dir_end])
    }
}

/// One request; returns the redirect location if the answer is a redirect.
async fn get_once(
    url: &str,
    net: &Net<'_>,
    limits: &Limits,
    fetch: &mut Fetch,
    first: bool,
    start: Instant,
    obs: &Observer,
) -> Result<Option<String>, FetchError> {
    let target = parse_target(url)?;
    let proxy = proxyenv::proxy_for(net.env, &target.scheme, &target.host, target.port);
    if first {
        fetch.via_proxy = proxy
            .as_ref()
            .map(|p| format!("{} ({})", p.display, p.variable));
    }
    let (connect_host, connect_port) = match &proxy {
        Some(p) => (p.host.clone(), p.port),
        None => (target.host.clone(), target.port),
    };
    // DNS: all answers, once per host and round, within the stage's limit.
    let t = Instant::now();
    let addrs = net
        .resolver
        .resolve(&connect_host, connect_port, limits.left(limits.dns))
        .await
        .map_err(|e| match e {
            LookupError::TimedOut => FetchError::Timeout { stage: Stage::Dns },
            LookupError::Failed(message) => FetchError::Dns {
                message: format!("lookup {connect_host}: {message}"),
            },
        })?;
    if first {
        fetch.dns_ms = Some(ms(t.elapsed()));
        fetch.addresses = addrs.iter().map(|a| a.ip().to_string()).collect();
    }
    if addrs.is_empty() {
        return Err(FetchError::Dns {
            message: format!("lookup {connect_host}: no addresses"),
        });
    }
    // TCP connect (and CONNECT through the proxy for https), every address as Go tries them.
    let t = Instant::now();
    let tcp = dial::dial(&addrs, limits.left(limits.connect))
        .await
        .map_err(|e| match e {
            dial::DialError::TimedOut => FetchError::Timeout {
                stage: Stage::Connect,
            },
            dial::DialError::Failed(message) => FetchError::Connect { message },
        })?;
    let _ = tcp.set_nodelay(true);
    let mut stream: Box<dyn Io> = Box::new(tcp);
    if let Some(p) = &proxy
        && target.scheme == "https"
    {
        stream = within(
            limits.left(limits.connect),
            Stage::Connect,
            proxy_connect(stream, p, &target),
        )
        .await??;
    }
    if first {
        fetch.connect_ms = Some(ms(t.elapsed()));
    }
    // TLS.
    if target.scheme == "https" {
        let t = Instant::now();
        let verifier = tls::RecordingVerifier::new(net.roots)
            .map_err(|message| FetchError::Tls { message })?;
        let config =
            tls::client_config(verifier.clone()).map_err(|message| FetchError::Tls { message })?;
        let name = rustls::pki_types::ServerName::try_from(target.host.clone()).map_err(|e| {
            FetchError::Tls {
                message: e.to_string(),
            }
        })?;
        let connector = tokio_rustls::TlsConnector::from(config);
        let result = within(
            limits.left(limits.tls),
            Stage::Tls,
            connector.connect(name, stream),
        )
        .await?;
        let report = verifier.take_report();
        let refused = report.as_ref().and_then(|r| r.problem.clone());
        if first {
            fetch.cert = report;
        }
        let tls_stream = result.map_err(|e| match refused {
            // The go command's own wording: "tls: failed to verify certificate: x509: ...".
            Some(problem) => FetchError::Certificate {
                message: format!("tls: failed to verify certificate: {}", problem.text().en),
                problem,
            },
            None => FetchError::Tls {
                message: format!("tls: {e}"),
            },
        })?;
        if first {
            fetch.tls_ms = Some(ms(t.elapsed()));
            fetch.tls_version = tls_stream
                .get_ref()
                .1
                .protocol_version()
                .map(|v| format!("{v:?}"));
        }
        stream = Box::new(tls_stream);
    }
    let clock = Clock {
        start,
        obs,
        env: net.env,
    };
    request(stream, url, &target, proxy.as_ref(), limits, fetch, clock).await
}
