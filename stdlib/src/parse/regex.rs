//! Regex patterns for `parse_regex`, `parse_regex_all` and `redact`:
//! compiling with resource limits, one-line error messages, and turning
//! capture groups into objects whose strings are slices of the input.
//!
//! Matching uses regex-automata's meta engine, which never backtracks, so
//! a hostile pattern or input cannot take exponential time. A prepared
//! pattern whose captures are separated by literals runs as a
//! [`SplitPlan`] instead, with the same results, several times faster.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use lgp_lang::types::{Kinds, Type};
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;

use crate::function::FnError;
use crate::parse::regex_split::SplitPlan;
use crate::value::{Object, RegexValue, Str, Value};

/// How deeply groups and repetitions may nest in a pattern.
const NEST_LIMIT: u32 = 64;
/// The most memory one compiled pattern may take.
const SIZE_LIMIT: usize = 8 << 20;

/// A compiled pattern and the object keys of its groups, built once.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub regex: Arc<RegexValue>,
    /// `(group index, name)` of every named group, sorted by name: the order
    /// of an object's keys, so building a match's object sorts nothing.
    named: Vec<(usize, Str)>,
    /// `"0"`, `"1"`, ...: the key of each group by index.
    numbered: Vec<Str>,
    /// A faster matcher with the same results, built by
    /// [`Pattern::with_split_plan`] when the pattern's shape allows one.
    split: Option<Arc<SplitPlan>>,
}

impl Pattern {
    /// Compiles `source`.
    ///
    /// # Errors
    /// A one-line message naming the problem and its byte offset.
    pub fn compile(source: &str) -> Result<Pattern, String> {
        Ok(Pattern::from_regex(Arc::new(RegexValue {
            source: source.to_string(),
            regex: compile(source)?,
        })))
    }

    /// Wraps an already compiled regex value (an `r'...'` literal).
    pub fn from_regex(regex: Arc<RegexValue>) -> Pattern {
        let info = regex.regex.group_info();
        let pattern = regex_automata::PatternID::ZERO;
        let mut named: Vec<(usize, Str)> = info
            .all_names()
            .filter_map(|(_, index, name)| name.map(|name| (index, Str::from(name))))
            .collect();
        named.sort_by(|(_, left), (_, right)| left.as_str().cmp(right.as_str()));
        let numbered =
            (0..info.group_len(pattern)).map(|index| Str::from(index.to_string())).collect();
        Pattern { regex, named, numbered, split: None }
    }

    /// Adds a [`SplitPlan`] when the pattern has the shape for one. Worth it
    /// for a pattern used many times: it parses the pattern again.
    #[must_use]
    pub fn with_split_plan(mut self) -> Pattern {
        // `syntax_config` is what `compile` uses, and regex literals are
        // built with the defaults it only tightens, so the parse gives the
        // same classes and literals the meta regex was built from.
        let hir = regex_automata::util::syntax::parse_with(&self.regex.source, &syntax_config());
        let groups = self.numbered.len();
        self.split = hir
            .ok()
            .and_then(|hir| SplitPlan::new(&hir))
            .filter(|plan| plan.group_len() == groups)
            .map(Arc::new);
        self
    }

    /// The split plan, when the pattern has one.
    pub fn split_plan(&self) -> Option<&SplitPlan> {
        self.split.as_deref()
    }

    /// The object of the first match in `input`, or `None` when there is none.
    pub fn first_match(&self, input: &Str, numeric: bool) -> Option<Object> {
        if let Some(plan) = &self.split {
            let spans = plan.find(input.as_str())?;
            return Some(self.object_of(input, numeric, |index| spans.get(index).cloned()));
        }
        let mut captures = self.regex().create_captures();
        self.regex().captures(input.as_str(), &mut captures);
        captures.is_match().then(|| self.captures_object(input, &captures, numeric))
    }

    /// The pattern held by an argument value: a regex, or a string to compile.
    ///
    /// # Errors
    /// When the value is neither, or the string is not a valid pattern.
    pub fn from_value(value: Option<&Value>) -> Result<Pattern, FnError> {
        match value {
            Some(Value::Regex(regex)) => Ok(Pattern::from_regex(Arc::clone(regex))),
            Some(Value::String(source)) => Pattern::compile(source).map_err(FnError),
            other => {
                let got = other.map_or("nothing", Value::kind_name);
                Err(FnError(format!("`pattern` must be a regex or a string, got {got}")))
            }
        }
    }

