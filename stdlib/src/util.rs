//! Helpers shared by several built-in functions: reading argument types in
//! signatures, patterns (literal or regex), turning values into text,
//! hashing values and event-style paths. Time zones live with timestamp
//! parsing, in [`crate::parse::timestamp::Zone`].

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use lgp_lang::ast::{ExprKind, Literal};
use lgp_lang::sig::{ArgInfo, Args as SigArgs};
use lgp_lang::types::{Kinds, Type};

use crate::function::{FnError, Prepared};
use crate::value::{RegexValue, Str, Value};

/// How deep recursive functions (`flatten`, `compact`, deep `merge`,
/// [`hash_value`]) descend. Values can be deeper: `parse_json` nests up to
/// [`DEFAULT_MAX_DEPTH`](crate::parse::json::DEFAULT_MAX_DEPTH) levels by
/// default and up to [`MAX_DEPTH_CAP`](crate::parse::json::MAX_DEPTH_CAP)
/// with `max_depth`, and a program can build deeper ones. Past this depth those functions treat a container as
/// a leaf (`flatten` keeps it whole, `compact` keeps it as it is, `merge`
/// replaces it instead of merging into it, hashing sees only its kind), so
/// their recursion, and so their stack use, stays bounded whatever the input.
pub const MAX_DEPTH: usize = 128;

/// Argument `i` of a call being checked, when it was given.
pub fn arg<'a, 'b>(args: &'b SigArgs<'a>, i: usize) -> Option<&'b ArgInfo<'a>> {
    args.get(i).and_then(Option::as_ref)
}

/// The argument as written (`.duration`), for fallibility reasons; `fallback`
/// (the parameter name) when it is absent or its text is unknown.
pub fn arg_text<'a>(args: &SigArgs<'a>, i: usize, fallback: &'a str) -> &'a str {
    arg(args, i).map(|a| a.text).filter(|text| !text.is_empty()).unwrap_or(fallback)
}

/// True when argument `i` was given (as anything).
pub fn arg_given(args: &SigArgs<'_>, i: usize) -> bool {
    arg(args, i).is_some()
}

/// The literal string (or regex) given for argument `i`, at check time.
pub fn arg_const_str<'a>(args: &SigArgs<'a>, i: usize) -> Option<&'a str> {
    arg(args, i).and_then(ArgInfo::const_str)
}

/// The literal integer given for argument `i`, at check time.
pub fn arg_const_int(args: &SigArgs<'_>, i: usize) -> Option<i64> {
    arg(args, i).and_then(ArgInfo::const_int)
}

/// The literal boolean given for argument `i`, at check time.
pub fn arg_const_bool(args: &SigArgs<'_>, i: usize) -> Option<bool> {
    match &arg(args, i)?.expr.kind {
        ExprKind::Literal(Literal::Bool(flag)) => Some(*flag),
        _ => None,
    }
}

/// True when argument `i` is given and may hold a value of one of `kinds`.
pub fn arg_may_be(args: &SigArgs<'_>, i: usize, kinds: Kinds) -> bool {
    arg(args, i).is_some_and(|a| a.ty.kinds.intersects(kinds))
}

/// The static type of argument `i`, `any` when it is absent.
pub fn arg_type(args: &SigArgs<'_>, i: usize) -> Type {
    arg(args, i).map_or_else(Type::any, |a| a.ty.clone())
}

/// The element type of an array argument, `any` when unknown.
pub fn element_type(args: &SigArgs<'_>, i: usize) -> Type {
    arg(args, i).and_then(|a| a.ty.element.as_deref().cloned()).unwrap_or_else(Type::any)
}

/// The state `prepare` built, when it has type `T`.
pub fn prepared<T: 'static>(prepared: &Prepared) -> Option<&T> {
    prepared.as_ref().and_then(|state| state.downcast_ref::<T>())
}

