//! Values written back as `.lgp` source, so a later entry's synthetic
//! program can tell the checker the type of a variable (`let x =
//! <literal>`) and of the event's fields (`.a = <literal>`). Those lines
//! are never run (the values themselves are carried over), so a spelling
//! only has to have the value's type.
//!
//! Every value has a spelling whose type is the value's kind: floats keep
//! their decimal point, timestamps and regexes their `t'...'`/`r'...'`
//! forms. Two kinds have no literal of their own: bytes are written as a
//! string (their text, lossy), and non-finite floats as float arithmetic
//! that overflows. Values nested deeper than [`MAX_LITERAL_DEPTH`] would
//! trip the parser's nesting bound, so such a subtree is written as
//! `parse_json!("...")` of its JSON text (a value of unknown type).

use std::fmt::Write as _;

use lgp_stdlib::Value;

/// How deep literals nest before the JSON fallback; the parser refuses
/// more than 128 levels in a whole program, and the synthetic program adds
/// a few of its own.
pub const MAX_LITERAL_DEPTH: usize = 96;

/// The source text of a literal of `value`'s type (and, but for the cases
/// in the module doc, of its value).
pub fn literal(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out
}

/// A path segment for field `name`: bare when the grammar allows, else quoted.
pub fn field_segment(name: &str) -> String {
    let bare = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'@');
    if bare { format!(".{name}") } else { format!(".{}", string(name)) }
}

/// A double-quoted string literal with every special character escaped.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Braces are escaped because strings may be templates.
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    if depth >= MAX_LITERAL_DEPTH && matches!(value, Value::Array(_) | Value::Object(_)) {
        let _ = write!(out, "parse_json!({})", string(&value.to_json().to_string()));
        return;
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => write_int(out, *i),
        Value::Float(f) => write_float(out, *f),
        Value::String(s) => out.push_str(&string(s)),
        Value::Bytes(b) => out.push_str(&string(&String::from_utf8_lossy(b))),
        Value::Timestamp(_) => {
            // The JSON form of a timestamp is its RFC 3339 text.
            let text = value.to_json();
            let _ = write!(out, "t'{}'", text.as_str().unwrap_or_default());
        }
        Value::Regex(r) => {
            let _ = write!(out, "r'{}'", quoted_body(&r.source));
        }
        Value::Array(items) => write_array(out, items, depth),
        Value::Object(fields) => write_object(out, fields, depth),
    }
}

fn write_int(out: &mut String, i: i64) {
    // `-9223372036854775808` does not parse: its digits overflow before
    // the minus applies.
    if i == i64::MIN {
        out.push_str("(-9223372036854775807 - 1)");
    } else {
        let _ = write!(out, "{i}");
    }
}

fn write_float(out: &mut String, f: f64) {
    const INFINITY: &str = "(1e308 * 10.0)";
    if f.is_nan() {
        let _ = write!(out, "({INFINITY} - {INFINITY})");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { INFINITY } else { "(-1e308 * 10.0)" });
    } else {
        // `{:?}` keeps a decimal point or an exponent, so the literal stays a float.
        let _ = write!(out, "{f:?}");
    }
}

/// The body of a `r'...'` literal: only `'` needs escaping.
fn quoted_body(text: &str) -> String {
    text.replace('\'', "\\'")
}

fn write_array(out: &mut String, items: &[Value], depth: usize) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(out, item, depth + 1);
    }
    out.push(']');
}

fn write_object(out: &mut String, fields: &lgp_stdlib::value::Object, depth: usize) {
    if fields.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push('{');
    for (i, (key, item)) in fields.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&string(key));
        out.push_str(": ");
        write_value(out, item, depth + 1);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Value {
        Value::from_json(&serde_json::from_str(text).unwrap_or_default())
    }

    #[test]
    fn scalars_keep_their_kind() {
        assert_eq!(literal(&Value::Null), "null");
        assert_eq!(literal(&Value::Int(-3)), "-3");
        assert_eq!(literal(&Value::Int(i64::MIN)), "(-9223372036854775807 - 1)");
        assert_eq!(literal(&Value::Float(2.0)), "2.0");
        assert_eq!(literal(&Value::Float(-0.5)), "-0.5");
        assert_eq!(literal(&Value::Float(1e300)), "1e300");
        assert_eq!(literal(&Value::Float(f64::INFINITY)), "(1e308 * 10.0)");
    }

    #[test]
    fn strings_escape_quotes_controls_and_braces() {
        assert_eq!(string("a\"b\\c\n{x}\u{1}"), r#""a\"b\\c\n\{x\}\u{1}""#);
    }

    #[test]
    fn nested_values_and_odd_keys() {
        let value = json(r#"{"a b": [1, 2.5, {"c": null}], "t": true}"#);
        assert_eq!(literal(&value), r#"{"a b": [1, 2.5, {"c": null}], "t": true}"#);
        assert_eq!(field_segment("a b"), r#"."a b""#);
        assert_eq!(field_segment("@timestamp"), ".@timestamp");
        assert_eq!(field_segment(""), r#"."""#);
    }

    #[test]
    fn deep_values_fall_back_to_json_text() {
        let mut value = Value::Int(1);
        for _ in 0..MAX_LITERAL_DEPTH + 5 {
            value = Value::Array(vec![value]);
        }
        let text = literal(&value);
        assert!(text.contains("parse_json!(\"[[[[[1]]]]]\")"), "{text}");
        assert_eq!(text.matches('[').count() - 5, MAX_LITERAL_DEPTH);
    }
}
