//! `lgp bench`: measures a pipeline's transform chain on the lines of a file,
//! held in memory, on one thread, after a warm-up pass. Users measure a
//! pipeline before deploying it; our own benchmark figures come from it too.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use lgp_compiler::Pipeline;
use lgp_compiler::fusion::{ChainId, ChainOutcome, Fusion};
use lgp_compiler::interp::Outcome;
use lgp_compiler::jit::{JitOptions, JitProgram};
use lgp_lang::check::typed::{Checked, NodeId, NodeKind};
use lgp_lang::{Severity, SourceFile};
use lgp_stdlib::Event;

use super::{Outcome as Exit, analyze, read_source, write_stdout};

#[derive(clap::Args)]
pub struct BenchArgs {
    /// The pipeline file
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// A file whose lines become `{"message": line}` events
    #[arg(long, value_name = "PATH")]
    input: PathBuf,
    /// The first transform of the chain to run (default: the first transform
    /// reading the first input)
    #[arg(long)]
    transform: Option<String>,
    /// The engine that runs the transforms
    #[arg(long, default_value = "jit", value_parser = ["interp", "jit"])]
    engine: String,
    /// Timed passes; the median is reported
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// human or json
    #[arg(long, default_value = "human", value_parser = ["human", "json"])]
    format: String,
}

struct Pass {
    wall: f64,
    cpu: f64,
    kept: usize,
    dropped: usize,
    aborted: usize,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let text = read_source(&args.file)?;
    let analysis = analyze(SourceFile::new(args.file.display().to_string(), text));
    if analysis.count(Severity::Error) > 0 {
        bail!("`{}` does not check; run `lgp check` on it", args.file.display());
    }
    let pipeline =
        Pipeline::new(analysis.checked).map_err(|e| anyhow::anyhow!("cannot compile: {e}"))?;
    // Fused as `lgp run` runs it, unless the chain starts inside a fused
    // function: then node by node.
    let start = chain(&pipeline.checked, args.transform.as_deref())?;
    let fused = Fusion::of(&pipeline.checked);
    let mid_chain = start.first().and_then(|n| fused.place(*n)).is_some_and(|p| p.stage > 0);
    let fusion = if mid_chain { Fusion::unfused(&pipeline.checked) } else { fused };
    let jit = match args.engine.as_str() {
        "jit" => Some(
            JitProgram::compile_with(
                &pipeline,
                JitOptions { fused: !mid_chain, ..JitOptions::default() },
            )
            .map_err(|e| anyhow::anyhow!("the JIT cannot compile it: {e}"))?,
        ),
        _ => None,
    };
    let compile_ms = started.elapsed().as_secs_f64() * 1e3;
    let chains = fused_chains(&fusion, &start);
    let run_chain = |id: ChainId, events: Vec<Event>, out: &mut Vec<ChainOutcome>| match &jit {
        Some(jit) => jit.run_batch(id, events, out),
        None => {
            let Some(chain) = fusion.chain(id) else { return };
            out.extend(events.into_iter().map(|event| pipeline.run_chain(chain, event)));
        }
    };
    let data = std::fs::read_to_string(&args.input)
        .with_context(|| format!("cannot read `{}`", args.input.display()))?;
    let lines: Vec<&str> = data.lines().collect();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    pass(&chains, &lines, &run_chain);
    let mut passes: Vec<Pass> =
        (0..args.runs.max(1)).map(|_| pass(&chains, &lines, &run_chain)).collect();
    passes.sort_by(|a, b| a.cpu.total_cmp(&b.cpu));
    let median = &passes[passes.len() / 2];
    let names: Vec<&str> =
        start.iter().map(|id| pipeline.checked.nodes[*id].name.as_str()).collect();
    let n = lines.len() as f64;
    let report = serde_json::json!({
        "chain": names,
        "engine": args.engine,
        "events": lines.len(),
        "bytes": bytes,
        "events_per_s": n / median.wall,
        "events_per_cpu_s": n / median.cpu,
        "mb_per_s": bytes as f64 / 1e6 / median.wall,
        "kept": median.kept,
        "dropped": median.dropped,
        "aborted": median.aborted,
        "compile_ms": compile_ms,
        "runs": passes.len(),
    });
    if args.format == "json" {
        write_stdout(&format!("{report}\n"));
    } else {
        write_stdout(&format!(
            "chain: {}\nengine: {}\nevents: {} ({:.1} MB)\nthroughput: {:.0} events/s ({:.0} per CPU-second), {:.1} MB/s\nkept {}, dropped {}, aborted {}\ncompile: {:.2} ms\n",
            names.join(" -> "),
            args.engine,
            lines.len(),
            bytes as f64 / 1e6,
            n / median.wall,
            n / median.cpu,
            bytes as f64 / 1e6 / median.wall,
            median.kept,
            median.dropped,
            median.aborted,
            compile_ms
        ));
    }
    Ok(Exit::Success)
}

