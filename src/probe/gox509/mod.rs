//! A server certificate judged by the rules of Go's `crypto/x509` `Certificate.Verify` and
//! `crypto/tls` on Linux, which is what the go command runs there. Where these rules differ from
//! webpki's (what rustls would use), Go's are followed, because the question a probe answers is
//! "will the go command accept this mirror":
//! - a certificate that is itself in the root pool is trusted as it is, CA or not (a
//!   self-signed certificate made with `openssl req -x509` has CA:TRUE);
//! - the leaf's basic constraints are not looked at (a CA certificate may serve);
//! - RSA keys from 1024 bits (webpki: 2048);
//! - a root's own validity period, basic constraints, key usage and extended key usage count
//!   (webpki takes a root as a bare name and key);
//! - no Common Name fallback, SHA-1 and MD5 refused, unknown critical extensions refused.
//!
//! Certificate policies (RFC 5280 6.1, which Go checks since 1.22) are not evaluated: a chain
//! whose certificates demand an explicit policy is accepted here and may be refused by Go.

mod names;
mod pool;
mod problem;
mod sig;

pub use pool::RootPool;
pub use problem::CertProblem;
pub use sig::{HANDSHAKE_SCHEMES, RSA_MAX_TLS_BITS};

use names::Sans;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;

/// Go's `maxChainSignatureChecks`.
const MAX_SIGNATURE_CHECKS: usize = 100;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Leaf,
    Intermediate,
    Root,
}

fn subject_of(c: &X509Certificate<'_>) -> String {
    c.subject().to_string()
}

fn rfc3339(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|| ts.to_string())
}

/// The critical extensions Go's parser handles (its `processExtensions`).
fn handled(oid: &str) -> bool {
    matches!(
        oid,
        "2.5.29.15" // key usage
            | "2.5.29.19" // basic constraints
            | "2.5.29.17" // subject alt name
            | "2.5.29.30" // name constraints
            | "2.5.29.31" // CRL distribution points
            | "2.5.29.35" // authority key id
            | "2.5.29.36" // policy constraints
            | "2.5.29.37" // extended key usage
            | "2.5.29.14" // subject key id
            | "2.5.29.32" // certificate policies
            | "2.5.29.33" // policy mappings
            | "2.5.29.54" // inhibit any policy
    )
}

/// Go's `Certificate.isValid` for one certificate at its place in a chain.
fn is_valid(
    c: &X509Certificate<'_>,
    kind: Kind,
    chain: &[&X509Certificate<'_>],
    now: i64,
) -> Result<(), CertProblem> {
    for ext in c.extensions() {
        let oid = ext.oid.to_id_string();
        if ext.critical && !handled(&oid) {
            return Err(CertProblem::UnhandledCriticalExtension {
                subject: subject_of(c),
                oid,
            });
        }
    }
    let validity = c.validity();
    if now < validity.not_before.timestamp() {
        return Err(CertProblem::NotYetValid {
            subject: subject_of(c),
            not_before: rfc3339(validity.not_before.timestamp()),
        });
    }
    if now > validity.not_after.timestamp() {
        return Err(CertProblem::Expired {
            subject: subject_of(c),
            not_after: rfc3339(validity.not_after.timestamp()),
        });
    }
    let bc = c
        .basic_constraints()
        .ok()
        .flatten()
        .map(|b| b.value.clone());
    if kind == Kind::Intermediate && !bc.as_ref().is_some_and(|b| b.ca) {
        return Err(CertProblem::NotAuthorizedToSign {
            subject: subject_of(c),
        });
    }
    if let Some(max) = bc.and_then(|b| b.path_len_constraint) {
        let intermediates = chain.len().saturating_sub(1);
        if intermediates > max as usize {
            return Err(CertProblem::TooManyIntermediates {
                subject: subject_of(c),
            });
        }
    }
    Ok(())
}

/// Go's `Certificate.CheckSignatureFrom`: the parent must be allowed to sign certificates, and
/// its key must verify the child's signature.
fn check_signature_from(
    child: &X509Certificate<'_>,
    parent: &X509Certificate<'_>,
) -> Result<(), CertProblem> {
    let bc = parent.basic_constraints().ok().flatten();
    let v3 = parent.version().0 == 2;
    let cannot = || CertProblem::ParentCannotSign {
        issuer: subject_of(parent),
    };
    match bc {
        None if v3 => return Err(cannot()),
        Some(b) if !b.value.ca => return Err(cannot()),
        _ => {}
    }
    if let Ok(Some(ku)) = parent.key_usage()
        && ku.value.flags != 0
        && !ku.value.key_cert_sign()
    {
        return Err(cannot());
    }
    let alg = sig::certificate_algorithm(&child.signature_algorithm)?;
    sig::verify(
        alg,
        parent.public_key(),
        child.tbs_certificate.as_ref(),
        child.signature_value.data.as_ref(),
    )
}

fn raw_san<'a>(c: &'a X509Certificate<'_>) -> Option<&'a [u8]> {
    c.extensions()
        .iter()
        .find(|e| e.oid.to_id_string() == "2.5.29.17")
        .map(|e| e.value)
}

/// Go's `alreadyInChain`: the same subject, key and SANs.
fn already_in_chain(candidate: &X509Certificate<'_>, chain: &[&X509Certificate<'_>]) -> bool {
    chain.iter().any(|c| {
        c.subject().as_raw() == candidate.subject().as_raw()
            && c.public_key().raw == candidate.public_key().raw
            && raw_san(c) == raw_san(candidate)
    })
}

