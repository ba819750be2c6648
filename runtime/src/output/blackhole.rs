//! The `blackhole` output: counts events and discards them. Its `delay`
//! (per event) makes it a slow sink on purpose, to exercise backpressure in
//! tests and benchmarks; its `latency_field` names the timestamp whose age
//! the output task records as end-to-end latency (see [`super::latency`]).

use std::time::Duration;

use lgp_lang::schema::{FieldRef, FieldRoot};
use lgp_stdlib::Event;

use super::{Sink, Written};

pub struct Blackhole {
    delay: Option<Duration>,
    latency_field: Option<FieldRef>,
}

impl Blackhole {
    pub fn new(delay: Option<Duration>, latency_field: Option<FieldRef>) -> Blackhole {
        Blackhole { delay, latency_field }
    }
}

impl Sink for Blackhole {
    fn write_batch(&mut self, events: Vec<Event>) -> Written {
        if let Some(delay) = self.delay {
            let count = u32::try_from(events.len()).unwrap_or(u32::MAX);
            std::thread::sleep(delay.saturating_mul(count));
        }
        Written::default()
    }

    /// Events are not read, except the latency field, which an event keeps
    /// as JSON text only when it is one of the event's own fields.
    fn reads_raw(&self) -> bool {
        self.latency_field.as_ref().is_none_or(|field| field.root == FieldRoot::Meta)
    }

    fn latency_field(&self) -> Option<&FieldRef> {
        self.latency_field.as_ref()
    }

    fn close(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
