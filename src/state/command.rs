//! Everything a view can ask for: the only way views change the app.

use super::{Panel, Step, ThemeChoice};
use crate::goenv::conflicts::Fix;
use crate::i18n::Lang;

/// Everything a view can ask for.
#[derive(Clone, Debug)]
pub enum Command {
    Reload,
    /// Where Apply writes: through the go command, the user env file, or `$GOROOT/go.env`.
    SetTarget(crate::apply::Target),
    StartProbe,
    CancelProbe,
    ToggleWatch,
    SetLang(Lang),
    /// Light, dark or the OS's theme (remembered).
    SetTheme(ThemeChoice),
    /// Show or hide the About box (version, licences).
    ToggleAbout,
    Show(Panel),
    Step(Step),
    UseRecommended,
    AddCustomMirror(String),
    RemoveCustomMirror(usize),
    Preview,
    Apply,
    Undo,
    RefreshHistory,
    Fix(Fix),
    /// The OS-variable flow of the Overview (preview where it is set, remove it).
    OsVar(super::osvar::OsVarCommand),
    FinishOnboarding,
    Dismiss(usize),
    /// Open the native folder dialog for the project folder (answered by the worker).
    PickProjectFolder,
    /// The project folder text changed: read its go.mod (in the worker).
    ProjectFolderChanged,
    /// Open a project folder (typed, picked, dropped on the window, or a recent one).
    OpenProject(String),
    /// Preview the project draft: a diff of every target file.
    ProjectPreview,
    /// Write the previewed project change (one undo step).
    ProjectApply,
    /// Run `direnv allow` for the open project (only ever on this request).
    ProjectAllowDirenv,
    /// Check git's access to the project's remotes as the go command will meet it.
    ProjectCheckGit,
    /// Let git use SSH for this host (url.insteadOf in the user's git config): first the
    /// preview of the change, then, confirmed, the write.
    ProjectUseSsh {
        host: String,
        confirm: bool,
    },
    /// Apply the previewed change and then verify the settings before and after it (the
    /// onboarding's last step).
    ApplyAndVerify,
    /// The pasted go output changed: explain it again.
    Explain,
    /// Preview a fix the explainer or the verification offers (then Apply, with undo).
    PreviewFix(std::collections::BTreeMap<String, String>),
    /// Verify the chosen configurations side by side with the real go command.
    StartVerify,
    /// Stop the verification (the go command and everything it started).
    CancelVerify,
    /// Build the doctor's report (in the worker).
    RunDoctor,
    /// Save the report as Markdown at the panel's path.
    SaveDoctor,
    /// Put the report, as Markdown, on the clipboard.
    CopyDoctor,
    /// Open a file or folder the app names with the system's handler.
    OpenPath(std::path::PathBuf),
    /// Hide the alert banner.
    DismissAlert,
    /// Open a team profile (a file or an https URL; read by the worker).
    OpenProfile(String),
    /// Ask for a profile file with the native dialog, then open it.
    PickProfile,
    /// Ask where to export with the native dialog (fills the export path).
    PickExportPath,
    /// Export the current settings with the pending changes, and the user's own mirrors, as a
    /// team profile at the export path.
    ExportProfile,
    /// Put the opened profile's settings, company proxy and CA into the open project's draft
    /// and preview it (the Projects panel).
    ProfileToProject,
    /// Copy the profile's network instructions for this OS.
    CopyNetworkSteps,
    /// Preview the opened profile's settings (then Apply, with undo; the history names it).
    PreviewProfile,
    /// Save the login typed for a mirror that wants one into .netrc, then probe again.
    SaveMirrorLogin {
        host: String,
    },
    /// Put a snippet of the settings on the clipboard.
    CopySnippet(crate::profile::snippets::Format),
}
