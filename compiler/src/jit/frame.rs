//! What the shims do: the value work of generated code, as plain safe Rust
//! over a [`JitFrame`] and the program's constant [`Tables`].
//!
//! Every operation reuses the interpreter's own pieces (`interp::ops`,
//! `interp::path`, `Function::call`), so the JIT has no second copy of the
//! language's semantics; the differential tests check the two engines agree.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use lgp_lang::ast::{BinaryOp, UnaryOp};
use lgp_stdlib::parse::json_projection::Projection;
use lgp_stdlib::value::Object;
use lgp_stdlib::{Args, Function, Prepared, Str, Value};

use super::abi::{
    ABORT, ABORTED, DONE, DROPPED, EMITTED, FAIL, FALSE, JitFrame, OK, STAGE_SHIFT, TRUE,
};
use super::fields::JitPath;
use crate::fusion::ChainOutcome;
use crate::interp::Outcome;
use crate::interp::{ops, path};
use crate::ir::{ArgCheck, CallIr, PathRef, Root};
use crate::typing::Scalar;

/// A register index that stands for "none" (no key slot, no abort reason).
pub(crate) const NO_REGISTER: u32 = u32::MAX;

/// The constant data of one compiled node, indexed by the immediates the
/// generated code passes to shims.
#[derive(Default)]
pub(crate) struct Tables {
    pub(crate) consts: Vec<Value>,
    pub(crate) paths: Vec<JitPath>,
    /// The names of each node's field slots (`crate::layout`).
    pub(crate) field_names: Vec<Vec<Str>>,
    pub(crate) calls: Vec<CallSite>,
    /// The keys of each object literal, in source order.
    pub(crate) keys: Vec<Vec<Str>>,
    pub(crate) lanes: Vec<Str>,
    /// User function argument checks (their values are not used).
    pub(crate) arg_checks: Vec<ArgCheck>,
    /// The fields each projected `parse_json` parses.
    pub(crate) projections: Vec<Arc<Projection>>,
}

/// Calls a built-in with its panic turned into an abort.
fn invoke(site: &CallSite, values: Vec<Option<Value>>) -> Result<Value, Stop> {
    let mut args = Args::new(site.function.params(), values);
    let result = catch_unwind(AssertUnwindSafe(|| site.function.call(&site.prepared, &mut args)));
    let result = result.map_err(|payload| {
        Stop::Abort(panic_reason(&format!("`{}`", site.name), payload.as_ref()))
    })?;
    result.map_err(|e| {
        let message = format!("{}: {}", site.name, e);
        if site.bang { Stop::Abort(message) } else { Stop::Fail(message) }
    })
}

/// A built-in call site: the function, its prepared state, and which
/// parameters the call gives (their values sit in consecutive registers).
pub(crate) struct CallSite {
    name: &'static str,
    function: &'static dyn Function,
    prepared: Arc<Prepared>,
    present: Vec<bool>,
    bang: bool,
}

impl CallSite {
    pub(crate) fn new(call: &CallIr) -> CallSite {
        CallSite {
            name: call.name,
            function: call.function,
            prepared: Arc::clone(&call.prepared),
            present: call.args.iter().map(Option::is_some).collect(),
            bang: call.bang,
        }
    }
}

/// Why a shim did not complete: a failure that `??` or an error binding can
/// catch, or an abort that ends the event.
#[derive(Debug)]
pub(crate) enum Stop {
    Fail(String),
    Abort(String),
}

impl Stop {
    pub(crate) fn message(&self) -> &str {
        match self {
            Stop::Fail(message) | Stop::Abort(message) => message,
        }
    }
}

pub(crate) type Step = Result<u32, Stop>;

/// Which construct asked for a boolean, for the message when it got none.
pub(crate) const TRUTH_CONTEXTS: [&str; 4] = ["`if`", "`&&`", "`||`", "a route lane"];
pub(crate) const TRUTH_IF: u32 = 0;
pub(crate) const TRUTH_AND: u32 = 1;
pub(crate) const TRUTH_OR: u32 = 2;
pub(crate) const TRUTH_LANE: u32 = 3;

