//! The slot layout the compiler gives events: fields the checker knows of
//! live in fixed slots (reached by index, no map lookup), every other field
//! in an overflow map. Converting to and from a plain object is lossless.

use std::collections::HashMap;

use crate::value::{Object, Str, Value};

/// Field names that get fixed slots, in slot order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    names: Vec<Str>,
    index: HashMap<Str, usize>,
}

impl Layout {
    /// A layout giving each distinct name a slot, in the order given.
    pub fn new<I: IntoIterator<Item = Str>>(names: I) -> Layout {
        let mut layout = Layout::default();
        for name in names {
            if !layout.index.contains_key(&name) {
                layout.index.insert(name.clone(), layout.names.len());
                layout.names.push(name);
            }
        }
        layout
    }

    /// The slot of field `name`, when it has one.
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The field name of a slot.
    pub fn name(&self, slot: usize) -> Option<&Str> {
        self.names.get(slot)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn names(&self) -> &[Str] {
        &self.names
    }
}

/// An object split by a [`Layout`]: a value (or nothing) per slot, and the
/// fields without a slot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SlotObject {
    pub slots: Vec<Option<Value>>,
    pub overflow: Object,
}

impl SlotObject {
    /// Moves the fields of `object` into their slots; the rest overflow.
    pub fn from_object(layout: &Layout, object: Object) -> SlotObject {
        let mut slots = vec![None; layout.len()];
        let mut overflow = Object::new();
        for (name, value) in object {
            match layout.slot(&name).and_then(|i| slots.get_mut(i)) {
                Some(slot) => *slot = Some(value),
                None => {
                    overflow.insert(name, value);
                }
            }
        }
        SlotObject { slots, overflow }
    }

    /// The plain object again (fields in the object's usual order).
    pub fn into_object(self, layout: &Layout) -> Object {
        let mut object = self.overflow;
        for (slot, value) in self.slots.into_iter().enumerate() {
            if let (Some(value), Some(name)) = (value, layout.name(slot)) {
                object.insert(name.clone(), value);
            }
        }
        object
    }

    /// The value in a slot (`None`: the field is absent).
    pub fn get_slot(&self, slot: usize) -> Option<&Value> {
        self.slots.get(slot).and_then(Option::as_ref)
    }

    /// Writes a slot; an index past the layout is ignored.
    pub fn set_slot(&mut self, slot: usize, value: Value) {
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Some(value);
        }
    }

    /// Empties a slot, returning what it held.
    pub fn take_slot(&mut self, slot: usize) -> Option<Value> {
        self.slots.get_mut(slot).and_then(Option::take)
    }

    /// A field by name, from its slot or the overflow map.
    pub fn get(&self, layout: &Layout, name: &str) -> Option<&Value> {
        match layout.slot(name) {
            Some(slot) => self.get_slot(slot),
            None => self.overflow.get(name),
        }
    }

    /// Writes a field by name.
    pub fn set(&mut self, layout: &Layout, name: &str, value: Value) {
        match layout.slot(name) {
            Some(slot) => self.set_slot(slot, value),
            None => {
                self.overflow.insert(Str::from(name), value);
            }
        }
    }

    /// Removes a field by name, returning its value.
    pub fn remove(&mut self, layout: &Layout, name: &str) -> Option<Value> {
        match layout.slot(name) {
            Some(slot) => self.take_slot(slot),
            None => self.overflow.remove(name),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn object(pairs: &[(&str, i64)]) -> Object {
        pairs.iter().map(|(k, v)| (Str::from(*k), Value::Int(*v))).collect()
    }

    #[test]
    fn known_fields_take_slots_and_the_rest_overflow() {
        let layout = Layout::new(["level", "message", "level"].map(Str::from));
        assert_eq!(layout.len(), 2);
        let mut split = SlotObject::from_object(&layout, object(&[("level", 1), ("other", 2)]));
        assert_eq!(split.get_slot(0), Some(&Value::Int(1)));
        assert_eq!(split.get_slot(1), None);
        assert_eq!(split.overflow.len(), 1);
        split.set(&layout, "message", Value::Int(3));
        split.set(&layout, "extra", Value::Int(4));
        assert_eq!(split.remove(&layout, "level"), Some(Value::Int(1)));
        assert_eq!(split.get(&layout, "extra"), Some(&Value::Int(4)));
        assert_eq!(
            split.into_object(&layout),
            object(&[("extra", 4), ("message", 3), ("other", 2)])
        );
    }

    proptest! {
        #[test]
        fn splitting_and_joining_is_lossless(
            fields in proptest::collection::btree_map("[a-e]{1,2}", any::<i64>(), 0..12),
            known in proptest::collection::vec("[a-e]{1,2}", 0..6),
        ) {
            let layout = Layout::new(known.iter().map(|k| Str::from(k.as_str())));
            let object: Object = fields.iter().map(|(k, v)| (Str::from(k.as_str()), Value::Int(*v))).collect();
            let split = SlotObject::from_object(&layout, object.clone());
            for (name, value) in &object {
                prop_assert_eq!(split.get(&layout, name), Some(value));
            }
            prop_assert_eq!(split.into_object(&layout), object);
        }
    }
}
