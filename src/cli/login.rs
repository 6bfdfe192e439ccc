//! `gomirror login MIRROR --user LOGIN`: the Mirrors panel's sign-in from a terminal. The
//! password comes on standard input (never as an argument, which other users can read in
//! the process list) and goes into `.netrc` (`%USERPROFILE%\_netrc` on Windows, or `NETRC`),
//! where the go command reads it; one undo step takes it back out.

use super::exit;
use super::write::{data_dir_or_report, report_error};
use crate::goenv::location::{EnvMap, TargetOs};
use crate::goenv::netrc::{self, Machine};
use std::io::BufRead;

/// The netrc machine for a mirror given as a URL (`host:port` when it names a port, as the
/// go command looks it up) or as a host.
fn machine_name(mirror: &str) -> Option<String> {
    let mirror = mirror.trim();
    let host = if mirror.contains("://") {
        netrc::machine_for_url(mirror)?
    } else {
        mirror.to_ascii_lowercase()
    };
    (!host.is_empty() && !host.contains(char::is_whitespace)).then_some(host)
}

/// `gomirror login MIRROR --user LOGIN`: the exit code.
pub fn run(env: EnvMap, mirror: &str, user: &str, json: bool) -> u8 {
    let Some(host) = machine_name(mirror) else {
        super::print_error(
            &format!("{mirror:?} is not a mirror URL or host name"),
            &format!("“{mirror}”不是镜像地址或主机名"),
        );
        return exit::INVALID;
    };
    let login = user.trim();
    let mut password = String::new();
    // One line: the password as typed, less the line end.
    let _ = std::io::stdin().lock().read_line(&mut password);
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    if login.is_empty() || password.is_empty() {
        super::print_error(
            "give the login with --user and the password on standard input",
            "请用 --user 给出用户名，并从标准输入提供密码",
        );
        return exit::INVALID;
    }
    let Some(data_dir) = data_dir_or_report(&env) else {
        return exit::FAILED;
    };
    let machine = Machine {
        host: host.clone(),
        login: login.to_string(),
        password,
    };
    let os = TargetOs::current();
    match crate::apply::credentials::add_netrc_entry(&env, os, &machine, false, &data_dir) {
        Ok(preview) => {
            let path = netrc::location(&env, os)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let changed = preview.is_some();
            if json {
                let out = serde_json::json!({
                    "machine": host,
                    "login": machine.login,
                    "netrc": path,
                    "changed": changed,
                });
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else if changed {
                println!(
                    "saved / 已保存: machine {host} login {} -> {path}",
                    machine.login
                );
                println!("undo / 撤销: gomirror undo");
            } else {
                println!(
                    "already there / 已存在: machine {host} login {} in {path}",
                    machine.login
                );
            }
            exit::OK
        }
        Err(e) => report_error(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::machine_name;

    #[test]
    fn a_url_names_host_and_port_as_the_go_command_looks_it_up() {
        assert_eq!(
            machine_name("https://u:p@Goproxy.Corp:8443/mod").as_deref(),
            Some("goproxy.corp:8443")
        );
        assert_eq!(
            machine_name("goproxy.corp").as_deref(),
            Some("goproxy.corp")
        );
        assert_eq!(machine_name(" "), None);
        assert_eq!(machine_name("two words"), None);
    }
}
