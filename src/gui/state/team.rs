//! The Team panel's state: a team profile opened (typed, dropped on the window, or given on
//! the command line), its preview through the normal apply path, and the snippets.

use super::*;
use crate::profile::file::TeamProfile;
use crate::profile::snippets::Format;

#[derive(Clone, Debug)]
pub struct TeamView {
    /// The path or URL field.
    pub location: String,
    pub profile: Option<RequestId>,
    pub loaded: Option<Box<TeamProfile>>,
    pub problems: Vec<Text>,
    /// The snippet shown.
    pub format: Format,
}

impl Default for TeamView {
    fn default() -> Self {
        Self {
            location: String::new(),
            profile: None,
            loaded: None,
            problems: Vec::new(),
            format: Format::Bash,
        }
    }
}

impl AppState {
    pub(super) fn open_profile(&mut self, location: String, backend: &dyn Backend) {
        let id = self.id();
        self.team.location = location.clone();
        self.team.profile = Some(id);
        self.team.loaded = None;
        self.team.problems.clear();
        backend.send(Request::Job {
            id,
            job: Box::new(Job::ReadProfile(crate::profile::job::ReadProfile {
                location,
                env: self.env.clone(),
            })),
        });
    }

    pub(super) fn on_profile(&mut self, id: RequestId, output: crate::profile::job::ProfileOutput) {
        if self.team.profile != Some(id) {
            return;
        }
        self.team.profile = None;
        match output {
            Ok(p) => {
                // The company proxy and CA reach the go command only through the process
                // environment: this window's probes and verifications use them from now on;
                // the snippets carry them to the user's shells.
                let network: Vec<(String, String)> = p
                    .environment()
                    .into_iter()
                    .filter(|(k, _)| crate::profile::file::PROCESS_ONLY.contains(&k.as_str()))
                    .collect();
                if !network.is_empty() {
                    let names: Vec<&str> = network.iter().map(|(k, _)| k.as_str()).collect();
                    let names = names.join(", ");
                    self.notices.push(Text::new(
                        format!("This window's probes and verifications now use the profile's {names}; the snippets below set them in your shell."),
                        format!("本窗口的测速和验证现在使用团队配置中的 {names}；下方的代码片段可把它们写入你的终端配置。"),
                    ));
                    self.env.extend(network);
                }
                self.team.loaded = Some(p);
            }
            Err(problems) => self.team.problems = problems,
        }
    }

    /// The settings the snippets carry: the opened profile's, else the ones the user set.
    pub fn snippet_settings(&self) -> std::collections::BTreeMap<String, String> {
        match &self.team.loaded {
            Some(p) => p.environment(),
            None => self
                .snapshot()
                .map(crate::profile::chosen_settings)
                .unwrap_or_default(),
        }
    }

    pub(super) fn copy_snippet(&mut self, format: Format) {
        let snippet = crate::profile::snippets::render(format, &self.snippet_settings());
        self.clipboard = Some(snippet.text);
        self.notices.push(Text::new(
            format!("Copied: {}", format.label().en),
            format!("已复制：{}", format.label().zh),
        ));
    }
}