/// The constant value of parameter `i` at a call site, when there is one.
pub fn const_arg(consts: &[Option<Value>], i: usize) -> Option<&Value> {
    consts.get(i).and_then(Option::as_ref)
}

/// The constant value of parameter `i` at a call site, when it is a string.
pub fn const_str(consts: &[Option<Value>], i: usize) -> Option<&str> {
    const_arg(consts, i).and_then(Value::as_str)
}

/// Compiles a regex with the default size limits of regex-automata, which
/// bound the memory a hostile pattern can take.
///
/// # Errors
/// When the pattern is not a valid regex or is too large.
pub fn compile_regex(pattern: &str) -> Result<Arc<RegexValue>, FnError> {
    match regex_automata::meta::Regex::new(pattern) {
        Ok(regex) => Ok(Arc::new(RegexValue { source: pattern.to_owned(), regex })),
        Err(err) => Err(FnError::new(format!("invalid regex `{pattern}`: {}", one_line(&err)))),
    }
}

/// Collapses a multi-line error message onto one line.
fn one_line(err: &dyn std::fmt::Display) -> String {
    err.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What `split`, `replace` and `find` look for: a string matched literally
/// or a regex.
#[derive(Clone, Debug)]
pub enum Pattern {
    Literal(Str),
    Regex(Arc<RegexValue>),
}

impl Pattern {
    /// The pattern held by an argument value.
    ///
    /// # Errors
    /// When the value is neither a string nor a regex.
    pub fn from_value(value: &Value, param: &str) -> Result<Pattern, FnError> {
        match value {
            Value::String(s) => Ok(Pattern::Literal(s.clone())),
            Value::Regex(r) => Ok(Pattern::Regex(r.clone())),
            other => Err(FnError::new(format!(
                "`{param}` must be a string or a regex, got {}",
                other.kind_name()
            ))),
        }
    }

    /// Byte ranges of the non-overlapping matches in `haystack`, left to
    /// right, found lazily so that callers with a limit stop early.
    pub fn matches<'h>(
        &'h self,
        haystack: &'h str,
    ) -> Box<dyn Iterator<Item = (usize, usize)> + 'h> {
        match self {
            Pattern::Literal(needle) if needle.is_empty() => Box::new(empty_matches(haystack)),
            Pattern::Literal(needle) => Box::new(
                haystack
                    .match_indices(needle.as_str())
                    .map(|(start, text)| (start, start + text.len())),
            ),
            Pattern::Regex(r) => {
                Box::new(r.regex.find_iter(haystack).map(|m| (m.start(), m.end())))
            }
        }
    }
}

/// An empty needle matches at every character boundary, as a regex that
/// matches the empty string does.
fn empty_matches(haystack: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    haystack
        .char_indices()
        .map(|(i, _)| (i, i))
        .chain(std::iter::once((haystack.len(), haystack.len())))
}

/// A float as text: the shortest form that reads back to the same number,
/// with `.0` on whole numbers, as JSON output writes it.
pub fn float_text(f: f64) -> String {
    match serde_json::Number::from_f64(f) {
        Some(n) => n.to_string(),
        None if f.is_nan() => "NaN".to_owned(),
        None if f > 0.0 => "inf".to_owned(),
        None => "-inf".to_owned(),
    }
}

/// A timestamp as RFC 3339 text, with only as many fraction digits as needed.
pub fn timestamp_text(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// A scalar value as text (`string(x)`, `format` arguments; null is `null`); `None` for
/// arrays and objects, which have no single obvious text form.
pub fn scalar_text(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => float_text(*f),
        Value::String(s) => s.to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Timestamp(t) => timestamp_text(t),
        Value::Regex(r) => r.source.clone(),
        Value::Array(_) | Value::Object(_) => return None,
    })
}

/// Any value as text: scalars as [`scalar_text`], arrays and objects as
/// compact JSON.
pub fn value_text(value: &Value) -> String {
    scalar_text(value).unwrap_or_else(|| value.to_json().to_string())
}

