//! The worker pool: threads that take batches from the input buffers and
//! carry each through every node it reaches, down to the outputs' queues.
//!
//! A worker visits the nodes a batch can reach in topological order, with
//! one inbox per node: an input's events go to its readers' inboxes, a
//! chain of transforms and routes (see `lgp_compiler::fusion`) runs in the
//! engine from its first node's inbox, one call per event through all its
//! nodes, and each outcome goes to the inboxes of the readers of its lane
//! at the node where the event left the chain (cloned only for the second
//! and later reader). An output's inbox goes to its queue as one batch.
//! Aborted events go to the dead-letter queue with their reason, under the
//! name of the node that aborted them.
//!
//! Per-node counters stay exact under fusion: an event that left a chain
//! at its third node was received and sent on by the first two. The
//! chain's `batch_duration` is observed once, on its first node.
//!
//! The job timeout is checked between chunks of a batch: once a batch has
//! run longer than the timeout, its remaining events are aborted with a
//! reason that says so, and the worker moves on.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{SyncSender, TrySendError};
use std::time::{Duration, Instant};

use lgp_compiler::fusion::{Chain, ChainId, ChainOutcome};
use lgp_compiler::interp::Outcome;
use lgp_lang::check::typed::NodeId;
use lgp_stdlib::{Event, Str};

use crate::buffer::{Batch, Doorbell, InputBuffer};
use crate::dlq::DeadLetters;
use crate::engine::Engine;
use crate::metrics::{NodeMetrics, OutputMetrics, WorkerMetrics};
use crate::topology::{PlanNode, Role, Topology};

/// Events per engine call: the job timeout is checked between chunks.
const CHUNK_EVENTS: usize = 128;

/// How long an idle worker sleeps before looking again without being woken.
const IDLE_WAIT: Duration = Duration::from_millis(50);

/// What every worker shares.
#[derive(Clone)]
pub struct WorkerContext {
    pub topology: Arc<Topology>,
    pub engine: Arc<dyn Engine>,
    /// One per input, in [`Topology::inputs`] order.
    pub buffers: Arc<[Arc<InputBuffer>]>,
    pub doorbell: Arc<Doorbell>,
    /// One per node; `None` for inputs and outputs.
    pub node_metrics: Arc<[Option<NodeMetrics>]>,
    pub dead_letters: Arc<DeadLetters>,
    pub job_timeout: Duration,
    /// Set when the shutdown deadline passed: stop even with work queued.
    pub halt: Arc<AtomicBool>,
    /// When the run started; [`WorkerState::busy_since`] counts from it.
    pub epoch: Instant,
}

/// A worker's state as the watchdog sees it.
#[derive(Debug, Default)]
pub struct WorkerState {
    /// Milliseconds since the epoch plus one when the current batch started;
    /// 0 while idle.
    pub busy_since: AtomicU64,
}

/// The sending end of an output's queue, one per worker.
#[derive(Clone)]
pub struct OutputSender {
    pub name: String,
    pub queue: SyncSender<Vec<Event>>,
    pub drop_newest: bool,
    pub metrics: OutputMetrics,
}

impl OutputSender {
    /// Queues a batch for the output: waits for room, or with
    /// `when_full = "drop_newest"` drops the batch when the queue is full.
    ///
    /// # Errors
    /// The events back when the output has stopped.
    fn send(&self, events: Vec<Event>) -> Result<(), Vec<Event>> {
        let count = events.len();
        self.metrics.received.inc_by(count as u64);
        self.metrics.queued.add(count as i64);
        let result = if self.drop_newest {
            match self.queue.try_send(events) {
                Ok(()) => Ok(()),
                Err(TrySendError::Full(_)) => {
                    self.metrics.dropped_newest.inc_by(count as u64);
                    self.metrics.queued.sub(count as i64);
                    Ok(())
                }
                Err(TrySendError::Disconnected(events)) => Err(events),
            }
        } else {
            self.queue.send(events).map_err(|error| error.0)
        };
        if result.is_err() {
            self.metrics.queued.sub(count as i64);
        }
        result
    }
}

