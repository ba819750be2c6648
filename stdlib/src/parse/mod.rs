//! Parsing helpers shared by the `parse_*` built-ins: the algorithm cores
//! live here, the `fns/parse_*.rs` files hold signatures, docs and glue.

pub mod csv;
pub mod duration;
pub mod json;
pub mod kv;
pub mod query;
pub mod redact;
pub mod regex;
pub mod syslog;
pub mod timestamp;
pub mod weblog;

#[cfg(test)]
pub(crate) mod testing;

use crate::function::Prepared;
use crate::value::{Str, Value};

/// The state `prepare` built, when it built one of type `T`.
pub(crate) fn prepared<T: 'static>(prepared: &Prepared) -> Option<&T> {
    prepared.as_ref().and_then(|state| state.downcast_ref::<T>())
}

/// Constant argument `index` as a string, when it was given as a string literal.
pub(crate) fn const_str(consts: &[Option<Value>], index: usize) -> Option<&str> {
    consts.get(index).and_then(Option::as_ref).and_then(Value::as_str)
}

/// Names the argument in a fallibility reason: `` `.message` `` when the
/// checker knows its text, else the parameter name.
pub(crate) fn arg_text(args: &lgp_lang::sig::Args<'_>, index: usize, param: &str) -> String {
    match args.get(index).and_then(Option::as_ref) {
        Some(info) if !info.text.is_empty() => format!("`{}`", info.text),
        _ => format!("`{param}`"),
    }
}

/// The literal string (or regex) given for parameter `index`, at check time.
pub(crate) fn sig_const_str<'a>(args: &lgp_lang::sig::Args<'a>, index: usize) -> Option<&'a str> {
    args.get(index).and_then(Option::as_ref).and_then(|info| info.const_str())
}

/// The literal boolean given for parameter `index`, at check time.
pub(crate) fn sig_const_bool(args: &lgp_lang::sig::Args<'_>, index: usize) -> Option<bool> {
    use lgp_lang::ast::{ExprKind, Literal};
    match &args.get(index).and_then(Option::as_ref)?.expr.kind {
        ExprKind::Literal(Literal::Bool(flag)) => Some(*flag),
        _ => None,
    }
}

/// True when parameter `index` was given (as anything).
pub(crate) fn sig_given(args: &lgp_lang::sig::Args<'_>, index: usize) -> bool {
    args.get(index).is_some_and(Option::is_some)
}

/// Object keys (and fixed values) built once and cloned per event: a
/// clone only bumps a reference count, where `Str::from` would allocate.
pub(crate) struct Keys {
    names: &'static [&'static str],
    built: std::sync::OnceLock<Vec<Str>>,
}

impl Keys {
    pub(crate) const fn new(names: &'static [&'static str]) -> Keys {
        Keys { names, built: std::sync::OnceLock::new() }
    }

    /// The key `name`; one not in the list is built on the spot.
    pub(crate) fn get(&self, name: &str) -> Str {
        let built = self.built.get_or_init(|| self.names.iter().map(|n| Str::from(*n)).collect());
        match self.names.iter().position(|n| *n == name).and_then(|i| built.get(i)) {
            Some(key) => key.clone(),
            None => Str::from(name),
        }
    }
}
