//! A loopback GOPROXY server for tests: serves any module path at any version from generated
//! module files (real zips), answers `/sumdb/<name>/supported` with a chosen status, logs
//! every request, and can be told to answer everything with one status or to hang.
#![allow(dead_code)]

use std::io::Write;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Serve modules; `/sumdb/*/supported` answers `supported` (200 or 404).
    Modules { supported: u16 },
    /// Every request gets this status.
    Status(u16),
}

pub struct Lab {
    pub url: String,
    pub requests: Arc<Mutex<Vec<String>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Lab {
    pub fn start(behaviour: Behaviour) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind lab server"));
        let port = server.server_addr().to_ip().expect("ip").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (srv, log) = (server.clone(), requests.clone());
        let thread = std::thread::spawn(move || {
            for request in srv.incoming_requests() {
                let path = request.url().to_string();
                log.lock().expect("log").push(path.clone());
                let (status, body) = respond(behaviour, &path);
                let response = tiny_http::Response::from_data(body).with_status_code(status);
                let _ = request.respond(response);
            }
        });
        Self {
            url: format!("http://127.0.0.1:{port}"),
            requests,
            server,
            thread: Some(thread),
        }
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("log").clone()
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
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

fn respond(behaviour: Behaviour, path: &str) -> (u16, Vec<u8>) {
    let supported = match behaviour {
        Behaviour::Status(s) => return (s, format!("status {s}\n").into_bytes()),
        Behaviour::Modules { supported } => supported,
    };
    if path.starts_with("/sumdb/") {
        if path.ends_with("/supported") {
            return (supported, Vec::new());
        }
        return (404, b"not found\n".to_vec());
    }
    let Some((module, rest)) = path.trim_start_matches('/').split_once("/@v/") else {
        return (404, b"not found\n".to_vec());
    };
    let module = unescape_module(module);
    if rest == "list" {
        return (200, b"v1.0.0\n".to_vec());
    }
    let (version, ext) = match rest.rsplit_once('.') {
        Some(v) => v,
        None => return (404, Vec::new()),
    };
    match ext {
        "info" => (
            200,
            format!("{{\"Version\":\"{version}\",\"Time\":\"2024-01-01T00:00:00Z\"}}").into_bytes(),
        ),
        "mod" => (200, format!("module {module}\n").into_bytes()),
        "zip" => (200, module_zip(&module, version)),
        _ => (404, Vec::new()),
    }
}

/// A real module zip: `module@version/go.mod` and one Go file.
pub fn module_zip(module: &str, version: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(format!("{module}@{version}/go.mod"), options)
            .expect("zip");
        zip.write_all(format!("module {module}\n").as_bytes())
            .expect("zip");
        zip.start_file(format!("{module}@{version}/m.go"), options)
            .expect("zip");
        zip.write_all(b"package m\n").expect("zip");
        zip.finish().expect("zip");
    }
    buf.into_inner()
}

/// A TCP server that accepts connections and never answers (G12).
pub struct Hang {
    pub url: String,
    _listener: TcpListener,
    _conns: Arc<Mutex<Vec<std::net::TcpStream>>>,
}

impl Hang {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let conns = Arc::new(Mutex::new(Vec::new()));
        let (l, c) = (listener.try_clone().expect("clone"), conns.clone());
        std::thread::spawn(move || {
            for s in l.incoming().flatten() {
                c.lock().expect("conns").push(s);
            }
        });
        Self {
            url: format!("http://127.0.0.1:{port}"),
            _listener: listener,
            _conns: conns,
        }
    }
}
