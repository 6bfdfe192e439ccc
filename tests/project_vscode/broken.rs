//! Broken settings.json files read as VS Code reads them, and `go.toolsEnvVars` substituted as
//! the Go extension does.

use super::*;

/// Broken settings files people really have: VS Code still reads what parses, and so must we.
const BROKEN: [(&str, &str); 10] = [
    (
        "hash-comment",
        "{\n  # proxy for the office\n  \"go.toolsEnvVars\": {\"GOPROXY\": \"https://goproxy.cn,direct\"},\n}\n",
    ),
    (
        "hash-comment-with-colon",
        "{\n  # note: keep this\n  \"editor.tabSize\": 2,\n  \"go.toolsEnvVars\": {\"GOPRIVATE\": \"git.corp.example\"}\n}\n",
    ),
    (
        "missing-comma",
        "{\n  \"editor.tabSize\": 2\n  \"go.toolsEnvVars\": {\"GOFLAGS\": \"-mod=mod\"}\n}\n",
    ),
    (
        "missing-comma-inside",
        "{\n  \"go.toolsEnvVars\": {\"GOPROXY\": \"https://goproxy.io,direct\" \"GOSUMDB\": \"sum.golang.google.cn\"}\n}\n",
    ),
    (
        "unquoted-key",
        "{\n  go.toolsEnvVars: {\"GOPROXY\": \"x\"},\n  \"terminal.integrated.env.linux\": {\"GOPRIVATE\": \"git.corp.example\"}\n}\n",
    ),
    (
        "single-quotes",
        "{\n  \"go.toolsEnvVars\": {'GOPROXY': 'https://goproxy.cn'},\n  \"terminal.integrated.env.osx\": {\"GOFLAGS\": \"-x\"}\n}\n",
    ),
    (
        "stray-text",
        "{\n  \"go.toolsEnvVars\": {\"GONOSUMDB\": \"git.corp.example\"},\n  oops\n  \"terminal.integrated.env.windows\": {\"GOPROXY\": \"off\"}\n}\n",
    ),
    (
        "unclosed",
        "{\n  \"go.toolsEnvVars\": {\"GOPROXY\": \"https://goproxy.cn,direct\"\n",
    ),
    (
        "double-comma",
        "{\n  \"editor.tabSize\": 2,,\n  \"go.toolsEnvVars\": {\"GOTOOLCHAIN\": \"local\"}\n}\n",
    ),
    (
        "value-missing",
        "{\n  \"go.toolsEnvVars\": {\"GOPROXY\": , \"GOPRIVATE\": \"git.corp.example\"}\n}\n",
    ),
];

#[test]
fn a_broken_settings_json_yields_what_vs_code_still_reads_with_its_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    let files: Vec<PathBuf> = BROKEN
        .iter()
        .map(|(name, text)| {
            let p = dir.path().join(format!("{name}.json"));
            std::fs::write(&p, text).expect("write");
            p
        })
        .collect();
    let truth = oracle(&files);
    let mut same_settings = 0;
    for ((name, text), file) in BROKEN.iter().zip(&files) {
        let want = &truth[&file.display().to_string()];
        let (vars, errors) = vscode::read_tolerant(text);
        let section = |key: &str| -> BTreeMap<String, String> {
            want["value"][key]
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().map_or(v.to_string(), str::to_string)))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(vars.tools, section(TOOLS_KEY), "{name}: {want}");
        for key in TERMINAL_KEYS {
            assert_eq!(
                vars.terminal.get(key).cloned().unwrap_or_default(),
                section(key),
                "{name} {key}: {want}"
            );
        }
        let codes: Vec<&str> = errors.iter().map(|e| e.code).collect();
        let want_codes: Vec<&str> = want["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(codes, want_codes, "{name}: the errors VS Code reports");
        assert!(!codes.is_empty(), "{name} is broken");
        // The strict reader (used before any edit) still refuses it.
        assert!(vscode::read(text).is_err(), "{name}");
        same_settings += 1;
    }
    println!(
        "broken settings.json files read as VS Code reads them: {same_settings} of {}",
        BROKEN.len()
    );
}

#[test]
fn tools_env_vars_are_substituted_as_the_go_extension_does() {
    let mut env = gomirror::goenv::location::EnvMap::new();
    env.insert("HOME".into(), "/home/dev".into());
    env.insert("CORP_PROXY".into(), "https://goproxy.corp.example".into());
    let ws = Path::new("/work/app");
    let cases = [
        (
            "${env:CORP_PROXY},direct",
            "https://goproxy.corp.example,direct",
        ),
        (
            "${env: CORP_PROXY }|https://goproxy.cn",
            "https://goproxy.corp.example|https://goproxy.cn",
        ),
        ("${env:UNSET_VAR}", ""),
        ("${workspaceFolder}/.gocache", "/work/app/.gocache"),
        ("${workspaceRoot}/bin", "/work/app/bin"),
        (
            "git.corp.example/${workspaceFolderBasename}",
            "git.corp.example/app",
        ),
        ("~/go", "/home/dev/go"),
        ("${userHome}/go", "${userHome}/go"),
        ("${config:go.gopath}", "${config:go.gopath}"),
    ];
    for (input, want) in cases {
        assert_eq!(
            vscode::substitute_tools_value(input, &env, ws),
            want,
            "{input}"
        );
    }
    assert!(vscode::unsubstituted_forms("${env:X}/${workspaceFolder}").is_empty());
    assert_eq!(
        vscode::unsubstituted_forms("${userHome}/go"),
        ["${userHome}"]
    );
}
