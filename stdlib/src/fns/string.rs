//! `string`: a scalar value converted to text.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::scalar_text;
use crate::value::Value;

pub struct String;

/// Every scalar except `null`, so that `string(.missing) ?? "default"` takes
/// the default instead of producing an empty string.
const CONVERTIBLE: Kinds = Kinds(
    Kinds::BOOL.0
        | Kinds::INT.0
        | Kinds::FLOAT.0
        | Kinds::STRING.0
        | Kinds::BYTES.0
        | Kinds::TIMESTAMP.0
        | Kinds::REGEX.0,
);

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: CONVERTIBLE, required: true, doc: "The value to convert." }];

impl FnSig for String {
    fn name(&self) -> &'static str {
        "string"
    }
    fn category(&self) -> &'static str {
        "type"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<std::string::String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Converts a scalar to a string: a string is returned as is, integers and booleans as \
         written, floats in their shortest exact form with `.0` on whole numbers (`2.0`), \
         timestamps as RFC 3339 in UTC, bytes as UTF-8 (invalid sequences become U+FFFD), a \
         regex as its source. `null`, arrays and objects are not converted: the call fails, \
         so `string(.x) ?? \"default\"` supplies a default for a missing field (use \
         `encode_json` to write arrays and objects)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example { title: "integer", source: "string(42)", input: "{}", result: Ok(r#""42""#) },
            Example {
                title: "float",
                source: "string(.ratio)",
                input: r#"{"ratio": 0.5}"#,
                result: Ok(r#""0.5""#),
            },
            Example {
                title: "missing value",
                source: r#"string(.codes[1]) ?? "none""#,
                input: r#"{"codes": [200, null]}"#,
                result: Ok(r#""none""#),
            },
        ]
    }
}

impl Function for String {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        match args.take(0) {
            // Already a string: keep it, and its shared storage.
            Value::String(text) => Ok(Value::String(text)),
            value @ (Value::Null | Value::Array(_) | Value::Object(_)) => {
                Err(FnError::new(format!("cannot convert {} to a string", value.kind_name())))
            }
            value => Ok(Value::from(scalar_text(&value).unwrap_or_default())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::compile_regex;
    use crate::util::testing::{call, json};

    fn convert(value: Value) -> Result<Value, FnError> {
        call(&String, vec![Some(value)])
    }

    #[test]
    fn scalars_convert() {
        assert_eq!(convert(Value::Int(-7)), Ok(Value::from("-7")));
        assert_eq!(convert(Value::Float(2.0)), Ok(Value::from("2.0")));
        assert_eq!(convert(Value::Float(1e21)), Ok(Value::from("1e+21")));
        assert_eq!(convert(Value::Bool(false)), Ok(Value::from("false")));
        assert_eq!(convert(Value::from("héllo")), Ok(Value::from("héllo")));
        let regex = Value::Regex(compile_regex(r"\d+").unwrap());
        assert_eq!(convert(regex), Ok(Value::from(r"\d+")));
    }

    #[test]
    fn timestamps_and_bytes_convert() {
        let t = chrono::DateTime::from_timestamp(1_700_000_000, 5_000_000).unwrap();
        assert_eq!(convert(Value::Timestamp(t)), Ok(Value::from("2023-11-14T22:13:20.005Z")));
        let bytes = Value::Bytes(bytes::Bytes::from_static(b"ok\xff"));
        assert_eq!(convert(bytes), Ok(Value::from("ok\u{fffd}")));
    }

    #[test]
    fn null_and_containers_fail() {
        assert_eq!(convert(Value::Null).unwrap_err().0, "cannot convert null to a string");
        assert_eq!(convert(json("[1]")).unwrap_err().0, "cannot convert array to a string");
        assert_eq!(convert(json("{}")).unwrap_err().0, "cannot convert object to a string");
    }

    #[test]
    fn nan_has_a_text_form() {
        assert_eq!(convert(Value::Float(f64::NAN)), Ok(Value::from("NaN")));
    }
}
