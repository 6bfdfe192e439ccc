//! The network lab: loopback GOPROXY mirrors (HTTP, or HTTPS from a CA made at test time) with
//! injected delays per stage, bandwidth limits, per-path statuses, hangs, resets, huge bodies,
//! redirects and checksum-database forwarding; and an HTTP CONNECT proxy. Used by the tests and
//! the benchmark. Everything listens on 127.0.0.1 and stops when dropped.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A test certificate authority and the server certificate it signs for 127.0.0.1/localhost.
pub struct TestCa {
    pub ca_pem: String,
    pub cert_der: Vec<u8>,
    pub key_der: Vec<u8>,
}

impl TestCa {
    pub fn new(name: &str) -> Self {
        Self::with_names(name, &[])
    }

    /// Also valid for these host names.
    pub fn with_names(name: &str, extra: &[&str]) -> Self {
        Self::issue(name, extra, false, true)
    }

    /// A server certificate that expired yesterday.
    pub fn expired(name: &str) -> Self {
        Self::issue(name, &[], true, true)
    }

    /// A server certificate for `wrong.example` only (not 127.0.0.1 or localhost).
    pub fn wrong_name(name: &str) -> Self {
        Self::issue(name, &["wrong.example"], false, false)
    }

    fn issue(name: &str, extra: &[&str], expired: bool, loopback: bool) -> Self {
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("ca params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, format!("{name} Test CA"));
        ca_params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let ca_key = rcgen::KeyPair::generate().expect("ca key");
        let ca_cert = ca_params.self_signed(&ca_key).expect("ca cert");
        let mut names = if loopback {
            vec!["localhost".to_string(), "127.0.0.1".to_string()]
        } else {
            Vec::new()
        };
        names.extend(extra.iter().map(|n| n.to_string()));
        let mut leaf = rcgen::CertificateParams::new(names).expect("leaf");
        if expired {
            leaf.not_before = rcgen::date_time_ymd(2020, 1, 1);
            leaf.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        leaf.distinguished_name
            .push(rcgen::DnType::CommonName, "lab mirror");
        let leaf_key = rcgen::KeyPair::generate().expect("leaf key");
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let leaf_cert = leaf.signed_by(&leaf_key, &issuer).expect("leaf cert");
        Self {
            ca_pem: ca_cert.pem(),
            cert_der: leaf_cert.der().to_vec(),
            key_der: leaf_key.serialize_der(),
        }
    }

    /// Writes the CA certificate for SSL_CERT_FILE.
    pub fn write_ca(&self, dir: &Path) -> PathBuf {
        let path = dir.join("lab-ca.pem");
        std::fs::write(&path, &self.ca_pem).expect("write ca");
        path
    }

    fn acceptor(&self) -> tokio_rustls::TlsAcceptor {
        let cert = rustls::pki_types::CertificateDer::from(self.cert_der.clone());
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(self.key_der.clone().into());
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .expect("server config");
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        tokio_rustls::TlsAcceptor::from(Arc::new(config))
    }
}

/// How a lab mirror behaves.
#[derive(Clone, Debug)]
pub struct Behaviour {
    /// Sleep after accepting, before the TLS handshake (shows in the TLS stage).
    pub tls_delay: Duration,
    /// Sleep after reading the request, before the response head (shows in time to first byte).
    pub header_delay: Duration,
    /// An extra sleep before the head of every path that starts with the key.
    pub path_delays: BTreeMap<String, Duration>,
    /// Sleep between the head and the body.
    pub body_delay: Duration,
    /// Body write rate limit in bytes per second.
    pub bandwidth_bps: Option<u64>,
    /// Status for every path that starts with the key (after the checksum-database rules).
    pub statuses: BTreeMap<String, u16>,
    /// Status for every request.
    pub all_status: Option<u16>,
    /// Accept connections and never answer.
    pub hang: bool,
    /// Close the connection (RST) after reading the request.
    pub reset: bool,
    /// Extra bytes in every module zip (slow or huge bodies).
    pub zip_padding: usize,
    /// Answer every request with 302 to this base + path.
    pub redirect_to: Option<String>,
    /// Status of /sumdb/<name>/supported.
    pub sumdb_supported: u16,
    /// Forward /sumdb/<name>/lookup and /tile to this checksum database (host:port, http).
    pub sumdb_upstream: Option<String>,
    /// Newest version of every module's @v/list and @latest.
    pub newest: String,
    /// Answer every path with 200 and this content type and body (a captive portal's login
    /// page, a server that streams the same text for everything).
    pub body_for_all: Option<(&'static str, Vec<u8>)>,
    /// Misbehave at the protocol level.
    pub hostile: Option<Hostile>,
    /// Require HTTP basic authentication with this login and password (401 otherwise), as a
    /// company proxy does.
    pub basic_auth: Option<(String, String)>,
    /// The versions `golang.org/toolchain` has here (its `@v/list`; other versions 404). None:
    /// answered like any other module.
    pub toolchains: Option<Vec<String>>,
}

/// Ways a server can be hostile to a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hostile {
    /// The response head, one byte per second, never finished.
    TrickleHeaders,
    /// A 200 whose body never ends.
    EndlessBody,
    /// Bytes that are not HTTP, then close.
    Garbage,
    /// A 16 MiB header.
    HugeHeader,
    /// `@v/list` of 64 MiB.
    HugeList,
    /// `@v/list` that is not UTF-8.
    InvalidUtf8List,
}

impl Default for Behaviour {
    fn default() -> Self {
        Self {
            tls_delay: Duration::ZERO,
            header_delay: Duration::ZERO,
            path_delays: BTreeMap::new(),
            body_delay: Duration::ZERO,
            bandwidth_bps: None,
            statuses: BTreeMap::new(),
            all_status: None,
            hang: false,
            reset: false,
            zip_padding: 0,
            redirect_to: None,
            sumdb_supported: 200,
            sumdb_upstream: None,
            newest: "v1.2.0".into(),
            body_for_all: None,
            hostile: None,
            basic_auth: None,
            toolchains: None,
        }
    }
}

/// A running lab mirror.
pub struct LabMirror {
    pub url: String,
    pub requests: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl LabMirror {
    /// Starts a mirror on the given runtime. `tls` is Some for HTTPS.
    pub fn start(rt: &tokio::runtime::Runtime, behaviour: Behaviour, tls: Option<&TestCa>) -> Self {
        Self::start_on(rt, behaviour, tls, "127.0.0.1")
    }

    /// Starts a mirror on another loopback address (`127.0.0.2` stands in for another host).
    pub fn start_on(
        rt: &tokio::runtime::Runtime,
        behaviour: Behaviour,
        tls: Option<&TestCa>,
        ip: &str,
    ) -> Self {
        let listener = rt.block_on(TcpListener::bind((ip, 0))).expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let scheme = if tls.is_some() { "https" } else { "http" };
        let requests = Arc::new(Mutex::new(Vec::new()));
        let acceptor = tls.map(TestCa::acceptor);
        let (log, behaviour) = (requests.clone(), Arc::new(behaviour));
        let task = rt.spawn(async move {
            let mut held = Vec::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    break;
                };
                let _ = stream.set_nodelay(true);
                if behaviour.hang {
                    held.push(stream);
                    continue;
                }
                let (behaviour, log, acceptor) = (behaviour.clone(), log.clone(), acceptor.clone());
                tokio::spawn(async move {
                    tokio::time::sleep(behaviour.tls_delay).await;
                    match acceptor {
                        Some(a) => {
                            if let Ok(tls) = a.accept(stream).await {
                                serve(tls, &behaviour, &log).await;
                            }
                        }
                        None => serve(stream, &behaviour, &log).await,
                    }
                });
            }
        });
        Self {
            url: format!("{scheme}://{ip}:{port}"),
            requests,
            task,
        }
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("log").clone()
    }
}

impl Drop for LabMirror {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_head<S: AsyncRead + Unpin>(stream: &mut S) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    b: &Behaviour,
    log: &Mutex<Vec<String>>,
) {
    let Some(head) = read_head(&mut stream).await else {
        return;
    };
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    if let Ok(mut l) = log.lock() {
        l.push(path.clone());
    }
    if b.reset {
        drop(stream);
        return;
    }
    if let Some((login, password)) = &b.basic_auth {
        use base64::Engine;
        let want = format!(
            "basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{login}:{password}"))
        );
        let authorized = head.lines().any(|l| {
            l.to_ascii_lowercase().starts_with("authorization:")
                && l.split_once(':')
                    .is_some_and(|(_, v)| v.trim().eq_ignore_ascii_case(&want))
        });
        if !authorized {
            let body = b"401 Unauthorized\n";
            let head = format!(
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"lab\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body).await;
            let _ = stream.shutdown().await;
            return;
        }
    }
    if let Some(h) = b.hostile
        && hostile(&mut stream, h, &path).await
    {
        return;
    }
    tokio::time::sleep(b.header_delay).await;
    if let Some((_, d)) = b
        .path_delays
        .iter()
        .find(|(p, _)| path.starts_with(p.as_str()))
    {
        tokio::time::sleep(*d).await;
    }
    let (status, content_type, body) = respond(b, &path).await;
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    if let Some(target) = &b.redirect_to {
        head.push_str(&format!("Location: {target}{path}\r\n"));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let _ = stream.flush().await;
    tokio::time::sleep(b.body_delay).await;
    write_body(&mut stream, &body, b.bandwidth_bps).await;
    let _ = stream.shutdown().await;
}

/// Serves a hostile answer; false when this path gets the normal one.
async fn hostile<S: AsyncWrite + Unpin>(stream: &mut S, h: Hostile, path: &str) -> bool {
    let ok_head =
        |extra: &str| format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n{extra}\r\n");
    match h {
        Hostile::TrickleHeaders => {
            for b in "HTTP/1.1 200 OK\r\nX-Slow: "
                .bytes()
                .chain(std::iter::repeat(b'a'))
            {
                if stream.write_all(&[b]).await.is_err() || stream.flush().await.is_err() {
                    return true;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        Hostile::EndlessBody => {
            let _ = stream
                .write_all(ok_head("Connection: close\r\n").as_bytes())
                .await;
            let chunk = vec![b'v'; 64 * 1024];
            while stream.write_all(&chunk).await.is_ok() {}
        }
        Hostile::Garbage => {
            let _ = stream
                .write_all(b"\x00\xff\x13SSH-2.0-not-http\r\n\x07\x08garbage garbage\r\n\r\n")
                .await;
        }
        Hostile::HugeHeader => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nX-Huge: ").await;
            let chunk = vec![b'h'; 1 << 20];
            for _ in 0..16 {
                if stream.write_all(&chunk).await.is_err() {
                    return true;
                }
            }
            let _ = stream.write_all(b"\r\nContent-Length: 0\r\n\r\n").await;
        }
        Hostile::HugeList if path.ends_with("/@v/list") => {
            let line = b"v1.0.0\n";
            let total = 64 << 20;
            let _ = stream
                .write_all(ok_head(&format!("Content-Length: {total}\r\n")).as_bytes())
                .await;
            let chunk: Vec<u8> = line.iter().copied().cycle().take(1 << 20).collect();
            for _ in 0..64 {
                if stream.write_all(&chunk).await.is_err() {
                    break;
                }
            }
        }
        Hostile::InvalidUtf8List if path.ends_with("/@v/list") => {
            let body = b"v1.0.0\n\xff\xfe\xfd\nv1.1.0\n";
            let _ = stream
                .write_all(ok_head(&format!("Content-Length: {}\r\n", body.len())).as_bytes())
                .await;
            let _ = stream.write_all(body).await;
        }
        _ => return false,
    }
    let _ = stream.shutdown().await;
    true
}

async fn write_body<S: AsyncWrite + Unpin>(
    stream: &mut S,
    body: &[u8],
    bandwidth_bps: Option<u64>,
) {
    match bandwidth_bps {
        None => {
            let _ = stream.write_all(body).await;
        }
        Some(rate) => {
            let chunk = (rate / 20).max(512) as usize; // 50 ms slices
            for part in body.chunks(chunk) {
                if stream.write_all(part).await.is_err() {
                    return;
                }
                let _ = stream.flush().await;
                tokio::time::sleep(Duration::from_secs_f64(part.len() as f64 / rate as f64)).await;
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn unescape_module(path: &str) -> String {
    let path = path.replace("%21", "!");
    let mut out = String::new();
    let mut upper = false;
    for c in path.chars() {
        if c == '!' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

async fn respond(b: &Behaviour, path: &str) -> (u16, &'static str, Vec<u8>) {
    if b.redirect_to.is_some() {
        return (302, "text/plain", Vec::new());
    }
    if let Some((content_type, body)) = &b.body_for_all {
        return (200, content_type, body.clone());
    }
    if let Some(s) = b.all_status {
        return (s, "text/plain", format!("lab status {s}\n").into_bytes());
    }
    if let Some(rest) = path.strip_prefix("/sumdb/") {
        if rest.ends_with("/supported") {
            return (b.sumdb_supported, "text/plain", Vec::new());
        }
        if let Some(upstream) = &b.sumdb_upstream {
            let name_end = rest.find('/').unwrap_or(rest.len());
            return forward(upstream, &rest[name_end..]).await;
        }
        return (404, "text/plain", b"no checksum database here\n".to_vec());
    }
    if let Some((_, status)) = b
        .statuses
        .iter()
        .rev()
        .find(|(prefix, _)| path.starts_with(prefix.as_str()))
    {
        return (
            *status,
            "text/plain",
            format!("lab status {status}\n").into_bytes(),
        );
    }
    module_response(b, path)
}

/// The versions every lab module lists: v1.0.0 ... newest.
pub fn versions_up_to(newest: &str) -> Vec<String> {
    let minor: u32 = newest
        .trim_start_matches("v1.")
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    (0..=minor).map(|m| format!("v1.{m}.0")).collect()
}

fn module_response(b: &Behaviour, path: &str) -> (u16, &'static str, Vec<u8>) {
    let not_found = (404, "text/plain", b"not found\n".to_vec());
    let Some((module, rest)) = path.trim_start_matches('/').split_once("/@") else {
        return not_found;
    };
    let module = unescape_module(module);
    if module == "golang.org/toolchain"
        && let Some(have) = &b.toolchains
    {
        if rest == "v/list" {
            return (200, "text/plain", (have.join("\n") + "\n").into_bytes());
        }
        let listed = rest
            .strip_prefix("v/")
            .and_then(|r| r.rsplit_once('.'))
            .is_some_and(|(v, _)| have.iter().any(|h| h == v));
        if !listed {
            return not_found;
        }
    }
    if rest == "latest" {
        return (200, "application/json", info(&b.newest));
    }
    let Some(rest) = rest.strip_prefix("v/") else {
        return not_found;
    };
    if rest == "list" {
        return (
            200,
            "text/plain",
            (versions_up_to(&b.newest).join("\n") + "\n").into_bytes(),
        );
    }
    let Some((version, ext)) = rest.rsplit_once('.') else {
        return not_found;
    };
    match ext {
        "info" => (200, "application/json", info(version)),
        "mod" => (200, "text/plain", module_gomod(&module).into_bytes()),
        "zip" => {
            // `example.com/big` is the large download that throughput checks and chsrc-style
            // tools time.
            let padding = if module == "example.com/big" {
                4 * 1024 * 1024
            } else {
                b.zip_padding
            };
            (
                200,
                "application/zip",
                module_zip(&module, version, padding),
            )
        }
        _ => not_found,
    }
}

fn info(version: &str) -> Vec<u8> {
    format!("{{\"Version\":\"{version}\",\"Time\":\"2024-01-01T00:00:00Z\"}}").into_bytes()
}

/// The go.mod of every lab module (the Go checksum-database fixture hashes the same bytes).
pub fn module_gomod(module: &str) -> String {
    format!("module {module}\n")
}

/// A real module zip: `go.mod` and `m.go` (identical to what the sumdb fixture hashes), plus
/// optional padding in a data file (then the hash differs: use padding only off the go path).
pub fn module_zip(module: &str, version: &str, padding: usize) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(format!("{module}@{version}/go.mod"), options)
            .expect("zip");
        zip.write_all(module_gomod(module).as_bytes()).expect("zip");
        zip.start_file(format!("{module}@{version}/m.go"), options)
            .expect("zip");
        zip.write_all(b"package m\n").expect("zip");
        if padding > 0 {
            zip.start_file(format!("{module}@{version}/data.bin"), options)
                .expect("zip");
            zip.write_all(&vec![0x5a; padding]).expect("zip");
        }
        zip.finish().expect("zip");
    }
    buf.into_inner()
}

/// Forwards a checksum-database request to `upstream` (host:port) and returns its answer.
async fn forward(upstream: &str, path: &str) -> (u16, &'static str, Vec<u8>) {
    let bad = (502, "text/plain", b"upstream failed\n".to_vec());
    let Ok(mut s) = TcpStream::connect(upstream).await else {
        return bad;
    };
    let req = format!("GET {path} HTTP/1.0\r\nHost: {upstream}\r\n\r\n");
    if s.write_all(req.as_bytes()).await.is_err() {
        return bad;
    }
    let mut all = Vec::new();
    if s.read_to_end(&mut all).await.is_err() {
        return bad;
    }
    let Some(split) = all.windows(4).position(|w| w == b"\r\n\r\n") else {
        return bad;
    };
    let head = String::from_utf8_lossy(&all[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(502);
    (
        status,
        "application/octet-stream",
        all[split + 4..].to_vec(),
    )
}

/// An HTTP CONNECT proxy that logs every target and can delay its answer.
pub struct ConnectProxy {
    pub url: String,
    pub targets: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl ConnectProxy {
    pub fn start(rt: &tokio::runtime::Runtime, delay: Duration) -> Self {
        let listener = rt.block_on(TcpListener::bind("127.0.0.1:0")).expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let targets = Arc::new(Mutex::new(Vec::new()));
        let log = targets.clone();
        let task = rt.spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let log = log.clone();
                tokio::spawn(async move {
                    let Some(head) = read_head(&mut client).await else {
                        return;
                    };
                    let mut words = head.split_whitespace();
                    let (Some("CONNECT"), Some(target)) = (words.next(), words.next()) else {
                        let _ = client
                            .write_all(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n")
                            .await;
                        return;
                    };
                    if let Ok(mut l) = log.lock() {
                        l.push(target.to_string());
                    }
                    tokio::time::sleep(delay).await;
                    let Ok(mut upstream) = TcpStream::connect(target).await else {
                        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
                        return;
                    };
                    if client
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .await
                        .is_err()
                    {
                        return;
                    }
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                });
            }
        });
        Self {
            url: format!("http://127.0.0.1:{port}"),
            targets,
            task,
        }
    }

    pub fn targets(&self) -> Vec<String> {
        self.targets.lock().expect("log").clone()
    }
}

impl Drop for ConnectProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A host name other than `localhost` that /etc/hosts maps to 127.0.0.1: the go command's
/// proxy rules apply to it (they skip only `localhost` and loopback IPs), yet resolving it
/// never leaves the machine.
pub fn loopback_alias() -> String {
    let hosts = std::fs::read_to_string("/etc/hosts").expect("read /etc/hosts");
    for line in hosts.lines() {
        let mut words = line.split('#').next().unwrap_or("").split_whitespace();
        if words.next() == Some("127.0.0.1") {
            for name in words {
                if name != "localhost" && !name.contains("localhost") {
                    return name.to_string();
                }
            }
        }
    }
    panic!("this test needs a name other than localhost for 127.0.0.1 in /etc/hosts");
}

/// One plain-HTTP lab mirror on its own runtime (keep both alive while it is used).
pub fn serve_http(behaviour: Behaviour) -> (tokio::runtime::Runtime, LabMirror) {
    let rt = lab_runtime();
    let mirror = LabMirror::start(&rt, behaviour, None);
    (rt, mirror)
}

/// A catalogue entry for a lab mirror, named by its id.
pub fn named_mirror(id: &str, url: &str) -> gomirror::mirrors::Mirror {
    let mut m = gomirror::mirrors::Mirror::custom(url);
    m.id = id.to_string();
    m.name_en = id.to_string();
    m
}

/// A probe spec that asks the lab's modules instead of the public reference modules.
pub fn lab_spec(samples: usize, timeout: Duration) -> gomirror::probe::checks::ProbeSpec {
    gomirror::probe::checks::ProbeSpec {
        samples,
        probe_timeout: timeout,
        fast_module: "example.com/fast".into(),
        pinned_module: "example.com/m".into(),
        pinned_version: "v1.0.0".into(),
        download_module: "example.com/big".into(),
        download_version: "v1.0.0".into(),
        ..gomirror::probe::checks::ProbeSpec::default()
    }
}

/// A runtime for lab servers (separate from the probe's runtime, like a real network).
pub fn lab_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("lab runtime")
}

/// A mirror catalogue (`GOMIRROR_CATALOG`) of lab mirrors, each named by its id.
pub fn lab_catalog(dir: &std::path::Path, mirrors: &[(&str, &str)]) -> std::path::PathBuf {
    let mut toml = String::new();
    for (id, url) in mirrors {
        toml.push_str(&format!(
            "[[mirror]]\nid = \"{id}\"\nname_en = \"{id}\"\nname_zh = \"{id}\"\nurl = \"{url}\"\nverified = \"lab\"\nsources = [\"lab\"]\n\n"
        ));
    }
    let path = dir.join("lab.toml");
    std::fs::write(&path, toml).expect("catalog");
    path
}
