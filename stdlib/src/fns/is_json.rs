//! `is_json`: whether a string is one valid JSON document.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_const_str, arg_given, arg_text, const_str, prepared};
use crate::value::Value;

pub struct IsJson;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." },
    ParamSig {
        name: "variant",
        kinds: Kinds::STRING,
        required: false,
        doc: "Also require this kind of document: `object`, `array`, `string`, `number`, \
              `bool` or `null`.",
    },
];

const VARIANTS: [&str; 6] = ["object", "array", "string", "number", "bool", "null"];

impl FnSig for IsJson {
    fn name(&self) -> &'static str {
        "is_json"
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
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        (arg_given(args, 1) && arg_const_str(args, 1).is_none())
            .then(|| format!("`{}` may not be a known variant", arg_text(args, 1, "variant")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg_const_str(args, 1).map(variant) {
            Some(Err(err)) => Err((1, err.0)),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "True when `value` is a string holding exactly one JSON document (whitespace around \
         it allowed); with `variant`, the document must also be of that kind. Values that \
         are not strings give false. The check builds no value and does not recurse, so it \
         is cheaper than `parse_json` and has no nesting limit: a document nested deeper \
         than `parse_json`'s `max_depth` is still valid JSON here."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "valid",
                source: r#"is_json("{\"a\": [1, 2]}")"#,
                input: "{}",
                result: Ok("true"),
            },
            Example {
                title: "trailing text",
                source: r#"is_json("{} x")"#,
                input: "{}",
                result: Ok("false"),
            },
            Example {
                title: "of one kind",
                source: r#"is_json(.message, variant = "object")"#,
                input: r#"{"message": "[1]"}"#,
                result: Ok("false"),
            },
        ]
    }
}

impl Function for IsJson {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        match const_str(consts, 1) {
            Some(name) => Ok(Some(Box::new(variant(name)?))),
            None => Ok(None),
        }
    }

    fn call(&self, state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let wanted = match prepared::<Option<&'static str>>(state) {
            Some(wanted) => *wanted,
            None => args.opt_str(1)?.map(|name| variant(name)).transpose()?.flatten(),
        };
        let Some(text) = args.get(0).and_then(Value::as_str) else {
            return Ok(Value::Bool(false));
        };
        let valid = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
        Ok(Value::Bool(valid && wanted.is_none_or(|kind| kind_of(text) == kind)))
    }
}

/// The variant named `name`, as one of [`VARIANTS`].
fn variant(name: &str) -> Result<Option<&'static str>, FnError> {
    match VARIANTS.iter().find(|known| **known == name) {
        Some(known) => Ok(Some(known)),
        None => {
            Err(FnError::new(format!("unknown variant `{name}`; expected {}", VARIANTS.join(", "))))
        }
    }
}

/// The kind of a valid JSON document, from its first character.
fn kind_of(text: &str) -> &'static str {
    match text.trim_start().bytes().next() {
        Some(b'{') => "object",
        Some(b'[') => "array",
        Some(b'"') => "string",
        Some(b't' | b'f') => "bool",
        Some(b'n') => "null",
        _ => "number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    fn is_json(text: &str, variant: Option<&str>) -> Result<Value, FnError> {
        call(&IsJson, vec![some(text), variant.map(Value::from)])
    }

    #[test]
    fn documents_of_every_kind() {
        for (text, kind) in [
            (" {} ", "object"),
            ("[]", "array"),
            (r#""x""#, "string"),
            ("-1.5e3", "number"),
            ("false", "bool"),
            ("null", "null"),
        ] {
            assert_eq!(is_json(text, None), Ok(Value::Bool(true)), "{text}");
            assert_eq!(is_json(text, Some(kind)), Ok(Value::Bool(true)), "{text}");
            let other = if kind == "null" { "bool" } else { "null" };
            assert_eq!(is_json(text, Some(other)), Ok(Value::Bool(false)), "{text}");
        }
    }

    #[test]
    fn hostile_and_invalid_input() {
        for text in ["", "{", "[1,]", "01", "NaN", "{} {}", "\"\u{1}\"", "'a'"] {
            assert_eq!(is_json(text, None), Ok(Value::Bool(false)), "{text:?}");
        }
        // Validation is iterative: deep nesting costs no stack.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(is_json(&deep, Some("array")), Ok(Value::Bool(true)));
        let unbalanced = format!("{}{}", "[".repeat(100_000), "]".repeat(99_999));
        assert_eq!(is_json(&unbalanced, None), Ok(Value::Bool(false)));
        assert_eq!(call(&IsJson, vec![some(1), None]), Ok(Value::Bool(false)));
        assert!(is_json("{}", Some("Object")).unwrap_err().0.starts_with("unknown variant"));
    }
}
