//! `gomirror verify` with the real go command against the lab and a real checksum database:
//! the right settings download and verify; a mirror that never answers ends at our deadline as
//! `proxy-timeout` with no go or git process left; a tampered zip is `checksum-mismatch`; a
//! private module looked up in the public database is explained with the GOPRIVATE fix; the
//! throwaway module caches are gone afterwards.

mod common;
#[path = "common/labsumdb.rs"]
mod labsumdb;
#[path = "common/netlab/mod.rs"]
mod netlab;

use common::{Sandbox, go, gomirror};
use netlab::{Behaviour, LabMirror};
use std::time::{Duration, Instant};

fn verify(s: &Sandbox, args: &[&str], extra: &[(&str, &str)]) -> (i32, serde_json::Value) {
    let mut env = s.env();
    // Throwaway caches go under the sandbox's own temp dir, so the test can see them go.
    let tmp = s.path().join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    env.insert("TMPDIR".into(), tmp.display().to_string());
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    let mut all = vec!["verify", "--json"];
    all.extend_from_slice(args);
    let out = gomirror(&all, &env, Some(&go("1.27")), s.path());
    let v = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout, out.stderr));
    let left: Vec<_> = std::fs::read_dir(&tmp).expect("tmp").flatten().collect();
    assert!(left.is_empty(), "throwaway caches left: {left:?}");
    (out.code, v)
}

#[test]
fn the_right_settings_download_and_verify_against_the_checksum_database() {
    let s = Sandbox::new();
    let db = labsumdb::start(&s, "sum.lab.example");
    let rt = netlab::lab_runtime();
    let mirror = LabMirror::start(
        &rt,
        Behaviour {
            sumdb_upstream: Some(db.addr.clone()),
            ..Behaviour::default()
        },
        None,
    );
    let set_proxy = format!("GOPROXY={}", mirror.url);
    let set_sumdb = format!("GOSUMDB={}", db.vkey);
    let (code, v) = verify(
        &s,
        &[
            "--set",
            &set_proxy,
            "--set",
            &set_sumdb,
            "--module",
            "example.com/m@v1.0.0",
            "--module",
            "example.com/n@v1.1.0",
        ],
        &[],
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["ok"], true);
    assert_eq!(v["settings"]["GOPROXY"], mirror.url.as_str());
    assert_eq!(v["modules"].as_array().expect("modules").len(), 2);
    for m in v["modules"].as_array().expect("modules") {
        assert_eq!(m["ok"], true, "{m}");
        assert_eq!(m["verified"], true, "{m}");
        assert!(m["error_class"].is_null());
    }
    assert_eq!(v["database"], "sum.lab.example");
    assert!(v["failure"].is_null());
    assert!(v["elapsed_ms"].as_u64().is_some());

    // Without a checksum database the same download is not "verified".
    let (code, v) = verify(
        &s,
        &[
            "--set",
            &set_proxy,
            "--set",
            "GOSUMDB=off",
            "--module",
            "example.com/m@v1.0.0",
        ],
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(v["modules"][0]["verified"], false);

    // A tampered zip: the database catches it.
    let tampered = LabMirror::start(
        &rt,
        Behaviour {
            sumdb_upstream: Some(db.addr.clone()),
            zip_padding: 64,
            ..Behaviour::default()
        },
        None,
    );
    let (code, v) = verify(
        &s,
        &[
            "--set",
            &format!("GOPROXY={}", tampered.url),
            "--set",
            &set_sumdb,
            "--module",
            "example.com/m@v1.0.0",
        ],
        &[],
    );
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["failure"]["class"], "checksum-mismatch", "{v}");
    assert_eq!(v["modules"][0]["error_class"], "checksum-mismatch");
}

#[test]
fn a_silent_mirror_ends_at_the_deadline_with_no_process_left() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let hanging = LabMirror::start(&rt, Behaviour::hanging(), None);
    let start = Instant::now();
    let (code, v) = verify(
        &s,
        &[
            "--set",
            &format!("GOPROXY={}", hanging.url),
            "--set",
            "GOSUMDB=off",
            "--module",
            "example.com/m@v1.0.0",
            "--timeout-s",
            "3",
        ],
        &[],
    );
    let took = start.elapsed();
    assert_eq!(code, 1);
    assert_eq!(v["failure"]["class"], "proxy-timeout", "{v}");
    // No probe ran here: no mirror nobody saw work is offered as the fix.
    assert!(v["failure"]["fix"].is_null(), "{v}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // The go command and anything it started were stopped with it.
    let mut left = common::leftovers(&s);
    for _ in 0..20 {
        if left.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        left = common::leftovers(&s);
    }
    assert!(left.is_empty(), "left running: {left:?}");
}

