//! The agent runtime: topology, inputs, ring buffer, workers and outputs.
//!
//! [`run`] takes a compiled pipeline and runs it on tokio: each input is an
//! async task that batches events into its lock-free ring buffer
//! (`buffer/`), worker threads carry batches through the transforms and
//! routes with an [`engine::Engine`] (the reference interpreter for now),
//! and each output drains its own queue on its own thread. `/metrics` and
//! `/health/*` are served over HTTP; SIGINT/SIGTERM drain and stop.
//!
//! `unsafe` is allowed in `buffer/ring.rs` only.

#![deny(unsafe_code)]

pub mod agent;
pub mod api;
pub mod buffer;
pub mod codec;
pub mod config;
pub mod dlq;
pub mod engine;
pub mod input;
pub mod metrics;
pub mod output;
pub mod report;
pub mod shutdown;
pub mod summary;
pub(crate) mod sync;
pub mod topology;
pub mod worker;

pub use agent::{RunEnd, RunError, RunOptions, RunReport, run};
