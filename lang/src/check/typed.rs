//! [`Checked`]: everything the engines need to run a checked program without
//! resolving a name again.
//!
//! The syntax trees stay as they were parsed (they are plain data); the
//! checker's findings live in side tables keyed by declaration index or by
//! `(module, span)`:
//!
//! - `modules`: module 0 is the main file, the others are the files brought
//!   in by `use` (each with its name, text and syntax tree). A [`DeclRef`]
//!   names a declaration by module and index.
//! - `nodes`: the pipeline's inputs, transforms, routes and outputs **in
//!   topological order** (every node comes after its upstreams; nodes on a
//!   cycle, which is an error, come last). A [`NodeId`] is a position in it.
//!   Each node has its resolved upstream edges, its lanes, the type of the
//!   events it receives and the type of the events it sends on each lane.
//! - `fns` / `consts`: user functions and constants of every module, with
//!   their types; `fn_by_name` / `const_by_name` resolve names.
//! - `calls`: for every call expression, keyed by `(module, span of the call
//!   expression)`, what it calls (a built-in, a user function or the special
//!   forms `del`/`exists`) and whether it can fail.
//! - `vars`: for every path whose root is a name, keyed the same way by the
//!   path's span, whether the name is a local (`let`, `for`, parameter) or a
//!   constant.

use std::collections::HashMap;

use crate::ast::{Decl, Program};
use crate::span::Span;
use crate::types::Type;

/// A module: 0 is the main file, the others are `use`d files in load order.
pub type ModuleId = usize;
/// A position in [`Checked::nodes`].
pub type NodeId = usize;
/// A position in [`Checked::fns`].
pub type FnId = usize;
/// A position in [`Checked::consts`].
pub type ConstId = usize;

/// One declaration: its module and its index in that module's `decls`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DeclRef {
    pub module: ModuleId,
    pub index: usize,
}

/// A parsed file of the program.
#[derive(Clone, Debug)]
pub struct Module {
    /// The name diagnostics show (the main file's name, or what the loader returned).
    pub name: String,
    pub text: String,
    pub program: Program,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Input,
    Transform,
    Route,
    Output,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Input => "input",
            NodeKind::Transform => "transform",
            NodeKind::Route => "route",
            NodeKind::Output => "output",
        }
    }
}

/// An upstream edge: the node read from, and the lane (`None` for the plain
/// output of an input or transform).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edge {
    pub node: NodeId,
    pub lane: Option<String>,
}

/// What a node sends on one lane.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeOutput {
    /// `None`: the plain output (an input's events, or the events that
    /// finished a transform without `emit`); `Some(lane)`: a route lane or a
    /// transform's `emit` lane.
    pub lane: Option<String>,
    /// The type of the events on that lane.
    pub ty: Type,
}

/// An input, transform, route or output.
#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    pub kind: NodeKind,
    /// The component kind of an input or output (`file`, `kafka`).
    pub component: Option<String>,
    /// Index of the declaration in the main module.
    pub decl: usize,
    /// Resolved upstreams, in the order written.
    pub upstreams: Vec<Edge>,
    /// Route lanes in declaration order, or a transform's `emit` lanes in
    /// order of first appearance.
    pub lanes: Vec<String>,
    /// The type of the events the node receives (the union of its upstreams'
    /// lanes); for an input, the type of the events it produces.
    pub input_type: Type,
    /// One entry per lane the node sends on (none for an output; a
    /// transform whose every path ends in `emit`, `drop` or `abort` has no
    /// plain output).
    pub outputs: Vec<NodeOutput>,
}

impl Node {
    /// The type of the events on `lane` (`None`: the plain output).
    pub fn output(&self, lane: Option<&str>) -> Option<&Type> {
        self.outputs.iter().find(|o| o.lane.as_deref() == lane).map(|o| &o.ty)
    }
}

/// A user function.
#[derive(Clone, Debug)]
pub struct UserFn {
    pub name: String,
    pub decl: DeclRef,
    /// Parameter names and declared types, in order.
    pub params: Vec<(String, Type)>,
    /// The declared return type, or the body's type when none is declared.
    pub ret: Type,
}

/// A constant.
#[derive(Clone, Debug)]
pub struct ConstDef {
    pub name: String,
    pub decl: DeclRef,
    pub ty: Type,
}

/// The special forms that take a path rather than a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Special {
    /// `del(path)`: removes the field and returns its value.
    Del,
    /// `exists(path)`: whether the field is present.
    Exists,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallTarget {
    /// A function of the registry, by name.
    Builtin(&'static str),
    User(FnId),
    Special(Special),
}

/// What the checker learned about one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallInfo {
    pub target: CallTarget,
    /// True when the call can fail at run time for the argument types seen
    /// (how the failure is handled is in the syntax: `!`, `??`, `let v, err`).
    pub fallible: bool,
}

/// What a name at the root of a path refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VarRef {
    /// A `let`, `for` variable or error binding of the enclosing body.
    Local,
    /// Parameter `n` of the enclosing function.
    Param(usize),
    Const(ConstId),
}

/// The result of checking: what the engines need to run the program.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// The main file's syntax tree (the same as `modules[0].program`).
    pub program: Program,
    /// Module 0 is the main file, then every file brought in by `use`.
    pub modules: Vec<Module>,
    /// Inputs, transforms, routes and outputs in topological order.
    pub nodes: Vec<Node>,
    pub fns: Vec<UserFn>,
    pub consts: Vec<ConstDef>,
    /// Every call, keyed by `(module, span of the call expression)`.
    pub calls: HashMap<(ModuleId, Span), CallInfo>,
    /// Every path rooted at a name, keyed by `(module, span of the path)`.
    pub vars: HashMap<(ModuleId, Span), VarRef>,
}

impl Checked {
    /// The node named `name`.
    pub fn node_by_name(&self, name: &str) -> Option<NodeId> {
        self.nodes.iter().position(|n| n.name == name)
    }

    pub fn fn_by_name(&self, name: &str) -> Option<FnId> {
        self.fns.iter().position(|f| f.name == name)
    }

    pub fn const_by_name(&self, name: &str) -> Option<ConstId> {
        self.consts.iter().position(|c| c.name == name)
    }

    /// The declaration a [`DeclRef`] points at.
    pub fn decl(&self, decl: DeclRef) -> Option<&Decl> {
        self.modules.get(decl.module)?.program.decls.get(decl.index)
    }

    /// What the call expression at `span` of `module` calls.
    pub fn call(&self, module: ModuleId, span: Span) -> Option<&CallInfo> {
        self.calls.get(&(module, span))
    }
}
