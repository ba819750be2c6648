//! `parse_syslog`: an RFC 5424 or RFC 3164 syslog line to an object.

use std::collections::BTreeMap;

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::syslog;
use crate::util::arg_text;
use crate::value::Value;

pub struct ParseSyslog;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The syslog line to parse.",
}];

impl FnSig for ParseSyslog {
    fn name(&self) -> &'static str {
        "parse_syslog"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    /// The known fields, each possibly absent; other fields are
    /// structured-data elements, objects of strings.
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        let maybe = |kinds: Kinds| Type::of(kinds.union(Kinds::NULL));
        let fields: BTreeMap<String, Type> = syslog::FIELDS
            .iter()
            .map(|&name| {
                let ty = match name {
                    "message" => Type::string(),
                    "timestamp" => maybe(Kinds::TIMESTAMP),
                    "version" => maybe(Kinds::INT),
                    "procid" => maybe(Kinds::INT.union(Kinds::STRING)),
                    _ => maybe(Kinds::STRING),
                };
                (name.to_string(), ty)
            })
            .collect();
        let element = Type::object_with(BTreeMap::new(), Some(Type::string()));
        Type::object_with(fields, Some(element))
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not be a valid syslog line", arg_text(args, 0, "value")))
    }
    /// RFC 3164 lines without a year take it from the clock.
    fn pure(&self) -> bool {
        false
    }
    fn doc(&self) -> &'static str {
        "Parses an RFC 5424 or RFC 3164 syslog line. The priority becomes `facility` and \
         `severity` names (`kern` ... `local7`, `emerg` ... `debug`); then come `version` \
         (5424), `timestamp`, `hostname`, `appname`, `procid` (an integer when numeric), \
         `msgid` and `message` (UTF-8 BOM and line ending removed). Each RFC 5424 \
         structured-data element becomes an object field named by its SD-ID. Fields that \
         are `-` or missing are absent. RFC 3164 timestamps are read as UTC and, when \
         they have no year, take the current year (the previous one if that would put \
         the line more than a day in the future). An RFC 6587 octet count is skipped."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "RFC 5424",
                source: r#"parse_syslog!(.message)"#,
                input: r#"{"message": "<13>1 2020-03-13T20:45:38.119Z dynamicwireless.name non 2426 ID931 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\"] Try to override the THX port"}"#,
                result: Ok(
                    r#"{"appname": "non", "exampleSDID@32473": {"eventSource": "Application", "iut": "3"}, "facility": "user", "hostname": "dynamicwireless.name", "message": "Try to override the THX port", "msgid": "ID931", "procid": 2426, "severity": "notice", "timestamp": "2020-03-13T20:45:38.119Z", "version": 1}"#,
                ),
            },
            Example {
                title: "RFC 3164 with a year",
                source: r#"parse_syslog!("<34>Oct 11 2022 22:14:15 mymachine su[230]: 'su root' failed on /dev/pts/8")"#,
                input: "{}",
                result: Ok(
                    r#"{"appname": "su", "facility": "auth", "hostname": "mymachine", "message": "'su root' failed on /dev/pts/8", "procid": 230, "severity": "crit", "timestamp": "2022-10-11T22:14:15Z"}"#,
                ),
            },
            Example {
                title: "not syslog",
                source: r#"parse_syslog!("hello")"#,
                input: "{}",
                result: Err("not a syslog message: no priority and no timestamp"),
            },
        ]
    }
}

impl Function for ParseSyslog {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        syslog::parse(args.str(0)?, chrono::Utc::now()).map(Value::Object).map_err(FnError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, run};
    use proptest::prelude::*;

    #[test]
    fn hostile_input() {
        let many_elements = format!("<13>1 - - - - - {} x", "[a b=\"c\"]".repeat(10_000));
        let Ok(Value::Object(fields)) = run(&ParseSyslog, &[Value::from(many_elements)]) else {
            panic!("parses")
        };
        assert_eq!(fields.get("a").map(Value::to_string).as_deref(), Some(r#"{"b":"c"}"#));
        assert_error(
            run(&ParseSyslog, &[Value::from("<13>1 - - - - - [a b=\"c")]),
            "unterminated element",
        );
        assert_error(run(&ParseSyslog, &[Value::from("<")]), "invalid priority");
    }

    #[test]
    fn without_year_takes_a_recent_one() {
        let Ok(Value::Object(fields)) =
            run(&ParseSyslog, &[Value::from("<13>Jan  1 00:00:00 h a: x")])
        else {
            panic!("parses")
        };
        let Some(Value::Timestamp(at)) = fields.get("timestamp") else { panic!("has a timestamp") };
        let age = chrono::Utc::now().signed_duration_since(*at);
        assert!(age > -chrono::Duration::days(1) && age < chrono::Duration::days(367));
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in "(<[0-9]{1,3}>)?(1 )?.{0,200}") {
            if let Ok(value) = run(&ParseSyslog, &[Value::from(text.as_str())]) {
                prop_assert!(value.to_json().to_string().len() <= text.len() * 16 + 256);
            }
        }
    }
}
