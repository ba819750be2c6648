//! `format_key_value`: an object to `key=value` text that `parse_key_value` reads back.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::kv;
use crate::util::{arg_const_str, arg_given, arg_text};
use crate::value::Value;

pub struct FormatKeyValue;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::OBJECT, required: true, doc: "The object to write." },
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
];

impl FnSig for FormatKeyValue {
    fn name(&self) -> &'static str {
        "format_key_value"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    /// Only delimiters computed at run time can be unusable.
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        [1, 2].into_iter().find(|&i| arg_given(args, i) && arg_const_str(args, i).is_none()).map(
            |i| format!("`{}` may not be a usable delimiter", arg_text(args, i, PARAMS[i].name)),
        )
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        let (kv, field) = (arg_const_str(args, 1), arg_const_str(args, 2));
        let index = if kv.is_some() { 1 } else { 2 };
        kv::check_delimiters(kv.unwrap_or("="), field.unwrap_or(" ")).map_err(|e| (index, e))
    }
    fn doc(&self) -> &'static str {
        "Writes `value` as `key=value` fields in key order, the inverse of \
         `parse_key_value` with the same delimiters. Keys and values that contain \
         whitespace, quotes, backslashes or a delimiter, and empty ones, are written in \
         double quotes with `\\\"`, `\\\\` and `\\n` escapes. Nested objects are flattened \
         with dotted keys (`a.b=1`), an array repeats its key once per element, numbers \
         and booleans are written as text, `null` as `\"\"`, timestamps in RFC 3339."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "logfmt",
                source: r#"format_key_value({"lvl": "info", "msg": "This is a message", "took_ms": 12})"#,
                input: "{}",
                result: Ok(r#""lvl=info msg=\"This is a message\" took_ms=12""#),
            },
            Example {
                title: "nested and custom delimiters",
                source: r#"format_key_value(.event, key_value_delimiter = ":", field_delimiter = ",")"#,
                input: r#"{"event": {"agent": {"name": "foo"}, "tags": ["a", "b"]}}"#,
                result: Ok(r#""agent.name:foo,tags:a,tags:b""#),
            },
        ]
    }
}

impl Function for FormatKeyValue {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let key_value_delimiter = args.opt_str(1)?.map_or("=", |s| s.as_str());
        let field_delimiter = args.opt_str(2)?.map_or(" ", |s| s.as_str());
        kv::check_delimiters(key_value_delimiter, field_delimiter).map_err(FnError)?;
        match args.get(0) {
            Some(Value::Object(object)) => {
                Ok(Value::from(kv::format(object, key_value_delimiter, field_delimiter)))
            }
            other => {
                let got = other.map_or("nothing", Value::kind_name);
                Err(FnError(format!("`value` must be an object, got {got}")))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fns::parse_key_value::ParseKeyValue;
    use crate::util::testing::{assert_error, assert_json, run};
    use crate::value::{Object, Str};
    use proptest::prelude::*;

    #[test]
    fn empty_object_and_bad_arguments() {
        assert_json(run(&FormatKeyValue, &[Value::Object(Object::new())]), r#""""#);
        assert_error(run(&FormatKeyValue, &[Value::from("a")]), "`value` must be an object");
        assert_error(
            run(&FormatKeyValue, &[Value::Object(Object::new()), Value::from("\"")]),
            "quotes",
        );
    }

    #[test]
    fn deep_nesting_is_cut_off_into_json() {
        let mut value = Value::from("x");
        for _ in 0..100 {
            value = Value::Object(Object::from([(Str::from("k"), value)]));
        }
        let Ok(Value::String(text)) = run(&FormatKeyValue, &[value]) else { panic!("a string") };
        assert!(text.starts_with(&format!("{}=", vec!["k"; 33].join("."))));
    }

    fn round_trip(object: &Object, delimiters: (&str, &str)) -> Result<Value, FnError> {
        let (kv, field) = (Value::from(delimiters.0), Value::from(delimiters.1));
        let text =
            run(&FormatKeyValue, &[Value::Object(object.clone()), kv.clone(), field.clone()])?;
        run(&ParseKeyValue, &[text, kv, field])
    }

    proptest! {
        #[test]
        fn parse_reads_back_what_format_wrote(
            fields in proptest::collection::btree_map(".{0,12}", ".{0,12}", 0..8),
            delimiters in proptest::sample::select(vec![("=", " "), (":", ","), ("=", "&"), (": ", " | ")]),
        ) {
            let object: Object = fields.iter().map(|(k, v)| (Str::from(k.as_str()), Value::from(v.as_str()))).collect();
            prop_assert_eq!(round_trip(&object, delimiters), Ok(Value::Object(object)));
        }
    }
}
