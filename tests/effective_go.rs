//! The model's effective values equal `go env -json` for generated combinations of process
//! environment, user env file and `$GOROOT/go.env`, on Go 1.27 and 1.19.

mod common;

use common::{Sandbox, fake_goroot, go, goroot, run_go};
use gomirror::goenv::gocmd;
use gomirror::goenv::keys;
use gomirror::goenv::location::TargetOs;
use gomirror::goenv::model::Layers;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;

fn pick<'a>(rng: &mut StdRng, pool: &[&'a str]) -> &'a str {
    pool[rng.random_range(0..pool.len())]
}

fn values_for(key: &str, sandbox: &Sandbox) -> Vec<String> {
    let p = |s: &str| sandbox.path().join(s).display().to_string();
    let v: Vec<String> = match key {
        "GOPROXY" => vec![
            "https://goproxy.cn,direct".into(),
            "direct".into(),
            "off".into(),
            ",".into(),
        ],
        "GOSUMDB" => vec![
            "sum.golang.google.cn".into(),
            "off".into(),
            "\"off\"".into(),
        ],
        "GOPRIVATE" | "GONOPROXY" | "GONOSUMDB" | "GOINSECURE" => {
            vec![
                "git.corp.com".into(),
                "none".into(),
                "*.corp,github.com/org".into(),
            ]
        }
        "GOFLAGS" => vec!["-mod=mod".into(), "-modcacherw".into()],
        "GOTOOLCHAIN" => vec![
            "local".into(),
            "auto".into(),
            "path".into(),
            "local+auto".into(),
        ],
        "GOVCS" => vec!["private:all".into()],
        "GOAUTH" => vec!["off".into(), "netrc".into()],
        "GOPATH" => vec![p("gp1"), format!("{}:{}", p("gp1"), p("gp2"))],
        "GOMODCACHE" => vec![p("modcache")],
        _ => vec!["x".into()],
    };
    v
}

const LAYER_KEYS: &[&str] = &[
    "GOPROXY",
    "GOSUMDB",
    "GOPRIVATE",
    "GONOPROXY",
    "GONOSUMDB",
    "GOINSECURE",
    "GOFLAGS",
    "GOTOOLCHAIN",
    "GOVCS",
    "GOAUTH",
    "GOPATH",
    "GOMODCACHE",
];

fn combination(version: &str, seed: u64) {
    let go_bin = go(version);
    let real_root = goroot(version);
    let mut rng = StdRng::seed_from_u64(seed);
    let sandbox = Sandbox::new();
    let mut env = sandbox.env();
    let mut user_file = String::new();
    let mut go_env = String::from("# go.env\n");
    for key in LAYER_KEYS {
        let values = values_for(key, &sandbox);
        let value = |rng: &mut StdRng| values[rng.random_range(0..values.len())].clone();
        match rng.random_range(0..4) {
            0 => {
                env.insert(key.to_string(), value(&mut rng));
            }
            1 => {
                env.insert(key.to_string(), String::new());
            }
            _ => {}
        }
        match rng.random_range(0..5) {
            0 => user_file.push_str(&format!("{key}={}\n", value(&mut rng))),
            1 => user_file.push_str(&format!("{key}=\n")),
            2 => user_file.push_str(&format!(
                "{key}={}\n{key}={}\n",
                value(&mut rng),
                value(&mut rng)
            )),
            _ => {}
        }
        if matches!(
            *key,
            "GOPROXY" | "GOSUMDB" | "GOTOOLCHAIN" | "GOPRIVATE" | "GOAUTH"
        ) {
            match rng.random_range(0..4) {
                0 => go_env.push_str(&format!("{key}={}\n", value(&mut rng))),
                1 => go_env.push_str(&format!("{key}=\n")),
                2 => go_env.push_str(&format!(
                    "{key}={}\n{key}={}\n",
                    value(&mut rng),
                    value(&mut rng)
                )),
                _ => {}
            }
        }
    }
    // GOROOT: the real one, or a fake one with its own go.env chosen by $GOROOT or by a
    // GOROOT line in the user file.
    let fake = fake_goroot(&real_root, &sandbox.path().join("goroot"), Some(&go_env));
    match rng.random_range(0..3) {
        0 => {
            env.insert("GOROOT".into(), fake.display().to_string());
        }
        1 if version != "1.27" => user_file.push_str(&format!("GOROOT={}\n", fake.display())),
        _ => {}
    }
    // The user file: default place, a GOENV path, or GOENV=off.
    let file = match rng.random_range(0..4) {
        0 => {
            let f = sandbox.path().join("custom-env");
            env.insert("GOENV".into(), f.display().to_string());
            f
        }
        1 => {
            env.insert("GOENV".into(), "off".into());
            sandbox.env_file()
        }
        _ => sandbox.env_file(),
    };
    std::fs::create_dir_all(file.parent().expect("parent")).expect("dir");
    std::fs::write(&file, &user_file).expect("write");

    let binary = gocmd::detect(&go_bin, &env);
    assert!(binary.version.is_some(), "version of {}", go_bin.display());
    let layers = Layers::read(env.clone(), TargetOs::Linux, Some(binary));
    let snapshot = gomirror::goenv::snapshot(&layers);
    let model_keys: Vec<&str> = keys::model_keys().collect();
    let mut args = vec!["env", "-json"];
    args.extend(&model_keys);
    let out = run_go(&go_bin, &args, &env, sandbox.path());
    assert_eq!(
        out.code, 0,
        "go env failed: {}\nfile:\n{user_file}\nenv: {env:?}",
        out.stderr
    );
    let reported: BTreeMap<String, String> = crate::common::json_as(&out);
    for key in &model_keys {
        assert_eq!(
            snapshot.value(key),
            reported[*key],
            "go{version} seed {seed}: {key}\nuser file:\n{user_file}\ngo.env:\n{go_env}\nenv: {env:?}"
        );
    }
}

#[test]
fn effective_values_equal_go_env_json_1_27() {
    for seed in 0..120 {
        combination("1.27", seed);
    }
}

#[test]
fn effective_values_equal_go_env_json_1_24() {
    for seed in 500..540 {
        combination("1.24", seed);
    }
}

#[test]
fn effective_values_equal_go_env_json_1_19() {
    for seed in 1000..1120 {
        combination("1.19", seed);
    }
}

#[test]
fn pick_is_deterministic() {
    let mut a = StdRng::seed_from_u64(1);
    let mut b = StdRng::seed_from_u64(1);
    assert_eq!(
        pick(&mut a, &["x", "y", "z"]),
        pick(&mut b, &["x", "y", "z"])
    );
}
