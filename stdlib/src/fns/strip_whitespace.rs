//! `strip_whitespace`: a string without leading and trailing whitespace (alias of `trim`).

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct StripWhitespace;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to trim." }];

impl FnSig for StripWhitespace {
    fn name(&self) -> &'static str {
        "strip_whitespace"
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
        "Removes whitespace (Unicode `White_Space`) from both ends of `value`; the same as `trim`, under the name VRL uses."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "spaces and tabs",
                source: r#"strip_whitespace(" \t hi there \n")"#,
                input: "{}",
                result: Ok(r#""hi there""#),
            },
            Example {
                title: "field",
                source: "strip_whitespace(.msg)",
                input: r#"{"msg": "\u3000ok\u3000"}"#,
                result: Ok(r#""ok""#),
            },
        ]
    }
}

impl Function for StripWhitespace {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        // The result is a slice of the argument, so no string data is copied.
        Ok(Value::String(value.slice_ref(value.trim())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn strip_whitespace_unicode_whitespace() {
        assert_eq!(
            call(&StripWhitespace, vec![some("\u{2003}\u{a0}né\u{2003} ")]),
            Ok(Value::from("né"))
        );
    }

    #[test]
    fn strip_whitespace_empty_and_blank() {
        assert_eq!(call(&StripWhitespace, vec![some("")]), Ok(Value::from("")));
        assert_eq!(call(&StripWhitespace, vec![some(" \r\n\t ")]), Ok(Value::from("")));
    }

    #[test]
    fn strip_whitespace_rejects_non_strings() {
        assert!(call(&StripWhitespace, vec![some(true)]).is_err());
        assert!(call(&StripWhitespace, vec![None]).is_err());
    }
}
