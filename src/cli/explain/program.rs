//! `lgp explain FILE`: the DAG of a pipeline, its fused functions with the
//! field slots and native locals of each of their nodes, and the code dumps
//! asked for.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, anyhow};
use lgp_compiler::Pipeline;
use lgp_compiler::fusion::{Chain, ChainId, Fusion};
use lgp_compiler::ir::NodeCode;
use lgp_compiler::jit::{JitOptions, JitProgram};
use lgp_compiler::layout::field_slots;
use lgp_compiler::pretty;
use lgp_compiler::typing::LocalTypes;
use lgp_lang::check::typed::{Checked, Node, NodeKind};
use lgp_lang::diag::render::{self, Format};
use lgp_lang::{Severity, SourceFile};

use super::Dumps;
use crate::cli::{Outcome, analyze, read_source, write_stderr, write_stdout};

/// Checks, lowers and compiles `path`, then prints what it became.
///
/// # Errors
/// When the file cannot be read or lowered.
pub fn explain(path: &Path, dumps: Dumps) -> Result<Outcome> {
    let name = path.display().to_string();
    let analysis = analyze(SourceFile::new(name.clone(), read_source(path)?));
    if analysis.count(Severity::Error) > 0 {
        let color = crate::cli::stderr_color();
        let text =
            render::render(Format::Human { color }, &analysis.diagnostics, &analysis.sources());
        write_stderr(&text);
        write_stderr(&format!("{name}: does not check; nothing to explain\n"));
        return Ok(Outcome::Failure);
    }
    let pipeline = Pipeline::new(analysis.checked)
        .map_err(|error| anyhow!("cannot compile `{name}`: {error}"))?;
    let options = JitOptions { fused: true, disassembly: dumps.asm };
    let jit = JitProgram::compile_with(&pipeline, options);
    let mut out = format!("{name}\n\n");
    dag(&mut out, &pipeline.checked);
    let fusion = match &jit {
        Ok(jit) => jit.fusion().clone(),
        Err(_) => Fusion::of(&pipeline.checked),
    };
    let view = View { pipeline: &pipeline, jit: jit.as_ref().ok(), dumps };
    view.functions(&mut out, &fusion);
    if let Err(error) = &jit {
        let _ = writeln!(out, "\nThe JIT cannot compile this pipeline: {error}");
    }
    write_stdout(&out);
    Ok(Outcome::Success)
}

/// The nodes one a line with their kind, component, upstreams and lanes,
/// then every edge.
fn dag(out: &mut String, checked: &Checked) {
    out.push_str("DAG\n");
    let width = checked.nodes.iter().map(|n| n.name.len()).max().unwrap_or(0);
    for node in &checked.nodes {
        let _ = write!(out, "  {:<9} {:<width$}", node.kind.as_str(), node.name);
        if let Some(component) = &node.component {
            let _ = write!(out, "  {component}");
        }
        if !node.upstreams.is_empty() {
            let _ = write!(out, "  <- {}", upstreams(checked, node).join(", "));
        }
        if !node.lanes.is_empty() {
            let what = if node.kind == NodeKind::Route { "lanes" } else { "emits" };
            let _ = write!(out, "  {what}: {}", node.lanes.join(", "));
        }
        out.push('\n');
    }
    out.push_str("\nEdges\n");
    for node in &checked.nodes {
        for upstream in upstreams(checked, node) {
            let _ = writeln!(out, "  {upstream} -> {}", node.name);
        }
    }
}

/// `parsed`, `by_level.errors`: what a node reads.
fn upstreams(checked: &Checked, node: &Node) -> Vec<String> {
    let name = |id: usize| checked.nodes.get(id).map_or("?", |n| n.name.as_str());
    node.upstreams
        .iter()
        .map(|edge| match &edge.lane {
            Some(lane) => format!("{}.{lane}", name(edge.node)),
            None => name(edge.node).to_string(),
        })
        .collect()
}

