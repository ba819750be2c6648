//! A syntactic walk over statements and expressions, for the passes that only
//! collect names before types are known: the `emit` lanes of a transform and
//! the functions and constants a declaration refers to.

use crate::ast::{Block, Expr, ExprKind, PathRoot, Stmt, StmtKind};

/// How deep the walk goes; the parser already bounds nesting to 128.
const MAX_DEPTH: usize = 256;

/// One node met by the walk.
pub(super) enum Visit<'a> {
    Stmt(&'a Stmt),
    Expr(&'a Expr),
}

pub(super) fn walk_block<'a>(block: &'a Block, f: &mut dyn FnMut(Visit<'a>)) {
    block_at(block, f, 0);
}

pub(super) fn walk_expr<'a>(expr: &'a Expr, f: &mut dyn FnMut(Visit<'a>)) {
    expr_at(expr, f, 0);
}

fn block_at<'a>(block: &'a Block, f: &mut dyn FnMut(Visit<'a>), depth: usize) {
    for stmt in &block.stmts {
        stmt_at(stmt, f, depth);
    }
}

fn stmt_at<'a>(stmt: &'a Stmt, f: &mut dyn FnMut(Visit<'a>), depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    f(Visit::Stmt(stmt));
    match &stmt.kind {
        StmtKind::Let { value, .. } => expr_at(value, f, depth + 1),
        // Assigning is not reading: targets are not visited.
        StmtKind::Assign { value, .. } => expr_at(value, f, depth + 1),
        StmtKind::For { iter, body, .. } => {
            expr_at(iter, f, depth + 1);
            block_at(body, f, depth + 1);
        }
        StmtKind::Abort { reason: Some(reason) } => expr_at(reason, f, depth + 1),
        StmtKind::Expr(expr) => expr_at(expr, f, depth + 1),
        StmtKind::Abort { reason: None } | StmtKind::Drop | StmtKind::Emit { .. } => {}
    }
}

fn expr_at<'a>(expr: &'a Expr, f: &mut dyn FnMut(Visit<'a>), depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    f(Visit::Expr(expr));
    let next = depth + 1;
    match &expr.kind {
        ExprKind::Literal(_) | ExprKind::Path(_) | ExprKind::Wildcard => {}
        ExprKind::Array(items) => items.iter().for_each(|e| expr_at(e, f, next)),
        ExprKind::Object(entries) => entries.iter().for_each(|e| expr_at(&e.value, f, next)),
        ExprKind::Call(call) => call.args.iter().for_each(|a| expr_at(&a.value, f, next)),
        ExprKind::Unary { expr, .. } | ExprKind::Paren(expr) => expr_at(expr, f, next),
        ExprKind::Binary { lhs, rhs, .. } => {
            expr_at(lhs, f, next);
            expr_at(rhs, f, next);
        }
        ExprKind::Block(block) => block_at(block, f, next),
        ExprKind::If { branches, otherwise } => {
            for (cond, block) in branches {
                expr_at(cond, f, next);
                block_at(block, f, next);
            }
            if let Some(block) = otherwise {
                block_at(block, f, next);
            }
        }
        ExprKind::Match { scrutinee, arms } => {
            expr_at(scrutinee, f, next);
            for arm in arms {
                arm.patterns.iter().for_each(|p| expr_at(p, f, next));
                expr_at(&arm.body, f, next);
            }
        }
    }
}

/// The names a declaration body refers to: called function names and the
/// root names of paths (candidates for constants).
#[derive(Debug, Default)]
pub(super) struct Refs<'a> {
    pub calls: Vec<&'a crate::ast::Ident>,
    pub names: Vec<&'a crate::ast::Ident>,
}

impl<'a> Refs<'a> {
    pub fn add(&mut self, visit: Visit<'a>) {
        let Visit::Expr(expr) = visit else { return };
        match &expr.kind {
            ExprKind::Call(call) => self.calls.push(&call.name),
            ExprKind::Path(path) => {
                if let PathRoot::Var(ident) = &path.root {
                    self.names.push(ident);
                }
            }
            _ => {}
        }
    }
}
