//! Applying settings: a plan (set/unset per key) with a target, a preview diff, the write
//! (through the go command or directly), the re-read verdict per key, history and undo.

pub mod credentials;
pub mod history;
pub mod other;
mod report;
pub mod safe_write;
mod undo;
mod write;

use crate::goenv::envfile::{self, Duplicates};
use crate::goenv::gocmd;
use crate::goenv::location::EnvFileLocation;
use crate::goenv::model::Layers;
use crate::goenv::validate::{self, Problem, WriteContext};
use crate::i18n::Text;
use crate::tr;
use safe_write::{Fingerprint, WriteError};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Where a plan is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// `go env -w` / `go env -u`.
    Go,
    /// The user env file, edited directly (byte-identical to what the go command writes).
    File,
    /// `$GOROOT/go.env`: the machine-wide default.
    Goroot,
}

impl Target {
    /// The name used in the CLI and the history (`go`, `file`, `goroot`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Go => "go",
            Self::File => "file",
            Self::Goroot => "goroot",
        }
    }
}

/// What a plan does to one key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "value", rename_all = "lowercase")]
pub enum Change {
    Set(String),
    Unset,
}

/// The settings to change, by key, and where they came from (for the history).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub changes: BTreeMap<String, Change>,
    /// Where the change comes from, for the history (e.g. `team profile Payments`).
    pub source: Option<String>,
}

impl Plan {
    /// Adds `key=value` (the value as given; the core checks it before anything is written).
    pub fn set(mut self, key: &str, value: &str) -> Self {
        self.changes.insert(key.into(), Change::Set(value.into()));
        self
    }

    /// Adds the removal of `key`.
    pub fn unset(mut self, key: &str) -> Self {
        self.changes.insert(key.into(), Change::Unset);
        self
    }

    pub(crate) fn split(&self) -> (BTreeMap<String, String>, BTreeSet<String>) {
        let mut add = BTreeMap::new();
        let mut del = BTreeSet::new();
        for (k, c) in &self.changes {
            match c {
                Change::Set(v) => {
                    add.insert(k.clone(), v.clone());
                }
                Change::Unset => {
                    del.insert(k.clone());
                }
            }
        }
        (add, del)
    }

    /// `current` with this plan's changes made: the values afterwards.
    pub fn applied_to(&self, current: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut out = current.clone();
        for (k, c) in &self.changes {
            match c {
                Change::Set(v) => {
                    out.insert(k.clone(), v.clone());
                }
                Change::Unset => {
                    out.remove(k);
                }
            }
        }
        out
    }

    /// One line per change, passwords redacted, for previews.
    pub fn describe(&self) -> Vec<String> {
        self.changes
            .iter()
            .map(|(k, c)| match c {
                Change::Set(v) => format!("{k}={}", crate::goenv::gourl::redact_text(v)),
                Change::Unset => format!("-{k}"),
            })
            .collect()
    }
}

/// Why a plan was not written (nothing was, in every case).
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("invalid settings, nothing was written")]
    Invalid(Vec<Problem>),
    #[error("{en}")]
    Refused { en: String, zh: String },
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    History(#[from] history::HistoryError),
    #[error("the go command failed: {stderr}")]
    GoFailed { stderr: String },
    #[error(transparent)]
    Run(#[from] gocmd::RunError),
}

impl ApplyError {
    pub(crate) fn refused(text: Text) -> Self {
        Self::Refused {
            en: text.en,
            zh: text.zh,
        }
    }

    /// The same, in Chinese.
    pub fn zh(&self) -> String {
        match self {
            Self::Invalid(_) => "设置无效，没有写入任何内容".into(),
            Self::Refused { zh, .. } => zh.clone(),
            Self::Write(e) => e.zh(),
            Self::History(e) => e.zh(),
            Self::GoFailed { stderr } => match os_failure_zh(stderr) {
                Some(why) => format!("go 命令执行失败（{why}），其输出为：{stderr}"),
                None => format!("go 命令执行失败，其输出为：{stderr}"),
            },
            Self::Run(e) => format!("无法运行 go 命令：{e}"),
        }
    }
}

/// The operating-system failure the go command's own text names (Go prints the OS's English
/// words, e.g. `write ...: no space left on device`), in Chinese.
fn os_failure_zh(stderr: &str) -> Option<&'static str> {
    let lower = stderr.to_ascii_lowercase();
    [
        ("no space left on device", "磁盘空间已满"),
        ("disk quota exceeded", "超出磁盘配额"),
        ("read-only file system", "文件系统是只读的"),
        ("permission denied", "没有权限"),
    ]
    .into_iter()
    .find(|(en, _)| lower.contains(en))
    .map(|(_, zh)| zh)
}

