//! IR to Cranelift IR, one function per chain of transforms and routes
//! (`crate::fusion`; a chain may be one node).
//!
//! Control flow is native: statement order, `if`/`match` dispatch, `&&`/`||`
//! short-circuits, `??`, error bindings, `for` loops, and the exits for
//! `drop`, `emit`, `abort` and failures. Values stay in the frame's register
//! file and every piece of value work is a call to a shim of `abi` that
//! returns a status.
//!
//! Failure propagation: a shim that fails returns `FAIL` and the code
//! branches to the current handler block, which takes the status as its
//! parameter. A `??` or an error binding installs its own handler while its
//! protected expression is compiled; the outermost handler is the function's
//! `aborted` exit. Handlers send `ABORT` (a `!` call that failed, an
//! `abort`, a caught panic) straight to that exit, as nothing catches it.
//!
//! Registers: locals are registers `0..locals`; temporaries are allocated
//! above them as a stack, released when the expression that needed them is
//! done. An expression always evaluates into a fresh temporary, never into a
//! local, so a failure half-way never leaves a local half-written.
//!
//! Chains: the nodes' code follows one another in one function; where a
//! node finishes normally the next one starts, and `drop`, `emit`, `abort`
//! and failures leave the whole function with the node's position in the
//! status (`abi::STAGE_SHIFT`). Each node has its own range of registers:
//! the locals of every node first, node after node, then each node's
//! temporaries above those of the nodes before it. So every node starts on
//! null locals, as in the interpreter, and no register is shared.

mod fields;
mod native;

use std::collections::HashMap;
use std::sync::Arc;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, BlockArg, FuncRef, InstBuilder, types};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::JITModule;
use cranelift_module::{Linkage, Module};
use lgp_lang::ast::BinaryOp;
use lgp_stdlib::parse::json_projection::Projection;
use lgp_stdlib::{Str, Value};

use super::abi::{
    ABORT, ABORTED, DONE, DROPPED, EMITTED, FAIL, MAX_STAGES, STAGE_SHIFT, Shim, TRUE,
};
use super::fields::JitPath;
use super::frame::{
    BINARY_OPS, CallSite, NO_REGISTER, SWAPPED, TRUTH_AND, TRUTH_IF, TRUTH_LANE, TRUTH_OR, Tables,
    UNARY_OPS,
};
use crate::ir::{Arm, Block, CallIr, Expr, NodeCode, PathRef, Root, Seg, Stmt};
use crate::layout::{FieldSlots, field_slots};
use crate::typing::LocalTypes;

/// How deeply nested blocks and expressions may be; deeper code is refused
/// rather than risking the compiler's stack.
const MAX_DEPTH: usize = 400;

/// Why a node could not be compiled.
#[derive(Debug)]
pub(crate) enum CodegenError {
    TooDeep,
    TooLarge,
    Module(String),
}

/// What running a compiled chain needs besides its code.
pub(crate) struct NodeLayout {
    pub(crate) tables: Tables,
    pub(crate) registers: usize,
    /// The locals of every node of the chain.
    pub(crate) locals: usize,
}

/// Why a chain could not be compiled, and the position in the chain of
/// the node that could not.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) stage: usize,
    pub(crate) error: CodegenError,
}

type Result<T> = std::result::Result<T, CodegenError>;

