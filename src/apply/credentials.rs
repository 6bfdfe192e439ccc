//! Moving the credentials out of the env file's GOPROXY into `.netrc` (0600), where the go
//! command reads them too: `go env -w` writes the env file readable by every local user. One
//! step for the user; two undo steps in the history (the env file, then the `.netrc` entry, whose
//! history says only which host it is for).

use super::other::write_other;
use super::safe_write::{self, Fingerprint};
use super::{ApplyError, Outcome, Plan, Target};
use crate::goenv::model::Layers;
use crate::goenv::netrc;
use crate::tr;
use std::path::Path;

/// What was moved.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Moved {
    pub netrc: std::path::PathBuf,
    pub hosts: Vec<String>,
    pub outcome: Outcome,
}

/// Moves the passwords in the user env file's GOPROXY into `.netrc` and writes GOPROXY back
/// without them (through `via`). If the second write fails, the first is undone.
pub fn move_goproxy_credentials(
    layers: &Layers,
    via: Target,
    data_dir: &Path,
) -> Result<Moved, ApplyError> {
    let value = layers
        .user_values()
        .get("GOPROXY")
        .cloned()
        .unwrap_or_default();
    let (clean, machines) = netrc::split_credentials(&value);
    if machines.is_empty() {
        return Err(ApplyError::refused(tr!(
            "the env file's GOPROXY carries no password: nothing to move",
            "env 文件中的 GOPROXY 不含密码：没有需要移动的内容"
        )));
    }
    let Some(path) = netrc::location(&layers.env, layers.os) else {
        return Err(ApplyError::refused(tr!(
            "no home folder to keep a .netrc in: set HOME (USERPROFILE on Windows) or NETRC",
            "没有可存放 .netrc 的主目录：请设置 HOME（Windows 为 USERPROFILE）或 NETRC"
        )));
    };
    let before = safe_write::read_stable(&path)?;
    let mut text = String::from_utf8_lossy(before.as_deref().unwrap_or_default()).into_owned();
    for m in &machines {
        text = netrc::with_machine(&text, m).map_err(|e| netrc_refusal(&e, &m.host))?;
    }
    let hosts: Vec<String> = machines.iter().map(|m| m.host.clone()).collect();
    // The history names the hosts only, never the credentials.
    let changes = hosts
        .iter()
        .map(|h| format!("netrc entry added for {h}"))
        .collect();
    write_other(
        &path,
        &Fingerprint::of(before.as_deref()),
        text.as_bytes(),
        changes,
        true,
        data_dir,
    )?;
    let plan = Plan::default().set("GOPROXY", &clean);
    let result =
        super::prepare(layers, &plan, via).and_then(|p| super::apply(layers, &p, data_dir));
    match result {
        Ok(mut outcome) => {
            let (shown, list) = (path.display().to_string(), hosts.join(", "));
            outcome.notes.push(tr!(
                "the credentials for {list} are now in {shown} (readable by you only), where the go command reads them",
                "{list} 的凭据已移到 {shown}（仅你可读），go 命令会从那里读取"
            ));
            Ok(Moved {
                netrc: path,
                hosts,
                outcome,
            })
        }
        Err(e) => {
            // All or nothing: take the .netrc entry back out.
            let _ = super::undo(data_dir);
            Err(e)
        }
    }
}

/// Adds a `.netrc` entry (created 0600) for `host`, where git and the go command read it, with
/// a backup and one undo step; the history and the returned preview never show the password.
/// Returns None when the same entry is there already.
pub fn add_netrc_entry(
    env: &crate::goenv::location::EnvMap,
    os: crate::goenv::location::TargetOs,
    machine: &netrc::Machine,
    dry_run: bool,
    data_dir: &Path,
) -> Result<Option<String>, ApplyError> {
    let Some(path) = netrc::location(env, os) else {
        return Err(ApplyError::refused(tr!(
            "no home folder to keep a .netrc in: set HOME (USERPROFILE on Windows) or NETRC",
            "没有可存放 .netrc 的主目录：请设置 HOME（Windows 为 USERPROFILE）或 NETRC"
        )));
    };
    let before = safe_write::read_stable(&path)?;
    let text = String::from_utf8_lossy(before.as_deref().unwrap_or_default()).into_owned();
    let host = machine.host.clone();
    let after =
        netrc::with_machine(&text, machine).map_err(|e| netrc_refusal(&e, &machine.host))?;
    if after == text {
        return Ok(None);
    }
    let shown = path.display().to_string();
    let preview = format!(
        "{shown}: + machine {host} login {} password ********\n",
        machine.login
    );
    if !dry_run {
        write_other(
            &path,
            &Fingerprint::of(before.as_deref()),
            after.as_bytes(),
            vec![format!("netrc entry added for {host}")],
            true,
            data_dir,
        )?;
    }
    Ok(Some(preview))
}

/// Why a `.netrc` entry was not added, in both languages.
fn netrc_refusal(e: &netrc::NetrcError, host: &str) -> ApplyError {
    ApplyError::Refused {
        en: e.to_string(),
        zh: match e {
            netrc::NetrcError::Conflicting(_) => {
                format!("~/.netrc 中已有 {host} 的其他凭据；请手动编辑")
            }
            netrc::NetrcError::Invalid => "主机、用户名或密码为空或含有空白字符".into(),
        },
    }
}
