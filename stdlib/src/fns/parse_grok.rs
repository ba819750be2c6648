//! `parse_grok`: the named captures of a Logstash-style grok pattern, as an object.

use std::sync::Arc;

use lgp_lang::ast::{ExprKind, Literal};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::grok::{Grok, compile_cached};
use crate::util::{arg_const_str, arg_text, prepared};
use crate::value::Value;

pub struct ParseGrok;

/// User definitions as (`NAME`, regex) pairs.
pub(crate) type Definitions = Vec<(String, String)>;

/// The `definitions` parameter, shared with `parse_groks`.
pub(crate) const DEFINITIONS: ParamSig = ParamSig {
    name: "definitions",
    kinds: Kinds::OBJECT,
    required: false,
    doc: "Extra patterns for this call, `{ \"NAME\": \"regex\" }`, as Logstash's `pattern_definitions`; a constant.",
};

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: Kinds::STRING, required: true, doc: "The string to parse." },
    ParamSig {
        name: "pattern",
        kinds: Kinds::STRING,
        required: true,
        doc: "The grok pattern, such as `\"%{COMBINEDAPACHELOG}\"`.",
    },
    DEFINITIONS,
    ParamSig {
        name: "grok_patterns",
        kinds: Kinds::ARRAY,
        required: false,
        doc: "Directories of pattern files (`NAME regex` per line, as Logstash's `patterns_dir`), read when the pipeline is checked and compiled; relative paths are relative to the working directory; a constant array of strings.",
    },
];

impl FnSig for ParseGrok {
    fn name(&self) -> &'static str {
        "parse_grok"
    }
    fn category(&self) -> &'static str {
        "parse"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let compiled = arg_const_str(args, 1).zip(sig_all_definitions(args).ok());
        compiled
            .and_then(|(pattern, defs)| compile_cached(pattern, &defs).ok())
            .map_or_else(Type::object, |g| g.result_type())
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        Some(format!("`{}` may not match the grok pattern", arg_text(args, 0, "value")))
    }
    fn check_args(&self, args: &SigArgs<'_>) -> Result<(), (usize, String)> {
        let definitions = sig_all_definitions(args)?;
        match arg_const_str(args, 1) {
            Some(pattern) => {
                compile_cached(pattern, &definitions).map(drop).map_err(|e| (1, e.to_string()))
            }
            None => Ok(()),
        }
    }
    fn doc(&self) -> &'static str {
        "Matches a grok `pattern` against `value` and returns its named captures as an object. \
         Patterns use Logstash's library and field names (`%{COMBINEDAPACHELOG}`, \
         `%{IPORHOST:clientip}`); `%{NAME:field:int}` and `:float` convert the value. The \
         pattern is searched anywhere in `value` (anchor it with `^` and `$`). A field whose \
         group took no part in the match or matched nothing is left out. `[a][b]` field names \
         build nested objects; dotted names stay flat keys. A constant pattern is compiled and \
         checked once; matching never backtracks, so it runs in time linear in the input, and \
         patterns that need backtracking (look-around, backreferences, atomic groups, \
         possessive quantifiers) are refused with a suggested rewrite. Fails when the pattern \
         does not match or an `:int`/`:float` capture does not convert."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "Apache access log",
                source: r#"parse_grok!(.message, "%{COMMONAPACHELOG}")"#,
                input: r#"{"message": "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"}"#,
                result: Ok(
                    r#"{"clientip": "127.0.0.1", "ident": "-", "auth": "frank", "timestamp": "10/Oct/2000:13:55:36 -0700", "verb": "GET", "request": "/apache_pb.gif", "httpversion": "1.0", "response": "200", "bytes": "2326"}"#,
                ),
            },
            Example {
                title: "typed and nested fields",
                source: r#"parse_grok!("GET /index.html 200 0.042", "%{WORD:method} %{URIPATHPARAM:path} %{INT:[http][status]:int} %{NUMBER:seconds:float}")"#,
                input: "{}",
                result: Ok(
                    r#"{"method": "GET", "path": "/index.html", "http": {"status": 200}, "seconds": 0.042}"#,
                ),
            },
            Example {
                title: "custom definitions",
                source: r#"parse_grok!("order ORD-12345 shipped", "order %{ORDER_ID:id} %{WORD:state}", definitions = {"ORDER_ID": "ORD-[0-9]+"})"#,
                input: "{}",
                result: Ok(r#"{"id": "ORD-12345", "state": "shipped"}"#),
            },
            Example {
                title: "no match",
                source: r#"parse_grok!("hello", "%{INT:n}")"#,
                input: "{}",
                result: Err("value does not match the grok pattern `%{INT:n}`"),
            },
        ]
    }
}

