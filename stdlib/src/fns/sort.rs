//! `sort`: the items of an array in ascending order.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_type, compare_values};
use crate::value::Value;

pub struct Sort;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::ARRAY, required: true, doc: "The array to sort." },
    ParamSig {
        name: "reverse",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Sort in descending order instead; false by default.",
    },
];

impl FnSig for Sort {
    fn name(&self) -> &'static str {
        "sort"
    }
    fn category(&self) -> &'static str {
        "array"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let ty = arg_type(args, 0);
        let element = ty.element.as_deref().cloned().unwrap_or_else(Type::any);
        Type::array_of(element)
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the items of `value` in ascending order (descending with `reverse = \
         true`). Numbers sort by value, integers and floats together (`1` and `1.0` are \
         equal, NaN comes last); strings sort by Unicode code point (so `B` before `a`; \
         `downcase` first for a case-blind order); timestamps in time order. Mixed kinds \
         sort by kind first: null, bool, numbers, string, bytes, timestamp, regex, array, \
         object. Arrays and objects are not compared with each other: they keep the order \
         they came in, as do equal items (the sort is stable). It cannot fail."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "numbers",
                source: "sort([10, 2.5, -1, 2])",
                input: "{}",
                result: Ok("[-1, 2, 2.5, 10]"),
            },
            Example {
                title: "strings, descending",
                source: "sort(.tags, reverse = true)",
                input: r#"{"tags": ["web", "api", "db"]}"#,
                result: Ok(r#"["web", "db", "api"]"#),
            },
            Example {
                title: "mixed kinds",
                source: r#"sort(["b", 3, null, "a", true, 1])"#,
                input: "{}",
                result: Ok(r#"[null, true, 1, 3, "a", "b"]"#),
            },
        ]
    }
}

impl Function for Sort {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let reverse = args.bool_or(1, false)?;
        let mut items = match args.take(0) {
            Value::Array(items) => items,
            other => {
                return Err(FnError::new(format!(
                    "`value` must be an array, got {}",
                    other.kind_name()
                )));
            }
        };
        if reverse {
            // Reversing the comparison, not the result, keeps equal items in their order.
            items.sort_by(|a, b| compare_values(b, a));
        } else {
            items.sort_by(compare_values);
        }
        Ok(Value::Array(items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, call_once, json, some};

    fn sort(items: &str, reverse: Option<bool>) -> Result<Value, FnError> {
        call(&Sort, vec![Some(json(items)), reverse.map(Value::from)])
    }

    #[test]
    fn stable_in_both_directions() {
        assert_eq!(sort("[1.0, 1, 0]", None), Ok(json("[0, 1.0, 1]")));
        assert_eq!(sort("[1.0, 1, 2]", Some(true)), Ok(json("[2, 1.0, 1]")));
        assert_eq!(
            sort(r#"[{"b": 1}, [2], {"a": 1}, [1]]"#, None),
            Ok(json(r#"[[2], [1], {"b": 1}, {"a": 1}]"#))
        );
        assert_eq!(sort("[]", None), Ok(json("[]")));
    }

    #[test]
    fn strings_sort_by_code_point() {
        assert_eq!(
            sort(r#"["é", "z", "Z", "", "a"]"#, None),
            Ok(json(r#"["", "Z", "a", "z", "é"]"#))
        );
    }

    #[test]
    fn hostile_floats_keep_a_total_order() {
        let items = vec![Value::Float(f64::NAN), Value::Int(3), Value::Float(f64::NEG_INFINITY)];
        // NaN never equals itself, so the result is checked by hand.
        let sorted = call_once(&Sort, vec![Some(Value::Array(items)), None]);
        let Ok(Value::Array(sorted)) = sorted else { panic!("not an array: {sorted:?}") };
        assert_eq!(sorted.get(..2), Some(&[Value::Float(f64::NEG_INFINITY), Value::Int(3)][..]));
        assert!(matches!(sorted.get(2), Some(Value::Float(f)) if f.is_nan()));
        assert!(call(&Sort, vec![some("abc"), None]).is_err());
    }
}