    /// The prepared pattern when there is one, else the one the argument holds.
    ///
    /// # Errors
    /// As [`Pattern::from_value`].
    pub fn prepared_or<'a>(
        prepared: Option<&'a Pattern>,
        value: Option<&Value>,
    ) -> Result<Cow<'a, Pattern>, FnError> {
        match prepared {
            Some(pattern) => Ok(Cow::Borrowed(pattern)),
            None => Pattern::from_value(value).map(Cow::Owned),
        }
    }

    pub fn regex(&self) -> &Regex {
        &self.regex.regex
    }

    /// The object type of one match: a string-or-null field per named group
    /// and, when `numeric`, per group index (group 0, the whole match, is
    /// always a string).
    pub fn match_type(&self, numeric: bool) -> Type {
        let maybe = Type::of(Kinds::STRING.union(Kinds::NULL));
        let mut fields: BTreeMap<String, Type> =
            self.named.iter().map(|(_, name)| (name.to_string(), maybe.clone())).collect();
        if numeric {
            for (index, key) in self.numbered.iter().enumerate() {
                let ty = if index == 0 { Type::string() } else { maybe.clone() };
                fields.insert(key.to_string(), ty);
            }
        }
        Type::object_with(fields, None)
    }

    /// The object of one match: named groups, plus numbered ones when
    /// `numeric`; a group that took no part in the match is `null`.
    pub fn captures_object(&self, input: &Str, captures: &Captures, numeric: bool) -> Object {
        self.object_of(input, numeric, |index| captures.get_group(index).map(|span| span.range()))
    }

    /// The object of one match whose group `index` spans `span_of(index)`.
    fn object_of(
        &self,
        input: &Str,
        numeric: bool,
        span_of: impl Fn(usize) -> Option<Range<usize>>,
    ) -> Object {
        let group = |index: usize| -> Value {
            let text = span_of(index).and_then(|span| input.get(span));
            text.map_or(Value::Null, |text| Value::String(input.slice_ref(text)))
        };
        let mut object: Object =
            self.named.iter().map(|(index, name)| (name.clone(), group(*index))).collect();
        if numeric {
            object.extend(
                self.numbered.iter().enumerate().map(|(index, key)| (key.clone(), group(index))),
            );
        }
        object
    }
}

/// Compiles a constant `pattern` argument (parameter 1) once, for `prepare`.
///
/// # Errors
/// When the constant is not a valid pattern.
pub fn prepare(consts: &[Option<Value>]) -> Result<crate::function::Prepared, FnError> {
    match crate::util::const_arg(consts, 1) {
        Some(value @ (Value::Regex(_) | Value::String(_))) => {
            Ok(Some(Box::new(Pattern::from_value(Some(value))?.with_split_plan())))
        }
        _ => Ok(None),
    }
}

/// Validates a constant `pattern` argument (parameter 1) at check time.
///
/// # Errors
/// `(1, message)` when the pattern does not compile.
pub fn check_pattern(args: &lgp_lang::sig::Args<'_>) -> Result<(), (usize, String)> {
    match crate::util::arg_const_str(args, 1) {
        Some(source) => compile(source).map(drop).map_err(|message| (1, message)),
        None => Ok(()),
    }
}

/// The type of one match for these arguments: exact when the pattern
/// (parameter 1) is constant, taking `numeric_groups` (parameter 2) into
/// account whether or not it is constant.
pub fn match_type_for(args: &lgp_lang::sig::Args<'_>) -> Type {
    let Some(pattern) =
        crate::util::arg_const_str(args, 1).and_then(|source| Pattern::compile(source).ok())
    else {
        return open_match_type();
    };
    match crate::util::arg_const_bool(args, 2) {
        Some(numeric) => pattern.match_type(numeric),
        None if !crate::util::arg_given(args, 2) => pattern.match_type(false),
        None => pattern.match_type(false).union(&pattern.match_type(true)),
    }
}

/// The object type of a match when the pattern is not known at compile time.
pub fn open_match_type() -> Type {
    Type::object_with(BTreeMap::new(), Some(Type::of(Kinds::STRING.union(Kinds::NULL))))
}

/// Compiles `source` with limits on nesting and size.
///
/// # Errors
/// A one-line message naming the problem and its byte offset.
pub fn compile(source: &str) -> Result<Regex, String> {
    let syntax = syntax_config();
    let config =
        Regex::config().nfa_size_limit(Some(SIZE_LIMIT)).onepass_size_limit(Some(SIZE_LIMIT));
    Regex::builder()
        .syntax(syntax)
        .configure(config)
        .build(source)
        .map_err(|error| describe(&error))
}

/// The syntax options of every pattern: the defaults, with a nesting limit.
fn syntax_config() -> regex_automata::util::syntax::Config {
    regex_automata::util::syntax::Config::new().nest_limit(NEST_LIMIT)
}

fn describe(error: &regex_automata::meta::BuildError) -> String {
    use regex_syntax::Error as Syntax;
    match error.syntax_error() {
        Some(Syntax::Parse(error)) => {
            format!("invalid regex: {} at byte {}", error.kind(), error.span().start.offset)
        }
        Some(Syntax::Translate(error)) => {
            format!("invalid regex: {} at byte {}", error.kind(), error.span().start.offset)
        }
        _ if error.size_limit().is_some() => "invalid regex: the pattern is too large".to_string(),
        _ => format!("invalid regex: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_one_line() {
        assert_eq!(
            compile("a(b").err(),
            Some("invalid regex: unclosed group at byte 1".to_string())
        );
        assert_eq!(
            compile("(?P<x>a)(?P<x>b)").err(),
            Some("invalid regex: duplicate capture group name at byte 12".to_string())
        );
        let nested = format!("{}a{}", "(".repeat(200), ")".repeat(200));
        assert!(compile(&nested).is_err_and(|e| !e.contains('\n')));
        assert_eq!(
            compile(r"\w{1000}{1000}").err(),
            Some("invalid regex: the pattern is too large".into())
        );
    }

    #[test]
    fn captures_slice_the_input() {
        let Ok(pattern) = Pattern::compile(r"(?P<word>\w+)(?P<tail>!)?") else {
            panic!("compiles")
        };
        let input = Str::from("hello world");
        let mut captures = pattern.regex().create_captures();
        pattern.regex().captures(input.as_str(), &mut captures);
        let object = pattern.captures_object(&input, &captures, true);
        assert_eq!(
            Value::Object(object).to_string(),
            r#"{"0":"hello","1":"hello","2":null,"tail":null,"word":"hello"}"#
        );
    }
}
