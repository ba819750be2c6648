//! End-to-end tests of `lgp run`: real pipelines, real files, real signals,
//! a real `/metrics` endpoint. Every run is bounded: a child that outlives
//! its deadline is killed and the test fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const LGP: &str = env!("CARGO_BIN_EXE_lgp");

/// The longest any run may take before the test gives up on it.
const DEADLINE: Duration = Duration::from_secs(60);

struct Run {
    child: Child,
    stderr: mpsc::Receiver<String>,
    lines: Vec<String>,
}

/// Starts `lgp run pipeline.lgp` in `dir` with `extra` flags.
fn start(dir: &Path, pipeline: &str, extra: &[&str]) -> Run {
    std::fs::write(dir.join("pipeline.lgp"), pipeline).unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(LGP)
        .current_dir(dir)
        .args(["run", "pipeline.lgp", "--threads", "2", "--data-dir", "data"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start lgp: {e}"));
    let (sender, stderr) = mpsc::channel();
    let pipe = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                return;
            }
        }
    });
    Run { child, stderr, lines: Vec::new() }
}

impl Run {
    /// Waits for the stderr line that contains `needle`.
    fn wait_for_line(&mut self, needle: &str) -> String {
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            match self.stderr.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => {
                    self.lines.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        panic!("no stderr line with `{needle}`; got {:?}", self.lines);
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .unwrap_or_else(|e| panic!("cannot run kill: {e}"));
        assert!(status.success());
    }

    /// Waits for the exit; returns the status, stdout and every stderr line.
    fn finish(mut self) -> (ExitStatus, String, Vec<String>) {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
                break status;
            }
            if started.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("lgp run did not end within {DEADLINE:?}; stderr so far: {:?}", self.lines);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stdout = String::new();
        if let Some(mut pipe) = self.child.stdout.take() {
            let _ = pipe.read_to_string(&mut stdout);
        }
        self.lines.extend(self.stderr.iter());
        (status, stdout, self.lines)
    }
}

