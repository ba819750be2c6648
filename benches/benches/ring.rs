//! Ring buffer throughput, one producer thread and one consumer thread:
//! raw slots per second (`u64` items), and events per second when, as in the
//! agent, each slot carries a batch of 512 events.

use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lgp_runtime::buffer::ring::Ring;

const ITEMS: u64 = 1_000_000;
const BATCHES: u64 = 20_000;
const BATCH_EVENTS: usize = 512;

/// Moves `count` items made by `make` through a ring of `capacity` slots.
fn transfer<T: Send + 'static>(capacity: usize, count: u64, make: fn(u64) -> T) -> u64 {
    let ring = Arc::new(Ring::new(capacity));
    let producer = {
        let ring = Arc::clone(&ring);
        std::thread::spawn(move || {
            for i in 0..count {
                let mut item = make(i);
                while let Err(back) = ring.push(item) {
                    item = back;
                    std::hint::spin_loop();
                }
            }
        })
    };
    let mut received = 0;
    while received < count {
        match ring.pop() {
            Some(item) => {
                drop(item);
                received += 1;
            }
            None => std::hint::spin_loop(),
        }
    }
    producer.join().unwrap_or_else(|_| panic!("the producer panicked"));
    received
}

fn ring(c: &mut Criterion) {
    let mut group = c.benchmark_group("ring");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ITEMS));
    group.bench_function("spsc_u64", |b| b.iter(|| transfer(1024, ITEMS, |i| i)));
    // A batch travels as its `Vec` header (24 bytes); a `[u64; 3]` of the
    // same size stands in so only the ring is measured, not allocation.
    group.throughput(Throughput::Elements(BATCHES * BATCH_EVENTS as u64));
    group.bench_function("spsc_batches_of_512", |b| b.iter(|| transfer(64, BATCHES, |i| [i; 3])));
    group.finish();
}

criterion_group!(benches, ring);
criterion_main!(benches);
