//! The panels' string tables and labels, the Projects panel's conflicts and refusals, the
//! Verify, Team and Doctor panels.

use super::*;

#[test]
fn interface_tables_and_project_labels_are_chinese_in_chinese() {
    let mut bad = Vec::new();
    // The interface string table.
    let en = serde_json::to_value(strings(Lang::En)).expect("strings");
    let zh = serde_json::to_value(strings(Lang::Zh)).expect("strings");
    let fields = zh.as_object().expect("object");
    assert!(fields.len() > 100, "{}", fields.len());
    for (name, value) in fields {
        if value.is_object() {
            // A panel's own table: each is walked below.
            continue;
        }
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("strings.{name}"), &text, &mut bad);
    }
    // The Projects panel's table, and its labels, conflicts and git explanations.
    let en =
        serde_json::to_value(&gomirror::ui::strings::strings(Lang::En).project).expect("strings");
    let zh =
        serde_json::to_value(&gomirror::ui::strings::strings(Lang::Zh).project).expect("strings");
    for (name, value) in zh.as_object().expect("object") {
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("project_strings.{name}"), &text, &mut bad);
    }
    for c in gomirror::project::effective::Consumer::ALL {
        check(&format!("{c:?}"), &c.label(), &mut bad);
    }
    {
        use gomirror::project::effective::ProjectSource as P;
        for src in [
            P::Project,
            P::Env,
            P::File,
            P::Goroot,
            P::Default,
            P::Goprivate,
        ] {
            check(&format!("{src:?}"), &src.label(), &mut bad);
        }
        use gomirror::project::access::{Access as A, AccessReport};
        for access in [
            A::Ok,
            A::NeedsCredentials,
            A::AuthFailed,
            A::HostKeyUnknown,
            A::SshKeyRefused,
            A::NotFound,
            A::Network,
            A::TimedOut,
            A::Failed,
        ] {
            let r = AccessReport {
                url: "https://git.corp.example/team/lib".into(),
                access,
                detail: String::new(),
            };
            check(&format!("{access:?}"), &r.explain(), &mut bad);
        }
    }
    assert_clean(bad);
}

#[test]
fn project_verify_team_and_doctor_panels_are_chinese_in_chinese() {
    let mut bad = Vec::new();
    // A project with every conflict the Projects panel reports, and the refusals of its writes.
    {
        use gomirror::project::{Project, TargetFile, effective};
        let tmp = tempfile::tempdir().expect("tmp");
        let env =
            gomirror::goenv::location::env_from(&[("HOME", &tmp.path().display().to_string())]);
        let layers = gomirror::goenv::model::Layers::read(
            env,
            gomirror::goenv::location::TargetOs::Linux,
            None,
        );
        let file = |text: &str, vars: &[(&str, &str)]| TargetFile {
            path: tmp.path().join("f"),
            contents: Some(text.as_bytes().to_vec()),
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), Some(v.to_string())))
                .collect(),
            error: None,
        };
        let mut project = Project {
            envrc: file(
                &format!(
                    "{}export GONOPROXY=x.example\n",
                    gomirror::project::envrc::with_values(
                        "",
                        &[("GONOPROXY".to_string(), "y.example".to_string())]
                            .into_iter()
                            .collect()
                    )
                ),
                &[
                    ("GONOPROXY", "x.example"),
                    ("GOPROXY", "https://u:p@proxy.corp.example"),
                ],
            ),
            envrc_allowed: Some(false),
            goland: file("", &[("GOPROXY", "https://goproxy.io,direct")]),
            ..Project::default()
        };
        project
            .vscode_vars
            .tools
            .insert("GOFLAGS".into(), "${userHome}/flags".into());
        project.envrc_allowed = Some(false);
        let conflicts =
            effective::conflicts(&project, &layers, &effective::table(&project, &layers));
        project.envrc_allowed = None;
        let more = effective::conflicts(&project, &layers, &effective::table(&project, &layers));
        let codes: std::collections::BTreeSet<&str> =
            conflicts.iter().chain(&more).map(|c| c.code).collect();
        assert_eq!(codes.len(), 6, "{codes:?}");
        for c in conflicts.iter().chain(&more) {
            check(c.code, &c.message, &mut bad);
        }
    }
    // The Verify panel's table.
    let en =
        serde_json::to_value(&gomirror::ui::strings::strings(Lang::En).verify).expect("strings");
    let zh =
        serde_json::to_value(&gomirror::ui::strings::strings(Lang::Zh).verify).expect("strings");
    for (name, value) in zh.as_object().expect("object") {
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("verify_strings.{name}"), &text, &mut bad);
    }
    // The Team panel, the profile's refusals and the snippets' notes.
    let en =
        serde_json::to_value(&gomirror::ui::strings::strings(Lang::En).profile).expect("strings");
    let zh =
        serde_json::to_value(&gomirror::ui::strings::strings(Lang::Zh).profile).expect("strings");
    for (name, value) in zh.as_object().expect("object") {
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("profile_strings.{name}"), &text, &mut bad);
    }
    let refused = gomirror::profile::file::parse(
        "version = 2\nmin_go = \"x\"\n[settings]\nGOPROXY = \"https://u:p@h.example\"\nGOPATH = \"/x\"\nGOSUMDB = \"bogus+key\"\n[[mirrors]]\nname = \"m\"\nurl = \"ftp://m.example\"\nkind = \"athens\"\n[[mirrors]]\nname = \"s\"\nurl = \"https://u:p@s.example\"\nkind = \"nexus\"\n",
    )
    .expect_err("refused");
    assert!(refused.problems.len() >= 5, "{refused:?}");
    for p in &refused.problems {
        check("profile", p, &mut bad);
    }
    for f in gomirror::profile::snippets::Format::ALL {
        check(f.name(), &f.label(), &mut bad);
        let s = gomirror::profile::snippets::render(
            f,
            &[
                ("GOPRIVATE".to_string(), "100%\"x${{".to_string()),
                (
                    "HTTPS_PROXY".to_string(),
                    "http://p.example:3128".to_string(),
                ),
            ]
            .into(),
        );
        for n in &s.notes {
            check(f.name(), n, &mut bad);
        }
    }
    // The team's minimum go version.
    {
        let p =
            gomirror::profile::file::parse("version = 1\nmin_go = \"1.99\"\n").expect("profile");
        for v in [Some("go1.27.3"), Some("go1.19.8"), None] {
            let installed = v.and_then(gomirror::goenv::version::GoVersion::parse);
            let (text, _) =
                gomirror::profile::min_go_check(&p, installed.as_ref()).expect("not met");
            check("min_go", &text, &mut bad);
        }
    }
    // The Doctor panel and the alert banner.
    let en =
        serde_json::to_value(&gomirror::ui::strings::strings(Lang::En).doctor).expect("strings");
    let zh =
        serde_json::to_value(&gomirror::ui::strings::strings(Lang::Zh).doctor).expect("strings");
    for (name, value) in zh.as_object().expect("object") {
        let text = Text::new(
            en[name].as_str().unwrap_or_default(),
            value.as_str().unwrap_or_default(),
        );
        check(&format!("doctor_strings.{name}"), &text, &mut bad);
    }
    assert_clean(bad);
}
