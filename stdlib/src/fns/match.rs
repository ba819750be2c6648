//! `match`: whether a string matches a regex.

use std::sync::Arc;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, arg_text, compile_regex, const_arg, prepared};
use crate::value::{RegexValue, Value};

pub struct Match;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to test." },
    ParamSig {
        name: "pattern",
        kinds: Kinds(Kinds::REGEX.0 | Kinds::STRING.0),
        required: true,
        doc: "A regex, or a string compiled as one.",
    },
];

impl FnSig for Match {
    fn name(&self) -> &'static str {
        "match"
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
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let pattern = arg(args, 1)?;
        if pattern.const_str().is_some() || !pattern.ty.kinds.intersects(Kinds::STRING) {
            return None;
        }
        Some(format!("`{}` may not be a valid regex", arg_text(args, 1, "pattern")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg(args, 1).and_then(|a| a.const_str()).map(compile_regex) {
            Some(Err(err)) => Err((1, err.0)),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "True when `pattern` matches anywhere in `value` (anchor it with `^` and `$` to match \
         the whole string). The same test as the `=~` operator. A string pattern is compiled as \
         a regex, once when it is a constant; a pattern computed at run time can fail to compile."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "regex literal",
                source: r#"match("user 1234", r'\d{4}')"#,
                input: "{}",
                result: Ok("true"),
            },
            Example {
                title: "anchored",
                source: r#"match(.path, "^/api/")"#,
                input: r#"{"path": "/web/api/"}"#,
                result: Ok("false"),
            },
        ]
    }
}

impl Function for Match {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        match const_arg(consts, 1) {
            Some(value) => Ok(Some(Box::new(regex_of(value)?))),
            None => Ok(None),
        }
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        let regex = match prepared::<Arc<RegexValue>>(prepared_state) {
            Some(regex) => regex.clone(),
            None => regex_of(args.get(1).unwrap_or(&Value::Null))?,
        };
        Ok(Value::Bool(regex.regex.is_match(value.as_str())))
    }
}

fn regex_of(pattern: &Value) -> Result<Arc<RegexValue>, FnError> {
    match pattern {
        Value::Regex(regex) => Ok(regex.clone()),
        Value::String(source) => compile_regex(source),
        other => Err(FnError::new(format!(
            "`pattern` must be a regex or a string, got {}",
            other.kind_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn regex_and_string_patterns() {
        let regex = Some(Value::Regex(compile_regex("^é+$").unwrap()));
        assert_eq!(call(&Match, vec![some("ééé"), regex]), Ok(Value::Bool(true)));
        assert_eq!(call(&Match, vec![some("abc"), some("b")]), Ok(Value::Bool(true)));
        assert_eq!(call(&Match, vec![some(""), some("^$")]), Ok(Value::Bool(true)));
        assert_eq!(call(&Match, vec![some("abc"), some("^b")]), Ok(Value::Bool(false)));
    }

    #[test]
    fn invalid_patterns_fail() {
        let err = call(&Match, vec![some("abc"), some("a(")]).unwrap_err();
        assert!(err.0.starts_with("invalid regex `a(`"), "{err}");
        let err = call(&Match, vec![some("abc"), some(1)]).unwrap_err();
        assert_eq!(err.0, "`pattern` must be a regex or a string, got int");
    }

    #[test]
    fn huge_repetition_is_refused_not_built() {
        let err = call(&Match, vec![some("a"), some("(a{1000}){1000}")]).unwrap_err();
        assert!(err.0.starts_with("invalid regex"), "{err}");
    }
}
