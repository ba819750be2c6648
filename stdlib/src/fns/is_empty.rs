//! `is_empty`: whether a string, array or object has nothing in it.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsEmpty;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::ARRAY.0 | Kinds::OBJECT.0),
    required: true,
    doc: "The string, array or object to test.",
}];

impl FnSig for IsEmpty {
    fn name(&self) -> &'static str {
        "is_empty"
    }
    fn category(&self) -> &'static str {
        "type"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::bool()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "True when `value` is the empty string, an array without items or an object without \
         fields. A string of spaces is not empty (see `is_nullish`)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "empty string",
                source: r#"is_empty("")"#,
                input: "{}",
                result: Ok("true"),
            },
            Example {
                title: "object with a field",
                source: r#"is_empty({"a": null})"#,
                input: "{}",
                result: Ok("false"),
            },
        ]
    }
}

impl Function for IsEmpty {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let empty = match args.get(0) {
            Some(Value::String(s)) => s.is_empty(),
            Some(Value::Array(items)) => items.is_empty(),
            Some(Value::Object(fields)) => fields.is_empty(),
            other => {
                return Err(FnError::new(format!(
                    "`value` must be a string, an array or an object, got {}",
                    other.map_or("nothing", Value::kind_name)
                )));
            }
        };
        Ok(Value::Bool(empty))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn empty_and_not() {
        for (text, empty) in
            [(r#""""#, true), ("[]", true), ("{}", true), (r#"" ""#, false), ("[null]", false)]
        {
            assert_eq!(call(&IsEmpty, vec![Some(json(text))]), Ok(Value::Bool(empty)), "{text}");
        }
    }

    #[test]
    fn scalars_fail() {
        let err = call(&IsEmpty, vec![Some(Value::Null)]).unwrap_err();
        assert_eq!(err.0, "`value` must be a string, an array or an object, got null");
    }
}
