//! The queue between an input and the workers: a lock-free [`ring::Ring`] of
//! batches plus the input's full-queue policy (`block`, `drop_oldest`,
//! `sample`), the wake-ups on both sides and the buffer's metrics.
//!
//! Producers are the input's async task; consumers are the worker threads.
//! A producer that must wait (policy `block`) parks on a tokio `Notify` that
//! consumers poke after each pop; workers with nothing to do park on the
//! shared [`Doorbell`] that producers ring after each push. Neither side
//! takes a lock unless the other is asleep.

pub mod ring;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use lgp_stdlib::Event;
use tokio::sync::Notify;

use crate::config::{BufferPolicy, InputBufferConfig};
use crate::metrics::BufferMetrics;
use ring::Ring;

/// Events of one input travelling together.
#[derive(Debug, Default)]
pub struct Batch {
    pub events: Vec<Event>,
}

/// The most events one batch carries: large enough to amortise the per-batch
/// costs, small enough to keep latency and a batch's memory low.
pub const MAX_BATCH_EVENTS: usize = 512;

/// One input's queue; shared by its producer task and every worker.
pub struct InputBuffer {
    ring: Ring<Batch>,
    policy: BufferPolicy,
    /// Events currently queued, for utilisation and `high_water`.
    queued_events: AtomicUsize,
    max_events: usize,
    /// The most events the producer puts in one batch.
    batch_events: usize,
    space: Notify,
    doorbell: std::sync::Arc<Doorbell>,
    /// Set once the input has ended: no batch will be pushed any more.
    closed: AtomicBool,
    metrics: BufferMetrics,
}

/// What happened to a batch handed to [`InputBuffer::push`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PushOutcome {
    /// Events queued.
    pub queued: usize,
    /// Events dropped by the policy (old ones for `drop_oldest`).
    pub dropped: usize,
}

impl InputBuffer {
    pub fn new(
        config: &InputBufferConfig,
        doorbell: std::sync::Arc<Doorbell>,
        metrics: BufferMetrics,
    ) -> InputBuffer {
        let batch_events = (config.max_events / 4).clamp(1, MAX_BATCH_EVENTS);
        let slots = config.max_events.div_ceil(batch_events);
        InputBuffer {
            ring: Ring::new(slots),
            policy: config.policy,
            queued_events: AtomicUsize::new(0),
            max_events: config.max_events.max(1),
            batch_events,
            space: Notify::new(),
            doorbell,
            closed: AtomicBool::new(false),
            metrics,
        }
    }

    /// The most events a producer should put in one batch.
    pub fn batch_events(&self) -> usize {
        self.batch_events
    }

    /// Queues a batch per the policy. With `block` this waits for room, which
    /// is how backpressure reaches the source.
    pub async fn push(&self, mut batch: Batch, sampler: &mut Sampler) -> PushOutcome {
        if batch.events.is_empty() {
            return PushOutcome { queued: 0, dropped: 0 };
        }
        let mut dropped = 0;
        if let BufferPolicy::Sample { keep_one_in, high_water } = self.policy
            && self.fill() >= high_water
        {
            dropped += sampler.thin(&mut batch.events, keep_one_in);
            self.metrics.dropped_sample.inc_by(dropped as u64);
        }
        let queued = batch.events.len();
        let lost = match self.policy {
            BufferPolicy::Block => self.push_blocking(batch).await,
            BufferPolicy::DropOldest => self.push_dropping_oldest(batch),
            BufferPolicy::Sample { .. } => self.push_or_discard(batch),
        };
        self.doorbell.ring_one();
        PushOutcome { queued: queued - lost.newest, dropped: dropped + lost.newest + lost.oldest }
    }

    async fn push_blocking(&self, mut batch: Batch) -> Lost {
        loop {
            let notified = self.space.notified();
            tokio::pin!(notified);
            // Registered before the attempt, so a pop between a failed push
            // and the wait still wakes this producer.
            notified.as_mut().enable();
            let events = batch.events.len();
            match self.ring.push(batch) {
                Ok(()) => {
                    self.queued(events as isize);
                    return Lost::default();
                }
                Err(back) => batch = back,
            }
            self.metrics.blocked.inc();
            notified.await;
        }
    }

    fn push_dropping_oldest(&self, mut batch: Batch) -> Lost {
        let mut lost = Lost::default();
        // Each failed push pops one batch; more than a few rounds means other
        // producers keep taking the freed slot, so the newest batch goes.
        for _ in 0..16 {
            let events = batch.events.len();
            match self.ring.push(batch) {
                Ok(()) => {
                    self.queued(events as isize);
                    return lost;
                }
                Err(back) => batch = back,
            }
            if let Some(old) = self.ring.pop() {
                self.queued(-(old.events.len() as isize));
                self.metrics.dropped_oldest.inc_by(old.events.len() as u64);
                lost.oldest += old.events.len();
            }
        }
        self.metrics.dropped_oldest.inc_by(batch.events.len() as u64);
        lost.newest = batch.events.len();
        lost
    }

