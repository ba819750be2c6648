//! `unique`: an array without repeated items.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, hash_value};
use crate::value::Value;

pub struct Unique;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ARRAY, required: true, doc: "The array." }];

impl FnSig for Unique {
    fn name(&self) -> &'static str {
        "unique"
    }
    fn category(&self) -> &'static str {
        "array"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let element = arg(args, 0).and_then(|a| a.ty.element.as_deref().cloned());
        Type::array_of(element.unwrap_or_else(Type::any))
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the items of `value` without repeats, keeping the first occurrence of each, in \
         order. Items are equal as `==` compares them (`1` and `1.0` are different)."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "unique",
            source: r#"unique(["a", "b", "a", 1, 1.0, "b"])"#,
            input: "{}",
            result: Ok(r#"["a","b",1,1.0]"#),
        }]
    }
}

impl Function for Unique {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        match args.take(0) {
            Value::Array(items) => Ok(Value::Array(dedup(items))),
            other => {
                Err(FnError::new(format!("`value` must be an array, got {}", other.kind_name())))
            }
        }
    }
}

/// Keeps first occurrences. Items are bucketed by hash so that large arrays
/// take linear time; equality inside a bucket decides.
fn dedup(items: Vec<Value>) -> Vec<Value> {
    let mut kept: Vec<Value> = Vec::with_capacity(items.len());
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    for item in items {
        let mut hasher = DefaultHasher::new();
        hash_value(&item, &mut hasher);
        let bucket = buckets.entry(hasher.finish()).or_default();
        if bucket.iter().any(|&i| kept.get(i) == Some(&item)) {
            continue;
        }
        bucket.push(kept.len());
        kept.push(item);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, call_once, json, some};

    #[test]
    fn keeps_first_occurrences_in_order() {
        let got = call(
            &Unique,
            vec![Some(json(r#"[3, "é", 3, {"a": 1}, {"a": 1}, [1], [1.0], null, null]"#))],
        );
        assert_eq!(got, Ok(json(r#"[3, "é", {"a": 1}, [1], [1.0], null]"#)));
        assert_eq!(call(&Unique, vec![Some(json("[]"))]), Ok(json("[]")));
    }

    #[test]
    fn nan_is_never_equal_and_zeroes_are() {
        let got = call_once(
            &Unique,
            vec![Some(Value::Array(vec![
                Value::Float(f64::NAN),
                Value::Float(0.0),
                Value::Float(-0.0),
            ]))],
        );
        let Ok(Value::Array(items)) = got else { panic!("unique must give an array") };
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn large_arrays_stay_linear() {
        let items = (0..50_000).map(|i| Value::Int(i % 1000)).collect();
        let Ok(Value::Array(kept)) = call(&Unique, vec![Some(Value::Array(items))]) else {
            panic!("array expected")
        };
        assert_eq!(kept.len(), 1000);
    }

    #[test]
    fn non_array_fails() {
        assert!(call(&Unique, vec![some(1)]).is_err());
    }
}
