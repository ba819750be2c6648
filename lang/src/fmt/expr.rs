//! Expressions: operators, calls, arrays, objects, `if` chains and `match`.

use std::rc::Rc;

use super::Formatter;
use super::list::{Bounds, ListStyle, STATEMENTS};
use super::literal::{literal, quote};
use super::printer::Doc;
use crate::ast::{
    Arg, BinaryOp, Block, Call, Expr, ExprKind, MatchArm, ObjectEntry, Path, PathRoot, Segment,
    StmtKind,
};

const ARRAY: ListStyle = ListStyle {
    open: "[",
    close: "]",
    separator: ",",
    trailing_separator: true,
    padded: false,
    keep_blank_lines: true,
};

const OBJECT: ListStyle = ListStyle { open: "{", close: "}", padded: true, ..ARRAY };

const ARGS: ListStyle =
    ListStyle { open: "(", close: ")", padded: false, keep_blank_lines: false, ..ARRAY };

/// A parenthesised expression: a list of one, so comments inside keep their place.
const PAREN: ListStyle = ListStyle { separator: "", trailing_separator: false, ..ARGS };

impl Formatter<'_> {
    pub(super) fn expr(&mut self, expr: &Expr) -> Doc {
        match &expr.kind {
            ExprKind::Literal(lit) => Doc::text(literal(lit)),
            ExprKind::Path(path) => Doc::text(path_text(path)),
            ExprKind::Array(items) => self.array(expr, items),
            ExprKind::Object(entries) => self.object(expr, entries),
            ExprKind::Call(call) => self.call(call),
            ExprKind::Unary { op, expr: operand, .. } => {
                Doc::Concat(vec![Doc::text(op.as_str()), self.expr(operand)])
            }
            ExprKind::Binary { op, lhs, rhs, .. } => self.binary(*op, lhs, rhs),
            ExprKind::Paren(inner) => self.paren(expr, inner),
            ExprKind::Block(block) => self.block(block),
            ExprKind::If { branches, otherwise } => {
                self.if_chain(expr, branches, otherwise.as_ref())
            }
            ExprKind::Match { scrutinee, arms } => self.match_expr(expr, scrutinee, arms),
            ExprKind::Wildcard => Doc::text("_"),
        }
    }

    /// `(e)`: the parentheses hug their contents, which break on their own;
    /// a comment just inside them gets the list layout, one line each.
    fn paren(&mut self, expr: &Expr, inner: &Expr) -> Doc {
        if self.comments_in_gaps(expr.span, inner.span) {
            let bounds = Bounds::of(expr.span);
            let list =
                self.list(&PAREN, bounds, std::slice::from_ref(inner), |e| e.span, Self::expr);
            return list.group(false);
        }
        Doc::Concat(vec![Doc::text("("), self.expr(inner), Doc::text(")")])
    }

    /// `lhs op rhs`, flat; a comment after the operator keeps the break there.
    fn binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Doc {
        let lhs = self.expr(lhs);
        let rhs = self.hang(rhs.span.start, |f| f.expr(rhs));
        Doc::Concat(vec![lhs, Doc::text(format!(" {}", op.as_str())), rhs])
    }

    /// Flat when written on one line and it fits, else one element per line.
    fn array(&mut self, expr: &Expr, items: &[Expr]) -> Doc {
        let one_line = self.one_line_in_source(expr.span);
        let list = self.list(&ARRAY, Bounds::of(expr.span), items, |e| e.span, Self::expr);
        list.group(!one_line)
    }

    fn object(&mut self, expr: &Expr, entries: &[ObjectEntry]) -> Doc {
        let one_line = self.one_line_in_source(expr.span);
        let list =
            self.list(&OBJECT, Bounds::of(expr.span), entries, |e| e.span, Self::object_entry);
        list.group(!one_line)
    }

    fn object_entry(&mut self, entry: &ObjectEntry) -> Doc {
        let key = if entry.key.bare { entry.key.value.clone() } else { quote(&entry.key.value) };
        let value = self.hang(entry.value.span.start, |f| f.expr(&entry.value));
        Doc::Concat(vec![Doc::text(format!("{key}:")), value])
    }

    /// `f(a, name = b)`; one argument per line when it does not fit, except
    /// that a last argument that is an array or object may break alone.
    fn call(&mut self, call: &Call) -> Doc {
        let name = format!("{}{}", call.name.name, if call.bang { "!" } else { "" });
        let mut shared = Vec::new();
        let args = self.list(
            &ARGS,
            Bounds::of(call.args_span),
            &call.args,
            |a| a.span,
            |f, arg| {
                let doc = Rc::new(f.arg(arg));
                shared.push(Rc::clone(&doc));
                Doc::Shared(doc)
            },
        );
        let huggable =
            !args.has_comments && call.args.last().is_some_and(|a| is_collection(&a.value));
        let normal = args.group(false);
        match shared.split_last() {
            Some((last, others)) if huggable && !others.iter().any(|d| has_forced_break(d)) => {
                let hugged = hugged_args(last, others);
                let hug = Doc::Hug { normal: Box::new(normal), hugged: Box::new(hugged) };
                Doc::Concat(vec![Doc::text(name), hug])
            }
            _ => Doc::Concat(vec![Doc::text(name), normal]),
        }
    }

    fn arg(&mut self, arg: &Arg) -> Doc {
        match &arg.name {
            Some(name) => {
                let value = self.hang(arg.value.span.start, |f| f.expr(&arg.value));
                Doc::Concat(vec![Doc::text(format!("{} =", name.name)), value])
            }
            None => self.expr(&arg.value),
        }
    }

    /// `if c { } else if d { } else { }`: the whole chain is one group, so it
    /// is either all on one line or every body is broken.
    fn if_chain(
        &mut self,
        expr: &Expr,
        branches: &[(Expr, Block)],
        otherwise: Option<&Block>,
    ) -> Doc {
        let mut flat = self.one_line_in_source(expr.span);
        let mut has_comments = false;
        let mut docs = Vec::new();
        for (index, (cond, block)) in branches.iter().enumerate() {
            docs.push(Doc::text(if index == 0 { "if " } else { " else if " }));
            docs.extend([self.expr(cond), Doc::text(" ")]);
            flat &= self.block_may_be_flat(block);
            let body = self.block_parts(block);
            has_comments |= body.has_comments;
            docs.extend(body.docs);
        }
        if let Some(block) = otherwise {
            docs.push(Doc::text(" else "));
            flat &= self.block_may_be_flat(block);
            let body = self.block_parts(block);
            has_comments |= body.has_comments;
            docs.extend(body.docs);
        }
        Doc::group(docs, !flat || has_comments)
    }

    /// `match e {` one arm per line `}`.
    fn match_expr(&mut self, expr: &Expr, scrutinee: &Expr, arms: &[MatchArm]) -> Doc {
        let head = self.expr(scrutinee);
        let bounds = Bounds { open: scrutinee.span.end, close: expr.span.end };
        let arms = self.list(&STATEMENTS, bounds, arms, |arm| arm.span, Self::arm);
        Doc::Concat(vec![Doc::text("match "), head, Doc::text(" "), arms.group(true)])
    }

    fn arm(&mut self, arm: &MatchArm) -> Doc {
        let mut docs = Vec::new();
        for (index, pattern) in arm.patterns.iter().enumerate() {
            if index > 0 {
                docs.push(Doc::text(" | "));
            }
            docs.push(self.expr(pattern));
        }
        docs.push(Doc::text(" =>"));
        let body = self.hang(arm.body.span.start, |f| match bare_statement(&arm.body) {
            Some(stmt) => f.stmt(stmt),
            None => f.expr(&arm.body),
        });
        docs.push(body);
        Doc::Concat(docs)
    }
}

