//! `gomirror trace` and the doctor's traces through a real routed path: network namespaces (a
//! client, three routers, a server running a lab mirror) joined by veth pairs. Each verdict is
//! made to happen on the path: a router that drops what it should forward (a blackhole
//! route), one that answers "unreachable", one that sends no ICMP at all, a closed port, a DNS
//! answer with a private address, a proxy in between, and a path silent from the first hop.
//! Needs root (CI runs as root): without it every test fails, none is skipped.

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;
#[path = "common/netns.rs"]
mod netns;

use gomirror::goenv::location::EnvMap;
use netns::{Chain, ROUTERS, SERVER};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_gomirror"))
}

/// No proxy variables: the client namespace has no route anywhere but the lab.
fn env() -> EnvMap {
    let mut env = EnvMap::new();
    env.insert("PATH".into(), "/usr/bin:/bin".into());
    env.insert("LANG".into(), "en_US.UTF-8".into());
    env
}

fn trace(chain: &Chain, args: &[&str], env: &EnvMap) -> (i32, Value) {
    let mut all = vec!["trace"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = chain.client_run(bin(), &all, env);
    let v: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr));
    (out.code, v)
}

fn addresses(v: &Value) -> Vec<Option<String>> {
    v["hops"]
        .as_array()
        .expect("hops")
        .iter()
        .map(|h| h["address"].as_str().map(str::to_string))
        .collect()
}

fn some(a: &[&str]) -> Vec<Option<String>> {
    a.iter().map(|s| Some(s.to_string())).collect()
}

#[test]
fn three_routers_in_order_then_the_lab_mirror() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::default());
    let (code, v) = trace(&chain, &[&served.url], &env());
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["verdict"], "reached", "{v:#}");
    assert_eq!(v["reached"], true);
    assert_eq!(v["stopped_after_ttl"], Value::Null);
    assert_eq!(v["via_proxy"], false);
    assert_eq!(v["address"], SERVER);
    assert_eq!(v["port"], served.port());
    assert_eq!(
        addresses(&v),
        some(&[ROUTERS[0], ROUTERS[1], ROUTERS[2], SERVER])
    );
    for (i, h) in v["hops"].as_array().expect("hops").iter().enumerate() {
        assert_eq!(h["ttl"], i + 1);
        assert_eq!(h["loss"], 0.0, "{h}");
        let rtt = h["rtt_ms"].as_f64().expect("rtt");
        assert!(rtt > 0.0 && rtt < 1000.0, "{h}");
    }
    assert!(
        v["en"]
            .as_str()
            .expect("en")
            .starts_with("Reached 10.231.3.2:"),
        "{v:#}"
    );
    assert!(
        v["zh"].as_str().expect("zh").contains("经 4 跳到达"),
        "{v:#}"
    );
    // The plain text names every hop and the target.
    let out = chain.client_run(bin(), &["trace", &served.url], &env());
    assert_eq!(out.code, 0);
    for a in ROUTERS.iter().chain([&SERVER]) {
        assert!(out.stdout.contains(a), "{}", out.stdout);
    }
    assert!(out.stdout.contains("<- target"), "{}", out.stdout);
}

#[test]
fn a_router_that_drops_what_it_forwards_stops_the_trace_after_the_last_answer() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::default());
    // r3 throws away everything for the server (Linux routes before it checks the TTL, so r3
    // is silent itself): the path answers up to r2.
    chain.route("r3", &["blackhole", &format!("{SERVER}/32")]);
    let (code, v) = trace(&chain, &[&served.url, "--timeout-ms", "6000"], &env());
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["verdict"], "silent", "{v:#}");
    assert_eq!(v["reached"], false);
    assert_eq!(v["stopped_after_ttl"], 2, "{v:#}");
    let hops = addresses(&v);
    assert_eq!(hops[..2], some(&[ROUTERS[0], ROUTERS[1]]));
    assert!(hops[2..].iter().all(Option::is_none), "{v:#}");
    assert_eq!(
        hops.len(),
        2 + 5,
        "five silent hops after the last answer: {v:#}"
    );
    let en = v["en"].as_str().expect("en");
    assert!(
        en.contains("silent after hop 2 (10.231.1.2), inside the local network"),
        "{en}"
    );
}

#[test]
fn an_unreachable_answer_is_no_route_at_that_router() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::default());
    chain.ip(&["-n", &chain.ns("r2"), "route", "del", "10.231.3.0/24"]);
    chain.route("r2", &["unreachable", "10.231.3.0/24"]);
    let (code, v) = trace(&chain, &[&served.url], &env());
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["verdict"], "no-route", "{v:#}");
    assert_eq!(v["reached"], false);
    assert_eq!(v["stopped_after_ttl"], Value::Null);
    assert_eq!(addresses(&v), some(&[ROUTERS[0], ROUTERS[1]]));
    assert!(
        v["en"]
            .as_str()
            .expect("en")
            .starts_with("Router 10.231.1.2 (hop 2) answered"),
        "{v:#}"
    );
}

