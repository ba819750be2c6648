//! JSON text to [`Value`] through serde_json, with our own nesting limit and
//! zero-copy strings.
//!
//! serde_json hands a visitor `&'de str` slices of the input for strings
//! without escapes (keys included); those become [`Str::slice_ref`] views of
//! the input instead of copies. serde_json's own recursion limit (128) is
//! turned off so that `max_depth` up to [`MAX_DEPTH_CAP`] works; the limit
//! is checked before each nested container is entered, which also bounds the
//! parser's recursion, and deep levels run on stack segments from `stacker`.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::value::{Object, Str, Value};

/// Nesting allowed when the caller gives no `max_depth`.
pub const DEFAULT_MAX_DEPTH: usize = 128;
/// The largest `max_depth` accepted; deeper recursion risks the stack.
pub const MAX_DEPTH_CAP: usize = 1024;

/// Parses `input` as one JSON document whose arrays and objects nest at
/// most `max_depth` levels (a scalar is level 0, `[1]` is level 1).
///
/// # Errors
/// A one-line message: the syntax error with its position, or the nesting
/// limit that was exceeded.
pub fn parse(input: &Str, max_depth: usize) -> Result<Value, String> {
    let mut deserializer = serde_json::Deserializer::from_str(input.as_str());
    deserializer.disable_recursion_limit();
    let seed = ValueSeed { input, depth_left: max_depth.min(MAX_DEPTH_CAP), max_depth };
    let value = seed.deserialize(&mut deserializer).map_err(describe)?;
    deserializer.end().map_err(describe)?;
    Ok(value)
}

fn describe(error: serde_json::Error) -> String {
    if error.is_data() {
        // Our own errors (the depth limit) are data errors; keep them as they are.
        return error.to_string();
    }
    format!("invalid JSON: {error}")
}

/// Deserializes one value, `depth_left` more container levels allowed.
#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    input: &'a Str,
    depth_left: usize,
    max_depth: usize,
}

