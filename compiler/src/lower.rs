//! Lowering: a [`Checked`] program to the IR, resolving every name once.
//!
//! The checker has already reported every error a user can make; lowering
//! fails only on what the checker could not see (a constant whose value
//! fails to compute, a constant argument a function refuses at `prepare`),
//! and then with a message, never a panic.

use std::collections::HashMap;
use std::sync::Arc;

use lgp_lang::ast::{self, DeclKind, ExprKind, Literal, PathRoot, StmtKind};
use lgp_lang::check::typed::{CallTarget, Checked, ModuleId, Special, VarRef};
use lgp_lang::sig::ArgInfo;
use lgp_lang::types::Kinds;
use lgp_stdlib::value::RegexValue;
use lgp_stdlib::{Event, Str, Value};

use crate::ir::*;

/// How deep user functions may inline into each other (recursion is a
/// checker error; this guards the lowering itself).
const MAX_INLINE: usize = 64;

/// Why a checked program could not be lowered.
#[derive(Clone, Debug, PartialEq)]
pub struct LowerError {
    pub message: String,
    pub module: ModuleId,
    pub span: lgp_lang::Span,
}

impl std::fmt::Display for LowerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Lowers every node of the program, in `checked.nodes` order.
///
/// # Errors
/// The first problem found (see the module doc).
pub fn lower(checked: &Checked) -> Result<Vec<NodeCode>, LowerError> {
    let mut cx = Lowerer { checked, consts: HashMap::new(), inline_depth: 0 };
    let mut code: Vec<NodeCode> =
        checked.nodes.iter().map(|node| cx.node(node.decl)).collect::<Result<_, _>>()?;
    code.iter_mut().for_each(crate::projection::project);
    Ok(code)
}

/// Lowers a lone expression of the main module (the REPL and doc examples),
/// with the given names bound to local slots 0, 1, ...
///
/// # Errors
/// As [`lower`].
pub fn lower_expr(checked: &Checked, expr: &ast::Expr) -> Result<(Expr, usize), LowerError> {
    let mut cx = Lowerer { checked, consts: HashMap::new(), inline_depth: 0 };
    let mut scope = Scope::default();
    let e = cx.expr(0, &mut scope, expr)?;
    Ok((e, scope.slots))
}

struct Lowerer<'a> {
    checked: &'a Checked,
    /// Constant values by constant id, computed on first use.
    consts: HashMap<usize, Value>,
    inline_depth: usize,
}

/// Lexical scopes of locals, mapping names to slots.
#[derive(Default)]
struct Scope {
    frames: Vec<Vec<(String, usize)>>,
    /// Slots handed out so far in this node (the frame size).
    slots: usize,
}

impl Scope {
    fn push(&mut self) {
        self.frames.push(Vec::new());
    }
    fn pop(&mut self) {
        self.frames.pop();
    }
    fn bind(&mut self, name: &str) -> usize {
        let slot = self.slots;
        self.slots += 1;
        if self.frames.is_empty() {
            self.frames.push(Vec::new());
        }
        if let Some(frame) = self.frames.last_mut() {
            frame.push((name.to_string(), slot));
        }
        slot
    }
    fn lookup(&self, name: &str) -> Option<usize> {
        self.frames
            .iter()
            .rev()
            .flat_map(|f| f.iter().rev())
            .find(|(n, _)| n == name)
            .map(|(_, s)| *s)
    }
}

impl<'a> Lowerer<'a> {
    fn err(
        &self,
        module: ModuleId,
        span: lgp_lang::Span,
        message: impl Into<String>,
    ) -> LowerError {
        LowerError { message: message.into(), module, span }
    }

    fn node(&mut self, decl: usize) -> Result<NodeCode, LowerError> {
        let Some(d) = self.checked.program.decls.get(decl) else { return Ok(NodeCode::Pass) };
        match &d.kind {
            DeclKind::Transform { body, .. } => {
                let mut scope = Scope::default();
                let body = self.block(0, &mut scope, body)?;
                Ok(NodeCode::Transform { body, locals: scope.slots })
            }
            DeclKind::Route { lanes, .. } => {
                let mut scope = Scope::default();
                let mut out = Vec::with_capacity(lanes.len());
                for lane in lanes {
                    // `_` is a name like any other: its condition decides.
                    let cond = self.expr(0, &mut scope, &lane.cond)?;
                    out.push((Str::from(lane.name.name.as_str()), cond));
                }
                Ok(NodeCode::Route { lanes: out, locals: scope.slots })
            }
            _ => Ok(NodeCode::Pass),
        }
    }

