//! `parse_timestamp`: text to a timestamp with a strftime format.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::timestamp::{self, Format, Zone};
use crate::util::{arg_const_str, arg_text, const_str, prepared};
use crate::value::Value;

pub struct ParseTimestamp;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "value",
        kinds: Kinds(Kinds::STRING.0 | Kinds::TIMESTAMP.0),
        required: true,
        doc: "The text to parse; a timestamp is returned as it is.",
    },
    ParamSig {
        name: "format",
        kinds: Kinds::STRING,
        required: true,
        doc: "A strftime format, or `rfc3339` (also `%+`).",
    },
    ParamSig {
        name: "timezone",
        kinds: Kinds::STRING,
        required: false,
        doc: "Zone of times that carry no offset: `UTC` (default), an offset like `+02:00` or an \
              IANA name like `Europe/Paris`.",
    },
];

/// The format and zone, compiled once when constant.
struct State {
    format: Option<(String, Format)>,
    zone: Option<(String, Zone)>,
}

impl FnSig for ParseTimestamp {
    fn name(&self) -> &'static str {
        "parse_timestamp"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::timestamp()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let value_kinds =
            args.first().and_then(Option::as_ref).map_or(Kinds::STRING, |info| info.ty.kinds);
        value_kinds
            .intersects(Kinds::STRING)
            .then(|| format!("`{}` may not match the timestamp format", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        if let Some(source) = arg_const_str(args, 1) {
            Format::compile(source).map_err(|e| (1, e))?;
        }
        if let Some(zone) = arg_const_str(args, 2) {
            Zone::parse_suggesting(zone).map_err(|e| (2, e))?;
        }
        Ok(())
    }
    fn doc(&self) -> &'static str {
        "Parses `value` with the strftime `format` (chrono's specifiers: `%Y-%m-%d %H:%M:%S`, \
         `%d/%b/%Y:%T %z`, `%s` for Unix seconds, `%.f` for a fraction), or as RFC 3339 with \
         `rfc3339` or `%+`. A text that carries its own offset (`%z`, RFC 3339) keeps it, \
         and Unix seconds are UTC. Any other text is a wall-clock time in `timezone`: `UTC` \
         (the default), a fixed offset such as `+02:00` or `-0500`, or an IANA name such as \
         `Europe/Paris`, whose offset is the one in force at that date (daylight saving \
         time). A wall-clock time that clocks skip when they are turned forward is an \
         error; one that happens twice when they are turned back is the earlier instant. \
         A format without a time of day gives midnight. A constant format or zone is \
         checked and compiled once, and an unknown constant zone is rejected before the \
         pipeline starts."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "with an offset",
                source: r#"parse_timestamp!(.ts, format = "%d/%b/%Y:%H:%M:%S %z")"#,
                input: r#"{"ts": "10/Oct/2000:13:55:36 -0700"}"#,
                result: Ok(r#""2000-10-10T20:55:36Z""#),
            },
            Example {
                title: "local time in a fixed zone",
                source: r#"parse_timestamp!("16/10/2019 12:00:00", format = "%d/%m/%Y %H:%M:%S", timezone = "+08:00")"#,
                input: "{}",
                result: Ok(r#""2019-10-16T04:00:00Z""#),
            },
            Example {
                title: "RFC 3339",
                source: r#"parse_timestamp!("2021-02-03T04:05:06.789+01:00", format = "rfc3339")"#,
                input: "{}",
                result: Ok(r#""2021-02-03T03:05:06.789Z""#),
            },
            Example {
                title: "local time in a named zone, summer",
                source: r#"parse_timestamp!("2024-07-01 12:00:00", format = "%Y-%m-%d %H:%M:%S", timezone = "Europe/Paris")"#,
                input: "{}",
                result: Ok(r#""2024-07-01T10:00:00Z""#),
            },
            Example {
                title: "local time in a named zone, winter",
                source: r#"parse_timestamp!("2024-01-15 12:00:00", format = "%Y-%m-%d %H:%M:%S", timezone = "Europe/Paris")"#,
                input: "{}",
                result: Ok(r#""2024-01-15T11:00:00Z""#),
            },
            Example {
                title: "a local time the clocks skip",
                source: r#"parse_timestamp!("2024-03-31 02:30:00", format = "%Y-%m-%d %H:%M:%S", timezone = "Europe/Paris")"#,
                input: "{}",
                result: Err(
                    "local time `2024-03-31 02:30:00` does not exist in Europe/Paris: clocks skip it when they are turned forward",
                ),
            },
            Example {
                title: "no match",
                source: r#"parse_timestamp!("yesterday", format = "%Y-%m-%d")"#,
                input: "{}",
                result: Err(
                    r#"`yesterday` does not match format "%Y-%m-%d": input contains invalid characters"#,
                ),
            },
        ]
    }
}

impl Function for ParseTimestamp {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        let format = match const_str(consts, 1) {
            Some(source) => Some((source.to_string(), Format::compile(source).map_err(FnError)?)),
            None => None,
        };
        let zone = match const_str(consts, 2) {
            Some(name) => Some((name.to_string(), Zone::parse(name).map_err(FnError)?)),
            None => None,
        };
        Ok(Some(Box::new(State { format, zone })))
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        if let Some(Value::Timestamp(at)) = args.get(0) {
            return Ok(Value::Timestamp(*at));
        }
        let state = prepared::<State>(prepared_state);
        let source = args.str(1)?.as_str();
        let compiled;
        let format = match state.and_then(|s| s.format.as_ref()).filter(|(s, _)| s == source) {
            Some((_, format)) => format,
            None => {
                compiled = Format::compile(source).map_err(FnError)?;
                &compiled
            }
        };
        let zone = match args.opt_str(2)? {
            None => timestamp::utc(),
            Some(name) => {
                match state.and_then(|s| s.zone.as_ref()).filter(|(s, _)| s == name.as_str()) {
                    Some((_, zone)) => *zone,
                    None => Zone::parse(name).map_err(FnError)?,
                }
            }
        };
        format.parse(args.str(0)?, zone).map(Value::Timestamp).map_err(FnError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, literal_str, run, sig_args, typed};
    use proptest::prelude::*;

    #[test]
    fn timestamps_pass_through_and_errors_are_clear() {
        let at = chrono::DateTime::from_timestamp(0, 0).unwrap_or_default();
        assert_json(
            run(&ParseTimestamp, &[Value::Timestamp(at), Value::from("%Y")]),
            r#""1970-01-01T00:00:00Z""#,
        );
        assert_error(
            run(
                &ParseTimestamp,
                &[Value::from("2020"), Value::from("%Y"), Value::from("Mars/Olympus")],
            ),
            "unknown time zone `Mars/Olympus`",
        );
        assert_error(
            run(&ParseTimestamp, &[Value::from(""), Value::from("%Y-%m-%d")]),
            "premature end of input",
        );
        assert_error(
            run(&ParseTimestamp, &[Value::from("2020-13-01"), Value::from("%Y-%m-%d")]),
            "out of range",
        );
        let long = "9".repeat(100_000);
        assert_error(
            run(&ParseTimestamp, &[Value::from(long), Value::from("%s")]),
            "does not match",
        );
    }

    #[test]
    fn named_zones_apply_per_date_whether_constant_or_not() {
        let parse = |text: &str, zone: &str| {
            run(&ParseTimestamp, &[Value::from(text), Value::from("%F %T"), Value::from(zone)])
        };
        assert_json(parse("2024-07-01 12:00:00", "Europe/Paris"), r#""2024-07-01T10:00:00Z""#);
        assert_json(parse("2024-01-15 12:00:00", "Europe/Paris"), r#""2024-01-15T11:00:00Z""#);
        assert_json(parse("2024-10-27 02:30:00", "Europe/Paris"), r#""2024-10-27T00:30:00Z""#);
        assert_error(
            parse("2024-03-10 02:30:00", "America/New_York"),
            "local time `2024-03-10 02:30:00` does not exist in America/New_York",
        );
        assert_error(
            parse("2024-01-15 12:00:00", "Europe/Pari"),
            "unknown time zone `Europe/Pari`",
        );
    }

    #[test]
    fn constant_zones_are_checked_with_a_suggestion() {
        let args =
            |zone: &str| [typed(Type::string(), ".ts"), literal_str("%F %T"), literal_str(zone)];
        assert_eq!(ParseTimestamp.check_args(&sig_args(&args("Asia/Kolkata"))), Ok(()));
        assert_eq!(
            ParseTimestamp.check_args(&sig_args(&args("Asia/Kolkatta"))),
            Err((2, "unknown time zone `Asia/Kolkatta`; did you mean `Asia/Kolkata`?".to_owned()))
        );
    }

    proptest! {
        #[test]
        fn never_panics(text in ".{0,40}", format in "(%[YmdHMSszbBaAjTFR.f+:]|[ :/T-]){0,8}") {
            let _ = run(&ParseTimestamp, &[Value::from(text.as_str()), Value::from(format.as_str()), Value::from("+01:00")]);
            let _ = run(&ParseTimestamp, &[Value::from(text.as_str()), Value::from(format.as_str()), Value::from("America/New_York")]);
        }
    }
}