/// Feeds a value to a hasher consistently with `Value`'s `PartialEq`:
/// equal values hash equally (floats hash their bits, and `-0.0 == 0.0` is
/// handled by hashing zero once). Below [`MAX_DEPTH`] only the kind is
/// hashed, which is still consistent.
pub fn hash_value<H: Hasher>(value: &Value, state: &mut H) {
    hash_at_depth(value, state, 0);
}

fn hash_at_depth<H: Hasher>(value: &Value, state: &mut H, depth: usize) {
    value.kind_name().hash(state);
    if depth >= MAX_DEPTH {
        return;
    }
    match value {
        Value::Null => {}
        Value::Bool(b) => b.hash(state),
        Value::Int(i) => i.hash(state),
        Value::Float(f) => (if *f == 0.0 { 0.0f64 } else { *f }).to_bits().hash(state),
        Value::String(s) => s.hash(state),
        Value::Bytes(b) => b.hash(state),
        Value::Timestamp(t) => t.hash(state),
        Value::Regex(r) => r.source.hash(state),
        Value::Array(items) => {
            items.len().hash(state);
            items.iter().for_each(|item| hash_at_depth(item, state, depth + 1));
        }
        Value::Object(fields) => {
            fields.len().hash(state);
            for (key, item) in fields {
                key.hash(state);
                hash_at_depth(item, state, depth + 1);
            }
        }
    }
}

/// The order of `sort`, `min` and `max`: a total order over every value, so
/// a sort's result never depends on the order of its input (and the
/// standard sort, which may panic on an inconsistent comparison, is safe).
///
/// Kinds come in this order: null, bool, numbers, string, bytes, timestamp,
/// regex, array, object. Numbers compare by their exact value whatever
/// their kind (`1` equals `1.0`, `-0.0` equals `0.0`, and `2^53 + 1` is
/// above the float `2^53`), with NaN after every other number. Strings and
/// bytes compare byte by byte (so by code point), timestamps in time order,
/// regexes by source. Arrays are all equal to each other, and so are
/// objects: a stable sort keeps them in the order they came.
pub fn compare_values(a: &Value, b: &Value) -> Ordering {
    let by_kind = kind_rank(a).cmp(&kind_rank(b));
    if by_kind.is_ne() {
        return by_kind;
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::String(x), Value::String(y)) => x.as_str().cmp(y.as_str()),
        (Value::Bytes(x), Value::Bytes(y)) => x.cmp(y),
        (Value::Timestamp(x), Value::Timestamp(y)) => x.cmp(y),
        (Value::Regex(x), Value::Regex(y)) => x.source.cmp(&y.source),
        _ => compare_numbers(a, b).unwrap_or(Ordering::Equal),
    }
}

/// Two numbers in the order of [`compare_values`]; `None` unless both are numbers.
pub fn compare_numbers(a: &Value, b: &Value) -> Option<Ordering> {
    Some(match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        (Value::Float(x), Value::Float(y)) => compare_floats(*x, *y),
        (Value::Int(x), Value::Float(y)) => compare_int_float(*x, *y),
        (Value::Float(x), Value::Int(y)) => compare_int_float(*y, *x).reverse(),
        _ => return None,
    })
}

fn kind_rank(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Float(_) => 2,
        Value::String(_) => 3,
        Value::Bytes(_) => 4,
        Value::Timestamp(_) => 5,
        Value::Regex(_) => 6,
        Value::Array(_) => 7,
        Value::Object(_) => 8,
    }
}

fn compare_floats(x: f64, y: f64) -> Ordering {
    match (x.is_nan(), y.is_nan()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
    }
}

