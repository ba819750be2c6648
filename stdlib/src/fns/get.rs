//! `get`: the value at a path given as data.

use lgp_lang::ast::{Expr, ExprKind, Literal};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{PathStep, arg, arg_text, arg_type, element_type, path_steps, resolve_index};
use crate::value::Value;

pub struct Get;

const PATH_ITEM: Kinds = Kinds(Kinds::STRING.0 | Kinds::INT.0);

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "value",
        kinds: Kinds(Kinds::OBJECT.0 | Kinds::ARRAY.0),
        required: true,
        doc: "The object or array to read.",
    },
    ParamSig {
        name: "path",
        kinds: Kinds::ARRAY,
        required: true,
        doc: "Field names (strings) and indexes (integers, negative from the end).",
    },
];

impl FnSig for Get {
    fn name(&self) -> &'static str {
        "get"
    }
    fn category(&self) -> &'static str {
        "object"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let Some(steps) = arg(args, 1).and_then(|a| const_path(a.expr)) else {
            return Type::any();
        };
        steps.iter().fold(arg_type(args, 0), |ty, step| match step {
            PathStep::Field(name) => ty.field(name),
            PathStep::Index(_) => ty.element(),
        })
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let path = arg(args, 1)?;
        if const_path(path.expr).is_some() || element_type(args, 1).is_subset_of(PATH_ITEM) {
            return None;
        }
        Some(format!(
            "`{}` may hold items that are neither strings nor integers",
            arg_text(args, 1, "path")
        ))
    }
    fn doc(&self) -> &'static str {
        "Returns the value found by following `path` from `value`: a string step reads an \
         object field, an integer step an array item (negative from the end). A step that \
         does not apply (a missing field, an index out of range, a field of a non-object) \
         gives `null`. An empty path returns `value`. Fails only when a path item is neither a \
         string nor an integer; with a constant path the checker also knows the result type."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "nested",
                source: r#"get(., ["http", "headers", 0])"#,
                input: r#"{"http": {"headers": ["a", "b"]}}"#,
                result: Ok(r#""a""#),
            },
            Example {
                title: "missing",
                source: r#"get({"a": 1}, ["b", "c"])"#,
                input: "{}",
                result: Ok("null"),
            },
            Example {
                title: "key with a dot",
                source: r#"get(., ["service.name"])"#,
                input: r#"{"service.name": "api"}"#,
                result: Ok(r#""api""#),
            },
        ]
    }
}

/// The steps of a path written as an array literal of strings and integers.
fn const_path(expr: &Expr) -> Option<Vec<PathStep>> {
    let ExprKind::Array(items) = &expr.kind else { return None };
    items
        .iter()
        .map(|item| match &item.kind {
            ExprKind::Literal(Literal::String { value, .. }) => {
                Some(PathStep::Field(value.as_str().into()))
            }
            ExprKind::Literal(Literal::Int(i)) => Some(PathStep::Index(*i)),
            _ => None,
        })
        .collect()
}

impl Function for Get {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let steps = match args.get(1) {
            Some(Value::Array(path)) => path_steps(path)?,
            other => {
                let got = other.map_or("nothing", Value::kind_name);
                return Err(FnError::new(format!("`path` must be an array, got {got}")));
            }
        };
        let mut cursor = args.get(0).unwrap_or(&Value::Null);
        for step in &steps {
            cursor = match (cursor, step) {
                (Value::Object(fields), PathStep::Field(name)) => fields.get(name),
                (Value::Array(items), PathStep::Index(i)) => {
                    resolve_index(*i, items.len()).and_then(|i| items.get(i))
                }
                _ => None,
            }
            .unwrap_or(&Value::Null);
        }
        Ok(cursor.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, sig_args, typed};

    fn get(value: &str, path: &str) -> Result<Value, FnError> {
        call(&Get, vec![Some(json(value)), Some(json(path))])
    }

    #[test]
    fn follows_fields_and_indexes() {
        let value = r#"{"a": [{"é": 1}, {"é": 2}]}"#;
        assert_eq!(get(value, r#"["a", -1, "é"]"#), Ok(Value::Int(2)));
        assert_eq!(get(value, r#"["a", 0]"#), Ok(json(r#"{"é": 1}"#)));
        assert_eq!(get(value, "[]"), Ok(json(value)));
    }

    #[test]
    fn steps_that_do_not_apply_give_null() {
        let value = r#"{"a": [1]}"#;
        assert_eq!(get(value, r#"["a", 5]"#), Ok(Value::Null));
        assert_eq!(get(value, r#"["a", -2]"#), Ok(Value::Null));
        assert_eq!(get(value, r#"["a", "b"]"#), Ok(Value::Null));
        assert_eq!(get(value, r#"[0]"#), Ok(Value::Null));
        assert_eq!(get(value, r#"["a", 0, "x"]"#), Ok(Value::Null));
    }

    #[test]
    fn bad_path_items_fail() {
        assert_eq!(
            get("{}", "[1.5]").unwrap_err().0,
            "path items must be strings or integers, got float"
        );
        assert_eq!(get("{}", r#""a""#).unwrap_err().0, "`path` must be an array, got string");
    }

    #[test]
    fn fallible_only_for_unknown_path_items() {
        let strings = [typed(Type::object(), "."), typed(Type::array_of(Type::string()), ".p")];
        assert_eq!(Get.fallible(&sig_args(&strings)), None);
        let unknown = [typed(Type::object(), "."), typed(Type::of(Kinds::ARRAY), ".p")];
        assert_eq!(
            Get.fallible(&sig_args(&unknown)),
            Some("`.p` may hold items that are neither strings nor integers".to_owned())
        );
    }
}
