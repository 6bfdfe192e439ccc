//! Written per-OS instructions for the profile's `[network]`: the go command reads the company
//! proxy (HTTPS_PROXY, NO_PROXY) only from its process environment, and trusts a root CA in a
//! different way on each OS (`SSL_CERT_FILE` is read on Linux only; macOS and Windows use the
//! system's certificate store). Commands are quoted exactly for the shell they are for.

use super::file::TeamProfile;
use super::snippets::{posix_quote, powershell_quote};
use crate::goenv::location::TargetOs;
use crate::i18n::Text;
use crate::tr;
use serde::Serialize;

/// One thing to do, with the commands that do it (empty: nothing to type).
#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub what: Text,
    pub commands: Vec<String>,
}

/// What to do on `os` so that every go command (terminals, editors, IDEs) uses the profile's
/// company proxy and trusts its root CA. Empty when the profile has no `[network]`.
pub fn instructions(profile: &TeamProfile, os: TargetOs) -> Vec<Step> {
    let n = &profile.network;
    let mut vars: Vec<(&str, &str)> = Vec::new();
    if let Some(p) = &n.https_proxy {
        vars.push(("HTTPS_PROXY", p));
    }
    if let Some(p) = &n.no_proxy {
        vars.push(("NO_PROXY", p));
    }
    let mut steps = Vec::new();
    if !vars.is_empty() {
        steps.extend(proxy_steps(&vars, os));
    }
    if let Some(ca) = &n.ca_file {
        steps.extend(ca_steps(ca, os));
    }
    steps
}

fn posix_exports(vars: &[(&str, &str)]) -> Vec<String> {
    vars.iter()
        .map(|(k, v)| format!("export {k}={}", posix_quote(v)))
        .collect()
}

fn proxy_steps(vars: &[(&str, &str)], os: TargetOs) -> Vec<Step> {
    match os {
        TargetOs::Linux => vec![
            Step {
                what: tr!(
                    "Terminals: add these lines to ~/.profile (read by login shells and most desktop sessions; log out and in once)",
                    "终端：把下面几行加入 ~/.profile（登录 shell 和大多数桌面会话都会读取；注销并重新登录一次）"
                ),
                commands: posix_exports(vars),
            },
            Step {
                what: tr!(
                    "Editors started from the desktop (VS Code, GoLand) on systemd: put the same values in ~/.config/environment.d/50-gomirror.conf, then log out and in",
                    "从桌面启动的编辑器（VS Code、GoLand），在使用 systemd 的系统上：把同样的值写入 ~/.config/environment.d/50-gomirror.conf，然后注销并重新登录"
                ),
                commands: vars.iter().map(|(k, v)| format!("{k}={v}")).collect(),
            },
        ],
        TargetOs::MacOs => vec![
            Step {
                what: tr!(
                    "Terminal (zsh, the default shell): add these lines to ~/.zprofile",
                    "终端（默认的 zsh）：把下面几行加入 ~/.zprofile"
                ),
                commands: posix_exports(vars),
            },
            Step {
                what: tr!(
                    "Apps started from the Dock or Finder (VS Code, GoLand) do not read ~/.zprofile: set the values for them until you log out, then restart the app",
                    "从程序坞或访达启动的应用（VS Code、GoLand）不会读取 ~/.zprofile：用下面的命令为它们设置（注销前有效），然后重启应用"
                ),
                commands: vars
                    .iter()
                    .map(|(k, v)| format!("launchctl setenv {k} {}", posix_quote(v)))
                    .collect(),
            },
        ],
        TargetOs::Windows => vec![Step {
            what: tr!(
                "Windows: set them for your user in PowerShell (or System Properties → Environment Variables), then open new terminals and restart VS Code or GoLand",
                "Windows：在 PowerShell 中为当前用户设置（或在“系统属性 → 环境变量”中设置），然后打开新的终端窗口，并重启 VS Code 或 GoLand"
            ),
            commands: vars
                .iter()
                .map(|(k, v)| {
                    format!(
                        "[Environment]::SetEnvironmentVariable({}, {}, 'User')",
                        powershell_quote(k),
                        powershell_quote(v)
                    )
                })
                .collect(),
        }],
    }
}

