//! `parse_regex_all`: the capture groups of every match of a pattern.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::fns::parse_regex::PARAMS;
use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::regex::{self, Pattern};
use crate::util::{arg, arg_const_str, arg_text, prepared};
use crate::value::Value;

pub struct ParseRegexAll;

impl FnSig for ParseRegexAll {
    fn name(&self) -> &'static str {
        "parse_regex_all"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        Type::array_of(regex::match_type_for(args))
    }
    /// No match is an empty array, so only a pattern computed at run time,
    /// which may not compile, can make the call fail.
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let pattern_type = arg(args, 1).map(|info| info.ty.kinds);
        let dynamic_string = pattern_type.is_some_and(|kinds| kinds.intersects(Kinds::STRING));
        (arg_const_str(args, 1).is_none() && dynamic_string)
            .then(|| format!("`{}` may not be a valid regex", arg_text(args, 1, "pattern")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        regex::check_pattern(args)
    }
    fn doc(&self) -> &'static str {
        "Matches `pattern` against `value` repeatedly and returns an array with one \
         object per non-overlapping match, shaped as `parse_regex` shapes its result; \
         no match gives an empty array. A constant pattern is compiled once."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "every match",
                source: r#"parse_regex_all(.message, r'(?P<fruit>\w+) and (?P<veg>\w+)')"#,
                input: r#"{"message": "apples and carrots, peaches and peas"}"#,
                result: Ok(
                    r#"[{"fruit": "apples", "veg": "carrots"}, {"fruit": "peaches", "veg": "peas"}]"#,
                ),
            },
            Example {
                title: "numeric groups",
                source: r#"parse_regex_all("a=1 b=2", r'(\w)=(\d)', numeric_groups = true)"#,
                input: "{}",
                result: Ok(
                    r#"[{"0": "a=1", "1": "a", "2": "1"}, {"0": "b=2", "1": "b", "2": "2"}]"#,
                ),
            },
            Example {
                title: "no match",
                source: r#"parse_regex_all("abc", r'\d')"#,
                input: "{}",
                result: Ok("[]"),
            },
        ]
    }
}

impl Function for ParseRegexAll {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        regex::prepare(consts)
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let pattern = Pattern::prepared_or(prepared(prepared_state), args.get(1))?;
        let numeric = args.bool_or(2, false)?;
        let input = args.str(0)?;
        let matches = pattern
            .regex()
            .captures_iter(input.as_str())
            .map(|captures| Value::Object(pattern.captures_object(input, &captures, numeric)))
            .collect();
        Ok(Value::Array(matches))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn empty_matches_advance() {
        assert_json(
            run(&ParseRegexAll, &[Value::from("ab"), Value::from("x*"), Value::Bool(true)]),
            r#"[{"0": ""}, {"0": ""}, {"0": ""}]"#,
        );
        assert_json(
            run(&ParseRegexAll, &[Value::from("ü"), Value::from(""), Value::Bool(true)]),
            r#"[{"0": ""}, {"0": ""}]"#,
        );
    }

    #[test]
    fn bad_dynamic_pattern_fails() {
        assert_error(run(&ParseRegexAll, &[Value::from("a"), Value::from("a{")]), "invalid regex");
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in ".{0,200}", pattern in "[a-c()?*|.]{0,12}") {
            if let Ok(Value::Array(matches)) = run(&ParseRegexAll, &[Value::from(text.as_str()), Value::from(pattern.as_str())]) {
                prop_assert!(matches.len() <= text.len() + 1);
            }
        }
    }
}
