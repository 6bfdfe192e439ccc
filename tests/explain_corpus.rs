//! The explainer on the go command's own texts (tests/data/go_error_corpus.tsv: its test
//! scripts' messages and texts from the field): every line gets its class, in an order of rules
//! checked on all of them; no fix weakens verification or the mirror for a module without
//! evidence that it is private; every class has words in both languages. Beside it,
//! tests/explain_go.rs makes the real go command fail each way against the lab.

use gomirror::verify::explain::{Class, Evidence, explain};

fn corpus() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/go_error_corpus.tsv"),
    )
    .expect("the corpus");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let class = parts.next().expect("class").to_string();
            let source = parts.next().expect("source").to_string();
            let line = parts
                .next()
                .expect("text")
                .replace("\\t", "\t")
                .replace("\\n", "\n");
            (class, source, line)
        })
        .collect()
}

#[test]
fn every_corpus_text_gets_the_class_the_go_command_means() {
    let entries = corpus();
    assert!(entries.len() >= 60, "{} entries", entries.len());
    let mut wrong = Vec::new();
    for (want, source, text) in &entries {
        // The failure is the last line that is not the server's quoted text.
        let findings = explain(text, &Evidence::default());
        let got = findings
            .iter()
            .rev()
            .find(|f| f.class != Class::Unknown || findings.len() == 1)
            .map_or("unknown", |f| f.class.name());
        if got != want {
            wrong.push(format!("{source}: want {want}, got {got}: {text}"));
        }
    }
    let classes: std::collections::BTreeSet<&str> =
        entries.iter().map(|(c, _, _)| c.as_str()).collect();
    println!(
        "corpus: {} texts, {} classes, {} classified right",
        entries.len(),
        classes.len(),
        entries.len() - wrong.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_fix_weakens_verification_or_the_mirror_without_evidence() {
    for (_, source, text) in corpus() {
        for f in explain(&text, &Evidence::default()) {
            let Some(fix) = &f.fix else { continue };
            for key in ["GOPRIVATE", "GONOSUMDB", "GONOPROXY", "GOINSECURE"] {
                assert!(!fix.contains_key(key), "{source}: {text}: {fix:?}");
            }
            assert_ne!(
                fix.get("GOSUMDB").map(String::as_str),
                Some("off"),
                "{source}"
            );
            assert_ne!(
                fix.get("GOPROXY").map(String::as_str),
                Some("direct"),
                "{source}"
            );
        }
    }
    // The first fix for an unreachable checksum database is one that serves it.
    let sumdb = corpus()
        .into_iter()
        .filter(|(c, _, _)| c == "sumdb-unreachable")
        .collect::<Vec<_>>();
    assert!(sumdb.len() >= 8);
    for (_, source, text) in sumdb {
        let f = explain(&text, &Evidence::default()).pop().expect("finding");
        assert_eq!(
            f.fix
                .as_ref()
                .and_then(|m| m.get("GOSUMDB"))
                .map(String::as_str),
            Some("sum.golang.google.cn"),
            "{source}: {text}"
        );
    }
}

#[test]
fn a_private_module_with_evidence_may_leave_the_public_database() {
    let evidence = Evidence {
        private_hosts: vec!["git.corp.example".into()],
        goprivate: String::new(),
        goproxy: "https://goproxy.cn,https://goproxy.io,direct".into(),
        measured_goproxy: None,
    };
    let text = "verifying git.corp.example/team/lib@v1.2.0: git.corp.example/team/lib@v1.2.0: reading https://sum.golang.org/lookup/git.corp.example/team/lib@v1.2.0: 404 Not Found";
    let f = explain(text, &evidence).pop().expect("finding");
    assert_eq!(f.class, Class::SumdbMissing);
    assert_eq!(
        f.fix
            .as_ref()
            .and_then(|m| m.get("GOPRIVATE"))
            .map(String::as_str),
        Some("git.corp.example")
    );
    // A 5xx with ',' between mirrors: the fix keeps both mirrors and puts '|' between them.
    let text = "go: example.com/m@v1.0.0: reading https://goproxy.cn/example.com/m/@v/v1.0.0.info: 502 Bad Gateway";
    let f = explain(text, &evidence).pop().expect("finding");
    assert_eq!(f.class, Class::ProxyServerError);
    assert_eq!(
        f.fix
            .as_ref()
            .and_then(|m| m.get("GOPROXY"))
            .map(String::as_str),
        Some("https://goproxy.cn|https://goproxy.io,direct")
    );
}
