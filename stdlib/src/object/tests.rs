//! Unit tests of [`Object`] and its entry API; `tests/object_props.rs`
//! checks random operation sequences against a `BTreeMap`.

use super::*;

fn object(pairs: &[(&str, i64)]) -> Object {
    pairs.iter().map(|(key, value)| (Str::from(*key), Value::Int(*value))).collect()
}

fn keys(object: &Object) -> Vec<&str> {
    object.keys().map(Str::as_str).collect()
}

#[test]
fn keys_are_kept_in_byte_order() {
    let mut fields = object(&[("b", 1), ("a", 2), ("B", 3), ("é", 4), ("", 5)]);
    fields.insert(Str::from("ab"), Value::Int(6));
    assert_eq!(keys(&fields), ["", "B", "a", "ab", "b", "é"]);
    assert_eq!(fields.first_key_value().map(|(k, _)| k.as_str()), Some(""));
    assert_eq!(fields.last_key_value().map(|(k, _)| k.as_str()), Some("é"));
}

#[test]
fn insert_replaces_and_returns_the_old_value() {
    let mut fields = Object::new();
    assert_eq!(fields.insert(Str::from("a"), Value::Int(1)), None);
    assert_eq!(fields.insert(Str::from("a"), Value::Int(2)), Some(Value::Int(1)));
    assert_eq!(fields.len(), 1);
    assert_eq!(fields.get("a"), Some(&Value::Int(2)));
    assert_eq!(fields.remove("a"), Some(Value::Int(2)));
    assert_eq!(fields.remove("a"), None);
    assert!(fields.is_empty());
}

#[test]
fn the_last_of_repeated_keys_wins_when_collecting_and_extending() {
    let fields = object(&[("k", 1), ("a", 0), ("k", 2), ("k", 3)]);
    assert_eq!(fields, object(&[("a", 0), ("k", 3)]));
    let mut extended = object(&[("k", 1), ("z", 9)]);
    extended.extend(object(&[("k", 4), ("b", 5)]));
    extended.extend([(Str::from("b"), Value::Int(6)), (Str::from("b"), Value::Int(7))]);
    assert_eq!(extended, object(&[("b", 7), ("k", 4), ("z", 9)]));
}

#[test]
fn lookups_agree_on_both_sides_of_the_scan_limit() {
    for size in [0, 1, 2, LINEAR_SCAN_MAX, LINEAR_SCAN_MAX + 1, 200] {
        let fields: Object =
            (0..size).map(|i| (Str::from(format!("k{i:04}")), Value::Int(i as i64))).collect();
        for i in 0..size {
            assert_eq!(fields.get(format!("k{i:04}").as_str()), Some(&Value::Int(i as i64)));
            assert!(!fields.contains_key(format!("k{i:04}x").as_str()));
        }
        assert!(!fields.contains_key(""), "before every key, size {size}");
        assert!(!fields.contains_key("l"), "after every key, size {size}");
    }
}

#[test]
fn vacant_entry_inserts_in_place() {
    let mut fields = object(&[("a", 1), ("c", 3)]);
    let Entry::Vacant(entry) = fields.entry(Str::from("b")) else { panic!("b is absent") };
    assert_eq!(entry.key().as_str(), "b");
    *entry.insert(Value::Int(0)) = Value::Int(2);
    assert_eq!(fields, object(&[("a", 1), ("b", 2), ("c", 3)]));
    let Entry::Vacant(entry) = fields.entry(Str::from("d")) else { panic!("d is absent") };
    assert_eq!(entry.into_key().as_str(), "d");
    assert_eq!(fields.len(), 3, "a dropped vacant entry inserts nothing");
}

#[test]
fn occupied_entry_reads_replaces_and_removes() {
    let mut fields = object(&[("a", 1), ("b", 2)]);
    let Entry::Occupied(mut entry) = fields.entry(Str::from("b")) else { panic!("b is present") };
    assert_eq!((entry.key().as_str(), entry.get()), ("b", &Value::Int(2)));
    assert_eq!(entry.insert(Value::Int(20)), Value::Int(2));
    *entry.get_mut() = Value::Int(21);
    *entry.into_mut() = Value::Int(22);
    assert_eq!(fields.get("b"), Some(&Value::Int(22)));
    let Entry::Occupied(entry) = fields.entry(Str::from("a")) else { panic!("a is present") };
    assert_eq!(entry.remove(), Value::Int(1));
    let Entry::Occupied(entry) = fields.entry(Str::from("b")) else { panic!("b is present") };
    assert_eq!(entry.remove_entry(), (Str::from("b"), Value::Int(22)));
    assert!(fields.is_empty());
}

