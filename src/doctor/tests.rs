use super::*;
use crate::goenv::location::env_from;

fn offline_input(home: &std::path::Path) -> Input {
    let home = home.display().to_string();
    let mut input = Input::new(env_from(&[
        ("HOME", &home),
        ("PATH", "/nonexistent-bin"),
        ("GOMIRROR_GO", "/nonexistent/go"),
        (
            "GOPROXY",
            "https://alice:pr0xy-s3cret@goproxy.corp.example/,direct",
        ),
        ("HTTPS_PROXY", "http://bob:gateway-pass@10.0.0.1:3128"),
        ("GOMODCACHE", &format!("{home}/modcache")),
    ]));
    input.network = false;
    input
}

#[test]
fn without_a_go_command_the_report_says_where_to_get_one_and_reports_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = gather(&offline_input(dir.path()));
    assert!(!report.go.found);
    let get = report.go.get_go.as_ref().expect("download links");
    assert_eq!(get.official, "https://go.dev/dl/");
    assert_eq!(get.china, "https://golang.google.cn/dl/");
    let missing = report
        .findings
        .iter()
        .find(|f| f.id == "go-missing")
        .expect("go-missing");
    assert_eq!(missing.severity, Severity::Problem);
    assert!(missing.zh.contains("golang.google.cn/dl"), "{}", missing.zh);
    assert_eq!(report.worst(), Severity::Problem);
    // The other parts are still there.
    assert!(report.settings.iter().any(|s| s.key == "GOPROXY"));
    assert!(report.proxy.iter().any(|p| p.name == "HTTPS_PROXY"));
    assert!(report.modcache.path.ends_with("modcache"));
    assert!(!report.modcache.exists);
    assert!(report.modcache.writable, "its parent is writable");
}

#[test]
fn passwords_never_reach_the_json_or_the_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = gather(&offline_input(dir.path()));
    let json = serde_json::to_string(&report).expect("json");
    let md_en = markdown::render(&report, crate::i18n::Lang::En);
    let md_zh = markdown::render(&report, crate::i18n::Lang::Zh);
    for text in [&json, &md_en, &md_zh] {
        assert!(!text.contains("pr0xy-s3cret"), "{text}");
        assert!(!text.contains("gateway-pass"), "{text}");
        assert!(text.contains("goproxy.corp.example"), "{text}");
    }
}

#[test]
fn a_fix_is_kept_for_the_app_and_redacted_in_json() {
    let f = Finding::new("x", Severity::Problem, Text::new("a", "甲")).with_fix(
        [(
            "GOPROXY".to_string(),
            "https://u:secret-pw@m.example/,direct".to_string(),
        )]
        .into(),
    );
    let json = serde_json::to_string(&f).expect("json");
    assert!(!json.contains("secret-pw"), "{json}");
    assert!(json.contains("m.example"), "{json}");
    assert!(f.fix.expect("fix")["GOPROXY"].contains("secret-pw"));
}