/// The counts of the closing line `...: N events in, M out, D dropped, E to the dead-letter queue`.
fn closing_counts(lines: &[String]) -> [u64; 4] {
    let line = lines
        .iter()
        .rev()
        .find(|line| line.contains(" events in, "))
        .unwrap_or_else(|| panic!("no closing line in {lines:?}"));
    let tail = line.split_once(": ").map_or(line.as_str(), |(_, tail)| tail);
    let numbers: Vec<u64> = tail
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .take(4)
        .map(|part| part.parse().unwrap_or_default())
        .collect();
    numbers.try_into().unwrap_or_else(|_| panic!("cannot read counts from {line:?}"))
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn count_lines(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .count()
}

fn app_log(dir: &Path, lines: usize) -> PathBuf {
    let levels = ["info", "error", "debug", "warn"];
    let text: String = (0..lines)
        .map(|i| {
            format!("{{\"level\":\"{}\",\"n\":{i},\"service\":\"s{}\"}}\n", levels[i % 4], i % 3)
        })
        .collect();
    let path = dir.join("app.log");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn run_file_to_file_counts_in_equal_counts_out() {
    let dir = tempdir();
    app_log(dir.path(), 2000);
    let pipeline = r#"
input app = file {
  paths = ["app.log"]
  read_from = "beginning"
}

transform parsed <- app {
  . = parse_json!(.message)
  .seen = true
}

output archive <- parsed = file {
  path = "out/{{ .service }}.log"
}
"#;
    let (status, _, lines) = start(dir.path(), pipeline, &["--api-addr", "off"]).finish();
    assert!(status.success(), "{lines:?}");
    let total: usize = (0..3).map(|s| count_lines(&dir.path().join(format!("out/s{s}.log")))).sum();
    assert_eq!(total, 2000);
    assert_eq!(closing_counts(&lines), [2000, 2000, 0, 0]);
    let first = std::fs::read_to_string(dir.path().join("out/s0.log")).unwrap_or_default();
    // Workers finish batches in any order, so only membership is checked.
    assert!(
        first.lines().any(|l| l == "{\"level\":\"info\",\"n\":0,\"seen\":true,\"service\":\"s0\"}")
    );
}

#[test]
fn run_route_lanes_land_in_their_files() {
    let dir = tempdir();
    app_log(dir.path(), 1000);
    let pipeline = r#"
input app = file {
  paths = ["*.log"]
  read_from = "beginning"
}

transform parsed <- app {
  . = parse_json(.message) ?? { "level": "unparsed" }
  if .level == "debug" {
    drop
  }
  if .level == "warn" {
    abort "warnings are refused here"
  }
}

route by_level <- parsed {
  errors = .level == "error"
  _ = true
}

output errors <- by_level.errors = file {
  path = "out/errors.log"
}

output rest <- by_level._ = file {
  path = "out/rest.log"
  codec = "text"
  template = "{{ .level }} {{ .n }}"
}
"#;
    let (status, _, lines) = start(dir.path(), pipeline, &["--api-addr", "off"]).finish();
    assert!(status.success(), "{lines:?}");
    assert_eq!(count_lines(&dir.path().join("out/errors.log")), 250);
    let rest = std::fs::read_to_string(dir.path().join("out/rest.log")).unwrap_or_default();
    assert_eq!(rest.lines().count(), 250);
    assert!(rest.lines().all(|line| line.starts_with("info ")), "{rest}");
    // 250 debug lines dropped, 250 warnings in the dead-letter queue.
    assert_eq!(closing_counts(&lines), [1000, 500, 250, 250]);
    let dlq =
        std::fs::read_to_string(dir.path().join("data/dlq/parsed.ndjson")).unwrap_or_default();
    assert_eq!(dlq.lines().count(), 250);
    let letter: serde_json::Value =
        serde_json::from_str(dlq.lines().next().unwrap_or("{}")).unwrap_or_default();
    assert_eq!(letter["reason"], "warnings are refused here");
    assert_eq!(letter["event"]["level"], "warn");
    assert_eq!(letter["meta"]["input"], "app");
}

#[test]
fn run_fan_in_and_fan_out_copy_every_event_to_every_reader() {
    let dir = tempdir();
    app_log(dir.path(), 300);
    std::fs::write(dir.path().join("other.txt"), "x\ny\n").unwrap_or_else(|e| panic!("{e}"));
    let pipeline = r#"
input app = file {
  paths = ["app.log"]
  read_from = "beginning"
}

input other = file {
  paths = ["other.txt"]
  read_from = "beginning"
}

transform tagged <- app, other {
  .from = %input
}

output first <- tagged = file {
  path = "out/first.log"
}

output second <- tagged = file {
  path = "out/second.log"
  codec = "text"
  template = "{{ .from }}"
}
"#;
    let (status, _, lines) = start(dir.path(), pipeline, &["--api-addr", "off"]).finish();
    assert!(status.success(), "{lines:?}");
    assert_eq!(count_lines(&dir.path().join("out/first.log")), 302);
    let second = std::fs::read_to_string(dir.path().join("out/second.log")).unwrap_or_default();
    assert_eq!(second.lines().filter(|line| *line == "app").count(), 300);
    assert_eq!(second.lines().filter(|line| *line == "other").count(), 2);
    assert_eq!(closing_counts(&lines), [302, 604, 0, 0]);
}

#[test]
fn run_stdin_to_stdout() {
    let dir = tempdir();
    let pipeline =
        "input lines = stdin {}\n\noutput console <- lines = stdout {\n  codec = \"text\"\n}\n";
    std::fs::write(dir.path().join("pipeline.lgp"), pipeline).unwrap_or_else(|e| panic!("{e}"));
    let mut child = Command::new(LGP)
        .current_dir(dir.path())
        .args(["run", "pipeline.lgp", "--api-addr", "off", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
    stdin.write_all(b"one\ntwo\r\nthree").unwrap_or_else(|e| panic!("{e}"));
    drop(stdin);
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "one\ntwo\nthree\n");
    assert!(
        output.stderr.is_empty(),
        "--quiet prints nothing: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn run_sigterm_loses_nothing_that_was_read() {
    let dir = tempdir();
    let pipeline = r#"
input gen = generator {
  format = "kv"
  rate = 5000
  seed = 1
}

transform parsed <- gen {
  . = parse_key_value!(.message)
}

output sink <- parsed = file {
  path = "out/gen.log"
}
"#;
    let mut run = start(dir.path(), pipeline, &["--api-addr", "off"]);
    run.wait_for_line("running 1 inputs");
    std::thread::sleep(Duration::from_millis(1500));
    run.signal("TERM");
    let (status, _, lines) = run.finish();
    assert!(status.success(), "{lines:?}");
    assert!(lines.iter().any(|line| line.contains("stopped by SIGTERM")), "{lines:?}");
    let [events_in, events_out, dropped, errors] = closing_counts(&lines);
    assert!(events_in > 1000, "the generator ran: {events_in}");
    assert_eq!((events_out, dropped, errors), (events_in, 0, 0));
    assert_eq!(count_lines(&dir.path().join("out/gen.log")) as u64, events_in);
}

/// A fast generator into a slow output through a small input buffer.
fn slow_pipeline(policy: &str, count: u64) -> String {
    format!(
        r#"
input gen = generator {{
  count = {count}
  rate = 0
  seed = 2
  buffer {{
    max_events = 64
    policy = "{policy}"
    sample_rate = 0.5
    high_water = 0.5
  }}
}}

output slow <- gen = blackhole {{
  delay = "1ms"
  buffer {{
    max_events = 16
  }}
}}
"#
    )
}

#[test]
fn run_buffer_policy_drop_oldest_drops_under_a_slow_output() {
    let dir = tempdir();
    let run = start(dir.path(), &slow_pipeline("drop_oldest", 20_000), &["--api-addr", "off"]);
    let (status, _, lines) = run.finish();
    assert!(status.success(), "{lines:?}");
    let [events_in, events_out, dropped, errors] = closing_counts(&lines);
    assert_eq!(events_in, 20_000);
    assert!(dropped > 0, "nothing dropped: {lines:?}");
    assert_eq!((events_out + dropped, errors), (events_in, 0));
}

#[test]
fn run_buffer_policy_sample_keeps_some_under_a_slow_output() {
    let dir = tempdir();
    let run = start(dir.path(), &slow_pipeline("sample", 20_000), &["--api-addr", "off"]);
    let (status, _, lines) = run.finish();
    assert!(status.success(), "{lines:?}");
    let [events_in, events_out, dropped, _] = closing_counts(&lines);
    assert_eq!(events_in, 20_000);
    assert!(dropped > 0 && events_out > 0, "{lines:?}");
    assert_eq!(events_out + dropped, events_in);
}

#[test]
fn run_buffer_policy_block_pushes_back_and_serves_metrics() {
    let dir = tempdir();
    let mut run = start(dir.path(), &slow_pipeline("block", 1500), &["--api-addr", "127.0.0.1:0"]);
    let banner = run.wait_for_line("metrics on http://");
    let addr = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.strip_suffix("/metrics"))
        .unwrap_or_else(|| panic!("no address in {banner:?}"))
        .to_string();
    let mut blocked = 0.0;
    let mut body = String::new();
    let started = Instant::now();
    while blocked == 0.0 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(200));
        let Some((status, text)) = get(&addr, "/metrics") else { break };
        assert_eq!(status, 200);
        body = text;
        blocked = sample_value(&body, "lgp_buffer_blocked_total{component=\"gen\"").unwrap_or(0.0);
    }
    assert!(blocked > 0.0, "the generator never waited:\n{body}");
    check_exposition(&body);
    promtool_check(&body);
    assert_eq!(get(&addr, "/health/live").map(|(status, _)| status), Some(200));
    let (status, ready) = get(&addr, "/health/ready").unwrap_or_default();
    assert_eq!(status, 200, "{ready}");
    assert!(ready.contains("\"output slow\":\"running\""), "{ready}");
    assert_eq!(get(&addr, "/nope").map(|(status, _)| status), Some(404));
    run.signal("INT");
    let (status, _, lines) = run.finish();
    assert!(status.success(), "{lines:?}");
    let [events_in, events_out, dropped, errors] = closing_counts(&lines);
    assert_eq!((events_out, dropped, errors), (events_in, 0, 0), "{lines:?}");
}

/// CPU seconds (user + system) the process has used, from `/proc`.
#[cfg(target_os = "linux")]
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the `(command)`: utime and stime are the 12th and 13th.
    let after = stat.rsplit_once(") ").map_or("", |(_, rest)| rest);
    let ticks: Vec<f64> =
        after.split(' ').skip(11).take(2).filter_map(|f| f.parse().ok()).collect();
    ticks.iter().sum::<f64>() / 100.0
}

