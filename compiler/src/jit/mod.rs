//! The Cranelift JIT: each transform and route compiles to one native
//! function over the same IR the interpreter walks, and must give the same
//! outcome on every event (the differential tests check it).
//!
//! This first increment makes control flow native and does all value work
//! through the shims of [`abi`], which reuse the interpreter's operators,
//! paths and the built-ins' `Function::call`. `docs/compiler.md` lists what
//! is native and what goes through shims.

#[allow(unsafe_code, reason = "the one fenced module of `unsafe` in the crate")]
mod abi;
mod codegen;
mod frame;

use cranelift_codegen::ir::UserFuncName;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Module};
use lgp_lang::check::typed::NodeId;
use lgp_stdlib::{Event, Value};

use crate::interp::Outcome;
use crate::ir::NodeCode;
use crate::pipeline::Pipeline;
use abi::{CodeMemory, DONE, DROPPED, EMITTED, JitFrame};
use codegen::{CodegenError, NodeLayout};

thread_local! {
    /// The register file of the last event run on this thread, reused so
    /// an event costs no allocation for it.
    static REGISTERS: std::cell::Cell<Vec<Value>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A pipeline's transforms and routes compiled to native code.
pub struct JitProgram {
    /// One per node, in `checked.nodes` order; `None` for nodes that pass
    /// events through.
    nodes: Vec<Option<CompiledNode>>,
    code: CodeMemory,
}

struct CompiledNode {
    layout: NodeLayout,
    /// The Cranelift IR as generated, for `clif`.
    clif: String,
}

/// Why a pipeline could not be compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum JitError {
    /// Cranelift has no code generator for this machine.
    UnsupportedHost(String),
    /// A node nests blocks and expressions deeper than the compiler follows.
    TooDeep { node: String },
    /// A node needs more registers or constants than the compiler counts.
    TooLarge { node: String },
    /// Cranelift refused the generated code: a bug in the code generator.
    Cranelift { node: String, message: String },
}

impl std::fmt::Display for JitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JitError::UnsupportedHost(message) => {
                write!(f, "the JIT cannot run on this machine: {message}")
            }
            JitError::TooDeep { node } => {
                write!(f, "`{node}` nests too deeply for the JIT; run it with the interpreter")
            }
            JitError::TooLarge { node } => write!(f, "`{node}` is too large for the JIT"),
            JitError::Cranelift { node, message } => {
                write!(f, "the JIT failed to compile `{node}`: {message}")
            }
        }
    }
}

impl std::error::Error for JitError {}

impl JitProgram {
    /// Compiles every transform and route of `pipeline`.
    ///
    /// # Errors
    /// See [`JitError`]; the interpreter can run any program the JIT refuses.
    pub fn compile(pipeline: &Pipeline) -> Result<JitProgram, JitError> {
        let mut compiler = Compiler::new()?;
        let mut functions = Vec::with_capacity(pipeline.code.len());
        let mut nodes = Vec::with_capacity(pipeline.code.len());
        for (id, code) in pipeline.code.iter().enumerate() {
            if matches!(code, NodeCode::Pass) {
                functions.push(None);
                nodes.push(None);
                continue;
            }
            let name = pipeline.checked.nodes.get(id).map_or("?", |n| n.name.as_str());
            let (func_id, node) = compiler.node(id, name, code)?;
            functions.push(Some(func_id));
            nodes.push(Some(node));
        }
        let code = CodeMemory::finalize(compiler.module, &functions)
            .map_err(|message| JitError::Cranelift { node: "(linking)".into(), message })?;
        Ok(JitProgram { nodes, code })
    }

    /// Runs node `node` on one event, with the interpreter's [`Outcome`].
    pub fn run(&self, node: NodeId, mut event: Event) -> Outcome {
        event.materialize();
        let Some(Some(compiled)) = self.nodes.get(node) else {
            return Outcome::Out { lane: None, event };
        };
        let layout = &compiled.layout;
        let mut registers = REGISTERS.with(|pool| pool.take());
        registers.resize(layout.registers, Value::Null);
        let mut frame = JitFrame {
            event: &mut event,
            registers,
            locals: layout.locals,
            failure: String::new(),
            lane: None,
            tables: &layout.tables,
        };
        let status = self.code.run(node, &mut frame);
        let JitFrame { failure, lane, mut registers, .. } = frame;
        // Every register is null again before the next event; the memory
        // is kept for it.
        registers.clear();
        REGISTERS.with(|pool| pool.replace(registers));
        match status {
            None | Some(DONE) => Outcome::Out { lane: None, event },
            Some(DROPPED) => Outcome::Dropped,
            Some(EMITTED) => Outcome::Out { lane, event },
            Some(_) => Outcome::Aborted { reason: failure, event: event.materialized() },
        }
    }

    /// The Cranelift IR of node `node`'s function, as generated (empty for
    /// nodes that pass events through).
    pub fn clif(&self, node: NodeId) -> String {
        self.nodes.get(node).and_then(Option::as_ref).map(|n| n.clif.clone()).unwrap_or_default()
    }
}

/// The module being filled and the contexts reused from node to node.
struct Compiler {
    module: JITModule,
    context: cranelift_codegen::Context,
    builder_context: FunctionBuilderContext,
}

impl Compiler {
    fn new() -> Result<Compiler, JitError> {
        let module = JITModule::new(abi::builder(host_isa()?));
        let context = module.make_context();
        Ok(Compiler { module, context, builder_context: FunctionBuilderContext::new() })
    }

    /// Declares, generates and compiles node `id`'s function.
    fn node(
        &mut self,
        id: NodeId,
        name: &str,
        code: &NodeCode,
    ) -> Result<(FuncId, CompiledNode), JitError> {
        let fail = |message: String| JitError::Cranelift { node: name.into(), message };
        let func_id =
            abi::declare_entry(&mut self.module, &format!("node{id}_{name}")).map_err(fail)?;
        let func = &mut self.context.func;
        func.signature = self.module.declarations().get_function_decl(func_id).signature.clone();
        func.name = UserFuncName::user(0, func_id.as_u32());
        let layout = codegen::define(&mut self.module, func, &mut self.builder_context, code)
            .map_err(|e| match e {
                CodegenError::TooDeep => JitError::TooDeep { node: name.into() },
                CodegenError::TooLarge => JitError::TooLarge { node: name.into() },
                CodegenError::Module(message) => fail(message),
            })?;
        let clif = self.context.func.display().to_string();
        let defined = self.module.define_function(func_id, &mut self.context);
        self.module.clear_context(&mut self.context);
        defined.map_err(|e| fail(format!("{e:?}")))?;
        Ok((func_id, CompiledNode { layout, clif }))
    }
}

/// The host's code generator, tuned for speed of the generated code.
fn host_isa() -> Result<cranelift_codegen::isa::OwnedTargetIsa, JitError> {
    let unsupported = |e: &dyn std::fmt::Display| JitError::UnsupportedHost(e.to_string());
    let mut flags = settings::builder();
    for (name, value) in
        [("use_colocated_libcalls", "false"), ("is_pic", "false"), ("opt_level", "speed")]
    {
        flags.set(name, value).map_err(|e| unsupported(&e))?;
    }
    let isa = cranelift_native::builder().map_err(|e| unsupported(&e))?;
    isa.finish(settings::Flags::new(flags)).map_err(|e| unsupported(&e))
}
