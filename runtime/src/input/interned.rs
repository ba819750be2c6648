//! Metadata strings that live as long as the process: an input's name
//! (`%input`) and the paths it reads (`%file.path`), which every event of
//! the input carries.
//!
//! A [`Str`] made from a `&'static str` clones and drops without touching a
//! reference count. That matters here: a counted string shared by all the
//! events of an input has its count raised by the input's thread for each new
//! event and lowered by the output's thread for each written one, and the
//! cache line holding the count (or anything malloc put beside it) bounces
//! between the cores at every step. In the E1 pass-through profile those two
//! atomic operations cost more than building the rest of the event.
//!
//! The strings are leaked, once per distinct text, up to
//! [`MAX_INTERNED_BYTES`] in all; past that, new texts are counted strings
//! again, so memory stays bounded however many files an input meets.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use lgp_stdlib::Str;

/// The most bytes of text ever leaked.
pub const MAX_INTERNED_BYTES: usize = 1 << 20;

struct Table {
    texts: BTreeSet<&'static str>,
    bytes: usize,
}

static TABLE: Mutex<Table> = Mutex::new(Table { texts: BTreeSet::new(), bytes: 0 });

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
    fn texts_past_the_budget_are_counted_strings() {
        let huge = "x".repeat(MAX_INTERNED_BYTES + 1);
        let first = interned(&huge);
        assert_eq!(first.as_str(), huge);
        assert_ne!(first.as_ptr(), interned(&huge).as_ptr());
    }
}
