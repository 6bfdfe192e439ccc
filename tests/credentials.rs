//! A password in the env file's GOPROXY is flagged and moved, in one step, into `.netrc` (0600),
//! where the real go command reads it: a lab mirror that requires basic authentication serves
//! the download with the credentials from `.netrc`, and refuses it without them. The password
//! never appears in output or history; two undos restore both files.

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, gomirror, gomirror_ok, run_go};
use netlab::{Behaviour, LabMirror, TestCa};
use std::os::unix::fs::PermissionsExt;

const PASSWORD: &str = "t0kSecret9";

#[test]
fn credentials_move_from_the_env_file_to_netrc_and_go_uses_them() {
    let s = Sandbox::new();
    let go_bin = go("1.27");
    let rt = netlab::lab_runtime();
    let ca = TestCa::new("auth");
    let ca_file = ca.write_ca(s.path());
    let mirror = LabMirror::start(
        &rt,
        Behaviour {
            basic_auth: Some(("ci".into(), PASSWORD.into())),
            ..Behaviour::default()
        },
        Some(&ca),
    );
    let host = mirror.url.trim_start_matches("https://").to_string();
    let with_password = format!("https://ci:{PASSWORD}@{host}");
    let original = format!("GOPROXY={with_password},off\nGOSUMDB=off\n");
    std::fs::create_dir_all(s.env_file().parent().expect("dir")).expect("mkdir");
    std::fs::write(s.env_file(), &original).expect("env");
    let mut env = s.env();
    env.insert("SSL_CERT_FILE".into(), ca_file.display().to_string());
    env.insert("GOFLAGS".into(), "-modcacherw".into());
    env.insert("GOTOOLCHAIN".into(), "local".into());
    let download = |env: &gomirror::goenv::location::EnvMap, cache: &str| {
        let mut env = env.clone();
        env.insert(
            "GOMODCACHE".into(),
            s.path().join(cache).display().to_string(),
        );
        run_go(
            &go_bin,
            &["mod", "download", "-json", "example.com/m@v1.0.0"],
            &env,
            s.path(),
        )
    };

    let out = gomirror(&["env", "--json"], &env, Some(&go_bin), s.path());
    assert!(
        out.stdout.contains("credentials-in-env-file"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains(PASSWORD));

    let out = gomirror_ok(&["move-credentials"], &env, Some(&go_bin), s.path());
    for text in [&out.stdout, &out.stderr] {
        assert!(!text.contains(PASSWORD), "{text}");
    }
    let netrc = s.path().join("home/.netrc");
    let netrc_text = std::fs::read_to_string(&netrc).expect("netrc");
    assert_eq!(
        netrc_text,
        format!("machine {host} login ci password {PASSWORD}\n")
    );
    let mode = std::fs::metadata(&netrc)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("env"),
        format!("GOPROXY={},off\nGOSUMDB=off\n", mirror.url)
    );
    let history = std::fs::read_to_string(s.path().join("data/history.json")).expect("history");
    assert!(
        history.contains(&format!("netrc entry added for {host}")),
        "{history}"
    );
    assert!(!history.contains(PASSWORD), "{history}");

    // The real go command downloads through the mirror with the credentials from .netrc ...
    let ok = download(&env, "cache-netrc");
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    // ... and is refused without them (the mirror really requires them).
    std::fs::rename(&netrc, s.path().join("netrc-aside")).expect("aside");
    let refused = download(&env, "cache-none");
    assert_ne!(refused.code, 0);
    assert!(
        format!("{}{}", refused.stdout, refused.stderr).contains("401"),
        "{}{}",
        refused.stdout,
        refused.stderr
    );
    std::fs::rename(s.path().join("netrc-aside"), &netrc).expect("back");

    // Two undo steps: the env file, then the .netrc entry (the file did not exist before).
    for _ in 0..2 {
        gomirror_ok(&["undo"], &env, Some(&go_bin), s.path());
    }
    assert_eq!(
        std::fs::read_to_string(s.env_file()).expect("env"),
        original
    );
    assert!(!netrc.exists());
}
