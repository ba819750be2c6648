//! Checked `.lgp` programs to the pipeline IR, and the engines that run it:
//! the reference interpreter (`interp`) and, later, the Cranelift JIT.

pub mod interp;
pub mod ir;
pub mod lower;
pub mod pipeline;
pub mod testing;

pub use pipeline::{NodeTrace, Pipeline};
