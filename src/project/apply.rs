//! Writing project settings: a plan (the same set/unset plan as the global apply) to the
//! target files the user picks, validated by the core first, with a preview diff per file, a
//! backup of each, atomic replaces, refusal when a file changed since it was shown, all or
//! nothing across files, and one undo step in the shared history.

use super::{Project, TargetKind, effective, envrc, goland, vscode};
use crate::apply::history::{self, Entry, FileStep, History};
use crate::apply::safe_write::{self, Fingerprint};
use crate::apply::{ApplyError, Change, Plan, sha256_hex};
use crate::goenv::keys::{DOWNLOAD_KEYS, NETWORK_KEYS};
use crate::goenv::model::Layers;
use crate::goenv::validate::{self, Problem, WriteContext};
use crate::i18n::Text;
use crate::tr;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One file of a project apply.
#[derive(Clone, Debug, Serialize)]
pub struct FileEdit {
    pub target: TargetKind,
    pub path: PathBuf,
    #[serde(skip)]
    pub before: Option<Vec<u8>>,
    #[serde(skip)]
    pub after: Vec<u8>,
    #[serde(skip)]
    pub shown: Fingerprint,
}

impl FileEdit {
    /// The unified diff of this file's change.
    pub fn diff(&self) -> String {
        crate::apply::file_diff(&self.path, self.before.as_deref(), &self.after)
    }

    /// The file's contents change.
    pub fn changes_anything(&self) -> bool {
        self.before.as_deref() != Some(self.after.as_slice())
    }
}

/// A project plan ready to write.
#[derive(Clone, Debug)]
pub struct PreparedProject {
    pub dir: PathBuf,
    pub plan: Plan,
    pub edits: Vec<FileEdit>,
    pub warnings: Vec<Problem>,
    /// Where a written value will not take effect (GoLand's environment, a later line).
    pub shadowed: Vec<Text>,
    /// Things to know (direnv must allow the changed file).
    pub notes: Vec<Text>,
    /// The unified diff of every file it changes, made once.
    diff: String,
}

impl PreparedProject {
    /// The unified diff of every file it changes, for the preview (made once, when prepared).
    pub fn diff(&self) -> &str {
        &self.diff
    }
}

fn refuse_value(key: &str, value: &str) -> Option<Text> {
    if !DOWNLOAD_KEYS.contains(&key) && !NETWORK_KEYS.contains(&key) {
        let list = DOWNLOAD_KEYS
            .iter()
            .chain(NETWORK_KEYS)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        return Some(tr!(
            "{key} is not a module download setting; a project can set {list}",
            "{key} 不是模块下载设置；项目可以设置 {list}"
        ));
    }
    if value.chars().any(char::is_control) {
        return Some(tr!(
            "the value of {key} holds a line break or another control character: it would break the project files; nothing was written",
            "{key} 的值含有换行或其他控制字符，会破坏项目文件；没有写入任何内容"
        ));
    }
    if effective::carries_password(value) {
        return Some(tr!(
            "the value of {key} carries a password in a URL, and project files are shared (often committed): put the credentials in .netrc (GOAUTH=netrc) and give the URL without them",
            "{key} 的值在网址中带有密码，而项目文件会被共享（常被提交到仓库）：请把凭据放进 .netrc（GOAUTH=netrc），网址中不要带密码"
        ));
    }
    None
}

