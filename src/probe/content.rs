//! What a mirror serves, judged as the go command judges it: a status code proves nothing (a
//! captive portal answers every path with 200 and a login page). Each body is checked for the
//! shape the go command expects (`.info` and `@latest` JSON with a valid Version, `@v/list`
//! lines that are versions, a `.mod` that declares the module, a zip whose files all sit under
//! `module@version/`), and the pinned module's `.mod` and `.zip` are hashed exactly as the go
//! command hashes them (`h1:`, `dirhash.Hash1`) for the comparison with the checksum database.

use crate::i18n::Text;
use crate::tr;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::io::Read;

/// True when a body is an HTML page (a login, block or error page), whatever its status.
pub fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    if content_type.is_some_and(|t| t.to_ascii_lowercase().contains("text/html")) {
        return true;
    }
    let start: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace() || **b == 0xef || **b == 0xbb || **b == 0xbf)
        .take(64)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html")
        || start.starts_with(b"<html")
        || start.starts_with(b"<head")
        || start.starts_with(b"<body")
        || start.starts_with(b"<script")
}

/// A Go module version as `semver.IsValid` accepts it (`v1.2.3`, `v1.2.3-pre+meta`, `v2.0.0+incompatible`).
pub fn is_version(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else {
        return false;
    };
    let (rest, build) = match rest.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (rest, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let nums: Vec<&str> = core.split('.').collect();
    let numeric = |n: &str| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (n == "0" || !n.starts_with('0'))
    };
    let ident = |s: &str| {
        !s.is_empty()
            && s.split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    nums.len() == 3
        && nums.iter().all(|n| numeric(n))
        && pre.is_none_or(ident)
        && build.is_none_or(ident)
}

fn not_utf8() -> Text {
    tr!("the answer is not UTF-8 text", "应答不是 UTF-8 文本")
}

/// `.info` or `@latest`: JSON with a valid `Version` (equal to `want` when given).
pub fn check_info(body: &[u8], want: Option<&str>) -> Result<String, Text> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| {
        tr!(
            "the answer is not the JSON the go command expects",
            "应答不是 go 命令需要的 JSON"
        )
    })?;
    let version = value
        .get("Version")
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string();
    if !is_version(&version) {
        return Err(tr!(
            "the JSON has no valid Version",
            "JSON 中没有有效的 Version 字段"
        ));
    }
    if let Some(want) = want
        && version != want
    {
        return Err(tr!(
            "it describes {version} when {want} was asked for",
            "请求的是 {want}，应答却是 {version}"
        ));
    }
    Ok(version)
}

/// `@v/list`: one version per line (an empty list is valid). A body cut at the byte cap may
/// end in a partial line, which is not judged.
pub fn check_list(body: &[u8], truncated: bool) -> Result<Vec<String>, Text> {
    let text = match std::str::from_utf8(body) {
        Ok(t) => t,
        // A cut in the middle of a character at the byte cap is not the mirror's fault.
        Err(e) if truncated && e.error_len().is_none() => {
            std::str::from_utf8(&body[..e.valid_up_to()]).map_err(|_| not_utf8())?
        }
        Err(_) => return Err(not_utf8()),
    };
    let mut lines: Vec<&str> = text.lines().collect();
    if truncated && !text.ends_with('\n') {
        lines.pop();
    }
    let mut versions = Vec::new();
    for line in lines {
        let v = line.split_whitespace().next().unwrap_or("");
        if v.is_empty() {
            continue;
        }
        if !is_version(v) {
            let shown: String = v.chars().take(40).collect();
            return Err(tr!(
                "the version list has a line that is not a version ({shown})",
                "版本列表中有一行不是版本号（{shown}）"
            ));
        }
        versions.push(v.to_string());
    }
    Ok(versions)
}

/// `.mod`: a go.mod whose `module` line names `module`.
pub fn check_mod(body: &[u8], module: &str) -> Result<(), Text> {
    let text = std::str::from_utf8(body).map_err(|_| not_utf8())?;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if let Some(rest) = line.strip_prefix("module") {
            let declared = rest.trim().trim_matches('"');
            if declared == module {
                return Ok(());
            }
            let shown: String = declared.chars().take(80).collect();
            return Err(tr!(
                "its go.mod declares module {shown}, not {module}",
                "它的 go.mod 声明的模块是 {shown}，而不是 {module}"
            ));
        }
    }
    Err(tr!(
        "the answer is not a go.mod (no module line)",
        "应答不是 go.mod（没有 module 行）"
    ))
}