fn ca_steps(ca: &str, os: TargetOs) -> Vec<Step> {
    match os {
        TargetOs::Linux => vec![Step {
            what: tr!(
                "The company's root CA: the go command on Linux reads SSL_CERT_FILE (set by the snippets; it replaces the system's CA file, the system's certificate folder is still read). To trust it everywhere instead (Debian, Ubuntu):",
                "公司根证书：Linux 上的 go 命令读取 SSL_CERT_FILE（代码片段会设置它；它替代系统的证书文件，系统的证书目录仍会被读取）。如要让所有程序都信任它（Debian、Ubuntu）："
            ),
            commands: vec![
                format!(
                    "sudo cp {} /usr/local/share/ca-certificates/gomirror-team-ca.crt",
                    posix_quote(ca)
                ),
                "sudo update-ca-certificates".into(),
            ],
        }],
        TargetOs::MacOs => vec![Step {
            what: tr!(
                "The company's root CA: on macOS the go command trusts the system keychain; add the CA there once (do not set SSL_CERT_FILE to it: since Go 1.27 the go command would then trust that file alone, not the keychain):",
                "公司根证书：macOS 上的 go 命令信任系统钥匙串；请把根证书加入钥匙串（只需一次）。不要把 SSL_CERT_FILE 设为这个文件：Go 1.27 起 go 命令会只信任该文件，不再使用钥匙串："
            ),
            commands: vec![format!(
                "sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {}",
                posix_quote(ca)
            )],
        }],
        TargetOs::Windows => vec![Step {
            what: tr!(
                "The company's root CA: on Windows the go command trusts the Windows certificate store; add the CA there once (PowerShell as administrator; IT often does this for you). Do not set SSL_CERT_FILE to it: since Go 1.27 the go command would then trust that file alone, not the store:",
                "公司根证书：Windows 上的 go 命令信任 Windows 证书存储；请把根证书加入其中（只需一次；以管理员身份运行 PowerShell；IT 部门通常已代为完成）。不要把 SSL_CERT_FILE 设为这个文件：Go 1.27 起 go 命令会只信任该文件，不再使用证书存储："
            ),
            commands: vec![format!(
                "Import-Certificate -FilePath {} -CertStoreLocation Cert:\\LocalMachine\\Root",
                powershell_quote(ca)
            )],
        }],
    }
}

/// The instructions as plain text in one language (the CLI, the clipboard).
pub fn render(steps: &[Step], lang: crate::i18n::Lang) -> String {
    let mut out = String::new();
    for s in steps {
        out.push_str(s.what.get(lang));
        out.push('\n');
        for c in &s.commands {
            out.push_str("    ");
            out.push_str(c);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> TeamProfile {
        let mut p = TeamProfile {
            version: 1,
            ..TeamProfile::default()
        };
        p.network.https_proxy = Some("http://proxy.corp.example:3128".into());
        p.network.no_proxy = Some("corp.example,*.internal".into());
        p.network.ca_file = Some("/home/li lei/it's ca.pem".into());
        p
    }

    #[test]
    fn each_os_gets_its_own_way_with_exact_quoting() {
        let p = profile();
        let linux = render(&instructions(&p, TargetOs::Linux), crate::i18n::Lang::En);
        assert!(
            linux.contains("export NO_PROXY='corp.example,*.internal'"),
            "{linux}"
        );
        assert!(linux.contains("environment.d"));
        assert!(
            linux.contains(r"sudo cp '/home/li lei/it'\''s ca.pem' "),
            "{linux}"
        );
        let mac = render(&instructions(&p, TargetOs::MacOs), crate::i18n::Lang::En);
        assert!(mac.contains("launchctl setenv HTTPS_PROXY 'http://proxy.corp.example:3128'"));
        assert!(mac.contains("trust that file alone") && mac.contains("add-trusted-cert"));
        let win = render(&instructions(&p, TargetOs::Windows), crate::i18n::Lang::En);
        assert!(
            win.contains("[Environment]::SetEnvironmentVariable('HTTPS_PROXY', 'http://proxy.corp.example:3128', 'User')"),
            "{win}"
        );
        assert!(
            win.contains("-FilePath '/home/li lei/it''s ca.pem'"),
            "{win}"
        );
        let zh = render(&instructions(&p, TargetOs::Windows), crate::i18n::Lang::Zh);
        assert!(zh.contains("证书存储") && !zh.contains("Windows certificate store"));
        assert!(instructions(&TeamProfile::default(), TargetOs::Linux).is_empty());
    }
}
