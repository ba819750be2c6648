//! `length`: how many characters, items or fields a value has.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Length;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::ARRAY.0 | Kinds::OBJECT.0),
    required: true,
    doc: "The string, array or object to measure.",
}];

impl FnSig for Length {
    fn name(&self) -> &'static str {
        "length"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::int()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the number of characters (Unicode scalar values, not bytes) in a string, of \
         items in an array, or of top-level fields in an object. Counting characters keeps \
         `length` consistent with `slice` and `truncate`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "string", source: r#"length("héllo")"#, input: "{}", result: Ok("5")
            },
            Example {
                title: "array",
                source: "length(.tags)",
                input: r#"{"tags": ["a", "b"]}"#,
                result: Ok("2"),
            },
            Example {
                title: "object",
                source: r#"length({"a": 1, "b": {"c": 2}})"#,
                input: "{}",
                result: Ok("2"),
            },
        ]
    }
}

impl Function for Length {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let count = match args.get(0) {
            Some(Value::String(s)) => s.chars().count(),
            Some(Value::Array(items)) => items.len(),
            Some(Value::Object(fields)) => fields.len(),
            other => {
                return Err(FnError::new(format!(
                    "`value` must be a string, an array or an object, got {}",
                    other.map_or("nothing", Value::kind_name)
                )));
            }
        };
        Ok(Value::Int(i64::try_from(count).unwrap_or(i64::MAX)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    #[test]
    fn counts_characters_items_and_fields() {
        assert_eq!(call(&Length, vec![some("日本")]), Ok(Value::Int(2)));
        assert_eq!(call(&Length, vec![some("")]), Ok(Value::Int(0)));
        assert_eq!(call(&Length, vec![Some(json("[[1,2],3]"))]), Ok(Value::Int(2)));
        assert_eq!(call(&Length, vec![Some(json("{}"))]), Ok(Value::Int(0)));
    }

    #[test]
    fn scalars_fail() {
        let err = call(&Length, vec![some(3)]).unwrap_err();
        assert_eq!(err.0, "`value` must be a string, an array or an object, got int");
    }
}
