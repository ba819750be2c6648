//! Expression types.
//!
//! | expression | type |
//! | --- | --- |
//! | literals | their kind (`r'..'` is `regex`, `t'..'` is `timestamp`) |
//! | `.a.b`, `x[0]` | the field of the known shape, the element (or `null` out of range) |
//! | `[a, b]` | array of the union of the elements |
//! | `{ "k": v }` | a closed object of those fields |
//! | `a + b` | `int` for two ints, `float` for numbers mixed, `string` for two strings |
//! | `a - b`, `a * b` | `int` for two ints, else `float` |
//! | `a / b` | `float` (numbers) |
//! | `a % b` | `int` for two ints, else `float` |
//! | `< <= > >=` | `bool`, for two numbers, two strings or two timestamps |
//! | `== !=` | `bool`, any operands |
//! | `=~ !~` | `bool`, a string and a regex |
//! | `&& \|\|` | `bool`, short-circuit, bool operands |
//! | `!a` / `-a` | `bool` / the number's kind |
//! | `a ?? b` | `a` without `null`, or `b` |
//! | `{ stmts }` | its last expression statement (`null` when there is none) |
//! | `if` | union of the branches (plus `null` without `else`) |
//! | `match` | union of the arms (plus `null` without a `_` arm) |
//!
//! An operator whose operand types cannot fit is E0301; operand types that
//! only partly fit make the expression fallible. A path step into a value
//! that can be neither an object (for `.f`) nor an array (for `[i]`), nor
//! only `null`, is E0306.

use crate::ast::{
    BinaryOp, Block, Expr, ExprKind, Literal, MatchArm, ObjectEntry, Path, PathRoot, Segment,
    UnaryOp,
};
use crate::diag::{Code, Diagnostic};
use crate::types::{Kinds, Type};

use super::narrow::{self, Flow};
use super::scope::{BindingKind, GlobalKind, did_you_mean};
use super::shape::{self, describe, never};
use super::{Checker, Context, VarRef};

/// Expression nesting beyond which the checker stops descending.
pub(super) const MAX_DEPTH: usize = 512;