/// Binary operators by the code the generated code passes.
pub(crate) const BINARY_OPS: [BinaryOp; 16] = [
    BinaryOp::Mul,
    BinaryOp::Div,
    BinaryOp::Rem,
    BinaryOp::Add,
    BinaryOp::Sub,
    BinaryOp::Lt,
    BinaryOp::Le,
    BinaryOp::Gt,
    BinaryOp::Ge,
    BinaryOp::Eq,
    BinaryOp::Ne,
    BinaryOp::Match,
    BinaryOp::NotMatch,
    BinaryOp::And,
    BinaryOp::Or,
    BinaryOp::Coalesce,
];

/// In a [`JitFrame::path_op`] code: the constant is the left operand.
pub(crate) const SWAPPED: u32 = 1 << 8;

pub(crate) const UNARY_OPS: [UnaryOp; 2] = [UnaryOp::Not, UnaryOp::Neg];

pub(crate) fn internal(message: impl std::fmt::Display) -> Stop {
    Stop::Abort(format!("internal error in the JIT: {message}"))
}

pub(crate) fn entry<'t, T>(table: &'t [T], index: u32, what: &str) -> Result<&'t T, Stop> {
    table.get(index as usize).ok_or_else(|| internal(format!("no {what} {index}")))
}

impl<'a> JitFrame<'a> {
    /// Runs one shim's operation, turning its failure into a status with the
    /// message left in the frame, and a panic into an abort: a panic must
    /// never unwind into generated code.
    pub(crate) fn guard(&mut self, what: &str, op: impl FnOnce(&mut Self) -> Step) -> u32 {
        let result = catch_unwind(AssertUnwindSafe(|| op(self)));
        match result {
            Ok(Ok(status)) => status,
            Ok(Err(Stop::Fail(message))) => {
                self.failure = message;
                FAIL
            }
            Ok(Err(Stop::Abort(message))) => {
                self.failure = message;
                ABORT
            }
            Err(payload) => {
                self.failure = panic_reason(what, payload.as_ref());
                ABORT
            }
        }
    }

    fn register(&self, index: u32) -> Result<&Value, Stop> {
        self.registers.get(index as usize).ok_or_else(|| internal(format!("no register {index}")))
    }

    fn register_mut(&mut self, index: u32) -> Result<&mut Value, Stop> {
        self.registers
            .get_mut(index as usize)
            .ok_or_else(|| internal(format!("no register {index}")))
    }

    /// Moves a temporary's value out; temporaries are read once.
    fn take(&mut self, index: u32) -> Result<Value, Stop> {
        self.register_mut(index).map(std::mem::take)
    }

    fn put(&mut self, index: u32, value: Value) -> Step {
        *self.register_mut(index)? = value;
        Ok(OK)
    }

    fn local_mut(&mut self, slot: usize) -> Option<&mut Value> {
        if slot < self.locals { self.registers.get_mut(slot) } else { None }
    }

    pub(super) fn root(&self, root: Root) -> &Value {
        match root {
            Root::Event => &self.event.fields,
            Root::Meta => &self.event.meta,
            Root::Local(slot) if slot < self.locals => {
                self.registers.get(slot).unwrap_or(&Value::Null)
            }
            Root::Local(_) => &Value::Null,
        }
    }

    pub(super) fn root_mut(&mut self, root: Root) -> Option<&mut Value> {
        match root {
            Root::Event => Some(&mut self.event.fields),
            Root::Meta => Some(&mut self.event.meta),
            Root::Local(slot) => self.local_mut(slot),
        }
    }

