//! The certificate shapes of the lab: what company proxies and internal mirrors really serve,
//! and the corners where Go's rules and webpki's differ.

use super::pki::{CA, Issued, LEAF, Pki};
use std::path::PathBuf;

#[path = "shapes/keys.rs"]
mod keys;

pub struct Shape {
    pub name: &'static str,
    /// The host the go command and the probe connect to.
    pub host: &'static str,
    /// What the server sends: the leaf, then any intermediates.
    pub chain: PathBuf,
    pub key: PathBuf,
    /// The SSL_CERT_FILE both clients trust.
    pub roots: PathBuf,
    /// What the lab means to build (checked against the go command, which decides).
    pub go_accepts: bool,
    /// For a refusal: words the go command's message and ours both contain.
    pub phrase: &'static str,
}

const UNKNOWN: &str = "certificate signed by unknown authority";

fn leaf_ext(extra: &str) -> String {
    // `extra` lines replace the plain leaf's lines with the same key.
    let keys: Vec<&str> = extra.lines().filter_map(|l| l.split('=').next()).collect();
    let mut out: String = LEAF
        .lines()
        .filter(|l| !keys.iter().any(|k| l.starts_with(&format!("{k}="))))
        .map(|l| format!("{l}\n"))
        .collect();
    out.push_str(extra);
    out
}