impl Checker<'_> {
    /// The type of `expr`, reporting what is wrong inside it.
    pub(super) fn expr(&mut self, expr: &Expr) -> Type {
        if self.body.depth > MAX_DEPTH {
            return never();
        }
        self.body.depth += 1;
        let ty = self.expr_kind(expr);
        self.body.depth -= 1;
        ty
    }

    fn expr_kind(&mut self, expr: &Expr) -> Type {
        match &expr.kind {
            ExprKind::Literal(literal) => literal_type(literal),
            ExprKind::Path(path) => self.read_path(path),
            ExprKind::Array(items) => {
                let element = items.iter().fold(never(), |acc, e| acc.union(&self.expr(e)));
                Type::array_of(element)
            }
            ExprKind::Object(entries) => self.object(entries),
            ExprKind::Call(call) => self.call(expr, call),
            ExprKind::Unary { op, expr: operand, .. } => self.unary(expr, *op, operand),
            ExprKind::Binary { op, lhs, rhs, op_span } => {
                self.binary(expr, *op, *op_span, lhs, rhs)
            }
            ExprKind::Paren(inner) => self.expr(inner),
            ExprKind::Block(block) => self.block_value(block),
            ExprKind::If { branches, otherwise } => self.if_expr(branches, otherwise.as_ref()),
            ExprKind::Match { scrutinee, arms } => self.match_expr(scrutinee, arms),
            ExprKind::Wildcard => {
                if !self.body.wildcard_ok {
                    let diag = Diagnostic::new(
                        Code::MisplacedWildcard,
                        expr.span,
                        "`_` is only allowed as a match pattern or in a test expectation",
                    )
                    .with_label("`_` has no value here");
                    self.report(diag);
                    return never();
                }
                Type::any()
            }
        }
    }

    /// The type of the value at `path`.
    pub(super) fn read_path(&mut self, path: &Path) -> Type {
        let mut ty = match &path.root {
            PathRoot::Event | PathRoot::Meta => {
                if !self.event_allowed(path, "read") {
                    return never();
                }
                let flow = &self.body.flow;
                if path.root == PathRoot::Event { flow.event.clone() } else { flow.meta.clone() }
            }
            PathRoot::Var(ident) => match self.read_var(path, ident) {
                Some(ty) => ty,
                None => return never(),
            },
        };
        for segment in &path.segments {
            if ty.kinds.is_empty() {
                return ty;
            }
            let needed = match segment {
                Segment::Field { .. } => Kinds::OBJECT,
                Segment::Index { .. } => Kinds::ARRAY,
            };
            if !ty.kinds.intersects(needed) && !Kinds::NULL.contains(ty.kinds) {
                self.not_indexable(path, segment, &ty);
                return never();
            }
            ty = match segment {
                Segment::Field { name, .. } => ty.field(name),
                Segment::Index { .. } => ty.element(),
            };
        }
        ty
    }

    /// The type of a variable or constant, marking it read; `None` when unknown.
    fn read_var(&mut self, path: &Path, ident: &crate::ast::Ident) -> Option<Type> {
        let module = self.body.module;
        if let Some(id) = self.body.scopes.lookup(&ident.name) {
            self.body.scopes.mark_used(id);
            let kind = self.body.scopes.get(id).map(|b| b.kind);
            let var = match kind {
                Some(BindingKind::Param(n)) => VarRef::Param(n),
                _ => VarRef::Local,
            };
            self.vars.insert((module, path.span), var);
            return Some(self.body.flow.var(id));
        }
        if let Some(&id) = self.const_ids.get(&ident.name) {
            self.globals.mark_used(&ident.name);
            self.vars.insert((module, path.span), VarRef::Const(id));
            let ready = self.const_ready.get(id).copied().unwrap_or(false);
            // A constant on a reference cycle (E0209) has no known type.
            let known = self.consts.get(id).filter(|_| ready);
            return Some(known.map_or_else(never, |c| c.ty.clone()));
        }
        self.unknown_variable(ident);
        None
    }

    pub(super) fn unknown_variable(&mut self, ident: &crate::ast::Ident) {
        if self.unparsed.names.contains(&ident.name) {
            return;
        }
        let locals: Vec<String> = self.body.scopes.visible().map(str::to_string).collect();
        let consts = self.globals.names_of(&[GlobalKind::Const]);
        let suggestion = did_you_mean(&ident.name, locals.iter().map(String::as_str).chain(consts));
        let mut diag = Diagnostic::new(
            Code::UnknownVariable,
            ident.span,
            format!("unknown variable `{}`", ident.name),
        )
        .with_label("not bound here");
        diag = match suggestion {
            Some(s) => diag.with_help(format!("did you mean `{s}`?")),
            None => diag.with_help(format!("bind it first: `let {} = ...`", ident.name)),
        };
        self.report(diag);
    }

    /// E0211 when the body may not touch the event; true when it may.
    pub(super) fn event_allowed(&mut self, path: &Path, verb: &str) -> bool {
        let who = match self.body.context {
            Context::Transform => return true,
            Context::Route if verb == "read" => return true,
            Context::Route => "a route lane",
            Context::Fn => "a function",
            Context::Const => "a constant",
            Context::Test => "a test",
        };
        let what = if path.root == PathRoot::Meta { "metadata" } else { "the event" };
        let help = match self.body.context {
            Context::Fn => "pass the value as a parameter",
            Context::Route => "change the event in a transform before the route",
            _ => "use a literal value",
        };
        let diag = Diagnostic::new(
            Code::MisplacedStatement,
            path.span,
            format!("{who} cannot {verb} {what}"),
        )
        .with_help(help);
        self.report(diag);
        false
    }

    fn not_indexable(&mut self, path: &Path, segment: &Segment, ty: &Type) {
        let prefix = crate::span::Span { start: path.span.start, end: segment.span().start };
        let base = match self.text(prefix).trim_end_matches('.') {
            "" => ".",
            text => text,
        };
        let (what, needed) = match segment {
            Segment::Field { .. } => ("has no fields", "a field needs an object"),
            Segment::Index { .. } => ("cannot be indexed", "an index needs an array"),
        };
        let message = format!("`{base}` is `{}` here, so it {what}", describe(ty.kinds));
        let diag = Diagnostic::new(Code::NotIndexable, segment.span(), message).with_label(needed);
        self.report(diag);
    }

    fn object(&mut self, entries: &[ObjectEntry]) -> Type {
        let mut fields = std::collections::BTreeMap::new();
        let mut spans: Vec<(&str, crate::span::Span)> = Vec::new();
        for entry in entries {
            let ty = self.expr(&entry.value);
            if let Some((_, first)) = spans.iter().find(|(k, _)| *k == entry.key.value) {
                let diag = Diagnostic::new(
                    Code::DuplicateItem,
                    entry.key.span,
                    format!("duplicate key `{}` in object", entry.key.value),
                )
                .with_secondary(*first, "first given here");
                self.report(diag);
            } else {
                spans.push((&entry.key.value, entry.key.span));
            }
            fields.insert(entry.key.value.clone(), ty);
        }
        shape::widen(&Type::object_with(fields, None))
    }

    fn unary(&mut self, expr: &Expr, op: UnaryOp, operand: &Expr) -> Type {
        let ty = self.expr(operand);
        let (needed, result) = match op {
            UnaryOp::Not => (Kinds::BOOL, Type::bool()),
            UnaryOp::Neg => {
                let kinds = ty.kinds.intersect(Kinds::NUMBER);
                let kinds = if kinds.is_empty() { Kinds::NUMBER } else { kinds };
                (Kinds::NUMBER, Type::of(kinds))
            }
        };
        if ty.kinds.is_empty() {
            return never();
        }
        let text = self.text(operand.span);
        if !ty.kinds.intersects(needed) {
            let diag = Diagnostic::new(
                Code::TypeMismatch,
                expr.span,
                format!("`{}` needs `{needed}`, found `{}`", op.as_str(), describe(ty.kinds)),
            )
            .with_label(format!("`{text}` is `{}`", describe(ty.kinds)));
            self.report(diag);
            return never();
        }
        if op == UnaryOp::Neg && result.kinds.intersects(Kinds::INT) {
            self.may_overflow();
        }
        if !shape::fits(&ty, needed) {
            let reason = format!(
                "`{text}` is `{}` here, `{}` needs `{needed}`",
                describe(ty.kinds),
                op.as_str()
            );
            let failure = self.expr_failure(expr, &reason, &result);
            self.fail(failure);
        }
        result
    }

    fn binary(
        &mut self,
        expr: &Expr,
        op: BinaryOp,
        op_span: crate::span::Span,
        lhs: &Expr,
        rhs: &Expr,
    ) -> Type {
        match op {
            BinaryOp::Coalesce => return self.coalesce(op_span, lhs, rhs),
            BinaryOp::And | BinaryOp::Or => return self.logical(expr, op, lhs, rhs),
            _ => {}
        }
        let (lt, rt) = (self.expr(lhs), self.expr(rhs));
        if matches!(op, BinaryOp::Eq | BinaryOp::Ne) {
            return Type::bool();
        }
        // An operand that had an error (or never completes) was reported already.
        if lt.kinds.is_empty() || rt.kinds.is_empty() {
            return never();
        }
        let table = OperatorTable::of(op, lt.kinds, rt.kinds);
        let result = Type::of(table.result);
        if table.result.is_empty() {
            self.mismatch(expr, op, (lhs, &lt), (rhs, &rt));
            return never();
        }
        if table.partial {
            let reason = self.operand_reason(op, (lhs, &lt), (rhs, &rt));
            let failure = self.expr_failure(expr, &reason, &result);
            self.fail(failure);
        } else if matches!(op, BinaryOp::Div | BinaryOp::Rem) && !is_nonzero_literal(rhs) {
            let reason = format!("`{}` may be zero", self.text(rhs.span));
            let failure = self.expr_failure(expr, &reason, &result);
            self.fail(failure);
        }
        if matches!(op, BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul)
            && table.result.intersects(Kinds::INT)
        {
            self.may_overflow();
        }
        result
    }

    /// Integer arithmetic can overflow at run time. That failure is not
    /// tracked (it needs no handling), but a `??` or error binding around it
    /// does catch it, so such handling is not needless (W0107).
    fn may_overflow(&mut self) {
        if let Some(handled) = self.body.handlers.last_mut() {
            *handled = true;
        }
    }

    fn mismatch(&mut self, expr: &Expr, op: BinaryOp, lhs: (&Expr, &Type), rhs: (&Expr, &Type)) {
        let message = format!(
            "`{}` cannot apply to `{}` and `{}`",
            op.as_str(),
            describe(lhs.1.kinds),
            describe(rhs.1.kinds)
        );
        let diag = Diagnostic::new(Code::TypeMismatch, expr.span, message)
            .with_label(format!("`{}` needs {}", op.as_str(), needs_text(op)))
            .with_secondary(lhs.0.span, format!("`{}`", describe(lhs.1.kinds)))
            .with_secondary(rhs.0.span, format!("`{}`", describe(rhs.1.kinds)));
        self.report(diag);
    }

    /// Why operands that partly fit can fail, naming the operands at fault.
    fn operand_reason(&self, op: BinaryOp, lhs: (&Expr, &Type), rhs: (&Expr, &Type)) -> String {
        // A side is at fault when one of its kinds pairs with nothing on the other side.
        let lhs_ok = !OperatorTable::has_stray(op, lhs.1.kinds, rhs.1.kinds, false);
        let rhs_ok = !OperatorTable::has_stray(op, rhs.1.kinds, lhs.1.kinds, true);
        let side =
            |(e, t): (&Expr, &Type)| format!("`{}` is `{}`", self.text(e.span), describe(t.kinds));
        let sides = match (lhs_ok, rhs_ok) {
            (true, false) => side(rhs),
            (false, true) => side(lhs),
            _ => format!("{} and {}", side(lhs), side(rhs)),
        };
        format!("{sides} here, `{}` needs {}", op.as_str(), needs_text(op))
    }

    /// `a ?? b`: failures in `a` are handled; `null` from `a` is replaced.
    fn coalesce(&mut self, op_span: crate::span::Span, lhs: &Expr, rhs: &Expr) -> Type {
        self.push_handler();
        let lt = self.expr(lhs);
        let handled = self.pop_handler();
        let after_lhs = self.body.flow.clone();
        let rt = self.expr(rhs);
        self.body.flow = after_lhs.join(&self.body.flow);
        if !handled && !lt.kinds.intersects(Kinds::NULL) && !lt.kinds.is_empty() {
            let diag = Diagnostic::new(
                Code::NeedlessBang,
                op_span,
                format!(
                    "`??` has no effect: `{}` cannot fail and is never null",
                    super::fallible::one_line(self.text(lhs.span))
                ),
            )
            .with_help("remove `?? ...`");
            self.report(diag);
        }
        shape::without(&lt, Kinds::NULL).union(&rt)
    }

    /// `&&` / `||`: bool operands; the right side sees the left side's facts.
    fn logical(&mut self, expr: &Expr, op: BinaryOp, lhs: &Expr, rhs: &Expr) -> Type {
        let lt = self.expr(lhs);
        let facts = narrow::facts(self, lhs);
        let before = self.body.flow.clone();
        let known = if op == BinaryOp::And { &facts.when_true } else { &facts.when_false };
        self.body.flow.apply(known);
        let rt = self.expr(rhs);
        self.body.flow = before.join(&self.body.flow);
        for (side, ty) in [(lhs, &lt), (rhs, &rt)] {
            if ty.kinds.is_empty() {
                continue;
            }
            let text = self.text(side.span);
            if !ty.kinds.intersects(Kinds::BOOL) {
                let diag = Diagnostic::new(
                    Code::ConditionNotBool,
                    side.span,
                    format!(
                        "`{}` needs `bool` operands, `{text}` is `{}`",
                        op.as_str(),
                        describe(ty.kinds)
                    ),
                )
                .with_help(format!("compare explicitly, for example `{text} != null`"));
                self.report(diag);
            } else if !shape::fits(ty, Kinds::BOOL) {
                let reason = format!(
                    "`{text}` is `{}` here, `{}` needs `bool`",
                    describe(ty.kinds),
                    op.as_str()
                );
                let failure = self.expr_failure(expr, &reason, &Type::bool());
                self.fail(failure);
            }
        }
        Type::bool()
    }

    /// Checks a condition (`if`, route lane): it must be a `bool`.
    pub(super) fn condition(&mut self, cond: &Expr) {
        let ty = self.expr(cond);
        if ty.kinds.is_empty() {
            return;
        }
        let text = self.text(cond.span);
        if !ty.kinds.intersects(Kinds::BOOL) {
            let diag = Diagnostic::new(
                Code::ConditionNotBool,
                cond.span,
                format!(
                    "condition must be a `bool`, `{}` is `{}`",
                    super::fallible::one_line(text),
                    describe(ty.kinds)
                ),
            )
            .with_help(format!(
                "compare explicitly (`{text} != null`) or convert (`bool({text}) ?? false`)"
            ));
            self.report(diag);
        } else if !shape::fits(&ty, Kinds::BOOL) {
            let reason =
                format!("`{text}` is `{}` here, a condition needs `bool`", describe(ty.kinds));
            let mut failure = self.expr_failure(cond, &reason, &Type::bool());
            failure.message =
                format!("unhandled error from the condition `{}`", super::fallible::one_line(text));
            failure.help =
                format!("compare explicitly (`{text} == true`) or convert (`bool!({text})`)");
            self.fail(failure);
        }
    }

    fn if_expr(&mut self, branches: &[(Expr, Block)], otherwise: Option<&Block>) -> Type {
        let mut ty = never();
        let mut exits: Vec<Flow> = Vec::new();
        for (cond, block) in branches {
            self.condition(cond);
            let facts = narrow::facts(self, cond);
            let mut next = self.body.flow.clone();
            next.apply(&facts.when_false);
            self.body.flow.apply(&facts.when_true);
            let branch_ty = self.block_value(block);
            if !self.body.flow.diverged {
                ty = ty.union(&branch_ty);
            }
            exits.push(std::mem::replace(&mut self.body.flow, next));
        }
        match otherwise {
            Some(block) => {
                let branch_ty = self.block_value(block);
                if !self.body.flow.diverged {
                    ty = ty.union(&branch_ty);
                }
            }
            None if !self.body.flow.diverged => ty = ty.union(&Type::null()),
            None => {}
        }
        self.body.flow = exits.iter().fold(self.body.flow.clone(), |acc, f| acc.join(f));
        ty
    }

    fn match_expr(&mut self, scrutinee: &Expr, arms: &[MatchArm]) -> Type {
        let st = self.expr(scrutinee);
        let place = narrow::place(self, scrutinee);
        let entry = self.body.flow.clone();
        let mut exits: Vec<Flow> = Vec::new();
        let mut ty = never();
        let mut exhaustive = false;
        for arm in arms {
            let kinds = self.patterns(&arm.patterns, &st);
            self.body.flow = entry.clone();
            match (kinds, &place) {
                (Some(kinds), Some(place)) => {
                    let fact =
                        narrow::Fact { place: place.clone(), narrow: narrow::Narrow::To(kinds) };
                    self.body.flow.apply(&[fact]);
                }
                (None, _) => exhaustive = true,
                _ => {}
            }
            let arm_ty = self.expr(&arm.body);
            if !self.body.flow.diverged {
                ty = ty.union(&arm_ty);
            }
            exits.push(std::mem::replace(&mut self.body.flow, entry.clone()));
        }
        if !exhaustive {
            ty = ty.union(&Type::null());
            exits.push(entry);
        }
        let mut joined = exits.into_iter();
        let first = joined.next().unwrap_or_else(|| self.body.flow.clone());
        self.body.flow = joined.fold(first, |acc, f| acc.join(&f));
        ty
    }

    /// Checks an arm's patterns; the kinds they match, `None` for `_`.
    fn patterns(&mut self, patterns: &[Expr], scrutinee: &Type) -> Option<Kinds> {
        let mut kinds = Kinds::NONE;
        let mut wildcard = false;
        for pattern in patterns {
            if matches!(pattern.kind, ExprKind::Wildcard) {
                wildcard = true;
                continue;
            }
            let ty = self.expr(pattern);
            // A regex pattern matches the strings it matches.
            let matched = if ty.kinds == Kinds::REGEX { Kinds::STRING } else { ty.kinds };
            if !scrutinee.kinds.is_empty() && !matched.intersects(scrutinee.kinds) {
                let diag = Diagnostic::new(
                    Code::TypeMismatch,
                    pattern.span,
                    format!(
                        "this pattern is `{}` but the value matched is `{}`",
                        describe(ty.kinds),
                        describe(scrutinee.kinds)
                    ),
                )
                .with_label("this arm can never match");
                self.report(diag);
            }
            kinds = kinds.union(matched);
        }
        if wildcard { None } else { Some(kinds) }
    }
}

