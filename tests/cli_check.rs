//! End-to-end tests of `lgp check`, `lgp explain` and the bare command:
//! exit statuses, every `--format`, `use`d files.

use std::path::Path;
use std::process::{Command, Output};

const CLEAN: &str = "input app = stdin {}\n\noutput out <- app = stdout {}\n";
/// A syntax error on line 3: the assignment has no value.
const SYNTAX_ERROR: &str =
    "input app = stdin {}\n\ntransform t <- app {\n  .x =\n}\n\noutput out <- t = stdout {}\n";
/// Nothing reads the input: a warning, not an error.
const UNUSED_INPUT: &str =
    "input app = stdin {}\ninput other = stdin {}\n\noutput out <- app = stdout {}\n";

/// Runs `lgp` in `dir` with `args`.
fn lgp(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lgp"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|error| panic!("cannot run lgp: {error}"))
}

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("no temp dir: {error}"));
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|error| panic!("mkdir: {error}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|error| panic!("write {name}: {error}"));
    }
    dir
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_clean_file_exits_0_with_summary() {
    let dir = dir_with(&[("ok.lgp", CLEAN)]);
    let output = lgp(dir.path(), &["check", "ok.lgp"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "ok.lgp: ok\n");
    assert_eq!(stdout(&output), "");
}

#[test]
fn check_missing_file_exits_2() {
    let dir = dir_with(&[]);
    let output = lgp(dir.path(), &["check", "nope.lgp"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: cannot read `nope.lgp`"), "{}", stderr(&output));
}

#[test]
fn check_non_utf8_file_exits_2() {
    let dir = dir_with(&[]);
    std::fs::write(dir.path().join("bin.lgp"), [0xff, 0xfe, 0x00])
        .unwrap_or_else(|error| panic!("write: {error}"));
    let output = lgp(dir.path(), &["check", "bin.lgp"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not valid UTF-8"), "{}", stderr(&output));
}

#[test]
fn check_worst_status_wins_across_files() {
    let dir = dir_with(&[("ok.lgp", CLEAN)]);
    let output = lgp(dir.path(), &["check", "ok.lgp", "nope.lgp"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("ok.lgp: ok"), "the readable file is still checked");
}

#[test]
fn check_without_files_is_a_usage_error() {
    let dir = dir_with(&[]);
    let output = lgp(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("FILE"), "{}", stderr(&output));
}

#[test]
fn check_unknown_format_is_a_usage_error() {
    let dir = dir_with(&[("ok.lgp", CLEAN)]);
    let output = lgp(dir.path(), &["check", "--format", "xml", "ok.lgp"]);
    assert_eq!(output.status.code(), Some(2));
}

// Needs the parser: until it lands, every file parses as an empty program.
#[test]
fn check_syntax_error_human() {
    let dir = dir_with(&[("bad.lgp", SYNTAX_ERROR)]);
    let output = lgp(dir.path(), &["check", "bad.lgp"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("error[E0101]"), "{text}");
    assert!(text.contains("┌─ bad.lgp:"), "{text}");
    assert!(text.contains("= see: lgp explain E0101"), "{text}");
    assert!(text.ends_with("bad.lgp: 1 error\n"), "{text}");
    assert!(!text.contains('\u{1b}'), "NO_COLOR is set, yet: {text:?}");
}

// Needs the parser.
#[test]
fn check_syntax_error_short() {
    let dir = dir_with(&[("bad.lgp", SYNTAX_ERROR)]);
    let output = lgp(dir.path(), &["check", "--format", "short", "bad.lgp"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    let first = text.lines().next().unwrap_or_default();
    assert!(first.starts_with("bad.lgp:"), "{text}");
    assert!(first.contains(": error[E0101]: "), "{text}");
    assert_eq!(stdout(&output), "");
}

// Needs the parser.
#[test]
fn check_syntax_error_json() {
    let dir = dir_with(&[("bad.lgp", SYNTAX_ERROR)]);
    let output = lgp(dir.path(), &["check", "--format", "json", "bad.lgp"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(!text.is_empty(), "no JSON on stdout");
    for line in text.lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|error| panic!("not JSON ({error}): {line}"));
        assert_eq!(value["code"], "E0101");
        assert_eq!(value["severity"], "error");
        assert_eq!(value["file"], "bad.lgp");
        assert!(value["line"].as_u64().is_some_and(|line| line >= 3), "{line}");
        assert!(value["labels"].is_array(), "{line}");
    }
}

// Needs the parser.
#[test]
fn check_syntax_error_github() {
    let dir = dir_with(&[("bad.lgp", SYNTAX_ERROR)]);
    let output = lgp(dir.path(), &["check", "--format", "github", "bad.lgp"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("::error file=bad.lgp,line="), "{text}");
    assert!(text.contains(",title=E0101::"), "{text}");
}

#[test]
fn check_clean_file_prints_nothing_in_machine_formats() {
    let dir = dir_with(&[("ok.lgp", CLEAN)]);
    for format in ["json", "github", "short"] {
        let output = lgp(dir.path(), &["check", "--format", format, "ok.lgp"]);
        assert_eq!(output.status.code(), Some(0), "{format}: {}", stderr(&output));
        assert_eq!(stdout(&output), "", "{format}");
    }
}

// Needs the checker's unused-input warning (W0101).
#[test]
fn check_deny_warnings_turns_warnings_into_failure() {
    let dir = dir_with(&[("warn.lgp", UNUSED_INPUT)]);
    let allowed = lgp(dir.path(), &["check", "warn.lgp"]);
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
    assert!(stderr(&allowed).contains("warning[W0101]"), "{}", stderr(&allowed));
    assert!(stderr(&allowed).ends_with("warn.lgp: 1 warning\n"), "{}", stderr(&allowed));
    let denied = lgp(dir.path(), &["check", "--deny-warnings", "warn.lgp"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
}

// Needs the parser and the checker (use resolution, return types).
#[test]
fn check_reports_errors_inside_used_files() {
    let dir = dir_with(&[
        (
            "pipelines/main.lgp",
            "use \"lib/common.lgp\"\n\ninput app = stdin {}\n\noutput out <- app = stdout {}\n",
        ),
        ("pipelines/lib/common.lgp", "fn answer() -> int {\n  \"forty-two\"\n}\n"),
    ]);
    let output = lgp(dir.path(), &["check", "--format", "short", "pipelines/main.lgp"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("pipelines/lib/common.lgp:2:"), "{}", stderr(&output));
}

#[test]
fn check_use_of_missing_file_does_not_crash() {
    let dir = dir_with(&[("main.lgp", "use \"nope.lgp\"\n\ninput app = stdin {}\n")]);
    let output = lgp(dir.path(), &["check", "main.lgp"]);
    // Exit 1 once the checker reports E0205; never a crash (101) or an I/O failure.
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", stderr(&output));
}

#[test]
fn no_arguments_prints_help() {
    let dir = dir_with(&[]);
    let output = lgp(dir.path(), &[]);
    let text = stderr(&output) + &stdout(&output);
    assert!(text.contains("Usage: lgp"), "{text}");
    for command in ["check", "fmt", "docs", "explain"] {
        assert!(text.contains(command), "{command} missing from help: {text}");
    }
}

#[test]
fn version_comes_from_cargo() {
    let dir = dir_with(&[]);
    let output = lgp(dir.path(), &["--version"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), format!("lgp {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn explain_prints_the_long_doc() {
    let dir = dir_with(&[]);
    let output = lgp(dir.path(), &["explain", "e0401"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("## E0401\n"), "{text}");
    assert!(text.contains("unhandled error from fallible call"), "{text}");
    assert!(text.contains("`let v, err = f(...)`"), "{text}");
}

#[test]
fn explain_unknown_code_exits_2() {
    let dir = dir_with(&[]);
    let output = lgp(dir.path(), &["explain", "E9999"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: unknown diagnostic code `E9999`"));
}
