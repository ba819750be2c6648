//! The Cranelift JIT: each chain of transforms and routes (`crate::fusion`;
//! one node per chain unless compiled fused) compiles to one native function
//! over the same IR the interpreter walks, and must give the same outcome on
//! every event (the differential tests check it).
//!
//! This first increment makes control flow native and does all value work
//! through the shims of [`abi`], which reuse the interpreter's operators,
//! paths and the built-ins' `Function::call`. `docs/compiler.md` lists what
//! is native and what goes through shims.

#[allow(unsafe_code, reason = "the one fenced module of `unsafe` in the crate")]
mod abi;
mod codegen;
mod fields;
mod frame;

use cranelift_codegen::ir::UserFuncName;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::JITModule;
use cranelift_module::{FuncId, Module};
use lgp_lang::check::typed::NodeId;
use lgp_stdlib::{Event, Value};

use crate::fusion::{Chain, ChainId, ChainOutcome, Fusion};
use crate::interp::Outcome;
use crate::ir::NodeCode;
use crate::pipeline::Pipeline;
use abi::{CodeMemory, JitFrame};
use codegen::{CodegenError, Failure, NodeLayout};

thread_local! {
    /// The register file of the last event run on this thread, reused so
    /// an event costs no allocation for it.
    static REGISTERS: std::cell::Cell<Vec<Value>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A pipeline's transforms and routes compiled to native code.
pub struct JitProgram {
    fusion: Fusion,
    /// One per chain of `fusion`, in order.
    chains: Vec<CompiledChain>,
    code: CodeMemory,
}

struct CompiledChain {
    layout: NodeLayout,
    /// The Cranelift IR as generated, for `clif`.
    clif: String,
    /// Cranelift's VCode disassembly, when asked for.
    disassembly: Option<String>,
}

/// How [`JitProgram::compile_with`] compiles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JitOptions {
    /// One function per chain of [`Fusion::of`], as `lgp run` runs;
    /// otherwise one per node, which can be traced node by node.
    pub fused: bool,
    /// Keep Cranelift's disassembly of each function (`lgp explain --asm`).
    pub disassembly: bool,
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
    /// Compiles every transform and route of `pipeline` to a function of
    /// its own.
    ///
    /// # Errors
    /// See [`JitError`]; the interpreter can run any program the JIT refuses.
    pub fn compile(pipeline: &Pipeline) -> Result<JitProgram, JitError> {
        JitProgram::compile_with(pipeline, JitOptions::default())
    }

    /// Compiles each chain of [`Fusion::of`] to one function.
    ///
    /// # Errors
    /// As [`JitProgram::compile`].
    pub fn compile_fused(pipeline: &Pipeline) -> Result<JitProgram, JitError> {
        JitProgram::compile_with(pipeline, JitOptions { fused: true, ..JitOptions::default() })
    }

    /// Compiles `pipeline` as `options` say.
    ///
    /// # Errors
    /// As [`JitProgram::compile`].
    pub fn compile_with(pipeline: &Pipeline, options: JitOptions) -> Result<JitProgram, JitError> {
        let checked = &pipeline.checked;
        let fusion = if options.fused { Fusion::of(checked) } else { Fusion::unfused(checked) };
        let mut compiler = Compiler::new(options)?;
        let mut functions = Vec::with_capacity(fusion.chains.len());
        let mut chains = Vec::with_capacity(fusion.chains.len());
        for (id, chain) in fusion.chains.iter().enumerate() {
            let (func_id, compiled) = compiler.chain(pipeline, id, chain)?;
            functions.push(Some(func_id));
            chains.push(compiled);
        }
        let code = CodeMemory::finalize(compiler.module, &functions)
            .map_err(|message| JitError::Cranelift { node: "(linking)".into(), message })?;
        Ok(JitProgram { fusion, chains, code })
    }

    /// The chains the program was compiled as.
    pub fn fusion(&self) -> &Fusion {
        &self.fusion
    }

    /// Runs node `node` on one event, with the interpreter's [`Outcome`].
    /// A node fused with others has no function of its own: the event is
    /// aborted with an internal error; use [`JitProgram::run_chain`].
    pub fn run(&self, node: NodeId, event: Event) -> Outcome {
        let Some(place) = self.fusion.place(node) else {
            return Outcome::Out { lane: None, event: event.materialized() };
        };
        match self.fusion.chain(place.chain) {
            Some(chain) if chain.nodes.len() == 1 => self.run_chain(place.chain, event).outcome,
            _ => Outcome::Aborted {
                reason: format!(
                    "internal error in the JIT: node {node} is fused into a chain and runs with it"
                ),
                event: event.materialized(),
            },
        }
    }

    /// Runs chain `chain` on one event: the outcome, at the node of the
    /// chain where the event left it.
    pub fn run_chain(&self, chain: ChainId, event: Event) -> ChainOutcome {
        let mut out = Vec::with_capacity(1);
        self.run_batch(chain, vec![event], &mut out);
        out.pop().unwrap_or(ChainOutcome {
            stage: 0,
            outcome: Outcome::Aborted {
                reason: "internal error in the JIT: the event has no outcome".into(),
                event: Event::default_object(),
            },
        })
    }

    /// Runs chain `chain` on a batch of events, appending one outcome per
    /// event to `out` in order. The loop over the batch is native: the
    /// chain's function runs every event before it returns.
    pub fn run_batch(&self, chain: ChainId, events: Vec<Event>, out: &mut Vec<ChainOutcome>) {
        out.reserve(events.len());
        let Some(compiled) = self.chains.get(chain) else {
            let pass = |event: Event| ChainOutcome {
                stage: 0,
                outcome: Outcome::Out { lane: None, event: event.materialized() },
            };
            out.extend(events.into_iter().map(pass));
            return;
        };
        let layout = &compiled.layout;
        let mut registers = REGISTERS.with(|pool| pool.take());
        registers.clear();
        registers.resize(layout.registers, Value::Null);
        let mut frame = JitFrame {
            event: Event::default(),
            registers,
            locals: layout.locals,
            failure: String::new(),
            lane: None,
            tables: &layout.tables,
            pending: events.into_iter(),
            outcomes: out,
            scalar: 0,
            fields: Default::default(),
            field_names: None,
        };
        self.code.run(chain, &mut frame);
        let JitFrame { mut registers, pending, outcomes, .. } = frame;
        // The function returns only once the batch is done; should it not,
        // no event goes missing.
        outcomes.extend(pending.map(|event| ChainOutcome {
            stage: 0,
            outcome: Outcome::Aborted {
                reason: "internal error in the JIT: the batch stopped early".into(),
                event: event.materialized(),
            },
        }));
        // The values go now; the memory is kept for the next batch.
        registers.clear();
        REGISTERS.with(|pool| pool.replace(registers));
    }

    /// The Cranelift IR of the function that runs node `node` (empty for
    /// nodes that pass events through).
    pub fn clif(&self, node: NodeId) -> String {
        let chain = self.fusion.place(node).map(|place| place.chain);
        chain.map(|chain| self.chain_clif(chain).to_string()).unwrap_or_default()
    }

    /// How many registers chain `chain`'s frame holds: the locals of every
    /// node, then every node's temporaries.
    pub fn chain_registers(&self, chain: ChainId) -> usize {
        self.chains.get(chain).map_or(0, |c| c.layout.registers)
    }

    /// The Cranelift IR of chain `chain`'s function, as generated.
    pub fn chain_clif(&self, chain: ChainId) -> &str {
        self.chains.get(chain).map_or("", |c| c.clif.as_str())
    }

    /// Cranelift's VCode disassembly of chain `chain`'s function: the
    /// machine instructions after register allocation. Kept only when
    /// compiled with [`JitOptions::disassembly`].
    pub fn chain_disassembly(&self, chain: ChainId) -> Option<&str> {
        self.chains.get(chain).and_then(|c| c.disassembly.as_deref())
    }
}

