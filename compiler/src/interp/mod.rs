//! The reference interpreter: runs the IR over one event at a time, exactly
//! per the language semantics. It is the oracle the JIT is compared against.
//!
//! Control flow that ends an event's program (`drop`, `abort`, `emit`, an
//! unhandled failure) travels as the `Err` side of evaluation ([`Flow`]), so
//! the happy path is plain `?`.

pub mod ops;
pub mod path;

use lgp_lang::ast::{BinaryOp, UnaryOp};
use lgp_stdlib::parse::json_projection::Projection;
use lgp_stdlib::value::Object;
use lgp_stdlib::{Args, Event, Str, Value};

use crate::ir::*;

/// Why evaluation stopped early.
#[derive(Clone, Debug, PartialEq)]
pub enum Flow {
    /// A failure that `??` or an error binding can catch.
    Fail(String),
    /// The event goes to the dead-letter queue with this reason.
    Abort(String),
    Drop,
    Emit(Str),
}

/// What happened to one event in a transform or route.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The event leaves on `lane` (`None`: the plain output).
    Out {
        lane: Option<Str>,
        event: Event,
    },
    Dropped,
    Aborted {
        reason: String,
        event: Event,
    },
}

/// The state of one program run: the event and the local slots.
pub struct Frame<'e> {
    pub event: &'e mut Event,
    pub locals: Vec<Value>,
}

/// Runs a node's code on one event.
pub fn run(code: &NodeCode, mut event: Event) -> Outcome {
    event.materialize();
    match code {
        NodeCode::Pass => Outcome::Out { lane: None, event },
        NodeCode::Transform { body, locals } => {
            let result = {
                let mut frame = Frame { event: &mut event, locals: vec![Value::Null; *locals] };
                frame.block(body)
            };
            finish(result, event)
        }
        NodeCode::Route { lanes, locals } => {
            let mut chosen = None;
            let mut failure = None;
            {
                let mut frame = Frame { event: &mut event, locals: vec![Value::Null; *locals] };
                for (lane, cond) in lanes {
                    match frame.eval(cond).and_then(|v| truth(&v, "a route lane")) {
                        Ok(true) => {
                            chosen = Some(lane.clone());
                            break;
                        }
                        Ok(false) => {}
                        Err(flow) => {
                            failure = Some(flow);
                            break;
                        }
                    }
                }
            }
            match (failure, chosen) {
                (Some(flow), _) => finish(Err(flow), event),
                (None, Some(lane)) => Outcome::Out { lane: Some(lane), event },
                (None, None) => Outcome::Dropped,
            }
        }
    }
}

fn finish(result: Result<Value, Flow>, event: Event) -> Outcome {
    match result {
        Ok(_) => Outcome::Out { lane: None, event },
        Err(Flow::Emit(lane)) => Outcome::Out { lane: Some(lane), event },
        Err(Flow::Drop) => Outcome::Dropped,
        Err(Flow::Abort(reason) | Flow::Fail(reason)) => {
            Outcome::Aborted { reason, event: event.materialized() }
        }
    }
}

/// Evaluates an expression against `event` with no locals (constants, doc
/// examples).
///
/// # Errors
/// The failure or abort reason, as text.
pub fn eval_detached(expr: &Expr, event: &mut Event) -> Result<Value, String> {
    let mut frame = Frame { event, locals: vec![Value::Null; 64] };
    frame.eval(expr).map_err(|flow| match flow {
        Flow::Fail(m) | Flow::Abort(m) => m,
        Flow::Drop => "the event was dropped".to_string(),
        Flow::Emit(lane) => format!("the event was emitted to `{lane}`"),
    })
}

fn truth(v: &Value, what: &str) -> Result<bool, Flow> {
    ops::truth(v, what).map_err(Flow::Fail)
}

