//! The env file and `env --json` under Wine, compared with go.exe: seeded combinations of
//! process variables, `HKCU\Environment` and env-file contents; `set`, `unset` and `undo`
//! through the file and through go.exe.

use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// How many seeded rounds: `GOMIRROR_WINDOWS_SCALE` times the CI subset.
fn rounds(ci: usize) -> usize {
    let scale: usize = std::env::var("GOMIRROR_WINDOWS_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    ci * scale.max(1)
}

const KEYS: &[&str] = &[
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOSUMDB",
    "GOINSECURE",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GOAUTH",
];

fn values(key: &str) -> &'static [&'static str] {
    match key {
        "GOPROXY" => &[
            "https://goproxy.cn,direct",
            "direct",
            "off",
            "https://a.example|https://b.example",
        ],
        "GOSUMDB" => &["sum.golang.google.cn", "off"],
        "GOPRIVATE" | "GONOSUMDB" | "GOINSECURE" => &["git.corp.com", "*.corp,github.com/org"],
        "GOFLAGS" => &["-mod=mod", "-modcacherw"],
        "GOTOOLCHAIN" => &["local", "auto", "local+auto"],
        "GOAUTH" => &["off", "netrc"],
        _ => &["x"],
    }
}

fn pick(rng: &mut StdRng, pool: &[&'static str]) -> &'static str {
    pool[rng.random_range(0..pool.len())]
}

#[test]
fn env_json_equals_go_exe_for_process_registry_and_file_values() {
    let w = Wine::new();
    let mut rng = StdRng::seed_from_u64(0x5eed_0020);
    let mut compared = 0;
    for round in 0..rounds(4) {
        let mut process = EnvMap::new();
        let mut registry: Vec<(&str, Option<&str>)> = Vec::new();
        let mut file = String::new();
        for key in KEYS {
            let layer = rng.random_range(0..6);
            if layer == 1 || layer == 4 {
                process.insert(key.to_string(), pick(&mut rng, values(key)).into());
            }
            if layer == 2 || layer == 5 {
                registry.push((key, Some(pick(&mut rng, values(key)))));
            } else {
                registry.push((key, None));
            }
            if layer >= 3 {
                file.push_str(&format!("{key}={}\n", pick(&mut rng, values(key))));
            }
        }
        w.user_variables(&registry);
        let env_file = w.env_file();
        std::fs::create_dir_all(env_file.parent().expect("dir")).expect("dir");
        std::fs::write(&env_file, &file).expect("env file");
        let mut args = vec!["env", "-json"];
        args.extend(KEYS);
        let go = w.go(&args, &process);
        assert_eq!(go.code, 0, "go.exe env: {}", go.stderr);
        let want: BTreeMap<String, String> = crate::common::json_as(&go);
        let ours = w.gomirror(&["env", "--json"], &process);
        assert_eq!(ours.code, 0, "gomirror.exe env: {}", ours.stderr);
        let v: serde_json::Value = crate::common::json(&ours);
        for key in KEYS {
            assert_eq!(
                v["vars"][key]["value"].as_str(),
                Some(want[*key].as_str()),
                "round {round}: {key}\nprocess: {process:?}\nregistry: {registry:?}\nfile:\n{file}"
            );
            compared += 1;
        }
        // The env file gomirror names is the one go.exe uses.
        let goenv = w.go(&["env", "GOENV"], &process);
        assert_eq!(v["env_file"].as_str(), Some(goenv.stdout.trim()));
    }
    println!("windows: {compared} values compared with go.exe env -json");
}

/// One change both ways: through gomirror.exe on one file, through go.exe on the other.
enum Op {
    Set(&'static str, &'static str),
    Unset(&'static str),
    Undo,
}

#[test]
fn set_unset_and_undo_leave_the_env_file_as_go_exe_writes_it() {
    let w = Wine::new();
    let mut rng = StdRng::seed_from_u64(0x5eed_0021);
    let ours = w.sandbox.path().join("ours").join("env");
    let theirs = w.sandbox.path().join("theirs").join("env");
    let start = "# kept\r\nGOFLAGS=-mod=mod\nGOPRIVATE=git.corp.com\n";
    for f in [&ours, &theirs] {
        std::fs::create_dir_all(f.parent().expect("dir")).expect("dir");
        std::fs::write(f, start).expect("start");
    }
    let env_for = |f: &std::path::Path| {
        let mut e = EnvMap::new();
        e.insert("GOENV".into(), win(f));
        e
    };
    // What each step left, to check undo against.
    let mut states = vec![start.as_bytes().to_vec()];
    let mut steps = 0;
    for i in 0..rounds(6) {
        let op = match rng.random_range(0..5) {
            0 | 1 => {
                let key = pick(&mut rng, KEYS);
                Op::Set(key, pick(&mut rng, values(key)))
            }
            2 => Op::Unset(pick(&mut rng, &["GOFLAGS", "GOPRIVATE", "GOPROXY"])),
            _ if states.len() > 1 => Op::Undo,
            _ => Op::Set("GOSUMDB", "sum.golang.google.cn"),
        };
        let via = if i % 2 == 0 { "file" } else { "go" };
        match op {
            Op::Set(key, value) => {
                let pair = format!("{key}={value}");
                let g = w.go(&["env", "-w", &pair], &env_for(&theirs));
                assert_eq!(g.code, 0, "go.exe env -w {pair}: {}", g.stderr);
                let o = w.gomirror(&["set", "--via", via, &pair], &env_for(&ours));
                assert!(
                    o.code == 0 || o.code == 4,
                    "set {pair} --via {via}: {}{}",
                    o.stdout,
                    o.stderr
                );
            }
            Op::Unset(key) => {
                let g = w.go(&["env", "-u", key], &env_for(&theirs));
                assert_eq!(g.code, 0, "go.exe env -u {key}: {}", g.stderr);
                let o = w.gomirror(&["unset", "--via", via, key], &env_for(&ours));
                assert!(
                    o.code == 0 || o.code == 4,
                    "unset {key} --via {via}: {}{}",
                    o.stdout,
                    o.stderr
                );
            }
            Op::Undo => {
                states.pop();
                let back = states.last().expect("state").clone();
                std::fs::write(&theirs, &back).expect("the go side's undo");
                let o = w.gomirror(&["undo"], &env_for(&ours));
                assert_eq!(o.code, 0, "undo: {}{}", o.stdout, o.stderr);
                assert_eq!(
                    std::fs::read(&ours).expect("ours"),
                    back,
                    "step {i}: undo did not restore the file"
                );
                steps += 1;
                continue;
            }
        }
        let (a, b) = (
            std::fs::read(&ours).expect("ours"),
            std::fs::read(&theirs).expect("theirs"),
        );
        assert_eq!(
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b),
            "step {i} (--via {via}): gomirror.exe and go.exe disagree"
        );
        states.push(a);
        steps += 1;
    }
    println!("windows: {steps} env-file steps compared with go.exe");
}
