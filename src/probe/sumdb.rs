//! A checksum-database lookup answer, checked as the go command checks it: the signed tree note
//! is verified with the database's key (`golang.org/x/mod/sumdb/note`, Ed25519), and the record
//! gives the `h1:` hashes of a module version's zip and go.mod. Inclusion proofs (tiles) are not
//! checked here: a probe only needs to know whether a mirror serves the bytes the database
//! recorded.

use base64::Engine;

/// The hashes a database records for one module version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub zip_hash: String,
    pub mod_hash: String,
}

/// Why a lookup answer was not accepted (English; these are diagnostics, shown inside the
/// "not checked" verdict detail).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("malformed verifier key")]
    BadKey,
    #[error("malformed lookup answer")]
    Malformed,
    #[error("the note is not signed by {0}")]
    NotSigned(String),
    #[error("the answer has no record for {0}")]
    NoRecord(String),
}

/// An Ed25519 verifier key `name+hash+base64(0x01 || key)`.
struct Verifier {
    name: String,
    hash: [u8; 4],
    key: Vec<u8>,
}

fn verifier(vkey: &str) -> Result<Verifier, LookupError> {
    crate::goenv::gosumdb::verifier_name(vkey).map_err(|_| LookupError::BadKey)?;
    let mut parts = vkey.splitn(3, '+');
    let (Some(name), Some(hash16), Some(key64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(LookupError::BadKey);
    };
    let hash = u32::from_str_radix(hash16, 16).map_err(|_| LookupError::BadKey)?;
    let key = base64::engine::general_purpose::STANDARD
        .decode(key64)
        .map_err(|_| LookupError::BadKey)?;
    if key.len() != 33 || key[0] != 1 {
        return Err(LookupError::BadKey);
    }
    Ok(Verifier {
        name: name.to_string(),
        hash: hash.to_be_bytes(),
        key: key[1..].to_vec(),
    })
}

/// Verifies a signed note (`text\n\n— name sig\n...`) with `vkey`; returns the note's text.
pub fn verify_note<'a>(note: &'a str, vkey: &str) -> Result<&'a str, LookupError> {
    let v = verifier(vkey)?;
    let split = note.rfind("\n\n").ok_or(LookupError::Malformed)?;
    let (text, sigs) = (&note[..split + 1], &note[split + 2..]);
    let public = ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, &v.key);
    for line in sigs.lines() {
        let Some(rest) = line.strip_prefix("\u{2014} ") else {
            continue;
        };
        let Some((name, sig64)) = rest.split_once(' ') else {
            continue;
        };
        if name != v.name {
            continue;
        }
        let Ok(sig) = base64::engine::general_purpose::STANDARD.decode(sig64) else {
            continue;
        };
        if sig.len() == 68
            && sig[..4] == v.hash
            && public.verify(text.as_bytes(), &sig[4..]).is_ok()
        {
            return Ok(text);
        }
    }
    Err(LookupError::NotSigned(v.name))
}

/// Parses `/lookup/M@V`: `id\n<records>\n` then the signed tree note, which must verify with
/// `vkey`. Returns the record of `module@version`.
pub fn parse_lookup(
    body: &[u8],
    vkey: &str,
    module: &str,
    version: &str,
) -> Result<Record, LookupError> {
    let text = std::str::from_utf8(body).map_err(|_| LookupError::Malformed)?;
    let split = text.find("\n\n").ok_or(LookupError::Malformed)?;
    let (record, note) = (&text[..split + 1], &text[split + 2..]);
    let tree = verify_note(note, vkey)?;
    if !tree.starts_with("go.sum database tree\n") {
        return Err(LookupError::Malformed);
    }
    let mut lines = record.lines();
    lines
        .next()
        .and_then(|id| id.parse::<u64>().ok())
        .ok_or(LookupError::Malformed)?;
    let (mut zip_hash, mut mod_hash) = (None, None);
    for line in lines {
        let f: Vec<&str> = line.split(' ').collect();
        if f.len() != 3 || f[0] != module {
            continue;
        }
        if f[1] == version {
            zip_hash = Some(f[2].to_string());
        } else if f[1] == format!("{version}/go.mod") {
            mod_hash = Some(f[2].to_string());
        }
    }
    match (zip_hash, mod_hash) {
        (Some(zip_hash), Some(mod_hash)) => Ok(Record { zip_hash, mod_hash }),
        _ => Err(LookupError::NoRecord(format!("{module}@{version}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::signature::KeyPair;

    /// A note signed the way `note.Sign` signs, with a key made here.
    fn signed(text: &str, name: &str) -> (String, String) {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = ring::signature::Ed25519KeyPair::generate_pkcs8(&rng).expect("key");
        let pair = ring::signature::Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).expect("pair");
        let mut key = vec![1u8];
        key.extend_from_slice(pair.public_key().as_ref());
        let hash = {
            use sha2::Digest;
            let mut h = sha2::Sha256::new();
            h.update(name.as_bytes());
            h.update(b"\n");
            h.update(&key);
            let d = h.finalize();
            [d[0], d[1], d[2], d[3]]
        };
        let b64 = base64::engine::general_purpose::STANDARD;
        let vkey = format!(
            "{name}+{:08x}+{}",
            u32::from_be_bytes(hash),
            b64.encode(&key)
        );
        let mut sig = hash.to_vec();
        sig.extend_from_slice(pair.sign(text.as_bytes()).as_ref());
        (
            format!("{text}\n\u{2014} {name} {}\n", b64.encode(sig)),
            vkey,
        )
    }

    #[test]
    fn lookup_answers_are_verified() {
        let tree = "go.sum database tree\n3\nAAAA\n";
        let (note, vkey) = signed(tree, "sum.lab.test");
        let body = format!(
            "2\nexample.com/m v1.0.0 h1:zip=\nexample.com/m v1.0.0/go.mod h1:mod=\n\n{note}"
        );
        assert_eq!(
            parse_lookup(body.as_bytes(), &vkey, "example.com/m", "v1.0.0"),
            Ok(Record {
                zip_hash: "h1:zip=".into(),
                mod_hash: "h1:mod=".into()
            })
        );
        // Another key, a changed record's tree, a missing record.
        let (_, other) = signed(tree, "sum.lab.test");
        assert!(matches!(
            parse_lookup(body.as_bytes(), &other, "example.com/m", "v1.0.0"),
            Err(LookupError::NotSigned(_))
        ));
        let forged = body.replace("database tree\n3", "database tree\n4");
        assert!(parse_lookup(forged.as_bytes(), &vkey, "example.com/m", "v1.0.0").is_err());
        assert!(matches!(
            parse_lookup(body.as_bytes(), &vkey, "example.com/m", "v2.0.0"),
            Err(LookupError::NoRecord(_))
        ));
        assert_eq!(
            parse_lookup(b"<html>", &vkey, "example.com/m", "v1.0.0"),
            Err(LookupError::Malformed)
        );
    }
}
