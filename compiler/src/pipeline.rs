//! A whole pipeline run in memory: events fed to inputs flow through every
//! node in topological order. `lgp test`, the REPL and the differential tests
//! use it; the runtime drives the same node code from its workers.

use lgp_lang::check::typed::{Checked, NodeId, NodeKind};
use lgp_stdlib::{Event, Str, Value};

use crate::interp::{self, Outcome};
use crate::ir::NodeCode;
use crate::jit::{JitError, JitProgram};
use crate::lower::{self, LowerError};

/// Which engine runs transforms and routes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// The reference interpreter.
    Interp,
    /// The Cranelift JIT.
    Jit,
}

/// A checked program with every node lowered.
pub struct Pipeline {
    pub checked: Checked,
    pub code: Vec<NodeCode>,
}

/// What happened at one node during a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeTrace {
    /// How many events reached the node.
    pub received: usize,
    /// The events the node sent on, with their lane (`None`: plain output).
    /// For an output, the events it received.
    pub out: Vec<(Option<Str>, Event)>,
    pub dropped: usize,
    /// Abort (dead-letter) reasons with the event as it was at the abort.
    pub aborted: Vec<(String, Event)>,
}

impl Pipeline {
    /// Lowers every node.
    ///
    /// # Errors
    /// See [`lower::lower`].
    pub fn new(checked: Checked) -> Result<Pipeline, LowerError> {
        let code = lower::lower(&checked)?;
        Ok(Pipeline { checked, code })
    }

    /// Feeds `events` to the inputs named and runs every node once over what
    /// reaches it. Returns one trace per node, in `checked.nodes` order.
    pub fn feed(&self, inputs: &[(NodeId, Vec<Event>)]) -> Vec<NodeTrace> {
        self.feed_by(inputs, |_, code, event| interp::run(code, event))
    }

    /// [`Pipeline::feed`] on the engine chosen.
    ///
    /// # Errors
    /// When the JIT cannot compile the program.
    pub fn feed_with(
        &self,
        engine: Engine,
        inputs: &[(NodeId, Vec<Event>)],
    ) -> Result<Vec<NodeTrace>, JitError> {
        match engine {
            Engine::Interp => Ok(self.feed(inputs)),
            Engine::Jit => Ok(self.feed_jit(&JitProgram::compile(self)?, inputs)),
        }
    }

    /// [`Pipeline::feed`] on this pipeline compiled by [`JitProgram::compile`].
    pub fn feed_jit(&self, jit: &JitProgram, inputs: &[(NodeId, Vec<Event>)]) -> Vec<NodeTrace> {
        self.feed_by(inputs, |id, _, event| jit.run(id, event))
    }

    fn feed_by(
        &self,
        inputs: &[(NodeId, Vec<Event>)],
        mut run: impl FnMut(NodeId, &NodeCode, Event) -> Outcome,
    ) -> Vec<NodeTrace> {
        let mut traces = vec![NodeTrace::default(); self.checked.nodes.len()];
        for (id, node) in self.checked.nodes.iter().enumerate() {
            let inbox = self.inbox(id, inputs, &traces);
            let trace = &mut traces[id];
            trace.received = inbox.len();
            let code = self.code.get(id).unwrap_or(&NodeCode::Pass);
            for event in inbox {
                if node.kind == NodeKind::Output {
                    trace.out.push((None, event));
                    continue;
                }
                match run(id, code, event) {
                    Outcome::Out { lane, event } => trace.out.push((lane, event.materialized())),
                    Outcome::Dropped => trace.dropped += 1,
                    Outcome::Aborted { reason, event } => trace.aborted.push((reason, event)),
                }
            }
        }
        traces
    }

    /// The events that reach node `id`: fed ones for an input, else what its
    /// upstreams sent on the lanes it reads, upstream by upstream.
    fn inbox(
        &self,
        id: NodeId,
        inputs: &[(NodeId, Vec<Event>)],
        traces: &[NodeTrace],
    ) -> Vec<Event> {
        let node = &self.checked.nodes[id];
        if node.kind == NodeKind::Input {
            let name = Value::from(node.name.as_str());
            return inputs
                .iter()
                .filter(|(input, _)| *input == id)
                .flat_map(|(_, events)| events.iter().cloned())
                .map(|mut e| {
                    if let Value::Object(meta) = &mut e.meta {
                        meta.entry("input".into()).or_insert_with(|| name.clone());
                    }
                    e
                })
                .collect();
        }
        let mut inbox = Vec::new();
        for edge in &node.upstreams {
            let Some(up) = traces.get(edge.node) else { continue };
            for (lane, event) in &up.out {
                if lane.as_deref() == edge.lane.as_deref() {
                    inbox.push(event.clone());
                }
            }
        }
        inbox
    }
}