/// Starts worker `index` on its own thread.
///
/// # Errors
/// When the OS refuses a thread.
pub fn spawn(
    index: usize,
    context: WorkerContext,
    outputs: Vec<OutputSender>,
    metrics: WorkerMetrics,
    state: Arc<WorkerState>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    let worker = Worker {
        inboxes: vec![Vec::new(); context.topology.nodes.len()],
        outcomes: Vec::new(),
        letters: Vec::new(),
        chain_letters: Vec::new(),
        context,
        outputs,
        metrics,
        state,
        next: index,
    };
    std::thread::Builder::new().name(format!("lgp-worker-{index}")).spawn(move || worker.run())
}

struct Worker {
    context: WorkerContext,
    outputs: Vec<OutputSender>,
    metrics: WorkerMetrics,
    state: Arc<WorkerState>,
    /// One per node; empty between batches.
    inboxes: Vec<Vec<Event>>,
    outcomes: Vec<ChainOutcome>,
    letters: Vec<(String, Event)>,
    /// The aborted events of the chain being run, one list per node of it.
    chain_letters: Vec<Vec<(String, Event)>>,
    /// The input buffer to look at first, rotated so no input starves.
    next: usize,
}

impl Worker {
    fn run(mut self) {
        while !self.context.halt.load(Ordering::Relaxed) {
            if let Some((input, batch)) = self.take() {
                self.process(input, batch);
                continue;
            }
            if self.all_drained() {
                return;
            }
            let buffers = Arc::clone(&self.context.buffers);
            let halt = Arc::clone(&self.context.halt);
            self.context.doorbell.wait(IDLE_WAIT, || {
                // "Some input ended" is no reason to wake: only work, the
                // end of every input, or a halt.
                halt.load(Ordering::Relaxed)
                    || buffers.iter().any(|b| !b.is_empty_now())
                    || buffers.iter().all(|b| b.is_drained())
            });
        }
    }

    /// The next batch, looking at each input buffer once.
    fn take(&mut self) -> Option<(usize, Batch)> {
        let count = self.context.buffers.len();
        for step in 0..count {
            let input = (self.next + step) % count;
            if let Some(batch) = self.context.buffers.get(input).and_then(|b| b.try_pop()) {
                self.next = (input + 1) % count;
                return Some((input, batch));
            }
        }
        None
    }

    fn all_drained(&self) -> bool {
        self.context.buffers.iter().all(|buffer| buffer.is_drained())
    }

    fn process(&mut self, input: usize, batch: Batch) {
        let started = Instant::now();
        let since = started.duration_since(self.context.epoch).as_millis() as u64 + 1;
        self.state.busy_since.store(since, Ordering::Relaxed);
        self.metrics.batches.inc();
        self.metrics.events.inc_by(batch.events.len() as u64);
        let topology = Arc::clone(&self.context.topology);
        if let Some(plan) = topology.inputs.get(input)
            && let Some(inbox) = self.inboxes.get_mut(plan.node)
        {
            *inbox = batch.events;
            let deadline = started + self.context.job_timeout;
            let mut timed_out = false;
            for &id in &plan.reach {
                timed_out |= self.visit(&topology, id, deadline);
            }
            if timed_out {
                self.metrics.timeouts.inc();
            }
        }
        self.metrics.busy_seconds.inc_by(started.elapsed().as_secs_f64());
        self.state.busy_since.store(0, Ordering::Relaxed);
    }

    /// Handles the inbox of node `id`; true when the job timeout cut it short.
    fn visit(&mut self, topology: &Topology, id: NodeId, deadline: Instant) -> bool {
        let Some(events) = self.inboxes.get_mut(id).map(std::mem::take) else { return false };
        let Some(node) = topology.node(id) else { return false };
        if events.is_empty() {
            return false;
        }
        match node.role {
            Role::Input(_) => {
                self.fan_out(node, None, events);
                false
            }
            Role::Output(output) => {
                self.deliver(output, events);
                false
            }
            Role::Process => self.run_chain(topology, id, events, deadline),
        }
    }

