//! Name resolution, topology, type and fallibility checking.
//!
//! [`check`] takes a parsed file and returns a [`Checked`] program (see
//! `typed.rs`) and every diagnostic it found: it never stops at the first
//! error, and no input makes it panic. The rules, by concern:
//!
//! - **Names** (`scope.rs`, `uses.rs`, `decls.rs`): declarations of a file
//!   and of the files it `use`s share one namespace (E0201). A function may
//!   not take a built-in's name. Unknown variables (E0202) and functions
//!   (E0203) get a "did you mean". Parameters, route lanes, object keys and
//!   upstreams must be unique (E0208). User functions may not recurse, and
//!   constants may not refer to themselves (E0209). Constants and parameters
//!   cannot be assigned (E0210). Functions and constants cannot read or
//!   change the event, nor `drop`/`abort`/`emit`; `emit` belongs to
//!   transforms and a route lane cannot change the event (E0211). `_` is
//!   only valid as a match pattern and in test expectations (E0109).
//!   `del(path)` and `exists(path)` are special forms taking a path (E0302
//!   otherwise).
//! - **Topology** (`topology.rs`): how nodes connect, cycles, unused nodes.
//! - **Types** (`expr.rs`, `call.rs`, `stmt.rs`, `shape.rs`, `narrow.rs`):
//!   the event's shape is tracked through every statement; expressions get
//!   types; narrowing refines them in branches.
//! - **Fallibility** (`fallible.rs`): every failure must be handled.
//! - **Options**: every input and output's options are validated by
//!   `crate::schema`.
//!
//! - **Tests** (`decls.rs`): targets and event literals of `test` blocks.
//!
//! The passes, in order: load the `use`d files; declare every name; resolve
//! upstreams, find cycles and order the nodes; check functions and
//! constants, callees first; check the nodes in topological order (so each
//! transform starts from its upstreams' event types); check the tests;
//! report what nothing uses.
//!
//! After an error, the expression's type is `never` (no kind): every rule
//! skips such operands, so one mistake is reported once.
//!
//! Unused `let` variables, functions and constants of the main file are
//! W0101 (names starting with `_` are exempt); a `let` that rebinds a
//! visible name is W0103.

mod call;
mod decls;
mod expr;
mod fallible;
mod narrow;
mod recovery;
mod scope;
mod shape;
mod stmt;
mod topology;
pub mod typed;
mod uses;
mod visit;

#[cfg(test)]
mod test_fns;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use crate::ast::Program;
use crate::diag::{self, Diagnostic};
use crate::sig::FnRegistry;
use crate::span::{SourceFile, Span};
use crate::types::Type;

pub use typed::{
    CallInfo, CallTarget, Checked, ConstDef, ConstId, DeclRef, Edge, FnId, Module, ModuleId, Node,
    NodeId, NodeKind, NodeOutput, Special, UserFn, VarRef,
};

use narrow::Flow;
use scope::{Globals, Scopes};

/// Reads files named by `use`, so the checker stays free of I/O policy.
pub trait Loader {
    /// The text of `path` (as written in `use`, relative to `from`), and the
    /// name to show in diagnostics; `Err` with a message when it cannot be read.
    fn load(&self, from: &str, path: &str) -> Result<(String, String), String>;
}

/// Resolves names, checks the topology, types and fallibility of `program`.
/// Never stops at the first error: returns everything it found, sorted.
pub fn check(
    file: &SourceFile,
    program: &Program,
    fns: &dyn FnRegistry,
    loader: &dyn Loader,
) -> (Checked, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let modules = uses::load_modules(file, program, loader, &mut diags);
    let mut checker = Checker::new(fns, &modules, diags);
    checker.unparsed = recovery::unparsed(file, program);
    checker.declare_globals();
    let mut graph = checker.resolve_topology();
    checker.check_items();
    let nodes = checker.check_nodes(&mut graph);
    checker.check_tests();
    if !checker.unparsed.any {
        checker.report_unused(&graph);
    }
    let (checked, mut diags) = checker.finish(nodes);
    diags.extend(crate::lint::run(program));
    diag::sort(&mut diags);
    (Checked { program: program.clone(), modules, ..checked }, diags)
}

/// Where a body sits, which decides what it may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    Transform,
    Route,
    Fn,
    Const,
    Test,
}

