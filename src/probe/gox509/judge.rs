//! Go 1.27's filter over the candidate chains (`Certificate.Verify` after `buildChains`):
//! extended key usage, each CA's name constraints, distrusted keys.

use super::names::{self, Sans};
use super::problem::CertProblem;
use super::subject_of;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;

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
pub(super) fn judge_chains(
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
