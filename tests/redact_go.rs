//! Redaction against the parser the go command uses: thousands of seeded URLs whose userinfo
//! holds quotes, `@`, `%`, `:`, commas and non-ASCII letters are parsed by Go 1.27's `net/url`
//! (the go command splits GOPROXY at `,` and `|` and parses each entry with it), and for every
//! one where Go finds a password (or a lone user name, which mirrors take as a token), that
//! secret must be gone from what `redact_text` makes of every text we print it in: the bare
//! URL, a GOPROXY line, JSON, a go error message and shell quotes.

mod common;

use gomirror::goenv::gourl::redact_text;
use rand::{Rng, SeedableRng};
use std::io::Write;

const ORACLE: &str = r#"package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var r struct {
			OK       bool   `json:"ok"`
			User     string `json:"user"`
			Password string `json:"password"`
			HasPw    bool   `json:"has_pw"`
			Host     string `json:"host"`
		}
		u, err := url.Parse(in.Text())
		if err == nil && u.User != nil {
			r.OK = true
			r.User = u.User.Username()
			r.Password, r.HasPw = u.User.Password()
			r.Host = u.Host
		}
		if err := out.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
"#;

#[derive(serde::Deserialize)]
struct Parsed {
    ok: bool,
    user: String,
    password: String,
    has_pw: bool,
    host: String,
}

/// Characters a secret is made of: Go's userinfo set, the ones the old redactor stopped at,
/// and some Go refuses (a user may still type them).
const ALPHABET: &[&str] = &[
    "a", "Z", "7", "-", ".", "_", ":", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=",
    "%40", "%3A", "%", "@", "\"", "|", "密", "码", "é", "ß", "€", "`", "^", "\\",
];

fn marker(rng: &mut impl Rng, prefix: &str) -> String {
    let mut m = prefix.to_string();
    for _ in 0..6 {
        m.push(char::from(b'a' + rng.random_range(0..26u8)));
    }
    m
}

fn secret(rng: &mut impl Rng) -> (String, [String; 2]) {
    let (head, tail) = (marker(rng, "Hq"), marker(rng, "Tq"));
    let mut s = head.clone();
    for _ in 0..rng.random_range(0..8) {
        s.push_str(ALPHABET[rng.random_range(0..ALPHABET.len())]);
    }
    s.push_str(&tail);
    (s, [head, tail])
}

#[test]
fn no_secret_go_parses_survives_redaction_in_any_text() {
    let sandbox = common::Sandbox::new();
    let oracle = common::build_go_program("1.27", &sandbox, "urloracle", ORACLE);
    let mut rng = rand::rngs::StdRng::seed_from_u64(19);
    let mut cases = Vec::new();
    // CI: 3,000 URLs; scripts/faults.sh: GOMIRROR_FAULT_SCALE times as many.
    let scale: usize = std::env::var("GOMIRROR_FAULT_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    for i in 0..3000 * scale.max(1) {
        let scheme = ["https", "http"][i % 2];
        let host = [
            "corp.example",
            "corp.example:8443",
            "10.0.0.1",
            "[::1]:3000",
        ][i % 4];
        let path = ["", "/", "/go/", "/artifactory/api/go/go?x=1", "#frag"][i % 5];
        let (url, markers) = if i % 7 == 0 {
            let (token, markers) = secret(&mut rng);
            (format!("{scheme}://{token}@{host}{path}"), markers)
        } else {
            let (user, _) = secret(&mut rng);
            let (pw, markers) = secret(&mut rng);
            // The user name is kept, as Go's own Redacted keeps it; only the password is the
            // secret here.
            let user = user.replace([':', '@', '/', '?', '#'], "u");
            (format!("{scheme}://{user}:{pw}@{host}{path}"), markers)
        };
        cases.push((url, markers, i % 7 == 0));
    }
    let mut child = std::process::Command::new(&oracle)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run the Go URL oracle");
    // Fed from another thread while the answers are read here: neither pipe can fill up and
    // stall the other side.
    let mut stdin = child.stdin.take().expect("stdin");
    let input: Vec<String> = cases.iter().map(|(url, _, _)| url.clone()).collect();
    let feeder = std::thread::spawn(move || {
        for url in input {
            writeln!(stdin, "{url}").expect("write");
        }
    });
    let out = child.wait_with_output().expect("oracle output");
    feeder.join().expect("feeder");
    assert!(out.status.success(), "the Go URL oracle failed");
    let parsed: Vec<Parsed> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle JSON"))
        .collect();
    assert_eq!(parsed.len(), cases.len());
    let (mut checked, mut leaks) = (0, Vec::new());
    for ((url, markers, token_only), go) in cases.iter().zip(&parsed) {
        if !go.ok {
            continue;
        }
        // Go found the secret where we put it (otherwise the case is about something else).
        let secret = if *token_only {
            &go.user
        } else {
            if !go.has_pw {
                continue;
            }
            &go.password
        };
        if !markers.iter().all(|m| secret.contains(m.as_str())) {
            continue;
        }
        checked += 1;
        for text in [
            url.clone(),
            format!("GOPROXY={url},direct"),
            format!("GOPROXY=https://proxy.golang.org|{url}|direct"),
            serde_json::to_string(&serde_json::json!({ "GOPROXY": url })).expect("json"),
            format!("go: downloading: Get \"{url}/rsc.io/quote/@v/list\": dial tcp: refused"),
            format!("export GOPROXY='{url}'"),
        ] {
            let shown = redact_text(&text);
            if markers.iter().any(|m| shown.contains(m.as_str())) {
                leaks.push(format!("{text}\n  -> {shown}"));
            }
            // The host stays readable: redaction hides the secret, not the mirror.
            let host = go.host.trim_start_matches('[');
            assert!(shown.contains(host), "{shown} lost the host {host}");
        }
    }
    assert!(
        // Most generated secrets hold a character Go refuses (they exercise the redactor on
        // text, not the parser); several hundred are secrets the go command would really use.
        checked > 300,
        "only {checked} of {} URLs had a secret Go parses: the cases test nothing",
        cases.len()
    );
    let dir = common::repo_root().join("target/faults");
    std::fs::create_dir_all(&dir).expect("figures dir");
    let figure = serde_json::json!({
        "urls": cases.len(),
        "secrets_go_parses": checked,
        "texts": checked * 6,
        "leaks": leaks.len(),
    });
    std::fs::write(dir.join("redaction.json"), figure.to_string()).expect("figure");
    println!("figure redaction: {figure}");
    assert!(
        leaks.is_empty(),
        "{} of {checked} secrets leaked:\n{}",
        leaks.len(),
        leaks[..leaks.len().min(10)].join("\n")
    );
}
