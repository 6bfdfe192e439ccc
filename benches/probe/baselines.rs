//! The baselines measured beside our engine: a chsrc-style sequential download, an nrm-style
//! parallel single GET, and `curl -w` as the timing reference.

use super::*;

/// One GET with its own resolver (the other tools resolve for every request).
async fn fresh_get(url: &str, env: &EnvMap, roots: &Roots, limits: &Limits) -> http::Fetch {
    let resolver = Resolver::new();
    let net = http::Net {
        env,
        roots,
        resolver: &resolver,
    };
    http::get(url, &net, limits).await
}

/// chsrc: sequential GET of a large file, 8 s cap, rank by average speed (non-200 ranked too).
pub(crate) fn chsrc_style(lab: &Lab, rt: &tokio::runtime::Runtime) -> Run {
    let env = env(lab);
    let roots = Roots::from_env(&env);
    let limits = Limits {
        dns: Duration::from_secs(8),
        connect: Duration::from_secs(8),
        tls: Duration::from_secs(8),
        ttfb: Duration::from_secs(8),
        body: Duration::from_secs(8),
        body_cap_bytes: 64 << 20,
        deadline: None,
    };
    let start = Instant::now();
    let mut first = None;
    let mut speeds = Vec::new();
    for (id, s, _) in &lab.mirrors {
        let url = format!("{}/example.com/big/@v/v1.0.0.zip", s.url);
        let t = Instant::now();
        let f = rt.block_on(async {
            tokio::time::timeout(
                Duration::from_secs(8),
                fresh_get(&url, &env, &roots, &limits),
            )
            .await
            .ok()
        });
        let secs = t.elapsed().as_secs_f64();
        let bytes = f.map_or(0, |f| f.body.len());
        speeds.push((id.clone(), bytes as f64 / secs));
        first.get_or_insert(start.elapsed().as_secs_f64() * 1000.0);
    }
    speeds.sort_by(|a, b| b.1.total_cmp(&a.1));
    let top = speeds.first().map(|s| s.0.clone());
    Run {
        first_ms: first.unwrap_or(0.0),
        full_ms: start.elapsed().as_secs_f64() * 1000.0,
        top_usable: top
            .as_deref()
            .is_some_and(|t| !matches!(t, "hanging" | "http-503" | "no-sumdb-50ms")),
        top,
    }
}

/// nrm: one parallel GET per mirror, 5 s timeout, the fastest 200 wins.
pub(crate) fn nrm_style(lab: &Lab, rt: &tokio::runtime::Runtime) -> Run {
    let env = env(lab);
    let roots = Roots::from_env(&env);
    let limits = Limits {
        body_cap_bytes: 1 << 20,
        ..Limits::default()
    };
    let start = Instant::now();
    let results = rt.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for (id, s, _) in &lab.mirrors {
            let (url, env, roots, limits, id) = (
                format!("{}/example.com/fast/@v/list", s.url),
                env.clone(),
                roots.clone(),
                limits.clone(),
                id.clone(),
            );
            set.spawn(async move {
                let t = Instant::now();
                let f = tokio::time::timeout(
                    Duration::from_secs(5),
                    fresh_get(&url, &env, &roots, &limits),
                )
                .await
                .ok();
                (
                    id,
                    t.elapsed().as_secs_f64() * 1000.0,
                    f.and_then(|f| f.status) == Some(200),
                    Instant::now(),
                )
            });
        }
        let mut out = Vec::new();
        while let Some(Ok(r)) = set.join_next().await {
            out.push(r);
        }
        out
    });
    let first = results
        .iter()
        .map(|r| r.3.duration_since(start).as_secs_f64() * 1000.0)
        .fold(f64::MAX, f64::min);
    let top = results
        .iter()
        .filter(|r| r.2)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|r| r.0.clone());
    Run {
        first_ms: first,
        full_ms: start.elapsed().as_secs_f64() * 1000.0,
        top_usable: top
            .as_deref()
            .is_some_and(|t| !matches!(t, "hanging" | "http-503" | "no-sumdb-50ms")),
        top,
    }
}

/// curl -w on each mirror's .info: TTFB (starttransfer - appconnect or connect) in ms.
pub(crate) fn curl_ttfb(lab: &Lab, url_base: &str) -> Option<(f64, f64)> {
    let out = std::process::Command::new("curl")
        .args(["-s", "-o", "/dev/null", "--max-time", "3", "--cacert"])
        .arg(&lab.ca_file)
        .args([
            "-w",
            "%{time_connect} %{time_appconnect} %{time_starttransfer}",
        ])
        .arg(format!("{url_base}/example.com/m/@v/v1.0.0.info"))
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let v: Vec<f64> = text
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    let (connect, app, start) = (*v.first()?, *v.get(1)?, *v.get(2)?);
    let handshake_end = if app > 0.0 { app } else { connect };
    Some((
        (start - handshake_end) * 1000.0,
        if app > 0.0 {
            (app - connect) * 1000.0
        } else {
            0.0
        },
    ))
}
