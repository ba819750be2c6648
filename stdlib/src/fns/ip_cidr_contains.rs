//! `ip_cidr_contains`: whether an IP address lies in one of some CIDR ranges.

use std::net::IpAddr;

use ipnet::IpNet;
use lgp_lang::ast::{ExprKind, Literal};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, arg_text, const_arg, prepared};
use crate::value::Value;

pub struct IpCidrContains;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "cidr",
        kinds: Kinds(Kinds::STRING.0 | Kinds::ARRAY.0),
        required: true,
        doc: "A range such as `10.0.0.0/8`, or an array of them; a bare address is a one-address range.",
    },
    ParamSig {
        name: "value",
        kinds: Kinds::STRING,
        required: true,
        doc: "The IP address to test.",
    },
];

impl FnSig for IpCidrContains {
    fn name(&self) -> &'static str {
        "ip_cidr_contains"
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
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let address_known = arg(args, 1)
            .and_then(|a| a.const_str())
            .is_some_and(|text| text.trim().parse::<IpAddr>().is_ok());
        if !address_known {
            return Some(format!("`{}` may not be a valid IP address", arg_text(args, 1, "value")));
        }
        let ranges_known =
            arg(args, 0).is_some_and(|a| a.const_str().is_some() || a.const_str_array().is_some());
        (!ranges_known)
            .then(|| format!("`{}` may not be valid CIDR ranges", arg_text(args, 0, "cidr")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        let Some(cidr) = arg(args, 0) else { return Ok(()) };
        let texts = match (&cidr.expr.kind, cidr.const_str()) {
            (_, Some(text)) => vec![text],
            (ExprKind::Array(_), None) => cidr.const_str_array().unwrap_or_default(),
            _ => return Ok(()),
        };
        texts
            .into_iter()
            .try_for_each(|text| parse_range(text).map(|_| ()))
            .map_err(|e| (0, e.0))?;
        match arg(args, 1).map(|a| &a.expr.kind) {
            Some(ExprKind::Literal(Literal::String { value, .. })) => {
                parse_address(value).map(|_| ()).map_err(|e| (1, e.0))
            }
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "True when the IP address `value` lies in the range `cidr` or in any range of an array \
         of them. IPv4 and IPv6 both work; an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) \
         also matches IPv4 ranges. Fails when the address or a range is not valid; constant \
         ranges are checked before the pipeline starts."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "IPv4",
                source: r#"ip_cidr_contains("192.168.0.0/16", "192.168.10.32")"#,
                input: "{}",
                result: Ok("true"),
            },
            Example {
                title: "several ranges",
                source: r#"ip_cidr_contains!(["10.0.0.0/8", "2001:db8::/32"], .client)"#,
                input: r#"{"client": "2001:db8::1"}"#,
                result: Ok("true"),
            },
            Example {
                title: "not an address",
                source: r#"ip_cidr_contains!("10.0.0.0/8", .client)"#,
                input: r#"{"client": "host.local"}"#,
                result: Err("`host.local` is not a valid IP address"),
            },
        ]
    }
}

impl Function for IpCidrContains {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        match const_arg(consts, 0) {
            Some(cidr) => Ok(Some(Box::new(ranges(cidr)?))),
            None => Ok(None),
        }
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let address = parse_address(args.str(1)?)?;
        let computed;
        let nets = match prepared::<Vec<IpNet>>(prepared_state) {
            Some(nets) => nets,
            None => {
                computed = ranges(args.get(0).unwrap_or(&Value::Null))?;
                &computed
            }
        };
        let mapped = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4),
            IpAddr::V4(_) => None,
        };
        let inside = |ip: &IpAddr| nets.iter().any(|net| net.contains(ip));
        Ok(Value::Bool(inside(&address) || mapped.as_ref().is_some_and(inside)))
    }
}

fn ranges(cidr: &Value) -> Result<Vec<IpNet>, FnError> {
    match cidr {
        Value::String(text) => Ok(vec![parse_range(text)?]),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => parse_range(text),
                other => Err(FnError::new(format!(
                    "`cidr` items must be strings, got {}",
                    other.kind_name()
                ))),
            })
            .collect(),
        other => Err(FnError::new(format!(
            "`cidr` must be a string or an array, got {}",
            other.kind_name()
        ))),
    }
}

fn parse_range(text: &str) -> Result<IpNet, FnError> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| FnError::new(format!("`{}` is not a valid CIDR range", text.escape_debug())))
}

fn parse_address(text: &str) -> Result<IpAddr, FnError> {
    text.trim()
        .parse()
        .map_err(|_| FnError::new(format!("`{}` is not a valid IP address", text.escape_debug())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    fn contains(cidr: Value, address: &str) -> Result<Value, FnError> {
        call(&IpCidrContains, vec![Some(cidr), some(address)])
    }

    #[test]
    fn v4_v6_and_mapped_addresses() {
        assert_eq!(contains("10.0.0.0/8".into(), "10.255.0.1"), Ok(Value::Bool(true)));
        assert_eq!(contains("10.0.0.0/8".into(), "11.0.0.1"), Ok(Value::Bool(false)));
        assert_eq!(contains("10.0.0.0/8".into(), "::ffff:10.1.2.3"), Ok(Value::Bool(true)));
        assert_eq!(contains("fe80::/10".into(), "fe80::1"), Ok(Value::Bool(true)));
        assert_eq!(contains("fe80::/10".into(), "10.0.0.1"), Ok(Value::Bool(false)));
        assert_eq!(contains("192.0.2.7".into(), "192.0.2.7"), Ok(Value::Bool(true)));
    }

    #[test]
    fn arrays_of_ranges() {
        let ranges = json(r#"["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]"#);
        assert_eq!(contains(ranges.clone(), "172.20.1.1"), Ok(Value::Bool(true)));
        assert_eq!(contains(ranges, "8.8.8.8"), Ok(Value::Bool(false)));
        assert_eq!(contains(json("[]"), "8.8.8.8"), Ok(Value::Bool(false)));
    }

    #[test]
    fn invalid_input_fails() {
        assert_eq!(
            contains("10.0.0.0/33".into(), "10.0.0.1").unwrap_err().0,
            "`10.0.0.0/33` is not a valid CIDR range"
        );
        assert_eq!(
            contains("10.0.0.0/8".into(), "10.0.0.256").unwrap_err().0,
            "`10.0.0.256` is not a valid IP address"
        );
        assert!(contains(json(r#"["10.0.0.0/8", 1]"#), "10.0.0.1").is_err());
        assert!(contains("10.0.0.0/8".into(), "").is_err());
        assert!(contains("١٠.0.0.0/8".into(), "10.0.0.1").is_err());
    }
}
