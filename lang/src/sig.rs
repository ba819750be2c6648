//! The interface through which the checker learns about built-in functions.
//!
//! `lang` does not depend on the standard library: the caller hands the
//! checker a [`FnRegistry`] (in practice `lgp_stdlib::registry()`), as VRL's
//! compiler takes `stdlib::all()`.

use crate::ast::{Expr, ExprKind, Literal};
use crate::types::{Kinds, Type};

/// One parameter of a built-in function.
#[derive(Clone, Copy, Debug)]
pub struct ParamSig {
    pub name: &'static str,
    /// The kinds this parameter accepts. An argument whose type only partly
    /// overlaps makes the call fallible; one with no overlap is an error.
    pub kinds: Kinds,
    pub required: bool,
    pub doc: &'static str,
}

/// A documented example; examples run as tests through every engine.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    pub title: &'static str,
    /// A program fragment evaluated with `.` holding `input`.
    pub source: &'static str,
    /// The event the example runs against, as JSON (`{}` when none).
    pub input: &'static str,
    /// `Ok(json)` for the value of the last expression, `Err(message)` for an error.
    pub result: Result<&'static str, &'static str>,
}

/// What the checker knows of one argument at a call.
#[derive(Clone, Copy, Debug)]
pub struct ArgInfo<'a> {
    pub ty: &'a Type,
    pub expr: &'a Expr,
    /// The argument as written, for messages (`.duration`).
    pub text: &'a str,
}

impl<'a> ArgInfo<'a> {
    /// The value of a constant string argument (a string or raw-string literal).
    pub fn const_str(&self) -> Option<&'a str> {
        match &self.expr.kind {
            ExprKind::Literal(Literal::String { value, .. }) => Some(value),
            ExprKind::Literal(Literal::Regex(value)) => Some(value),
            _ => None,
        }
    }

    /// The value of a constant integer argument.
    pub fn const_int(&self) -> Option<i64> {
        match &self.expr.kind {
            ExprKind::Literal(Literal::Int(v)) => Some(*v),
            _ => None,
        }
    }

    /// The values of a constant array of strings (`["a", "b"]`).
    pub fn const_str_array(&self) -> Option<Vec<&'a str>> {
        match &self.expr.kind {
            ExprKind::Array(items) => items
                .iter()
                .map(|e| match &e.kind {
                    ExprKind::Literal(Literal::String { value, .. }) => Some(value.as_str()),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }
}

/// Arguments as the checker hands them to a signature: one slot per
/// parameter, in parameter order, `None` where an optional one is absent.
pub type Args<'a> = [Option<ArgInfo<'a>>];

/// The compile-time face of a built-in function.
pub trait FnSig: Send + Sync {
    fn name(&self) -> &'static str;

    /// The group the function is listed under in the reference (`parse`, `string`, ...).
    fn category(&self) -> &'static str;

    fn params(&self) -> &'static [ParamSig];

    /// The type of the result for these argument types.
    fn return_type(&self, args: &Args<'_>) -> Type;

    /// Why the call can fail for these arguments, beyond argument types the
    /// parameters do not accept (the checker adds those itself); `None` when
    /// the function cannot fail on such arguments.
    fn fallible(&self, args: &Args<'_>) -> Option<String>;

    /// Validates constant arguments at compile time (a regex that does not
    /// compile, an unknown grok pattern): `Err((param index, message))`.
    fn check_args(&self, _args: &Args<'_>) -> Result<(), (usize, String)> {
        Ok(())
    }

    /// True when the function reads or writes only its arguments (no clock,
    /// randomness or environment), so a constant call may be folded.
    fn pure(&self) -> bool {
        true
    }

    /// One paragraph of reference documentation.
    fn doc(&self) -> &'static str;

    fn examples(&self) -> &'static [Example];
}

/// Looks built-in functions up by name.
pub trait FnRegistry: Send + Sync {
    fn get(&self, name: &str) -> Option<&dyn FnSig>;
    /// Every function, sorted by name (for completion and "did you mean").
    fn all(&self) -> Vec<&dyn FnSig>;
}

/// A registry built from a list of signatures.
pub struct StaticRegistry {
    fns: Vec<&'static dyn FnSig>,
}

impl StaticRegistry {
    pub fn new(mut fns: Vec<&'static dyn FnSig>) -> StaticRegistry {
        fns.sort_by_key(|f| f.name());
        StaticRegistry { fns }
    }
}

impl FnRegistry for StaticRegistry {
    fn get(&self, name: &str) -> Option<&dyn FnSig> {
        self.fns.binary_search_by_key(&name, |f| f.name()).ok().map(|i| self.fns[i])
    }

    fn all(&self) -> Vec<&dyn FnSig> {
        self.fns.clone()
    }
}
