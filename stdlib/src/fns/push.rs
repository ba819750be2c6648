//! `push`: an array with one more item at the end.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, arg_type, element_type};
use crate::value::Value;

pub struct Push;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::ARRAY, required: true, doc: "The array." },
    ParamSig { name: "item", kinds: Kinds::ANY, required: true, doc: "The item to add." },
];

impl FnSig for Push {
    fn name(&self) -> &'static str {
        "push"
    }
    fn category(&self) -> &'static str {
        "array"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let has_elements = arg(args, 0).is_some_and(|a| a.ty.element.is_some());
        if !has_elements {
            return Type::array_of(Type::any());
        }
        Type::array_of(element_type(args, 0).union(&arg_type(args, 1)))
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns `value` with `item` added at the end. The array is not changed in place: \
         assign the result (`.tags = push(.tags, \"new\")`)."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "push",
            source: r#"push([1, 2], "three")"#,
            input: "{}",
            result: Ok(r#"[1,2,"three"]"#),
        }]
    }
}

impl Function for Push {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let item = args.take(1);
        match args.take(0) {
            Value::Array(mut items) => {
                items.push(item);
                Ok(Value::Array(items))
            }
            other => {
                Err(FnError::new(format!("`value` must be an array, got {}", other.kind_name())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, sig_args, some, typed};

    #[test]
    fn pushes_any_item() {
        assert_eq!(call(&Push, vec![Some(json("[]")), Some(json("null"))]), Ok(json("[null]")));
        assert_eq!(
            call(&Push, vec![Some(json(r#"["é"]"#)), Some(json("[1]"))]),
            Ok(json(r#"["é",[1]]"#))
        );
    }

    #[test]
    fn non_array_fails() {
        let err = call(&Push, vec![some("a"), some("b")]).unwrap_err();
        assert_eq!(err.0, "`value` must be an array, got string");
    }

    #[test]
    fn result_type_joins_element_and_item() {
        let args = [typed(Type::array_of(Type::string()), ".tags"), typed(Type::int(), "1")];
        let element = Push.return_type(&sig_args(&args)).element.map(|e| e.kinds);
        assert_eq!(element, Some(Kinds(Kinds::STRING.0 | Kinds::INT.0)));
        let open = [typed(Type::of(Kinds::ARRAY), ".tags"), typed(Type::int(), "1")];
        assert!(Push.return_type(&sig_args(&open)).element.is_some_and(|e| e.is_any()));
    }
}
