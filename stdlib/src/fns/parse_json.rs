//! `parse_json`: a JSON document to a value.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::json::{self, DEFAULT_MAX_DEPTH, MAX_DEPTH_CAP};
use crate::util::{arg_const_int, arg_text};
use crate::value::Value;

pub struct ParseJson;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "value",
        kinds: Kinds::STRING,
        required: true,
        doc: "The JSON text to parse.",
    },
    ParamSig {
        name: "max_depth",
        kinds: Kinds::INT,
        required: false,
        doc: "How deeply arrays and objects may nest, 1 to 1024 (default 128).",
    },
    ParamSig {
        name: "max_bytes",
        kinds: Kinds::INT,
        required: false,
        doc: "Refuse documents longer than this many bytes.",
    },
];

/// Every kind a JSON document can produce.
const JSON_KINDS: Kinds = Kinds(
    Kinds::NULL.0
        | Kinds::BOOL.0
        | Kinds::INT.0
        | Kinds::FLOAT.0
        | Kinds::STRING.0
        | Kinds::ARRAY.0
        | Kinds::OBJECT.0,
);

impl FnSig for ParseJson {
    fn name(&self) -> &'static str {
        "parse_json"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::of(JSON_KINDS)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not be valid JSON", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        if let Some(depth) = arg_const_int(args, 1) {
            check_max_depth(depth).map_err(|e| (1, e.0))?;
        }
        if let Some(bytes) = arg_const_int(args, 2) {
            check_max_bytes(bytes).map_err(|e| (2, e.0))?;
        }
        Ok(())
    }
    fn doc(&self) -> &'static str {
        "Parses `value` as one JSON document. Integers that fit in 64 bits stay \
         integers, other numbers become floats; a repeated object key keeps its last \
         value. Fails on invalid JSON, on nesting deeper than `max_depth` (default 128, \
         at most 1024) and on documents longer than `max_bytes`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "object",
                source: r#"parse_json!(.message)"#,
                input: r#"{"message": "{\"level\": \"info\", \"took_ms\": 12, \"ratio\": 0.5}"}"#,
                result: Ok(r#"{"level": "info", "ratio": 0.5, "took_ms": 12}"#),
            },
            Example {
                title: "array",
                source: r#"parse_json!("[true, null, 42]")"#,
                input: "{}",
                result: Ok("[true, null, 42]"),
            },
            Example {
                title: "invalid",
                source: r#"parse_json!("{ INVALID }")"#,
                input: "{}",
                result: Err("invalid JSON: key must be a string at line 1 column 3"),
            },
            Example {
                title: "too deep",
                source: r#"parse_json!(s'{"a": {"b": 1}}', max_depth = 1)"#,
                input: "{}",
                result: Err("JSON nested deeper than 1 levels at line 1 column 7"),
            },
        ]
    }
}

fn check_max_depth(depth: i64) -> Result<usize, FnError> {
    match usize::try_from(depth) {
        Ok(depth @ 1..=MAX_DEPTH_CAP) => Ok(depth),
        _ => {
            Err(FnError(format!("`max_depth` must be between 1 and {MAX_DEPTH_CAP}, got {depth}")))
        }
    }
}

fn check_max_bytes(bytes: i64) -> Result<usize, FnError> {
    usize::try_from(bytes)
        .map_err(|_| FnError(format!("`max_bytes` must not be negative, got {bytes}")))
}

impl Function for ParseJson {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let max_depth = args.opt_int(1)?.map_or(Ok(DEFAULT_MAX_DEPTH), check_max_depth)?;
        let max_bytes = args.opt_int(2)?.map(check_max_bytes).transpose()?;
        let text = args.str(0)?;
        if let Some(limit) = max_bytes.filter(|limit| text.len() > *limit) {
            let len = text.len();
            return Err(FnError(format!(
                "JSON text is {len} bytes, more than `max_bytes` ({limit})"
            )));
        }
        json::parse(text, max_depth).map_err(FnError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn scalars_and_unicode() {
        assert_json(run(&ParseJson, &[Value::from(r#""h\u00e9llo ☃""#)]), r#""héllo ☃""#);
        assert_json(run(&ParseJson, &[Value::from(" 42 ")]), "42");
        assert_json(
            run(&ParseJson, &[Value::from("-9223372036854775808")]),
            "-9223372036854775808",
        );
    }

    #[test]
    fn limits_are_checked() {
        let text = Value::from("[[[]]]");
        assert_error(
            run(&ParseJson, &[text.clone(), Value::Int(2)]),
            "nested deeper than 2 levels",
        );
        assert_json(run(&ParseJson, &[text.clone(), Value::Int(3)]), "[[[]]]");
        assert_error(run(&ParseJson, &[text.clone(), Value::Int(0)]), "between 1 and 1024");
        assert_error(run(&ParseJson, &[text.clone(), Value::Int(5000)]), "between 1 and 1024");
        assert_error(
            run(&ParseJson, &[text.clone(), Value::Null, Value::Int(5)]),
            "more than `max_bytes` (5)",
        );
        assert_json(run(&ParseJson, &[text, Value::Null, Value::Int(6)]), "[[[]]]");
    }

    #[test]
    fn hostile_input_fails_cleanly() {
        assert_error(run(&ParseJson, &[Value::from("")]), "EOF while parsing");
        assert_error(run(&ParseJson, &[Value::from(r#"{"a": [1, 2"#)]), "invalid JSON");
        assert_error(
            run(&ParseJson, &[Value::from("[".repeat(1_000_000))]),
            "nested deeper than 128 levels",
        );
        assert_error(run(&ParseJson, &[Value::from(r#""\ud800""#)]), "invalid JSON");
        assert_error(run(&ParseJson, &[Value::Int(3)]), "`value` must be a string");
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in ".{0,200}") {
            if let Ok(value) = run(&ParseJson, &[Value::from(text.as_str())]) {
                prop_assert!(value.to_json().to_string().len() <= text.len() * 16 + 16);
            }
        }

        #[test]
        fn round_trips_json_documents(text in r#"[\[\]{}",:0-9a-z ]{0,64}"#) {
            if let Ok(value) = run(&ParseJson, &[Value::from(text.as_str())]) {
                let expected: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                prop_assert_eq!(value.to_json(), expected);
            }
        }
    }
}
