//! Metadata that lives as long as the process: an input's name (`%input`),
//! the paths it reads (`%file.path`), and the metadata object holding them,
//! which every event of the input carries.
//!
//! A [`Str`] made from a `&'static str` clones and drops without touching a
//! reference count. That matters here: a counted string shared by all the
//! events of an input has its count raised by the input's thread for each new
//! event and lowered by the output's thread for each written one, and the
//! cache line holding the count (or anything malloc put beside it) bounces
//! between the cores at every step. In the E1 pass-through profile those two
//! atomic operations cost more than building the rest of the event.
//!
//! The metadata object itself is shared the same way ([`shared_meta`]):
//! each event refers to it instead of holding a copy, which saved two
//! allocations per event and their frees on the output's thread.
//!
//! The strings and objects are leaked, once per distinct text, up to
//! [`MAX_INTERNED_BYTES`] in all; past that, new texts are counted strings
//! and new objects are copied into each event again, so memory stays bounded
//! however many files an input meets.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

use lgp_stdlib::event::Meta;
use lgp_stdlib::{Str, Value};

/// The most bytes of text ever leaked.
pub const MAX_INTERNED_BYTES: usize = 1 << 20;

struct Table {
    texts: BTreeSet<&'static str>,
    /// Metadata objects by their JSON text.
    metas: BTreeMap<String, &'static Value>,
    bytes: usize,
}

static TABLE: Mutex<Table> =
    Mutex::new(Table { texts: BTreeSet::new(), metas: BTreeMap::new(), bytes: 0 });

/// `text` as a string whose clones count nothing, while the budget lasts.
pub fn interned(text: &str) -> Str {
    let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&kept) = table.texts.get(text) {
        return Str::from_static(kept);
    }
    if table.bytes + text.len() > MAX_INTERNED_BYTES {
        return Str::from(text);
    }
    let kept: &'static str = Box::leak(text.to_owned().into_boxed_str());
    table.bytes += kept.len();
    table.texts.insert(kept);
    Str::from_static(kept)
}

/// `value` as metadata that events share rather than copy, while the budget
/// lasts; an object equal to one kept before is that one.
///
/// Its strings should be [`interned`] first: a counted string inside the
/// object would be kept alive for good.
pub fn shared_meta(value: Value) -> Meta {
    let text = value.to_json().to_string();
    let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&kept) = table.metas.get(&text) {
        // Values of different kinds can print the same JSON (a timestamp
        // and its text); only an equal one is shared.
        return if *kept == value { Meta::shared(kept) } else { Meta::from(value) };
    }
    // The text stands in for the object's size; both are kept.
    let cost = 2 * text.len();
    if table.bytes + cost > MAX_INTERNED_BYTES {
        return Meta::from(value);
    }
    let kept: &'static Value = Box::leak(Box::new(value));
    table.bytes += cost;
    table.metas.insert(text, kept);
    Meta::shared(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_kept_once() {
        let first = interned("input-name-for-the-intern-test");
        let second = interned("input-name-for-the-intern-test");
        assert_eq!(first, second);
        assert_eq!(first.as_ptr(), second.as_ptr());
    }

    #[test]
    fn equal_metadata_is_kept_once_and_reads_the_same() {
        let object = || {
            Value::Object(lgp_stdlib::Object::from([(
                Str::from_static("input"),
                Value::String(interned("meta-intern-test")),
            )]))
        };
        let (first, second) = (shared_meta(object()), shared_meta(object()));
        assert!(first.is_shared() && second.is_shared());
        assert!(std::ptr::eq(&*first, &*second));
        assert_eq!(*first, object());
    }

    #[test]
    fn metadata_past_the_budget_is_owned() {
        let huge = Value::String(Str::from("y".repeat(MAX_INTERNED_BYTES)));
        let meta = shared_meta(huge.clone());
        assert!(!meta.is_shared());
        assert_eq!(*meta, huge);
    }

    #[test]
    fn texts_past_the_budget_are_counted_strings() {
        let huge = "x".repeat(MAX_INTERNED_BYTES + 1);
        let first = interned(&huge);
        assert_eq!(first.as_str(), huge);
        assert_ne!(first.as_ptr(), interned(&huge).as_ptr());
    }
}
