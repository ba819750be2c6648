//! The run-time face of a built-in function: compile-time preparation of
//! constant arguments and evaluation.

use std::any::Any;

use lgp_lang::sig::FnSig;

use crate::value::{Str, Value};

/// State a function builds once from its constant arguments (a compiled
/// regex or grok pattern), then reuses for every event.
pub type Prepared = Option<Box<dyn Any + Send + Sync>>;

/// Why a call failed. The message is what `abort` reasons and `err` bindings show.
#[derive(Clone, Debug, PartialEq)]
pub struct FnError(pub String);

impl FnError {
    pub fn new(message: impl Into<String>) -> FnError {
        FnError(message.into())
    }
}

impl std::fmt::Display for FnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A built-in function: its signature (for the checker) and its semantics.
pub trait Function: FnSig {
    /// Builds state from the arguments that are constant at compile time
    /// (`consts[i]` is `Some` when parameter `i` was given a literal). Called
    /// once per call site; the default needs no state.
    ///
    /// # Errors
    /// A message when a constant argument is unusable (the checker reports
    /// the same through `FnSig::check_args`).
    fn prepare(&self, _consts: &[Option<Value>]) -> Result<Prepared, FnError> {
        Ok(None)
    }

    /// Evaluates the function. `args` has one slot per parameter, in order;
    /// an absent optional argument is `None`. The function may take the
    /// values out of `args`.
    ///
    /// # Errors
    /// An [`FnError`] saying why, when the call fails for these values.
    fn call(&self, prepared: &Prepared, args: &mut Args) -> Result<Value, FnError>;
}

/// The arguments of one call, with typed accessors that fail with a clear
/// message when a value has the wrong kind (the checker makes such calls
/// fallible, so the failure is handled).
pub struct Args {
    pub values: Vec<Option<Value>>,
    /// Parameter names, for messages.
    pub names: &'static [lgp_lang::sig::ParamSig],
}

impl Args {
    pub fn new(names: &'static [lgp_lang::sig::ParamSig], values: Vec<Option<Value>>) -> Args {
        Args { values, names }
    }

    fn name(&self, i: usize) -> &'static str {
        self.names.get(i).map_or("argument", |p| p.name)
    }

    /// Takes argument `i`, or `null` when absent.
    pub fn take(&mut self, i: usize) -> Value {
        self.values.get_mut(i).and_then(Option::take).unwrap_or(Value::Null)
    }

    /// Takes optional argument `i`; `None` when absent or null.
    pub fn take_opt(&mut self, i: usize) -> Option<Value> {
        match self.values.get_mut(i).and_then(Option::take) {
            None | Some(Value::Null) => None,
            v => v,
        }
    }

    pub fn get(&self, i: usize) -> Option<&Value> {
        self.values.get(i).and_then(Option::as_ref)
    }

    fn wrong(&self, i: usize, want: &str, got: Option<&Value>) -> FnError {
        let got = got.map_or("nothing", Value::kind_name);
        FnError(format!("`{}` must be {want}, got {got}", self.name(i)))
    }

    /// Argument `i` as a string.
    pub fn str(&self, i: usize) -> Result<&Str, FnError> {
        match self.get(i) {
            Some(Value::String(s)) => Ok(s),
            v => Err(self.wrong(i, "a string", v)),
        }
    }

    /// Optional argument `i` as a string (`None` when absent or null).
    pub fn opt_str(&self, i: usize) -> Result<Option<&Str>, FnError> {
        match self.get(i) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            v => Err(self.wrong(i, "a string", v)),
        }
    }

    pub fn int(&self, i: usize) -> Result<i64, FnError> {
        match self.get(i) {
            Some(Value::Int(n)) => Ok(*n),
            v => Err(self.wrong(i, "an integer", v)),
        }
    }

    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, FnError> {
        match self.get(i) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Int(n)) => Ok(Some(*n)),
            v => Err(self.wrong(i, "an integer", v)),
        }
    }

    pub fn bool(&self, i: usize) -> Result<bool, FnError> {
        match self.get(i) {
            Some(Value::Bool(b)) => Ok(*b),
            v => Err(self.wrong(i, "a boolean", v)),
        }
    }

    /// Optional boolean with a default.
    pub fn bool_or(&self, i: usize, default: bool) -> Result<bool, FnError> {
        match self.get(i) {
            None | Some(Value::Null) => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            v => Err(self.wrong(i, "a boolean", v)),
        }
    }
}
