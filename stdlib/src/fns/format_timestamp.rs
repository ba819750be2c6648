//! `format_timestamp`: a timestamp written with a strftime format.

use chrono::format::{Item, StrftimeItems};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::timestamp::{self, Zone};
use crate::util::{arg, arg_text, const_arg, prepared};
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
        doc: "`UTC` (the default), a fixed offset such as `+02:00` or an IANA name such as \
              `Europe/Paris`.",
    },
];

/// What `prepare` keeps from constant arguments.
struct Constants {
    items: Option<Vec<Item<'static>>>,
    zone: Option<Zone>,
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
        if let Some(Err(err)) = arg(args, 2).and_then(|a| a.const_str()).map(Zone::parse_suggesting)
        {
            return Err((2, err));
        }
        Ok(())
    }
    fn doc(&self) -> &'static str {
        "Writes `value` with a strftime `format` (chrono's specifiers: `%Y`, `%m`, `%d`, `%H`, \
         `%M`, `%S`, `%.3f`, `%z`, `%:z`, `%Z`, `%+` for RFC 3339, ...), as a wall-clock \
         time in `timezone`: `UTC` (the default), a fixed offset (`+02:00`, `-0530`) or an \
         IANA name (`Europe/Paris`, `America/New_York`). In a named zone, `%z` and `%:z` \
         give the offset in force at that instant (daylight saving time) and `%Z` its \
         abbreviation (`CEST`). Fails on an unknown specifier or zone; constant ones are \
         checked before the pipeline starts."
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
            Example {
                title: "named zone in summer",
                source: r#"format_timestamp(t'2024-07-01T10:00:00Z', "%Y-%m-%d %H:%M %Z (%:z)", timezone = "America/New_York")"#,
                input: "{}",
                result: Ok(r#""2024-07-01 06:00 EDT (-04:00)""#),
            },
            Example {
                title: "named zone in winter",
                source: r#"format_timestamp(t'2024-01-15T11:00:00Z', "%Y-%m-%d %H:%M %Z (%:z)", timezone = "Europe/Paris")"#,
                input: "{}",
                result: Ok(r#""2024-01-15 12:00 CET (+01:00)""#),
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
        let zone = match const_arg(consts, 2) {
            Some(Value::String(zone)) => Some(Zone::parse(zone).map_err(FnError)?),
            _ => None,
        };
        Ok(Some(Box::new(Constants { items, zone })))
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let Some(Value::Timestamp(time)) = args.get(0) else {
            let got = args.get(0).map_or("nothing", Value::kind_name);
            return Err(FnError::new(format!("`value` must be a timestamp, got {got}")));
        };
        let constants = prepared::<Constants>(prepared_state);
        let zone = match constants.and_then(|c| c.zone) {
            Some(zone) => zone,
            None => match args.opt_str(2)? {
                Some(zone) => Zone::parse(zone).map_err(FnError)?,
                None => timestamp::utc(),
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
        zone.format(time, items)
            .map(Value::from)
            .map_err(|_| FnError::new("the format cannot be applied to this timestamp"))
    }
}

fn parse_format(format: &str) -> Result<Vec<Item<'static>>, FnError> {
    StrftimeItems::new(format)
        .parse_to_owned()
        .map_err(|_| FnError::new(format!("invalid timestamp format `{format}`")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, literal_str, sig_args, some, typed};

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
    fn named_zones_give_each_instant_its_offset_and_abbreviation() {
        let format = some("%Y-%m-%d %H:%M %z %Z");
        // 2024-07-01T10:00:00Z, 2024-01-15T11:00:00Z.
        let summer = call(
            &FormatTimestamp,
            vec![at(1_719_828_000, 0), format.clone(), some("Europe/Paris")],
        );
        assert_eq!(summer, Ok(Value::from("2024-07-01 12:00 +0200 CEST")));
        let winter = call(
            &FormatTimestamp,
            vec![at(1_705_316_400, 0), format.clone(), some("Europe/Paris")],
        );
        assert_eq!(winter, Ok(Value::from("2024-01-15 12:00 +0100 CET")));
        let india =
            call(&FormatTimestamp, vec![at(1_705_316_400, 0), format, some("Asia/Kolkata")]);
        assert_eq!(india, Ok(Value::from("2024-01-15 16:30 +0530 IST")));
    }

    #[test]
    fn the_ends_of_the_timestamp_range_format_in_any_zone() {
        let last = Some(Value::Timestamp(chrono::DateTime::<chrono::Utc>::MAX_UTC));
        let first = Some(Value::Timestamp(chrono::DateTime::<chrono::Utc>::MIN_UTC));
        for (at, zone) in [(&last, "Pacific/Kiritimati"), (&last, "+14:00"), (&first, "-12:00")] {
            let got = call(&FormatTimestamp, vec![at.clone(), some("%Y %z"), some(zone)]);
            assert!(matches!(got, Ok(Value::String(_))), "{zone}: {got:?}");
        }
    }

    #[test]
    fn constant_zones_are_checked_with_a_suggestion() {
        let args =
            |zone: &str| [typed(Type::timestamp(), ".at"), literal_str("%F"), literal_str(zone)];
        assert_eq!(FormatTimestamp.check_args(&sig_args(&args("America/New_York"))), Ok(()));
        assert_eq!(
            FormatTimestamp.check_args(&sig_args(&args("Europe/Pariss"))),
            Err((2, "unknown time zone `Europe/Pariss`; did you mean `Europe/Paris`?".to_owned()))
        );
    }

    #[test]
    fn bad_format_and_zone_fail() {
        let err = call(&FormatTimestamp, vec![at(0, 0), some("%Q"), None]).unwrap_err();
        assert_eq!(err.0, "invalid timestamp format `%Q`");
        let err =
            call(&FormatTimestamp, vec![at(0, 0), some("%Y"), some("Mars/Olympus")]).unwrap_err();
        assert_eq!(
            err.0,
            "unknown time zone `Mars/Olympus`: expected `UTC`, an offset such as `+02:00` or a \
             name such as `Europe/Paris`"
        );
        let err = call(&FormatTimestamp, vec![some("2020-01-01"), some("%Y"), None]).unwrap_err();
        assert_eq!(err.0, "`value` must be a timestamp, got string");
    }
}
