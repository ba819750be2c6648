//! `lgp run`: builds the topology, starts outputs, workers, inputs and the
//! operator endpoints, then waits for the run to end.
//!
//! A run ends in one of three ways:
//! - every input reached its end and everything drained: [`RunEnd::Finished`];
//! - a signal asked for a stop: inputs stop, what they read drains within
//!   the shutdown timeout ([`RunEnd::Stopped`]) or not ([`RunEnd::TimedOut`]);
//! - a second signal during that drain: [`RunEnd::Interrupted`], at once.
//!
//! Draining needs no extra bookkeeping: an input that stops closes its
//! buffer, a worker exits once every buffer is closed and empty, and an
//! output's queue disconnects when the last worker (its last sender) exits,
//! so "every output thread ended" means "everything read was handled".

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use lgp_compiler::Pipeline;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::api::{self, ApiState, ComponentState, Health};
use crate::buffer::{Doorbell, InputBuffer, MAX_BATCH_EVENTS};
use crate::config::ConfigError;
use crate::dlq::DeadLetters;
use crate::engine::{Interpreter, Jit};
use crate::input::{self, InputContext};
use crate::metrics::{Metrics, NodeMetrics};
use crate::output::{self, OutputTask};
use crate::report;
use crate::shutdown::{self, Shutdown, Signals, Trigger};
use crate::summary::{self, Snapshot, Totals};
use crate::topology::{Role, Topology};
use crate::worker::{self, OutputSender, WorkerContext, WorkerState};
use lgp_compiler::jit::JitProgram;

/// How `lgp run` runs.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Worker threads.
    pub threads: usize,
    /// Where dead letters (and later the WAL and checkpoints) go.
    pub data_dir: PathBuf,
    /// Where `/metrics` and `/health/*` are served; `None`: nowhere.
    pub api_addr: Option<SocketAddr>,
    /// How long a stop may take to drain.
    pub shutdown_timeout: Duration,
    /// How long one batch may run before the rest of it is aborted.
    pub job_timeout: Duration,
    /// Show the live one-line summary (the caller checks for a terminal).
    pub live_summary: bool,
    /// No start-up and end-of-run messages.
    pub quiet: bool,
    /// Which engine runs the transforms.
    pub engine: lgp_compiler::Engine,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunEnd {
    Finished,
    Stopped {
        signal: &'static str,
    },
    /// The drain did not finish within the shutdown timeout.
    TimedOut {
        queued: usize,
    },
    Interrupted {
        signal: &'static str,
    },
}

