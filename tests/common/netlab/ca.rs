//! A certificate authority made at test time, and the server certificate it signs for
//! 127.0.0.1 and localhost.

use super::*;

/// A test certificate authority and the server certificate it signs for 127.0.0.1/localhost.
pub struct TestCa {
    pub ca_pem: String,
    pub cert_der: Vec<u8>,
    pub key_der: Vec<u8>,
}

impl TestCa {
    pub fn new(name: &str) -> Self {
        Self::with_names(name, &[])
    }

    /// Also valid for these host names.
    pub fn with_names(name: &str, extra: &[&str]) -> Self {
        Self::issue(name, extra, false, true)
    }

    /// A server certificate that expired yesterday.
    pub fn expired(name: &str) -> Self {
        Self::issue(name, &[], true, true)
    }

    /// A server certificate for `wrong.example` only (not 127.0.0.1 or localhost).
    pub fn wrong_name(name: &str) -> Self {
        Self::issue(name, &["wrong.example"], false, false)
    }

    /// The commonest internal certificate: one self-signed certificate with CA:TRUE (what
    /// `openssl req -x509` makes) for 127.0.0.1 and localhost, trusted as its own root.
    pub fn self_signed_ca(name: &str) -> Self {
        let mut params =
            rcgen::CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()])
                .expect("params");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, format!("{name} self-signed"));
        let key = rcgen::KeyPair::generate().expect("key");
        let cert = params.self_signed(&key).expect("cert");
        Self {
            ca_pem: cert.pem(),
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
        }
    }

    fn issue(name: &str, extra: &[&str], expired: bool, loopback: bool) -> Self {
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("ca params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, format!("{name} Test CA"));
        ca_params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::CrlSign,
        ];
        let ca_key = rcgen::KeyPair::generate().expect("ca key");
        let ca_cert = ca_params.self_signed(&ca_key).expect("ca cert");
        let mut names = if loopback {
            vec!["localhost".to_string(), "127.0.0.1".to_string()]
        } else {
            Vec::new()
        };
        names.extend(extra.iter().map(|n| n.to_string()));
        let mut leaf = rcgen::CertificateParams::new(names).expect("leaf");
        if expired {
            leaf.not_before = rcgen::date_time_ymd(2020, 1, 1);
            leaf.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        leaf.distinguished_name
            .push(rcgen::DnType::CommonName, "lab mirror");
        let leaf_key = rcgen::KeyPair::generate().expect("leaf key");
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let leaf_cert = leaf.signed_by(&leaf_key, &issuer).expect("leaf cert");
        Self {
            ca_pem: ca_cert.pem(),
            cert_der: leaf_cert.der().to_vec(),
            key_der: leaf_key.serialize_der(),
        }
    }

    /// Writes the CA certificate for SSL_CERT_FILE.
    pub fn write_ca(&self, dir: &Path) -> PathBuf {
        let path = dir.join("lab-ca.pem");
        std::fs::write(&path, &self.ca_pem).expect("write ca");
        path
    }

    pub(super) fn acceptor(&self) -> tokio_rustls::TlsAcceptor {
        let cert = rustls::pki_types::CertificateDer::from(self.cert_der.clone());
        let key = rustls::pki_types::PrivateKeyDer::Pkcs8(self.key_der.clone().into());
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .expect("server config");
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        tokio_rustls::TlsAcceptor::from(Arc::new(config))
    }
}