/// Builds the body of `func` (whose signature is already the entry
/// signature) for a chain of transforms and routes, in order.
pub(crate) fn define(
    module: &mut JITModule,
    func: &mut ir::Function,
    context: &mut FunctionBuilderContext,
    codes: &[&NodeCode],
) -> std::result::Result<NodeLayout, Failure> {
    let at = |stage: usize| move |error: CodegenError| Failure { stage, error };
    let locals = locals_of(codes).map_err(at(0))?;
    let total = locals.iter().try_fold(0u32, |sum, n| sum.checked_add(*n));
    let total = total.ok_or(CodegenError::TooLarge).map_err(at(0))?;
    let mut builder = FunctionBuilder::new(func, context);
    let entry = builder.create_block();
    builder.append_block_params_for_function_params(entry);
    let frame = builder.block_params(entry).first().copied();
    let frame = frame
        .ok_or_else(|| CodegenError::Module("the entry has no frame parameter".into()))
        .map_err(at(0))?;
    // The batch loop: `head` loads the next event, the chain's code runs
    // it, every way out of the chain goes to `finish` with the status, and
    // `finish` records the outcome and goes back to `head`.
    let head = builder.create_block();
    let finish = builder.create_block();
    builder.append_block_param(finish, types::I32);
    let exit = builder.create_block();
    builder.switch_to_block(entry);
    builder.ins().jump(head, &[]);
    builder.switch_to_block(head);
    let first = Exits::create(&mut builder);
    let mut cg = Codegen {
        builder,
        module,
        shims: HashMap::new(),
        tables: Tables::default(),
        frame,
        next_register: total,
        registers: total,
        local_base: 0,
        locals: 0,
        handler: first.aborted,
        exits: first,
        depth: 0,
        types: LocalTypes::default(),
        vars: Vec::new(),
        fields: None,
    };
    cg.next_event(first, exit).map_err(at(0))?;
    let mut stages = Vec::with_capacity(codes.len());
    for (stage, (code, count)) in codes.iter().zip(&locals).enumerate() {
        let exits = if stage == 0 { first } else { Exits::create(&mut cg.builder) };
        cg.start_node(exits, *count, code);
        if stage > 0 {
            // Fields the previous node left as JSON text (a projected
            // `parse_json`) are parsed before this node's code sees them.
            cg.effect(Shim::Materialize, &[]).map_err(at(stage))?;
        }
        cg.node(code).map_err(at(stage))?;
        // The next node, or the return of the last, goes where this one
        // finishes normally.
        cg.builder.switch_to_block(exits.done);
        stages.push(exits);
    }
    let last = stages.len().saturating_sub(1);
    let done = chain_status(last, DONE).map_err(at(last))?;
    let done = cg.builder.ins().iconst(types::I32, done);
    cg.builder.ins().jump(finish, &[BlockArg::Value(done)]);
    for (stage, exits) in stages.iter().enumerate() {
        exits.fill(&mut cg.builder, stage, finish).map_err(at(stage))?;
    }
    cg.finish(finish, head, exit).map_err(at(last))?;
    cg.builder.seal_all_blocks();
    let Codegen { builder, tables, registers, module, .. } = cg;
    builder.finalize(module.target_config());
    Ok(NodeLayout { tables, registers: registers as usize, locals: total as usize })
}

/// How many locals each node has.
fn locals_of(codes: &[&NodeCode]) -> Result<Vec<u32>> {
    if codes.len() > MAX_STAGES {
        return Err(CodegenError::TooLarge);
    }
    let count = |code: &&NodeCode| match code {
        NodeCode::Transform { locals, .. } | NodeCode::Route { locals, .. } => *locals,
        NodeCode::Pass => 0,
    };
    codes
        .iter()
        .map(|code| u32::try_from(count(code)).map_err(|_| CodegenError::TooLarge))
        .collect()
}

/// What a chain's function returns: `status` of the node at `stage`.
fn chain_status(stage: usize, status: u32) -> Result<i64> {
    if stage >= MAX_STAGES {
        return Err(CodegenError::TooLarge);
    }
    Ok(((stage as i64) << STAGE_SHIFT) | i64::from(status))
}

/// A node's exit blocks: `done` is where the next node of the chain
/// starts (the function's return after the last); the others return
/// their status with the node's position.
#[derive(Clone, Copy)]
struct Exits {
    done: ir::Block,
    dropped: ir::Block,
    emitted: ir::Block,
    /// Takes the status that led here; the reason is in the frame.
    aborted: ir::Block,
}

impl Exits {
    /// Creates the exits; they are filled once the body is done, so that
    /// the entry block comes first in the layout.
    fn create(builder: &mut FunctionBuilder<'_>) -> Exits {
        let exits = Exits {
            done: builder.create_block(),
            dropped: builder.create_block(),
            emitted: builder.create_block(),
            aborted: builder.create_block(),
        };
        builder.append_block_param(exits.aborted, types::I32);
        builder.set_cold_block(exits.aborted);
        exits
    }

    /// Each exit goes to `finish` with its status and the node's position.
    fn fill(
        self,
        builder: &mut FunctionBuilder<'_>,
        stage: usize,
        finish: ir::Block,
    ) -> Result<()> {
        let statuses = [(self.dropped, DROPPED), (self.emitted, EMITTED), (self.aborted, ABORTED)];
        for (block, status) in statuses {
            builder.switch_to_block(block);
            let value = builder.ins().iconst(types::I32, chain_status(stage, status)?);
            builder.ins().jump(finish, &[BlockArg::Value(value)]);
        }
        Ok(())
    }
}

struct Codegen<'a, 'f> {
    builder: FunctionBuilder<'f>,
    module: &'a mut JITModule,
    /// Shims imported into this function so far.
    shims: HashMap<Shim, FuncRef>,
    tables: Tables,
    /// The `*mut JitFrame` parameter.
    frame: ir::Value,
    /// The lowest free register; the ones below are live.
    next_register: u32,
    /// How many registers the function needs in all.
    registers: u32,
    /// The register of the current node's local 0.
    local_base: u32,
    /// How many locals the current node has.
    locals: u32,
    /// Where a failure branches to (a block taking the status).
    handler: ir::Block,
    exits: Exits,
    depth: usize,
    /// The current node's typed locals, and the variable of each.
    types: LocalTypes,
    vars: Vec<Option<cranelift_frontend::Variable>>,
    /// The current node's field slots where its code runs with its fields
    /// in slots; `None` elsewhere.
    fields: Option<FieldSlots>,
}

