//! The `blackhole` output: counts events and discards them. Its `delay`
//! (per event) makes it a slow sink on purpose, to exercise backpressure in
//! tests and benchmarks.

use std::time::Duration;

use lgp_stdlib::Event;

use super::{Sink, Written};

pub struct Blackhole {
    delay: Option<Duration>,
}

impl Blackhole {
    pub fn new(delay: Option<Duration>) -> Blackhole {
        Blackhole { delay }
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

    fn reads_raw(&self) -> bool {
        true
    }

    fn close(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
