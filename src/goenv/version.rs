//! Go release versions, as printed by `go version` and `go env GOVERSION`.

use serde::Serialize;
use std::fmt;

/// A go version (`go1.22.3`), as the go command reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GoVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
    /// The full text, e.g. `go1.27.3` or `go1.22rc1`.
    pub raw: String,
}

impl GoVersion {
    /// Parses `go1.27.3`, `go1.21`, `go1.22rc1`, `go version go1.27.3 linux/amd64`,
    /// `devel go1.28-abc…`. Returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let start = text.find("go1.")?;
        let token = text[start..].split_whitespace().next()?;
        let digits = &token[2..];
        let mut numbers = [0u32; 3];
        let mut count = 0;
        for part in digits.split('.').take(3) {
            let n: String = part.chars().take_while(char::is_ascii_digit).collect();
            if n.is_empty() {
                break;
            }
            numbers[count] = n.parse().ok()?;
            count += 1;
            if n.len() != part.len() {
                break;
            }
        }
        if count < 2 {
            return None;
        }
        Some(Self {
            major: numbers[0],
            minor: numbers[1],
            patch: numbers[2],
            raw: token.to_string(),
        })
    }

    /// This version is `major.minor` or later.
    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }

    /// Go 1.21+: `$GOROOT/go.env` holds the GOPROXY/GOSUMDB/GOTOOLCHAIN defaults.
    pub fn has_goroot_env(&self) -> bool {
        self.at_least(1, 21)
    }
}

impl fmt::Display for GoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions() {
        let v = GoVersion::parse("go version go1.27.3 linux/amd64").unwrap();
        assert_eq!((v.major, v.minor, v.patch), (1, 27, 3));
        assert_eq!(v.raw, "go1.27.3");
        let v = GoVersion::parse("go1.22rc1").unwrap();
        assert_eq!((v.minor, v.patch), (22, 0));
        assert!(GoVersion::parse("go1.19.8").unwrap().at_least(1, 19));
        assert!(!GoVersion::parse("go1.19.8").unwrap().has_goroot_env());
        assert!(GoVersion::parse("nothing").is_none());
    }
}
