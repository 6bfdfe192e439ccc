//! Every finding id and every toolchain action `gomirror doctor --json` documents, each made to
//! happen with real parts (the real go command 1.27 and 1.19, a loopback lab mirror, a real
//! tmpfs, a hosts file and a dead resolver in a private mount and network namespace), and where
//! the finding is a claim about the go command, the go command is run to show it does as said.

mod common;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Output, Sandbox, go, gomirror};
use gomirror::goenv::location::EnvMap;
use netlab::{Behaviour, LabMirror};
use std::path::Path;

use common::json;

fn ids(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn finding<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no {id} finding in {:?}", ids(v)))
}

fn bin_dir(go: &Path) -> String {
    go.parent().expect("bin").display().to_string()
}

/// A doctor run without the network checks.
fn offline(env: &EnvMap, go: Option<&Path>, cwd: &Path) -> serde_json::Value {
    json(&gomirror(&["doctor", "--json", "--offline"], env, go, cwd))
}

/// Runs `program args` in a private mount and network namespace (only a loopback that is
/// down: nothing can leave), with `hosts` as /etc/hosts and a resolver where nothing listens.
fn isolated(s: &Sandbox, hosts: &str, program: &Path, args: &[&str], env: &EnvMap) -> Output {
    let hosts_file = s.path().join("ns-hosts");
    std::fs::write(&hosts_file, hosts).expect("hosts");
    let resolv = s.path().join("ns-resolv.conf");
    std::fs::write(
        &resolv,
        "nameserver 127.0.0.78\noptions timeout:1 attempts:1\n",
    )
    .expect("resolv.conf");
    let out = std::process::Command::new("/usr/bin/unshare")
        .args([
            "--mount",
            "--net",
            "/bin/sh",
            "-c",
            r#"/bin/mount --bind "$0" /etc/hosts && /bin/mount --bind "$1" /etc/resolv.conf && shift && exec "$@""#,
        ])
        .arg(&hosts_file)
        .arg(&resolv)
        .arg(program)
        .args(args)
        .env_clear()
        .envs(env)
        .current_dir(s.path())
        .output()
        .expect("unshare (util-linux) runs");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn go_missing_found_and_several_name_the_binaries_the_go_command_would_run() {
    let s = Sandbox::new();
    let missing = offline(&s.env(), None, s.path());
    assert!(ids(&missing).contains(&"go-missing".to_string()));
    assert!(!ids(&missing).contains(&"go-found".to_string()));
    assert_eq!(finding(&missing, "go-missing")["severity"], "problem");

    // 1.19 first on PATH, 1.27 after it: two versions a terminal could run.
    let (go119, go127) = (go("1.19"), go("1.27"));
    let mut env = s.env();
    env.insert(
        "PATH".into(),
        format!("{}:{}:/usr/bin:/bin", bin_dir(&go119), bin_dir(&go127)),
    );
    let v = offline(&env, Some(&go127), s.path());
    let several = finding(&v, "go-several");
    let en = several["en"].as_str().expect("en");
    assert!(en.contains("go1.19") && en.contains("go1.27"), "{en}");
    let found = finding(&v, "go-found");
    assert_eq!(found["severity"], "ok");
    assert!(
        found["en"]
            .as_str()
            .is_some_and(|t| t.contains(&go127.display().to_string())),
        "{found}"
    );
    // The terminal's `go` is the first on PATH, as the finding says: 1.19.
    let which = common::run(Path::new("/bin/sh"), &["-c", "go version"], &env, s.path());
    assert!(which.stdout.contains("go1.19"), "{}", which.stdout);
}

#[test]
fn setting_conflict_is_the_value_the_go_command_uses_over_the_file() {
    let s = Sandbox::new();
    let go = go("1.27");
    let file = s.env_file();
    std::fs::create_dir_all(file.parent().expect("dir")).expect("dir");
    std::fs::write(&file, "GOPROXY=https://file.example.com,direct\n").expect("env file");
    let mut env = s.env();
    env.insert(
        "GOPROXY".into(),
        "https://process.example.com,direct".into(),
    );
    let v = offline(&env, Some(&go), s.path());
    let f = finding(&v, "setting-conflict");
    assert_eq!(f["severity"], "warning");
    assert!(
        f["en"].as_str().is_some_and(|t| t.contains("GOPROXY")),
        "{f}"
    );
    let used = common::go_env(&go, &["GOPROXY"], &env, s.path());
    assert_eq!(used, ["https://process.example.com,direct"]);
}

#[test]
fn project_conflict_is_reported_for_a_password_in_a_shared_project_file() {
    let s = Sandbox::new();
    let go = go("1.27");
    let project = s.path().join("proj");
    std::fs::create_dir_all(&project).expect("project");
    std::fs::write(
        project.join("go.mod"),
        "module example.com/proj\n\ngo 1.21\n",
    )
    .expect("go.mod");
    std::fs::write(
        project.join(".envrc"),
        "export GOPROXY=https://bob:pr0ject-s3cret@corp.example.com,direct\n",
    )
    .expect(".envrc");
    let dir = project.display().to_string();
    let out = gomirror(
        &["doctor", "--json", "--offline", "--dir", &dir],
        &s.env(),
        Some(&go),
        s.path(),
    );
    let v = json(&out);
    let f = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            f["id"] == "project-conflict"
                && f["en"]
                    .as_str()
                    .is_some_and(|t| t.contains("project-credentials"))
        })
        .unwrap_or_else(|| panic!("no project-credentials conflict in {:#}", v["findings"]));
    assert_eq!(f["severity"], "warning");
    assert!(f["en"].as_str().is_some_and(|t| t.contains(&dir)), "{f}");
    assert!(
        f["en"].as_str().is_some_and(|t| t.contains(".netrc")),
        "{f}"
    );
    // Each language in its own words.
    assert!(
        f["zh"]
            .as_str()
            .is_some_and(|t| t.contains("项目文件会被共享")),
        "{f}"
    );
    assert!(!out.stdout.contains("pr0ject-s3cret"), "{}", out.stdout);

    // The Markdown report of a Chinese desktop says the project's conflict in Chinese too
    // (it said it in English: the project section took the English line).
    let md = s.path().join("report.md");
    let mut zh = s.env();
    zh.insert("LANG".into(), "zh_CN.UTF-8".into());
    zh.insert("LC_ALL".into(), "zh_CN.UTF-8".into());
    let saved = md.display().to_string();
    gomirror(
        &["doctor", "--offline", "--dir", &dir, "--output", &saved],
        &zh,
        Some(&go),
        s.path(),
    );
    let text = std::fs::read_to_string(&md).expect("the saved report");
    let project = text.split("\n## 项目").nth(1).unwrap_or_default();
    assert!(project.contains("项目文件会被共享"), "{text}");
    assert!(!text.contains("pr0ject-s3cret"), "{text}");
}

