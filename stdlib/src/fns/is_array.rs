//! `is_array`: whether a value is an array.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsArray;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." }];

impl FnSig for IsArray {
    fn name(&self) -> &'static str {
        "is_array"
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
        "True when `value` is an array. Inside `if is_array(.x) { ... }` the checker narrows `.x` to that kind."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "yes",
                source: r#"is_array([1, "a"])"#,
                input: "{}",
                result: Ok("true"),
            },
            Example { title: "no", source: r#"is_array({})"#, input: "{}", result: Ok("false") },
        ]
    }
}

impl Function for IsArray {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::Bool(matches!(args.get(0), Some(Value::Array(_)))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn is_array_tests_the_kind() {
        assert_eq!(call(&IsArray, vec![Some(json(r#"[]"#))]), Ok(Value::Bool(true)));
        assert_eq!(call(&IsArray, vec![Some(json(r#""[]""#))]), Ok(Value::Bool(false)));
    }
}