impl Codegen<'_, '_> {
    /// Readies the state for the next node of the chain: its exits, its
    /// locals after the previous node's, its temporaries above every
    /// register used so far.
    fn start_node(&mut self, exits: Exits, locals: u32, code: &NodeCode) {
        self.local_base = self.local_base.saturating_add(self.locals);
        self.locals = locals;
        self.next_register = self.registers;
        self.handler = exits.aborted;
        self.exits = exits;
        self.depth = 0;
        self.fields = None;
        self.types = LocalTypes::of(code);
        let slots = self.types.typed().map(|(slot, _)| slot + 1).max().unwrap_or(0);
        self.vars = (0..slots)
            .map(|slot| {
                let scalar = self.types.get(slot)?;
                Some(self.builder.declare_var(native::machine(scalar)))
            })
            .collect();
    }

    /// The register of local `slot` of the current node, or `NO_REGISTER`
    /// (never a local) for a slot beyond its locals, which the interpreter
    /// ignores too.
    fn local(&self, slot: usize) -> u32 {
        match u32::try_from(slot) {
            Ok(slot) if slot < self.locals => self.local_base.saturating_add(slot),
            _ => NO_REGISTER,
        }
    }

    /// In the loop's head: loads the next event and starts the chain's
    /// code on it; with none left, goes to `exit`, which returns. A panic
    /// while loading aborts that event at the first node.
    fn next_event(&mut self, first: Exits, exit: ir::Block) -> Result<()> {
        let status = self.call_shim(Shim::NextEvent, &[])?;
        let loaded = self.builder.ins().icmp_imm_u(IntCC::Equal, status, i64::from(TRUE));
        let body = self.builder.create_block();
        let other = self.builder.create_block();
        self.builder.ins().brif(loaded, body, &[], other, &[]);
        self.builder.switch_to_block(other);
        self.builder.ins().brif(status, first.aborted, &[BlockArg::Value(status)], exit, &[]);
        self.builder.switch_to_block(body);
        Ok(())
    }

    /// Fills `finish`, which records the event's outcome and loops back to
    /// `head`, and `exit`.
    fn finish(&mut self, finish: ir::Block, head: ir::Block, exit: ir::Block) -> Result<()> {
        self.builder.switch_to_block(finish);
        let status = self.builder.block_params(finish).first().copied();
        let status = status.ok_or_else(|| CodegenError::Module("`finish` has no status".into()))?;
        self.call_shim(Shim::Finish, &[status])?;
        self.builder.ins().jump(head, &[]);
        self.builder.switch_to_block(exit);
        let zero = self.builder.ins().iconst(types::I32, 0);
        self.builder.ins().return_(&[zero]);
        Ok(())
    }

    fn node(&mut self, code: &NodeCode) -> Result<()> {
        match code {
            NodeCode::Pass => {}
            NodeCode::Transform { body, .. } => match field_slots(code) {
                Some(slots) => self.slotted_body(body, slots)?,
                None => self.block(body, None)?,
            },
            NodeCode::Route { lanes, .. } => return self.route(lanes),
        }
        self.builder.ins().jump(self.exits.done, &[]);
        Ok(())
    }

    /// A transform's statements, from `slots.from` on with the fields in
    /// their slots, which go back into the event at the end.
    fn slotted_body(&mut self, body: &Block, slots: FieldSlots) -> Result<()> {
        self.enter()?;
        let names = Self::index(&mut self.tables.field_names, slots.names.clone())?;
        let from = slots.from;
        let mut slots = Some(slots);
        for (at, stmt) in body.stmts.iter().enumerate() {
            if at == from {
                self.effect(Shim::FieldsLoad, &[names])?;
                self.fields = slots.take();
            }
            self.stmt(stmt)?;
        }
        self.effect(Shim::FieldsStore, &[])?;
        self.fields = None;
        self.leave();
        Ok(())
    }

    /// The field slot `path` starts at, where the code runs with slots.
    fn field_slot(&self, path: &PathRef) -> Option<usize> {
        let Some(Seg::Field(name)) = path.segments.first() else { return None };
        if path.root != Root::Event {
            return None;
        }
        self.fields.as_ref()?.slot(name.as_str())
    }

