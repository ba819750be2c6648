//! `float`: a value converted to a floating-point number.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_may_be, arg_text};
use crate::value::Value;

pub struct Float;

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

impl FnSig for Float {
    fn name(&self) -> &'static str {
        "float"
    }
    fn category(&self) -> &'static str {
        "type"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::float()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        arg_may_be(args, 0, Kinds::STRING)
            .then(|| format!("`{}` may not be a valid number", arg_text(args, 0, "value")))
    }
    fn doc(&self) -> &'static str {
        "Converts a value to a 64-bit float. A string must be a finite decimal number \
         (`1.5`, `-2`, `1e3`; surrounding whitespace is ignored; `NaN` and `inf` are refused, \
         as JSON cannot hold them). Integers convert to the nearest float, `true` is 1.0 and \
         `false` 0.0, `null` is 0.0, a timestamp gives its Unix time in seconds with a \
         fraction. Only strings can fail."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "from a string",
                source: r#"float!("2.5e3")"#,
                input: "{}",
                result: Ok("2500.0"),
            },
            Example {
                title: "from an integer",
                source: "float(3)",
                input: "{}",
                result: Ok("3.0"),
            },
        ]
    }
}

impl Function for Float {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let converted = match args.take(0) {
            Value::Null => 0.0,
            Value::Bool(b) => f64::from(u8::from(b)),
            // Large integers round to the nearest float, as JSON readers do.
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            Value::String(text) => parse(&text)?,
            Value::Timestamp(t) => {
                t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) / 1e9
            }
            other => {
                return Err(FnError::new(format!(
                    "cannot convert {} to a float",
                    other.kind_name()
                )));
            }
        };
        Ok(Value::Float(converted))
    }
}

fn parse(text: &str) -> Result<f64, FnError> {
    match text.trim().parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(f),
        _ => Err(FnError::new(format!("`{}` is not a valid number", text.escape_debug()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    fn convert(value: Value) -> Result<Value, FnError> {
        call(&Float, vec![Some(value)])
    }

    #[test]
    fn strings_parse_to_finite_numbers() {
        assert_eq!(convert(" -0.25 ".into()), Ok(Value::Float(-0.25)));
        assert_eq!(convert("7".into()), Ok(Value::Float(7.0)));
        assert_eq!(convert("NaN".into()).unwrap_err().0, "`NaN` is not a valid number");
        assert!(convert("inf".into()).is_err());
        assert!(convert("1e999".into()).is_err());
        assert!(convert("1,5".into()).is_err());
        assert!(convert("".into()).is_err());
    }

    #[test]
    fn other_kinds() {
        assert_eq!(convert(Value::Int(i64::MAX)), Ok(Value::Float(9.223372036854776e18)));
        assert_eq!(convert(Value::Bool(true)), Ok(Value::Float(1.0)));
        assert_eq!(convert(Value::Null), Ok(Value::Float(0.0)));
        let t = chrono::DateTime::from_timestamp(10, 500_000_000).unwrap();
        assert_eq!(convert(Value::Timestamp(t)), Ok(Value::Float(10.5)));
        assert_eq!(convert(json("{}")).unwrap_err().0, "cannot convert object to a float");
    }
}
