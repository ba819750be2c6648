//! `to_syslog_severity`: a syslog level name to its severity number.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_const_str, arg_text};
use crate::value::Value;

pub struct ToSyslogSeverity;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The level name, such as `err` or `warning`.",
}];

/// Every accepted name and its severity: RFC 5424's keywords, its long
/// names, and the deprecated or common aliases.
const NAMES: [(&str, i64); 16] = [
    ("emerg", 0),
    ("emergency", 0),
    ("panic", 0),
    ("alert", 1),
    ("crit", 2),
    ("critical", 2),
    ("err", 3),
    ("error", 3),
    ("warning", 4),
    ("warn", 4),
    ("notice", 5),
    ("info", 6),
    ("informational", 6),
    ("debug", 7),
    ("fatal", 0),
    ("trace", 7),
];

impl FnSig for ToSyslogSeverity {
    fn name(&self) -> &'static str {
        "to_syslog_severity"
    }
    fn category(&self) -> &'static str {
        "codec"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::int()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        // An unknown literal name is a `check_args` error instead.
        arg_const_str(args, 0)
            .is_none()
            .then(|| format!("`{}` may not be a syslog level name", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg_const_str(args, 0).map(severity) {
            Some(Err(err)) => Err((0, err.0)),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Returns the syslog severity (RFC 5424, 0 to 7) of a level name: `emerg` 0, `alert` \
         1, `crit` 2, `err` 3, `warning` 4, `notice` 5, `info` 6, `debug` 7. As in VRL, the \
         deprecated `panic`, `error` and `warn` are accepted; beyond VRL, so are the long \
         names (`emergency`, `critical`, `informational`), `fatal` (0) and `trace` (7), in \
         any letter case. `to_syslog_level` goes the other way."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "keyword",
                source: r#"to_syslog_severity("warning")"#,
                input: "{}",
                result: Ok("4"),
            },
            Example {
                title: "application level, any case",
                source: "to_syslog_severity!(.level)",
                input: r#"{"level": "ERROR"}"#,
                result: Ok("3"),
            },
            Example {
                title: "unknown",
                source: "to_syslog_severity!(.level)",
                input: r#"{"level": "loud"}"#,
                result: Err("`loud` is not a syslog level name"),
            },
        ]
    }
}

impl Function for ToSyslogSeverity {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        severity(args.str(0)?).map(Value::Int)
    }
}

fn severity(name: &str) -> Result<i64, FnError> {
    match NAMES.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)) {
        Some((_, number)) => Ok(*number),
        None => {
            let shown: String = name.chars().take(40).collect();
            Err(FnError::new(format!("`{}` is not a syslog level name", shown.escape_debug())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, literal_str, sig_args, some, typed};

    #[test]
    fn every_name_maps_into_range() {
        for (name, number) in NAMES {
            assert_eq!(call(&ToSyslogSeverity, vec![some(name)]), Ok(Value::Int(number)));
            let upper = name.to_uppercase();
            assert_eq!(call(&ToSyslogSeverity, vec![some(upper)]), Ok(Value::Int(number)));
        }
    }

    #[test]
    fn unknown_names_fail_with_a_bounded_message() {
        let long = call(&ToSyslogSeverity, vec![some("x".repeat(10_000))]).unwrap_err().0;
        assert!(long.len() < 80, "{long}");
        assert!(call(&ToSyslogSeverity, vec![some("")]).is_err());
        assert!(call(&ToSyslogSeverity, vec![some(" info")]).is_err());
        assert!(call(&ToSyslogSeverity, vec![some(3)]).is_err());
    }

    #[test]
    fn known_literals_cannot_fail() {
        assert_eq!(ToSyslogSeverity.fallible(&sig_args(&[literal_str("info")])), None);
        let loud = [literal_str("loud")];
        assert_eq!(ToSyslogSeverity.fallible(&sig_args(&loud)), None);
        assert_eq!(
            ToSyslogSeverity.check_args(&sig_args(&loud)),
            Err((0, "`loud` is not a syslog level name".to_owned()))
        );
        assert!(ToSyslogSeverity.fallible(&sig_args(&[typed(Type::string(), ".l")])).is_some());
    }
}
