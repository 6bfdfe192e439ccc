use super::*;

fn set(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn edit_keeps_comments_and_order() {
    let orig = "{\n    // editor\n    \"editor.tabSize\": 4, /* keep */\n    \"go.toolsEnvVars\": {\n        \"GOFLAGS\": \"-mod=mod\",\n    },\n}\n";
    let out = edit(orig, &set(&[("GOPROXY", "https://goproxy.cn,direct")]), &[]).expect("edits");
    assert!(
        out.contains("// editor") && out.contains("/* keep */"),
        "{out}"
    );
    let v = read(&out).expect("reads");
    assert_eq!(v.tools["GOFLAGS"], "-mod=mod");
    assert_eq!(v.tools["GOPROXY"], "https://goproxy.cn,direct");
    for k in TERMINAL_KEYS {
        assert_eq!(v.terminal[k]["GOPROXY"], "https://goproxy.cn,direct");
    }
    let back = edit(&out, &BTreeMap::new(), &["GOPROXY".into()]).expect("edits");
    let v = read(&back).expect("reads");
    assert!(!v.tools.contains_key("GOPROXY"));
    assert!(back.find("editor.tabSize") < back.find("go.toolsEnvVars"));
}

#[test]
fn bom_and_empty() {
    let out = edit("\u{feff}{}", &set(&[("GOSUMDB", "off")]), &[]).expect("edits");
    assert!(out.starts_with('\u{feff}'));
    assert_eq!(read(&out).expect("reads").tools["GOSUMDB"], "off");
    let new = edit("", &set(&[("GOSUMDB", "off")]), &[]).expect("edits");
    assert_eq!(read(&new).expect("reads").tools["GOSUMDB"], "off");
}

#[test]
fn blanking_keeps_strings_and_positions() {
    let text = "{\n  \"a//b\": \"x/*y*/\", // c\n  /* d\n e */ \"q\\\"\": [1,],\n}";
    let plain = String::from_utf8(blank_jsonc(text)).expect("utf8");
    assert_eq!(plain.len(), text.len());
    assert_eq!(plain.matches('\n').count(), text.matches('\n').count());
    let v: serde_json::Value = serde_json::from_str(&plain).expect("json");
    assert_eq!(v["a//b"], "x/*y*/");
    assert_eq!(v["q\""], serde_json::json!([1]));
}

#[test]
fn odd_ends_never_panic() {
    // Found by the jsonc fuzz target: a string cut off after a backslash.
    for text in ["\"a\\", "\"", "\"\\\"", "/", "/*", "//", ",", "{\"a\":\"\\"] {
        let _ = blank_jsonc(text);
        let _ = read(text);
    }
}

#[test]
fn refuses_broken() {
    assert!(matches!(
        read("{ \"a\": }"),
        Err(SettingsError::Syntax { .. })
    ));
    assert_eq!(read("[1]"), Err(SettingsError::NotObject));
    assert_eq!(
        edit("{\"go.toolsEnvVars\": 3}", &set(&[("A", "b")]), &[]),
        Err(SettingsError::KeyNotObject(TOOLS_KEY.into()))
    );
}