impl Frame<'_> {
    fn root(&self, root: Root) -> &Value {
        match root {
            Root::Event => &self.event.fields,
            Root::Meta => &self.event.meta,
            Root::Local(slot) => self.locals.get(slot).unwrap_or(&Value::Null),
        }
    }

    fn root_mut(&mut self, root: Root) -> Option<&mut Value> {
        match root {
            Root::Event => Some(&mut self.event.fields),
            Root::Meta => Some(&mut self.event.meta),
            Root::Local(slot) => self.locals.get_mut(slot),
        }
    }

    pub fn block(&mut self, block: &Block) -> Result<Value, Flow> {
        let mut last = Value::Null;
        for stmt in &block.stmts {
            last = self.stmt(stmt)?;
        }
        Ok(last)
    }

    fn stmt(&mut self, stmt: &Stmt) -> Result<Value, Flow> {
        match stmt {
            Stmt::SetLocal(slot, expr) => {
                let v = self.eval(expr)?;
                if let Some(dst) = self.locals.get_mut(*slot) {
                    *dst = v;
                }
                Ok(Value::Null)
            }
            Stmt::Assign(path, expr) => {
                let v = self.eval(expr)?;
                self.assign(path, v)?;
                Ok(Value::Null)
            }
            Stmt::AssignWithError { value, error, expr } => {
                let (v, e) = match self.eval(expr) {
                    Ok(v) => (v, Value::Null),
                    Err(Flow::Fail(message)) => (Value::Null, Value::from(message)),
                    Err(other) => return Err(other),
                };
                self.assign(value, v)?;
                self.assign(error, e)?;
                Ok(Value::Null)
            }
            Stmt::For { key, value, iter, body } => {
                self.for_loop(*key, *value, iter, body)?;
                Ok(Value::Null)
            }
            Stmt::ProjectJson { call, projection } => {
                self.project_json(call, projection)?;
                Ok(Value::Null)
            }
            Stmt::Drop => Err(Flow::Drop),
            Stmt::Abort(reason) => {
                let reason = reason.as_ref().map(|e| self.eval(e)).transpose()?;
                Err(Flow::Abort(ops::abort_reason(reason)))
            }
            Stmt::Emit(lane) => Err(Flow::Emit(lane.clone())),
            Stmt::Expr(e) => self.eval(e),
        }
    }

    fn assign(&mut self, path: &PathRef, v: Value) -> Result<(), Flow> {
        if path.segments.is_empty() && matches!(path.root, Root::Event | Root::Meta) {
            ops::whole_root(path.root == Root::Event, &v).map_err(Flow::Fail)?;
        }
        let Some(root) = self.root_mut(path.root) else { return Ok(()) };
        path::set(root, &path.segments, v).map_err(Flow::Fail)
    }

    fn for_loop(
        &mut self,
        key: Option<usize>,
        value: usize,
        iter: &Expr,
        body: &Block,
    ) -> Result<(), Flow> {
        let (values, names) = ops::iteration(self.eval(iter)?).map_err(Flow::Fail)?;
        let keys: Vec<Value> = match names {
            Some(names) => names,
            None => (0..values.len()).map(|i| Value::Int(i as i64)).collect(),
        };
        let items = keys.into_iter().zip(values);
        for (k, v) in items {
            if let Some(slot) = key.and_then(|k| self.locals.get_mut(k)) {
                *slot = k;
            }
            if let Some(slot) = self.locals.get_mut(value) {
                *slot = v;
            }
            self.block(body)?;
        }
        Ok(())
    }

    pub fn eval(&mut self, expr: &Expr) -> Result<Value, Flow> {
        match expr {
            Expr::Const(v) => Ok(v.clone()),
            Expr::Path(p) => {
                Ok(path::get(self.root(p.root), &p.segments).cloned().unwrap_or(Value::Null))
            }
            Expr::Array(items) => {
                items.iter().map(|e| self.eval(e)).collect::<Result<_, _>>().map(Value::Array)
            }
            Expr::Object(entries) => {
                let mut o = Object::new();
                for (k, e) in entries {
                    o.insert(k.clone(), self.eval(e)?);
                }
                Ok(Value::Object(o))
            }
            Expr::Call(call) => self.call(call),
            Expr::Del(p) => {
                Ok(self.root_mut(p.root).map_or(Value::Null, |r| path::remove(r, &p.segments)))
            }
            Expr::Exists(p) => Ok(Value::Bool(path::get(self.root(p.root), &p.segments).is_some())),
            Expr::Unary(op, e) => unary(*op, self.eval(e)?),
            Expr::Binary(op, l, r) => self.binary(*op, l, r),
            Expr::Block(b) => self.block(b),
            Expr::If(branches, otherwise) => {
                for (cond, body) in branches {
                    if truth(&self.eval(cond)?, "`if`")? {
                        return self.block(body);
                    }
                }
                match otherwise {
                    Some(body) => self.block(body),
                    None => Ok(Value::Null),
                }
            }
            Expr::ArgCheck(check) => {
                let value = self.eval(&check.value)?;
                ops::check_argument(&value, check.kinds, &check.what).map_err(Flow::Fail)?;
                Ok(value)
            }
            Expr::Match(scrutinee, arms) => {
                let v = self.eval(scrutinee)?;
                for arm in arms {
                    if arm
                        .patterns
                        .iter()
                        .any(|p| p.as_ref().is_none_or(|p| ops::pattern_matches(p, &v)))
                    {
                        return self.eval(&arm.body);
                    }
                }
                Ok(Value::Null)
            }
        }
    }

    fn binary(&mut self, op: BinaryOp, l: &Expr, r: &Expr) -> Result<Value, Flow> {
        match op {
            BinaryOp::Coalesce => match self.eval(l) {
                Ok(Value::Null) | Err(Flow::Fail(_)) => self.eval(r),
                other => other,
            },
            BinaryOp::And => {
                if !truth(&self.eval(l)?, "`&&`")? {
                    return Ok(Value::Bool(false));
                }
                truth(&self.eval(r)?, "`&&`").map(Value::Bool)
            }
            BinaryOp::Or => {
                if truth(&self.eval(l)?, "`||`")? {
                    return Ok(Value::Bool(true));
                }
                truth(&self.eval(r)?, "`||`").map(Value::Bool)
            }
            _ => {
                let lv = self.eval(l)?;
                let rv = self.eval(r)?;
                ops::binary(op, &lv, &rv).map_err(Flow::Fail)
            }
        }
    }

    fn call(&mut self, call: &CallIr) -> Result<Value, Flow> {
        let values = self.args(call)?;
        invoke(call, values)
    }

    fn args(&mut self, call: &CallIr) -> Result<Vec<Option<Value>>, Flow> {
        let mut values = Vec::with_capacity(call.args.len());
        for arg in &call.args {
            values.push(match arg {
                Some(e) => Some(self.eval(e)?),
                None => None,
            });
        }
        Ok(values)
    }

    /// `. = parse_json!(..)`, projected when [`crate::projection::apply`] can.
    fn project_json(&mut self, call: &CallIr, projection: &Projection) -> Result<(), Flow> {
        let values = self.args(call)?;
        if crate::projection::apply(projection, &values, self.event) {
            return Ok(());
        }
        let value = invoke(call, values)?;
        self.assign(&PathRef { root: Root::Event, segments: Vec::new() }, value)
    }
}

/// Calls a built-in on evaluated arguments.
fn invoke(call: &CallIr, values: Vec<Option<Value>>) -> Result<Value, Flow> {
    let mut args = Args::new(call.function.params(), values);
    call.function.call(&call.prepared, &mut args).map_err(|e| {
        if call.bang {
            Flow::Abort(format!("{}: {}", call.name, e))
        } else {
            Flow::Fail(format!("{}: {}", call.name, e))
        }
    })
}

fn unary(op: UnaryOp, v: Value) -> Result<Value, Flow> {
    ops::unary(op, v).map_err(Flow::Fail)
}