    fn block(
        &mut self,
        m: ModuleId,
        scope: &mut Scope,
        block: &ast::Block,
    ) -> Result<Block, LowerError> {
        scope.push();
        let stmts =
            block.stmts.iter().map(|s| self.stmt(m, scope, s)).collect::<Result<Vec<_>, _>>();
        scope.pop();
        Ok(Block { stmts: stmts? })
    }

    fn stmt(
        &mut self,
        m: ModuleId,
        scope: &mut Scope,
        stmt: &ast::Stmt,
    ) -> Result<Stmt, LowerError> {
        Ok(match &stmt.kind {
            StmtKind::Let { names, value } => {
                let expr = self.expr(m, scope, value)?;
                match names.as_slice() {
                    [name] => Stmt::SetLocal(scope.bind(&name.name), expr),
                    [v, e] => {
                        let value =
                            PathRef { root: Root::Local(scope.bind(&v.name)), segments: vec![] };
                        let error =
                            PathRef { root: Root::Local(scope.bind(&e.name)), segments: vec![] };
                        Stmt::AssignWithError { value, error, expr }
                    }
                    _ => return Err(self.err(m, stmt.span, "`let` binds one or two names")),
                }
            }
            StmtKind::Assign { targets, value } => {
                let expr = self.expr(m, scope, value)?;
                match targets.as_slice() {
                    [target] => {
                        let path = self.path(m, scope, target)?;
                        match (path.root, path.segments.is_empty()) {
                            (Root::Local(slot), true) => Stmt::SetLocal(slot, expr),
                            _ => Stmt::Assign(path, expr),
                        }
                    }
                    [v, e] => Stmt::AssignWithError {
                        value: self.path(m, scope, v)?,
                        error: self.path(m, scope, e)?,
                        expr,
                    },
                    _ => {
                        return Err(self.err(m, stmt.span, "an assignment has one or two targets"));
                    }
                }
            }
            StmtKind::For { names, iter, body } => {
                let iter = self.expr(m, scope, iter)?;
                scope.push();
                let (key, value) = match names.as_slice() {
                    [v] => (None, scope.bind(&v.name)),
                    [k, v] => (Some(scope.bind(&k.name)), scope.bind(&v.name)),
                    _ => return Err(self.err(m, stmt.span, "`for` binds one or two names")),
                };
                let body = self.block(m, scope, body);
                scope.pop();
                Stmt::For { key, value, iter, body: body? }
            }
            StmtKind::Drop => Stmt::Drop,
            StmtKind::Abort { reason } => {
                Stmt::Abort(reason.as_ref().map(|r| self.expr(m, scope, r)).transpose()?)
            }
            StmtKind::Emit { lane } => Stmt::Emit(Str::from(lane.name.as_str())),
            StmtKind::Expr(e) => Stmt::Expr(self.expr(m, scope, e)?),
        })
    }

    fn path(
        &mut self,
        m: ModuleId,
        scope: &mut Scope,
        path: &ast::Path,
    ) -> Result<PathRef, LowerError> {
        let segments = path
            .segments
            .iter()
            .map(|s| match s {
                ast::Segment::Field { name, .. } => Seg::Field(Str::from(name.as_str())),
                ast::Segment::Index { index, .. } => Seg::Index(*index),
            })
            .collect();
        let root = match &path.root {
            PathRoot::Event => Root::Event,
            PathRoot::Meta => Root::Meta,
            PathRoot::Var(name) => match scope.lookup(&name.name) {
                Some(slot) => Root::Local(slot),
                // A name that is not a local is a constant, or a local the
                // assignment introduces (`x = 1` with no `let`).
                None => match self.checked.vars.get(&(m, path.span)) {
                    Some(VarRef::Const(_)) => {
                        return Err(self.err(
                            m,
                            path.span,
                            "a constant cannot be a path root here",
                        ));
                    }
                    _ => Root::Local(scope.bind(&name.name)),
                },
            },
        };
        Ok(PathRef { root, segments })
    }

