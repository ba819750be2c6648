//! How outputs turn events into lines: `json`, `text` (a template, or
//! `.message`) and `logfmt`; and how templates render against an event,
//! for text lines and file paths alike.
//!
//! JSON is written straight from the [`Value`] tree with serde, following
//! `Value::to_json` rule for rule, so no intermediate JSON tree is built per
//! event.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use lgp_lang::schema::{FieldRef, FieldRoot, FieldSegment, Template, TemplatePart};
use lgp_stdlib::value::Object;
use lgp_stdlib::{Event, Value};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::config::Codec;

/// Appends `event` encoded per `codec` and a newline to `out`.
pub fn encode(codec: &Codec, event: &Event, now: DateTime<Utc>, out: &mut Vec<u8>) {
    if event.raw.is_some() && *codec != Codec::Json {
        // Only JSON writes fields kept as JSON text as they are; sinks
        // materialise events before other codecs, this is the safety net.
        return encode(codec, &event.clone().materialized(), now, out);
    }
    match codec {
        Codec::Json => write_event_json(event, out),
        Codec::Logfmt => match &event.fields {
            Value::Object(object) => {
                out.extend_from_slice(lgp_stdlib::parse::kv::format(object, "=", " ").as_bytes())
            }
            other => out.extend_from_slice(text_of(other).as_bytes()),
        },
        Codec::Text(Some(template)) => write_line(template, event, now, out),
        Codec::Text(None) => write_text_of(field(&event.fields, "message"), out),
    }
    out.push(b'\n');
}

/// Renders a text line as [`render`] does, straight into the output buffer:
/// no `String` per line or per field, which cost the pass-through workload
/// (E1) an allocation and a copy of every line.
fn write_line(template: &Template, event: &Event, now: DateTime<Utc>, out: &mut Vec<u8>) {
    let mut time = None;
    for part in template.parts() {
        match part {
            TemplatePart::Literal(text) => out.extend_from_slice(text.as_bytes()),
            TemplatePart::Field(reference) => write_text_of(lookup(event, reference), out),
            TemplatePart::Time(item) => {
                let time = *time.get_or_insert_with(|| event_time(event).unwrap_or(now));
                // As in `render`: an item that cannot format leaves nothing.
                let _ = std::io::Write::write_fmt(out, format_args!("{}", time.format(item)));
            }
        }
    }
}

/// Appends [`text_of`] a value (nothing for a missing one) without the
/// intermediate `String`.
fn write_text_of(value: Option<&Value>, out: &mut Vec<u8>) {
    match value {
        Some(Value::String(text)) => out.extend_from_slice(text.as_bytes()),
        Some(Value::Null) | None => {}
        Some(other) => write_json(other, out),
    }
}

/// Writes `value` as compact JSON, exactly as `value.to_json()` would print.
pub fn write_json(value: &Value, out: &mut Vec<u8>) {
    // Serialising into a Vec cannot fail: every map key is a string and the
    // depth is bounded by the event, which the parsers already bounded.
    let _ = serde_json::to_writer(out, &Json(value));
}

/// Writes an event's fields as compact JSON, its fields still held as JSON
/// text (see `Event::raw`) merged in key order and copied as they are: the
/// bytes equal those of the materialised event, since only canonical text is
/// kept raw.
pub fn write_event_json(event: &Event, out: &mut Vec<u8>) {
    let (Some(raw), Value::Object(fields)) = (&event.raw, &event.fields) else {
        return write_json(&event.fields, out);
    };
    out.push(b'{');
    let mut parsed = fields.iter().peekable();
    let mut texts = raw.entries().peekable();
    let mut first = true;
    loop {
        let take_parsed = match (parsed.peek(), texts.peek()) {
            (Some((key, _)), Some((raw_key, _))) => key.as_str() < *raw_key,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        if !first {
            out.push(b',');
        }
        first = false;
        if take_parsed {
            if let Some((key, value)) = parsed.next() {
                let _ = serde_json::to_writer(&mut *out, key.as_str());
                out.push(b':');
                write_json(value, out);
            }
        } else if let Some((key, text)) = texts.next() {
            let _ = serde_json::to_writer(&mut *out, key);
            out.push(b':');
            out.extend_from_slice(text.as_bytes());
        }
    }
    out.push(b'}');
}

/// How field values are made safe for where the text goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escape {
    None,
    /// A file path: a value cannot add directories (`/`), climb out (`..`)
    /// or cut the path (NUL), whatever the log data holds.
    PathComponent,
}

