//! The recommendation works for real: against a lab of one hanging mirror, one answering 5xx,
//! one without checksum proxy and one healthy HTTPS mirror that proxies a real checksum database
//! (built from the toolchain's own x/mod, §11), the go command given the recommended
//! GOPROXY/GOSUMDB downloads a module and verifies it; pointed at the hanging mirror instead, it
//! does not finish (bounded by our runner's timeout).

mod common;
#[path = "common/netlab.rs"]
mod netlab;

use common::{Sandbox, go};
use gomirror::goenv::gocmd::{self, GoCommand, RunError};
use gomirror::goenv::location::EnvMap;
use gomirror::probe::checks::ProbeSpec;
use gomirror::probe::engine::{self, RoundConfig};
use gomirror::probe::recommend::SumdbChoice;
use gomirror::probe::stats::Verdict;
use gomirror::probe::tls::Roots;
use netlab::{Behaviour, LabMirror, TestCa};
use std::io::BufRead;
use std::time::Duration;

const SUMDB_MAIN: &str = r#"package main

import (
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"

	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
)

// Every lab module holds go.mod ("module <path>\n") and m.go ("package m\n"), exactly what
// the Rust lab mirrors serve, so these hashes match their zips.
func gosum(path, vers string) ([]byte, error) {
	mod := "module " + path + "\n"
	prefix := path + "@" + vers + "/"
	files := map[string]string{prefix + "go.mod": mod, prefix + "m.go": "package m\n"}
	open := func(n string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(files[n])), nil }
	h, err := dirhash.Hash1([]string{prefix + "go.mod", prefix + "m.go"}, open)
	if err != nil {
		return nil, err
	}
	hm, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(mod)), nil
	})
	if err != nil {
		return nil, err
	}
	return []byte(fmt.Sprintf("%s %s %s\n%s %s/go.mod %s\n", path, vers, h, path, vers, hm)), nil
}

func main() {
	skey, vkey, err := note.GenerateKey(rand.Reader, os.Args[1])
	if err != nil {
		panic(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	fmt.Println(vkey)
	fmt.Println(ln.Addr().String())
	http.Serve(ln, sumdb.NewServer(sumdb.NewTestServer(skey, gosum)))
}
"#;

struct Fixture {
    child: std::process::Child,
    vkey: String,
    addr: String,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sumdb(sandbox: &Sandbox, name: &str) -> Fixture {
    let bin = common::build_go_program("1.27", sandbox, "sumdbfixture", SUMDB_MAIN);
    let mut child = std::process::Command::new(bin)
        .arg(name)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start sumdb fixture");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    let vkey = lines.next().expect("vkey").expect("read");
    let addr = lines.next().expect("addr").expect("read");
    Fixture { child, vkey, addr }
}

fn download(
    env: &EnvMap,
    sandbox: &Sandbox,
    timeout: Duration,
) -> Result<gocmd::GoOutput, RunError> {
    let cmd = GoCommand {
        program: go("1.27"),
        args: vec![
            "mod".into(),
            "download".into(),
            "-json".into(),
            "example.com/m@v1.0.0".into(),
        ],
        env: env.clone(),
        cwd: sandbox.path().to_path_buf(),
        timeout,
    };
    gocmd::run_blocking(&cmd)
}

#[test]
fn recommended_settings_download_and_verify_with_the_go_command() {
    let sandbox = Sandbox::new();
    let db = start_sumdb(&sandbox, "sum.lab.example");
    let rt = netlab::lab_runtime();
    let ca = TestCa::new("recommend");
    let ca_file = ca.write_ca(sandbox.path());
    let hang = LabMirror::start(
        &rt,
        Behaviour {
            hang: true,
            ..Behaviour::default()
        },
        None,
    );
    let e503 = LabMirror::start(
        &rt,
        Behaviour {
            all_status: Some(503),
            ..Behaviour::default()
        },
        None,
    );
    let nosumdb = LabMirror::start(
        &rt,
        Behaviour {
            sumdb_supported: 404,
            ..Behaviour::default()
        },
        None,
    );
    let healthy = LabMirror::start(
        &rt,
        Behaviour {
            sumdb_upstream: Some(db.addr.clone()),
            ..Behaviour::default()
        },
        Some(&ca),
    );
    let mut env = EnvMap::new();
    env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    let config = RoundConfig {
        mirrors: vec![
            netlab::named_mirror("hang", &hang.url),
            netlab::named_mirror("e503", &e503.url),
            netlab::named_mirror("nosumdb", &nosumdb.url),
            netlab::named_mirror("healthy", &healthy.url),
        ],
        spec: ProbeSpec {
            sumdb_name: "sum.lab.example".into(),
            ..netlab::lab_spec(2, Duration::from_secs(3))
        },
        roots: Roots::from_env(&env),
        env: env.clone(),
        sumdb: SumdbChoice {
            default: db.vkey.clone(),
            fallback: format!("{} http://{}", db.vkey, db.addr),
        },
        concurrency: 8,
    };
    let outcome = engine::run_blocking(config, |_| {})
        .expect("rt")
        .expect("round");
    let verdict = |id: &str| {
        outcome
            .reports
            .iter()
            .find(|r| r.measurement.id == id)
            .map(|r| r.verdict)
    };
    assert_eq!(verdict("hang"), Some(Verdict::Unreachable));
    assert_eq!(verdict("e503"), Some(Verdict::Broken));
    assert_eq!(verdict("nosumdb"), Some(Verdict::NoChecksumProxy));
    assert_eq!(verdict("healthy"), Some(Verdict::Healthy));
    let rec = &outcome.recommended;
    assert!(
        !rec.goproxy.contains(&hang.url) && !rec.goproxy.contains(&e503.url),
        "{}",
        rec.goproxy
    );
    assert!(
        rec.goproxy.contains(&healthy.url) && rec.goproxy.ends_with(",direct"),
        "{}",
        rec.goproxy
    );
    assert_eq!(
        rec.gosumdb, db.vkey,
        "the healthy mirror proxies the database"
    );

    let mut go_env = sandbox.env();
    go_env.insert("GOPROXY".into(), rec.goproxy.clone());
    go_env.insert("GOSUMDB".into(), rec.gosumdb.clone());
    go_env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    go_env.insert("GOFLAGS".into(), "-modcacherw".into());
    go_env.insert("GOTOOLCHAIN".into(), "local".into());
    let out =
        download(&go_env, &sandbox, Duration::from_secs(60)).expect("the go command finished");
    assert!(
        out.success(),
        "go mod download failed: {}{}",
        out.stdout,
        out.stderr
    );
    let lookups: Vec<String> = healthy
        .requests()
        .into_iter()
        .filter(|p| p.contains("/lookup/"))
        .collect();
    assert!(
        !lookups.is_empty(),
        "the checksum was verified through the healthy mirror: {:?}",
        healthy.requests()
    );

    // The "default" configuration pointed at the hanging mirror never finishes.
    let mut default_env = sandbox.env();
    default_env.insert("GOPROXY".into(), format!("{},direct", hang.url));
    default_env.insert("GOSUMDB".into(), db.vkey.clone());
    default_env.insert(
        "GOMODCACHE".into(),
        sandbox.path().join("cold-cache").display().to_string(),
    );
    default_env.insert("GOFLAGS".into(), "-modcacherw".into());
    default_env.insert("GOTOOLCHAIN".into(), "local".into());
    let hung = download(&default_env, &sandbox, Duration::from_secs(5));
    assert!(matches!(hung, Err(RunError::Timeout { .. })), "{hung:?}");
}
