//! A routed path of real network namespaces: a client, three routers and a server, joined by
//! veth pairs, with forwarding on and routes both ways:
//!
//! ```text
//! client 10.231.0.1 -- 10.231.0.2 r1 10.231.1.1 -- 10.231.1.2 r2 10.231.2.1 -- 10.231.2.2 r3 10.231.3.1 -- 10.231.3.2 server
//! ```
//!
//! A router answers an expired TTL from the address facing the client (r1 10.231.0.2, r2
//! 10.231.1.2, r3 10.231.2.2). Needs root (CI runs as root); every namespace is named after
//! this process and a counter, only those are touched, and all are deleted on drop (their veth
//! pairs go with them). ICMP rate limits are off on the routers, so consecutive traces in one
//! test see every answer. The same path is there in IPv6 (`fd00:231:N::/64` on link N). The kernel here has no `tc netem`: no per-hop delays.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const SERVER: &str = "10.231.3.2";
/// The same path in IPv6 (`fd00:231:N::1` and `::2` on link N).
pub const SERVER6: &str = "fd00:231:3::2";
/// The address each router answers an expired TTL from, in path order.
pub const ROUTERS: [&str; 3] = ["10.231.0.2", "10.231.1.2", "10.231.2.2"];
const ROLES: [&str; 5] = ["c", "r1", "r2", "r3", "s"];

static NEXT: AtomicUsize = AtomicUsize::new(0);

pub fn ip_binary() -> PathBuf {
    ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("iproute2's ip is missing: run scripts/install-tools.sh (scripts/test.sh does)")
}

pub struct Chain {
    prefix: String,
    made: Vec<String>,
}

impl Chain {
    /// Builds the path. Fails loudly without root or `ip`.
    pub fn new() -> Self {
        assert!(
            rustix::process::geteuid().is_root(),
            "the routed-path tests build network namespaces and need root (CI runs as root)"
        );
        let prefix = format!(
            "gmt{}x{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let mut chain = Self {
            prefix,
            made: Vec::new(),
        };
        for role in ROLES {
            let name = chain.ns(role);
            chain.ip(&["netns", "add", &name]);
            chain.made.push(name.clone());
            chain.ip(&["-n", &name, "link", "set", "lo", "up"]);
        }
        for (i, pair) in ROLES.windows(2).enumerate() {
            let (a, b) = (
                format!("{}a{i}", chain.prefix),
                format!("{}b{i}", chain.prefix),
            );
            let (na, nb) = (chain.ns(pair[0]), chain.ns(pair[1]));
            chain.ip(&[
                "link", "add", &a, "netns", &na, "type", "veth", "peer", "name", &b, "netns", &nb,
            ]);
            for (ns, dev, host) in [(&na, &a, 1), (&nb, &b, 2)] {
                let addr = format!("10.231.{i}.{host}/24");
                chain.ip(&["-n", ns, "addr", "add", &addr, "dev", dev]);
                let addr6 = format!("fd00:231:{i}::{host}/64");
                chain.ip(&["-n", ns, "addr", "add", &addr6, "dev", dev, "nodad"]);
                chain.ip(&["-n", ns, "link", "set", dev, "up"]);
            }
        }
        for r in ["r1", "r2", "r3"] {
            chain.sysctl(r, "net.ipv4.ip_forward", "1");
            chain.sysctl(r, "net.ipv4.icmp_ratelimit", "0");
            chain.sysctl(r, "net.ipv6.conf.all.forwarding", "1");
            chain.sysctl(r, "net.ipv6.icmp.ratelimit", "0");
        }
        chain.route("c", &["default", "via", "10.231.0.2"]);
        chain.route("r1", &["default", "via", "10.231.1.2"]);
        chain.route("r2", &["10.231.0.0/24", "via", "10.231.1.1"]);
        chain.route("r2", &["10.231.3.0/24", "via", "10.231.2.2"]);
        chain.route("r3", &["default", "via", "10.231.2.1"]);
        chain.route("s", &["default", "via", "10.231.3.1"]);
        chain.route6("c", &["default", "via", "fd00:231:0::2"]);
        chain.route6("r1", &["default", "via", "fd00:231:1::2"]);
        chain.route6("r2", &["fd00:231:0::/64", "via", "fd00:231:1::1"]);
        chain.route6("r2", &["fd00:231:3::/64", "via", "fd00:231:2::2"]);
        chain.route6("r3", &["default", "via", "fd00:231:2::1"]);
        chain.route6("s", &["default", "via", "fd00:231:3::1"]);
        chain
    }

