//! Options every input or every output has, and the blocks several kinds share
//! (`tls`, `sasl`, `batch`). Each is one table, used by reference from the
//! kind tables so a fix here reaches every component.

use super::spec::{COUNT, DefaultValue, OptionSpec, OptionType, POSITIVE, RATIO, block, opt, str};

/// `buffer { ... }` of an input: the queue between the source and its readers.
pub const INPUT_BUFFER: &[OptionSpec] = &[
    opt("max_events", POSITIVE, "events the queue holds before `policy` applies")
        .default(DefaultValue::Int(1000)),
    opt(
        "policy",
        OptionType::Enum(&["block", "drop_oldest", "sample"]),
        "when full: `block` pushes back on the source, `drop_oldest` discards the oldest queued event, `sample` keeps `sample_rate` of new events",
    )
    .default(str("block")),
    opt("sample_rate", RATIO, "fraction of new events kept by `policy = \"sample\"` while the queue is above `high_water`")
        .default(DefaultValue::Float(0.1)),
    opt("high_water", RATIO, "fill ratio of the queue above which `sample` starts dropping")
        .default(DefaultValue::Float(0.8)),
];

/// Options every input accepts besides its own.
pub const INPUT_COMMON: &[OptionSpec] =
    &[block("buffer", INPUT_BUFFER, "the in-memory queue between this input and its readers")];

/// `buffer { ... }` of an output.
pub const OUTPUT_BUFFER: &[OptionSpec] = &[
    opt(
        "type",
        OptionType::Enum(&["memory", "disk"]),
        "where queued events wait: in memory, or on disk so they survive a restart",
    )
    .default(str("memory")),
    opt("max_events", POSITIVE, "events queued before `when_full` applies")
        .default(DefaultValue::Int(10000)),
    opt(
        "max_bytes",
        OptionType::Size,
        "bytes queued before `when_full` applies (the file size limit for `disk`)",
    )
    .default(str("256MiB")),
    opt(
        "when_full",
        OptionType::Enum(&["block", "drop_newest"]),
        "when full: `block` pushes back upstream, `drop_newest` discards incoming events",
    )
    .default(str("block")),
];

/// `retry { ... }`: how failed writes are retried.
pub const RETRY: &[OptionSpec] = &[
    opt("max_retries", COUNT, "retries of a failed write before its events go to the dead-letter queue; 0 disables retries")
        .default(DefaultValue::Int(10)),
    opt("initial_backoff", OptionType::Duration, "wait before the first retry; doubles on each further retry")
        .default(str("1s")),
    opt("max_backoff", OptionType::Duration, "longest wait between two retries").default(str("60s")),
    opt("jitter", OptionType::Bool, "randomise each wait by up to half so agents do not retry in lockstep")
        .default(DefaultValue::Bool(true)),
];

/// `circuit_breaker { ... }`: stop calling a sink that keeps failing.
pub const CIRCUIT_BREAKER: &[OptionSpec] = &[
    opt("failure_threshold", POSITIVE, "consecutive failed writes that open the breaker")
        .default(DefaultValue::Int(5)),
    opt(
        "reset_timeout",
        OptionType::Duration,
        "how long the breaker stays open before probing the sink again",
    )
    .default(str("30s")),
    opt("half_open_probes", POSITIVE, "successful probe writes needed to close the breaker again")
        .default(DefaultValue::Int(1)),
];

/// `wal { ... }`: the write-ahead log that makes delivery survive a crash.
pub const WAL: &[OptionSpec] = &[
    opt("enabled", OptionType::Bool, "write events to the log before sending them, and replay unacknowledged ones on restart")
        .default(DefaultValue::Bool(false)),
    opt("fsync", OptionType::Enum(&["always", "interval", "never"]), "when the log is flushed to disk: after every write, every `fsync_interval`, or when the OS decides")
        .default(str("interval")),
    opt("fsync_interval", OptionType::Duration, "flush period for `fsync = \"interval\"`").default(str("1s")),
    opt("max_bytes", OptionType::Size, "largest size of the log; writes block when it is full").default(str("1GiB")),
];

/// Options every output accepts besides its own.
pub const OUTPUT_COMMON: &[OptionSpec] = &[
    block("buffer", OUTPUT_BUFFER, "the queue in front of this output"),
    block("retry", RETRY, "how failed writes are retried"),
    block("circuit_breaker", CIRCUIT_BREAKER, "stops writing to a sink that keeps failing, then probes it"),
    block("wal", WAL, "the write-ahead log of this output"),
    opt("acknowledgements", OptionType::Bool, "acknowledge events to their input (file checkpoint, Kafka offset, HTTP response) only once this output wrote them")
        .default(DefaultValue::Bool(false)),
];

/// `tls { ... }` of a listening input (`syslog`, `http`).
pub const TLS_SERVER: &[OptionSpec] = &[
    opt("cert", OptionType::Path, "PEM certificate chain the server presents").required(),
    opt("key", OptionType::Path, "PEM private key of `cert`").required(),
    opt("key_pass", OptionType::String, "passphrase of an encrypted `key`").secret(),
    opt("ca", OptionType::Path, "PEM CA bundle used to verify client certificates"),
    opt(
        "verify_client",
        OptionType::Bool,
        "require clients to present a certificate signed by `ca` (mutual TLS)",
    )
    .default(DefaultValue::Bool(false)),
];

/// `tls { ... }` of a component that connects out (Kafka, Elasticsearch, HTTP).
pub const TLS_CLIENT: &[OptionSpec] = &[
    opt(
        "ca",
        OptionType::Path,
        "PEM CA bundle that signs the server certificate; the system roots when unset",
    ),
    opt("cert", OptionType::Path, "PEM client certificate, for mutual TLS"),
    opt("key", OptionType::Path, "PEM private key of `cert`"),
    opt("key_pass", OptionType::String, "passphrase of an encrypted `key`").secret(),
    opt("verify_certificate", OptionType::Bool, "check the server certificate chain")
        .default(DefaultValue::Bool(true)),
    opt(
        "server_name",
        OptionType::String,
        "name to verify the certificate against, when not the host connected to",
    ),
];

/// `sasl { ... }` of the Kafka input and output.
pub const SASL: &[OptionSpec] = &[
    opt(
        "mechanism",
        OptionType::Enum(&["plain", "scram-sha-256", "scram-sha-512"]),
        "SASL mechanism",
    )
    .default(str("plain")),
    opt("username", OptionType::String, "SASL user name").required(),
    opt("password", OptionType::String, "SASL password").required().secret(),
];

/// `batch { ... }` of Elasticsearch and HTTP: small, frequent requests.
pub const BATCH_REQUESTS: &[OptionSpec] = &[
    opt("max_events", POSITIVE, "events per request").default(DefaultValue::Int(1000)),
    opt("max_bytes", OptionType::Size, "encoded bytes per request").default(str("10MiB")),
    opt("timeout", OptionType::Duration, "send a partial batch after this long").default(str("1s")),
];

/// `batch { ... }` of S3: objects are billed per request, so batches are large.
pub const BATCH_OBJECTS: &[OptionSpec] = &[
    opt("max_events", POSITIVE, "events per object").default(DefaultValue::Int(100000)),
    opt("max_bytes", OptionType::Size, "bytes per object, before compression")
        .default(str("100MiB")),
    opt("timeout", OptionType::Duration, "write a partial object after this long")
        .default(str("5m")),
];

/// `codec` of outputs that write lines.
pub const LINE_CODEC: OptionType = OptionType::Enum(&["json", "text", "logfmt"]);