/// Events per call into the engine, as the runtime's batches hold at most.
const BATCH: usize = 512;

/// The fused functions that run `nodes`, in order.
fn fused_chains(fusion: &Fusion, nodes: &[NodeId]) -> Vec<ChainId> {
    let mut chains: Vec<ChainId> = Vec::new();
    for place in nodes.iter().filter_map(|n| fusion.place(*n)) {
        if chains.last() != Some(&place.chain) {
            chains.push(place.chain);
        }
    }
    chains
}

/// Runs a fused function on a batch, appending one outcome per event.
type RunChain<'a> = dyn Fn(ChainId, Vec<Event>, &mut Vec<ChainOutcome>) + 'a;

/// Runs every line through the chains once, a batch at a time.
fn pass(chains: &[ChainId], lines: &[&str], run: &RunChain<'_>) -> Pass {
    let cpu_start = cpu_time::ThreadTime::now();
    let wall_start = Instant::now();
    let (mut kept, mut dropped, mut aborted) = (0, 0, 0);
    let mut outcomes = Vec::with_capacity(BATCH);
    for batch in lines.chunks(BATCH) {
        let mut events: Vec<Event> = batch.iter().map(|line| Event::from_line(line)).collect();
        for chain in chains {
            outcomes.clear();
            run(*chain, std::mem::take(&mut events), &mut outcomes);
            for outcome in outcomes.drain(..) {
                match outcome.outcome {
                    Outcome::Out { event, .. } => events.push(event),
                    Outcome::Dropped => dropped += 1,
                    Outcome::Aborted { .. } => aborted += 1,
                }
            }
        }
        for event in events {
            // Consume the result: count its top-level fields, parsed or not.
            let parsed = event.fields.as_object().map_or(0, |fields| fields.len());
            std::hint::black_box(parsed + event.raw.as_ref().map_or(0, |raw| raw.len()));
            kept += 1;
        }
    }
    Pass {
        wall: wall_start.elapsed().as_secs_f64(),
        cpu: cpu_start.elapsed().as_secs_f64(),
        kept,
        dropped,
        aborted,
    }
}

/// The linear chain starting at `first`: each next node is the only reader
/// of the previous one and reads nothing else.
fn chain(checked: &Checked, first: Option<&str>) -> anyhow::Result<Vec<NodeId>> {
    let start = match first {
        Some(name) => {
            checked.node_by_name(name).with_context(|| format!("no transform named `{name}`"))?
        }
        None => {
            let input = checked
                .nodes
                .iter()
                .position(|n| n.kind == NodeKind::Input)
                .context("the pipeline has no input")?;
            readers(checked, input).into_iter().next().context("nothing reads the first input")?
        }
    };
    let mut chain = vec![start];
    let mut current = start;
    loop {
        let next = readers(checked, current);
        match next.as_slice() {
            [only]
                if checked.nodes[*only].upstreams.len() == 1
                    && checked.nodes[*only].kind != NodeKind::Output =>
            {
                chain.push(*only);
                current = *only;
            }
            _ => break,
        }
    }
    Ok(chain)
}

fn readers(checked: &Checked, node: NodeId) -> Vec<NodeId> {
    checked
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            matches!(n.kind, NodeKind::Transform | NodeKind::Route)
                && n.upstreams.iter().any(|e| e.node == node)
        })
        .map(|(i, _)| i)
        .collect()
}