    /// The first lane whose condition holds takes the event; none: dropped.
    fn route(&mut self, lanes: &[(Str, Expr)]) -> Result<()> {
        for (lane, cond) in lanes {
            let chosen = self.condition(cond, TRUTH_LANE)?;
            let next = self.builder.create_block();
            let taken = self.builder.create_block();
            self.builder.ins().brif(chosen, taken, &[], next, &[]);
            self.builder.switch_to_block(taken);
            self.emit(lane)?;
            self.builder.switch_to_block(next);
        }
        self.builder.ins().jump(self.exits.dropped, &[]);
        Ok(())
    }

    // Registers and tables.

    fn temps(&mut self, count: usize) -> Result<u32> {
        let base = self.next_register;
        let count = u32::try_from(count).map_err(|_| CodegenError::TooLarge)?;
        self.next_register = base.checked_add(count).ok_or(CodegenError::TooLarge)?;
        self.registers = self.registers.max(self.next_register);
        Ok(base)
    }

    fn temp(&mut self) -> Result<u32> {
        self.temps(1)
    }

    fn index<T>(table: &mut Vec<T>, item: T) -> Result<u32> {
        let index = u32::try_from(table.len()).map_err(|_| CodegenError::TooLarge)?;
        table.push(item);
        Ok(index)
    }

    fn constant(&mut self, value: &Value) -> Result<u32> {
        Self::index(&mut self.tables.consts, value.clone())
    }

    /// A path's table index; a local root is moved to the node's range.
    fn path(&mut self, path: &PathRef) -> Result<u32> {
        let field = self.field_slot(path);
        let mut path = path.clone();
        if let Root::Local(slot) = path.root {
            path.root = Root::Local(self.local(slot) as usize);
        }
        Self::index(&mut self.tables.paths, JitPath { path, field })
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err(CodegenError::TooDeep) } else { Ok(()) }
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    // Calling shims.

    fn shim_ref(&mut self, shim: Shim) -> Result<FuncRef> {
        if let Some(func_ref) = self.shims.get(&shim) {
            return Ok(*func_ref);
        }
        let mut signature = self.module.make_signature();
        let pointer = self.module.target_config().pointer_type();
        signature.params.push(ir::AbiParam::new(pointer));
        signature.params.extend(shim.params().iter().map(|t| ir::AbiParam::new(*t)));
        signature.returns.push(ir::AbiParam::new(types::I32));
        let id = self
            .module
            .declare_function(shim.symbol(), Linkage::Import, &signature)
            .map_err(|e| CodegenError::Module(e.to_string()))?;
        let func_ref = self.module.declare_func_in_func(id, self.builder.func);
        self.shims.insert(shim, func_ref);
        Ok(func_ref)
    }

    /// Calls `shim` with the frame and `args`; returns its status.
    fn call_shim(&mut self, shim: Shim, args: &[ir::Value]) -> Result<ir::Value> {
        let callee = self.shim_ref(shim)?;
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(self.frame);
        all.extend_from_slice(args);
        let call = self.builder.ins().call(callee, &all);
        let status = self.builder.inst_results(call).first().copied();
        status.ok_or_else(|| CodegenError::Module(format!("{} returns nothing", shim.symbol())))
    }

    fn immediates(&mut self, args: &[u32]) -> Vec<ir::Value> {
        args.iter().map(|a| self.builder.ins().iconst(types::I32, i64::from(*a))).collect()
    }

    /// Calls a shim whose every nonzero status is a failure or an abort.
    fn effect(&mut self, shim: Shim, args: &[u32]) -> Result<()> {
        let args = self.immediates(args);
        let status = self.call_shim(shim, &args)?;
        self.branch_to_handler_if(status, status);
        Ok(())
    }

    /// Calls a predicate shim; returns its answer (0 or 1) on the path where
    /// it did not fail.
    fn predicate(&mut self, shim: Shim, args: &[ir::Value]) -> Result<ir::Value> {
        let status = self.call_shim(shim, args)?;
        let failed = self.builder.ins().icmp_imm_u(
            IntCC::UnsignedGreaterThanOrEqual,
            status,
            i64::from(FAIL),
        );
        self.branch_to_handler_if(failed, status);
        Ok(status)
    }

    fn branch_to_handler_if(&mut self, condition: ir::Value, status: ir::Value) {
        let next = self.builder.create_block();
        self.builder.ins().brif(condition, self.handler, &[BlockArg::Value(status)], next, &[]);
        self.builder.switch_to_block(next);
    }

    /// Ends the current block with a jump to `target` and continues in a
    /// fresh block, which only code after a `drop` or `abort` would reach.
    fn jump_away(&mut self, target: ir::Block, args: &[BlockArg]) {
        self.builder.ins().jump(target, args);
        let unreachable = self.builder.create_block();
        self.builder.switch_to_block(unreachable);
    }

