//! The pipeline IR: a checked program with every name resolved.
//!
//! Locals are slot indexes, built-in calls carry their function and the
//! state prepared from constant arguments, constants are folded to values,
//! and user functions are inlined. The reference interpreter walks this tree;
//! the JIT will compile the same tree, so both engines see one lowering.

use std::sync::Arc;

use lgp_lang::ast::{BinaryOp, UnaryOp};
use lgp_lang::types::Kinds;
use lgp_stdlib::parse::json_projection::Projection;
use lgp_stdlib::{Function, Prepared, Str, Value};

/// A path segment.
#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Field(Str),
    Index(i64),
}

/// Where a path starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Root {
    Event,
    Meta,
    Local(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct PathRef {
    pub root: Root,
    pub segments: Vec<Seg>,
}

/// A built-in call with its prepared state.
#[derive(Clone)]
pub struct CallIr {
    pub name: &'static str,
    pub function: &'static dyn Function,
    pub prepared: Arc<Prepared>,
    /// What the call can return, whatever its arguments hold (the
    /// signature's return type for arguments of any type).
    pub returns: Kinds,
    /// One per parameter, in parameter order; `None` where absent.
    pub args: Vec<Option<Expr>>,
    /// `f!(...)`: a failure aborts the event.
    pub bang: bool,
}

impl std::fmt::Debug for CallIr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("name", &self.name)
            .field("args", &self.args)
            .field("bang", &self.bang)
            .finish()
    }
}

/// A match arm: the values it matches (`None`: `_`), and its body.
#[derive(Clone, Debug)]
pub struct Arm {
    pub patterns: Vec<Option<Value>>,
    pub body: Expr,
}

#[derive(Clone, Debug)]
pub enum Expr {
    Const(Value),
    Path(PathRef),
    Array(Vec<Expr>),
    Object(Vec<(Str, Expr)>),
    Call(Box<CallIr>),
    /// `del(path)`
    Del(PathRef),
    /// `exists(path)`
    Exists(PathRef),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Block(Block),
    If(Vec<(Expr, Block)>, Option<Block>),
    Match(Box<Expr>, Vec<Arm>),
    /// A user function's argument, checked against its parameter's type.
    ArgCheck(Box<ArgCheck>),
}

/// What an argument of a user function must be.
#[derive(Clone, Debug)]
pub struct ArgCheck {
    pub value: Expr,
    pub kinds: Kinds,
    /// "argument `ms` of `speed`"
    pub what: Str,
}

/// Statements; the block's value is its last expression statement's.
#[derive(Clone, Debug, Default)]
pub struct Block {
    pub stmts: Vec<Stmt>,
}

#[derive(Clone, Debug)]
pub enum Stmt {
    /// `let x = e` / `x = e`: store in a local.
    SetLocal(usize, Expr),
    /// `.a = e`, `%a = e`, `x.a = e`.
    Assign(PathRef, Expr),
    /// `let v, err = e` / `.a, err = e`: the value (null on failure) and the
    /// error message (null on success).
    AssignWithError {
        value: PathRef,
        error: PathRef,
        expr: Expr,
    },
    /// `for x in e` / `for k, v in e`: `key` gets the index or key.
    For {
        key: Option<usize>,
        value: usize,
        iter: Expr,
        body: Block,
    },
    /// `. = parse_json!(text)` parsing only the top-level fields the
    /// projection keeps; see [`crate::projection`].
    ProjectJson {
        call: Box<CallIr>,
        projection: Arc<Projection>,
    },
    Drop,
    Abort(Option<Expr>),
    Emit(Str),
    Expr(Expr),
}

/// What a node does with each event.
#[derive(Clone, Debug)]
pub enum NodeCode {
    /// Inputs and outputs pass events through.
    Pass,
    Transform {
        body: Block,
        locals: usize,
    },
    Route {
        lanes: Vec<(Str, Expr)>,
        locals: usize,
    },
}