#[test]
fn entry_shortcuts() {
    let mut fields = object(&[("a", 1)]);
    assert_eq!(fields.entry(Str::from("a")).or_insert(Value::Int(9)), &Value::Int(1));
    assert_eq!(fields.entry(Str::from("b")).or_insert(Value::Int(2)), &Value::Int(2));
    assert_eq!(fields.entry(Str::from("c")).or_default(), &Value::Null);
    let made = fields.entry(Str::from("d")).or_insert_with_key(|key| Value::from(key.as_str()));
    assert_eq!(made, &Value::from("d"));
    let bump = |value: &mut Value| *value = Value::Int(100);
    fields.entry(Str::from("a")).and_modify(bump).or_insert_with(|| Value::Int(0));
    fields.entry(Str::from("e")).and_modify(bump).or_insert_with(|| Value::Int(5));
    assert_eq!(fields.entry(Str::from("e")).key().as_str(), "e");
    let expected = [("a", Value::Int(100)), ("b", Value::Int(2)), ("c", Value::Null)];
    let expected = expected.into_iter().chain([("d", Value::from("d")), ("e", Value::Int(5))]);
    let expected: Object = expected.map(|(k, v)| (Str::from(k), v)).collect();
    assert_eq!(fields, expected);
}

#[test]
fn retain_append_and_pops() {
    let mut fields = object(&[("a", 1), ("b", 2), ("c", 3), ("d", 4)]);
    fields.retain(|key, value| {
        *value = Value::Int(10);
        key.as_str() != "b"
    });
    assert_eq!(fields, object(&[("a", 10), ("c", 10), ("d", 10)]));
    let mut other = object(&[("c", 30), ("e", 50)]);
    fields.append(&mut other);
    assert!(other.is_empty());
    assert_eq!(fields, object(&[("a", 10), ("c", 30), ("d", 10), ("e", 50)]));
    assert_eq!(fields.pop_first(), Some((Str::from("a"), Value::Int(10))));
    assert_eq!(fields.pop_last(), Some((Str::from("e"), Value::Int(50))));
    assert_eq!(keys(&fields), ["c", "d"]);
}

#[test]
fn iterators_run_both_ways_and_know_their_length() {
    let mut fields = object(&[("a", 1), ("b", 2), ("c", 3)]);
    assert_eq!(fields.iter().len(), 3);
    assert_eq!(fields.keys().rev().map(Str::as_str).collect::<Vec<_>>(), ["c", "b", "a"]);
    assert_eq!(fields.values().nth(1), Some(&Value::Int(2)));
    for value in fields.values_mut() {
        *value = Value::Null;
    }
    for (_, value) in &mut fields {
        assert_eq!(value, &Value::Null);
    }
    assert_eq!(fields.clone().into_keys().next_back().map(|k| k.to_string()), Some("c".into()));
    assert_eq!(fields.clone().into_values().count(), 3);
    let owned: Vec<(Str, Value)> = fields.into_iter().rev().collect();
    assert_eq!(owned.first().map(|(k, _)| k.as_str()), Some("c"));
}

#[test]
fn repeated_keys_group_into_arrays_in_input_order() {
    let pairs = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("b", 5)];
    let pairs = pairs.iter().map(|(k, v)| (Str::from(*k), Value::Int(*v))).collect();
    let grouped = Object::from_pairs_grouping_repeats(pairs);
    let json = serde_json::json!({"a": 2, "b": [1, 3, 5], "c": 4});
    assert_eq!(Value::Object(grouped).to_json(), json);
    assert!(Object::from_pairs_grouping_repeats(Vec::new()).is_empty());
}

#[test]
fn debug_prints_like_a_map() {
    assert_eq!(format!("{:?}", object(&[("b", 2), ("a", 1)])), r#"{"a": Int(1), "b": Int(2)}"#);
}

#[test]
fn many_repeated_keys_collect_quickly() {
    // 200k pairs with one key: quadratic work would take minutes.
    let pairs = (0..200_000).map(|i| (Str::from_static("k"), Value::Int(i)));
    let fields: Object = pairs.collect();
    assert_eq!(fields.get("k"), Some(&Value::Int(199_999)));
    let pairs = (0..200_000).rev().map(|i| (Str::from(format!("{i:06}")), Value::Int(i)));
    let mut fields = Object::new();
    fields.extend(pairs);
    assert_eq!(fields.len(), 200_000);
    assert_eq!(fields.first_key_value().map(|(k, _)| k.as_str()), Some("000000"));
}
