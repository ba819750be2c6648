//! Round-trip properties of the parsers and their formatters:
//! `parse_json(encode_json(x)) == x`, `parse_timestamp(format_timestamp(t,
//! f), f) == t` and `parse_key_value(format_key_value(o)) == o`.

use lgp_stdlib::value::Object;
use lgp_stdlib::{Args, Value};
use proptest::prelude::*;

/// Calls a built-in by name with positional arguments, as the engines do.
fn call(name: &str, args: Vec<Value>) -> Result<Value, String> {
    let f = lgp_stdlib::function(name).ok_or_else(|| format!("no function {name}"))?;
    let consts: Vec<Option<Value>> = vec![None; f.params().len()];
    let prepared = f.prepare(&consts).map_err(|e| e.to_string())?;
    let mut values: Vec<Option<Value>> = args.into_iter().map(Some).collect();
    values.resize(f.params().len(), None);
    f.call(&prepared, &mut Args::new(f.params(), values)).map_err(|e| e.to_string())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        (-1e15f64..1e15).prop_map(Value::Float),
        "\\PC{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map("\\PC{0,6}", inner, 0..6).prop_map(|m| {
                Value::Object(m.into_iter().map(|(k, v)| (k.into(), v)).collect::<Object>())
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn json_round_trips(value in json_value()) {
        let text = call("encode_json", vec![value.clone()]).expect("encode_json");
        let back = call("parse_json", vec![text]).expect("parse_json");
        prop_assert_eq!(back, value);
    }

    #[test]
    fn timestamps_round_trip(secs in 0i64..4_102_444_800, nanos in 0u32..1_000_000_000) {
        let t = chrono::DateTime::from_timestamp(secs, nanos).expect("in range");
        let format = Value::from("%Y-%m-%dT%H:%M:%S%.9f%:z");
        let text = call("format_timestamp", vec![Value::Timestamp(t), format.clone()]).expect("format");
        let back = call("parse_timestamp", vec![text, format]).expect("parse");
        prop_assert_eq!(back, Value::Timestamp(t));
    }

    #[test]
    fn key_value_round_trips(pairs in proptest::collection::btree_map("[a-z_][a-z0-9_]{0,8}", "\\PC{0,12}", 1..8)) {
        let object: Object = pairs.iter().map(|(k, v)| (k.as_str().into(), Value::from(v.as_str()))).collect();
        let text = call("format_key_value", vec![Value::Object(object.clone())]).expect("format");
        let back = call("parse_key_value", vec![text]).expect("parse");
        prop_assert_eq!(back, Value::Object(object));
    }
}
