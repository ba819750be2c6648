//! `replace`: a string with matches of a pattern replaced.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::Pattern;
use crate::value::{RegexValue, Str, Value};

pub struct Replace;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The original string." },
    ParamSig {
        name: "pattern",
        kinds: Kinds(Kinds::STRING.0 | Kinds::REGEX.0),
        required: true,
        doc: "What to replace: a string matched literally, or a regex.",
    },
    ParamSig {
        name: "with",
        kinds: Kinds::STRING,
        required: true,
        doc: "The replacement; with a regex, `$1` and `${name}` insert capture groups.",
    },
    ParamSig {
        name: "count",
        kinds: Kinds::INT,
        required: false,
        doc: "The most matches to replace, from the left; all when absent or negative.",
    },
];

impl FnSig for Replace {
    fn name(&self) -> &'static str {
        "replace"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Replaces matches of `pattern` in `value` with `with`. A string pattern is matched \
         literally; a regex pattern lets `with` refer to capture groups as `$1`, `${1}` or \
         `${name}` (`$$` is a literal `$`; an unknown group inserts nothing). `count` limits \
         how many matches, from the left, are replaced."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "literal",
                source: r#"replace("a-b-c", "-", "+")"#,
                input: "{}",
                result: Ok(r#""a+b+c""#),
            },
            Example {
                title: "regex with a capture group",
                source: r#"replace("user=alice id=7", r'user=(?P<name>\w+)', "who=${name}")"#,
                input: "{}",
                result: Ok(r#""who=alice id=7""#),
            },
            Example {
                title: "first match only",
                source: r#"replace("aaa", "a", "b", count = 1)"#,
                input: "{}",
                result: Ok(r#""baa""#),
            },
        ]
    }
}

impl Function for Replace {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        let pattern = Pattern::from_value(args.get(1).unwrap_or(&Value::Null), "pattern")?;
        let with = args.str(2)?;
        let limit = match args.opt_int(3)? {
            Some(n) if n >= 0 => usize::try_from(n).unwrap_or(usize::MAX),
            _ => usize::MAX,
        };
        let replaced = match &pattern {
            Pattern::Regex(regex) => replace_regex(regex, value, with, limit),
            Pattern::Literal(_) => replace_literal(&pattern, value, with, limit),
        };
        // Without a match the argument is returned as is, sharing its storage.
        Ok(Value::String(replaced.map_or_else(|| value.clone(), Str::from)))
    }
}

/// `None` when nothing matched.
fn replace_literal(pattern: &Pattern, value: &str, with: &str, limit: usize) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut replaced = false;
    for (start, end) in pattern.matches(value).take(limit) {
        out.push_str(value.get(last..start).unwrap_or_default());
        out.push_str(with);
        last = end;
        replaced = true;
    }
    out.push_str(value.get(last..).unwrap_or_default());
    replaced.then_some(out)
}

/// `None` when nothing matched.
fn replace_regex(regex: &RegexValue, value: &str, with: &str, limit: usize) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut replaced = false;
    for caps in regex.regex.captures_iter(value).take(limit) {
        let Some(found) = caps.get_match() else { continue };
        out.push_str(value.get(last..found.start()).unwrap_or_default());
        caps.interpolate_string_into(value, with, &mut out);
        last = found.end();
        replaced = true;
    }
    out.push_str(value.get(last..).unwrap_or_default());
    replaced.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::compile_regex;
    use crate::util::testing::{call, some};

    fn regex(pattern: &str) -> Option<Value> {
        Some(Value::Regex(compile_regex(pattern).unwrap()))
    }

    #[test]
    fn literal_replacement_is_not_interpolated() {
        let got = call(&Replace, vec![some("a.b.c"), some("."), some("$1"), None]);
        assert_eq!(got, Ok(Value::from("a$1b$1c")));
        let got = call(&Replace, vec![some("naïve"), some("ï"), some("i"), None]);
        assert_eq!(got, Ok(Value::from("naive")));
    }

    #[test]
    fn regex_groups_and_counts() {
        let got =
            call(&Replace, vec![some("2024-01-02"), regex(r"(\d+)-(\d+)"), some("$2/$1"), None]);
        assert_eq!(got, Ok(Value::from("01/2024-02")));
        let got = call(&Replace, vec![some("a1b2c3"), regex(r"\d"), some("#"), some(2)]);
        assert_eq!(got, Ok(Value::from("a#b#c3")));
        let got = call(&Replace, vec![some("a1"), regex(r"\d"), some("$$"), some(-1)]);
        assert_eq!(got, Ok(Value::from("a$")));
        let got = call(&Replace, vec![some("a1"), regex(r"\d"), some("x"), some(0)]);
        assert_eq!(got, Ok(Value::from("a1")));
    }

    #[test]
    fn empty_matches_insert_between_characters() {
        let got = call(&Replace, vec![some("né"), some(""), some("-"), None]);
        assert_eq!(got, Ok(Value::from("-n-é-")));
        let got = call(&Replace, vec![some("né"), regex("x*"), some("-"), None]);
        assert_eq!(got, Ok(Value::from("-n-é-")));
    }

    #[test]
    fn wrong_pattern_kind_fails() {
        let err = call(&Replace, vec![some("a"), some(1), some("b"), None]).unwrap_err();
        assert_eq!(err.0, "`pattern` must be a string or a regex, got int");
    }
}
