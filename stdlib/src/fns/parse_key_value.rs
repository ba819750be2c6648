//! `parse_key_value`: `key=value` text to an object.

use std::collections::BTreeMap;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::kv::{self, Config};
use crate::util::{arg_const_bool, arg_const_str, arg_text};
use crate::value::Value;

pub struct ParseKeyValue;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The text to parse." },
    ParamSig {
        name: "key_value_delimiter",
        kinds: Kinds::STRING,
        required: false,
        doc: "What separates a key from its value (default `=`).",
    },
    ParamSig {
        name: "field_delimiter",
        kinds: Kinds::STRING,
        required: false,
        doc: "What separates one field from the next (default a space).",
    },
    ParamSig {
        name: "whitespace",
        kinds: Kinds::STRING,
        required: false,
        doc: "`lenient` (default) allows spaces around `key_value_delimiter`; `strict` does not.",
    },
    ParamSig {
        name: "accept_standalone_key",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Whether a key without a value becomes `key: true` (default) or an error.",
    },
];

impl FnSig for ParseKeyValue {
    fn name(&self) -> &'static str {
        "parse_key_value"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let standalone = arg_const_bool(args, 4) != Some(false);
        object_type(standalone)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not be valid key-value text", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        let (kv, field) = (arg_const_str(args, 1), arg_const_str(args, 2));
        if kv.is_some() || field.is_some() {
            let index = if kv.is_some() { 1 } else { 2 };
            kv::check_delimiters(kv.unwrap_or("="), field.unwrap_or(" "))
                .map_err(|e| (index, e))?;
        }
        match arg_const_str(args, 3) {
            Some(mode) => lenient(mode).map(drop).map_err(|e| (3, e.0)),
            None => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Parses `key=value` fields into an object of strings. Keys and values may be \
         quoted with `\"` or `'` (escapes `\\\"`, `\\'`, `\\\\`, `\\n`); an unquoted value \
         runs to the next field delimiter and is trimmed. A key without a value becomes \
         `true` unless `accept_standalone_key` is false; a repeated key collects its values \
         into an array. Fails on an empty unquoted key, or on a standalone key when they \
         are not accepted."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "logfmt-like",
                source: r#"parse_key_value!(.message)"#,
                input: r#"{"message": "level=info msg=\"Stopping all fetchers\" tag#production=stopping"}"#,
                result: Ok(
                    r#"{"level": "info", "msg": "Stopping all fetchers", "tag#production": "stopping"}"#,
                ),
            },
            Example {
                title: "custom delimiters, standalone key",
                source: r#"parse_key_value!("env:prod, region: eu-east1, beta", key_value_delimiter = ":", field_delimiter = ",")"#,
                input: "{}",
                result: Ok(r#"{"beta": true, "env": "prod", "region": "eu-east1"}"#),
            },
            Example {
                title: "repeated keys",
                source: r#"parse_key_value!("tags=dev tags=dummy status=200")"#,
                input: "{}",
                result: Ok(r#"{"status": "200", "tags": ["dev", "dummy"]}"#),
            },
            Example {
                title: "strict whitespace",
                source: r#"parse_key_value!("app=my-app user= msg=hello", whitespace = "strict")"#,
                input: "{}",
                result: Ok(r#"{"app": "my-app", "msg": "hello", "user": ""}"#),
            },
        ]
    }
}

/// An open object of strings, `true` for standalone keys and arrays for repeated keys.
pub(crate) fn object_type(standalone: bool) -> Type {
    let scalar = if standalone { Kinds::STRING.union(Kinds::BOOL) } else { Kinds::STRING };
    let value = Type {
        kinds: scalar.union(Kinds::ARRAY),
        element: Some(Box::new(Type::of(scalar))),
        object: None,
    };
    Type::object_with(BTreeMap::new(), Some(value))
}

fn lenient(mode: &str) -> Result<bool, FnError> {
    match mode {
        "lenient" => Ok(true),
        "strict" => Ok(false),
        other => {
            Err(FnError(format!("`whitespace` must be \"lenient\" or \"strict\", got {other:?}")))
        }
    }
}

impl Function for ParseKeyValue {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let key_value_delimiter = args.opt_str(1)?.map_or("=", |s| s.as_str());
        let field_delimiter = args.opt_str(2)?.map_or(" ", |s| s.as_str());
        kv::check_delimiters(key_value_delimiter, field_delimiter).map_err(FnError)?;
        let config = Config {
            key_value_delimiter,
            field_delimiter,
            lenient: lenient(args.opt_str(3)?.map_or("lenient", |s| s.as_str()))?,
            standalone_keys: args.bool_or(4, true)?,
        };
        kv::parse(args.str(0)?, &config).map(Value::Object).map_err(FnError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn options_are_validated() {
        let text = Value::from("a=1");
        assert_error(run(&ParseKeyValue, &[text.clone(), Value::from("")]), "must not be empty");
        assert_error(run(&ParseKeyValue, &[text.clone(), Value::from(" ")]), "must differ");
        let mode = [text.clone(), Value::Null, Value::Null, Value::from("loose")];
        assert_error(run(&ParseKeyValue, &mode), "`whitespace` must be");
        let no_standalone =
            [Value::from("a=1 b"), Value::Null, Value::Null, Value::Null, Value::Bool(false)];
        assert_error(run(&ParseKeyValue, &no_standalone), "has no value");
    }

    #[test]
    fn multi_character_delimiters_and_unicode() {
        let args = [Value::from("clé: välue || b: 2"), Value::from(": "), Value::from("||")];
        assert_json(run(&ParseKeyValue, &args), r#"{"b": "2", "clé": "välue"}"#);
    }

    #[test]
    fn hostile_input() {
        let long = "k=v ".repeat(50_000);
        assert_json(
            run(&ParseKeyValue, &[Value::from(long)]),
            &format!(r#"{{"k": [{}]}}"#, vec![r#""v""#; 50_000].join(",")),
        );
        assert_json(run(&ParseKeyValue, &[Value::from("\"\"\"\"'''=")]), r#"{"\"\"\"\"'''": ""}"#);
        assert_json(run(&ParseKeyValue, &[Value::from("a=\"")]), r#"{"a": "\""}"#);
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in ".{0,200}") {
            if let Ok(value) = run(&ParseKeyValue, &[Value::from(text.as_str())]) {
                prop_assert!(value.to_json().to_string().len() <= text.len() * 16 + 16);
            }
        }
    }
}
