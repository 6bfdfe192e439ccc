//! Everything a view can ask for: the only way views change the app.

use super::{Panel, Step, ThemeChoice};
use crate::goenv::conflicts::Fix;
use crate::i18n::Lang;

/// Everything a view can ask for, one variant per capability (each handled by one exhaustive
/// match in its state).
#[derive(Clone, Debug)]
pub enum Command {
    /// The window itself: settings, navigation, notices and files.
    App(AppCommand),
    /// The Mirrors panel: probe rounds, the watch, the user's own mirrors and logins.
    Mirrors(MirrorsCommand),
    /// Writing the pending settings: preview, apply, undo, the target, one-click fixes.
    Apply(ApplyCommand),
    /// The Projects panel: a project's own settings and its git access.
    Project(ProjectCommand),
    /// The Verify panel: verification with the real go command, the explainer.
    Verify(VerifyCommand),
    /// The Doctor panel: the report.
    Doctor(DoctorCommand),
    /// The Team panel: team profiles, export and snippets.
    Profile(ProfileCommand),
    /// The OS-variable flow of the Overview (preview where it is set, remove it).
    OsVar(super::osvar::OsVarCommand),
}

/// The window itself: settings, navigation, notices and files.
#[derive(Clone, Debug)]
pub enum AppCommand {
    Reload,
    SetLang(Lang),
    /// Light, dark or the OS's theme (remembered).
    SetTheme(ThemeChoice),
    /// Show or hide the About box (version, licences).
    ToggleAbout,
    Show(Panel),
    Step(Step),
    FinishOnboarding,
    Dismiss(usize),
    /// Open a file or folder the app names with the system's handler.
    OpenPath(std::path::PathBuf),
    /// Hide the alert banner.
    DismissAlert,
}

/// The Mirrors panel: probe rounds, the watch, the user's own mirrors and logins.
#[derive(Clone, Debug)]
pub enum MirrorsCommand {
    StartProbe,
    CancelProbe,
    ToggleWatch,
    UseRecommended,
    AddCustom(String),
    RemoveCustom(usize),
    /// Save the login typed for a mirror that wants one into .netrc, then probe again.
    SaveLogin {
        host: String,
    },
}

/// Writing the pending settings: preview, apply, undo, the target, one-click fixes.
#[derive(Clone, Debug)]
pub enum ApplyCommand {
    /// Where Apply writes: through the go command, the user env file, or `$GOROOT/go.env`.
    SetTarget(crate::apply::Target),
    Preview,
    Apply,
    Undo,
    RefreshHistory,
    Fix(Fix),
    /// Apply the previewed change and then verify the settings before and after it (the
    /// onboarding's last step).
    ApplyAndVerify,
    /// Preview a fix the explainer or the verification offers (then Apply, with undo).
    PreviewFix(std::collections::BTreeMap<String, String>),
    /// The onboarding's "Not yet" card: apply its one fix and verify before and after, on the
    /// step itself.
    FixAndVerify(std::collections::BTreeMap<String, String>),
    /// The onboarding's "Not yet" card without a fix: verify the settings in force again (the
    /// network may have changed), or write them again when writing failed.
    VerifyAgain,
}

/// The Projects panel: a project's own settings and its git access.
#[derive(Clone, Debug)]
pub enum ProjectCommand {
    /// Open the native folder dialog for the project folder (answered by the worker).
    PickFolder,
    /// The project folder text changed: read its go.mod (in the worker).
    FolderChanged,
    /// Open a project folder (typed, picked, dropped on the window, or a recent one).
    Open(String),
    /// Preview the project draft: a diff of every target file.
    Preview,
    /// Write the previewed project change (one undo step).
    Apply,
    /// Run `direnv allow` for the open project (only ever on this request).
    AllowDirenv,
    /// Check git's access to the project's remotes as the go command will meet it.
    CheckGit,
    /// Let git use SSH for this host (url.insteadOf in the user's git config): first the
    /// preview of the change, then, confirmed, the write.
    UseSsh { host: String, confirm: bool },
}

/// The Verify panel: verification with the real go command, the explainer.
#[derive(Clone, Debug)]
pub enum VerifyCommand {
    /// The pasted go output changed: explain it again.
    Explain,
    /// Verify the chosen configurations side by side with the real go command.
    Start,
    /// Stop the verification (the go command and everything it started).
    Cancel,
}

/// The Doctor panel: the report.
#[derive(Clone, Debug)]
pub enum DoctorCommand {
    /// Build the doctor's report (in the worker).
    Run,
    /// Save the report as Markdown at the panel's path.
    Save,
    /// Put the report, as Markdown, on the clipboard.
    Copy,
    /// Put one traced path (the report's `paths[i]`), as a hop table, on the clipboard.
    CopyPath(usize),
}

/// The Team panel: team profiles, export and snippets.
#[derive(Clone, Debug)]
pub enum ProfileCommand {
    /// Open a team profile (a file or an https URL; read by the worker).
    Open(String),
    /// Ask for a profile file with the native dialog, then open it.
    Pick,
    /// Ask where to export with the native dialog (fills the export path).
    PickExportPath,
    /// Export the current settings with the pending changes, and the user's own mirrors, as a
    /// team profile at the export path.
    Export,
    /// Put the opened profile's settings, company proxy and CA into the open project's draft
    /// and preview it (the Projects panel).
    ToProject,
    /// Copy the profile's network instructions for this OS.
    CopyNetworkSteps,
    /// Preview the opened profile's settings (then Apply, with undo; the history names it).
    Preview,
    /// Put a snippet of the settings on the clipboard.
    CopySnippet(crate::profile::snippets::Format),
}