    fn path(&self, index: u32) -> Result<&'a JitPath, Stop> {
        let tables: &'a Tables = self.tables;
        entry(&tables.paths, index, "path")
    }

    pub(crate) fn load_const(&mut self, dst: u32, index: u32) -> Step {
        let value = entry(&self.tables.consts, index, "constant")?.clone();
        self.put(dst, value)
    }

    pub(crate) fn read(&mut self, dst: u32, path_index: u32) -> Step {
        let path = self.path(path_index)?;
        let value = self.get(path)?.cloned().unwrap_or_default();
        self.put(dst, value)
    }

    pub(crate) fn assign(&mut self, path_index: u32, src: u32) -> Step {
        let path = self.path(path_index)?;
        let value = self.take(src)?;
        self.set(path, value)?;
        Ok(OK)
    }

    pub(crate) fn del(&mut self, dst: u32, path_index: u32) -> Step {
        let path = self.path(path_index)?;
        let removed = self.remove(path)?;
        self.put(dst, removed)
    }

    // Fused shims: one call for a common statement or condition shape, with
    // no value passing through a register (see `codegen::Fused`).

    /// `path op constant` (or `constant op path` when bit 8 of `code` is
    /// set) for a comparison operator: TRUE or FALSE.
    pub(crate) fn path_op(&mut self, path_index: u32, const_index: u32, code: u32) -> Step {
        let path = self.path(path_index)?;
        let constant = entry(&self.tables.consts, const_index, "constant")?;
        let op = *entry(&BINARY_OPS, code & 0xff, "operator")?;
        let value = self.get(path)?.unwrap_or(&Value::Null);
        let result = if code & SWAPPED != 0 {
            ops::binary(op, constant, value)
        } else {
            ops::binary(op, value, constant)
        };
        match result.map_err(Stop::Fail)? {
            Value::Bool(true) => Ok(TRUE),
            Value::Bool(false) => Ok(FALSE),
            other => Err(internal(format!("`{}` gave {}", op.as_str(), other.kind_name()))),
        }
    }

    pub(crate) fn assign_const(&mut self, path_index: u32, const_index: u32) -> Step {
        let path = self.path(path_index)?;
        let value = entry(&self.tables.consts, const_index, "constant")?.clone();
        self.set(path, value)?;
        Ok(OK)
    }

    /// `path = f(..)`: the call's result goes straight to the path.
    pub(crate) fn assign_call(&mut self, path_index: u32, call_index: u32, base: u32) -> Step {
        let tables: &'a Tables = self.tables;
        let site = entry(&tables.calls, call_index, "call")?;
        let values = self.call_args(site, base)?;
        let value = invoke(site, values)?;
        let path = self.path(path_index)?;
        self.set(path, value)?;
        Ok(OK)
    }

    /// `dst = del(src)`.
    pub(crate) fn move_path(&mut self, dst_index: u32, src_index: u32) -> Step {
        let src = self.path(src_index)?;
        let value = self.remove(src)?;
        let dst = self.path(dst_index)?;
        self.set(dst, value)?;
        Ok(OK)
    }

    /// `dst = src`.
    pub(crate) fn copy_path(&mut self, dst_index: u32, src_index: u32) -> Step {
        let src = self.path(src_index)?;
        let value = self.get(src)?.cloned().unwrap_or_default();
        let dst = self.path(dst_index)?;
        self.set(dst, value)?;
        Ok(OK)
    }

    /// `del(path)` as a statement: the value is dropped.
    pub(crate) fn del_path(&mut self, path_index: u32) -> Step {
        let path = self.path(path_index)?;
        self.remove(path)?;
        Ok(OK)
    }

    /// Fails unless the value in `src` fits the user function parameter.
    pub(crate) fn arg_check(&mut self, src: u32, check_index: u32) -> Step {
        let check = entry(&self.tables.arg_checks, check_index, "argument check")?;
        let value = self.register(src)?;
        ops::check_argument(value, check.kinds, &check.what).map_err(Stop::Fail)?;
        Ok(OK)
    }

    /// Parses the event's fields still held as JSON text.
    pub(crate) fn materialize(&mut self) -> Step {
        self.event.materialize();
        Ok(OK)
    }

    pub(crate) fn exists(&mut self, dst: u32, path_index: u32) -> Step {
        let path = self.path(path_index)?;
        let found = self.get(path)?.is_some();
        self.put(dst, Value::Bool(found))
    }

    pub(crate) fn set_local(&mut self, slot: u32, src: u32) -> Step {
        let value = self.take(src)?;
        if let Some(local) = self.local_mut(slot as usize) {
            *local = value;
        }
        Ok(OK)
    }

    pub(crate) fn null(&mut self, dst: u32) -> Step {
        self.put(dst, Value::Null)
    }

    pub(crate) fn array(&mut self, dst: u32, base: u32, len: u32) -> Step {
        let items =
            (0..len).map(|i| self.take(base.saturating_add(i))).collect::<Result<_, _>>()?;
        self.put(dst, Value::Array(items))
    }

    pub(crate) fn object(&mut self, dst: u32, base: u32, keys_index: u32) -> Step {
        let tables: &'a Tables = self.tables;
        let keys = entry(&tables.keys, keys_index, "key list")?;
        let mut object = Object::new();
        for (i, key) in (0u32..).zip(keys) {
            object.insert(key.clone(), self.take(base.saturating_add(i))?);
        }
        self.put(dst, Value::Object(object))
    }

    pub(crate) fn unary(&mut self, dst: u32, src: u32, op: u32) -> Step {
        let op = *entry(&UNARY_OPS, op, "unary operator")?;
        let value = unary(op, self.take(src)?)?;
        self.put(dst, value)
    }

    pub(crate) fn binary(&mut self, dst: u32, lhs: u32, rhs: u32, op: u32) -> Step {
        let op = *entry(&BINARY_OPS, op, "binary operator")?;
        let value =
            ops::binary(op, self.register(lhs)?, self.register(rhs)?).map_err(Stop::Fail)?;
        self.put(dst, value)
    }

    /// `TRUE` or `FALSE` for a boolean, a failure for anything else.
    pub(crate) fn truth(&mut self, src: u32, context: u32) -> Step {
        let context = entry(&TRUTH_CONTEXTS, context, "boolean context")?;
        truth(self.register(src)?, context).map(|b| if b { TRUE } else { FALSE })
    }

    pub(crate) fn is_null(&mut self, src: u32) -> Step {
        Ok(if self.register(src)?.is_null() { TRUE } else { FALSE })
    }

    /// Whether a `match` pattern (a constant) equals the scrutinee.
    pub(crate) fn match_eq(&mut self, src: u32, pattern: u32) -> Step {
        let tables: &'a Tables = self.tables;
        let pattern = entry(&tables.consts, pattern, "pattern")?;
        Ok(if ops::pattern_matches(pattern, self.register(src)?) { TRUE } else { FALSE })
    }

    /// Calls a built-in with the arguments in registers `base + i`.
    pub(crate) fn call(&mut self, dst: u32, call_index: u32, base: u32) -> Step {
        let tables: &'a Tables = self.tables;
        let site = entry(&tables.calls, call_index, "call")?;
        let values = self.call_args(site, base)?;
        let value = invoke(site, values)?;
        self.put(dst, value)
    }

    /// `. = parse_json!(..)`, projected when [`crate::projection::apply`] can.
    pub(crate) fn project(&mut self, call_index: u32, base: u32, keep_index: u32) -> Step {
        let tables: &'a Tables = self.tables;
        let site = entry(&tables.calls, call_index, "call")?;
        let projection = entry(&tables.projections, keep_index, "projection")?;
        let values = self.call_args(site, base)?;
        if crate::projection::apply(projection, &values, &mut self.event) {
            return Ok(OK);
        }
        let value = invoke(site, values)?;
        self.assign_value(&PathRef { root: Root::Event, segments: Vec::new() }, value)?;
        Ok(OK)
    }

    /// The arguments of a call site, taken from consecutive registers.
    fn call_args(&mut self, site: &CallSite, base: u32) -> Result<Vec<Option<Value>>, Stop> {
        let mut values = Vec::with_capacity(site.present.len());
        for (i, present) in (0u32..).zip(&site.present) {
            values.push(if *present { Some(self.take(base.saturating_add(i))?) } else { None });
        }
        Ok(values)
    }

    pub(crate) fn box_int(&mut self, dst: u32, value: i64) -> Step {
        self.put(dst, Value::Int(value))
    }

    pub(crate) fn box_float(&mut self, dst: u32, bits: i64) -> Step {
        self.put(dst, Value::Float(f64::from_bits(bits as u64)))
    }

    pub(crate) fn box_bool(&mut self, dst: u32, value: u32) -> Step {
        self.put(dst, Value::Bool(value != 0))
    }

    /// Leaves the scalar in register `src` in [`JitFrame::scalar`].
    pub(crate) fn unbox(&mut self, src: u32, scalar: u32) -> Step {
        let scalar = *entry(&SCALARS, scalar, "scalar type")?;
        self.scalar = scalar_bits(scalar, self.register(src)?)?;
        Ok(OK)
    }

    /// Calls a built-in whose signature says it returns `scalar`, leaving
    /// the result in [`JitFrame::scalar`].
    pub(crate) fn call_scalar(&mut self, call_index: u32, base: u32, scalar: u32) -> Step {
        let tables: &'a Tables = self.tables;
        let site = entry(&tables.calls, call_index, "call")?;
        let scalar = *entry(&SCALARS, scalar, "scalar type")?;
        let values = self.call_args(site, base)?;
        self.scalar = scalar_bits(scalar, &invoke(site, values)?)?;
        Ok(OK)
    }

    /// The failure of native int arithmetic, with `interp::ops`' message.
    pub(crate) fn int_overflow(&mut self, op: u32, lhs: i64, rhs: i64) -> Step {
        let op = entry(&BINARY_OPS, op, "binary operator")?;
        Err(Stop::Fail(format!("integer overflow in `{lhs} {} {rhs}`", op.as_str())))
    }

    pub(crate) fn neg_overflow(&mut self, value: i64) -> Step {
        Err(Stop::Fail(format!("integer overflow in `-{value}`")))
    }

    pub(crate) fn division_by_zero(&mut self) -> Step {
        Err(Stop::Fail("division by zero".into()))
    }

    /// Loads the next event of the batch, with every register null and no
    /// failure or lane left from the event before; `FALSE` when the batch
    /// is done.
    pub(crate) fn next_event(&mut self) -> Step {
        let Some(event) = self.pending.next() else { return Ok(FALSE) };
        self.registers.fill(Value::Null);
        self.failure.clear();
        self.lane = None;
        self.fields_discard();
        // In the frame before anything can fail, so that an abort while
        // materialising still gives the event its outcome.
        self.event = event;
        self.event.materialize();
        Ok(TRUE)
    }

    /// Records the current event's outcome: `status` is what the chain's
    /// code ended with, the node's position above `STAGE_SHIFT`.
    pub(crate) fn finish(&mut self, status: u32) -> Step {
        let mut code = status & ((1 << STAGE_SHIFT) - 1);
        // The fields go back into the event before anyone else sees it.
        if code == DROPPED {
            self.fields_discard();
        } else if let Err(stop) = self.fields_store() {
            self.failure = stop.message().to_string();
            code = ABORTED;
        }
        let event = std::mem::take(&mut self.event);
        let outcome = match code {
            DONE => Outcome::Out { lane: None, event },
            DROPPED => Outcome::Dropped,
            EMITTED => Outcome::Out { lane: self.lane.take(), event },
            _ => Outcome::Aborted {
                reason: std::mem::take(&mut self.failure),
                event: event.materialized(),
            },
        };
        self.outcomes.push(ChainOutcome { stage: (status >> STAGE_SHIFT) as usize, outcome });
        Ok(OK)
    }

    /// Moves the pending failure message into `dst` (an error binding).
    pub(crate) fn take_failure(&mut self, dst: u32) -> Step {
        let message = std::mem::take(&mut self.failure);
        self.put(dst, Value::from(message))
    }

    pub(crate) fn abort_reason(&mut self, src: u32) -> Step {
        let reason = if src == NO_REGISTER { None } else { Some(self.take(src)?) };
        self.failure = abort_reason(reason);
        Ok(OK)
    }

    pub(crate) fn lane(&mut self, index: u32) -> Step {
        self.lane = Some(entry(&self.tables.lanes, index, "lane")?.clone());
        Ok(OK)
    }

    /// Readies `iter` for a `for` loop: an array stays, an object becomes
    /// the array of its values with its keys in `keys` (null for arrays).
    pub(crate) fn for_begin(&mut self, iter: u32, keys: u32) -> Step {
        let (items, names) = iteration(self.take(iter)?)?;
        self.put(iter, Value::Array(items))?;
        self.put(keys, names.map_or(Value::Null, Value::Array))
    }

    /// Loads item `index` into the loop's locals: `TRUE`, or `FALSE` once
    /// the items are exhausted.
    pub(crate) fn for_item(
        &mut self,
        iter: u32,
        keys: u32,
        index: i64,
        key_slot: u32,
        value_slot: u32,
    ) -> Step {
        let Ok(i) = usize::try_from(index) else { return Ok(FALSE) };
        let value = match self.register_mut(iter)? {
            Value::Array(items) if i < items.len() => std::mem::take(&mut items[i]),
            _ => return Ok(FALSE),
        };
        let key = match self.register_mut(keys)? {
            Value::Array(names) => names.get_mut(i).map(std::mem::take).unwrap_or_default(),
            _ => Value::Int(index),
        };
        if key_slot != NO_REGISTER
            && let Some(local) = self.local_mut(key_slot as usize)
        {
            *local = key;
        }
        if let Some(local) = self.local_mut(value_slot as usize) {
            *local = value;
        }
        Ok(TRUE)
    }

    /// As `interp::Frame::assign`: the event and the metadata stay objects.
    pub(super) fn assign_value(&mut self, path: &PathRef, value: Value) -> Result<(), Stop> {
        if path.segments.is_empty() && matches!(path.root, Root::Event | Root::Meta) {
            ops::whole_root(path.root == Root::Event, &value).map_err(Stop::Fail)?;
        }
        let Some(root) = self.root_mut(path.root) else { return Ok(()) };
        path::set(root, &path.segments, value).map_err(Stop::Fail)
    }
}

