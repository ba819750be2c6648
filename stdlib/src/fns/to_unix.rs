//! `to_unix`: a timestamp as a Unix time.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{TimeUnit, arg, arg_text, unknown_unit};
use crate::value::Value;

pub struct ToUnix;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::TIMESTAMP, required: true, doc: "The timestamp." },
    ParamSig {
        name: "unit",
        kinds: Kinds::STRING,
        required: false,
        doc: "`seconds` (default), `milliseconds`, `microseconds` or `nanoseconds` (or `s`, `ms`, `us`, `ns`).",
    },
];

impl FnSig for ToUnix {
    fn name(&self) -> &'static str {
        "to_unix"
    }
    fn category(&self) -> &'static str {
        "time"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::int()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let unit = arg(args, 1)?;
        match unit.const_str().and_then(TimeUnit::parse) {
            Some(TimeUnit::Nanoseconds) => Some(format!(
                "`{}` may be outside the years 1677 to 2262 that nanoseconds can count",
                arg_text(args, 0, "value")
            )),
            Some(_) => None,
            None => Some(format!("`{}` may not be a valid unit", arg_text(args, 1, "unit"))),
        }
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg(args, 1).and_then(|a| a.const_str()) {
            Some(name) if TimeUnit::parse(name).is_none() => Err((1, unknown_unit(name).0)),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Returns the time elapsed from 1970-01-01T00:00:00Z to `value` in `unit`, rounded down \
         (negative before 1970). Seconds, milliseconds and microseconds cover every timestamp; \
         nanoseconds only the years 1677 to 2262, and fail outside them."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "seconds",
                source: "to_unix(t'2026-11-26T10:00:00Z')",
                input: "{}",
                result: Ok("1795687200"),
            },
            Example {
                title: "milliseconds",
                source: r#"to_unix(t'2026-11-26T10:00:00.250Z', unit = "milliseconds")"#,
                input: "{}",
                result: Ok("1795687200250"),
            },
        ]
    }
}

impl Function for ToUnix {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let unit = TimeUnit::from_arg(args, 1)?;
        let Some(Value::Timestamp(time)) = args.get(0) else {
            let got = args.get(0).map_or("nothing", Value::kind_name);
            return Err(FnError::new(format!("`value` must be a timestamp, got {got}")));
        };
        let count = match unit {
            TimeUnit::Seconds => time.timestamp(),
            TimeUnit::Milliseconds => time.timestamp_millis(),
            TimeUnit::Microseconds => time.timestamp_micros(),
            TimeUnit::Nanoseconds => time.timestamp_nanos_opt().ok_or_else(|| {
                FnError::new(format!(
                    "{} is outside the range of nanosecond Unix times",
                    time.to_rfc3339()
                ))
            })?,
        };
        Ok(Value::Int(count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    fn at(seconds: i64, nanos: u32) -> Option<Value> {
        chrono::DateTime::from_timestamp(seconds, nanos).map(Value::Timestamp)
    }

    #[test]
    fn every_unit_rounds_down() {
        assert_eq!(call(&ToUnix, vec![at(-1, 999_999_999), None]), Ok(Value::Int(-1)));
        assert_eq!(call(&ToUnix, vec![at(1, 5_000_000), some("ms")]), Ok(Value::Int(1005)));
        assert_eq!(
            call(&ToUnix, vec![at(1, 5_000), some("microseconds")]),
            Ok(Value::Int(1_000_005))
        );
        assert_eq!(call(&ToUnix, vec![at(1, 5), some("ns")]), Ok(Value::Int(1_000_000_005)));
    }

    #[test]
    fn extremes_and_bad_units() {
        let max = Some(Value::Timestamp(chrono::DateTime::<chrono::Utc>::MAX_UTC));
        assert!(call(&ToUnix, vec![max.clone(), some("microseconds")]).is_ok());
        assert!(call(&ToUnix, vec![max, some("nanoseconds")]).is_err());
        let err = call(&ToUnix, vec![at(0, 0), some("days")]).unwrap_err();
        assert_eq!(
            err.0,
            "unknown unit `days`; expected seconds, milliseconds, microseconds or nanoseconds"
        );
    }
}
