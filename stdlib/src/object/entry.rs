//! The entry API of [`Object`](super::Object), shaped like `btree_map::Entry`
//! so call sites written for a `BTreeMap` keep working.
//!
//! An entry holds the object's pair vector mutably plus the position the
//! search found, so the position stays valid for the entry's whole life.

use crate::value::{Str, Value};

/// A key's place in an object: filled or not.
pub enum Entry<'a> {
    Vacant(VacantEntry<'a>),
    Occupied(OccupiedEntry<'a>),
}

/// A key that is absent, and where it would go.
pub struct VacantEntry<'a> {
    entries: &'a mut Vec<(Str, Value)>,
    key: Str,
    /// The insertion point: `entries[..index]` sort before `key`.
    index: usize,
}

/// A key that is present.
pub struct OccupiedEntry<'a> {
    entries: &'a mut Vec<(Str, Value)>,
    /// Always in bounds: found by the search, and the vector cannot change
    /// while this entry borrows it.
    index: usize,
}

impl<'a> Entry<'a> {
    /// The key this entry is for.
    pub fn key(&self) -> &Str {
        match self {
            Entry::Vacant(entry) => entry.key(),
            Entry::Occupied(entry) => entry.key(),
        }
    }

    /// The value, after storing `default` if the key was absent.
    pub fn or_insert(self, default: Value) -> &'a mut Value {
        self.or_insert_with(|| default)
    }

    /// The value, after storing `default()` if the key was absent.
    pub fn or_insert_with(self, default: impl FnOnce() -> Value) -> &'a mut Value {
        match self {
            Entry::Vacant(entry) => entry.insert(default()),
            Entry::Occupied(entry) => entry.into_mut(),
        }
    }

    /// The value, after storing `default(key)` if the key was absent.
    pub fn or_insert_with_key(self, default: impl FnOnce(&Str) -> Value) -> &'a mut Value {
        match self {
            Entry::Vacant(entry) => {
                let value = default(entry.key());
                entry.insert(value)
            }
            Entry::Occupied(entry) => entry.into_mut(),
        }
    }

    /// Fills a vacant entry with `null`.
    pub fn or_default(self) -> &'a mut Value {
        self.or_insert_with(Value::default)
    }

    /// Runs `modify` on the value if the key is present.
    pub fn and_modify(mut self, modify: impl FnOnce(&mut Value)) -> Entry<'a> {
        if let Entry::Occupied(entry) = &mut self {
            modify(entry.get_mut());
        }
        self
    }
}

impl<'a> VacantEntry<'a> {
    pub(super) fn new(entries: &'a mut Vec<(Str, Value)>, key: Str, index: usize) -> Self {
        VacantEntry { entries, key, index }
    }

    /// The absent key.
    pub fn key(&self) -> &Str {
        &self.key
    }

    /// The key back, inserting nothing.
    pub fn into_key(self) -> Str {
        self.key
    }

    /// Stores `value` under the key. O(n): the later entries shift.
    pub fn insert(self, value: Value) -> &'a mut Value {
        let index = self.index.min(self.entries.len());
        self.entries.insert(index, (self.key, value));
        &mut self.entries[index].1
    }
}

impl<'a> OccupiedEntry<'a> {
    pub(super) fn new(entries: &'a mut Vec<(Str, Value)>, index: usize) -> Self {
        debug_assert!(index < entries.len(), "an occupied entry points at a pair");
        OccupiedEntry { entries, index }
    }

    /// The stored key.
    pub fn key(&self) -> &Str {
        &self.entries[self.index].0
    }

    /// The value.
    pub fn get(&self) -> &Value {
        &self.entries[self.index].1
    }

    /// The value, to change in place.
    pub fn get_mut(&mut self) -> &mut Value {
        &mut self.entries[self.index].1
    }

    /// The value, borrowed for as long as the object was.
    pub fn into_mut(self) -> &'a mut Value {
        &mut self.entries[self.index].1
    }

    /// Replaces the value, returning the old one.
    pub fn insert(&mut self, value: Value) -> Value {
        std::mem::replace(self.get_mut(), value)
    }

    /// Removes the pair, returning its value. O(n).
    pub fn remove(self) -> Value {
        self.remove_entry().1
    }

    /// Removes the pair, returning it. O(n).
    pub fn remove_entry(self) -> (Str, Value) {
        self.entries.remove(self.index)
    }
}
