//! The option table of every output kind, one `const` table each.

use super::common::{BATCH_OBJECTS, BATCH_REQUESTS, LINE_CODEC, SASL, TLS_CLIENT};
use super::spec::{
    ADDRESSES, DefaultValue, KindSpec, OptionSpec, OptionType, POSITIVE, Requirement, Role, URLS,
    block, opt, requires, str,
};

/// Every output kind, in the order the reference lists them.
pub const OUTPUTS: &[KindSpec] = &[
    output("stdout", "Writes each event as one line on standard output.", STDOUT, &[]),
    output(
        "file",
        "Appends events to files whose path may depend on the event and the date.",
        FILE,
        &[],
    ),
    output(
        "blackhole",
        "Discards events; for benchmarks and for silencing a branch.",
        BLACKHOLE,
        &[],
    ),
    output("kafka", "Produces events to a Kafka topic.", KAFKA, &[]),
    output(
        "elasticsearch",
        "Indexes events into Elasticsearch or OpenSearch with the bulk API.",
        ELASTICSEARCH,
        ELASTICSEARCH_RULES,
    ),
    output(
        "s3",
        "Writes batches of events as objects to Amazon S3 or a compatible store.",
        S3,
        S3_RULES,
    ),
    output("http", "Sends batches of events in HTTP requests.", HTTP, HTTP_RULES),
];

const fn output(
    name: &'static str,
    doc: &'static str,
    options: &'static [OptionSpec],
    requirements: &'static [Requirement],
) -> KindSpec {
    KindSpec { name, role: Role::Output, doc, options, requirements }
}

const BLACKHOLE: &[OptionSpec] = &[
    opt(
        "delay",
        OptionType::Duration,
        "waits this long per event, to stand in for a slow sink in tests and benchmarks; unset does not wait",
    ),
    opt(
        "latency_field",
        OptionType::String,
        "a timestamp field, such as `\"%created_at\"`, whose age once the batch is written is recorded in `lgp_event_latency_seconds` and printed as p50/p99/p99.9 at the end; unset measures nothing",
    ),
];

const LINE_TEMPLATE: OptionSpec = opt(
    "template",
    OptionType::Template,
    "the line written for `codec = \"text\"`; unset writes `.message`",
);

const STDOUT: &[OptionSpec] = &[
    opt(
        "codec",
        LINE_CODEC,
        "how an event becomes a line: JSON, a template, or logfmt `key=value` pairs",
    )
    .default(str("json")),
    LINE_TEMPLATE,
];

const ROTATE: &[OptionSpec] = &[
    opt("max_bytes", OptionType::Size, "start a new file once the current one reaches this size"),
    opt("interval", OptionType::Duration, "start a new file after this long"),
    opt(
        "max_files",
        POSITIVE,
        "rotated files kept per path; older ones are deleted; unset keeps all",
    ),
];

const FILE: &[OptionSpec] = &[
    opt(
        "path",
        OptionType::Template,
        "file to append to, such as \"out/{{ .service }}-%Y-%m-%d.log\"",
    )
    .required(),
    opt("codec", LINE_CODEC, "how an event becomes a line").default(str("json")),
    LINE_TEMPLATE,
    block("rotate", ROTATE, "rotates files by size or age"),
    opt("compression", OptionType::Enum(&["none", "gzip", "zstd"]), "compress the written files")
        .default(str("none")),
];

const KAFKA: &[OptionSpec] = &[
    opt("brokers", ADDRESSES, "bootstrap brokers, `host:port` each").required(),
    opt("topic", OptionType::Template, "topic of each event, such as \"logs-{{ .service }}\"").required(),
    opt("key", OptionType::Template, "message key; unset sends no key"),
    opt(
        "partitioner",
        OptionType::Enum(&["random", "consistent", "consistent_random", "murmur2", "murmur2_random"]),
        "how a partition is chosen from the key (librdkafka names); `_random` variants spread keyless messages",
    )
    .default(str("consistent_random")),
    opt("compression", OptionType::Enum(&["none", "gzip", "snappy", "lz4", "zstd"]), "compression of message batches")
        .default(str("none")),
    opt(
        "acks",
        OptionType::Enum(&["0", "1", "all"]),
        "acknowledgements the leader waits for: none, its own, or every in-sync replica (`0` and `1` may be written as integers)",
    )
    .default(str("all")),
    opt("codec", OptionType::Enum(&["json", "text"]), "message body: the event as JSON, or its `.message`").default(str("json")),
    opt("client_id", OptionType::String, "client id reported to the brokers").default(str("lgp")),
    opt("message_timeout", OptionType::Duration, "a message not delivered within this long is retried").default(str("30s")),
    block("sasl", SASL, "SASL authentication"),
    block("tls", TLS_CLIENT, "connect to the brokers over TLS"),
];

const BASIC_OR_KEY_AUTH: &[OptionSpec] = &[
    opt(
        "strategy",
        OptionType::Enum(&["basic", "api_key"]),
        "HTTP basic authentication or an Elasticsearch API key",
    )
    .required(),
    opt("user", OptionType::String, "user name for `basic`"),
    opt("password", OptionType::String, "password for `basic`").secret(),
    opt("api_key", OptionType::String, "encoded API key for `api_key`").secret(),
];

