//! `from_unix`: a timestamp from a Unix time.

use chrono::{DateTime, Utc};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{TimeUnit, arg, arg_text, unknown_unit};
use crate::value::Value;

pub struct FromUnix;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::INT, required: true, doc: "The Unix time." },
    ParamSig {
        name: "unit",
        kinds: Kinds::STRING,
        required: false,
        doc: "`seconds` (default), `milliseconds`, `microseconds` or `nanoseconds` (or `s`, `ms`, `us`, `ns`).",
    },
];

impl FnSig for FromUnix {
    fn name(&self) -> &'static str {
        "from_unix"
    }
    fn category(&self) -> &'static str {
        "time"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::timestamp()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let unit = match arg(args, 1) {
            None => TimeUnit::Seconds,
            Some(a) => match a.const_str().and_then(TimeUnit::parse) {
                Some(unit) => unit,
                None => {
                    return Some(format!(
                        "`{}` may not be a valid unit",
                        arg_text(args, 1, "unit")
                    ));
                }
            },
        };
        // Every i64 count of nanoseconds is a valid timestamp; larger units can overflow.
        let value = arg(args, 0)?;
        if unit == TimeUnit::Nanoseconds
            || value.const_int().is_some_and(|n| convert(n, unit).is_ok())
        {
            return None;
        }
        Some(format!("`{}` may be out of the timestamp range", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg(args, 1).and_then(|a| a.const_str()) {
            Some(name) if TimeUnit::parse(name).is_none() => Err((1, unknown_unit(name).0)),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Returns the timestamp `value` units after 1970-01-01T00:00:00Z (before it when \
         negative). Fails when the result is beyond the year 262 143 either way, which only \
         very large second, millisecond or microsecond counts reach; nanosecond counts \
         never fail."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "seconds",
                source: "from_unix(1795687200)",
                input: "{}",
                result: Ok(r#""2026-11-26T10:00:00Z""#),
            },
            Example {
                title: "milliseconds",
                source: r#"from_unix!(.ts, unit = "ms")"#,
                input: r#"{"ts": 1795687200250}"#,
                result: Ok(r#""2026-11-26T10:00:00.250Z""#),
            },
        ]
    }
}

impl Function for FromUnix {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let unit = TimeUnit::from_arg(args, 1)?;
        Ok(Value::Timestamp(convert(args.int(0)?, unit)?))
    }
}

fn convert(count: i64, unit: TimeUnit) -> Result<DateTime<Utc>, FnError> {
    let time = match unit {
        TimeUnit::Seconds => DateTime::from_timestamp(count, 0),
        TimeUnit::Milliseconds => DateTime::from_timestamp_millis(count),
        TimeUnit::Microseconds => DateTime::from_timestamp_micros(count),
        TimeUnit::Nanoseconds => Some(DateTime::from_timestamp_nanos(count)),
    };
    time.ok_or_else(|| FnError::new(format!("{count} is out of the timestamp range")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, literal, sig_args, some, typed};
    use lgp_lang::ast::Literal;

    fn from_unix(count: i64, unit: Option<&str>) -> Result<Value, FnError> {
        call(&FromUnix, vec![some(count), unit.map(Value::from)])
    }

    #[test]
    fn every_unit() {
        let expect = |text: &str| Ok(Value::Timestamp(text.parse().unwrap()));
        assert_eq!(from_unix(-1, None), expect("1969-12-31T23:59:59Z"));
        assert_eq!(from_unix(1_500, Some("milliseconds")), expect("1970-01-01T00:00:01.5Z"));
        assert_eq!(from_unix(1, Some("us")), expect("1970-01-01T00:00:00.000001Z"));
        assert_eq!(from_unix(i64::MIN, Some("ns")), expect("1677-09-21T00:12:43.145224192Z"));
    }

    #[test]
    fn out_of_range_and_bad_units_fail() {
        assert_eq!(
            from_unix(i64::MAX, None).unwrap_err().0,
            "9223372036854775807 is out of the timestamp range"
        );
        assert!(from_unix(i64::MIN, Some("us")).is_err());
        assert!(from_unix(0, Some("minutes")).is_err());
    }

    #[test]
    fn fallible_unless_range_is_known() {
        let seconds = [typed(Type::int(), ".ts"), None];
        assert!(FromUnix.fallible(&sig_args(&seconds)).is_some());
        let nanos = [
            typed(Type::int(), ".ts"),
            literal(Literal::String { value: "ns".into(), raw: false }, "\"ns\""),
        ];
        assert_eq!(FromUnix.fallible(&sig_args(&nanos)), None);
        let constant = [literal(Literal::Int(0), "0"), None];
        assert_eq!(FromUnix.fallible(&sig_args(&constant)), None);
    }
}