#[cfg(target_os = "linux")]
#[test]
fn run_idle_workers_sleep_while_a_finished_input_waits_for_the_others() {
    let dir = tempdir();
    app_log(dir.path(), 10);
    let pipeline = r#"
input done = file {
  paths = ["app.log"]
  read_from = "beginning"
}

input trickle = generator {
  rate = 5
}

output sink <- done, trickle = blackhole {}
"#;
    let mut run = start(dir.path(), pipeline, &["--api-addr", "off"]);
    run.wait_for_line("running 2 inputs");
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_seconds(run.child.id());
    std::thread::sleep(Duration::from_millis(1500));
    let used = cpu_seconds(run.child.id()) - before;
    run.signal("TERM");
    let (status, _, lines) = run.finish();
    assert!(status.success(), "{lines:?}");
    assert!(used < 0.5, "{used}s of CPU in 1.5s: the workers spin");
}

/// A generator feeding an output that takes a second per event.
const STUCK_OUTPUT: &str = r#"
input gen = generator {
  rate = 100
}

output slow <- gen = blackhole {
  delay = "1s"
}
"#;

#[test]
fn run_shutdown_timeout_ends_a_drain_that_cannot_finish() {
    let dir = tempdir();
    let mut run =
        start(dir.path(), STUCK_OUTPUT, &["--api-addr", "off", "--shutdown-timeout", "300ms"]);
    run.wait_for_line("running 1 inputs");
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    run.signal("TERM");
    let (status, _, lines) = run.finish();
    assert_eq!(status.code(), Some(1), "{lines:?}");
    assert!(signalled.elapsed() < Duration::from_secs(5), "{:?}", signalled.elapsed());
    assert!(lines.iter().any(|line| line.contains("stopped without draining")), "{lines:?}");
}

