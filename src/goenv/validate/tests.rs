use super::*;

fn errors(key: &str, value: &str) -> Vec<String> {
    check_write(key, value, WriteContext::default())
        .into_iter()
        .filter(Problem::is_error)
        .map(|p| p.go_text.unwrap_or(p.message.en))
        .collect()
}

#[test]
fn go_write_checks() {
    assert_eq!(
        errors("GOENV", "x"),
        ["go: GOENV can only be set using the OS environment"]
    );
    assert_eq!(errors("GOROOT", "/x"), ["go: GOROOT cannot be modified"]);
    assert_eq!(
        errors("goproxy", "x"),
        ["go: unknown go command variable goproxy"]
    );
    assert_eq!(
        errors("GOPATH", "~/go"),
        ["go: GOPATH entry cannot start with shell metacharacter '~': \"~/go\""]
    );
    assert_eq!(
        errors("GOPROXY", "a\nb"),
        ["go: invalid newline in GOPROXY=... value"]
    );
    assert_eq!(
        errors("GO111MODULE", "ON"),
        ["go: invalid GO111MODULE value \"ON\""]
    );
    assert!(errors("GOPROXY", "")[0].contains("empty value"));
}

#[test]
fn download_time_checks() {
    assert_eq!(
        errors("GOPROXY", "https://goproxy.cn,direct"),
        Vec::<String>::new()
    );
    assert_eq!(
        errors("GOSUMDB", "sum.goproxy.cn"),
        ["verifying module: invalid GOSUMDB: malformed verifier id"]
    );
    assert_eq!(
        errors("GOTOOLCHAIN", "bogus"),
        ["go: invalid GOTOOLCHAIN \"bogus\""]
    );
    assert_eq!(
        errors("GOTOOLCHAIN", "go1.99+bogus"),
        ["go: invalid GOTOOLCHAIN \"go1.99+bogus\": only version suffixes are +auto and +path"]
    );
    assert!(errors("GOTOOLCHAIN", "go1.22.3+auto").is_empty());
    assert!(errors("GOTOOLCHAIN", "go1.21").is_empty());
    assert_eq!(
        errors("GOAUTH", "off;netrc"),
        ["go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)"]
    );
    assert_eq!(
        errors("GOAUTH", "netrc;"),
        ["go: GOAUTH encountered an empty command (GOAUTH=netrc;)"]
    );
    assert_eq!(
        errors("GOFLAGS", "'unterminated"),
        ["go: parsing $GOFLAGS: unterminated ' string"]
    );
    assert_eq!(
        errors("GOFLAGS", "notaflag"),
        ["go: parsing $GOFLAGS: non-flag \"notaflag\""]
    );
    assert_eq!(
        errors("GOVCS", "x"),
        ["malformed entry in GOVCS (missing colon): \"x\""]
    );
    assert!(errors("GOVCS", "private:all,public:git|hg").is_empty());
    assert_eq!(
        errors("GOPATH", "/a:relative"),
        ["go: GOPATH entry is relative; must be absolute path: \"relative\"."]
    );
    assert!(
        errors("GOSUMDB", "\"off\"")
            .iter()
            .any(|e| e.contains("malformed"))
    );
}

#[test]
fn suggestions() {
    let p = check_write(
        "GOSUMDB",
        "goproxy.cn/sumdb/sum.golang.org",
        WriteContext::default(),
    );
    assert_eq!(
        p[0].suggestion.as_deref(),
        Some("sum.golang.org https://goproxy.cn/sumdb/sum.golang.org")
    );
    let p = check_write(
        "GOPROXY",
        "https://goproxy.io,direct/",
        WriteContext::default(),
    );
    assert_eq!(
        p.iter()
            .find(|p| p.is_error())
            .and_then(|p| p.suggestion.as_deref()),
        Some("https://goproxy.io,direct")
    );
    let p = check_write("GOPROXY", "goproxy.cn;direct", WriteContext::default());
    assert!(
        p.iter()
            .any(|p| p.suggestion.as_deref() == Some("https://goproxy.cn,direct")),
        "{p:?}"
    );
}

