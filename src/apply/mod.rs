//! Applying settings: a plan (set/unset per key) with a target, a preview diff, the write
//! (through the go command or directly), the re-read verdict per key, history and undo.

pub mod history;
pub mod safe_write;

use crate::goenv::envfile::{self, Duplicates};
use crate::goenv::gocmd::{self, GoOutput};
use crate::goenv::location::{EnvFileLocation, env_value};
use crate::goenv::model::{Layers, Snapshot, Source};
use crate::goenv::validate::{self, Problem, WriteContext};
use crate::i18n::Text;
use crate::tr;
use history::{Entry, History};
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
    pub fn name(self) -> &'static str {
        match self {
            Self::Go => "go",
            Self::File => "file",
            Self::Goroot => "goroot",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "value", rename_all = "lowercase")]
pub enum Change {
    Set(String),
    Unset,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub changes: BTreeMap<String, Change>,
}

impl Plan {
    pub fn set(mut self, key: &str, value: &str) -> Self {
        self.changes.insert(key.into(), Change::Set(value.into()));
        self
    }

    pub fn unset(mut self, key: &str) -> Self {
        self.changes.insert(key.into(), Change::Unset);
        self
    }

    fn split(&self) -> (BTreeMap<String, String>, BTreeSet<String>) {
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
    fn refused(text: Text) -> Self {
        Self::Refused {
            en: text.en,
            zh: text.zh,
        }
    }

    pub fn zh(&self) -> String {
        match self {
            Self::Invalid(_) => "设置无效，没有写入任何内容".into(),
            Self::Refused { zh, .. } => zh.clone(),
            Self::Write(e) => e.zh(),
            Self::History(e) => e.zh(),
            Self::GoFailed { stderr } => format!("go 命令执行失败：{stderr}"),
            Self::Run(e) => format!("无法运行 go 命令：{e}"),
        }
    }
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
}

impl Prepared {
    /// A unified diff of the file, for the preview.
    pub fn diff(&self) -> String {
        let before =
            String::from_utf8_lossy(self.before.as_deref().unwrap_or_default()).into_owned();
        let after = String::from_utf8_lossy(&self.after).into_owned();
        let name = self.file.display().to_string();
        let diff = similar::TextDiff::from_lines(&before, &after);
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("{name} (now)"), &format!("{name} (after)"))
            .to_string();
        crate::goenv::gourl::redact_text(&text)
    }
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
    let before = safe_write::read_optional(&file)?;
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

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub file: PathBuf,
    pub via: Target,
    pub keys: BTreeMap<String, KeyStatus>,
    /// What the go command printed on stderr (warnings are printed even on exit 0).
    pub go_warnings: Vec<String>,
    pub history_id: u64,
    pub backup: Option<PathBuf>,
}

/// Applies a prepared plan. `reread` builds the layers again after the write (from the same
/// environment and go binary), to report what took effect.
pub fn apply(
    layers: &Layers,
    prepared: &Prepared,
    data_dir: &std::path::Path,
) -> Result<Outcome, ApplyError> {
    let current = safe_write::check_unchanged(&prepared.file, &prepared.shown)?;
    let backup = match &current {
        Some(data) => Some(safe_write::backup(
            &prepared.file,
            data,
            &history::backups_dir(data_dir),
        )?),
        None => None,
    };
    let mut go_warnings = Vec::new();
    match prepared.target {
        Target::File | Target::Goroot => safe_write::write_atomic(&prepared.file, &prepared.after)?,
        Target::Go => go_warnings = apply_via_go(layers, prepared)?,
    }
    let written = safe_write::read_optional(&prepared.file)?;
    let mut history = History::load(data_dir)?;
    let history_id = history.push(Entry {
        id: 0,
        time: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
        via: prepared.target.name().into(),
        file: prepared.file.clone(),
        changes: prepared.plan.describe(),
        backup: backup.clone(),
        after: Fingerprint::of(written.as_deref()),
        undone: false,
    });
    history.save(data_dir)?;
    let reread = Layers::read(layers.env.clone(), layers.os, layers.go.clone());
    Ok(Outcome {
        file: prepared.file.clone(),
        via: prepared.target,
        keys: verdicts(layers, prepared, &reread),
        go_warnings,
        history_id,
        backup,
    })
}

