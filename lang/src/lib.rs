//! The `.lgp` language: grammar, syntax tree, name resolution, type checker,
//! diagnostics, formatter and lints.
//!
//! Invariant: this crate knows nothing of values, tokio or I/O beyond `&str`
//! in and diagnostics out (plus reading `use`d files through a [`check::Loader`]).

#![forbid(unsafe_code)]

pub mod ast;
pub mod check;
pub mod diag;
pub mod fmt;
pub mod lint;
pub mod parser;
pub mod schema;
pub mod sig;
pub mod span;
pub mod types;

pub use diag::{Code, Diagnostic, Severity};
pub use span::{SourceFile, Span};
