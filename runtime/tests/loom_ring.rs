//! Model-checks the ring buffer with loom: every interleaving of a few
//! producers and consumers, small enough to explore exhaustively.
//!
//! Run with `RUSTFLAGS="--cfg lgp_loom" cargo test -p lgp-runtime --test loom_ring --release`
//! (see `src/sync.rs` for why the cfg is not plain `loom`).

#![cfg(lgp_loom)]

use lgp_runtime::buffer::ring::Ring;
use loom::sync::Arc;
use loom::thread;

/// Pushes, retrying while the ring is full.
fn push(ring: &Ring<u32>, mut item: u32) {
    while let Err(back) = ring.push(item) {
        item = back;
        thread::yield_now();
    }
}

/// Pops, retrying while the ring is empty.
fn pop(ring: &Ring<u32>) -> u32 {
    loop {
        if let Some(item) = ring.pop() {
            return item;
        }
        thread::yield_now();
    }
}

#[test]
fn two_producers_one_consumer_lose_nothing() {
    loom::model(|| {
        let ring = Arc::new(Ring::new(2));
        let producers: Vec<_> = [1, 2]
            .into_iter()
            .map(|item| {
                let ring = Arc::clone(&ring);
                thread::spawn(move || push(&ring, item))
            })
            .collect();
        let mut got = [pop(&ring), pop(&ring)];
        for producer in producers {
            producer.join().unwrap_or_else(|_| panic!("a producer panicked"));
        }
        got.sort_unstable();
        assert_eq!(got, [1, 2]);
        assert_eq!(ring.pop(), None);
    });
}

#[test]
fn wrapping_around_keeps_fifo_order() {
    loom::model(|| {
        let ring = Arc::new(Ring::new(2));
        let producer = {
            let ring = Arc::clone(&ring);
            thread::spawn(move || (1..=3).for_each(|item| push(&ring, item)))
        };
        let got: Vec<u32> = (0..3).map(|_| pop(&ring)).collect();
        producer.join().unwrap_or_else(|_| panic!("the producer panicked"));
        assert_eq!(got, [1, 2, 3]);
    });
}

#[test]
fn two_consumers_never_take_the_same_value() {
    loom::model(|| {
        let ring = Arc::new(Ring::new(2));
        push(&ring, 1);
        push(&ring, 2);
        let other = {
            let ring = Arc::clone(&ring);
            thread::spawn(move || ring.pop())
        };
        let mine = ring.pop();
        let theirs = other.join().unwrap_or_else(|_| panic!("the consumer panicked"));
        let mut got: Vec<u32> = mine.into_iter().chain(theirs).collect();
        got.sort_unstable();
        assert_eq!(got, [1, 2]);
    });
}
