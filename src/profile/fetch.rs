//! Fetching a team profile from a URL with reqwest, held to the probe's rules: proxy variables
//! read as the go command reads them (reqwest's own proxy detection is off and fed from
//! [`crate::probe::proxyenv`]), every wait bounded (name resolution too, on the probe's
//! resolver), the probe's trust roots (the OS store or `SSL_CERT_FILE`), at most 1 MiB, plain
//! http only for loopback, and an optional `#sha256=HEX` pin.

use crate::goenv::location::EnvMap;
use crate::i18n::Text;
use crate::probe::resolve::{LookupError, Resolver};
use crate::tr;
use std::time::Duration;

/// The largest profile accepted.
pub const MAX_BYTES: usize = 1024 * 1024;

/// Whether `location` names a URL (else a file).
pub fn is_url(location: &str) -> bool {
    location.starts_with("https://") || location.starts_with("http://")
}

/// Name resolution through the probe's resolver: bounded, on a thread nothing waits for.
struct BoundedDns {
    resolver: Resolver,
    limit: Duration,
}

impl reqwest::dns::Resolve for BoundedDns {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let (resolver, limit, host) =
            (self.resolver.clone(), self.limit, name.as_str().to_string());
        Box::pin(async move {
            match resolver.resolve(&host, 0, limit).await {
                Ok(addrs) => {
                    let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
                    Ok(addrs)
                }
                Err(LookupError::TimedOut) => Err(format!("lookup {host}: timed out").into()),
                Err(LookupError::Failed(e)) => Err(format!("lookup {host}: {e}").into()),
            }
        })
    }
}

/// Fetches the profile text. Errors are ready to show in both languages; credentials in the
/// URL are never shown.
pub async fn fetch(location: &str, env: &EnvMap, timeout: Duration) -> Result<String, Text> {
    let (url, pin) = match location.split_once("#sha256=") {
        Some((u, hex)) => (u, Some(hex.trim().to_ascii_lowercase())),
        None => (location, None),
    };
    let shown = crate::goenv::gourl::redact(url);
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| tr!("{shown} is not a URL: {e}", "{shown} 不是有效的地址：{e}"))?;
    let host = parsed.host_str().unwrap_or_default().to_string();
    match parsed.scheme() {
        "https" => {}
        "http" if crate::probe::proxyenv::is_loopback_host(&host) => {}
        _ => {
            return Err(tr!(
                "{shown}: a profile is fetched over https only (plain http only from this machine)",
                "{shown}：团队配置只能通过 https 获取（仅本机地址可用 http）"
            ));
        }
    }
    let roots = crate::probe::tls::Roots::from_env(env);
    let verifier = crate::probe::tls::RecordingVerifier::new(&roots)
        .map_err(|e| tr!("no trust roots: {e}", "没有可用的根证书：{e}"))?;
    let tls = crate::probe::tls::client_config(verifier)
        .map_err(|e| tr!("TLS set-up failed: {e}", "TLS 初始化失败：{e}"))?;
    let mut builder = reqwest::Client::builder()
        .tls_backend_preconfigured((*tls).clone())
        .no_proxy()
        .dns_resolver(std::sync::Arc::new(BoundedDns {
            resolver: Resolver::new(),
            limit: timeout,
        }))
        .connect_timeout(timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::limited(5));
    let port = parsed.port_or_known_default().unwrap_or(443);
    if let Some(p) = crate::probe::proxyenv::proxy_for(env, parsed.scheme(), &host, port) {
        let mut proxy = reqwest::Proxy::all(format!("{}://{}:{}", p.scheme, p.host, p.port))
            .map_err(|e| tr!("bad proxy: {e}", "代理设置无效：{e}"))?;
        if let Some(auth) = &p.basic_auth
            && let Ok(v) = reqwest::header::HeaderValue::from_str(&format!("Basic {auth}"))
        {
            proxy = proxy.custom_http_auth(v);
        }
        builder = builder.proxy(proxy);
    }
    let client = builder
        .build()
        .map_err(|e| tr!("cannot set up the download: {e}", "无法建立下载：{e}"))?;
    let fail = |e: reqwest::Error| {
        let e = crate::goenv::gourl::redact_text(&e.to_string());
        tr!("cannot fetch {shown}: {e}", "无法获取 {shown}：{e}")
    };
    let mut response = client.get(parsed.clone()).send().await.map_err(fail)?;
    let status = response.status();
    if !status.is_success() {
        return Err(tr!(
            "{shown} answered HTTP {status}",
            "{shown} 返回 HTTP {status}"
        ));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(fail)? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BYTES {
            return Err(tr!(
                "{shown} is larger than 1 MiB: not a profile",
                "{shown} 超过 1 MiB：不是团队配置文件"
            ));
        }
    }
    if let Some(want) = pin {
        let got = crate::apply::sha256_hex(&body);
        if got != want {
            return Err(tr!(
                "{shown}: sha256 {got} does not match the pinned {want}; nothing was imported",
                "{shown}：sha256 为 {got}，与固定值 {want} 不符；未导入任何内容"
            ));
        }
    }
    String::from_utf8(body).map_err(|_| tr!("{shown} is not UTF-8 text", "{shown} 不是 UTF-8 文本"))
}

/// [`fetch`] from synchronous code, on its own runtime that nothing blocked can delay.
pub fn fetch_blocking(location: &str, env: &EnvMap, timeout: Duration) -> Result<String, Text> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| tr!("cannot start: {e}", "无法启动：{e}"))?;
    let out = runtime.block_on(fetch(location, env, timeout));
    runtime.shutdown_background();
    out
}
