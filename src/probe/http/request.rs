//! What goes over an open connection: the proxy's CONNECT, the GET with the credentials the go
//! command would send (from the URL or `.netrc`, https only), the response head and a body read
//! up to its cap or deadline.

use super::{Fetch, FetchError, Io, Limits, Observer, Stage, Target, ms, within};
use crate::goenv::location::EnvMap;
use crate::probe::proxyenv::ProxyChoice;
use http_body_util::BodyExt;
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// When a request started, who is told when its response head arrives, and the environment
/// (for `.netrc`).
pub(super) struct Clock<'a> {
    pub(super) start: Instant,
    pub(super) obs: &'a Observer,
    pub(super) env: &'a EnvMap,
}

/// Basic credentials from `.netrc`, as the go command (1.21+) finds them with GOAUTH=netrc,
/// the default: by URL prefix, so a URL with a port needs a `machine host:port` entry and one
/// without needs `machine host`. The file is read on each request (at most 64 KiB), so an entry
/// added while the app runs counts at once.
fn netrc_auth(env: &EnvMap, url: &str) -> Option<String> {
    if crate::goenv::location::env_value(env, "GOAUTH").is_some_and(|a| a.trim() == "off") {
        return None;
    }
    let path = crate::goenv::netrc::location(env, crate::goenv::location::TargetOs::current())?;
    let mut text = String::new();
    use std::io::Read;
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_string(&mut text)
        .ok()?;
    let machines = crate::goenv::netrc::machines(&text);
    // The machine as the go command looks it up: host:port when the URL has a port.
    let wanted = crate::goenv::netrc::machine_for_url(url)?;
    let m = machines
        .iter()
        .find(|m| m.host.eq_ignore_ascii_case(&wanted))?;
    use base64::Engine;
    Some(base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", m.login, m.password)))
}

pub(super) async fn proxy_connect(
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

pub(super) async fn request(
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
