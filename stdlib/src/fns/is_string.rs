//! `is_string`: whether a value is a string.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsString;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." }];

impl FnSig for IsString {
    fn name(&self) -> &'static str {
        "is_string"
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
        "True when `value` is a string. Inside `if is_string(.x) { ... }` the checker narrows `.x` to that kind."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "yes",
                source: r#"is_string("héllo")"#,
                input: "{}",
                result: Ok("true"),
            },
            Example { title: "no", source: r#"is_string([])"#, input: "{}", result: Ok("false") },
        ]
    }
}

impl Function for IsString {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::Bool(matches!(args.get(0), Some(Value::String(_)))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn is_string_tests_the_kind() {
        assert_eq!(call(&IsString, vec![Some(json(r#""""#))]), Ok(Value::Bool(true)));
        assert_eq!(call(&IsString, vec![Some(json(r#"null"#))]), Ok(Value::Bool(false)));
    }
}
