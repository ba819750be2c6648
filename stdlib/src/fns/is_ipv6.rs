//! `is_ipv6`: whether a value is an IPv6 address in text form.

use std::net::Ipv6Addr;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct IsIpv6;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::ANY, required: true, doc: "The value to test." }];

impl FnSig for IsIpv6 {
    fn name(&self) -> &'static str {
        "is_ipv6"
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
        "True when `value` is a string holding exactly one IPv6 address in RFC 4291 text \
         form: eight groups of up to four hex digits, `::` for a run of zero groups, and an \
         optional dotted IPv4 tail (`::ffff:10.0.0.1`). Brackets, a zone (`%eth0`), a port \
         or a CIDR suffix make it false, as does any value that is not a string."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "compressed",
                source: r#"is_ipv6("2001:db8::ff00:42:8329")"#,
                input: "{}",
                result: Ok("true"),
            },
            Example {
                title: "IPv4 is not IPv6",
                source: r#"is_ipv6("10.0.0.1")"#,
                input: "{}",
                result: Ok("false"),
            },
        ]
    }
}

impl Function for IsIpv6 {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let text = args.get(0).and_then(Value::as_str);
        Ok(Value::Bool(text.is_some_and(|t| t.parse::<Ipv6Addr>().is_ok())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::call;

    fn is_ipv6(value: Value) -> bool {
        call(&IsIpv6, vec![Some(value)]) == Ok(Value::Bool(true))
    }

    #[test]
    fn text_forms() {
        for text in ["::", "::1", "fe80::1", "2001:DB8:0:0:8:800:200C:417A", "::ffff:1.2.3.4"] {
            assert!(is_ipv6(text.into()), "{text:?}");
        }
        for text in ["", ":", "1::2::3", "[::1]", "fe80::1%eth0", "::1/128", "12345::", "g::"] {
            assert!(!is_ipv6(text.into()), "{text:?}");
        }
        assert!(!is_ipv6(Value::Array(Vec::new())));
    }
}
