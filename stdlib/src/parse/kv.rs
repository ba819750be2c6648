//! Key-value text (`a=1 b="two words"`, logfmt) to an object, and back.
//!
//! The grammar follows VRL's `parse_key_value`: fields are separated by
//! `field_delimiter` (runs of it and surrounding spaces are skipped), a key
//! is separated from its value by `key_value_delimiter`, and keys or values
//! may be wrapped in `"` or `'` with `\"`, `\'`, `\\` and `\n` escapes. An
//! unquoted value runs to the next field delimiter and is trimmed. A key
//! seen twice collects its values into an array. [`format`] writes the same
//! grammar, quoting where needed, so that parsing what it wrote gives back
//! an object of strings unchanged.

use std::borrow::Cow;

use crate::value::{Object, Str, Value};

/// How to split the text.
#[derive(Clone, Copy, Debug)]
pub struct Config<'a> {
    pub key_value_delimiter: &'a str,
    pub field_delimiter: &'a str,
    /// Allow whitespace around `key_value_delimiter` (VRL's `lenient`).
    pub lenient: bool,
    /// A key without a delimiter becomes `key: true`; when false it is an error.
    pub standalone_keys: bool,
}

impl Config<'static> {
    /// logfmt: `=` between key and value, spaces between fields.
    pub const LOGFMT: Config<'static> = Config {
        key_value_delimiter: "=",
        field_delimiter: " ",
        lenient: true,
        standalone_keys: true,
    };
}

/// Checks a pair of delimiters before use.
///
/// # Errors
/// When a delimiter is empty, contains a quote or backslash, or both are equal.
pub fn check_delimiters(key_value_delimiter: &str, field_delimiter: &str) -> Result<(), String> {
    for (name, delimiter) in
        [("key_value_delimiter", key_value_delimiter), ("field_delimiter", field_delimiter)]
    {
        if delimiter.is_empty() {
            return Err(format!("`{name}` must not be empty"));
        }
        if delimiter.contains(['"', '\'', '\\']) {
            return Err(format!("`{name}` must not contain quotes or backslashes"));
        }
    }
    if key_value_delimiter == field_delimiter {
        return Err("`key_value_delimiter` and `field_delimiter` must differ".to_string());
    }
    Ok(())
}

/// Parses `input` into an object of strings, `true` for standalone keys and
/// arrays for repeated keys.
///
/// # Errors
/// On an empty unquoted key, or a standalone key when they are not accepted.
pub fn parse(input: &Str, config: &Config<'_>) -> Result<Object, String> {
    let mut scanner = Scanner { input, text: input.as_str(), pos: 0, config };
    // Collected first and sorted once: one insert per field would be
    // quadratic in the number of fields.
    let mut fields = Vec::with_capacity(expected_fields(scanner.text, config));
    while scanner.skip_separators() {
        fields.push(scanner.field()?);
    }
    Ok(into_object(fields))
}

/// Room for the fields of a line, guessed from its key-value delimiters
/// (an SIMD count), so the vector is not regrown field by field. Capped:
/// a line of nothing but delimiters should not reserve for all of them.
fn expected_fields(text: &str, config: &Config<'_>) -> usize {
    const MAX_GUESS: usize = 64;
    match config.key_value_delimiter.as_bytes() {
        [byte] => memchr::memchr_iter(*byte, text.as_bytes()).count().min(MAX_GUESS),
        _ => 0,
    }
}

/// The object of `fields`, repeated keys collecting their values in input
/// order. Most lines repeat no key: sorted once, they make the object as
/// they are, without the grouping pass and its second vector.
fn into_object(mut fields: Vec<(Str, Value)>) -> Object {
    // Stable, so that the values of a repeated key stay in input order.
    fields.sort_by(|(a, _), (b, _)| key_order(a.as_bytes(), b.as_bytes()));
    let repeats = fields.windows(2).any(|pair| match pair {
        [(a, _), (b, _)] => key_order(a.as_bytes(), b.as_bytes()).is_eq(),
        _ => false,
    });
    if repeats { Object::from_pairs_grouping_repeats(fields) } else { Object::from(fields) }
}