const ELASTICSEARCH: &[OptionSpec] = &[
    opt("endpoints", URLS, "cluster URLs; requests are spread over them").required(),
    opt("index", OptionType::Template, "index of each event, such as \"logs-%Y.%m.%d\"").required(),
    opt(
        "action",
        OptionType::Enum(&["index", "create", "update"]),
        "bulk action; `create` suits data streams, `update` needs `id`",
    )
    .default(str("index")),
    opt("id", OptionType::Template, "document id; unset lets Elasticsearch choose"),
    opt("pipeline", OptionType::String, "ingest pipeline run on each document"),
    block("auth", BASIC_OR_KEY_AUTH, "credentials"),
    block("batch", BATCH_REQUESTS, "how events are grouped into bulk requests"),
    opt("compression", OptionType::Enum(&["none", "gzip"]), "compression of request bodies")
        .default(str("none")),
    opt(
        "request_timeout",
        OptionType::Duration,
        "a bulk request without an answer after this long is retried",
    )
    .default(str("60s")),
    block("tls", TLS_CLIENT, "TLS settings for `https://` endpoints"),
];

const ELASTICSEARCH_RULES: &[Requirement] = &[
    requires(None, "action", "update", "id"),
    requires(Some("auth"), "strategy", "basic", "user"),
    requires(Some("auth"), "strategy", "basic", "password"),
    requires(Some("auth"), "strategy", "api_key", "api_key"),
];

const S3_AUTH: &[OptionSpec] = &[
    opt(
        "access_key_id",
        OptionType::String,
        "access key id; unset uses the environment, profile or instance role",
    ),
    opt("secret_access_key", OptionType::String, "secret of `access_key_id`").secret(),
    opt("session_token", OptionType::String, "session token of temporary credentials").secret(),
    opt("assume_role", OptionType::String, "ARN of a role to assume with the credentials above"),
];

const S3: &[OptionSpec] = &[
    opt("bucket", OptionType::String, "bucket to write to").required(),
    opt(
        "key",
        OptionType::Template,
        "key prefix of each object; a unique `<time>-<uuid>.<ext>` name is appended so batches never overwrite each other",
    )
    .default(str("%Y/%m/%d/%H/")),
    opt("region", OptionType::String, "AWS region; unset uses the environment or profile"),
    opt("endpoint", OptionType::Url, "endpoint of an S3-compatible store (MinIO, Ceph)"),
    opt("force_path_style", OptionType::Bool, "address the bucket in the path rather than the host name (most S3-compatible stores need this)")
        .default(DefaultValue::Bool(false)),
    opt(
        "storage_class",
        OptionType::Enum(&[
            "STANDARD",
            "STANDARD_IA",
            "ONEZONE_IA",
            "INTELLIGENT_TIERING",
            "GLACIER",
            "GLACIER_IR",
            "DEEP_ARCHIVE",
        ]),
        "storage class of written objects",
    )
    .default(str("STANDARD")),
    opt("sse", OptionType::Enum(&["none", "AES256", "aws:kms"]), "server-side encryption").default(str("none")),
    opt("sse_kms_key_id", OptionType::String, "KMS key for `sse = \"aws:kms\"`"),
    opt("codec", OptionType::Enum(&["json", "text"]), "object body: JSON lines, or one `.message` per line").default(str("json")),
    opt("compression", OptionType::Enum(&["none", "gzip", "zstd"]), "compression of objects").default(str("gzip")),
    block("auth", S3_AUTH, "credentials"),
    block("batch", BATCH_OBJECTS, "how events are grouped into objects"),
    block("tls", TLS_CLIENT, "TLS settings for the endpoint"),
];

const S3_RULES: &[Requirement] = &[requires(None, "sse", "aws:kms", "sse_kms_key_id")];

const HTTP_AUTH: &[OptionSpec] = &[
    opt(
        "strategy",
        OptionType::Enum(&["basic", "bearer"]),
        "HTTP basic authentication or a bearer token",
    )
    .required(),
    opt("user", OptionType::String, "user name for `basic`"),
    opt("password", OptionType::String, "password for `basic`").secret(),
    opt("token", OptionType::String, "token for `bearer`").secret(),
];

const HTTP: &[OptionSpec] = &[
    opt("uri", OptionType::Url, "URL requests are sent to").required(),
    opt("method", OptionType::Enum(&["post", "put"]), "HTTP method").default(str("post")),
    opt("headers", OptionType::Map, "extra request headers, such as { \"X-Source\": \"lgp\" }"),
    opt(
        "codec",
        OptionType::Enum(&["json", "ndjson", "text"]),
        "request body: a JSON array, JSON lines, or `.message` lines",
    )
    .default(str("ndjson")),
    block("auth", HTTP_AUTH, "credentials"),
    block("batch", BATCH_REQUESTS, "how events are grouped into requests"),
    opt(
        "compression",
        OptionType::Enum(&["none", "gzip", "zstd"]),
        "compression of request bodies",
    )
    .default(str("none")),
    opt(
        "request_timeout",
        OptionType::Duration,
        "a request without an answer after this long is retried",
    )
    .default(str("30s")),
    block("tls", TLS_CLIENT, "TLS settings for `https://` URIs"),
];

const HTTP_RULES: &[Requirement] = &[
    requires(Some("auth"), "strategy", "basic", "user"),
    requires(Some("auth"), "strategy", "basic", "password"),
    requires(Some("auth"), "strategy", "bearer", "token"),
];
