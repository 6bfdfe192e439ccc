//! The go env file, read exactly as `cfg.readEnvFile` reads it and rewritten exactly as
//! `go env -w` / `go env -u` rewrite it (`envcmd.updateEnvFile`), byte for byte.

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Which duplicate of a key takes effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duplicates {
    /// The user env file: the last line wins.
    LastWins,
    /// `$GOROOT/go.env`: the first line wins.
    FirstWins,
}

/// The key/value pairs the go command sees in a file (`cfg.readEnvFile`): split on `\n` only,
/// lines not starting with `A`-`Z` or without `=` ignored, no trimming, no unquoting.
pub fn read_values(data: &[u8], duplicates: Duplicates) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for line in data.split(|&b| b == b'\n') {
        let Some(eq) = line.iter().position(|&b| b == b'=') else {
            continue;
        };
        if !line[0].is_ascii_uppercase() {
            continue;
        }
        let key = String::from_utf8_lossy(&line[..eq]).into_owned();
        let value = String::from_utf8_lossy(&line[eq + 1..]).into_owned();
        match duplicates {
            Duplicates::LastWins => {
                values.insert(key, value);
            }
            Duplicates::FirstWins => {
                values.entry(key).or_insert(value);
            }
        }
    }
    values
}

/// A line the reader ignores but that looks like an attempt to set a known key
/// (indented, spaces around `=`, lower case): the user probably thinks it is in effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IgnoredLine {
    pub line_number: usize,
    pub text: String,
    /// The key the user probably meant.
    pub intended_key: String,
}

/// Lines that look like settings of one of `known` keys but are ignored by the reader.
pub fn ignored_setting_lines(data: &[u8], known: &[&str]) -> Vec<IgnoredLine> {
    let mut out = Vec::new();
    for (i, line) in data.split(|&b| b == b'\n').enumerate() {
        let text = String::from_utf8_lossy(line).into_owned();
        let Some(eq) = text.find('=') else { continue };
        let raw_key = &text[..eq];
        // A byte-order mark (a file saved as "UTF-8 with BOM") hides the first key.
        let trimmed = raw_key.trim_start_matches('\u{feff}').trim();
        if trimmed.starts_with('#') {
            continue;
        }
        let read_key = if text.as_bytes()[0].is_ascii_uppercase() {
            Some(raw_key)
        } else {
            None
        };
        let upper = trimmed.to_ascii_uppercase();
        if let Some(k) = known.iter().find(|k| **k == upper)
            && read_key != Some(*k)
        {
            out.push(IgnoredLine {
                line_number: i + 1,
                text: text.trim_end_matches('\r').to_string(),
                intended_key: k.to_string(),
            });
        }
    }
    out
}

/// The writer's notion of a key (`lineToKey`): the bytes before the first `=`, unless they
/// contain `#`. No trimming.
fn line_to_key(line: &[u8]) -> &[u8] {
    match line.iter().position(|&b| b == b'=') {
        Some(i) if !line[..i].contains(&b'#') => &line[..i],
        _ => b"",
    }
}

/// `readEnvFileLines`: lines with their `\n`; a final line without one gets one.
fn split_lines(data: &[u8]) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = data
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    if let Some(last) = lines.last_mut()
        && last.last() != Some(&b'\n')
    {
        last.push(b'\n');
    }
    lines
}

