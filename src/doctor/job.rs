//! The doctor's one worker job: build the report, or save it as Markdown.

use super::{Input, Report};
use crate::i18n::Text;
use std::path::PathBuf;

/// What the worker is asked for the Doctor panel.
#[derive(Clone, Debug)]
pub enum DoctorJob {
    Run(Box<Input>),
    /// Write the Markdown to `path` (a file of ours: replaced whole, never half-written).
    Save {
        path: PathBuf,
        markdown: String,
    },
}

/// What it answers.
#[derive(Clone, Debug)]
pub enum DoctorOutput {
    Report(Box<Report>),
    Saved(Result<PathBuf, Text>),
}

/// Runs one job on the calling thread (the worker's blocking pool).
pub fn run(job: DoctorJob) -> DoctorOutput {
    match job {
        DoctorJob::Run(input) => DoctorOutput::Report(Box::new(super::gather(&input))),
        DoctorJob::Save { path, markdown } => DoctorOutput::Saved(save(&path, &markdown)),
    }
}

fn save(path: &std::path::Path, markdown: &str) -> Result<PathBuf, Text> {
    use std::io::Write;
    let fail = |e: std::io::Error| {
        Text::new(
            format!("cannot save {}: {e}", path.display()),
            format!(
                "无法保存 {}：{}",
                path.display(),
                crate::i18n::io_error_zh(&e)
            ),
        )
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(markdown.as_bytes()).map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(path.to_path_buf())
}
