//! The engine that runs the transforms and routes over a batch, behind a
//! trait so the Cranelift JIT can take the reference interpreter's place
//! without the workers noticing.
//!
//! Both engines run fused chains ([`lgp_compiler::fusion`]): every linear
//! run of transforms ending at a fan-in, a fan-out or a route is one call
//! per event, with no copy of the event between its nodes.

use std::sync::Arc;

use lgp_compiler::Pipeline;
use lgp_compiler::fusion::{ChainId, ChainOutcome, Fusion};
use lgp_compiler::interp::Outcome;
use lgp_compiler::jit::JitProgram;
use lgp_stdlib::Event;

/// Runs chains of transforms and routes over batches of events.
pub trait Engine: Send + Sync {
    /// The chains this engine runs; every transform and route is in one.
    fn fusion(&self) -> &Fusion;

    /// Appends one outcome per event of `events` to `out`, in order, each
    /// with the position in the chain of the node where the event left it.
    fn run_chain(&self, chain: ChainId, events: Vec<Event>, out: &mut Vec<ChainOutcome>);
}

/// The reference interpreter, event by event and node by node within a
/// chain.
pub struct Interpreter {
    pipeline: Arc<Pipeline>,
    fusion: Fusion,
}

impl Interpreter {
    pub fn new(pipeline: Arc<Pipeline>) -> Interpreter {
        let fusion = Fusion::of(&pipeline.checked);
        Interpreter { pipeline, fusion }
    }
}

impl Engine for Interpreter {
    fn fusion(&self) -> &Fusion {
        &self.fusion
    }

    fn run_chain(&self, chain: ChainId, events: Vec<Event>, out: &mut Vec<ChainOutcome>) {
        out.reserve(events.len());
        let Some(chain) = self.fusion.chain(chain) else {
            let passed =
                |event| ChainOutcome { stage: 0, outcome: Outcome::Out { lane: None, event } };
            out.extend(events.into_iter().map(passed));
            return;
        };
        out.extend(events.into_iter().map(|event| self.pipeline.run_chain(chain, event)));
    }
}

/// The Cranelift JIT: each chain compiled once to one native function.
pub struct Jit {
    program: JitProgram,
}

impl Jit {
    /// Runs `program`, which `lgp run` compiles with
    /// [`JitProgram::compile_fused`]; one compiled node by node also runs,
    /// each node a chain of its own.
    pub fn new(program: JitProgram) -> Jit {
        Jit { program }
    }
}

impl Engine for Jit {
    fn fusion(&self) -> &Fusion {
        self.program.fusion()
    }

    fn run_chain(&self, chain: ChainId, events: Vec<Event>, out: &mut Vec<ChainOutcome>) {
        self.program.run_batch(chain, events, out);
    }
}
