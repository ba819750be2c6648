//! The JIT computes natively on the result of a built-in whose signature
//! says it returns one scalar kind (`lower::widest_return`), so that claim
//! must hold for every value the function accepts: each such function is
//! called on every combination of a spread of argument values, and each
//! result must be of the claimed kind. Failures are fine (the checker makes
//! them catchable); a result of another kind would abort the event on the
//! JIT where the interpreter goes on.

use std::panic::{AssertUnwindSafe, catch_unwind};

use lgp_compiler::lower::widest_return;
use lgp_compiler::typing::Scalar;
use lgp_stdlib::value::Object;
use lgp_stdlib::{Args, Value};

fn samples() -> Vec<Value> {
    let mut object = Object::new();
    object.insert("a".into(), Value::Int(1));
    vec![
        Value::Null,
        Value::Bool(true),
        Value::Int(0),
        Value::Int(-7),
        Value::Int(i64::MAX),
        Value::Float(2.5),
        Value::Float(f64::NAN),
        Value::from(""),
        Value::from("42"),
        Value::from("a=1 b"),
        Value::from("2024-03-04T09:00:00Z"),
        Value::Array(vec![Value::Int(1), Value::from("x")]),
        Value::Object(object),
    ]
}

/// Every combination of `samples` over `n` parameters (absent optional
/// ones included as `None`).
fn combinations(params: &[lgp_lang::sig::ParamSig]) -> Vec<Vec<Option<Value>>> {
    let mut all = vec![Vec::new()];
    for param in params {
        let mut choices: Vec<Option<Value>> = samples().into_iter().map(Some).collect();
        if !param.required {
            choices.push(None);
        }
        all = all
            .into_iter()
            .flat_map(|prefix| {
                choices.iter().map(move |choice| {
                    let mut next = prefix.clone();
                    next.push(choice.clone());
                    next
                })
            })
            .collect();
    }
    all
}

#[test]
fn built_ins_typed_as_one_scalar_return_only_that_scalar() {
    let (parsed, _) = lgp_lang::parser::parse_expr(".x");
    let field = parsed.expect("`.x` parses");
    let (mut checked, mut calls, mut problems) = (0, 0, Vec::new());
    for function in lgp_stdlib::fns::all() {
        let params = function.params();
        if params.len() > 3 {
            continue;
        }
        let written: Vec<_> = params.iter().map(|_| Some(&field)).collect();
        let Some(scalar) = Scalar::of_kinds(widest_return(*function, &written)) else { continue };
        let Ok(prepared) = function.prepare(&vec![None; params.len()]) else { continue };
        checked += 1;
        for values in combinations(params) {
            calls += 1;
            let shown = format!("{values:?}");
            let mut args = Args::new(params, values);
            let result = catch_unwind(AssertUnwindSafe(|| function.call(&prepared, &mut args)));
            if let Ok(Ok(value)) = result
                && value.kinds() != scalar.kinds()
            {
                problems.push(format!(
                    "{}({shown}) gave {} but its signature says {}",
                    function.name(),
                    value.kind_name(),
                    scalar.name()
                ));
            }
        }
    }
    assert!(checked >= 10, "only {checked} functions return one scalar kind");
    assert!(calls > 1000, "only {calls} calls");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
