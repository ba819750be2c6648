//! End-to-end tests of `lgp fmt`: in-place rewrite, `--check` diffs, stdin,
//! syntax and I/O errors.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

/// Extra spaces and blank lines no canonical layout keeps.
const MESSY: &str = "input    app   =   stdin   {   }\n\n\n\noutput   out <-   app = stdout {  }\n";
const SYNTAX_ERROR: &str = "transform t <- app {\n  .x =\n}\n";

fn lgp(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lgp"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
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

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("no temp dir: {error}"));
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text)
            .unwrap_or_else(|error| panic!("write {name}: {error}"));
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|error| panic!("read {name}: {error}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The canonical layout of `src`, as `lgp fmt -` prints it.
fn canonical(src: &str) -> String {
    let dir = dir_with(&[]);
    let output = lgp(dir.path(), &["fmt", "-"], src);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn fmt_stdin_writes_stdout_and_is_idempotent() {
    let once = canonical(MESSY);
    assert!(once.contains("stdin"), "{once}");
    assert_eq!(canonical(&once), once);
}

#[test]
fn fmt_check_of_formatted_file_exits_0_silently() {
    let dir = dir_with(&[("ok.lgp", &canonical(MESSY))]);
    let output = lgp(dir.path(), &["fmt", "--check", "ok.lgp"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

// Needs the formatter: until it lands, `format` returns its input unchanged.
#[test]
fn fmt_check_prints_a_diff_and_exits_1() {
    let dir = dir_with(&[("messy.lgp", MESSY)]);
    let output = lgp(dir.path(), &["fmt", "--check", "messy.lgp"], "");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let diff = stdout(&output);
    assert!(diff.starts_with("--- messy.lgp\n+++ messy.lgp (formatted)\n"), "{diff}");
    assert!(diff.contains("\n-input    app   =   stdin   {   }\n"), "{diff}");
    assert!(diff.lines().any(|line| line.starts_with("+input app")), "{diff}");
    assert_eq!(read(dir.path(), "messy.lgp"), MESSY, "--check must not write");
}

// Needs the formatter.
#[test]
fn fmt_check_of_stdin_exits_1_when_unformatted() {
    let dir = dir_with(&[]);
    let output = lgp(dir.path(), &["fmt", "--check", "-"], MESSY);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("--- <stdin>\n"), "{}", stdout(&output));
}

// Needs the formatter.
#[test]
fn fmt_rewrites_files_in_place() {
    let dir = dir_with(&[("messy.lgp", MESSY)]);
    let output = lgp(dir.path(), &["fmt", "messy.lgp"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert_eq!(read(dir.path(), "messy.lgp"), canonical(MESSY));
    assert_ne!(read(dir.path(), "messy.lgp"), MESSY);
}

#[test]
fn fmt_leaves_formatted_files_untouched() {
    let dir = dir_with(&[("ok.lgp", &canonical(MESSY))]);
    let path = dir.path().join("ok.lgp");
    let past = SystemTime::now() - Duration::from_secs(3600);
    let file = std::fs::File::options().write(true).open(&path);
    file.and_then(|f| f.set_modified(past)).unwrap_or_else(|error| panic!("touch: {error}"));
    let output = lgp(dir.path(), &["fmt", "ok.lgp"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let modified = std::fs::metadata(&path).and_then(|m| m.modified());
    assert_eq!(modified.ok(), Some(past), "an unchanged file was rewritten");
}

// Needs the parser (through the formatter).
#[test]
fn fmt_syntax_error_renders_diagnostics_and_exits_1() {
    let dir = dir_with(&[("bad.lgp", SYNTAX_ERROR)]);
    let output = lgp(dir.path(), &["fmt", "bad.lgp"], "");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("error[E0101]"), "{}", stderr(&output));
    assert!(stderr(&output).contains("┌─ bad.lgp:"), "{}", stderr(&output));
    assert_eq!(read(dir.path(), "bad.lgp"), SYNTAX_ERROR, "a file with errors is not written");
}

#[test]
fn fmt_missing_file_exits_2() {
    let dir = dir_with(&[]);
    let output = lgp(dir.path(), &["fmt", "nope.lgp"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: cannot read `nope.lgp`"), "{}", stderr(&output));
}