    fn deliver(&mut self, output: usize, events: Vec<Event>) {
        let Some(sender) = self.outputs.get(output) else { return };
        if let Err(events) = sender.send(events) {
            let reason = format!("output `{}` is not running", sender.name);
            let name = sender.name.clone();
            self.letters.extend(events.into_iter().map(|event| (reason.clone(), event)));
            self.flush_letters(&name, None);
        }
    }

    /// Runs the chain that node `id` heads over `events` in chunks, sending
    /// each outcome on; true when the job timeout aborted the rest.
    fn run_chain(
        &mut self,
        topology: &Topology,
        id: NodeId,
        events: Vec<Event>,
        deadline: Instant,
    ) -> bool {
        let Some(head) = topology.node(id) else { return false };
        let engine = Arc::clone(&self.context.engine);
        let metrics = Arc::clone(&self.context.node_metrics);
        let head_metrics = metrics.get(id).and_then(Option::as_ref);
        let Some((chain_id, chain)) = chain_headed_by(engine.as_ref(), id) else {
            // Only the first node of a chain is ever sent events.
            self.unfused(head, events);
            self.flush_letters(&head.name, head_metrics);
            return false;
        };
        let started = Instant::now();
        if let Some(metrics) = head_metrics {
            metrics.received.inc_by(events.len() as u64);
        }
        self.chain_letters.resize_with(chain.nodes.len(), Vec::new);
        let mut tally = Tally::new(chain.nodes.len());
        let mut pending = events;
        let mut timed_out = false;
        while !pending.is_empty() {
            if Instant::now() > deadline {
                self.time_out(head, pending);
                timed_out = true;
                break;
            }
            let rest = if pending.len() > CHUNK_EVENTS {
                pending.split_off(CHUNK_EVENTS)
            } else {
                Vec::new()
            };
            engine.run_chain(chain_id, pending, &mut self.outcomes);
            pending = rest;
            self.route_outcomes(topology, chain, &mut tally);
        }
        if let Some(metrics) = head_metrics {
            metrics.batch_duration.observe(started.elapsed().as_secs_f64());
        }
        // The events the timeout cut short, then each node's aborts.
        self.flush_letters(&head.name, head_metrics);
        self.finish_chain(topology, chain, &tally);
        timed_out
    }

    /// Sends each outcome on from the node where its event left the chain.
    fn route_outcomes(&mut self, topology: &Topology, chain: &Chain, tally: &mut Tally) {
        let mut outcomes = std::mem::take(&mut self.outcomes);
        for ChainOutcome { stage, outcome } in outcomes.drain(..) {
            let Some(node) = chain.node(stage).and_then(|id| topology.node(id)) else { continue };
            tally.ended(stage);
            match outcome {
                Outcome::Out { lane, event } => self.send_on(node, lane.as_ref(), event),
                Outcome::Dropped => tally.dropped(stage),
                Outcome::Aborted { reason, event } => {
                    if let Some(letters) = self.chain_letters.get_mut(stage) {
                        letters.push((reason, event));
                    }
                }
            }
        }
        self.outcomes = outcomes;
    }

    /// Counts what each node of the chain did with the batch and writes
    /// its aborted events to the dead-letter queue under its name.
    fn finish_chain(&mut self, topology: &Topology, chain: &Chain, tally: &Tally) {
        let metrics = Arc::clone(&self.context.node_metrics);
        let mut letters = std::mem::take(&mut self.chain_letters);
        let mut beyond = 0;
        for (stage, id) in chain.nodes.iter().enumerate().rev() {
            let node_letters = letters.get(stage).map_or(&[][..], Vec::as_slice);
            let received = tally.ended_at(stage) + beyond;
            let node_metrics = metrics.get(*id).and_then(Option::as_ref);
            if let Some(node_metrics) = node_metrics {
                // The first node counted the whole batch on arrival.
                if stage > 0 {
                    node_metrics.received.inc_by(received);
                }
                let stopped = tally.dropped_at(stage) + node_letters.len() as u64;
                node_metrics.sent.inc_by(received.saturating_sub(stopped));
                node_metrics.dropped.inc_by(tally.dropped_at(stage));
            }
            if let Some(node) = topology.node(*id) {
                self.write_letters(&node.name, node_metrics, node_letters);
            }
            beyond = received;
        }
        letters.iter_mut().for_each(Vec::clear);
        self.chain_letters = letters;
    }

