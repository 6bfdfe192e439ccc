//! Conflicts: everything about the current settings that surprises users (§2 of
//! users-and-mirrors.md), each with an explanation and, where possible, a fix.

use super::envfile;
use super::gourl::redact_text;
use super::location::{EnvFileLocation, env_value};
use super::model::{FileValues, Layers, Source, Var};
use super::validate::{self, Severity};
use crate::i18n::Text;
use crate::tr;
use std::collections::BTreeMap;

pub use super::model::{Conflict, Fix};

/// How to remove an OS environment variable, per OS, in both languages.
pub fn remove_os_variable_help(key: &str) -> Text {
    tr!(
        "Remove the OS variable {key}: on Windows open System Properties > Environment Variables (or run: reg delete HKCU\\Environment /v {key} /f) and restart the app; on macOS remove 'export {key}=...' from ~/.zprofile, ~/.zshrc or ~/.bash_profile and run 'launchctl unsetenv {key}'; on Linux remove it from ~/.profile, ~/.bashrc or /etc/environment and log in again. Also check IDE settings (GoLand Environment, VS Code go.toolsEnvVars) and Docker/CI ENV lines.",
        "删除操作系统环境变量 {key}：Windows 打开“系统属性 → 环境变量”（或运行 reg delete HKCU\\Environment /v {key} /f）后重启本程序；macOS 从 ~/.zprofile、~/.zshrc 或 ~/.bash_profile 中删掉 'export {key}=...' 并运行 'launchctl unsetenv {key}'；Linux 从 ~/.profile、~/.bashrc 或 /etc/environment 中删除后重新登录。还要检查 IDE 设置（GoLand 的 Environment、VS Code 的 go.toolsEnvVars）以及 Docker/CI 中的 ENV。"
    )
}

/// Attaches every conflict to the model's variables.
pub fn attach(layers: &Layers, files: &FileValues, vars: &mut BTreeMap<String, Var>) {
    let (user, goroot) = (&files.user, &files.goroot);
    let keys: Vec<String> = vars.keys().cloned().collect();
    for key in &keys {
        let mut found = Vec::new();
        let Some(var) = vars.get(key) else { continue };
        env_overrides(layers, key, var, &mut found);
        if let Some(file_value) = user.get(key)
            && file_value.is_empty()
            && layers.reads_goroot_env()
            && goroot.get(key).is_some_and(|g| !g.is_empty())
        {
            let default = goroot.get(key).cloned().unwrap_or_default();
            found.push(Conflict {
                code: "empty-masks-default",
                message: tr!(
                    "The user env file has an empty {key}= line; since Go 1.21 it hides the default {default:?} from $GOROOT/go.env.",
                    "用户 env 文件中有空的 {key}= 行；从 Go 1.21 起它会盖住 $GOROOT/go.env 中的默认值 “{default}”。"
                ),
                fix: Some(Fix::UnsetInFile { key: key.clone() }),
            });
        }
        if let Some(file_value) = user.get(key)
            && let Some(clean) = file_value.strip_suffix('\r')
        {
            found.push(Conflict {
                code: "crlf-line-ending",
                message: tr!(
                    "The user env file's {key} line ends in a Windows line break (CR LF, as Notepad saves it): the go command reads the CR as part of the value (GOSUMDB then fails with 'malformed verifier id', GOPRIVATE-style patterns never match). Save the file with LF line endings.",
                    "用户 env 文件中 {key} 这一行以 Windows 换行符（CR LF，记事本保存时常见）结尾：go 命令会把 CR 当作值的一部分（GOSUMDB 会因此报错 “malformed verifier id”，GOPRIVATE 等模式永远不匹配）。请以 LF 换行保存该文件。"
                ),
                fix: Some(Fix::SetInFile {
                    key: key.clone(),
                    value: clean.to_string(),
                }),
            });
        }
        if key == "GOPROXY"
            && let Some(file_value) = user.get(key)
            && !crate::goenv::netrc::split_credentials(file_value)
                .1
                .is_empty()
        {
            found.push(Conflict {
                code: "credentials-in-env-file",
                message: tr!(
                    "The env file's GOPROXY carries a password, and 'go env -w' writes that file readable by every user of this computer. Move it to .netrc (readable by you only), where the go command reads it too.",
                    "env 文件中的 GOPROXY 含有密码，而 'go env -w' 写出的这个文件本机所有用户都能读取。请把密码移到 .netrc（仅你可读），go 命令同样会从那里读取。"
                ),
                fix: Some(Fix::MoveCredentialsToNetrc),
            });
        }
        if key != "GOROOT" && key != "GOENV" && key != "GOVERSION" && !var.value.is_empty() {
            invalid_value(key, var, &mut found);
        }
        if let Some(v) = vars.get_mut(key) {
            v.conflicts.extend(found);
        }
    }
    goroot_line(user, vars);
    ignored_lines(layers, vars);
    if layers.env_file == EnvFileLocation::Off
        && let Some(v) = vars.get_mut("GOENV")
    {
        v.conflicts.push(Conflict {
            code: "goenv-off",
            message: tr!(
                "GOENV=off: the go command reads no env file, but 'go env -w' would still write the default one; gomirror will not apply through the go command.",
                "GOENV=off：go 命令不读取任何 env 文件，但 'go env -w' 仍会写入默认文件；gomirror 不会通过 go 命令应用设置。"
            ),
            fix: None,
        });
    }
    if let EnvFileLocation::Missing { go_text } = &layers.env_file
        && let Some(v) = vars.get_mut("GOENV")
    {
        v.conflicts.push(Conflict {
            code: "no-env-file",
            message: tr!(
                "The go command cannot locate its env file ({go_text}); 'go env -w' will fail. Set HOME (or %AppData% on Windows) or an absolute XDG_CONFIG_HOME.",
                "go 命令找不到它的 env 文件（{go_text}）；'go env -w' 会失败。请设置 HOME（Windows 为 %AppData%）或绝对路径的 XDG_CONFIG_HOME。"
            ),
            fix: None,
        });
    }
    // Messages quote values and lines, and those may carry a password: shown and logged
    // redacted, like every value.
    for c in vars.values_mut().flat_map(|v| v.conflicts.iter_mut()) {
        c.message = Text::new(redact_text(&c.message.en), redact_text(&c.message.zh));
    }
}

