//! `join`: the strings of an array joined into one.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_text, element_type};
use crate::value::Value;

pub struct Join;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::ARRAY, required: true, doc: "The strings to join." },
    ParamSig {
        name: "separator",
        kinds: Kinds::STRING,
        required: false,
        doc: "Put between items; none by default.",
    },
];

impl FnSig for Join {
    fn name(&self) -> &'static str {
        "join"
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
        if element_type(args, 0).is_subset_of(Kinds::STRING) {
            return None;
        }
        Some(format!("`{}` may hold items that are not strings", arg_text(args, 0, "value")))
    }
    fn doc(&self) -> &'static str {
        "Joins the strings of `value` into one string, with `separator` between them. Fails \
         when an item is not a string (convert items first with `string`)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "with separator",
                source: r#"join(["a", "b", "c"], ", ")"#,
                input: "{}",
                result: Ok(r#""a, b, c""#),
            },
            Example {
                title: "without separator",
                source: r#"join(["x", "y"])"#,
                input: "{}",
                result: Ok(r#""xy""#),
            },
            Example {
                title: "non-string item",
                source: r#"join!(["a", 1], "-")"#,
                input: "{}",
                result: Err("item 1 of `value` must be a string, got int"),
            },
        ]
    }
}

impl Function for Join {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let separator = args.opt_str(1)?.map_or("", |s| s.as_str());
        let Some(Value::Array(items)) = args.get(0) else {
            return Err(FnError::new(format!(
                "`value` must be an array, got {}",
                args.get(0).map_or("nothing", Value::kind_name)
            )));
        };
        let mut joined = String::new();
        for (i, item) in items.iter().enumerate() {
            let Value::String(text) = item else {
                return Err(FnError::new(format!(
                    "item {i} of `value` must be a string, got {}",
                    item.kind_name()
                )));
            };
            if i > 0 {
                joined.push_str(separator);
            }
            joined.push_str(text);
        }
        Ok(Value::from(joined))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    #[test]
    fn joins_with_and_without_separator() {
        assert_eq!(
            call(&Join, vec![Some(json(r#"["é","ü"]"#)), some("→")]),
            Ok(Value::from("é→ü"))
        );
        assert_eq!(call(&Join, vec![Some(json(r#"["a"]"#)), some(",")]), Ok(Value::from("a")));
        assert_eq!(call(&Join, vec![Some(json("[]")), some(",")]), Ok(Value::from("")));
        assert_eq!(call(&Join, vec![Some(json(r#"["a","b"]"#)), None]), Ok(Value::from("ab")));
    }

    #[test]
    fn non_string_items_and_values_fail() {
        let err = call(&Join, vec![Some(json(r#"["a",null]"#)), None]).unwrap_err();
        assert_eq!(err.0, "item 1 of `value` must be a string, got null");
        let err = call(&Join, vec![some("abc"), None]).unwrap_err();
        assert_eq!(err.0, "`value` must be an array, got string");
    }
}
