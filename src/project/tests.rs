use super::*;

#[test]
fn hosts() {
    assert_eq!(
        module_path("// x\nmodule \"git.corp.com/team/app\" // c\n"),
        Some("git.corp.com/team/app".into())
    );
    assert_eq!(
        private_host("git.corp.com/team/app"),
        Some("git.corp.com".into())
    );
    assert_eq!(private_host("github.com/a/b"), None);
    assert_eq!(private_host("localmodule"), None);
}

#[test]
fn suggestions() {
    let p = Project {
        gomod: Some(gomod::parse_gomod(
            "module git.corp.com/team/app\nrequire (\n git.corp.com/lib/x v1.0.0\n github.com/acme/tool v0.1.0\n github.com/pub/y v1.0.0\n)\n",
        )),
        remotes: vec![
            "git@git.corp.com:team/app.git".into(),
            "https://github.com/acme/app".into(),
        ],
        ..Project::default()
    };
    assert_eq!(p.suggested_private(""), ["git.corp.com", "github.com/acme"]);
    assert_eq!(p.suggested_private("git.corp.com"), ["github.com/acme"]);
}
