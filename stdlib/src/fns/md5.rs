//! `md5`: the MD5 digest of a string, in hexadecimal.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};
use md5::Digest as _;

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{hex, text_bytes};
use crate::value::Value;

pub struct Md5;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::BYTES.0),
    required: true,
    doc: "The data to digest (a string is digested as UTF-8).",
}];

impl FnSig for Md5 {
    fn name(&self) -> &'static str {
        "md5"
    }
    fn category(&self) -> &'static str {
        "security"
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
        "Returns the MD5 digest of `value` (its UTF-8 bytes for a string) as lowercase          hexadecimal. MD5 is broken for security purposes: use it to fingerprint or compare data, not to protect it."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "digest",
            source: r#"md5("foo")"#,
            input: "{}",
            result: Ok(r#""acbd18db4cc2f85cedef654fccc4a4d8""#),
        }]
    }
}

impl Function for Md5 {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let data = text_bytes(args.get(0), "value")?;
        Ok(Value::from(hex(&md5::Md5::digest(data))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn known_digests() {
        assert_eq!(call(&Md5, vec![some("")]), Ok(Value::from("d41d8cd98f00b204e9800998ecf8427e")));
        let bytes = Some(Value::Bytes(bytes::Bytes::from_static(b"foo")));
        assert_eq!(call(&Md5, vec![bytes]), Ok(Value::from("acbd18db4cc2f85cedef654fccc4a4d8")));
    }

    #[test]
    fn unicode_is_digested_as_utf8() {
        let text = call(&Md5, vec![some("é")]);
        let bytes = call(&Md5, vec![Some(Value::Bytes(bytes::Bytes::from_static("é".as_bytes())))]);
        assert_eq!(text, bytes);
    }

    #[test]
    fn other_kinds_fail() {
        assert_eq!(
            call(&Md5, vec![some(1)]).unwrap_err().0,
            "`value` must be a string or bytes, got int"
        );
    }
}
