//! Outputs: each runs on its own thread, takes batches from its queue,
//! writes them with its sink, and at the end (every worker gone, so the
//! queue is closed and empty) flushes and closes. Events a sink could not
//! write go to the dead-letter queue with the error; retries and circuit
//! breakers come later.

pub mod blackhole;
pub mod file;
pub mod latency;
pub mod stdout;

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::Utc;
use lgp_lang::schema::FieldRef;
use lgp_stdlib::Event;

use crate::config::{OutputConfig, OutputKind};
use crate::dlq::DeadLetters;
use crate::metrics::OutputMetrics;
use crate::report;
use latency::Latency;

/// How often an idle output does its upkeep (time-based rotation).
const TICK: Duration = Duration::from_secs(1);

/// What a sink did with a batch.
#[derive(Debug, Default)]
pub struct Written {
    /// Encoded bytes written.
    pub bytes: u64,
    /// Events not written, each with the reason.
    pub failed: Vec<(String, Event)>,
}

/// Where an output's events go.
pub trait Sink: Send {
    /// Writes a batch, as few system calls as the sink allows.
    fn write_batch(&mut self, events: Vec<Event>) -> Written;

    /// True when the sink writes events whose fields are partly JSON text
    /// (`Event::raw`, left by a projected `parse_json`) correctly as they
    /// are: it encodes them with the JSON codec and reads no field itself.
    /// Other sinks get every event materialised first.
    fn reads_raw(&self) -> bool {
        false
    }

    /// The timestamp field whose age this output measures as end-to-end
    /// latency (`latency_field`), if any.
    fn latency_field(&self) -> Option<&FieldRef> {
        None
    }

    /// Upkeep while no batch comes (rotating by age).
    ///
    /// # Errors
    /// What went wrong, for a warning.
    fn tick(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    /// Flushes and closes everything; called once, at the end.
    ///
    /// # Errors
    /// What went wrong, for a warning.
    fn close(&mut self) -> std::io::Result<()>;
}

/// The sink of an output's configuration.
pub fn sink(config: &OutputConfig) -> Box<dyn Sink> {
    match &config.kind {
        OutputKind::Stdout { codec } => Box::new(stdout::StdoutSink::new(codec.clone())),
        OutputKind::File(file) => Box::new(file::FileSink::new(file.clone())),
        OutputKind::Blackhole { delay, latency_field } => {
            Box::new(blackhole::Blackhole::new(*delay, latency_field.clone()))
        }
    }
}

/// An output's thread: its queue, its sink and where failures go.
pub struct OutputTask {
    pub name: String,
    pub sink: Box<dyn Sink>,
    pub queue: Receiver<Vec<Event>>,
    pub metrics: OutputMetrics,
    pub dead_letters: Arc<DeadLetters>,
}

impl OutputTask {
    /// Starts the output's thread.
    ///
    /// # Errors
    /// When the OS refuses a thread.
    pub fn spawn(self) -> std::io::Result<std::thread::JoinHandle<()>> {
        std::thread::Builder::new()
            .name(format!("lgp-output-{}", self.name))
            .spawn(move || self.run())
    }

    fn run(mut self) {
        let mut last_error = String::new();
        let mut latency = self
            .sink
            .latency_field()
            .and_then(|field| Latency::new(field.clone(), self.metrics.latency()));
        loop {
            match self.queue.recv_timeout(TICK) {
                Ok(events) => self.write(events, &mut last_error, latency.as_mut()),
                Err(RecvTimeoutError::Timeout) => {
                    if let Err(error) = self.sink.tick() {
                        self.warn_once(&error.to_string(), &mut last_error);
                    }
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        if let Err(error) = self.sink.close() {
            report::warn(&format!("output `{}`: cannot close: {error}", self.name));
        }
        if let Some(summary) = latency.as_ref().and_then(Latency::summary) {
            report::info(&format!("output `{}`: {summary}", self.name));
        }
    }

    fn write(
        &mut self,
        mut events: Vec<Event>,
        last_error: &mut String,
        mut latency: Option<&mut Latency>,
    ) {
        if !self.sink.reads_raw() {
            events.iter_mut().for_each(Event::materialize);
        }
        let count = events.len() as u64;
        self.metrics.queued.sub(count as i64);
        if let Some(latency) = latency.as_deref_mut() {
            latency.before_write(&events);
        }
        let started = Instant::now();
        let written = self.sink.write_batch(events);
        self.metrics.batch_duration.observe(started.elapsed().as_secs_f64());
        if let Some(latency) = latency {
            latency.after_write(now());
        }
        let failed = written.failed.len() as u64;
        self.metrics.sent_events.inc_by(count.saturating_sub(failed));
        self.metrics.sent_bytes.inc_by(written.bytes);
        if let Some((reason, _)) = written.failed.first() {
            self.warn_once(reason, last_error);
            self.metrics.send_errors.inc_by(failed);
            self.dead_letters.write(&self.name, &written.failed);
        }
    }

    /// Warns about an error unless it is the one warned about last time, so
    /// a sink that keeps failing does not flood stderr.
    fn warn_once(&self, error: &str, last_error: &mut String) {
        if error != last_error {
            report::warn(&format!("output `{}`: {error}", self.name));
            *last_error = error.to_string();
        }
    }
}

/// The time outputs format templates with when an event has none of its own.
fn now() -> chrono::DateTime<Utc> {
    Utc::now()
}
