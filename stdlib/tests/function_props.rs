//! Property tests over every built-in function: arbitrary arguments of any
//! kind, constant or not, never make a function panic, and a function whose
//! arguments were all prepared as constants agrees with the same call
//! unprepared (pure functions only).

use lgp_stdlib::function::{Args, Function};
use lgp_stdlib::{Str, Value, util};
use proptest::prelude::*;

/// Functions whose calls have effects worth keeping out of a test run.
const SKIPPED: &[&str] = &["log"];

/// Strings that exercise Unicode, escapes, separators and formats.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,24}",
        "[a-c ,=.:/{}%$\\\\-]{0,16}",
        Just("\u{1b}[31mred\u{1b}[0m".to_owned()),
        Just("%Y-%m-%d %H".to_owned()),
        Just("10.0.0.0/8".to_owned()),
        Just("aGk=".to_owned()),
        Just("{}".to_owned()),
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        prop_oneof![Just(-3i64), Just(0), Just(1), Just(2), Just(129)].prop_map(Value::Int),
        any::<f64>().prop_map(Value::Float),
        text().prop_map(|s| Value::String(Str::from(s))),
        (-10_000_000_000i64..10_000_000_000).prop_map(|s| {
            chrono::DateTime::from_timestamp(s, 0).map_or(Value::Null, Value::Timestamp)
        }),
        prop_oneof![Just(r"\d+"), Just("(?P<x>a)"), Just("^$"), Just("")]
            .prop_map(|p| util::compile_regex(p).map_or(Value::Null, Value::Regex)),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(text().prop_map(Str::from), inner, 0..4)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

fn call(
    function: &dyn Function,
    values: &[Option<Value>],
    constant: bool,
) -> Result<Value, String> {
    let consts = if constant { values.to_vec() } else { vec![None; values.len()] };
    let prepared = function.prepare(&consts).map_err(|e| e.0)?;
    let mut args = Args::new(function.params(), values.to_vec());
    function.call(&prepared, &mut args).map_err(|e| e.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_function_panics(
        pool in prop::collection::vec(value(), 1..16),
        picks in prop::collection::vec(any::<(u8, bool)>(), 6),
    ) {
        for function in lgp_stdlib::fns::all() {
            if SKIPPED.contains(&function.name()) {
                continue;
            }
            let values = arguments(*function, &pool, &picks);
            let plain = call(*function, &values, false);
            let constant = call(*function, &values, true);
            if let (Ok(plain), Ok(constant)) = (&plain, &constant)
                && function.pure()
                && !has_nan(&values)
            {
                prop_assert_eq!(plain, constant, "{}", function.name());
            }
        }
    }
}

/// One argument per parameter, picked from the pool among the values of a
/// kind the parameter accepts (any value when none does); an optional
/// parameter is sometimes left out.
fn arguments(function: &dyn Function, pool: &[Value], picks: &[(u8, bool)]) -> Vec<Option<Value>> {
    function
        .params()
        .iter()
        .zip(picks.iter().cycle())
        .map(|(param, &(pick, present))| {
            if !param.required && !present {
                return None;
            }
            let fitting: Vec<&Value> =
                pool.iter().filter(|v| param.kinds.contains(v.kinds())).collect();
            let choices = if fitting.is_empty() { pool.iter().collect() } else { fitting };
            choices.get(usize::from(pick) % choices.len().max(1)).map(|v| (*v).clone())
        })
        .collect()
}

/// NaN never equals itself, so results holding it cannot be compared.
fn has_nan(values: &[Option<Value>]) -> bool {
    fn nan(value: &Value) -> bool {
        match value {
            Value::Float(f) => f.is_nan(),
            Value::Array(items) => items.iter().any(nan),
            Value::Object(fields) => fields.values().any(nan),
            _ => false,
        }
    }
    values.iter().flatten().any(nan)
}
