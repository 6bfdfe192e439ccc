//! Which failure a line of go command output names. The rules are tried in order, most
//! specific first, and the order is what makes them right: a checksum database's 404 is not a
//! proxy's, a toolchain download's 5xx is not a module's, and the text a server sends back
//! (`server response: ...`) is the server's problem, not the user's. The patterns come from what
//! the real go command prints against the lab (`tests/explain_go.rs`) and from its own test
//! scripts (`src/cmd/go/testdata/script`, `tests/explain_corpus.rs`).

use super::Class;

const NETWORK: &[&str] = &[
    "connection refused",
    "no such host",
    "network is unreachable",
    "proxyconnect tcp",
    "connection reset",
    "no route to host",
    "dial tcp",
    "server misbehaving",
    "unexpected eof",
];

const TIMEOUT: &[&str] = &[
    "tls handshake timeout",
    "i/o timeout",
    "context deadline exceeded",
    "timeout awaiting response headers",
    "client.timeout exceeded",
    "gomirror: the go command did not finish",
];

/// What git prints when it needs credentials it may not ask for.
const GIT_AUTH: &[&str] = &[
    "terminal prompts disabled",
    "could not read username",
    "could not read password",
    "permission denied (publickey",
    "host key verification failed",
    "authentication failed for",
    // Go 1.21+ when git could use no secure scheme (https, ssh): in practice, credentials.
    "no secure protocol found for repository",
];

/// Bodies that are not the Go module protocol's data.
const INVALID_RESPONSE: &[&str] = &[
    "invalid response from proxy",
    "zip: not a valid zip file",
    "unexpected end of json input",
    "looking for beginning of value",
    "malformed module path",
    "unexpected module path",
];

fn any(line: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| line.contains(n))
}

/// The HTTP status the go command quotes (`reading URL: 502 Bad Gateway`), if any.
pub fn quoted_status(line: &str) -> Option<u16> {
    let bytes = line.as_bytes();
    (0..bytes.len().saturating_sub(5)).find_map(|i| {
        let w = &bytes[i..];
        let digits = w.get(2..5)?;
        let code_follows = w.get(5).is_none_or(|b| *b == b' ');
        (w[0] == b':' && w[1] == b' ' && digits.iter().all(u8::is_ascii_digit) && code_follows)
            .then(|| std::str::from_utf8(digits).ok()?.parse().ok())
            .flatten()
            .filter(|c| (100..600).contains(c))
    })
}

/// The line is about the checksum database (a lookup, a tile, the verification step).
fn about_sumdb(l: &str) -> bool {
    l.contains("/sumdb/")
        || l.contains("sum.golang")
        || l.contains("/lookup/")
        || l.contains("/tile/")
        || l.contains("verifying go.mod")
        || l.contains("verifying module")
        || l.contains("verifying ") && (l.contains("go.sum") || l.contains("checksum database"))
}

/// Sorts one line into a class.
pub fn classify(line: &str) -> Class {
    // `-x` trace lines (`# get URL: 404 Not Found`) are steps, not the failure: the go command
    // asks several places and a 404 on the way is normal.
    if line.starts_with("# ") {
        return Class::Unknown;
    }
    let l = line.to_ascii_lowercase();
    let status = quoted_status(&l);
    let server_error = status.is_some_and(|s| (500..600).contains(&s));
    let missing = matches!(status, Some(404 | 410));
    let toolchain = l.contains("golang.org/toolchain") || l.contains("go: download go1");
    if l.trim_start().starts_with("server response:") {
        // What the proxy or the database said about its own failure, quoted by the go command.
        Class::ServerResponse
    } else if l.contains("checksum mismatch") || l.contains("security error") {
        Class::ChecksumMismatch
    } else if l.contains("disabled by goproxy=off") {
        Class::LookupDisabled
    } else if l.contains("checksum database disabled by gosumdb=off") {
        Class::SumdbDisabled
    } else if l.contains("goauth") {
        Class::GoauthFailed
    } else if l.contains("malformed verifier id")
        || l.contains("invalid gosumdb")
        || l.contains("invalid sumdb")
        || l.contains("gosumdb=")
            && any(&l, &["unsupported scheme", "no host in request", "invalid"])
    {
        Class::InvalidGosumdb
    } else if l.contains("invalid proxy url")
        || l.contains("goproxy list is not the empty string")
        || l.contains("invalid goproxy")
    {
        Class::InvalidGoproxy
    } else if l.contains("requires go >=") && !l.contains("switching to") {
        Class::GoTooOld
    } else if l.contains("toolchain not available") || toolchain && missing {
        Class::ToolchainUnavailable
    } else if toolchain && (server_error || any(&l, TIMEOUT) || any(&l, NETWORK)) {
        Class::ToolchainDownloadFailed
    } else if l.contains("inconsistent vendoring") || l.contains("-mod=vendor") {
        Class::VendorInconsistent
    } else if any(
        &l,
        &[
            "import lookup disabled by -mod=",
            "updates to go.mod needed",
            "updates to go.sum needed",
            "disabled by -mod=readonly",
            "missing go.sum entry",
            "go.sum file is not up to date",
        ],
    ) {
        Class::ModReadonly
    } else if about_sumdb(&l) && server_error {
        Class::SumdbServerError
    } else if about_sumdb(&l) && missing {
        Class::SumdbMissing
    } else if about_sumdb(&l)
        && any(
            &l,
            &[
                "no verifiable signatures",
                "unknown key",
                "invalid signature",
                "malformed note",
                "unverified note",
                "inconsistent with",
            ],
        )
    {
        Class::SumdbKeyMismatch
    } else if about_sumdb(&l) && (any(&l, TIMEOUT) || any(&l, NETWORK)) {
        Class::SumdbUnreachable
    } else if any(&l, GIT_AUTH) {
        Class::GitAuth
    } else if any(
        &l,
        &[
            "x509:",
            "certificate signed by unknown authority",
            "tls: failed to verify",
        ],
    ) {
        Class::TlsUntrusted
    } else if matches!(status, Some(401 | 403 | 407))
        || l.contains("401 unauthorized")
        || l.contains("403 forbidden")
    {
        Class::AuthRequired
    } else if any(&l, INVALID_RESPONSE) {
        Class::InvalidProxyResponse
    } else if server_error {
        Class::ProxyServerError
    } else if status == Some(410) || l.contains("410 gone") {
        Class::Gone
    } else if status == Some(404)
        || any(
            &l,
            &[
                "404 not found",
                "unknown revision",
                "no matching versions for query",
                "cannot find module providing package",
            ],
        )
    {
        Class::NotFound
    } else if any(&l, TIMEOUT) {
        Class::ProxyTimeout
    } else if any(&l, NETWORK) && (l.contains("http") || l.contains("dial tcp")) {
        Class::ProxyUnreachable
    } else {
        Class::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_statuses_are_found_only_where_go_puts_them() {
        assert_eq!(
            quoted_status("reading http://x/@v/v1.info: 502 Bad Gateway"),
            Some(502)
        );
        assert_eq!(
            quoted_status("reading http://127.0.0.1:9/x: 404 Not Found"),
            Some(404)
        );
        assert_eq!(
            quoted_status("dial tcp 127.0.0.1:9: connect: refused"),
            None
        );
        assert_eq!(quoted_status("go: example.com/m@v1.0.0: 5000 things"), None);
    }
}