struct Search<'p, 'a> {
    roots: &'p [X509Certificate<'a>],
    intermediates: &'p [X509Certificate<'a>],
    now: i64,
    signature_checks: usize,
    /// The first reason a candidate issuer was turned down (Go's hint).
    hint: Option<(CertProblem, String)>,
}

impl<'p, 'a> Search<'p, 'a> {
    /// Go's `buildChains`: every chain from the last certificate of `chain` to a root, roots
    /// tried before intermediates. With none, the error Go returns: the last candidate's own
    /// failure, or "unknown authority" with the first failed signature check as the hint.
    fn build(
        &mut self,
        chain: &[&'p X509Certificate<'a>],
    ) -> Result<Vec<Vec<&'p X509Certificate<'a>>>, CertProblem> {
        let Some(child) = chain.last() else {
            return Ok(Vec::new());
        };
        let issuer = child.issuer().as_raw();
        let mut chains = Vec::new();
        let mut last: Option<CertProblem> = None;
        let candidates = self
            .roots
            .iter()
            .map(|c| (c, Kind::Root))
            .chain(self.intermediates.iter().map(|c| (c, Kind::Intermediate)));
        for (candidate, kind) in candidates {
            if candidate.subject().as_raw() != issuer || already_in_chain(candidate, chain) {
                continue;
            }
            self.signature_checks += 1;
            if self.signature_checks > MAX_SIGNATURE_CHECKS {
                return Err(CertProblem::UnknownAuthority {
                    issuer: child.issuer().to_string(),
                    hint: None,
                });
            }
            if let Err(e) = check_signature_from(child, candidate) {
                self.hint.get_or_insert_with(|| (e, subject_of(candidate)));
                continue;
            }
            // Go assigns isValid's result (and a deeper search's) to buildChains' own error,
            // which is returned when no chain is found: the last such failure, not a hint.
            if let Err(e) = is_valid(candidate, kind, chain, self.now) {
                self.hint
                    .get_or_insert_with(|| (e.clone(), subject_of(candidate)));
                last = Some(e);
                continue;
            }
            last = None;
            let mut longer = chain.to_vec();
            longer.push(candidate);
            match kind {
                Kind::Root => chains.push(longer),
                _ => match self.build(&longer) {
                    Ok(found) => chains.extend(found),
                    Err(e) => last = Some(e),
                },
            }
        }
        if !chains.is_empty() {
            return Ok(chains);
        }
        match last {
            Some(e) => Err(e),
            None => Err(CertProblem::UnknownAuthority {
                issuer: self
                    .hint
                    .as_ref()
                    .map_or_else(|| child.issuer().to_string(), |(_, c)| c.clone()),
                hint: self.hint.as_ref().map(|(e, _)| Box::new(e.clone())),
            }),
        }
    }
}

/// Go's `checkChainForKeyUsage` for a TLS server: every certificate in the chain that lists
/// extended key usages must list serverAuth or anyExtendedKeyUsage.
fn chain_allows_server_auth(chain: &[&X509Certificate<'_>]) -> Result<(), CertProblem> {
    for c in chain {
        let Some(ext) = c
            .extensions()
            .iter()
            .find(|e| e.oid.to_id_string() == "2.5.29.37")
        else {
            continue;
        };
        let ok = match ext.parsed_extension() {
            ParsedExtension::ExtendedKeyUsage(eku) => {
                eku.any
                    || eku.server_auth
                    || (!eku.client_auth
                        && !eku.code_signing
                        && !eku.email_protection
                        && !eku.time_stamping
                        && !eku.ocsp_signing
                        && eku.other.is_empty())
            }
            _ => false,
        };
        if !ok {
            return Err(CertProblem::IncompatibleUsage {
                subject: subject_of(c),
            });
        }
    }
    Ok(())
}

fn parse(der: &[u8]) -> Result<X509Certificate<'_>, CertProblem> {
    X509Certificate::from_der(der)
        .map(|(_, c)| c)
        .map_err(|e| CertProblem::Unparsable {
            detail: e.to_string(),
        })
}

