//! TLS for probes: roots as the go command uses them (the OS store, or `SSL_CERT_FILE` /
//! `SSL_CERT_DIR`), always verified, no session resumption (fresh-handshake numbers), and a
//! second check against the public webpki roots that reveals TLS interception.

use crate::goenv::location::{EnvMap, env_value};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime, pem::PemObject};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::{Arc, Mutex};

/// The trust anchors: the ones the go command would use, and the public webpki set.
#[derive(Clone)]
pub struct Roots {
    pub system: Arc<RootCertStore>,
    pub public: Arc<RootCertStore>,
    /// Where the system roots came from, for reports.
    pub source: String,
}

impl Roots {
    /// Go's rules on Linux: `SSL_CERT_FILE` and `SSL_CERT_DIR` replace the system locations.
    pub fn from_env(env: &EnvMap) -> Self {
        let mut system = RootCertStore::empty();
        let file = env_value(env, "SSL_CERT_FILE");
        let dirs = env_value(env, "SSL_CERT_DIR");
        let source = if file.is_some() || dirs.is_some() {
            if let Some(f) = file {
                add_pem_file(&mut system, std::path::Path::new(f));
            }
            if let Some(d) = dirs {
                let sep = if cfg!(windows) { ';' } else { ':' };
                for dir in d.split(sep) {
                    if let Ok(entries) = std::fs::read_dir(dir) {
                        for e in entries.flatten() {
                            add_pem_file(&mut system, &e.path());
                        }
                    }
                }
            }
            format!("SSL_CERT_FILE/SSL_CERT_DIR ({} roots)", system.len())
        } else {
            let found = rustls_native_certs::load_native_certs();
            for cert in found.certs {
                // A single unusable OS certificate must not stop the probe.
                let _ = system.add(cert);
            }
            format!("OS trust store ({} roots)", system.len())
        };
        let public = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        Self {
            system: Arc::new(system),
            public: Arc::new(public),
            source,
        }
    }
}

fn add_pem_file(store: &mut RootCertStore, path: &std::path::Path) {
    let Ok(iter) = CertificateDer::pem_file_iter(path) else {
        return;
    };
    for cert in iter.flatten() {
        let _ = store.add(cert);
    }
}

/// What the handshake showed about the server's certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CertReport {
    /// Issuer of the server's certificate (its distinguished name).
    pub issuer: String,
    /// Verified against the roots the go command uses.
    pub verified_system: bool,
    /// Verified against the public webpki roots. False while `verified_system` is true means
    /// a private CA: usually a corporate TLS-intercepting proxy.
    pub verified_public: bool,
    /// The verification error against the go command's roots, if any.
    pub error: Option<String>,
}

impl CertReport {
    pub fn intercepted(&self) -> bool {
        self.verified_system && !self.verified_public
    }
}

/// Verifies with the system roots (the decision) and records the public-roots verdict too.
#[derive(Debug)]
pub struct RecordingVerifier {
    system: Arc<WebPkiServerVerifier>,
    public: Arc<WebPkiServerVerifier>,
    pub report: Mutex<Option<CertReport>>,
}

impl RecordingVerifier {
    pub fn new(roots: &Roots) -> Result<Arc<Self>, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let system =
            WebPkiServerVerifier::builder_with_provider(roots.system.clone(), provider.clone())
                .build()
                .map_err(|e| format!("no usable trust roots ({}): {e}", roots.source))?;
        let public = WebPkiServerVerifier::builder_with_provider(roots.public.clone(), provider)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Arc::new(Self {
            system,
            public,
            report: Mutex::new(None),
        }))
    }

    pub fn take_report(&self) -> Option<CertReport> {
        self.report.lock().ok().and_then(|mut r| r.take())
    }
}

fn issuer_of(cert: &CertificateDer<'_>) -> String {
    match x509_parser::parse_x509_certificate(cert.as_ref()) {
        Ok((_, parsed)) => parsed.issuer().to_string(),
        Err(_) => String::from("(unparsable certificate)"),
    }
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let system = self.system.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let public = self.public.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let report = CertReport {
            issuer: issuer_of(end_entity),
            verified_system: system.is_ok(),
            verified_public: public.is_ok(),
            error: system.as_ref().err().map(ToString::to_string),
        };
        if let Ok(mut slot) = self.report.lock() {
            *slot = Some(report);
        }
        system
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.system.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.system.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.system.supported_verify_schemes()
    }
}

/// A client config for one fresh handshake: ALPN http/1.1, no resumption.
pub fn client_config(
    verifier: Arc<RecordingVerifier>,
) -> Result<Arc<rustls::ClientConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    config.resumption = rustls::client::Resumption::disabled();
    Ok(Arc::new(config))
}

/// Pays the process's one-time TLS start-up cost (crypto provider set-up, CPU feature
/// detection, the first key share) without any network I/O, so that the first measured
/// handshake is an honest fresh-connection number.
pub fn warm_up(roots: &Roots) {
    let Ok(verifier) = RecordingVerifier::new(roots) else {
        return;
    };
    let Ok(config) = client_config(verifier) else {
        return;
    };
    let Ok(name) = ServerName::try_from("warm-up.invalid") else {
        return;
    };
    if let Ok(mut conn) = rustls::ClientConnection::new(config, name) {
        let mut hello = Vec::new();
        let _ = conn.write_tls(&mut hello);
    }
}