/// Validates the plan (a wrong value is never written) and computes every target's new text.
pub fn prepare(
    project: &Project,
    layers: &Layers,
    plan: &Plan,
    targets: &[TargetKind],
) -> Result<PreparedProject, ApplyError> {
    if plan.changes.is_empty() {
        return Err(ApplyError::refused(tr!(
            "nothing to change",
            "没有要更改的内容"
        )));
    }
    // Every key is known to the go command reading an OS variable; `-w`'s rule about unknown
    // keys does not apply to the environment.
    let existing = DOWNLOAD_KEYS.iter().map(|k| k.to_string()).collect();
    let ctx = WriteContext {
        version: layers.version(),
        existing_keys: Some(&existing),
    };
    let mut problems = Vec::new();
    for (key, change) in &plan.changes {
        if let Some(text) = refuse_value(
            key,
            match change {
                Change::Set(v) => v,
                Change::Unset => "",
            },
        ) {
            return Err(ApplyError::Refused {
                en: text.en,
                zh: text.zh,
            });
        }
        // The network variables are not the go command's settings (no `go env -w` rule
        // applies): checked above for passwords and line breaks only.
        if let Change::Set(v) = change
            && !NETWORK_KEYS.contains(&key.as_str())
        {
            problems.extend(validate::check_write(key, v, ctx));
        }
    }
    if validate::has_errors(&problems) {
        return Err(ApplyError::Invalid(problems));
    }
    let (set, unset) = plan.split();
    let unset: Vec<String> = unset.into_iter().collect();
    let mut edits = Vec::new();
    let mut targets = targets.to_vec();
    targets.sort();
    targets.dedup();
    for kind in targets {
        let file = project.target(kind);
        if let Some(err) = &file.error {
            // GoLand's own dialog is the way when its file cannot be edited safely.
            let steps = (kind == TargetKind::Goland).then(|| {
                let mut vars = project.goland_env.vars.clone();
                for (k, v) in &set {
                    vars.insert(k.clone(), v.clone());
                }
                goland::manual_steps(&vars)
            });
            return Err(ApplyError::Refused {
                en: format!(
                    "{}; nothing was written. {}",
                    err.en,
                    steps.as_ref().map_or("", |s| s.en.as_str())
                )
                .trim_end()
                .to_string(),
                zh: format!(
                    "{}；没有写入任何内容。{}",
                    err.zh,
                    steps.as_ref().map_or("", |s| s.zh.as_str())
                )
                .trim_end()
                .to_string(),
            });
        }
        let text = file.text();
        let after = match kind {
            TargetKind::Envrc => {
                let mut values = envrc::managed_values(&text);
                for (k, v) in &set {
                    values.insert(k.clone(), v.clone());
                }
                for k in &unset {
                    values.remove(k);
                }
                envrc::with_values(&text, &values)
            }
            TargetKind::Vscode => {
                let mut out =
                    vscode::edit(&text, &set, &unset).map_err(|e| ApplyError::Refused {
                        en: e.to_string(),
                        zh: e.zh(),
                    })?;
                if !file.exists() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out
            }
            TargetKind::Goland => {
                let mut vars = project.goland_env.vars.clone();
                for (k, v) in &set {
                    vars.insert(k.clone(), v.clone());
                }
                for k in &unset {
                    vars.remove(k);
                }
                let steps = goland::manual_steps(&vars);
                if !file.exists() {
                    return Err(ApplyError::Refused {
                        en: format!(
                            "{} does not exist (GoLand creates it when it opens the project). {}",
                            file.path.display(),
                            steps.en
                        ),
                        zh: format!(
                            "{} 不存在（GoLand 打开项目时才会创建它）。{}",
                            file.path.display(),
                            steps.zh
                        ),
                    });
                }
                goland::with_vars(&text, &vars).map_err(|e| ApplyError::Refused {
                    en: format!("{e}: nothing was written. {}", steps.en),
                    zh: format!("{}：没有写入任何内容。{}", e.zh(), steps.zh),
                })?
            }
        };
        edits.push(FileEdit {
            target: kind,
            path: file.path.clone(),
            before: file.contents.clone(),
            after: after.into_bytes(),
            shown: Fingerprint::of(file.contents.as_deref()),
        });
    }
    let mut shadowed = Vec::new();
    let mut notes = Vec::new();
    let written: Vec<TargetKind> = edits
        .iter()
        .filter(|e| e.changes_anything())
        .map(|e| e.target)
        .collect();
    if !written.contains(&TargetKind::Goland) {
        for (k, v) in &set {
            if let Some(g) = project.goland.known_vars().get(k)
                && g != v
            {
                let shown = crate::goenv::gourl::redact_text(g);
                shadowed.push(tr!(
                    "GoLand's Go modules environment sets {k}={shown} for this project: GoLand will not see the new value (write it with --to goland, or change it in GoLand)",
                    "GoLand 的 Go 模块环境为此项目设置了 {k}={shown}：GoLand 看不到新值（用 --to goland 写入，或在 GoLand 中修改）"
                ));
            }
        }
    }
    for e in edits
        .iter()
        .filter(|e| e.target == TargetKind::Envrc && e.changes_anything())
    {
        let after = String::from_utf8_lossy(&e.after);
        for k in envrc::shadowing_lines(&after) {
            shadowed.push(tr!(
                "a later line in .envrc sets {k} again and wins over gomirror's block",
                ".envrc 中后面的一行再次设置了 {k}，会覆盖 gomirror 区块中的值"
            ));
        }
        notes.push(tr!(
            "direnv loads a changed .envrc only after 'direnv allow' (gomirror never runs it on its own: use the Allow button or --direnv-allow)",
            "修改后的 .envrc 要在运行“direnv allow”后才会被 direnv 加载（gomirror 不会自行运行它：请用“允许”按钮或 --direnv-allow）"
        ));
    }
    if written.contains(&TargetKind::Goland) {
        notes.push(tr!(
            "GoLand rewrites .idea/workspace.xml while it runs: write it only with the project closed in GoLand",
            "GoLand 运行时会重写 .idea/workspace.xml：请只在 GoLand 中关闭此项目时写入"
        ));
    }
    let diff = edits
        .iter()
        .filter(|e| e.changes_anything())
        .map(FileEdit::diff)
        .collect();
    Ok(PreparedProject {
        dir: project.dir.clone(),
        plan: plan.clone(),
        diff,
        edits,
        warnings: problems,
        shadowed,
        notes,
    })
}

mod write;
pub use write::{ProjectOutcome, apply};
