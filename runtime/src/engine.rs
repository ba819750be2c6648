//! The engine that runs a node's code over a batch, behind a trait so the
//! Cranelift JIT can take the reference interpreter's place without the
//! workers noticing.

use std::sync::Arc;

use lgp_compiler::Pipeline;
use lgp_compiler::interp::{self, Outcome};
use lgp_compiler::ir::NodeCode;
use lgp_compiler::jit::JitProgram;
use lgp_lang::check::typed::NodeId;
use lgp_stdlib::Event;

/// Runs the code of one transform or route over a batch of events.
pub trait Engine: Send + Sync {
    /// Appends one outcome per event of `events` to `out`, in order.
    fn run_batch(&self, node: NodeId, events: Vec<Event>, out: &mut Vec<Outcome>);
}

/// The reference interpreter, event by event.
pub struct Interpreter {
    pipeline: Arc<Pipeline>,
}

impl Interpreter {
    pub fn new(pipeline: Arc<Pipeline>) -> Interpreter {
        Interpreter { pipeline }
    }
}

impl Engine for Interpreter {
    fn run_batch(&self, node: NodeId, events: Vec<Event>, out: &mut Vec<Outcome>) {
        let code = self.pipeline.code.get(node).unwrap_or(&NodeCode::Pass);
        out.reserve(events.len());
        out.extend(events.into_iter().map(|event| interp::run(code, event)));
    }
}

/// The Cranelift JIT: each node's code compiled once to a native function.
pub struct Jit {
    program: JitProgram,
}

impl Jit {
    pub fn new(program: JitProgram) -> Jit {
        Jit { program }
    }
}

impl Engine for Jit {
    fn run_batch(&self, node: NodeId, events: Vec<Event>, out: &mut Vec<Outcome>) {
        out.reserve(events.len());
        out.extend(events.into_iter().map(|event| self.program.run(node, event)));
    }
}
