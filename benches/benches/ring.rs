//! Ring buffer throughput in events per second, one producer thread and one
//! consumer thread:
//!
//! - `single_events`: each push and pop moves one event-sized value through
//!   a 1024-slot ring, the per-item worst case (as if the agent did not batch);
//! - `batches_of_250`: the ring as the agent shapes it for the default
//!   `buffer.max_events` (1000): batches of 250 events in a 4-slot ring;
//! - `input_buffer_batches_of_250`: the whole way an input's events take,
//!   `InputBuffer::push` (policy `block`, its gauges, the doorbell) on a
//!   tokio producer and `try_pop` plus doorbell waits on a worker-like
//!   consumer, with each batch a real `Vec<Event>` made and dropped.
//!
//! A side that finds the ring full or empty spins briefly and then yields,
//! so the figures hold up on a shared two-core machine, where pure spinning
//! measures the scheduler instead of the ring.

use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lgp_runtime::buffer::ring::Ring;
use lgp_runtime::buffer::{Batch, Doorbell, InputBuffer, Sampler};
use lgp_runtime::config::{BufferPolicy, InputBufferConfig};
use lgp_runtime::metrics::Metrics;
use lgp_stdlib::Event;

const SINGLE_EVENTS: u64 = 1_000_000;
const BATCHES: u64 = 8_000;
/// `buffer.max_events` by default; the buffer makes batches of a quarter.
const DEFAULT_MAX_EVENTS: usize = 1000;

/// A value the size of an [`Event`], moved by value as a ring of events
/// would move them, without the allocation that building one costs.
type EventSized = [u64; size_of::<Event>() / 8];

fn event_sized(i: u64) -> EventSized {
    [i; size_of::<EventSized>() / 8]
}

/// Waits for the other side: a few spins, then a yield to the scheduler.
fn back_off(round: &mut u32) {
    *round += 1;
    if *round < 64 {
        std::hint::spin_loop();
    } else {
        std::thread::yield_now();
    }
}

/// Moves `count` values made by `make` through a ring of `capacity` slots;
/// returns how many the consumer received.
fn transfer<T: Send + 'static>(capacity: usize, count: u64, make: fn(u64) -> T) -> u64 {
    let ring = Arc::new(Ring::new(capacity));
    let producer = {
        let ring = Arc::clone(&ring);
        std::thread::spawn(move || {
            for i in 0..count {
                let mut item = make(i);
                let mut round = 0;
                while let Err(back) = ring.push(item) {
                    item = back;
                    back_off(&mut round);
                }
            }
        })
    };
    let mut received = 0;
    let mut round = 0;
    while received < count {
        if let Some(item) = ring.pop() {
            drop(item);
            received += 1;
            round = 0;
        } else {
            back_off(&mut round);
        }
    }
    producer.join().unwrap_or_else(|_| panic!("the producer panicked"));
    received
}

/// Moves `batches` batches of `batch_events` events through an
/// [`InputBuffer`] as an input task and a worker do; returns the events the
/// consumer received.
fn through_input_buffer(batches: u64) -> usize {
    let metrics = Metrics::new().unwrap_or_else(|e| panic!("metrics: {e}"));
    let doorbell = Arc::new(Doorbell::default());
    let config = InputBufferConfig { max_events: DEFAULT_MAX_EVENTS, policy: BufferPolicy::Block };
    let buffer = Arc::new(InputBuffer::new(
        &config,
        Arc::clone(&doorbell),
        metrics.buffer("bench", "bench"),
    ));
    let producer = {
        let buffer = Arc::clone(&buffer);
        std::thread::spawn(move || produce(&buffer, batches))
    };
    let mut received = 0;
    loop {
        if let Some(batch) = buffer.try_pop() {
            received += batch.events.len();
            continue;
        }
        if buffer.is_drained() {
            break;
        }
        doorbell.wait(Duration::from_millis(50), || !buffer.is_empty_now() || buffer.is_drained());
    }
    producer.join().unwrap_or_else(|_| panic!("the producer panicked"));
    received
}

/// The input side: fills batches of events and pushes them, then closes.
fn produce(buffer: &InputBuffer, batches: u64) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap_or_else(|e| panic!("tokio runtime: {e}"));
    runtime.block_on(async {
        let mut sampler = Sampler::default();
        for _ in 0..batches {
            let mut events = Vec::with_capacity(buffer.batch_events());
            events.resize_with(buffer.batch_events(), Event::default);
            buffer.push(Batch { events }, &mut sampler).await;
        }
    });
    buffer.close();
}

fn ring(c: &mut Criterion) {
    let batch_events = DEFAULT_MAX_EVENTS / 4;
    let slots = DEFAULT_MAX_EVENTS.div_ceil(batch_events);
    let mut group = c.benchmark_group("ring");
    group.sample_size(10);
    group.throughput(Throughput::Elements(SINGLE_EVENTS));
    group
        .bench_function("single_events", |b| b.iter(|| transfer(1024, SINGLE_EVENTS, event_sized)));
    group.throughput(Throughput::Elements(BATCHES * batch_events as u64));
    // A batch travels as its `Vec` header (24 bytes); a `[u64; 3]` of the
    // same size stands in so only the ring is measured, not allocation.
    group.bench_function("batches_of_250", |b| b.iter(|| transfer(slots, BATCHES, |i| [i; 3])));
    group.bench_function("input_buffer_batches_of_250", |b| {
        b.iter(|| through_input_buffer(BATCHES))
    });
    group.finish();
}

criterion_group!(benches, ring);
criterion_main!(benches);
