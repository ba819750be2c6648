//! `values`: the field values of an object.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::arg_type;
use crate::value::Value;

pub struct Values;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::OBJECT, required: true, doc: "The object." }];

impl FnSig for Values {
    fn name(&self) -> &'static str {
        "values"
    }
    fn category(&self) -> &'static str {
        "object"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        Type::array_of(field_union(&arg_type(args, 0)))
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the top-level field values of `value`, in the order of their sorted names."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "object",
            source: r#"values({"b": 1, "a": "x"})"#,
            input: "{}",
            result: Ok(r#"["x",1]"#),
        }]
    }
}

/// The union of the types of every field an object type may have.
fn field_union(object: &Type) -> Type {
    let Some(shape) = object.object.as_deref() else {
        return Type::any();
    };
    let mut union = shape.rest.clone().unwrap_or_default();
    for field in shape.fields.values() {
        union = union.union(field);
    }
    if union.kinds.is_empty() { Type::any() } else { union }
}

impl Function for Values {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        match args.take(0) {
            Value::Object(fields) => Ok(Value::Array(fields.into_values().collect())),
            other => {
                Err(FnError::new(format!("`value` must be an object, got {}", other.kind_name())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json};
    use std::collections::BTreeMap;

    #[test]
    fn values_in_key_order() {
        let got = call(&Values, vec![Some(json(r#"{"é": [1], "a": null}"#))]);
        assert_eq!(got, Ok(json("[null,[1]]")));
        assert_eq!(call(&Values, vec![Some(json("{}"))]), Ok(json("[]")));
        assert!(call(&Values, vec![Some(json("3"))]).is_err());
    }

    #[test]
    fn element_type_joins_field_types() {
        let fields =
            BTreeMap::from([("a".to_owned(), Type::int()), ("b".to_owned(), Type::string())]);
        let union = field_union(&Type::object_with(fields, None));
        assert_eq!(union.kinds, Kinds(Kinds::INT.0 | Kinds::STRING.0));
        assert!(field_union(&Type::object()).is_any());
        assert!(field_union(&Type::object_with(BTreeMap::new(), None)).is_any());
    }
}
