//! `pad_start`: a string padded on the left to a length.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_const_int, arg_const_str, arg_given, arg_text};
use crate::value::Value;

pub struct PadStart;

/// The longest result, in characters: a length computed from data must not
/// be able to make one call allocate without bound.
pub(crate) const MAX_LENGTH: i64 = 1 << 20;

pub(crate) const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to pad." },
    ParamSig {
        name: "length",
        kinds: Kinds::INT,
        required: true,
        doc: "The length to reach, in characters (at most 1048576).",
    },
    ParamSig {
        name: "fill",
        kinds: Kinds::STRING,
        required: false,
        doc: "The text to pad with, repeated as needed; a space by default.",
    },
];

impl FnSig for PadStart {
    fn name(&self) -> &'static str {
        "pad_start"
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
        "Returns `value` with copies of `fill` added before it until it is `length` \
         characters long; the last copy is cut short when it does not fit whole. A value \
         already that long, or longer, is returned unchanged (never truncated: see \
         `truncate`). Fails when `length` is above 1048576 or `fill` is empty; a \
         literal length and fill are checked at compile time instead, so the call cannot \
         fail."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "zero padding",
                source: r#"pad_start("42", 5, "0")"#,
                input: "{}",
                result: Ok(r#""00042""#),
            },
            Example {
                title: "spaces by default",
                source: r#"pad_start("ab", 4)"#,
                input: "{}",
                result: Ok(r#""  ab""#),
            },
            Example {
                title: "a longer fill is cut",
                source: r#"pad_start("x", 6, "-=")"#,
                input: "{}",
                result: Ok(r#""-=-=-x""#),
            },
        ]
    }
}

impl Function for PadStart {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        pad(args, Side::Start)
    }
}

/// Where `pad` adds the fill.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Side {
    Start,
    End,
}

/// A length that is not a literal may be too large, a fill that is not a
/// literal empty; literals that are wrong are `check_pad_args` errors.
pub(crate) fn pad_fallible(args: &SigArgs<'_>) -> Option<String> {
    if arg_const_int(args, 1).is_none() {
        return Some(format!("`{}` may be above {MAX_LENGTH}", arg_text(args, 1, "length")));
    }
    (arg_given(args, 2) && arg_const_str(args, 2).is_none())
        .then(|| format!("`{}` may be empty", arg_text(args, 2, "fill")))
}

pub(crate) fn check_pad_args(args: &SigArgs<'_>) -> Result<(), (usize, String)> {
    if let Some(length) = arg_const_int(args, 1) {
        check_length(length).map_err(|e| (1, e.0))?;
    }
    match arg_const_str(args, 2) {
        Some(fill) => check_fill(fill).map(drop).map_err(|e| (2, e.0)),
        None => Ok(()),
    }
}

fn check_length(length: i64) -> Result<usize, FnError> {
    if length > MAX_LENGTH {
        return Err(FnError::new(format!("`length` must be at most {MAX_LENGTH}, got {length}")));
    }
    // A negative length asks for nothing, so nothing is added.
    Ok(usize::try_from(length).unwrap_or(0))
}

fn check_fill(fill: &str) -> Result<&str, FnError> {
    if fill.is_empty() {
        return Err(FnError::new("`fill` must not be empty"));
    }
    Ok(fill)
}

/// Pads argument 0 to the length in argument 1 with the fill in argument 2.
pub(crate) fn pad(args: &Args, side: Side) -> Result<Value, FnError> {
    let length = check_length(args.int(1)?)?;
    let fill = check_fill(args.opt_str(2)?.map_or(" ", |s| s.as_str()))?;
    let value = args.str(0)?;
    let missing = length.saturating_sub(value.chars().count());
    if missing == 0 {
        return Ok(Value::String(value.clone()));
    }
    let padding: String = fill.chars().cycle().take(missing).collect();
    let joined = match side {
        Side::Start => padding + value.as_str(),
        Side::End => format!("{value}{padding}"),
    };
    Ok(Value::from(joined))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, literal, literal_str, sig_args, some, typed};
    use lgp_lang::ast::Literal;

    fn pad_start(value: &str, length: i64, fill: Option<&str>) -> Result<Value, FnError> {
        call(&PadStart, vec![some(value), some(length), fill.map(Value::from)])
    }

    #[test]
    fn pads_by_characters() {
        assert_eq!(pad_start("é", 3, Some("ü")), Ok(Value::from("üüé")));
        assert_eq!(pad_start("abc", 3, None), Ok(Value::from("abc")));
        assert_eq!(pad_start("abcd", 2, None), Ok(Value::from("abcd")));
        assert_eq!(pad_start("", 3, Some("ab")), Ok(Value::from("aba")));
        assert_eq!(pad_start("x", -5, None), Ok(Value::from("x")));
    }

    #[test]
    fn limits_hold() {
        assert_eq!(
            pad_start("x", i64::MAX, None).unwrap_err().0,
            "`length` must be at most 1048576, got 9223372036854775807"
        );
        assert_eq!(pad_start("x", 3, Some("")).unwrap_err().0, "`fill` must not be empty");
        let longest = pad_start("", MAX_LENGTH, Some("é"));
        assert_eq!(longest.map(|v| v.as_str().map(|s| s.chars().count())), Ok(Some(1 << 20)));
    }

    #[test]
    fn literals_make_calls_infallible() {
        let constant = [typed(Type::string(), ".id"), literal(Literal::Int(8), "8"), None];
        assert_eq!(PadStart.fallible(&sig_args(&constant)), None);
        let width = [typed(Type::string(), ".id"), typed(Type::int(), ".width"), None];
        assert_eq!(
            PadStart.fallible(&sig_args(&width)).as_deref(),
            Some("`.width` may be above 1048576")
        );
        let fill = [
            typed(Type::string(), ".id"),
            literal(Literal::Int(8), "8"),
            typed(Type::string(), ".fill"),
        ];
        assert_eq!(PadStart.fallible(&sig_args(&fill)).as_deref(), Some("`.fill` may be empty"));
        let empty = [typed(Type::string(), ".id"), literal(Literal::Int(8), "8"), literal_str("")];
        assert_eq!(
            PadStart.check_args(&sig_args(&empty)),
            Err((2, "`fill` must not be empty".to_owned()))
        );
    }
}
