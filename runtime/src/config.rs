//! The typed configuration of each input and output, read once at startup
//! from the option blocks of the checked program and the defaults of the
//! schema tables (`lgp_lang::schema`), so components never look at syntax.

mod options;

use std::time::Duration;

use lgp_lang::ast::{DeclKind, Options, Program};
use lgp_lang::schema::{self, FieldRef, FieldSegment, Role, Template, TemplatePart};

use options::Block;
pub use options::ConfigValue;

/// A component whose options cannot be used.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{component}: {message}")]
#[non_exhaustive]
pub struct ConfigError {
    /// `input app`, `output archive`.
    pub component: String,
    pub message: String,
}

/// What an input does when its queue is full.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BufferPolicy {
    Block,
    DropOldest,
    /// Above `high_water` (a fill ratio), keep one event in `keep_one_in`;
    /// when the queue is full, drop the new batch.
    Sample {
        keep_one_in: u64,
        high_water: f64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct InputBufferConfig {
    pub max_events: usize,
    pub policy: BufferPolicy,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneratorFormat {
    Json,
    Apache,
    Syslog5424,
    Syslog3164,
    Kv,
    Multiline,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GeneratorConfig {
    pub format: GeneratorFormat,
    /// 0 is endless.
    pub count: u64,
    /// Events per second; 0 is as fast as possible.
    pub rate: f64,
    pub seed: Option<u64>,
    /// A top-level field (`%created_at`, `.created_at`) set to the time
    /// each event was due (`timestamp_field`), for latency measurements.
    pub timestamp_field: Option<FieldRef>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FileInputConfig {
    pub paths: Vec<String>,
    pub exclude: Vec<String>,
    pub from_beginning: bool,
    pub max_line_bytes: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum InputKind {
    Stdin { max_line_bytes: usize },
    Generator(GeneratorConfig),
    File(FileInputConfig),
}

#[derive(Clone, Debug, PartialEq)]
pub struct InputConfig {
    pub name: String,
    pub kind: InputKind,
    pub buffer: InputBufferConfig,
}

/// How an output turns an event into a line.
#[derive(Clone, Debug, PartialEq)]
pub enum Codec {
    Json,
    /// The template, or `.message` when unset.
    Text(Option<Template>),
    Logfmt,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FileOutputConfig {
    pub path: Template,
    pub codec: Codec,
    pub rotate_max_bytes: Option<u64>,
    pub rotate_interval: Option<Duration>,
    pub rotate_max_files: Option<usize>,
    pub compression: Compression,
}

#[derive(Clone, Debug, PartialEq)]
pub enum OutputKind {
    Stdout {
        codec: Codec,
    },
    File(FileOutputConfig),
    /// `delay` per event simulates a slow sink; the age of `latency_field`
    /// is recorded as end-to-end latency.
    Blackhole {
        delay: Option<Duration>,
        latency_field: Option<FieldRef>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutputBufferConfig {
    pub max_events: usize,
    /// `when_full = "drop_newest"`; otherwise the output pushes back.
    pub drop_newest: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutputConfig {
    pub name: String,
    pub kind: OutputKind,
    pub buffer: OutputBufferConfig,
}

/// Reads the options of the input declared at `decl`.
///
/// # Errors
/// A kind `lgp run` cannot run yet, or a value that cannot be used.
pub fn input(program: &Program, decl: usize) -> Result<InputConfig, ConfigError> {
    let Some(DeclKind::Input { name, kind, options }) = program.decls.get(decl).map(|d| &d.kind)
    else {
        return Err(not_a(decl, "an input"));
    };
    let component = format!("input `{}`", name.name);
    let fail = |message: String| ConfigError { component: component.clone(), message };
    let block = top_block(program, Role::Input, &kind.name, options);
    let kind = match kind.name.as_str() {
        "stdin" => {
            InputKind::Stdin { max_line_bytes: size(&block, "max_line_bytes").map_err(fail)? }
        }
        "generator" => InputKind::Generator(generator(&block).map_err(fail)?),
        "file" => InputKind::File(file_input(&block).map_err(fail)?),
        other => return Err(fail(format!("`{other}` inputs are not supported by `lgp run` yet"))),
    };
    let buffer = input_buffer(&block.block("buffer")).map_err(fail)?;
    Ok(InputConfig { name: name.name.clone(), kind, buffer })
}

/// Reads the options of the output declared at `decl`.
///
/// # Errors
/// As [`input`].
pub fn output(program: &Program, decl: usize) -> Result<OutputConfig, ConfigError> {
    let Some(DeclKind::Output { name, kind, options, .. }) =
        program.decls.get(decl).map(|d| &d.kind)
    else {
        return Err(not_a(decl, "an output"));
    };
    let component = format!("output `{}`", name.name);
    let fail = |message: String| ConfigError { component: component.clone(), message };
    let block = top_block(program, Role::Output, &kind.name, options);
    let kind = match kind.name.as_str() {
        "stdout" => OutputKind::Stdout { codec: codec(&block).map_err(fail)? },
        "file" => OutputKind::File(file_output(&block).map_err(fail)?),
        "blackhole" => OutputKind::Blackhole {
            delay: duration(&block, "delay").map_err(fail)?,
            latency_field: field_path(&block, "latency_field").map_err(fail)?,
        },
        other => return Err(fail(format!("`{other}` outputs are not supported by `lgp run` yet"))),
    };
    let buffer = output_buffer(&block.block("buffer")).map_err(fail)?;
    Ok(OutputConfig { name: name.name.clone(), kind, buffer })
}

fn not_a(decl: usize, what: &str) -> ConfigError {
    ConfigError { component: format!("declaration {decl}"), message: format!("is not {what}") }
}

fn top_block<'p>(program: &'p Program, role: Role, kind: &str, options: &'p Options) -> Block<'p> {
    let own = schema::kind(role, kind).map(|spec| spec.options).unwrap_or(&[]);
    let common = match role {
        Role::Input => schema::INPUT_COMMON,
        Role::Output => schema::OUTPUT_COMMON,
    };
    Block::new(program, Some(options), vec![own, common])
}

fn generator(block: &Block<'_>) -> Result<GeneratorConfig, String> {
    let format = match string(block, "format")?.as_deref() {
        Some("apache") => GeneratorFormat::Apache,
        Some("syslog5424") => GeneratorFormat::Syslog5424,
        Some("syslog3164") => GeneratorFormat::Syslog3164,
        Some("kv") => GeneratorFormat::Kv,
        Some("multiline") => GeneratorFormat::Multiline,
        _ => GeneratorFormat::Json,
    };
    let count = int(block, "count")?.unwrap_or(0).max(0) as u64;
    let rate = float(block, "rate")?.unwrap_or(0.0).max(0.0);
    let seed = int(block, "seed")?.map(|seed| seed as u64);
    let timestamp_field = field_path(block, "timestamp_field")?;
    if let Some(field) = &timestamp_field
        && !matches!(field.segments.as_slice(), [FieldSegment::Field(_)])
    {
        return Err(wrong("timestamp_field", "a top-level field such as \"%created_at\""));
    }
    Ok(GeneratorConfig { format, count, rate, seed, timestamp_field })
}

fn file_input(block: &Block<'_>) -> Result<FileInputConfig, String> {
    Ok(FileInputConfig {
        paths: strings(block, "paths")?,
        exclude: strings(block, "exclude")?,
        from_beginning: string(block, "read_from")?.as_deref() == Some("beginning"),
        max_line_bytes: size(block, "max_line_bytes")?,
    })
}

fn input_buffer(block: &Block<'_>) -> Result<InputBufferConfig, String> {
    let max_events = int(block, "max_events")?.unwrap_or(1000).max(1) as usize;
    let policy = match string(block, "policy")?.as_deref() {
        Some("drop_oldest") => BufferPolicy::DropOldest,
        Some("sample") => {
            let rate = float(block, "sample_rate")?.unwrap_or(0.1);
            let keep_one_in =
                if rate > 0.0 { (1.0 / rate).round().max(1.0) as u64 } else { u64::MAX };
            let high_water = float(block, "high_water")?.unwrap_or(0.8).clamp(0.0, 1.0);
            BufferPolicy::Sample { keep_one_in, high_water }
        }
        _ => BufferPolicy::Block,
    };
    Ok(InputBufferConfig { max_events, policy })
}

fn output_buffer(block: &Block<'_>) -> Result<OutputBufferConfig, String> {
    Ok(OutputBufferConfig {
        max_events: int(block, "max_events")?.unwrap_or(10_000).max(1) as usize,
        drop_newest: string(block, "when_full")?.as_deref() == Some("drop_newest"),
    })
}

fn codec(block: &Block<'_>) -> Result<Codec, String> {
    Ok(match string(block, "codec")?.as_deref() {
        Some("text") => Codec::Text(template(block, "template")?),
        Some("logfmt") => Codec::Logfmt,
        _ => Codec::Json,
    })
}

fn file_output(block: &Block<'_>) -> Result<FileOutputConfig, String> {
    let path = template(block, "path")?.ok_or("option `path` is required")?;
    let rotate = block.block("rotate");
    let compression = match string(block, "compression")?.as_deref() {
        Some("gzip") => Compression::Gzip,
        Some("zstd") => Compression::Zstd,
        _ => Compression::None,
    };
    Ok(FileOutputConfig {
        path,
        codec: codec(block)?,
        rotate_max_bytes: optional_size(&rotate, "max_bytes")?,
        rotate_interval: duration(&rotate, "interval")?,
        rotate_max_files: int(&rotate, "max_files")?.map(|n| n.max(1) as usize),
        compression,
    })
}

fn value(block: &Block<'_>, name: &str) -> Result<Option<ConfigValue>, String> {
    block.get(name).map_err(|message| format!("option `{name}`: {message}"))
}

fn wrong(name: &str, what: &str) -> String {
    format!("option `{name}` must be {what}")
}

fn string(block: &Block<'_>, name: &str) -> Result<Option<String>, String> {
    match value(block, name)? {
        None => Ok(None),
        Some(ConfigValue::Str(s)) => Ok(Some(s)),
        Some(ConfigValue::Int(i)) => Ok(Some(i.to_string())),
        Some(_) => Err(wrong(name, "a string")),
    }
}

fn int(block: &Block<'_>, name: &str) -> Result<Option<i64>, String> {
    match value(block, name)? {
        None => Ok(None),
        Some(ConfigValue::Int(i)) => Ok(Some(i)),
        Some(ConfigValue::Str(s)) => {
            s.trim().parse().map(Some).map_err(|_| wrong(name, "an integer"))
        }
        Some(_) => Err(wrong(name, "an integer")),
    }
}

fn float(block: &Block<'_>, name: &str) -> Result<Option<f64>, String> {
    match value(block, name)? {
        None => Ok(None),
        Some(ConfigValue::Float(f)) => Ok(Some(f)),
        Some(ConfigValue::Int(i)) => Ok(Some(i as f64)),
        Some(ConfigValue::Str(s)) => {
            s.trim().parse().map(Some).map_err(|_| wrong(name, "a number"))
        }
        Some(_) => Err(wrong(name, "a number")),
    }
}

fn strings(block: &Block<'_>, name: &str) -> Result<Vec<String>, String> {
    match value(block, name)? {
        None => Ok(Vec::new()),
        Some(ConfigValue::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                ConfigValue::Str(s) => Ok(s),
                _ => Err(wrong(name, "an array of strings")),
            })
            .collect(),
        Some(ConfigValue::Str(s)) => Ok(vec![s]),
        Some(_) => Err(wrong(name, "an array of strings")),
    }
}

fn duration(block: &Block<'_>, name: &str) -> Result<Option<Duration>, String> {
    let Some(text) = string(block, name)? else { return Ok(None) };
    schema::parse_duration(&text).map(Some).map_err(|message| format!("option `{name}`: {message}"))
}

fn optional_size(block: &Block<'_>, name: &str) -> Result<Option<u64>, String> {
    match value(block, name)? {
        None => Ok(None),
        Some(ConfigValue::Int(i)) => Ok(Some(i.max(0) as u64)),
        Some(ConfigValue::Str(s)) => schema::parse_size(&s)
            .map(Some)
            .map_err(|message| format!("option `{name}`: {message}")),
        Some(_) => Err(wrong(name, "a size")),
    }
}

fn size(block: &Block<'_>, name: &str) -> Result<usize, String> {
    let size = optional_size(block, name)?;
    Ok(usize::try_from(size.unwrap_or(100 * 1024)).unwrap_or(usize::MAX).max(1))
}

/// A field path such as `"%created_at"` or `".request.start"`.
fn field_path(block: &Block<'_>, name: &str) -> Result<Option<FieldRef>, String> {
    let Some(text) = string(block, name)? else { return Ok(None) };
    let parsed = schema::parse_template(&format!("{{{{ {text} }}}}"));
    match parsed.as_ref().map(Template::parts) {
        Ok([TemplatePart::Field(field)]) => Ok(Some(field.clone())),
        _ => Err(wrong(name, "a field path such as \"%created_at\"")),
    }
}

fn template(block: &Block<'_>, name: &str) -> Result<Option<Template>, String> {
    let Some(text) = string(block, name)? else { return Ok(None) };
    schema::parse_template(&text).map(Some).map_err(|message| format!("option `{name}`: {message}"))
}

#[cfg(test)]
mod tests;