#[test]
fn the_server_refusing_the_port_is_refused() {
    let chain = Chain::new();
    // Nothing listens on the server (no lab mirror started).
    let (code, v) = trace(&chain, &[SERVER, "--port", "8443"], &env());
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["verdict"], "refused", "{v:#}");
    assert_eq!(v["reached"], true);
    assert_eq!(v["port"], 8443);
    assert_eq!(
        addresses(&v),
        some(&[ROUTERS[0], ROUTERS[1], ROUTERS[2], SERVER])
    );
    assert!(
        v["en"]
            .as_str()
            .expect("en")
            .contains("nothing listens on port 8443")
    );
}

#[test]
fn a_router_that_sends_no_icmp_but_forwards_still_reaches() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::default());
    // r2's ICMP budget: one message per 100 s, and its first is never due (an ICMP-dropping
    // firewall, made with the kernel's own rate limit: no iptables here).
    chain.sysctl("r2", "net.ipv4.icmp_ratelimit", "100000");
    let (code, v) = trace(&chain, &[&served.url], &env());
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["verdict"], "reached", "{v:#}");
    assert_eq!(
        addresses(&v),
        vec![
            Some(ROUTERS[0].to_string()),
            None,
            Some(ROUTERS[2].to_string()),
            Some(SERVER.to_string())
        ]
    );
    assert_eq!(v["hops"][1]["loss"], 1.0);
}

#[test]
fn a_path_silent_from_the_first_hop_ends_within_its_deadline() {
    let chain = Chain::new();
    chain.route("r1", &["blackhole", "10.231.3.0/24"]);
    chain.sysctl("r1", "net.ipv4.icmp_ratelimit", "100000");
    let started = Instant::now();
    let (code, v) = trace(
        &chain,
        &[SERVER, "--port", "443", "--timeout-ms", "1500"],
        &env(),
    );
    let took = started.elapsed();
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["verdict"], "silent", "{v:#}");
    assert_eq!(v["stopped_after_ttl"], 0, "{v:#}");
    assert!(addresses(&v).iter().all(Option::is_none), "{v:#}");
    // The whole trace within its deadline (its own clock), and the process with it (its start
    // and exit under a loaded CI machine get two seconds).
    assert!(took < Duration::from_millis(1500 + 2000), "{took:?}");
    assert!(v["elapsed_ms"].as_u64().expect("elapsed") <= 1600, "{v:#}");
    assert!(
        v["en"].as_str().expect("en").starts_with("No hop answered"),
        "{v:#}"
    );
}

#[test]
fn a_public_name_answered_with_a_private_address_is_dns_private() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::default());
    // The client's resolver says proxy.golang.org is the lab server (a hijacked answer); no
    // real DNS is asked.
    chain.client_hosts(&format!("127.0.0.1 localhost\n{SERVER} proxy.golang.org\n"));
    let url = format!("https://proxy.golang.org:{}", served.port());
    let (code, v) = trace(&chain, &[&url], &env());
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["verdict"], "dns-private", "{v:#}");
    assert_eq!(v["reached"], true, "the path itself works: {v:#}");
    assert_eq!(v["address"], SERVER);
    let en = v["en"].as_str().expect("en");
    assert!(
        en.starts_with("proxy.golang.org resolved to 10.231.3.2, a private"),
        "{en}"
    );
}

#[test]
fn behind_https_proxy_the_trace_goes_to_the_proxy() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::default());
    let mut env = env();
    env.insert(
        "HTTPS_PROXY".into(),
        format!("http://user:s3cret@{SERVER}:{}", served.port()),
    );
    // proxy.golang.org is never resolved: the proxy is the path.
    let (code, v) = trace(&chain, &["https://proxy.golang.org"], &env);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["via_proxy"], true);
    assert_eq!(v["address"], SERVER);
    assert_eq!(v["port"], served.port());
    let proxy = v["proxy"].as_str().expect("proxy");
    assert!(!proxy.contains("s3cret"), "{proxy}");
    assert!(!v.to_string().contains("s3cret"), "{v}");
    assert!(
        v["en"]
            .as_str()
            .expect("en")
            .starts_with("Through the proxy"),
        "{v:#}"
    );
}

