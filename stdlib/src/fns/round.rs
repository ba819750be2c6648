//! `round`: a number rounded to the nearest (halves away from zero).

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::fns::abs::number_type;
use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{Rounding, arg_type, round_number};
use crate::value::Value;

pub struct Round;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::NUMBER, required: true, doc: "The number." },
    ParamSig {
        name: "precision",
        kinds: Kinds::INT,
        required: false,
        doc: "Decimal places to keep (negative: tens, hundreds, ...); 0 by default.",
    },
];

impl FnSig for Round {
    fn name(&self) -> &'static str {
        "round"
    }
    fn category(&self) -> &'static str {
        "number"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        number_type(&arg_type(args, 0))
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns `value` rounded to the nearest (halves away from zero) with `precision` decimal places (0 by default; a negative          precision rounds to tens, hundreds, ...). An integer stays an integer (unchanged          unless the precision is negative, saturating at the integer range) and a float stays          a float. Floats are rounded in binary, so a decimal such as 2.675 may land on the          nearer representable side."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "float", source: "round(2.5)", input: "{}", result: Ok("3.0") },
            Example {
                title: "with precision",
                source: "round(3.14159, 3)",
                input: "{}",
                result: Ok("3.142"),
            },
        ]
    }
}

impl Function for Round {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let precision = args.opt_int(1)?.unwrap_or(0);
        let value = args.get(0).unwrap_or(&Value::Null);
        round_number(value, precision, Rounding::Round).ok_or_else(|| {
            FnError::new(format!("`value` must be a number, got {}", value.kind_name()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(call(&Round, vec![some(-2.5), None]), Ok(Value::Float(-3.0)));
        assert_eq!(call(&Round, vec![some(2.4), None]), Ok(Value::Float(2.0)));
        assert_eq!(call(&Round, vec![some(150), some(-2)]), Ok(Value::Int(200)));
        assert_eq!(call(&Round, vec![some(-150), some(-2)]), Ok(Value::Int(-200)));
        assert_eq!(call(&Round, vec![some(0.125), some(2)]), Ok(Value::Float(0.13)));
    }

    #[test]
    fn extreme_precisions_do_not_overflow() {
        assert_eq!(call(&Round, vec![some(1.5), some(i64::MAX)]), Ok(Value::Float(1.5)));
        assert_eq!(call(&Round, vec![some(i64::MAX), some(-5)]), Ok(Value::Int(i64::MAX)));
    }
}