/// Renders `template` for `event`: fields as text (strings as they are,
/// other values as JSON, missing ones as nothing) and strftime items on the
/// event's time (see [`event_time`]), else on `now`.
pub fn render(
    template: &Template,
    event: &Event,
    now: DateTime<Utc>,
    escape: Escape,
    out: &mut String,
) {
    let mut time = None;
    for part in template.parts() {
        match part {
            TemplatePart::Literal(text) => out.push_str(text),
            TemplatePart::Field(reference) => match lookup(event, reference) {
                Some(Value::String(text)) => push_escaped(text, escape, out),
                Some(Value::Null) | None => {}
                Some(other) => push_escaped(&text_of(other), escape, out),
            },
            TemplatePart::Time(item) => {
                let time = *time.get_or_insert_with(|| event_time(event).unwrap_or(now));
                // An item the checker accepted always formats; a failure
                // leaves the part empty rather than stopping the output.
                let _ = write!(out, "{}", time.format(item));
            }
        }
    }
}

/// The event's own time: a `.timestamp` field holding a timestamp or an
/// RFC 3339 string.
pub fn event_time(event: &Event) -> Option<DateTime<Utc>> {
    match field(&event.fields, "timestamp")? {
        Value::Timestamp(time) => Some(*time),
        Value::String(text) => {
            DateTime::parse_from_rfc3339(text).ok().map(|time| time.with_timezone(&Utc))
        }
        _ => None,
    }
}

fn push_escaped(text: &str, escape: Escape, out: &mut String) {
    match escape {
        Escape::None => out.push_str(text),
        Escape::PathComponent if text == ".." || text == "." => out.push('_'),
        Escape::PathComponent => {
            out.extend(text.chars().map(|c| if matches!(c, '/' | '\\' | '\0') { '_' } else { c }))
        }
    }
}

fn field<'v>(value: &'v Value, name: &str) -> Option<&'v Value> {
    value.as_object()?.get(name)
}

/// The value a template reference points at.
pub fn lookup<'e>(event: &'e Event, reference: &FieldRef) -> Option<&'e Value> {
    let root = match reference.root {
        FieldRoot::Event => &event.fields,
        FieldRoot::Meta => &event.meta,
    };
    reference.segments.iter().try_fold(root, |value, segment| match (value, segment) {
        (Value::Object(object), FieldSegment::Field(name)) => object.get(name.as_str()),
        (Value::Array(items), FieldSegment::Index(index)) => {
            let at = if *index < 0 {
                items.len().checked_sub(index.unsigned_abs() as usize)?
            } else {
                usize::try_from(*index).ok()?
            };
            items.get(at)
        }
        _ => None,
    })
}

/// A value as text: strings as they are, anything else as compact JSON.
pub fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.to_string(),
        Value::Null => String::new(),
        other => {
            let mut out = Vec::new();
            write_json(other, &mut out);
            String::from_utf8(out).unwrap_or_default()
        }
    }
}

/// Serialises a [`Value`] the way `Value::to_json` converts it.
struct Json<'v>(&'v Value);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) if f.is_finite() => serializer.serialize_f64(*f),
            Value::Float(_) => serializer.serialize_unit(),
            Value::String(s) => serializer.serialize_str(s),
            Value::Bytes(b) => serializer.serialize_str(&String::from_utf8_lossy(b)),
            Value::Timestamp(t) => {
                serializer.serialize_str(&t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            }
            Value::Regex(r) => serializer.serialize_str(&r.source),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                items.iter().try_for_each(|item| seq.serialize_element(&Json(item)))?;
                seq.end()
            }
            Value::Object(object) => serialize_object(object, serializer),
        }
    }
}

fn serialize_object<S: Serializer>(object: &Object, serializer: S) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(object.len()))?;
    object.iter().try_for_each(|(key, value)| map.serialize_entry(key.as_str(), &Json(value)))?;
    map.end()
}

#[cfg(test)]
mod tests;
