//! `parse_csv`: one CSV line to an array of strings.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::csv::parse_record;
use crate::util::{arg_const_str, arg_given, arg_text};
use crate::value::Value;

pub struct ParseCsv;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The CSV line to parse." },
    ParamSig {
        name: "delimiter",
        kinds: Kinds::STRING,
        required: false,
        doc: "The field delimiter, one character (default `,`).",
    },
];

impl FnSig for ParseCsv {
    fn name(&self) -> &'static str {
        "parse_csv"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::array_of(Type::string())
    }
    /// Every line reads as some fields; only a delimiter computed at run
    /// time can be unusable.
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        (arg_given(args, 1) && arg_const_str(args, 1).is_none())
            .then(|| format!("`{}` may not be a single character", arg_text(args, 1, "delimiter")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg_const_str(args, 1) {
            Some(delimiter) => single_char(delimiter).map(drop).map_err(|e| (1, e.0)),
            None => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Parses the first record of `value` as CSV and returns its fields as strings. \
         Fields may be quoted with `\"`, a quote inside written `\"\"`; a quoted field \
         may span lines, and an unquoted line break ends the record. An empty string \
         gives an empty array."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "quoted fields",
                source: r#"parse_csv(s'foo,bar,"foo "", bar"')"#,
                input: "{}",
                result: Ok(r#"["foo", "bar", "foo \", bar"]"#),
            },
            Example {
                title: "custom delimiter",
                source: r#"parse_csv("a;b;;c", delimiter = ";")"#,
                input: "{}",
                result: Ok(r#"["a", "b", "", "c"]"#),
            },
        ]
    }
}

fn single_char(delimiter: &str) -> Result<char, FnError> {
    let mut chars = delimiter.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c != '"' && c != '\n' && c != '\r' => Ok(c),
        _ => Err(FnError(format!(
            "`delimiter` must be one character other than a quote or line break, got {delimiter:?}"
        ))),
    }
}

impl Function for ParseCsv {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let delimiter = args.opt_str(1)?.map_or(Ok(','), |d| single_char(d))?;
        Ok(Value::Array(parse_record(args.str(0)?, delimiter)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn delimiters_and_hostile_input() {
        assert_error(
            run(&ParseCsv, &[Value::from("a"), Value::from("::")]),
            "must be one character",
        );
        assert_error(
            run(&ParseCsv, &[Value::from("a"), Value::from("\"")]),
            "must be one character",
        );
        assert_json(run(&ParseCsv, &[Value::from("a\tb"), Value::from("\t")]), r#"["a", "b"]"#);
        let many = ",".repeat(100_000);
        let Ok(Value::Array(fields)) = run(&ParseCsv, &[Value::from(many)]) else {
            panic!("an array")
        };
        assert_eq!(fields.len(), 100_001);
        let quotes = "\"".repeat(100_001);
        let Ok(Value::Array(fields)) = run(&ParseCsv, &[Value::from(quotes)]) else {
            panic!("an array")
        };
        assert_eq!(fields.len(), 1);
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in r#"[a-z," \n\r]{0,100}"#) {
            if let Ok(Value::Array(fields)) = run(&ParseCsv, &[Value::from(text.as_str())]) {
                prop_assert!(fields.len() <= text.len() + 1);
                let total: usize = fields.iter().filter_map(Value::as_str).map(str::len).sum();
                prop_assert!(total <= text.len());
            }
        }
    }
}
