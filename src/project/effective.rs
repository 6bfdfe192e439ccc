//! The value each tool's go command gets in a project, per download key, with its source, and
//! the conflicts between the project's files and the global settings.

use super::{Project, TargetKind};
use crate::goenv::keys::DOWNLOAD_KEYS;
use crate::goenv::model::{Layers, Snapshot, Source};
use crate::i18n::Text;
use crate::tr;
use serde::Serialize;
use std::collections::BTreeMap;

/// A process that runs the go command for the project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Consumer {
    /// A terminal with direnv's hook.
    #[serde(rename = "direnv")]
    Direnv,
    /// VS Code's Go extension: gopls and the Go tools (`go.toolsEnvVars`).
    #[serde(rename = "vscode-tools")]
    VscodeTools,
    /// VS Code's integrated terminal (`terminal.integrated.env.<os>`).
    #[serde(rename = "vscode-terminal")]
    VscodeTerminal,
    /// GoLand (its Go modules environment).
    #[serde(rename = "goland")]
    Goland,
}

impl Consumer {
    /// Every consumer, in the table's order.
    pub const ALL: [Self; 4] = [
        Self::Direnv,
        Self::VscodeTools,
        Self::VscodeTerminal,
        Self::Goland,
    ];

    /// The name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Direnv => "direnv",
            Self::VscodeTools => "vscode-tools",
            Self::VscodeTerminal => "vscode-terminal",
            Self::Goland => "goland",
        }
    }

    /// The name in both languages.
    pub fn label(self) -> Text {
        match self {
            Self::Direnv => tr!("Terminal with direnv", "终端（direnv）"),
            Self::VscodeTools => tr!("VS Code Go tools", "VS Code Go 工具"),
            Self::VscodeTerminal => tr!("VS Code terminal", "VS Code 终端"),
            Self::Goland => tr!("GoLand", "GoLand"),
        }
    }

    /// The file whose values this consumer puts in the environment.
    pub fn target(self) -> TargetKind {
        match self {
            Self::Direnv => TargetKind::Envrc,
            Self::VscodeTools | Self::VscodeTerminal => TargetKind::Vscode,
            Self::Goland => TargetKind::Goland,
        }
    }
}

/// The keys the consumer's file sets to a value only the shell knows (direnv not asked).
fn unknown_keys(project: &Project, consumer: Consumer) -> Vec<String> {
    match consumer {
        Consumer::Direnv
            if project.direnv_exported.is_none() && project.envrc_allowed != Some(false) =>
        {
            project
                .envrc
                .vars
                .iter()
                .filter(|(_, v)| v.is_none())
                .map(|(k, _)| k.clone())
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Where a consumer's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProjectSource {
    /// The project's file for that consumer.
    Project,
    /// The OS environment the tool was started with.
    Env,
    /// The user env file.
    File,
    /// `$GOROOT/go.env`.
    Goroot,
    Default,
    /// Left empty: the go command uses GOPRIVATE's value.
    Goprivate,
    /// The project's file sets it to a value only the shell knows (a command, a condition,
    /// `layout go`): allow direnv to see it.
    Shell,
}

impl ProjectSource {
    /// The name in both languages.
    pub fn label(self) -> Text {
        match self {
            Self::Project => tr!("project file", "项目文件"),
            Self::Env => tr!("OS environment", "系统环境变量"),
            Self::File => tr!("user env file", "用户 env 文件"),
            Self::Goroot => tr!("go.env", "go.env"),
            Self::Default => tr!("default", "默认值"),
            Self::Goprivate => tr!("from GOPRIVATE", "来自 GOPRIVATE"),
            Self::Shell => tr!(
                "set by the shell; allow direnv to see it",
                "由 shell 计算设置；允许 direnv 后才能看到"
            ),
        }
    }
}

/// A value one tool gives the go command, and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Effective {
    pub value: String,
    pub source: ProjectSource,
}

/// Every consumer's values, by key.
pub type Table = BTreeMap<Consumer, BTreeMap<String, Effective>>;

/// The values a consumer's file puts into its process environment.
pub fn consumer_vars(
    project: &Project,
    consumer: Consumer,
    layers: &Layers,
) -> BTreeMap<String, String> {
    match consumer {
        // direnv loads nothing it has not been allowed to.
        Consumer::Direnv if project.envrc_allowed == Some(false) => BTreeMap::new(),
        Consumer::Direnv => match &project.direnv_exported {
            Some(exported) => exported
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.clone()?)))
                .collect(),
            None => project.envrc.known_vars(),
        },
        // As the Go extension passes them: ${env:...}, ${workspaceFolder} and ~ substituted.
        Consumer::VscodeTools => project
            .vscode_vars
            .tools
            .iter()
            .map(|(k, v)| {
                let value = super::vscode::substitute_tools_value(v, &layers.env, &project.dir);
                (k.clone(), value)
            })
            .collect(),
        Consumer::VscodeTerminal => project.vscode_vars.terminal_for(layers.os),
        Consumer::Goland => project.goland.known_vars(),
    }
}

