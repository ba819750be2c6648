//! `downcase`: a string in lower case.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Downcase;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The string to convert.",
}];

impl FnSig for Downcase {
    fn name(&self) -> &'static str {
        "downcase"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns `value` with every letter in lower case (Unicode-aware)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "ASCII",
                source: r#"downcase("Hello, World")"#,
                input: "{}",
                result: Ok(r#""hello, world""#),
            },
            Example {
                title: "field",
                source: "downcase(.level)",
                input: r#"{"level": "ÉRROR"}"#,
                result: Ok(r#""érror""#),
            },
        ]
    }
}

impl Function for Downcase {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        // Most log levels are already lower case: keep the shared string then.
        if !value.chars().any(char::is_uppercase) {
            return Ok(Value::String(value.clone()));
        }
        Ok(Value::from(value.to_lowercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn downcase_plain_and_unicode() {
        assert_eq!(call(&Downcase, vec![some("ÀB-Σ")]), Ok(Value::from("àb-σ")));
        assert_eq!(call(&Downcase, vec![some("already")]), Ok(Value::from("already")));
        assert_eq!(call(&Downcase, vec![some("")]), Ok(Value::from("")));
    }

    #[test]
    fn downcase_rejects_non_strings() {
        let err = call(&Downcase, vec![some(3)]).unwrap_err();
        assert_eq!(err.0, "`value` must be a string, got int");
    }
}
