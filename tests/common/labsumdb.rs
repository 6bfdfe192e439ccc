//! A real checksum database for the lab (§11): the toolchain's own `golang.org/x/mod/sumdb`
//! test server with a key made at start, recording the hashes of every lab module.

use super::common::Sandbox;
use std::io::BufRead;

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

/// A running checksum database: its verifier key and `host:port`.
pub struct Fixture {
    child: std::process::Child,
    pub vkey: String,
    pub addr: String,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a real checksum database named `name` on 127.0.0.1 (built from the toolchain's x/mod).
pub fn start(sandbox: &Sandbox, name: &str) -> Fixture {
    let bin = super::common::build_go_program("1.27", sandbox, "sumdbfixture", SUMDB_MAIN);
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
