//! End-to-end tests of `lgp docs`: generation, `--check`, and the committed
//! pages under `docs/` being current.

use std::path::Path;
use std::process::{Command, Output};

fn lgp(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lgp"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|error| panic!("cannot run lgp: {error}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|error| panic!("no temp dir: {error}"))
}

#[test]
fn docs_functions_writes_the_default_path() {
    let dir = temp_dir();
    let output = lgp(dir.path(), &["docs", "functions"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(dir.path().join("docs/functions.md")).unwrap_or_default();
    assert!(page.starts_with("# Built-in functions\n"), "{page}");
    assert!(page.contains("### upcase\n"), "{page}");
    assert!(page.contains("upcase(value: string) -> string"), "{page}");
    assert!(page.contains("# => \"HELLO, WORLD\""), "{page}");
}

#[test]
fn docs_diagnostics_lists_every_family() {
    let dir = temp_dir();
    let output = lgp(dir.path(), &["docs", "diagnostics", "--output", "d.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(dir.path().join("d.md")).unwrap_or_default();
    for code in ["E0101", "E0202", "E0301", "E0401", "E0505", "E0602", "W0101"] {
        assert!(page.contains(&format!("## {code}\n")), "{code} missing");
    }
}

#[test]
fn docs_components_comes_from_the_option_tables() {
    let dir = temp_dir();
    let output = lgp(dir.path(), &["docs", "components"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(dir.path().join("docs/components.md")).unwrap_or_default();
    assert!(page.starts_with("# Components\n"), "{page}");
    assert!(page.contains("kafka"), "{page}");
}

#[test]
fn docs_check_passes_when_current_and_fails_when_stale_or_missing() {
    let dir = temp_dir();
    let check = ["docs", "functions", "--check", "--output", "f.md"];
    let missing = lgp(dir.path(), &check);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("`f.md` is missing"), "{}", stderr(&missing));

    let written = lgp(dir.path(), &["docs", "functions", "--output", "f.md"]);
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    assert_eq!(lgp(dir.path(), &check).status.code(), Some(0));

    std::fs::write(dir.path().join("f.md"), "# stale\n").unwrap_or_else(|e| panic!("{e}"));
    let stale = lgp(dir.path(), &check);
    assert_eq!(stale.status.code(), Some(1));
    assert!(stderr(&stale).contains("run `lgp docs functions`"), "{}", stderr(&stale));
}

#[test]
fn docs_without_a_page_is_a_usage_error() {
    let output = lgp(&std::env::temp_dir(), &["docs"]);
    assert_eq!(output.status.code(), Some(2));
}

/// The pages committed under `docs/` match the code; after adding a function
/// or a diagnostic code, run `lgp docs functions` / `lgp docs diagnostics`.
#[test]
fn docs_committed_pages_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for page in ["functions", "diagnostics", "components"] {
        let output = lgp(root, &["docs", page, "--check"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
}