/// Compares an integer with a float exactly: converting the integer to a
/// float would round it, and a rounded comparison is not transitive.
fn compare_int_float(int: i64, float: f64) -> Ordering {
    /// 2^63, the first float above every i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if float.is_nan() || float >= LIMIT {
        return Ordering::Less;
    }
    if float < -LIMIT {
        return Ordering::Greater;
    }
    let whole = float.trunc();
    // `whole` is a whole number in the i64 range, so the cast is exact; the
    // fraction `float - whole` is exact too.
    match int.cmp(&(whole as i64)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(float - whole)).unwrap_or(Ordering::Equal),
        unequal => unequal,
    }
}

/// One step of a path given as data (`get(., ["a", 0])`).
#[derive(Clone, Debug, PartialEq)]
pub enum PathStep {
    Field(Str),
    /// An array index; negative counts from the end.
    Index(i64),
}

/// Reads a path array: strings are field names, integers indexes.
///
/// # Errors
/// When an item is neither a string nor an integer.
pub fn path_steps(path: &[Value]) -> Result<Vec<PathStep>, FnError> {
    path.iter()
        .map(|item| match item {
            Value::String(s) => Ok(PathStep::Field(s.clone())),
            Value::Int(i) => Ok(PathStep::Index(*i)),
            other => Err(FnError::new(format!(
                "path items must be strings or integers, got {}",
                other.kind_name()
            ))),
        })
        .collect()
}

/// Resolves a possibly negative index against a length: `Some(position)`
/// when it falls inside `0..len`.
pub fn resolve_index(index: i64, len: usize) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let position = if index < 0 { len.checked_add(index)? } else { index };
    if (0..len).contains(&position) { usize::try_from(position).ok() } else { None }
}

/// Bytes as lowercase hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    out
}

/// The bytes of a string or bytes argument, which hashing and encoding
/// functions accept alike.
///
/// # Errors
/// When the value is neither.
pub fn text_bytes<'v>(value: Option<&'v Value>, param: &str) -> Result<&'v [u8], FnError> {
    match value {
        Some(Value::String(s)) => Ok(s.as_bytes()),
        Some(Value::Bytes(b)) => Ok(b),
        other => Err(FnError::new(format!(
            "`{param}` must be a string or bytes, got {}",
            other.map_or("nothing", Value::kind_name)
        ))),
    }
}

/// How `ceil`, `floor` and `round` pick a neighbour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Rounding {
    Ceil,
    Floor,
    /// Half away from zero.
    Round,
}

/// Rounds a number to `precision` decimal places (negative: to tens,
/// hundreds, ...). Integers stay integers: only a negative precision changes
/// them, saturating at the integer range. A float whose scaled value would
/// overflow is returned as it is, as it has no digits that far out.
pub fn round_number(value: &Value, precision: i64, mode: Rounding) -> Option<Value> {
    match value {
        Value::Int(i) => Some(Value::Int(round_int(*i, precision, mode))),
        Value::Float(f) => Some(Value::Float(round_float(*f, precision, mode))),
        _ => None,
    }
}

fn round_int(value: i64, precision: i64, mode: Rounding) -> i64 {
    if precision >= 0 {
        return value;
    }
    // 10^19 already exceeds every i64, so deeper precisions round the same way.
    let Some(factor) =
        10i128.checked_pow(u32::try_from(precision.unsigned_abs().min(19)).unwrap_or(19))
    else {
        return value;
    };
    let value = i128::from(value);
    let floor = value.div_euclid(factor) * factor;
    let rounded = match mode {
        Rounding::Floor => floor,
        Rounding::Ceil if floor == value => floor,
        Rounding::Ceil => floor + factor,
        Rounding::Round => {
            let half_up = (value.abs() + factor / 2) / factor * factor;
            if value < 0 { -half_up } else { half_up }
        }
    };
    i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX })
}

fn round_float(value: f64, precision: i64, mode: Rounding) -> f64 {
    let op = match mode {
        Rounding::Ceil => f64::ceil,
        Rounding::Floor => f64::floor,
        Rounding::Round => f64::round,
    };
    let precision = i32::try_from(precision.clamp(-400, 400)).unwrap_or(0);
    let factor = 10f64.powi(precision);
    let scaled = value * factor;
    if !scaled.is_finite() || factor == 0.0 {
        return value;
    }
    let rounded = op(scaled) / factor;
    if rounded.is_finite() { rounded } else { value }
}

