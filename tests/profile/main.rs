//! Team profiles with real parts: export then import round-trips through the real go command's
//! env file; import over https from a loopback server with the lab CA (the reqwest path), with
//! the right and a wrong sha256 pin; a secret, an invalid value, a 2 MiB body and plain http to
//! a non-loopback host are refused with nothing written.

mod import;
mod network;

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, gomirror, gomirror_ok};
use netlab::{Behaviour, LabMirror, TestCa};
use sha2::Digest;

const PROFILE: &str = r#"version = 1

[team]
name = "Payments"

[settings]
GOPROXY = "https://goproxy.corp.example,https://goproxy.cn,direct"
GOPRIVATE = "git.corp.example"
GONOSUMDB = "git.corp.example"

[[mirrors]]
name = "Company Athens"
url = "https://athens.corp.example"
kind = "athens"
auth = "netrc"

[network]
https_proxy = "http://proxy.corp.example:3128"
no_proxy = "corp.example"
"#;

fn env_file_text(s: &Sandbox) -> Option<String> {
    std::fs::read_to_string(s.env_file()).ok()
}

fn import(s: &Sandbox, env: &gomirror::goenv::location::EnvMap, location: &str) -> common::Output {
    gomirror(
        &[
            "profile",
            "import",
            location,
            "--via",
            "file",
            "--timeout-s",
            "10",
        ],
        env,
        Some(&go("1.27")),
        s.path(),
    )
}

fn serve(rt: &tokio::runtime::Runtime, ca: &TestCa, body: Vec<u8>) -> LabMirror {
    LabMirror::start(
        rt,
        Behaviour {
            body_for_all: Some(("text/plain", body)),
            ..Behaviour::default()
        },
        Some(ca),
    )
}
