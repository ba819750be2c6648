//! End-to-end latency as an output sees it: the age of a timestamp field
//! each event carries (a generator's `timestamp_field`, or the event's own
//! time), taken once the output has written the batch.
//!
//! Ages go to an HDR histogram, exact to 1%, for the p50/p99/p99.9 that
//! `lgp run` prints at the end, and to a Prometheus histogram for
//! `/metrics`. The stamps are read before the write (the sink consumes the
//! events) and aged after it, so a slow write counts.

use chrono::{DateTime, Utc};
use hdrhistogram::Histogram;
use lgp_lang::schema::FieldRef;
use lgp_stdlib::{Event, Value};

use crate::codec;

/// The longest age recorded exactly, in microseconds (one hour); older
/// events count as this.
const MAX_AGE_MICROS: u64 = 3_600_000_000;

/// Significant digits of the HDR histogram: 2 keeps every age within 1%
/// in about 40 KiB.
const PRECISION: u8 = 2;

pub struct Latency {
    field: FieldRef,
    /// The stamps of the batch being written.
    stamps: Vec<DateTime<Utc>>,
    micros: Histogram<u64>,
    exported: prometheus::Histogram,
    /// Events without a usable stamp (field missing or not a time).
    unstamped: u64,
}

impl Latency {
    /// `None` only if the histogram cannot be made, which fixed bounds rule out.
    pub fn new(field: FieldRef, exported: prometheus::Histogram) -> Option<Latency> {
        let micros = Histogram::new_with_bounds(1, MAX_AGE_MICROS, PRECISION).ok()?;
        Some(Latency { field, stamps: Vec::new(), micros, exported, unstamped: 0 })
    }

    /// Notes the stamps of a batch about to be written.
    pub fn before_write(&mut self, events: &[Event]) {
        self.stamps.clear();
        for event in events {
            match codec::lookup(event, &self.field).and_then(stamp) {
                Some(time) => self.stamps.push(time),
                None => self.unstamped += 1,
            }
        }
    }

    /// Records the age of each noted stamp at `now`, when the batch is written.
    pub fn after_write(&mut self, now: DateTime<Utc>) {
        for stamp in self.stamps.drain(..) {
            // A stamp from the future (clock steps) counts as no delay.
            let micros = (now - stamp).num_microseconds().unwrap_or(i64::MAX).max(0) as u64;
            self.micros.saturating_record(micros.clamp(1, MAX_AGE_MICROS));
            self.exported.observe(micros as f64 / 1e6);
        }
    }

    /// `latency over N events: p50 .. p99 .. p99.9 .. max ..`, or `None`
    /// when nothing was measured.
    pub fn summary(&self) -> Option<String> {
        let measured = self.micros.len();
        if measured == 0 && self.unstamped == 0 {
            return None;
        }
        let mut text = format!(
            "latency over {measured} events: p50 {} p99 {} p99.9 {} max {}",
            millis(self.micros.value_at_quantile(0.5)),
            millis(self.micros.value_at_quantile(0.99)),
            millis(self.micros.value_at_quantile(0.999)),
            millis(self.micros.max()),
        );
        if self.unstamped > 0 {
            text.push_str(&format!(" ({} events had no timestamp in the field)", self.unstamped));
        }
        Some(text)
    }
}

/// A field's value as a point in time: a timestamp, or RFC 3339 text.
fn stamp(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::Timestamp(time) => Some(*time),
        Value::String(text) => {
            DateTime::parse_from_rfc3339(text).ok().map(|time| time.with_timezone(&Utc))
        }
        _ => None,
    }
}

/// Microseconds as milliseconds with three decimals: `1.234ms`.
fn millis(micros: u64) -> String {
    format!("{:.3}ms", micros as f64 / 1000.0)
}

#[cfg(test)]
mod tests {
    use lgp_lang::schema::{FieldRoot, FieldSegment};
    use lgp_stdlib::value::Object;

    use super::*;

    fn created_at() -> FieldRef {
        FieldRef { root: FieldRoot::Meta, segments: vec![FieldSegment::Field("created".into())] }
    }

    fn event_made(at: DateTime<Utc>) -> Event {
        let mut event = Event::new(Object::new());
        event.meta = Value::Object(Object::from([("created".into(), Value::Timestamp(at))])).into();
        event
    }

    fn histogram() -> prometheus::Histogram {
        prometheus::Histogram::with_opts(prometheus::HistogramOpts::new("t", "t"))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn ages_are_measured_from_the_stamp_to_the_write() {
        let exported = histogram();
        let mut latency =
            Latency::new(created_at(), exported.clone()).unwrap_or_else(|| panic!("histogram"));
        let now = Utc::now();
        let events: Vec<Event> = (1..=100)
            .map(|ms| event_made(now - chrono::Duration::milliseconds(ms)))
            .chain([Event::new(Object::new())])
            .collect();
        latency.before_write(&events);
        latency.after_write(now);
        assert_eq!(exported.get_sample_count(), 100);
        let summary = latency.summary().unwrap_or_default();
        assert!(summary.starts_with("latency over 100 events: p50 50."), "{summary}");
        assert!(summary.contains("p99 99.") && summary.contains("max 100."), "{summary}");
        assert!(summary.ends_with("(1 events had no timestamp in the field)"), "{summary}");
    }

    #[test]
    fn stamps_from_the_future_count_as_no_delay_and_text_stamps_parse() {
        let mut latency = Latency::new(created_at(), histogram()).unwrap_or_else(|| panic!("h"));
        let now = Utc::now();
        let mut text_stamped = Event::new(Object::new());
        text_stamped.meta = Value::Object(Object::from([(
            "created".into(),
            Value::from((now - chrono::Duration::seconds(2)).to_rfc3339().as_str()),
        )]))
        .into();
        latency.before_write(&[event_made(now + chrono::Duration::seconds(5)), text_stamped]);
        latency.after_write(now);
        assert_eq!(latency.micros.len(), 2);
        assert_eq!(latency.micros.min(), 1);
        assert!(latency.micros.max() >= 1_990_000, "{}", latency.micros.max());
    }

    #[test]
    fn nothing_measured_gives_no_summary() {
        let latency = Latency::new(created_at(), histogram()).unwrap_or_else(|| panic!("h"));
        assert_eq!(latency.summary(), None);
    }
}