/// The unit of a Unix time (`to_unix`, `from_unix`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    Seconds,
    Milliseconds,
    Microseconds,
    Nanoseconds,
}

impl TimeUnit {
    pub const NAMES: &'static str = "seconds, milliseconds, microseconds or nanoseconds";

    /// A unit by its name or short form (`s`, `ms`, `us`, `ns`).
    pub fn parse(name: &str) -> Option<TimeUnit> {
        match name {
            "seconds" | "s" => Some(TimeUnit::Seconds),
            "milliseconds" | "ms" => Some(TimeUnit::Milliseconds),
            "microseconds" | "us" => Some(TimeUnit::Microseconds),
            "nanoseconds" | "ns" => Some(TimeUnit::Nanoseconds),
            _ => None,
        }
    }

    /// Reads optional argument `i` of a call; seconds when absent.
    ///
    /// # Errors
    /// When the argument is not a string naming a unit.
    pub fn from_arg(args: &crate::function::Args, i: usize) -> Result<TimeUnit, FnError> {
        match args.opt_str(i)? {
            None => Ok(TimeUnit::Seconds),
            Some(name) => TimeUnit::parse(name).ok_or_else(|| unknown_unit(name)),
        }
    }
}

/// The message for a unit name that is not one of [`TimeUnit::NAMES`].
pub fn unknown_unit(name: &str) -> FnError {
    FnError::new(format!("unknown unit `{name}`; expected {}", TimeUnit::NAMES))
}

#[cfg(test)]
pub mod testing {
    //! Calls a function the way the engines do, for unit tests. The
    //! documented examples run through the checker and the interpreter in
    //! `compiler/tests/function_examples.rs`, so they are not repeated here.

    use lgp_lang::ast::{Expr, ExprKind, Literal};
    use lgp_lang::sig::ArgInfo;
    use lgp_lang::span::Span;
    use lgp_lang::types::Type;

    use crate::function::{Args, FnError, Function};
    use crate::value::Value;

    /// Calls `function` twice, once with nothing prepared and once with
    /// every argument treated as a compile-time constant, checks that both
    /// agree and returns the result.
    pub fn call(function: &dyn Function, values: Vec<Option<Value>>) -> Result<Value, FnError> {
        let plain = function.prepare(&vec![None; values.len()]).and_then(|state| {
            function.call(&state, &mut Args::new(function.params(), values.clone()))
        });
        let constant = function
            .prepare(&values)
            .and_then(|state| function.call(&state, &mut Args::new(function.params(), values)));
        assert_eq!(
            plain,
            constant,
            "prepared and unprepared calls of `{}` differ",
            function.name()
        );
        plain
    }

    /// [`call`] with arguments written as values, `null` standing for an
    /// absent optional argument.
    pub fn run(function: &dyn Function, args: &[Value]) -> Result<Value, FnError> {
        call(function, args.iter().map(|value| (!value.is_null()).then(|| value.clone())).collect())
    }

    /// Asserts that `result` is `Ok` with the value of the JSON text `expected`.
    #[track_caller]
    pub fn assert_json(result: Result<Value, FnError>, expected: &str) {
        let expected: serde_json::Value = match serde_json::from_str(expected) {
            Ok(value) => value,
            Err(error) => panic!("bad expected JSON {expected}: {error}"),
        };
        match result {
            Ok(value) => assert_eq!(value.to_json(), expected),
            Err(error) => panic!("expected {expected}, got error {error}"),
        }
    }

