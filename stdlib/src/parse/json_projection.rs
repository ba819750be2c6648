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
//! escaped top-level keys, lone surrogates, a left-out field holding a
//! number that may overflow) answers `None`, so the caller runs the full
//! parser, which gives the same value or the same error as without
//! projection.
//!
//! The scan (`scanner.rs`) is one pass; strings, most of a log line's bytes,
//! end where the next bit of a 64-byte mask of quotes, backslashes and
//! control characters says (`classify.rs`), so most cost a few instructions
//! whatever their length.

mod classify;
mod scanner;

use crate::value::{Object, Str, Value};

use super::json;
use classify::{prefix_at, prefix_of};
use scanner::Scanner;

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
    /// The names to look keys up in, prepared for this document.
    fn names(&self) -> Names<'_> {
        let mut tags = [0; Names::FAST];
        let all = self.keep.iter().chain(&self.skip);
        for (tag, name) in tags.iter_mut().zip(all) {
            *tag = Names::tag(name.as_bytes());
        }
        Names { projection: self, tags }
    }
}

/// A projection's names, each (when there are few) with a tag made of its
/// length and first byte: most keys differ from every name in one of them,
/// which a few integer compares tell.
struct Names<'a> {
    projection: &'a Projection,
    /// The tags of `keep` then `skip`.
    tags: [u32; Names::FAST],
}

impl Names<'_> {
    /// Most names a projection has; more are looked up one by one.
    const FAST: usize = 16;

    fn tag(name: &[u8]) -> u32 {
        let len = u32::try_from(name.len()).unwrap_or(u32::MAX);
        len << 8 | u32::from(name.first().copied().unwrap_or(0))
    }

    fn wants(&self, key: &[u8]) -> Want<'_> {
        let Projection { keep, skip } = self.projection;
        let count = keep.len() + skip.len();
        if count > Names::FAST {
            return match find_name(keep, key) {
                Some(name) => Want::Parse(name),
                None if find_name(skip, key).is_some() => Want::Skip,
                None => Want::Raw,
            };
        }
        let tag = Names::tag(key);
        let tags = self.tags.get(..count).unwrap_or_default();
        for (at, _) in tags.iter().enumerate().filter(|(_, name_tag)| **name_tag == tag) {
            match keep.get(at) {
                Some(name) if name.as_bytes() == key => return Want::Parse(name),
                None if skip.get(at - keep.len()).is_some_and(|name| name.as_bytes() == key) => {
                    return Want::Skip;
                }
                _ => {}
            }
        }
        Want::Raw
    }
}

/// The name in `names` that is `key`.
fn find_name<'a>(names: &'a [Str], key: &[u8]) -> Option<&'a Str> {
    names.iter().find(|name| name.as_bytes() == key)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want<'a> {
    /// Parse the field, whose key is this name (a clone of it is cheaper
    /// than a copy of the key's text).
    Parse(&'a Str),
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
    let names = projection.names();
    let mut scan = Scanner::new(bytes);
    let mut fields = Fields {
        input,
        depth_left: max_depth - 1,
        parsed: Vec::with_capacity(projection.keep.len() + 4),
        raw: Vec::with_capacity(16),
    };
    scan.skip_ws();
    scan.eat(b'{')?;
    scan.skip_ws();
    if !scan.eat_if(b'}') {
        loop {
            let key = scan.top_key()?;
            scan.skip_ws();
            scan.eat(b':')?;
            scan.skip_ws();
            let want = names.wants(bytes.get(key.0..key.1)?);
            fields.field(&mut scan, key, want)?;
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
    if !scan.at_end() {
        return None;
    }
    let Fields { parsed, mut raw, .. } = fields;
    let count = parsed.len();
    // The parsed fields' vector becomes the object: one sort, no inserts.
    let object = Object::from(parsed);
    // Repeated keys: the last one wins, which the full parser settles.
    if object.len() != count || repeated_raw(bytes, &mut raw, &object) {
        return None;
    }
    Some((object, RawFields { source: input.clone(), entries: raw }))
}

/// The top-level fields scanned so far.
struct Fields<'a> {
    input: &'a Str,
    /// Nesting allowed inside a top-level value.
    depth_left: usize,
    parsed: Vec<(Str, Value)>,
    raw: Vec<RawEntry>,
}

impl Fields<'_> {
    /// Scans the value at the scanner's position, of the field whose key is
    /// at `key`, as `want` asks: parsed when kept or when its text is not
    /// canonical, else kept as text. Values go straight into their vector:
    /// passing them up through enums costs copies.
    fn field(&mut self, scan: &mut Scanner, key: (usize, usize), want: Want) -> Option<()> {
        let start = scan.pos;
        if let Want::Parse(name) = want {
            match scan.scalar(self.input) {
                Some(value) => self.parsed.push((name.clone(), value)),
                None => {
                    scan.pos = start;
                    scan.value(self.depth_left)?;
                    let value = self.parse(start, scan.pos)?;
                    self.parsed.push((name.clone(), value));
                }
            }
            return Some(());
        }
        scan.risky_number = false;
        let canonical = scan.value(self.depth_left)?;
        match want {
            // Left out, but refused if the full parser refuses it.
            Want::Skip if scan.risky_number => {
                self.parse(start, scan.pos)?;
            }
            Want::Skip => {}
            Want::Raw if canonical => self.raw.push(RawEntry {
                prefix: prefix_at(self.input.as_bytes(), key.0, key.1),
                key: (key.0 as u32, key.1 as u32),
                value: (start as u32, scan.pos as u32),
            }),
            Want::Parse(_) | Want::Raw => {
                let end = scan.pos;
                // A float, say: parsed here unless the full parser is needed.
                scan.pos = start;
                let value = scan.scalar(self.input).filter(|_| scan.pos == end);
                scan.pos = end;
                let value = match value {
                    Some(value) => value,
                    None => self.parse(start, end)?,
                };
                let name = self.input.slice_ref(self.input.get(key.0..key.1)?);
                self.parsed.push((name, value));
            }
        }
        Some(())
    }

    /// The full parser's value of `input[start..end]`.
    fn parse(&self, start: usize, end: usize) -> Option<Value> {
        let text = self.input.slice_ref(self.input.get(start..end)?);
        json::parse(&text, self.depth_left).ok()
    }
}