/// What a run did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunReport {
    pub end: RunEnd,
    pub totals: Snapshot,
    pub dead_letters: u64,
    /// Where `/metrics` was served (the port is known once bound).
    pub api_addr: Option<SocketAddr>,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    #[error("{}", join_errors(.0))]
    Config(Vec<ConfigError>),
    #[error(
        "cannot listen on {addr} for the metrics and health endpoints: {error}; pass another `--api-addr`, or `--api-addr off`"
    )]
    Listen { addr: SocketAddr, error: std::io::Error },
    #[error("cannot start the runtime: {0}")]
    Start(std::io::Error),
    #[error("cannot set up metrics: {0}")]
    Metrics(#[from] prometheus::Error),
    #[error("the JIT cannot compile the pipeline: {0}")]
    Jit(#[from] lgp_compiler::jit::JitError),
}

fn join_errors(errors: &[ConfigError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

/// Runs a compiled pipeline until it ends; see the module docs.
///
/// # Errors
/// A component that cannot be configured or started.
pub fn run(pipeline: Pipeline, options: &RunOptions) -> Result<RunReport, RunError> {
    let topology = Arc::new(Topology::build(&pipeline.checked).map_err(RunError::Config)?);
    let metrics = Arc::new(Metrics::new()?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.threads.clamp(1, 2))
        .thread_name("lgp-io")
        .enable_all()
        .build()
        .map_err(RunError::Start)?;
    let pipeline = Arc::new(pipeline);
    let result = runtime.block_on(async {
        let agent = Agent::start(pipeline, topology, metrics, options).await?;
        Ok(agent.wait(options).await)
    });
    // A stdin read or a stuck output may still hold a thread: do not wait.
    runtime.shutdown_background();
    result
}

struct Agent {
    signals: Signals,
    trigger: Trigger,
    health: Arc<Health>,
    halt: Arc<AtomicBool>,
    doorbell: Arc<Doorbell>,
    buffers: Vec<Arc<InputBuffer>>,
    outputs: Vec<JoinHandle<()>>,
    background: Vec<JoinHandle<()>>,
    totals: Totals,
    dead_letters: Arc<DeadLetters>,
    api_addr: Option<SocketAddr>,
}

impl Agent {
    async fn start(
        pipeline: Arc<Pipeline>,
        topology: Arc<Topology>,
        metrics: Arc<Metrics>,
        options: &RunOptions,
    ) -> Result<Agent, RunError> {
        let signals = Signals::install().map_err(RunError::Start)?;
        let health = Arc::new(Health::new(component_names(&topology, options.threads)));
        let mut background = Vec::new();
        let api_addr = match options.api_addr {
            Some(addr) => Some(start_api(addr, &metrics, &health, &mut background).await?),
            None => None,
        };
        let (trigger, shutdown) = shutdown::channel();
        let doorbell = Arc::new(Doorbell::default());
        let dead_letters = Arc::new(DeadLetters::new(&options.data_dir));
        let mut totals = Totals::default();
        let buffers = make_buffers(&topology, &metrics, &doorbell, &mut totals);
        let (senders, outputs) =
            start_outputs(&topology, &metrics, &dead_letters, &health, &mut totals)?;
        let node_metrics = node_metrics(&topology, &metrics, &mut totals);
        let context = WorkerContext {
            engine: match options.engine {
                lgp_compiler::Engine::Interp => Arc::new(Interpreter::new(pipeline)),
                lgp_compiler::Engine::Jit => {
                    Arc::new(Jit::new(JitProgram::compile_fused(&pipeline)?))
                }
            },
            topology: Arc::clone(&topology),
            buffers: buffers.clone().into(),
            doorbell: Arc::clone(&doorbell),
            node_metrics: node_metrics.into(),
            dead_letters: Arc::clone(&dead_letters),
            job_timeout: options.job_timeout,
            halt: Arc::new(AtomicBool::new(false)),
            epoch: Instant::now(),
        };
        let halt = Arc::clone(&context.halt);
        let states = start_workers(&context, &senders, &metrics, options.threads)?;
        drop(senders);
        background.push(tokio::spawn(watchdog(
            states,
            Arc::clone(&health),
            context.epoch,
            options.job_timeout,
        )));
        background.extend(start_inputs(
            &topology,
            &buffers,
            &metrics,
            &shutdown,
            &health,
            &mut totals,
        ));
        if options.live_summary {
            background.push(tokio::spawn(summary::live(totals.clone())));
        }
        if !options.quiet {
            announce(&topology, options, api_addr);
        }
        Ok(Agent {
            signals,
            trigger,
            health,
            halt,
            doorbell,
            buffers,
            outputs,
            background,
            totals,
            dead_letters,
            api_addr,
        })
    }

    async fn wait(mut self, options: &RunOptions) -> RunReport {
        let outputs = std::mem::take(&mut self.outputs);
        let finished = async move {
            for output in outputs {
                let _ = output.await;
            }
        };
        tokio::pin!(finished);
        let end = tokio::select! {
            () = &mut finished => RunEnd::Finished,
            signal = self.signals.next() => self.stop(signal, finished, options).await,
        };
        for task in &self.background {
            task.abort();
        }
        report::end_live();
        let report = RunReport {
            end,
            totals: self.totals.snapshot(),
            dead_letters: self.dead_letters.written(),
            api_addr: self.api_addr,
        };
        if !options.quiet {
            conclude(&report, &self.dead_letters, options);
        }
        report
    }

    /// Stops the inputs and waits for the drain, a second signal or the deadline.
    async fn stop(
        &mut self,
        signal: &'static str,
        finished: std::pin::Pin<&mut impl std::future::Future<Output = ()>>,
        options: &RunOptions,
    ) -> RunEnd {
        self.trigger.request();
        self.health.set_shutting_down();
        if !options.quiet {
            report::info(&format!(
                "{signal}: stopping the inputs and draining for up to {}s (a second signal stops at once)",
                options.shutdown_timeout.as_secs_f64()
            ));
        }
        let end = tokio::select! {
            () = finished => RunEnd::Stopped { signal },
            second = self.signals.next() => RunEnd::Interrupted { signal: second },
            () = tokio::time::sleep(options.shutdown_timeout) => {
                RunEnd::TimedOut { queued: self.buffers.iter().map(|b| b.queued_events()).sum() }
            }
        };
        if end != (RunEnd::Stopped { signal }) {
            self.halt.store(true, Ordering::Relaxed);
            self.doorbell.ring_all();
        }
        end
    }
}

async fn start_api(
    addr: SocketAddr,
    metrics: &Arc<Metrics>,
    health: &Arc<Health>,
    background: &mut Vec<JoinHandle<()>>,
) -> Result<SocketAddr, RunError> {
    let listener =
        TcpListener::bind(addr).await.map_err(|error| RunError::Listen { addr, error })?;
    let bound = listener.local_addr().map_err(|error| RunError::Listen { addr, error })?;
    let state = Arc::new(ApiState { metrics: Arc::clone(metrics), health: Arc::clone(health) });
    background.push(tokio::spawn(api::serve(listener, state)));
    Ok(bound)
}

fn component_kind(topology: &Topology, node: usize) -> &str {
    topology.node(node).map_or("unknown", |n| n.component.as_str())
}

fn component_names(topology: &Topology, threads: usize) -> Vec<String> {
    let inputs = topology.inputs.iter().map(|i| format!("input {}", i.config.name));
    let outputs = topology.outputs.iter().map(|o| format!("output {}", o.config.name));
    let workers = (0..threads).map(|i| format!("worker {i}"));
    inputs.chain(outputs).chain(workers).collect()
}

fn make_buffers(
    topology: &Topology,
    metrics: &Metrics,
    doorbell: &Arc<Doorbell>,
    totals: &mut Totals,
) -> Vec<Arc<InputBuffer>> {
    let make = |plan: &crate::topology::InputPlan| {
        let buffer_metrics = metrics.buffer(&plan.config.name, component_kind(topology, plan.node));
        totals.buffers.push(buffer_metrics.clone());
        Arc::new(InputBuffer::new(&plan.config.buffer, Arc::clone(doorbell), buffer_metrics))
    };
    topology.inputs.iter().map(make).collect()
}

type Started = (Vec<OutputSender>, Vec<JoinHandle<()>>);

fn start_outputs(
    topology: &Topology,
    metrics: &Metrics,
    dead_letters: &Arc<DeadLetters>,
    health: &Arc<Health>,
    totals: &mut Totals,
) -> Result<Started, RunError> {
    let mut senders = Vec::new();
    let mut handles = Vec::new();
    for plan in &topology.outputs {
        let config = &plan.config;
        let capacity = config.buffer.max_events.div_ceil(MAX_BATCH_EVENTS).max(2);
        let (queue, receiver) = std::sync::mpsc::sync_channel(capacity);
        let output_metrics = metrics.output(&config.name, component_kind(topology, plan.node));
        totals.outputs.push(output_metrics.clone());
        senders.push(OutputSender {
            name: config.name.clone(),
            queue,
            drop_newest: config.buffer.drop_newest,
            metrics: output_metrics.clone(),
        });
        let task = OutputTask {
            name: config.name.clone(),
            sink: output::sink(config),
            queue: receiver,
            metrics: output_metrics,
            dead_letters: Arc::clone(dead_letters),
        };
        let thread = task.spawn().map_err(RunError::Start)?;
        health.set(&format!("output {}", config.name), ComponentState::Running);
        // The thread is joined from a blocking task so the agent can await it.
        handles.push(tokio::task::spawn_blocking(move || {
            let _ = thread.join();
        }));
    }
    Ok((senders, handles))
}

fn node_metrics(
    topology: &Topology,
    metrics: &Metrics,
    totals: &mut Totals,
) -> Vec<Option<NodeMetrics>> {
    topology
        .nodes
        .iter()
        .map(|node| {
            (node.role == Role::Process).then(|| {
                let node_metrics = metrics.node(&node.name, &node.component);
                totals.nodes.push(node_metrics.clone());
                node_metrics
            })
        })
        .collect()
}

fn start_workers(
    context: &WorkerContext,
    senders: &[OutputSender],
    metrics: &Metrics,
    threads: usize,
) -> Result<Vec<Arc<WorkerState>>, RunError> {
    let mut states = Vec::new();
    for index in 0..threads.max(1) {
        let state = Arc::new(WorkerState::default());
        worker::spawn(
            index,
            context.clone(),
            senders.to_vec(),
            metrics.worker(index),
            Arc::clone(&state),
        )
        .map_err(RunError::Start)?;
        states.push(state);
    }
    Ok(states)
}

fn start_inputs(
    topology: &Topology,
    buffers: &[Arc<InputBuffer>],
    metrics: &Metrics,
    shutdown: &Shutdown,
    health: &Arc<Health>,
    totals: &mut Totals,
) -> Vec<JoinHandle<()>> {
    let mut tasks = Vec::new();
    for (plan, buffer) in topology.inputs.iter().zip(buffers) {
        let context = InputContext {
            name: plan.config.name.clone(),
            buffer: Arc::clone(buffer),
            metrics: metrics.input(&plan.config.name, component_kind(topology, plan.node)),
            shutdown: shutdown.clone(),
        };
        totals.inputs.push(context.metrics.clone());
        tasks.push(tokio::spawn(run_input(plan.config.kind.clone(), context, Arc::clone(health))));
    }
    tasks
}

async fn run_input(kind: crate::config::InputKind, context: InputContext, health: Arc<Health>) {
    let name = format!("input {}", context.name);
    health.set(&name, ComponentState::Running);
    input::run(kind, context).await;
    health.set(&name, ComponentState::Finished);
}

/// Warns about workers stuck on one batch past the job timeout, and marks
/// them in `/health/ready`, once per stuck batch.
async fn watchdog(
    states: Vec<Arc<WorkerState>>,
    health: Arc<Health>,
    epoch: Instant,
    timeout: Duration,
) {
    let mut stuck = vec![false; states.len()];
    for (index, _) in states.iter().enumerate() {
        health.set(&format!("worker {index}"), ComponentState::Running);
    }
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    loop {
        ticker.tick().await;
        let now = epoch.elapsed().as_millis() as u64 + 1;
        for (index, state) in states.iter().enumerate() {
            let since = state.busy_since.load(Ordering::Relaxed);
            let over = since != 0 && Duration::from_millis(now.saturating_sub(since)) > timeout;
            let Some(flag) = stuck.get_mut(index) else { continue };
            if over && !*flag {
                report::warn(&format!(
                    "worker {index} has run one batch for longer than the job timeout of {}s; one event may be stuck in a transform",
                    timeout.as_secs_f64()
                ));
                health.set(&format!("worker {index}"), ComponentState::Stuck);
            } else if !over && *flag {
                health.set(&format!("worker {index}"), ComponentState::Running);
            }
            *flag = over;
        }
    }
}

fn announce(topology: &Topology, options: &RunOptions, api_addr: Option<SocketAddr>) {
    let endpoints = match api_addr {
        Some(addr) => format!("; metrics on http://{addr}/metrics"),
        None => String::new(),
    };
    report::info(&format!(
        "running {} inputs and {} outputs on {} workers{endpoints}",
        topology.inputs.len(),
        topology.outputs.len(),
        options.threads.max(1),
    ));
}

fn conclude(report: &RunReport, dead_letters: &DeadLetters, options: &RunOptions) {
    let totals = report.totals;
    let mut text = format!(
        "{} events in, {} out, {} dropped, {} to the dead-letter queue",
        totals.events_in, totals.events_out, totals.dropped, totals.errors
    );
    if report.dead_letters > 0 {
        text.push_str(&format!(" (under {})", options.data_dir.join("dlq").display()));
    }
    if dead_letters.failed() > 0 {
        text.push_str(&format!("; {} dead letters could not be written", dead_letters.failed()));
    }
    let how = match &report.end {
        RunEnd::Finished => "finished".to_string(),
        RunEnd::Stopped { signal } => format!("stopped by {signal}"),
        RunEnd::TimedOut { queued } => format!(
            "stopped without draining: the shutdown timeout of {}s passed with {queued} events still queued",
            options.shutdown_timeout.as_secs_f64()
        ),
        RunEnd::Interrupted { signal } => format!("interrupted by a second signal ({signal})"),
    };
    report::info(&format!("{how}: {text}"));
}
