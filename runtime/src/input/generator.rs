//! The `generator` input: sample log lines shaped like the benchmark data of
//! `shared/bench/gen_logs.py` (json, apache, syslog5424, syslog3164, kv,
//! multiline), at a given rate, up to a count, from a seed.
//!
//! The same seed gives the same lines (the clock is fake and starts at
//! 2024-03-04T09:00:00Z, as the Python generator's does), but the random
//! stream is this file's own, so the lines are not byte-identical to the
//! Python output. `multiline` yields one event per physical line, as reading
//! the Python output file would.
//!
//! With `timestamp_field`, each event carries the time it was due: the start
//! plus its index over `rate` (or the time it was made, without a rate). A
//! generator that falls behind its rate thus shows up as latency instead of
//! hiding it (no "coordinated omission").

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use lgp_lang::schema::{FieldRef, FieldRoot, FieldSegment};
use lgp_stdlib::{Event, Str, Value};

use super::Emitter;
use crate::config::{GeneratorConfig, GeneratorFormat};

/// The longest a rate-limited generator sleeps before checking for shutdown.
const MAX_NAP: Duration = Duration::from_millis(50);

pub async fn run(emitter: &mut Emitter, config: &GeneratorConfig) {
    let seed = config.seed.unwrap_or_else(random_seed);
    let mut lines = LineGenerator::new(config.format, seed);
    let mut shutdown = emitter.shutdown();
    let started = Instant::now();
    let started_wall = Utc::now();
    let stamp = config.timestamp_field.as_ref().and_then(Stamp::new);
    let mut generated: u64 = 0;
    let batch = emitter.batch_capacity() as u64;
    while (config.count == 0 || generated < config.count) && !emitter.stopping() {
        let due = due_now(config, started, generated, batch);
        if due == 0 {
            emitter.flush().await;
            let wait = next_due_in(config, started, generated).min(MAX_NAP);
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = shutdown.requested() => break,
            }
            continue;
        }
        for index in generated..generated + due {
            let line = lines.next_line();
            let bytes = line.len() + 1;
            let mut event = emitter.event(Str::from(line));
            if let Some(stamp) = &stamp {
                stamp.set(&mut event, due_at(config.rate, started_wall, index));
            }
            emitter.emit(event, bytes).await;
        }
        generated += due;
        // Let the runtime's other tasks (signals, the API) run between batches.
        tokio::task::yield_now().await;
    }
}

/// How many events to make now: what the rate allows by this instant, at most
/// a batch and at most what the count has left.
fn due_now(config: &GeneratorConfig, started: Instant, generated: u64, batch: u64) -> u64 {
    let left = if config.count == 0 { u64::MAX } else { config.count - generated };
    let allowed = if config.rate > 0.0 {
        let total = (started.elapsed().as_secs_f64() * config.rate).floor() as u64 + 1;
        total.saturating_sub(generated)
    } else {
        u64::MAX
    };
    allowed.min(batch).min(left)
}

fn next_due_in(config: &GeneratorConfig, started: Instant, generated: u64) -> Duration {
    if config.rate <= 0.0 {
        return Duration::ZERO;
    }
    let at = Duration::from_secs_f64(generated as f64 / config.rate);
    at.saturating_sub(started.elapsed()).max(Duration::from_millis(1))
}

/// When event `index` (from 0) was due: at `index / rate` seconds after the
/// start, which [`due_now`] never lets pass unmade; without a rate, now.
fn due_at(rate: f64, started: DateTime<Utc>, index: u64) -> DateTime<Utc> {
    if rate <= 0.0 {
        return Utc::now();
    }
    let micros = (index as f64 / rate * 1e6).min(i64::MAX as f64) as i64;
    started + chrono::Duration::microseconds(micros)
}

/// Where each event's due time goes (`timestamp_field`).
struct Stamp {
    root: FieldRoot,
    key: Str,
}

impl Stamp {
    /// `None` for a nested path, which the configuration already refused.
    fn new(field: &FieldRef) -> Option<Stamp> {
        match field.segments.as_slice() {
            [FieldSegment::Field(name)] => {
                Some(Stamp { root: field.root, key: super::interned::interned(name) })
            }
            _ => None,
        }
    }

    fn set(&self, event: &mut Event, time: DateTime<Utc>) {
        let target = match self.root {
            FieldRoot::Event => &mut event.fields,
            FieldRoot::Meta => &mut event.meta,
        };
        if let Value::Object(object) = target {
            object.insert(self.key.clone(), Value::Timestamp(time));
        }
    }
}