#[test]
fn run_second_signal_stops_at_once() {
    let dir = tempdir();
    let mut run =
        start(dir.path(), STUCK_OUTPUT, &["--api-addr", "off", "--shutdown-timeout", "60s"]);
    run.wait_for_line("running 1 inputs");
    run.signal("INT");
    run.wait_for_line("a second signal stops at once");
    let signalled = Instant::now();
    run.signal("INT");
    let (status, _, lines) = run.finish();
    assert_eq!(status.code(), Some(1), "{lines:?}");
    assert!(signalled.elapsed() < Duration::from_secs(5), "{:?}", signalled.elapsed());
    assert!(lines.iter().any(|line| line.contains("interrupted by a second signal")), "{lines:?}");
}

#[test]
fn run_job_timeout_sends_the_rest_of_a_batch_to_the_dead_letter_queue() {
    let dir = tempdir();
    app_log(dir.path(), 300);
    let pipeline = r#"
input app = file {
  paths = ["app.log"]
  read_from = "beginning"
}

transform parsed <- app {
  . = parse_json!(.message)
}

output archive <- parsed = file {
  path = "out/all.log"
}
"#;
    // A zero timeout has passed before the first chunk runs: every event is cut.
    let run = start(dir.path(), pipeline, &["--api-addr", "off", "--job-timeout", "0ms"]);
    let (status, _, lines) = run.finish();
    assert!(status.success(), "{lines:?}");
    assert_eq!(closing_counts(&lines), [300, 0, 0, 300]);
    let dlq =
        std::fs::read_to_string(dir.path().join("data/dlq/parsed.ndjson")).unwrap_or_default();
    assert_eq!(dlq.lines().count(), 300);
    assert!(dlq.contains("longer than the job timeout"), "{dlq}");
}

