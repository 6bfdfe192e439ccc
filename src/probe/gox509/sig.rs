//! Signatures as Go checks them: on certificates (`checkSignature`: RSA PKCS#1 v1.5 and PSS with
//! SHA-256/384/512, ECDSA on P-256/384/521 with any of those hashes, Ed25519; SHA-1 and MD5
//! refused as insecure) and in the TLS handshake (the server's key signs the transcript). RSA
//! keys are accepted from 1024 bits, as Go 1.24+ does (webpki wants 2048).

use super::problem::{CertProblem, RSA_MIN_BITS};
use rsa::signature::Verifier;
use rsa::signature::hazmat::PrehashVerifier;
use sha2::{Digest, Sha256, Sha384, Sha512};
use x509_parser::prelude::SubjectPublicKeyInfo;
use x509_parser::public_key::PublicKey;

/// A signature's hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn digest(self, msg: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha256 => Sha256::digest(msg).to_vec(),
            Self::Sha384 => Sha384::digest(msg).to_vec(),
            Self::Sha512 => Sha512::digest(msg).to_vec(),
        }
    }
}

/// A signature algorithm Go can check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    RsaPkcs1(Hash),
    RsaPss(Hash),
    Ecdsa(Hash),
    Ed25519,
}

const OID_SHA256: &str = "2.16.840.1.101.3.4.2.1";
const OID_SHA384: &str = "2.16.840.1.101.3.4.2.2";
const OID_SHA512: &str = "2.16.840.1.101.3.4.2.3";

fn hash_of_oid(oid: &str) -> Option<Hash> {
    match oid {
        OID_SHA256 => Some(Hash::Sha256),
        OID_SHA384 => Some(Hash::Sha384),
        OID_SHA512 => Some(Hash::Sha512),
        _ => None,
    }
}

/// The algorithm of a certificate's signature, or why Go will not check it.
pub fn certificate_algorithm(
    alg: &x509_parser::x509::AlgorithmIdentifier<'_>,
) -> Result<Algorithm, CertProblem> {
    let oid = alg.algorithm.to_id_string();
    let insecure = |name: &str| CertProblem::InsecureAlgorithm {
        algorithm: name.to_string(),
    };
    match oid.as_str() {
        "1.2.840.113549.1.1.11" => Ok(Algorithm::RsaPkcs1(Hash::Sha256)),
        "1.2.840.113549.1.1.12" => Ok(Algorithm::RsaPkcs1(Hash::Sha384)),
        "1.2.840.113549.1.1.13" => Ok(Algorithm::RsaPkcs1(Hash::Sha512)),
        "1.2.840.113549.1.1.5" => Err(insecure("SHA1-RSA")),
        "1.2.840.113549.1.1.4" => Err(insecure("MD5-RSA")),
        "1.2.840.10045.4.3.2" => Ok(Algorithm::Ecdsa(Hash::Sha256)),
        "1.2.840.10045.4.3.3" => Ok(Algorithm::Ecdsa(Hash::Sha384)),
        "1.2.840.10045.4.3.4" => Ok(Algorithm::Ecdsa(Hash::Sha512)),
        "1.2.840.10045.4.1" => Err(insecure("ECDSA-SHA1")),
        "1.3.101.112" => Ok(Algorithm::Ed25519),
        "1.2.840.113549.1.1.10" => {
            // Go accepts PSS only with the same hash for the message and MGF1 and a salt as
            // long as the hash (its x509 getSignatureAlgorithmFromAI).
            use x509_parser::signature_algorithm::SignatureAlgorithm;
            let unsupported = || CertProblem::UnsupportedAlgorithm {
                detail: "RSASSA-PSS with unusual parameters".into(),
            };
            match SignatureAlgorithm::try_from(alg) {
                Ok(SignatureAlgorithm::RSASSA_PSS(params)) => {
                    let hash = hash_of_oid(&params.hash_algorithm_oid().to_id_string())
                        .ok_or_else(unsupported)?;
                    let mgf_hash = params
                        .mask_gen_algorithm()
                        .ok()
                        .and_then(|m| hash_of_oid(&m.hash.to_id_string()));
                    let salt_ok = params.salt_length() as usize == hash_len(hash);
                    if mgf_hash == Some(hash) && salt_ok {
                        Ok(Algorithm::RsaPss(hash))
                    } else {
                        Err(unsupported())
                    }
                }
                _ => Err(unsupported()),
            }
        }
        other => Err(CertProblem::UnsupportedAlgorithm {
            detail: format!("signature algorithm {other}"),
        }),
    }
}

