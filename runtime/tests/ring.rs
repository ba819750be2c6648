//! The ring buffer under real threads (a stress test) and against a model
//! queue (a property test). The exhaustive interleavings are in `loom_ring.rs`.

#![cfg(not(lgp_loom))]

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use lgp_runtime::buffer::ring::Ring;
use proptest::prelude::*;

const PRODUCERS: u64 = 4;
const CONSUMERS: usize = 4;
const PER_PRODUCER: u64 = 50_000;

/// Tags a value with its producer so order can be checked per producer.
fn value(producer: u64, sequence: u64) -> u64 {
    producer << 32 | sequence
}

#[test]
fn every_value_arrives_once_and_in_order_per_producer() {
    let ring = Arc::new(Ring::new(64));
    let done = Arc::new(AtomicBool::new(false));
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|producer| {
            let ring = Arc::clone(&ring);
            std::thread::spawn(move || {
                for sequence in 0..PER_PRODUCER {
                    let mut item = value(producer, sequence);
                    while let Err(back) = ring.push(item) {
                        item = back;
                        std::thread::yield_now();
                    }
                }
            })
        })
        .collect();
    let consumers: Vec<_> = (0..CONSUMERS)
        .map(|_| {
            let ring = Arc::clone(&ring);
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                loop {
                    match ring.pop() {
                        Some(item) => seen.push(item),
                        None if done.load(Ordering::Acquire) && ring.is_empty() => return seen,
                        None => std::thread::yield_now(),
                    }
                }
            })
        })
        .collect();
    for producer in producers {
        producer.join().unwrap_or_else(|_| panic!("a producer panicked"));
    }
    done.store(true, Ordering::Release);
    let mut all = Vec::new();
    for consumer in consumers {
        let seen = consumer.join().unwrap_or_else(|_| panic!("a consumer panicked"));
        assert_in_order_per_producer(&seen);
        all.extend(seen);
    }
    all.sort_unstable();
    let expected: Vec<u64> =
        (0..PRODUCERS).flat_map(|p| (0..PER_PRODUCER).map(move |s| value(p, s))).collect();
    assert_eq!(all.len(), expected.len());
    assert!(all == expected, "values were lost or duplicated");
}

/// One consumer pops positions in increasing order, so each producer's values
/// reach it in the order they were pushed.
fn assert_in_order_per_producer(seen: &[u64]) {
    let mut last = vec![None; PRODUCERS as usize];
    for item in seen {
        let producer = (item >> 32) as usize;
        let sequence = item & 0xffff_ffff;
        if let Some(previous) = last[producer] {
            assert!(sequence > previous, "producer {producer}: {sequence} after {previous}");
        }
        last[producer] = Some(sequence);
    }
}

#[derive(Clone, Debug)]
enum Op {
    Push(u32),
    Pop,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![any::<u32>().prop_map(Op::Push), Just(Op::Pop)]
}

proptest! {
    /// On one thread the ring behaves exactly like a bounded FIFO queue of
    /// its (rounded up) capacity.
    #[test]
    fn behaves_like_a_bounded_queue(capacity in 0usize..40, ops in prop::collection::vec(op(), 0..300)) {
        let ring = Ring::new(capacity);
        let bound = ring.capacity();
        prop_assert!(bound.is_power_of_two() && bound >= capacity.max(2));
        let mut model = VecDeque::new();
        for op in ops {
            match op {
                Op::Push(item) => {
                    let expected = if model.len() < bound { model.push_back(item); Ok(()) } else { Err(item) };
                    prop_assert_eq!(ring.push(item), expected);
                }
                Op::Pop => prop_assert_eq!(ring.pop(), model.pop_front()),
            }
            prop_assert_eq!(ring.len(), model.len());
        }
    }
}
