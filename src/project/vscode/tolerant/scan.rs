//! The scanner of VS Code's `jsonc-parser` (`scanner.ts`): tokens, comments, line breaks and
//! unknown words, each with its text and line.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    Comma,
    Colon,
    Null,
    True,
    False,
    Str,
    Num,
    LineComment,
    BlockComment,
    LineBreak,
    Trivia,
    Unknown,
    Eof,
}
pub(super) struct Scanner<'a> {
    pub(super) text: &'a [char],
    pub(super) pos: usize,
    pub(super) token: Tok,
    pub(super) start: usize,
    pub(super) value: String,
}

fn is_whitespace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{0b}' | '\u{0c}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' | '\u{feff}'
    )
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn is_unknown_content(c: char) -> bool {
    !(is_whitespace(c)
        || is_line_break(c)
        || matches!(c, '{' | '}' | '[' | ']' | '"' | ':' | ',' | '/'))
}

impl<'a> Scanner<'a> {
    pub(super) fn at(&self, i: usize) -> Option<char> {
        self.text.get(i).copied()
    }

    pub(super) fn scan(&mut self) -> Tok {
        self.value.clear();
        self.start = self.pos;
        let Some(c) = self.at(self.pos) else {
            self.token = Tok::Eof;
            return Tok::Eof;
        };
        self.token = if is_whitespace(c) {
            while self.at(self.pos).is_some_and(is_whitespace) {
                self.pos += 1;
            }
            Tok::Trivia
        } else if is_line_break(c) {
            self.pos += 1;
            if c == '\r' && self.at(self.pos) == Some('\n') {
                self.pos += 1;
            }
            Tok::LineBreak
        } else {
            self.pos += 1;
            match c {
                '{' => Tok::OpenBrace,
                '}' => Tok::CloseBrace,
                '[' => Tok::OpenBracket,
                ']' => Tok::CloseBracket,
                ':' => Tok::Colon,
                ',' => Tok::Comma,
                '"' => {
                    self.string();
                    Tok::Str
                }
                '/' if self.at(self.pos) == Some('/') => {
                    while self.at(self.pos).is_some_and(|c| !is_line_break(c)) {
                        self.pos += 1;
                    }
                    Tok::LineComment
                }
                '/' if self.at(self.pos) == Some('*') => {
                    self.pos += 1;
                    while self.pos < self.text.len() {
                        if self.at(self.pos) == Some('*') && self.at(self.pos + 1) == Some('/') {
                            self.pos += 2;
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos > self.text.len() {
                        self.pos = self.text.len();
                    }
                    Tok::BlockComment
                }
                '-' if !self.at(self.pos).is_some_and(|c| c.is_ascii_digit()) => {
                    self.value.push('-');
                    Tok::Unknown
                }
                '-' | '0'..='9' => {
                    self.pos -= 1;
                    self.number();
                    Tok::Num
                }
                _ if is_unknown_content(c) => {
                    while self.at(self.pos).is_some_and(is_unknown_content) {
                        self.pos += 1;
                    }
                    self.value = self.text[self.start..self.pos].iter().collect();
                    match self.value.as_str() {
                        "true" => Tok::True,
                        "false" => Tok::False,
                        "null" => Tok::Null,
                        _ => Tok::Unknown,
                    }
                }
                _ => Tok::Unknown,
            }
        };
        self.token
    }

    /// A string after its opening quote (scanner.ts `scanString`): escapes decoded; it ends at
    /// the closing quote, a line break or the end.
    pub(super) fn string(&mut self) {
        let mut out = String::new();
        while let Some(c) = self.at(self.pos) {
            if c == '"' {
                self.pos += 1;
                break;
            }
            if is_line_break(c) {
                break;
            }
            self.pos += 1;
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(e) = self.at(self.pos) else {
                break;
            };
            self.pos += 1;
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = self.text[self.pos..self.text.len().min(self.pos + 4)]
                        .iter()
                        .collect();
                    if hex.len() == 4
                        && let Some(ch) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                    {
                        out.push(ch);
                        self.pos += 4;
                    }
                }
                _ => {}
            }
        }
        self.value = out;
    }

    pub(super) fn number(&mut self) {
        let start = self.pos;
        if self.at(self.pos) == Some('-') {
            self.pos += 1;
        }
        let digits = |s: &mut Self| {
            while s.at(s.pos).is_some_and(|c| c.is_ascii_digit()) {
                s.pos += 1;
            }
        };
        if self.at(self.pos) == Some('0') {
            self.pos += 1;
        } else {
            digits(self);
        }
        if self.at(self.pos) == Some('.')
            && self.at(self.pos + 1).is_some_and(|c| c.is_ascii_digit())
        {
            self.pos += 1;
            digits(self);
        }
        if matches!(self.at(self.pos), Some('e' | 'E')) {
            let mut p = self.pos + 1;
            if matches!(self.at(p), Some('+' | '-')) {
                p += 1;
            }
            if self.at(p).is_some_and(|c| c.is_ascii_digit()) {
                self.pos = p;
                digits(self);
            }
        }
        self.value = self.text[start..self.pos].iter().collect();
    }

    pub(super) fn line(&self) -> usize {
        1 + self.text[..self.start.min(self.text.len())]
            .iter()
            .filter(|c| **c == '\n')
            .count()
    }
}
