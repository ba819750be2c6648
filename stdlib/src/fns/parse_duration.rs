//! `parse_duration`: a duration like `1h30m` as a number of some unit.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::parse::duration::{parse_nanos, unit_length};
use crate::util::{arg_const_str, arg_text};
use crate::value::Value;

pub struct ParseDuration;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "value",
        kinds: Kinds::STRING,
        required: true,
        doc: "The duration text, e.g. `1.5s` or `1h30m`.",
    },
    ParamSig {
        name: "unit",
        kinds: Kinds::STRING,
        required: true,
        doc: "The unit of the result: `ns`, `us`/`µs`, `ms`, `cs`, `ds`, `s`, `m`, `h` or `d`.",
    },
];

impl FnSig for ParseDuration {
    fn name(&self) -> &'static str {
        "parse_duration"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::float()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not be a valid duration", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg_const_str(args, 1) {
            Some(unit) => unit_length(unit).map(drop).map_err(|e| (1, e)),
            None => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Parses a duration made of one or more `<number><unit>` parts (`1.5s`, `1h30m`, \
         `1s 250ms`; units `ns`, `us`/`µs`, `ms`, `cs`, `ds`, `s`, `m`, `h`, `d`; a leading \
         `-` negates) and returns it as a float in `unit`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "seconds to milliseconds",
                source: r#"parse_duration!("1.5s", "ms")"#,
                input: "{}",
                result: Ok("1500.0"),
            },
            Example {
                title: "compound",
                source: r#"parse_duration!(.took, unit = "m")"#,
                input: r#"{"took": "1h30m"}"#,
                result: Ok("90.0"),
            },
            Example {
                title: "milliseconds to seconds",
                source: r#"parse_duration!("1005ms", "s")"#,
                input: "{}",
                result: Ok("1.005"),
            },
            Example {
                title: "no unit",
                source: r#"parse_duration!("15", "s")"#,
                input: "{}",
                result: Err(
                    r#"invalid duration "15": unknown duration unit "": expected one of ns, us, µs, ms, cs, ds, s, m, h, d"#,
                ),
            },
        ]
    }
}

impl Function for ParseDuration {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let unit = unit_length(args.str(1)?).map_err(FnError)?;
        let nanos = parse_nanos(args.str(0)?).map_err(FnError)?;
        Ok(Value::Float(nanos / unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn units_and_errors() {
        assert_json(run(&ParseDuration, &[Value::from("1s 1ms"), Value::from("ms")]), "1001.0");
        assert_json(run(&ParseDuration, &[Value::from("2d"), Value::from("h")]), "48.0");
        assert_error(
            run(&ParseDuration, &[Value::from("1s"), Value::from("years")]),
            "unknown duration unit \"years\"",
        );
        assert_error(run(&ParseDuration, &[Value::from(""), Value::from("s")]), "empty");
        let huge = "9".repeat(400) + "d";
        assert_json(run(&ParseDuration, &[Value::from(huge), Value::from("s")]), "null");
    }

    proptest! {
        #[test]
        fn never_panics(text in "[0-9.µa-z -]{0,30}") {
            let _ = run(&ParseDuration, &[Value::from(text.as_str()), Value::from("s")]);
        }
    }
}
