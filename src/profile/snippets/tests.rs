use super::*;

fn one(k: &str, v: &str) -> BTreeMap<String, String> {
    BTreeMap::from([(k.to_string(), v.to_string())])
}

#[test]
fn quoting_tables() {
    let tricky = "a b|c*$HOME'\"\\%";
    assert_eq!(posix_quote(tricky), r#"'a b|c*$HOME'\''"\%'"#);
    assert_eq!(fish_quote(tricky), r#"'a b|c*$HOME\'"\\%'"#);
    assert_eq!(powershell_quote(tricky), r#"'a b|c*$HOME''"\%'"#);
    assert_eq!(yaml_quote("it's"), "'it''s'");
    assert_eq!(dockerfile_quote(r#"a"$b\"#), r#""a\"\$b\\""#);
}

#[test]
fn cmd_says_what_it_cannot_express() {
    let s = render(Format::Cmd, &one("GOPRIVATE", "100%.corp.example"));
    assert_eq!(s.text.trim(), "");
    assert!(s.notes[0].en.contains("cmd expands %"), "{:?}", s.notes);
    let s = render(Format::Cmd, &one("GOPROXY", "https://a.example|direct"));
    assert_eq!(s.text, "set \"GOPROXY=https://a.example|direct\"\n");
}

#[test]
fn powershell_lines() {
    let s = render(Format::Powershell, &one("GONOSUMDB", "*.corp.example,it's"));
    assert_eq!(s.text, "$env:GONOSUMDB = '*.corp.example,it''s'\n");
}

#[test]
fn gitlab_keeps_dollars_unexpanded() {
    let s = render(Format::GitlabCi, &one("GOPROXY", "https://p.example/$x"));
    assert!(s.text.contains("expand: false"), "{}", s.text);
}

#[test]
fn every_format_has_a_name_and_parses_back() {
    for f in Format::ALL {
        assert_eq!(Format::parse(f.name()), Some(f));
    }
}
