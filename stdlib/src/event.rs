//! An event: its fields (an object) and its metadata (`%` paths).

use crate::parse::json_projection::RawFields;
use crate::value::{Object, Value};

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Event {
    /// Always `Value::Object`; `. = e` with a non-object `e` fails.
    pub fields: Value,
    /// Always `Value::Object`: `%input`, `%received_at`, `%file.path`, ...
    pub meta: Value,
    /// More top-level fields, still JSON text: left by a projected
    /// `parse_json` for fields the program never touches. Only the JSON
    /// encoder reads them as they are; everything else sees the event after
    /// [`Event::materialize`].
    pub raw: Option<Box<RawFields>>,
}

impl Event {
    pub fn new(fields: Object) -> Event {
        Event { fields: Value::Object(fields), meta: Value::Object(Object::new()), raw: None }
    }

    /// Parses the fields still held as JSON text into `fields`.
    pub fn materialize(&mut self) {
        if let Some(raw) = self.raw.take()
            && let Value::Object(fields) = &mut self.fields
        {
            raw.materialize_into(fields);
        }
    }

    /// The event with every field parsed.
    #[must_use]
    pub fn materialized(mut self) -> Event {
        self.materialize();
        self
    }

    /// An empty event: `{}` with no metadata.
    pub fn default_object() -> Event {
        Event::new(Object::new())
    }

    /// An event from a JSON object (anything else becomes `{"message": text}`).
    pub fn from_json(json: &serde_json::Value) -> Event {
        match Value::from_json(json) {
            Value::Object(o) => Event::new(o),
            other => {
                let mut o = Object::new();
                o.insert("message".into(), other);
                Event::new(o)
            }
        }
    }

    /// The event `{"message": line}`, as inputs produce it.
    pub fn from_line(line: &str) -> Event {
        let mut o = Object::new();
        o.insert("message".into(), Value::from(line));
        Event::new(o)
    }
}