fn apply_via_go(layers: &Layers, prepared: &Prepared) -> Result<Vec<String>, ApplyError> {
    let Some(go) = &layers.go else {
        return Err(ApplyError::refused(tr!(
            "no go command found; use --via file to edit the env file directly",
            "没有找到 go 命令；请使用 --via file 直接编辑 env 文件"
        )));
    };
    let (add, mut del) = prepared.plan.split();
    let mut warnings = Vec::new();
    // GOROOT cannot be unset through Go 1.25+, and a broken GOROOT line stops every go
    // command (G3): remove it by editing the file first.
    if del.remove("GOROOT") {
        let data = safe_write::read_optional(&prepared.file)?.unwrap_or_default();
        safe_write::write_atomic(&prepared.file, &envfile::unset(&data, "GOROOT"))?;
    }
    let env = &layers.env;
    let mut commands = gocmd::env_write_commands(&go.path, env, &add);
    // `go env -u` needs an existing file (G17); without a file there is nothing to unset.
    let del: Vec<String> = del.into_iter().collect();
    if !del.is_empty() && safe_write::read_optional(&prepared.file)?.is_some() {
        commands.insert(0, gocmd::env_unset_command(&go.path, env, &del));
    }
    for cmd in commands {
        let out: GoOutput = gocmd::run_blocking(&cmd)?;
        warnings.extend(
            out.stderr
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string),
        );
        if !out.success() {
            return Err(ApplyError::GoFailed {
                stderr: out.stderr.trim().to_string(),
            });
        }
    }
    Ok(warnings)
}

/// Compares the re-read model with the model predicted from the new file.
fn verdicts(layers: &Layers, prepared: &Prepared, reread: &Layers) -> BTreeMap<String, KeyStatus> {
    let mut predicted = reread.clone();
    predicted
        .env
        .retain(|k, _| !prepared.plan.changes.contains_key(k));
    if prepared.target == Target::Goroot
        && let Some(user) = &predicted.user_file
    {
        let keys: BTreeSet<String> = prepared.plan.changes.keys().cloned().collect();
        predicted.user_file = Some(envfile::rewrite(
            user,
            &BTreeMap::new(),
            &keys,
            Duplicates::LastWins,
        ));
    }
    let expected = Snapshot::compute(&predicted);
    let actual = Snapshot::compute(reread);
    let mut out = BTreeMap::new();
    for key in prepared.plan.changes.keys() {
        let want = expected
            .vars
            .get(key)
            .map(|v| v.value.clone())
            .unwrap_or_default();
        let (value, source) = actual
            .vars
            .get(key)
            .map(|v| (v.value.clone(), v.source))
            .unwrap_or_else(|| (want.clone(), Source::Default));
        let status = if value == want || key == "GOROOT" {
            KeyStatus::Applied { value }
        } else if source == Source::Env && env_value(&layers.env, key).is_some() {
            KeyStatus::Overridden {
                by: format!("OS environment variable {key}"),
                value,
                help: crate::goenv::conflicts::remove_os_variable_help(key),
            }
        } else if source == Source::File && prepared.target == Target::Goroot {
            KeyStatus::Overridden {
                by: format!("the user env file ({key} is set there)"),
                value,
                help: tr!(
                    "Remove {key} from the user env file: gomirror unset {key} --via file",
                    "从用户 env 文件中删除 {key}：gomirror unset {key} --via file"
                ),
            }
        } else {
            KeyStatus::Failed {
                reason: format!("expected {want:?}, but the value is now {value:?}"),
            }
        };
        out.insert(key.clone(), status);
    }
    out
}

/// Undoes the newest apply that has not been undone: restores the file byte for byte (or
/// removes it if it did not exist), refusing if the file changed since that apply.
pub fn undo(data_dir: &std::path::Path) -> Result<Entry, ApplyError> {
    let mut history = History::load(data_dir)?;
    let Some(entry) = history.last_active() else {
        return Err(ApplyError::refused(tr!(
            "nothing to undo",
            "没有可撤销的操作"
        )));
    };
    safe_write::check_unchanged(&entry.file, &entry.after)?;
    match &entry.backup {
        Some(backup) => {
            let data = std::fs::read(backup).map_err(|source| WriteError::Read {
                path: backup.clone(),
                source,
            })?;
            safe_write::write_atomic(&entry.file, &data)?;
        }
        None => safe_write::remove(&entry.file)?,
    }
    entry.undone = true;
    let done = entry.clone();
    history.save(data_dir)?;
    Ok(done)
}