    /// Asserts that `result` is an error whose message contains `needle`.
    #[track_caller]
    pub fn assert_error(result: Result<Value, FnError>, needle: &str) {
        match result {
            Ok(value) => panic!("expected an error containing {needle:?}, got {value}"),
            Err(error) => assert!(error.0.contains(needle), "error {:?} lacks {needle:?}", error.0),
        }
    }

    /// Calls `function` once with nothing prepared, for results that differ
    /// between calls (the clock, randomness) or that never equal themselves (NaN).
    pub fn call_once(
        function: &dyn Function,
        values: Vec<Option<Value>>,
    ) -> Result<Value, FnError> {
        let state = function.prepare(&vec![None; values.len()])?;
        function.call(&state, &mut Args::new(function.params(), values))
    }

    /// A value from JSON text written in a test.
    pub fn json(text: &str) -> Value {
        Value::from_json(&serde_json::from_str(text).unwrap_or(serde_json::Value::Null))
    }

    /// `Some(value)` for an argument list.
    pub fn some(value: impl Into<Value>) -> Option<Value> {
        Some(value.into())
    }

    /// An argument as the checker describes it, owning what `ArgInfo` borrows.
    pub struct SigArg {
        pub ty: Type,
        pub expr: Expr,
        pub text: String,
    }

    /// An argument known only by its type.
    pub fn typed(ty: Type, text: &str) -> Option<SigArg> {
        let expr = Expr { kind: ExprKind::Wildcard, span: Span::default() };
        Some(SigArg { ty, expr, text: text.to_owned() })
    }

    /// A constant argument written as a literal.
    pub fn literal(literal: Literal, text: &str) -> Option<SigArg> {
        let ty = match &literal {
            Literal::Null => Type::null(),
            Literal::Bool(_) => Type::bool(),
            Literal::Int(_) => Type::int(),
            Literal::Float(_) => Type::float(),
            Literal::String { .. } => Type::string(),
            Literal::Regex(_) => Type::regex(),
            Literal::Timestamp(_) => Type::timestamp(),
        };
        let expr = Expr { kind: ExprKind::Literal(literal), span: Span::default() };
        Some(SigArg { ty, expr, text: text.to_owned() })
    }

    /// A constant string argument.
    pub fn literal_str(value: &str) -> Option<SigArg> {
        literal(Literal::String { value: value.to_owned(), raw: false }, &format!("{value:?}"))
    }

