//! Projection of `parse_json`: when a transform replaces the event with a
//! parsed JSON document and then touches only some of its top-level fields,
//! only those fields are parsed; the others ride along as JSON text until
//! the JSON encoder writes them back verbatim (see
//! `lgp_stdlib::parse::json_projection`).
//!
//! The pass rewrites `. = parse_json!(e)` at the top level of a transform
//! into [`Stmt::ProjectJson`] when every event path in the statements after
//! it names a constant top-level field: those fields are the ones parsed. A
//! path to the whole event (`.`, `keys(.)`, `. = merge(., x)`) or a
//! computed first segment disables the projection. Both engines run the
//! statement through [`apply`]. Fields the program deletes first thing and
//! never reads are not even kept as text. Both engines run the statement
//! through [`apply`], and an event leaving the transform is
//! materialised by whoever looks at it other than the JSON encoder, so the
//! projection is invisible except in speed.

use std::sync::Arc;

use lgp_stdlib::parse::json::DEFAULT_MAX_DEPTH;
use lgp_stdlib::parse::json_projection::{Projection, parse_projected};
use lgp_stdlib::{Event, Str, Value};

use crate::ir::*;

/// Rewrites the projectable `parse_json` statement of a transform, if any.
pub fn project(code: &mut NodeCode) {
    let NodeCode::Transform { body, .. } = code else { return };
    let Some(at) = body.stmts.iter().position(is_root_parse_json) else { return };
    let rest = body.stmts.get(at + 1..).unwrap_or_default();
    let Some(touched) = touched_fields(rest) else { return };
    let skip = skipped_fields(rest);
    let keep = touched.into_iter().filter(|field| !skip.contains(field)).collect();
    if let Some(stmt) = body.stmts.get_mut(at)
        && let Stmt::Assign(_, Expr::Call(call)) = stmt
    {
        let call = call.clone();
        *stmt = Stmt::ProjectJson { call, projection: Arc::new(Projection { keep, skip }) };
    }
}

/// Fields the statements after the parse delete before anything can stop
/// the program (only constant assignments come first, and they cannot
/// fail) and touch nowhere else: leaving them out of the parse is the same
/// as deleting them, even for an event that is aborted later.
fn skipped_fields(stmts: &[Stmt]) -> Vec<Str> {
    let mut deleted = Vec::new();
    for stmt in stmts {
        match stmt {
            Stmt::Expr(Expr::Del(PathRef { root: Root::Event, segments }))
                if segments.len() == 1 =>
            {
                if let Some(Seg::Field(name)) = segments.first() {
                    deleted.push(name.clone());
                }
            }
            Stmt::Assign(PathRef { root: Root::Event, segments }, Expr::Const(_))
                if segments.len() == 1 && matches!(segments.first(), Some(Seg::Field(_))) => {}
            _ => break,
        }
    }
    deleted.retain(|name| {
        let mut uses = 0;
        let mut count = |path: &PathRef| {
            let first = path.segments.first();
            if path.root == Root::Event && matches!(first, Some(Seg::Field(f)) if f == name) {
                uses += 1;
            }
        };
        stmts.iter().for_each(|stmt| walk_stmt(stmt, &mut count));
        uses == 1
    });
    deleted
}

/// `. = parse_json!(text)` with at most constant `max_depth`/`max_bytes`.
fn is_root_parse_json(stmt: &Stmt) -> bool {
    let Stmt::Assign(path, Expr::Call(call)) = stmt else { return false };
    path.root == Root::Event
        && path.segments.is_empty()
        && call.name == "parse_json"
        && call.bang
        && call.args.iter().skip(1).all(|arg| matches!(arg, None | Some(Expr::Const(_))))
}