#[test]
fn the_doctor_shows_where_a_failing_mirror_path_breaks() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::default());
    chain.route("r3", &["blackhole", &format!("{SERVER}/32")]);
    let started = Instant::now();
    let (code, v, markdown) = doctor(
        &chain,
        &[
            ("GOPROXY", format!("{},direct", served.url)),
            ("GOSUMDB", "off".into()),
        ],
    );
    let took = started.elapsed();
    assert_eq!(code, 1, "a problem was found: {:#}", v["findings"]);
    let paths = v["paths"].as_array().expect("paths");
    assert_eq!(paths.len(), 1, "{paths:#?}");
    assert_eq!(paths[0]["role"], "GOPROXY");
    let t = &paths[0]["trace"];
    assert_eq!(t["verdict"], "silent", "{t:#}");
    assert_eq!(t["stopped_after_ttl"], 2, "{t:#}");
    let en = finding(&v, "path-breaks")["en"].as_str().expect("en");
    assert!(en.contains("silent after hop 2"), "{en}");
    // Two doctors (JSON, then Markdown), each a probe (6 s) and a trace (5 s) at most, and
    // the go command: well within 40 s.
    assert!(took < Duration::from_secs(40), "{took:?}");
    // The Markdown report carries the hop table with the break marked.
    assert!(markdown.contains("Where the path breaks"), "{markdown}");
    assert!(markdown.contains("<- the path breaks here"), "{markdown}");
}

#[test]
fn an_ipv6_path_is_traced_the_same_way() {
    let chain = Chain::new();
    // A listener on the server's IPv6 address, made inside the server namespace.
    let listener = chain.in_ns("s", || {
        std::net::TcpListener::bind(format!("[{}]:0", netns::SERVER6)).expect("bind v6")
    });
    let port = listener.local_addr().expect("addr").port().to_string();
    let (code, v) = trace(&chain, &[netns::SERVER6, "--port", &port], &env());
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["verdict"], "reached", "{v:#}");
    let hops = addresses(&v);
    assert_eq!(hops.len(), 4, "{v:#}");
    // Each router answers from its own link's address, in path order.
    for (i, h) in hops[..3].iter().enumerate() {
        let a = h
            .as_deref()
            .unwrap_or_else(|| panic!("hop {} silent: {v:#}", i + 1));
        assert!(a.starts_with("fd00:231:"), "{v:#}");
    }
    assert_eq!(hops[3].as_deref(), Some(netns::SERVER6));
    drop(listener);
    let (code, v) = trace(&chain, &[netns::SERVER6, "--port", &port], &env());
    assert_eq!((code, v["verdict"].as_str()), (1, Some("refused")), "{v:#}");
}

/// A doctor in the client namespace: the go command, a sandbox, these settings.
fn doctor(chain: &Chain, settings: &[(&str, String)]) -> (i32, Value, String) {
    let sandbox = common::Sandbox::new();
    let mut env = env();
    env.insert("HOME".into(), sandbox.home.display().to_string());
    env.insert(
        "GOMIRROR_DATA_DIR".into(),
        sandbox.path().join("data").display().to_string(),
    );
    env.insert(
        "GOMIRROR_GO".into(),
        common::go("1.27").display().to_string(),
    );
    for (k, v) in settings {
        env.insert((*k).into(), v.clone());
    }
    let out = chain.client_run(bin(), &["doctor", "--json"], &env);
    let v: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr));
    let markdown = chain.client_run(bin(), &["doctor"], &env).stdout;
    (out.code, v, markdown)
}

fn finding<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no {id} finding: {:#}", v["findings"]))
}

#[test]
fn a_mirror_whose_path_works_but_http_fails_is_told_apart() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::failing(503));
    let (_, v, _) = doctor(
        &chain,
        &[
            ("GOPROXY", format!("{},direct", served.url)),
            ("GOSUMDB", "off".into()),
        ],
    );
    let paths = v["paths"].as_array().expect("paths");
    assert_eq!(paths.len(), 1, "{paths:#?}");
    assert_eq!(paths[0]["trace"]["verdict"], "reached");
    let en = finding(&v, "path-reached")["en"].as_str().expect("en");
    assert!(
        en.contains("The path is fine (Reached 10.231.3.2:") && en.contains("in TLS or HTTP"),
        "{en}"
    );
    assert!(
        v.to_string().contains("503"),
        "the probe's reason says which: {en}"
    );
}

#[test]
fn an_unreachable_checksum_database_is_traced_when_no_mirror_serves_it() {
    let chain = Chain::new();
    let served = chain.serve(netlab::Behaviour::default());
    chain.route("r3", &["blackhole", &format!("{SERVER}/32")]);
    // The go command fetches modules directly and must reach the checksum database itself.
    let gosumdb = format!(
        "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8 {}",
        served.url
    );
    let (code, v, markdown) = doctor(
        &chain,
        &[("GOPROXY", "direct".into()), ("GOSUMDB", gosumdb)],
    );
    assert_eq!(code, 1, "{:#}", v["findings"]);
    let paths = v["paths"].as_array().expect("paths");
    assert_eq!(paths.len(), 1, "{paths:#?}");
    assert_eq!(paths[0]["role"], "GOSUMDB");
    assert_eq!(paths[0]["trace"]["stopped_after_ttl"], 2, "{:#}", paths[0]);
    let en = finding(&v, "sumdb-unreachable")["en"].as_str().expect("en");
    assert!(en.contains("silent after hop 2 (10.231.1.2)"), "{en}");
    assert!(markdown.contains("GOSUMDB"), "{markdown}");
    assert!(markdown.contains("<- the path breaks here"), "{markdown}");
}
