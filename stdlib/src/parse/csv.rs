//! One CSV record to its fields: RFC 4180 quoting (`"a, b"`, `""` for a
//! quote), any one-character delimiter. Only the first record of the input
//! is read; an unquoted line break ends it. Fields without doubled quotes
//! are slices of the input.

use crate::value::{Str, Value};

/// The fields of the first record of `input`.
pub fn parse_record(input: &Str, delimiter: char) -> Vec<Value> {
    let mut fields = Vec::new();
    let mut rest = input.as_str();
    if rest.is_empty() {
        return fields;
    }
    loop {
        let (field, after) = if rest.starts_with('"') {
            quoted(input, rest, delimiter)
        } else {
            bare(input, rest, delimiter)
        };
        fields.push(Value::String(field));
        match after.chars().next() {
            Some(c) if c == delimiter => rest = &after[c.len_utf8()..],
            _ => return fields,
        }
    }
}

/// An unquoted field: up to the delimiter or a line break.
fn bare<'a>(input: &Str, rest: &'a str, delimiter: char) -> (Str, &'a str) {
    let end = rest.find([delimiter, '\n', '\r']).unwrap_or(rest.len());
    let (field, after) = rest.split_at(end);
    (input.slice_ref(field), after)
}

/// A quoted field starting at `rest`. As the `csv` crate does, text after
/// the closing quote (up to the delimiter) is kept, and a missing closing
/// quote takes the rest of the input.
fn quoted<'a>(input: &Str, rest: &'a str, delimiter: char) -> (Str, &'a str) {
    let body = &rest[1..];
    let mut owned: Option<String> = None;
    let mut start = 0;
    let mut search = 0;
    loop {
        let Some(quote) = body[search..].find('"').map(|i| i + search) else {
            return (finish(input, owned, &body[start..]), "");
        };
        if body[quote + 1..].starts_with('"') {
            // A doubled quote stands for one: copy what came before it.
            owned.get_or_insert_with(String::new).push_str(&body[start..=quote]);
            start = quote + 2;
            search = quote + 2;
            continue;
        }
        let inner = &body[start..quote];
        let (tail, after) = bare(input, &body[quote + 1..], delimiter);
        if tail.is_empty() {
            return (finish(input, owned, inner), after);
        }
        let mut text = owned.unwrap_or_default();
        text.push_str(inner);
        text.push_str(&tail);
        return (Str::from(text), after);
    }
}

fn finish(input: &Str, owned: Option<String>, last: &str) -> Str {
    match owned {
        None => input.slice_ref(last),
        Some(mut text) => {
            text.push_str(last);
            Str::from(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str, delimiter: char) -> String {
        Value::Array(parse_record(&Str::from(text), delimiter)).to_string()
    }

    #[test]
    fn quoting_rules() {
        assert_eq!(fields(r#"foo,bar,"foo "", bar""#, ','), r#"["foo","bar","foo \", bar"]"#);
        assert_eq!(fields(r#""a"b,c"#, ','), r#"["ab","c"]"#);
        assert_eq!(fields(r#""open,c"#, ','), r#"["open,c"]"#);
        assert_eq!(fields(r#"a"b,c"#, ','), r#"["a\"b","c"]"#);
        assert_eq!(fields("\"line\nbreak\",x\ny,z", ','), r#"["line\nbreak","x"]"#);
    }

    #[test]
    fn edges() {
        assert_eq!(fields("", ','), "[]");
        assert_eq!(fields(",", ','), r#"["",""]"#);
        assert_eq!(fields("a\r\nb", ','), r#"["a"]"#);
        assert_eq!(fields("é;ü", ';'), r#"["é","ü"]"#);
        assert_eq!(fields("\"\"", ','), r#"[""]"#);
        assert_eq!(fields("\"", ','), r#"[""]"#);
    }
}