/// Verifies a server's certificate (`leaf`, with the other certificates it sent) for `host` at
/// `now` (Unix seconds), as the go command on Linux does.
pub fn verify_server(
    pool: &RootPool,
    leaf: &[u8],
    intermediates: &[&[u8]],
    host: &str,
    now: i64,
) -> Result<(), CertProblem> {
    let leaf_cert = parse(leaf)?;
    let sent: Vec<X509Certificate<'_>> = intermediates
        .iter()
        .map(|d| parse(d))
        .collect::<Result<_, _>>()?;
    // crypto/tls refuses oversized RSA keys in anything the server sent, before verifying.
    check_sent_keys(leaf, intermediates)?;
    is_valid(&leaf_cert, Kind::Leaf, &[], now)?;
    let common_name = leaf_cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok());
    names::verify_hostname(&Sans::of(&leaf_cert), common_name, host)?;
    if pool.contains(leaf) {
        return judge_chains(&leaf_cert, &[vec![&leaf_cert]]);
    }
    // Only the roots that can appear in a chain of these certificates are parsed.
    let mut issuers: Vec<&[u8]> = vec![leaf_cert.issuer().as_raw()];
    issuers.extend(sent.iter().map(|c| c.issuer().as_raw()));
    let roots: Vec<X509Certificate<'_>> = pool
        .with_subjects(&issuers)
        .filter_map(|d| parse(d).ok())
        .collect();
    let mut search = Search {
        roots: &roots,
        intermediates: &sent,
        now,
        signature_checks: 0,
        hint: None,
    };
    let found = search.build(&[&leaf_cert])?;
    judge_chains(&leaf_cert, &found)
}

/// The SPKI hashes Go 1.27 distrusts (`distrustedSPKIHashes`): chains through them are dropped.
const DISTRUSTED_SPKI_SHA256: [&str; 8] = [
    "ebed6475c2c2d80fcb199f3fe8dd6e6b3ce60b77eb15d4e42c3dec0c6f5b5105",
    "49dd353dc2b919a3770645117d0e60c16115e7d1bc259eefe734b00ea434fe5f",
    "e0254c7fcdc265e2f0f8a428dabb75ab4ae039b4872d62f5ee57f0877d5a8a41",
    "5c0660a2b164910d8ff589c18e14552e9e0ec237dcefe2cb736d41a4811f81a0",
    "43bffa19d6ef651451f6841e019931e96f6f2eaeff28ab4b6f1ce4576de2717b",
    "63ecefee431d49523bc1136c4e72d0206a477086caf606cd5cf025686c109cf8",
    "ec4ffa1ad0ac88081314b7aaffef6a91f97cd57291bb5ba686c5415f5eb4f6b6",
    "92c063d67e8f14db71d288e11266ffdaf69cbf115f7bab14f3bc2f68d25e0e30",
];