/// The top-level event fields `stmts` touch, sorted; `None` when they use
/// the event as a whole or a field whose name is computed.
pub(crate) fn touched_fields(stmts: &[Stmt]) -> Option<Vec<Str>> {
    let mut fields = Vec::new();
    let mut whole = false;
    let mut visit = |path: &PathRef| {
        if path.root != Root::Event {
            return;
        }
        match path.segments.first() {
            Some(Seg::Field(name)) => fields.push(name.clone()),
            _ => whole = true,
        }
    };
    for stmt in stmts {
        walk_stmt(stmt, &mut visit);
    }
    if whole {
        return None;
    }
    fields.sort();
    fields.dedup();
    Some(fields)
}

fn walk_block(block: &Block, visit: &mut impl FnMut(&PathRef)) {
    for stmt in &block.stmts {
        walk_stmt(stmt, visit);
    }
}

pub(crate) fn walk_stmt(stmt: &Stmt, visit: &mut impl FnMut(&PathRef)) {
    match stmt {
        Stmt::SetLocal(_, e) | Stmt::Expr(e) => walk_expr(e, visit),
        Stmt::Assign(path, e) => {
            visit(path);
            walk_expr(e, visit);
        }
        Stmt::AssignWithError { value, error, expr } => {
            visit(value);
            visit(error);
            walk_expr(expr, visit);
        }
        Stmt::ProjectJson { call, .. } => {
            // A second projection replaces the whole event.
            visit(&PathRef { root: Root::Event, segments: Vec::new() });
            call.args.iter().flatten().for_each(|e| walk_expr(e, visit));
        }
        Stmt::For { iter, body, .. } => {
            walk_expr(iter, visit);
            walk_block(body, visit);
        }
        Stmt::Abort(reason) => reason.iter().for_each(|e| walk_expr(e, visit)),
        Stmt::Drop | Stmt::Emit(_) => {}
    }
}

fn walk_expr(expr: &Expr, visit: &mut impl FnMut(&PathRef)) {
    match expr {
        Expr::Const(_) => {}
        Expr::Path(path) | Expr::Del(path) | Expr::Exists(path) => visit(path),
        Expr::Array(items) => items.iter().for_each(|e| walk_expr(e, visit)),
        Expr::Object(entries) => entries.iter().for_each(|(_, e)| walk_expr(e, visit)),
        Expr::Call(call) => call.args.iter().flatten().for_each(|e| walk_expr(e, visit)),
        Expr::Unary(_, e) => walk_expr(e, visit),
        Expr::ArgCheck(check) => walk_expr(&check.value, visit),
        Expr::Binary(_, l, r) => {
            walk_expr(l, visit);
            walk_expr(r, visit);
        }
        Expr::Block(b) => walk_block(b, visit),
        Expr::If(branches, otherwise) => {
            for (cond, body) in branches {
                walk_expr(cond, visit);
                walk_block(body, visit);
            }
            otherwise.iter().for_each(|b| walk_block(b, visit));
        }
        Expr::Match(scrutinee, arms) => {
            walk_expr(scrutinee, visit);
            arms.iter().for_each(|arm| walk_expr(&arm.body, visit));
        }
    }
}

/// Runs a [`Stmt::ProjectJson`] on its evaluated arguments: true when the
/// event now holds the projected document. False leaves the event alone:
/// the caller then calls `parse_json` as usual, which yields the same value
/// or the same error the projection could not be sure about.
pub fn apply(projection: &Projection, args: &[Option<Value>], event: &mut Event) -> bool {
    let [Some(Value::String(text)), rest @ ..] = args else { return false };
    let int = |index: usize| match rest.get(index) {
        None | Some(None) => Some(None),
        Some(Some(Value::Int(n))) => usize::try_from(*n).ok().map(Some),
        Some(Some(_)) => None,
    };
    let (Some(max_depth), Some(max_bytes)) = (int(0), int(1)) else { return false };
    if max_bytes.is_some_and(|limit| text.len() > limit) {
        return false;
    }
    let Some((object, raw)) =
        parse_projected(text, max_depth.unwrap_or(DEFAULT_MAX_DEPTH), projection)
    else {
        return false;
    };
    event.fields = Value::Object(object);
    event.raw = (!raw.is_empty()).then(|| Box::new(raw));
    true
}
