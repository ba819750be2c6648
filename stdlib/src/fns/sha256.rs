//! `sha256`: the SHA-256 digest of a string, in hexadecimal.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};
use sha2::Digest as _;

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{hex, text_bytes};
use crate::value::Value;

pub struct Sha256;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::BYTES.0),
    required: true,
    doc: "The data to digest (a string is digested as UTF-8).",
}];

impl FnSig for Sha256 {
    fn name(&self) -> &'static str {
        "sha256"
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
        "Returns the SHA-256 digest of `value` (its UTF-8 bytes for a string) as lowercase          hexadecimal."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "digest",
            source: r#"sha256("foo")"#,
            input: "{}",
            result: Ok(r#""2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae""#),
        }]
    }
}

impl Function for Sha256 {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let data = text_bytes(args.get(0), "value")?;
        Ok(Value::from(hex(&sha2::Sha256::digest(data))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn known_digests() {
        assert_eq!(
            call(&Sha256, vec![some("")]),
            Ok(Value::from("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
        );
        let bytes = Some(Value::Bytes(bytes::Bytes::from_static(b"foo")));
        assert_eq!(
            call(&Sha256, vec![bytes]),
            Ok(Value::from("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"))
        );
    }

    #[test]
    fn unicode_is_digested_as_utf8() {
        let text = call(&Sha256, vec![some("é")]);
        let bytes =
            call(&Sha256, vec![Some(Value::Bytes(bytes::Bytes::from_static("é".as_bytes())))]);
        assert_eq!(text, bytes);
    }

    #[test]
    fn other_kinds_fail() {
        assert_eq!(
            call(&Sha256, vec![some(1)]).unwrap_err().0,
            "`value` must be a string or bytes, got int"
        );
    }
}