    /// A handler block for a protected region: aborts go on to the exit,
    /// failures to `caught`. Filled once the region's code is done.
    fn catch_into(&mut self, handler: ir::Block, caught: ir::Block) {
        let status = self.builder.append_block_param(handler, types::I32);
        self.builder.switch_to_block(handler);
        let aborted = self.builder.ins().icmp_imm_u(IntCC::Equal, status, i64::from(ABORT));
        self.builder.ins().brif(
            aborted,
            self.exits.aborted,
            &[BlockArg::Value(status)],
            caught,
            &[],
        );
    }

    // Statements.

    /// Runs `block`; its value (its last expression statement's, else null)
    /// goes to `dst` when there is one.
    fn block(&mut self, block: &Block, dst: Option<u32>) -> Result<()> {
        self.enter()?;
        let last = block.stmts.len().checked_sub(1);
        for (i, stmt) in block.stmts.iter().enumerate() {
            let value_dst = if Some(i) == last { dst } else { None };
            match stmt {
                Stmt::Expr(e) => self.expr_into(e, value_dst)?,
                other => {
                    self.stmt(other)?;
                    if let Some(dst) = value_dst {
                        self.effect(Shim::Null, &[dst])?;
                    }
                }
            }
        }
        if let (None, Some(dst)) = (last, dst) {
            self.effect(Shim::Null, &[dst])?;
        }
        self.leave();
        Ok(())
    }

    fn stmt(&mut self, stmt: &Stmt) -> Result<()> {
        let mark = self.next_register;
        match stmt {
            Stmt::SetLocal(slot, e) => {
                if !self.set_scalar_local(*slot, e)? {
                    let value = self.expr_temp(e)?;
                    let slot = self.local(*slot);
                    self.effect(Shim::SetLocal, &[slot, value])?;
                }
            }
            Stmt::Assign(path, e) => self.assign(path, e)?,
            Stmt::AssignWithError { value, error, expr } => {
                self.assign_with_error(value, error, expr)?;
            }
            Stmt::For { key, value, iter, body } => self.for_loop(*key, *value, iter, body)?,
            Stmt::ProjectJson { call, projection } => self.project_json(call, projection)?,
            Stmt::Drop => self.jump_away(self.exits.dropped, &[]),
            Stmt::Abort(reason) => self.abort(reason.as_ref())?,
            Stmt::Emit(lane) => self.emit(lane)?,
            Stmt::Expr(e) => self.expr_into(e, None)?,
        }
        self.next_register = mark;
        Ok(())
    }

    fn abort(&mut self, reason: Option<&Expr>) -> Result<()> {
        let reason = match reason {
            Some(e) => self.expr_temp(e)?,
            None => NO_REGISTER,
        };
        let args = self.immediates(&[reason]);
        let status = self.call_shim(Shim::AbortReason, &args)?;
        self.jump_away(self.exits.aborted, &[BlockArg::Value(status)]);
        Ok(())
    }

    fn emit(&mut self, lane: &Str) -> Result<()> {
        let lane = Self::index(&mut self.tables.lanes, lane.clone())?;
        let args = self.immediates(&[lane]);
        let status = self.call_shim(Shim::Lane, &args)?;
        let emitted = self.exits.emitted;
        self.builder.ins().brif(
            status,
            self.exits.aborted,
            &[BlockArg::Value(status)],
            emitted,
            &[],
        );
        let unreachable = self.builder.create_block();
        self.builder.switch_to_block(unreachable);
        Ok(())
    }

    /// `let v, err = e`: on success the value and null, on a failure null
    /// and the message; then both assignments, value first.
    fn assign_with_error(&mut self, value: &PathRef, error: &PathRef, expr: &Expr) -> Result<()> {
        let value_reg = self.temp()?;
        let error_reg = self.temp()?;
        let handler = self.builder.create_block();
        let failed = self.builder.create_block();
        let assign = self.builder.create_block();
        let outer = std::mem::replace(&mut self.handler, handler);
        self.expr(expr, value_reg)?;
        self.handler = outer;
        self.effect(Shim::Null, &[error_reg])?;
        self.builder.ins().jump(assign, &[]);
        self.catch_into(handler, failed);
        self.builder.switch_to_block(failed);
        self.effect(Shim::TakeFailure, &[error_reg])?;
        self.effect(Shim::Null, &[value_reg])?;
        self.builder.ins().jump(assign, &[]);
        self.builder.switch_to_block(assign);
        let value_path = self.path(value)?;
        let error_path = self.path(error)?;
        self.effect(Shim::Assign, &[value_path, value_reg])?;
        self.effect(Shim::Assign, &[error_path, error_reg])
    }

