//! `hmac`: a keyed message authentication code of a string, in hexadecimal.

use ::hmac::{Hmac as HmacOf, Mac};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, arg_text, const_arg, hex, text_bytes};
use crate::value::Value;

pub struct Hmac;

const DATA: Kinds = Kinds(Kinds::STRING.0 | Kinds::BYTES.0);

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: DATA, required: true, doc: "The data to authenticate." },
    ParamSig { name: "key", kinds: DATA, required: true, doc: "The secret key." },
    ParamSig {
        name: "algorithm",
        kinds: Kinds::STRING,
        required: false,
        doc: "`SHA-256` (default), `SHA1`, `SHA-224`, `SHA-384` or `SHA-512`.",
    },
];

#[derive(Clone, Copy)]
enum Algorithm {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

const ALGORITHMS: &str = "SHA1, SHA-224, SHA-256, SHA-384 or SHA-512";

impl Algorithm {
    fn parse(name: &str) -> Result<Algorithm, FnError> {
        let canonical = name.to_ascii_uppercase().replace('-', "");
        Ok(match canonical.as_str() {
            "SHA1" => Algorithm::Sha1,
            "SHA224" => Algorithm::Sha224,
            "SHA256" => Algorithm::Sha256,
            "SHA384" => Algorithm::Sha384,
            "SHA512" => Algorithm::Sha512,
            _ => {
                return Err(FnError::new(format!(
                    "unknown algorithm `{name}`; expected {ALGORITHMS}"
                )));
            }
        })
    }

    fn mac(self, key: &[u8], data: &[u8]) -> Result<Vec<u8>, FnError> {
        match self {
            Algorithm::Sha1 => mac::<HmacOf<sha1::Sha1>>(key, data),
            Algorithm::Sha224 => mac::<HmacOf<sha2::Sha224>>(key, data),
            Algorithm::Sha256 => mac::<HmacOf<sha2::Sha256>>(key, data),
            Algorithm::Sha384 => mac::<HmacOf<sha2::Sha384>>(key, data),
            Algorithm::Sha512 => mac::<HmacOf<sha2::Sha512>>(key, data),
        }
    }
}

fn mac<M: Mac + ::hmac::digest::KeyInit>(key: &[u8], data: &[u8]) -> Result<Vec<u8>, FnError> {
    // HMAC accepts keys of any length; the error exists only for other MACs.
    let mut mac = <M as Mac>::new_from_slice(key).map_err(|_| FnError::new("invalid HMAC key"))?;
    mac.update(data);
    Ok(mac.finalize().into_bytes().to_vec())
}

impl FnSig for Hmac {
    fn name(&self) -> &'static str {
        "hmac"
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
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        arg(args, 2)
            .filter(|a| a.const_str().is_none())
            .map(|_| format!("`{}` may not name a known algorithm", arg_text(args, 2, "algorithm")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg(args, 2).and_then(|a| a.const_str()).map(Algorithm::parse) {
            Some(Err(err)) => Err((2, err.0)),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Returns the HMAC of `value` under `key` with the hash `algorithm` (SHA-256 by \
         default; SHA1, SHA-224, SHA-384 and SHA-512 too, in any letter case, with or without \
         the dash), as lowercase hexadecimal. Keep keys out of pipeline files: read them with \
         `get_env`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "SHA-256",
                source: r#"hmac("Hello there", "super-secret-key")"#,
                input: "{}",
                result: Ok(r#""78b184f1832f8aff3934f5e0212454671b2d04d494e3b25075c5e45167029662""#),
            },
            Example {
                title: "SHA1",
                source: r#"hmac("Hello there", "super-secret-key", algorithm = "SHA1")"#,
                input: "{}",
                result: Ok(r#""322c812073bc49eb7dfba72b00b8b0912d3214f1""#),
            },
        ]
    }
}

impl Function for Hmac {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        match const_arg(consts, 2) {
            Some(Value::String(name)) => Ok(Some(Box::new(Algorithm::parse(name)?))),
            _ => Ok(None),
        }
    }

    fn call(&self, prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let algorithm = match crate::util::prepared::<Algorithm>(prepared) {
            Some(algorithm) => *algorithm,
            None => {
                args.opt_str(2)?.map_or(Ok(Algorithm::Sha256), |name| Algorithm::parse(name))?
            }
        };
        let data = text_bytes(args.get(0), "value")?;
        let key = text_bytes(args.get(1), "key")?;
        Ok(Value::from(hex(&algorithm.mac(key, data)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    /// RFC 4231 test case 2.
    const KEY: &str = "Jefe";
    const DATA: &str = "what do ya want for nothing?";

    #[test]
    fn rfc_4231_vectors() {
        let sha256 = call(&Hmac, vec![some(DATA), some(KEY), None]);
        assert_eq!(
            sha256,
            Ok(Value::from("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
        );
        let sha512 = call(&Hmac, vec![some(DATA), some(KEY), some("sha-512")]);
        assert_eq!(
            sha512,
            Ok(Value::from(
                "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
            ))
        );
    }

    #[test]
    fn empty_key_and_data_work() {
        let got = call(&Hmac, vec![some(""), some(""), some("SHA1")]);
        assert_eq!(got, Ok(Value::from("fbdb1d1b18aa6c08324b7d64b71fb76370690e1d")));
    }

    #[test]
    fn unknown_algorithm_fails() {
        let err = call(&Hmac, vec![some("a"), some("k"), some("MD5")]).unwrap_err();
        assert_eq!(
            err.0,
            "unknown algorithm `MD5`; expected SHA1, SHA-224, SHA-256, SHA-384 or SHA-512"
        );
    }
}