fn env_overrides(layers: &Layers, key: &str, var: &Var, found: &mut Vec<Conflict>) {
    if var.source != Source::Env || key == "GOENV" {
        return;
    }
    let env = env_value(&layers.env, key).unwrap_or_default();
    match &var.file_value {
        Some(file) if file != env => found.push(Conflict {
            code: "env-overrides-file",
            message: tr!(
                "The OS environment sets {key}={env:?}, which overrides {file:?} in the go env file: 'go env -w' cannot change it (the go command only prints 'does not override conflicting OS environment variable').",
                "操作系统环境变量 {key}=“{env}” 覆盖了 go env 文件中的 “{file}”：'go env -w' 无法改变它（go 命令只会提示 'does not override conflicting OS environment variable'）。"
            ),
            fix: Some(Fix::RemoveOsVariable { key: key.to_string() }),
        }),
        _ => found.push(Conflict {
            code: "set-in-env",
            message: tr!(
                "{key} is set in the OS environment; any value written with 'go env -w' or by gomirror will be ignored until the variable is removed.",
                "{key} 由操作系统环境变量设置；在删除该变量之前，用 'go env -w' 或 gomirror 写入的值都不会生效。"
            ),
            fix: Some(Fix::RemoveOsVariable { key: key.to_string() }),
        }),
    }
}

fn invalid_value(key: &str, var: &Var, found: &mut Vec<Conflict>) {
    for problem in validate::check_value(key, &var.value) {
        if problem.severity != Severity::Error {
            continue;
        }
        let fix = match (&var.source, &problem.suggestion) {
            (Source::File, Some(s)) if !s.starts_with("unset ") => Some(Fix::SetInFile {
                key: key.to_string(),
                value: s.clone(),
            }),
            (Source::File, _) => Some(Fix::UnsetInFile {
                key: key.to_string(),
            }),
            (Source::Env, _) => Some(Fix::RemoveOsVariable {
                key: key.to_string(),
            }),
            _ => None,
        };
        let go = problem
            .go_text
            .clone()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        let code = if key == "GOPATH" {
            "gopath-element-bricks"
        } else {
            "invalid-value"
        };
        found.push(Conflict {
            code,
            message: Text::new(
                format!("{}{go}", problem.message.en),
                format!("{}{go}", problem.message.zh),
            ),
            fix,
        });
    }
}

fn goroot_line(user: &BTreeMap<String, String>, vars: &mut BTreeMap<String, Var>) {
    let Some(line) = user.get("GOROOT") else {
        return;
    };
    let exists = !line.is_empty() && std::path::Path::new(line).join("bin").is_dir();
    let message = if !exists {
        tr!(
            "The user env file has GOROOT={line:?}, which is not a Go installation: Go 1.27 then fails on every command ('cannot find GOROOT directory') and refuses 'go env -u GOROOT'. Remove the line.",
            "用户 env 文件中有 GOROOT=“{line}”，这不是一个 Go 安装目录：Go 1.27 会在每个命令上失败（'cannot find GOROOT directory'），并拒绝 'go env -u GOROOT'。请删除这一行。"
        )
    } else {
        tr!(
            "The user env file has a GOROOT={line:?} line (written by an older go command); it silently selects which go.env supplies the defaults and goes stale when Go is upgraded. Remove the line.",
            "用户 env 文件中有 GOROOT=“{line}”（旧版 go 命令写入）；它会悄悄决定由哪个 go.env 提供默认值，并且升级 Go 后就会失效。请删除这一行。"
        )
    };
    if let Some(v) = vars.get_mut("GOROOT") {
        v.conflicts.push(Conflict {
            code: if exists {
                "goroot-line"
            } else {
                "goroot-line-broken"
            },
            message,
            fix: Some(Fix::UnsetInFile {
                key: "GOROOT".into(),
            }),
        });
    }
}

fn ignored_lines(layers: &Layers, vars: &mut BTreeMap<String, Var>) {
    let Some(data) = &layers.user_file else {
        return;
    };
    let keys: Vec<&str> = super::keys::model_keys().collect();
    for line in envfile::ignored_setting_lines(data, &keys) {
        let Some(v) = vars.get_mut(&line.intended_key) else {
            continue;
        };
        let (n, text) = (line.line_number, line.text.clone());
        v.conflicts.push(Conflict {
            code: "ignored-line",
            message: tr!(
                "Line {n} of the env file, {text:?}, is ignored by the go command (a byte-order mark at the start of the file, leading spaces, spaces around '=' or lower case are not allowed). Save the file as UTF-8 without BOM and write KEY=VALUE exactly.",
                "env 文件第 {n} 行 “{text}” 会被 go 命令忽略（不允许文件开头的字节顺序标记 BOM、行首空格、'=' 两边的空格或小写）。请以不带 BOM 的 UTF-8 保存，并严格写成 KEY=VALUE。"
            ),
            fix: None,
        });
    }
}
