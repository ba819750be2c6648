//! [`Object`]: the fields of an object value, a vector of key/value pairs
//! kept sorted by key.

mod entry;
mod iter;

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;

pub use entry::{Entry, OccupiedEntry, VacantEntry};
pub use iter::{IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut};

use crate::value::{Str, Value};

/// Lookups in objects up to this size scan from the front instead of
/// bisecting: a scan's branches predict well, and a quick benchmark with
/// log-like keys (72-byte entries) had it ahead of `binary_search_by` up to
/// about 48 entries (at 16 entries 16 ns against 37 ns per lookup).
const LINEAR_SCAN_MAX: usize = 32;

/// The fields of an object: pairs sorted by the bytes of their keys (the
/// order `BTreeMap<Str, _>` had, so iteration and JSON output are
/// deterministic), each key once.
///
/// Log objects are small (1-20 keys), so one contiguous vector beats a
/// B-tree: building, cloning and dropping an object is one allocation, and a
/// lookup is a short scan (a binary search past 32 keys).
///
/// The price is that [`Object::insert`], [`Object::remove`] and inserting
/// through [`Object::entry`] are O(n): they shift the entries after the
/// key. That is fine for the few fields a program sets by name, and
/// inserting keys in ascending order only appends. Anything that builds an
/// object from input, where the number of keys is up to whoever wrote the
/// input, must go through [`FromIterator`] or [`Extend`] instead, which sort
/// once in O(n log n); a key given more than once there keeps its last value,
/// as repeated inserts would.
#[derive(Clone, Default, PartialEq)]
pub struct Object {
    /// Sorted by key, keys unique.
    entries: Vec<(Str, Value)>,
}

impl Object {
    /// An empty object; does not allocate.
    pub const fn new() -> Object {
        Object { entries: Vec::new() }
    }

