//! The value and event model of `lgp` and every built-in function.
//!
//! Each function lives in its own file under `fns/` and is registered once in
//! the `functions!` list of `fns/mod.rs`; the checker, the interpreter, the
//! JIT, the docs generator and the example tests all read that list.

#![forbid(unsafe_code)]

pub mod event;
pub mod fns;
pub mod function;
pub mod grok;
pub mod object;
pub mod parse;
pub mod util;
pub mod value;

pub use event::Event;
pub use function::{Args, FnError, Function, Prepared};
pub use object::Object;
pub use value::{Str, Value};

/// Every built-in function, as the checker sees them.
pub fn registry() -> &'static lgp_lang::sig::StaticRegistry {
    use std::sync::OnceLock;
    static REGISTRY: OnceLock<lgp_lang::sig::StaticRegistry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        lgp_lang::sig::StaticRegistry::new(
            fns::all().iter().map(|f| *f as &'static dyn lgp_lang::sig::FnSig).collect(),
        )
    })
}

/// Looks a function up by name, for the engines.
pub fn function(name: &str) -> Option<&'static dyn Function> {
    fns::all().iter().copied().find(|f| f.name() == name)
}
