//! The input buffer's full-queue policies, driven directly: what `block`,
//! `drop_oldest` and `sample` do with a batch that finds no room.

#![cfg(not(lgp_loom))]

use std::sync::Arc;
use std::time::Duration;

use lgp_runtime::buffer::{Batch, Doorbell, InputBuffer, Sampler};
use lgp_runtime::config::{BufferPolicy, InputBufferConfig};
use lgp_runtime::metrics::{BufferMetrics, Metrics};
use lgp_stdlib::Event;

fn buffer(max_events: usize, policy: BufferPolicy) -> (Arc<InputBuffer>, BufferMetrics) {
    let metrics = Metrics::new().unwrap_or_else(|e| panic!("{e}")).buffer("in", "generator");
    let config = InputBufferConfig { max_events, policy };
    (Arc::new(InputBuffer::new(&config, Arc::new(Doorbell::default()), metrics.clone())), metrics)
}

/// A batch of `count` events whose messages are `first`, `first + 1`, ...
fn batch(first: usize, count: usize) -> Batch {
    Batch { events: (first..first + count).map(|i| Event::from_line(&i.to_string())).collect() }
}

fn first_message(batch: &Batch) -> String {
    batch.events.first().map(|e| lgp_runtime::codec::text_of(&e.fields)).unwrap_or_default()
}

#[tokio::test]
async fn drop_oldest_makes_room_by_discarding_the_oldest_batch() {
    // max_events 8: batches of 2 events, 4 slots.
    let (buffer, metrics) = buffer(8, BufferPolicy::DropOldest);
    assert_eq!(buffer.batch_events(), 2);
    let mut sampler = Sampler::default();
    for n in 0..5 {
        buffer.push(batch(n * 2, 2), &mut sampler).await;
    }
    assert_eq!(metrics.dropped_oldest.get(), 2);
    assert_eq!(buffer.queued_events(), 8);
    let oldest = buffer.try_pop().unwrap_or_default();
    assert_eq!(first_message(&oldest), "{\"message\":\"2\"}");
}

#[tokio::test]
async fn sample_thins_above_high_water_and_drops_when_full() {
    let policy = BufferPolicy::Sample { keep_one_in: 2, high_water: 0.5 };
    let (buffer, metrics) = buffer(8, policy);
    let mut sampler = Sampler::default();
    let outcomes = [
        buffer.push(batch(0, 2), &mut sampler).await,
        buffer.push(batch(2, 2), &mut sampler).await,
        // Half full from here: one event in two is kept.
        buffer.push(batch(4, 2), &mut sampler).await,
        buffer.push(batch(6, 2), &mut sampler).await,
        // Full: the (thinned) batch is dropped.
        buffer.push(batch(8, 2), &mut sampler).await,
    ];
    let queued: Vec<usize> = outcomes.iter().map(|o| o.queued).collect();
    assert_eq!(queued, [2, 2, 1, 1, 0]);
    assert_eq!(metrics.dropped_sample.get(), 4);
    assert_eq!(buffer.queued_events(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_waits_for_a_pop_and_loses_nothing() {
    let (buffer, metrics) = buffer(8, BufferPolicy::Block);
    let mut sampler = Sampler::default();
    for n in 0..4 {
        buffer.push(batch(n * 2, 2), &mut sampler).await;
    }
    let consumer = {
        let buffer = Arc::clone(&buffer);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            buffer.try_pop().map(|b| b.events.len())
        })
    };
    let outcome = buffer.push(batch(8, 2), &mut sampler).await;
    assert_eq!((outcome.queued, outcome.dropped), (2, 0));
    assert_eq!(consumer.join().unwrap_or_else(|_| panic!("consumer panicked")), Some(2));
    assert!(metrics.blocked.get() >= 1);
    buffer.close();
    let mut left = 0;
    while let Some(batch) = buffer.try_pop() {
        left += batch.events.len();
    }
    assert_eq!(left, 8);
    assert!(buffer.is_drained());
}
