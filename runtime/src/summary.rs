//! Run-wide totals read from the component counters: the live one-line
//! summary a terminal shows, and the figures `lgp run` reports at the end.

use std::time::{Duration, Instant};

use crate::metrics::{BufferMetrics, InputMetrics, NodeMetrics, OutputMetrics};
use crate::report;

/// Handles on the counters the totals add up.
#[derive(Clone, Default)]
pub struct Totals {
    pub inputs: Vec<InputMetrics>,
    pub buffers: Vec<BufferMetrics>,
    pub nodes: Vec<NodeMetrics>,
    pub outputs: Vec<OutputMetrics>,
}

/// The figures of a run at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Events the inputs read.
    pub events_in: u64,
    /// Events the outputs wrote.
    pub events_out: u64,
    /// Events dropped on purpose: by the program (`drop`, a route with no
    /// matching lane) or by a buffer policy.
    pub dropped: u64,
    /// Events aborted by the program or not written by an output (they are
    /// in the dead-letter queue).
    pub errors: u64,
}

impl Totals {
    pub fn snapshot(&self) -> Snapshot {
        let events_in = self.inputs.iter().map(|m| m.received_events.get()).sum();
        let events_out = self.outputs.iter().map(|m| m.sent_events.get()).sum();
        let buffer_drops: u64 =
            self.buffers.iter().map(|m| m.dropped_oldest.get() + m.dropped_sample.get()).sum();
        let program_drops: u64 = self.nodes.iter().map(|m| m.dropped.get()).sum();
        let output_drops: u64 = self.outputs.iter().map(|m| m.dropped_newest.get()).sum();
        let aborted: u64 = self.nodes.iter().map(|m| m.aborted.get()).sum();
        let send_errors: u64 = self.outputs.iter().map(|m| m.send_errors.get()).sum();
        Snapshot {
            events_in,
            events_out,
            dropped: buffer_drops + program_drops + output_drops,
            errors: aborted + send_errors,
        }
    }

    /// The fullest input buffer, from 0 to 1.
    fn buffer_fill(&self) -> f64 {
        self.buffers.iter().map(|m| m.utilisation.get()).fold(0.0, f64::max)
    }
}

/// Redraws the live summary every second until the task is dropped.
pub async fn live(totals: Totals) {
    let mut last = totals.snapshot();
    let mut last_at = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    ticker.tick().await;
    loop {
        ticker.tick().await;
        let now = totals.snapshot();
        let seconds = last_at.elapsed().as_secs_f64().max(1e-3);
        report::live(&format!(
            "in {}/s  out {}/s  buffer {:.0}%  dropped {}  errors {}  (total in {}, out {})",
            rate(now.events_in - last.events_in.min(now.events_in), seconds),
            rate(now.events_out - last.events_out.min(now.events_out), seconds),
            totals.buffer_fill() * 100.0,
            now.dropped,
            now.errors,
            now.events_in,
            now.events_out,
        ));
        last = now;
        last_at = Instant::now();
    }
}

/// `12.3k`-style events per second.
fn rate(events: u64, seconds: f64) -> String {
    let per_second = events as f64 / seconds;
    if per_second >= 1e6 {
        format!("{:.1}M", per_second / 1e6)
    } else if per_second >= 1e3 {
        format!("{:.1}k", per_second / 1e3)
    } else {
        format!("{per_second:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::rate;

    #[test]
    fn rates_read_with_units() {
        assert_eq!(rate(12, 1.0), "12");
        assert_eq!(rate(12_345, 1.0), "12.3k");
        assert_eq!(rate(3_000_000, 2.0), "1.5M");
    }
}
