//! Field slots at run time (see `crate::layout`): paths that start at a
//! slot, the moves of fields between the event's object and the slots, and
//! the boxing of the native values generated code stores in a slot.
//!
//! A path that starts at a slot means exactly what it means on the event's
//! object: a read of an absent field is absent, a write creates it (as
//! `path::set` creates a missing key with null before going on), a removal
//! of an absent field gives null. The differential tests hold the JIT to
//! the interpreter, which has no slots.

use lgp_stdlib::value::Object;
use lgp_stdlib::{Str, Value};

use super::abi::{
    FIELD_ABSENT, FIELD_BOOL, FIELD_BOXED, FIELD_FLOAT, FIELD_INT, FieldSlot, JitFrame, OK,
};
use super::frame::{Step, Stop, internal};
use crate::interp::path;
use crate::ir::{PathRef, Seg};
use crate::layout::MAX_FIELD_SLOTS;

/// A path as the generated code names it: `field` is set when the path
/// starts at that field slot, and its segments after the first then go on
/// from the slot's value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct JitPath {
    pub(crate) path: PathRef,
    pub(crate) field: Option<usize>,
}

impl JitPath {
    /// The segments that go on from the root or the slot.
    fn rest(&self) -> &[Seg] {
        let skip = usize::from(self.field.is_some());
        self.path.segments.get(skip..).unwrap_or_default()
    }
}

impl FieldSlot {
    /// The value, boxed first when it is native; `None` when absent.
    fn value(&mut self) -> Option<&mut Value> {
        match self.state {
            FIELD_BOXED => {}
            FIELD_INT => self.boxed = Value::Int(self.bits),
            FIELD_FLOAT => self.boxed = Value::Float(f64::from_bits(self.bits as u64)),
            FIELD_BOOL => self.boxed = Value::Bool(self.bits != 0),
            _ => return None,
        }
        self.state = FIELD_BOXED;
        Some(&mut self.boxed)
    }

    /// Empties the slot; its value, if it had one.
    fn take(&mut self) -> Option<Value> {
        let value = self.value().map(std::mem::take);
        self.state = FIELD_ABSENT;
        value
    }

    fn put(&mut self, value: Value) {
        self.boxed = value;
        self.state = FIELD_BOXED;
    }

    /// The value to write into, null when the field was absent.
    fn entry(&mut self) -> &mut Value {
        if self.value().is_none() {
            self.put(Value::Null);
        }
        &mut self.boxed
    }
}

impl<'a> JitFrame<'a> {
    fn field(&mut self, slot: usize) -> Result<&mut FieldSlot, Stop> {
        let live = self.field_names.is_some_and(|names| slot < names.len());
        match self.fields.get_mut(slot) {
            Some(field) if live => Ok(field),
            _ => Err(internal(format!("field slot {slot} is not in use"))),
        }
    }

    /// The value at `path`, if any.
    pub(crate) fn get(&mut self, path: &JitPath) -> Result<Option<&Value>, Stop> {
        let rest = path.rest();
        match path.field {
            Some(slot) => Ok(self.field(slot)?.value().and_then(|value| path::get(value, rest))),
            None => Ok(path::get(self.root(path.path.root), rest)),
        }
    }

    /// Removes the value at `path`: null when there was none.
    pub(crate) fn remove(&mut self, path: &JitPath) -> Result<Value, Stop> {
        let rest = path.rest();
        let Some(slot) = path.field else {
            let root = self.root_mut(path.path.root);
            return Ok(root.map_or(Value::Null, |root| path::remove(root, rest)));
        };
        let field = self.field(slot)?;
        Ok(match rest {
            [] => field.take().unwrap_or_default(),
            _ => field.value().map_or(Value::Null, |value| path::remove(value, rest)),
        })
    }

    /// Writes `value` at `path`.
    pub(crate) fn set(&mut self, path: &JitPath, value: Value) -> Result<(), Stop> {
        let rest = path.rest();
        let Some(slot) = path.field else { return self.assign_value(&path.path, value) };
        let field = self.field(slot)?;
        match rest {
            [] => {
                field.put(value);
                Ok(())
            }
            _ => path::set(field.entry(), rest, value).map_err(Stop::Fail),
        }
    }

