//! settings.json read as VS Code reads it when it has errors: VS Code's `jsonc-parser`
//! (`parser.ts`, `scanner.ts`) never gives up on a file; it reports each error, skips what it
//! cannot use by fixed rules, and keeps every setting it could still parse. This is a port of
//! those rules (scanner tokens, `scanNext` skipping comments and unknown words, the
//! `handleError` skip sets of objects, arrays and properties), so that gomirror shows the Go
//! settings VS Code really uses from a broken file, with the errors beside them. Editing still
//! refuses such a file (see `vscode.rs`).

use serde_json::{Map, Number, Value};

mod scan;
use scan::{Scanner, Tok};

/// A parse error, named as `printParseErrorCode` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TolerantError {
    pub code: &'static str,
    /// 1-based line of the token where it happened.
    pub line: usize,
}

struct Parser<'a> {
    s: Scanner<'a>,
    errors: Vec<TolerantError>,
}

impl Parser<'_> {
    fn error(&mut self, code: &'static str) {
        let line = self.s.line();
        self.errors.push(TolerantError { code, line });
    }

    /// `scanNext`: the next token the parser sees (comments, blanks and unknown words skipped).
    fn next(&mut self) -> Tok {
        loop {
            match self.s.scan() {
                Tok::LineComment | Tok::BlockComment | Tok::LineBreak | Tok::Trivia => {}
                Tok::Unknown => self.error("InvalidSymbol"),
                t => return t,
            }
        }
    }

    /// `handleError`: report, then skip to after one of `after` or to one of `until`.
    fn fail(&mut self, code: &'static str, after: &[Tok], until: &[Tok]) {
        self.error(code);
        if after.is_empty() && until.is_empty() {
            return;
        }
        let mut t = self.s.token;
        while t != Tok::Eof {
            if after.contains(&t) {
                self.next();
                break;
            }
            if until.contains(&t) {
                break;
            }
            t = self.next();
        }
    }

    fn value(&mut self) -> Option<Value> {
        match self.s.token {
            Tok::OpenBrace => Some(self.object()),
            Tok::OpenBracket => Some(self.array()),
            Tok::Str => {
                let v = Value::String(self.s.value.clone());
                self.next();
                Some(v)
            }
            Tok::Num => {
                let v = self
                    .s
                    .value
                    .parse::<f64>()
                    .ok()
                    .map(|f| {
                        if f.fract() == 0.0 && f.abs() < 9.0e15 {
                            Value::Number(Number::from(f as i64))
                        } else {
                            Number::from_f64(f).map_or(Value::Null, Value::Number)
                        }
                    })
                    .unwrap_or(Value::Null);
                self.next();
                Some(v)
            }
            Tok::Null => {
                self.next();
                Some(Value::Null)
            }
            Tok::True | Tok::False => {
                let v = Value::Bool(self.s.token == Tok::True);
                self.next();
                Some(v)
            }
            _ => None,
        }
    }

    fn object(&mut self) -> Value {
        let mut obj = Map::new();
        self.next();
        let mut needs_comma = false;
        while !matches!(self.s.token, Tok::CloseBrace | Tok::Eof) {
            if self.s.token == Tok::Comma {
                if !needs_comma {
                    self.fail("ValueExpected", &[], &[]);
                }
                self.next();
                if self.s.token == Tok::CloseBrace {
                    break; // a trailing comma, allowed as VS Code allows it
                }
            } else if needs_comma {
                self.fail("CommaExpected", &[], &[]);
            }
            if !self.property(&mut obj) {
                self.fail("ValueExpected", &[], &[Tok::CloseBrace, Tok::Comma]);
            }
            needs_comma = true;
        }
        if self.s.token == Tok::CloseBrace {
            self.next();
        } else {
            self.fail("CloseBraceExpected", &[Tok::CloseBrace], &[]);
        }
        Value::Object(obj)
    }

    fn property(&mut self, obj: &mut Map<String, Value>) -> bool {
        if self.s.token != Tok::Str {
            self.fail("PropertyNameExpected", &[], &[Tok::CloseBrace, Tok::Comma]);
            return false;
        }
        let name = self.s.value.clone();
        self.next();
        if self.s.token == Tok::Colon {
            self.next();
            match self.value() {
                Some(v) => {
                    obj.insert(name, v);
                }
                None => self.fail("ValueExpected", &[], &[Tok::CloseBrace, Tok::Comma]),
            }
        } else {
            self.fail("ColonExpected", &[], &[Tok::CloseBrace, Tok::Comma]);
        }
        true
    }

    fn array(&mut self) -> Value {
        let mut items = Vec::new();
        self.next();
        let mut needs_comma = false;
        while !matches!(self.s.token, Tok::CloseBracket | Tok::Eof) {
            if self.s.token == Tok::Comma {
                if !needs_comma {
                    self.fail("ValueExpected", &[], &[]);
                }
                self.next();
                if self.s.token == Tok::CloseBracket {
                    break;
                }
            } else if needs_comma {
                self.fail("CommaExpected", &[], &[]);
            }
            match self.value() {
                Some(v) => items.push(v),
                None => self.fail("ValueExpected", &[], &[Tok::CloseBracket, Tok::Comma]),
            }
            needs_comma = true;
        }
        if self.s.token == Tok::CloseBracket {
            self.next();
        } else {
            self.fail("CloseBracketExpected", &[Tok::CloseBracket], &[]);
        }
        Value::Array(items)
    }
}

/// What VS Code's parser makes of the text (a missing or non-value top: None), and its errors.
pub fn parse(text: &str) -> (Option<Value>, Vec<TolerantError>) {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser {
        s: Scanner {
            text: &chars,
            pos: 0,
            token: Tok::Eof,
            start: 0,
            value: String::new(),
        },
        errors: Vec::new(),
    };
    p.next();
    if p.s.token == Tok::Eof {
        return (None, p.errors);
    }
    let value = p.value();
    if value.is_none() {
        p.fail("ValueExpected", &[], &[]);
    } else if p.s.token != Tok::Eof {
        p.fail("EndOfFileExpected", &[], &[]);
    }
    (value, p.errors)
}