struct Scanner<'a> {
    input: &'a Str,
    /// `input`'s text, read once.
    text: &'a str,
    pos: usize,
    config: &'a Config<'a>,
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn skip_spaces(&mut self) {
        let rest = self.rest();
        if rest.as_bytes().first().is_some_and(|b| b.is_ascii() && !char::from(*b).is_whitespace())
        {
            return;
        }
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = starts_with(self.rest(), token);
        if found {
            self.pos += token.len();
        }
        found
    }

    /// Skips whitespace and field delimiters; false at the end of input.
    fn skip_separators(&mut self) -> bool {
        loop {
            // Try the delimiter before skipping spaces too: it may start with one.
            if self.eat(self.config.field_delimiter) {
                continue;
            }
            self.skip_spaces();
            if !self.eat(self.config.field_delimiter) {
                return !self.rest().is_empty();
            }
        }
    }

    /// One `key=value` or standalone `key`.
    fn field(&mut self) -> Result<(Str, Value), String> {
        let start = self.pos;
        let key = self.key()?;
        let before_delimiter = self.pos;
        if self.config.lenient {
            self.skip_spaces();
        }
        if self.eat(self.config.key_value_delimiter) {
            if self.config.lenient {
                self.skip_spaces();
            }
            return Ok((key, Value::String(self.token(self.config.field_delimiter))));
        }
        self.pos = before_delimiter;
        if !self.config.standalone_keys {
            let word = self.text.get(start..self.pos).unwrap_or("");
            return Err(format!("`{word}` at byte {start} has no value (standalone keys are off)"));
        }
        Ok((key, Value::Bool(true)))
    }

    fn key(&mut self) -> Result<Str, String> {
        let start = self.pos;
        let quoted = self.rest().starts_with(['"', '\'']);
        let (kv, field) = (self.config.key_value_delimiter, self.config.field_delimiter);
        let key = match self.quoted(&[kv, field]) {
            Some(key) => key,
            None => {
                let rest = self.rest();
                // An unquoted key ends at whichever delimiter comes first.
                self.bare(find_either(rest, kv, field).unwrap_or(rest.len()))
            }
        };
        if key.is_empty() && !quoted {
            return Err(format!("empty key at byte {start}"));
        }
        Ok(key)
    }

    /// A value (or key) up to `terminator`: quoted, or bare and trimmed.
    fn token(&mut self, terminator: &str) -> Str {
        if let Some(text) = self.quoted(&[terminator]) {
            return text;
        }
        let rest = self.rest();
        let end = match terminator.as_bytes() {
            // One byte (a space, `,`): memchr instead of a substring search.
            [byte] => memchr::memchr(*byte, rest.as_bytes()),
            _ => rest.find(terminator),
        };
        let end = end.unwrap_or(rest.len());
        self.bare(end)
    }

    /// The next `len` bytes, trimmed, as a slice of the input.
    fn bare(&mut self, len: usize) -> Str {
        let text = trim(self.rest().get(..len).unwrap_or(""));
        self.pos += len;
        self.input.slice_ref(text)
    }

    /// A quoted string followed by spaces and then one of `terminators` or
    /// the end; `None` (nothing consumed) when the text is not one, so the
    /// caller reads it unquoted instead, quotes included.
    fn quoted(&mut self, terminators: &[&str]) -> Option<Str> {
        let rest = self.rest();
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let body = rest.get(1..)?;
        let close = closing_quote(body, quote)?;
        let after = body.get(close + 1..)?;
        let trimmed = after.trim_start();
        if !(trimmed.is_empty()
            || terminators.iter().any(|t| starts_with(trimmed, t) || starts_with(after, t)))
        {
            return None;
        }
        let inner = body.get(..close)?;
        self.pos += 1 + close + 1;
        Some(match unescape(inner, quote) {
            Cow::Borrowed(text) => self.input.slice_ref(text),
            Cow::Owned(text) => Str::from(text),
        })
    }
}

/// The offset of the first `a` or `b` in `text`, in one pass: searching for
/// each separately would rescan the rest of a long line for every field.
fn find_either(text: &str, a: &str, b: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if let ([a], [b]) = (a.as_bytes(), b.as_bytes()) {
        return memchr::memchr2(*a, *b, bytes);
    }
    let (first_a, first_b) = (*a.as_bytes().first()?, *b.as_bytes().first()?);
    let mut from = 0;
    while let Some(found) =
        bytes.get(from..).and_then(|tail| memchr::memchr2(first_a, first_b, tail))
    {
        let at = from + found;
        let tail = bytes.get(at..).unwrap_or_default();
        if tail.starts_with(a.as_bytes()) || tail.starts_with(b.as_bytes()) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The byte order of two keys. Keys of one line nearly always differ in
/// their first bytes, which decide here without a `memcmp` call.
fn key_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b).take(8) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.cmp(b)
}

/// `text.starts_with(token)`, comparing one-byte tokens (the usual
/// delimiters) directly instead of through a `memcmp` call.
fn starts_with(text: &str, token: &str) -> bool {
    match token.as_bytes() {
        [byte] => text.as_bytes().first() == Some(byte),
        bytes => text.as_bytes().starts_with(bytes),
    }
}