fn random_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos() as u64);
    nanos ^ u64::from(std::process::id()).rotate_left(32)
}

/// SplitMix64: small, fast, and good enough for sample data.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A float in `[0, 1)`.
    pub fn random(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in `low..=high`.
    pub fn range(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    pub fn choice<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as u64 - 1) as usize]
    }

    /// A log-normal variate (Box-Muller for the normal).
    pub fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        let u1 = 1.0 - self.random();
        let u2 = self.random();
        let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        (mu + sigma * normal).exp()
    }
}

const SERVICES: &[&str] = &[
    "api-gateway",
    "auth",
    "billing",
    "catalog",
    "checkout",
    "inventory",
    "notifier",
    "search",
    "shipping",
    "users",
];
const HOSTS: &[&str] = &[
    "node-111.prod",
    "node-142.prod",
    "node-173.prod",
    "node-104.prod",
    "node-211.prod",
    "node-242.prod",
    "node-273.prod",
    "node-204.prod",
    "node-311.prod",
    "node-342.prod",
    "node-373.prod",
    "node-304.prod",
];
const SHORT_HOSTS: &[&str] =
    &["web01", "web02", "db01", "cache01", "lb01", "worker03", "mymachine"];
const METHODS: &[&str] = &[
    "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "GET", "POST",
    "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "HEAD",
];
const RESOURCES: &[&str] = &[
    "users", "orders", "items", "carts", "sessions", "invoices", "products", "reviews", "search",
    "health",
];
const TAGS: &[&str] = &[
    "prod",
    "eu-west-1",
    "canary",
    "blue",
    "green",
    "k8s",
    "v2",
    "beta",
    "internal",
    "edge",
    "batch",
    "critical",
];
const MESSAGES: &[&str] = &[
    "request completed",
    "cache miss for key",
    "user authenticated successfully",
    "payment authorization declined by issuer",
    "slow query detected on primary replica",
    "retrying upstream call after timeout",
    "connection pool exhausted, waiting for a free connection",
    "order placed",
    "token refreshed",
    "rate limit exceeded for client",
    "config reloaded from disk",
    "failed to deliver webhook, will retry",
];
const USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "Go-http-client/1.1",
];
const REFERRERS: &[&str] =
    &["-", "-", "-", "https://www.example.com/", "https://search.example.org/?q=widgets"];
const APPS: &[&str] =
    &["sshd", "cron", "kernel", "nginx", "postfix", "systemd", "sudo", "su", "dockerd"];
const SYSLOG_TEXT: &[&str] = &[
    "Accepted publickey for deploy from 10.0.4.21 port 52814 ssh2",
    "pam_unix(cron:session): session opened for user root by (uid=0)",
    "Out of memory: Killed process 4242 (java) total-vm:8123456kB",
    "upstream timed out (110: Connection timed out) while reading response header",
    "Started Daily apt download activities.",
    "container 3f2a9c1d health status changed to unhealthy",
];
const JAVA_CLASSES: &[&str] = &[
    "com.example.shop.OrderService",
    "com.example.shop.PaymentClient",
    "com.example.core.http.RequestHandler",
    "com.example.core.db.ConnectionPool",
    "org.springframework.web.servlet.DispatcherServlet",
];
const JAVA_EXCEPTIONS: &[&str] = &[
    "java.lang.NullPointerException",
    "java.lang.IllegalStateException",
    "java.sql.SQLTimeoutException",
    "java.io.IOException",
];
const THREADS: &[&str] = &["main", "http-nio-8080-exec-1", "http-nio-8080-exec-7", "scheduler-2"];
/// debug 20%, info 60%, warn 12%, error 8%, as the Python generator weighs them.
const LEVELS: &[(&str, u64)] = &[("debug", 20), ("info", 80), ("warn", 92), ("error", 100)];

/// Makes the lines of one format, one at a time.
pub struct LineGenerator {
    format: GeneratorFormat,
    rng: Rng,
    now: DateTime<Utc>,
    /// Lines of a stack trace still to hand out (`multiline`).
    pending: VecDeque<String>,
    /// Client addresses reused across Apache lines, as real traffic repeats.
    clients: Vec<String>,
}

impl LineGenerator {
    pub fn new(format: GeneratorFormat, seed: u64) -> LineGenerator {
        let mut rng = Rng::new(seed);
        let clients = (0..500).map(|_| ipv4(&mut rng)).collect();
        let now = Utc.with_ymd_and_hms(2024, 3, 4, 9, 0, 0).single().unwrap_or_default();
        LineGenerator { format, rng, now, pending: VecDeque::new(), clients }
    }