    fn expr(
        &mut self,
        m: ModuleId,
        scope: &mut Scope,
        expr: &ast::Expr,
    ) -> Result<Expr, LowerError> {
        Ok(match &expr.kind {
            ExprKind::Literal(lit) => Expr::Const(self.literal(m, expr.span, lit)?),
            ExprKind::Path(path) => self.path_expr(m, scope, path)?,
            ExprKind::Array(items) => {
                Expr::Array(items.iter().map(|e| self.expr(m, scope, e)).collect::<Result<_, _>>()?)
            }
            ExprKind::Object(entries) => Expr::Object(
                entries
                    .iter()
                    .map(|e| Ok((Str::from(e.key.value.as_str()), self.expr(m, scope, &e.value)?)))
                    .collect::<Result<_, LowerError>>()?,
            ),
            ExprKind::Call(call) => self.call(m, scope, expr, call)?,
            ExprKind::Unary { op, expr: inner, .. } => {
                Expr::Unary(*op, Box::new(self.expr(m, scope, inner)?))
            }
            ExprKind::Binary { op, lhs, rhs, .. } => Expr::Binary(
                *op,
                Box::new(self.expr(m, scope, lhs)?),
                Box::new(self.expr(m, scope, rhs)?),
            ),
            ExprKind::Paren(inner) => self.expr(m, scope, inner)?,
            ExprKind::Block(block) => Expr::Block(self.block(m, scope, block)?),
            ExprKind::If { branches, otherwise } => {
                let mut out = Vec::with_capacity(branches.len());
                for (cond, body) in branches {
                    out.push((self.expr(m, scope, cond)?, self.block(m, scope, body)?));
                }
                let otherwise = otherwise.as_ref().map(|b| self.block(m, scope, b)).transpose()?;
                Expr::If(out, otherwise)
            }
            ExprKind::Match { scrutinee, arms } => {
                let scrutinee = self.expr(m, scope, scrutinee)?;
                let mut out = Vec::with_capacity(arms.len());
                for arm in arms {
                    let patterns = arm
                        .patterns
                        .iter()
                        .map(|p| match &p.kind {
                            ExprKind::Wildcard => Ok(None),
                            ExprKind::Literal(lit) => self.literal(m, p.span, lit).map(Some),
                            _ => {
                                Err(self.err(m, p.span, "a match pattern must be a literal or `_`"))
                            }
                        })
                        .collect::<Result<_, _>>()?;
                    out.push(Arm { patterns, body: self.expr(m, scope, &arm.body)? });
                }
                Expr::Match(Box::new(scrutinee), out)
            }
            ExprKind::Wildcard => return Err(self.err(m, expr.span, "`_` has no value here")),
        })
    }

    fn path_expr(
        &mut self,
        m: ModuleId,
        scope: &mut Scope,
        path: &ast::Path,
    ) -> Result<Expr, LowerError> {
        if let PathRoot::Var(name) = &path.root
            && scope.lookup(&name.name).is_none()
        {
            // A constant: fold it, then apply the segments to its value.
            let value = self.const_value(m, path.span, &name.name)?;
            let segments: Vec<Seg> =
                self.path(m, scope, &ast::Path { root: PathRoot::Event, ..path.clone() })?.segments;
            return Ok(Expr::Const(
                crate::interp::path::get(&value, &segments).cloned().unwrap_or(Value::Null),
            ));
        }
        Ok(Expr::Path(self.path(m, scope, path)?))
    }

