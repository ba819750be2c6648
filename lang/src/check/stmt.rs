//! Statements and the event's shape.
//!
//! A transform starts with the union of its upstreams' event types and
//! tracks the shape through each statement:
//! - `.a.b = e` sets the field (creating objects on the way), `. = e`
//!   replaces the event: E0305 when `e` cannot be an object; when it may be
//!   something else (`any` from `parse_json`), the engine aborts the event at
//!   run time with "the event must be an object";
//! - `del(.a)` removes the field;
//! - `if` and `match` join the shapes of their branches; a `for` body may
//!   run any number of times, so its shape is joined with the shape before
//!   (the body is checked twice: once to learn what it changes, once with
//!   that knowledge);
//! - `drop`, `abort` and `emit lane` end the event's trip through the
//!   transform: `emit` sends it on the transform's lane `lane`, and the
//!   code after them does not flow on.
//!
//! `let x = e` binds a variable for the rest of the block; `let v, err = e`
//! and `.a, err = e` bind the value and the error of a fallible `e`. In
//! `.a, err = e`, an unbound bare name `err` is bound as a new variable.
//! Variables are reassigned with `x = e` (`x.a = e` changes a field of it).

use crate::ast::{Block, Expr, Ident, Path, PathRoot, Stmt, StmtKind};
use crate::diag::{Code, Diagnostic};
use crate::types::{Kinds, Type};

use super::scope::{Binding, BindingKind};
use super::shape::{self, describe, never};
use super::{Checker, Context, VarRef};

