//! A small registry of built-in signatures for the checker's unit tests,
//! mirroring real ones (`lang` cannot depend on the standard library).

use crate::sig::{Args, Example, FnSig, ParamSig, StaticRegistry};
use crate::types::{Kinds, Type};

/// How a test function behaves: its parameters, result and failure rule.
struct TestFn {
    name: &'static str,
    params: &'static [ParamSig],
    ret: fn(&Args<'_>) -> Type,
    fallible: fn(&Args<'_>) -> Option<String>,
    check: fn(&Args<'_>) -> Result<(), (usize, String)>,
}

impl FnSig for TestFn {
    fn name(&self) -> &'static str {
        self.name
    }
    fn category(&self) -> &'static str {
        "test"
    }
    fn params(&self) -> &'static [ParamSig] {
        self.params
    }
    fn return_type(&self, args: &Args<'_>) -> Type {
        (self.ret)(args)
    }
    fn fallible(&self, args: &Args<'_>) -> Option<String> {
        (self.fallible)(args)
    }
    fn check_args(&self, args: &Args<'_>) -> Result<(), (usize, String)> {
        (self.check)(args)
    }
    fn doc(&self) -> &'static str {
        ""
    }
    fn examples(&self) -> &'static [Example] {
        &[]
    }
}

const fn param(name: &'static str, kinds: Kinds, required: bool) -> ParamSig {
    ParamSig { name, kinds, required, doc: "" }
}

const CONVERTIBLE: Kinds = Kinds(
    Kinds::NULL.0
        | Kinds::BOOL.0
        | Kinds::INT.0
        | Kinds::FLOAT.0
        | Kinds::STRING.0
        | Kinds::TIMESTAMP.0,
);

const VALUE: &[ParamSig] = &[param("value", Kinds::ANY, true)];
const STRING: &[ParamSig] = &[param("value", Kinds::STRING, true)];
const CONVERT: &[ParamSig] = &[param("value", CONVERTIBLE, true)];
const MERGE: &[ParamSig] = &[
    param("to", Kinds::OBJECT, true),
    param("from", Kinds::OBJECT, true),
    param("deep", Kinds::BOOL, false),
];
const REGEX: &[ParamSig] = &[
    param("value", Kinds::STRING, true),
    param("pattern", Kinds(Kinds::STRING.0 | Kinds::REGEX.0), true),
];
const LENGTH: &[ParamSig] =
    &[param("value", Kinds(Kinds::STRING.0 | Kinds::ARRAY.0 | Kinds::OBJECT.0), true)];
const SPLIT: &[ParamSig] = &[
    param("value", Kinds::STRING, true),
    param("separator", Kinds(Kinds::STRING.0 | Kinds::REGEX.0), true),
    param("limit", Kinds::INT, false),
];
const TO_UNIX: &[ParamSig] =
    &[param("value", Kinds::TIMESTAMP, true), param("unit", Kinds::STRING, false)];

fn none(_: &Args<'_>) -> Option<String> {
    None
}
fn ok(_: &Args<'_>) -> Result<(), (usize, String)> {
    Ok(())
}
fn text(args: &Args<'_>) -> String {
    args.first()
        .copied()
        .flatten()
        .map_or_else(|| "the value".to_string(), |a| format!("`{}`", a.text))
}
fn string_ty(_: &Args<'_>) -> Type {
    Type::string()
}
fn bool_ty(_: &Args<'_>) -> Type {
    Type::bool()
}

/// `int`: fails when the value is a string (it may not be a number).
fn int_fallible(args: &Args<'_>) -> Option<String> {
    let arg = args.first().copied().flatten()?;
    arg.ty
        .kinds
        .intersects(Kinds::STRING)
        .then(|| format!("{} may not be a valid integer", text(args)))
}

fn parse_json_fallible(args: &Args<'_>) -> Option<String> {
    Some(format!("{} may not be valid JSON", text(args)))
}

fn merge_ty(args: &Args<'_>) -> Type {
    let to = args.first().copied().flatten().map_or_else(Type::object, |a| a.ty.clone());
    let from = args.get(1).copied().flatten().map_or_else(Type::object, |a| a.ty.clone());
    to.union(&from)
}

fn regex_check(args: &Args<'_>) -> Result<(), (usize, String)> {
    match args.get(1).copied().flatten().and_then(|a| a.const_str()) {
        Some(p) if p.contains('(') && !p.contains(')') => {
            Err((1, "unclosed group in regex".into()))
        }
        _ => Ok(()),
    }
}

macro_rules! test_fn {
    ($name:literal, $params:expr, $ret:expr, $fallible:expr) => {
        test_fn!($name, $params, $ret, $fallible, ok)
    };
    ($name:literal, $params:expr, $ret:expr, $fallible:expr, $check:expr) => {
        &TestFn { name: $name, params: $params, ret: $ret, fallible: $fallible, check: $check }
    };
}

/// The registry the unit tests check against.
pub(super) fn registry() -> StaticRegistry {
    StaticRegistry::new(vec![
        test_fn!("int", CONVERT, |_| Type::int(), int_fallible),
        test_fn!("string", CONVERT, string_ty, none),
        test_fn!("parse_json", STRING, |_| Type::any(), parse_json_fallible),
        test_fn!("downcase", STRING, string_ty, none),
        test_fn!("upcase", STRING, string_ty, none),
        test_fn!("is_string", VALUE, bool_ty, none),
        test_fn!("is_int", VALUE, bool_ty, none),
        test_fn!("is_object", VALUE, bool_ty, none),
        test_fn!("merge", MERGE, merge_ty, none),
        test_fn!("to_unix", TO_UNIX, |_| Type::int(), none),
        test_fn!("now", &[], |_| Type::timestamp(), none),
        test_fn!("length", LENGTH, |_| Type::int(), none),
        test_fn!("split", SPLIT, |_| Type::array_of(Type::string()), none),
        test_fn!("is_null", VALUE, bool_ty, none),
        test_fn!(
            "parse_regex",
            REGEX,
            |_| Type::object(),
            |a| Some(format!("{} may not match", text(a))),
            regex_check
        ),
    ])
}
