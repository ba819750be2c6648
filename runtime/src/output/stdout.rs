//! The `stdout` output: one line per event on standard output, a batch per
//! write.

use std::io::Write;

use lgp_stdlib::Event;

use super::{Sink, Written, now};
use crate::codec;
use crate::config::Codec;

pub struct StdoutSink {
    codec: Codec,
    buffer: Vec<u8>,
}

impl StdoutSink {
    pub fn new(codec: Codec) -> StdoutSink {
        StdoutSink { codec, buffer: Vec::new() }
    }
}

impl Sink for StdoutSink {
    fn reads_raw(&self) -> bool {
        self.codec == Codec::Json
    }

    fn write_batch(&mut self, events: Vec<Event>) -> Written {
        let now = now();
        self.buffer.clear();
        for event in &events {
            codec::encode(&self.codec, event, now, &mut self.buffer);
        }
        let mut stdout = std::io::stdout().lock();
        match stdout.write_all(&self.buffer).and_then(|()| stdout.flush()) {
            Ok(()) => Written { bytes: self.buffer.len() as u64, failed: Vec::new() },
            Err(error) => {
                let reason = format!("cannot write to stdout: {error}");
                Written {
                    bytes: 0,
                    failed: events.into_iter().map(|e| (reason.clone(), e)).collect(),
                }
            }
        }
    }

    fn close(&mut self) -> std::io::Result<()> {
        std::io::stdout().lock().flush()
    }
}
