//! `flatten`: nested objects or arrays turned into a single level.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{MAX_DEPTH, arg_type};
use crate::value::{Object, Str, Value};

pub struct Flatten;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "value",
        kinds: Kinds(Kinds::OBJECT.0 | Kinds::ARRAY.0),
        required: true,
        doc: "The object or array to flatten.",
    },
    ParamSig {
        name: "separator",
        kinds: Kinds::STRING,
        required: false,
        doc: "Joins the keys of nested fields; `.` by default.",
    },
];

impl FnSig for Flatten {
    fn name(&self) -> &'static str {
        "flatten"
    }
    fn category(&self) -> &'static str {
        "object"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let kinds = arg_type(args, 0).kinds.intersect(Kinds(Kinds::OBJECT.0 | Kinds::ARRAY.0));
        if kinds.is_empty() {
            Type::of(Kinds(Kinds::OBJECT.0 | Kinds::ARRAY.0))
        } else {
            Type::of(kinds)
        }
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Flattens an object: each field of a nested object becomes a top-level field whose name \
         joins the keys on its path with `separator` (`{\"a\": {\"b\": 1}}` becomes \
         `{\"a.b\": 1}`). Arrays inside an object, and empty nested objects, are kept as \
         values. Flattens an array: items of nested arrays are spliced in, at any depth; \
         objects inside are kept. When two paths give the same name, the one whose path sorts \
         last wins. Nesting deeper than 128 levels is kept as is."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "object",
                source: r#"flatten({"a": {"b": 1, "c": {"d": [2]}}, "e": 3})"#,
                input: "{}",
                result: Ok(r#"{"a.b":1,"a.c.d":[2],"e":3}"#),
            },
            Example {
                title: "custom separator",
                source: r#"flatten({"http": {"status": 200}}, "_")"#,
                input: "{}",
                result: Ok(r#"{"http_status":200}"#),
            },
            Example {
                title: "array",
                source: r#"flatten([1, [2, [3, {"a": [4]}]]])"#,
                input: "{}",
                result: Ok(r#"[1,2,3,{"a":[4]}]"#),
            },
        ]
    }
}

impl Function for Flatten {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let separator = args.opt_str(1)?.map_or(".", |s| s.as_str()).to_owned();
        match args.take(0) {
            Value::Object(fields) => {
                // Collected first and sorted once: one insert per leaf
                // would be quadratic in the number of leaves.
                let mut flat = Vec::new();
                flatten_object(&mut flat, None, fields, &separator, 0);
                Ok(Value::Object(Object::from(flat)))
            }
            Value::Array(items) => {
                let mut flat = Vec::with_capacity(items.len());
                flatten_array(&mut flat, items, 0);
                Ok(Value::Array(flat))
            }
            other => Err(FnError::new(format!(
                "`value` must be an object or an array, got {}",
                other.kind_name()
            ))),
        }
    }
}

/// Pushes the leaves of `fields` in key order, so that of two leaves that
/// flatten to the same name the later one wins, as with repeated inserts.
fn flatten_object(
    flat: &mut Vec<(Str, Value)>,
    prefix: Option<&str>,
    fields: Object,
    separator: &str,
    depth: usize,
) {
    for (key, value) in fields {
        let name = match prefix {
            None => key,
            Some(prefix) => Str::from(format!("{prefix}{separator}{key}")),
        };
        match value {
            Value::Object(inner) if !inner.is_empty() && depth < MAX_DEPTH => {
                flatten_object(flat, Some(&name), inner, separator, depth + 1);
            }
            value => flat.push((name, value)),
        }
    }
}

fn flatten_array(flat: &mut Vec<Value>, items: Vec<Value>, depth: usize) {
    for item in items {
        match item {
            Value::Array(inner) if depth < MAX_DEPTH => flatten_array(flat, inner, depth + 1),
            item => flat.push(item),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    #[test]
    fn objects_flatten_with_separators() {
        let value = json(r#"{"é": {"ü": {"x": null}}, "empty": {}, "list": [{"a": 1}]}"#);
        let got = call(&Flatten, vec![Some(value.clone()), None]);
        assert_eq!(got, Ok(json(r#"{"é.ü.x": null, "empty": {}, "list": [{"a": 1}]}"#)));
        let got = call(&Flatten, vec![Some(value), some("→")]);
        assert_eq!(got, Ok(json(r#"{"é→ü→x": null, "empty": {}, "list": [{"a": 1}]}"#)));
    }

    #[test]
    fn colliding_names_keep_the_last_path() {
        let got = call(&Flatten, vec![Some(json(r#"{"a": {"b": 1}, "a.b": 2}"#)), None]);
        assert_eq!(got, Ok(json(r#"{"a.b": 2}"#)));
    }

    #[test]
    fn arrays_flatten_at_any_depth() {
        let got = call(&Flatten, vec![Some(json("[[], [[[]]], [1, [2]], 3]")), None]);
        assert_eq!(got, Ok(json("[1, 2, 3]")));
    }

    #[test]
    fn depth_is_bounded() {
        let mut value = json("[1]");
        for _ in 0..500 {
            value = Value::Array(vec![value]);
        }
        let Ok(Value::Array(flat)) = call(&Flatten, vec![Some(value), None]) else {
            panic!("flatten of an array must give an array");
        };
        assert_eq!(flat.len(), 1);
        assert!(matches!(flat.first(), Some(Value::Array(_))));
    }

    #[test]
    fn scalars_fail() {
        let err = call(&Flatten, vec![some("a"), None]).unwrap_err();
        assert_eq!(err.0, "`value` must be an object or an array, got string");
    }
}
