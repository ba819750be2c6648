//! `parse_json` with projection: parse only the top-level fields a program
//! reads or writes, and keep every other field as its unparsed JSON text.
//!
//! A pipeline like `. = parse_json!(.message); .env = "prod"` touches two
//! fields of a twelve-field document; building a value tree for the other ten
//! only to serialise them again is most of its cost. Here the document is
//! validated by a single scan, the wanted fields are parsed into an
//! [`Object`], and the rest stay as byte ranges of the input ([`RawFields`]),
//! written back verbatim by the JSON encoder or parsed on demand by
//! [`RawFields::materialize_into`].
//!
//! Passing text through must not change the output: a field is kept raw only
//! when its text is exactly what our encoder would print for its parsed value
//! (compact, object keys sorted and unique, integers that fit `i64`, strings
//! escaped the way serde_json escapes them). Anything else — floats,
//! whitespace inside the value, `\/` or `\u00e9` escapes — is parsed. And any
//! doubt about the whole document (invalid JSON, too deep, duplicate or
//! escaped top-level keys, lone surrogates) answers `None`, so the caller
//! runs the full parser, which gives the same value or the same error as
//! without projection.

use crate::object::{key_order, key_prefix};
use crate::value::{Object, Str, Value};

use super::json;

/// Top-level fields kept as JSON text: (key, value) byte ranges into
/// `source`, sorted by key, each value one canonical JSON value.
#[derive(Clone, Debug, PartialEq)]
pub struct RawFields {
    source: Str,
    entries: Vec<RawEntry>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct RawEntry {
    /// The key's first eight bytes, big-endian: most orderings need no more.
    prefix: u64,
    key: (u32, u32),
    value: (u32, u32),
}

impl RawFields {
    fn text(&self, (start, end): (u32, u32)) -> &str {
        self.source.get(start as usize..end as usize).unwrap_or_default()
    }

    /// The fields in key order: the key (as written: it has no escapes)
    /// and the value's JSON text.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|entry| (self.text(entry.key), self.text(entry.value)))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Parses every field into `object`; a key the object already holds
    /// keeps the object's value.
    pub fn materialize_into(self, object: &mut Object) {
        for entry in &self.entries {
            let key = self.source.slice_ref(self.text(entry.key));
            let text = self.source.slice_ref(self.text(entry.value));
            // The text was validated by the scan; the fallback is unreachable.
            let value = json::parse(&text, json::MAX_DEPTH_CAP).unwrap_or(Value::Null);
            object.entry(key).or_insert(value);
        }
    }
}

/// Which top-level fields a projected parse parses and which it leaves out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Projection {
    /// Fields parsed into the object (any others whose text is not
    /// canonical are parsed too).
    pub keep: Vec<Str>,
    /// Fields left out altogether: the program deletes them first thing
    /// and never reads them.
    pub skip: Vec<Str>,
}

