//! The `file` input, for now a one-shot reader: the files matched by `paths`
//! (less `exclude`) are read once, in path order, one event per line, with
//! `%file.path` set. Following files as they grow, checkpoints and rotation
//! belong to the tailer that will replace this.
//!
//! `read_from = "end"` means "only lines written after the start", which a
//! one-shot reader never sees, so such an input reads nothing and says so.

use std::io::Read;
use std::path::PathBuf;

use bytes::Bytes;
use lgp_stdlib::value::Object;
use lgp_stdlib::{Str, Value};

use super::Emitter;
use super::lines::LineSplitter;
use crate::config::FileInputConfig;
use crate::report;

/// Bytes read at a time: memory stays bounded whatever the file size.
const READ_BYTES: usize = 256 * 1024;

pub async fn run(emitter: &mut Emitter, config: &FileInputConfig) {
    if !config.from_beginning {
        report::warn(&format!(
            "input `{}`: read_from = \"end\" reads only lines written after the start, and this \
             version reads files once; set read_from = \"beginning\" to read them",
            emitter.name()
        ));
        return;
    }
    let files = match matching_files(config) {
        Ok(files) => files,
        Err(message) => {
            report::warn(&format!("input `{}`: {message}", emitter.name()));
            return;
        }
    };
    if files.is_empty() {
        report::warn(&format!("input `{}`: no file matches `paths`", emitter.name()));
    }
    for path in files {
        if emitter.stopping() {
            break;
        }
        read_file(emitter, &path, config.max_line_bytes).await;
    }
}

/// The files `paths` matches, less those `exclude` matches, sorted, each once.
fn matching_files(config: &FileInputConfig) -> Result<Vec<PathBuf>, String> {
    let exclude = config
        .exclude
        .iter()
        .map(|pattern| {
            glob::Pattern::new(pattern).map_err(|e| format!("bad glob `{pattern}`: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut files = Vec::new();
    for pattern in &config.paths {
        let entries = glob::glob(pattern).map_err(|e| format!("bad glob `{pattern}`: {e}"))?;
        files.extend(
            entries
                .filter_map(Result::ok)
                .filter(|path| path.is_file())
                .filter(|path| !exclude.iter().any(|p| p.matches_path(path))),
        );
    }
    files.sort();
    files.dedup();
    Ok(files)
}

async fn read_file(emitter: &mut Emitter, path: &std::path::Path, max_line_bytes: usize) {
    let name = path.display().to_string();
    let mut file = match tokio::fs::File::open(path).await {
        Ok(file) => file.into_std().await,
        Err(error) => {
            report::warn(&format!("input `{}`: cannot open `{name}`: {error}", emitter.name()));
            return;
        }
    };
    let path = Value::String(super::interned::interned(&name));
    let file_meta = Object::from([(Str::from_static("path"), path)]);
    emitter.set_meta("file", Value::Object(file_meta));
    let mut splitter = LineSplitter::new(max_line_bytes);
    let mut lines = Vec::new();
    while !emitter.stopping() {
        match read_chunk(file).await {
            Ok((_, chunk)) if chunk.is_empty() => break,
            Ok((back, chunk)) => {
                file = back;
                splitter.feed(chunk, &mut lines);
                emitter.emit_lines(&mut lines).await;
            }
            Err(error) => {
                report::warn(&format!("input `{}`: cannot read `{name}`: {error}", emitter.name()));
                break;
            }
        }
    }
    lines.extend(splitter.finish());
    emitter.emit_lines(&mut lines).await;
}

/// Reads up to [`READ_BYTES`] on the blocking pool, as `tokio::fs` does,
/// but straight into the chunk the lines will share: `tokio::fs::File`
/// reads into a buffer of its own and copies from it. Empty at the end.
async fn read_chunk(file: std::fs::File) -> std::io::Result<(std::fs::File, Bytes)> {
    tokio::task::spawn_blocking(move || {
        let mut chunk = Vec::with_capacity(READ_BYTES);
        (&file).take(READ_BYTES as u64).read_to_end(&mut chunk)?;
        Ok((file, Bytes::from(chunk)))
    })
    .await
    .unwrap_or_else(|error| Err(std::io::Error::other(error)))
}
