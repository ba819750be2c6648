//! `ends_with`: whether a string ends with.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct EndsWith;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to search." },
    ParamSig { name: "suffix", kinds: Kinds::STRING, required: true, doc: "The text to look for." },
    ParamSig {
        name: "case_sensitive",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Compare letter case exactly; true by default.",
    },
];

impl FnSig for EndsWith {
    fn name(&self) -> &'static str {
        "ends_with"
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
        "True when `value` ends with `suffix`. With `case_sensitive = false` both are compared in          lower case (Unicode-aware). An empty `suffix` always matches."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "exact case",
                source: r#"ends_with("app.log", ".log")"#,
                input: "{}",
                result: Ok("true"),
            },
            Example {
                title: "ignoring case",
                source: r#"ends_with("APP.LOG", ".log", case_sensitive = false)"#,
                input: "{}",
                result: Ok("true"),
            },
        ]
    }
}

impl Function for EndsWith {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        let needle = args.str(1)?;
        if args.bool_or(2, true)? {
            return Ok(Value::Bool(value.ends_with(needle.as_str())));
        }
        Ok(Value::Bool(value.to_lowercase().ends_with(&needle.to_lowercase())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn suffixes_with_and_without_case() {
        assert_eq!(call(&EndsWith, vec![some("café"), some("é"), None]), Ok(Value::Bool(true)));
        assert_eq!(
            call(&EndsWith, vec![some("CAFÉ"), some("é"), some(false)]),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call(&EndsWith, vec![some("CAFÉ"), some("é"), some(true)]),
            Ok(Value::Bool(false))
        );
        assert_eq!(call(&EndsWith, vec![some("x"), some(""), None]), Ok(Value::Bool(true)));
    }

    #[test]
    fn non_string_value_fails() {
        let err = call(&EndsWith, vec![some(1.5), some("5"), None]).unwrap_err();
        assert_eq!(err.0, "`value` must be a string, got float");
    }
}
