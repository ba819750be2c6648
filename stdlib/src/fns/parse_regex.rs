//! `parse_regex`: the capture groups of a pattern's first match, as an object.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::regex::{self, Pattern};
use crate::util::{arg_text, prepared};
use crate::value::Value;

pub struct ParseRegex;

/// Shared with `parse_regex_all`, which takes the same arguments.
pub(crate) const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to search." },
    ParamSig {
        name: "pattern",
        kinds: Kinds(Kinds::REGEX.0 | Kinds::STRING.0),
        required: true,
        doc: "The pattern: a regex literal, or a string compiled as one.",
    },
    ParamSig {
        name: "numeric_groups",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Also capture every group by index (`\"0\"` is the whole match). Default false.",
    },
];

impl FnSig for ParseRegex {
    fn name(&self) -> &'static str {
        "parse_regex"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        regex::match_type_for(args)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not match the pattern", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        regex::check_pattern(args)
    }
    fn doc(&self) -> &'static str {
        "Matches `pattern` against `value` and returns the first match as an object with \
         one field per named capture group (`(?P<name>...)`); a group that took no part \
         in the match is `null`. With `numeric_groups`, every group is also captured \
         under its index (`\"0\"` is the whole match). Fails with `no match` when the \
         pattern does not match. A constant pattern is compiled once; matching never \
         backtracks, so it runs in time linear in the input."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "named groups",
                source: r#"parse_regex!(.message, r'^(?P<host>[\w\.]+) - (?P<user>\w+)')"#,
                input: r#"{"message": "8.7.6.5 - zorp"}"#,
                result: Ok(r#"{"host": "8.7.6.5", "user": "zorp"}"#),
            },
            Example {
                title: "numeric groups",
                source: r#"parse_regex!("first group and second group.", r'(\w+) group', numeric_groups = true)"#,
                input: "{}",
                result: Ok(r#"{"0": "first group", "1": "first"}"#),
            },
            Example {
                title: "optional group",
                source: r#"parse_regex!("GET /", r'(?P<method>\w+) (?P<path>\S+)(?: (?P<protocol>\S+))?')"#,
                input: "{}",
                result: Ok(r#"{"method": "GET", "path": "/", "protocol": null}"#),
            },
            Example {
                title: "no match",
                source: r#"parse_regex!("abc", r'\d+')"#,
                input: "{}",
                result: Err("no match"),
            },
        ]
    }
}

impl Function for ParseRegex {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        regex::prepare(consts)
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let pattern = Pattern::prepared_or(prepared(prepared_state), args.get(1))?;
        let numeric = args.bool_or(2, false)?;
        let input = args.str(0)?;
        match pattern.first_match(input, numeric) {
            Some(object) => Ok(Value::Object(object)),
            None => Err(FnError::new("no match")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn string_patterns_and_unicode() {
        let result =
            run(&ParseRegex, &[Value::from("größe=12"), Value::from(r"(?P<key>\w+)=(?P<n>\d+)")]);
        assert_json(result, r#"{"key": "größe", "n": "12"}"#);
        assert_json(run(&ParseRegex, &[Value::from(""), Value::from("^$")]), "{}");
    }

    #[test]
    fn bad_patterns_and_arguments_fail() {
        assert_error(
            run(&ParseRegex, &[Value::from("a"), Value::from("(")]),
            "invalid regex: unclosed group",
        );
        assert_error(
            run(&ParseRegex, &[Value::from("a"), Value::Int(1)]),
            "`pattern` must be a regex",
        );
        let huge_input = "a".repeat(1 << 20);
        assert_error(run(&ParseRegex, &[Value::from(huge_input), Value::from("b")]), "no match");
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in ".{0,200}", pattern in "[a-c()?*|.]{0,12}") {
            if let Ok(Value::Object(fields)) = run(&ParseRegex, &[Value::from(text.as_str()), Value::from(pattern.as_str()), Value::Bool(true)]) {
                for value in fields.values() {
                    prop_assert!(value.as_str().is_none_or(|s| s.len() <= text.len()));
                }
            }
        }
    }
}
