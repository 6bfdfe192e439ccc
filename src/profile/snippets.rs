//! Snippets / 代码片段: the chosen settings as lines for each shell, `go env -w`, a Dockerfile
//! fragment with a cached `go mod download` layer, and CI variable blocks. Quoting is exact for
//! each target; where a target cannot express a value, the snippet says so instead of producing
//! something wrong.

use crate::i18n::Text;
use crate::tr;
use std::collections::BTreeMap;

/// A place the settings can be written as a snippet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Cmd,
    GoEnv,
    Dockerfile,
    GithubActions,
    GitlabCi,
}

impl Format {
    /// Every format, in the panel's order.
    pub const ALL: [Self; 9] = [
        Self::Bash,
        Self::Zsh,
        Self::Fish,
        Self::Powershell,
        Self::Cmd,
        Self::GoEnv,
        Self::Dockerfile,
        Self::GithubActions,
        Self::GitlabCi,
    ];

    /// The name the CLI takes.
    pub fn name(self) -> &'static str {
        match self {
            Self::Bash => "bash",
            Self::Zsh => "zsh",
            Self::Fish => "fish",
            Self::Powershell => "powershell",
            Self::Cmd => "cmd",
            Self::GoEnv => "go-env",
            Self::Dockerfile => "dockerfile",
            Self::GithubActions => "github-actions",
            Self::GitlabCi => "gitlab-ci",
        }
    }

    /// The format named on the command line.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Where the snippet goes, in the user's words.
    pub fn label(self) -> Text {
        match self {
            Self::Bash => tr!("bash (~/.bashrc)", "bash（~/.bashrc）"),
            Self::Zsh => tr!("zsh (~/.zshrc)", "zsh（~/.zshrc）"),
            Self::Fish => tr!(
                "fish (~/.config/fish/config.fish)",
                "fish（~/.config/fish/config.fish）"
            ),
            Self::Powershell => tr!("PowerShell ($PROFILE)", "PowerShell（$PROFILE）"),
            Self::Cmd => tr!("cmd (this window only)", "cmd（仅当前窗口）"),
            Self::GoEnv => tr!("go env -w (any shell)", "go env -w（任意终端）"),
            Self::Dockerfile => tr!("Dockerfile", "Dockerfile"),
            Self::GithubActions => tr!("GitHub Actions", "GitHub Actions"),
            Self::GitlabCi => tr!("GitLab CI", "GitLab CI"),
        }
    }
}

/// One rendered snippet: its text, and what it could not express.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub format: Format,
    pub text: String,
    /// Values left out (with the reason) or caveats.
    pub notes: Vec<Text>,
}

/// `'…'` for POSIX shells (bash, zsh, dash): the quoting `.envrc` uses.
pub use crate::project::envrc::sh_quote as posix_quote;

/// `'…'` for fish: only `\` and `'` are escaped inside single quotes.
pub fn fish_quote(v: &str) -> String {
    format!("'{}'", v.replace('\\', r"\\").replace('\'', r"\'"))
}

