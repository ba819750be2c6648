//! The agent's metrics, in one Prometheus registry served at `/metrics`.
//!
//! Label values are resolved once, when the topology is built: each component
//! holds plain counter handles, so the hot path adds to an atomic per batch
//! and never looks a label up.

use prometheus::core::Collector;
use prometheus::{
    Counter, CounterVec, Gauge, GaugeVec, Histogram, HistogramOpts, HistogramVec, IntCounter,
    IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

/// Batch durations from 10µs to 10s: a fused chain takes microseconds per
/// batch, a slow sink's write can take seconds.
const LATENCY_BUCKETS: &[f64] =
    &[1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0];

/// Event ages from 100µs to 30s, for the end-to-end latency an output
/// measures on a timestamp field (`latency_field`).
const EVENT_AGE_BUCKETS: &[f64] = &[
    1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
    30.0,
];

/// Every metric family of the agent.
pub struct Metrics {
    registry: Registry,
    received_events: IntCounterVec,
    received_bytes: IntCounterVec,
    sent_events: IntCounterVec,
    sent_bytes: IntCounterVec,
    send_errors: IntCounterVec,
    parse_errors: IntCounterVec,
    dropped: IntCounterVec,
    buffer_events: IntGaugeVec,
    buffer_utilisation: GaugeVec,
    buffer_blocked: IntCounterVec,
    batch_duration: HistogramVec,
    event_latency: HistogramVec,
    worker_batches: IntCounterVec,
    worker_events: IntCounterVec,
    worker_busy: CounterVec,
    worker_timeouts: IntCounterVec,
    up: IntGauge,
}

/// Counters of an input.
#[derive(Clone)]
pub struct InputMetrics {
    pub received_events: IntCounter,
    pub received_bytes: IntCounter,
}

/// Counters of an input's queue.
#[derive(Clone)]
pub struct BufferMetrics {
    pub queued: IntGauge,
    pub utilisation: Gauge,
    pub dropped_oldest: IntCounter,
    pub dropped_sample: IntCounter,
    /// How often the producer waited for room (`block`).
    pub blocked: IntCounter,
}

/// Counters of a transform or route.
#[derive(Clone)]
pub struct NodeMetrics {
    pub received: IntCounter,
    pub sent: IntCounter,
    pub dropped: IntCounter,
    pub aborted: IntCounter,
    pub batch_duration: Histogram,
}

/// Counters of an output.
#[derive(Clone)]
pub struct OutputMetrics {
    pub received: IntCounter,
    pub sent_events: IntCounter,
    pub sent_bytes: IntCounter,
    pub send_errors: IntCounter,
    pub dropped_newest: IntCounter,
    pub queued: IntGauge,
    pub batch_duration: Histogram,
    /// Made on demand: only outputs that measure latency export the series.
    latency: LazyHistogram,
}

/// A histogram series created the first time it is asked for.
#[derive(Clone)]
struct LazyHistogram {
    family: HistogramVec,
    labels: [String; 2],
}

impl OutputMetrics {
    /// The output's end-to-end latency histogram (`event_latency_seconds`).
    pub fn latency(&self) -> Histogram {
        let [name, kind] = &self.latency.labels;
        self.latency.family.with_label_values(&[name.as_str(), kind.as_str()])
    }
}

/// Counters of one worker thread.
#[derive(Clone)]
pub struct WorkerMetrics {
    pub batches: IntCounter,
    pub events: IntCounter,
    pub busy_seconds: Counter,
    pub timeouts: IntCounter,
}

const COMPONENT: &[&str] = &["component", "component_kind"];

impl Metrics {
    /// Creates and registers every family.
    ///
    /// # Errors
    /// Only if two families share a name, which would be a bug here.
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new_custom(Some("lgp".into()), None)?;
        let metrics = Metrics {
            received_events: counter(
                "component_received_events_total",
                "Events the component received",
                COMPONENT,
            )?,
            received_bytes: counter(
                "component_received_bytes_total",
                "Bytes of the events an input read",
                COMPONENT,
            )?,
            sent_events: counter(
                "component_sent_events_total",
                "Events the component sent on (outputs: wrote)",
                COMPONENT,
            )?,
            sent_bytes: counter(
                "component_sent_bytes_total",
                "Encoded bytes an output wrote",
                COMPONENT,
            )?,
            send_errors: counter(
                "component_send_errors_total",
                "Events an output failed to write",
                COMPONENT,
            )?,
            parse_errors: counter(
                "component_parse_errors_total",
                "Events the component aborted to the dead-letter queue (failed parses, abort, job timeouts)",
                COMPONENT,
            )?,
            dropped: counter(
                "component_dropped_events_total",
                "Events discarded, by reason: drop (the program), drop_oldest and sample (input buffer policy), drop_newest (output buffer)",
                &["component", "component_kind", "reason"],
            )?,
            buffer_events: int_gauge(
                "buffer_events",
                "Events waiting in the component's buffer",
                COMPONENT,
            )?,
            buffer_utilisation: gauge(
                "buffer_utilisation",
                "Fill ratio of the component's buffer, 0 to 1",
                COMPONENT,
            )?,
            buffer_blocked: counter(
                "buffer_blocked_total",
                "Times an input waited for room in its buffer (policy block)",
                COMPONENT,
            )?,
            batch_duration: histogram(
                "batch_duration_seconds",
                "Time to process one batch: run a transform or route, or write to an output",
                COMPONENT,
            )?,
            event_latency: HistogramVec::new(
                HistogramOpts::new(
                    "event_latency_seconds",
                    "Age of an event's timestamp field (the output's `latency_field`) once the output wrote it",
                )
                .buckets(EVENT_AGE_BUCKETS.to_vec()),
                COMPONENT,
            )?,
            worker_batches: counter(
                "worker_batches_total",
                "Batches a worker processed",
                &["worker"],
            )?,
            worker_events: counter(
                "worker_events_total",
                "Input events a worker processed",
                &["worker"],
            )?,
            worker_busy: float_counter(
                "worker_busy_seconds_total",
                "Time a worker spent processing batches",
                &["worker"],
            )?,
            worker_timeouts: counter(
                "worker_job_timeouts_total",
                "Batches a worker cut short at the job timeout",
                &["worker"],
            )?,
            up: IntGauge::new("up", "1 while the agent runs")?,
            registry,
        };
        metrics.register_all()?;
        metrics.up.set(1);
        Ok(metrics)
    }

    fn register_all(&self) -> Result<(), prometheus::Error> {
        let collectors: Vec<Box<dyn Collector>> = vec![
            Box::new(self.received_events.clone()),
            Box::new(self.received_bytes.clone()),
            Box::new(self.sent_events.clone()),
            Box::new(self.sent_bytes.clone()),
            Box::new(self.send_errors.clone()),
            Box::new(self.parse_errors.clone()),
            Box::new(self.dropped.clone()),
            Box::new(self.buffer_events.clone()),
            Box::new(self.buffer_utilisation.clone()),
            Box::new(self.buffer_blocked.clone()),
            Box::new(self.batch_duration.clone()),
            Box::new(self.event_latency.clone()),
            Box::new(self.worker_batches.clone()),
            Box::new(self.worker_events.clone()),
            Box::new(self.worker_busy.clone()),
            Box::new(self.worker_timeouts.clone()),
            Box::new(self.up.clone()),
        ];
        collectors.into_iter().try_for_each(|c| self.registry.register(c))
    }

    pub fn input(&self, name: &str, kind: &str) -> InputMetrics {
        let labels = [name, kind];
        InputMetrics {
            received_events: self.received_events.with_label_values(&labels),
            received_bytes: self.received_bytes.with_label_values(&labels),
        }
    }

    pub fn buffer(&self, name: &str, kind: &str) -> BufferMetrics {
        let labels = [name, kind];
        BufferMetrics {
            queued: self.buffer_events.with_label_values(&labels),
            utilisation: self.buffer_utilisation.with_label_values(&labels),
            dropped_oldest: self.dropped.with_label_values(&[name, kind, "drop_oldest"]),
            dropped_sample: self.dropped.with_label_values(&[name, kind, "sample"]),
            blocked: self.buffer_blocked.with_label_values(&labels),
        }
    }

    pub fn node(&self, name: &str, kind: &str) -> NodeMetrics {
        let labels = [name, kind];
        NodeMetrics {
            received: self.received_events.with_label_values(&labels),
            sent: self.sent_events.with_label_values(&labels),
            dropped: self.dropped.with_label_values(&[name, kind, "drop"]),
            aborted: self.parse_errors.with_label_values(&labels),
            batch_duration: self.batch_duration.with_label_values(&labels),
        }
    }

    pub fn output(&self, name: &str, kind: &str) -> OutputMetrics {
        let labels = [name, kind];
        OutputMetrics {
            received: self.received_events.with_label_values(&labels),
            sent_events: self.sent_events.with_label_values(&labels),
            sent_bytes: self.sent_bytes.with_label_values(&labels),
            send_errors: self.send_errors.with_label_values(&labels),
            dropped_newest: self.dropped.with_label_values(&[name, kind, "drop_newest"]),
            queued: self.buffer_events.with_label_values(&labels),
            batch_duration: self.batch_duration.with_label_values(&labels),
            latency: LazyHistogram {
                family: self.event_latency.clone(),
                labels: [name.to_string(), kind.to_string()],
            },
        }
    }

    pub fn worker(&self, index: usize) -> WorkerMetrics {
        let label = [index.to_string()];
        let labels = [label[0].as_str()];
        WorkerMetrics {
            batches: self.worker_batches.with_label_values(&labels),
            events: self.worker_events.with_label_values(&labels),
            busy_seconds: self.worker_busy.with_label_values(&labels),
            timeouts: self.worker_timeouts.with_label_values(&labels),
        }
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        TextEncoder::new().encode_to_string(&self.registry.gather()).unwrap_or_default()
    }
}

type Made<T> = Result<T, prometheus::Error>;

fn counter(name: &str, help: &str, labels: &[&str]) -> Made<IntCounterVec> {
    IntCounterVec::new(Opts::new(name, help), labels)
}

fn float_counter(name: &str, help: &str, labels: &[&str]) -> Made<CounterVec> {
    CounterVec::new(Opts::new(name, help), labels)
}

fn int_gauge(name: &str, help: &str, labels: &[&str]) -> Made<IntGaugeVec> {
    IntGaugeVec::new(Opts::new(name, help), labels)
}

fn gauge(name: &str, help: &str, labels: &[&str]) -> Made<GaugeVec> {
    GaugeVec::new(Opts::new(name, help), labels)
}

fn histogram(name: &str, help: &str, labels: &[&str]) -> Made<HistogramVec> {
    HistogramVec::new(HistogramOpts::new(name, help).buckets(LATENCY_BUCKETS.to_vec()), labels)
}
