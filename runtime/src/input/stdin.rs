//! The `stdin` input: one event per line of standard input, until it closes
//! or a shutdown is requested. A partial batch is pushed when no new line
//! came for a moment, so a slow writer's lines do not wait for company.

use std::time::Duration;

use bytes::BytesMut;
use tokio::io::AsyncReadExt;

use super::Emitter;
use super::lines::LineSplitter;
use crate::report;

/// How long a partial batch may wait for more lines.
const FLUSH_AFTER: Duration = Duration::from_millis(50);

/// Bytes read from stdin at a time.
const READ_BYTES: usize = 64 * 1024;

pub async fn run(emitter: &mut Emitter, max_line_bytes: usize) {
    let mut stdin = tokio::io::stdin();
    let mut splitter = LineSplitter::new(max_line_bytes);
    let mut shutdown = emitter.shutdown();
    let mut lines = Vec::new();
    let mut chunk = BytesMut::with_capacity(READ_BYTES);
    loop {
        chunk.reserve(READ_BYTES);
        let read = tokio::select! {
            read = stdin.read_buf(&mut chunk) => read,
            () = shutdown.requested() => break,
            () = tokio::time::sleep(FLUSH_AFTER), if emitter.pending() > 0 => {
                emitter.flush().await;
                continue;
            }
        };
        match read {
            Ok(0) => break,
            Ok(_) => {
                splitter.feed(chunk.split().freeze(), &mut lines);
                emitter.emit_lines(&mut lines).await;
            }
            Err(error) => {
                report::warn(&format!("input `{}`: cannot read stdin: {error}", emitter.name()));
                break;
            }
        }
    }
    lines.extend(splitter.finish());
    emitter.emit_lines(&mut lines).await;
}
