//! `ceil`: a number rounded up.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::fns::abs::number_type;
use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{Rounding, arg_type, round_number};
use crate::value::Value;

pub struct Ceil;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::NUMBER, required: true, doc: "The number." },
    ParamSig {
        name: "precision",
        kinds: Kinds::INT,
        required: false,
        doc: "Decimal places to keep (negative: tens, hundreds, ...); 0 by default.",
    },
];

impl FnSig for Ceil {
    fn name(&self) -> &'static str {
        "ceil"
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
        "Returns `value` rounded up with `precision` decimal places (0 by default; a negative          precision rounds to tens, hundreds, ...). An integer stays an integer (unchanged          unless the precision is negative, saturating at the integer range) and a float stays          a float. Floats are rounded in binary, so a decimal such as 2.675 may land on the          nearer representable side."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "float", source: "ceil(4.1)", input: "{}", result: Ok("5.0") },
            Example {
                title: "with precision",
                source: "ceil(4.123, 2)",
                input: "{}",
                result: Ok("4.13"),
            },
        ]
    }
}

impl Function for Ceil {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let precision = args.opt_int(1)?.unwrap_or(0);
        let value = args.get(0).unwrap_or(&Value::Null);
        round_number(value, precision, Rounding::Ceil).ok_or_else(|| {
            FnError::new(format!("`value` must be a number, got {}", value.kind_name()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn rounds_up() {
        assert_eq!(call(&Ceil, vec![some(-4.9), None]), Ok(Value::Float(-4.0)));
        assert_eq!(call(&Ceil, vec![some(12), some(-1)]), Ok(Value::Int(20)));
        assert_eq!(call(&Ceil, vec![some(12), some(3)]), Ok(Value::Int(12)));
        assert_eq!(call(&Ceil, vec![some(0.001), some(2)]), Ok(Value::Float(0.01)));
    }

    #[test]
    fn non_numbers_fail() {
        assert_eq!(
            call(&Ceil, vec![some("1.5"), None]).unwrap_err().0,
            "`value` must be a number, got string"
        );
        assert!(call(&Ceil, vec![some(1.5), some(1.5)]).is_err());
    }
}