/// The module being filled and the contexts reused from chain to chain.
struct Compiler {
    module: JITModule,
    context: cranelift_codegen::Context,
    builder_context: FunctionBuilderContext,
    options: JitOptions,
}

impl Compiler {
    fn new(options: JitOptions) -> Result<Compiler, JitError> {
        let module = JITModule::new(abi::builder(host_isa()?));
        let context = module.make_context();
        Ok(Compiler { module, context, builder_context: FunctionBuilderContext::new(), options })
    }

    /// Declares, generates and compiles chain `id`'s function.
    fn chain(
        &mut self,
        pipeline: &Pipeline,
        id: ChainId,
        chain: &Chain,
    ) -> Result<(FuncId, CompiledChain), JitError> {
        let name = chain.name(&pipeline.checked);
        let node_name = |stage: usize| {
            let node = chain.node(stage).and_then(|n| pipeline.checked.nodes.get(n));
            node.map_or_else(|| name.clone(), |n| n.name.clone())
        };
        let fail = |message: String| JitError::Cranelift { node: name.clone(), message };
        let func_id =
            abi::declare_entry(&mut self.module, &format!("chain{id}_{name}")).map_err(fail)?;
        let func = &mut self.context.func;
        func.signature = self.module.declarations().get_function_decl(func_id).signature.clone();
        func.name = UserFuncName::user(0, func_id.as_u32());
        let codes: Vec<&NodeCode> =
            chain.nodes.iter().map(|n| pipeline.code.get(*n).unwrap_or(&NodeCode::Pass)).collect();
        let layout = codegen::define(&mut self.module, func, &mut self.builder_context, &codes)
            .map_err(|Failure { stage, error }| match error {
                CodegenError::TooDeep => JitError::TooDeep { node: node_name(stage) },
                CodegenError::TooLarge => JitError::TooLarge { node: node_name(stage) },
                CodegenError::Module(message) => fail(message),
            })?;
        let clif = format!("{}{}", self.callee_legend(), self.context.func.display());
        self.context.set_disasm(self.options.disassembly);
        let defined = self.module.define_function(func_id, &mut self.context);
        let disassembly = self.context.compiled_code().and_then(|code| code.vcode.clone());
        self.module.clear_context(&mut self.context);
        defined.map_err(|e| fail(format!("{e:?}")))?;
        Ok((func_id, CompiledChain { layout, clif, disassembly }))
    }
}

impl Compiler {
    /// A comment line for each shim the function calls, naming it as the
    /// Cranelift IR (`u0:N`) and the disassembly (`userextnameN`) do.
    fn callee_legend(&self) -> String {
        let mut legend = String::new();
        for (reference, name) in self.context.func.params.user_named_funcs().iter() {
            let id = FuncId::from_u32(name.index);
            let symbol = self.module.declarations().get_function_decl(id).name.as_deref();
            legend.push_str(&format!(
                "; u0:{} (userextname{}) = {}\n",
                name.index,
                reference.as_u32(),
                symbol.unwrap_or("?")
            ));
        }
        legend
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