/// The abort reason of a caught panic.
/// Scalar types by the code generated code passes.
pub(crate) const SCALARS: [Scalar; 3] = [Scalar::Int, Scalar::Float, Scalar::Bool];

/// A scalar as [`JitFrame::scalar`] holds it; any other value is a bug in
/// the types the JIT assumed.
fn scalar_bits(scalar: Scalar, value: &Value) -> Result<i64, Stop> {
    match (scalar, value) {
        (Scalar::Int, Value::Int(i)) => Ok(*i),
        (Scalar::Float, Value::Float(f)) => Ok(f.to_bits() as i64),
        (Scalar::Bool, Value::Bool(b)) => Ok(i64::from(*b)),
        (scalar, other) => {
            Err(internal(format!("expected {}, got {}", scalar.name(), other.kind_name())))
        }
    }
}

fn panic_reason(what: &str, payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    format!("internal error in {what}: {message}")
}

// The interpreter's rules, shared through `interp::ops`, as `Stop`s.

fn unary(op: UnaryOp, value: Value) -> Result<Value, Stop> {
    ops::unary(op, value).map_err(Stop::Fail)
}

fn truth(value: &Value, context: &str) -> Result<bool, Stop> {
    ops::truth(value, context).map_err(Stop::Fail)
}

fn abort_reason(reason: Option<Value>) -> String {
    ops::abort_reason(reason)
}

