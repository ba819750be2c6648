//! `find`: the character position of the first match of a pattern in a string.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};
use regex_automata::Input;

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::Pattern;
use crate::value::Value;

pub struct Find;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to search." },
    ParamSig {
        name: "pattern",
        kinds: Kinds(Kinds::STRING.0 | Kinds::REGEX.0),
        required: true,
        doc: "What to look for: a string matched literally, or a regex.",
    },
    ParamSig {
        name: "from",
        kinds: Kinds::INT,
        required: false,
        doc: "The character position to start at; negative counts from the end; 0 by default.",
    },
];

impl FnSig for Find {
    fn name(&self) -> &'static str {
        "find"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::int()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the position, in characters, of the first match of `pattern` in `value` at or \
         after `from`, or -1 when there is none. A string pattern is matched literally. \
         Positions count characters as `slice` and `length` do, so \
         `slice(value, find(value, p))` starts at the match."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "literal",
                source: r#"find("héllo world", "o")"#,
                input: "{}",
                result: Ok("4"),
            },
            Example {
                title: "regex from a position",
                source: r#"find("a1b2c3", r'\d', from = 2)"#,
                input: "{}",
                result: Ok("3"),
            },
            Example {
                title: "no match",
                source: r#"find("abc", "z")"#,
                input: "{}",
                result: Ok("-1"),
            },
        ]
    }
}

impl Function for Find {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        let pattern = Pattern::from_value(args.get(1).unwrap_or(&Value::Null), "pattern")?;
        let from = byte_start(value, args.opt_int(2)?.unwrap_or(0));
        let Some(found) = find_from(&pattern, value, from) else {
            return Ok(Value::Int(-1));
        };
        let position = value.get(..found).map_or(0, |before| before.chars().count());
        Ok(Value::Int(i64::try_from(position).unwrap_or(i64::MAX)))
    }
}

/// The byte offset of character position `from` (negative from the end),
/// clamped to the string.
fn byte_start(value: &str, from: i64) -> usize {
    let chars = i64::try_from(value.chars().count()).unwrap_or(i64::MAX);
    let from = if from < 0 { chars.saturating_add(from).max(0) } else { from.min(chars) };
    let from = usize::try_from(from).unwrap_or(0);
    value.char_indices().nth(from).map_or(value.len(), |(offset, _)| offset)
}

/// The byte offset of the first match starting at or after `from`. A regex
/// still sees the text before `from`, so `\b` and `^` keep their meaning.
fn find_from(pattern: &Pattern, value: &str, from: usize) -> Option<usize> {
    match pattern {
        Pattern::Literal(needle) => value.get(from..)?.find(needle.as_str()).map(|i| i + from),
        Pattern::Regex(regex) => {
            regex.regex.search(&Input::new(value).range(from..)).map(|m| m.start())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::compile_regex;
    use crate::util::testing::{call, some};

    fn find(value: &str, pattern: Value, from: Option<i64>) -> Result<Value, FnError> {
        call(&Find, vec![some(value), Some(pattern), from.map(Value::Int)])
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(find("日本語", "語".into(), None), Ok(Value::Int(2)));
        assert_eq!(find("abcabc", "c".into(), Some(3)), Ok(Value::Int(5)));
        assert_eq!(find("abcabc", "a".into(), Some(-3)), Ok(Value::Int(3)));
        assert_eq!(find("abc", "".into(), Some(10)), Ok(Value::Int(3)));
        assert_eq!(find("abc", "a".into(), Some(i64::MIN)), Ok(Value::Int(0)));
    }

    #[test]
    fn regex_keeps_context_before_start() {
        let word_start = Value::Regex(compile_regex(r"\bb").unwrap());
        assert_eq!(find("ab b", word_start, Some(1)), Ok(Value::Int(3)));
    }

    #[test]
    fn missing_match_is_minus_one_and_bad_pattern_fails() {
        assert_eq!(find("", "x".into(), None), Ok(Value::Int(-1)));
        let err = find("abc", Value::Null, None).unwrap_err();
        assert_eq!(err.0, "`pattern` must be a string or a regex, got null");
    }
}
