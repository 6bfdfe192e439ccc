use super::*;
use crate::goenv::location::env_from as env;

#[test]
fn write_commands_put_gotoolchain_alone() {
    let values = BTreeMap::from([
        ("GOPROXY".to_string(), "direct".to_string()),
        ("GOTOOLCHAIN".to_string(), "auto".to_string()),
        ("GOSUMDB".to_string(), "off".to_string()),
    ]);
    let cmds = env_write_commands(Path::new("/go"), &env(&[("HOME", "/h")]), &values);
    assert_eq!(cmds.len(), 2);
    assert_eq!(cmds[0].args, ["env", "-w", "GOPROXY=direct", "GOSUMDB=off"]);
    assert_eq!(
        cmds[0].env.get("GOTOOLCHAIN").map(String::as_str),
        Some("local")
    );
    assert_eq!(cmds[1].args, ["env", "-w", "GOTOOLCHAIN=auto"]);
    assert_eq!(cmds[1].env.get("GOTOOLCHAIN"), None);
    assert_eq!(cmds[1].env.get("HOME").map(String::as_str), Some("/h"));
}

#[test]
fn queries_never_switch_toolchains() {
    let e = env(&[("GOTOOLCHAIN", "go1.99.0")]);
    let cmd = env_json_command(Path::new("/go"), &e, &["GOPROXY"]);
    assert_eq!(cmd.args, ["env", "-json", "GOPROXY"]);
    assert_eq!(cmd.env["GOTOOLCHAIN"], "local");
    assert!(!cmd.cwd.join("go.mod").exists());
    let cmd = gotoolchain_command(Path::new("/go"), &e);
    assert_eq!(cmd.args, ["env", "GOTOOLCHAIN"]);
    let cmd = env_unset_command(Path::new("/go"), &e, &["GOPROXY".into()]);
    assert_eq!(cmd.env["GOTOOLCHAIN"], "go1.99.0");
}

#[test]
fn discovery_order() {
    let e = env(&[("PATH", "/a:/b"), ("GOROOT", "/r"), ("HOME", "/h")]);
    let c = candidate_paths(&e, TargetOs::Linux);
    assert_eq!(c[0], Path::new("/a/go"));
    assert_eq!(c[1], Path::new("/b/go"));
    assert_eq!(c[2], Path::new("/r/bin/go"));
    assert!(c.contains(&PathBuf::from("/usr/local/go/bin/go")));
    let w = candidate_paths(
        &env(&[("Path", r"C:\x"), ("ProgramFiles", r"C:\Program Files")]),
        TargetOs::Windows,
    );
    assert!(
        w.contains(
            &PathBuf::from(r"C:\Program Files")
                .join("Go")
                .join("bin")
                .join("go.exe")
        )
    );
    let pinned = candidate_paths(
        &env(&[("GOMIRROR_GO", "/pinned/go"), ("PATH", "/a")]),
        TargetOs::Linux,
    );
    assert_eq!(pinned, [PathBuf::from("/pinned/go")]);
}
