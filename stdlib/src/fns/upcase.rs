//! `upcase`: a string in upper case.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Upcase;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The string to convert.",
}];

impl FnSig for Upcase {
    fn name(&self) -> &'static str {
        "upcase"
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
        "Returns `value` with every letter in upper case (Unicode-aware)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "ASCII",
                source: r#"upcase("Hello, World")"#,
                input: "{}",
                result: Ok(r#""HELLO, WORLD""#),
            },
            Example {
                title: "Unicode",
                source: r#"upcase("straße")"#,
                input: "{}",
                result: Ok(r#""STRASSE""#),
            },
        ]
    }
}

impl Function for Upcase {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::from(args.str(0)?.to_uppercase()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upcase_plain_and_unicode() {
        let mut args = Args::new(PARAMS, vec![Some(Value::from("ß-abc"))]);
        assert_eq!(Upcase.call(&None, &mut args), Ok(Value::from("SS-ABC")));
    }
}
