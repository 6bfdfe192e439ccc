//! Replays every input kept in `fuzz/corpus/<target>/` (seeds, everything `scripts/fuzz.sh`
//! found interesting, and every crash it found, kept as a regression test) through the same
//! property the fuzz target checks. CI runs this; the fuzzers themselves run from
//! `scripts/fuzz.sh`.

mod common;

#[test]
fn every_corpus_input_holds_its_property() {
    let root = common::repo_root().join("fuzz/corpus");
    let mut replayed = 0;
    for (name, property) in gomirror::fuzzing::TARGETS {
        let dir = root.join(name);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("no corpus for {name} in {}: {e}", dir.display()));
        let mut n = 0;
        for entry in entries.flatten() {
            let data = std::fs::read(entry.path()).expect("corpus file");
            let result = std::panic::catch_unwind(|| property(&data));
            assert!(
                result.is_ok(),
                "{name}: {} fails its property",
                entry.path().display()
            );
            n += 1;
        }
        assert!(n > 0, "{name}: empty corpus");
        replayed += n;
    }
    println!("replayed {replayed} corpus inputs");
}
