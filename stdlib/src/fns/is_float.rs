//! `is_float`: whether a value is a float.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsFloat;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." }];

impl FnSig for IsFloat {
    fn name(&self) -> &'static str {
        "is_float"
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
        "True when `value` is a float. Inside `if is_float(.x) { ... }` the checker narrows `.x` to that kind."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "yes", source: r#"is_float(3.0)"#, input: "{}", result: Ok("true") },
            Example { title: "no", source: r#"is_float(3)"#, input: "{}", result: Ok("false") },
        ]
    }
}

impl Function for IsFloat {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::Bool(matches!(args.get(0), Some(Value::Float(_)))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn is_float_tests_the_kind() {
        assert_eq!(call(&IsFloat, vec![Some(json(r#"1e3"#))]), Ok(Value::Bool(true)));
        assert_eq!(call(&IsFloat, vec![Some(json(r#""1.5""#))]), Ok(Value::Bool(false)));
    }
}