#[test]
fn modcache_not_writable_and_low_space_come_from_the_real_file_system() {
    let s = Sandbox::new();
    let go = go("1.27");
    // /proc/1 takes no new files, even for root.
    let mut env = s.env();
    env.insert("GOMODCACHE".into(), "/proc/1/gomodcache".into());
    let v = offline(&env, Some(&go), s.path());
    assert_eq!(finding(&v, "modcache-not-writable")["severity"], "problem");
    assert_eq!(v["modcache"]["writable"], false);
    // The go command cannot download into it either.
    let rt = netlab::lab_runtime();
    let mirror = LabMirror::start(&rt, Behaviour::default(), None);
    let mut goenv = env.clone();
    goenv.insert("GOPROXY".into(), mirror.url.clone());
    goenv.insert("GOSUMDB".into(), "off".into());
    let got = common::run_go(
        &go,
        &["mod", "download", "-json", "example.com/lab@v1.0.0"],
        &goenv,
        s.path(),
    );
    assert_ne!(got.code, 0, "{}{}", got.stdout, got.stderr);
    assert!(
        format!("{}{}", got.stdout, got.stderr).contains("/proc/1/gomodcache"),
        "{}{}",
        got.stdout,
        got.stderr
    );

    // A 4 MiB tmpfs as the module cache: writable, nearly no room.
    let cache = s.path().join("small-cache");
    std::fs::create_dir_all(&cache).expect("cache dir");
    let mut env = s.env();
    env.insert("GOMODCACHE".into(), cache.display().to_string());
    env.insert("GOMIRROR_GO".into(), go.display().to_string());
    let out = std::process::Command::new("/usr/bin/unshare")
        .args([
            "--mount",
            "/bin/sh",
            "-c",
            r#"mount -t tmpfs -o size=4m tmpfs "$0" && exec "$@""#,
        ])
        .arg(&cache)
        .arg(env!("CARGO_BIN_EXE_gomirror"))
        .args(["doctor", "--json", "--offline"])
        .env_clear()
        .envs(&env)
        .current_dir(s.path())
        .output()
        .expect("unshare runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    assert_eq!(v["modcache"]["writable"], true, "{}", v["modcache"]);
    assert!(
        v["modcache"]["free_bytes"]
            .as_u64()
            .is_some_and(|b| b <= 4 * 1024 * 1024),
        "{}",
        v["modcache"]
    );
    let f = finding(&v, "modcache-low-space");
    assert_eq!(f["severity"], "warning");
}

#[test]
fn git_missing_netrc_open_to_others_and_all_proxy_only() {
    let s = Sandbox::new();
    let go = go("1.27");
    // A PATH with the go command and no git.
    let mut env = s.env();
    env.insert("PATH".into(), bin_dir(&go));
    env.remove("HTTPS_PROXY");
    env.remove("HTTP_PROXY");
    env.insert("ALL_PROXY".into(), "socks5://127.0.0.1:9".into());
    let netrc = s.home.join(".netrc");
    std::fs::write(&netrc, "machine corp.example login u password p\n").expect("netrc");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&netrc, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let v = offline(&env, Some(&go), s.path());
    let all = ids(&v);
    for id in [
        "git-missing",
        "netrc-readable-by-others",
        "proxy-all-proxy-only",
    ] {
        assert!(all.contains(&id.to_string()), "no {id} in {all:?}");
    }
    assert_eq!(v["git"]["found"], false);
    assert_eq!(v["netrc"]["mode"], "0644");
    // The go command agrees that it ignores ALL_PROXY: in a namespace where nothing can
    // leave, it dials the mirror's own address, never the SOCKS proxy.
    let mut goenv = env.clone();
    goenv.insert("GOPROXY".into(), "https://proxy.golang.org".into());
    goenv.insert("GOSUMDB".into(), "off".into());
    let got = isolated(
        &s,
        "127.0.0.1 localhost\n198.18.0.7 proxy.golang.org\n",
        &go,
        &["mod", "download", "-json", "example.com/lab@v1.0.0"],
        &goenv,
    );
    let said = format!("{}{}", got.stdout, got.stderr);
    assert!(said.contains("dial tcp 198.18.0.7:443"), "{said}");
    assert!(
        !said.contains("socks") && !said.contains("proxyconnect"),
        "{said}"
    );
}

#[path = "doctor_findings/network.rs"]
mod network;
#[path = "doctor_findings/toolchain.rs"]
mod toolchain;
