//! `is_nullish`: whether a value is null or a string that says nothing.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsNullish;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." }];

impl FnSig for IsNullish {
    fn name(&self) -> &'static str {
        "is_nullish"
    }
    fn category(&self) -> &'static str {
        "type"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::bool()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "True when `value` is `null`, the empty string, a string of only whitespace, or `-` \
         (which access logs write for a missing value)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "dash",
                source: "is_nullish(.referrer)",
                input: r#"{"referrer": "-"}"#,
                result: Ok("true"),
            },
            Example {
                title: "text",
                source: r#"is_nullish("x")"#,
                input: "{}",
                result: Ok("false"),
            },
        ]
    }
}

impl Function for IsNullish {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let nullish = match args.get(0) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.as_str() == "-" || s.trim().is_empty(),
            Some(_) => false,
        };
        Ok(Value::Bool(nullish))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn nullish_values() {
        for text in ["null", r#""""#, r#"" \t\u3000""#, r#""-""#] {
            assert_eq!(call(&IsNullish, vec![Some(json(text))]), Ok(Value::Bool(true)), "{text}");
        }
        for text in [r#""--""#, "0", "false", "[]", "{}", r#"" - ""#] {
            assert_eq!(call(&IsNullish, vec![Some(json(text))]), Ok(Value::Bool(false)), "{text}");
        }
    }
}
