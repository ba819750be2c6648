//! `sha512`: the SHA-512 digest of a string, in hexadecimal.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};
use sha2::Digest as _;

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{hex, text_bytes};
use crate::value::Value;

pub struct Sha512;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::BYTES.0),
    required: true,
    doc: "The data to digest (a string is digested as UTF-8).",
}];

impl FnSig for Sha512 {
    fn name(&self) -> &'static str {
        "sha512"
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
        "Returns the SHA-512 digest of `value` (its UTF-8 bytes for a string) as lowercase          hexadecimal."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "digest",
            source: r#"sha512("foo")"#,
            input: "{}",
            result: Ok(
                r#""f7fbba6e0636f890e56fbbf3283e524c6fa3204ae298382d624741d0dc6638326e282c41be5e4254d8820772c5518a2c5a8c0c7f7eda19594a7eb539453e1ed7""#,
            ),
        }]
    }
}

impl Function for Sha512 {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let data = text_bytes(args.get(0), "value")?;
        Ok(Value::from(hex(&sha2::Sha512::digest(data))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn known_digests() {
        assert_eq!(
            call(&Sha512, vec![some("")]),
            Ok(Value::from(
                "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
            ))
        );
        let bytes = Some(Value::Bytes(bytes::Bytes::from_static(b"foo")));
        assert_eq!(
            call(&Sha512, vec![bytes]),
            Ok(Value::from(
                "f7fbba6e0636f890e56fbbf3283e524c6fa3204ae298382d624741d0dc6638326e282c41be5e4254d8820772c5518a2c5a8c0c7f7eda19594a7eb539453e1ed7"
            ))
        );
    }

    #[test]
    fn unicode_is_digested_as_utf8() {
        let text = call(&Sha512, vec![some("é")]);
        let bytes =
            call(&Sha512, vec![Some(Value::Bytes(bytes::Bytes::from_static("é".as_bytes())))]);
        assert_eq!(text, bytes);
    }

    #[test]
    fn other_kinds_fail() {
        assert_eq!(
            call(&Sha512, vec![some(1)]).unwrap_err().0,
            "`value` must be a string or bytes, got int"
        );
    }
}