/// The type of a literal.
pub(super) fn literal_type(literal: &Literal) -> Type {
    match literal {
        Literal::Null => Type::null(),
        Literal::Bool(_) => Type::bool(),
        Literal::Int(_) => Type::int(),
        Literal::Float(_) => Type::float(),
        Literal::String { .. } => Type::string(),
        Literal::Regex(_) => Type::regex(),
        Literal::Timestamp(_) => Type::timestamp(),
    }
}

/// True for a number literal other than zero (also negated or in parentheses).
fn is_nonzero_literal(expr: &Expr) -> bool {
    match &narrow::unparen(expr).kind {
        ExprKind::Literal(Literal::Int(v)) => *v != 0,
        ExprKind::Literal(Literal::Float(v)) => *v != 0.0 && v.is_finite(),
        ExprKind::Unary { op: UnaryOp::Neg, expr, .. } => is_nonzero_literal(expr),
        _ => false,
    }
}

/// What an operator's operands must be, for messages.
fn needs_text(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "two numbers or two strings",
        BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => "two numbers",
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => {
            "two numbers, two strings or two timestamps"
        }
        BinaryOp::Match | BinaryOp::NotMatch => "a string and a regex",
        BinaryOp::And | BinaryOp::Or => "two bools",
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Coalesce => "any values",
    }
}

