//! Fallibility: which expressions can fail at run time, and whether each
//! failure is handled.
//!
//! An expression can fail when
//! - it calls a function with an argument whose type only partly fits the
//!   parameter (`int(.duration)` with `.duration: any`), or the function says
//!   it can fail for such arguments (`parse_json` on any string);
//! - an operator's operand types only partly fit (`.x > 500` with `.x: any`);
//!   `/` and `%` can also fail by dividing by zero, unless the right side is
//!   a non-zero number literal;
//! - a condition (`if`, route lane) may not be a `bool`.
//!
//! A failure must be handled:
//! - `f!(...)` aborts the event when `f` itself fails (its arguments'
//!   failures are handled separately);
//! - `e ?? default`: any failure inside `e` yields `default`;
//! - `let v, err = e` and `.a, err = e`: any failure inside `e` sets `v`
//!   to `null` and `err` to the message (`v: T|null`, `err: string|null`).
//!
//! An unhandled failure is E0401, labelled with why it can fail and with the
//! rewrites in the user's own text. Handling on something that cannot fail
//! is W0107 (`!`, and `??` whose left side is never `null` either) or E0402
//! (an error binding). A bound error that is never read is W0106.
//!
//! Handlers form a stack per body: a failure marks the innermost one used.

use crate::ast::{Expr, ExprKind, Segment};
use crate::diag::{Code, Diagnostic};
use crate::span::Span;
use crate::types::{Kinds, Type};

use super::Checker;

/// One unhandled-failure report, ready to become E0401.
pub(super) struct Failure {
    pub span: Span,
    /// The diagnostic's message.
    pub message: String,
    /// Why it can fail (the primary label).
    pub label: String,
    /// The rewrites that handle it.
    pub help: String,
}

impl Checker<'_> {
    /// Starts a region whose failures are handled (`??` left side, error bindings).
    pub(super) fn push_handler(&mut self) {
        self.body.handlers.push(false);
    }

    /// Ends the innermost handled region; true when something in it can fail.
    pub(super) fn pop_handler(&mut self) -> bool {
        self.body.handlers.pop().unwrap_or(false)
    }

    /// Records a failure: handled by the innermost handler, or E0401.
    pub(super) fn fail(&mut self, failure: Failure) {
        if let Some(handled) = self.body.handlers.last_mut() {
            *handled = true;
            return;
        }
        let diag = Diagnostic::new(Code::UnhandledFallible, failure.span, failure.message)
            .with_label(failure.label)
            .with_help(failure.help);
        self.report(diag);
    }

    /// The failure of a call to `name` that can fail because of `reason`.
    pub(super) fn call_failure(
        &self,
        expr: &Expr,
        name: &str,
        reason: &str,
        ret: &Type,
    ) -> Failure {
        let call_text = self.text(expr.span);
        let ExprKind::Call(call) = &expr.kind else {
            return self.expr_failure(expr, reason, ret);
        };
        let args_text = self.text(call.args_span);
        let binding = binding_name(call.args.first().map(|a| &a.value));
        let help = format!(
            "handle it: `{name}!{args_text}` aborts the event on error, `{call_text} ?? {}` \
             substitutes a value, or `let {binding}, err = {call_text}` binds both",
            default_for(ret)
        );
        Failure {
            span: expr.span,
            message: format!("unhandled error from fallible call `{name}`"),
            label: format!("this call can fail: {reason}"),
            help,
        }
    }

    /// The failure of an operator or condition that can fail because of `reason`.
    pub(super) fn expr_failure(&self, expr: &Expr, reason: &str, ret: &Type) -> Failure {
        let text = self.text(expr.span);
        let help = format!(
            "handle it: `({text}) ?? {}` substitutes a value, or check the operand types first \
             (for example with `is_int(...)` or `is_string(...)`)",
            default_for(ret)
        );
        Failure {
            span: expr.span,
            message: format!("unhandled error from `{}`", one_line(text)),
            label: format!("this can fail: {reason}"),
            help,
        }
    }

    /// W0107 for a `!` on a call that cannot fail.
    pub(super) fn needless_bang(&mut self, name_span: Span, name: &str) {
        let diag = Diagnostic::new(
            Code::NeedlessBang,
            name_span,
            format!("`{name}` cannot fail here, so `!` has no effect"),
        )
        .with_label("this call cannot fail")
        .with_help(format!("call it as `{name}(...)`"));
        self.report(diag);
    }
}

/// A value to substitute for a failed expression of type `ty`, as written.
pub(super) fn default_for(ty: &Type) -> &'static str {
    let kinds = ty.kinds.minus(Kinds::NULL);
    match kinds {
        k if k == Kinds::INT => "0",
        k if k == Kinds::FLOAT || k == Kinds::NUMBER => "0.0",
        k if k == Kinds::STRING => "\"\"",
        k if k == Kinds::BOOL => "false",
        k if k == Kinds::ARRAY => "[]",
        // `any` results mostly come from parsers, whose results are objects.
        k if k.contains(Kinds::OBJECT) => "{}",
        _ => "null",
    }
}

/// A variable name for `let NAME, err = ...`: the last field of the first
/// argument (`.duration` -> `duration`), else `value`.
fn binding_name(first: Option<&Expr>) -> String {
    let name = first.and_then(|e| match &super::narrow::unparen(e).kind {
        ExprKind::Path(path) => path.segments.iter().rev().find_map(|s| match s {
            Segment::Field { name, .. } => Some(name.clone()),
            Segment::Index { .. } => None,
        }),
        _ => None,
    });
    match name {
        Some(n) if is_identifier(&n) && !is_keyword(&n) && n != "err" => n,
        _ => "value".to_string(),
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_keyword(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "if",
        "else",
        "match",
        "for",
        "input",
        "in",
        "let",
        "drop",
        "abort",
        "emit",
        "true",
        "false",
        "null",
        "transform",
        "route",
        "output",
        "fn",
        "const",
        "use",
        "test",
        "expect",
    ];
    KEYWORDS.contains(&name)
}

/// The first line of `text`, shortened, for messages.
pub(super) fn one_line(text: &str) -> String {
    const MAX: usize = 60;
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > MAX || text.contains('\n') {
        let short: String = line.chars().take(MAX).collect();
        format!("{short}...")
    } else {
        line.to_string()
    }
}