/// A plan ready to apply: the file it changes, what it held when shown, and what it will hold.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub plan: Plan,
    pub target: Target,
    pub file: PathBuf,
    pub before: Option<Vec<u8>>,
    pub after: Vec<u8>,
    pub shown: Fingerprint,
    /// Warnings from validation (errors make `prepare` fail).
    pub warnings: Vec<Problem>,
    /// The unified diff of the file, made once when the change is prepared.
    diff: String,
}

impl Prepared {
    /// A unified diff of the file, for the preview (credentials redacted).
    pub fn diff(&self) -> &str {
        &self.diff
    }
}

/// The preview of a file change: a unified diff (3 lines of context) between what the file
/// holds now (None: it does not exist) and what it will hold, credentials redacted.
pub fn file_diff(file: &std::path::Path, before: Option<&[u8]>, after: &[u8]) -> String {
    let before = String::from_utf8_lossy(before.unwrap_or_default());
    let after = String::from_utf8_lossy(after);
    let name = file.display().to_string();
    let text = similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (now)"), &format!("{name} (after)"))
        .to_string();
    crate::goenv::gourl::redact_text(&text)
}

/// Validates a plan and computes the new file contents.
pub fn prepare(layers: &Layers, plan: &Plan, target: Target) -> Result<Prepared, ApplyError> {
    let existing = layers.existing_keys();
    let ctx = WriteContext {
        version: layers.version(),
        existing_keys: Some(&existing),
    };
    let mut problems = Vec::new();
    for (key, change) in &plan.changes {
        match change {
            Change::Set(v) => {
                let found = validate::check_write(key, v, ctx);
                let clean = !validate::has_errors(&found);
                problems.extend(found);
                if clean && let Some(go) = &layers.go {
                    problems.extend(validate::check_with_go(key, v, &go.path, &layers.env));
                }
            }
            Change::Unset => problems.extend(validate::check_unset(key, ctx)),
        }
    }
    if plan.changes.is_empty() {
        return Err(ApplyError::refused(tr!(
            "nothing to apply",
            "没有要应用的更改"
        )));
    }
    if validate::has_errors(&problems) {
        return Err(ApplyError::Invalid(problems));
    }
    let file = target_file(layers, target)?;
    let before = safe_write::read_stable(&file)?;
    let (add, del) = plan.split();
    let duplicates = if target == Target::Goroot {
        Duplicates::FirstWins
    } else {
        Duplicates::LastWins
    };
    let after = envfile::rewrite(
        before.as_deref().unwrap_or_default(),
        &add,
        &del,
        duplicates,
    );
    Ok(Prepared {
        plan: plan.clone(),
        target,
        shown: Fingerprint::of(before.as_deref()),
        diff: file_diff(&file, before.as_deref(), &after),
        file,
        before,
        after,
        warnings: problems,
    })
}

fn target_file(layers: &Layers, target: Target) -> Result<PathBuf, ApplyError> {
    if target == Target::Goroot {
        return layers.goroot_env_path.clone().ok_or_else(|| {
            ApplyError::refused(tr!(
                "GOROOT is unknown (no go command found), so there is no go.env to edit",
                "不知道 GOROOT（没有找到 go 命令），因此没有可编辑的 go.env"
            ))
        });
    }
    match &layers.env_file {
        EnvFileLocation::Path { path, .. } => Ok(path.clone()),
        EnvFileLocation::Off => Err(ApplyError::refused(tr!(
            "GOENV=off: the go command reads no env file, and 'go env -w' would silently write the default file anyway (G1). Unset GOENV to apply settings, or use --via goroot.",
            "GOENV=off：go 命令不读取任何 env 文件，而 'go env -w' 仍会悄悄写入默认文件（G1）。请先取消 GOENV 再应用设置，或使用 --via goroot。"
        ))),
        EnvFileLocation::Missing { go_text } => Err(ApplyError::Refused {
            en: format!(
                "{go_text}: set HOME (or %AppData% on Windows), or an absolute XDG_CONFIG_HOME"
            ),
            zh: format!(
                "{go_text}：请设置 HOME（Windows 为 %AppData%）或绝对路径的 XDG_CONFIG_HOME"
            ),
        }),
    }
}

/// The verdict for one key after the apply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum KeyStatus {
    Applied {
        value: String,
    },
    /// The write happened, but a higher layer wins.
    Overridden {
        by: String,
        value: String,
        help: Text,
    },
    Failed {
        reason: String,
    },
}

/// What an apply did: each key's state afterwards, the notes, the undo step.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub file: PathBuf,
    pub via: Target,
    pub keys: BTreeMap<String, KeyStatus>,
    /// What the go command printed on stderr (warnings are printed even on exit 0).
    pub go_warnings: Vec<String>,
    /// What happened besides the write (a damaged history set aside, settings a concurrent
    /// writer made the go command lose, put back).
    pub notes: Vec<Text>,
    pub history_id: u64,
    pub backup: Option<PathBuf>,
}

/// SHA-256 of bytes, in hex (backup checksums).
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub use report::ErrorReport;
pub use undo::{Undone, undo};
pub use write::apply;
