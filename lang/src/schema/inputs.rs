//! The option table of every input kind, one `const` table each.

use super::common::{SASL, TLS_CLIENT, TLS_SERVER};
use super::spec::{
    ADDRESSES, COUNT, DefaultValue, INT, KindSpec, OptionSpec, OptionType, PATHS, POSITIVE,
    Requirement, Role, STRINGS, block, opt, requires, str,
};

/// Every input kind, in the order the reference lists them.
pub const INPUTS: &[KindSpec] = &[
    input(
        "file",
        "Tails files matched by globs, remembering how far each was read across restarts.",
        FILE,
        &[],
    ),
    input(
        "syslog",
        "Receives syslog messages (RFC 3164 and 5424) over TCP, UDP or TLS.",
        SYSLOG,
        SYSLOG_RULES,
    ),
    input("http", "Receives events in HTTP POST bodies.", HTTP, &[]),
    input(
        "kubernetes",
        "Reads the logs of the pods on this node, with pod metadata in `%kubernetes`.",
        KUBERNETES,
        &[],
    ),
    input("kafka", "Consumes Kafka topics as a member of a consumer group.", KAFKA, &[]),
    input("stdin", "Reads lines from standard input until it closes.", STDIN, &[]),
    input(
        "generator",
        "Generates sample events, for trying pipelines and benchmarking them.",
        GENERATOR,
        &[],
    ),
];

const fn input(
    name: &'static str,
    doc: &'static str,
    options: &'static [OptionSpec],
    requirements: &'static [Requirement],
) -> KindSpec {
    KindSpec { name, role: Role::Input, doc, options, requirements }
}

/// `max_line_bytes`, shared by every line-reading input.
const MAX_LINE_BYTES: OptionSpec =
    opt("max_line_bytes", OptionType::Size, "longer lines are cut to this many bytes")
        .default(str("100KiB"));

const READ_FROM: OptionType = OptionType::Enum(&["beginning", "end"]);

const MULTILINE: &[OptionSpec] = &[
    opt("start_pattern", OptionType::Regex, "a line matching this starts a new event").required(),
    opt("continue_pattern", OptionType::Regex, "the pattern `mode` tests each following line against").required(),
    opt(
        "mode",
        OptionType::Enum(&["continue_through", "continue_past", "halt_before", "halt_with"]),
        "`continue_through`: matching lines join the event; `continue_past`: they and the next line join; `halt_before`: a matching line starts the next event; `halt_with`: a matching line ends the event",
    )
    .default(str("continue_through")),
    opt("timeout", OptionType::Duration, "emit a pending event after this long without a new line").default(str("1s")),
];

const FILE: &[OptionSpec] = &[
    opt("paths", PATHS, "globs of the files to read (`*`, `**`, `?`, `[ab]`)").required(),
    opt("exclude", PATHS, "globs of files to skip even when `paths` matches them").default(DefaultValue::Strs(&[])),
    opt("read_from", READ_FROM, "where to start in a file seen for the first time; known files resume at their checkpoint")
        .default(str("end")),
    MAX_LINE_BYTES,
    opt(
        "fingerprint",
        OptionType::Enum(&["checksum", "device_inode"]),
        "how a file is recognised after a rename: a checksum of its first line, or its device and inode numbers",
    )
    .default(str("checksum")),
    opt("glob_interval", OptionType::Duration, "how often `paths` is expanded again to find new files").default(str("1s")),
    opt("ignore_older_than", OptionType::Duration, "skip files not modified for this long; unset reads every file"),
    opt("max_open_files", POSITIVE, "files read at once; the rest wait their turn").default(DefaultValue::Int(1024)),
    block("multiline", MULTILINE, "joins several lines (a stack trace) into one event"),
];

const SYSLOG: &[OptionSpec] = &[
    opt("address", OptionType::Address, "address to listen on, such as \"0.0.0.0:514\"").required(),
    opt("mode", OptionType::Enum(&["tcp", "udp", "tls"]), "transport; `tls` needs a `tls` block")
        .default(str("tcp")),
    opt(
        "framing",
        OptionType::Enum(&["auto", "newline", "octet_counting"]),
        "how TCP messages are delimited (RFC 6587); `auto` detects it per connection",
    )
    .default(str("auto")),
    opt("max_connections", POSITIVE, "simultaneous TCP connections; further ones are refused")
        .default(DefaultValue::Int(1024)),
    MAX_LINE_BYTES,
    opt("rate_limit", COUNT, "events per second accepted from all peers together; 0 is unlimited")
        .default(DefaultValue::Int(0)),
    block("tls", TLS_SERVER, "server certificate, for `mode = \"tls\"`"),
];

const SYSLOG_RULES: &[Requirement] = &[requires(None, "mode", "tls", "tls")];

