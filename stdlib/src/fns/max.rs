//! `max`: the largest number of an array.

use std::cmp::Ordering;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::Type;

use crate::fns::min::{PARAMS, extreme, extreme_fallible, number_type};
use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Max;

impl FnSig for Max {
    fn name(&self) -> &'static str {
        "max"
    }
    fn category(&self) -> &'static str {
        "number"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        number_type(args)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        extreme_fallible(args)
    }
    fn doc(&self) -> &'static str {
        "Returns the largest number in `value`, as it is (an integer stays an integer; of \
         equal numbers, the first). Integers and floats compare by exact value, and NaN \
         counts as above every number, so it wins. Fails when `value` is empty or holds \
         something other than a number, with the same rule as `min` for when the call \
         cannot fail."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "literal", source: "max([3, -1.5, 2])", input: "{}", result: Ok("3") },
            Example {
                title: "field with a default",
                source: "max(.retries) ?? 0",
                input: r#"{"retries": [0, 2, 1]}"#,
                result: Ok("2"),
            },
        ]
    }
}

impl Function for Max {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        extreme(args, Ordering::Greater)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, call_once, json};

    #[test]
    fn largest_by_exact_value() {
        assert_eq!(call(&Max, vec![Some(json("[1, 3.0, 3, 2]"))]), Ok(Value::Float(3.0)));
        let big = json("[9223372036854775807, 9.2e18]");
        assert_eq!(call(&Max, vec![Some(big)]), Ok(Value::Int(i64::MAX)));
        let with_nan = vec![Value::Int(4), Value::Float(f64::NAN)];
        let largest = call_once(&Max, vec![Some(Value::Array(with_nan))]);
        assert!(matches!(largest, Ok(Value::Float(f)) if f.is_nan()));
    }

    #[test]
    fn empty_and_non_numbers_fail() {
        assert_eq!(call(&Max, vec![Some(json("[]"))]).unwrap_err().0, "`value` is empty");
        assert!(call(&Max, vec![Some(json(r#"["9"]"#))]).is_err());
    }
}
