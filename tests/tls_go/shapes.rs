//! The certificate shapes of the lab: what company proxies and internal mirrors really serve,
//! and the corners where Go's rules and webpki's differ.

use super::pki::{CA, Issued, LEAF, Pki};
use std::path::PathBuf;

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

    let l = leaf("p384", "ec:P-384", &root, "");
    add(
        "ECDSA P-384 leaf",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        true,
        "",
    );
    let l = leaf("p521", "ec:P-521", &root, "");
    add(
        "ECDSA P-521 leaf",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        true,
        "",
    );
    let l = leaf("ed25519", "ed25519", &root, "");
    add(
        "Ed25519 leaf",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        true,
        "",
    );
    let ec_root = pki.self_signed("p384-root", "ec:P-384", CA, 365);
    let l = pki.issue(
        "sha512-by-p384",
        "rsa:2048",
        &ec_root,
        &leaf_ext(""),
        90,
        "sha512",
    );
    add(
        "RSA leaf signed ECDSA P-384 with SHA-512",
        "127.0.0.1",
        l.cert,
        l.key,
        ec_root.cert.clone(),
        true,
        "",
    );

    let not_ca_root = pki.self_signed(
        "root-not-ca",
        "ec:P-256",
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyCertSign,digitalSignature\n",
        365,
    );
    let l = leaf("under-not-ca-root", "ec:P-256", &not_ca_root, "");
    add(
        "root with CA:FALSE",
        "127.0.0.1",
        l.cert,
        l.key,
        not_ca_root.cert.clone(),
        false,
        "cannot sign this kind of certificate",
    );
    let ku_root = pki.self_signed(
        "root-no-certsign",
        "ec:P-256",
        "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\n",
        365,
    );
    let l = leaf("under-no-certsign-root", "ec:P-256", &ku_root, "");
    add(
        "root whose key usage lacks keyCertSign",
        "127.0.0.1",
        l.cert,
        l.key,
        ku_root.cert.clone(),
        false,
        "cannot sign this kind of certificate",
    );
    let not_ca_inter = pki.issue(
        "inter-not-ca",
        "ec:P-256",
        &root,
        "basicConstraints=critical,CA:FALSE\n",
        365,
        "sha256",
    );
    let l = leaf("under-not-ca-inter", "ec:P-256", &not_ca_inter, "");
    let sent = pki.bundle(
        "under-not-ca-inter-chain.pem",
        &[&l.cert, &not_ca_inter.cert],
    );
    add(
        "intermediate with CA:FALSE",
        "127.0.0.1",
        sent,
        l.key,
        root.cert.clone(),
        false,
        "cannot sign this kind of certificate",
    );
    let pathlen_root = pki.self_signed(
        "root-pathlen0",
        "ec:P-256",
        "basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign\n",
        365,
    );
    let inter = pki.issue(
        "inter-under-pathlen0",
        "ec:P-256",
        &pathlen_root,
        CA,
        365,
        "sha256",
    );
    let l = leaf("under-pathlen0", "ec:P-256", &inter, "");
    let sent = pki.bundle("under-pathlen0-chain.pem", &[&l.cert, &inter.cert]);
    add(
        "intermediate under a pathlen:0 root",
        "127.0.0.1",
        sent,
        l.key,
        pathlen_root.cert.clone(),
        false,
        "too many intermediates",
    );

    let l = pki.issue("sha1", "rsa:2048", &root, &leaf_ext(""), 90, "sha1");
    add(
        "leaf signed with SHA-1",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        false,
        "insecure algorithm",
    );
    let l = leaf(
        "crit-ext",
        "ec:P-256",
        &root,
        "1.3.6.1.4.1.55555.1=critical,ASN1:NULL\n",
    );
    add(
        "unknown critical extension",
        "127.0.0.1",
        l.cert,
        l.key,
        root.cert.clone(),
        false,
        "unhandled critical extension",
    );
    let both = pki.bundle("two-roots.pem", &[&small_root.cert, &root.cert]);
    let l = leaf("second-of-two-roots", "ec:P-256", &root, "");
    add(
        "trusted root second in a bundle",
        "127.0.0.1",
        l.cert,
        l.key,
        both,
        true,
        "",
    );
    shapes
}