pub fn build(pki: &Pki) -> Vec<Shape> {
    let mut shapes = Vec::new();
    let mut add = |name, host, chain: PathBuf, key: PathBuf, roots: PathBuf, ok, phrase| {
        shapes.push(Shape {
            name,
            host,
            chain,
            key,
            roots,
            go_accepts: ok,
            phrase,
        })
    };
    let root = pki.self_signed("root", "rsa:2048", CA, 365);
    let leaf = |name: &str, alg: &str, issuer: &Issued, ext: &str| {
        pki.issue(name, alg, issuer, &leaf_ext(ext), 90, "sha256")
    };

    let l = leaf("standard", "rsa:2048", &root, "");
    add(
        "standard",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        true,
        "",
    );

    let inter = pki.issue("inter", "ec:P-256", &root, CA, 365, "sha256");
    let l = leaf("via-intermediate", "ec:P-256", &inter, "");
    let sent = pki.bundle("via-intermediate-chain.pem", &[&l.cert, &inter.cert]);
    add(
        "intermediate sent",
        "127.0.0.1",
        sent,
        l.key.clone(),
        root.cert.clone(),
        true,
        "",
    );
    add(
        "intermediate not sent",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        false,
        UNKNOWN,
    );

    let s = pki.openssl_default_self_signed("openssl-req-x509");
    add(
        "self-signed by openssl req -x509 (CA:TRUE), trusted",
        "127.0.0.1",
        s.cert.clone(),
        s.key.clone(),
        s.cert.clone(),
        true,
        "",
    );
    add(
        "self-signed, not trusted",
        "127.0.0.1",
        s.cert,
        s.key,
        root.cert.clone(),
        false,
        UNKNOWN,
    );

    let l = leaf(
        "ca-as-server",
        "rsa:2048",
        &root,
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,keyCertSign\n",
    );
    add(
        "CA certificate as the server's own",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        true,
        "",
    );

    let l = leaf("rsa1024-leaf", "rsa:1024", &root, "");
    add(
        "RSA 1024 leaf",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        true,
        "",
    );
    let small_root = pki.self_signed("rsa1024-root", "rsa:1024", CA, 365);
    let l = leaf("under-rsa1024-root", "rsa:2048", &small_root, "");
    add(
        "RSA 1024 root",
        "127.0.0.1",
        l.cert,
        l.key,
        small_root.cert.clone(),
        true,
        "",
    );
    let l = leaf("rsa768-leaf", "rsa:768", &root, "");
    add(
        "RSA 768 leaf",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        false,
        "768",
    );
    let l = leaf("rsa4096-leaf", "rsa:4096", &root, "");
    add(
        "RSA 4096 leaf",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        true,
        "",
    );

    let l = pki.issue("expired", "ec:P-256", &root, &leaf_ext(""), -1, "sha256");
    add(
        "expired leaf",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        false,
        "expired or is not yet valid",
    );
    let old_root = pki.self_signed("expired-root", "ec:P-256", CA, -1);
    let l = leaf("under-expired-root", "ec:P-256", &old_root, "");
    add(
        "expired root",
        "127.0.0.1",
        l.cert,
        l.key,
        old_root.cert.clone(),
        false,
        "expired or is not yet valid",
    );

    let no_san: String = LEAF
        .lines()
        .filter(|l| !l.starts_with("subjectAltName"))
        .map(|l| format!("{l}\n"))
        .collect();
    let l = pki.issue("localhost", "ec:P-256", &root, &no_san, 90, "sha256");
    add(
        "Common Name only, no SAN",
        "localhost",
        l.cert,
        l.key,
        root.cert.clone(),
        false,
        "legacy Common Name",
    );
    let l = leaf(
        "wrong-name",
        "ec:P-256",
        &root,
        "subjectAltName=DNS:mirror.corp.example\n",
    );
    add(
        "valid for another name",
        "localhost",
        l.cert,
        l.key,
        root.cert.clone(),
        false,
        "certificate is valid for",
    );
    let l = leaf(
        "dns-only",
        "ec:P-256",
        &root,
        "subjectAltName=DNS:localhost\n",
    );
    add(
        "DNS SAN only, reached by IP",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        false,
        "IP SANs",
    );

    let l = leaf(
        "eku-client",
        "ec:P-256",
        &root,
        "extendedKeyUsage=clientAuth\n",
    );
    add(
        "leaf EKU clientAuth only",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        false,
        "incompatible key usage",
    );
    let no_eku: String = LEAF
        .lines()
        .filter(|l| !l.starts_with("extendedKeyUsage"))
        .map(|l| format!("{l}\n"))
        .collect();
    let l = pki.issue("no-eku", "ec:P-256", &root, &no_eku, 90, "sha256");
    add(
        "leaf without EKU",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        true,
        "",
    );
    let client_inter = pki.issue(
        "inter-client",
        "ec:P-256",
        &root,
        &format!("{CA}extendedKeyUsage=clientAuth\n"),
        365,
        "sha256",
    );
    let l = leaf("under-client-inter", "ec:P-256", &client_inter, "");
    let sent = pki.bundle(
        "under-client-inter-chain.pem",
        &[&l.cert, &client_inter.cert],
    );
    add(
        "intermediate EKU clientAuth only",
        "127.0.0.1",
        sent,
        l.key,
        root.cert.clone(),
        false,
        "incompatible key usage",
    );
    let client_root = pki.self_signed(
        "root-client",
        "ec:P-256",
        &format!("{CA}extendedKeyUsage=clientAuth\n"),
        365,
    );
    let l = leaf("under-client-root", "ec:P-256", &client_root, "");
    add(
        "root EKU clientAuth only",
        "127.0.0.1",
        l.cert,
        l.key,
        client_root.cert.clone(),
        false,
        "incompatible key usage",
    );

    let nc_ok = pki.self_signed("nc-ok", "ec:P-256", &format!("{CA}nameConstraints=critical,permitted;DNS:localhost,permitted;IP:127.0.0.0/255.0.0.0\n"), 365);
    let l = leaf("under-nc-ok", "ec:P-256", &nc_ok, "");
    add(
        "name constraints that permit",
        "127.0.0.1",
        l.cert,
        l.key,
        nc_ok.cert.clone(),
        true,
        "",
    );
    let nc_bad = pki.self_signed(
        "nc-bad",
        "ec:P-256",
        &format!("{CA}nameConstraints=critical,permitted;DNS:corp.example\n"),
        365,
    );
    let l = leaf("under-nc-bad", "ec:P-256", &nc_bad, "");
    add(
        "name constraints that exclude the leaf",
        "127.0.0.1",
        l.cert,
        l.key,
        nc_bad.cert.clone(),
        false,
        "not permitted by any constraint",
    );

    keys::build(pki, &root, &small_root, &mut shapes);
    shapes
}
