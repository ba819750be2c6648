//! `encode_base64`: a string encoded as Base64.

use base64::Engine as _;
use base64::alphabet::{Alphabet, STANDARD, URL_SAFE};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, arg_text, text_bytes};
use crate::value::Value;

pub struct EncodeBase64;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "value",
        kinds: Kinds(Kinds::STRING.0 | Kinds::BYTES.0),
        required: true,
        doc: "The data to encode (a string is encoded as UTF-8).",
    },
    ParamSig {
        name: "padding",
        kinds: Kinds::BOOL,
        required: false,
        doc: "End with `=` padding; true by default.",
    },
    ParamSig {
        name: "charset",
        kinds: Kinds::STRING,
        required: false,
        doc: "`standard` (`+` and `/`, the default) or `url_safe` (`-` and `_`).",
    },
];

impl FnSig for EncodeBase64 {
    fn name(&self) -> &'static str {
        "encode_base64"
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
        charset_fallible(args, 2)
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        check_charset(args, 2)
    }
    fn doc(&self) -> &'static str {
        "Encodes `value` as Base64 (RFC 4648), with the `standard` alphabet or the `url_safe` \
         one, with `=` padding unless `padding = false`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "standard",
                source: r#"encode_base64("please encode me")"#,
                input: "{}",
                result: Ok(r#""cGxlYXNlIGVuY29kZSBtZQ==""#),
            },
            Example {
                title: "URL-safe without padding",
                source: r#"encode_base64("ü?>", padding = false, charset = "url_safe")"#,
                input: "{}",
                result: Ok(r#""w7w_Pg""#),
            },
        ]
    }
}

impl Function for EncodeBase64 {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let padding = args.bool_or(1, true)?;
        let alphabet = charset(args.opt_str(2)?.map(|s| s.as_str()))?;
        let data = text_bytes(args.get(0), "value")?;
        Ok(Value::from(engine(alphabet, padding).encode(data)))
    }
}

/// An engine that encodes with or without padding and decodes either way.
pub(crate) fn engine(alphabet: &Alphabet, padding: bool) -> GeneralPurpose {
    let config = GeneralPurposeConfig::new()
        .with_encode_padding(padding)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(alphabet, config)
}

/// The alphabet a `charset` argument names; standard when absent.
pub(crate) fn charset(name: Option<&str>) -> Result<&'static Alphabet, FnError> {
    match name {
        None | Some("standard") => Ok(&STANDARD),
        Some("url_safe") => Ok(&URL_SAFE),
        Some(other) => {
            Err(FnError::new(format!("unknown charset `{other}`; expected standard or url_safe")))
        }
    }
}

/// A charset computed at run time may be unknown.
pub(crate) fn charset_fallible(args: &SigArgs<'_>, i: usize) -> Option<String> {
    arg(args, i)
        .filter(|a| a.const_str().is_none())
        .map(|_| format!("`{}` may not be a known charset", arg_text(args, i, "charset")))
}

pub(crate) fn check_charset(args: &SigArgs<'_>, i: usize) -> Result<(), (usize, String)> {
    match arg(args, i).and_then(|a| a.const_str()).map(|name| charset(Some(name))) {
        Some(Err(err)) => Err((i, err.0)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn padding_and_alphabets() {
        assert_eq!(call(&EncodeBase64, vec![some("a"), None, None]), Ok(Value::from("YQ==")));
        assert_eq!(call(&EncodeBase64, vec![some("a"), some(false), None]), Ok(Value::from("YQ")));
        assert_eq!(
            call(&EncodeBase64, vec![some("\u{ffff}"), None, None]),
            Ok(Value::from("77+/"))
        );
        assert_eq!(
            call(&EncodeBase64, vec![some("\u{ffff}"), None, some("url_safe")]),
            Ok(Value::from("77-_"))
        );
        assert_eq!(call(&EncodeBase64, vec![some(""), None, None]), Ok(Value::from("")));
    }

    #[test]
    fn bytes_and_bad_charsets() {
        let bytes = Some(Value::Bytes(bytes::Bytes::from_static(&[0xff, 0x00])));
        assert_eq!(call(&EncodeBase64, vec![bytes, None, None]), Ok(Value::from("/wA=")));
        let err = call(&EncodeBase64, vec![some("a"), None, some("base32")]).unwrap_err();
        assert_eq!(err.0, "unknown charset `base32`; expected standard or url_safe");
    }
}
