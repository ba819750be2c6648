//! The dead-letter queue, for now: events a node aborted (and events an
//! output could not write) are appended to `<data-dir>/dlq/<node>.ndjson`,
//! one JSON object per line with the reason, so nothing leaves silently.
//!
//! Aborts are the exception, not the hot path, so one mutex guards the open
//! files; each call writes a whole batch's dead letters and flushes once.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use chrono::Utc;
use lgp_stdlib::Event;

use crate::codec::{write_event_json, write_json};

/// The dead-letter files of one run.
pub struct DeadLetters {
    dir: PathBuf,
    files: Mutex<HashMap<String, BufWriter<File>>>,
    written: AtomicU64,
    failed: AtomicU64,
}

impl DeadLetters {
    /// Dead letters go under `<data_dir>/dlq/`, created on the first one.
    pub fn new(data_dir: &Path) -> DeadLetters {
        DeadLetters {
            dir: data_dir.join("dlq"),
            files: Mutex::new(HashMap::new()),
            written: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        }
    }

    /// The file of a node's dead letters.
    pub fn path(&self, node: &str) -> PathBuf {
        self.dir.join(format!("{node}.ndjson"))
    }

    /// Appends `(reason, event)` pairs of `node`. A failure to write is
    /// reported once per call and counted; the events are then lost, which
    /// [`DeadLetters::failed`] makes visible.
    pub fn write(&self, node: &str, letters: &[(String, Event)]) {
        if letters.is_empty() {
            return;
        }
        let mut buffer = Vec::with_capacity(letters.len() * 256);
        let time = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        for (reason, event) in letters {
            encode_letter(node, reason, &time, event, &mut buffer);
        }
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        let result = self.file(&mut files, node).and_then(|file| {
            file.write_all(&buffer)?;
            file.flush()
        });
        match result {
            Ok(()) => self.written.fetch_add(letters.len() as u64, Ordering::Relaxed),
            Err(error) => {
                crate::report::warn(&format!(
                    "cannot write dead letters to `{}`: {error}",
                    self.path(node).display()
                ));
                self.failed.fetch_add(letters.len() as u64, Ordering::Relaxed)
            }
        };
    }

    fn file<'f>(
        &self,
        files: &'f mut HashMap<String, BufWriter<File>>,
        node: &str,
    ) -> std::io::Result<&'f mut BufWriter<File>> {
        if !files.contains_key(node) {
            std::fs::create_dir_all(&self.dir)?;
            let file = OpenOptions::new().create(true).append(true).open(self.path(node))?;
            files.insert(node.to_string(), BufWriter::new(file));
        }
        files.get_mut(node).ok_or_else(|| std::io::Error::other("dead-letter file vanished"))
    }

    /// Dead letters written so far.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
    }

    /// Dead letters that could not be written.
    pub fn failed(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }
}

/// `{"node":..,"reason":..,"time":..,"event":{..},"meta":{..}}` and a newline.
fn encode_letter(node: &str, reason: &str, time: &str, event: &Event, out: &mut Vec<u8>) {
    let head = serde_json::json!({ "node": node, "reason": reason, "time": time });
    let head = head.to_string();
    // `head` is a JSON object: drop its closing brace to append two members.
    out.extend_from_slice(head.trim_end_matches('}').as_bytes());
    out.extend_from_slice(b",\"event\":");
    write_event_json(event, out);
    out.extend_from_slice(b",\"meta\":");
    write_json(&event.meta, out);
    out.extend_from_slice(b"}\n");
}
