//! What the lab's modules serve: version lists, .info, go.mod and real zips (the bytes the
//! checksum-database fixture hashes), per-path statuses, and checksum-database forwarding.

use super::*;

fn unescape_module(path: &str) -> String {
    let path = path.replace("%21", "!");
    let mut out = String::new();
    let mut upper = false;
    for c in path.chars() {
        if c == '!' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

pub(super) async fn respond(b: &Behaviour, path: &str) -> (u16, &'static str, Vec<u8>) {
    if b.redirect_to.is_some() {
        return (302, "text/plain", Vec::new());
    }
    if let Some((content_type, body)) = &b.body_for_all {
        return (200, content_type, body.clone());
    }
    if let Some(s) = b.all_status {
        return (s, "text/plain", format!("lab status {s}\n").into_bytes());
    }
    // A status keyed by the most specific matching prefix (the last in order): for module paths,
    // and for a checksum database that fails on lookups or tiles (prefixes under /sumdb/).
    let status = b
        .statuses
        .iter()
        .rev()
        .find(|(prefix, _)| path.starts_with(prefix.as_str()))
        .map(|(_, s)| *s);
    let status_answer =
        |what: &str, s: u16| (s, "text/plain", format!("{what} {s}\n").into_bytes());
    if let Some(rest) = path.strip_prefix("/sumdb/") {
        if rest.ends_with("/supported") {
            return (b.sumdb_supported, "text/plain", Vec::new());
        }
        if let Some(s) = status {
            return status_answer("lab checksum database status", s);
        }
        if let Some(upstream) = &b.sumdb_upstream {
            let name_end = rest.find('/').unwrap_or(rest.len());
            return forward(upstream, &rest[name_end..]).await;
        }
        return (404, "text/plain", b"no checksum database here\n".to_vec());
    }
    if let Some(s) = status {
        return status_answer("lab status", s);
    }
    module_response(b, path)
}

/// The versions every lab module lists: v1.0.0 ... newest.
pub fn versions_up_to(newest: &str) -> Vec<String> {
    let minor: u32 = newest
        .trim_start_matches("v1.")
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    (0..=minor).map(|m| format!("v1.{m}.0")).collect()
}

fn module_response(b: &Behaviour, path: &str) -> (u16, &'static str, Vec<u8>) {
    let not_found = (404, "text/plain", b"not found\n".to_vec());
    let Some((module, rest)) = path.trim_start_matches('/').split_once("/@") else {
        return not_found;
    };
    let module = unescape_module(module);
    if module == "golang.org/toolchain"
        && let Some(have) = &b.toolchains
    {
        if rest == "v/list" {
            return (200, "text/plain", (have.join("\n") + "\n").into_bytes());
        }
        let listed = rest
            .strip_prefix("v/")
            .and_then(|r| r.rsplit_once('.'))
            .is_some_and(|(v, _)| have.iter().any(|h| h == v));
        if !listed {
            return not_found;
        }
    }
    if rest == "latest" {
        return (200, "application/json", info(&b.newest));
    }
    let Some(rest) = rest.strip_prefix("v/") else {
        return not_found;
    };
    if rest == "list" {
        return (
            200,
            "text/plain",
            (versions_up_to(&b.newest).join("\n") + "\n").into_bytes(),
        );
    }
    let Some((version, ext)) = rest.rsplit_once('.') else {
        return not_found;
    };
    match ext {
        "info" => (200, "application/json", info(version)),
        "mod" => (200, "text/plain", module_gomod(&module).into_bytes()),
        "zip" => {
            // `example.com/big` is the large download that throughput checks and chsrc-style
            // tools time.
            let padding = if module == "example.com/big" {
                4 * 1024 * 1024
            } else {
                b.zip_padding
            };
            (
                200,
                "application/zip",
                module_zip(&module, version, padding),
            )
        }
        _ => not_found,
    }
}

fn info(version: &str) -> Vec<u8> {
    format!("{{\"Version\":\"{version}\",\"Time\":\"2024-01-01T00:00:00Z\"}}").into_bytes()
}

/// The go.mod of every lab module (the Go checksum-database fixture hashes the same bytes).
pub fn module_gomod(module: &str) -> String {
    format!("module {module}\n")
}

/// A real module zip: `go.mod` and `m.go` (identical to what the sumdb fixture hashes), plus
/// optional padding in a data file (then the hash differs: use padding only off the go path).
pub fn module_zip(module: &str, version: &str, padding: usize) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file(format!("{module}@{version}/go.mod"), options)
            .expect("zip");
        zip.write_all(module_gomod(module).as_bytes()).expect("zip");
        zip.start_file(format!("{module}@{version}/m.go"), options)
            .expect("zip");
        zip.write_all(b"package m\n").expect("zip");
        if padding > 0 {
            zip.start_file(format!("{module}@{version}/data.bin"), options)
                .expect("zip");
            zip.write_all(&vec![0x5a; padding]).expect("zip");
        }
        zip.finish().expect("zip");
    }
    buf.into_inner()
}

/// Forwards a checksum-database request to `upstream` (host:port) and returns its answer.
async fn forward(upstream: &str, path: &str) -> (u16, &'static str, Vec<u8>) {
    let bad = (502, "text/plain", b"upstream failed\n".to_vec());
    let Ok(mut s) = TcpStream::connect(upstream).await else {
        return bad;
    };
    let req = format!("GET {path} HTTP/1.0\r\nHost: {upstream}\r\n\r\n");
    if s.write_all(req.as_bytes()).await.is_err() {
        return bad;
    }
    let mut all = Vec::new();
    if s.read_to_end(&mut all).await.is_err() {
        return bad;
    }
    let Some(split) = all.windows(4).position(|w| w == b"\r\n\r\n") else {
        return bad;
    };
    let head = String::from_utf8_lossy(&all[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(502);
    (
        status,
        "application/octet-stream",
        all[split + 4..].to_vec(),
    )
}
