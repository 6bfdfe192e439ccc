//! The network lab: loopback GOPROXY mirrors (HTTP, or HTTPS from a CA made at test time) with
//! injected delays per stage, bandwidth limits, per-path statuses, hangs, resets, huge bodies,
//! redirects and checksum-database forwarding; and an HTTP CONNECT proxy. Used by the tests and
//! the benchmark. Everything listens on 127.0.0.1 and stops when dropped.
#![allow(dead_code)]

mod ca;
mod modules;
mod proxy;
mod serve;

pub use ca::TestCa;
use modules::respond;
#[allow(unused_imports)]
pub use modules::{module_gomod, module_zip, versions_up_to};
#[allow(unused_imports)]
pub use proxy::ConnectProxy;
use serve::{read_head, serve};

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

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

impl Behaviour {
    /// A mirror that accepts connections and never answers a byte (a stuck proxy, a firewall
    /// that swallows the request): every wait on it must end at a deadline.
    pub fn hanging() -> Self {
        Self {
            hang: true,
            ..Self::default()
        }
    }

    /// A mirror that answers every request with this HTTP status (a 503 from an overloaded
    /// proxy): fast, and never usable.
    pub fn failing(status: u16) -> Self {
        Self {
            all_status: Some(status),
            ..Self::default()
        }
    }
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

/// A host name other than `localhost` that /etc/hosts maps to 127.0.0.1: the go command's
/// proxy rules apply to it (they skip only `localhost` and loopback IPs), yet resolving it
/// never leaves the machine. `scripts/test.sh` binds the tests' own hosts file (with
/// `lab.gomirror.test`) over /etc/hosts in a private mount namespace; that name is preferred.
pub fn loopback_alias() -> String {
    let hosts = std::fs::read_to_string("/etc/hosts").expect("read /etc/hosts");
    if hosts
        .lines()
        .any(|l| l.split_whitespace().eq(["127.0.0.1", "lab.gomirror.test"]))
    {
        return "lab.gomirror.test".into();
    }
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
    panic!(
        "this test needs a name other than localhost for 127.0.0.1 in /etc/hosts: run it through scripts/test.sh, which gives the tests their own hosts file (lab.gomirror.test) in a private mount namespace"
    );
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

/// A captive portal's login page, as hotels and office Wi-Fi answer every request.
pub const PORTAL_PAGE: &[u8] = b"<!DOCTYPE html><html><body><form action=/login>Sign in to the guest network</form></body></html>";

/// A loopback URL where nothing listens (bound, read, closed).
pub fn closed_port_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    format!("http://127.0.0.1:{port}")
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
