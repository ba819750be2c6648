//! `timestamp`: a value converted to a timestamp.

use chrono::{DateTime, Utc};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_const_int, arg_const_str, arg_may_be, arg_text};
use crate::value::Value;

pub struct Timestamp;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds(Kinds::STRING.0 | Kinds::INT.0 | Kinds::TIMESTAMP.0),
    required: true,
    doc: "An RFC 3339 string, a Unix time in seconds, or a timestamp.",
}];

impl FnSig for Timestamp {
    fn name(&self) -> &'static str {
        "timestamp"
    }
    fn category(&self) -> &'static str {
        "type"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::timestamp()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        // Literals are checked by `check_args` instead.
        if arg_const_str(args, 0).is_some() || arg_const_int(args, 0).is_some() {
            return None;
        }
        let text = arg_text(args, 0, "value");
        if arg_may_be(args, 0, Kinds::STRING) {
            return Some(format!("`{text}` may not be an RFC 3339 timestamp"));
        }
        arg_may_be(args, 0, Kinds::INT)
            .then(|| format!("`{text}` may be out of the timestamp range"))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        let checked = match (arg_const_str(args, 0), arg_const_int(args, 0)) {
            (Some(text), _) => from_rfc3339(text).map(drop),
            (_, Some(seconds)) => from_seconds(seconds).map(drop),
            _ => Ok(()),
        };
        checked.map_err(|err| (0, err.0))
    }
    fn doc(&self) -> &'static str {
        "Converts `value` to a timestamp: a timestamp is returned as it is, a string must be \
         RFC 3339 (`2026-11-26T10:00:00Z`, `2026-11-26T11:00:00.5+01:00`; the offset is \
         converted to UTC, and no surrounding whitespace is allowed), and an integer counts \
         seconds since 1970-01-01T00:00:00Z. Unlike VRL's `timestamp`, which only asserts \
         that a value already is one, this converts, as `int` and `string` do. Use \
         `parse_timestamp` for other text formats and `from_unix` for other units. Calls on \
         timestamps and on literals cannot fail (a literal that does not convert is a \
         compile error)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "RFC 3339 text",
                source: "timestamp!(.time)",
                input: r#"{"time": "2026-11-26T11:00:00.250+01:00"}"#,
                result: Ok(r#""2026-11-26T10:00:00.250Z""#),
            },
            Example {
                title: "Unix seconds",
                source: "timestamp(1795687200)",
                input: "{}",
                result: Ok(r#""2026-11-26T10:00:00Z""#),
            },
            Example {
                title: "field with a default",
                source: "timestamp(.ts) ?? t'1970-01-01T00:00:00Z'",
                input: r#"{"ts": "yesterday"}"#,
                result: Ok(r#""1970-01-01T00:00:00Z""#),
            },
            Example {
                title: "not RFC 3339",
                source: "timestamp!(.time)",
                input: r#"{"time": "yesterday"}"#,
                result: Err(
                    "`yesterday` is not an RFC 3339 timestamp such as 2026-11-26T10:00:00Z",
                ),
            },
        ]
    }
}

impl Function for Timestamp {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let converted = match args.take(0) {
            Value::Timestamp(t) => t,
            Value::String(text) => from_rfc3339(&text)?,
            Value::Int(seconds) => from_seconds(seconds)?,
            other => {
                return Err(FnError::new(format!(
                    "cannot convert {} to a timestamp",
                    other.kind_name()
                )));
            }
        };
        Ok(Value::Timestamp(converted))
    }
}

fn from_rfc3339(text: &str) -> Result<DateTime<Utc>, FnError> {
    match DateTime::parse_from_rfc3339(text) {
        Ok(time) => Ok(time.with_timezone(&Utc)),
        Err(_) => {
            let shown: String = text.chars().take(40).collect();
            Err(FnError::new(format!(
                "`{}` is not an RFC 3339 timestamp such as 2026-11-26T10:00:00Z",
                shown.escape_debug()
            )))
        }
    }
}

fn from_seconds(seconds: i64) -> Result<DateTime<Utc>, FnError> {
    DateTime::from_timestamp(seconds, 0)
        .ok_or_else(|| FnError::new(format!("{seconds} is out of the timestamp range")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, literal, literal_str, sig_args, some, typed};
    use lgp_lang::ast::Literal;

    fn convert(value: Value) -> Result<Value, FnError> {
        call(&Timestamp, vec![Some(value)])
    }

    fn at(text: &str) -> Value {
        Value::Timestamp(text.parse().unwrap_or_default())
    }

    #[test]
    fn strings_integers_and_timestamps_convert() {
        assert_eq!(convert("1969-12-31T23:59:59-00:00".into()), Ok(at("1969-12-31T23:59:59Z")));
        assert_eq!(convert(Value::Int(-1)), Ok(at("1969-12-31T23:59:59Z")));
        assert_eq!(convert(at("2026-01-01T00:00:00Z")), Ok(at("2026-01-01T00:00:00Z")));
    }

    #[test]
    fn hostile_input_fails_cleanly() {
        assert_eq!(
            convert(Value::Int(i64::MAX)).unwrap_err().0,
            "9223372036854775807 is out of the timestamp range"
        );
        assert!(convert(" 2026-11-26T10:00:00Z".into()).is_err());
        assert!(convert("2026-11-26".into()).is_err());
        assert!(convert("".into()).is_err());
        let long = convert(Value::from("9".repeat(100_000))).unwrap_err().0;
        assert!(long.len() < 200, "the message quotes a bounded prefix: {long}");
        assert_eq!(
            call(&Timestamp, vec![some(1.5)]).unwrap_err().0,
            "cannot convert float to a timestamp"
        );
    }

    #[test]
    fn fallible_unless_the_kind_cannot_fail() {
        let text = [typed(Type::string(), ".ts")];
        assert_eq!(
            Timestamp.fallible(&sig_args(&text)).as_deref(),
            Some("`.ts` may not be an RFC 3339 timestamp")
        );
        let seconds = [typed(Type::int(), ".ts")];
        assert!(Timestamp.fallible(&sig_args(&seconds)).is_some());
        assert!(Timestamp.fallible(&sig_args(&[literal(Literal::Int(0), "0")])).is_none());
        let too_far = [literal(Literal::Int(i64::MAX), "9223372036854775807")];
        assert!(Timestamp.fallible(&sig_args(&too_far)).is_none());
        assert_eq!(
            Timestamp.check_args(&sig_args(&too_far)),
            Err((0, "9223372036854775807 is out of the timestamp range".to_owned()))
        );
        let text = [literal_str("2026-11-26T10:00:00Z")];
        assert_eq!(Timestamp.fallible(&sig_args(&text)), None);
        assert_eq!(Timestamp.check_args(&sig_args(&text)), Ok(()));
        assert!(Timestamp.check_args(&sig_args(&[literal_str("soon")])).is_err());
        assert!(Timestamp.fallible(&sig_args(&[typed(Type::timestamp(), ".t")])).is_none());
    }
}
