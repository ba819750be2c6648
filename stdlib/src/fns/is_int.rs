//! `is_int`: whether a value is an integer.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsInt;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." }];

impl FnSig for IsInt {
    fn name(&self) -> &'static str {
        "is_int"
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
        "True when `value` is an integer. Inside `if is_int(.x) { ... }` the checker narrows `.x` to that kind."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "yes", source: r#"is_int(-3)"#, input: "{}", result: Ok("true") },
            Example { title: "no", source: r#"is_int(3.0)"#, input: "{}", result: Ok("false") },
        ]
    }
}

impl Function for IsInt {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::Bool(matches!(args.get(0), Some(Value::Int(_)))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn is_int_tests_the_kind() {
        assert_eq!(call(&IsInt, vec![Some(json(r#"12"#))]), Ok(Value::Bool(true)));
        assert_eq!(call(&IsInt, vec![Some(json(r#"12.5"#))]), Ok(Value::Bool(false)));
    }
}
