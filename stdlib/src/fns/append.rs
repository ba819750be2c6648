//! `append`: an array with the items of another added at the end.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, element_type};
use crate::value::Value;

pub struct Append;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::ARRAY, required: true, doc: "The array." },
    ParamSig {
        name: "items",
        kinds: Kinds::ARRAY,
        required: true,
        doc: "The items to add, in order.",
    },
];

impl FnSig for Append {
    fn name(&self) -> &'static str {
        "append"
    }
    fn category(&self) -> &'static str {
        "array"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let known = |i| arg(args, i).is_some_and(|a| a.ty.element.is_some());
        if !(known(0) && known(1)) {
            return Type::array_of(Type::any());
        }
        Type::array_of(element_type(args, 0).union(&element_type(args, 1)))
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns `value` followed by every item of `items` (`push` adds a single item)."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "append",
            source: r#"append([1, 2], [3, "four"])"#,
            input: "{}",
            result: Ok(r#"[1,2,3,"four"]"#),
        }]
    }
}

impl Function for Append {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        match (args.take(0), args.take(1)) {
            (Value::Array(mut items), Value::Array(more)) => {
                items.extend(more);
                Ok(Value::Array(items))
            }
            (value, items) => Err(FnError::new(format!(
                "`value` and `items` must be arrays, got {} and {}",
                value.kind_name(),
                items.kind_name()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, sig_args, typed};

    #[test]
    fn appends_in_order() {
        assert_eq!(
            call(&Append, vec![Some(json("[1]")), Some(json(r#"["é", [2]]"#))]),
            Ok(json(r#"[1, "é", [2]]"#))
        );
        assert_eq!(call(&Append, vec![Some(json("[]")), Some(json("[]"))]), Ok(json("[]")));
    }

    #[test]
    fn non_arrays_fail() {
        let err = call(&Append, vec![Some(json("[1]")), Some(json("2"))]).unwrap_err();
        assert_eq!(err.0, "`value` and `items` must be arrays, got array and int");
    }

    #[test]
    fn result_type_joins_elements() {
        let args = [
            typed(Type::array_of(Type::string()), ".a"),
            typed(Type::array_of(Type::float()), ".b"),
        ];
        let element = Append.return_type(&sig_args(&args)).element.map(|e| e.kinds);
        assert_eq!(element, Some(Kinds(Kinds::STRING.0 | Kinds::FLOAT.0)));
    }
}
