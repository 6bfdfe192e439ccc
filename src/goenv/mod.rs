//! The Go settings core: layers, the env file, validation, patterns, routes and the go command.

pub mod conflicts;
pub mod envfile;
pub mod gocmd;
pub mod goproxy;
pub mod gosumdb;
pub mod gourl;
pub mod keys;
pub mod location;
pub mod model;
pub mod netrc;
pub mod pattern;
pub mod route;
pub mod validate;
pub mod version;

use location::{EnvMap, TargetOs};
use model::{Layers, Snapshot};

/// Reads this machine's settings for the given environment: finds and asks the go command (if
/// any), reads the layers, computes the model, and cross-checks it with `go env -json`.
pub fn load(env: EnvMap) -> (Layers, Snapshot) {
    load_for(env, TargetOs::current())
}

/// The model of `layers`: every key's effective value and source, with its conflicts
/// (attached here, above both the model and the conflict rules).
pub fn snapshot(layers: &Layers) -> Snapshot {
    let files = layers.file_values();
    let mut snapshot = Snapshot::values(layers, &files);
    conflicts::attach(layers, &files, &mut snapshot.vars);
    snapshot
}

/// [`load`] with the rules of `os` (where the env file and the go binary are looked for).
pub fn load_for(env: EnvMap, os: TargetOs) -> (Layers, Snapshot) {
    let go = gocmd::discover(&env, os).map(|path| gocmd::detect(&path, &env));
    let layers = Layers::read(env, os, go);
    let mut snapshot = snapshot(&layers);
    cross_check(&layers, &mut snapshot);
    (layers, snapshot)
}

/// Where the go command disagrees with the model, the go command is right: take its value and
/// say so. Where it cannot run at all, say why (a bricked setting, G2/G3/G16).
fn cross_check(layers: &Layers, snapshot: &mut Snapshot) {
    let Some(go) = &layers.go else { return };
    let keys: Vec<&str> = keys::model_keys().filter(|k| *k != "GOTOOLCHAIN").collect();
    let json = gocmd::run_blocking(&gocmd::env_json_command(&go.path, &layers.env, &keys));
    let mut reported = match json {
        Ok(out) if out.success() => gocmd::parse_env_json(&out.stdout).unwrap_or_default(),
        Ok(out) => {
            let stderr = out.stderr.trim().to_string();
            if let Some(v) = snapshot.vars.get_mut("GOVERSION") {
                v.conflicts.push(conflicts::Conflict {
                    code: "go-command-fails",
                    message: crate::tr!(
                        "The go command fails with the current settings: {stderr}",
                        "当前设置下 go 命令无法运行：{stderr}"
                    ),
                    fix: None,
                });
            }
            return;
        }
        Err(_) => return,
    };
    if let Ok(out) = gocmd::run_blocking(&gocmd::gotoolchain_command(&go.path, &layers.env))
        && out.success()
    {
        reported.insert(
            "GOTOOLCHAIN".into(),
            out.stdout.trim_end_matches('\n').to_string(),
        );
    }
    for (key, value) in reported {
        if let Some(var) = snapshot.vars.get_mut(&key)
            && var.value != value
        {
            let ours = std::mem::replace(&mut var.value, value.clone());
            var.conflicts.push(conflicts::Conflict {
                code: "model-differs",
                message: crate::tr!(
                    "gomirror computed {ours:?} but the go command reports {value:?}; the go command's value is shown.",
                    "gomirror 计算出 “{ours}”，但 go 命令报告 “{value}”；此处显示 go 命令的值。"
                ),
                fix: None,
            });
        }
    }
}