/// The settings model for one consumer: its variables over the OS environment.
pub fn snapshot_for(
    project: &Project,
    consumer: Consumer,
    layers: &Layers,
) -> (Snapshot, BTreeMap<String, String>) {
    let vars = consumer_vars(project, consumer, layers);
    let mut l = layers.clone();
    for (k, v) in &vars {
        l.env.insert(k.clone(), v.clone());
    }
    // What direnv unsets on entering the folder is gone from the terminal's environment.
    if consumer == Consumer::Direnv
        && let Some(exported) = &project.direnv_exported
    {
        for (k, v) in exported {
            if v.is_none() {
                l.env.remove(k);
            }
        }
    }
    (crate::goenv::snapshot(&l), vars)
}

/// The effective values of a project for every consumer.
pub fn table(project: &Project, layers: &Layers) -> Table {
    Consumer::ALL
        .iter()
        .map(|&c| {
            let (snap, vars) = snapshot_for(project, c, layers);
            let unknown = unknown_keys(project, c);
            let row = DOWNLOAD_KEYS
                .iter()
                .map(|&k| {
                    if unknown.iter().any(|u| u == k) {
                        let e = Effective {
                            value: String::new(),
                            source: ProjectSource::Shell,
                        };
                        return (k.to_string(), e);
                    }
                    let var = snap.vars.get(k);
                    let source = if vars.contains_key(k) {
                        ProjectSource::Project
                    } else {
                        match var.map(|v| v.source) {
                            Some(Source::Env) => ProjectSource::Env,
                            Some(Source::File) => ProjectSource::File,
                            Some(Source::Goroot) => ProjectSource::Goroot,
                            Some(Source::Goprivate) => ProjectSource::Goprivate,
                            Some(Source::Default) | None => ProjectSource::Default,
                        }
                    };
                    let value = var.map(|v| v.value.clone()).unwrap_or_default();
                    (k.to_string(), Effective { value, source })
                })
                .collect();
            (c, row)
        })
        .collect()
}

/// A problem with the project's settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectConflict {
    pub code: &'static str,
    pub message: Text,
}

impl ProjectConflict {
    /// `code: message` (English), as the CLI's JSON gives it.
    pub fn line(&self) -> String {
        format!("{}: {}", self.code, self.message.en)
    }
}

/// True when a value carries a password in a URL (never written into a project file): any
/// entry of a GOPROXY list or field of a GOSUMDB value that parses, as the go command parses
/// URLs, with a user and a password (the test `netrc::split_credentials` makes for GOPROXY).
pub fn carries_password(value: &str) -> bool {
    value.split([',', '|', ' ']).any(|entry| {
        crate::goenv::gourl::parse(entry)
            .is_ok_and(|u| u.user.is_some_and(|(_, password)| password.is_some()))
    })
}