    /// The checker's view of a list of arguments.
    pub fn sig_args(args: &[Option<SigArg>]) -> Vec<Option<ArgInfo<'_>>> {
        args.iter()
            .map(|a| a.as_ref().map(|a| ArgInfo { ty: &a.ty, expr: &a.expr, text: &a.text }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_to_tens_and_saturate() {
        assert_eq!(round_int(1250, -2, Rounding::Round), 1300);
        assert_eq!(round_int(-1250, -2, Rounding::Round), -1300);
        assert_eq!(round_int(-1250, -2, Rounding::Floor), -1300);
        assert_eq!(round_int(-1250, -2, Rounding::Ceil), -1200);
        assert_eq!(round_int(1200, -2, Rounding::Ceil), 1200);
        assert_eq!(round_int(7, 3, Rounding::Ceil), 7);
        assert_eq!(round_int(i64::MAX, -1, Rounding::Ceil), i64::MAX);
        assert_eq!(round_int(i64::MIN, -30, Rounding::Floor), i64::MIN);
        assert_eq!(round_int(5, i64::MIN, Rounding::Round), 0);
    }

    #[test]
    fn floats_round_at_any_precision() {
        assert_eq!(round_float(2.5, 0, Rounding::Round), 3.0);
        assert_eq!(round_float(-2.5, 0, Rounding::Round), -3.0);
        assert_eq!(round_float(1.234, 2, Rounding::Ceil), 1.24);
        assert_eq!(round_float(1234.5, -2, Rounding::Floor), 1200.0);
        assert_eq!(round_float(1e300, 300, Rounding::Round), 1e300);
        assert_eq!(round_float(1.5, i64::MIN, Rounding::Round), 1.5);
        assert!(round_float(f64::NAN, 2, Rounding::Round).is_nan());
    }

    #[test]
    fn indexes_resolve_from_both_ends() {
        assert_eq!(resolve_index(0, 3), Some(0));
        assert_eq!(resolve_index(-1, 3), Some(2));
        assert_eq!(resolve_index(3, 3), None);
        assert_eq!(resolve_index(-4, 3), None);
        assert_eq!(resolve_index(i64::MIN, 3), None);
        assert_eq!(resolve_index(0, 0), None);
    }

    #[test]
    fn floats_read_as_json_writes_them() {
        assert_eq!(float_text(1.0), "1.0");
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(f64::NAN), "NaN");
        assert_eq!(float_text(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn equal_values_hash_equally() {
        use std::collections::hash_map::DefaultHasher;
        let digest = |v: &Value| {
            let mut h = DefaultHasher::new();
            hash_value(v, &mut h);
            h.finish()
        };
        assert_eq!(digest(&Value::Float(0.0)), digest(&Value::Float(-0.0)));
        assert_ne!(digest(&Value::Int(1)), digest(&Value::Float(1.0)));
        assert_ne!(digest(&Value::from("1")), digest(&Value::Int(1)));
    }

    #[test]
    fn numbers_compare_exactly_across_kinds() {
        use Ordering::{Equal, Greater, Less};
        let cmp = |a: Value, b: Value| compare_values(&a, &b);
        assert_eq!(cmp(Value::Int(1), Value::Float(1.0)), Equal);
        assert_eq!(cmp(Value::Float(-0.0), Value::Int(0)), Equal);
        assert_eq!(cmp(Value::Int(0), Value::Float(-0.5)), Greater);
        assert_eq!(cmp(Value::Int(-1), Value::Float(-0.5)), Less);
        assert_eq!(cmp(Value::Int((1 << 53) + 1), Value::Float(9_007_199_254_740_992.0)), Greater);
        assert_eq!(cmp(Value::Int(i64::MAX), Value::Float(9.223_372_036_854_776e18)), Less);
        assert_eq!(cmp(Value::Int(i64::MIN), Value::Float(-9.223_372_036_854_776e18)), Equal);
        assert_eq!(cmp(Value::Int(i64::MIN), Value::Float(f64::NEG_INFINITY)), Greater);
        assert_eq!(cmp(Value::Float(f64::NAN), Value::Float(f64::INFINITY)), Greater);
        assert_eq!(cmp(Value::Float(f64::NAN), Value::Int(i64::MAX)), Greater);
        assert_eq!(cmp(Value::Float(f64::NAN), Value::Float(-f64::NAN)), Equal);
    }

    #[test]
    fn kinds_order_before_values() {
        let mut values = [
            Value::Object(crate::value::Object::new()),
            Value::from("a"),
            Value::Array(vec![Value::Int(2)]),
            Value::Int(5),
            Value::Array(vec![Value::Int(1)]),
            Value::Bool(true),
            Value::Null,
            Value::from("B"),
        ];
        values.sort_by(compare_values);
        let json: Vec<String> = values.iter().map(ToString::to_string).collect();
        assert_eq!(json, ["null", "true", "5", r#""B""#, r#""a""#, "[2]", "[1]", "{}"]);
    }

    #[test]
    fn empty_literal_matches_between_characters() {
        let pattern = Pattern::Literal(Str::from(""));
        assert_eq!(pattern.matches("né").collect::<Vec<_>>(), vec![(0, 0), (1, 1), (3, 3)]);
    }

    #[test]
    fn bad_regex_is_one_line() {
        let err = compile_regex("(unclosed").map(|_| ()).unwrap_err();
        assert!(!err.0.contains('\n'), "{err}");
        assert!(err.0.starts_with("invalid regex `(unclosed`"), "{err}");
    }
}
