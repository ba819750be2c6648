//! `compact`: an object or array without its empty values.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{MAX_DEPTH, arg_type};
use crate::value::Value;

pub struct Compact;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "value",
        kinds: Kinds(Kinds::OBJECT.0 | Kinds::ARRAY.0),
        required: true,
        doc: "The object or array to compact.",
    },
    ParamSig {
        name: "recursive",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Compact nested objects and arrays too; true by default.",
    },
    ParamSig {
        name: "nulls",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Remove `null`; true by default.",
    },
    ParamSig {
        name: "empty_strings",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Remove `\"\"`; true by default.",
    },
    ParamSig {
        name: "empty_arrays",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Remove `[]`; true by default.",
    },
    ParamSig {
        name: "empty_objects",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Remove `{}`; true by default.",
    },
    ParamSig {
        name: "nullish",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Remove what `is_nullish` calls nullish (`-`, blank strings); false by default.",
    },
];

/// Which values count as empty.
#[derive(Clone, Copy)]
struct Config {
    recursive: bool,
    nulls: bool,
    empty_strings: bool,
    empty_arrays: bool,
    empty_objects: bool,
    nullish: bool,
}

impl FnSig for Compact {
    fn name(&self) -> &'static str {
        "compact"
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
        "Removes empty values from an object's fields or an array's items: by default `null`, \
         `\"\"`, `[]` and `{}`, each switchable with `nulls`, `empty_strings`, `empty_arrays` \
         and `empty_objects`; `nullish = true` also removes `-` and blank strings. With \
         `recursive` (the default) nested objects and arrays are compacted first, so one that \
         becomes empty is removed too (down to 128 levels)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "object",
                source: r#"compact({"a": null, "b": "", "c": {"d": []}, "e": 0})"#,
                input: "{}",
                result: Ok(r#"{"e":0}"#),
            },
            Example {
                title: "keep empty strings",
                source: r#"compact(["a", "", null], empty_strings = false)"#,
                input: "{}",
                result: Ok(r#"["a",""]"#),
            },
        ]
    }
}

impl Function for Compact {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let config = Config {
            recursive: args.bool_or(1, true)?,
            nulls: args.bool_or(2, true)?,
            empty_strings: args.bool_or(3, true)?,
            empty_arrays: args.bool_or(4, true)?,
            empty_objects: args.bool_or(5, true)?,
            nullish: args.bool_or(6, false)?,
        };
        match args.take(0) {
            value @ (Value::Object(_) | Value::Array(_)) => Ok(compact(value, config, 0)),
            other => Err(FnError::new(format!(
                "`value` must be an object or an array, got {}",
                other.kind_name()
            ))),
        }
    }
}

fn compact(value: Value, config: Config, depth: usize) -> Value {
    let descend = |item: Value| {
        if config.recursive && depth < MAX_DEPTH { compact(item, config, depth + 1) } else { item }
    };
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, descend(v)))
                .filter(|(_, v)| !is_empty(v, config))
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.into_iter().map(descend).filter(|v| !is_empty(v, config)).collect())
        }
        other => other,
    }
}

fn is_empty(value: &Value, config: Config) -> bool {
    match value {
        Value::Null => config.nulls || config.nullish,
        Value::String(s) if s.is_empty() => config.empty_strings || config.nullish,
        Value::String(s) => config.nullish && (s.as_str() == "-" || s.trim().is_empty()),
        Value::Array(items) => config.empty_arrays && items.is_empty(),
        Value::Object(fields) => config.empty_objects && fields.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    fn compact_with(value: &str, options: [Option<bool>; 6]) -> Result<Value, FnError> {
        let mut args = vec![Some(json(value))];
        args.extend(options.map(|o| o.map(Value::Bool)));
        call(&Compact, args)
    }

    #[test]
    fn defaults_remove_empty_values_recursively() {
        let got = compact_with(r#"{"a": [null, {"b": ""}], "c": " ", "d": false}"#, [None; 6]);
        assert_eq!(got, Ok(json(r#"{"c": " ", "d": false}"#)));
    }

    #[test]
    fn options_switch_kinds_off_and_nullish_on() {
        let value = r#"[null, "", "-", " ", [], {}, [null]]"#;
        let flat = compact_with(value, [Some(false), None, None, None, None, None]);
        assert_eq!(flat, Ok(json(r#"["-", " ", [null]]"#)));
        let nullish = compact_with(value, [None, None, None, None, None, Some(true)]);
        assert_eq!(nullish, Ok(json("[]")));
        let keep_nulls = compact_with(value, [None, Some(false), None, Some(false), None, None]);
        assert_eq!(keep_nulls, Ok(json(r#"[null, "-", " ", [], [null]]"#)));
    }

    #[test]
    fn scalars_and_bad_options_fail() {
        assert!(compact_with("1", [None; 6]).is_err());
        let err = call(&Compact, vec![Some(json("[]")), some("yes")]).unwrap_err();
        assert_eq!(err.0, "`recursive` must be a boolean, got string");
    }
}