fn distrusted(chain: &[&X509Certificate<'_>]) -> bool {
    use sha2::Digest;
    chain.iter().any(|c| {
        let hash = sha2::Sha256::digest(c.public_key().raw);
        let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
        DISTRUSTED_SPKI_SHA256.contains(&hex.as_str())
    })
}

/// Go 1.27's filter over the candidate chains, in its order: extended key usage, then each
/// CA's name constraints over the names below it, then distrusted keys. The first chain left
/// is a success; with none, Go's error for why.
fn judge_chains(
    leaf: &X509Certificate<'_>,
    chains: &[Vec<&X509Certificate<'_>>],
) -> Result<(), CertProblem> {
    let mut usage: Option<CertProblem> = None;
    let mut constraint: Option<CertProblem> = None;
    let mut distrusted_chains = 0;
    for chain in chains {
        if let Err(e) = chain_allows_server_auth(chain) {
            usage.get_or_insert(e);
            continue;
        }
        if let Err(e) = chain_constraints(chain) {
            constraint.get_or_insert(e);
            continue;
        }
        if distrusted(chain) {
            distrusted_chains += 1;
            continue;
        }
        return Ok(());
    }
    if let Some(e) = constraint {
        return Err(e);
    }
    if let Some(e) = usage {
        return Err(e);
    }
    Err(CertProblem::NoValidChains {
        detail: format!(
            "{distrusted_chains} candidate chains through a key the go command distrusts ({})",
            subject_of(leaf)
        ),
    })
}

/// Go's `checkChainConstraints`: each CA's name constraints over the SANs of every
/// certificate below it in the chain.
fn chain_constraints(chain: &[&X509Certificate<'_>]) -> Result<(), CertProblem> {
    for (i, ca) in chain.iter().enumerate() {
        let Ok(Some(nc)) = ca.name_constraints() else {
            continue;
        };
        for below in &chain[..i] {
            let sans = Sans::of(below);
            if sans.present {
                names::check_constraints(&sans, nc.value, &subject_of(ca))?;
            }
        }
    }
    Ok(())
}

/// What `crypto/tls` refuses in the certificates a server sent before any verification, on
/// every OS: an RSA key above 8192 bits.
pub fn check_sent_keys(leaf: &[u8], intermediates: &[&[u8]]) -> Result<(), CertProblem> {
    for der in std::iter::once(&leaf).chain(intermediates) {
        let c = parse(der)?;
        if let Some(bits) = sig::rsa_bits(c.public_key())
            && bits > RSA_MAX_TLS_BITS
        {
            return Err(CertProblem::RsaKeySize { bits });
        }
    }
    Ok(())
}

/// Go's check after the Windows verifier built a chain (CVE-2020-0601): a parent with an
/// ECDSA key must really have signed its child with the curve Go knows.
pub fn check_ecdsa_parent(child: &[u8], parent: &[u8]) -> Result<(), CertProblem> {
    let (child, parent) = (parse(child)?, parse(parent)?);
    if parent.public_key().algorithm.algorithm.to_id_string() != "1.2.840.10045.2.1" {
        return Ok(());
    }
    let alg = sig::certificate_algorithm(&child.signature_algorithm)?;
    sig::verify(
        alg,
        parent.public_key(),
        child.tbs_certificate.as_ref(),
        child.signature_value.data.as_ref(),
    )
}

/// The reason Go gives for a certificate that does not name `host` (its `HostnameError`),
/// for a verifier that only said "no match".
pub fn hostname_problem(leaf: &[u8], host: &str) -> CertProblem {
    let Ok(cert) = parse(leaf) else {
        return CertProblem::HostnameMismatch {
            host: host.to_string(),
            valid_for: Vec::new(),
        };
    };
    let sans = Sans::of(&cert);
    let common_name = cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok());
    names::verify_hostname(&sans, common_name, host)
        .err()
        .unwrap_or(CertProblem::HostnameMismatch {
            host: host.to_string(),
            valid_for: sans.dns,
        })
}

/// A certificate's subject and end of validity, for an expiry another verifier found.
pub fn expired_problem(cert: &[u8]) -> CertProblem {
    match parse(cert) {
        Ok(c) => CertProblem::Expired {
            subject: subject_of(&c),
            not_after: rfc3339(c.validity().not_after.timestamp()),
        },
        Err(p) => p,
    }
}

/// A chain whose key usages do not allow a TLS server, found by another verifier.
pub fn incompatible_usage(cert: &[u8]) -> CertProblem {
    match parse(cert) {
        Ok(c) => CertProblem::IncompatibleUsage {
            subject: subject_of(&c),
        },
        Err(p) => p,
    }
}

/// A certificate's issuer, for an unknown authority another verifier found.
pub fn unknown_authority(cert: &[u8]) -> CertProblem {
    match parse(cert) {
        Ok(c) => CertProblem::UnknownAuthority {
            issuer: c.issuer().to_string(),
            hint: None,
        },
        Err(p) => p,
    }
}

/// Verifies a TLS handshake signature made with the server certificate's key.
pub fn verify_handshake_signature(
    cert: &[u8],
    scheme: rustls::SignatureScheme,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertProblem> {
    let parsed = parse(cert)?;
    let alg =
        sig::handshake_algorithm(scheme).ok_or_else(|| CertProblem::UnsupportedAlgorithm {
            detail: format!("{scheme:?}"),
        })?;
    sig::verify(alg, parsed.public_key(), message, signature)
}

#[cfg(test)]
mod tests;
