//! A bounded, lock-free, multi-producer multi-consumer ring of batches.
//!
//! This is Dmitry Vyukov's bounded MPMC queue. Every slot carries a sequence
//! number that says whose turn the slot is:
//!
//! - `sequence == pos`: empty, and the producer that claims position `pos`
//!   may write it;
//! - `sequence == pos + 1`: full, and the consumer that claims `pos` may read it;
//! - after the read, the consumer sets `sequence = pos + capacity`, handing the
//!   slot to the producer one lap later.
//!
//! A producer claims a position by advancing `tail` with a compare-exchange,
//! a consumer by advancing `head`; whoever wins the exchange owns the slot
//! until it publishes the new sequence with `Release`, and the other side
//! reads the sequence with `Acquire` before touching the value. So a value
//! is never read while written, and no lock is taken on either path.
//!
//! Why not crossbeam's `ArrayQueue`: it would do (its `force_push` is even a
//! ready-made `drop_oldest`), but it cannot be built against loom, and the
//! runtime's own ring is what the loom test must check. Capacity is a power
//! of two so a position maps to its slot with a mask instead of a division.
//!
//! The ring moves whole batches (`Vec<Event>`), so one push or pop costs a
//! few atomic operations per batch, never an allocation.
//!
//! This file and nothing else in the crate uses `unsafe`.

#![allow(unsafe_code)]

use std::mem::MaybeUninit;

use crate::sync::{AtomicUsize, CachePadded, Ordering, UnsafeCell};

/// The largest ring accepted; larger requests are cut to it so a huge
/// `max_events` cannot allocate without bound.
pub const MAX_CAPACITY: usize = 1 << 20;

struct Slot<T> {
    sequence: AtomicUsize,
    value: UnsafeCell<MaybeUninit<T>>,
}

/// A bounded lock-free queue; see the module docs.
pub struct Ring<T> {
    /// The next position to pop.
    head: CachePadded<AtomicUsize>,
    /// The next position to push.
    tail: CachePadded<AtomicUsize>,
    slots: Box<[Slot<T>]>,
    mask: usize,
}

// SAFETY: values move between threads through the ring (so `T: Send` is
// needed), and the sequence protocol gives each slot a single owner at a
// time, so sharing the ring itself needs nothing more than `T: Send`.
unsafe impl<T: Send> Send for Ring<T> {}
// SAFETY: as above: `&Ring` only lets threads move `T`s in and out, never
// share a `&T`, so `T: Sync` is not required.
unsafe impl<T: Send> Sync for Ring<T> {}

impl<T> Ring<T> {
    /// A ring holding `capacity` values, rounded up to a power of two
    /// (at least 2, at most [`MAX_CAPACITY`]).
    pub fn new(capacity: usize) -> Ring<T> {
        let capacity = capacity.clamp(2, MAX_CAPACITY).next_power_of_two();
        let slots = (0..capacity)
            .map(|i| Slot {
                sequence: AtomicUsize::new(i),
                value: UnsafeCell::new(MaybeUninit::uninit()),
            })
            .collect();
        Ring {
            head: CachePadded(AtomicUsize::new(0)),
            tail: CachePadded(AtomicUsize::new(0)),
            slots,
            mask: capacity - 1,
        }
    }

    pub fn capacity(&self) -> usize {
        self.mask + 1
    }

