//! `set`: a copy of an object or array with the value at a path replaced.

use lgp_lang::ast::{Expr, ExprKind, Literal};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{MAX_DEPTH, PathStep, arg, arg_text, arg_type, path_steps, resolve_index};
use crate::value::{Object, Value};

pub struct Set;

const CONTAINER: Kinds = Kinds(Kinds::OBJECT.0 | Kinds::ARRAY.0);

/// How far past the end of an array an index may reach; the gap is filled
/// with nulls, so the bound keeps one event from allocating without limit.
const MAX_GAP: i64 = 10_000;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "value",
        kinds: CONTAINER,
        required: true,
        doc: "The object or array to change.",
    },
    ParamSig {
        name: "path",
        kinds: Kinds::ARRAY,
        required: true,
        doc: "Field names (strings) and indexes (integers, negative from the end).",
    },
    ParamSig {
        name: "data",
        kinds: Kinds::ANY,
        required: true,
        doc: "The value to put at `path`.",
    },
];

impl FnSig for Set {
    fn name(&self) -> &'static str {
        "set"
    }
    fn category(&self) -> &'static str {
        "object"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let kinds = arg_type(args, 0).kinds.intersect(CONTAINER);
        let container = Type::of(if kinds.is_empty() { CONTAINER } else { kinds });
        match arg(args, 1).map(|a| is_safe_const_path(a.expr)) {
            // A non-empty constant path keeps the kind of `value`.
            Some(Some(false)) => container,
            // An empty path returns `data` itself.
            Some(Some(true)) => arg_type(args, 2),
            _ => container.union(&arg_type(args, 2)),
        }
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let path = arg(args, 1)?;
        if is_safe_const_path(path.expr).is_some() {
            return None;
        }
        Some(format!("`{}` may not be a valid path", arg_text(args, 1, "path")))
    }
    fn doc(&self) -> &'static str {
        "Returns `value` with `data` placed at `path`: a string step enters (or creates) an \
         object field, an integer step an array item (negative from the end). Missing \
         containers are created, and a scalar in the way is replaced. An index past the end \
         pads the array with nulls, by at most 10 000 items. An empty path returns `data`. \
         Fails when a path item is neither a string nor an integer, a negative index is out \
         of range, an index is too far past the end, or the path is longer than 128 steps; a \
         constant path that avoids these makes the call infallible."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "nested field",
                source: r#"set({"a": 1}, ["b", "c"], true)"#,
                input: "{}",
                result: Ok(r#"{"a":1,"b":{"c":true}}"#),
            },
            Example {
                title: "array item",
                source: r#"set([1, 2, 3], [1], "two")"#,
                input: "{}",
                result: Ok(r#"[1,"two",3]"#),
            },
            Example {
                title: "padding",
                source: r#"set({}, ["list", 2], "x")"#,
                input: "{}",
                result: Ok(r#"{"list":[null,null,"x"]}"#),
            },
        ]
    }
}

/// For a path written as an array literal that cannot make `set` fail:
/// `Some(true)` when it is empty, `Some(false)` otherwise; `None` for any other path.
fn is_safe_const_path(expr: &Expr) -> Option<bool> {
    let ExprKind::Array(items) = &expr.kind else { return None };
    let safe = |item: &Expr| match &item.kind {
        ExprKind::Literal(Literal::String { .. }) => true,
        ExprKind::Literal(Literal::Int(i)) => (0..MAX_GAP).contains(i),
        _ => false,
    };
    (items.len() <= MAX_DEPTH && items.iter().all(safe)).then_some(items.is_empty())
}

impl Function for Set {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let steps = match args.get(1) {
            Some(Value::Array(path)) => path_steps(path)?,
            other => {
                let got = other.map_or("nothing", Value::kind_name);
                return Err(FnError::new(format!("`path` must be an array, got {got}")));
            }
        };
        if steps.len() > MAX_DEPTH {
            return Err(FnError::new(format!(
                "`path` has {} steps; at most {MAX_DEPTH} are allowed",
                steps.len()
            )));
        }
        let data = args.take(2);
        let mut value = args.take(0);
        let mut cursor = &mut value;
        for step in &steps {
            cursor = enter(cursor, step)?;
        }
        *cursor = data;
        Ok(value)
    }
}