fn hash_len(h: Hash) -> usize {
    match h {
        Hash::Sha256 => 32,
        Hash::Sha384 => 48,
        Hash::Sha512 => 64,
    }
}

/// The algorithm of a TLS handshake signature scheme (none for SHA-1 and unknown schemes, which
/// the go command does not offer).
pub fn handshake_algorithm(scheme: rustls::SignatureScheme) -> Option<Algorithm> {
    use rustls::SignatureScheme as S;
    Some(match scheme {
        S::RSA_PKCS1_SHA256 => Algorithm::RsaPkcs1(Hash::Sha256),
        S::RSA_PKCS1_SHA384 => Algorithm::RsaPkcs1(Hash::Sha384),
        S::RSA_PKCS1_SHA512 => Algorithm::RsaPkcs1(Hash::Sha512),
        S::RSA_PSS_SHA256 => Algorithm::RsaPss(Hash::Sha256),
        S::RSA_PSS_SHA384 => Algorithm::RsaPss(Hash::Sha384),
        S::RSA_PSS_SHA512 => Algorithm::RsaPss(Hash::Sha512),
        S::ECDSA_NISTP256_SHA256 => Algorithm::Ecdsa(Hash::Sha256),
        S::ECDSA_NISTP384_SHA384 => Algorithm::Ecdsa(Hash::Sha384),
        S::ECDSA_NISTP521_SHA512 => Algorithm::Ecdsa(Hash::Sha512),
        S::ED25519 => Algorithm::Ed25519,
        _ => return None,
    })
}

/// The schemes offered in the handshake, in the go command's order of preference.
pub const HANDSHAKE_SCHEMES: [rustls::SignatureScheme; 10] = [
    rustls::SignatureScheme::RSA_PSS_SHA256,
    rustls::SignatureScheme::ECDSA_NISTP256_SHA256,
    rustls::SignatureScheme::ED25519,
    rustls::SignatureScheme::RSA_PSS_SHA384,
    rustls::SignatureScheme::RSA_PSS_SHA512,
    rustls::SignatureScheme::RSA_PKCS1_SHA256,
    rustls::SignatureScheme::RSA_PKCS1_SHA384,
    rustls::SignatureScheme::RSA_PKCS1_SHA512,
    rustls::SignatureScheme::ECDSA_NISTP384_SHA384,
    rustls::SignatureScheme::ECDSA_NISTP521_SHA512,
];

/// The size in bits of an RSA key (None for other keys).
pub fn rsa_bits(spki: &SubjectPublicKeyInfo<'_>) -> Option<usize> {
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => Some(bit_len(rsa.modulus)),
        _ => None,
    }
}

fn bit_len(be: &[u8]) -> usize {
    let trimmed: &[u8] = {
        let first = be.iter().position(|b| *b != 0).unwrap_or(be.len());
        &be[first..]
    };
    match trimmed.first() {
        Some(top) => trimmed.len() * 8 - top.leading_zeros() as usize,
        None => 0,
    }
}

fn bad(detail: impl Into<String>) -> CertProblem {
    CertProblem::BadSignature {
        detail: detail.into(),
    }
}