    fn const_value(
        &mut self,
        m: ModuleId,
        span: lgp_lang::Span,
        name: &str,
    ) -> Result<Value, LowerError> {
        let id = match self.checked.vars.get(&(m, span)) {
            Some(VarRef::Const(id)) => *id,
            _ => self
                .checked
                .const_by_name(name)
                .ok_or_else(|| self.err(m, span, format!("unknown name `{name}`")))?,
        };
        if let Some(v) = self.consts.get(&id) {
            return Ok(v.clone());
        }
        let def = &self.checked.consts[id];
        let Some(DeclKind::Const { value, .. }) = self.checked.decl(def.decl).map(|d| &d.kind)
        else {
            return Err(self.err(m, span, format!("`{name}` is not a constant")));
        };
        if self.inline_depth > MAX_INLINE {
            return Err(self.err(m, span, "constants refer to each other too deeply"));
        }
        self.inline_depth += 1;
        let lowered = self.expr(def.decl.module, &mut Scope::default(), value);
        self.inline_depth -= 1;
        let lowered = lowered?;
        let mut event = Event::default();
        let result = crate::interp::eval_detached(&lowered, &mut event);
        let v = result.map_err(|e| {
            self.err(def.decl.module, value.span, format!("constant `{name}` failed: {e}"))
        })?;
        self.consts.insert(id, v.clone());
        Ok(v)
    }

    fn literal(
        &self,
        m: ModuleId,
        span: lgp_lang::Span,
        lit: &Literal,
    ) -> Result<Value, LowerError> {
        Ok(match lit {
            Literal::Null => Value::Null,
            Literal::Bool(b) => Value::Bool(*b),
            Literal::Int(i) => Value::Int(*i),
            Literal::Float(f) => Value::Float(*f),
            Literal::String { value, .. } => Value::from(value.as_str()),
            Literal::Regex(source) => {
                let regex = regex_automata::meta::Regex::new(source)
                    .map_err(|e| self.err(m, span, format!("regex does not compile: {e}")))?;
                Value::Regex(Arc::new(RegexValue { source: source.clone(), regex }))
            }
            Literal::Timestamp(text) => chrono::DateTime::parse_from_rfc3339(text)
                .map(|t| Value::Timestamp(t.with_timezone(&chrono::Utc)))
                .map_err(|e| self.err(m, span, format!("invalid timestamp: {e}")))?,
        })
    }

    fn call(
        &mut self,
        m: ModuleId,
        scope: &mut Scope,
        expr: &ast::Expr,
        call: &ast::Call,
    ) -> Result<Expr, LowerError> {
        let target = match self.checked.call(m, expr.span) {
            Some(info) => info.target.clone(),
            None => match lgp_stdlib::function(&call.name.name) {
                Some(f) => CallTarget::Builtin(f.name()),
                None => {
                    return Err(self.err(
                        m,
                        call.name.span,
                        format!("unknown function `{}`", call.name.name),
                    ));
                }
            },
        };
        match target {
            CallTarget::Special(special) => {
                let Some(ast::Arg { value: ast::Expr { kind: ExprKind::Path(p), .. }, .. }) =
                    call.args.first()
                else {
                    return Err(self.err(
                        m,
                        expr.span,
                        format!("`{}` takes a path", call.name.name),
                    ));
                };
                let path = self.path(m, scope, p)?;
                Ok(match special {
                    Special::Del => Expr::Del(path),
                    Special::Exists => Expr::Exists(path),
                })
            }
            CallTarget::Builtin(name) => self.builtin(m, scope, name, call),
            CallTarget::User(id) => self.inline(m, scope, id, call, expr.span),
        }
    }

