//! The running shape of a compiled pipeline: which node feeds which (with
//! route lanes), which nodes a batch from each input can reach, and the
//! typed configuration of every input and output.
//!
//! Nodes keep the checker's numbering, which is topological, so a worker
//! that visits the nodes a batch reaches in increasing order has every
//! upstream's events in hand before it runs a node: fan-in needs no
//! coordination and fan-out is a clone per extra reader. A fused chain of
//! transforms and routes (`lgp_compiler::fusion`) runs at its first node's
//! place in that order: its later nodes read only the node before them,
//! and every reader of its nodes comes after them.

use lgp_lang::check::typed::{Checked, NodeId, NodeKind};

use crate::config::{self, ConfigError, InputConfig, OutputConfig};

/// A reader of a node's events: the downstream node and the lane it reads
/// (`None`: the plain output).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downstream {
    pub node: NodeId,
    pub lane: Option<String>,
}

/// What a node is, for the worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Input number `n` of [`Topology::inputs`].
    Input(usize),
    /// A transform or route: the engine runs it.
    Process,
    /// Output number `n` of [`Topology::outputs`].
    Output(usize),
}

#[derive(Clone, Debug)]
pub struct PlanNode {
    pub name: String,
    pub kind: NodeKind,
    /// `file`, `stdout` for inputs and outputs; `transform`, `route` otherwise.
    pub component: String,
    pub role: Role,
    pub downstream: Vec<Downstream>,
}

#[derive(Clone, Debug)]
pub struct InputPlan {
    pub node: NodeId,
    pub config: InputConfig,
    /// The nodes a batch of this input can reach, itself first, in
    /// topological order.
    pub reach: Vec<NodeId>,
}

#[derive(Clone, Debug)]
pub struct OutputPlan {
    pub node: NodeId,
    pub config: OutputConfig,
}

#[derive(Clone, Debug)]
pub struct Topology {
    pub nodes: Vec<PlanNode>,
    pub inputs: Vec<InputPlan>,
    pub outputs: Vec<OutputPlan>,
}

impl Topology {
    /// Builds the topology of a checked program.
    ///
    /// # Errors
    /// Every component whose options cannot be used, or that `lgp run`
    /// cannot run yet.
    pub fn build(checked: &Checked) -> Result<Topology, Vec<ConfigError>> {
        let mut errors = Vec::new();
        let mut inputs = Vec::new();
        let mut outputs = Vec::new();
        let mut nodes = Vec::with_capacity(checked.nodes.len());
        for (id, node) in checked.nodes.iter().enumerate() {
            let role = match node.kind {
                NodeKind::Input => match config::input(&checked.program, node.decl) {
                    Ok(config) => {
                        inputs.push(InputPlan { node: id, config, reach: Vec::new() });
                        Role::Input(inputs.len() - 1)
                    }
                    Err(error) => {
                        errors.push(error);
                        Role::Process
                    }
                },
                NodeKind::Output => match config::output(&checked.program, node.decl) {
                    Ok(config) => {
                        outputs.push(OutputPlan { node: id, config });
                        Role::Output(outputs.len() - 1)
                    }
                    Err(error) => {
                        errors.push(error);
                        Role::Process
                    }
                },
                NodeKind::Transform | NodeKind::Route => Role::Process,
            };
            let component = node.component.clone().unwrap_or_else(|| node.kind.as_str().into());
            nodes.push(PlanNode {
                name: node.name.clone(),
                kind: node.kind,
                component,
                role,
                downstream: Vec::new(),
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        link(checked, &mut nodes);
        for input in &mut inputs {
            input.reach = reach(&nodes, input.node);
        }
        Ok(Topology { nodes, inputs, outputs })
    }

    pub fn node(&self, id: NodeId) -> Option<&PlanNode> {
        self.nodes.get(id)
    }
}

/// Fills each node's readers from the upstream edges the checker resolved.
fn link(checked: &Checked, nodes: &mut [PlanNode]) {
    for (id, node) in checked.nodes.iter().enumerate() {
        for edge in &node.upstreams {
            if let Some(upstream) = nodes.get_mut(edge.node) {
                upstream.downstream.push(Downstream { node: id, lane: edge.lane.clone() });
            }
        }
    }
}

/// The nodes reachable from `start`, `start` included, in increasing order.
fn reach(nodes: &[PlanNode], start: NodeId) -> Vec<NodeId> {
    let mut seen = vec![false; nodes.len()];
    let mut stack = vec![start];
    while let Some(id) = stack.pop() {
        match seen.get_mut(id) {
            Some(flag) if !*flag => *flag = true,
            _ => continue,
        }
        if let Some(node) = nodes.get(id) {
            stack.extend(node.downstream.iter().map(|d| d.node));
        }
    }
    seen.iter().enumerate().filter(|(_, seen)| **seen).map(|(id, _)| id).collect()
}
