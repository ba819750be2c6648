//! W0102 unreachable-lane.
//!
//! ## What it does
//! Flags a route lane that can never receive an event: one after a
//! catch-all lane (`_` or a condition that is the literal `true`), or one
//! whose condition is the literal `false`.
//!
//! ## Why is this bad?
//! Lanes are tried in order and an event takes the first that matches, so
//! such a lane is dead: whatever reads it sees nothing, which is almost
//! always a mistake in the lane order.
//!
//! ## Example
//! ```lgp
//! route by_level <- parsed {
//!   _      = true
//!   errors = .level == "error"
//! }
//! ```
//!
//! ## Use instead
//! ```lgp
//! route by_level <- parsed {
//!   errors = .level == "error"
//!   _      = true
//! }
//! ```

use crate::ast::{DeclKind, ExprKind, Lane, Literal, Program};
use crate::diag::{Code, Diagnostic};

pub fn check(program: &Program, out: &mut Vec<Diagnostic>) {
    for decl in &program.decls {
        if let DeclKind::Route { lanes, .. } = &decl.kind {
            check_route(lanes, out);
        }
    }
}

fn check_route(lanes: &[Lane], out: &mut Vec<Diagnostic>) {
    let mut catch_all: Option<&Lane> = None;
    for lane in lanes {
        if let Some(earlier) = catch_all {
            out.push(
                Diagnostic::new(
                    Code::UnreachableLane,
                    lane.name.span,
                    format!("lane `{}` is unreachable", lane.name.name),
                )
                .with_label("no event ever reaches this lane")
                .with_secondary(earlier.span, "this lane takes every event first")
                .with_help("lanes are tried in order: move the catch-all lane last"),
            );
            continue;
        }
        match literal_bool(lane) {
            Some(false) => out.push(
                Diagnostic::new(
                    Code::UnreachableLane,
                    lane.name.span,
                    format!("lane `{}` is unreachable", lane.name.name),
                )
                .with_label("its condition is always `false`"),
            ),
            _ if lane.name.name == "_" || literal_bool(lane) == Some(true) => {
                catch_all = Some(lane)
            }
            _ => {}
        }
    }
}

fn literal_bool(lane: &Lane) -> Option<bool> {
    match &lane.cond.kind {
        ExprKind::Literal(Literal::Bool(b)) => Some(*b),
        _ => None,
    }
}