impl Projection {
    fn wants(&self, key: &[u8]) -> Want {
        // Most keys differ from every name in length or first eight bytes;
        // only a tie needs the full comparison.
        let prefix = key_prefix(key);
        let is = |names: &[Str]| {
            names.iter().any(|name| {
                let name = name.as_bytes();
                name.len() == key.len() && key_prefix(name) == prefix && name == key
            })
        };
        if is(&self.keep) {
            Want::Parse
        } else if is(&self.skip) {
            Want::Skip
        } else {
            Want::Raw
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Parse,
    Raw,
    Skip,
}

/// Parses `input`, a JSON object, parsing only the fields `projection` keeps
/// (and any field whose text is not canonical) and leaving out the ones it
/// skips; `None` when the full parser must decide (see the module docs).
pub fn parse_projected(
    input: &Str,
    max_depth: usize,
    projection: &Projection,
) -> Option<(Object, RawFields)> {
    let bytes = input.as_bytes();
    if u32::try_from(bytes.len()).is_err() || max_depth == 0 || max_depth > json::MAX_DEPTH_CAP {
        return None;
    }
    let mut scan = Scanner { bytes, pos: 0 };
    let mut parsed = Vec::with_capacity(projection.keep.len() + 4);
    let mut raw = Vec::with_capacity(16);
    scan.skip_ws();
    scan.eat(b'{')?;
    scan.skip_ws();
    if scan.peek() == Some(b'}') {
        scan.pos += 1;
    } else {
        loop {
            let key = scan.top_key()?;
            scan.skip_ws();
            scan.eat(b':')?;
            scan.skip_ws();
            let start = scan.pos;
            let want = projection.wants(bytes.get(key.0..key.1)?);
            let scalar = match want {
                Want::Parse => scan.scalar(input),
                Want::Raw | Want::Skip => None,
            };
            if let Some(value) = scalar {
                parsed.push((input.slice_ref(input.get(key.0..key.1)?), value));
            } else {
                scan.pos = start;
                let canonical = scan.value(max_depth - 1)?;
                match want {
                    Want::Skip => {}
                    Want::Raw if canonical => raw.push(RawEntry {
                        prefix: key_prefix(bytes.get(key.0..key.1)?),
                        key: (key.0 as u32, key.1 as u32),
                        value: (start as u32, scan.pos as u32),
                    }),
                    Want::Parse | Want::Raw => {
                        let text = input.slice_ref(input.get(start..scan.pos)?);
                        let value = json::parse(&text, max_depth - 1).ok()?;
                        parsed.push((input.slice_ref(input.get(key.0..key.1)?), value));
                    }
                }
            }
            scan.skip_ws();
            match scan.next()? {
                b',' => {
                    scan.skip_ws();
                }
                b'}' => break,
                _ => return None,
            }
        }
    }
    scan.skip_ws();
    if scan.pos != bytes.len() {
        return None;
    }
    let key_of = |range: (usize, usize)| bytes.get(range.0..range.1).unwrap_or_default();
    let raw_key = |entry: &RawEntry| key_of((entry.key.0 as usize, entry.key.1 as usize));
    raw.sort_unstable_by(|a, b| a.prefix.cmp(&b.prefix).then_with(|| raw_key(a).cmp(raw_key(b))));
    // Repeated keys: the last one wins, which the full parser settles.
    let repeated_raw = raw.windows(2).any(|pair| raw_key(&pair[0]) == raw_key(&pair[1]));
    let repeated_parsed = parsed.iter().enumerate().any(|(at, (key, _))| {
        parsed.get(at + 1..).unwrap_or_default().iter().any(|(other, _)| other == key)
            || raw.binary_search_by(|entry| key_order(raw_key(entry), key.as_bytes())).is_ok()
    });
    if repeated_raw || repeated_parsed {
        return None;
    }
    // The parsed fields' vector becomes the object: one sort, no inserts.
    Some((Object::from(parsed), RawFields { source: input.clone(), entries: raw }))
}

/// The offset of the first `"`, `\\` or control character in `text`,
/// eight bytes at a time (strings are most of a log line's bytes).
fn string_stop(text: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut chunks = text.chunks_exact(8);
    let mut offset = 0;
    for chunk in chunks.by_ref() {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // Bytes below 0x20 (ASCII only: UTF-8 continuation bytes are >= 0x80),
        // quotes and backslashes.
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        let hits = control
            | has_zero(word ^ (ONES * u64::from(b'"')))
            | has_zero(word ^ (ONES * u64::from(b'\\')));
        if hits != 0 {
            break;
        }
        offset += 8;
    }
    let rest = text.get(offset..)?;
    rest.iter().position(|b| matches!(b, b'"' | b'\\' | 0..0x20)).map(|at| offset + at)
}

/// A validating scan over JSON bytes. Every method answers `None` when the
/// full parser must decide, and otherwise whether what it scanned is
/// canonical.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.next()? == byte).then_some(())
    }

    /// Skips whitespace; true when there was some.
    fn skip_ws(&mut self) -> bool {
        let start = self.pos;
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
        self.pos != start
    }

    /// A top-level key without escapes: its byte range.
    fn top_key(&mut self) -> Option<(usize, usize)> {
        self.eat(b'"')?;
        let start = self.pos;
        let end = start + memchr::memchr2(b'"', b'\\', self.bytes.get(start..)?)?;
        if self.bytes.get(end) != Some(&b'"') || self.bytes[start..end].iter().any(|b| *b < 0x20) {
            return None;
        }
        self.pos = end + 1;
        Some((start, end))
    }

    /// A scalar parsed the way the full parser parses it, for the common
    /// cases only: a string without escapes, an integer that fits `i64`, a
    /// plain decimal float, `true`, `false`, `null`. `None` (with the
    /// position anywhere) for everything else.
    fn scalar(&mut self, input: &Str) -> Option<Value> {
        match self.peek()? {
            b'"' => {
                let start = self.pos + 1;
                let (canonical, escaped) = self.string()?;
                let text = input.get(start..self.pos - 1)?;
                (canonical && !escaped).then(|| Value::String(input.slice_ref(text)))
            }
            b'-' | b'0'..=b'9' => {
                let start = self.pos;
                self.number()?;
                let text = input.get(start..self.pos)?;
                if let Ok(int) = text.parse::<i64>() {
                    // `-0` is a float to serde_json.
                    return (text != "-0").then_some(Value::Int(int));
                }
                // Rust's parser rounds correctly, as serde_json does with
                // `float_roundtrip`; huge integers and exponents go the
                // full parser's way.
                let plain = text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
                let float = text.parse::<f64>().ok().filter(|f| f.is_finite())?;
                (plain && text.contains('.')).then_some(Value::Float(float))
            }
            b't' => self.literal(b"true").map(|_| Value::Bool(true)),
            b'f' => self.literal(b"false").map(|_| Value::Bool(false)),
            b'n' => self.literal(b"null").map(|_| Value::Null),
            _ => None,
        }
    }

