//! `split`: a string cut into pieces at each match of a separator.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{Pattern, arg, arg_text};
use crate::value::Value;

pub struct Split;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to split." },
    ParamSig {
        name: "separator",
        kinds: Kinds(Kinds::STRING.0 | Kinds::REGEX.0),
        required: true,
        doc: "Where to cut: a string matched literally, or a regex.",
    },
    ParamSig {
        name: "limit",
        kinds: Kinds::INT,
        required: false,
        doc: "The most pieces to return (at least 1); the last piece holds the rest.",
    },
];

impl FnSig for Split {
    fn name(&self) -> &'static str {
        "split"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::array_of(Type::string())
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        let limit = arg(args, 2)?;
        match limit.const_int() {
            Some(n) if n >= 1 => None,
            _ => Some(format!("`{}` may be less than 1", arg_text(args, 2, "limit"))),
        }
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        match arg(args, 2).and_then(|a| a.const_int()) {
            Some(n) if n < 1 => Err((2, format!("`limit` must be at least 1, got {n}"))),
            _ => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Splits `value` at each match of `separator` (a string matched literally, or a regex) \
         and returns the pieces, including empty ones between adjacent separators. With \
         `limit`, at most that many pieces are returned and the last holds the rest of the \
         string. A separator that matches the empty string splits between characters; empty \
         matches at the very start and end do not split. Fails when `limit` is less than 1."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "literal",
                source: r#"split("a,b,,c", ",")"#,
                input: "{}",
                result: Ok(r#"["a","b","","c"]"#),
            },
            Example {
                title: "regex with limit",
                source: r#"split("a1b22c333d", r'\d+', limit = 3)"#,
                input: "{}",
                result: Ok(r#"["a","b","c333d"]"#),
            },
        ]
    }
}

impl Function for Split {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        let separator = Pattern::from_value(args.get(1).unwrap_or(&Value::Null), "separator")?;
        let limit = match args.opt_int(2)? {
            None => usize::MAX,
            Some(n) if n >= 1 => usize::try_from(n).unwrap_or(usize::MAX),
            Some(n) => return Err(FnError::new(format!("`limit` must be at least 1, got {n}"))),
        };
        let len = value.len();
        let cuts = separator
            .matches(value)
            .filter(|&(start, end)| start != end || (start != 0 && start != len))
            .take(limit - 1);
        let mut pieces = Vec::new();
        let mut rest_start = 0;
        for (start, end) in cuts {
            pieces.push(piece(value, rest_start, start));
            rest_start = end;
        }
        pieces.push(piece(value, rest_start, len));
        Ok(Value::Array(pieces))
    }
}

/// The text between two byte offsets, sharing the argument's storage.
fn piece(value: &crate::value::Str, start: usize, end: usize) -> Value {
    Value::String(value.slice_ref(value.get(start..end).unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::compile_regex;
    use crate::util::testing::{call, json, some};

    fn split(value: &str, separator: Value, limit: Option<i64>) -> Result<Value, FnError> {
        call(&Split, vec![some(value), Some(separator), limit.map(Value::Int)])
    }

    #[test]
    fn literal_separator_keeps_empty_pieces() {
        assert_eq!(split("a,,b,", ",".into(), None), Ok(json(r#"["a","","b",""]"#)));
        assert_eq!(split("", ",".into(), None), Ok(json(r#"[""]"#)));
        assert_eq!(split("a→b→c", "→".into(), None), Ok(json(r#"["a","b","c"]"#)));
    }

    #[test]
    fn limit_keeps_the_rest_in_the_last_piece() {
        assert_eq!(split("a b c", " ".into(), Some(2)), Ok(json(r#"["a","b c"]"#)));
        assert_eq!(split("a b c", " ".into(), Some(1)), Ok(json(r#"["a b c"]"#)));
        assert_eq!(split("a b c", " ".into(), Some(i64::MAX)), Ok(json(r#"["a","b","c"]"#)));
        let err = split("a b", " ".into(), Some(0)).unwrap_err();
        assert_eq!(err.0, "`limit` must be at least 1, got 0");
    }

    #[test]
    fn regex_and_empty_separators_split_between_characters() {
        let regex = Value::Regex(compile_regex(r"\s*").unwrap());
        assert_eq!(split("né x", regex, None), Ok(json(r#"["n","é","x"]"#)));
        assert_eq!(split("né", "".into(), None), Ok(json(r#"["n","é"]"#)));
    }

    #[test]
    fn bad_separator_kind_fails() {
        let err = split("a", Value::Int(1), None).unwrap_err();
        assert_eq!(err.0, "`separator` must be a string or a regex, got int");
    }

    #[test]
    fn many_pieces_share_storage() {
        let long = "x,".repeat(10_000);
        let pieces = split(&long, ",".into(), None).unwrap();
        assert!(matches!(pieces, Value::Array(ref a) if a.len() == 10_001));
    }
}
