//! Declarations that are not pipeline nodes: the namespace itself, user
//! functions, constants and tests.
//!
//! Functions and constants are checked callees first (the order comes from
//! the strongly connected components of the reference graph), so every call
//! sees its callee's return type. A function sees only its parameters and
//! the constants: it cannot read or change the event. Its body's type must
//! fit the declared return type (E0304); without one, the body's type is the
//! return type. Parameter and return types are written as unions of type
//! names (E0308 for an unknown name).
//!
//! Tests: `input NAME = events` must name an input, `expect T ...` a
//! transform (or its `emit` lane), a route lane or an output (E0212). The
//! events are an object literal or an array of them; `_` inside an
//! expectation matches anything.

use crate::ast::{Block, DeclKind, Expr, ExprKind, Param, TestStmtKind, TypeExpr, Upstream};
use crate::diag::{Code, Diagnostic};
use crate::types::{Kinds, Type};

use super::scope::{BindingKind, Global, GlobalKind, did_you_mean};
use super::shape::{self, describe};
use super::topology::sccs;
use super::visit::{Refs, walk_block, walk_expr};
use super::{Body, Checker, ConstDef, Context, DeclRef, UserFn};

impl<'a> Checker<'a> {
    /// Declares every named declaration of every module (E0201 on clashes).
    pub(super) fn declare_globals(&mut self) {
        let modules = self.modules;
        for (module, m) in modules.iter().enumerate() {
            for (index, decl) in m.program.decls.iter().enumerate() {
                let Some(kind) = global_kind(&decl.kind) else { continue };
                // Used files may only hold functions and constants (E0206 was reported).
                if module != 0 && !matches!(kind, GlobalKind::Fn | GlobalKind::Const) {
                    continue;
                }
                let Some(name) = decl.name() else { continue };
                self.declare(name, kind, DeclRef { module, index });
            }
        }
    }

    fn declare(&mut self, name: &crate::ast::Ident, kind: GlobalKind, decl: DeclRef) {
        if kind == GlobalKind::Fn && (self.fns.get(&name.name).is_some() || is_special(&name.name))
        {
            let diag = Diagnostic::new(
                Code::DuplicateName,
                name.span,
                format!("`{}` is the name of a built-in function", name.name),
            )
            .with_help("choose another name");
            self.report_in(decl.module, diag);
            return;
        }
        let global = Global { name: name.name.clone(), kind, decl, span: name.span, used: false };
        match self.globals.declare(global) {
            Ok(_) => self.register_item(name, kind, decl),
            Err(first) => {
                let (first_span, first_module) = (first.span, first.decl.module);
                let mut diag = Diagnostic::new(
                    Code::DuplicateName,
                    name.span,
                    format!("the name `{}` is declared twice", name.name),
                );
                if first_module == decl.module {
                    diag = diag.with_secondary(first_span, "first declared here");
                } else {
                    let file = self.modules.get(first_module).map_or("", |m| m.name.as_str());
                    diag = diag.with_note(format!("first declared in `{file}`"));
                }
                self.report_in(decl.module, diag);
            }
        }
    }

    /// Gives functions and constants their ids.
    fn register_item(&mut self, name: &crate::ast::Ident, kind: GlobalKind, decl: DeclRef) {
        match kind {
            GlobalKind::Fn => {
                self.fn_ids.insert(name.name.clone(), self.user_fns.len());
                self.user_fns.push(UserFn {
                    name: name.name.clone(),
                    decl,
                    params: Vec::new(),
                    ret: Type::any(),
                });
                self.fn_ready.push(false);
            }
            GlobalKind::Const => {
                self.const_ids.insert(name.name.clone(), self.consts.len());
                self.consts.push(ConstDef { name: name.name.clone(), decl, ty: Type::any() });
                self.const_ready.push(false);
            }
            _ => {}
        }
    }