/// The slot that `step` names inside `container`, created when missing.
fn enter<'v>(container: &'v mut Value, step: &PathStep) -> Result<&'v mut Value, FnError> {
    match step {
        PathStep::Field(name) => {
            if !matches!(container, Value::Object(_)) {
                *container = Value::Object(Object::new());
            }
            match container {
                Value::Object(fields) => Ok(fields.entry(name.clone()).or_default()),
                _ => Err(kind_mismatch()),
            }
        }
        PathStep::Index(index) => {
            if !matches!(container, Value::Array(_)) {
                *container = Value::Array(Vec::new());
            }
            match container {
                Value::Array(items) => {
                    let slot = array_slot(items, *index)?;
                    items.get_mut(slot).ok_or_else(kind_mismatch)
                }
                _ => Err(kind_mismatch()),
            }
        }
    }
}

/// Cannot happen: the container was just given the kind the step needs.
/// An error instead of a panic keeps the engines alive if it ever does.
fn kind_mismatch() -> FnError {
    FnError::new("internal error: `set` could not enter the path")
}

/// The position `index` names, padding the array with nulls when it reaches past the end.
fn array_slot(items: &mut Vec<Value>, index: i64) -> Result<usize, FnError> {
    if index < 0 {
        return resolve_index(index, items.len()).ok_or_else(|| {
            FnError::new(format!(
                "index {index} is out of range for an array of {} items",
                items.len()
            ))
        });
    }
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    if index - len >= MAX_GAP {
        return Err(FnError::new(format!(
            "index {index} is more than {MAX_GAP} items past the end of an array of {len} items"
        )));
    }
    let position = usize::try_from(index).unwrap_or(usize::MAX);
    if position >= items.len() {
        items.resize(position + 1, Value::Null);
    }
    Ok(position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    fn set(value: &str, path: &str, data: &str) -> Result<Value, FnError> {
        call(&Set, vec![Some(json(value)), Some(json(path)), Some(json(data))])
    }

    #[test]
    fn creates_and_replaces_along_the_path() {
        assert_eq!(set(r#"{"a": 1}"#, r#"["a", "b"]"#, "2"), Ok(json(r#"{"a": {"b": 2}}"#)));
        assert_eq!(
            set(r#"{"é": [1, 2]}"#, r#"["é", -1]"#, "null"),
            Ok(json(r#"{"é": [1, null]}"#))
        );
        assert_eq!(set("[]", r#"[0, "k"]"#, r#""v""#), Ok(json(r#"[{"k": "v"}]"#)));
        assert_eq!(set("{}", "[]", "[1]"), Ok(json("[1]")));
    }

    #[test]
    fn out_of_range_indexes_fail() {
        let err = set("[1, 2]", "[-3]", "0").unwrap_err();
        assert_eq!(err.0, "index -3 is out of range for an array of 2 items");
        let err = set("[]", "[9223372036854775807]", "0").unwrap_err();
        assert_eq!(
            err.0,
            "index 9223372036854775807 is more than 10000 items past the end of an array of 0 items"
        );
        assert!(set("[]", "[9999]", "0").is_ok());
    }

    #[test]
    fn bad_and_long_paths_fail() {
        assert_eq!(
            set("{}", "[true]", "0").unwrap_err().0,
            "path items must be strings or integers, got bool"
        );
        let long = format!("[{}]", vec![r#""a""#; MAX_DEPTH + 1].join(","));
        assert_eq!(
            set("{}", &long, "0").unwrap_err().0,
            "`path` has 129 steps; at most 128 are allowed"
        );
    }
}