/// The conflicts of a project, given its [`table`] (computed once for both).
pub fn conflicts(project: &Project, layers: &Layers, table: &Table) -> Vec<ProjectConflict> {
    let mut out = Vec::new();
    let global = crate::goenv::snapshot(layers);
    if project.envrc.exists() && project.envrc_allowed == Some(false) {
        out.push(ProjectConflict {
            code: "envrc-not-allowed",
            message: tr!(
                "direnv has not been allowed to load this .envrc (or it changed since): its values do not apply until you run 'direnv allow'",
                "direnv 尚未获准加载此 .envrc（或它在获准后被修改过）：运行“direnv allow”之前其中的值不生效"
            ),
        });
    }
    for key in super::envrc::shadowing_lines(&project.envrc.text()) {
        out.push(ProjectConflict {
            code: "envrc-shadowed",
            message: tr!(
                "a line after gomirror's block in .envrc sets {key} again and wins over it",
                ".envrc 中 gomirror 区块之后的一行再次设置了 {key}，并覆盖了区块中的值"
            ),
        });
    }
    for (key, value) in &project.vscode_vars.tools {
        let forms = super::vscode::unsubstituted_forms(value);
        if !forms.is_empty() {
            let forms = forms.join(", ");
            out.push(ProjectConflict {
                code: "vscode-env-substitution",
                message: tr!(
                    "go.toolsEnvVars sets {key} with {forms}, which the Go extension passes on literally: it substitutes only ${{env:NAME}}, ${{workspaceFolder}}, ${{workspaceRoot}}, ${{workspaceFolderBasename}} and a leading ~",
                    "go.toolsEnvVars 中的 {key} 使用了 {forms}，Go 扩展会原样传递它：扩展只替换 ${{env:名称}}、${{workspaceFolder}}、${{workspaceRoot}}、${{workspaceFolderBasename}} 和开头的 ~"
                ),
            });
        }
    }
    // GoLand's own environment shadows the global settings and every other project file.
    for (key, value) in project.goland.known_vars() {
        if !DOWNLOAD_KEYS.contains(&key.as_str()) {
            continue;
        }
        let others: Vec<String> = [&project.envrc, &project.vscode]
            .iter()
            .filter_map(|f| f.known_vars().get(&key).cloned())
            .collect();
        let global_value = global.value(&key).to_string();
        let differs =
            others.iter().any(|o| *o != value) || (others.is_empty() && global_value != value);
        if differs {
            let shown = crate::goenv::gourl::redact_text(&value);
            out.push(ProjectConflict {
                code: "goland-shadows",
                message: tr!(
                    "GoLand's Go modules environment sets {key}={shown} for this project, hiding the value set elsewhere (go env -w, .envrc, VS Code) from everything GoLand runs",
                    "GoLand 的 Go 模块环境为此项目设置了 {key}={shown}，GoLand 运行的所有命令都看不到别处（go env -w、.envrc、VS Code）设置的值"
                ),
            });
        }
    }
    for (kind, file) in [
        (TargetKind::Envrc, &project.envrc),
        (TargetKind::Vscode, &project.vscode),
        (TargetKind::Goland, &project.goland),
    ] {
        for (key, value) in file.known_vars() {
            if carries_password(&value) {
                let name = kind.relative_path();
                out.push(ProjectConflict {
                    code: "project-credentials",
                    message: tr!(
                        "{name} sets {key} with a password in a URL: project files are shared; move it into .netrc (GOAUTH=netrc)",
                        "{name} 中的 {key} 在网址里带有密码：项目文件会被共享；请把它移到 .netrc（GOAUTH=netrc）"
                    ),
                });
            }
        }
    }
    let value = |row: &BTreeMap<String, Effective>, k: &str| {
        row.get(k).map_or(String::new(), |e| e.value.clone())
    };
    for (c, row) in table {
        let c = *c;
        if !value(row, "GONOPROXY").is_empty() && value(row, "GONOSUMDB").is_empty() {
            let who = c.label();
            out.push(ProjectConflict {
                code: "gonoproxy-without-gonosumdb",
                message: Text::new(
                    format!("{}: GONOPROXY is set without GONOSUMDB: those modules bypass the mirror but their checksums are still looked up in the public database, which leaks their paths and fails for private ones (set GOPRIVATE instead)", who.en),
                    format!("{}：设置了 GONOPROXY 却没有设置 GONOSUMDB：这些模块绕过了镜像，但仍会去公共校验和数据库查询，既泄露模块路径，私有模块也会失败（请改设 GOPRIVATE）", who.zh),
                ),
            });
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::carries_password;

    #[test]
    fn passwords_in_proxy_lists_and_checksum_database_urls() {
        assert!(carries_password("https://ci:t0k@proxy.corp.example,direct"));
        assert!(carries_password("direct|https://u:p@a.example"));
        assert!(carries_password(
            "sum.golang.org https://u:p@sumdb.corp.example"
        ));
        assert!(!carries_password("https://ci@proxy.corp.example,direct"));
        assert!(!carries_password("https://goproxy.cn,direct"));
        assert!(!carries_password("off"));
    }
}
