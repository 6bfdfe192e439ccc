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

mod foreign;
mod judge;
mod names;
mod pool;
mod problem;
mod sig;

pub use foreign::{
    check_ecdsa_parent, expired_problem, hostname_problem, incompatible_usage, unknown_authority,
};
pub use pool::RootPool;
pub use problem::CertProblem;
pub use problem::RSA_MAX_TLS_BITS;
pub use sig::HANDSHAKE_SCHEMES;

use names::Sans;
use x509_parser::certificate::X509Certificate;
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
    signed_by(child, parent)
}

/// The child's signature verifies with the parent's key (Go's `CheckSignature`).
fn signed_by(child: &X509Certificate<'_>, parent: &X509Certificate<'_>) -> Result<(), CertProblem> {
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
    check_key_sizes(std::iter::once(&leaf_cert).chain(&sent))?;
    is_valid(&leaf_cert, Kind::Leaf, &[], now)?;
    let common_name = leaf_cert
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok());
    names::verify_hostname(&Sans::of(&leaf_cert), common_name, host)?;
    if pool.contains(leaf) {
        return judge::judge_chains(&leaf_cert, &[vec![&leaf_cert]]);
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
    judge::judge_chains(&leaf_cert, &found)
}

/// What `crypto/tls` refuses in the certificates a server sent before any verification, on
/// every OS: an RSA key above 8192 bits.
pub fn check_sent_keys(leaf: &[u8], intermediates: &[&[u8]]) -> Result<(), CertProblem> {
    let certs: Vec<X509Certificate<'_>> = std::iter::once(&leaf)
        .chain(intermediates)
        .map(|d| parse(d))
        .collect::<Result<_, _>>()?;
    check_key_sizes(certs.iter())
}

/// [`check_sent_keys`] on certificates already parsed.
fn check_key_sizes<'a, 'c: 'a>(
    certs: impl Iterator<Item = &'a X509Certificate<'c>>,
) -> Result<(), CertProblem> {
    for c in certs {
        if let Some(bits) = sig::rsa_bits(c.public_key())
            && bits > RSA_MAX_TLS_BITS
        {
            return Err(CertProblem::RsaKeySize { bits });
        }
    }
    Ok(())
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
