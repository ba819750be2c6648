//! A whole pipeline run in memory: events fed to inputs flow through every
//! node in topological order. `lgp test`, the REPL and the differential tests
//! use it; the runtime drives the same node code from its workers. A run is
//! a walk over chains ([`crate::fusion`]): one node each for the traced runs,
//! the fused chains for [`Pipeline::feed_fused`].

use lgp_lang::check::typed::{Checked, NodeId, NodeKind};
use lgp_stdlib::{Event, Str, Value};

use crate::fusion::{Chain, ChainId, ChainOutcome, Fusion};
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
    /// For an output, the events it received. In a fused run, a node that
    /// hands events to the next node of its chain lists only those it
    /// emitted to a lane ([`Pipeline::feed_fused`]).
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
        self.feed_chains(&Fusion::unfused(&self.checked), inputs, |_, chain, event| {
            self.run_chain(chain, event)
        })
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

    /// [`Pipeline::feed`] on this pipeline compiled by [`JitProgram::compile`],
    /// or fused as [`JitProgram::compile_fused`] does, with the traces of
    /// [`Pipeline::feed_fused`].
    pub fn feed_jit(&self, jit: &JitProgram, inputs: &[(NodeId, Vec<Event>)]) -> Vec<NodeTrace> {
        self.feed_chains(jit.fusion(), inputs, |id, _, event| jit.run_chain(id, event))
    }

    /// Runs the program fused into chains ([`Fusion::of`]) on the engine
    /// chosen, as `lgp run` does. Inside a chain no event is copied, so the
    /// trace of a node that hands its events to the next node of its chain
    /// lists in `out` only the events that left the chain there (emitted to
    /// a lane); its counts and aborts are complete.
    ///
    /// # Errors
    /// When the JIT cannot compile the program.
    pub fn feed_fused(
        &self,
        engine: Engine,
        inputs: &[(NodeId, Vec<Event>)],
    ) -> Result<Vec<NodeTrace>, JitError> {
        match engine {
            Engine::Interp => {
                Ok(self.feed_chains(&Fusion::of(&self.checked), inputs, |_, chain, event| {
                    self.run_chain(chain, event)
                }))
            }
            Engine::Jit => Ok(self.feed_jit(&JitProgram::compile_fused(self)?, inputs)),
        }
    }

    /// Runs the nodes of `chain` on one event with the interpreter, each on
    /// the event the one before it finished with; no copy is made.
    pub fn run_chain(&self, chain: &Chain, mut event: Event) -> ChainOutcome {
        let last = chain.nodes.len().saturating_sub(1);
        for (stage, node) in chain.nodes.iter().enumerate() {
            let code = self.code.get(*node).unwrap_or(&NodeCode::Pass);
            match interp::run(code, event) {
                Outcome::Out { lane: None, event: next } if stage < last => event = next,
                outcome => return ChainOutcome { stage, outcome },
            }
        }
        ChainOutcome { stage: 0, outcome: Outcome::Out { lane: None, event } }
    }

    /// Runs every chain of `fusion` over what reaches its head, in
    /// topological order, and records what happened at each node.
    fn feed_chains(
        &self,
        fusion: &Fusion,
        inputs: &[(NodeId, Vec<Event>)],
        mut run: impl FnMut(ChainId, &Chain, Event) -> ChainOutcome,
    ) -> Vec<NodeTrace> {
        let mut traces = vec![NodeTrace::default(); self.checked.nodes.len()];
        for (id, node) in self.checked.nodes.iter().enumerate() {
            let chain = match fusion.place(id) {
                Some(place) if place.stage > 0 => continue,
                Some(place) => fusion.chain(place.chain).map(|chain| (place.chain, chain)),
                None => None,
            };
            let inbox = self.inbox(id, inputs, &traces);
            let Some((chain_id, chain)) = chain else {
                let trace = &mut traces[id];
                trace.received = inbox.len();
                if node.kind == NodeKind::Output {
                    trace.out.extend(inbox.into_iter().map(|event| (None, event)));
                } else {
                    let passed = inbox.into_iter().map(|event| (None, event.materialized()));
                    trace.out.extend(passed);
                }
                continue;
            };
            for event in inbox {
                record(&mut traces, chain, run(chain_id, chain, event));
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
                    if let Value::Object(meta) = &mut *e.meta {
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

/// Counts one chain run in the traces of the nodes it passed.
fn record(traces: &mut [NodeTrace], chain: &Chain, result: ChainOutcome) {
    let passed = chain.nodes.iter().take(result.stage + 1);
    for node in passed {
        if let Some(trace) = traces.get_mut(*node) {
            trace.received += 1;
        }
    }
    let Some(trace) = chain.node(result.stage).and_then(|node| traces.get_mut(node)) else {
        return;
    };
    match result.outcome {
        Outcome::Out { lane, event } => trace.out.push((lane, event.materialized())),
        Outcome::Dropped => trace.dropped += 1,
        Outcome::Aborted { reason, event } => trace.aborted.push((reason, event)),
    }
}
