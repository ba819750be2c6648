//! The `file` output: appends each event as a line to the file its path
//! template names, with optional gzip or zstd compression and rotation by
//! size or age.
//!
//! A batch is encoded into one buffer per file and each buffer goes down in
//! one write (a `BufWriter` with room for it), so the cost is a system call
//! per file per batch, not per event. Field values in the path cannot add
//! directories or climb out of them (see [`Escape::PathComponent`]).
//!
//! Compressed files get `.gz` / `.zst` appended unless the path already
//! ends so; each time a file is opened a new gzip member or zstd frame
//! starts, which both formats read back as one stream. Rotation renames
//! `name` to `name.1` after shifting older ones up (`name.1` to `name.2`,
//! and so on), keeping at most `rotate.max_files` of them.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, Utc};
use lgp_lang::schema::{FieldRoot, TemplatePart};
use lgp_stdlib::Event;

use super::{Sink, Written, now};
use crate::codec::{self, Escape};
use crate::config::{Codec, Compression, FileOutputConfig};
use crate::report;

/// Files kept open at once; past this, files idle in the last batch close.
const MAX_OPEN_FILES: usize = 128;

/// The most rotated files looked for when shifting names.
const MAX_ROTATED: usize = 100_000;

pub struct FileSink {
    config: FileOutputConfig,
    files: HashMap<String, OpenFile>,
    path: String,
}

struct OpenFile {
    path: PathBuf,
    writer: Option<Writer>,
    /// This batch's encoded lines for the file, and which events they are.
    pending: Vec<u8>,
    events: Vec<usize>,
    opened: Instant,
}

impl FileSink {
    pub fn new(config: FileOutputConfig) -> FileSink {
        FileSink { config, files: HashMap::new(), path: String::new() }
    }

    /// Encodes each event into the pending buffer of its file.
    fn encode(&mut self, events: &[Event]) {
        let now = now();
        let FileSink { config, files, path } = self;
        if config.path.is_constant() {
            // One file for every event: render and look it up once a batch.
            let Some(first) = events.first() else { return };
            let Some(file) = file_for(config, files, path, first, now) else { return };
            for (index, event) in events.iter().enumerate() {
                codec::encode(&config.codec, event, now, &mut file.pending);
                file.events.push(index);
            }
            return;
        }
        for (index, event) in events.iter().enumerate() {
            if let Some(file) = file_for(config, files, path, event, now) {
                codec::encode(&config.codec, event, now, &mut file.pending);
                file.events.push(index);
            }
        }
    }

    /// Writes every pending buffer; returns the bytes written and the
    /// indexes of the events that could not be, with the reason.
    fn write_pending(&mut self) -> (u64, Vec<(usize, String)>) {
        let mut bytes = 0;
        let mut failed = Vec::new();
        for file in self.files.values_mut().filter(|file| !file.events.is_empty()) {
            match file.write(&self.config) {
                Ok(written) => bytes += written,
                Err(error) => {
                    let reason = format!("cannot write `{}`: {error}", file.path.display());
                    failed.extend(file.events.iter().map(|&index| (index, reason.clone())));
                    file.writer = None;
                }
            }
            file.pending.clear();
            file.events.clear();
        }
        (bytes, failed)
    }

    /// Closes files beyond the open-file budget.
    fn trim(&mut self) {
        if self.files.len() <= MAX_OPEN_FILES {
            return;
        }
        for file in self.files.values_mut() {
            // Errors here surface again when the file is next written.
            let _ = file.close();
        }
        self.files.clear();
    }
}

impl Sink for FileSink {
    /// JSON lines to a path that names no event field nor event time.
    fn reads_raw(&self) -> bool {
        self.config.codec == Codec::Json
            && self.config.path.parts().iter().all(|part| match part {
                TemplatePart::Literal(_) => true,
                TemplatePart::Field(field) => field.root == FieldRoot::Meta,
                TemplatePart::Time(_) => false,
            })
    }

    fn write_batch(&mut self, events: Vec<Event>) -> Written {
        self.encode(&events);
        let (bytes, failed) = self.write_pending();
        self.trim();
        if failed.is_empty() {
            return Written { bytes, failed: Vec::new() };
        }
        let mut events: Vec<Option<Event>> = events.into_iter().map(Some).collect();
        let failed = failed
            .into_iter()
            .filter_map(|(index, reason)| Some((reason, events.get_mut(index)?.take()?)))
            .collect();
        Written { bytes, failed }
    }

    fn tick(&mut self) -> io::Result<()> {
        let Some(interval) = self.config.rotate_interval else { return Ok(()) };
        let keep = self.config.rotate_max_files;
        for file in self.files.values_mut() {
            if file.writer.is_some() && file.opened.elapsed() >= interval {
                file.close()?;
                rotate(&file.path, keep)?;
            }
        }
        Ok(())
    }