    /// An empty object with room for `capacity` fields.
    pub fn with_capacity(capacity: usize) -> Object {
        Object { entries: Vec::with_capacity(capacity) }
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the object has no fields.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes every field, keeping the allocation.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// The value of `key`, if present.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&Value>
    where
        Str: Borrow<Q>,
    {
        self.get_key_value(key).map(|(_, value)| value)
    }

    /// The stored key and value for `key`, if present.
    pub fn get_key_value<Q: Ord + ?Sized>(&self, key: &Q) -> Option<(&Str, &Value)>
    where
        Str: Borrow<Q>,
    {
        let index = self.find(key).ok()?;
        self.entries.get(index).map(|(key, value)| (key, value))
    }

    /// The value of `key` to change in place, if present.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut Value>
    where
        Str: Borrow<Q>,
    {
        let index = self.find(key).ok()?;
        self.entries.get_mut(index).map(|(_, value)| value)
    }

    /// True when `key` is present.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        Str: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// The position of `key`'s field, for [`Object::value_at_mut`] and
    /// [`Object::remove_at`]; it holds until a field is added or removed.
    pub fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Option<usize>
    where
        Str: Borrow<Q>,
    {
        self.find(key).ok()
    }

    /// The value of the field at `index` (see [`Object::position`]).
    pub fn value_at_mut(&mut self, index: usize) -> Option<&mut Value> {
        self.entries.get_mut(index).map(|(_, value)| value)
    }

    /// Removes the field at `index` (see [`Object::position`]). O(n).
    pub fn remove_at(&mut self, index: usize) -> Option<(Str, Value)> {
        (index < self.entries.len()).then(|| self.entries.remove(index))
    }

    /// Sets `key` to `value`, returning the value it replaces. As with
    /// `BTreeMap`, a key already present keeps its stored `Str`. O(n); see
    /// the type's documentation.
    pub fn insert(&mut self, key: Str, value: Value) -> Option<Value> {
        // Keys arriving in ascending order (copying fields out of another
        // object) append without a search.
        let after_last = self.entries.last().is_none_or(|(last, _)| last.as_str() < key.as_str());
        if after_last {
            self.entries.push((key, value));
            return None;
        }
        match self.find(key.as_str()) {
            Ok(index) => self.entries.get_mut(index).map(|(_, old)| std::mem::replace(old, value)),
            Err(index) => {
                self.entries.insert(index, (key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value. O(n).
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<Value>
    where
        Str: Borrow<Q>,
    {
        self.remove_entry(key).map(|(_, value)| value)
    }

    /// Removes `key`, returning the stored key and its value. O(n).
    pub fn remove_entry<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<(Str, Value)>
    where
        Str: Borrow<Q>,
    {
        let index = self.find(key).ok()?;
        Some(self.entries.remove(index))
    }

    /// The place for `key`, to read or fill in without a second lookup.
    pub fn entry(&mut self, key: Str) -> Entry<'_> {
        match self.find(key.as_str()) {
            Ok(index) => Entry::Occupied(OccupiedEntry::new(&mut self.entries, index)),
            Err(index) => Entry::Vacant(VacantEntry::new(&mut self.entries, key, index)),
        }
    }

    /// Keeps the fields for which `keep` returns true, in one pass.
    pub fn retain(&mut self, mut keep: impl FnMut(&Str, &mut Value) -> bool) {
        self.entries.retain_mut(|(key, value)| keep(key, value));
    }

    /// Moves every field of `other` into `self`; `other`'s value wins where
    /// both have a key.
    pub fn append(&mut self, other: &mut Object) {
        self.extend(std::mem::take(&mut other.entries));
    }

    /// The field with the smallest key.
    pub fn first_key_value(&self) -> Option<(&Str, &Value)> {
        self.entries.first().map(|(key, value)| (key, value))
    }

    /// The field with the largest key.
    pub fn last_key_value(&self) -> Option<(&Str, &Value)> {
        self.entries.last().map(|(key, value)| (key, value))
    }

    /// Removes the field with the smallest key. O(n).
    pub fn pop_first(&mut self) -> Option<(Str, Value)> {
        if self.entries.is_empty() { None } else { Some(self.entries.remove(0)) }
    }

    /// Removes the field with the largest key.
    pub fn pop_last(&mut self) -> Option<(Str, Value)> {
        self.entries.pop()
    }

    /// Builds an object from pairs in input order where a key given more
    /// than once gets an array of all its values, in input order: how query
    /// strings and `key=value` lines treat repeated keys. O(n log n).
    pub fn from_pairs_grouping_repeats(mut pairs: Vec<(Str, Value)>) -> Object {
        sort_stable(&mut pairs);
        let mut entries = Vec::with_capacity(pairs.len());
        let mut pairs = pairs.into_iter().peekable();
        while let Some((key, value)) = pairs.next() {
            let same_key = |(next, _): &(Str, Value)| next.as_str() == key.as_str();
            if pairs.peek().is_some_and(same_key) {
                let mut values = vec![value];
                values.extend(std::iter::from_fn(|| pairs.next_if(same_key).map(|(_, v)| v)));
                entries.push((key, Value::Array(values)));
            } else {
                entries.push((key, value));
            }
        }
        Object { entries }
    }

    /// Where `key` is (`Ok`) or would be inserted (`Err`), as
    /// `slice::binary_search` reports it.
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        Str: Borrow<Q>,
    {
        if self.entries.len() > LINEAR_SCAN_MAX {
            return self.entries.binary_search_by(|(probe, _)| probe.borrow().cmp(key));
        }
        for (index, (probe, _)) in self.entries.iter().enumerate() {
            match probe.borrow().cmp(key) {
                Ordering::Less => {}
                Ordering::Equal => return Ok(index),
                Ordering::Greater => return Err(index),
            }
        }
        Err(self.entries.len())
    }

    /// Restores the invariant after pairs were pushed in any order: sorts
    /// (stably, so that equal keys stay in the order they were given) and
    /// keeps the last value of each key. Already sorted input costs one pass.
    fn normalize(&mut self) {
        let strictly_sorted = self.entries.is_sorted_by(|(a, _), (b, _)| a.as_str() < b.as_str());
        if strictly_sorted {
            return;
        }
        sort_stable(&mut self.entries);
        self.entries.dedup_by(|(later_key, later), (kept_key, kept)| {
            let same = later_key.as_str() == kept_key.as_str();
            if same {
                // `later` is dropped; its value moves into the kept entry.
                std::mem::swap(later, kept);
            }
            same
        });
    }
}

/// Sorts pairs by key. The sort is stable and detects runs, so an object
/// extended with sorted pairs is merged in linear time.
fn sort_stable(pairs: &mut [(Str, Value)]) {
    pairs.sort_by(|(a, _), (b, _)| a.as_str().cmp(b.as_str()));
}

/// The byte order of two keys, deciding on their first eight bytes (read as
/// one big-endian number, zero-padded) when those differ. Exact: when the
/// padded prefixes tie, the full comparison decides. Worth it only when
/// the prefixes are computed once per key (see `json_projection`), not per
/// comparison.
pub fn key_order(a: &[u8], b: &[u8]) -> Ordering {
    key_prefix(a).cmp(&key_prefix(b)).then_with(|| a.cmp(b))
}

/// A key's first eight bytes as a big-endian number, zero-padded.
pub fn key_prefix(key: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let len = key.len().min(8);
    word[..len].copy_from_slice(&key[..len]);
    u64::from_be_bytes(word)
}

impl FromIterator<(Str, Value)> for Object {
    fn from_iter<I: IntoIterator<Item = (Str, Value)>>(pairs: I) -> Object {
        Object::from(pairs.into_iter().collect::<Vec<_>>())
    }
}

impl Extend<(Str, Value)> for Object {
    fn extend<I: IntoIterator<Item = (Str, Value)>>(&mut self, pairs: I) {
        self.entries.extend(pairs);
        self.normalize();
    }
}

/// Pairs in any order; the last value of a repeated key wins.
impl From<Vec<(Str, Value)>> for Object {
    fn from(entries: Vec<(Str, Value)>) -> Object {
        let mut object = Object { entries };
        object.normalize();
        object
    }
}

impl<const N: usize> From<[(Str, Value); N]> for Object {
    fn from(pairs: [(Str, Value); N]) -> Object {
        Object::from(Vec::from(pairs))
    }
}

impl fmt::Debug for Object {
    /// As `BTreeMap` printed it: `{"key": value, ...}`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests;
