//! `starts_with`: whether a string starts with.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct StartsWith;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to search." },
    ParamSig { name: "prefix", kinds: Kinds::STRING, required: true, doc: "The text to look for." },
    ParamSig {
        name: "case_sensitive",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Compare letter case exactly; true by default.",
    },
];

impl FnSig for StartsWith {
    fn name(&self) -> &'static str {
        "starts_with"
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
        "True when `value` starts with `prefix`. With `case_sensitive = false` both are compared in          lower case (Unicode-aware). An empty `prefix` always matches."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "exact case",
                source: r#"starts_with("GET /index.html", "get")"#,
                input: "{}",
                result: Ok("false"),
            },
            Example {
                title: "ignoring case",
                source: r#"starts_with("GET /index.html", "get", case_sensitive = false)"#,
                input: "{}",
                result: Ok("true"),
            },
        ]
    }
}

impl Function for StartsWith {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        let needle = args.str(1)?;
        if args.bool_or(2, true)? {
            return Ok(Value::Bool(value.starts_with(needle.as_str())));
        }
        Ok(Value::Bool(value.to_lowercase().starts_with(&needle.to_lowercase())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn prefixes_with_and_without_case() {
        assert_eq!(call(&StartsWith, vec![some("ñandú"), some("ñ"), None]), Ok(Value::Bool(true)));
        assert_eq!(
            call(&StartsWith, vec![some("Ñandú"), some("ñ"), some(false)]),
            Ok(Value::Bool(true))
        );
        assert_eq!(call(&StartsWith, vec![some("ab"), some("abc"), None]), Ok(Value::Bool(false)));
        assert_eq!(call(&StartsWith, vec![some(""), some(""), None]), Ok(Value::Bool(true)));
    }

    #[test]
    fn missing_prefix_fails() {
        assert!(call(&StartsWith, vec![some("a"), None, None]).is_err());
    }
}
