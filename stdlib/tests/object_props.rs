//! `Object` against a `BTreeMap` model: random sequences of edits must
//! leave both with the same fields in the same order, and every edit must
//! return what the `BTreeMap` version returns.

use std::collections::BTreeMap;

use lgp_stdlib::object::Entry;
use lgp_stdlib::{Object, Str, Value};
use proptest::prelude::*;

type Model = BTreeMap<String, i64>;

#[derive(Clone, Debug)]
enum Op {
    Insert(String, i64),
    Remove(String),
    OrInsert(String, i64),
    AddOrInsert(String, i64),
    RemoveIfPresent(String),
    /// Adds one to every value, then keeps those not divisible by the modulus.
    Retain(i64),
    Extend(Vec<(String, i64)>),
    Collect(Vec<(String, i64)>),
    Append(Vec<(String, i64)>),
    PopFirst,
    PopLast,
}

/// Few distinct keys, so edits collide, with bytes of several UTF-8 lengths
/// to check that the order is the bytes' order.
fn key() -> impl Strategy<Value = String> {
    "[abZé\u{10348}]{0,3}"
}

fn pairs(most: usize) -> impl Strategy<Value = Vec<(String, i64)>> {
    prop::collection::vec((key(), -50i64..50), 0..most)
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (key(), any::<i64>()).prop_map(|(k, v)| Op::Insert(k, v)),
        2 => key().prop_map(Op::Remove),
        1 => (key(), any::<i64>()).prop_map(|(k, v)| Op::OrInsert(k, v)),
        1 => (key(), -5i64..5).prop_map(|(k, v)| Op::AddOrInsert(k, v)),
        1 => key().prop_map(Op::RemoveIfPresent),
        1 => (2i64..5).prop_map(Op::Retain),
        // Up to 80 pairs, so objects grow past the linear-scan limit.
        1 => pairs(80).prop_map(Op::Extend),
        1 => pairs(80).prop_map(Op::Collect),
        1 => pairs(10).prop_map(Op::Append),
        1 => Just(Op::PopFirst),
        1 => Just(Op::PopLast),
    ]
}

fn int(value: &Value) -> i64 {
    match value {
        Value::Int(int) => *int,
        other => panic!("only ints are stored, found {other:?}"),
    }
}

fn object_of(pairs: &[(String, i64)]) -> Object {
    pairs.iter().map(|(k, v)| (Str::from(k.as_str()), Value::Int(*v))).collect()
}

fn model_of(pairs: &[(String, i64)]) -> Model {
    pairs.iter().cloned().collect()
}

/// Applies `op` to both, returning what each reported.
fn apply(object: &mut Object, model: &mut Model, op: Op) -> (Option<i64>, Option<i64>) {
    match op {
        Op::Insert(k, v) => (
            object.insert(Str::from(k.as_str()), Value::Int(v)).map(|v| int(&v)),
            model.insert(k, v),
        ),
        Op::Remove(k) => (object.remove(k.as_str()).map(|v| int(&v)), model.remove(&k)),
        Op::OrInsert(k, v) => (
            Some(int(object.entry(Str::from(k.as_str())).or_insert(Value::Int(v)))),
            Some(*model.entry(k).or_insert(v)),
        ),
        Op::AddOrInsert(k, v) => {
            let add = |value: &mut Value| *value = Value::Int(int(value).wrapping_add(v));
            let stored =
                object.entry(Str::from(k.as_str())).and_modify(add).or_insert(Value::Int(v));
            let modelled = model.entry(k).and_modify(|m| *m = m.wrapping_add(v)).or_insert(v);
            (Some(int(stored)), Some(*modelled))
        }
        Op::RemoveIfPresent(k) => {
            let removed = match object.entry(Str::from(k.as_str())) {
                Entry::Occupied(entry) => Some(int(&entry.remove())),
                Entry::Vacant(_) => None,
            };
            (removed, model.remove(&k))
        }
        Op::Retain(modulus) => {
            object.retain(|_, value| {
                *value = Value::Int(int(value).wrapping_add(1));
                int(value) % modulus != 0
            });
            model.retain(|_, value| {
                *value = value.wrapping_add(1);
                *value % modulus != 0
            });
            (None, None)
        }
        Op::Extend(pairs) => {
            object.extend(object_of_unsorted(&pairs));
            model.extend(pairs);
            (None, None)
        }
        Op::Collect(pairs) => {
            *object = object_of(&pairs);
            *model = model_of(&pairs);
            (None, None)
        }
        Op::Append(pairs) => {
            let mut other = object_of(&pairs);
            object.append(&mut other);
            model.append(&mut model_of(&pairs));
            assert!(other.is_empty());
            (None, None)
        }
        Op::PopFirst => (object.pop_first().map(|(_, v)| int(&v)), model.pop_first().map(|e| e.1)),
        Op::PopLast => (object.pop_last().map(|(_, v)| int(&v)), model.pop_last().map(|e| e.1)),
    }
}

/// The pairs in the order given, repeats included, as `extend` receives them.
fn object_of_unsorted(pairs: &[(String, i64)]) -> impl Iterator<Item = (Str, Value)> + '_ {
    pairs.iter().map(|(k, v)| (Str::from(k.as_str()), Value::Int(*v)))
}

fn contents(object: &Object) -> Vec<(String, i64)> {
    object.iter().map(|(k, v)| (k.to_string(), int(v))).collect()
}

proptest! {
    #[test]
    fn edits_match_a_btree_map(ops in prop::collection::vec(op(), 1..40)) {
        let mut object = Object::new();
        let mut model = Model::new();
        for op in ops {
            let (got, expected) = apply(&mut object, &mut model, op.clone());
            prop_assert_eq!(got, expected, "{:?} returned differently", op);
            let expected: Vec<(String, i64)> = model.iter().map(|(k, v)| (k.clone(), *v)).collect();
            prop_assert_eq!(contents(&object), expected, "after {:?}", op);
            prop_assert_eq!(object.len(), model.len());
            for (k, v) in &model {
                prop_assert_eq!(object.get(k.as_str()).map(int), Some(*v));
            }
            let reversed: Vec<String> = object.keys().rev().map(|k| k.to_string()).collect();
            prop_assert!(reversed.iter().eq(model.keys().rev()));
        }
    }

    #[test]
    fn lookups_of_absent_keys_miss(present in pairs(80), absent in key()) {
        let object = object_of(&present);
        let model = model_of(&present);
        prop_assert_eq!(object.contains_key(absent.as_str()), model.contains_key(&absent));
        prop_assert_eq!(object.get(absent.as_str()).map(int), model.get(&absent).copied());
    }

    #[test]
    fn grouping_repeats_matches_a_model(pairs in pairs(80)) {
        let mut model: BTreeMap<String, Vec<i64>> = BTreeMap::new();
        for (k, v) in &pairs {
            model.entry(k.clone()).or_default().push(*v);
        }
        let grouped = Object::from_pairs_grouping_repeats(object_of_unsorted(&pairs).collect());
        let expected: Vec<(String, Value)> = model
            .into_iter()
            .map(|(k, values)| match values.as_slice() {
                [single] => (k, Value::Int(*single)),
                _ => (k, Value::Array(values.into_iter().map(Value::Int).collect())),
            })
            .collect();
        let got: Vec<(String, Value)> = grouped.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        prop_assert_eq!(got, expected);
    }
}