    /// One value, nested at most `depth_left` more container levels.
    fn value(&mut self, depth_left: usize) -> Option<bool> {
        match self.peek()? {
            b'"' => self.string().map(|(canonical, _)| canonical),
            b'{' => self.object(depth_left.checked_sub(1)?),
            b'[' => self.array(depth_left.checked_sub(1)?),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<bool> {
        let end = self.pos + word.len();
        (self.bytes.get(self.pos..end)? == word).then(|| {
            self.pos = end;
            true
        })
    }

    /// A number; canonical when it is an integer that surely fits `i64`
    /// and is not `-0`.
    fn number(&mut self) -> Option<bool> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let digits = self.digits();
        let first = self.bytes.get(self.pos - digits).copied();
        if digits == 0 || (first == Some(b'0') && digits > 1) {
            return None;
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return None;
            }
            integer = false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return None;
            }
            integer = false;
        }
        let negative_zero = negative && digits == 1 && first == Some(b'0');
        Some(integer && digits <= 18 && !negative_zero)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A string: (canonical, whether it held an escape).
    fn string(&mut self) -> Option<(bool, bool)> {
        self.eat(b'"')?;
        let mut canonical = true;
        let mut escaped = false;
        loop {
            self.pos += string_stop(self.bytes.get(self.pos..)?)?;
            match self.next()? {
                b'"' => return Some((canonical, escaped)),
                b'\\' => {
                    escaped = true;
                    canonical &= self.escape()?;
                }
                _ => return None,
            }
        }
    }

    /// The escape after a backslash; canonical when serde_json writes that
    /// character with this very escape.
    fn escape(&mut self) -> Option<bool> {
        match self.next()? {
            b'"' | b'\\' | b'n' | b'r' | b't' | b'b' | b'f' => Some(true),
            b'/' => Some(false),
            b'u' => {
                let hex = self.bytes.get(self.pos..self.pos + 4)?;
                let text = std::str::from_utf8(hex).ok()?;
                let code = u16::from_str_radix(text, 16).ok()?;
                if !hex.iter().all(u8::is_ascii_hexdigit) || (0xD800..0xE000).contains(&code) {
                    // Surrogate pairs and their errors: the full parser decides.
                    return None;
                }
                self.pos += 4;
                let short_form = matches!(code, 0x08 | 0x09 | 0x0A | 0x0C | 0x0D);
                let lower = !hex.iter().any(u8::is_ascii_uppercase);
                Some(code < 0x20 && !short_form && lower)
            }
            _ => None,
        }
    }

