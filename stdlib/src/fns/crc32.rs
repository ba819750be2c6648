//! `crc32`: the CRC-32 checksum of a string, as an integer.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::text_bytes;
use crate::value::Value;

pub struct Crc32;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::BYTES.0),
    required: true,
    doc: "The data to checksum (a string is read as UTF-8).",
}];

impl FnSig for Crc32 {
    fn name(&self) -> &'static str {
        "crc32"
    }
    fn category(&self) -> &'static str {
        "security"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::int()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the CRC-32 checksum (IEEE polynomial, as zlib, gzip and PNG compute it) of \
         `value` as an integer from 0 to 4294967295. It is fast and spreads values evenly, \
         which suits sampling and sharding (`crc32(.user_id) % 10 == 0`), but it is not a \
         cryptographic hash: use `sha256` or `hmac` where forgery matters. Unlike VRL's \
         `crc`, the result is a number, not text."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "check value",
                source: r#"crc32("123456789")"#,
                input: "{}",
                result: Ok("3421780262"),
            },
            Example {
                title: "sampling one user in ten",
                source: "crc32(.user) % 10",
                input: r#"{"user": "alice"}"#,
                result: Ok("5"),
            },
        ]
    }
}

impl Function for Crc32 {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let data = text_bytes(args.get(0), "value")?;
        Ok(Value::Int(i64::from(crc32fast::hash(data))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    #[test]
    fn known_checksums() {
        assert_eq!(call(&Crc32, vec![some("")]), Ok(Value::Int(0)));
        assert_eq!(
            call(&Crc32, vec![some("The quick brown fox jumps over the lazy dog")]),
            Ok(Value::Int(0x414f_a339))
        );
        let bytes = Value::Bytes(bytes::Bytes::from_static(&[0xff; 4]));
        assert_eq!(call(&Crc32, vec![Some(bytes)]), Ok(Value::Int(0xffff_ffff)));
    }

    #[test]
    fn other_kinds_fail() {
        assert!(call(&Crc32, vec![some(true)]).is_err());
    }
}
