//! Credentials out of everything shown or logged: a URL's userinfo as Go's `net/url` finds it,
//! and a `user:password@` pasted before a host without a scheme (a GOPRIVATE entry).

/// Where the credentials sit in a URL text: the byte range of the userinfo (before `@`).
fn userinfo_range(raw: &str) -> Option<(usize, usize)> {
    let scheme_end = raw.find("://")? + 3;
    let after = &raw[scheme_end..];
    let authority_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let at = after[..authority_end].rfind('@')?;
    Some((scheme_end, scheme_end + at))
}

/// Go's `URL.Redacted` on a raw URL text: a password becomes `xxxxx`, a user name stays.
/// Used where we reproduce the go command's own error texts.
pub fn go_redacted(raw: &str) -> String {
    let Some((start, end)) = userinfo_range(raw) else {
        return raw.to_string();
    };
    match raw[start..end].split_once(':') {
        Some((user, _)) => format!("{}{user}:xxxxx{}", &raw[..start], &raw[end..]),
        None => raw.to_string(),
    }
}

/// Redaction for everything we show or log: a password becomes `xxxxx`, and so does a lone
/// user name, because mirrors such as Artifactory take a token there.
pub fn redact(raw: &str) -> String {
    let Some((start, end)) = userinfo_range(raw) else {
        return raw.to_string();
    };
    match raw[start..end].split_once(':') {
        Some((user, _)) => format!("{}{user}:xxxxx{}", &raw[..start], &raw[end..]),
        None => format!("{}xxxxx{}", &raw[..start], &raw[end..]),
    }
}

/// Redacts every URL inside a longer text (a GOPROXY list, an error message, a diff, JSON).
///
/// The credentials are found as Go's `net/url` finds them, not by guessing where a URL ends:
/// the authority runs from `://` to the first `/`, `?` or `#` (or white space, which no URL
/// the go command accepts holds there), and the userinfo is everything before its *last* `@`.
/// So a password with quotes, `@`, `%`, `:`, commas or non-ASCII letters is still hidden, and
/// several URLs in one text are each handled. Over-redacting a text that only looks like a URL
/// is harmless; leaking a password is not. A `user:password@host` word without a scheme (pasted
/// into GOPRIVATE) is redacted too.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("://") {
        let authority_start = pos + 3;
        let after = &rest[authority_start..];
        let authority_len = after
            .find(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '/' | '?' | '#'))
            .unwrap_or(after.len());
        let mut authority_len = authority_len;
        // A list without paths (`https://a:b@x,http://t@y`): the authority stops before the
        // next URL's scheme, which is then redacted on its own.
        if after[authority_len..].starts_with("//")
            && let Some(colon) = after[..authority_len].strip_suffix(':')
        {
            let scheme = colon.trim_end_matches(|c: char| {
                c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')
            });
            authority_len = scheme.len();
        }
        let authority = &after[..authority_len];
        out.push_str(&rest[..authority_start]);
        match authority.rfind('@') {
            Some(at) => {
                match authority[..at].split_once(':') {
                    Some((user, _)) if !user.is_empty() => {
                        out.push_str(user);
                        out.push_str(":xxxxx");
                    }
                    _ => out.push_str("xxxxx"),
                }
                out.push_str(&authority[at..]);
            }
            None => out.push_str(authority),
        }
        rest = &after[authority_len..];
    }
    out.push_str(rest);
    redact_schemeless(&out)
}

/// The characters that end a word of a text for [`redact_schemeless`]: white space, list and
/// assignment separators, brackets, Chinese punctuation. ASCII quotes do not (a password may
/// hold them); see [`redact_word`].
fn ends_word(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            ',' | '=' | ';' | '(' | ')' | '“' | '”' | '（' | '）' | '，' | '：' | '、'
        )
}

/// One word: `user:password@host...` without a scheme becomes `user:xxxxx@host...`. The user
/// is what stands between the last quote and the first colon after it (`"u:p@h"` in a message,
/// `"KEY":"u:p@h"` in JSON), so quotes in the password stay hidden.
fn redact_word(word: &str, out: &mut String) {
    let host_end = word.find('/').unwrap_or(word.len());
    let Some(at) = word[..host_end]
        .rfind('@')
        .filter(|_| !word.contains("://"))
    else {
        out.push_str(word);
        return;
    };
    let userinfo = &word[..at];
    let quote = |c: char| matches!(c, '"' | '\'' | '`');
    for (colon, _) in userinfo.match_indices(':') {
        let user_start = userinfo[..colon].rfind(quote).map_or(0, |q| q + 1);
        if user_start < colon {
            out.push_str(&userinfo[..colon]);
            out.push_str(":xxxxx");
            out.push_str(&word[at..]);
            return;
        }
    }
    out.push_str(word);
}

/// Every `user:password@host` word without a scheme in a text, redacted (a GOPRIVATE entry,
/// a pattern's message quoting it). Only a colon before the `@` marks a password, so SSH's
/// `git@host:path` and a mail address stay as they are.
fn redact_schemeless(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if ends_word(c) {
            redact_word(&text[start..i], &mut out);
            out.push(c);
            start = i + c.len_utf8();
        }
    }
    redact_word(&text[start..], &mut out);
    out
}
