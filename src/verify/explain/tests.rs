//! Unit tests of the explainer's order of rules and its fixes (the real go command's texts are
//! in tests/explain_go.rs and tests/explain_corpus.rs).

use super::describe::with_fallthrough;
use super::*;

#[test]
fn module_paths() {
    assert_eq!(
        module_of("go: git.corp.example/a/b@v1.0.0: reading https://x/@v/v1.0.0.info: 410 Gone"),
        Some("git.corp.example/a/b")
    );
    assert_eq!(module_of("dial tcp 127.0.0.1:9: connect"), None);
}

#[test]
fn unrelated_lines_are_unknown() {
    for l in [
        "go: downloading golang.org/x/text v0.14.0",
        "go: finding module for package example.com/x",
        "go: downloading go1.99.0 (linux/amd64)",
        "hello world",
        "",
    ] {
        assert_eq!(classify(l), Class::Unknown, "{l}");
    }
}

#[test]
fn a_checksum_database_404_is_not_a_missing_module_on_the_proxy() {
    let l = "go: example.com/m@v1.0.0: verifying go.mod: example.com/m@v1.0.0/go.mod: reading https://goproxy.cn/sumdb/sum.golang.org/lookup/example.com/m@v1.0.0: 404 Not Found";
    assert_eq!(classify(l), Class::SumdbMissing);
}

#[test]
fn no_fix_takes_a_public_module_away_from_verification() {
    let none = Evidence::default();
    for l in [
        "verifying gorm.io/gorm@v1.25.0/go.mod: gorm.io/gorm@v1.25.0/go.mod: Get \"https://sum.golang.org/lookup/gorm.io/gorm@v1.25.0\": dial tcp 142.250.0.1:443: i/o timeout",
        "go: go.etcd.io/etcd/client/v3@v3.5.9: reading https://goproxy.cn/go.etcd.io/etcd/client/v3/@v/v3.5.9.info: 404 Not Found",
    ] {
        for f in explain(l, &none) {
            let weakens = f
                .fix
                .as_ref()
                .is_some_and(|m| m.contains_key("GOPRIVATE") || m.contains_key("GONOSUMDB"));
            assert!(!weakens, "{l}: {:?}", f.fix);
        }
    }
    // With evidence (the company host), the private module may leave the public database,
    // and the user's own GOPRIVATE patterns are kept.
    let company = Evidence {
        private_hosts: vec!["git.corp.example".into()],
        goprivate: "*.internal.example".into(),
        goproxy: String::new(),
        measured_goproxy: None,
    };
    let l = "go: git.corp.example/team/lib@v1.2.0: reading https://goproxy.cn/git.corp.example/team/lib/@v/v1.2.0.info: 404 Not Found";
    let f = &explain(l, &company)[0];
    assert_eq!(
        f.fix
            .as_ref()
            .and_then(|m| m.get("GOPRIVATE"))
            .map(String::as_str),
        Some("*.internal.example,git.corp.example")
    );
}

#[test]
fn the_server_s_own_text_is_not_the_user_s_git_problem() {
    let text = "go: example.com/private@v1.0.0: verifying module: example.com/private@v1.0.0: reading https://sum.golang.org/lookup/example.com/private@v1.0.0: 404 Not Found\n\tserver response:\n\tnot found: example.com/private@v1.0.0: invalid version: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/abc: exit status 128:\n\t\tfatal: could not read Username for 'https://example.com': terminal prompts disabled";
    let classes: Vec<Class> = explain(text, &Evidence::default())
        .iter()
        .map(|f| f.class)
        .collect();
    assert_eq!(
        classes,
        [
            Class::SumdbMissing,
            Class::ServerResponse,
            Class::ServerResponse,
            Class::ServerResponse
        ]
    );
}

#[test]
fn fallthrough_keeps_the_mirrors_and_the_tail() {
    assert_eq!(
        with_fallthrough("https://a.example,https://b.example,direct").as_deref(),
        Some("https://a.example|https://b.example,direct")
    );
    assert_eq!(
        with_fallthrough("https://a.example|https://b.example,direct"),
        None
    );
    assert_eq!(with_fallthrough("https://a.example,direct"), None);
    assert_eq!(with_fallthrough(""), None);
}

#[test]
fn every_class_has_words_in_both_languages() {
    for c in Class::ALL {
        let l = c.label();
        assert!(
            !l.en.is_empty() && l.zh.chars().any(|ch| ch > '\u{2e80}'),
            "{c:?}"
        );
        assert_ne!(l.zh, c.name(), "{c:?}");
    }
}

#[test]
fn a_mirror_is_offered_only_when_the_probe_saw_it_work() {
    let line = "go: example.com/m@v1.0.0: Get \"https://proxy.golang.org/example.com/m/@v/v1.0.0.info\": dial tcp 142.250.0.1:443: i/o timeout";
    let unseen = explain(line, &Evidence::default()).pop().expect("finding");
    assert!(
        matches!(unseen.class, Class::ProxyTimeout | Class::ProxyUnreachable),
        "{:?}",
        unseen.class
    );
    assert_eq!(unseen.fix, None, "no probe ran: no mirror nobody saw work");
    let seen = Evidence {
        measured_goproxy: Some("https://mirror.lab.example,direct".into()),
        ..Evidence::default()
    };
    let f = explain(line, &seen).pop().expect("finding");
    assert_eq!(
        f.fix
            .as_ref()
            .and_then(|m| m.get("GOPROXY"))
            .map(String::as_str),
        Some("https://mirror.lab.example,direct")
    );
}
