//! `format_timestamp`: a timestamp written with a strftime format.

use std::fmt::Write as _;

use chrono::format::{Item, StrftimeItems};
use chrono::{FixedOffset, Offset};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, arg_text, const_arg, parse_offset, prepared};
use crate::value::Value;

pub struct FormatTimestamp;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::TIMESTAMP, required: true, doc: "The timestamp." },
    ParamSig {
        name: "format",
        kinds: Kinds::STRING,
        required: true,
        doc: "A strftime format (`%Y-%m-%d %H:%M:%S`).",
    },
    ParamSig {
        name: "timezone",
        kinds: Kinds::STRING,
        required: false,
        doc: "`UTC` (the default) or a fixed offset such as `+02:00`.",
    },
];

/// What `prepare` keeps from constant arguments.
struct Constants {
    items: Option<Vec<Item<'static>>>,
    offset: Option<FixedOffset>,
}

impl FnSig for FormatTimestamp {
    fn name(&self) -> &'static str {
        "format_timestamp"
    }
    fn category(&self) -> &'static str {
        "time"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        if arg(args, 1).is_some_and(|a| a.const_str().is_none()) {
            return Some(format!("`{}` may not be a valid format", arg_text(args, 1, "format")));
        }
        if arg(args, 2).is_some_and(|a| a.const_str().is_none()) {
            return Some(format!(
                "`{}` may not be a valid time zone",
                arg_text(args, 2, "timezone")
            ));
        }
        None
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        if let Some(Err(err)) = arg(args, 1).and_then(|a| a.const_str()).map(parse_format) {
            return Err((1, err.0));
        }
        if let Some(Err(err)) = arg(args, 2).and_then(|a| a.const_str()).map(parse_zone) {
            return Err((2, err.0));
        }
        Ok(())
    }
    fn doc(&self) -> &'static str {
        "Writes `value` with a strftime `format` (chrono's specifiers: `%Y`, `%m`, `%d`, `%H`, \
         `%M`, `%S`, `%.3f`, `%z`, `%+` for RFC 3339, ...), in UTC or in the fixed offset \
         `timezone` (`+02:00`, `-0530`, `UTC`). Named zones such as `Europe/Paris` are not \
         supported. Fails on an unknown specifier or zone; constant ones are checked before \
         the pipeline starts."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "date and time",
                source: r#"format_timestamp(t'2026-11-26T10:00:00Z', "%Y-%m-%d %H:%M")"#,
                input: "{}",
                result: Ok(r#""2026-11-26 10:00""#),
            },
            Example {
                title: "fixed offset",
                source: r#"format_timestamp(t'2026-11-26T23:30:00Z', "%d/%b/%Y:%H:%M:%S %z", timezone = "+02:00")"#,
                input: "{}",
                result: Ok(r#""27/Nov/2026:01:30:00 +0200""#),
            },
        ]
    }
}

impl Function for FormatTimestamp {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        let items = match const_arg(consts, 1) {
            Some(Value::String(format)) => Some(parse_format(format)?),
            _ => None,
        };
        let offset = match const_arg(consts, 2) {
            Some(Value::String(zone)) => Some(parse_zone(zone)?),
            _ => None,
        };
        Ok(Some(Box::new(Constants { items, offset })))
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let Some(Value::Timestamp(time)) = args.get(0) else {
            let got = args.get(0).map_or("nothing", Value::kind_name);
            return Err(FnError::new(format!("`value` must be a timestamp, got {got}")));
        };
        let constants = prepared::<Constants>(prepared_state);
        let offset = match constants.and_then(|c| c.offset) {
            Some(offset) => offset,
            None => match args.opt_str(2)? {
                Some(zone) => parse_zone(zone)?,
                None => chrono::Utc.fix(),
            },
        };
        let parsed;
        let items = match constants.and_then(|c| c.items.as_ref()) {
            Some(items) => items,
            None => {
                parsed = parse_format(args.str(1)?)?;
                &parsed
            }
        };
        let mut out = String::new();
        write!(out, "{}", time.with_timezone(&offset).format_with_items(items.iter()))
            .map_err(|_| FnError::new("the format cannot be applied to this timestamp"))?;
        Ok(Value::from(out))
    }
}

fn parse_format(format: &str) -> Result<Vec<Item<'static>>, FnError> {
    StrftimeItems::new(format)
        .parse_to_owned()
        .map_err(|_| FnError::new(format!("invalid timestamp format `{format}`")))
}

fn parse_zone(zone: &str) -> Result<FixedOffset, FnError> {
    parse_offset(zone).ok_or_else(|| {
        FnError::new(format!(
            "unknown time zone `{zone}`; expected `UTC` or a fixed offset such as `+02:00`"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    fn at(seconds: i64, nanos: u32) -> Option<Value> {
        chrono::DateTime::from_timestamp(seconds, nanos).map(Value::Timestamp)
    }

    #[test]
    fn formats_in_utc_and_offsets() {
        let got =
            call(&FormatTimestamp, vec![at(0, 123_000_000), some("%Y-%m-%dT%H:%M:%S%.3f"), None]);
        assert_eq!(got, Ok(Value::from("1970-01-01T00:00:00.123")));
        let got = call(&FormatTimestamp, vec![at(0, 0), some("%H:%M %:z"), some("-05:30")]);
        assert_eq!(got, Ok(Value::from("18:30 -05:30")));
        let got = call(&FormatTimestamp, vec![at(0, 0), some("%+"), some("UTC")]);
        assert_eq!(got, Ok(Value::from("1970-01-01T00:00:00+00:00")));
    }

    #[test]
    fn unicode_literals_and_empty_format() {
        let got = call(&FormatTimestamp, vec![at(86_400, 0), some("le %d → %m"), None]);
        assert_eq!(got, Ok(Value::from("le 02 → 01")));
        assert_eq!(call(&FormatTimestamp, vec![at(0, 0), some(""), None]), Ok(Value::from("")));
    }

    #[test]
    fn bad_format_and_zone_fail() {
        let err = call(&FormatTimestamp, vec![at(0, 0), some("%Q"), None]).unwrap_err();
        assert_eq!(err.0, "invalid timestamp format `%Q`");
        let err =
            call(&FormatTimestamp, vec![at(0, 0), some("%Y"), some("Europe/Paris")]).unwrap_err();
        assert_eq!(
            err.0,
            "unknown time zone `Europe/Paris`; expected `UTC` or a fixed offset such as `+02:00`"
        );
        let err = call(&FormatTimestamp, vec![some("2020-01-01"), some("%Y"), None]).unwrap_err();
        assert_eq!(err.0, "`value` must be a timestamp, got string");
    }
}
