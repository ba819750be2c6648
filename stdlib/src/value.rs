//! Runtime values.
//!
//! Strings are [`Str`]: short ones (up to [`INLINE`] bytes: most keys and
//! many values) live inline, with no allocation and no reference count to
//! touch; longer ones are a UTF-8 view over reference-counted bytes, so a
//! field sliced out of an input buffer shares that buffer instead of
//! copying it, and cloning a value never copies long string data.

use std::fmt;

use arrayvec::ArrayString;
use bytes::Bytes;
use bytestring::ByteString;
use chrono::{DateTime, Utc};

pub use crate::object::Object;

/// The longest string kept inline. With it, a `Str` is as small as the
/// shared form alone (32 bytes): the inline form fits beside the niche.
pub const INLINE: usize = 20;

/// A cheaply cloned UTF-8 string that can borrow from an input buffer.
#[derive(Clone)]
pub struct Str(Repr);

#[derive(Clone)]
enum Repr {
    Inline(ArrayString<INLINE>),
    Shared(ByteString),
}

impl Str {
    /// A string that points at static text, without allocating or counting
    /// references: fixed object keys (`"host"`, `"severity"`) cost nothing
    /// to build per event.
    pub const fn from_static(text: &'static str) -> Str {
        Str(Repr::Shared(ByteString::from_static(text)))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(text) => text.as_str(),
            Repr::Shared(text) => text,
        }
    }

    /// A short string inline, else `None`.
    fn inline(text: &str) -> Option<Str> {
        ArrayString::from(text).ok().map(|inline| Str(Repr::Inline(inline)))
    }

    /// A sub-slice of this string: inline when short, else sharing this
    /// string's storage.
    ///
    /// `part` must point into `self.as_str()`; otherwise it is copied.
    pub fn slice_ref(&self, part: &str) -> Str {
        if let Some(short) = Str::inline(part) {
            return short;
        }
        match &self.0 {
            Repr::Shared(shared) => {
                let base = shared.as_ptr() as usize;
                let start = part.as_ptr() as usize;
                if start >= base && start + part.len() <= base + shared.len() {
                    Str(Repr::Shared(shared.slice_ref(part)))
                } else {
                    Str::from(part)
                }
            }
            Repr::Inline(_) => Str::from(part),
        }
    }

    /// Wraps bytes that are valid UTF-8 without copying them (short ones
    /// are copied inline).
    pub fn from_utf8(bytes: Bytes) -> Result<Str, std::str::Utf8Error> {
        if bytes.len() <= INLINE {
            let text = std::str::from_utf8(&bytes)?;
            return Ok(Str::inline(text).unwrap_or_default());
        }
        ByteString::try_from(bytes).map(|shared| Str(Repr::Shared(shared)))
    }

    pub fn into_bytes(self) -> Bytes {
        match self.0 {
            Repr::Inline(text) => Bytes::copy_from_slice(text.as_bytes()),
            Repr::Shared(text) => text.into_bytes(),
        }
    }
}

impl Default for Str {
    fn default() -> Str {
        Str(Repr::Inline(ArrayString::new()))
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Str {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::ops::Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str::inline(s).unwrap_or_else(|| Str(Repr::Shared(ByteString::from(s))))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str::inline(&s).unwrap_or_else(|| Str(Repr::Shared(ByteString::from(s))))
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A value of the language.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Str),
    Bytes(Bytes),
    Timestamp(DateTime<Utc>),
    /// A compiled regex value (from an `r'...'` literal).
    Regex(std::sync::Arc<crate::value::RegexValue>),
    Array(Vec<Value>),
    Object(Object),
}

/// A regex held as a value: its source text and the compiled matcher.
#[derive(Debug)]
pub struct RegexValue {
    pub source: String,
    pub regex: regex_automata::meta::Regex,
}

impl PartialEq for RegexValue {
    fn eq(&self, other: &RegexValue) -> bool {
        self.source == other.source
    }
}

impl Value {
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Bytes(_) => "bytes",
            Value::Timestamp(_) => "timestamp",
            Value::Regex(_) => "regex",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// The kind of this value as the checker names kinds.
    pub fn kinds(&self) -> lgp_lang::types::Kinds {
        lgp_lang::types::Kinds::from_name(self.kind_name()).unwrap_or_default()
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Converts to JSON. Bytes become a (lossy) UTF-8 string, timestamps
    /// RFC 3339 with nanoseconds as needed, regexes their source; non-finite
    /// floats become `null`, as JSON has no representation for them.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::String(s) => J::String(s.to_string()),
            Value::Bytes(b) => J::String(String::from_utf8_lossy(b).into_owned()),
            Value::Timestamp(t) => {
                J::String(t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            }
            Value::Regex(r) => J::String(r.source.clone()),
            Value::Array(a) => J::Array(a.iter().map(Value::to_json).collect()),
            Value::Object(o) => {
                J::Object(o.iter().map(|(k, v)| (k.to_string(), v.to_json())).collect())
            }
        }
    }

    /// Converts from JSON: integers that fit in i64 stay integers, other
    /// numbers become floats.
    pub fn from_json(json: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match json {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            J::String(s) => Value::String(Str::from(s.as_str())),
            J::Array(a) => Value::Array(a.iter().map(Value::from_json).collect()),
            J::Object(o) => Value::Object(
                o.iter().map(|(k, v)| (Str::from(k.as_str()), Value::from_json(v))).collect(),
            ),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(Str::from(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(Str::from(s))
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl fmt::Display for Value {
    /// Compact JSON, as the REPL and test diffs show values.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_strings_equal_owned_ones_and_slice_without_copying() {
        let key = Str::from_static("a static key longer than the inline limit");
        assert_eq!(key, Str::from("a static key longer than the inline limit"));
        let part = key.slice_ref(&key[..30]);
        assert_eq!(part.as_str(), "a static key longer than the i");
        assert_eq!(part.as_ptr(), key.as_ptr(), "the slice shares the static text");
        assert_eq!(Str::from_static("").as_str(), "");
    }

    #[test]
    fn short_strings_are_inline_and_compare_by_content() {
        assert_eq!(std::mem::size_of::<Str>(), 32);
        let long = Str::from("x".repeat(INLINE + 5));
        let short = long.slice_ref(&long[..INLINE]);
        assert_ne!(short.as_ptr(), long.as_ptr(), "short slices are copied inline");
        assert_eq!(short, Str::from_static("xxxxxxxxxxxxxxxxxxxx"));
        assert!(Str::from("a") < Str::from_static("b"));
        let shared = long.slice_ref(&long[1..]);
        assert_eq!(shared.as_ptr(), long[1..].as_ptr(), "long slices share storage");
        assert_eq!(
            Str::from_utf8(Bytes::from_static(b"short")).map(|s| s.to_string()),
            Ok("short".into())
        );
        assert_eq!(Str::from("héllo").into_bytes(), Bytes::from_static("héllo".as_bytes()));
        assert_eq!(Str::default().as_str(), "");
    }
}
