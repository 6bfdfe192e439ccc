//! Serves a small loopback lab of Go module mirrors (for screenshots and manual checks without
//! any public host), prints a catalogue for `GOMIRROR_CATALOG` on stdout, and exits after the
//! given number of seconds (default 120).
//!
//! `cargo run --example lab_server -- 60 > lab.toml`

#[path = "../tests/common/netlab/mod.rs"]
mod netlab;

use netlab::{Behaviour, LabMirror};
use std::io::Write;
use std::time::Duration;

fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(120);
    let rt = netlab::lab_runtime();
    // Zips as large as the real reference module's (golang.org/x/text is megabytes), so the
    // bounded download measures a throughput as it does against public mirrors.
    let d = |ms: u64| Behaviour {
        header_delay: Duration::from_millis(ms),
        zip_padding: 1024 * 1024,
        ..Behaviour::default()
    };
    let mirrors = [
        (
            "lab-fast",
            "Lab mirror A",
            "实验镜像 A",
            LabMirror::start(&rt, d(25), None),
        ),
        (
            "lab-mid",
            "Lab mirror B",
            "实验镜像 B",
            LabMirror::start(&rt, d(120), None),
        ),
        (
            "lab-nosumdb",
            "Lab mirror C (no checksum proxy)",
            "实验镜像 C（不代理校验和）",
            LabMirror::start(
                &rt,
                Behaviour {
                    sumdb_supported: 404,
                    ..d(60)
                },
                None,
            ),
        ),
        (
            "lab-stale",
            "Lab mirror D (stale)",
            "实验镜像 D（版本落后）",
            LabMirror::start(
                &rt,
                Behaviour {
                    newest: "v1.1.0".into(),
                    ..d(40)
                },
                None,
            ),
        ),
        (
            "lab-broken",
            "Lab mirror E (503)",
            "实验镜像 E（503）",
            LabMirror::start(
                &rt,
                Behaviour {
                    all_status: Some(503),
                    ..d(10)
                },
                None,
            ),
        ),
        (
            "lab-hang",
            "Lab mirror F (hangs)",
            "实验镜像 F（无响应）",
            LabMirror::start(&rt, Behaviour { hang: true, ..d(0) }, None),
        ),
        (
            "lab-far",
            "Lab mirror G",
            "实验镜像 G",
            LabMirror::start(&rt, d(250), None),
        ),
        (
            "lab-slow-body",
            "Lab mirror H (slow body)",
            "实验镜像 H（下载慢）",
            LabMirror::start(
                &rt,
                Behaviour {
                    bandwidth_bps: Some(300_000),
                    ..d(30)
                },
                None,
            ),
        ),
    ];
    let mut out = std::io::stdout();
    for (id, en, zh, m) in &mirrors {
        let _ = writeln!(
            out,
            "[[mirror]]\nid = \"{id}\"\nname_en = \"{en}\"\nname_zh = \"{zh}\"\nurl = \"{}\"\nregion = \"lab\"\nverified = \"lab\"\nsources = [\"tests/common/netlab/mod.rs\"]\n",
            m.url
        );
    }
    let _ = out.flush();
    std::thread::sleep(Duration::from_secs(seconds));
}