    fn builtin(
        &mut self,
        m: ModuleId,
        scope: &mut Scope,
        name: &str,
        call: &ast::Call,
    ) -> Result<Expr, LowerError> {
        let function = lgp_stdlib::function(name)
            .ok_or_else(|| self.err(m, call.name.span, format!("unknown function `{name}`")))?;
        let params = function.params();
        let mut args: Vec<Option<Expr>> = vec![None; params.len()];
        let mut written: Vec<Option<&ast::Expr>> = vec![None; params.len()];
        let mut next = 0;
        for arg in &call.args {
            let index = match &arg.name {
                Some(n) => params.iter().position(|p| p.name == n.name),
                None => {
                    let i = next;
                    next += 1;
                    Some(i)
                }
            };
            let Some(slot) = index.and_then(|i| args.get_mut(i)) else {
                return Err(self.err(m, arg.span, format!("`{name}` has no such parameter")));
            };
            *slot = Some(self.expr(m, scope, &arg.value)?);
            if let Some(written) = index.and_then(|i| written.get_mut(i)) {
                *written = Some(&arg.value);
            }
        }
        let consts: Vec<Option<Value>> = args
            .iter()
            .map(|a| match a {
                Some(Expr::Const(v)) => Some(v.clone()),
                _ => None,
            })
            .collect();
        let prepared = function
            .prepare(&consts)
            .map_err(|e| self.err(m, call.args_span, format!("`{name}`: {e}")))?;
        Ok(Expr::Call(Box::new(CallIr {
            name: function.name(),
            function,
            prepared: Arc::new(prepared),
            returns: widest_return(function, &written),
            args,
            bang: call.bang,
        })))
    }

    /// A user function call becomes a block that binds the parameters to
    /// fresh locals and then runs the body.
    fn inline(
        &mut self,
        m: ModuleId,
        scope: &mut Scope,
        id: usize,
        call: &ast::Call,
        span: lgp_lang::Span,
    ) -> Result<Expr, LowerError> {
        if self.inline_depth >= MAX_INLINE {
            return Err(self.err(m, span, "user functions call each other too deeply"));
        }
        let def = &self.checked.fns[id];
        let Some(DeclKind::Fn { params, body, .. }) = self.checked.decl(def.decl).map(|d| &d.kind)
        else {
            return Err(self.err(m, span, format!("`{}` is not a function", call.name.name)));
        };
        let mut stmts = Vec::with_capacity(params.len() + body.stmts.len());
        let mut values = Vec::with_capacity(params.len());
        for (i, param) in params.iter().enumerate() {
            let arg = call
                .args
                .iter()
                .find(|a| a.name.as_ref().is_some_and(|n| n.name == param.name.name))
                .or_else(|| call.args.iter().filter(|a| a.name.is_none()).nth(i));
            let Some(arg) = arg else {
                return Err(self.err(m, span, format!("missing argument `{}`", param.name.name)));
            };
            let value = self.expr(m, scope, &arg.value)?;
            values.push(argument_check(value, param, &call.name.name));
        }
        // The body sees only its parameters, in a fresh frame of the same
        // slot space (slots stay unique across the node).
        let saved = std::mem::take(&mut scope.frames);
        scope.push();
        for (param, value) in params.iter().zip(values) {
            stmts.push(Stmt::SetLocal(scope.bind(&param.name.name), value));
        }
        self.inline_depth += 1;
        let body = self.block(def.decl.module, scope, body);
        self.inline_depth -= 1;
        scope.frames = saved;
        stmts.push(Stmt::Expr(Expr::Block(body?)));
        Ok(Expr::Block(Block { stmts }))
    }
}

/// The kinds a call can return whatever its arguments hold: the
/// signature's return type for arguments of any type (constants stay
/// visible to it, as the checker shows them). `written[i]` is the argument
/// given for parameter `i`.
pub fn widest_return(function: &dyn lgp_stdlib::Function, written: &[Option<&ast::Expr>]) -> Kinds {
    let any = lgp_lang::types::Type::any();
    let args: Vec<Option<ArgInfo<'_>>> =
        written.iter().map(|e| e.map(|expr| ArgInfo { ty: &any, expr, text: "" })).collect();
    function.return_type(&args).kinds
}

/// The argument checked against the parameter's written type, unless that
/// is `any` (or unknown: the checker reported it).
fn argument_check(value: Expr, param: &ast::Param, function: &str) -> Expr {
    let kinds = param
        .ty
        .alternatives
        .iter()
        .map(|name| Kinds::from_name(&name.name))
        .try_fold(Kinds::NONE, |all, kinds| kinds.map(|k| all.union(k)));
    match kinds {
        Some(kinds) if kinds != Kinds::ANY => {
            let what = format!("argument `{}` of `{function}`", param.name.name);
            Expr::ArgCheck(Box::new(ArgCheck { value, kinds, what: what.into() }))
        }
        _ => value,
    }
}
