//! A DNS server that never answers (office VPNs, captive portals): the probe ends in the DNS
//! stage with "timed out", inside its budget, and asks the resolver once per host per round.
//!
//! The real system resolver is used: `gomirror probe` runs in a private mount namespace
//! (`unshare -m`, root) whose `/etc/resolv.conf` names a loopback UDP socket that reads queries
//! and never answers. The machine's own resolver configuration is never touched.

mod common;

use common::Sandbox;
use std::collections::HashMap;
use std::net::UdpSocket;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The query name of a DNS packet (RFC 1035 labels after the 12-byte header).
fn qname(packet: &[u8]) -> Option<String> {
    let mut labels = Vec::new();
    let mut i = 12;
    loop {
        let len = *packet.get(i)? as usize;
        if len == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(packet.get(i + 1..i + 1 + len)?).into_owned());
        i += 1 + len;
    }
    Some(labels.join("."))
}

/// A DNS server that counts queries per name and never answers.
struct SilentDns {
    addr: String,
    counts: Arc<Mutex<HashMap<String, usize>>>,
    stop: Arc<AtomicBool>,
}

impl SilentDns {
    fn start(ip: &str) -> Self {
        let socket = UdpSocket::bind((ip, 53)).unwrap_or_else(|e| {
            panic!("this test binds {ip}:53 for a silent DNS server and needs root: {e}")
        });
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        let counts = Arc::new(Mutex::new(HashMap::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (counts.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 1500];
            while !s.load(Ordering::Relaxed) {
                if let Ok((n, _)) = socket.recv_from(&mut buf)
                    && let Some(name) = qname(&buf[..n])
                {
                    *c.lock().expect("counts").entry(name).or_default() += 1;
                }
            }
        });
        Self {
            addr: ip.into(),
            counts,
            stop,
        }
    }
}

impl Drop for SilentDns {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[test]
fn a_silent_dns_server_ends_the_probe_in_the_dns_stage_within_the_budget() {
    let dns = SilentDns::start("127.0.0.77");
    let s = Sandbox::new();
    let resolv = s.path().join("resolv.conf");
    // glibc's defaults spelled out: 5 s per try, 2 tries (10 s per lookup).
    std::fs::write(
        &resolv,
        format!("nameserver {}\noptions timeout:5 attempts:2\n", dns.addr),
    )
    .expect("resolv.conf");
    let hosts = [
        "a.gomirror-lab.test",
        "b.gomirror-lab.test",
        "c.gomirror-lab.test",
    ];
    let mut args = vec![
        "probe".to_string(),
        "--json".into(),
        "--samples".into(),
        "3".into(),
        "--timeout-ms".into(),
        "2000".into(),
    ];
    for h in hosts {
        args.push("--mirror".into());
        args.push(format!("https://{h}"));
    }
    let mut env = s.env();
    // The lab names resolve nowhere (the DNS server is silent), so no request can leave.
    env.remove("HTTPS_PROXY");
    env.remove("HTTP_PROXY");
    env.insert(
        "GOMIRROR_CONFIG_DIR".into(),
        s.path().join("config").display().to_string(),
    );
    let start = Instant::now();
    let out = std::process::Command::new("unshare")
        .args([
            "-m",
            "sh",
            "-c",
            r#"mount --bind "$0" /etc/resolv.conf && exec "$@""#,
        ])
        .arg(&resolv)
        .arg(env!("CARGO_BIN_EXE_gomirror"))
        .args(&args)
        .env_clear()
        .envs(&env)
        .output()
        .expect("unshare (util-linux) runs");
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "exit {:?}\n{stdout}\n{stderr}",
        out.status
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("probe --json");
    let mirrors = report["mirrors"].as_array().expect("mirrors");
    assert_eq!(mirrors.len(), hosts.len());
    for m in mirrors {
        assert_eq!(m["verdict"], "unreachable", "{m}");
        let reason_en = m["reason"].as_str().expect("reason");
        let reason_zh = m["reason_zh"].as_str().expect("reason");
        assert!(
            reason_en.contains("timed out in the name resolution (DNS) stage"),
            "{reason_en}"
        );
        assert!(reason_zh.contains("域名解析（DNS）阶段超时"), "{reason_zh}");
        assert!(m["dns_ms"].is_null(), "{m}");
    }
    let counts = dns.counts.lock().expect("counts").clone();
    for h in hosts {
        let n = counts.get(h).copied().unwrap_or_default();
        // One lookup per host per round: an A and an AAAA query.
        assert!((1..=2).contains(&n), "{h}: {n} queries ({counts:?})");
    }
    // The bound, as a loose hang detector (speed itself belongs to the benchmarks): the round's
    // budget is 2 s per mirror and the mirrors run side by side, while the resolver left alone
    // waits 5 s x 2 tries = 10 s per name. 8 s leaves room for a loaded machine and still
    // catches the resolver's own wait, the bug this test exists for.
    println!("silent DNS: probe exited after {} ms", elapsed.as_millis());
    assert!(
        elapsed < Duration::from_secs(8),
        "the probe took {} ms: the resolver's own 10 s wait was not cut at the 2 s budget",
        elapsed.as_millis()
    );
    let figures = common::repo_root().join("target/faults");
    std::fs::create_dir_all(&figures).expect("dir");
    let max_queries = hosts
        .iter()
        .map(|h| counts.get(*h).copied().unwrap_or_default())
        .max()
        .unwrap_or_default();
    std::fs::write(
        figures.join("dns.json"),
        serde_json::json!({"budget_ms": 2000, "exit_ms": elapsed.as_millis(),
            "hosts": hosts.len(), "max_queries_per_host": max_queries})
        .to_string(),
    )
    .expect("figure");
}