/// Every suggested fix is computed on the corrected value: taking the suggestions never
/// yields a value that is still wrong, and no warning speaks of the broken value's defects.
#[test]
fn suggestions_are_computed_on_the_corrected_value() {
    let cases = [
        ("GOPROXY", "https://goproxy.cn;direct"),
        ("GOPROXY", "https://goproxy.cn direct"),
        ("GOPROXY", "goproxy.cn;direct"),
        ("GOPROXY", "\"https://goproxy.cn,direct\""),
        ("GOPROXY", "https://goproxy.io,direct/"),
        ("GOSUMDB", "\"sum.golang.org\""),
        ("GOPRIVATE", "https://git.corp.com/team"),
        ("GONOSUMDB", "git.corp.com; git.other.com"),
    ];
    for (key, value) in cases {
        let problems = check_write(key, value, WriteContext::default());
        for p in &problems {
            let Some(s) = &p.suggestion else { continue };
            assert!(
                !s.contains(";direct,") && !s.ends_with(",direct,direct"),
                "{key}={value}: {s}"
            );
            let after = check_write(key, s, WriteContext::default());
            assert!(
                !has_errors(&after),
                "{key}={value}: the suggestion {s} still has errors: {after:?}"
            );
        }
    }
    let p = check_write(
        "GOPROXY",
        "https://goproxy.cn;direct",
        WriteContext::default(),
    );
    let suggestions: Vec<_> = p.iter().filter_map(|p| p.suggestion.as_deref()).collect();
    assert_eq!(suggestions, ["https://goproxy.cn,direct"], "{p:?}");
}

#[test]
fn mirrors_after_the_keyword_are_kept_before_it() {
    use super::download::keep_mirrors;
    assert_eq!(
        keep_mirrors("direct,https://goproxy.io", "https://goproxy.io"),
        "https://goproxy.io,direct"
    );
    assert_eq!(
        keep_mirrors(
            "https://a.example|direct,https://b.example,direct",
            "https://b.example,direct"
        ),
        "https://a.example|https://b.example,direct"
    );
    assert_eq!(
        keep_mirrors("off,https://x.example", "https://x.example"),
        "https://x.example,off"
    );
}

#[test]
fn lints_match_the_go_command_on_values_from_blog_posts() {
    use crate::goenv::pattern::lint_patterns_for;
    // Upper case after the host is legitimate and matches case-sensitively: no warning.
    assert!(lint_patterns_for("GOPRIVATE", "github.com/Azure").is_empty());
    assert!(lint_patterns_for("GOPRIVATE", "github.com/BurntSushi,git.corp.example").is_empty());
    // Upper case in the host never matches.
    let l = lint_patterns_for("GOPRIVATE", "Git.Corp.Example/team");
    assert!(l.iter().any(|l| l.never_matches), "{l:?}");
    // A whole public host switched off.
    for (key, value) in [
        ("GONOSUMDB", "*"),
        ("GONOSUMDB", "github.com/*"),
        ("GOPRIVATE", "github.com/*"),
        ("GOPRIVATE", "gitlab.com"),
        ("GOPRIVATE", "*.com"),
        ("GOINSECURE", "github.com"),
    ] {
        let l = lint_patterns_for(key, value);
        assert!(!l.is_empty(), "{key}={value}");
        assert!(l[0].message.zh.chars().any(|c| c > '\u{2e80}'));
    }
    // The organisation's own path is fine.
    assert!(lint_patterns_for("GOPRIVATE", "github.com/my-org").is_empty());
    assert!(lint_patterns_for("GONOSUMDB", "github.com/my-org/*").is_empty());
}

#[test]
fn go111module_off_is_warned() {
    let p = check_value("GO111MODULE", "off");
    assert!(p.iter().any(|p| !p.is_error()), "{p:?}");
    assert!(check_value("GO111MODULE", "on").is_empty());
}
