//! `contains`: whether a string contains.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Contains;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to search." },
    ParamSig {
        name: "substring",
        kinds: Kinds::STRING,
        required: true,
        doc: "The text to look for.",
    },
    ParamSig {
        name: "case_sensitive",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Compare letter case exactly; true by default.",
    },
];

impl FnSig for Contains {
    fn name(&self) -> &'static str {
        "contains"
    }
    fn category(&self) -> &'static str {
        "string"
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
        "True when `value` contains `substring`. With `case_sensitive = false` both are compared in          lower case (Unicode-aware). An empty `substring` always matches."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "exact case",
                source: r#"contains("Connection refused", "refused")"#,
                input: "{}",
                result: Ok("true"),
            },
            Example {
                title: "ignoring case",
                source: r#"contains("Connection REFUSED", "refused", case_sensitive = false)"#,
                input: "{}",
                result: Ok("true"),
            },
        ]
    }
}

impl Function for Contains {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        let needle = args.str(1)?;
        if args.bool_or(2, true)? {
            return Ok(Value::Bool(value.contains(needle.as_str())));
        }
        Ok(Value::Bool(value.to_lowercase().contains(&needle.to_lowercase())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn case_sensitivity_and_unicode() {
        assert_eq!(call(&Contains, vec![some("Straße"), some("SS"), None]), Ok(Value::Bool(false)));
        assert_eq!(
            call(&Contains, vec![some("ÉCOLE"), some("éco"), some(false)]),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call(&Contains, vec![some("ÉCOLE"), some("éco"), some(true)]),
            Ok(Value::Bool(false))
        );
        assert_eq!(call(&Contains, vec![some(""), some(""), None]), Ok(Value::Bool(true)));
    }

    #[test]
    fn wrong_kinds_fail() {
        let err = call(&Contains, vec![some("a"), some(1), None]).unwrap_err();
        assert_eq!(err.0, "`substring` must be a string, got int");
        let err = call(&Contains, vec![some("a"), some("a"), some("yes")]).unwrap_err();
        assert_eq!(err.0, "`case_sensitive` must be a boolean, got string");
    }
}
