//! One staged GET on a fresh connection: DNS (all answers), TCP connect (through the
//! environment's proxy with CONNECT for https, as the go command would), TLS handshake, time to
//! first byte, and a bounded body with its throughput. Every stage has its own timeout, and
//! redirects are followed as Go's http.Client does (at most 10, never https to http).

pub use super::fetch_error::{FetchError, Stage};
use super::proxyenv::{self, ProxyChoice};
use super::resolve::{LookupError, Resolver};
use super::tls::{self, CertReport, Roots};
use crate::goenv::location::EnvMap;
use http_body_util::BodyExt;
use serde::Serialize;
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

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

/// Basic credentials from `https://user:pass@host` (the go command sends them for https).
fn basic_auth(url: &str) -> Option<String> {
    let parsed = crate::goenv::gourl::parse(url).ok()?;
    let (user, pass) = parsed.user?;
    use base64::Engine;
    Some(
        base64::engine::general_purpose::STANDARD
            .encode(format!("{user}:{}", pass.unwrap_or_default())),
    )
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
    let Some(addr) = addrs.first().copied() else {
        return Err(FetchError::Dns {
            message: format!("lookup {connect_host}: no addresses"),
        });
    };
    // TCP connect (and CONNECT through the proxy for https).
    let t = Instant::now();
    let tcp = within(
        limits.left(limits.connect),
        Stage::Connect,
        TcpStream::connect(addr),
    )
    .await?
    .map_err(|e| FetchError::Connect {
        message: format!("dial tcp {addr}: {e}"),
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
        if first {
            fetch.cert = verifier.take_report();
        }
        let tls_stream = result.map_err(|e| FetchError::Tls {
            message: format!("tls: {e}"),
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

/// When a request started, who is told when its response head arrives, and the environment
/// (for `.netrc`).
struct Clock<'a> {
    start: Instant,
    obs: &'a Observer,
    env: &'a EnvMap,
}

/// Basic credentials from `.netrc`, as the go command (1.21+) finds them with GOAUTH=netrc,
/// the default: by URL prefix, so a URL with a port needs a `machine host:port` entry and one
/// without needs `machine host`. The file is read on each request (at most 64 KiB), so an entry
/// added while the app runs counts at once.
fn netrc_auth(env: &EnvMap, url: &str) -> Option<String> {
    if crate::goenv::location::env_value(env, "GOAUTH").is_some_and(|a| a.trim() == "off") {
        return None;
    }
    let path = crate::netrc::location(env, crate::goenv::location::TargetOs::current())?;
    let mut text = String::new();
    use std::io::Read;
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_string(&mut text)
        .ok()?;
    let machines = crate::netrc::machines(&text);
    // The machine as the go command looks it up: host:port when the URL has a port.
    let wanted = crate::netrc::machine_for_url(url)?;
    let m = machines
        .iter()
        .find(|m| m.host.eq_ignore_ascii_case(&wanted))?;
    use base64::Engine;
    Some(base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", m.login, m.password)))
}

async fn proxy_connect(
    mut stream: Box<dyn Io>,
    proxy: &ProxyChoice,
    target: &Target,
) -> Result<Box<dyn Io>, FetchError> {
    let mut req = format!(
        "CONNECT {0}:{1} HTTP/1.1\r\nHost: {0}:{1}\r\n",
        target.host, target.port
    );
    if let Some(auth) = &proxy.basic_auth {
        req.push_str(&format!("Proxy-Authorization: Basic {auth}\r\n"));
    }
    req.push_str("\r\n");
    let err = |m: String| FetchError::Proxy {
        message: format!("proxy {}: {m}", proxy.display),
    };
    stream
        .write_all(req.as_bytes())
        .await
        .map_err(|e| err(e.to_string()))?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = stream
            .read(&mut byte)
            .await
            .map_err(|e| err(e.to_string()))?;
        if n == 0 || head.len() > 16 * 1024 {
            return Err(err("closed the connection during CONNECT".into()));
        }
        head.push(byte[0]);
    }
    let status_line = String::from_utf8_lossy(&head)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    if status_line.split_whitespace().nth(1) != Some("200") {
        return Err(err(format!("CONNECT answered {status_line:?}")));
    }
    Ok(stream)
}

async fn request(
    stream: Box<dyn Io>,
    url: &str,
    target: &Target,
    proxy: Option<&ProxyChoice>,
    limits: &Limits,
    fetch: &mut Fetch,
    clock: Clock<'_>,
) -> Result<Option<String>, FetchError> {
    let Clock { start, obs, env } = clock;
    let http_err = |e: hyper::Error| FetchError::Http {
        message: e.to_string(),
    };
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(http_err)?;
    let driver = tokio::spawn(async move {
        let _ = conn.await;
    });
    // Plain http through a proxy: absolute URI; otherwise the path.
    let host_header = if (target.scheme == "https" && target.port == 443)
        || (target.scheme == "http" && target.port == 80)
    {
        target.host.clone()
    } else {
        format!("{}:{}", target.host, target.port)
    };
    let uri = match proxy {
        Some(_) if target.scheme == "http" => {
            format!("http://{host_header}{}", target.path_and_query)
        }
        _ => target.path_and_query.clone(),
    };
    let mut builder = hyper::Request::get(uri)
        .header("Host", host_header)
        .header(
            "User-Agent",
            concat!("gomirror/", env!("CARGO_PKG_VERSION")),
        )
        .header("Accept-Encoding", "identity");
    // Credentials go over https only: from the URL, else from .netrc.
    if target.scheme == "https"
        && let Some(auth) = basic_auth(url).or_else(|| netrc_auth(env, url))
    {
        builder = builder.header("Authorization", format!("Basic {auth}"));
    }
    if let Some(p) = proxy
        && target.scheme == "http"
        && let Some(auth) = &p.basic_auth
    {
        builder = builder.header("Proxy-Authorization", format!("Basic {auth}"));
    }
    let req = builder
        .body(http_body_util::Empty::<hyper::body::Bytes>::new())
        .map_err(|e| FetchError::BadUrl {
            message: e.to_string(),
        })?;
    let response = within(
        limits.left(limits.ttfb),
        Stage::Ttfb,
        sender.send_request(req),
    )
    .await?
    .map_err(http_err)?;
    fetch.ttfb_ms = Some(
        ms(start.elapsed())
            - fetch.dns_ms.unwrap_or(0.0)
            - fetch.connect_ms.unwrap_or(0.0)
            - fetch.tls_ms.unwrap_or(0.0),
    );
    let status = response.status().as_u16();
    fetch.status = Some(status);
    fetch.content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if matches!(status, 301 | 302 | 303 | 307 | 308)
        && let Some(location) = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
    {
        driver.abort();
        return Ok(Some(location.to_string()));
    }
    obs.mark();
    let t = Instant::now();
    let mut body = response.into_body();
    let mut bytes = Vec::new();
    // Read until the cap or the body time limit; a body that is merely slow is measured, not
    // failed (rate-mirrors-style early stop). No data at all within the limit is a timeout.
    let deadline = tokio::time::Instant::now() + limits.left(limits.body);
    let mut truncated = false;
    loop {
        match tokio::time::timeout_at(deadline, body.frame()).await {
            Err(_) => {
                if bytes.is_empty() {
                    driver.abort();
                    return Err(FetchError::Timeout { stage: Stage::Body });
                }
                truncated = true;
                break;
            }
            Ok(None) => break,
            Ok(Some(frame)) => {
                let frame = frame.map_err(http_err)?;
                if let Ok(data) = frame.into_data() {
                    bytes.extend_from_slice(&data);
                    if bytes.len() >= limits.body_cap_bytes {
                        bytes.truncate(limits.body_cap_bytes);
                        truncated = true;
                        break;
                    }
                }
            }
        }
    }
    let elapsed = t.elapsed();
    driver.abort();
    fetch.body_ms = Some(ms(elapsed));
    fetch.truncated = truncated;
    if bytes.len() >= 16 * 1024 && elapsed.as_secs_f64() > 0.0 {
        fetch.throughput_bps = Some(bytes.len() as f64 / elapsed.as_secs_f64());
    }
    fetch.body = bytes;
    Ok(None)
}
