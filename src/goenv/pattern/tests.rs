use super::*;

#[test]
fn matcher_basics() {
    assert!(match_prefix_patterns("example.com", "example.com/m"));
    assert!(!match_prefix_patterns("example.com", "example.com.evil/m"));
    assert!(match_prefix_patterns("*.corp", "git.corp/x"));
    assert!(!match_prefix_patterns("[", "example.com/m"));
    assert!(match_prefix_patterns("[,example.com", "example.com/m"));
}

#[test]
fn path_match_errors_like_go() {
    assert_eq!(path_match(b"[", b"a"), Err(BadPattern));
    assert_eq!(path_match(b"a\\", b"a"), Err(BadPattern));
    assert_eq!(path_match(b"[a-", b"a"), Err(BadPattern));
    assert_eq!(path_match(b"a*b", b"a/b"), Ok(false));
    assert_eq!(path_match(b"[^a-z]", b"M"), Ok(true));
}

#[test]
fn lints_find_the_silent_mistakes() {
    let lints = lint_patterns("https://Git.Corp.com, b.com;c.com,[!x]");
    let text: Vec<_> = lints.iter().map(|l| l.message.en.clone()).collect();
    assert!(text.iter().any(|t| t.contains("';'")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("whitespace")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("URL scheme")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("[^")), "{text:?}");
    assert!(
        text.iter().any(|t| t.contains("upper case in its host")),
        "{text:?}"
    );
    assert_eq!(
        normalize_patterns("https://Git.Corp.com, b.com;c.com,[!x]"),
        "git.corp.com,b.com,c.com,[^x]"
    );
    assert!(lint_patterns("git.corp.com,github.com/org").is_empty());
    assert_eq!(lint_patterns("a[b").len(), 1);
}
