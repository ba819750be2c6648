//! W0104 dead-write.
//!
//! ## What it does
//! Flags an assignment to an event field that is overwritten or deleted,
//! further down the same transform, before anything reads it.
//!
//! ## Why is this bad?
//! The first value never reaches an output: either the work is wasted or,
//! more often, a later line writes the wrong field.
//!
//! ## Example
//! ```lgp
//! transform t <- app {
//!   .level = "info"
//!   .level = downcase(.severity) ?? "info"
//! }
//! ```
//!
//! ## Use instead
//! ```lgp
//! transform t <- app {
//!   .level = downcase(.severity) ?? "info"
//! }
//! ```
//!
//! Only straight-line statements at the top of a transform are judged; a
//! write inside `if`, `match` or `for` may not happen, so it never makes an
//! earlier write dead, and any mention of a field inside one counts as a read.

use crate::ast::{DeclKind, ExprKind, Path, PathRoot, Program, Segment, Stmt, StmtKind};
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
enum Key {
    Field(String),
    Index(i64),
}

struct Write {
    path: Vec<Key>,
    shown: String,
    span: Span,
}

pub fn check(program: &Program, out: &mut Vec<Diagnostic>) {
    for decl in &program.decls {
        if let DeclKind::Transform { body, .. } = &decl.kind {
            check_body(&body.stmts, out);
        }
    }
}

fn check_body(stmts: &[Stmt], out: &mut Vec<Diagnostic>) {
    let mut pending: Vec<Write> = Vec::new();
    for stmt in stmts {
        match &stmt.kind {
            StmtKind::Drop | StmtKind::Abort { .. } | StmtKind::Emit { .. } => return,
            StmtKind::Assign { targets, value } if targets.len() == 1 => {
                forget_read(&mut pending, stmt_reads_expr(value));
                if let Some(path) = event_path(&targets[0]) {
                    kill(&mut pending, &path, stmt.span, "overwritten", out);
                    pending.push(Write { path, shown: show(&targets[0]), span: targets[0].span });
                }
            }
            StmtKind::Expr(expr) => match deleted_path(expr) {
                Some(path) => kill(&mut pending, &path, stmt.span, "deleted", out),
                None => forget_read(&mut pending, stmt_reads(stmt)),
            },
            _ => forget_read(&mut pending, stmt_reads(stmt)),
        }
    }
}

/// Reports and removes the pending writes at or under `path`.
fn kill(pending: &mut Vec<Write>, path: &[Key], at: Span, how: &str, out: &mut Vec<Diagnostic>) {
    pending.retain(|w| {
        if !w.path.starts_with(path) {
            return true;
        }
        out.push(
            Diagnostic::new(
                Code::DeadWrite,
                w.span,
                format!("`{}` is assigned here and {how} before it is read", w.shown),
            )
            .with_label("this value is never read")
            .with_secondary(at, format!("{how} here")),
        );
        false
    });
}

/// Drops pending writes that a read of any of `reads` may observe.
fn forget_read(pending: &mut Vec<Write>, reads: Vec<Vec<Key>>) {
    pending.retain(|w| !reads.iter().any(|r| r.starts_with(&w.path) || w.path.starts_with(r)));
}

fn stmt_reads(stmt: &Stmt) -> Vec<Vec<Key>> {
    let mut reads = Vec::new();
    super::stmt_exprs(stmt, &mut |e| collect_path(e, &mut reads), 0);
    reads
}

fn stmt_reads_expr(expr: &crate::ast::Expr) -> Vec<Vec<Key>> {
    let mut reads = Vec::new();
    super::walk_expr(expr, &mut |e| collect_path(e, &mut reads));
    reads
}

fn collect_path(expr: &crate::ast::Expr, reads: &mut Vec<Vec<Key>>) {
    if let ExprKind::Path(p) = &expr.kind
        && let Some(path) = event_path(p)
    {
        reads.push(path);
    }
}

/// `del(.a.b)` as a statement deletes `.a.b`.
fn deleted_path(expr: &crate::ast::Expr) -> Option<Vec<Key>> {
    let ExprKind::Call(call) = &expr.kind else { return None };
    if call.name.name != "del" || call.args.len() != 1 {
        return None;
    }
    match &call.args[0].value.kind {
        ExprKind::Path(p) => event_path(p).filter(|k| !k.is_empty()),
        _ => None,
    }
}

fn event_path(path: &Path) -> Option<Vec<Key>> {
    if path.root != PathRoot::Event {
        return None;
    }
    Some(
        path.segments
            .iter()
            .map(|s| match s {
                Segment::Field { name, .. } => Key::Field(name.clone()),
                Segment::Index { index, .. } => Key::Index(*index),
            })
            .collect(),
    )
}

fn show(path: &Path) -> String {
    let mut out = String::new();
    for seg in &path.segments {
        match seg {
            Segment::Field { name, quoted: false, .. } => {
                out.push('.');
                out.push_str(name);
            }
            Segment::Field { name, quoted: true, .. } => out.push_str(&format!(".{name:?}")),
            Segment::Index { index, .. } => out.push_str(&format!("[{index}]")),
        }
    }
    if out.is_empty() { ".".to_string() } else { out }
}
