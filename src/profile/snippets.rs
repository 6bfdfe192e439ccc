//! Snippets / 代码片段: the chosen settings as lines for each shell, `go env -w`, a Dockerfile
//! fragment with a cached `go mod download` layer, and CI variable blocks. Quoting is exact for
//! each target; where a target cannot express a value, the snippet says so instead of producing
//! something wrong.

use crate::i18n::Text;
use crate::tr;
use std::collections::BTreeMap;

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

/// `'…'` for PowerShell: `'` doubles; nothing else is special.
pub fn powershell_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
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
    let mut settings = BTreeMap::new();
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
                // At cmd's prompt `%NAME%` expands and `"` ends the quoting: neither can be
                // written so that the value arrives as it is.
                if v.contains('%') {
                    notes.push(cannot(
                        k,
                        "cmd expands % at its prompt",
                        "cmd 会在提示符下展开 %",
                    ));
                } else if v.contains('"') {
                    notes.push(cannot(
                        k,
                        "cmd cannot quote a double quote inside set",
                        "cmd 的 set 无法在引号内表示双引号",
                    ));
                } else {
                    lines.push(format!("set \"{k}={v}\""));
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
            lines.push(
                "RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go mod download"
                    .into(),
            );
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
mod tests {
    use super::*;

    fn one(k: &str, v: &str) -> BTreeMap<String, String> {
        BTreeMap::from([(k.to_string(), v.to_string())])
    }

    #[test]
    fn quoting_tables() {
        let tricky = "a b|c*$HOME'\"\\%";
        assert_eq!(posix_quote(tricky), r#"'a b|c*$HOME'\''"\%'"#);
        assert_eq!(fish_quote(tricky), r#"'a b|c*$HOME\'"\\%'"#);
        assert_eq!(powershell_quote(tricky), r#"'a b|c*$HOME''"\%'"#);
        assert_eq!(yaml_quote("it's"), "'it''s'");
        assert_eq!(dockerfile_quote(r#"a"$b\"#), r#""a\"\$b\\""#);
    }

    #[test]
    fn cmd_says_what_it_cannot_express() {
        let s = render(Format::Cmd, &one("GOPRIVATE", "100%.corp.example"));
        assert_eq!(s.text.trim(), "");
        assert!(s.notes[0].en.contains("cmd expands %"), "{:?}", s.notes);
        let s = render(Format::Cmd, &one("GOPROXY", "https://a.example|direct"));
        assert_eq!(s.text, "set \"GOPROXY=https://a.example|direct\"\n");
    }

    #[test]
    fn powershell_lines() {
        let s = render(Format::Powershell, &one("GONOSUMDB", "*.corp.example,it's"));
        assert_eq!(s.text, "$env:GONOSUMDB = '*.corp.example,it''s'\n");
    }

    #[test]
    fn gitlab_keeps_dollars_unexpanded() {
        let s = render(Format::GitlabCi, &one("GOPROXY", "https://p.example/$x"));
        assert!(s.text.contains("expand: false"), "{}", s.text);
    }

    #[test]
    fn every_format_has_a_name_and_parses_back() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Some(f));
        }
    }
}
