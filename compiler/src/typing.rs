//! Static scalar types over the IR: which expressions give an `int`, a
//! `float` or a `bool` whenever they succeed, and which locals only ever
//! hold one of those. The JIT keeps such values in machine registers and
//! computes on them natively (`jit/codegen.rs`); everything else stays a
//! `Value` in the frame.
//!
//! A local is typed when every write to it stores the same scalar type,
//! nothing writes into it through a path (`x.a = ..`, an error binding, a
//! loop variable), it is never read through a path, and every read comes
//! after a write on every way there (lexical scoping makes that the rule;
//! the walk below checks it rather than trusting it). Inference is
//! optimistic in program order, then writes are checked again with the
//! types found and offending locals dropped until nothing changes, so the
//! result never claims a type a write could break.

use lgp_lang::ast::{BinaryOp, UnaryOp};
use lgp_lang::types::Kinds;
use lgp_stdlib::Value;

use crate::ir::{Block, Expr, NodeCode, PathRef, Root, Stmt};

/// A type the JIT computes on natively.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scalar {
    Int,
    Float,
    Bool,
}

impl Scalar {
    /// The scalar a value of exactly these kinds is, if any.
    pub fn of_kinds(kinds: Kinds) -> Option<Scalar> {
        [(Kinds::INT, Scalar::Int), (Kinds::FLOAT, Scalar::Float), (Kinds::BOOL, Scalar::Bool)]
            .into_iter()
            .find(|(k, _)| *k == kinds)
            .map(|(_, scalar)| scalar)
    }

    pub fn kinds(self) -> Kinds {
        match self {
            Scalar::Int => Kinds::INT,
            Scalar::Float => Kinds::FLOAT,
            Scalar::Bool => Kinds::BOOL,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Scalar::Int => "int",
            Scalar::Float => "float",
            Scalar::Bool => "bool",
        }
    }
}

/// The scalar type of each local of one node, by slot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalTypes {
    types: Vec<Option<Scalar>>,
}

impl LocalTypes {
    /// The typed locals of a node's code.
    pub fn of(code: &NodeCode) -> LocalTypes {
        let (locals, walk) = match code {
            NodeCode::Pass => return LocalTypes::default(),
            NodeCode::Transform { body, locals } => {
                let mut walk = Walk::new(*locals);
                walk.block(body, &mut vec![false; *locals]);
                (*locals, walk)
            }
            NodeCode::Route { lanes, locals } => {
                let mut walk = Walk::new(*locals);
                let mut assigned = vec![false; *locals];
                for (_, cond) in lanes {
                    walk.expr(cond, &mut assigned);
                }
                (*locals, walk)
            }
        };
        let mut types = LocalTypes { types: vec![None; locals] };
        // Optimistic, in program order: a write whose type is known
        // proposes it; a second type for the same local rules it out.
        let mut conflicted = walk.bad.clone();
        for (slot, value) in &walk.writes {
            let found = types.expr(value);
            let slot = *slot;
            match (types.get(slot), found) {
                _ if conflicted.get(slot).copied().unwrap_or(true) => {}
                (None, Some(found)) => types.set(slot, Some(found)),
                (Some(known), Some(found)) if known == found => {}
                _ => {
                    conflicted[slot] = true;
                    types.set(slot, None);
                }
            }
        }
        // Check every write against the types found; drop what fails
        // until every claim holds.
        loop {
            let mut changed = false;
            for (slot, value) in &walk.writes {
                if let Some(known) = types.get(*slot)
                    && types.expr(value) != Some(known)
                {
                    types.set(*slot, None);
                    changed = true;
                }
            }
            if !changed {
                return types;
            }
        }
    }

    /// The scalar type local `slot` always holds, if any.
    pub fn get(&self, slot: usize) -> Option<Scalar> {
        self.types.get(slot).copied().flatten()
    }

    fn set(&mut self, slot: usize, scalar: Option<Scalar>) {
        if let Some(entry) = self.types.get_mut(slot) {
            *entry = scalar;
        }
    }