/// Checks `signature` over `message` with the key in `spki`.
pub fn verify(
    alg: Algorithm,
    spki: &SubjectPublicKeyInfo<'_>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertProblem> {
    let key_oid = spki.algorithm.algorithm.to_id_string();
    match alg {
        Algorithm::RsaPkcs1(hash) | Algorithm::RsaPss(hash) => {
            if key_oid != "1.2.840.113549.1.1.1" {
                return Err(bad(
                    "signature algorithm specifies an RSA public key, but the key is not RSA",
                ));
            }
            let key = rsa_key(spki)?;
            let pss = matches!(alg, Algorithm::RsaPss(_));
            rsa_verify(&key, hash, pss, message, signature)
        }
        Algorithm::Ecdsa(hash) => {
            if key_oid != "1.2.840.10045.2.1" {
                return Err(bad(
                    "signature algorithm specifies an ECDSA public key, but the key is not ECDSA",
                ));
            }
            ecdsa_verify(spki, hash, message, signature)
        }
        Algorithm::Ed25519 => {
            if key_oid != "1.3.101.112" {
                return Err(bad(
                    "signature algorithm specifies an Ed25519 public key, but the key is not Ed25519",
                ));
            }
            let key = ring::signature::UnparsedPublicKey::new(
                &ring::signature::ED25519,
                spki.subject_public_key.data.as_ref(),
            );
            key.verify(message, signature)
                .map_err(|_| bad("Ed25519 verification failure"))
        }
    }
}

fn rsa_key(spki: &SubjectPublicKeyInfo<'_>) -> Result<rsa::PublicKey, CertProblem> {
    let Ok(PublicKey::RSA(parsed)) = spki.parsed() else {
        return Err(CertProblem::Unparsable {
            detail: "RSA public key".into(),
        });
    };
    let bits = bit_len(parsed.modulus);
    if bits < RSA_MIN_BITS {
        return Err(CertProblem::RsaKeySize { bits });
    }
    let to_uint = |b: &[u8]| {
        let width = u32::try_from(b.len() * 8).unwrap_or(u32::MAX);
        rsa::BoxedUint::from_be_slice(b, width).ok()
    };
    let (Some(n), Some(e)) = (to_uint(parsed.modulus), to_uint(parsed.exponent)) else {
        return Err(CertProblem::Unparsable {
            detail: "RSA public key".into(),
        });
    };
    rsa::PublicKey::new_with_size_limits(n, e, RSA_MIN_BITS..=16384).map_err(|e| {
        CertProblem::Unparsable {
            detail: format!("RSA public key: {e}"),
        }
    })
}

fn rsa_verify(
    key: &rsa::PublicKey,
    hash: Hash,
    pss: bool,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertProblem> {
    let fail = |_| bad("crypto/rsa: verification error");
    macro_rules! check {
        ($d:ty) => {
            if pss {
                let sig = rsa::pss::Signature::try_from(signature).map_err(fail)?;
                rsa::pss::VerifyingKey::<$d>::new(key.clone())
                    .verify(message, &sig)
                    .map_err(fail)
            } else {
                let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(fail)?;
                rsa::pkcs1v15::VerifyingKey::<$d>::new(key.clone())
                    .verify(message, &sig)
                    .map_err(fail)
            }
        };
    }
    match hash {
        Hash::Sha256 => check!(Sha256),
        Hash::Sha384 => check!(Sha384),
        Hash::Sha512 => check!(Sha512),
    }
}

fn ecdsa_verify(
    spki: &SubjectPublicKeyInfo<'_>,
    hash: Hash,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertProblem> {
    let curve = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok())
        .map(|o| o.to_id_string())
        .unwrap_or_default();
    let point = spki.subject_public_key.data.as_ref();
    let digest = hash.digest(message);
    let fail = |_| bad("ECDSA verification failure");
    macro_rules! check {
        ($curve:ident) => {{
            let key = $curve::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(fail)?;
            let sig = $curve::ecdsa::DerSignature::from_bytes(signature).map_err(fail)?;
            key.verify_prehash(&digest, &sig).map_err(fail)
        }};
    }
    match curve.as_str() {
        "1.2.840.10045.3.1.7" => check!(p256),
        "1.3.132.0.34" => check!(p384),
        "1.3.132.0.35" => check!(p521),
        other => Err(CertProblem::UnsupportedAlgorithm {
            detail: format!("elliptic curve {other}"),
        }),
    }
}
