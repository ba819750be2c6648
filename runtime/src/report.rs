//! Messages for the operator on stderr, and the live one-line summary that
//! a terminal shows while `lgp run` works.
//!
//! Warnings first clear the summary line (when one is shown) so the two do
//! not interleave; the summary redraws itself on its next tick.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// True while a live summary line sits on the terminal.
static LIVE_LINE: AtomicBool = AtomicBool::new(false);

/// Writes `lgp: warning: <message>` on its own line.
pub fn warn(message: &str) {
    line(&format!("lgp: warning: {message}"));
}

/// Writes `lgp: <message>` on its own line.
pub fn info(message: &str) {
    line(&format!("lgp: {message}"));
}

fn line(text: &str) {
    let clear = if LIVE_LINE.swap(false, Ordering::Relaxed) { "\r\x1b[2K" } else { "" };
    // Nothing useful can be done when stderr itself is gone.
    let _ = std::io::stderr().lock().write_all(format!("{clear}{text}\n").as_bytes());
}

/// Replaces the live summary line with `text`.
pub fn live(text: &str) {
    LIVE_LINE.store(true, Ordering::Relaxed);
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(format!("\r\x1b[2K{text}").as_bytes());
    let _ = stderr.flush();
}

/// Ends the live summary, leaving its last state on screen.
pub fn end_live() {
    if LIVE_LINE.swap(false, Ordering::Relaxed) {
        let _ = std::io::stderr().lock().write_all(b"\n");
    }
}
