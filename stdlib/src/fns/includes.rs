//! `includes`: whether an array holds a value.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Includes;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::ARRAY, required: true, doc: "The array to search." },
    ParamSig { name: "item", kinds: Kinds::ANY, required: true, doc: "The value to look for." },
];

impl FnSig for Includes {
    fn name(&self) -> &'static str {
        "includes"
    }
    fn category(&self) -> &'static str {
        "array"
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
        "True when an item of `value` equals `item`, as `==` compares: kinds must match \
         (`1` is not `1.0` nor `\"1\"`), arrays and objects compare by content."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "present",
                source: r#"includes(["GET", "HEAD"], .method)"#,
                input: r#"{"method": "GET"}"#,
                result: Ok("true"),
            },
            Example {
                title: "kinds differ",
                source: r#"includes([1, 2], "1")"#,
                input: "{}",
                result: Ok("false"),
            },
        ]
    }
}

impl Function for Includes {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let item = args.take(1);
        match args.get(0) {
            Some(Value::Array(items)) => Ok(Value::Bool(items.contains(&item))),
            other => Err(FnError::new(format!(
                "`value` must be an array, got {}",
                other.map_or("nothing", Value::kind_name)
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    #[test]
    fn compares_by_kind_and_content() {
        let items = json(r#"[1, "é", {"a": [null]}, 2.5]"#);
        for (item, found) in [
            ("1", true),
            ("1.0", false),
            (r#""é""#, true),
            (r#"{"a": [null]}"#, true),
            ("null", false),
            ("2.5", true),
        ] {
            assert_eq!(
                call(&Includes, vec![Some(items.clone()), Some(json(item))]),
                Ok(Value::Bool(found)),
                "{item}"
            );
        }
        assert_eq!(call(&Includes, vec![Some(json("[]")), some(1)]), Ok(Value::Bool(false)));
    }

    #[test]
    fn non_array_fails() {
        assert!(call(&Includes, vec![some("abc"), some("a")]).is_err());
    }
}