    /// Checks every function and constant, callees first; E0209 on cycles.
    pub(super) fn check_items(&mut self) {
        for id in 0..self.user_fns.len() {
            self.resolve_signature(id);
        }
        let items = self.items();
        let edges: Vec<Vec<usize>> =
            items.iter().map(|item| self.item_refs(item, &items)).collect();
        for component in sccs(&edges) {
            let cyclic =
                component.len() > 1 || component.first().is_some_and(|&i| edges[i].contains(&i));
            if cyclic {
                self.report_recursion(&component, &items, &edges);
            }
            for &i in &component {
                match items[i] {
                    Item::Fn(id) => self.check_fn(id),
                    Item::Const(id) => self.check_const(id),
                }
            }
        }
    }

    fn items(&self) -> Vec<Item> {
        let fns = (0..self.user_fns.len()).map(Item::Fn);
        fns.chain((0..self.consts.len()).map(Item::Const)).collect()
    }

    fn item_decl(&self, item: Item) -> Option<(DeclRef, &'a crate::ast::Decl)> {
        let decl = match item {
            Item::Fn(id) => self.user_fns.get(id)?.decl,
            Item::Const(id) => self.consts.get(id)?.decl,
        };
        let modules: &'a [super::Module] = self.modules;
        Some((decl, modules.get(decl.module)?.program.decls.get(decl.index)?))
    }

