//! `is_timestamp`: whether a value is a timestamp.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsTimestamp;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." }];

impl FnSig for IsTimestamp {
    fn name(&self) -> &'static str {
        "is_timestamp"
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
        "True when `value` is a timestamp. Inside `if is_timestamp(.x) { ... }` the checker narrows `.x` to that kind."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "yes",
                source: r#"is_timestamp(t'2026-11-26T10:00:00Z')"#,
                input: "{}",
                result: Ok("true"),
            },
            Example {
                title: "no",
                source: r#"is_timestamp("2026-11-26T10:00:00Z")"#,
                input: "{}",
                result: Ok("false"),
            },
        ]
    }
}

impl Function for IsTimestamp {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::Bool(matches!(args.get(0), Some(Value::Timestamp(_)))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn is_timestamp_tests_the_kind() {
        let t = chrono::DateTime::from_timestamp(0, 0).unwrap();
        assert_eq!(call(&IsTimestamp, vec![Some(Value::Timestamp(t))]), Ok(Value::Bool(true)));
        assert_eq!(
            call(&IsTimestamp, vec![Some(json(r#""2026-11-26T10:00:00Z""#))]),
            Ok(Value::Bool(false))
        );
    }
}
