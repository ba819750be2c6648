//! An event: its fields (an object) and its metadata (`%` paths).

use std::ops::{Deref, DerefMut};

use crate::parse::json_projection::RawFields;
use crate::value::{Object, Value};

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Event {
    /// Always `Value::Object`; `. = e` with a non-object `e` fails.
    pub fields: Value,
    /// Always `Value::Object`: `%input`, `%received_at`, `%file.path`, ...
    pub meta: Meta,
    /// More top-level fields, still JSON text: left by a projected
    /// `parse_json` for fields the program never touches. Only the JSON
    /// encoder reads them as they are; everything else sees the event after
    /// [`Event::materialize`].
    pub raw: Option<Box<RawFields>>,
}

impl Event {
    pub fn new(fields: Object) -> Event {
        Event {
            fields: Value::Object(fields),
            meta: Meta::from(Value::Object(Object::new())),
            raw: None,
        }
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

/// An event's metadata: a value (always an object in an event), either its
/// own or one that many events share, such as the `%input` and `%file.path`
/// every event of an input carries. A shared one is neither copied nor
/// reference-counted per event: building and dropping the event does not
/// touch it. The first mutable access (a program writing `%x`) gives the
/// event its own copy; reads see the same value either way.
#[derive(Clone)]
pub struct Meta {
    /// The shared value while the event has not changed its metadata.
    shared: Option<&'static Value>,
    /// The event's own value, meaningful once `shared` is `None`.
    owned: Value,
}

impl Meta {
    /// Metadata shared by every event it is cloned into.
    pub const fn shared(value: &'static Value) -> Meta {
        Meta { shared: Some(value), owned: Value::Null }
    }

    /// True while the value is the shared one (no write happened).
    pub fn is_shared(&self) -> bool {
        self.shared.is_some()
    }

    /// The value to change, copied from the shared one first if needed.
    pub fn to_mut(&mut self) -> &mut Value {
        if let Some(shared) = self.shared.take() {
            self.owned = shared.clone();
        }
        &mut self.owned
    }
}

/// `null`, as `Value::default()`: only placeholder events have it.
impl Default for Meta {
    fn default() -> Meta {
        Meta::from(Value::Null)
    }
}

impl From<Value> for Meta {
    fn from(value: Value) -> Meta {
        Meta { shared: None, owned: value }
    }
}

impl Deref for Meta {
    type Target = Value;

    fn deref(&self) -> &Value {
        self.shared.unwrap_or(&self.owned)
    }
}

impl DerefMut for Meta {
    fn deref_mut(&mut self) -> &mut Value {
        self.to_mut()
    }
}

impl PartialEq for Meta {
    fn eq(&self, other: &Meta) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Meta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Str;

    static SHARED: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
        Value::Object(Object::from([(Str::from_static("input"), Value::from("app"))]))
    });

    #[test]
    fn a_write_copies_shared_metadata_and_leaves_the_shared_value_alone() {
        let mut meta = Meta::shared(&SHARED);
        let other = meta.clone();
        assert!(meta.is_shared() && std::ptr::eq(&*meta, &*other));
        if let Value::Object(object) = meta.to_mut() {
            object.insert(Str::from_static("x"), Value::Int(1));
        }
        assert!(!meta.is_shared());
        assert_eq!(meta.as_object().map(Object::len), Some(2));
        assert_eq!(*other, *SHARED);
        assert_ne!(meta, other);
    }
}