/// The state of the body being checked.
struct Body {
    module: ModuleId,
    context: Context,
    scopes: Scopes,
    flow: Flow,
    /// One entry per open handled region; true once something in it can fail.
    handlers: Vec<bool>,
    /// The lanes a transform `emit`s and the event type at each, in order.
    emits: Vec<(String, Type)>,
    /// True while checking a test expectation, where `_` matches anything.
    wildcard_ok: bool,
    /// Expression nesting, bounded by the parser; guarded again here.
    depth: usize,
}

impl Body {
    fn new(module: ModuleId, context: Context, event: Type) -> Body {
        Body {
            module,
            context,
            scopes: Scopes::default(),
            flow: Flow::new(event),
            handlers: Vec::new(),
            emits: Vec::new(),
            wildcard_ok: false,
            depth: 0,
        }
    }
}

struct Checker<'a> {
    fns: &'a dyn FnRegistry,
    modules: &'a [Module],
    globals: Globals,
    diags: Vec<Diagnostic>,
    /// Above zero while a loop body is checked a first time for its types only.
    quiet: u32,
    body: Body,
    user_fns: Vec<UserFn>,
    fn_ids: HashMap<String, FnId>,
    /// Per function: its return type is known (checked, or declared).
    fn_ready: Vec<bool>,
    consts: Vec<ConstDef>,
    const_ids: HashMap<String, ConstId>,
    const_ready: Vec<bool>,
    calls: HashMap<(ModuleId, Span), CallInfo>,
    vars: HashMap<(ModuleId, Span), VarRef>,
    /// The main file's text that did not parse, and the names it declares.
    unparsed: recovery::Unparsed,
}

impl<'a> Checker<'a> {
    fn new(fns: &'a dyn FnRegistry, modules: &'a [Module], diags: Vec<Diagnostic>) -> Self {
        Checker {
            fns,
            modules,
            globals: Globals::default(),
            diags,
            quiet: 0,
            body: Body::new(0, Context::Const, Type::any()),
            user_fns: Vec::new(),
            fn_ids: HashMap::new(),
            fn_ready: Vec::new(),
            consts: Vec::new(),
            const_ids: HashMap::new(),
            const_ready: Vec::new(),
            calls: HashMap::new(),
            vars: HashMap::new(),
            unparsed: recovery::Unparsed::default(),
        }
    }

    /// Records a diagnostic in the current body's module.
    fn report(&mut self, diag: Diagnostic) {
        let module = self.body.module;
        self.report_in(module, diag);
    }

    fn report_in(&mut self, module: ModuleId, mut diag: Diagnostic) {
        if self.quiet > 0 {
            return;
        }
        // An error inside a handled region (`??`, `let v, err`) would make
        // the handling look needless: count it as something that can fail.
        if diag.is_error() {
            self.body.handlers.iter_mut().for_each(|handled| *handled = true);
        }
        if module != 0 {
            diag.file = self.modules.get(module).map(|m| m.name.clone());
        }
        self.diags.push(diag);
    }

    /// The source text of a span of the current module.
    fn text(&self, span: Span) -> &'a str {
        let modules: &'a [Module] = self.modules;
        modules.get(self.body.module).and_then(|m| m.text.get(span.range())).unwrap_or("")
    }

    /// Runs `f` with `body` as the current body, then restores the previous
    /// one; returns `f`'s result and the body as `f` left it.
    fn with_body<T>(&mut self, body: Body, f: impl FnOnce(&mut Self) -> T) -> (T, Body) {
        let saved = std::mem::replace(&mut self.body, body);
        let out = f(self);
        let body = std::mem::replace(&mut self.body, saved);
        (out, body)
    }

    fn finish(self, nodes: Vec<Node>) -> (Checked, Vec<Diagnostic>) {
        let checked = Checked {
            nodes,
            fns: self.user_fns,
            consts: self.consts,
            calls: self.calls,
            vars: self.vars,
            ..Checked::default()
        };
        (checked, self.diags)
    }
}

impl narrow::Resolve for Checker<'_> {
    fn local(&self, name: &str) -> Option<usize> {
        self.body.scopes.lookup(name)
    }

    fn is_builtin(&self, name: &str) -> bool {
        !self.fn_ids.contains_key(name) && self.fns.get(name).is_some()
    }
}
