//! TLS for probes, judged as the go command judges it on this OS: on Linux by Go's
//! `crypto/x509` rules against the roots Go loads (the system bundle and directories, or
//! `SSL_CERT_FILE` / `SSL_CERT_DIR`), see [`super::gox509`]; on Windows by Go's own
//! CryptoAPI calls ([`super::cryptoapi`]) and on macOS by the operating system's verifier, as
//! the go command asks them there (unless Go 1.27's `SSL_CERT_FILE` / `SSL_CERT_DIR` override
//! applies: then by Go's rules against the roots they name, as on Linux). Always verified, no session
//! resumption (fresh-handshake numbers), and a second check against the public webpki roots
//! that reveals TLS interception.

use super::gox509::{self, CertProblem, RootPool};
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, SignatureScheme};
use std::sync::{Arc, Mutex};

mod roots;

pub use roots::Roots;

/// What the handshake showed about the server's certificate.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CertReport {
    /// Issuer of the server's certificate (its distinguished name).
    pub issuer: String,
    /// Verified as the go command on this OS verifies it.
    pub verified_system: bool,
    /// Verified against the public webpki roots. False while `verified_system` is true means
    /// a private CA: usually a corporate TLS-intercepting proxy.
    pub verified_public: bool,
    /// The go command's own words for why it refuses the certificate, if it does.
    pub error: Option<String>,
    /// The same reason as a value, with its words in both languages.
    pub problem: Option<CertProblem>,
}

impl CertReport {
    /// Trusted as the go command trusts it, but not by the public roots: a TLS-intercepting proxy.
    pub fn intercepted(&self) -> bool {
        self.verified_system && !self.verified_public
    }
}

/// How this OS's go command decides.
#[derive(Debug)]
enum Judge {
    /// Go's crypto/x509 rules against these roots (Linux and other Unix systems; Windows and
    /// macOS when `SSL_CERT_FILE` / `SSL_CERT_DIR` name the roots).
    GoRules(Arc<RootPool>),
    /// Windows: Go's `systemVerify` through CryptoAPI.
    #[cfg(windows)]
    Windows,
    /// macOS: the operating system's verifier.
    #[cfg(target_os = "macos")]
    Platform(Arc<dyn ServerCertVerifier>),
}

/// Verifies as the go command would (the decision) and records the public-roots verdict too.
#[derive(Debug)]
pub struct RecordingVerifier {
    judge: Judge,
    public: Arc<WebPkiServerVerifier>,
    pub report: Mutex<Option<CertReport>>,
}

fn platform_judge(roots: &Roots) -> Result<Judge, String> {
    if roots.platform {
        #[cfg(windows)]
        return Ok(Judge::Windows);
        #[cfg(target_os = "macos")]
        {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let v = rustls_platform_verifier::Verifier::new(provider)
                .map_err(|e| format!("the operating system's verifier is unavailable: {e}"))?;
            return Ok(Judge::Platform(Arc::new(v)));
        }
    }
    if roots.system.is_empty() {
        return Err(format!("no usable trust roots ({})", roots.source));
    }
    Ok(Judge::GoRules(roots.system.clone()))
}

impl RecordingVerifier {
    /// A verifier for these roots (an error when none is usable).
    pub fn new(roots: &Roots) -> Result<Arc<Self>, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let judge = platform_judge(roots)?;
        let public = WebPkiServerVerifier::builder_with_provider(roots.public.clone(), provider)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Arc::new(Self {
            judge,
            public,
            report: Mutex::new(None),
        }))
    }

    /// What the last handshake showed, once.
    pub fn take_report(&self) -> Option<CertReport> {
        self.report.lock().ok().and_then(|mut r| r.take())
    }

    /// The server's handshake signature, checked with Go's key rules on every OS (the go
    /// command checks it with its own crypto there too, RSA from 1024 bits). A refusal is the
    /// certificate's verdict too: the go command will not talk to this server.
    fn handshake_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let checked =
            gox509::verify_handshake_signature(cert.as_ref(), dss.scheme, message, dss.signature());
        if let Err(problem) = &checked
            && let Ok(mut slot) = self.report.lock()
        {
            let report = slot.get_or_insert_with(|| CertReport {
                issuer: issuer_of(cert),
                ..CertReport::default()
            });
            report.verified_system = false;
            report.error = Some(problem.text().en);
            report.problem = Some(problem.clone());
        }
        checked
            .map(|()| HandshakeSignatureValid::assertion())
            .map_err(rustls_error)
    }
}