/// Sorts the raw fields by key and tells whether a key repeats among them
/// or is also one of the parsed fields.
fn repeated_raw(bytes: &[u8], raw: &mut [RawEntry], parsed: &Object) -> bool {
    let key_of = |entry: &RawEntry| bytes.get(entry.key.0 as usize..entry.key.1 as usize);
    // Byte order: equal prefixes order as the bytes do.
    let order = |a: &RawEntry, b: &RawEntry| {
        a.prefix.cmp(&b.prefix).then_with(|| key_of(a).cmp(&key_of(b)))
    };
    raw.sort_unstable_by(order);
    if raw.windows(2).any(|pair| matches!(pair, [a, b] if order(a, b).is_eq())) {
        return true;
    }
    // The object's keys are in byte order too: one merge.
    let mut entries = raw.iter().peekable();
    for key in parsed.keys() {
        let key = key.as_bytes();
        let prefix = prefix_of(key);
        let order = |entry: &RawEntry| {
            entry.prefix.cmp(&prefix).then_with(|| key_of(entry).unwrap_or_default().cmp(key))
        };
        while entries.next_if(|entry| order(entry).is_lt()).is_some() {}
        if entries.peek().is_some_and(|entry| order(entry).is_eq()) {
            return true;
        }
    }
    false
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
    fn skipped_fields_are_refused_when_the_full_parser_refuses_them() {
        let skip = |names: &[&str]| Projection {
            keep: Vec::new(),
            skip: names.iter().map(|n| Str::from(*n)).collect(),
        };
        let project = |text: &str| parse_projected(&Str::from(text), 8, &skip(&["a"]));
        assert!(project(r#"{"a":[1e400],"b":1}"#).is_none());
        assert!(project(&format!(r#"{{"a":{}}}"#, "9".repeat(400))).is_none());
        let Some((object, raw)) = project(r#"{"a":[1e300, 2.5],"b":1}"#) else { panic!() };
        assert_eq!((object.len(), raw.len()), (0, 1));
    }

    #[test]
    fn strings_across_blocks_and_long_documents_scan_like_short_ones() {
        for pad in 0..140 {
            let long = "x".repeat(pad);
            let text = format!(
                r#"{{"{long}":"{long}\"é\n","k":["{long}",{{"a{long}":1,"b":"{long}"}}],"z":"{long}"}}"#
            );
            same_as_full(&text, &["z"]);
            let Some((_, raw)) = project(&text, &["z"]) else { panic!("not projected: {text}") };
            assert_eq!(raw.len(), 2, "{text}");
            let cut = &text[..text.len() - 1];
            assert!(project(cut, &[]).is_none(), "{cut}");
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
