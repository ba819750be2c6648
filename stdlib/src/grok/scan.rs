//! Reads one grok definition — Oniguruma-flavoured regex text with `%{NAME}`
//! references — into pieces the expander joins, rewriting the regex for
//! regex-automata on the way.
//!
//! The rewrite keeps what Logstash users write working on a linear-time
//! engine:
//! - `(?<name>...)`, `(?P<name>...)` and `(?'name'...)` become field captures;
//!   plain `(...)` becomes `(?:...)`, because only named groups are reported
//!   and fewer groups make capture extraction faster.
//! - `\d \w \s \h` (and their negations) become ASCII classes, as in Ruby,
//!   Logstash's regex dialect; `\b`/`\B` become ASCII word boundaries. Besides
//!   matching Logstash, ASCII classes keep the lazy DFA small and fast.
//! - the Ruby flag `m` ("dot matches newline") becomes regex-automata's `s`.
//! - a `{` or `}` that does not form a counted repetition is a literal, and
//!   `{,n}` means `{0,n}`, as in Oniguruma.
//! - constructs that need backtracking (backreferences, look-around, atomic
//!   groups, possessive quantifiers, conditionals, subroutine calls) are
//!   rejected with a message naming the construct and a rewrite.

use super::error::GrokError;

/// One part of a definition, in order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Piece {
    /// Regex text, already rewritten.
    Text(String),
    /// `%{NAME}`, `%{NAME:field}` or `%{NAME:field:type}`.
    Reference { name: String, field: Option<FieldSpec> },
    /// The opening of `(?<field>`; the body and `)` follow as other pieces.
    Capture(FieldSpec),
}

/// A captured field as written: its name and conversion.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldSpec {
    pub name: String,
    pub convert: Convert,
}

/// How a captured string becomes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Convert {
    String,
    Int,
    Float,
}

/// Character classes nest at most this deep (`[a[b[c]]]`).
const MAX_CLASS_DEPTH: usize = 32;
/// Longest `%{...}` reference or group name read, in bytes.
const MAX_NAME_LEN: usize = 256;

/// Splits `text` into pieces.
///
/// # Errors
/// A [`GrokError`] for a backtracking construct or a malformed reference.
pub(crate) fn scan(text: &str) -> Result<Vec<Piece>, GrokError> {
    let mut scanner =
        Scanner { rest: text, pieces: Vec::new(), buf: String::with_capacity(text.len()) };
    while let Some(c) = scanner.peek() {
        scanner.step(c)?;
    }
    scanner.flush();
    Ok(scanner.pieces)
}