    /// `for`: the items are fixed when the loop starts; a native counter
    /// walks them and a shim loads each into the loop's locals.
    fn for_loop(
        &mut self,
        key: Option<usize>,
        value: usize,
        iter: &Expr,
        body: &Block,
    ) -> Result<()> {
        let items = self.temp()?;
        let keys = self.temp()?;
        self.expr(iter, items)?;
        self.effect(Shim::ForBegin, &[items, keys])?;
        let counter = self.builder.declare_var(types::I64);
        let zero = self.builder.ins().iconst(types::I64, 0);
        self.builder.def_var(counter, zero);
        let head = self.builder.create_block();
        let each = self.builder.create_block();
        let after = self.builder.create_block();
        self.builder.ins().jump(head, &[]);
        self.builder.switch_to_block(head);
        let key_slot = key.map_or(NO_REGISTER, |k| self.local(k));
        let value_slot = self.local(value);
        let [items_arg, keys_arg, key_arg, value_arg] = [items, keys, key_slot, value_slot]
            .map(|a| self.builder.ins().iconst(types::I32, i64::from(a)));
        let index = self.builder.use_var(counter);
        let more =
            self.predicate(Shim::ForItem, &[items_arg, keys_arg, index, key_arg, value_arg])?;
        self.builder.ins().brif(more, each, &[], after, &[]);
        self.builder.switch_to_block(each);
        self.block(body, None)?;
        let index = self.builder.use_var(counter);
        let next = self.builder.ins().iadd_imm_s(index, 1);
        self.builder.def_var(counter, next);
        self.builder.ins().jump(head, &[]);
        self.builder.switch_to_block(after);
        Ok(())
    }

    // Expressions.

    /// Evaluates `e` into `dst`, or into a scratch register when its value
    /// is not needed.
    fn expr_into(&mut self, e: &Expr, dst: Option<u32>) -> Result<()> {
        match (dst, e) {
            (Some(dst), _) => self.expr(e, dst),
            (None, Expr::Del(path)) => {
                let path = self.path(path)?;
                self.effect(Shim::DelPath, &[path])
            }
            (None, _) => {
                let mark = self.next_register;
                self.expr_temp(e)?;
                self.next_register = mark;
                Ok(())
            }
        }
    }

    /// Evaluates `e` into a new temporary, which the caller releases.
    fn expr_temp(&mut self, e: &Expr) -> Result<u32> {
        let dst = self.temp()?;
        self.expr(e, dst)?;
        Ok(dst)
    }

    /// `path = e`, with one fused shim for the common shapes of `e`: a
    /// constant, a call, `del(path)` and another path.
    fn assign(&mut self, path: &PathRef, e: &Expr) -> Result<()> {
        if self.store_field(path, e)? {
            return Ok(());
        }
        let target = self.path(path)?;
        match e {
            Expr::Const(value) => {
                let index = self.constant(value)?;
                self.effect(Shim::AssignConst, &[target, index])
            }
            Expr::Call(call) => {
                let base = self.call_args(call)?;
                let site = Self::index(&mut self.tables.calls, CallSite::new(call))?;
                self.effect(Shim::AssignCall, &[target, site, base])
            }
            Expr::Del(source) => {
                let source = self.path(source)?;
                self.effect(Shim::MovePath, &[target, source])
            }
            Expr::Path(source) if self.native_worthy(e).is_none() => {
                let source = self.path(source)?;
                self.effect(Shim::CopyPath, &[target, source])
            }
            _ => {
                let value = self.expr_temp(e)?;
                self.effect(Shim::Assign, &[target, value])
            }
        }
    }

    /// Evaluates a condition and tests it; returns 0 or 1. A comparison of
    /// a path with a constant is one fused shim that reads the path in place.
    fn condition(&mut self, cond: &Expr, context: u32) -> Result<ir::Value> {
        if self.types.expr(cond) == Some(crate::typing::Scalar::Bool) {
            return self.native(cond, crate::typing::Scalar::Bool);
        }
        if let Expr::Binary(op, lhs, rhs) = cond
            && let Some(code) = BINARY_OPS.iter().position(|o| o == op)
            && matches!(
                op,
                BinaryOp::Eq
                    | BinaryOp::Ne
                    | BinaryOp::Lt
                    | BinaryOp::Le
                    | BinaryOp::Gt
                    | BinaryOp::Ge
            )
        {
            let code = u32::try_from(code).map_err(|_| CodegenError::TooLarge)?;
            let operands = match (lhs.as_ref(), rhs.as_ref()) {
                (Expr::Path(path), Expr::Const(value)) => Some((path, value, code)),
                (Expr::Const(value), Expr::Path(path)) => Some((path, value, code | SWAPPED)),
                _ => None,
            };
            // A typed local lives in a variable, not in its register.
            let operands = operands
                .filter(|_| self.native_worthy(lhs).is_none() && self.native_worthy(rhs).is_none());
            if let Some((path, value, code)) = operands {
                if let Some(result) = self.compare_field(*op, path, value, code)? {
                    return Ok(result);
                }
                let path = self.path(path)?;
                let constant = self.constant(value)?;
                let args = self.immediates(&[path, constant, code]);
                return self.predicate(Shim::PathOp, &args);
            }
        }
        let mark = self.next_register;
        let value = self.expr_temp(cond)?;
        self.next_register = mark;
        let args = self.immediates(&[value, context]);
        self.predicate(Shim::Truth, &args)
    }

