//! `truncate`: a string cut to at most a number of characters.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct Truncate;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to shorten." },
    ParamSig {
        name: "limit",
        kinds: Kinds::INT,
        required: true,
        doc: "The most characters to keep; a negative limit keeps none.",
    },
    ParamSig {
        name: "suffix",
        kinds: Kinds::STRING,
        required: false,
        doc: "Appended when the string was cut (`...` for example); none by default.",
    },
];

impl FnSig for Truncate {
    fn name(&self) -> &'static str {
        "truncate"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Keeps the first `limit` characters of `value` (Unicode scalar values, never splitting \
         one) and, when anything was cut, appends `suffix`. The suffix is not counted in \
         `limit`. A string no longer than `limit` is returned unchanged."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "cut",
                source: r#"truncate("A rather long message", 8)"#,
                input: "{}",
                result: Ok(r#""A rather""#),
            },
            Example {
                title: "with suffix",
                source: r#"truncate("A rather long message", 8, suffix = "...")"#,
                input: "{}",
                result: Ok(r#""A rather...""#),
            },
            Example {
                title: "short enough",
                source: r#"truncate("short", 8, suffix = "...")"#,
                input: "{}",
                result: Ok(r#""short""#),
            },
        ]
    }
}

impl Function for Truncate {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        let limit = usize::try_from(args.int(1)?.max(0)).unwrap_or(usize::MAX);
        let suffix = args.opt_str(2)?.map_or("", |s| s.as_str());
        let Some((cut, _)) = value.char_indices().nth(limit) else {
            return Ok(Value::String(value.clone()));
        };
        let kept = value.get(..cut).unwrap_or_default();
        if suffix.is_empty() {
            return Ok(Value::String(value.slice_ref(kept)));
        }
        Ok(Value::from(format!("{kept}{suffix}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn cuts_on_character_boundaries() {
        assert_eq!(call(&Truncate, vec![some("日本語"), some(2), None]), Ok(Value::from("日本")));
        assert_eq!(
            call(&Truncate, vec![some("日本語"), some(2), some("…")]),
            Ok(Value::from("日本…"))
        );
        assert_eq!(
            call(&Truncate, vec![some("日本語"), some(3), some("…")]),
            Ok(Value::from("日本語"))
        );
    }

    #[test]
    fn extreme_limits() {
        assert_eq!(call(&Truncate, vec![some("abc"), some(0), some("~")]), Ok(Value::from("~")));
        assert_eq!(call(&Truncate, vec![some("abc"), some(-5), None]), Ok(Value::from("")));
        assert_eq!(
            call(&Truncate, vec![some("abc"), some(i64::MAX), None]),
            Ok(Value::from("abc"))
        );
        assert_eq!(call(&Truncate, vec![some(""), some(0), some("~")]), Ok(Value::from("")));
    }

    #[test]
    fn non_integer_limit_fails() {
        let err = call(&Truncate, vec![some("abc"), some(1.5), None]).unwrap_err();
        assert_eq!(err.0, "`limit` must be an integer, got float");
    }
}