struct Scanner<'a> {
    rest: &'a str,
    pieces: Vec<Piece>,
    buf: String,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.rest.chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.rest = &self.rest[c.len_utf8()..];
        Some(c)
    }

    fn skip(&mut self, bytes: usize) {
        self.rest = self.rest.get(bytes..).unwrap_or("");
    }

    /// Copies the next character unchanged.
    fn copy(&mut self) {
        if let Some(c) = self.bump() {
            self.buf.push(c);
        }
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.pieces.push(Piece::Text(std::mem::take(&mut self.buf)));
        }
    }

    fn step(&mut self, c: char) -> Result<(), GrokError> {
        match c {
            '\\' => self.escape(),
            '[' => self.class(),
            '(' => self.group(),
            '%' if self.rest.starts_with("%{") => self.reference(),
            '{' => self.brace(),
            '}' => {
                self.bump();
                self.buf.push_str("\\}");
                Ok(())
            }
            '*' | '+' | '?' => {
                self.copy();
                self.quantifier_suffix()
            }
            _ => {
                self.copy();
                Ok(())
            }
        }
    }

    /// After a quantifier: `?` makes it lazy (supported), `+` possessive (not).
    fn quantifier_suffix(&mut self) -> Result<(), GrokError> {
        match self.peek() {
            Some('+') => Err(unsupported(
                "a possessive quantifier",
                "+",
                "drop the trailing `+`: without backtracking, a plain greedy quantifier already never gives back what it matched needlessly",
            )),
            Some('?') => {
                self.copy();
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// `\x` outside a character class.
    fn escape(&mut self) -> Result<(), GrokError> {
        self.bump();
        let Some(c) = self.bump() else {
            return Err(GrokError::Malformed {
                text: "\\".into(),
                reason: "the pattern ends with a lone backslash",
            });
        };
        let replacement = match c {
            '1'..='9' => return Err(backreference(format!("\\{c}"))),
            'k' => return Err(backreference("\\k".into())),
            'g' => {
                return Err(unsupported(
                    "a subroutine call",
                    "\\g",
                    "write the referenced group out again, or define it as a grok pattern and use `%{NAME}`",
                ));
            }
            'K' => {
                return Err(unsupported(
                    "the match-reset escape",
                    "\\K",
                    "capture the part you want in a named group instead",
                ));
            }
            'G' => {
                return Err(unsupported(
                    "the search-start anchor",
                    "\\G",
                    "anchor the pattern with `^` instead",
                ));
            }
            'd' => "[[:digit:]]",
            'D' => "[^[:digit:]]",
            'w' => "[[:word:]]",
            'W' => "[^[:word:]]",
            's' => "[[:space:]]",
            'S' => "[^[:space:]]",
            'h' => "[[:xdigit:]]",
            'H' => "[^[:xdigit:]]",
            'b' => "(?-u:\\b)",
            'B' => "(?-u:\\B)",
            'Z' => "(?:\\n?\\z)",
            'R' => "(?:\\r\\n|[\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}])",
            _ => {
                self.buf.push('\\');
                self.buf.push(c);
                self.copy_braced_argument(c);
                return Ok(());
            }
        };
        self.buf.push_str(replacement);
        Ok(())
    }

    /// Copies the `{...}` of `\p{L}`, `\x{41}`, `\u{41}`, so it is not read
    /// as a repetition.
    fn copy_braced_argument(&mut self, escape: char) {
        if !matches!(escape, 'p' | 'P' | 'x' | 'u' | 'U') || self.peek() != Some('{') {
            return;
        }
        if let Some(close) = find_within(self.rest, "}", MAX_NAME_LEN) {
            self.buf.push_str(&self.rest[..=close]);
            self.skip(close + 1);
        }
    }

    /// A bracketed character class, with nested classes and POSIX names.
    fn class(&mut self) -> Result<(), GrokError> {
        self.open_class();
        let mut depth = 1usize;
        loop {
            let Some(c) = self.peek() else {
                return Err(GrokError::Malformed {
                    text: "[".into(),
                    reason: "the character class is never closed",
                });
            };
            match c {
                '[' if let Some(len) = self.posix_class_len() => {
                    self.buf.push_str(&self.rest[..len]);
                    self.skip(len);
                }
                '[' => {
                    depth += 1;
                    if depth > MAX_CLASS_DEPTH {
                        return Err(GrokError::TooLarge {
                            what: "character class nesting",
                            limit: MAX_CLASS_DEPTH,
                        });
                    }
                    self.open_class();
                }
                ']' => {
                    self.copy();
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(());
                    }
                }
                '\\' => self.class_escape()?,
                '-' if self.peek_at(1) == Some('-') => self.escape_doubled('-'),
                '~' if self.peek_at(1) == Some('~') => self.escape_doubled('~'),
                _ => self.copy(),
            }
        }
    }

    /// `[`, an optional `^`, and a leading `]`, which is literal there.
    fn open_class(&mut self) {
        self.copy();
        if self.peek() == Some('^') {
            self.copy();
        }
        if self.peek() == Some(']') {
            self.bump();
            self.buf.push_str("\\]");
        }
    }

    /// The byte length of `[:name:]` at the start of the rest, if it is one.
    fn posix_class_len(&self) -> Option<usize> {
        let body = self.rest.strip_prefix("[:")?;
        let end = find_within(body, ":]", 20)?;
        let name = body.get(..end)?;
        let name = name.strip_prefix('^').unwrap_or(name);
        let valid =
            !name.is_empty() && name.len() <= 16 && name.bytes().all(|b| b.is_ascii_lowercase());
        valid.then_some(end + 4)
    }

    /// `--` and `~~` are set operations in regex-automata classes but plain
    /// characters in Oniguruma's, so both get escaped.
    fn escape_doubled(&mut self, c: char) {
        self.skip(2);
        self.buf.push('\\');
        self.buf.push(c);
        self.buf.push('\\');
        self.buf.push(c);
    }

    /// `\x` inside a character class.
    fn class_escape(&mut self) -> Result<(), GrokError> {
        self.bump();
        let Some(c) = self.bump() else {
            return Err(GrokError::Malformed {
                text: "\\".into(),
                reason: "the pattern ends with a lone backslash",
            });
        };
        let replacement = match c {
            'd' => "[:digit:]",
            'D' => "[:^digit:]",
            'w' => "[:word:]",
            'W' => "[:^word:]",
            's' => "[:space:]",
            'S' => "[:^space:]",
            'h' => "[:xdigit:]",
            'H' => "[:^xdigit:]",
            _ => {
                self.buf.push('\\');
                self.buf.push(c);
                self.copy_braced_argument(c);
                return Ok(());
            }
        };
        self.buf.push_str(replacement);
        Ok(())
    }

    /// `(`: a group of some kind.
    fn group(&mut self) -> Result<(), GrokError> {
        let rest = self.rest;
        if let Some(error) = backtracking_group(rest) {
            return Err(error);
        }
        if let Some(name_start) = ["(?<", "(?P<", "(?'"].iter().find(|p| rest.starts_with(**p)) {
            return self.named_group(name_start.len());
        }
        if rest.starts_with("(?#") {
            let end = rest.find(')').map_or(rest.len(), |i| i + 1);
            self.skip(end);
            return Ok(());
        }
        if rest.starts_with("(?") {
            return self.flag_group();
        }
        self.bump();
        self.buf.push_str("(?:");
        Ok(())
    }

    /// `(?<name>`: a field capture. `prefix` is the length of `(?<` or `(?P<`.
    fn named_group(&mut self, prefix: usize) -> Result<(), GrokError> {
        let close = if self.rest.as_bytes().get(prefix - 1) == Some(&b'\'') { '\'' } else { '>' };
        let body = self.rest.get(prefix..).unwrap_or("");
        let end =
            find_within(body, close.encode_utf8(&mut [0; 4]), MAX_NAME_LEN).ok_or_else(|| {
                GrokError::Malformed {
                    text: crate::grok::error::shorten(self.rest, 20),
                    reason: "the group name is never closed",
                }
            })?;
        let name = &body[..end];
        if name.is_empty() || name.contains(['(', ')']) {
            return Err(GrokError::Malformed {
                text: format!("(?<{name}>"),
                reason: "the group name is empty or invalid",
            });
        }
        self.flush();
        self.pieces
            .push(Piece::Capture(FieldSpec { name: name.to_string(), convert: Convert::String }));
        self.skip(prefix + end + 1);
        Ok(())
    }

    /// `(?flags)` or `(?flags:`; Ruby's `m` is regex-automata's `s`.
    fn flag_group(&mut self) -> Result<(), GrokError> {
        self.skip(2);
        self.buf.push_str("(?");
        while let Some(c) = self.peek() {
            if !(c.is_ascii_alphabetic() || c == '-') {
                break;
            }
            self.bump();
            self.buf.push(if c == 'm' { 's' } else { c });
        }
        Ok(())
    }

    /// `%{NAME}`, `%{NAME:field}`, `%{NAME:field:type}`.
    fn reference(&mut self) -> Result<(), GrokError> {
        let body = &self.rest[2..];
        let end = find_within(body, "}", MAX_NAME_LEN).ok_or_else(|| GrokError::Malformed {
            text: crate::grok::error::shorten(self.rest, 20),
            reason: "the reference is never closed with `}`",
        })?;
        let piece = parse_reference(&body[..end])?;
        self.flush();
        self.pieces.push(piece);
        self.skip(2 + end + 1);
        Ok(())
    }

    /// `{`: a counted repetition `{n}`, `{n,}`, `{n,m}`, `{,m}`, or a literal brace.
    fn brace(&mut self) -> Result<(), GrokError> {
        match counted_repetition(self.rest) {
            Some((len, text)) => {
                self.buf.push_str(&text);
                self.skip(len);
                self.quantifier_suffix()
            }
            None => {
                self.bump();
                self.buf.push_str("\\{");
                Ok(())
            }
        }
    }
}

/// The error for a group opening that needs backtracking, if `rest` starts with one.
fn backtracking_group(rest: &str) -> Option<GrokError> {
    const LOOK_HELP: &str = "match the surrounding text explicitly, or capture it in a named group and test it in the pipeline";
    let table: [(&str, &'static str, &'static str); 9] = [
        ("(?<=", "a look-behind", LOOK_HELP),
        ("(?<!", "a negative look-behind", LOOK_HELP),
        ("(?=", "a look-ahead", LOOK_HELP),
        ("(?!", "a negative look-ahead", LOOK_HELP),
        (
            "(?>",
            "an atomic group",
            "use a plain group `(?:...)`: without backtracking there is nothing to give back",
        ),
        (
            "(?~",
            "an absent operator",
            "match the allowed text with a negated class such as `[^x]*`",
        ),
        (
            "(?(",
            "a conditional group",
            "split the pattern into alternatives with `|` or try several patterns with `parse_groks`",
        ),
        ("(?P=", "a backreference", BACKREF_HELP),
        (
            "(?P>",
            "a subroutine call",
            "write the referenced group out again, or define it as a grok pattern and use `%{NAME}`",
        ),
    ];
    table
        .iter()
        .find(|(prefix, _, _)| rest.starts_with(prefix))
        .map(|(prefix, construct, help)| unsupported(construct, prefix, help))
}

const BACKREF_HELP: &str =
    "capture both parts as fields and compare them in the pipeline (`if .a == .b`)";

fn backreference(text: String) -> GrokError {
    GrokError::Unsupported { construct: "a backreference", text, help: BACKREF_HELP }
}

fn unsupported(construct: &'static str, text: &str, help: &'static str) -> GrokError {
    GrokError::Unsupported { construct, text: text.to_string(), help }
}

/// Parses the inside of `%{...}`.
fn parse_reference(body: &str) -> Result<Piece, GrokError> {
    let malformed = |reason| GrokError::Malformed { text: format!("%{{{body}}}"), reason };
    let mut parts = body.splitn(3, ':');
    let name = parts.next().unwrap_or("");
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(malformed("a pattern name is letters, digits, `_` and `-`"));
    }
    let field = match parts.next() {
        None => None,
        Some("") => return Err(malformed("the field name after `:` is empty")),
        Some(field) => Some(FieldSpec {
            name: field.to_string(),
            convert: parse_convert(field, parts.next())?,
        }),
    };
    Ok(Piece::Reference { name: name.to_string(), field })
}

