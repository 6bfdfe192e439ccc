//! The lab's second half: key types, CA rules (basicConstraints, keyUsage, pathlen),
//! signature algorithms and root sets.

use super::*;

pub(super) fn build(pki: &Pki, root: &Issued, small_root: &Issued, shapes: &mut Vec<Shape>) {
    let root = root.clone();
    let small_root = small_root.clone();
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
    let leaf = |name: &str, alg: &str, issuer: &Issued, ext: &str| {
        pki.issue(name, alg, issuer, &leaf_ext(ext), 90, "sha256")
    };

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
}
