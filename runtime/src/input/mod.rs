//! Inputs: each runs as one async task that reads its source, turns what it
//! reads into events, gathers them into batches and pushes the batches into
//! its buffer. An input that reaches the end of its source (stdin closed, a
//! generator's count, the files read) or sees a shutdown request pushes its
//! last batch and closes its buffer.

pub mod file;
pub mod generator;
pub mod interned;
pub mod lines;
pub mod stdin;

use std::sync::Arc;

use lgp_stdlib::event::Meta;
use lgp_stdlib::value::Object;
use lgp_stdlib::{Event, Str, Value};

use crate::buffer::{Batch, InputBuffer, Sampler};
use crate::config::InputKind;
use crate::metrics::InputMetrics;
use crate::shutdown::Shutdown;

/// What an input task needs besides its options.
pub struct InputContext {
    pub name: String,
    pub buffer: Arc<InputBuffer>,
    pub metrics: InputMetrics,
    pub shutdown: Shutdown,
}

/// Runs an input to its end, then closes its buffer.
pub async fn run(kind: InputKind, context: InputContext) {
    let buffer = Arc::clone(&context.buffer);
    let mut emitter = Emitter::new(context);
    match kind {
        InputKind::Stdin { max_line_bytes } => stdin::run(&mut emitter, max_line_bytes).await,
        InputKind::Generator(config) => generator::run(&mut emitter, &config).await,
        InputKind::File(config) => file::run(&mut emitter, &config).await,
    }
    emitter.flush().await;
    buffer.close();
}

/// Builds events, gathers them into batches and pushes full batches.
pub struct Emitter {
    context: InputContext,
    batch: Vec<Event>,
    bytes: u64,
    sampler: Sampler,
    /// `%input` and whatever the input adds.
    meta_fields: Object,
    /// `meta_fields` as each event carries it: shared, not copied, see
    /// [`interned::shared_meta`].
    meta: Meta,
}

const MESSAGE: Str = Str::from_static("message");

impl Emitter {
    fn new(context: InputContext) -> Emitter {
        let name = Value::String(interned::interned(&context.name));
        let meta_fields = Object::from([(Str::from_static("input"), name)]);
        let meta = interned::shared_meta(Value::Object(meta_fields.clone()));
        let batch = Vec::new();
        Emitter { context, batch, bytes: 0, sampler: Sampler::default(), meta_fields, meta }
    }

    /// Sets a metadata field of the events built from now on (`%file`).
    pub fn set_meta(&mut self, key: &'static str, value: Value) {
        self.meta_fields.insert(Str::from_static(key), value);
        self.meta = interned::shared_meta(Value::Object(self.meta_fields.clone()));
    }

    pub fn name(&self) -> &str {
        &self.context.name
    }

    pub fn shutdown(&self) -> Shutdown {
        self.context.shutdown.clone()
    }

    pub fn stopping(&self) -> bool {
        self.context.shutdown.is_requested()
    }

    /// The event `{"message": line}` with this input's metadata.
    pub fn event(&self, line: Str) -> Event {
        let mut fields = Object::new();
        fields.insert(MESSAGE, Value::String(line));
        Event { fields: Value::Object(fields), meta: self.meta.clone(), raw: None }
    }

    /// Adds an event that took `bytes` of input; pushes the batch once full.
    pub async fn emit(&mut self, event: Event, bytes: usize) {
        self.batch.push(event);
        self.bytes += bytes as u64;
        if self.batch.len() >= self.context.buffer.batch_events() {
            self.flush().await;
        }
    }

    /// The events of a line each.
    pub async fn emit_lines(&mut self, lines: &mut Vec<lines::Line>) {
        for (line, bytes) in lines.drain(..) {
            let event = self.event(line);
            self.emit(event, bytes).await;
        }
    }

    /// The most events of one batch.
    pub fn batch_capacity(&self) -> usize {
        self.context.buffer.batch_events()
    }

    /// Events in the pending batch.
    pub fn pending(&self) -> usize {
        self.batch.len()
    }

    /// Pushes the pending batch, if any.
    pub async fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let events = std::mem::take(&mut self.batch);
        self.context.metrics.received_events.inc_by(events.len() as u64);
        self.context.metrics.received_bytes.inc_by(std::mem::take(&mut self.bytes));
        let capacity = self.context.buffer.batch_events();
        self.context.buffer.push(Batch { events }, &mut self.sampler).await;
        self.batch.reserve(capacity);
    }
}