    /// The typed locals, with their slots.
    pub fn typed(&self) -> impl Iterator<Item = (usize, Scalar)> + '_ {
        self.types.iter().enumerate().filter_map(|(slot, t)| t.map(|t| (slot, t)))
    }

    /// The scalar type `e` gives whenever it succeeds, with these locals.
    pub fn expr(&self, e: &Expr) -> Option<Scalar> {
        use Scalar::{Bool, Float, Int};
        match e {
            Expr::Const(Value::Int(_)) => Some(Int),
            Expr::Const(Value::Float(_)) => Some(Float),
            Expr::Const(Value::Bool(_)) => Some(Bool),
            Expr::Path(PathRef { root: Root::Local(slot), segments }) if segments.is_empty() => {
                self.get(*slot)
            }
            Expr::Call(call) => Scalar::of_kinds(call.returns),
            Expr::Exists(_) => Some(Bool),
            Expr::Unary(UnaryOp::Not, inner) => (self.expr(inner)? == Bool).then_some(Bool),
            Expr::Unary(UnaryOp::Neg, inner) => match self.expr(inner)? {
                Bool => None,
                number => Some(number),
            },
            Expr::Binary(op, lhs, rhs) => binary(*op, self.expr(lhs)?, self.expr(rhs)?),
            Expr::ArgCheck(check) => {
                let scalar = self.expr(&check.value)?;
                check.kinds.contains(scalar.kinds()).then_some(scalar)
            }
            _ => None,
        }
    }
}

/// The type of `l op r` on scalars, where the JIT computes it natively.
/// Mixed int/float comparisons (exact, see `interp::ops`) and float `%`
/// stay with the shims.
pub fn binary(op: BinaryOp, l: Scalar, r: Scalar) -> Option<Scalar> {
    use BinaryOp::*;
    use Scalar::{Bool, Float, Int};
    let numbers = l != Bool && r != Bool;
    match op {
        Add | Sub | Mul if numbers => Some(if l == Int && r == Int { Int } else { Float }),
        Rem if l == Int && r == Int => Some(Int),
        Div if numbers => Some(Float),
        Lt | Le | Gt | Ge if l == r && l != Bool => Some(Bool),
        Eq | Ne if l == r => Some(Bool),
        And | Or if l == Bool && r == Bool => Some(Bool),
        Coalesce if l == r => Some(l),
        _ => None,
    }
}

/// What the walk over a node's code finds: every write to a whole local,
/// in program order, and the locals that cannot be typed.
struct Walk<'a> {
    writes: Vec<(usize, &'a Expr)>,
    bad: Vec<bool>,
}

