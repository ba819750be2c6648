//! `sha1`: the SHA-1 digest of a string, in hexadecimal.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};
use sha1::Digest as _;

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{hex, text_bytes};
use crate::value::Value;

pub struct Sha1;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::BYTES.0),
    required: true,
    doc: "The data to digest (a string is digested as UTF-8).",
}];

impl FnSig for Sha1 {
    fn name(&self) -> &'static str {
        "sha1"
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
        "Returns the SHA-1 digest of `value` (its UTF-8 bytes for a string) as lowercase          hexadecimal. SHA-1 is broken for signatures: prefer `sha256` where collisions matter."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "digest",
            source: r#"sha1("foo")"#,
            input: "{}",
            result: Ok(r#""0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33""#),
        }]
    }
}

impl Function for Sha1 {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let data = text_bytes(args.get(0), "value")?;
        Ok(Value::from(hex(&sha1::Sha1::digest(data))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn known_digests() {
        assert_eq!(
            call(&Sha1, vec![some("")]),
            Ok(Value::from("da39a3ee5e6b4b0d3255bfef95601890afd80709"))
        );
        let bytes = Some(Value::Bytes(bytes::Bytes::from_static(b"foo")));
        assert_eq!(
            call(&Sha1, vec![bytes]),
            Ok(Value::from("0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33"))
        );
    }

    #[test]
    fn unicode_is_digested_as_utf8() {
        let text = call(&Sha1, vec![some("é")]);
        let bytes =
            call(&Sha1, vec![Some(Value::Bytes(bytes::Bytes::from_static("é".as_bytes())))]);
        assert_eq!(text, bytes);
    }

    #[test]
    fn other_kinds_fail() {
        assert_eq!(
            call(&Sha1, vec![some(1)]).unwrap_err().0,
            "`value` must be a string or bytes, got int"
        );
    }
}