/// The generator stamps each event with when it was due and the blackhole
/// reports the age of that stamp: a latency summary over every event at the
/// end.
#[test]
fn run_reports_end_to_end_latency() {
    let dir = tempdir();
    let pipeline = r#"
input app = generator {
  format = "json"
  rate = 2000
  count = 400
  timestamp_field = "%created_at"
}

transform t <- app {
  . = parse_json!(.message)
  .env = "prod"
}

output sink <- t = blackhole {
  latency_field = "%created_at"
}
"#;
    let mut run = start(dir.path(), pipeline, &["--api-addr", "off"]);
    let summary = run.wait_for_line("latency over");
    let (status, _, _) = run.finish();
    assert!(status.success(), "{summary}");
    assert!(summary.contains("latency over 400 events: p50 "), "{summary}");
    let millis = |label: &str| -> f64 {
        let after = summary.split(label).nth(1).unwrap_or_default();
        let number: String =
            after.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
        number.parse().unwrap_or(f64::NAN)
    };
    let (p50, p99) = (millis("p50 "), millis("p99 "));
    // Ages are real durations: ordered, and well under the whole run.
    assert!(p50 >= 0.0 && p50 <= p99 && p99 < 5_000.0, "{summary}");
}

#[test]
fn run_refuses_a_file_that_does_not_check() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("bad.lgp"),
        "input a = stdin {}\noutput o <- nowhere = stdout {}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let bad = Command::new(LGP)
        .current_dir(dir.path())
        .args(["run", "bad.lgp", "--api-addr", "off"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("does not check; nothing was run"));
}

#[test]
fn run_interp_and_jit_write_the_same_files() {
    let pipeline = r#"
input app = file {
  paths = ["app.log"]
  read_from = "beginning"
}

transform parsed <- app {
  . = parse_json!(.message)
  if .level == "debug" { drop }
  .n2 = int!(.n) * 2
  if .level == "warn" { abort "no warnings" }
}

output archive <- parsed = file {
  path = "out/{{ .service }}.log"
}
"#;
    let mut outputs = Vec::new();
    for engine in ["interp", "jit"] {
        let dir = tempdir();
        app_log(dir.path(), 400);
        let (status, _, lines) =
            start(dir.path(), pipeline, &["--api-addr", "off", "--engine", engine]).finish();
        assert!(status.success(), "{engine}: {lines:?}");
        let files: Vec<String> = (0..3)
            .map(|s| {
                let text = std::fs::read_to_string(dir.path().join(format!("out/s{s}.log")))
                    .unwrap_or_default();
                // Workers finish batches in any order: compare the sets of lines.
                let mut lines: Vec<&str> = text.lines().collect();
                lines.sort_unstable();
                lines.join("\n")
            })
            .collect();
        outputs.push(files);
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0].iter().map(|f| f.lines().count()).sum::<usize>(), 200);
}

/// A chain of two transforms and a route, fused into one function: each
/// node still counts what it received, sent, dropped and aborted, and the
/// dead-letter queue names the node that aborted.
const FUSED_CHAIN: &str = r#"
input app = file {
  paths = ["app.log"]
  read_from = "beginning"
}

input keep_alive = generator {
  rate = 1
}

transform parsed <- app {
  . = parse_json!(.message)
  if .level == "debug" { drop }
}

transform checked <- parsed {
  if .level == "warn" { abort "no warnings" }
  .checked = true
}

route by_level <- checked {
  errors = .level == "error"
  _ = true
}

output errors <- by_level.errors = file {
  path = "out/errors.log"
}

output rest <- by_level._ = file {
  path = "out/rest.log"
}

output idle <- keep_alive = blackhole {}
"#;