    fn array(&mut self, depth_left: usize) -> Option<bool> {
        self.eat(b'[')?;
        let mut canonical = !self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Some(canonical);
        }
        loop {
            canonical &= self.value(depth_left)?;
            canonical &= !self.skip_ws();
            match self.next()? {
                b',' => canonical &= !self.skip_ws(),
                b']' => return Some(canonical),
                _ => return None,
            }
        }
    }

    /// A nested object; canonical when compact with keys unescaped, sorted
    /// and unique (how an object prints).
    fn object(&mut self, depth_left: usize) -> Option<bool> {
        self.eat(b'{')?;
        let mut canonical = !self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Some(canonical);
        }
        let mut previous: Option<(usize, usize)> = None;
        loop {
            let start = self.pos + 1;
            let (key_canonical, escaped) = self.string()?;
            let key = (start, self.pos - 1);
            canonical &= key_canonical && !escaped;
            if let Some(previous) = previous {
                canonical &= self.bytes.get(previous.0..previous.1) < self.bytes.get(key.0..key.1);
            }
            previous = Some(key);
            canonical &= !self.skip_ws();
            self.eat(b':')?;
            canonical &= !self.skip_ws();
            canonical &= self.value(depth_left)?;
            canonical &= !self.skip_ws();
            match self.next()? {
                b',' => canonical &= !self.skip_ws(),
                b'}' => return Some(canonical),
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(names: &[&str]) -> Projection {
        Projection { keep: names.iter().map(|n| Str::from(*n)).collect(), skip: Vec::new() }
    }

    fn project(text: &str, keep: &[&str]) -> Option<(Object, RawFields)> {
        parse_projected(&Str::from(text), json::DEFAULT_MAX_DEPTH, &keys(keep))
    }

    /// The projected parse, materialised, equals the full parse.
    fn same_as_full(text: &str, keep: &[&str]) {
        let full = json::parse(&Str::from(text), json::DEFAULT_MAX_DEPTH);
        let Some((mut object, raw)) = project(text, keep) else {
            panic!("not projected: {text}");
        };
        raw.materialize_into(&mut object);
        assert_eq!(Ok(Value::Object(object)), full, "{text}");
    }

    #[test]
    fn kept_fields_are_parsed_and_the_rest_stay_text() {
        let text = r#"{"level":"info","n":12,"tags":["a","b"],"req":{"m":"GET","s":200}}"#;
        let Some((object, raw)) = project(text, &["level"]) else { panic!("not projected") };
        assert_eq!(object.get("level"), Some(&Value::from("info")));
        assert_eq!(object.len(), 1);
        let entries: Vec<(String, String)> =
            raw.entries().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        assert_eq!(
            entries,
            [("n", "12"), ("req", r#"{"m":"GET","s":200}"#), ("tags", r#"["a","b"]"#)]
                .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        same_as_full(text, &["level"]);
    }

    #[test]
    fn non_canonical_values_are_parsed_not_kept_as_text() {
        for value in [
            "1.5",
            "1e3",
            "-0",
            "12345678901234567890",
            r#""a\/b""#,
            r#""\u00e9""#,
            r#""\u000A""#,
            r#"{"b":1,"a":2}"#,
            r#"{"a":1,"a":2}"#,
            "[1, 2]",
            r#"{"a": 1}"#,
            r#"{"a\n":1}"#,
        ] {
            let text = format!(r#"{{"x":{value}}}"#);
            let Some((object, raw)) = project(&text, &[]) else { panic!("not projected: {text}") };
            assert!(raw.is_empty(), "{text} kept as text");
            assert_eq!(object.len(), 1);
            same_as_full(&text, &[]);
        }
    }

    #[test]
    fn canonical_values_stay_text() {
        for value in [
            "0",
            "-12",
            "true",
            "null",
            r#""plain""#,
            r#""q\"b\\s\n\u001f""#,
            "[]",
            "{}",
            r#"[{"a":[1,{"b":null}]}]"#,
        ] {
            let text = format!(r#"{{ "x" : {value} }}"#);
            let Some((object, raw)) = project(&text, &[]) else { panic!("not projected: {text}") };
            assert_eq!((object.len(), raw.len()), (0, 1), "{text}");
            same_as_full(&text, &[]);
        }
    }

    #[test]
    fn doubtful_documents_go_to_the_full_parser() {
        for text in [
            "[1]",
            "{",
            r#"{"a":1}x"#,
            r#"{"a":1,"a":2}"#,
            r#"{"a\u0041":1}"#,
            r#"{"a":"\ud83d\ude00"}"#,
            r#"{"a":tru}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":"x"#,
            r#"{"a":[1,]}"#,
            r#"{"a":{"b":}}"#,
            "{\"a\":\"\u{1}\"}",
        ] {
            assert!(project(text, &["a"]).is_none(), "{text}");
            assert!(project(text, &[]).is_none(), "{text}");
        }
    }

    #[test]
    fn kept_scalars_parse_like_the_full_parser_and_skipped_fields_vanish() {
        let text =
            r#"{"tags":[1],"level":"info","d":1.50,"n":-3,"z":-0,"e":2e3,"b":true,"s":"a\nb"}"#;
        let projection = Projection {
            keep: ["level", "d", "n", "z", "e", "b", "s"].map(Str::from).to_vec(),
            skip: vec![Str::from("tags")],
        };
        let Some((object, raw)) = parse_projected(&Str::from(text), 8, &projection) else {
            panic!("not projected")
        };
        assert!(raw.is_empty());
        let Ok(Value::Object(mut full)) = json::parse(&Str::from(text), 8) else { panic!() };
        full.remove("tags");
        assert_eq!(object, full);
    }

    #[test]
    fn string_stops_match_a_byte_by_byte_search() {
        let naive = |t: &[u8]| t.iter().position(|b| matches!(b, b'"' | b'\\' | 0..0x20));
        for len in 0..40 {
            for stop in [b'"', b'\\', b'\n', 0x1f, 0] {
                for at in 0..=len {
                    let mut text = "aé~ \x7f".repeat(len).into_bytes();
                    text.truncate(len);
                    if at < len {
                        text[at] = stop;
                    }
                    assert_eq!(string_stop(&text), naive(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn depth_is_checked_like_the_full_parser() {
        let text = r#"{"a":[[1]]}"#;
        for depth in 1..5 {
            let full = json::parse(&Str::from(text), depth).is_ok();
            let projected = parse_projected(&Str::from(text), depth, &keys(&[])).is_some();
            assert_eq!(full, projected, "depth {depth}");
        }
    }
}