fn issuer_of(cert: &CertificateDer<'_>) -> String {
    match x509_parser::parse_x509_certificate(cert.as_ref()) {
        Ok((_, parsed)) => parsed.issuer().to_string(),
        Err(_) => String::from("(unparsable certificate)"),
    }
}

fn host_of(name: &ServerName<'_>) -> String {
    match name {
        ServerName::DnsName(d) => d.as_ref().to_string(),
        ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        other => format!("{other:?}"),
    }
}

fn rustls_error(problem: CertProblem) -> rustls::Error {
    rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(problem))))
}

/// A platform verifier's refusal in words, naming the certificate and the host it was for.
#[cfg(target_os = "macos")]
fn platform_problem(
    e: &rustls::Error,
    cert: &CertificateDer<'_>,
    name: &ServerName<'_>,
) -> CertProblem {
    use CertificateError as C;
    let parsed = x509_parser::parse_x509_certificate(cert.as_ref()).ok();
    let subject = parsed
        .as_ref()
        .map(|(_, c)| c.subject().to_string())
        .unwrap_or_default();
    match e {
        rustls::Error::InvalidCertificate(C::UnknownIssuer) => CertProblem::UnknownAuthority {
            issuer: issuer_of(cert),
            hint: None,
        },
        rustls::Error::InvalidCertificate(C::Expired | C::ExpiredContext { .. }) => {
            CertProblem::Expired {
                subject,
                not_after: parsed
                    .as_ref()
                    .map(|(_, c)| c.validity().not_after.to_string())
                    .unwrap_or_default(),
            }
        }
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => CertProblem::HostnameMismatch {
            host: host_of(name),
            valid_for: Vec::new(),
        },
        // The OS verifier's own words (never rustls's Debug form of them).
        rustls::Error::InvalidCertificate(C::Other(OtherError(inner))) => {
            CertProblem::BadSignature {
                detail: inner.to_string(),
            }
        }
        other => CertProblem::BadSignature {
            detail: other.to_string(),
        },
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
        let decision: Result<(), CertProblem> = match &self.judge {
            Judge::GoRules(pool) => {
                let sent: Vec<&[u8]> = intermediates.iter().map(|c| c.as_ref()).collect();
                let secs = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
                gox509::verify_server(
                    pool,
                    end_entity.as_ref(),
                    &sent,
                    &host_of(server_name),
                    secs,
                )
            }
            #[cfg(windows)]
            Judge::Windows => {
                let sent: Vec<&[u8]> = intermediates.iter().map(|c| c.as_ref()).collect();
                super::cryptoapi::system_verify(
                    end_entity.as_ref(),
                    &sent,
                    &host_of(server_name),
                    now.as_secs(),
                )
            }
            #[cfg(target_os = "macos")]
            Judge::Platform(v) => v
                .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
                .map(|_| ())
                .map_err(|e| platform_problem(&e, end_entity, server_name)),
        };
        let public = self.public.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        );
        let report = CertReport {
            issuer: issuer_of(end_entity),
            verified_system: decision.is_ok(),
            verified_public: public.is_ok(),
            error: decision.as_ref().err().map(|p| p.text().en),
            problem: decision.as_ref().err().cloned(),
        };
        if let Ok(mut slot) = self.report.lock() {
            *slot = Some(report);
        }
        decision
            .map(|()| ServerCertVerified::assertion())
            .map_err(rustls_error)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.handshake_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.handshake_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        gox509::HANDSHAKE_SCHEMES.to_vec()
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
