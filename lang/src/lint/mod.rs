//! Lints: warnings about programs that are valid but probably wrong.
//!
//! Each rule lives in its own file with a Ruff-style doc block (what it does,
//! why it is bad, an example, what to write instead) and one `check`
//! function; [`RULES`] lists them. The checker runs [`run`] after type
//! checking; rules that need types or scopes (unused names, shadowing,
//! needless `!`) live in the checker itself.

mod dead_write;
mod regex_never_matches;
mod unreachable_lane;

use crate::ast::{Block, Expr, ExprKind, Program, Stmt, StmtKind};
use crate::diag::{Code, Diagnostic};

/// One lint rule.
pub struct Rule {
    pub code: Code,
    /// The rule's name as it reads in "allow <name>".
    pub name: &'static str,
    pub check: fn(&Program, &mut Vec<Diagnostic>),
}

/// Every syntactic lint, in code order.
pub const RULES: &[Rule] = &[
    Rule { code: Code::UnreachableLane, name: "unreachable-lane", check: unreachable_lane::check },
    Rule { code: Code::DeadWrite, name: "dead-write", check: dead_write::check },
    Rule {
        code: Code::RegexNeverMatches,
        name: "regex-never-matches",
        check: regex_never_matches::check,
    },
];

/// Runs every rule over a parsed program.
pub fn run(program: &Program) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        (rule.check)(program, &mut out);
    }
    out
}

/// How deep the walks go; the parser bounds nesting well below this.
const MAX_DEPTH: usize = 512;

/// Calls `f` on every expression under `expr`, itself included.
pub(crate) fn walk_expr<'a>(expr: &'a Expr, f: &mut dyn FnMut(&'a Expr)) {
    expr_at(expr, f, 0);
}

/// Calls `f` on every expression in the statements of `block`, including the
/// targets of assignments (as path expressions are not: they are written).
pub(crate) fn walk_block_exprs<'a>(block: &'a Block, f: &mut dyn FnMut(&'a Expr)) {
    for stmt in &block.stmts {
        stmt_exprs(stmt, f, 0);
    }
}

pub(crate) fn stmt_exprs<'a>(stmt: &'a Stmt, f: &mut dyn FnMut(&'a Expr), depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match &stmt.kind {
        StmtKind::Let { value, .. } | StmtKind::Assign { value, .. } => {
            expr_at(value, f, depth + 1)
        }
        StmtKind::For { iter, body, .. } => {
            expr_at(iter, f, depth + 1);
            for s in &body.stmts {
                stmt_exprs(s, f, depth + 1);
            }
        }
        StmtKind::Abort { reason: Some(e) } | StmtKind::Expr(e) => expr_at(e, f, depth + 1),
        StmtKind::Abort { reason: None } | StmtKind::Drop | StmtKind::Emit { .. } => {}
    }
}

fn expr_at<'a>(expr: &'a Expr, f: &mut dyn FnMut(&'a Expr), depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    f(expr);
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
        ExprKind::Block(block) => block.stmts.iter().for_each(|s| stmt_exprs(s, f, next)),
        ExprKind::If { branches, otherwise } => {
            for (cond, body) in branches {
                expr_at(cond, f, next);
                body.stmts.iter().for_each(|s| stmt_exprs(s, f, next));
            }
            if let Some(body) = otherwise {
                body.stmts.iter().for_each(|s| stmt_exprs(s, f, next));
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

/// Every expression of every declaration (bodies, lanes, options, tests).
pub(crate) fn program_exprs<'a>(program: &'a Program, f: &mut dyn FnMut(&'a Expr)) {
    use crate::ast::{DeclKind, OptionValue, Options, TestStmtKind};
    fn options<'a>(opts: &'a Options, f: &mut dyn FnMut(&'a Expr)) {
        for entry in &opts.entries {
            match &entry.value {
                OptionValue::Expr(e) => walk_expr(e, f),
                OptionValue::Block(inner) => options(inner, f),
            }
        }
    }
    for decl in &program.decls {
        match &decl.kind {
            DeclKind::Input { options: o, .. } | DeclKind::Output { options: o, .. } => {
                options(o, f)
            }
            DeclKind::Transform { body, .. } | DeclKind::Fn { body, .. } => {
                walk_block_exprs(body, f)
            }
            DeclKind::Route { lanes, .. } => lanes.iter().for_each(|l| walk_expr(&l.cond, f)),
            DeclKind::Const { value, .. } => walk_expr(value, f),
            DeclKind::Use { .. } => {}
            DeclKind::Test { stmts, .. } => {
                for s in stmts {
                    match &s.kind {
                        TestStmtKind::Input { events, .. }
                        | TestStmtKind::Expect { events, .. } => walk_expr(events, f),
                        TestStmtKind::ExpectAborted { reason: Some(e), .. } => walk_expr(e, f),
                        _ => {}
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
