//! Unit tests of the Go certificate rules on shapes made in-process (the openssl-made lab
//! against the real go command is `tests/tls_go`).

use super::*;

struct Made {
    ca_der: Vec<u8>,
    leaf_der: Vec<u8>,
}

fn make(leaf_is_ca: bool, root_is_ca: bool) -> Made {
    make_named("unit root", leaf_is_ca, root_is_ca)
}

fn make_named(root_name: &str, leaf_is_ca: bool, root_is_ca: bool) -> Made {
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
    ca.is_ca = if root_is_ca {
        rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained)
    } else {
        rcgen::IsCa::ExplicitNoCa
    };
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, root_name);
    let ca_key = rcgen::KeyPair::generate().expect("key");
    let ca_cert = ca.self_signed(&ca_key).expect("ca");
    let mut leaf = rcgen::CertificateParams::new(vec!["localhost".to_string()]).expect("leaf");
    if leaf_is_ca {
        leaf.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    }
    let leaf_key = rcgen::KeyPair::generate().expect("key");
    let issuer = rcgen::Issuer::new(ca, ca_key);
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).expect("leaf");
    Made {
        ca_der: ca_cert.der().to_vec(),
        leaf_der: leaf_cert.der().to_vec(),
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn pool_of(ders: &[&[u8]]) -> RootPool {
    let mut pool = RootPool::default();
    for d in ders {
        pool.add_der(d);
    }
    pool
}

#[test]
fn a_ca_certificate_may_serve_as_go_allows() {
    let m = make(true, true);
    let pool = pool_of(&[&m.ca_der]);
    assert_eq!(
        verify_server(&pool, &m.leaf_der, &[], "localhost", now()),
        Ok(())
    );
}

#[test]
fn a_trusted_self_signed_ca_is_its_own_chain() {
    let m = make(false, true);
    let pool = pool_of(&[&m.ca_der]);
    // The root itself as the server's certificate: it names no host, so only the hostname
    // check can refuse it, not its CA:TRUE.
    let err = verify_server(&pool, &m.ca_der, &[], "localhost", now()).expect_err("no SAN");
    assert!(
        matches!(err, CertProblem::HostnameMismatch { .. }),
        "{err:?}"
    );
}

#[test]
fn a_root_that_is_not_a_ca_cannot_sign() {
    let m = make(false, false);
    let pool = pool_of(&[&m.ca_der]);
    let err = verify_server(&pool, &m.leaf_der, &[], "localhost", now()).expect_err("refused");
    match err {
        CertProblem::UnknownAuthority { hint: Some(h), .. } => {
            assert!(matches!(*h, CertProblem::ParentCannotSign { .. }), "{h:?}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_untrusted_issuer_is_an_unknown_authority() {
    let m = make(false, true);
    let other = make_named("another root", false, true);
    let pool = pool_of(&[&other.ca_der]);
    let err = verify_server(&pool, &m.leaf_der, &[], "localhost", now()).expect_err("refused");
    assert!(
        matches!(err, CertProblem::UnknownAuthority { hint: None, .. }),
        "{err:?}"
    );
    assert!(
        err.text()
            .en
            .contains("certificate signed by unknown authority")
    );
    assert!(!err.text().zh.is_empty());
}

#[test]
fn expiry_is_judged_at_the_given_time() {
    let m = make(false, true);
    let pool = pool_of(&[&m.ca_der]);
    // rcgen certificates are valid until 4096: judge them in the year 4200.
    let far_future = (4200 - 1970) * 365 * 24 * 3600;
    let err = verify_server(&pool, &m.leaf_der, &[], "localhost", far_future).expect_err("old");
    assert!(matches!(err, CertProblem::Expired { .. }), "{err:?}");
}

#[test]
fn ssl_cert_file_does_not_turn_off_the_certificate_directories() {
    let dir = tempfile::tempdir().expect("dir");
    let a = make(false, true);
    let b = make(false, true);
    let pem = |der: &[u8]| {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        let lines: Vec<String> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            lines.join("\n")
        )
    };
    let file = dir.path().join("bundle.pem");
    std::fs::write(&file, pem(&a.ca_der)).expect("file");
    let certs = dir.path().join("certs");
    std::fs::create_dir_all(&certs).expect("dir");
    std::fs::write(certs.join("b.pem"), pem(&b.ca_der)).expect("cert");
    let file_s = file.display().to_string();
    let certs_s = certs.display().to_string();
    let pool = RootPool::load_like_go(Some(&file_s), Some(&certs_s));
    assert!(pool.contains(&a.ca_der) && pool.contains(&b.ca_der));
    assert_eq!(pool.len(), 2);
}