struct View<'p> {
    pipeline: &'p Pipeline,
    jit: Option<&'p JitProgram>,
    dumps: Dumps,
}

impl View<'_> {
    fn functions(&self, out: &mut String, fusion: &Fusion) {
        let _ = writeln!(
            out,
            "\nFunctions: {} for {} transforms and routes; each runs its nodes on one event, with no copy of the event between them",
            fusion.chains.len(),
            fusion.places.iter().flatten().count(),
        );
        for (id, chain) in fusion.chains.iter().enumerate() {
            out.push('\n');
            self.function(out, id, chain);
        }
    }

    fn function(&self, out: &mut String, id: ChainId, chain: &Chain) {
        let checked = &self.pipeline.checked;
        let nodes: Vec<&str> = chain
            .nodes
            .iter()
            .filter_map(|n| checked.nodes.get(*n))
            .map(|n| n.name.as_str())
            .collect();
        let _ = writeln!(out, "fn {}: {}", chain.name(checked), nodes.join(" -> "));
        if let Some(jit) = self.jit {
            let registers = jit.chain_registers(id);
            let _ = writeln!(
                out,
                "  frame: {registers} registers (each node's locals, then each node's temporaries)"
            );
        }
        for id in &chain.nodes {
            let Some(node) = checked.nodes.get(*id) else { continue };
            let code = self.pipeline.code.get(*id).unwrap_or(&NodeCode::Pass);
            if self.jit.is_some() {
                slots(out, node, code);
                native_locals(out, &node.name, code);
            }
        }
        self.dumps(out, id, chain);
    }

    fn dumps(&self, out: &mut String, id: ChainId, chain: &Chain) {
        if self.dumps.ir {
            out.push_str("  pipeline IR:\n");
            for node in &chain.nodes {
                let name = self.pipeline.checked.nodes.get(*node).map_or("?", |n| n.name.as_str());
                let code = self.pipeline.code.get(*node).unwrap_or(&NodeCode::Pass);
                indented(out, &pretty::node(name, code));
            }
        }
        let Some(jit) = self.jit else { return };
        if self.dumps.clif {
            out.push_str("  Cranelift IR:\n");
            indented(out, jit.chain_clif(id));
        }
        if self.dumps.asm {
            out.push_str(
                "  machine code (Cranelift's VCode disassembly, after register allocation):\n",
            );
            indented(out, jit.chain_disassembly(id).unwrap_or("(none)\n"));
        }
    }
}

/// The field slots of a transform: the fields its code names, which the
/// JIT keeps out of the event's object (`lgp_compiler::layout`).
fn slots(out: &mut String, node: &Node, code: &NodeCode) {
    if !matches!(code, NodeCode::Transform { .. }) {
        return;
    }
    let Some(slots) = field_slots(code) else {
        let _ = writeln!(
            out,
            "  field slots of `{}`: none (no field named twice, too many, or only the whole event)",
            node.name
        );
        return;
    };
    let from = match slots.from {
        0 => "all its statements".to_string(),
        at => format!("statements {} on, after its last use of the whole event", at + 1),
    };
    let _ = writeln!(out, "  field slots of `{}` (frame offsets, for {from}):", node.name);
    for (slot, name) in slots.names.iter().enumerate() {
        let _ = writeln!(out, "    {slot:>3}  .{}", name.as_str());
    }
}

/// The locals of `node` the JIT keeps in machine registers as ints,
/// floats or bools (`lN` as the IR names them).
fn native_locals(out: &mut String, node: &str, code: &NodeCode) {
    let types = LocalTypes::of(code);
    let typed: Vec<String> =
        types.typed().map(|(slot, scalar)| format!("l{slot} {}", scalar.name())).collect();
    if typed.is_empty() {
        return;
    }
    let _ = writeln!(out, "  native locals of `{node}` (machine registers): {}", typed.join(", "));
}

/// `text` with every line indented four spaces.
fn indented(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "    {line}");
    }
}