#[test]
fn a_private_module_looked_up_in_the_public_database_is_explained() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    // The mirror has the module but does not proxy the database; sum.golang.org itself is out
    // of reach (the sandbox's proxy is a closed port), as for a private module it is useless.
    let mirror = LabMirror::start(
        &rt,
        Behaviour {
            sumdb_supported: 404,
            ..Behaviour::default()
        },
        None,
    );
    let (code, v) = verify(
        &s,
        &[
            "--set",
            &format!("GOPROXY={}", mirror.url),
            "--set",
            "GOSUMDB=sum.golang.org",
            "--module",
            "git.corp.example/team/lib@v1.0.0",
        ],
        &[],
    );
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["failure"]["class"], "sumdb-unreachable", "{v}");
    // Without evidence that the module is private, the fix keeps verification on: the same
    // database through a host that answers.
    assert!(v["failure"]["fix"]["GOPRIVATE"].is_null(), "{v}");
    assert_eq!(
        v["failure"]["fix"]["GOSUMDB"], "sum.golang.google.cn",
        "{v}"
    );
    // Told that the host is the company's, the fix takes its modules out of the database.
    let (code, v) = verify(
        &s,
        &[
            "--set",
            &format!("GOPROXY={}", mirror.url),
            "--set",
            "GOSUMDB=sum.golang.org",
            "--module",
            "git.corp.example/team/lib@v1.0.0",
            "--private-host",
            "git.corp.example",
        ],
        &[],
    );
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["failure"]["class"], "sumdb-unreachable", "{v}");
    assert_eq!(v["failure"]["fix"]["GOPRIVATE"], "git.corp.example", "{v}");
    assert!(
        v["failure"]["zh"]
            .as_str()
            .expect("zh")
            .contains("校验和数据库")
    );
    // With the fix, it downloads (and is, rightly, not checked against the public database).
    let (code, v) = verify(
        &s,
        &[
            "--set",
            &format!("GOPROXY={}", mirror.url),
            "--set",
            "GOSUMDB=sum.golang.org",
            "--set",
            "GOPRIVATE=git.corp.example",
            "--set",
            "GONOPROXY=none.example",
            "--module",
            "git.corp.example/team/lib@v1.0.0",
        ],
        &[],
    );
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["modules"][0]["verified"], false);
}

/// The `path@version` of every module a verify reported, sorted.
fn module_ids(v: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = v["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .map(|m| {
            format!(
                "{}@{}",
                m["path"].as_str().unwrap_or(""),
                m["version"].as_str().unwrap_or("")
            )
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn with_dir_it_downloads_the_projects_own_requirements_and_leaves_the_project_as_it_was() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let mirror = LabMirror::start(&rt, Behaviour::default(), None);
    let project = s.path().join("proj");
    std::fs::create_dir_all(&project).expect("project");
    let gomod = "module example.com/proj\n\ngo 1.21\n\nrequire (\n\texample.com/m v1.0.0\n\texample.com/n v1.1.0\n)\n";
    std::fs::write(project.join("go.mod"), gomod).expect("go.mod");
    let dir = project.display().to_string();
    let set_proxy = format!("GOPROXY={}", mirror.url);
    let (code, v) = verify(
        &s,
        &["--dir", &dir, "--set", &set_proxy, "--set", "GOSUMDB=off"],
        &[],
    );
    assert_eq!(code, 0, "{v}");
    let got = module_ids(&v);
    assert_eq!(got, ["example.com/m@v1.0.0", "example.com/n@v1.1.0"], "{v}");
    // Neither the sample nor anything else was asked for.
    let asked = mirror.requests();
    assert!(
        asked
            .iter()
            .all(|r| r.contains("example.com/m/") || r.contains("example.com/n/")),
        "{asked:?}"
    );
    // The project's own files are untouched: no go.sum written, go.mod byte for byte.
    assert_eq!(
        std::fs::read_to_string(project.join("go.mod")).expect("go.mod"),
        gomod
    );
    let files: Vec<_> = std::fs::read_dir(&project)
        .expect("project")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["go.mod"], "the project gained files");
}

#[test]
fn without_dir_or_modules_it_downloads_the_documented_public_sample() {
    let s = Sandbox::new();
    let rt = netlab::lab_runtime();
    let mirror = LabMirror::start(&rt, Behaviour::default(), None);
    let set_proxy = format!("GOPROXY={}", mirror.url);
    let (code, v) = verify(&s, &["--set", &set_proxy, "--set", "GOSUMDB=off"], &[]);
    assert_eq!(code, 0, "{v}");
    let mut want: Vec<String> = gomirror::verify::run::SAMPLE
        .iter()
        .map(|m| m.to_string())
        .collect();
    want.sort();
    assert_eq!(module_ids(&v), want);
    // Fixed public modules only, from the lab (never a user's module path).
    for m in gomirror::verify::run::SAMPLE {
        let (path, version) = m.split_once('@').expect("path@version");
        assert!(
            mirror
                .requests()
                .iter()
                .any(|r| r.contains(&format!("{path}/@v/{version}.zip"))),
            "{m} not fetched: {:?}",
            mirror.requests()
        );
    }
}

#[test]
fn usage_errors_exit_2_and_no_go_command_exits_3() {
    let s = Sandbox::new();
    for args in [
        vec!["verify", "--set", "GOPROXY"],
        vec!["verify", "--timeout-s", "soon"],
        vec!["verify", "--no-such-flag"],
    ] {
        let out = gomirror(&args, &s.env(), Some(&go("1.27")), s.path());
        assert_eq!(out.code, 2, "{args:?}: {}{}", out.stdout, out.stderr);
        assert!(!out.stderr.is_empty(), "{args:?}: no message");
    }
    let out = gomirror(&["verify", "--json"], &s.env(), None, s.path());
    assert_eq!(out.code, 3, "{}{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("no go command found"), "{}", out.stderr);
    assert!(out.stderr.contains("找不到 go 命令"), "{}", out.stderr);
}
