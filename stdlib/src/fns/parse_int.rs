//! `parse_int`: text to an integer, in base 2 to 36.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg_const_int, arg_text};
use crate::value::Value;

pub struct ParseInt;

const PARAMS: &[ParamSig] = &[
    ParamSig {
        name: "value",
        kinds: Kinds::STRING,
        required: true,
        doc: "The text of the integer.",
    },
    ParamSig {
        name: "base",
        kinds: Kinds::INT,
        required: false,
        doc: "The base, 2 to 36; by default taken from a `0x`, `0o` or `0b` prefix, else 10.",
    },
];

impl FnSig for ParseInt {
    fn name(&self) -> &'static str {
        "parse_int"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::int()
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not be a valid integer", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg_const_int(args, 1) {
            Some(base) => check_base(base).map(drop).map_err(|e| (1, e.0)),
            None => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Parses `value` as a signed 64-bit integer in `base`. Without `base`, a `0x`, \
         `0o` or `0b` prefix (after an optional sign) selects base 16, 8 or 2, and \
         anything else is base 10. Unlike VRL, a leading `0` does not mean octal: \
         zero-padded numbers such as `007` are common in logs. No whitespace is allowed."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "decimal",
                source: r#"parse_int!("-42")"#,
                input: "{}",
                result: Ok("-42"),
            },
            Example {
                title: "hexadecimal prefix",
                source: r#"parse_int!("0x2a")"#,
                input: "{}",
                result: Ok("42"),
            },
            Example {
                title: "explicit base",
                source: r#"parse_int!("2a", 17)"#,
                input: "{}",
                result: Ok("44"),
            },
            Example {
                title: "invalid",
                source: r#"parse_int!("4 2")"#,
                input: "{}",
                result: Err("`4 2` is not an integer in base 10"),
            },
        ]
    }
}

fn check_base(base: i64) -> Result<u32, FnError> {
    match u32::try_from(base) {
        Ok(base @ 2..=36) => Ok(base),
        _ => Err(FnError(format!("`base` must be between 2 and 36, got {base}"))),
    }
}

/// Splits off a base prefix when no base was given.
fn detect_base(digits: &str) -> (u32, &str) {
    let prefixes = [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)];
    prefixes
        .iter()
        .find_map(|(prefix, base)| digits.strip_prefix(prefix).map(|rest| (*base, rest)))
        .unwrap_or((10, digits))
}

fn parse(text: &str, base: Option<u32>) -> Result<i64, FnError> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (base, digits) = match base {
        Some(base) => (base, unsigned),
        None => detect_base(unsigned),
    };
    let shown: String = text.chars().take(40).collect();
    let invalid = || FnError(format!("`{shown}` is not an integer in base {base}"));
    // `u64::from_str_radix` would accept a second sign here.
    if digits.starts_with(['+', '-']) {
        return Err(invalid());
    }
    let magnitude = u64::from_str_radix(digits, base).map_err(|error| match error.kind() {
        std::num::IntErrorKind::PosOverflow => {
            FnError(format!("`{shown}` is out of range for a 64-bit integer"))
        }
        _ => invalid(),
    })?;
    let signed = if negative { -i128::from(magnitude) } else { i128::from(magnitude) };
    i64::try_from(signed)
        .map_err(|_| FnError(format!("`{shown}` is out of range for a 64-bit integer")))
}

impl Function for ParseInt {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let base = args.opt_int(1)?.map(check_base).transpose()?;
        parse(args.str(0)?, base).map(Value::Int)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use proptest::prelude::*;

    #[test]
    fn bounds_prefixes_and_errors() {
        assert_json(run(&ParseInt, &[Value::from("-9223372036854775808")]), "-9223372036854775808");
        assert_error(run(&ParseInt, &[Value::from("9223372036854775808")]), "out of range");
        assert_error(run(&ParseInt, &[Value::from("99999999999999999999999")]), "out of range");
        assert_json(run(&ParseInt, &[Value::from("-0b101")]), "-5");
        assert_json(run(&ParseInt, &[Value::from("007")]), "7");
        assert_json(run(&ParseInt, &[Value::from("zz"), Value::Int(36)]), "1295");
        assert_error(run(&ParseInt, &[Value::from("0x-1")]), "not an integer in base 16");
        assert_error(run(&ParseInt, &[Value::from("")]), "not an integer");
        assert_error(run(&ParseInt, &[Value::from("-")]), "not an integer");
        assert_error(run(&ParseInt, &[Value::from("1"), Value::Int(37)]), "between 2 and 36");
        assert_error(run(&ParseInt, &[Value::from(" 1")]), "not an integer");
    }

    proptest! {
        #[test]
        fn decimal_round_trips(n in any::<i64>()) {
            prop_assert_eq!(run(&ParseInt, &[Value::from(n.to_string())]), Ok(Value::Int(n)));
        }

        #[test]
        fn never_panics(text in "[-+0-9a-zA-Z]{0,30}", base in 0i64..40) {
            let _ = run(&ParseInt, &[Value::from(text.as_str()), Value::Int(base)]);
        }
    }
}