    pub fn next_line(&mut self) -> String {
        if let Some(line) = self.pending.pop_front() {
            return line;
        }
        self.now += chrono::Duration::microseconds(self.rng.range(50, 20_000) as i64);
        match self.format {
            GeneratorFormat::Json => self.json(),
            GeneratorFormat::Apache => self.apache(),
            GeneratorFormat::Syslog5424 => self.syslog5424(),
            GeneratorFormat::Syslog3164 => self.syslog3164(),
            GeneratorFormat::Kv => self.kv(),
            GeneratorFormat::Multiline => self.multiline(),
        }
    }

    fn level(&mut self) -> &'static str {
        let roll = self.rng.range(0, 99);
        LEVELS.iter().find(|(_, upto)| roll < *upto).map_or("info", |(level, _)| level)
    }

    fn json(&mut self) -> String {
        let status = http_status(&mut self.rng);
        let level = if status >= 500 { "error" } else { self.level() };
        let tags = sample(&mut self.rng, TAGS, 4);
        let tags: Vec<String> = tags.iter().map(|tag| format!("\"{tag}\"")).collect();
        format!(
            "{{\"timestamp\":\"{}\",\"level\":\"{level}\",\"message\":\"{}\",\"service\":\"{}\",\"host\":\"{}\",\"user_id\":{},\"duration_ms\":{:?},\"request\":{{\"method\":\"{}\",\"path\":\"{}\",\"status\":{status}}},\"tags\":[{}]}}",
            self.now.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
            self.rng.choice(MESSAGES),
            self.rng.choice(SERVICES),
            self.rng.choice(HOSTS),
            self.rng.range(1, 5_000_000),
            duration_ms(&mut self.rng),
            self.rng.choice(METHODS),
            url_path(&mut self.rng),
            tags.join(","),
        )
    }

    fn apache(&mut self) -> String {
        let method = *self.rng.choice(METHODS);
        let status = http_status(&mut self.rng);
        let size = if status == 304 || method == "HEAD" || self.rng.random() < 0.02 {
            "-".to_string()
        } else {
            self.rng.range(120, 250_000).to_string()
        };
        let user = if self.rng.random() < 0.9 {
            "-"
        } else {
            self.rng.choice(&["alice", "bob", "svc-batch"])
        };
        let protocol = self.rng.choice(&["HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0"]);
        format!(
            "{} - {user} [{}] \"{method} {} {protocol}\" {status} {size} \"{}\" \"{}\"",
            self.rng.choice(&self.clients),
            self.now.format("%d/%b/%Y:%H:%M:%S +0000"),
            url_path(&mut self.rng),
            self.rng.choice(REFERRERS),
            self.rng.choice(USER_AGENTS),
        )
    }

    fn syslog5424(&mut self) -> String {
        let procid = if self.rng.random() < 0.8 {
            self.rng.range(100, 65535).to_string()
        } else {
            "-".to_string()
        };
        let structured = if self.rng.random() < 0.4 {
            format!(
                "[exampleSDID@32473 iut=\"{}\" eventSource=\"{}\" eventID=\"{}\"]",
                self.rng.range(1, 9),
                self.rng.choice(&["Application", "Security", "System"]),
                self.rng.range(1000, 1999)
            )
        } else {
            "-".to_string()
        };
        format!(
            "<{}>1 {} {}.example.com {} {procid} {} {structured} {}",
            priority(&mut self.rng),
            self.now.format("%Y-%m-%dT%H:%M:%S%.6f+00:00"),
            self.rng.choice(SHORT_HOSTS),
            self.rng.choice(APPS),
            self.rng.choice(&["ID47", "AUDIT", "REQ", "-", "-"]),
            self.rng.choice(SYSLOG_TEXT),
        )
    }

    fn syslog3164(&mut self) -> String {
        let app = self.rng.choice(APPS);
        let tag = if self.rng.random() < 0.75 {
            format!("{app}[{}]", self.rng.range(100, 65535))
        } else {
            (*app).to_string()
        };
        format!(
            "<{}>{} {} {tag}: {}",
            priority(&mut self.rng),
            self.now.format("%b %e %H:%M:%S"),
            self.rng.choice(SHORT_HOSTS),
            self.rng.choice(SYSLOG_TEXT),
        )
    }

    fn kv(&mut self) -> String {
        let mut line = format!(
            "ts={} level={} msg=\"{}\" service={} host={} method={} path={} status={} duration_ms={:?} user_id={}",
            self.now.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
            self.level(),
            self.rng.choice(MESSAGES),
            self.rng.choice(SERVICES),
            self.rng.choice(SHORT_HOSTS),
            self.rng.choice(METHODS),
            url_path(&mut self.rng),
            http_status(&mut self.rng),
            duration_ms(&mut self.rng),
            self.rng.range(1, 5_000_000),
        );
        if self.rng.random() < 0.3 {
            line.push_str(&format!(" user_agent=\"{}\"", self.rng.choice(USER_AGENTS)));
        }
        if self.rng.random() < 0.2 {
            line.push_str(&format!(" trace_id={:016x}", self.rng.next_u64()));
        }
        line
    }

    fn multiline(&mut self) -> String {
        let stamp = self.now.format("%Y-%m-%d %H:%M:%S%.3f").to_string();
        let thread = self.rng.choice(THREADS);
        let class = self.rng.choice(JAVA_CLASSES);
        if self.rng.random() >= 0.1 {
            let level = self.rng.choice(&["INFO", "INFO", "INFO", "DEBUG", "WARN"]);
            return format!(
                "{stamp} {level:<5} [{thread}] {class} - {}",
                self.rng.choice(MESSAGES)
            );
        }
        let exception = self.rng.choice(JAVA_EXCEPTIONS);
        self.pending.push_back(format!("{exception}: {}", self.rng.choice(MESSAGES)));
        let depth = self.rng.range(3, 12);
        self.stack_frames(depth);
        if self.rng.random() < 0.4 {
            let cause = self.rng.choice(JAVA_EXCEPTIONS);
            self.pending.push_back(format!("Caused by: {cause}: {}", self.rng.choice(MESSAGES)));
            let depth = self.rng.range(2, 5);
            self.stack_frames(depth);
            self.pending.push_back(format!("\t... {} more", self.rng.range(5, 40)));
        }
        format!("{stamp} ERROR [{thread}] {class} - Unhandled exception while processing request")
    }

    fn stack_frames(&mut self, depth: u64) {
        for _ in 0..depth {
            let class = self.rng.choice(JAVA_CLASSES);
            let method = self.rng.choice(&["handle", "process", "invoke", "call", "execute"]);
            let source = class.rsplit('.').next().unwrap_or(class);
            let line = self.rng.range(20, 900);
            self.pending.push_back(format!("\tat {class}.{method}({source}.java:{line})"));
        }
    }
}