    /// Where `ip netns` keeps a namespace's handle.
    fn ns_path(&self, role: &str) -> String {
        format!("/run/netns/{}", self.ns(role))
    }

    /// The namespace's name for a role: `c`, `r1`, `r2`, `r3`, `s`.
    pub fn ns(&self, role: &str) -> String {
        format!("{}{role}", self.prefix)
    }

    /// Runs `ip ARGS`, which must succeed.
    pub fn ip(&self, args: &[&str]) {
        let out = Command::new(ip_binary())
            .args(args)
            .output()
            .expect("run ip");
        assert!(
            out.status.success(),
            "ip {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `ip route add ARGS` in a role's namespace (IPv4).
    pub fn route(&self, role: &str, args: &[&str]) {
        self.route_family("-4", role, args);
    }

    /// The same in IPv6.
    pub fn route6(&self, role: &str, args: &[&str]) {
        self.route_family("-6", role, args);
    }

    fn route_family(&self, family: &str, role: &str, args: &[&str]) {
        let ns = self.ns(role);
        let mut all = vec![family, "-n", ns.as_str(), "route", "add"];
        all.extend_from_slice(args);
        self.ip(&all);
    }

    /// Runs `f` on a thread inside a namespace (a socket it makes belongs to that namespace
    /// for good) and returns what it returns.
    pub fn in_ns<T: Send + 'static>(
        &self,
        role: &str,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        let path = self.ns_path(role);
        std::thread::spawn(move || {
            enter_path(&path);
            f()
        })
        .join()
        .expect("the thread in the namespace")
    }

    pub fn sysctl(&self, role: &str, key: &str, value: &str) {
        let path = format!("/proc/sys/{}", key.replace('.', "/"));
        let ns = self.ns(role);
        let out = Command::new(ip_binary())
            .args([
                "netns",
                "exec",
                &ns,
                "sh",
                "-c",
                &format!("echo {value} > {path}"),
            ])
            .output()
            .expect("run ip netns exec");
        assert!(out.status.success(), "sysctl {key} in {ns}: {out:?}");
    }

    /// A hosts file the client's programs see (`ip netns exec` binds /etc/netns/NAME/hosts).
    pub fn client_hosts(&self, text: &str) {
        let dir = Path::new("/etc/netns").join(self.ns("c"));
        std::fs::create_dir_all(&dir).expect("/etc/netns dir");
        std::fs::write(dir.join("hosts"), text).expect("hosts");
    }

    /// Runs a program in the client namespace with exactly this environment.
    pub fn client_run(
        &self,
        program: &Path,
        args: &[&str],
        env: &gomirror::goenv::location::EnvMap,
    ) -> crate::common::Output {
        let ns = self.ns("c");
        let out = Command::new(ip_binary())
            .args(["netns", "exec", &ns])
            .arg(program)
            .args(args)
            .env_clear()
            .envs(env)
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run in the client namespace");
        crate::common::Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Moves the calling thread into a namespace: everything it starts afterwards (an app's
    /// worker, the go command) lives there. Test threads are not reused, so the move ends
    /// with the test.
    pub fn enter(&self, role: &str) {
        enter_path(&self.ns_path(role));
    }

    /// Starts a lab mirror listening on the server's address (its socket made inside the
    /// server namespace). Dropping the returned guard stops it.
    pub fn serve(&self, behaviour: crate::netlab::Behaviour) -> Served {
        let path = self.ns_path("s");
        let (url_tx, url_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            enter_path(&path);
            let rt = crate::netlab::lab_runtime();
            let mirror = crate::netlab::LabMirror::start_on(&rt, behaviour, None, SERVER);
            url_tx.send(mirror.url.clone()).expect("send url");
            let _ = stop_rx.recv();
            drop(mirror);
            rt.shutdown_background();
        });
        let url = url_rx.recv().expect("the lab mirror started");
        Served {
            url,
            stop: Some(stop_tx),
            thread: Some(thread),
        }
    }
}

/// Moves the calling thread into the network namespace at `path`.
fn enter_path(path: &str) {
    let file = std::fs::File::open(path).expect("open the namespace");
    nix::sched::setns(&file, nix::sched::CloneFlags::CLONE_NEWNET).expect("enter the namespace");
}

impl Drop for Chain {
    fn drop(&mut self) {
        for name in &self.made {
            let _ = Command::new(ip_binary())
                .args(["netns", "del", name])
                .output();
            let _ = std::fs::remove_dir_all(Path::new("/etc/netns").join(name));
        }
    }
}

/// A lab mirror running in the server namespace.
pub struct Served {
    pub url: String,
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Served {
    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