const HTTP: &[OptionSpec] = &[
    opt("address", OptionType::Address, "address to listen on, such as \"0.0.0.0:8080\"")
        .required(),
    opt("path", OptionType::String, "URL path that accepts events; other paths answer 404")
        .default(str("/")),
    opt(
        "api_keys",
        STRINGS,
        "keys accepted in the `Authorization: Bearer` header; unset accepts any request",
    )
    .secret(),
    opt(
        "api_keys_file",
        OptionType::Path,
        "file with one accepted key per line, re-read when it changes",
    ),
    opt(
        "rate_limit",
        COUNT,
        "requests per second accepted from all clients together; 0 is unlimited",
    )
    .default(DefaultValue::Int(0)),
    opt("max_body_bytes", OptionType::Size, "larger request bodies are refused with 413")
        .default(str("10MiB")),
    block("tls", TLS_SERVER, "serve HTTPS with this certificate"),
    opt(
        "durable_ack",
        OptionType::Bool,
        "answer 200 only once every output acknowledged the events (end-to-end delivery)",
    )
    .default(DefaultValue::Bool(false)),
    opt(
        "decoding",
        OptionType::Enum(&["json", "ndjson", "text"]),
        "body format: a JSON object or array, JSON lines, or plain lines",
    )
    .default(str("json")),
];

const KUBERNETES: &[OptionSpec] = &[
    opt("namespaces", STRINGS, "namespaces to read; empty reads all")
        .default(DefaultValue::Strs(&[])),
    opt("exclude_namespaces", STRINGS, "namespaces never read").default(DefaultValue::Strs(&[])),
    opt(
        "label_selector",
        OptionType::String,
        "Kubernetes label selector pods must match, such as \"app=web,tier!=batch\"",
    ),
    opt("field_selector", OptionType::String, "Kubernetes field selector pods must match"),
    opt(
        "node_name",
        OptionType::String,
        "node whose pods are read; defaults to the `NODE_NAME` environment variable",
    ),
    opt("exclude_containers", STRINGS, "container names never read")
        .default(DefaultValue::Strs(&[])),
    opt(
        "include_previous",
        OptionType::Bool,
        "also read the remaining logs of a restarted container's previous run",
    )
    .default(DefaultValue::Bool(false)),
    opt(
        "kubeconfig",
        OptionType::Path,
        "kubeconfig file; unset uses the in-cluster service account",
    ),
    opt("log_dir", OptionType::Path, "directory of the pod log files")
        .default(str("/var/log/pods")),
    opt("read_from", READ_FROM, "where to start in a log file seen for the first time")
        .default(str("end")),
    MAX_LINE_BYTES,
];

const KAFKA: &[OptionSpec] = &[
    opt("brokers", ADDRESSES, "bootstrap brokers, `host:port` each").required(),
    opt("topics", STRINGS, "topics to consume").required(),
    opt("group_id", OptionType::String, "consumer group; offsets are committed under it")
        .required(),
    opt(
        "auto_offset_reset",
        OptionType::Enum(&["earliest", "latest"]),
        "where to start when the group has no committed offset",
    )
    .default(str("latest")),
    opt("session_timeout", OptionType::Duration, "a consumer silent this long leaves the group")
        .default(str("10s")),
    opt("commit_interval", OptionType::Duration, "how often consumed offsets are committed")
        .default(str("5s")),
    opt("client_id", OptionType::String, "client id reported to the brokers").default(str("lgp")),
    opt(
        "max_message_bytes",
        OptionType::Size,
        "largest message fetched; larger ones go to the dead-letter queue",
    )
    .default(str("1MiB")),
    block("sasl", SASL, "SASL authentication"),
    block("tls", TLS_CLIENT, "connect to the brokers over TLS"),
];

const STDIN: &[OptionSpec] = &[MAX_LINE_BYTES];

const GENERATOR: &[OptionSpec] = &[
    opt(
        "format",
        OptionType::Enum(&["json", "apache", "syslog5424", "syslog3164", "kv", "multiline"]),
        "shape of the generated `.message` lines",
    )
    .default(str("json")),
    opt("count", COUNT, "events to generate before stopping; 0 is endless")
        .default(DefaultValue::Int(0)),
    opt(
        "rate",
        OptionType::Float { min: 0.0, max: 1e9 },
        "events per second; 0 is as fast as possible",
    )
    .default(DefaultValue::Float(10.0)),
    opt("seed", INT, "random seed, for reproducible output; unset picks one per run"),
    opt(
        "timestamp_field",
        OptionType::String,
        "a top-level field, such as `\"%created_at\"`, set to the time each event was due at `rate` (so a generator that falls behind shows as latency), for a blackhole's `latency_field`; unset sets none",
    ),
];