/// The result of an operator over every pair of operand kinds.
struct OperatorTable {
    /// The kinds of the results of the pairs that are defined.
    result: Kinds,
    /// True when some pair of operand kinds is not defined.
    partial: bool,
}

impl OperatorTable {
    fn of(op: BinaryOp, lhs: Kinds, rhs: Kinds) -> OperatorTable {
        let mut result = Kinds::NONE;
        let mut partial = false;
        for l in single_kinds(lhs) {
            for r in single_kinds(rhs) {
                match pair_result(op, l, r) {
                    Some(k) => result = result.union(k),
                    None => partial = true,
                }
            }
        }
        OperatorTable { result, partial }
    }

    /// True when some kind of `side` is defined with no kind of `other`
    /// (`side` is the right operand when `right`).
    fn has_stray(op: BinaryOp, side: Kinds, other: Kinds, right: bool) -> bool {
        single_kinds(side).any(|k| {
            single_kinds(other).all(|o| {
                let (l, r) = if right { (o, k) } else { (k, o) };
                pair_result(op, l, r).is_none()
            })
        })
    }
}

/// Each kind of a set, one at a time.
fn single_kinds(kinds: Kinds) -> impl Iterator<Item = Kinds> {
    Kinds::NAMES.iter().map(|(k, _)| *k).filter(move |k| kinds.contains(*k))
}

/// The result kind of `l op r` for single kinds, `None` when undefined.
fn pair_result(op: BinaryOp, l: Kinds, r: Kinds) -> Option<Kinds> {
    let numbers = Kinds::NUMBER.contains(l) && Kinds::NUMBER.contains(r);
    let both_int = l == Kinds::INT && r == Kinds::INT;
    let same = |k: Kinds| l == k && r == k;
    match op {
        BinaryOp::Add if same(Kinds::STRING) => Some(Kinds::STRING),
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Rem if numbers => {
            Some(if both_int { Kinds::INT } else { Kinds::FLOAT })
        }
        BinaryOp::Div if numbers => Some(Kinds::FLOAT),
        BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
            if numbers || same(Kinds::STRING) || same(Kinds::TIMESTAMP) =>
        {
            Some(Kinds::BOOL)
        }
        BinaryOp::Match | BinaryOp::NotMatch if l == Kinds::STRING && r == Kinds::REGEX => {
            Some(Kinds::BOOL)
        }
        BinaryOp::And | BinaryOp::Or if same(Kinds::BOOL) => Some(Kinds::BOOL),
        BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Coalesce => Some(Kinds::BOOL),
        _ => None,
    }
}
