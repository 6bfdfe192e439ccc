use super::*;

#[test]
fn go_error_texts() {
    assert_eq!(
        parse("http://%zz").unwrap_err(),
        r#"parse "http://%zz": invalid URL escape "%zz""#
    );
    assert_eq!(
        parse("https://file:relative").unwrap_err(),
        r#"parse "https://file:relative": invalid port ":relative" after host"#
    );
    assert_eq!(
        parse("https://a b").unwrap_err(),
        r#"parse "https://a b": invalid character " " in host name"#
    );
    assert_eq!(
        parse(":x").unwrap_err(),
        r#"parse ":x": missing protocol scheme"#
    );
}

#[test]
fn fields() {
    let u = parse("file:///abs/dir").unwrap();
    assert_eq!(u.scheme, "file");
    assert!(u.is_path_only());
    assert!(!parse("file://host/p").unwrap().is_path_only());
    assert_eq!(parse("myproxy").unwrap().scheme, "");
    let u = parse("https://user:pw@h:8/x").unwrap();
    assert_eq!(u.user, Some(("user".into(), Some("pw".into()))));
    assert_eq!(redact("https://user:pw@h:8/x"), "https://user:xxxxx@h:8/x");
    assert_eq!(redact("https://tok@h"), "https://xxxxx@h");
    assert_eq!(go_redacted("http://u:p@h/x"), "http://u:xxxxx@h/x");
    assert_eq!(
        redact_text("https://a:b@x.com,direct|http://t@y"),
        "https://a:xxxxx@x.com,direct|http://xxxxx@y"
    );
    // Text around the URLs may be anything (Chinese quotes and brackets included).
    assert_eq!(
        redact_text("“https://u:p@h;direct” 的主机名（“h”）"),
        "“https://u:xxxxx@h;direct” 的主机名（“h”）"
    );
    assert_eq!(redact_text("地址：https://x"), "地址：https://x");
    // Go ends the userinfo at the last `@` of the authority, whatever it holds before.
    for (text, want) in [
        (
            "GOPROXY=https://user:S3'CR3T@corp.example/",
            "GOPROXY=https://user:xxxxx@corp.example/",
        ),
        ("'https://u:a\"b@h/x'", "'https://u:xxxxx@h/x'"),
        ("https://u:p@ss@h/@v/list", "https://u:xxxxx@h/@v/list"),
        ("https://u:p%40:x@h", "https://u:xxxxx@h"),
        ("https://u:密码,|@h,direct", "https://u:xxxxx@h,direct"),
        (
            "https://a.example,https://t@b.example/",
            "https://a.example,https://xxxxx@b.example/",
        ),
        ("https://h.example/a@b c@d", "https://h.example/a@b c@d"),
    ] {
        assert_eq!(redact_text(text), want, "{text}");
    }
}

#[test]
fn a_password_without_a_scheme_is_redacted_but_ssh_and_mail_stay() {
    for (text, want) in [
        (
            "alice:p'a\"ss@git.corp.com/team",
            "alice:xxxxx@git.corp.com/team",
        ),
        (
            "GOPRIVATE=bob:s3cr3t@git.corp.com,github.com/x",
            "GOPRIVATE=bob:xxxxx@git.corp.com,github.com/x",
        ),
        (
            "pattern \"u:tok@h.example\" contains",
            "pattern \"u:xxxxx@h.example\" contains",
        ),
        ("“u:p@h”", "“u:xxxxx@h”"),
        (
            "git@git.corp.example:team/x.git",
            "git@git.corp.example:team/x.git",
        ),
        ("me@example.com", "me@example.com"),
        ("https://u:p@h,direct", "https://u:xxxxx@h,direct"),
    ] {
        assert_eq!(redact_text(text), want, "{text}");
    }
}

#[test]
fn a_schemeless_password_in_json_and_after_a_quote() {
    assert_eq!(
        redact_text(r#"{"GOPRIVATE":"u:p'w@git.corp.com"}"#),
        r#"{"GOPRIVATE":"u:xxxxx@git.corp.com"}"#
    );
}
