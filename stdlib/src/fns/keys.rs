//! `keys`: the field names of an object.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Keys;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::OBJECT, required: true, doc: "The object." }];

impl FnSig for Keys {
    fn name(&self) -> &'static str {
        "keys"
    }
    fn category(&self) -> &'static str {
        "object"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::array_of(Type::string())
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the top-level field names of `value`, sorted (objects keep their fields \
         sorted by name)."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "object",
            source: r#"keys({"b": 1, "a": {"c": 2}})"#,
            input: "{}",
            result: Ok(r#"["a","b"]"#),
        }]
    }
}

impl Function for Keys {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        match args.get(0) {
            Some(Value::Object(fields)) => {
                Ok(Value::Array(fields.keys().map(|k| Value::String(k.clone())).collect()))
            }
            other => Err(FnError::new(format!(
                "`value` must be an object, got {}",
                other.map_or("nothing", Value::kind_name)
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};

    #[test]
    fn sorted_names_including_unicode() {
        let got = call(&Keys, vec![Some(json(r#"{"é": 1, "z": 2, "": 3}"#))]);
        assert_eq!(got, Ok(json(r#"["","z","é"]"#)));
        assert_eq!(call(&Keys, vec![Some(json("{}"))]), Ok(json("[]")));
    }

    #[test]
    fn non_objects_fail() {
        assert_eq!(
            call(&Keys, vec![Some(json("[1]"))]).unwrap_err().0,
            "`value` must be an object, got array"
        );
    }
}
