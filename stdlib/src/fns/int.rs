//! `int`: a value converted to an integer.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_may_be, arg_text};
use crate::value::Value;

pub struct Int;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(
        Kinds::NULL.0
            | Kinds::BOOL.0
            | Kinds::INT.0
            | Kinds::FLOAT.0
            | Kinds::STRING.0
            | Kinds::TIMESTAMP.0,
    ),
    required: true,
    doc: "The value to convert.",
}];

/// The first float beyond the integer range: 2^63.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

impl FnSig for Int {
    fn name(&self) -> &'static str {
        "int"
    }
    fn category(&self) -> &'static str {
        "type"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::int()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let text = arg_text(args, 0, "value");
        if arg_may_be(args, 0, Kinds::STRING) {
            return Some(format!("`{text}` may not be a valid integer"));
        }
        if arg_may_be(args, 0, Kinds::FLOAT) {
            return Some(format!("`{text}` may be out of the integer range"));
        }
        None
    }
    fn doc(&self) -> &'static str {
        "Converts a value to a 64-bit integer. A string must be a decimal integer (an optional \
         sign, then digits; surrounding whitespace is ignored). A float is truncated toward \
         zero and fails when it is NaN, infinite or out of range. `true` is 1 and `false` 0, \
         `null` is 0, a timestamp gives its Unix time in whole seconds. Calls on integers, \
         booleans, null or timestamps cannot fail."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "from a string",
                source: r#"int!("-42")"#,
                input: "{}",
                result: Ok("-42"),
            },
            Example {
                title: "truncating a float",
                source: "int!(3.9)",
                input: "{}",
                result: Ok("3"),
            },
            Example {
                title: "with a default",
                source: "int(.duration_ms) ?? 0",
                input: r#"{"duration_ms": "n/a"}"#,
                result: Ok("0"),
            },
        ]
    }
}

impl Function for Int {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let converted = match args.take(0) {
            Value::Null => 0,
            Value::Bool(b) => i64::from(b),
            Value::Int(i) => i,
            Value::Float(f) => from_float(f)?,
            Value::String(text) => text.trim().parse().map_err(|_| {
                FnError::new(format!("`{}` is not a valid integer", text.escape_debug()))
            })?,
            Value::Timestamp(t) => t.timestamp(),
            other => {
                return Err(FnError::new(format!(
                    "cannot convert {} to an integer",
                    other.kind_name()
                )));
            }
        };
        Ok(Value::Int(converted))
    }
}

fn from_float(f: f64) -> Result<i64, FnError> {
    let truncated = f.trunc();
    // NaN is outside every range too.
    if !(-TWO_POW_63..TWO_POW_63).contains(&truncated) {
        return Err(FnError::new(format!("{f} is out of the integer range")));
    }
    // In range and whole, so the cast is exact.
    Ok(truncated as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    fn convert(value: Value) -> Result<Value, FnError> {
        call(&Int, vec![Some(value)])
    }

    #[test]
    fn strings_parse_strictly() {
        assert_eq!(convert(" +17 ".into()), Ok(Value::Int(17)));
        assert_eq!(convert("-9223372036854775808".into()), Ok(Value::Int(i64::MIN)));
        assert_eq!(convert("3.0".into()).unwrap_err().0, "`3.0` is not a valid integer");
        assert_eq!(convert("".into()).unwrap_err().0, "`` is not a valid integer");
        assert!(convert("9223372036854775808".into()).is_err());
        assert!(convert("٣".into()).is_err());
        assert_eq!(convert("a\nb".into()).unwrap_err().0, r"`a\nb` is not a valid integer");
    }

    #[test]
    fn floats_truncate_toward_zero_within_range() {
        assert_eq!(convert(Value::Float(-3.9)), Ok(Value::Int(-3)));
        assert_eq!(convert(Value::Float(-9.223372036854776e18)), Ok(Value::Int(i64::MIN)));
        assert!(convert(Value::Float(9.223372036854776e18)).is_err());
        assert!(convert(Value::Float(f64::NAN)).is_err());
        assert!(convert(Value::Float(f64::INFINITY)).is_err());
    }

    #[test]
    fn other_scalars_convert_and_containers_fail() {
        assert_eq!(convert(Value::Null), Ok(Value::Int(0)));
        assert_eq!(convert(Value::Bool(true)), Ok(Value::Int(1)));
        let t = chrono::DateTime::from_timestamp(-1, 500).unwrap();
        assert_eq!(convert(Value::Timestamp(t)), Ok(Value::Int(-1)));
        assert_eq!(convert(json("[]")).unwrap_err().0, "cannot convert array to an integer");
    }
}