    /// How many values are queued. Exact when no push or pop is in flight;
    /// otherwise a value between the counts before and after them.
    pub fn len(&self) -> usize {
        let tail = self.tail.load(Ordering::Acquire);
        let head = self.head.load(Ordering::Acquire);
        tail.wrapping_sub(head).min(self.capacity())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn slot(&self, position: usize) -> &Slot<T> {
        // The mask keeps the index below `slots.len()`, a power of two.
        &self.slots[position & self.mask]
    }

    /// Appends `value`, or hands it back when the ring is full.
    ///
    /// # Errors
    /// `Err(value)` when every slot is taken.
    pub fn push(&self, value: T) -> Result<(), T> {
        let mut position = self.tail.load(Ordering::Relaxed);
        loop {
            let slot = self.slot(position);
            let sequence = slot.sequence.load(Ordering::Acquire);
            // Wrapping difference read as signed: negative means the slot
            // still holds the value of the previous lap (the ring is full).
            let lag = sequence.wrapping_sub(position) as isize;
            if lag == 0 {
                match self.tail.compare_exchange_weak(
                    position,
                    position.wrapping_add(1),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        // SAFETY: winning the exchange for `position` while the
                        // slot's sequence equals `position` makes this thread the
                        // slot's only writer, and no reader touches it until the
                        // `Release` store below publishes the value.
                        slot.value.with_mut(|cell| unsafe { (*cell).write(value) });
                        slot.sequence.store(position.wrapping_add(1), Ordering::Release);
                        return Ok(());
                    }
                    Err(current) => position = current,
                }
            } else if lag < 0 {
                return Err(value);
            } else {
                position = self.tail.load(Ordering::Relaxed);
            }
        }
    }

    /// Takes the oldest value, or `None` when the ring is empty.
    pub fn pop(&self) -> Option<T> {
        let mut position = self.head.load(Ordering::Relaxed);
        loop {
            let slot = self.slot(position);
            let sequence = slot.sequence.load(Ordering::Acquire);
            let lag = sequence.wrapping_sub(position.wrapping_add(1)) as isize;
            if lag == 0 {
                match self.head.compare_exchange_weak(
                    position,
                    position.wrapping_add(1),
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        // SAFETY: the `Acquire` load saw `position + 1`, so the
                        // producer's write is visible and complete; winning the
                        // exchange makes this thread the slot's only reader, and
                        // the value is moved out exactly once before the slot is
                        // handed back to producers by the store below.
                        let value = slot.value.with(|cell| unsafe { (*cell).assume_init_read() });
                        slot.sequence
                            .store(position.wrapping_add(self.mask + 1), Ordering::Release);
                        return Some(value);
                    }
                    Err(current) => position = current,
                }
            } else if lag < 0 {
                return None;
            } else {
                position = self.head.load(Ordering::Relaxed);
            }
        }
    }
}

impl<T> Drop for Ring<T> {
    fn drop(&mut self) {
        // Values still queued are dropped here; `pop` moves each out once.
        while self.pop().is_some() {}
    }
}

#[cfg(all(test, not(lgp_loom)))]
mod tests {
    use super::*;

    #[test]
    fn capacity_is_a_power_of_two_within_bounds() {
        assert_eq!(Ring::<u8>::new(0).capacity(), 2);
        assert_eq!(Ring::<u8>::new(5).capacity(), 8);
        assert_eq!(Ring::<u8>::new(64).capacity(), 64);
        assert_eq!(Ring::<u8>::new(usize::MAX).capacity(), MAX_CAPACITY);
    }

    #[test]
    fn fifo_order_and_full_and_empty_answers() {
        let ring = Ring::new(4);
        assert_eq!(ring.pop(), None);
        for i in 0..4 {
            assert_eq!(ring.push(i), Ok(()));
        }
        assert_eq!(ring.push(9), Err(9));
        assert_eq!(ring.len(), 4);
        assert_eq!((0..4).map(|_| ring.pop()).collect::<Vec<_>>(), [0, 1, 2, 3].map(Some));
        assert!(ring.is_empty());
    }

    #[test]
    fn queued_values_are_dropped_with_the_ring() {
        let counter = std::sync::Arc::new(());
        let ring = Ring::new(4);
        for _ in 0..3 {
            assert!(ring.push(counter.clone()).is_ok());
        }
        drop(ring);
        assert_eq!(std::sync::Arc::strong_count(&counter), 1);
    }
}
