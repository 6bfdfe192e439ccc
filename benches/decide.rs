//! Time to the recommendation: the early decision against the full round and an nrm-style
//! baseline (one parallel GET per mirror, 5 s timeout, as nrm measures), on the same loopback
//! lab with 0, 1 and 3 hanging mirrors, side by side in one run; and, in the full benchmark,
//! whether the pick is the mirror through which the real go command downloads fastest.
//!
//! `cargo bench --bench decide` runs 5 rounds per case with the CLI's 8 s budget; under
//! `cargo test` it runs once, with a 2 s budget, as a smoke test.

#[path = "../tests/common/netlab/mod.rs"]
mod netlab;

use gomirror::goenv::location::EnvMap;
use gomirror::probe::engine::{self, RoundConfig};
use gomirror::probe::http::{self, Limits};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::resolve::Resolver;
use gomirror::probe::tls::Roots;
use netlab::{Behaviour, LabMirror};
use std::time::{Duration, Instant};

fn good(ms: u64) -> Behaviour {
    Behaviour {
        header_delay: Duration::from_millis(ms),
        zip_padding: 256 * 1024,
        ..Behaviour::default()
    }
}

fn config(mirrors: &[(String, &LabMirror)], budget: Duration) -> RoundConfig {
    let env = EnvMap::new();
    RoundConfig {
        mirrors: mirrors
            .iter()
            .map(|(id, m)| netlab::named_mirror(id, &m.url))
            .collect(),
        spec: netlab::lab_spec(3, budget),
        roots: Roots::from_env(&env),
        env,
        sumdb: SumdbChoice::default(),
        concurrency: engine::DEFAULT_CONCURRENCY,
    }
}

/// nrm: one parallel GET per mirror, 5 s timeout; done when every GET ended.
fn nrm_style(mirrors: &[(String, &LabMirror)], rt: &tokio::runtime::Runtime) -> f64 {
    let env = EnvMap::new();
    let roots = Roots::from_env(&env);
    let start = Instant::now();
    rt.block_on(async {
        let resolver = Resolver::new();
        let net = http::Net {
            env: &env,
            roots: &roots,
            resolver: &resolver,
        };
        let gets = mirrors.iter().map(|(_, m)| {
            let url = format!("{}/example.com/fast/@v/list", m.url);
            let net = &net;
            async move {
                let _ = tokio::time::timeout(
                    Duration::from_secs(5),
                    http::get(&url, net, &Limits::default()),
                )
                .await;
            }
        });
        gomirror::probe::join::join_all(gets.collect()).await;
    });
    start.elapsed().as_secs_f64() * 1000.0
}

/// Real nrm's `nrm test` over the lab (wall time, node start included): in a private mount
/// namespace whose hosts file sends nrm's built-in public registries to a closed loopback port
/// and whose resolver is a loopback address nobody answers on, so nothing leaves the machine.
fn real_nrm(mirrors: &[(String, &LabMirror)]) -> Option<f64> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let nrm = root.join(".tools/node/node_modules/nrm/dist/index.js");
    if !nrm.is_file() {
        return None;
    }
    let dir = tempfile::tempdir().ok()?;
    let mut rc = String::new();
    for (id, m) in mirrors {
        rc.push_str(&format!("[{id}]\nregistry={}/\n\n", m.url));
    }
    std::fs::write(dir.path().join(".nrmrc"), rc).ok()?;
    let public = [
        "registry.npmjs.org",
        "registry.yarnpkg.com",
        "mirrors.tencent.com",
        "r.cnpmjs.org",
        "registry.npmmirror.com",
        "skimdb.npmjs.com",
        "repo.huaweicloud.com",
    ];
    let hosts = dir.path().join("hosts");
    std::fs::write(
        &hosts,
        format!("127.0.0.1 localhost {}\n", public.join(" ")),
    )
    .ok()?;
    let resolv = dir.path().join("resolv.conf");
    std::fs::write(
        &resolv,
        "nameserver 127.0.0.79\noptions timeout:1 attempts:1\n",
    )
    .ok()?;
    let start = Instant::now();
    let out = std::process::Command::new("unshare")
        .args([
            "-m",
            "sh",
            "-c",
            r#"mount --bind "$0" /etc/hosts && mount --bind "$1" /etc/resolv.conf && shift && exec "$@""#,
        ])
        .arg(&hosts)
        .arg(&resolv)
        .args(["node"])
        .arg(&nrm)
        .arg("test")
        .env_clear()
        .env("HOME", dir.path())
        .env("PATH", "/usr/bin:/bin")
        .env("NO_COLOR", "1")
        .output()
        .ok()?;
    let took = start.elapsed().as_secs_f64() * 1000.0;
    out.status.success().then_some(took)
}

