//! Calls: built-ins from the registry, user functions and the special forms
//! `del(path)` / `exists(path)`.
//!
//! Arguments bind to parameters positionally, then by name. Too many
//! positional arguments is E0501, an unknown name E0502, a missing required
//! parameter E0503, a parameter given twice E0511. An argument whose type
//! has no kind in common with the parameter is E0302; one that only partly
//! fits makes the call fallible, as does the function's own rule
//! (`FnSig::fallible`). Constant arguments are validated by
//! `FnSig::check_args` (E0504 on the argument). The result type is
//! `FnSig::return_type`, or a user function's declared (else inferred)
//! return type.

use crate::ast::{Arg, Call, Expr, ExprKind, Path, PathRoot};
use crate::diag::{Code, Diagnostic};
use crate::sig::{ArgInfo, FnSig};
use crate::types::{Kinds, Type};

use super::scope::{BindingKind, did_you_mean};
use super::shape::{self, describe, never};
use super::{CallInfo, CallTarget, Checker, Context, FnId, Special};

/// A parameter as the binder sees it.
struct ParamSpec<'p> {
    name: &'p str,
    kinds: Kinds,
    required: bool,
}

impl Checker<'_> {
    pub(super) fn call(&mut self, expr: &Expr, call: &Call) -> Type {
        let name = call.name.name.as_str();
        match name {
            "del" => return self.special(expr, call, Special::Del),
            "exists" => return self.special(expr, call, Special::Exists),
            _ => {}
        }
        if let Some(&id) = self.fn_ids.get(name) {
            return self.user_call(expr, call, id);
        }
        let fns = self.fns;
        if let Some(sig) = fns.get(name) {
            return self.builtin_call(expr, call, sig);
        }
        for arg in &call.args {
            self.expr(&arg.value);
        }
        self.unknown_function(call);
        never()
    }

    fn unknown_function(&mut self, call: &Call) {
        if self.unparsed.names.contains(&call.name.name) {
            return;
        }
        let builtins: Vec<&str> = self.fns.all().iter().map(|f| f.name()).collect();
        let users = self.fn_ids.keys().map(String::as_str);
        let candidates = builtins.into_iter().chain(users).chain(["del", "exists"]);
        let mut diag = Diagnostic::new(
            Code::UnknownFunction,
            call.name.span,
            format!("unknown function `{}`", call.name.name),
        )
        .with_label("no built-in or user function has this name");
        if let Some(s) = did_you_mean(&call.name.name, candidates) {
            diag = diag.with_help(format!("did you mean `{s}`?"));
        }
        self.report(diag);
    }

    fn builtin_call(&mut self, expr: &Expr, call: &Call, sig: &dyn FnSig) -> Type {
        let types: Vec<Type> = call.args.iter().map(|a| self.expr(&a.value)).collect();
        let params: Vec<ParamSpec<'_>> = sig
            .params()
            .iter()
            .map(|p| ParamSpec { name: p.name, kinds: p.kinds, required: p.required })
            .collect();
        let Some(slots) = self.bind_args(sig.name(), call, &params) else {
            return never();
        };
        let texts: Vec<&str> = call.args.iter().map(|a| self.text(a.value.span)).collect();
        let infos: Vec<Option<ArgInfo<'_>>> = slots
            .iter()
            .map(|slot| {
                slot.map(|j| ArgInfo { ty: &types[j], expr: &call.args[j].value, text: texts[j] })
            })
            .collect();
        let Some(partial) = self.check_arg_types(sig.name(), call, &params, &slots, &types) else {
            return sig.return_type(&infos);
        };
        if let Err((index, message)) = sig.check_args(&infos) {
            let span = slots
                .get(index)
                .copied()
                .flatten()
                .map_or(call.args_span, |j| call.args[j].value.span);
            let diag = Diagnostic::new(
                Code::InvalidArgument,
                span,
                format!("invalid argument to `{}`: {}", sig.name(), first_line(&message)),
            );
            self.report(diag);
        }
        let reason = partial.or_else(|| sig.fallible(&infos));
        let ret = sig.return_type(&infos);
        let target = CallTarget::Builtin(sig.name());
        self.finish_call(expr, call, target, reason, &ret);
        shape::widen(&ret)
    }

    fn user_call(&mut self, expr: &Expr, call: &Call, id: FnId) -> Type {
        let types: Vec<Type> = call.args.iter().map(|a| self.expr(&a.value)).collect();
        let Some(function) = self.user_fns.get(id) else { return Type::any() };
        let name = function.name.clone();
        let declared: Vec<(String, Kinds)> =
            function.params.iter().map(|(n, t)| (n.clone(), t.kinds)).collect();
        // A function on a call cycle (E0209) has no known return type.
        let ret = if self.fn_ready.get(id).copied().unwrap_or(false) {
            function.ret.clone()
        } else {
            never()
        };
        self.globals.mark_used(&name);
        let params: Vec<ParamSpec<'_>> = declared
            .iter()
            .map(|(n, k)| ParamSpec { name: n, kinds: *k, required: true })
            .collect();
        let Some(slots) = self.bind_args(&name, call, &params) else {
            return ret;
        };
        let partial = self.check_arg_types(&name, call, &params, &slots, &types).flatten();
        self.finish_call(expr, call, CallTarget::User(id), partial, &ret);
        ret
    }

    /// Records the call and handles its fallibility (`!`, or a failure).
    fn finish_call(
        &mut self,
        expr: &Expr,
        call: &Call,
        target: CallTarget,
        reason: Option<String>,
        ret: &Type,
    ) {
        let fallible = reason.is_some();
        self.calls.insert((self.body.module, expr.span), CallInfo { target, fallible });
        match (call.bang, reason) {
            (true, None) => self.needless_bang(call.name.span, &call.name.name),
            (false, Some(reason)) => {
                let failure = self.call_failure(expr, &call.name.name, &reason, ret);
                self.fail(failure);
            }
            _ => {}
        }
    }

    /// Binds arguments to parameters: for each parameter, the index of its
    /// argument. `None` when a required parameter is missing (the call's
    /// types cannot be worked out).
    fn bind_args(
        &mut self,
        name: &str,
        call: &Call,
        params: &[ParamSpec<'_>],
    ) -> Option<Vec<Option<usize>>> {
        let mut slots: Vec<Option<usize>> = vec![None; params.len()];
        let mut positional = 0;
        let mut too_many = None;
        for (j, arg) in call.args.iter().enumerate() {
            let index = match &arg.name {
                None => {
                    positional += 1;
                    if positional > params.len() {
                        too_many.get_or_insert(arg.span);
                        continue;
                    }
                    positional - 1
                }
                Some(arg_name) => match params.iter().position(|p| p.name == arg_name.name) {
                    Some(i) => i,
                    None => {
                        self.unknown_argument(name, arg_name, params);
                        continue;
                    }
                },
            };
            match slots.get(index).copied().flatten() {
                Some(first) => {
                    self.argument_twice(name, params[index].name, arg, &call.args[first])
                }
                None => slots[index] = Some(j),
            }
        }
        if let Some(span) = too_many {
            let count = call.args.iter().filter(|a| a.name.is_none()).count();
            let message = format!(
                "`{name}` takes {} positional argument{}, found {count}",
                params.len(),
                if params.len() == 1 { "" } else { "s" }
            );
            self.report(
                Diagnostic::new(Code::WrongArity, span, message).with_label("extra argument"),
            );
        }
        let mut complete = true;
        for (param, slot) in params.iter().zip(&slots) {
            if param.required && slot.is_none() {
                complete = false;
                let message = format!("`{name}` needs argument `{}`", param.name);
                self.report(Diagnostic::new(Code::MissingArgument, call.args_span, message));
            }
        }
        complete.then_some(slots)
    }

    fn unknown_argument(&mut self, name: &str, arg: &crate::ast::Ident, params: &[ParamSpec<'_>]) {
        let mut diag = Diagnostic::new(
            Code::UnknownArgument,
            arg.span,
            format!("`{name}` has no parameter `{}`", arg.name),
        );
        let names: Vec<&str> = params.iter().map(|p| p.name).collect();
        diag = match did_you_mean(&arg.name, names.iter().copied()) {
            Some(s) => diag.with_help(format!("did you mean `{s}`?")),
            None => diag.with_help(format!("its parameters are `{}`", names.join("`, `"))),
        };
        self.report(diag);
    }

    fn argument_twice(&mut self, name: &str, param: &str, arg: &Arg, first: &Arg) {
        let diag = Diagnostic::new(
            Code::ArgumentTwice,
            arg.span,
            format!("argument `{param}` of `{name}` is given twice"),
        )
        .with_secondary(first.span, "first given here");
        self.report(diag);
    }

    /// E0302 for arguments that cannot fit; `None` when one cannot, else
    /// `Some(reason)` for the first argument that only partly fits.
    fn check_arg_types(
        &mut self,
        name: &str,
        call: &Call,
        params: &[ParamSpec<'_>],
        slots: &[Option<usize>],
        types: &[Type],
    ) -> Option<Option<String>> {
        let mut partial = None;
        let mut fits = true;
        for (param, slot) in params.iter().zip(slots) {
            let Some(j) = *slot else { continue };
            let (Some(ty), Some(arg)) = (types.get(j), call.args.get(j)) else { continue };
            if ty.kinds.is_empty() || param.kinds.is_empty() || param.kinds.contains(ty.kinds) {
                continue;
            }
            let text = self.text(arg.value.span);
            if !ty.kinds.intersects(param.kinds) {
                fits = false;
                let diag = Diagnostic::new(
                    Code::ArgumentType,
                    arg.value.span,
                    format!(
                        "argument `{}` of `{name}` must be `{}`, found `{}`",
                        param.name,
                        describe(param.kinds),
                        describe(ty.kinds)
                    ),
                )
                .with_label(format!(
                    "`{}` is `{}`",
                    super::fallible::one_line(text),
                    describe(ty.kinds)
                ));
                self.report(diag);
            } else if partial.is_none() {
                partial = Some(format!(
                    "`{text}` is `{}` here, `{name}` needs `{}`",
                    describe(ty.kinds),
                    describe(param.kinds)
                ));
            }
        }
        fits.then_some(partial)
    }

    /// `del(path)` and `exists(path)`.
    fn special(&mut self, expr: &Expr, call: &Call, special: Special) -> Type {
        let name = call.name.name.as_str();
        let path = self.special_path(call, name);
        let result = match (path, special) {
            (Some(path), Special::Del) => self.delete(path),
            (Some(path), Special::Exists) => {
                self.read_path(path);
                Type::bool()
            }
            (None, Special::Del) => never(),
            (None, Special::Exists) => Type::bool(),
        };
        self.calls.insert(
            (self.body.module, expr.span),
            CallInfo { target: CallTarget::Special(special), fallible: false },
        );
        if call.bang {
            self.needless_bang(call.name.span, name);
        }
        result
    }

    /// The one path argument of a special form, reporting what is wrong.
    fn special_path<'c>(&mut self, call: &'c Call, name: &str) -> Option<&'c Path> {
        for arg in call.args.iter().skip(1) {
            self.expr(&arg.value);
        }
        let Some(arg) = call.args.first() else {
            let message = format!("`{name}` needs argument `path`");
            self.report(Diagnostic::new(Code::MissingArgument, call.args_span, message));
            return None;
        };
        if call.args.len() > 1 {
            let message =
                format!("`{name}` takes 1 positional argument, found {}", call.args.len());
            let span = call.args.get(1).map_or(call.args_span, |a| a.span);
            self.report(Diagnostic::new(Code::WrongArity, span, message));
        }
        if let Some(arg_name) = arg.name.as_ref().filter(|n| n.name != "path") {
            let message = format!("`{name}` has no parameter `{}`", arg_name.name);
            self.report(Diagnostic::new(Code::UnknownArgument, arg_name.span, message));
        }
        match &arg.value.kind {
            ExprKind::Path(path) => Some(path),
            _ => {
                self.expr(&arg.value);
                let diag = Diagnostic::new(
                    Code::ArgumentType,
                    arg.value.span,
                    format!("`{name}` takes a path such as `.field`, not a value"),
                )
                .with_label("not a path");
                self.report(diag);
                None
            }
        }
    }

    /// `del(path)`: the removed value's type; the field leaves the shape.
    fn delete(&mut self, path: &Path) -> Type {
        if path.segments.is_empty() {
            let diag = Diagnostic::new(
                Code::ArgumentType,
                path.span,
                "`del` needs a field path such as `.field`, not a whole value",
            );
            self.report(diag);
            return never();
        }
        let ty = self.read_path(path);
        match &path.root {
            PathRoot::Event | PathRoot::Meta => {
                if self.body.context == Context::Route {
                    self.event_allowed(path, "change");
                    return ty;
                }
                let flow = &mut self.body.flow;
                let root =
                    if path.root == PathRoot::Event { &mut flow.event } else { &mut flow.meta };
                *root = shape::del_path(root, &path.segments);
            }
            PathRoot::Var(ident) => self.delete_in_var(path, ident),
        }
        ty
    }

    fn delete_in_var(&mut self, path: &Path, ident: &crate::ast::Ident) {
        let Some(id) = self.body.scopes.lookup(&ident.name) else {
            if self.const_ids.contains_key(&ident.name) {
                self.not_assignable(ident, "constant");
            }
            return;
        };
        if let Some(BindingKind::Param(_)) = self.body.scopes.get(id).map(|b| b.kind) {
            self.not_assignable(ident, "parameter");
            return;
        }
        let updated = shape::del_path(&self.body.flow.var(id), &path.segments);
        self.body.flow.set_var(id, updated);
    }

    /// E0210 for a write to a constant or parameter.
    pub(super) fn not_assignable(&mut self, ident: &crate::ast::Ident, what: &str) {
        let diag = Diagnostic::new(
            Code::InvalidAssignTarget,
            ident.span,
            format!("cannot change {what} `{}`", ident.name),
        )
        .with_help(format!("copy it into a variable: `let {0}_copy = {0}`", ident.name));
        self.report(diag);
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end_matches('.')
}
