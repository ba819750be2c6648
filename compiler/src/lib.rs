//! Checked `.lgp` programs to the pipeline IR, and the engines that run it:
//! the reference interpreter (`interp`) and the Cranelift JIT (`jit`).

// `unsafe` is fenced in `jit/abi.rs`, the one module allowed it.
#![deny(unsafe_code)]

pub mod fusion;
pub mod interp;
pub mod ir;
pub mod jit;
pub mod layout;
pub mod lower;
pub mod pipeline;
pub mod pretty;
pub mod projection;
pub mod testing;
pub mod typing;

pub use pipeline::{Engine, NodeTrace, Pipeline};
