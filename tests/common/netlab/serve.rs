//! One lab connection: read the request head, apply the behaviour's delays, statuses and
//! hostile answers, and write the body at its bandwidth.

use super::*;

pub(super) async fn read_head<S: AsyncRead + Unpin>(stream: &mut S) -> Option<String> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buf[..n]);
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}

pub(super) async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    b: &Behaviour,
    log: &Mutex<Vec<String>>,
) {
    let Some(head) = read_head(&mut stream).await else {
        return;
    };
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    if let Ok(mut l) = log.lock() {
        l.push(path.clone());
    }
    if b.reset {
        drop(stream);
        return;
    }
    if let Some((login, password)) = &b.basic_auth {
        use base64::Engine;
        let want = format!(
            "basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{login}:{password}"))
        );
        let authorized = head.lines().any(|l| {
            l.to_ascii_lowercase().starts_with("authorization:")
                && l.split_once(':')
                    .is_some_and(|(_, v)| v.trim().eq_ignore_ascii_case(&want))
        });
        if !authorized {
            let body = b"401 Unauthorized\n";
            let head = format!(
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"lab\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body).await;
            let _ = stream.shutdown().await;
            return;
        }
    }
    if let Some(h) = b.hostile
        && hostile(&mut stream, h, &path).await
    {
        return;
    }
    tokio::time::sleep(b.header_delay).await;
    if let Some((_, d)) = b
        .path_delays
        .iter()
        .find(|(p, _)| path.starts_with(p.as_str()))
    {
        tokio::time::sleep(*d).await;
    }
    let (status, content_type, body) = respond(b, &path).await;
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    if let Some(target) = &b.redirect_to {
        head.push_str(&format!("Location: {target}{path}\r\n"));
    }
    head.push_str("\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let _ = stream.flush().await;
    tokio::time::sleep(b.body_delay).await;
    write_body(&mut stream, &body, b.bandwidth_bps).await;
    let _ = stream.shutdown().await;
}

/// Serves a hostile answer; false when this path gets the normal one.
async fn hostile<S: AsyncWrite + Unpin>(stream: &mut S, h: Hostile, path: &str) -> bool {
    let ok_head =
        |extra: &str| format!("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n{extra}\r\n");
    match h {
        Hostile::TrickleHeaders => {
            for b in "HTTP/1.1 200 OK\r\nX-Slow: "
                .bytes()
                .chain(std::iter::repeat(b'a'))
            {
                if stream.write_all(&[b]).await.is_err() || stream.flush().await.is_err() {
                    return true;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        Hostile::EndlessBody => {
            let _ = stream
                .write_all(ok_head("Connection: close\r\n").as_bytes())
                .await;
            let chunk = vec![b'v'; 64 * 1024];
            while stream.write_all(&chunk).await.is_ok() {}
        }
        Hostile::Garbage => {
            let _ = stream
                .write_all(b"\x00\xff\x13SSH-2.0-not-http\r\n\x07\x08garbage garbage\r\n\r\n")
                .await;
        }
        Hostile::HugeHeader => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nX-Huge: ").await;
            let chunk = vec![b'h'; 1 << 20];
            for _ in 0..16 {
                if stream.write_all(&chunk).await.is_err() {
                    return true;
                }
            }
            let _ = stream.write_all(b"\r\nContent-Length: 0\r\n\r\n").await;
        }
        Hostile::HugeList if path.ends_with("/@v/list") => {
            let line = b"v1.0.0\n";
            let total = 64 << 20;
            let _ = stream
                .write_all(ok_head(&format!("Content-Length: {total}\r\n")).as_bytes())
                .await;
            let chunk: Vec<u8> = line.iter().copied().cycle().take(1 << 20).collect();
            for _ in 0..64 {
                if stream.write_all(&chunk).await.is_err() {
                    break;
                }
            }
        }
        Hostile::InvalidUtf8List if path.ends_with("/@v/list") => {
            let body = b"v1.0.0\n\xff\xfe\xfd\nv1.1.0\n";
            let _ = stream
                .write_all(ok_head(&format!("Content-Length: {}\r\n", body.len())).as_bytes())
                .await;
            let _ = stream.write_all(body).await;
        }
        _ => return false,
    }
    let _ = stream.shutdown().await;
    true
}

async fn write_body<S: AsyncWrite + Unpin>(
    stream: &mut S,
    body: &[u8],
    bandwidth_bps: Option<u64>,
) {
    match bandwidth_bps {
        None => {
            let _ = stream.write_all(body).await;
        }
        Some(rate) => {
            let chunk = (rate / 20).max(512) as usize; // 50 ms slices
            for part in body.chunks(chunk) {
                if stream.write_all(part).await.is_err() {
                    return;
                }
                let _ = stream.flush().await;
                tokio::time::sleep(Duration::from_secs_f64(part.len() as f64 / rate as f64)).await;
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
