//! GOSUMDB parsed as `modfetch.dbDial` and `note.NewVerifier` do (Go 1.27), with the same errors.

use super::gourl;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The built-in verifier keys (`modfetch/key.go`).
/// Where `sum.golang.google.cn` serves sum.golang.org's database (cmd/go's special case).
pub const SUM_GOLANG_GOOGLE_CN_URL: &str = "https://sum.golang.google.cn";

/// The public key of sum.golang.org, as the go command knows it.
pub const SUM_GOLANG_ORG_KEY: &str =
    "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";

/// A parsed GOSUMDB value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SumDb {
    Off,
    /// A database: its name, verifier key, and an explicit URL (then proxies are not asked).
    On {
        name: String,
        key: String,
        url: Option<String>,
    },
}

/// Parses the effective GOSUMDB. The error is the go command's text after `verifying ...: `.
pub fn parse(value: &str) -> Result<SumDb, String> {
    let mut value = value.to_string();
    if value == "sum.golang.google.cn" {
        value = "sum.golang.org https://sum.golang.google.cn".into();
    }
    if value == "off" {
        return Ok(SumDb::Off);
    }
    let mut fields: Vec<String> = value.split_whitespace().map(str::to_string).collect();
    if let Some(first) = fields.first_mut()
        && first == "sum.golang.org"
    {
        *first = SUM_GOLANG_ORG_KEY.to_string();
    }
    if fields.is_empty() {
        return Err("missing GOSUMDB".into());
    }
    if fields.len() > 2 {
        return Err("invalid GOSUMDB: too many fields".into());
    }
    let name = verifier_name(&fields[0]).map_err(|e| format!("invalid GOSUMDB: {e}"))?;
    let direct = gourl::parse(&format!("https://{name}"));
    let name_ok = match &direct {
        Ok(u) => {
            !name.ends_with('/')
                && u.opaque.is_empty()
                && u.user.is_none()
                && u.raw_query.is_empty()
                && !u.force_query
                && !u.has_fragment
                && !u.host.is_empty()
                && !u.omit_host
                && !u.path.contains('%')
                && !name.contains('%')
        }
        Err(_) => false,
    };
    if !name_ok {
        return Err(format!("invalid sumdb name (must be host[/path]): {name}"));
    }
    let url = match fields.get(1) {
        Some(u) => {
            let parsed = gourl::parse(u).map_err(|e| format!("invalid GOSUMDB URL: {e}"))?;
            check_url_use(u, &parsed)?;
            Some(u.clone())
        }
        None => None,
    };
    Ok(SumDb::On {
        name,
        key: fields[0].clone(),
        url,
    })
}

/// What the go command meets when it first uses the database URL (`web.get`): only http,
/// https, file or no scheme (taken as https) can be fetched, and http(s) needs a host. The go
/// command reports these only at the first lookup, with the lookup path appended; the text here
/// names the URL as written.
fn check_url_use(raw: &str, url: &gourl::GoUrl) -> Result<(), String> {
    let shown = gourl::redact(raw);
    match url.scheme.to_ascii_lowercase().as_str() {
        "" | "file" => Ok(()),
        "http" | "https" if url.host.is_empty() => Err("http: no Host in request URL".into()),
        "http" | "https" => Ok(()),
        _ => Err(format!("unsupported scheme: {shown}")),
    }
}

/// `note.NewVerifier`: returns the database name or Go's error text.
pub fn verifier_name(vkey: &str) -> Result<String, &'static str> {
    const MALFORMED: &str = "malformed verifier id";
    let (name, rest) = vkey.split_once('+').unwrap_or((vkey, ""));
    let (hash16, key64) = rest.split_once('+').unwrap_or((rest, ""));
    let hash = if hash16.len() == 8 {
        u32::from_str_radix(hash16, 16).ok()
    } else {
        None
    };
    let key = base64::engine::general_purpose::STANDARD.decode(key64).ok();
    let valid_name = !name.is_empty() && !name.contains(char::is_whitespace) && !name.contains('+');
    let (Some(hash), Some(key), true) = (hash, key, valid_name) else {
        return Err(MALFORMED);
    };
    if key.is_empty() || hash16.starts_with(['+', '-']) {
        return Err(MALFORMED);
    }
    if hash != key_hash(name, &key) {
        return Err("invalid verifier hash");
    }
    if key[0] != 1 {
        return Err("unknown verifier algorithm");
    }
    if key.len() != 33 {
        return Err(MALFORMED);
    }
    Ok(name.to_string())
}

fn key_hash(name: &str, key: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update(key);
    let sum = h.finalize();
    u32::from_be_bytes([sum[0], sum[1], sum[2], sum[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_go() {
        assert_eq!(parse("off"), Ok(SumDb::Off));
        assert!(
            matches!(parse("sum.golang.org"), Ok(SumDb::On { ref name, url: None, .. }) if name == "sum.golang.org")
        );
        assert!(matches!(
            parse("sum.golang.google.cn"),
            Ok(SumDb::On { url: Some(_), .. })
        ));
        assert_eq!(parse(""), Err("missing GOSUMDB".into()));
        assert_eq!(parse("  "), Err("missing GOSUMDB".into()));
        assert_eq!(
            parse("a b c"),
            Err("invalid GOSUMDB: too many fields".into())
        );
        assert_eq!(
            parse("garbage+key"),
            Err("invalid GOSUMDB: malformed verifier id".into())
        );
        assert_eq!(
            parse("\"off\""),
            Err("invalid GOSUMDB: malformed verifier id".into())
        );
        assert_eq!(
            parse("sum.goproxy.cn"),
            Err("invalid GOSUMDB: malformed verifier id".into())
        );
        assert!(parse("sum.golang.org https://goproxy.cn/sumdb/sum.golang.org").is_ok());
        // The URL is used as the go command's web client uses it (checked with 1.27.3).
        assert_eq!(
            parse("sum.golang.org ftp://x"),
            Err("unsupported scheme: ftp://x".into())
        );
        assert_eq!(
            parse("sum.golang.org https://"),
            Err("http: no Host in request URL".into())
        );
        for ok in [
            "sum.golang.org HTTPS://127.0.0.1:1",
            "sum.golang.org http://127.0.0.1:1",
            "sum.golang.org file:///tmp/x",
            "sum.golang.org x",
            "sum.golang.org //x",
            "sum.golang.org https://h/a?b",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            parse("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn9"),
            Err("invalid GOSUMDB: invalid verifier hash".into())
        );
    }
}