/// `text.trim()`, without decoding characters when neither end is
/// whitespace (the usual bare value).
fn trim(text: &str) -> &str {
    let solid =
        |byte: Option<&u8>| byte.is_some_and(|b| b.is_ascii() && !char::from(*b).is_whitespace());
    let bytes = text.as_bytes();
    if solid(bytes.first()) && solid(bytes.last()) { text } else { text.trim() }
}

/// The byte offset of the quote closing `body`, skipping escaped characters.
/// Quotes and backslashes are ASCII, so a byte search finds them: no byte
/// of a multi-byte character can be mistaken for one.
fn closing_quote(body: &str, quote: char) -> Option<usize> {
    let (bytes, quote) = (body.as_bytes(), u8::try_from(quote).ok()?);
    let mut from = 0;
    loop {
        let found = from + memchr::memchr2(quote, b'\\', bytes.get(from..)?)?;
        if bytes.get(found) == Some(&quote) {
            return Some(found);
        }
        // A backslash: the character after it is escaped.
        from = found + 2;
    }
}

/// Resolves `\"`, `\'`, `\\` and `\n`; other backslashes stay as written.
fn unescape(inner: &str, quote: char) -> Cow<'_, str> {
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().copied()) {
            ('\\', Some(next)) if next == quote || next == '\\' || next == '"' => {
                out.push(next);
                chars.next();
            }
            ('\\', Some('n')) => {
                out.push('\n');
                chars.next();
            }
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// How deeply [`format`] flattens nested objects before writing the rest as JSON.
const FLATTEN_DEPTH: usize = 32;

/// Writes `object` as `key=value` fields in key order. Nested objects are
/// flattened with dotted keys, arrays repeat their key once per element,
/// `null` is written as `""`; strings are quoted when they would not read
/// back unchanged.
pub fn format(object: &Object, key_value_delimiter: &str, field_delimiter: &str) -> String {
    let mut writer = Writer { out: String::new(), key_value_delimiter, field_delimiter };
    writer.object("", object, 0);
    writer.out
}

struct Writer<'a> {
    out: String,
    key_value_delimiter: &'a str,
    field_delimiter: &'a str,
}

