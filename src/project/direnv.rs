//! direnv: whether it has been allowed to load a project's `.envrc` (`direnv status`), and
//! `direnv allow` on the user's explicit request. Every run is bounded.

use crate::goenv::gocmd::{self, GoCommand};
use crate::goenv::location::EnvMap;
use crate::i18n::Text;
use crate::tr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long `direnv status` may take.
const DIRENV_TIMEOUT: Duration = Duration::from_secs(5);

/// Finds a program on PATH.
pub fn which(env: &EnvMap, name: &str) -> Option<PathBuf> {
    let path = env.get("PATH").or_else(|| env.get("Path"))?;
    let sep = if cfg!(windows) { ';' } else { ':' };
    let exe = if cfg!(windows) {
        format!("{name}.exe")
    } else {
        name.to_string()
    };
    path.split(sep)
        .filter(|d| !d.is_empty())
        .map(|d| Path::new(d).join(&exe))
        .find(|p| p.is_file())
}

/// `direnv status` in the project folder: whether its `.envrc` is allowed. Bounded.
pub fn direnv_allowed(dir: &Path, env: &EnvMap) -> Option<bool> {
    let direnv = which(env, "direnv")?;
    let out = gocmd::run_blocking(&GoCommand {
        program: direnv,
        args: vec!["status".into()],
        env: env.clone(),
        cwd: dir.to_path_buf(),
        timeout: DIRENV_TIMEOUT,
    })
    .ok()?;
    parse_direnv_status(&out.stdout)
}

/// `direnv export json` in the project folder: what entering it changes, as direnv itself
/// evaluates the allowed `.envrc` (its standard library included). Only the Go and network
/// variables are kept; a JSON null (the variable is unset) is None. Bounded.
pub fn direnv_export(
    dir: &Path,
    env: &EnvMap,
) -> Option<std::collections::BTreeMap<String, Option<String>>> {
    let direnv = which(env, "direnv")?;
    let out = gocmd::run_blocking(&GoCommand {
        program: direnv,
        args: vec!["export".into(), "json".into()],
        env: env.clone(),
        cwd: dir.to_path_buf(),
        timeout: DIRENV_TIMEOUT,
    })
    .ok()?;
    if !out.success() {
        return None;
    }
    let text = out.stdout.trim();
    if text.is_empty() {
        // Nothing changes (the environment already has every value).
        return Some(std::collections::BTreeMap::new());
    }
    let map: std::collections::BTreeMap<String, Option<String>> =
        serde_json::from_str(text).ok()?;
    Some(
        map.into_iter()
            .filter(|(k, _)| super::envrc::is_reported(k))
            .collect(),
    )
}

/// `Found RC allowed true|false` (direnv 2.32) or `0|1|2` (2.33+: allowed, not allowed, denied).
pub fn parse_direnv_status(stdout: &str) -> Option<bool> {
    let v = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Found RC allowed "))?
        .trim();
    match v {
        "true" | "0" => Some(true),
        "false" | "1" | "2" => Some(false),
        _ => None,
    }
}

/// `direnv allow DIR`: only ever run on the user's explicit request.
pub fn direnv_allow(dir: &Path, env: &EnvMap) -> Result<(), Text> {
    let Some(direnv) = which(env, "direnv") else {
        return Err(tr!(
            "direnv is not installed (see https://direnv.net)",
            "未安装 direnv（见 https://direnv.net）"
        ));
    };
    let out = gocmd::run_blocking(&GoCommand {
        program: direnv,
        args: vec!["allow".into(), dir.as_os_str().to_owned()],
        env: env.clone(),
        cwd: dir.to_path_buf(),
        timeout: DIRENV_TIMEOUT,
    })
    .map_err(|e| Text::new(e.to_string(), format!("无法运行 direnv：{e}")))?;
    if out.success() {
        Ok(())
    } else {
        let err = out.stderr.trim().to_string();
        Err(Text::new(
            format!("direnv allow failed: {err}"),
            format!("direnv allow 失败：{err}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direnv_status_forms() {
        assert_eq!(
            parse_direnv_status("x\nFound RC allowed true\n"),
            Some(true)
        );
        assert_eq!(parse_direnv_status("Found RC allowed false"), Some(false));
        assert_eq!(parse_direnv_status("Found RC allowed 0"), Some(true));
        assert_eq!(parse_direnv_status("Found RC allowed 2"), Some(false));
        assert_eq!(parse_direnv_status("No .envrc or .env loaded"), None);
    }
}
