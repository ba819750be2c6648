//! `decode_hex`: the string a hexadecimal text encodes.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::arg_text;
use crate::value::Value;

pub struct DecodeHex;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The hexadecimal text.",
}];

impl FnSig for DecodeHex {
    fn name(&self) -> &'static str {
        "decode_hex"
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
        Some(format!("`{}` may not be hexadecimal of UTF-8 text", arg_text(args, 0, "value")))
    }
    fn doc(&self) -> &'static str {
        "Decodes hexadecimal text, two digits per byte, in either case (VRL's \
         `decode_base16`). Fails on an odd number of digits, on any other character \
         (whitespace and a `0x` prefix included), and when the bytes are not UTF-8 text."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "decode",
                source: r#"decode_hex!("48656C6C6F")"#,
                input: "{}",
                result: Ok(r#""Hello""#),
            },
            Example {
                title: "not hexadecimal",
                source: r#"decode_hex!("0x41")"#,
                input: "{}",
                result: Err("invalid hexadecimal: `x` at offset 1 is not a hex digit"),
            },
        ]
    }
}

impl Function for DecodeHex {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let bytes = decode(args.str(0)?)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| FnError::new("the decoded data is not UTF-8 text"))?;
        Ok(Value::from(text))
    }
}

fn decode(text: &str) -> Result<Vec<u8>, FnError> {
    if let Some((offset, bad)) = text.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Err(FnError::new(format!(
            "invalid hexadecimal: `{}` at offset {offset} is not a hex digit",
            bad.escape_debug()
        )));
    }
    if !text.len().is_multiple_of(2) {
        return Err(FnError::new("invalid hexadecimal: odd number of digits"));
    }
    Ok(text
        .as_bytes()
        .chunks_exact(2)
        .map(|pair| pair.iter().fold(0, |byte, digit| (byte << 4) | nibble(*digit)))
        .collect())
}

/// The value of a hex digit already checked to be one.
fn nibble(digit: u8) -> u8 {
    char::from(digit).to_digit(16).and_then(|value| u8::try_from(value).ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    fn decode_hex(text: &str) -> Result<Value, FnError> {
        call(&DecodeHex, vec![some(text)])
    }

    #[test]
    fn round_trips_with_either_case() {
        assert_eq!(decode_hex("c3A9"), Ok(Value::from("é")));
        assert_eq!(decode_hex(""), Ok(Value::from("")));
    }

    #[test]
    fn invalid_input_fails_with_the_reason() {
        assert_eq!(decode_hex("abc").unwrap_err().0, "invalid hexadecimal: odd number of digits");
        assert_eq!(
            decode_hex("4é").unwrap_err().0,
            "invalid hexadecimal: `é` at offset 1 is not a hex digit"
        );
        assert_eq!(
            decode_hex("a\n").unwrap_err().0,
            r"invalid hexadecimal: `\n` at offset 1 is not a hex digit"
        );
        assert_eq!(decode_hex("ff").unwrap_err().0, "the decoded data is not UTF-8 text");
        assert!(decode_hex("+1").is_err());
    }
}
