//! `is_bool`: whether a value is a boolean.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsBool;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." }];

impl FnSig for IsBool {
    fn name(&self) -> &'static str {
        "is_bool"
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
        "True when `value` is a boolean. Inside `if is_bool(.x) { ... }` the checker narrows `.x` to that kind."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "yes", source: r#"is_bool(false)"#, input: "{}", result: Ok("true") },
            Example { title: "no", source: r#"is_bool("true")"#, input: "{}", result: Ok("false") },
        ]
    }
}

impl Function for IsBool {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::Bool(matches!(args.get(0), Some(Value::Bool(_)))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn is_bool_tests_the_kind() {
        assert_eq!(call(&IsBool, vec![Some(json(r#"true"#))]), Ok(Value::Bool(true)));
        assert_eq!(call(&IsBool, vec![Some(json(r#""false""#))]), Ok(Value::Bool(false)));
    }
}
