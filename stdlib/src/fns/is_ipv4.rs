//! `is_ipv4`: whether a value is an IPv4 address in dotted-decimal form.

use std::net::Ipv4Addr;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsIpv4;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." }];

impl FnSig for IsIpv4 {
    fn name(&self) -> &'static str {
        "is_ipv4"
    }
    fn category(&self) -> &'static str {
        "ip"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::bool()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "True when `value` is a string holding exactly one IPv4 address in dotted-decimal \
         form: four numbers from 0 to 255, without leading zeros (`010.0.0.1` is refused, \
         as it reads as octal in some tools), surrounding whitespace, a port or a CIDR \
         suffix. Any other value, non-strings included, gives false."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "address",
                source: r#"is_ipv4("192.168.0.1")"#,
                input: "{}",
                result: Ok("true"),
            },
            Example {
                title: "out of range",
                source: r#"is_ipv4("256.1.1.1")"#,
                input: "{}",
                result: Ok("false"),
            },
            Example {
                title: "IPv6 is not IPv4",
                source: "is_ipv4(.client)",
                input: r#"{"client": "::ffff:10.0.0.1"}"#,
                result: Ok("false"),
            },
        ]
    }
}

impl Function for IsIpv4 {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let text = args.get(0).and_then(Value::as_str);
        Ok(Value::Bool(text.is_some_and(|t| t.parse::<Ipv4Addr>().is_ok())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::call;

    fn is_ipv4(value: Value) -> bool {
        call(&IsIpv4, vec![Some(value)]) == Ok(Value::Bool(true))
    }

    #[test]
    fn dotted_decimal_only() {
        assert!(is_ipv4("0.0.0.0".into()));
        assert!(is_ipv4("255.255.255.255".into()));
        for text in ["", "1.2.3", "1.2.3.4.5", "01.2.3.4", " 1.2.3.4", "1.2.3.4:80", "1.2.3.4/8"] {
            assert!(!is_ipv4(text.into()), "{text:?}");
        }
        assert!(!is_ipv4("١.٢.٣.٤".into()));
        assert!(!is_ipv4(Value::Int(16_909_060)));
        assert!(!is_ipv4(Value::Null));
    }
}
