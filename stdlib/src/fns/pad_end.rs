//! `pad_end`: a string padded on the right to a length.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::Type;

use crate::fns::pad_start::{PARAMS, Side, check_pad_args, pad, pad_fallible};
use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct PadEnd;

impl FnSig for PadEnd {
    fn name(&self) -> &'static str {
        "pad_end"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        pad_fallible(args)
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        check_pad_args(args)
    }
    fn doc(&self) -> &'static str {
        "Returns `value` with copies of `fill` added after it until it is `length` \
         characters long; the last copy is cut short when it does not fit whole. A value \
         already that long, or longer, is returned unchanged. Fails when `length` is above \
         1048576 or `fill` is empty, as `pad_start` does."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "aligned column",
                source: r#"pad_end(.level, 7) + "|""#,
                input: r#"{"level": "warn"}"#,
                result: Ok(r#""warn   |""#),
            },
            Example {
                title: "dots",
                source: r#"pad_end("Total", 9, ".")"#,
                input: "{}",
                result: Ok(r#""Total....""#),
            },
        ]
    }
}

impl Function for PadEnd {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        pad(args, Side::End)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn pads_after_the_value() {
        let padded = call(&PadEnd, vec![some("日本"), some(5), some("ab")]);
        assert_eq!(padded, Ok(Value::from("日本aba")));
        assert_eq!(call(&PadEnd, vec![some("long"), some(1), None]), Ok(Value::from("long")));
    }

    #[test]
    fn limits_hold() {
        assert!(call(&PadEnd, vec![some("x"), some(i64::MAX), None]).is_err());
        assert!(call(&PadEnd, vec![some("x"), some(2), some("")]).is_err());
    }
}
