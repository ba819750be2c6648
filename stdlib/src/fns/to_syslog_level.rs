//! `to_syslog_level`: a syslog severity number to its level keyword.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::syslog::SEVERITIES;
use crate::util::{arg_const_int, arg_text};
use crate::value::{Str, Value};

pub struct ToSyslogLevel;

const PARAMS: &[ParamSig] =
    &[ParamSig { name: "value", kinds: Kinds::INT, required: true, doc: "The severity, 0 to 7." }];

impl FnSig for ToSyslogLevel {
    fn name(&self) -> &'static str {
        "to_syslog_level"
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
        // A literal out of range is a `check_args` error instead.
        arg_const_int(args, 0)
            .is_none()
            .then(|| format!("`{}` may not be from 0 to 7", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg_const_int(args, 0).map(level) {
            Some(Err(err)) => Err((0, err.0)),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Returns the RFC 5424 keyword of a syslog severity: 0 `emerg`, 1 `alert`, 2 `crit`, \
         3 `err`, 4 `warning`, 5 `notice`, 6 `info`, 7 `debug` (the names `parse_syslog` \
         gives). Fails on any other number. `to_syslog_severity` goes the other way."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "keyword",
                source: "to_syslog_level(3)",
                input: "{}",
                result: Ok(r#""err""#),
            },
            Example {
                title: "out of range",
                source: "to_syslog_level!(.severity)",
                input: r#"{"severity": 8}"#,
                result: Err("8 is not a syslog severity; expected 0 to 7"),
            },
        ]
    }
}

impl Function for ToSyslogLevel {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        level(args.int(0)?).map(|name| Value::String(Str::from_static(name)))
    }
}

fn level(severity: i64) -> Result<&'static str, FnError> {
    usize::try_from(severity).ok().and_then(|i| SEVERITIES.get(i).copied()).ok_or_else(|| {
        FnError::new(format!("{severity} is not a syslog severity; expected 0 to 7"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, literal, sig_args, some};
    use lgp_lang::ast::Literal;

    #[test]
    fn round_trips_with_to_syslog_severity() {
        use crate::fns::to_syslog_severity::ToSyslogSeverity;
        for severity in 0..8 {
            let name = call(&ToSyslogLevel, vec![some(severity)]);
            let back = name.and_then(|n| call(&ToSyslogSeverity, vec![Some(n)]));
            assert_eq!(back, Ok(Value::Int(severity)));
        }
    }

    #[test]
    fn out_of_range_fails() {
        for bad in [-1, 8, i64::MIN, i64::MAX] {
            assert!(call(&ToSyslogLevel, vec![some(bad)]).is_err(), "{bad}");
        }
        assert!(call(&ToSyslogLevel, vec![some("3")]).is_err());
    }

    #[test]
    fn literals_in_range_cannot_fail() {
        let ok = [literal(Literal::Int(7), "7")];
        assert_eq!(ToSyslogLevel.fallible(&sig_args(&ok)), None);
        let bad = [literal(Literal::Int(9), "9")];
        assert_eq!(ToSyslogLevel.fallible(&sig_args(&bad)), None);
        assert_eq!(
            ToSyslogLevel.check_args(&sig_args(&bad)),
            Err((0, "9 is not a syslog severity; expected 0 to 7".to_owned()))
        );
    }
}