fn iteration(value: Value) -> Result<(Vec<Value>, Option<Vec<Value>>), Stop> {
    ops::iteration(value).map_err(Stop::Fail)
}

#[cfg(test)]
mod tests {
    use lgp_stdlib::Event;

    use super::*;

    fn with_frame(test: impl FnOnce(&mut JitFrame<'_>)) {
        let tables = Tables::default();
        let mut outcomes = Vec::new();
        let mut frame = JitFrame {
            event: Event::default_object(),
            registers: vec![Value::Null; 2],
            locals: 1,
            failure: String::new(),
            lane: None,
            tables: &tables,
            pending: Vec::new().into_iter(),
            outcomes: &mut outcomes,
            scalar: 0,
            fields: Default::default(),
            field_names: None,
        };
        test(&mut frame);
    }

    #[test]
    fn a_panic_in_a_shim_becomes_an_abort_with_a_reason() {
        with_frame(|frame| {
            let status = frame.guard("read", |_| panic!("boom"));
            assert_eq!((status, frame.failure.as_str()), (ABORT, "internal error in read: boom"));
        });
    }

    #[test]
    fn failures_and_aborts_leave_their_message_in_the_frame() {
        with_frame(|frame| {
            assert_eq!(frame.guard("t", |_| Err(Stop::Fail("f".into()))), FAIL);
            assert_eq!(frame.failure, "f");
            assert_eq!(frame.guard("t", |_| Err(Stop::Abort("a".into()))), ABORT);
            assert_eq!(frame.failure, "a");
        });
    }

    #[test]
    fn bad_indexes_abort_instead_of_panicking() {
        with_frame(|frame| {
            assert_eq!(frame.guard("t", |f| f.load_const(0, 9)), ABORT);
            assert_eq!(frame.guard("t", |f| f.null(99)), ABORT);
            assert!(frame.failure.starts_with("internal error in the JIT"), "{}", frame.failure);
        });
    }

    #[test]
    fn locals_beyond_the_frame_are_ignored_as_the_interpreter_does() {
        with_frame(|frame| {
            frame.registers[1] = Value::Int(5);
            assert_eq!(frame.guard("t", |f| f.set_local(1, 1)), OK);
            assert_eq!(frame.registers, [Value::Null, Value::Null]);
        });
    }
}
