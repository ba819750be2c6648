//! `encode_hex`: data as lowercase hexadecimal.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{hex, text_bytes};
use crate::value::Value;

pub struct EncodeHex;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::BYTES.0),
    required: true,
    doc: "The data to encode (a string is encoded as UTF-8).",
}];

impl FnSig for EncodeHex {
    fn name(&self) -> &'static str {
        "encode_hex"
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
        "Encodes `value` (its UTF-8 bytes for a string) as lowercase hexadecimal, two digits \
         per byte (VRL's `encode_base16`). `decode_hex` reverses it."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "ASCII",
                source: r#"encode_hex("hi!")"#,
                input: "{}",
                result: Ok(r#""686921""#),
            },
            Example {
                title: "UTF-8",
                source: r#"encode_hex("é")"#,
                input: "{}",
                result: Ok(r#""c3a9""#),
            },
        ]
    }
}

impl Function for EncodeHex {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        Ok(Value::from(hex(text_bytes(args.get(0), "value")?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn strings_and_bytes() {
        assert_eq!(call(&EncodeHex, vec![some("")]), Ok(Value::from("")));
        let bytes = Value::Bytes(bytes::Bytes::from_static(&[0, 0x7f, 0xff]));
        assert_eq!(call(&EncodeHex, vec![Some(bytes)]), Ok(Value::from("007fff")));
    }

    #[test]
    fn other_kinds_fail() {
        assert_eq!(
            call(&EncodeHex, vec![some(1)]).unwrap_err().0,
            "`value` must be a string or bytes, got int"
        );
    }
}