/// `h1:` of a go.mod, as `dirhash.Hash1([]string{"go.mod"}, ...)`.
pub fn hash_mod(body: &[u8]) -> String {
    hash1(&[("go.mod".to_string(), body.to_vec())])
}

/// Checks a module zip (every file under `module@version/`) and returns its `h1:` hash, as
/// `dirhash.HashZip` computes it.
pub fn check_zip(body: &[u8], module: &str, version: &str) -> Result<String, Text> {
    let bad = || tr!("the answer is not a module zip", "应答不是模块 zip 文件");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(body)).map_err(|_| bad())?;
    let prefix = format!("{module}@{version}/");
    let mut files = Vec::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(|_| bad())?;
        let name = file.name().map_err(|_| bad())?.into_owned();
        if !name.starts_with(&prefix) {
            let shown: String = name.chars().take(80).collect();
            return Err(tr!(
                "the zip holds {shown}, outside {prefix}",
                "zip 中的 {shown} 不在 {prefix} 之下"
            ));
        }
        if file.is_dir() {
            continue;
        }
        // Bounded: a small reference module, never a decompression bomb.
        let mut data = Vec::new();
        let limit = (4u64 << 20).saturating_sub(total);
        (&mut file)
            .take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|_| bad())?;
        total += data.len() as u64;
        if total > 4 << 20 {
            return Err(tr!(
                "the zip unpacks to more than 4 MiB",
                "zip 解压后超过 4 MiB"
            ));
        }
        files.push((name, data));
    }
    if files.is_empty() {
        return Err(bad());
    }
    Ok(hash1(&files))
}

/// `dirhash.Hash1`: SHA-256 over the sorted lines `"<sha256 hex>  <name>\n"`, base64, `h1:`.
pub fn hash1(files: &[(String, Vec<u8>)]) -> String {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut summary = Sha256::new();
    for (name, data) in sorted {
        let digest = Sha256::digest(data);
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        summary.update(format!("{hex}  {name}\n").as_bytes());
    }
    format!(
        "h1:{}",
        base64::engine::general_purpose::STANDARD.encode(summary.finalize())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        for v in [
            "v1.2.3",
            "v0.0.0-20240101-abcdef",
            "v2.0.0+incompatible",
            "v1.0.0-rc.1",
        ] {
            assert!(is_version(v), "{v}");
        }
        for v in [
            "1.2.3", "v1.2", "v01.2.3", "v1.2.3-", "<html>", "", "v1.2.3.4",
        ] {
            assert!(!is_version(v), "{v}");
        }
    }

    #[test]
    fn bodies() {
        assert!(is_html(None, b"\n  <!DOCTYPE html><html>"));
        assert!(is_html(Some("text/html; charset=utf-8"), b"{}"));
        assert!(!is_html(
            Some("application/json"),
            b"{\"Version\":\"v1.0.0\"}"
        ));
        assert_eq!(
            check_info(br#"{"Version":"v1.5.2","Time":"x"}"#, Some("v1.5.2")),
            Ok("v1.5.2".into())
        );
        assert!(check_info(br#"{"Version":"v1.0.0"}"#, Some("v1.5.2")).is_err());
        assert!(check_info(b"<html>", None).is_err());
        assert_eq!(
            check_list(b"v1.0.0\nv1.1.0\n", false),
            Ok(vec!["v1.0.0".into(), "v1.1.0".into()])
        );
        assert_eq!(check_list(b"", false), Ok(vec![]));
        assert!(check_list(b"v1.0.0\n<html>\n", false).is_err());
        assert_eq!(check_list(b"v1.0.0\nv1.1", true), Ok(vec!["v1.0.0".into()]));
        assert!(check_mod(b"module rsc.io/quote\n\nrequire x v1\n", "rsc.io/quote").is_ok());
        assert!(check_mod(b"module \"rsc.io/quote\" // c\n", "rsc.io/quote").is_ok());
        assert!(check_mod(b"module other\n", "rsc.io/quote").is_err());
        assert!(check_mod(b"<html>login</html>", "rsc.io/quote").is_err());
    }
}