impl Function for ParseGrok {
    fn prepare(&self, consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        let grok = match consts.get(3).and_then(Option::as_ref) {
            None => prepare_one(consts, 1, 2)?,
            Some(dirs) => match consts.get(1).and_then(Option::as_ref) {
                Some(Value::String(pattern)) => {
                    let mut definitions = dir_definitions(&value_dirs(Some(dirs))?)?;
                    definitions.extend(value_definitions(consts.get(2).and_then(Option::as_ref))?);
                    Some(compile(pattern, &definitions)?)
                }
                _ => None,
            },
        };
        Ok(grok.map(|g| Box::new(g) as Box<dyn std::any::Any + Send + Sync>))
    }

    fn call(&self, prepared_state: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let compiled;
        let grok: &Grok = match prepared::<Arc<Grok>>(prepared_state) {
            Some(grok) => grok,
            None => {
                let mut definitions = dir_definitions(&value_dirs(args.get(3))?)?;
                definitions.extend(value_definitions(args.get(2))?);
                compiled = compile(args.str(1)?, &definitions)?;
                &compiled
            }
        };
        match parse(grok, args)? {
            Some(value) => Ok(value),
            None => Err(no_match(&[grok])),
        }
    }
}

/// Compiles the constant pattern of parameter `pattern` with the constant
/// definitions of parameter `definitions`; `None` when the pattern is not
/// constant.
///
/// When no constant definitions were handed over and the pattern does not
/// compile alone, compilation is left to `call`, which sees the definitions
/// (the checker has already refused patterns that are wrong either way).
pub(crate) fn prepare_one(
    consts: &[Option<Value>],
    pattern: usize,
    definitions: usize,
) -> Result<Option<Arc<Grok>>, FnError> {
    let Some(Value::String(text)) = consts.get(pattern).and_then(Option::as_ref) else {
        return Ok(None);
    };
    match consts.get(definitions).and_then(Option::as_ref) {
        Some(value) => compile(text, &value_definitions(Some(value))?).map(Some),
        None => Ok(compile(text, &[]).ok()),
    }
}

/// The definitions of `definitions` and `grok_patterns` at check time
/// (files first, so an inline definition replaces a file's).
fn sig_all_definitions(args: &SigArgs<'_>) -> Result<Definitions, (usize, String)> {
    let dirs = match args.get(3).and_then(Option::as_ref) {
        None => Vec::new(),
        Some(info) => info.const_str_array().ok_or_else(|| {
            (3, "`grok_patterns` must be an array of string literals, such as `[\"patterns\"]`".to_string())
        })?,
    };
    let dirs: Vec<String> = dirs.into_iter().map(str::to_string).collect();
    let mut definitions = dir_definitions(&dirs).map_err(|e| (3, e.to_string()))?;
    definitions.extend(sig_definitions(args, 2).map_err(|message| (2, message))?);
    Ok(definitions)
}

/// Reads `grok_patterns` at run time.
fn value_dirs(value: Option<&Value>) -> Result<Vec<String>, FnError> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(dir) => Ok(dir.to_string()),
                other => Err(FnError::new(format!(
                    "`grok_patterns` must hold directory names, got {}",
                    other.kind_name()
                ))),
            })
            .collect(),
        Some(other) => Err(FnError::new(format!(
            "`grok_patterns` must be an array of directory names, got {}",
            other.kind_name()
        ))),
    }
}

/// Every definition of the pattern files in `dirs`, in directory order,
/// read with the library's own loader (file size limits, validation).
fn dir_definitions(dirs: &[String]) -> Result<Definitions, FnError> {
    let mut definitions = Definitions::new();
    for dir in dirs {
        let mut library = crate::grok::Library::default();
        library.add_dir(std::path::Path::new(dir)).map_err(|e| FnError::new(e.to_string()))?;
        let mut names: Vec<&str> = library.names();
        names.sort_unstable();
        for name in names {
            if let Some(source) = library.source(name) {
                definitions.push((name.to_string(), source.to_string()));
            }
        }
    }
    Ok(definitions)
}

/// Reads `{ "NAME": "regex" }` at run time.
pub(crate) fn value_definitions(value: Option<&Value>) -> Result<Definitions, FnError> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(fields)) => fields
            .iter()
            .map(|(name, regex)| match regex {
                Value::String(regex) => Ok((name.to_string(), regex.to_string())),
                other => Err(FnError::new(format!(
                    "grok definition `{name}` must be a string, got {}",
                    other.kind_name()
                ))),
            })
            .collect(),
        Some(other) => {
            Err(FnError::new(format!("`definitions` must be an object, got {}", other.kind_name())))
        }
    }
}

