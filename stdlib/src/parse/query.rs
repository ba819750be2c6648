//! URL query strings (`a=1&b=2&b=3`) to objects: `+` and percent escapes
//! decoded, a repeated key collecting its values into an array. Keys and
//! values that needed no decoding are slices of the input.

use std::borrow::Cow;

use crate::value::{Object, Str, Value};

/// Parses `query` (which should be part of `input`, for zero-copy slices;
/// a leading `?` is skipped).
pub fn parse(input: &Str, query: &str) -> Object {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs = url::form_urlencoded::parse(query.as_bytes())
        .map(|(key, value)| (text(input, key), Value::String(text(input, value))))
        .collect();
    Object::from_pairs_grouping_repeats(pairs)
}

fn text(input: &Str, text: Cow<'_, str>) -> Str {
    match text {
        Cow::Borrowed(text) => input.slice_ref(text),
        Cow::Owned(text) => Str::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> String {
        let input = Str::from(text);
        Value::Object(parse(&input, &input)).to_string()
    }

    #[test]
    fn decoding_and_repeats() {
        assert_eq!(
            parse_text("foo=%2B1&bar=2&bar=3&xyz"),
            r#"{"bar":["2","3"],"foo":"+1","xyz":""}"#
        );
        assert_eq!(
            parse_text("?a+b=c+d&&=e&f=%zz&g=%C3%A9"),
            r#"{"":"e","a b":"c d","f":"%zz","g":"é"}"#
        );
        assert_eq!(parse_text(""), "{}");
        assert_eq!(parse_text("k=%FF"), r#"{"k":"�"}"#);
    }

    #[test]
    fn plain_values_share_the_input() {
        // Values longer than the inline limit share the input's storage.
        let input = Str::from("key=a-value-longer-than-twenty-bytes");
        let object = parse(&input, &input);
        let value = object.get("key").and_then(Value::as_str).map(|v| v.as_ptr() as usize);
        assert_eq!(value, Some(input.as_ptr() as usize + 4));
    }
}