fn ipv4(rng: &mut Rng) -> String {
    let first = rng.choice(&[10, 172, 192, 203, 198]);
    format!("{first}.{}.{}.{}", rng.range(0, 255), rng.range(0, 255), rng.range(1, 254))
}

fn url_path(rng: &mut Rng) -> String {
    let resource = rng.choice(RESOURCES);
    let roll = rng.random();
    if roll < 0.4 {
        format!("/api/v1/{resource}/{}", rng.range(1, 999_999))
    } else if roll < 0.7 {
        format!("/api/v1/{resource}?page={}&limit={}", rng.range(1, 50), rng.choice(&[10, 25, 100]))
    } else if roll < 0.9 {
        format!("/api/v1/{resource}")
    } else {
        format!("/static/{resource}/{}.{}", rng.range(1, 400), rng.choice(&["js", "css", "png"]))
    }
}

fn http_status(rng: &mut Rng) -> u64 {
    let roll = rng.random();
    let choices: &[u64] = if roll < 0.80 {
        &[200, 200, 200, 201, 204]
    } else if roll < 0.87 {
        &[301, 302, 304]
    } else if roll < 0.97 {
        &[400, 401, 403, 404, 404, 429]
    } else {
        &[500, 502, 503]
    };
    *rng.choice(choices)
}

/// Log-normal latencies: median about 50 ms, about 3% above 500 ms.
fn duration_ms(rng: &mut Rng) -> f64 {
    (rng.lognormal(3.9, 1.2).min(30_000.0) * 1000.0).round() / 1000.0
}

fn priority(rng: &mut Rng) -> u64 {
    let facility = rng.choice(&[0, 1, 3, 4, 10, 16, 20, 23]);
    let severity = rng.choice(&[1, 2, 3, 4, 4, 5, 6, 6, 6, 7]);
    facility * 8 + severity
}

/// One to `most` distinct items, in random order.
fn sample<'a>(rng: &mut Rng, items: &[&'a str], most: u64) -> Vec<&'a str> {
    let count = rng.range(1, most.min(items.len() as u64)) as usize;
    let mut pool = items.to_vec();
    for i in 0..count {
        let j = rng.range(i as u64, pool.len() as u64 - 1) as usize;
        pool.swap(i, j);
    }
    pool.truncate(count);
    pool
}

#[cfg(test)]
mod tests;
