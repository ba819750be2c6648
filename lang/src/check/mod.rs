//! Name resolution, topology and type checking.

/// Reads files named by `use`, so the checker stays free of I/O policy.
pub trait Loader {
    /// The text of `path` (as written in `use`, relative to `from`), and the
    /// name to show in diagnostics; `Err` with a message when it cannot be read.
    fn load(&self, from: &str, path: &str) -> Result<(String, String), String>;
}

use crate::ast::Program;
use crate::diag::Diagnostic;
use crate::sig::FnRegistry;
use crate::span::SourceFile;

/// The result of checking: what the engines need to run the program.
#[derive(Debug, Default)]
pub struct Checked {
    pub program: Program,
}

/// Resolves names, checks the topology, types and fallibility of `program`.
/// Never stops at the first error: returns everything it found.
pub fn check(
    _file: &SourceFile,
    program: &Program,
    _fns: &dyn FnRegistry,
    _loader: &dyn Loader,
) -> (Checked, Vec<Diagnostic>) {
    (Checked { program: program.clone() }, Vec::new())
}