impl ValueSeed<'_> {
    /// The seed for the values inside a container, or the depth error.
    fn nested<E: serde::de::Error>(self) -> Result<Self, E> {
        match self.depth_left.checked_sub(1) {
            Some(depth_left) => Ok(ValueSeed { depth_left, ..self }),
            None => {
                Err(E::custom(format_args!("JSON nested deeper than {} levels", self.max_depth)))
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Value, E> {
        Ok(Value::Bool(flag))
    }

    fn visit_i64<E>(self, int: i64) -> Result<Value, E> {
        Ok(Value::Int(int))
    }

    /// Integers above `i64::MAX` do not fit our int and become floats.
    fn visit_u64<E>(self, int: u64) -> Result<Value, E> {
        Ok(i64::try_from(int).map_or(Value::Float(int as f64), Value::Int))
    }

    fn visit_f64<E>(self, float: f64) -> Result<Value, E> {
        Ok(Value::Float(float))
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Value, E> {
        Ok(Value::String(self.input.slice_ref(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Value, E> {
        Ok(Value::from(text))
    }

    fn visit_string<E>(self, text: String) -> Result<Value, E> {
        Ok(Value::from(text))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let inner = self.nested()?;
        with_stack(move || {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(inner)? {
                items.push(item);
            }
            Ok(Value::Array(items))
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let inner = self.nested()?;
        with_stack(move || {
            // Collected first and sorted once: one insert per key would be
            // quadratic in the number of keys.
            let mut fields = Vec::new();
            while let Some(key) = map.next_key_seed(KeySeed { input: self.input })? {
                fields.push((key, map.next_value_seed(inner)?));
            }
            // A repeated key keeps its last value, as most JSON readers do.
            Ok(Value::Object(Object::from(fields)))
        })
    }
}

/// Runs one level of the recursive descent, moving to a fresh heap-allocated
/// stack segment when little stack is left: 1024 levels of serde_json frames
/// do not fit a 2 MiB thread stack in debug builds.
fn with_stack<T>(level: impl FnOnce() -> T) -> T {
    const RED_ZONE: usize = 64 * 1024;
    const SEGMENT: usize = 1024 * 1024;
    stacker::maybe_grow(RED_ZONE, SEGMENT, level)
}

/// Deserializes an object key, borrowing from the input where it can.
#[derive(Clone, Copy)]
struct KeySeed<'a> {
    input: &'a Str,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Str, E> {
        Ok(self.input.slice_ref(text))
    }

    fn visit_str<E>(self, text: &str) -> Result<Str, E> {
        Ok(Str::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str, max_depth: usize) -> Result<Value, String> {
        parse(&Str::from(text), max_depth)
    }

    #[test]
    fn strings_without_escapes_share_the_input() {
        // Strings longer than the inline limit share the input's storage.
        let key_name = "a-key-longer-than-twenty-bytes";
        let input = Str::from(format!(
            r#"{{"{key_name}": "a-value-longer-than-twenty-bytes", "esc": "a\nb"}}"#
        ));
        let Ok(Value::Object(fields)) = parse(&input, 8) else { panic!("not an object") };
        let base = input.as_ptr() as usize..input.as_ptr() as usize + input.len();
        let key = fields.keys().find(|k| k.as_str() == key_name).map(|k| k.as_ptr() as usize);
        assert!(key.is_some_and(|p| base.contains(&p)), "key was copied");
        let value = fields.get(key_name).and_then(Value::as_str).map(|v| v.as_ptr() as usize);
        assert!(value.is_some_and(|p| base.contains(&p)), "value was copied");
        assert_eq!(fields.get("esc"), Some(&Value::from("a\nb")));
    }

    #[test]
    fn repeated_keys_keep_the_last_value_and_many_keys_parse_quickly() {
        let parsed = parse_text(r#"{"b": 1, "a": 2, "b": 3}"#, 2).map(|v| v.to_json());
        assert_eq!(parsed, Ok(serde_json::json!({"a": 2, "b": 3})));
        // Keys in descending order: inserting one at a time would be quadratic.
        let fields: Vec<String> = (0..100_000).rev().map(|i| format!(r#""k{i}": {i}"#)).collect();
        let parsed = parse_text(&format!("{{{}}}", fields.join(",")), 2);
        let Ok(Value::Object(fields)) = parsed else { panic!("not an object") };
        assert_eq!(fields.len(), 100_000);
        assert_eq!(fields.get("k99999"), Some(&Value::Int(99_999)));
    }

    #[test]
    fn numbers_keep_ints_and_widen_huge_ones() {
        let parsed = parse_text("[1, -2, 1.5, 18446744073709551615, 1e400]", 4);
        assert!(parsed.is_err(), "1e400 is out of range for f64");
        let parsed = parse_text("[1, -2, 1.5, 18446744073709551615]", 4).map(|v| v.to_json());
        assert_eq!(parsed, Ok(serde_json::json!([1, -2, 1.5, 18446744073709551615.0])));
    }

    #[test]
    fn depth_limit_counts_containers() {
        assert!(parse_text("[[1]]", 2).is_ok());
        assert_eq!(
            parse_text("[[1]]", 1),
            Err("JSON nested deeper than 1 levels at line 1 column 2".into())
        );
        assert_eq!(parse_text("7", 0), Ok(Value::Int(7)));
    }

    #[test]
    fn deepest_allowed_nesting_does_not_overflow_the_stack() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH_CAP), "]".repeat(MAX_DEPTH_CAP));
        assert!(parse_text(&deep, MAX_DEPTH_CAP).is_ok());
        let deeper = "[".repeat(100_000);
        assert!(parse_text(&deeper, MAX_DEPTH_CAP).is_err());
    }

    #[test]
    fn errors_are_one_line_with_position() {
        let error = parse_text("{ INVALID }", 8).err().unwrap_or_default();
        assert_eq!(error, "invalid JSON: key must be a string at line 1 column 3");
        assert!(parse_text("", 8).is_err());
        assert!(parse_text("{} {}", 8).is_err());
        assert!(parse_text(r#"{"a": "#, 8).is_err());
    }
}
