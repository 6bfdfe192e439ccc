//! The Team panel's one worker job: read a profile from a file or an https URL, ask for a
//! profile file or an export path (native dialogs, off the UI thread), write an export.

use super::file::TeamProfile;
use crate::goenv::location::EnvMap;
use crate::i18n::Text;
use std::path::PathBuf;
use std::time::Duration;

/// What the worker is asked for the Team panel.
#[derive(Clone, Debug)]
pub enum ProfileJob {
    /// Read and check a profile (an embedded CA is installed as a file, see
    /// [`super::install_ca`]).
    Read { location: String, env: EnvMap },
    /// The native open dialog, for `*.gomirror.toml`.
    PickOpen,
    /// The native save dialog for an export.
    PickSave { suggested: PathBuf },
    /// Write an exported profile (atomic; a file that was there is backed up first, into
    /// gomirror's backups folder).
    Export {
        path: PathBuf,
        text: String,
        env: EnvMap,
    },
}

/// What it answers.
#[derive(Clone, Debug)]
pub enum ProfileOutput {
    /// The profile, or every reason it is refused.
    Read(Result<Box<TeamProfile>, Vec<Text>>),
    /// The file picked to open (None: cancelled, or no dialog here).
    Picked(Option<PathBuf>),
    /// The export path picked.
    PickedSave(Option<PathBuf>),
    /// Where the export was written, or why not.
    Exported(Result<PathBuf, Text>),
}

/// Runs one job on the calling thread.
pub fn run(job: ProfileJob) -> ProfileOutput {
    match job {
        ProfileJob::Read { location, env } => ProfileOutput::Read(
            super::load(&location, &env, Duration::from_secs(20))
                .map(Box::new)
                .map_err(|e| match e {
                    super::LoadError::Unreadable(t) => vec![t],
                    super::LoadError::Refused(problems) => problems,
                }),
        ),
        ProfileJob::PickOpen => ProfileOutput::Picked(crate::desktop::dialog(
            rfd::AsyncFileDialog::new()
                .add_filter("gomirror team profile", &["toml"])
                .pick_file(),
        )),
        ProfileJob::PickSave { suggested } => {
            let mut d = rfd::AsyncFileDialog::new().add_filter("gomirror team profile", &["toml"]);
            if let Some(dir) = suggested.parent() {
                d = d.set_directory(dir);
            }
            if let Some(name) = suggested.file_name() {
                d = d.set_file_name(name.to_string_lossy());
            }
            ProfileOutput::PickedSave(crate::desktop::dialog(d.save_file()))
        }
        ProfileJob::Export { path, text, env } => {
            ProfileOutput::Exported(export(path, &text, &env))
        }
    }
}

fn export(path: PathBuf, text: &str, env: &EnvMap) -> Result<PathBuf, Text> {
    use crate::apply::safe_write;
    let err = |e: safe_write::WriteError| Text::new(e.to_string(), e.zh());
    if let Some(old) = safe_write::read_optional(&path).map_err(err)?
        && old != text.as_bytes()
    {
        let data =
            crate::apply::history::data_dir(env).map_err(|e| Text::new(e.to_string(), e.zh()))?;
        safe_write::backup(&path, &old, &crate::apply::history::backups_dir(&data)).map_err(err)?;
    }
    safe_write::write_atomic(&path, text.as_bytes()).map_err(err)?;
    Ok(path)
}