fn parse_convert(field: &str, conversion: Option<&str>) -> Result<Convert, GrokError> {
    match conversion {
        None => Ok(Convert::String),
        Some("int") => Ok(Convert::Int),
        Some("float") => Ok(Convert::Float),
        Some(other) => Err(GrokError::UnknownConversion {
            field: field.to_string(),
            conversion: other.to_string(),
        }),
    }
}

/// If `rest` starts with a counted repetition, its length in bytes and its
/// regex-automata spelling.
fn counted_repetition(rest: &str) -> Option<(usize, String)> {
    let end = find_within(rest, "}", 16)?;
    let inner = rest.get(1..end)?;
    let (min, max) = match inner.split_once(',') {
        Some((min, max)) => (min, Some(max)),
        None => (inner, None),
    };
    let digits = |s: &str| s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit());
    let valid =
        digits(min) && max.is_none_or(digits) && !(min.is_empty() && max.is_none_or(str::is_empty));
    if !valid {
        return None;
    }
    let min = if min.is_empty() { "0" } else { min };
    let text = match max {
        Some(max) => format!("{{{min},{max}}}"),
        None => format!("{{{min}}}"),
    };
    Some((end + 1, text))
}

/// Where `needle` starts in `haystack`, looking only at the first `limit`
/// bytes, so a pattern full of unclosed openers is still scanned in linear time.
fn find_within(haystack: &str, needle: &str, limit: usize) -> Option<usize> {
    let window = haystack.as_bytes().get(..limit + needle.len()).unwrap_or(haystack.as_bytes());
    memchr::memmem::find(window, needle.as_bytes())
}
