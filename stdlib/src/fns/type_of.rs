//! `type_of`: the kind of a value, as a string.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct TypeOf;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to inspect." }];

impl FnSig for TypeOf {
    fn name(&self) -> &'static str {
        "type_of"
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
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the kind of `value` as the type names of the language write it: `null`, \
         `bool`, `int`, `float`, `string`, `bytes`, `timestamp`, `regex`, `array` or `object`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "field",
                source: "type_of(.status)",
                input: r#"{"status": 200}"#,
                result: Ok(r#""int""#),
            },
            Example {
                title: "missing field",
                source: "type_of(.nothing)",
                input: "{}",
                result: Ok(r#""null""#),
            },
        ]
    }
}

impl Function for TypeOf {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::from(args.get(0).map_or("null", Value::kind_name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn names_every_json_kind() {
        let cases = [
            ("null", "null"),
            ("true", "bool"),
            ("1", "int"),
            ("1.5", "float"),
            (r#""s""#, "string"),
            ("[]", "array"),
            ("{}", "object"),
        ];
        for (text, kind) in cases {
            assert_eq!(call(&TypeOf, vec![Some(json(text))]), Ok(Value::from(kind)), "{text}");
        }
    }

    #[test]
    fn names_kinds_json_lacks() {
        let t = chrono::DateTime::from_timestamp(0, 0).unwrap();
        assert_eq!(call(&TypeOf, vec![Some(Value::Timestamp(t))]), Ok(Value::from("timestamp")));
        let bytes = Value::Bytes(bytes::Bytes::new());
        assert_eq!(call(&TypeOf, vec![Some(bytes)]), Ok(Value::from("bytes")));
    }
}
