//! Literals: numbers, strings (re-escaped canonically), and the quoted forms
//! `s'...'`, `r'...'`, `t'...'` (printed back as written).

use crate::ast::Literal;

pub(super) fn literal(lit: &Literal) -> String {
    match lit {
        Literal::Null => "null".to_string(),
        Literal::Bool(value) => value.to_string(),
        Literal::Int(value) => value.to_string(),
        Literal::Float(value) => float(*value),
        Literal::String { value, raw: false } => quote(value),
        Literal::String { value, raw: true } => single_quoted('s', value),
        Literal::Regex(pattern) => single_quoted('r', pattern),
        Literal::Timestamp(text) => single_quoted('t', text),
    }
}

/// Rust's `{:?}` for `f64` is the shortest text that reads back to the same
/// value, and it always has a `.` or an exponent (`1.0`, `1e16`, `1.5e-7`),
/// all of which the grammar accepts. The parser refuses non-finite values.
fn float(value: f64) -> String {
    format!("{value:?}")
}

/// A double-quoted string with canonical escapes.
pub(super) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The parser unescapes only `\'` in these bodies (every other backslash is
/// kept), so escaping each `'` back gives exactly the text that was written.
fn single_quoted(prefix: char, body: &str) -> String {
    format!("{prefix}'{}'", body.replace('\'', "\\'"))
}
