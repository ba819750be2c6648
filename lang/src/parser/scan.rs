//! A light pre-pass over the source, before pest sees it: collects comments,
//! finds where declarations start (for error recovery), and measures nesting
//! so that hostile input is refused before the recursive parser runs.

use crate::ast::Comment;
use crate::span::Span;

/// Brackets and unary operators may nest this deep.
pub const MAX_NESTING: usize = 128;

/// What the scan found.
pub struct Scan {
    pub comments: Vec<Comment>,
    /// Byte offsets where a top-level declaration keyword starts a line.
    pub decl_starts: Vec<usize>,
    /// The first place nesting went past [`MAX_NESTING`].
    pub too_deep: Option<Span>,
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Code,
    /// Inside `"..."`.
    Double,
    /// Inside `s'...'`, `r'...'` or `t'...'`.
    Single,
}

const DECL_KEYWORDS: [&str; 8] =
    ["input", "transform", "route", "output", "fn", "const", "use", "test"];

pub fn scan(src: &str) -> Scan {
    let bytes = src.as_bytes();
    let mut out = Scan { comments: Vec::new(), decl_starts: Vec::new(), too_deep: None };
    let mut state = State::Code;
    let mut depth = 0usize;
    let mut unary_run = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match state {
            State::Double => match b {
                b'\\' => i += 1,
                b'"' => state = State::Code,
                _ => {}
            },
            State::Single => match b {
                b'\\' if bytes.get(i + 1) == Some(&b'\'') => i += 1,
                b'\'' => state = State::Code,
                _ => {}
            },
            State::Code => {
                if (i == 0 || bytes[i - 1] == b'\n') && starts_decl(src, i, depth) {
                    out.decl_starts.push(i);
                }
                match b {
                    b'#' => {
                        let end = memchr_newline(bytes, i);
                        let text = src.get(i + 1..end).unwrap_or("").to_string();
                        out.comments.push(Comment { text, span: Span::new(i, end) });
                        i = end;
                        continue;
                    }
                    b'"' => state = State::Double,
                    b'\'' if i > 0 && is_quote_prefix(bytes, i - 1) => state = State::Single,
                    b'(' | b'[' | b'{' => {
                        depth += 1;
                        if depth + unary_run > MAX_NESTING && out.too_deep.is_none() {
                            out.too_deep = Some(Span::new(i, i + 1));
                        }
                    }
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                unary_run = match b {
                    b'!' | b'-' => unary_run + 1,
                    b' ' | b'\t' => unary_run,
                    _ => 0,
                };
                if depth + unary_run > MAX_NESTING && out.too_deep.is_none() {
                    out.too_deep = Some(Span::new(i, i + 1));
                }
            }
        }
        i += 1;
    }
    out
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| from + p)
}

/// `s'`, `r'` and `t'` open quoted literals when the letter starts a token.
fn is_quote_prefix(bytes: &[u8], letter: usize) -> bool {
    matches!(bytes[letter], b's' | b'r' | b't')
        && (letter == 0
            || !(bytes[letter - 1].is_ascii_alphanumeric() || bytes[letter - 1] == b'_'))
}

/// A declaration keyword at the start of a line begins a new chunk. Inside
/// an unclosed bracket only keywords that cannot appear in a test body count,
/// so one missing `}` does not swallow the rest of the file.
fn starts_decl(src: &str, at: usize, depth: usize) -> bool {
    let rest = &src.as_bytes()[at..];
    DECL_KEYWORDS.iter().any(|kw| {
        rest.starts_with(kw.as_bytes())
            && rest.get(kw.len()).is_some_and(|b| *b == b' ' || *b == b'\t')
            && (depth == 0 || *kw != "input")
    })
}
