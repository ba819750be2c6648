//! `sum`: the total of an array of numbers.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_text, element_type};
use crate::value::Value;

pub struct Sum;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::ARRAY,
    required: true,
    doc: "The numbers, integers or floats.",
}];

impl FnSig for Sum {
    fn name(&self) -> &'static str {
        "sum"
    }
    fn category(&self) -> &'static str {
        "number"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        // An empty array sums to the integer 0, so only integer items give a single kind.
        if element_type(args, 0).kinds.intersects(Kinds::FLOAT) {
            Type::of(Kinds::NUMBER)
        } else {
            Type::int()
        }
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        if element_type(args, 0).is_subset_of(Kinds::NUMBER) {
            return None;
        }
        Some(format!("`{}` may hold items that are not numbers", arg_text(args, 0, "value")))
    }
    fn doc(&self) -> &'static str {
        "Returns the total of the numbers in `value`: an integer when every item is an \
         integer (0 for an empty array), else a float, added left to right. Fails when an \
         item is not a number. As with `+`, an integer total beyond the 64-bit range is an \
         error, never a wrapped-around number; it is checked on the exact total, so \
         intermediate sums may overflow as long as the result fits."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "integers", source: "sum([1, 2, 3])", input: "{}", result: Ok("6") },
            Example {
                title: "with a float",
                source: "sum([1, 2.5])",
                input: "{}",
                result: Ok("3.5"),
            },
            Example {
                title: "field",
                source: "sum!(.bytes)",
                input: r#"{"bytes": [512, 1024, 2048]}"#,
                result: Ok("3584"),
            },
            Example {
                title: "not a number",
                source: r#"sum!([1, "2"])"#,
                input: "{}",
                result: Err("item 1 of `value` must be a number, got string"),
            },
        ]
    }
}

impl Function for Sum {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let Some(Value::Array(items)) = args.get(0) else {
            return Err(FnError::new(format!(
                "`value` must be an array, got {}",
                args.get(0).map_or("nothing", Value::kind_name)
            )));
        };
        let mut any_float = false;
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::Int(_) => {}
                Value::Float(_) => any_float = true,
                other => {
                    return Err(FnError::new(format!(
                        "item {i} of `value` must be a number, got {}",
                        other.kind_name()
                    )));
                }
            }
        }
        if any_float { Ok(Value::Float(float_sum(items))) } else { int_sum(items).map(Value::Int) }
    }
}

fn float_sum(items: &[Value]) -> f64 {
    items.iter().fold(0.0, |total, item| match item {
        Value::Int(n) => total + *n as f64,
        Value::Float(f) => total + f,
        _ => total,
    })
}

/// The exact total in 128 bits, which no array that fits in memory can
/// overflow (each item is below 2^63, and there are fewer than 2^64).
fn int_sum(items: &[Value]) -> Result<i64, FnError> {
    let total = items.iter().fold(0i128, |total, item| match item {
        Value::Int(n) => total.saturating_add(i128::from(*n)),
        _ => total,
    });
    i64::try_from(total)
        .map_err(|_| FnError::new(format!("the sum {total} is out of the integer range")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, sig_args, typed};

    fn sum(items: &str) -> Result<Value, FnError> {
        call(&Sum, vec![Some(json(items))])
    }

    #[test]
    fn integers_stay_exact_and_floats_spread() {
        assert_eq!(sum("[]"), Ok(Value::Int(0)));
        assert_eq!(sum("[9223372036854775807, 1, -2]"), Ok(Value::Int(i64::MAX - 1)));
        assert_eq!(sum("[0.1, 0.2]"), Ok(Value::Float(0.1 + 0.2)));
        assert_eq!(sum("[1, 1.5, -1]"), Ok(Value::Float(1.5)));
    }

    #[test]
    fn overflow_and_non_numbers_fail() {
        assert_eq!(
            sum("[9223372036854775807, 1]").unwrap_err().0,
            "the sum 9223372036854775808 is out of the integer range"
        );
        assert_eq!(sum("[1, [2]]").unwrap_err().0, "item 1 of `value` must be a number, got array");
        assert!(call(&Sum, vec![Some(Value::from("12"))]).is_err());
    }

    #[test]
    fn types_follow_the_items() {
        let of = |element: Type| [typed(Type::array_of(element), ".xs")];
        assert_eq!(Sum.return_type(&sig_args(&of(Type::int()))), Type::int());
        assert_eq!(Sum.return_type(&sig_args(&of(Type::float()))), Type::of(Kinds::NUMBER));
        assert_eq!(Sum.return_type(&sig_args(&of(Type::any()))), Type::of(Kinds::NUMBER));
        assert_eq!(Sum.fallible(&sig_args(&of(Type::int()))), None);
        assert_eq!(
            Sum.fallible(&sig_args(&of(Type::any()))).as_deref(),
            Some("`.xs` may hold items that are not numbers")
        );
    }
}