    fn expr(&mut self, e: &Expr, dst: u32) -> Result<()> {
        match self.native_worthy(e) {
            Some(scalar) => self.boxed(e, scalar, dst),
            None => self.expr_generic(e, dst),
        }
    }

    /// Evaluates `e` into `dst` through shims, whatever its type.
    fn expr_generic(&mut self, e: &Expr, dst: u32) -> Result<()> {
        self.enter()?;
        let mark = self.next_register;
        match e {
            Expr::Const(value) => {
                let index = self.constant(value)?;
                self.effect(Shim::Const, &[dst, index])?;
            }
            Expr::Path(path) => {
                let path = self.path(path)?;
                self.effect(Shim::Read, &[dst, path])?;
            }
            Expr::Array(items) => self.array(items, dst)?,
            Expr::Object(entries) => self.object(entries, dst)?,
            Expr::Call(call) => self.call(call, dst)?,
            Expr::Del(path) => {
                let path = self.path(path)?;
                self.effect(Shim::Del, &[dst, path])?;
            }
            Expr::Exists(path) => {
                let path = self.path(path)?;
                self.effect(Shim::Exists, &[dst, path])?;
            }
            Expr::Unary(op, inner) => {
                let value = self.expr_temp(inner)?;
                let code = UNARY_OPS.iter().position(|o| o == op).unwrap_or(usize::MAX);
                let code = u32::try_from(code).unwrap_or(u32::MAX);
                self.effect(Shim::Unary, &[dst, value, code])?;
            }
            Expr::Binary(op, lhs, rhs) => self.binary(*op, lhs, rhs, dst)?,
            Expr::Block(block) => self.block(block, Some(dst))?,
            Expr::If(branches, otherwise) => self.if_chain(branches, otherwise.as_ref(), dst)?,
            Expr::Match(scrutinee, arms) => self.match_arms(scrutinee, arms, dst)?,
            Expr::ArgCheck(check) => {
                self.expr(&check.value, dst)?;
                let index = Self::index(&mut self.tables.arg_checks, (**check).clone())?;
                self.effect(Shim::ArgCheck, &[dst, index])?;
            }
        }
        self.next_register = mark;
        self.leave();
        Ok(())
    }

    fn array(&mut self, items: &[Expr], dst: u32) -> Result<()> {
        let base = self.temps(items.len())?;
        for (register, item) in (base..).zip(items) {
            self.expr(item, register)?;
        }
        let len = u32::try_from(items.len()).map_err(|_| CodegenError::TooLarge)?;
        self.effect(Shim::Array, &[dst, base, len])
    }

    fn object(&mut self, entries: &[(Str, Expr)], dst: u32) -> Result<()> {
        let base = self.temps(entries.len())?;
        for (register, (_, value)) in (base..).zip(entries) {
            self.expr(value, register)?;
        }
        let keys = entries.iter().map(|(k, _)| k.clone()).collect();
        let keys = Self::index(&mut self.tables.keys, keys)?;
        self.effect(Shim::Object, &[dst, base, keys])
    }

    /// Arguments go to consecutive registers, one per parameter (absent ones
    /// stay unused), evaluated in parameter order as the interpreter does.
    fn call(&mut self, call: &CallIr, dst: u32) -> Result<()> {
        let base = self.call_args(call)?;
        let site = Self::index(&mut self.tables.calls, CallSite::new(call))?;
        self.effect(Shim::Call, &[dst, site, base])
    }

    /// Evaluates a call's arguments into consecutive registers; returns the
    /// first.
    fn call_args(&mut self, call: &CallIr) -> Result<u32> {
        let base = self.temps(call.args.len())?;
        for (register, arg) in (base..).zip(&call.args) {
            if let Some(arg) = arg {
                self.expr(arg, register)?;
            }
        }
        Ok(base)
    }

    /// A projected `parse_json`: arguments as for a call, then one shim
    /// that parses and assigns the event.
    fn project_json(&mut self, call: &CallIr, projection: &Arc<Projection>) -> Result<()> {
        let base = self.call_args(call)?;
        let site = Self::index(&mut self.tables.calls, CallSite::new(call))?;
        let keep = Self::index(&mut self.tables.projections, Arc::clone(projection))?;
        self.effect(Shim::Project, &[site, base, keep])
    }