    /// Moves the fields named by layout `names_index` out of the event's
    /// object into their slots. Each leaves a null in its place, so that it
    /// can go back by position: nothing adds fields to the object or
    /// removes any while the fields are in slots.
    pub(crate) fn fields_load(&mut self, names_index: u32) -> Step {
        let tables = self.tables;
        let names = super::frame::entry(&tables.field_names, names_index, "field layout")?;
        let Value::Object(object) = &mut self.event.fields else {
            return Err(internal("the event is not an object"));
        };
        for (field, name) in self.fields.iter_mut().zip(names) {
            field.at = object.position(name.as_str());
            match field.at.and_then(|at| object.value_at_mut(at)) {
                Some(value) => field.put(std::mem::take(value)),
                None => field.state = FIELD_ABSENT,
            }
        }
        self.field_names = Some(names);
        Ok(OK)
    }

    /// Moves the fields in slots back into the event's object.
    pub(crate) fn fields_store(&mut self) -> Step {
        let Some(names) = self.field_names.take() else { return Ok(OK) };
        let fields = self.fields.get_mut(..names.len()).unwrap_or_default();
        match &mut self.event.fields {
            Value::Object(object) => put_back(object, fields, names),
            _ => return Err(internal("the event is not an object")),
        }
        Ok(OK)
    }

    /// Empties the slots of an event that is dropped.
    pub(crate) fn fields_discard(&mut self) {
        if let Some(names) = self.field_names.take() {
            self.fields.iter_mut().take(names.len()).for_each(|field| drop(field.take()));
        }
    }
}

/// Puts the slots' fields back: into their old places first (positions
/// still hold), then removes the ones deleted meanwhile, last place first,
/// then inserts the new ones.
fn put_back(object: &mut Object, fields: &mut [FieldSlot], names: &[Str]) {
    let mut deleted = [0; MAX_FIELD_SLOTS];
    let mut count = 0;
    for field in fields.iter_mut() {
        let Some(at) = field.at.take() else { continue };
        match (field.take(), object.value_at_mut(at)) {
            (Some(value), Some(place)) => *place = value,
            // Cannot happen (the place is there); inserted below.
            (Some(value), None) => field.put(value),
            (None, _) => {
                if let Some(slot) = deleted.get_mut(count) {
                    *slot = at;
                    count += 1;
                }
            }
        }
    }
    let deleted = deleted.get_mut(..count).unwrap_or_default();
    deleted.sort_unstable_by(|a, b| b.cmp(a));
    for at in deleted {
        object.remove_at(*at);
    }
    for (field, name) in fields.iter_mut().zip(names) {
        if let Some(value) = field.take() {
            object.insert(name.clone(), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_values_are_boxed_on_first_generic_use() {
        let mut slot =
            FieldSlot { state: FIELD_FLOAT, bits: 1.5f64.to_bits() as i64, ..Default::default() };
        assert_eq!(slot.value(), Some(&mut Value::Float(1.5)));
        assert_eq!(slot.state, FIELD_BOXED);
        slot.state = FIELD_BOOL;
        slot.bits = 1;
        assert_eq!(slot.take(), Some(Value::Bool(true)));
        assert_eq!((slot.state, slot.take()), (FIELD_ABSENT, None));
        slot.state = FIELD_INT;
        slot.bits = -4;
        assert_eq!(slot.entry(), &mut Value::Int(-4));
        let mut absent = FieldSlot::default();
        assert_eq!(absent.entry(), &mut Value::Null);
        assert_eq!(absent.state, FIELD_BOXED);
    }

    #[test]
    fn fields_go_back_in_place_deleted_ones_leave_and_new_ones_are_inserted() {
        let names: Vec<Str> = ["a", "b", "c", "e"].map(Str::from).to_vec();
        let mut object: Object =
            ["a", "b", "c", "d"].iter().map(|k| (Str::from(*k), Value::from(*k))).collect();
        // As `fields_load` leaves them: nulls in the object where the
        // fields were.
        let mut fields: Vec<FieldSlot> = names.iter().map(|_| FieldSlot::default()).collect();
        for (field, name) in fields.iter_mut().zip(&names) {
            field.at = object.position(name.as_str());
            if let Some(value) = field.at.and_then(|at| object.value_at_mut(at)) {
                field.put(std::mem::take(value));
            }
        }
        // `del(.a)`, `.b = 7` (natively), `del(.c)`, `.e = true`.
        fields[0].take();
        fields[1].state = FIELD_INT;
        fields[1].bits = 7;
        fields[2].take();
        fields[3].put(Value::Bool(true));
        put_back(&mut object, &mut fields, &names);
        let expected: Object =
            [("b", Value::Int(7)), ("d", Value::from("d")), ("e", Value::Bool(true))]
                .into_iter()
                .map(|(k, v)| (Str::from(k), v))
                .collect();
        assert_eq!(object, expected);
        assert!(fields.iter().all(|field| field.state == FIELD_ABSENT && field.at.is_none()));
    }
}
