//! `reverse`: a string or an array in reverse order.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::arg_type;
use crate::value::Value;

pub struct Reverse;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::ARRAY.0),
    required: true,
    doc: "The string or array to reverse.",
}];

impl FnSig for Reverse {
    fn name(&self) -> &'static str {
        "reverse"
    }
    fn category(&self) -> &'static str {
        "array"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let ty = arg_type(args, 0);
        let kinds = ty.kinds.intersect(PARAMS[0].kinds);
        // A string stays a string and an array keeps its element type.
        Type { kinds: if kinds.is_empty() { PARAMS[0].kinds } else { kinds }, object: None, ..ty }
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the characters of a string, or the items of an array, in reverse order. A \
         string is reversed by Unicode scalar value, so a letter followed by a combining \
         accent (`e` + U+0301) comes out with the accent first; text written with \
         precomposed letters (`é`), as most logs are, reverses as expected."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "string",
                source: r#"reverse("héllo")"#,
                input: "{}",
                result: Ok(r#""olléh""#),
            },
            Example {
                title: "array",
                source: "reverse(.hops)",
                input: r#"{"hops": ["edge", "lb", "app"]}"#,
                result: Ok(r#"["app", "lb", "edge"]"#),
            },
        ]
    }
}

impl Function for Reverse {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        match args.take(0) {
            Value::String(text) => Ok(Value::from(text.chars().rev().collect::<String>())),
            Value::Array(mut items) => {
                items.reverse();
                Ok(Value::Array(items))
            }
            other => Err(FnError::new(format!(
                "`value` must be a string or an array, got {}",
                other.kind_name()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, sig_args, some, typed};

    #[test]
    fn strings_and_arrays() {
        assert_eq!(call(&Reverse, vec![some("")]), Ok(Value::from("")));
        assert_eq!(call(&Reverse, vec![some("a日b")]), Ok(Value::from("b日a")));
        assert_eq!(
            call(&Reverse, vec![Some(json("[1, [2, 3], null]"))]),
            Ok(json("[null, [2, 3], 1]"))
        );
        assert_eq!(call(&Reverse, vec![Some(json("[]"))]), Ok(json("[]")));
    }

    #[test]
    fn other_kinds_fail() {
        assert_eq!(
            call(&Reverse, vec![some(12)]).unwrap_err().0,
            "`value` must be a string or an array, got int"
        );
    }

    #[test]
    fn the_result_has_the_argument_type() {
        let strings = Type::array_of(Type::string());
        assert_eq!(Reverse.return_type(&sig_args(&[typed(strings.clone(), ".xs")])), strings);
        assert_eq!(Reverse.return_type(&sig_args(&[typed(Type::string(), ".s")])), Type::string());
        let any = Reverse.return_type(&sig_args(&[typed(Type::any(), ".x")]));
        assert_eq!(any.kinds, Kinds(Kinds::STRING.0 | Kinds::ARRAY.0));
    }
}
