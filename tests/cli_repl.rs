//! End-to-end tests of `lgp repl`: a scripted session through piped stdin
//! (exact output), and a person at a terminal through a pseudo-terminal
//! (multi-line entry, Tab completion, history, `:quit`).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

fn lgp(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lgp"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("XDG_STATE_HOME", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run lgp: {error}"));
    if let Some(mut input) = child.stdin.take() {
        // lgp may exit before reading stdin (a usage error); that is fine.
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().unwrap_or_else(|error| panic!("lgp did not finish: {error}"))
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|error| panic!("no temp dir: {error}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SESSION: &str = r#":event {"message": "{\"status\": 200, \"path\": \"/api\"}", "host": "web-1"}
.host = upcase(.host)
parse_json(.message)
let parsed = parse_json!(.message)
.status = parsed.status
.status + 1
:type .status
:type parse_json(.message)
:help upcase
parsed.path
:reset
.
parsed
"#;

const SESSION_STDOUT: &str = r#"{"host":"web-1","message":"{\"status\": 200, \"path\": \"/api\"}"}
"WEB-1"
{"path":"/api","status":200}
200
201
int
null|bool|int|float|string|array|object (fallible: handle it with `!`, `??` or `let v, err = ...`)
upcase(value: string) -> string

Returns `value` with every letter in upper case (Unicode-aware).

Parameters:
  value  string, required: The string to convert.

Examples:
  # ASCII
  upcase("Hello, World")
  => "HELLO, WORLD"
  # Unicode
  upcase("straße")
  => "STRASSE"
"/api"
{}
"#;

const SESSION_STDERR: &str = "\
error[E0401]: unhandled error from fallible call `parse_json`
  ┌─ <repl>:1:1
  │
1 │ parse_json(.message)
  │ ^^^^^^^^^^^^^^^^^^^^ this call can fail: `.message` may not be valid JSON
  │
  = help: handle it: `parse_json!(.message)` aborts the event on error, `parse_json(.message) ?? {}` substitutes a value, or `let message, err = parse_json(.message)` binds both
  = see: lgp explain E0401

error[E0202]: unknown variable `parsed`
  ┌─ <repl>:1:1
  │
1 │ parsed
  │ ^^^^^^ not bound here
  │
  = help: bind it first: `let parsed = ...`
  = see: lgp explain E0202

";

#[test]
fn repl_piped_session_prints_one_result_per_entry() {
    let dir = temp_dir();
    let output = lgp(dir.path(), &["repl"], SESSION);
    assert_eq!(text(&output.stdout), SESSION_STDOUT);
    assert_eq!(text(&output.stderr), SESSION_STDERR);
    // An entry failed, so a script can tell.
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn repl_piped_multiline_entries_and_clean_exit() {
    let dir = temp_dir();
    let script = ".a = 1\n.a + 1\nlet xs = [\n  .a,\n  2\n]\nif .a > 0 {\n  \"pos\"\n} else {\n  \"neg\"\n}\nxs\n:quit\n.never\n";
    let output = lgp(dir.path(), &["repl"], script);
    assert_eq!(text(&output.stdout), "1\n2\n[1,2]\n\"pos\"\n[1,2]\n");
    assert_eq!(text(&output.stderr), "");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn repl_loads_declarations_of_a_file() {
    let dir = temp_dir();
    let pipeline = "const SUFFIX = \"!\"\nfn shout(s: string) -> string { upcase(s) + SUFFIX }\n\
                    input app = stdin {}\noutput out <- app = stdout { codec = \"json\" }\n";
    std::fs::write(dir.path().join("lib.lgp"), pipeline).unwrap_or_else(|e| panic!("{e}"));
    let output = lgp(dir.path(), &["repl", "lib.lgp"], "shout(\"hey\")\n");
    assert_eq!(text(&output.stdout), "\"HEY!\"\n");
    assert_eq!(text(&output.stderr), "defined `SUFFIX`, `shout`\n");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn repl_runtime_failures_leave_the_event_unchanged() {
    let dir = temp_dir();
    let script = ":event {\"message\": \"not json\"}\n.seen = true\n. = parse_json!(.message)\n.\n";
    let output = lgp(dir.path(), &["repl"], script);
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout,
        "{\"message\":\"not json\"}\ntrue\n{\"message\":\"not json\",\"seen\":true}\n"
    );
    assert!(text(&output.stderr).starts_with("error: aborted: parse_json: "), "{output:?}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn repl_jit_engine_is_not_built_yet() {
    let dir = temp_dir();
    let output = lgp(dir.path(), &["repl", "--engine", "jit"], "");
    assert!(text(&output.stderr).contains("the JIT engine is not built yet"), "{output:?}");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn repl_help_documents_the_piped_format() {
    let dir = temp_dir();
    let output = lgp(dir.path(), &["repl", "--help"], "");
    let help = text(&output.stdout);
    assert!(help.contains("one line of compact JSON"), "{help}");
    assert!(help.contains("--engine"), "{help}");
}

/// `lgp repl` in a pseudo-terminal, with colour off so the screen text is
/// plain and the history in `state`.
fn terminal(state: &Path) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lgp"));
    command
        .arg("repl")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("XDG_STATE_HOME", state)
        .current_dir(state);
    let options = Options::new().timeout_ms(Some(30_000)).strip_ansi_escape_codes(true);
    spawn_with_options(command, options).unwrap_or_else(|error| panic!("no pty: {error}"))
}

/// Waits for `value` printed on a line of its own, then for the next prompt,
/// so the next keys go to a waiting line editor.
fn expect_result(repl: &mut PtySession, value: &str) {
    let pattern = format!(r"\n{}\r?\n", regex_escape(value));
    expect(value, repl.exp_regex(&pattern));
    expect("next prompt", repl.exp_string("lgp> "));
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(
            |c| {
                if c.is_ascii_alphanumeric() || c == ' ' { c.to_string() } else { format!("\\{c}") }
            },
        )
        .collect()
}

/// Unwraps a step, naming it in the failure message.
fn expect<T>(what: &str, result: Result<T, rexpect::error::Error>) -> T {
    result.unwrap_or_else(|error| panic!("{what}: {error}"))
}

#[test]
fn repl_terminal_session_edits_completes_and_remembers() {
    let state = temp_dir();
    let mut repl = terminal(state.path());
    expect("banner", repl.exp_string("`:help` for help"));
    expect("prompt", repl.exp_string("lgp> "));

    // Values are pretty-printed on a terminal.
    expect("event", repl.send_line(r#":event {"level": "warn", "n": 2}"#));
    expect("pretty event", repl.exp_regex(r#"\{\r?\n  "level": "warn",\r?\n  "n": 2\r?\n\}"#));
    expect("prompt after event", repl.exp_string("lgp> "));

    expect("arithmetic", repl.send_line(".n * 21"));
    expect_result(&mut repl, "42");

    // Up twice recalls `.n * 21`, which now sees `.n = 3`.
    expect("assign", repl.send_line(".n = 3"));
    expect_result(&mut repl, "3");
    expect("up up", repl.send("\x1b[A\x1b[A"));
    expect("flush", repl.flush());
    expect("recalled", repl.exp_string(".n * 21"));
    expect("enter", repl.send_line(""));
    expect_result(&mut repl, "63");

    // An entry stays open until its brace closes; its lines alone would
    // be syntax errors, not this object.
    expect("open", repl.send_line("{"));
    expect("field a", repl.send_line(r#"  "a": .n * 10,"#));
    expect("field b", repl.send_line(r#"  "b": "x""#));
    expect("close", repl.send_line("}"));
    expect("object", repl.exp_regex(r#"\{\r?\n  "a": 30,\r?\n  "b": "x"\r?\n\}"#));
    expect("prompt after object", repl.exp_string("lgp> "));

    // Tab completes the only function starting with `upca`, with its `(`.
    expect("partial name", repl.send("upca"));
    expect("tab", repl.send("\t"));
    expect("flush", repl.flush());
    // The line is redrawn from the cursor: only the completed part shows.
    expect("completed", repl.exp_string("se("));
    expect("arguments", repl.send_line(r#""x")"#));
    expect_result(&mut repl, r#""X""#);

    expect("quit", repl.send_line(":quit"));
    expect("exit", repl.exp_eof());

    let history = std::fs::read_to_string(state.path().join("lgp/history"))
        .unwrap_or_else(|error| panic!("no history file: {error}"));
    assert!(history.contains(".n * 21"), "{history}");
    assert!(history.contains(":quit"), "{history}");

    // The next session starts with that history: Up recalls `:quit`.
    let mut again = terminal(state.path());
    expect("second prompt", again.exp_string("lgp> "));
    expect("up", again.send("\x1b[A"));
    expect("flush", again.flush());
    expect("recalled quit", again.exp_string(":quit"));
    expect("enter", again.send_line(""));
    expect("second exit", again.exp_eof());
}
