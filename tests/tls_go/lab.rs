//! The lab's server: Go's own HTTPS file server (tests/tls_go/server.go, built with the real
//! go command) serving one module on one port per certificate shape. Shared by the Linux
//! comparison and the Windows one (tests/windows/tls.rs).

use super::{common, netlab, pki, shapes};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub const MODULE: &str = "example.com/tlslab";
pub const VERSION: &str = "v1.0.0";

/// Writes the module (the lab's own go.mod and zip) into a GOPROXY directory tree.
pub fn write_proxy_tree(root: &Path) {
    let dir = root.join(MODULE).join("@v");
    std::fs::create_dir_all(&dir).expect("proxy dir");
    std::fs::write(dir.join("list"), format!("{VERSION}\n")).expect("list");
    std::fs::write(
        dir.join(format!("{VERSION}.info")),
        format!("{{\"Version\":\"{VERSION}\",\"Time\":\"2024-01-01T00:00:00Z\"}}"),
    )
    .expect("info");
    std::fs::write(
        dir.join(format!("{VERSION}.mod")),
        netlab::module_gomod(MODULE),
    )
    .expect("mod");
    std::fs::write(
        dir.join(format!("{VERSION}.zip")),
        netlab::module_zip(MODULE, VERSION, 0),
    )
    .expect("zip file");
}

/// Go's own HTTPS file server, built from tests/tls_go/server.go with the real go command.
pub struct GoServer {
    child: Child,
    pub ports: Vec<u16>,
}

impl Drop for GoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_server(sandbox: &common::Sandbox, tree: &Path, shapes: &[shapes::Shape]) -> GoServer {
    let binary =
        common::build_go_program("1.27", sandbox, "tls-lab-server", include_str!("server.go"));
    let mut args = vec![tree.display().to_string()];
    args.extend(
        shapes
            .iter()
            .map(|s| format!("{}:{}", s.chain.display(), s.key.display())),
    );
    // The server may serve keys the go command refuses (RSA 512): that is what is tested.
    let mut child = Command::new(&binary)
        .args(&args)
        .env_clear()
        .env("GODEBUG", "rsa1024min=0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the Go TLS server");
    let stdout = child.stdout.take().expect("server stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut ports = Vec::new();
    for _ in shapes {
        let line = lines
            .next()
            .and_then(Result::ok)
            .expect("the Go TLS server printed no port (it failed to load a certificate)");
        let port = line
            .strip_prefix("PORT ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("unexpected server line {line:?}"));
        ports.push(port);
    }
    GoServer { child, ports }
}

/// The whole lab in a sandbox: every certificate shape (made with openssl) and Go's server
/// serving the module on one port per shape.
pub fn start(sandbox: &common::Sandbox) -> (Vec<shapes::Shape>, GoServer) {
    let pki = pki::Pki::new(&sandbox.dir.path().join("pki"));
    let shapes = shapes::build(&pki);
    let tree = sandbox.dir.path().join("proxy");
    write_proxy_tree(&tree);
    let server = start_server(sandbox, &tree, &shapes);
    (shapes, server)
}
