//! `parse_query_string`: a URL query string to an object.

use std::collections::BTreeMap;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::query;
use crate::value::Value;

pub struct ParseQueryString;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The query string, with or without its `?`.",
}];

/// An open object of strings, arrays of strings for repeated keys.
pub(crate) fn query_type() -> Type {
    let value = Type {
        kinds: Kinds::STRING.union(Kinds::ARRAY),
        element: Some(Box::new(Type::string())),
        object: None,
    };
    Type::object_with(BTreeMap::new(), Some(value))
}

impl FnSig for ParseQueryString {
    fn name(&self) -> &'static str {
        "parse_query_string"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        query_type()
    }
    /// Any text reads as some query: malformed escapes are kept as written.
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Parses a URL query string into an object. `+` and `%XX` escapes are decoded \
         (invalid UTF-8 becomes `�`, a malformed escape stays as written); a key without \
         `=` gets an empty string; a repeated key collects its values into an array. A \
         leading `?` is skipped. It cannot fail."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "repeated keys",
                source: r#"parse_query_string("foo=%2B1&bar=2&bar=3&xyz")"#,
                input: "{}",
                result: Ok(r#"{"bar": ["2", "3"], "foo": "+1", "xyz": ""}"#),
            },
            Example {
                title: "Rails-style keys",
                source: r#"parse_query_string(.query)"#,
                input: r#"{"query": "?foo%5b%5d=1&foo%5b%5d=2"}"#,
                result: Ok(r#"{"foo[]": ["1", "2"]}"#),
            },
        ]
    }
}

impl Function for ParseQueryString {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let input = args.str(0)?;
        Ok(Value::Object(query::parse(input, input)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::run;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in "[a-z=&%+?0-9A-F]{0,100}") {
            let Ok(Value::Object(fields)) = run(&ParseQueryString, &[Value::from(text.as_str())]) else {
                return Err(TestCaseError::fail("not an object"));
            };
            prop_assert!(fields.len() <= text.len() / 2 + 1);
        }
    }
}