/// `(a, b, [` ... `])`: the other arguments flat, the last one broken.
fn hugged_args(last: &Rc<Doc>, others: &[Rc<Doc>]) -> Doc {
    let mut docs = vec![Doc::text("(")];
    for doc in others {
        docs.extend([Doc::Shared(Rc::clone(doc)), Doc::text(", ")]);
    }
    docs.extend([break_outer_group(last), Doc::text(")")]);
    Doc::Concat(docs)
}

fn is_collection(expr: &Expr) -> bool {
    match &expr.kind {
        ExprKind::Array(items) => !items.is_empty(),
        ExprKind::Object(entries) => !entries.is_empty(),
        _ => false,
    }
}

/// The argument with its value's group broken: `name = [` for `name = [1]`.
/// Arguments end with their value, so the group is the last part.
fn break_outer_group(doc: &Doc) -> Doc {
    match doc {
        Doc::Group { docs, .. } => Doc::Group { docs: Rc::clone(docs), broken: true },
        Doc::Concat(docs) => {
            let mut docs = docs.clone();
            if let Some(last) = docs.pop() {
                docs.push(break_outer_group(&last));
            }
            Doc::Concat(docs)
        }
        Doc::Shared(inner) => break_outer_group(inner),
        other => other.clone(),
    }
}

/// Whether a document breaks a line whatever the width: a hard line, a
/// trailing comment, or a line of a group born broken (an empty `{}` born
/// broken has none, and stays on its line).
fn has_forced_break(doc: &Doc) -> bool {
    let mut todo = vec![(doc, false)];
    while let Some((doc, in_broken)) = todo.pop() {
        match doc {
            Doc::HardLine | Doc::LineSuffix(_) => return true,
            Doc::Line | Doc::SoftLine if in_broken => return true,
            Doc::Group { docs, broken } => todo.extend(docs.iter().map(|d| (d, *broken))),
            Doc::Indent(docs) | Doc::Concat(docs) => {
                todo.extend(docs.iter().map(|d| (d, in_broken)))
            }
            Doc::Hug { normal, .. } => todo.push((normal, in_broken)),
            Doc::Shared(inner) => todo.push((inner, in_broken)),
            Doc::Text(_) | Doc::Line | Doc::SoftLine | Doc::IfBreak(_) => {}
        }
    }
    false
}

/// The statement of an arm written `pat => .x = 1`: the parser wraps it in a
/// block whose span is the statement's own (no braces were written).
fn bare_statement(body: &Expr) -> Option<&crate::ast::Stmt> {
    let ExprKind::Block(block) = &body.kind else { return None };
    match block.stmts.as_slice() {
        [stmt] if stmt.span == block.span && matches!(stmt.kind, StmtKind::Assign { .. }) => {
            Some(stmt)
        }
        _ => None,
    }
}

/// `.a.b[0]`, `%file.path`, `x."odd key"`.
pub(super) fn path_text(path: &Path) -> String {
    let mut out = match &path.root {
        PathRoot::Event => ".".to_string(),
        PathRoot::Meta => "%".to_string(),
        PathRoot::Var(name) => name.name.clone(),
    };
    for (index, segment) in path.segments.iter().enumerate() {
        match segment {
            Segment::Field { name, quoted, .. } => {
                let joined_to_root = index == 0 && !matches!(path.root, PathRoot::Var(_));
                if !joined_to_root {
                    out.push('.');
                }
                out.push_str(&if *quoted { quote(name) } else { name.clone() });
            }
            Segment::Index { index, .. } => out.push_str(&format!("[{index}]")),
        }
    }
    out
}