#[test]
fn run_fused_chain_keeps_per_node_metrics_and_dead_letters() {
    for engine in ["interp", "jit"] {
        let dir = tempdir();
        app_log(dir.path(), 400);
        let flags = ["--api-addr", "127.0.0.1:0", "--engine", engine];
        let mut run = start(dir.path(), FUSED_CHAIN, &flags);
        let banner = run.wait_for_line("metrics on http://");
        let addr = banner.split("http://").nth(1).and_then(|r| r.strip_suffix("/metrics"));
        let addr = addr.unwrap_or_else(|| panic!("no address in {banner:?}")).to_string();
        let value = |body: &str, family: &str, node: &str| {
            sample_value(body, &format!("lgp_component_{family}{{component=\"{node}\""))
        };
        let mut body = String::new();
        let started = Instant::now();
        while value(&body, "sent_events_total", "by_level") != Some(200.0)
            && started.elapsed() < Duration::from_secs(20)
        {
            std::thread::sleep(Duration::from_millis(100));
            body = get(&addr, "/metrics").map(|(_, text)| text).unwrap_or_default();
        }
        run.signal("INT");
        let (status, _, lines) = run.finish();
        assert!(status.success(), "{engine}: {lines:?}");
        // 100 lines of each level: `parsed` drops the debug ones, `checked`
        // aborts the warnings, the route sends errors and infos on.
        let expected = [
            ("received_events_total", "parsed", 400.0),
            ("sent_events_total", "parsed", 300.0),
            ("dropped_events_total", "parsed", 100.0),
            ("received_events_total", "checked", 300.0),
            ("sent_events_total", "checked", 200.0),
            ("parse_errors_total", "checked", 100.0),
            ("received_events_total", "by_level", 200.0),
            ("sent_events_total", "by_level", 200.0),
        ];
        for (family, node, count) in expected {
            assert_eq!(
                value(&body, family, node),
                Some(count),
                "{engine}: {family} of {node}:\n{body}"
            );
        }
        assert_eq!(value(&body, "parse_errors_total", "parsed"), Some(0.0), "{engine}:\n{body}");
        let dlq = dir.path().join("data/dlq");
        assert_eq!(count_lines(&dlq.join("checked.ndjson")), 100, "{engine}");
        assert!(!dlq.join("parsed.ndjson").exists(), "{engine}");
        assert_eq!(count_lines(&dir.path().join("out/errors.log")), 100, "{engine}");
        assert_eq!(count_lines(&dir.path().join("out/rest.log")), 100, "{engine}");
    }
}

/// `GET path` over HTTP/1.1; the status and the body.
fn get(addr: &str, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, body.to_string()))
}

/// The value of the first sample line starting with `prefix`.
fn sample_value(body: &str, prefix: &str) -> Option<f64> {
    let line = body.lines().find(|line| line.starts_with(prefix))?;
    line.rsplit(' ').next()?.parse().ok()
}

/// A strict check of the Prometheus text format (0.0.4): every sample
/// belongs to a family whose `# TYPE` came first, names and labels are
/// well formed, values are numbers.
fn check_exposition(body: &str) {
    let mut typed: Vec<(String, String)> = Vec::new();
    for line in body.lines() {
        if let Some(help) = line.strip_prefix("# HELP ") {
            assert!(is_name(help.split(' ').next().unwrap_or("")), "bad HELP: {line}");
        } else if let Some(kind) = line.strip_prefix("# TYPE ") {
            let mut parts = kind.split(' ');
            let (name, kind) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            assert!(is_name(name) && parts.next().is_none(), "bad TYPE: {line}");
            assert!(
                ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                "{line}"
            );
            typed.push((name.to_string(), kind.to_string()));
        } else {
            check_sample(line, &typed);
        }
    }
    assert!(typed.iter().any(|(name, _)| name == "lgp_component_received_events_total"));
    assert!(
        typed
            .iter()
            .any(|(name, kind)| name == "lgp_batch_duration_seconds" && kind == "histogram")
    );
}

fn check_sample(line: &str, typed: &[(String, String)]) {
    let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("not a sample: {line:?}"));
    assert!(value.parse::<f64>().is_ok() || ["+Inf", "-Inf", "NaN"].contains(&value), "{line}");
    let (name, labels) = match series.split_once('{') {
        Some((name, labels)) => (name, Some(labels)),
        None => (series, None),
    };
    assert!(is_name(name), "bad metric name in {line:?}");
    if let Some(labels) = labels {
        let labels = labels.strip_suffix('}').unwrap_or_else(|| panic!("unclosed labels: {line}"));
        for pair in labels.split("\",").filter(|pair| !pair.is_empty()) {
            let (key, value) =
                pair.split_once("=\"").unwrap_or_else(|| panic!("bad label in {line}"));
            assert!(is_name(key) && !key.contains(':'), "bad label name in {line}");
            assert!(!value.contains('\n'), "{line}");
        }
    }
    let family = typed.iter().rev().find(|(family, kind)| {
        name == family
            || (kind == "histogram"
                && [("_bucket"), ("_sum"), ("_count")]
                    .iter()
                    .any(|s| name == format!("{family}{s}")))
    });
    assert!(family.is_some(), "sample before its # TYPE: {line}");
}

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// `promtool check metrics` where promtool is installed (CI installs it).
fn promtool_check(body: &str) {
    let Ok(mut child) = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return;
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(body.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let problems = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "promtool check metrics failed:\n{problems}");
}