    fn push_or_discard(&self, batch: Batch) -> Lost {
        let events = batch.events.len();
        match self.ring.push(batch) {
            Ok(()) => {
                self.queued(events as isize);
                Lost::default()
            }
            Err(back) => {
                self.metrics.dropped_sample.inc_by(back.events.len() as u64);
                Lost { oldest: 0, newest: back.events.len() }
            }
        }
    }

    /// Takes the oldest batch, for a worker.
    pub fn try_pop(&self) -> Option<Batch> {
        let batch = self.ring.pop()?;
        self.queued(-(batch.events.len() as isize));
        self.space.notify_one();
        Some(batch)
    }

    fn queued(&self, change: isize) {
        let now = if change >= 0 {
            self.queued_events.fetch_add(change.unsigned_abs(), Ordering::Relaxed)
                + change.unsigned_abs()
        } else {
            self.queued_events
                .fetch_sub(change.unsigned_abs(), Ordering::Relaxed)
                .saturating_sub(change.unsigned_abs())
        };
        self.metrics.queued.set(now as i64);
        self.metrics.utilisation.set(now as f64 / self.max_events as f64);
    }

    /// How full the ring is, from 0 to 1, counted in batch slots: that is
    /// what decides whether the next push finds room.
    pub fn fill(&self) -> f64 {
        self.ring.len() as f64 / self.ring.capacity() as f64
    }

    pub fn queued_events(&self) -> usize {
        self.queued_events.load(Ordering::Relaxed)
    }

    pub fn max_events(&self) -> usize {
        self.max_events
    }

    /// Marks the input as ended and wakes the workers so they can notice.
    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.doorbell.ring_all();
    }

    /// True when no batch waits right now.
    pub fn is_empty_now(&self) -> bool {
        self.ring.is_empty()
    }

    /// True once the input ended and every batch was taken.
    pub fn is_drained(&self) -> bool {
        self.closed.load(Ordering::SeqCst) && self.ring.is_empty()
    }
}

#[derive(Default)]
struct Lost {
    oldest: usize,
    newest: usize,
}

/// The producer's state for `sample`: which event of the stream is next, so
/// "1 in N" holds across batches.
#[derive(Debug, Default)]
pub struct Sampler {
    seen: u64,
}

impl Sampler {
    /// Keeps every `keep_one_in`-th event; returns how many were dropped.
    pub fn thin(&mut self, events: &mut Vec<Event>, keep_one_in: u64) -> usize {
        let before = events.len();
        let keep_one_in = keep_one_in.max(1);
        events.retain(|_| {
            self.seen = self.seen.wrapping_add(1);
            self.seen.is_multiple_of(keep_one_in)
        });
        before - events.len()
    }
}

/// Where idle workers sleep until a producer pushes a batch.
///
/// A worker registers as a sleeper, checks for work under the lock, and
/// waits; a producer checks for sleepers after its push and only then takes
/// the lock. The `SeqCst` fence orders the producer's push before its read of
/// `sleepers`, and the worker's increment before its check, so one of them
/// always sees the other. The wait also has a timeout, as a second net.
#[derive(Debug, Default)]
pub struct Doorbell {
    sleepers: AtomicUsize,
    lock: Mutex<()>,
    bell: Condvar,
}

impl Doorbell {
    /// Wakes one sleeping worker, if any.
    pub fn ring_one(&self) {
        std::sync::atomic::fence(Ordering::SeqCst);
        if self.sleepers.load(Ordering::SeqCst) > 0 {
            let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
            self.bell.notify_one();
        }
    }

    /// Wakes every sleeping worker (an input ended, or shutdown).
    pub fn ring_all(&self) {
        std::sync::atomic::fence(Ordering::SeqCst);
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.bell.notify_all();
    }

    /// Sleeps until rung or `timeout` passes, unless `has_work` says there
    /// is something to do already.
    pub fn wait(&self, timeout: Duration, has_work: impl Fn() -> bool) {
        let guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.sleepers.fetch_add(1, Ordering::SeqCst);
        if !has_work() {
            let _ = self.bell.wait_timeout(guard, timeout).unwrap_or_else(PoisonError::into_inner);
        }
        self.sleepers.fetch_sub(1, Ordering::SeqCst);
    }
}
