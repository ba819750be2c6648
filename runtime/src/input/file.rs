//! The `file` input, for now a one-shot reader: the files matched by `paths`
//! (less `exclude`) are read once, in path order, one event per line, with
//! `%file.path` set. Following files as they grow, checkpoints and rotation
//! belong to the tailer that will replace this.
//!
//! `read_from = "end"` means "only lines written after the start", which a
//! one-shot reader never sees, so such an input reads nothing and says so.

use std::path::PathBuf;

use bytes::BytesMut;
use lgp_stdlib::Value;
use lgp_stdlib::value::Object;
use tokio::io::AsyncReadExt;

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
        Ok(file) => file,
        Err(error) => {
            report::warn(&format!("input `{}`: cannot open `{name}`: {error}", emitter.name()));
            return;
        }
    };
    let file_meta = Object::from([("path".into(), Value::from(name.as_str()))]);
    emitter.set_meta("file", Value::Object(file_meta));
    let mut splitter = LineSplitter::new(max_line_bytes);
    let mut lines = Vec::new();
    let mut chunk = BytesMut::with_capacity(READ_BYTES);
    while !emitter.stopping() {
        chunk.reserve(READ_BYTES);
        match file.read_buf(&mut chunk).await {
            Ok(0) => break,
            Ok(_) => {
                splitter.feed(chunk.split().freeze(), &mut lines);
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
