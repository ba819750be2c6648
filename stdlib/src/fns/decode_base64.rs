//! `decode_base64`: the string a Base64 text encodes.

use base64::Engine as _;
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::fns::encode_base64::{charset, check_charset, engine};
use crate::function::{Args, FnError, Function, Prepared};
use crate::util::arg_text;
use crate::value::Value;

pub struct DecodeBase64;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The Base64 text." },
    ParamSig {
        name: "charset",
        kinds: Kinds::STRING,
        required: false,
        doc: "`standard` (`+` and `/`, the default) or `url_safe` (`-` and `_`).",
    },
];

impl FnSig for DecodeBase64 {
    fn name(&self) -> &'static str {
        "decode_base64"
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
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not be valid Base64 of UTF-8 text", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        check_charset(args, 1)
    }
    fn doc(&self) -> &'static str {
        "Decodes Base64 (RFC 4648) text in the `standard` or `url_safe` alphabet, with or \
         without `=` padding. Fails on characters outside the alphabet (whitespace included), \
         on a truncated final group, and when the decoded bytes are not UTF-8 text."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "standard",
                source: r#"decode_base64!("eW91IGhhdmUgc3VjY2Vzc2Z1bGx5IGRlY29kZWQgbWU=")"#,
                input: "{}",
                result: Ok(r#""you have successfully decoded me""#),
            },
            Example {
                title: "invalid",
                source: r#"decode_base64("not base64!") ?? "?""#,
                input: "{}",
                result: Ok(r#""?""#),
            },
        ]
    }
}

impl Function for DecodeBase64 {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let alphabet = charset(args.opt_str(1)?.map(|s| s.as_str()))?;
        let text = args.str(0)?;
        let bytes = engine(alphabet, true)
            .decode(text.as_bytes())
            .map_err(|err| FnError::new(format!("invalid Base64: {err}")))?;
        let decoded = String::from_utf8(bytes)
            .map_err(|_| FnError::new("the decoded data is not UTF-8 text"))?;
        Ok(Value::from(decoded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn padded_unpadded_and_url_safe() {
        assert_eq!(call(&DecodeBase64, vec![some("w6k="), None]), Ok(Value::from("é")));
        assert_eq!(call(&DecodeBase64, vec![some("w6k"), None]), Ok(Value::from("é")));
        assert_eq!(
            call(&DecodeBase64, vec![some("77-_"), some("url_safe")]),
            Ok(Value::from("\u{ffff}"))
        );
        assert_eq!(call(&DecodeBase64, vec![some(""), None]), Ok(Value::from("")));
    }

    #[test]
    fn invalid_input_fails() {
        let err = call(&DecodeBase64, vec![some("a b"), None]).unwrap_err();
        assert!(err.0.starts_with("invalid Base64: "), "{err}");
        assert!(call(&DecodeBase64, vec![some("77-_"), None]).is_err());
        assert!(call(&DecodeBase64, vec![some("Y"), None]).is_err());
        let err = call(&DecodeBase64, vec![some("/w=="), None]).unwrap_err();
        assert_eq!(err.0, "the decoded data is not UTF-8 text");
    }
}
