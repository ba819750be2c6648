//! `trim_end`: a string without trailing whitespace.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct TrimEnd;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to trim." }];

impl FnSig for TrimEnd {
    fn name(&self) -> &'static str {
        "trim_end"
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
        "Removes whitespace (Unicode `White_Space`) from the end of `value`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "spaces and tabs",
                source: r#"trim_end(" \t hi there \n")"#,
                input: "{}",
                result: Ok(r#"" \t hi there""#),
            },
            Example {
                title: "field",
                source: "trim_end(.msg)",
                input: r#"{"msg": "\u3000ok\u3000"}"#,
                result: Ok(r#""　ok""#),
            },
        ]
    }
}

impl Function for TrimEnd {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        // The result is a slice of the argument, so no string data is copied.
        Ok(Value::String(value.slice_ref(value.trim_end())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn trim_end_unicode_whitespace() {
        assert_eq!(
            call(&TrimEnd, vec![some("\u{2003}\u{a0}né\u{2003} ")]),
            Ok(Value::from("\u{2003}\u{a0}né"))
        );
    }

    #[test]
    fn trim_end_empty_and_blank() {
        assert_eq!(call(&TrimEnd, vec![some("")]), Ok(Value::from("")));
        assert_eq!(call(&TrimEnd, vec![some(" \r\n\t ")]), Ok(Value::from("")));
    }

    #[test]
    fn trim_end_rejects_non_strings() {
        assert!(call(&TrimEnd, vec![some(true)]).is_err());
        assert!(call(&TrimEnd, vec![None]).is_err());
    }
}
