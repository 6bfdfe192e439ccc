//! `gomirror.exe trace` under Wine through the same routed path of network namespaces as the
//! Linux build (tests/trace_netns.rs): IcmpSendEcho2 with a TTL finds the routers, a TCP
//! connection tells reached from refused.

use super::netns::{Chain, ROUTERS, SERVER, ip_binary};
use super::wine::Wine;
use gomirror::goenv::location::EnvMap;
use serde_json::Value;

fn trace(w: &Wine, chain: &Chain, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["trace"];
    all.extend_from_slice(args);
    all.push("--json");
    // No proxy: the namespace's only routes are the lab's.
    let mut env = EnvMap::new();
    env.insert("HTTPS_PROXY".into(), String::new());
    env.insert("HTTP_PROXY".into(), String::new());
    let out = w.gomirror_in_netns(&ip_binary(), &chain.ns("c"), &all, &env);
    let v: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr));
    (out.code, v)
}

fn addresses(v: &Value) -> Vec<Option<&str>> {
    v["hops"]
        .as_array()
        .expect("hops")
        .iter()
        .map(|h| h["address"].as_str())
        .collect()
}

#[test]
fn the_windows_trace_finds_the_routers_the_reset_and_the_break() {
    let chain = Chain::new();
    let served = chain.serve(super::netlab::Behaviour::default());
    let w = Wine::new();
    let (code, v) = trace(&w, &chain, &[&served.url]);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["verdict"], "reached", "{v:#}");
    assert_eq!(
        addresses(&v),
        [
            Some(ROUTERS[0]),
            Some(ROUTERS[1]),
            Some(ROUTERS[2]),
            Some(SERVER)
        ]
    );
    let (code, v) = trace(&w, &chain, &[SERVER, "--port", "8443"]);
    assert_eq!((code, v["verdict"].as_str()), (1, Some("refused")), "{v:#}");
    chain.route("r3", &["blackhole", &format!("{SERVER}/32")]);
    let (code, v) = trace(&w, &chain, &[&served.url]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["verdict"], "silent", "{v:#}");
    assert_eq!(v["stopped_after_ttl"], 2, "{v:#}");
}