impl Writer<'_> {
    fn object(&mut self, prefix: &str, object: &Object, depth: usize) {
        for (key, value) in object {
            let path: Cow<'_, str> = if prefix.is_empty() {
                Cow::Borrowed(key)
            } else {
                Cow::Owned(format!("{prefix}.{key}"))
            };
            match value {
                Value::Object(inner) if depth < FLATTEN_DEPTH && !inner.is_empty() => {
                    self.object(&path, inner, depth + 1);
                }
                Value::Array(items) if !items.is_empty() => {
                    items.iter().for_each(|item| self.field(&path, item));
                }
                other => self.field(&path, other),
            }
        }
    }

    fn field(&mut self, key: &str, value: &Value) {
        if !self.out.is_empty() {
            self.out.push_str(self.field_delimiter);
        }
        self.text(key);
        self.out.push_str(self.key_value_delimiter);
        let text: Cow<'_, str> = match value {
            Value::String(text) => Cow::Borrowed(text.as_str()),
            Value::Null => Cow::Borrowed(""),
            Value::Bytes(bytes) => String::from_utf8_lossy(bytes),
            Value::Timestamp(_) | Value::Array(_) | Value::Object(_) => match value.to_json() {
                serde_json::Value::String(text) => Cow::Owned(text),
                json => Cow::Owned(json.to_string()),
            },
            Value::Regex(regex) => Cow::Borrowed(regex.source.as_str()),
            Value::Bool(_) | Value::Int(_) | Value::Float(_) => Cow::Owned(value.to_string()),
        };
        self.text(&text);
    }

    /// Writes a key or value, quoted and escaped when needed.
    fn text(&mut self, text: &str) {
        if !self.needs_quotes(text) {
            self.out.push_str(text);
            return;
        }
        self.out.push('"');
        for c in text.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                other => self.out.push(other),
            }
        }
        self.out.push('"');
    }

    fn needs_quotes(&self, text: &str) -> bool {
        text.is_empty()
            || text.contains(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '\\')
            || text.contains(self.key_value_delimiter)
            || text.contains(self.field_delimiter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `closing_quote` as it was written before the byte search.
    fn closing_quote_by_chars(body: &str, quote: char) -> Option<usize> {
        let mut chars = body.char_indices();
        while let Some((offset, c)) = chars.next() {
            if c == '\\' {
                chars.next();
            } else if c == quote {
                return Some(offset);
            }
        }
        None
    }

    proptest! {
        #[test]
        fn object_build_matches_grouping_repeats(
            keys in prop::collection::vec("[ab]{0,2}|[a-z_]{1,12}|é{1,2}|user_[a-z]{1,4}", 0..24),
        ) {
            let pairs: Vec<(Str, Value)> = keys
                .iter()
                .enumerate()
                .map(|(index, key)| (Str::from(key.as_str()), Value::Int(index as i64)))
                .collect();
            prop_assert_eq!(into_object(pairs.clone()), Object::from_pairs_grouping_repeats(pairs));
        }

        #[test]
        fn closing_quote_matches_a_character_scan(body in r#"[a"'\\é ]{0,24}"#, double in any::<bool>()) {
            let quote = if double { '"' } else { '\'' };
            prop_assert_eq!(closing_quote(&body, quote), closing_quote_by_chars(&body, quote));
        }

        #[test]
        fn trim_matches_str_trim(text in "[ \t\x0B\x0C\r\na\u{85}\u{a0}é]{0,8}") {
            prop_assert_eq!(trim(&text), text.trim());
        }
    }

    fn parse_logfmt(text: &str) -> String {
        match parse(&Str::from(text), &Config::LOGFMT) {
            Ok(object) => Value::Object(object).to_string(),
            Err(error) => format!("error: {error}"),
        }
    }

    #[test]
    fn quoting_and_escapes() {
        assert_eq!(
            parse_logfmt(r#"a="x \"y\" \\ z" b='it\'s'"#),
            r#"{"a":"x \"y\" \\ z","b":"it's"}"#
        );
        assert_eq!(parse_logfmt(r#"a="unterminated b=1"#), r#"{"a":"\"unterminated","b":"1"}"#);
        assert_eq!(parse_logfmt(r#"a="x"y b=1"#), r#"{"a":"\"x\"y","b":"1"}"#);
        assert_eq!(parse_logfmt(r#""my key"=1"#), r#"{"my key":"1"}"#);
    }

    #[test]
    fn many_repeated_and_distinct_keys_parse_quickly() {
        let text: String = (0..50_000).rev().map(|i| format!("k{i}=v k=x{i} ")).collect();
        let Ok(object) = parse(&Str::from(text), &Config::LOGFMT) else { panic!("parses") };
        assert_eq!(object.len(), 50_001);
        let repeated = object.get("k").and_then(|v| match v {
            Value::Array(items) => items.first().and_then(Value::as_str),
            _ => None,
        });
        assert_eq!(repeated, Some("x49999"), "values stay in input order");
    }

    #[test]
    fn whitespace_modes() {
        assert_eq!(parse_logfmt("a = 1   b=2 "), r#"{"a":"1","b":"2"}"#);
        let strict = Config { lenient: false, ..Config::LOGFMT };
        let parsed = parse(&Str::from("a= b=2"), &strict).map(|o| Value::Object(o).to_string());
        assert_eq!(parsed, Ok(r#"{"a":"","b":"2"}"#.to_string()));
        assert_eq!(parse_logfmt("a= b=2"), r#"{"a":"b=2"}"#);
    }

    #[test]
    fn repeated_keys_and_standalone_keys() {
        assert_eq!(parse_logfmt("t=1 t=2 t=3 flag"), r#"{"flag":true,"t":["1","2","3"]}"#);
        let strict = Config { standalone_keys: false, ..Config::LOGFMT };
        let error = parse(&Str::from("a=1 word"), &strict).err();
        assert_eq!(
            error.as_deref(),
            Some("`word` at byte 4 has no value (standalone keys are off)")
        );
        assert_eq!(parse_logfmt("=1"), "error: empty key at byte 0");
        assert_eq!(parse_logfmt(""), "{}");
        assert_eq!(parse_logfmt("   "), "{}");
    }

    #[test]
    fn long_lines_of_standalone_keys_stay_linear() {
        let line = Str::from("word ".repeat(200_000));
        let parsed = parse(&line, &Config::LOGFMT).unwrap_or_default();
        assert_eq!(
            parsed.get("word").and_then(|v| match v {
                Value::Array(items) => Some(items.len()),
                _ => None,
            }),
            Some(200_000)
        );
    }

    #[test]
    fn bare_values_share_the_input() {
        // Values longer than the inline limit share the input's storage.
        let input = Str::from("key=a-value-longer-than-twenty-bytes");
        let object = parse(&input, &Config::LOGFMT).unwrap_or_default();
        let value = object.get("key").and_then(Value::as_str).map(|v| v.as_ptr() as usize);
        assert_eq!(value, Some(input.as_ptr() as usize + 4));
    }

    #[test]
    fn format_flattens_and_quotes() {
        let json = serde_json::json!({"a": {"b": 1}, "e": "", "l": ["x", "y z"], "m": "say \"hi\"", "n": null});
        let Value::Object(object) = Value::from_json(&json) else { panic!("object") };
        assert_eq!(format(&object, "=", " "), r#"a.b=1 e="" l=x l="y z" m="say \"hi\"" n="""#);
    }
}