    fn binary(&mut self, op: BinaryOp, lhs: &Expr, rhs: &Expr, dst: u32) -> Result<()> {
        match op {
            BinaryOp::Coalesce => self.coalesce(lhs, rhs, dst),
            BinaryOp::And | BinaryOp::Or => self.logic(op == BinaryOp::And, lhs, rhs, dst),
            _ => {
                let left = self.expr_temp(lhs)?;
                let right = self.expr_temp(rhs)?;
                let code = BINARY_OPS.iter().position(|o| *o == op).unwrap_or(usize::MAX);
                let code = u32::try_from(code).unwrap_or(u32::MAX);
                self.effect(Shim::Binary, &[dst, left, right, code])
            }
        }
    }

    /// `l ?? r`: `r` when `l` fails or is null. Aborts pass through.
    fn coalesce(&mut self, lhs: &Expr, rhs: &Expr, dst: u32) -> Result<()> {
        let handler = self.builder.create_block();
        let right = self.builder.create_block();
        let join = self.builder.create_block();
        let outer = std::mem::replace(&mut self.handler, handler);
        self.expr(lhs, dst)?;
        self.handler = outer;
        let args = self.immediates(&[dst]);
        let null = self.predicate(Shim::IsNull, &args)?;
        self.builder.ins().brif(null, right, &[], join, &[]);
        self.catch_into(handler, right);
        self.builder.switch_to_block(right);
        self.expr(rhs, dst)?;
        self.builder.ins().jump(join, &[]);
        self.builder.switch_to_block(join);
        Ok(())
    }

    /// `&&` / `||`: the left side decides whether the right side runs; the
    /// value is the last side's boolean, already in `dst`.
    fn logic(&mut self, is_and: bool, lhs: &Expr, rhs: &Expr, dst: u32) -> Result<()> {
        let context = if is_and { TRUTH_AND } else { TRUTH_OR };
        let right = self.builder.create_block();
        let join = self.builder.create_block();
        self.expr(lhs, dst)?;
        let args = self.immediates(&[dst, context]);
        let left = self.predicate(Shim::Truth, &args)?;
        if is_and {
            self.builder.ins().brif(left, right, &[], join, &[]);
        } else {
            self.builder.ins().brif(left, join, &[], right, &[]);
        }
        self.builder.switch_to_block(right);
        self.expr(rhs, dst)?;
        let args = self.immediates(&[dst, context]);
        self.predicate(Shim::Truth, &args)?;
        self.builder.ins().jump(join, &[]);
        self.builder.switch_to_block(join);
        Ok(())
    }

    fn if_chain(
        &mut self,
        branches: &[(Expr, Block)],
        otherwise: Option<&Block>,
        dst: u32,
    ) -> Result<()> {
        let join = self.builder.create_block();
        for (cond, body) in branches {
            let holds = self.condition(cond, TRUTH_IF)?;
            let then = self.builder.create_block();
            let next = self.builder.create_block();
            self.builder.ins().brif(holds, then, &[], next, &[]);
            self.builder.switch_to_block(then);
            self.block(body, Some(dst))?;
            self.builder.ins().jump(join, &[]);
            self.builder.switch_to_block(next);
        }
        match otherwise {
            Some(body) => self.block(body, Some(dst))?,
            None => self.effect(Shim::Null, &[dst])?,
        }
        self.builder.ins().jump(join, &[]);
        self.builder.switch_to_block(join);
        Ok(())
    }

    /// `match`: patterns are tested in order against the scrutinee; `_`
    /// matches at once; no match gives null.
    fn match_arms(&mut self, scrutinee: &Expr, arms: &[Arm], dst: u32) -> Result<()> {
        let value = self.expr_temp(scrutinee)?;
        let join = self.builder.create_block();
        for arm in arms {
            let body = self.builder.create_block();
            for pattern in &arm.patterns {
                let Some(pattern) = pattern else {
                    self.jump_away(body, &[]);
                    continue;
                };
                let pattern = self.constant(pattern)?;
                let args = self.immediates(&[value, pattern]);
                let equal = self.predicate(Shim::MatchEq, &args)?;
                let next = self.builder.create_block();
                self.builder.ins().brif(equal, body, &[], next, &[]);
                self.builder.switch_to_block(next);
            }
            let next_arm = self.builder.create_block();
            self.builder.ins().jump(next_arm, &[]);
            self.builder.switch_to_block(body);
            self.expr(&arm.body, dst)?;
            self.builder.ins().jump(join, &[]);
            self.builder.switch_to_block(next_arm);
        }
        self.effect(Shim::Null, &[dst])?;
        self.builder.ins().jump(join, &[]);
        self.builder.switch_to_block(join);
        Ok(())
    }
}
