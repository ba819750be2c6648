//! `parse_logfmt`: logfmt text (`level=info msg="two words"`) to an object.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::fns::parse_key_value::object_type;
use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::kv::{self, Config};
use crate::util::arg_text;
use crate::value::Value;

pub struct ParseLogfmt;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The logfmt text to parse.",
}];

impl FnSig for ParseLogfmt {
    fn name(&self) -> &'static str {
        "parse_logfmt"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        object_type(true)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not be valid logfmt", arg_text(args, 0, "value")))
    }
    fn doc(&self) -> &'static str {
        "Parses logfmt: `parse_key_value` with `=` between key and value, spaces between \
         fields, lenient whitespace and standalone keys as `true`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "logfmt",
                source: r#"parse_logfmt!(.message)"#,
                input: r#"{"message": "level=info msg=\"Stopping all fetchers\" took=12ms"}"#,
                result: Ok(r#"{"level": "info", "msg": "Stopping all fetchers", "took": "12ms"}"#),
            },
            Example {
                title: "standalone key",
                source: r#"parse_logfmt!("zork=zook plonk zonk=nork")"#,
                input: "{}",
                result: Ok(r#"{"plonk": true, "zonk": "nork", "zork": "zook"}"#),
            },
            Example {
                title: "empty key",
                source: r#"parse_logfmt!("=oops")"#,
                input: "{}",
                result: Err("empty key at byte 0"),
            },
        ]
    }
}

impl Function for ParseLogfmt {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        kv::parse(args.str(0)?, &Config::LOGFMT).map(Value::Object).map_err(FnError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn truncated_lines() {
        assert_json(
            run(&ParseLogfmt, &[Value::from("a=1 b=\"half")]),
            r#"{"a": "1", "b": "\"half"}"#,
        );
        assert_json(run(&ParseLogfmt, &[Value::from("a=1 b=")]), r#"{"a": "1", "b": ""}"#);
        assert_json(run(&ParseLogfmt, &[Value::from("")]), "{}");
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in ".{0,200}") {
            if let Ok(value) = run(&ParseLogfmt, &[Value::from(text.as_str())]) {
                prop_assert!(value.to_json().to_string().len() <= text.len() * 16 + 16);
            }
        }
    }
}
