//! Iterators over an [`Object`]'s fields, in key order: thin wrappers over
//! the pair vector's own iterators, so they are double-ended and know their
//! length.

use std::iter::FusedIterator;
use std::{slice, vec};

use super::Object;
use crate::value::{Str, Value};

/// Declares a wrapper around one of `Vec`'s iterators that maps each pair
/// with `$map`, and gives it the traits `btree_map`'s iterators have.
macro_rules! pair_iterator {
    ($(#[$doc:meta])* $name:ident$(<$lt:lifetime>)?($inner:ty) -> $item:ty, $map:expr) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name$(<$lt>)?($inner);

        impl$(<$lt>)? Iterator for $name$(<$lt>)? {
            type Item = $item;

            fn next(&mut self) -> Option<$item> {
                self.0.next().map($map)
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                self.0.size_hint()
            }

            fn nth(&mut self, n: usize) -> Option<$item> {
                self.0.nth(n).map($map)
            }
        }

        impl$(<$lt>)? DoubleEndedIterator for $name$(<$lt>)? {
            fn next_back(&mut self) -> Option<$item> {
                self.0.next_back().map($map)
            }
        }

        impl$(<$lt>)? ExactSizeIterator for $name$(<$lt>)? {}

        impl$(<$lt>)? FusedIterator for $name$(<$lt>)? {}
    };
}

pair_iterator!(
    /// The fields by reference: `object.iter()`, `for (k, v) in &object`.
    #[derive(Clone)]
    Iter<'a>(slice::Iter<'a, (Str, Value)>) -> (&'a Str, &'a Value),
    |(key, value)| (key, value)
);
pair_iterator!(
    /// The fields with mutable values: `object.iter_mut()`.
    IterMut<'a>(slice::IterMut<'a, (Str, Value)>) -> (&'a Str, &'a mut Value),
    |(key, value)| (&*key, value)
);
pair_iterator!(
    /// The fields by value: `for (k, v) in object`.
    IntoIter(vec::IntoIter<(Str, Value)>) -> (Str, Value),
    |pair| pair
);
pair_iterator!(
    /// The keys: `object.keys()`.
    #[derive(Clone)]
    Keys<'a>(slice::Iter<'a, (Str, Value)>) -> &'a Str,
    |(key, _)| key
);
pair_iterator!(
    /// The values: `object.values()`.
    #[derive(Clone)]
    Values<'a>(slice::Iter<'a, (Str, Value)>) -> &'a Value,
    |(_, value)| value
);
pair_iterator!(
    /// The values to change: `object.values_mut()`.
    ValuesMut<'a>(slice::IterMut<'a, (Str, Value)>) -> &'a mut Value,
    |(_, value)| value
);
pair_iterator!(
    /// The keys by value: `object.into_keys()`.
    IntoKeys(vec::IntoIter<(Str, Value)>) -> Str,
    |(key, _)| key
);
pair_iterator!(
    /// The values by value: `object.into_values()`.
    IntoValues(vec::IntoIter<(Str, Value)>) -> Value,
    |(_, value)| value
);

impl Object {
    /// The fields by reference, in key order.
    pub fn iter(&self) -> Iter<'_> {
        Iter(self.entries.iter())
    }

    /// The fields with mutable values; keys cannot change, as they order
    /// the object.
    pub fn iter_mut(&mut self) -> IterMut<'_> {
        IterMut(self.entries.iter_mut())
    }

    /// The keys, in order.
    pub fn keys(&self) -> Keys<'_> {
        Keys(self.entries.iter())
    }

    /// The values, in key order.
    pub fn values(&self) -> Values<'_> {
        Values(self.entries.iter())
    }

    /// The values to change in place, in key order.
    pub fn values_mut(&mut self) -> ValuesMut<'_> {
        ValuesMut(self.entries.iter_mut())
    }

    /// The keys by value, in order.
    pub fn into_keys(self) -> IntoKeys {
        IntoKeys(self.entries.into_iter())
    }

    /// The values by value, in key order.
    pub fn into_values(self) -> IntoValues {
        IntoValues(self.entries.into_iter())
    }
}

impl IntoIterator for Object {
    type Item = (Str, Value);
    type IntoIter = IntoIter;

    fn into_iter(self) -> IntoIter {
        IntoIter(self.entries.into_iter())
    }
}

impl<'a> IntoIterator for &'a Object {
    type Item = (&'a Str, &'a Value);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Object {
    type Item = (&'a Str, &'a mut Value);
    type IntoIter = IterMut<'a>;

    fn into_iter(self) -> IterMut<'a> {
        self.iter_mut()
    }
}