    /// Events sent to a node that heads no chain, which only a bug in the
    /// fusion could do: they go to the dead-letter queue, not nowhere.
    fn unfused(&mut self, node: &PlanNode, events: Vec<Event>) {
        let reason = format!("internal error: `{}` was sent events outside its chain", node.name);
        self.letters.extend(events.into_iter().map(|event| (reason.clone(), event)));
    }

    fn time_out(&mut self, node: &PlanNode, events: Vec<Event>) {
        let reason = format!(
            "the batch ran longer than the job timeout of {}s and was cut short in `{}`",
            self.context.job_timeout.as_secs_f64(),
            node.name
        );
        self.letters.extend(events.into_iter().map(|event| (reason.clone(), event)));
    }

    fn flush_letters(&mut self, node: &str, metrics: Option<&NodeMetrics>) {
        self.write_letters(node, metrics, &self.letters);
        self.letters.clear();
    }

    /// Writes aborted events to the dead-letter queue under `node`'s name.
    fn write_letters(
        &self,
        node: &str,
        metrics: Option<&NodeMetrics>,
        letters: &[(String, Event)],
    ) {
        if letters.is_empty() {
            return;
        }
        if let Some(metrics) = metrics {
            metrics.aborted.inc_by(letters.len() as u64);
        }
        self.context.dead_letters.write(node, letters);
    }

    /// Sends a whole batch on one lane (an input's events).
    fn fan_out(&mut self, node: &PlanNode, lane: Option<&Str>, events: Vec<Event>) {
        let readers: Vec<NodeId> = readers(node, lane).collect();
        let Some((&last, others)) = readers.split_last() else { return };
        for &reader in others {
            if let Some(inbox) = self.inboxes.get_mut(reader) {
                inbox.extend(events.iter().cloned());
            }
        }
        if let Some(inbox) = self.inboxes.get_mut(last) {
            if inbox.is_empty() {
                *inbox = events;
            } else {
                inbox.extend(events);
            }
        }
    }

    /// Sends one event to every reader of `lane`, cloning it for all but one.
    fn send_on(&mut self, node: &PlanNode, lane: Option<&Str>, event: Event) {
        let mut targets = readers(node, lane).peekable();
        while let Some(reader) = targets.next() {
            let Some(inbox) = self.inboxes.get_mut(reader) else { continue };
            if targets.peek().is_none() {
                inbox.push(event);
                return;
            }
            inbox.push(event.clone());
        }
    }
}

/// The chain that node `id` heads in the engine's fusion.
fn chain_headed_by(engine: &dyn Engine, id: NodeId) -> Option<(ChainId, &Chain)> {
    let fusion = engine.fusion();
    let chain = fusion.headed_by(id)?;
    Some((chain, fusion.chain(chain)?))
}

/// Where the events of one batch left a chain, by node position.
struct Tally {
    ended: Vec<u64>,
    dropped: Vec<u64>,
}

impl Tally {
    fn new(stages: usize) -> Tally {
        Tally { ended: vec![0; stages], dropped: vec![0; stages] }
    }

    fn ended(&mut self, stage: usize) {
        if let Some(count) = self.ended.get_mut(stage) {
            *count += 1;
        }
    }

    fn dropped(&mut self, stage: usize) {
        if let Some(count) = self.dropped.get_mut(stage) {
            *count += 1;
        }
    }

    fn ended_at(&self, stage: usize) -> u64 {
        self.ended.get(stage).copied().unwrap_or(0)
    }

    fn dropped_at(&self, stage: usize) -> u64 {
        self.dropped.get(stage).copied().unwrap_or(0)
    }
}

/// The nodes that read `lane` of `node`.
fn readers<'n>(node: &'n PlanNode, lane: Option<&'n Str>) -> impl Iterator<Item = NodeId> + 'n {
    node.downstream
        .iter()
        .filter(move |d| d.lane.as_deref() == lane.map(|l| l.as_str()))
        .map(|d| d.node)
}