/// `'…'` for PowerShell: a quote doubles; nothing else is special. PowerShell's tokenizer takes
/// the typographic single quotes (U+2018 to U+201B) as quotes too, so each of those doubles as
/// well (a pair stands for its second character).
pub fn powershell_quote(v: &str) -> String {
    let mut out = String::from("'");
    for c in v.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// `set "KEY=VALUE"` for cmd: `set` keeps everything between the first and the last quote of
/// the line, inner quotes included; but each inner quote turns cmd's own quoting off or on,
/// and where it is off, `&`, `|`, `<`, `>` and `^` are escaped with `^` (inside quotes a `^`
/// is an ordinary character).
pub fn cmd_set(key: &str, value: &str) -> String {
    let mut out = format!("set \"{key}=");
    let mut quoted = true;
    for c in value.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && matches!(c, '&' | '|' | '<' | '>' | '^') {
            out.push('^');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A YAML single-quoted scalar: `'` doubles.
pub fn yaml_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

/// A Dockerfile `ENV` value in double quotes: `\`, `"` and `$` (variable substitution) are
/// escaped with a backslash.
pub fn dockerfile_quote(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        if matches!(c, '\\' | '"' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `list` (a GOPROXY-style list) with the userinfo taken out of every URL, as Go's URL parser
/// finds it (up to the last `@` of the authority), and the hosts (with port) that had one,
/// each with whether its URL is https.
pub fn without_userinfo(list: &str) -> (String, Vec<(String, bool)>) {
    let mut hosts = Vec::new();
    let mut out = String::with_capacity(list.len());
    let mut rest = list;
    while !rest.is_empty() {
        let end = rest.find([',', '|']).map_or(rest.len(), |i| i + 1);
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        let (entry, sep) = match piece.strip_suffix([',', '|']) {
            Some(e) => (e, &piece[e.len()..]),
            None => (piece, ""),
        };
        push_entry(entry, &mut out, &mut hosts);
        out.push_str(sep);
    }
    (out, hosts)
}

fn push_entry(entry: &str, out: &mut String, hosts: &mut Vec<(String, bool)>) {
    let Some(scheme_end) = entry.find("://").map(|i| i + 3) else {
        out.push_str(entry);
        return;
    };
    let rest = &entry[scheme_end..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    match authority.rfind('@') {
        Some(at) => {
            hosts.push((
                authority[at + 1..].to_string(),
                entry[..scheme_end].eq_ignore_ascii_case("https://"),
            ));
            out.push_str(&entry[..scheme_end]);
            out.push_str(&rest[at + 1..]);
        }
        None => out.push_str(entry),
    }
}

fn login_note(format: Format, host: &str, https: bool) -> Text {
    let place = match format {
        Format::Dockerfile => tr!(
            "pass it as a build secret: docker build --secret id=netrc,src=$HOME/.netrc .",
            "以构建机密传入：docker build --secret id=netrc,src=$HOME/.netrc ."
        ),
        Format::GithubActions => tr!(
            "store the .netrc line as a repository secret and write it in a step before go runs: printf '%s\\n' \"${{{{ secrets.NETRC }}}}\" > ~/.netrc",
            "把这一行存为仓库机密，在运行 go 之前的步骤中写出：printf '%s\\n' \"${{{{ secrets.NETRC }}}}\" > ~/.netrc"
        ),
        Format::GitlabCi => tr!(
            "store the .netrc line as a File-type CI/CD variable NETRC and run cp \"$NETRC\" ~/.netrc before go",
            "把这一行存为 File 类型的 CI/CD 变量 NETRC，并在运行 go 之前执行 cp \"$NETRC\" ~/.netrc"
        ),
        _ => tr!(
            "keep it in ~/.netrc (%USERPROFILE%\\_netrc on Windows), readable by you only: gomirror move-credentials does it",
            "保存在 ~/.netrc（Windows 为 %USERPROFILE%\\_netrc）中，仅你可读：gomirror move-credentials 可代劳"
        ),
    };
    let (en, zh) = (place.en, place.zh);
    let plain = if https {
        Text::new("", "")
    } else {
        tr!(
            " The go command sends .netrc logins over https only: this http mirror gets none.",
            "go 命令只在 https 下发送 .netrc 中的登录信息：这个 http 镜像收不到。"
        )
    };
    Text::new(
        format!(
            "the login for {host} is left out of the snippet (a snippet is shared and committed): put a line 'machine {host} login USER password SECRET' where the go command reads it; {en}.{}",
            plain.en
        ),
        format!(
            "片段中去掉了 {host} 的登录信息（片段会被分享和提交）：请把一行 'machine {host} login 用户名 password 密码' 放到 go 命令读取的地方；{zh}。{}",
            plain.zh
        ),
    )
}

fn cannot(key: &str, why_en: &str, why_zh: &str) -> Text {
    tr!(
        "{key} is left out: {why_en}; set it with go env -w instead",
        "{key} 未包含：{why_zh}；请改用 go env -w 设置"
    )
}

/// Renders `settings` (KEY -> VALUE, values already validated by the core) for `format`.
pub fn render(format: Format, all: &BTreeMap<String, String>) -> Snippet {
    let mut notes = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    // A control character has no quoting anywhere (and no valid setting holds one).
    let mut settings: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in all {
        if v.chars().any(char::is_control) {
            notes.push(cannot(
                k,
                "it holds a control character",
                "其中含有控制字符",
            ));
        } else {
            settings.insert(k.clone(), v.clone());
        }
    }
    // A snippet is pasted into shell profiles, Dockerfiles and CI files that others read and
    // commit: it never carries a password or token. The login goes to `.netrc` (a CI secret
    // in CI), where the go command reads it, and the snippet says so.
    let mut logins = Vec::new();
    for v in settings.values_mut() {
        let (clean, hosts) = without_userinfo(v);
        if !hosts.is_empty() {
            // A secret holding `,` or `|` splits the entry where the go command splits it:
            // whatever is left of it is redacted too.
            *v = crate::goenv::gourl::redact_text(&clean);
            logins.extend(hosts);
        }
    }
    logins.sort();
    logins.dedup();
    for (host, https) in &logins {
        notes.push(login_note(format, host, *https));
    }
    let settings = &settings;
    match format {
        Format::Bash | Format::Zsh => {
            for (k, v) in settings {
                lines.push(format!("export {k}={}", posix_quote(v)));
            }
        }
        Format::Fish => {
            for (k, v) in settings {
                lines.push(format!("set -gx {k} {}", fish_quote(v)));
            }
        }
        Format::Powershell => {
            for (k, v) in settings {
                lines.push(format!("$env:{k} = {}", powershell_quote(v)));
            }
        }
        Format::Cmd => {
            for (k, v) in settings {
                // At cmd's prompt `%NAME%` expands and cannot be escaped: such a value is
                // left out, and said.
                if v.contains('%') {
                    notes.push(cannot(
                        k,
                        "cmd expands % at its prompt",
                        "cmd 会在提示符下展开 %",
                    ));
                } else {
                    lines.push(cmd_set(k, v));
                }
            }
        }
        Format::GoEnv => {
            // One `go env -w` per key: a bad value in one cannot stop the others, and
            // GOTOOLCHAIN must be written alone (gotcha G2).
            for (k, v) in settings {
                if super::file::PROCESS_ONLY.contains(&k.as_str()) {
                    notes.push(tr!(
                        "{k} is read only from the process environment (go env -w refuses it): put it in your shell profile",
                        "{k} 只能来自进程环境变量（go env -w 不接受）：请写入终端的配置文件"
                    ));
                    continue;
                }
                lines.push(format!("go env -w {}", posix_quote(&format!("{k}={v}"))));
            }
            if !settings.is_empty() {
                notes.push(tr!(
                    "quoted for bash, zsh and PowerShell alike; in cmd, write KEY=VALUE in double quotes",
                    "引号写法适用于 bash、zsh 和 PowerShell；在 cmd 中请用双引号包住 KEY=VALUE"
                ));
            }
        }
        Format::Dockerfile => {
            lines.push("# syntax=docker/dockerfile:1".into());
            if !settings.is_empty() {
                let pairs: Vec<String> = settings
                    .iter()
                    .map(|(k, v)| format!("{k}={}", dockerfile_quote(v)))
                    .collect();
                lines.push(format!("ENV {}", pairs.join(" \\\n    ")));
            }
            lines.push("WORKDIR /src".into());
            lines.push(
                "# go.mod and go.sum first: this layer is rebuilt only when they change".into(),
            );
            lines.push("COPY go.mod go.sum ./".into());
            // The login reaches the build as a BuildKit secret, never as a layer:
            // `docker build --secret id=netrc,src=$HOME/.netrc .`
            let secret = if logins.is_empty() {
                ""
            } else {
                " --mount=type=secret,id=netrc,target=/root/.netrc"
            };
            lines.push(format!(
                "RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build{secret} go mod download"
            ));
            lines.push("COPY . .".into());
        }
        Format::GithubActions => {
            lines.push("env:".into());
            for (k, v) in settings {
                if v.contains("${{") {
                    notes.push(cannot(
                        k,
                        "GitHub Actions would read ${{ as an expression",
                        "GitHub Actions 会把 ${{ 当作表达式",
                    ));
                    continue;
                }
                lines.push(format!("  {k}: {}", yaml_quote(v)));
            }
        }
        Format::GitlabCi => {
            lines.push("variables:".into());
            for (k, v) in settings {
                if v.contains('$') {
                    // GitLab expands $NAME in variables unless told not to.
                    lines.push(format!("  {k}:"));
                    lines.push(format!("    value: {}", yaml_quote(v)));
                    lines.push("    expand: false".into());
                } else {
                    lines.push(format!("  {k}: {}", yaml_quote(v)));
                }
            }
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Snippet {
        format,
        text,
        notes,
    }
}

#[cfg(test)]
mod tests;