impl<'a> Walk<'a> {
    fn new(locals: usize) -> Walk<'a> {
        Walk { writes: Vec::new(), bad: vec![false; locals] }
    }

    fn rule_out(&mut self, path: &PathRef) {
        if let Root::Local(slot) = path.root
            && let Some(bad) = self.bad.get_mut(slot)
        {
            *bad = true;
        }
    }

    /// `assigned`: the locals written on every way to this point.
    fn block(&mut self, block: &'a Block, assigned: &mut Vec<bool>) {
        for stmt in &block.stmts {
            self.stmt(stmt, assigned);
        }
    }

    fn stmt(&mut self, stmt: &'a Stmt, assigned: &mut Vec<bool>) {
        match stmt {
            Stmt::SetLocal(slot, value) => {
                self.expr(value, assigned);
                self.writes.push((*slot, value));
                if let Some(done) = assigned.get_mut(*slot) {
                    *done = true;
                }
            }
            Stmt::Assign(path, value) => {
                self.expr(value, assigned);
                self.rule_out(path);
            }
            Stmt::AssignWithError { value, error, expr } => {
                self.expr(expr, assigned);
                self.rule_out(value);
                self.rule_out(error);
            }
            Stmt::For { key, value, iter, body } => {
                self.expr(iter, assigned);
                for slot in key.iter().chain([value]) {
                    self.rule_out(&PathRef { root: Root::Local(*slot), segments: Vec::new() });
                }
                self.block(body, &mut assigned.clone());
            }
            Stmt::ProjectJson { call, .. } => {
                for arg in call.args.iter().flatten() {
                    self.expr(arg, assigned);
                }
            }
            Stmt::Abort(Some(reason)) => self.expr(reason, assigned),
            Stmt::Expr(e) => self.expr(e, assigned),
            Stmt::Drop | Stmt::Abort(None) | Stmt::Emit(_) => {}
        }
    }

    /// Code that may not run (a branch, the right side of `&&`) sees the
    /// locals assigned so far, and what it assigns counts only inside it.
    fn expr(&mut self, e: &'a Expr, assigned: &mut Vec<bool>) {
        match e {
            Expr::Const(_) => {}
            Expr::Path(path) => {
                if let Root::Local(slot) = path.root
                    && (!path.segments.is_empty() || !assigned.get(slot).copied().unwrap_or(false))
                {
                    self.rule_out(path);
                }
            }
            Expr::Del(path) | Expr::Exists(path) => self.rule_out(path),
            Expr::Array(items) => items.iter().for_each(|item| self.expr(item, assigned)),
            Expr::Object(entries) => entries.iter().for_each(|(_, v)| self.expr(v, assigned)),
            Expr::Call(call) => call.args.iter().flatten().for_each(|a| self.expr(a, assigned)),
            Expr::Unary(_, inner) => self.expr(inner, assigned),
            Expr::Binary(op, lhs, rhs) => {
                self.expr(lhs, assigned);
                if matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce) {
                    self.expr(rhs, &mut assigned.clone());
                } else {
                    self.expr(rhs, assigned);
                }
            }
            Expr::Block(block) => self.block(block, &mut assigned.clone()),
            Expr::If(branches, otherwise) => {
                let mut reached = assigned.clone();
                for (cond, body) in branches {
                    self.expr(cond, &mut reached);
                    self.block(body, &mut reached.clone());
                }
                if let Some(body) = otherwise {
                    self.block(body, &mut reached);
                }
            }
            Expr::Match(scrutinee, arms) => {
                self.expr(scrutinee, assigned);
                for arm in arms {
                    self.expr(&arm.body, &mut assigned.clone());
                }
            }
            Expr::ArgCheck(check) => self.expr(&check.value, assigned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Seg;

    fn local(slot: usize) -> Expr {
        Expr::Path(PathRef { root: Root::Local(slot), segments: vec![] })
    }

    fn int(i: i64) -> Expr {
        Expr::Const(Value::Int(i))
    }

    fn add(l: Expr, r: Expr) -> Expr {
        Expr::Binary(BinaryOp::Add, Box::new(l), Box::new(r))
    }

    fn types(stmts: Vec<Stmt>, locals: usize) -> LocalTypes {
        LocalTypes::of(&NodeCode::Transform { body: Block { stmts }, locals })
    }

    #[test]
    fn a_counter_is_an_int_and_a_mixed_local_is_not() {
        let t = types(
            vec![
                Stmt::SetLocal(0, int(0)),
                Stmt::SetLocal(0, add(local(0), int(1))),
                Stmt::SetLocal(1, int(1)),
                Stmt::SetLocal(1, Expr::Const(Value::Float(1.5))),
                Stmt::SetLocal(2, Expr::Binary(BinaryOp::Lt, Box::new(local(0)), Box::new(int(3)))),
            ],
            3,
        );
        assert_eq!(t.typed().collect::<Vec<_>>(), [(0, Scalar::Int), (2, Scalar::Bool)]);
    }

    #[test]
    fn a_demoted_local_demotes_what_was_computed_from_it() {
        // `b = a + 1` looks like an int until `a` turns out to also hold a
        // string.
        let t = types(
            vec![
                Stmt::SetLocal(0, int(1)),
                Stmt::SetLocal(1, add(local(0), int(1))),
                Stmt::SetLocal(0, Expr::Const(Value::from("x"))),
            ],
            2,
        );
        assert_eq!(t.typed().count(), 0);
    }

    #[test]
    fn paths_loops_error_bindings_and_early_reads_rule_a_local_out() {
        let field = PathRef { root: Root::Local(0), segments: vec![Seg::Field("a".into())] };
        let t = types(vec![Stmt::SetLocal(0, int(1)), Stmt::Assign(field, int(2))], 1);
        assert_eq!(t.get(0), None);
        // Read before any write: the interpreter reads null there.
        let t = types(vec![Stmt::Expr(local(0)), Stmt::SetLocal(0, int(1))], 1);
        assert_eq!(t.get(0), None);
        // Written only in a branch, read after it.
        let branch = Expr::If(
            vec![(
                Expr::Const(Value::Bool(true)),
                Block { stmts: vec![Stmt::SetLocal(0, int(1))] },
            )],
            None,
        );
        let t = types(vec![Stmt::Expr(branch), Stmt::Expr(local(0))], 1);
        assert_eq!(t.get(0), None);
        let looped = Stmt::For {
            key: None,
            value: 0,
            iter: Expr::Const(Value::Array(vec![Value::Int(1)])),
            body: Block::default(),
        };
        assert_eq!(types(vec![Stmt::SetLocal(0, int(1)), looped], 1).get(0), None);
    }

    #[test]
    fn operators_type_as_the_interpreter_computes() {
        use Scalar::{Bool, Float, Int};
        assert_eq!(binary(BinaryOp::Add, Int, Float), Some(Float));
        assert_eq!(binary(BinaryOp::Div, Int, Int), Some(Float));
        assert_eq!(binary(BinaryOp::Rem, Float, Float), None);
        assert_eq!(binary(BinaryOp::Lt, Int, Float), None);
        assert_eq!(binary(BinaryOp::Eq, Bool, Bool), Some(Bool));
        assert_eq!(binary(BinaryOp::Add, Bool, Int), None);
        assert_eq!(binary(BinaryOp::Coalesce, Int, Int), Some(Int));
    }
}
