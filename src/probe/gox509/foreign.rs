//! Another verifier's findings (the Windows chain engine's) in Go's words: the checks Go
//! adds around `systemVerify`, and the errors it makes of the statuses Windows returns.

use super::problem::CertProblem;
use super::{names, parse, rfc3339, subject_of};
use names::Sans;

/// Go's check after the Windows verifier built a chain (CVE-2020-0601): a parent with an
/// ECDSA key must really have signed its child with the curve Go knows.
pub fn check_ecdsa_parent(child: &[u8], parent: &[u8]) -> Result<(), CertProblem> {
    let (child, parent) = (parse(child)?, parse(parent)?);
    if parent.public_key().algorithm.algorithm.to_id_string() != "1.2.840.10045.2.1" {
        return Ok(());
    }
    super::signed_by(&child, &parent)
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