    fn close(&mut self) -> io::Result<()> {
        let mut first_error = None;
        for file in self.files.values_mut() {
            if let Err(error) = file.close() {
                first_error.get_or_insert(error);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

impl OpenFile {
    fn new(path: PathBuf) -> OpenFile {
        OpenFile {
            path,
            writer: None,
            pending: Vec::new(),
            events: Vec::new(),
            opened: Instant::now(),
        }
    }

    /// Writes the pending lines, rotating first or after as configured.
    fn write(&mut self, config: &FileOutputConfig) -> io::Result<u64> {
        let too_old = config.rotate_interval.is_some_and(|age| self.opened.elapsed() >= age);
        if too_old && self.writer.is_some() {
            self.close()?;
            rotate(&self.path, config.rotate_max_files)?;
        }
        if self.writer.is_none() {
            self.writer = Some(Writer::open(&self.path, config.compression)?);
            self.opened = Instant::now();
        }
        let writer = self.writer.as_mut().ok_or_else(|| io::Error::other("file not open"))?;
        writer.write_all(&self.pending)?;
        writer.flush()?;
        let too_big = config.rotate_max_bytes.is_some_and(|max| writer.disk_bytes() >= max);
        if too_big {
            // The lines are written: a failed rotation must not send them to
            // the dead-letter queue as well, so it is only reported.
            if let Err(error) =
                self.close().and_then(|()| rotate(&self.path, config.rotate_max_files))
            {
                report::warn(&format!("cannot rotate `{}`: {error}", self.path.display()));
            }
        }
        Ok(self.pending.len() as u64)
    }

    fn close(&mut self) -> io::Result<()> {
        match self.writer.take() {
            Some(writer) => writer.finish(),
            None => Ok(()),
        }
    }
}

/// The file `event` goes to, rendering its path into `path`; opened lazily
/// (see [`OpenFile::write`]).
fn file_for<'f>(
    config: &FileOutputConfig,
    files: &'f mut HashMap<String, OpenFile>,
    path: &mut String,
    event: &Event,
    now: DateTime<Utc>,
) -> Option<&'f mut OpenFile> {
    path.clear();
    codec::render(&config.path, event, now, Escape::PathComponent, path);
    path.push_str(suffix(config.compression, path));
    if !files.contains_key(path.as_str()) {
        files.insert(path.clone(), OpenFile::new(PathBuf::from(&*path)));
    }
    files.get_mut(path.as_str())
}

fn suffix(compression: Compression, path: &str) -> &'static str {
    match compression {
        Compression::Gzip if !path.ends_with(".gz") => ".gz",
        Compression::Zstd if !path.ends_with(".zst") => ".zst",
        _ => "",
    }
}

/// Renames `path` to `path.1`, shifting existing rotated files up and
/// deleting the oldest beyond `keep`.
fn rotate(path: &Path, keep: Option<usize>) -> io::Result<()> {
    let numbered = |n: usize| {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    };
    let mut free = 1;
    while free < MAX_ROTATED && numbered(free).exists() {
        free += 1;
    }
    if let Some(keep) = keep
        && free > keep
    {
        for n in keep..free {
            std::fs::remove_file(numbered(n))?;
        }
        free = keep;
    }
    for n in (1..free).rev() {
        std::fs::rename(numbered(n), numbered(n + 1))?;
    }
    std::fs::rename(path, numbered(1))
}

/// A file opened for appending, plain or through a compressor; every layer
/// sits on a [`Counted`] file so the size on disk is known for rotation.
enum Writer {
    Plain(BufWriter<Counted>),
    Gzip(flate2::write::GzEncoder<BufWriter<Counted>>),
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<Counted>>),
}

/// Room for a whole batch, so it goes down in one write.
const WRITE_BUFFER: usize = 1 << 20;

impl Writer {
    fn open(path: &Path, compression: Compression) -> io::Result<Writer> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let bytes = file.metadata()?.len();
        let inner = BufWriter::with_capacity(WRITE_BUFFER, Counted { file, bytes });
        Ok(match compression {
            Compression::None => Writer::Plain(inner),
            Compression::Gzip => {
                Writer::Gzip(flate2::write::GzEncoder::new(inner, flate2::Compression::default()))
            }
            Compression::Zstd => Writer::Zstd(zstd::stream::write::Encoder::new(inner, 3)?),
        })
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            // A batch goes down whole and is flushed at once, so an empty
            // buffer is bypassed rather than copied into first.
            Writer::Plain(w) if w.buffer().is_empty() => w.get_mut().write_all(bytes),
            Writer::Plain(w) => w.write_all(bytes),
            Writer::Gzip(w) => w.write_all(bytes),
            Writer::Zstd(w) => w.write_all(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Writer::Plain(w) => w.flush(),
            Writer::Gzip(w) => w.flush(),
            Writer::Zstd(w) => w.flush(),
        }
    }

    /// Bytes in the file on disk (after a flush).
    fn disk_bytes(&self) -> u64 {
        match self {
            Writer::Plain(w) => w.get_ref().bytes,
            Writer::Gzip(w) => w.get_ref().get_ref().bytes,
            Writer::Zstd(w) => w.get_ref().get_ref().bytes,
        }
    }

    /// Ends the compressed stream and flushes everything.
    fn finish(self) -> io::Result<()> {
        let mut inner = match self {
            Writer::Plain(w) => w,
            Writer::Gzip(w) => w.finish()?,
            Writer::Zstd(w) => w.finish()?,
        };
        inner.flush()
    }
}

/// A file that counts the bytes written to it.
struct Counted {
    file: File,
    bytes: u64,
}

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = self.file.write(buf)?;
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests;
