//! The atomics and cells the lock-free ring buffer uses: std's in normal
//! builds, loom's under `cfg(lgp_loom)` so `tests/loom_ring.rs` can model-check
//! every interleaving (the shim tokio keeps in `src/loom/`).
//!
//! The cfg is `lgp_loom`, not `loom`: `RUSTFLAGS="--cfg loom"` reaches every
//! crate, and tokio then builds its own loom mode, which has no `net`,
//! `signal` or `fs`. crossbeam names its cfg `crossbeam_loom` for the same reason.
//!
//! Only `buffer/ring.rs` goes through this module; code that merely counts
//! (metrics) uses std atomics, which loom does not need to see.

#[cfg(lgp_loom)]
pub(crate) use loom::sync::atomic::{AtomicUsize, Ordering};
#[cfg(not(lgp_loom))]
pub(crate) use std::sync::atomic::{AtomicUsize, Ordering};

/// An `UnsafeCell` with loom's closure API, so the ring reads the same under
/// both builds and loom can check that no slot is read while it is written.
#[cfg(lgp_loom)]
pub(crate) use loom::cell::UnsafeCell;

#[cfg(not(lgp_loom))]
#[derive(Debug)]
pub(crate) struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(lgp_loom))]
impl<T> UnsafeCell<T> {
    pub(crate) const fn new(value: T) -> UnsafeCell<T> {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }

    /// Calls `f` with a shared pointer to the contents.
    pub(crate) fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }

    /// Calls `f` with a mutable pointer to the contents.
    pub(crate) fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

/// Pads a value to its own cache line pair, so the producer's and the
/// consumer's counters do not share a line and bounce between cores
/// (128 bytes: adjacent-line prefetch pairs lines on x86-64).
#[derive(Debug, Default)]
#[repr(align(128))]
pub(crate) struct CachePadded<T>(pub(crate) T);

impl<T> std::ops::Deref for CachePadded<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
