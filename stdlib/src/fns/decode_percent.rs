//! `decode_percent`: the text a percent-encoded string stands for.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};
use percent_encoding::percent_decode_str;

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct DecodePercent;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The percent-encoded text.",
}];

impl FnSig for DecodePercent {
    fn name(&self) -> &'static str {
        "decode_percent"
    }
    fn category(&self) -> &'static str {
        "codec"
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
        "Decodes every `%` followed by two hex digits (either case) into that byte. A `%` \
         not followed by two hex digits is kept as it is, and `+` stays `+` (it means a \
         space only in form data: use `replace` first there). As in VRL, this cannot fail: \
         decoded bytes that are not UTF-8 become U+FFFD (`�`)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "decode",
                source: r#"decode_percent("foo%20bar%3F")"#,
                input: "{}",
                result: Ok(r#""foo bar?""#),
            },
            Example {
                title: "malformed escapes are kept",
                source: r#"decode_percent("100% %C3%A9t%C3%A9")"#,
                input: "{}",
                result: Ok(r#""100% été""#),
            },
        ]
    }
}

impl Function for DecodePercent {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let text = args.str(0)?;
        if !text.contains('%') {
            // Nothing to decode: return the argument without copying it.
            return Ok(Value::String(text.clone()));
        }
        Ok(Value::from(percent_decode_str(text).decode_utf8_lossy().into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    fn decode(text: &str) -> Result<Value, FnError> {
        call(&DecodePercent, vec![some(text)])
    }

    #[test]
    fn escapes_in_either_case() {
        assert_eq!(decode("%e6%97%A5+x"), Ok(Value::from("日+x")));
        assert_eq!(decode(""), Ok(Value::from("")));
    }

    #[test]
    fn hostile_input_never_fails() {
        assert_eq!(decode("%"), Ok(Value::from("%")));
        assert_eq!(decode("%4"), Ok(Value::from("%4")));
        assert_eq!(decode("%zz%"), Ok(Value::from("%zz%")));
        assert_eq!(decode("%FF%00"), Ok(Value::from("\u{fffd}\u{0}")));
        assert_eq!(decode("%C3"), Ok(Value::from("\u{fffd}")));
    }
}
