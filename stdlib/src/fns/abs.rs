//! `abs`: the absolute value of a number.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::arg_type;
use crate::value::Value;

pub struct Abs;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::NUMBER, required: true, doc: "The number." }];

impl FnSig for Abs {
    fn name(&self) -> &'static str {
        "abs"
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
        "Returns `value` without its sign, as an integer for an integer and a float for a \
         float. The absolute value of the smallest integer does not fit: it saturates to the \
         largest one."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "integer", source: "abs(-42)", input: "{}", result: Ok("42") },
            Example {
                title: "float",
                source: "abs(.delta)",
                input: r#"{"delta": -0.5}"#,
                result: Ok("0.5"),
            },
        ]
    }
}

/// The kinds a numeric function returns for an argument of type `arg`: the
/// same numeric kinds, or both when unknown.
pub(crate) fn number_type(arg: &Type) -> Type {
    let kinds = arg.kinds.intersect(Kinds::NUMBER);
    Type::of(if kinds.is_empty() { Kinds::NUMBER } else { kinds })
}

impl Function for Abs {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        match args.get(0) {
            Some(Value::Int(i)) => Ok(Value::Int(i.saturating_abs())),
            Some(Value::Float(f)) => Ok(Value::Float(f.abs())),
            other => Err(FnError::new(format!(
                "`value` must be a number, got {}",
                other.map_or("nothing", Value::kind_name)
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn integers_and_floats() {
        assert_eq!(call(&Abs, vec![some(-3)]), Ok(Value::Int(3)));
        assert_eq!(call(&Abs, vec![some(i64::MIN)]), Ok(Value::Int(i64::MAX)));
        assert_eq!(call(&Abs, vec![some(-0.0)]), Ok(Value::Float(0.0)));
        assert_eq!(call(&Abs, vec![some(f64::NEG_INFINITY)]), Ok(Value::Float(f64::INFINITY)));
    }

    #[test]
    fn non_numbers_fail() {
        assert_eq!(
            call(&Abs, vec![some("-3")]).unwrap_err().0,
            "`value` must be a number, got string"
        );
    }
}