/// Wall time of the real `go mod download` of three padded modules through `url`.
fn go_download_ms(url: &str) -> Option<f64> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let go = ["go1.27/gobin", "go1.27/bin/go"]
        .iter()
        .map(|p| root.join(".tools").join(p))
        .find(|p| p.is_file())?;
    let dir = tempfile::tempdir().ok()?;
    let start = Instant::now();
    let out = std::process::Command::new(go)
        .args(["mod", "download", "-json"])
        .args([
            "example.com/a@v1.0.0",
            "example.com/b@v1.0.0",
            "example.com/c@v1.0.0",
        ])
        .env_clear()
        .env("HOME", dir.path())
        .env("PATH", "/usr/bin:/bin")
        .env("GOPROXY", url)
        .env("GOSUMDB", "off")
        .env("GOTOOLCHAIN", "local")
        .env("GOFLAGS", "-modcacherw")
        .env("GOMODCACHE", dir.path().join("mod"))
        .env("GOCACHE", dir.path().join("cache"))
        .current_dir(dir.path())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| start.elapsed().as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let (runs, budget) = if full {
        (5, Duration::from_secs(8))
    } else {
        (1, Duration::from_secs(2))
    };
    let rt = netlab::lab_runtime();
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("rt");
    // Four good mirrors (20/80/150/300 ms to first byte), one quick to answer but sending at
    // 100 KB/s (a first-byte ranking picks it), then the hanging ones.
    let good_mirrors: Vec<(String, LabMirror)> = [20u64, 80, 150, 300]
        .iter()
        .map(|ms| {
            (
                format!("good-{ms}ms"),
                LabMirror::start(&rt, good(*ms), None),
            )
        })
        .chain(std::iter::once((
            "trickle-0ms".to_string(),
            LabMirror::start(
                &rt,
                Behaviour {
                    bandwidth_bps: Some(100_000),
                    ..good(0)
                },
                None,
            ),
        )))
        .collect();
    let hanging: Vec<(String, LabMirror)> = (0..3)
        .map(|i| {
            let b = Behaviour {
                hang: true,
                ..Behaviour::default()
            };
            (format!("hanging-{i}"), LabMirror::start(&rt, b, None))
        })
        .collect();
    println!(
        "lab: good mirrors at 20/80/150/300 ms, one at 0 ms sending 100 KB/s, 0-3 hanging; budget {} ms per mirror, {runs} run(s)",
        budget.as_millis()
    );
    println!(
        "{:<10} {:>12} {:>12} {:>12} {:>10} {:>10} {:>10} {:>10}  pick",
        "hanging",
        "decided ms",
        "full ms",
        "nrm-style",
        "real nrm",
        "full/dec",
        "nrm/dec",
        "real/dec"
    );
    let mut picks = Vec::new();
    for n in [0usize, 1, 3] {
        let list: Vec<(String, &LabMirror)> = good_mirrors
            .iter()
            .chain(hanging.iter().take(n))
            .map(|(id, m)| (id.clone(), m))
            .collect();
        let (mut decided, mut whole, mut nrm) = (Vec::new(), Vec::new(), Vec::new());
        let mut real = Vec::new();
        let mut pick = String::new();
        for _ in 0..runs {
            let t = Instant::now();
            let early = engine::run_blocking_until(config(&list, budget), true, |_| {})
                .expect("runtime")
                .expect("round");
            decided.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            let round = engine::run_blocking(config(&list, budget), |_| {})
                .expect("runtime")
                .expect("round");
            whole.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(
                early
                    .recommended
                    .as_ref()
                    .expect("a recommendation")
                    .goproxy,
                round
                    .recommended
                    .as_ref()
                    .expect("a recommendation")
                    .goproxy,
                "the early decision differs from the full round's"
            );
            pick = round
                .reports
                .first()
                .map(|r| r.measurement.id.clone())
                .unwrap_or_default();
            nrm.push(nrm_style(&list, &client_rt));
            if full && let Some(t) = real_nrm(&list) {
                real.push(t);
            }
        }
        let (d, w, r) = (median(decided), median(whole), median(nrm));
        let real = median(real);
        println!(
            "{n:<10} {d:>12.0} {w:>12.0} {r:>12.0} {real:>10.0} {:>9.1}x {:>9.1}x {:>9.1}x  {pick}",
            w / d,
            r / d,
            real / d
        );
        picks.push(pick);
    }
    assert!(
        picks.iter().all(|p| p == "good-20ms"),
        "the pick is the fastest download: {picks:?}"
    );
    if full {
        // The judge: the real go command's download time through each good mirror.
        let mut times: Vec<(String, f64)> = good_mirrors
            .iter()
            .filter_map(|(id, m)| Some((id.clone(), go_download_ms(&m.url)?)))
            .collect();
        times.sort_by(|a, b| a.1.total_cmp(&b.1));
        println!("go mod download (3 modules of 256 KiB) through each: {times:.0?}");
        if let Some((fastest, _)) = times.first() {
            println!(
                "pick {} = fastest real download {fastest}: {}",
                picks[0],
                &picks[0] == fastest
            );
        }
    }
}