/// Reads `{ "NAME": "regex" }` at check time; an absent argument is empty.
///
/// # Errors
/// A message when the argument is given but is not an object of string literals.
pub(crate) fn sig_definitions(args: &SigArgs<'_>, index: usize) -> Result<Definitions, String> {
    let Some(info) = args.get(index).and_then(Option::as_ref) else { return Ok(Vec::new()) };
    let not_constant = || {
        "`definitions` must be an object literal of strings, such as `{ \"MYID\": \"[0-9]+\" }`"
            .to_string()
    };
    let ExprKind::Object(entries) = &info.expr.kind else { return Err(not_constant()) };
    entries
        .iter()
        .map(|entry| match &entry.value.kind {
            ExprKind::Literal(Literal::String { value, .. }) => {
                Ok((entry.key.value.clone(), value.clone()))
            }
            _ => Err(not_constant()),
        })
        .collect()
}

pub(crate) fn compile(
    pattern: &str,
    definitions: &[(String, String)],
) -> Result<Arc<Grok>, FnError> {
    compile_cached(pattern, definitions).map_err(|e| FnError::new(e.to_string()))
}

/// Matches argument 0; `Ok(None)` when the pattern does not match.
pub(crate) fn parse(grok: &Grok, args: &Args) -> Result<Option<Value>, FnError> {
    grok.parse(args.str(0)?).map_err(|e| FnError::new(e.to_string()))
}

/// The error for a value that none of `groks` matched.
pub(crate) fn no_match(groks: &[&Grok]) -> FnError {
    match groks {
        [grok] => FnError::new(format!(
            "value does not match the grok pattern `{}`",
            crate::grok::shorten(grok.pattern(), 80)
        )),
        _ => FnError::new(format!("value matches none of the {} grok patterns", groks.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{assert_error, assert_json, run};
    use crate::value::Str;
    use proptest::prelude::*;

    #[test]
    fn combined_log_with_unicode_and_ipv6() {
        let line = r#"2001:db8::1 - - [26/Nov/2026:10:00:00 +0000] "GET /café HTTP/1.1" 404 - "-" "Größe/1.0""#;
        let result = run(&ParseGrok, &[Value::from(line), Value::from("%{COMBINEDAPACHELOG}")]);
        assert_json(
            result,
            r#"{"clientip": "2001:db8::1", "ident": "-", "auth": "-", "timestamp": "26/Nov/2026:10:00:00 +0000",
                "verb": "GET", "request": "/café", "httpversion": "1.1", "response": "404",
                "referrer": "\"-\"", "agent": "\"Größe/1.0\""}"#,
        );
    }

    #[test]
    fn bad_patterns_and_arguments_fail() {
        assert_error(
            run(&ParseGrok, &[Value::from("a"), Value::from("%{NOPE}")]),
            "unknown grok pattern `NOPE`",
        );
        assert_error(run(&ParseGrok, &[Value::from("a"), Value::from("(?=a)")]), "look-ahead");
        assert_error(
            run(&ParseGrok, &[Value::Int(1), Value::from("%{INT}")]),
            "`value` must be a string",
        );
        assert_error(
            run(&ParseGrok, &[Value::from("x1y"), Value::from("x%{NOTSPACE:n:int}")]),
            "grok field `n`: `1y` is not an integer",
        );
        let mut definitions = crate::value::Object::new();
        definitions.insert(Str::from("BAD"), Value::Int(3));
        let result =
            run(&ParseGrok, &[Value::from("a"), Value::from("%{BAD}"), Value::Object(definitions)]);
        assert_error(result, "grok definition `BAD` must be a string, got int");
    }

    #[test]
    fn a_value_without_a_match_names_the_pattern() {
        let long = format!("^{}$", "a".repeat(200));
        let result = run(&ParseGrok, &[Value::from("b"), Value::from(long.as_str())]);
        assert_error(result, "value does not match the grok pattern `^aaaa");
    }

    proptest! {
        #[test]
        fn never_panics_and_output_is_bounded(text in r"\PC{0,200}", pattern in r"(%\{(WORD|INT|IP|DATA|GREEDYDATA|NOTSPACE)(:f[0-9])?\}|[a-c ()?*|.\[\]\\]){0,8}") {
            if let Ok(Value::Object(fields)) = run(&ParseGrok, &[Value::from(text.as_str()), Value::from(pattern.as_str())]) {
                for value in fields.values() {
                    prop_assert!(value.as_str().is_none_or(|s| s.len() <= text.len()));
                }
            }
        }
    }
}