/// The file after `go env -w add...` and `go env -u del...` (`updateEnvFile`). `add` and
/// `del` are applied together, as one go invocation does; the go command itself only ever
/// passes one of them. `duplicates` is `LastWins` for the user file; `FirstWins` keeps the
/// effective line of a go.env file instead.
pub fn rewrite(
    data: &[u8],
    add: &BTreeMap<String, String>,
    del: &BTreeSet<String>,
    duplicates: Duplicates,
) -> Vec<u8> {
    let mut lines = split_lines(data);
    let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
    for l in 0..lines.len() {
        let key = line_to_key(&lines[l]).to_vec();
        if key.is_empty() {
            continue;
        }
        match (index.get(&key).copied(), duplicates) {
            (Some(p), Duplicates::LastWins) => {
                lines[p].clear();
                index.insert(key, l);
            }
            (Some(_), Duplicates::FirstWins) => lines[l].clear(),
            (None, _) => {
                index.insert(key, l);
            }
        }
    }
    let mut appended = Vec::new();
    for (key, value) in add {
        let line = format!("{key}={value}\n").into_bytes();
        match index.get(key.as_bytes()) {
            Some(&p) => lines[p] = line,
            None => appended.push(line),
        }
    }
    lines.extend(appended);
    for key in del {
        if let Some(&p) = index.get(key.as_bytes()) {
            lines[p].clear();
        }
    }
    // Sort each run of key lines; deleted (now empty) lines and key-less lines end a run.
    let mut start = 0;
    for i in 0..=lines.len() {
        if i == lines.len() || line_to_key(&lines[i]).is_empty() {
            lines[start..i].sort_by(|a, b| line_to_key(a).cmp(line_to_key(b)));
            start = i + 1;
        }
    }
    lines.concat()
}

/// Convenience: `go env -w key=value`.
pub fn set(data: &[u8], key: &str, value: &str) -> Vec<u8> {
    let add = BTreeMap::from([(key.to_string(), value.to_string())]);
    rewrite(data, &add, &BTreeSet::new(), Duplicates::LastWins)
}

/// Convenience: `go env -u key`.
pub fn unset(data: &[u8], key: &str) -> Vec<u8> {
    let del = BTreeSet::from([key.to_string()]);
    rewrite(data, &BTreeMap::new(), &del, Duplicates::LastWins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_go() {
        let file = "# comment\n  GOPROXY=http://a\nGOPRIVATE = x.com\nGOSUMDB=\"off\"\nGOFLAGS=-mod=mod\r\ngoinsecure=y\nGOINSECURE=first\nGOINSECURE=second";
        let v = read_values(file.as_bytes(), Duplicates::LastWins);
        assert_eq!(v.get("GOPROXY"), None);
        assert_eq!(v.get("GOPRIVATE"), None);
        assert_eq!(v.get("GOPRIVATE ").map(String::as_str), Some(" x.com"));
        assert_eq!(v["GOSUMDB"], "\"off\"");
        assert_eq!(v["GOFLAGS"], "-mod=mod\r");
        assert_eq!(v["GOINSECURE"], "second");
        let first = read_values(b"A=1\nA=2\n", Duplicates::FirstWins);
        assert_eq!(first["A"], "1");
        let ignored =
            ignored_setting_lines(file.as_bytes(), &["GOPROXY", "GOPRIVATE", "GOINSECURE"]);
        let keys: Vec<_> = ignored
            .iter()
            .map(|l| (l.line_number, l.intended_key.as_str()))
            .collect();
        assert_eq!(keys, [(2, "GOPROXY"), (3, "GOPRIVATE"), (6, "GOINSECURE")]);
    }

    #[test]
    fn rewrites_the_documented_example() {
        let before = "# my comment\nZZZ=1\nGOSUMDB=off\nGOPROXY=old\n\n# second block\nGOPRIVATE=b.com\nGOPRIVATE=c.com\nGOFLAGS=-mod=mod\n  GOINSECURE=x\nGOPROXY=stale-dup\n";
        let add = BTreeMap::from([
            ("GOPROXY".to_string(), "new".to_string()),
            ("GOAUTH".to_string(), "off".to_string()),
        ]);
        let after = rewrite(
            before.as_bytes(),
            &add,
            &BTreeSet::new(),
            Duplicates::LastWins,
        );
        assert_eq!(
            String::from_utf8(after).unwrap(),
            "# my comment\nGOSUMDB=off\nZZZ=1\n\n# second block\n  GOINSECURE=x\nGOAUTH=off\nGOFLAGS=-mod=mod\nGOPRIVATE=c.com\nGOPROXY=new\n"
        );
    }

    #[test]
    fn unset_and_final_newline() {
        assert_eq!(unset(b"B=1\nA=2", "B"), b"A=2\n");
        assert_eq!(set(b"", "GOPROXY", "direct"), b"GOPROXY=direct\n");
        assert_eq!(
            set(b"X=1\r\nGOPROXY=a\r\n", "GOPROXY", "b"),
            b"GOPROXY=b\nX=1\r\n"
        );
    }
}