impl Checker<'_> {
    /// Checks a block in a new scope; its value's type.
    pub(super) fn block_value(&mut self, block: &Block) -> Type {
        self.body.scopes.push();
        let ty = self.stmts(&block.stmts);
        self.end_scope();
        ty
    }

    /// Checks statements in the current scope; the type of the last one
    /// when it is an expression, else `null`.
    pub(super) fn stmts(&mut self, stmts: &[Stmt]) -> Type {
        // Blocks nest through `for` too; the parser bounds nesting, this guards it.
        if self.body.depth > super::expr::MAX_DEPTH {
            return never();
        }
        self.body.depth += 1;
        let mut ty = Type::null();
        for stmt in stmts {
            ty = self.stmt(stmt);
        }
        self.body.depth -= 1;
        ty
    }

    fn stmt(&mut self, stmt: &Stmt) -> Type {
        match &stmt.kind {
            StmtKind::Expr(expr) => return self.expr(expr),
            StmtKind::Let { names, value } => self.let_stmt(names, value),
            StmtKind::Assign { targets, value } => self.assign_stmt(targets, value),
            StmtKind::For { names, iter, body } => self.for_stmt(names, iter, body),
            StmtKind::Drop => self.end_event(stmt, "drop"),
            StmtKind::Abort { reason } => {
                if let Some(reason) = reason {
                    self.abort_reason(reason);
                }
                self.end_event(stmt, "abort");
            }
            StmtKind::Emit { lane } => self.emit(stmt, lane),
        }
        Type::null()
    }

    fn let_stmt(&mut self, names: &[Ident], value: &Expr) {
        match names {
            [name] => {
                let ty = self.expr(value);
                self.bind(name, BindingKind::Let, ty);
            }
            [name, err] => {
                let ty = self.handled_value(value, &err.name);
                self.bind(name, BindingKind::Let, ty.union(&Type::null()));
                self.bind(err, BindingKind::Error, error_type());
            }
            _ => {
                for name in names {
                    self.bind(name, BindingKind::Let, Type::any());
                }
                self.expr(value);
            }
        }
    }

    /// Checks the value of an error binding: failures inside are handled,
    /// and there must be some (E0402).
    fn handled_value(&mut self, value: &Expr, err: &str) -> Type {
        self.push_handler();
        let ty = self.expr(value);
        if !self.pop_handler() {
            let diag = Diagnostic::new(
                Code::BadErrorBinding,
                value.span,
                format!("nothing here can fail, so `{err}` would always be null"),
            )
            .with_help("bind the value alone: `let name = ...`");
            self.report(diag);
        }
        ty
    }

    /// Binds a new local, warning when it hides a visible name (W0103).
    pub(super) fn bind(&mut self, name: &Ident, kind: BindingKind, ty: Type) -> usize {
        if kind == BindingKind::Let || kind == BindingKind::Error {
            self.check_shadowing(name);
        }
        let binding = Binding {
            name: name.name.clone(),
            span: name.span,
            kind,
            module: self.body.module,
            used: false,
        };
        let id = self.body.scopes.bind(binding);
        self.body.flow.set_var(id, shape::widen(&ty));
        id
    }

    fn check_shadowing(&mut self, name: &Ident) {
        if name.name.starts_with('_') {
            return;
        }
        let earlier = match self.body.scopes.lookup(&name.name) {
            Some(id) => self.body.scopes.get(id).map(|b| (b.span, b.module)),
            None => self.globals.get(&name.name).map(|g| (g.span, g.decl.module)),
        };
        let Some((span, module)) = earlier else { return };
        let mut diag = Diagnostic::new(
            Code::Shadowed,
            name.span,
            format!("`{}` shadows an earlier binding of the same name", name.name),
        )
        .with_help(format!("rename it, or assign the existing one with `{} = ...`", name.name));
        if module == self.body.module {
            diag = diag.with_secondary(span, "first bound here");
        }
        self.report(diag);
    }

    /// Ends the innermost scope: W0101 for unread variables, W0106 for
    /// unread errors.
    pub(super) fn end_scope(&mut self) {
        for id in self.body.scopes.pop() {
            let Some(binding) = self.body.scopes.get(id) else { continue };
            if binding.used || binding.name.starts_with('_') {
                continue;
            }
            let diag = match binding.kind {
                BindingKind::Param(_) => continue,
                BindingKind::Error => Diagnostic::new(
                    Code::IgnoredError,
                    binding.span,
                    format!("error `{}` is never read", binding.name),
                )
                .with_help(format!(
                    "read it (`if {} != null {{ ... }}`), or handle the failure with `!` or `??`",
                    binding.name
                )),
                BindingKind::Let | BindingKind::Loop => Diagnostic::new(
                    Code::Unused,
                    binding.span,
                    format!("variable `{}` is never read", binding.name),
                )
                .with_help(format!("remove it, or name it `_{}`", binding.name)),
            };
            self.report(diag);
        }
    }

    fn assign_stmt(&mut self, targets: &[Path], value: &Expr) {
        match targets {
            [target] => {
                let ty = self.expr(value);
                self.assign(target, ty);
            }
            [target, err] => {
                let err_name = err.span;
                let ty = self.handled_value(value, self.text(err_name));
                self.assign(target, ty.union(&Type::null()));
                self.assign_error(err);
            }
            _ => {
                let ty = self.expr(value);
                for target in targets {
                    self.assign(target, ty.clone());
                }
            }
        }
    }

    /// The error half of `.a, err = e`: a new variable when `err` is an
    /// unbound bare name.
    fn assign_error(&mut self, err: &Path) {
        if let PathRoot::Var(ident) = &err.root {
            let bound = self.body.scopes.lookup(&ident.name).is_some()
                || self.const_ids.contains_key(&ident.name);
            if err.segments.is_empty() && !bound {
                self.bind(ident, BindingKind::Error, error_type());
                return;
            }
        }
        self.assign(err, error_type());
    }

    /// `target = value` for a value of type `ty`.
    pub(super) fn assign(&mut self, target: &Path, ty: Type) {
        match &target.root {
            PathRoot::Event | PathRoot::Meta => {
                if !self.event_allowed(target, "change") {
                    return;
                }
                if target.segments.is_empty() {
                    self.replace_root(target, &ty);
                    return;
                }
                let flow = &mut self.body.flow;
                let root =
                    if target.root == PathRoot::Event { &mut flow.event } else { &mut flow.meta };
                *root = shape::set_path(root, &target.segments, ty);
            }
            PathRoot::Var(ident) => self.assign_var(target, ident, ty),
        }
    }

    /// `. = e` / `% = e`: the value must be able to be an object (E0305).
    fn replace_root(&mut self, target: &Path, ty: &Type) {
        if !ty.kinds.is_empty() && !ty.kinds.intersects(Kinds::OBJECT) {
            let what = if target.root == PathRoot::Meta { "metadata" } else { "event" };
            let diag = Diagnostic::new(
                Code::RootNotObject,
                target.span,
                format!("the {what} must be an object, this value is `{}`", describe(ty.kinds)),
            )
            .with_help("assign a field instead, for example `.value = ...`");
            self.report(diag);
            return;
        }
        let flow = &mut self.body.flow;
        let root = if target.root == PathRoot::Event { &mut flow.event } else { &mut flow.meta };
        *root = shape::widen(&shape::object_part(ty));
    }

    fn assign_var(&mut self, target: &Path, ident: &Ident, ty: Type) {
        let Some(id) = self.body.scopes.lookup(&ident.name) else {
            if self.const_ids.contains_key(&ident.name) {
                self.not_assignable(ident, "constant");
            } else {
                self.unknown_variable(ident);
            }
            return;
        };
        if let Some(BindingKind::Param(_)) = self.body.scopes.get(id).map(|b| b.kind) {
            self.not_assignable(ident, "parameter");
            return;
        }
        self.vars.insert((self.body.module, target.span), VarRef::Local);
        let updated = shape::set_path(&self.body.flow.var(id), &target.segments, ty);
        self.body.flow.set_var(id, updated);
    }

    fn for_stmt(&mut self, names: &[Ident], iter: &Expr, body: &Block) {
        let iter_ty = self.expr(iter);
        let (key, value) = self.iteration_types(names, iter, &iter_ty);
        let entry = self.body.flow.clone();
        if self.quiet == 0 {
            // A first, silent pass learns what one iteration changes, so
            // the checked pass starts from a state that covers a second one.
            self.quiet += 1;
            self.loop_body(names, &key, &value, body);
            self.quiet -= 1;
            self.body.flow = entry.join(&self.body.flow);
        }
        let start = self.body.flow.clone();
        self.loop_body(names, &key, &value, body);
        self.body.flow = start.join(&self.body.flow);
    }

    fn loop_body(&mut self, names: &[Ident], key: &Type, value: &Type, body: &Block) {
        self.body.scopes.push();
        match names {
            [v] => {
                self.bind(v, BindingKind::Loop, value.clone());
            }
            [k, v, ..] => {
                self.bind(k, BindingKind::Loop, key.clone());
                self.bind(v, BindingKind::Loop, value.clone());
            }
            [] => {}
        }
        self.stmts(&body.stmts);
        self.end_scope();
    }

    /// The types of a loop's key and value; E0307 when `iter` is not iterable.
    fn iteration_types(&mut self, names: &[Ident], iter: &Expr, ty: &Type) -> (Type, Type) {
        let pairs = names.len() >= 2;
        let iterable = if pairs { Kinds::ARRAY.union(Kinds::OBJECT) } else { Kinds::ARRAY };
        if !ty.kinds.is_empty() && !ty.kinds.intersects(iterable) {
            let text = self.text(iter.span);
            let hint = if !pairs && ty.kinds.intersects(Kinds::OBJECT) {
                "to iterate an object, bind its keys and values: `for k, v in ...`"
            } else {
                "`for` iterates arrays (`for x in`) and objects (`for k, v in`)"
            };
            let diag = Diagnostic::new(
                Code::NotIterable,
                iter.span,
                format!(
                    "cannot iterate `{}`: it is `{}`",
                    super::fallible::one_line(text),
                    describe(ty.kinds)
                ),
            )
            .with_help(hint);
            self.report(diag);
            return (never(), never());
        }
        let mut key = never();
        let mut value = shape::element_of(ty);
        if ty.kinds.contains(Kinds::ARRAY) {
            key = Type::int();
        }
        if pairs && ty.kinds.contains(Kinds::OBJECT) {
            key = key.union(&Type::string());
            value = value.union(&shape::field_values_of(ty));
        }
        (key, value)
    }

    /// `drop` / `abort`: only where there is an event.
    fn end_event(&mut self, stmt: &Stmt, what: &str) {
        if matches!(self.body.context, Context::Fn | Context::Const | Context::Test) {
            self.misplaced(stmt, what);
        }
        self.body.flow.diverged = true;
    }

    fn abort_reason(&mut self, reason: &Expr) {
        let ty = self.expr(reason);
        if !ty.kinds.is_empty() && !ty.kinds.intersects(Kinds::STRING) {
            let diag = Diagnostic::new(
                Code::TypeMismatch,
                reason.span,
                format!("the reason of `abort` must be a `string`, found `{}`", describe(ty.kinds)),
            );
            self.report(diag);
        }
    }

    /// `emit lane`: only in a transform; the event leaves on that lane.
    fn emit(&mut self, stmt: &Stmt, lane: &Ident) {
        if self.body.context != Context::Transform {
            self.misplaced(stmt, "emit");
        } else if !self.body.flow.diverged {
            let event = self.body.flow.event.clone();
            match self.body.emits.iter_mut().find(|(name, _)| *name == lane.name) {
                Some((_, ty)) => *ty = ty.union(&event),
                None => self.body.emits.push((lane.name.clone(), event)),
            }
        }
        self.body.flow.diverged = true;
    }

    /// E0211 for `drop`, `abort` or `emit` where they do not belong.
    fn misplaced(&mut self, stmt: &Stmt, what: &str) {
        let place = match self.body.context {
            Context::Fn => "a function",
            Context::Const => "a constant",
            Context::Test => "a test",
            Context::Route => "a route",
            Context::Transform => "this place",
        };
        let help = if what == "emit" {
            "`emit` sends the event on a lane of the enclosing transform"
        } else {
            "act on the event in a transform"
        };
        let diag = Diagnostic::new(
            Code::MisplacedStatement,
            stmt.span,
            format!("`{what}` is not allowed in {place}"),
        )
        .with_help(help);
        self.report(diag);
    }
}

/// The type of a bound error: its message, or `null` when nothing failed.
fn error_type() -> Type {
    Type::string().union(&Type::null())
}