    /// The items an item's body refers to, as indices into `items`.
    fn item_refs(&self, item: &Item, items: &[Item]) -> Vec<usize> {
        let mut refs = Refs::default();
        match self.item_decl(*item).map(|(_, d)| &d.kind) {
            Some(DeclKind::Fn { body, .. }) => walk_block(body, &mut |v| refs.add(v)),
            Some(DeclKind::Const { value, .. }) => walk_expr(value, &mut |v| refs.add(v)),
            _ => {}
        }
        let fn_count = self.user_fns.len();
        let mut out: Vec<usize> = refs
            .calls
            .iter()
            .filter_map(|n| self.fn_ids.get(&n.name).copied())
            .chain(
                refs.names.iter().filter_map(|n| self.const_ids.get(&n.name).map(|c| c + fn_count)),
            )
            .filter(|&i| i < items.len())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// E0209 for one cycle of functions and constants.
    fn report_recursion(&mut self, component: &[usize], items: &[Item], edges: &[Vec<usize>]) {
        let Some(&first) = component.iter().min() else { return };
        let cycle = super::topology::cycle_through(first, component, edges);
        let names: Vec<String> = cycle.iter().map(|&i| self.item_name(items[i])).collect();
        let Some((decl, d)) = self.item_decl(items[first]) else { return };
        let Some(name) = d.name() else { return };
        let message = match items[first] {
            Item::Fn(_) if names.len() <= 2 => format!("function `{}` calls itself", name.name),
            Item::Fn(_) => {
                format!("functions call each other in a cycle: `{}`", names.join("` -> `"))
            }
            Item::Const(_) => {
                format!("constants refer to each other in a cycle: `{}`", names.join("` -> `"))
            }
        };
        let diag = Diagnostic::new(Code::RecursiveFunction, name.span, message).with_help(
            "user functions are inlined, so they cannot recurse; compute the value another way",
        );
        self.report_in(decl.module, diag);
    }

    fn item_name(&self, item: Item) -> String {
        match item {
            Item::Fn(id) => self.user_fns.get(id).map(|f| f.name.clone()),
            Item::Const(id) => self.consts.get(id).map(|c| c.name.clone()),
        }
        .unwrap_or_default()
    }

    /// Parameter and declared return types of function `id`.
    fn resolve_signature(&mut self, id: usize) {
        let Some((decl, d)) = self.item_decl(Item::Fn(id)) else { return };
        let DeclKind::Fn { params, ret, .. } = &d.kind else { return };
        let module = decl.module;
        let mut seen: Vec<&Param> = Vec::new();
        let mut typed = Vec::new();
        for param in params {
            if let Some(first) = seen.iter().find(|p| p.name.name == param.name.name) {
                let diag = Diagnostic::new(
                    Code::DuplicateItem,
                    param.name.span,
                    format!("duplicate parameter `{}`", param.name.name),
                )
                .with_secondary(first.name.span, "first declared here");
                self.report_in(module, diag);
            }
            seen.push(param);
            typed.push((param.name.name.clone(), self.type_expr(module, &param.ty)));
        }
        let declared = ret.as_ref().map(|r| self.type_expr(module, r));
        if let Some(function) = self.user_fns.get_mut(id) {
            function.params = typed;
            if let Some(declared) = declared {
                function.ret = declared;
                if let Some(ready) = self.fn_ready.get_mut(id) {
                    *ready = true;
                }
            }
        }
    }

    /// The type a type expression names (E0308 for unknown names).
    fn type_expr(&mut self, module: usize, ty: &TypeExpr) -> Type {
        let mut kinds = Kinds::NONE;
        for alternative in &ty.alternatives {
            match Kinds::from_name(&alternative.name) {
                Some(k) => kinds = kinds.union(k),
                None => {
                    let names = Kinds::NAMES.iter().map(|(_, n)| *n).chain(["any"]);
                    let mut diag = Diagnostic::new(
                        Code::UnknownType,
                        alternative.span,
                        format!("unknown type `{}`", alternative.name),
                    );
                    diag = match did_you_mean(&alternative.name, names) {
                        Some(s) => diag.with_help(format!("did you mean `{s}`?")),
                        None => diag.with_help(
                            "types are null, bool, int, float, string, bytes, timestamp, regex, array, object and any",
                        ),
                    };
                    self.report_in(module, diag);
                }
            }
        }
        Type::of(kinds)
    }

    fn check_fn(&mut self, id: usize) {
        let Some((decl, d)) = self.item_decl(Item::Fn(id)) else { return };
        let DeclKind::Fn { body, ret, .. } = &d.kind else { return };
        let Some(function) = self.user_fns.get(id) else { return };
        let params = function.params.clone();
        let declared = ret.as_ref().map(|_| function.ret.clone());
        let body_ty = self.fn_body(decl.module, d, body, &params);
        match declared {
            Some(declared) => self.check_return(decl.module, d, &body_ty, &declared),
            None => {
                if let Some(function) = self.user_fns.get_mut(id) {
                    function.ret = shape::widen(&body_ty);
                }
            }
        }
        if let Some(ready) = self.fn_ready.get_mut(id) {
            *ready = true;
        }
    }

    fn fn_body(
        &mut self,
        module: usize,
        decl: &crate::ast::Decl,
        body: &Block,
        params: &[(String, Type)],
    ) -> Type {
        let DeclKind::Fn { params: written, .. } = &decl.kind else { return Type::any() };
        let fresh = Body::new(module, Context::Fn, Type::any());
        let (ty, _) = self.with_body(fresh, |ck| {
            ck.body.scopes.push();
            for (i, (param, (_, ty))) in written.iter().zip(params).enumerate() {
                ck.bind(&param.name, BindingKind::Param(i), ty.clone());
            }
            let ty = ck.block_value(body);
            ck.end_scope();
            ty
        });
        ty
    }

    /// E0304 when the body's type does not fit the declared return type.
    fn check_return(
        &mut self,
        module: usize,
        decl: &crate::ast::Decl,
        body_ty: &Type,
        declared: &Type,
    ) {
        if body_ty.kinds.is_empty()
            || declared.kinds.is_empty()
            || declared.kinds.contains(body_ty.kinds)
        {
            return;
        }
        let DeclKind::Fn { name, ret: Some(ret), body, .. } = &decl.kind else { return };
        let span = match body.stmts.last() {
            Some(stmt) => stmt.span,
            None => body.span,
        };
        let diag = Diagnostic::new(
            Code::ReturnType,
            span,
            format!(
                "`{}` returns `{}`, but declares `{}`",
                name.name,
                describe(body_ty.kinds),
                describe(declared.kinds)
            ),
        )
        .with_label(format!("this is `{}`", describe(body_ty.kinds)))
        .with_secondary(ret.span, "declared here")
        .with_help(
            "convert the value (`string!(...)`, `... ?? default`) or widen the declared type",
        );
        self.report_in(module, diag);
    }

    fn check_const(&mut self, id: usize) {
        let Some((decl, d)) = self.item_decl(Item::Const(id)) else { return };
        let DeclKind::Const { value, .. } = &d.kind else { return };
        let fresh = Body::new(decl.module, Context::Const, Type::any());
        let (ty, _) = self.with_body(fresh, |ck| ck.expr(value));
        if let Some(def) = self.consts.get_mut(id) {
            def.ty = shape::widen(&ty);
        }
        if let Some(ready) = self.const_ready.get_mut(id) {
            *ready = true;
        }
    }

    /// Checks every `test` declaration of the main file.
    pub(super) fn check_tests(&mut self) {
        let modules = self.modules;
        let Some(main) = modules.first() else { return };
        for decl in &main.program.decls {
            let DeclKind::Test { stmts, .. } = &decl.kind else { continue };
            let fresh = Body::new(0, Context::Test, Type::any());
            self.with_body(fresh, |ck| {
                for stmt in stmts {
                    ck.test_stmt(&stmt.kind);
                }
            });
        }
    }

    fn test_stmt(&mut self, stmt: &TestStmtKind) {
        match stmt {
            TestStmtKind::Input { target, events } => {
                self.test_input_target(target);
                self.test_events(events, false);
            }
            TestStmtKind::Expect { target, events } => {
                self.test_expect_target(target);
                self.test_events(events, true);
            }
            TestStmtKind::ExpectDropped { target } => self.test_expect_target(target),
            TestStmtKind::ExpectAborted { target, reason } => {
                self.test_expect_target(target);
                if let Some(reason) = reason {
                    self.expr(reason);
                    let literal = matches!(
                        &reason.kind,
                        ExprKind::Literal(crate::ast::Literal::String { .. })
                    );
                    if !literal {
                        self.not_data(reason, "an abort reason must be a string literal");
                    }
                }
            }
        }
    }

    fn test_input_target(&mut self, target: &crate::ast::Ident) {
        if self.globals.get(&target.name).is_some_and(|g| g.kind == GlobalKind::Input) {
            return;
        }
        let inputs = self.globals.names_of(&[GlobalKind::Input]);
        let suggestion = did_you_mean(&target.name, inputs);
        self.unknown_target(
            target.span,
            format!("`{}` is not an input of this file", target.name),
            suggestion,
        );
    }

    fn test_expect_target(&mut self, target: &Upstream) {
        let name = &target.node.name;
        let lane = target.lane.as_ref().map(|l| l.name.as_str());
        let ok = match self.globals.get(name).map(|g| g.kind) {
            Some(GlobalKind::Transform) => lane.is_none_or(|l| self.transform_emits(name, l)),
            Some(GlobalKind::Route) => lane.is_some_and(|l| self.route_has_lane(name, l)),
            Some(GlobalKind::Output) => lane.is_none(),
            _ => false,
        };
        if ok {
            return;
        }
        let kinds = [GlobalKind::Transform, GlobalKind::Route, GlobalKind::Output];
        let suggestion = did_you_mean(name, self.globals.names_of(&kinds));
        let written = self.text(target.span);
        self.unknown_target(
            target.span,
            format!("`{written}` is not a transform, route lane or output of this file"),
            suggestion,
        );
    }

    fn unknown_target(
        &mut self,
        span: crate::span::Span,
        message: String,
        suggestion: Option<String>,
    ) {
        let name = self.text(span).split('.').next().unwrap_or("");
        if self.unparsed.names.contains(name) {
            return;
        }
        let mut diag = Diagnostic::new(Code::UnknownTestTarget, span, message);
        if let Some(s) = suggestion {
            diag = diag.with_help(format!("did you mean `{s}`?"));
        }
        self.report(diag);
    }

    /// Checks the events of a test statement: objects, or arrays of them.
    fn test_events(&mut self, events: &Expr, expectation: bool) {
        self.body.wildcard_ok = expectation;
        let ty = self.expr(events);
        self.body.wildcard_ok = false;
        if let Some(code) = first_non_data(events) {
            let what = "test values must be literals, arrays, objects or `_`, not expressions";
            self.not_data(code, what);
            return;
        }
        let is_events = match &events.kind {
            ExprKind::Array(_) => shape::element_of(&ty).kinds.minus(Kinds::OBJECT).is_empty(),
            _ => ty.kinds == Kinds::OBJECT || (expectation && ty.is_any()),
        };
        if !is_events {
            let diag = Diagnostic::new(
                Code::RootNotObject,
                events.span,
                "a test event must be an object, or an array of objects",
            )
            .with_help("write the event as an object literal: `{ \"message\": \"...\" }`");
            self.report(diag);
        }
    }

    /// E0213 at `expr`.
    fn not_data(&mut self, expr: &Expr, message: &str) {
        let written = self.text(expr.span);
        let diag = Diagnostic::new(Code::TestValueNotData, expr.span, message)
            .with_label(format!("`{}` would have to be run", super::fallible::one_line(written)))
            .with_help("write the value the expression gives, as a literal");
        self.report(diag);
    }

    /// The lanes each transform emits, from its body's syntax.
    pub(super) fn emitted_lanes(body: &Block) -> Vec<(String, crate::span::Span)> {
        let mut lanes: Vec<(String, crate::span::Span)> = Vec::new();
        walk_block(body, &mut |v| {
            if let super::visit::Visit::Stmt(stmt) = v
                && let crate::ast::StmtKind::Emit { lane } = &stmt.kind
                && !lanes.iter().any(|(n, _)| *n == lane.name)
            {
                lanes.push((lane.name.clone(), lane.span));
            }
        });
        lanes
    }

    fn transform_emits(&self, name: &str, lane: &str) -> bool {
        self.main_decl(name).is_some_and(|d| match &d.kind {
            DeclKind::Transform { body, .. } => {
                Self::emitted_lanes(body).iter().any(|(n, _)| n == lane)
            }
            _ => false,
        })
    }

    fn route_has_lane(&self, name: &str, lane: &str) -> bool {
        self.main_decl(name).is_some_and(|d| match &d.kind {
            DeclKind::Route { lanes, .. } => lanes.iter().any(|l| l.name.name == lane),
            _ => false,
        })
    }

    fn main_decl(&self, name: &str) -> Option<&crate::ast::Decl> {
        let global = self.globals.get(name)?;
        self.modules.get(global.decl.module)?.program.decls.get(global.decl.index)
    }

    /// W0101 for the main file's functions and constants nothing uses.
    pub(super) fn report_unused_items(&mut self) {
        let unused: Vec<(crate::span::Span, String, GlobalKind)> = self
            .globals
            .items
            .iter()
            .filter(|g| g.decl.module == 0 && !g.used && !g.name.starts_with('_'))
            .filter(|g| matches!(g.kind, GlobalKind::Fn | GlobalKind::Const))
            .map(|g| (g.span, g.name.clone(), g.kind))
            .collect();
        for (span, name, kind) in unused {
            let message = match kind {
                GlobalKind::Fn => format!("function `{name}` is never called"),
                _ => format!("constant `{name}` is never used"),
            };
            let diag = Diagnostic::new(Code::Unused, span, message)
                .with_help(format!("remove it, or name it `_{name}`"));
            self.report_in(0, diag);
        }
    }
}

/// A function or constant, for ordering their checks.
#[derive(Clone, Copy, Debug)]
enum Item {
    Fn(usize),
    Const(usize),
}

fn global_kind(kind: &DeclKind) -> Option<GlobalKind> {
    Some(match kind {
        DeclKind::Input { .. } => GlobalKind::Input,
        DeclKind::Transform { .. } => GlobalKind::Transform,
        DeclKind::Route { .. } => GlobalKind::Route,
        DeclKind::Output { .. } => GlobalKind::Output,
        DeclKind::Fn { .. } => GlobalKind::Fn,
        DeclKind::Const { .. } => GlobalKind::Const,
        DeclKind::Use { .. } | DeclKind::Test { .. } => return None,
    })
}

fn is_special(name: &str) -> bool {
    name == "del" || name == "exists"
}

/// The first part of a test value that is code rather than data (a regex
/// literal counts as code: it cannot be an event value).
fn first_non_data(expr: &Expr) -> Option<&Expr> {
    match &expr.kind {
        ExprKind::Literal(crate::ast::Literal::Regex(_)) => Some(expr),
        ExprKind::Literal(_) | ExprKind::Wildcard => None,
        ExprKind::Paren(inner) => first_non_data(inner),
        ExprKind::Array(items) => items.iter().find_map(first_non_data),
        ExprKind::Object(entries) => entries.iter().find_map(|entry| first_non_data(&entry.value)),
        _ => Some(expr),
    }
}
