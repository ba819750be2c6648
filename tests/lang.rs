//! Data-driven language tests: every `tests/lang/**/*.lgp` file and every `examples/*.lgp`,
//! plus checks that every diagnostic code is covered by a test and has a working example.
//!
//! A test file is an ordinary `.lgp` program whose leading `#` comment lines (the header)
//! hold its expectations; being comments, they do not change what the program means.
//!
//! ```text
//! # diagnostics:
//! #   7:7 error[E0401] unhandled error from fallible call `parse_json`
//! #   lib/common.lgp:2:3 warning[W0101] function `unused` is never called
//! # input:  {"message": "a=1"}
//! # output: {"message": "a=1", "a": "1"}
//! input app = stdin {}
//! ...
//! # --- file: lib/common.lgp
//! fn unused() -> int { 1 }
//! ```
//!
//! - `diagnostics: ok` means no error and no warning; otherwise one line per diagnostic,
//!   `[file:]line:col severity[CODE] message`, compared as a sorted list.
//! - `input:`, `output:`, `dropped:` and `aborted:` hold events, one JSON value per line. They
//!   run through [`run_engines`]; until an engine exists the case checks only its diagnostics
//!   (with no `diagnostics:` key: no errors) and reports `ok (check only)`.
//! - `skip: <reason>` ignores the file.
//! - `# --- file: NAME` lines split the file; parts after the first are served to `use`
//!   under NAME, relative to the test file's directory.
//!
//! `LGP_BLESS=1` rewrites the `diagnostics:` section of each failing file with what the
//! checker reported, shifting line numbers by the lines the header gained or lost.
//! Positional arguments filter cases by substring, as libtest's do.

use std::collections::BTreeSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lgp_lang::diag::Code;

#[path = "lang/harness/bless.rs"]
mod bless;
#[path = "lang/harness/diag_line.rs"]
mod diag_line;
#[path = "lang/harness/engines.rs"]
mod engines;
#[path = "lang/harness/header.rs"]
mod header;
#[path = "lang/harness/report.rs"]
mod report;
#[path = "lang/harness/self_test.rs"]
mod self_test;
#[path = "lang/harness/source.rs"]
mod source;

use diag_line::{DiagLine, compare_diagnostics, diff};
use header::Header;
use report::Summary;
use source::{TestFile, analyze};

/// A case that takes longer than this is reported as failed (the checker is looping).
const CASE_TIMEOUT: Duration = Duration::from_secs(20);

fn main() -> ExitCode {
    let options = CliOptions::parse(std::env::args().skip(1));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let all_cases = collect_cases(&root);
    if options.list {
        all_cases.iter().for_each(|case| println!("{}: test", case.name));
        return ExitCode::SUCCESS;
    }
    let total = all_cases.len();
    let cases: Vec<Case> =
        all_cases.into_iter().filter(|case| options.selects(&case.name)).collect();
    let mut summary = Summary::new(total - cases.len());
    println!("\nrunning {} tests", cases.len());
    let started = Instant::now();
    for case in cases {
        let name = case.name.clone();
        let verdict = run_isolated(case, root.clone());
        summary.record(&name, verdict, options.quiet);
    }
    summary.finish(started.elapsed())
}

// ---- command line -------------------------------------------------------------------------

/// The libtest options this harness honours; the others cargo may pass are accepted and ignored.
#[derive(Default)]
struct CliOptions {
    filters: Vec<String>,
    skips: Vec<String>,
    exact: bool,
    list: bool,
    quiet: bool,
}

impl CliOptions {
    fn parse(args: impl Iterator<Item = String>) -> CliOptions {
        let mut options = CliOptions::default();
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--exact" => options.exact = true,
                "--list" => options.list = true,
                "-q" | "--quiet" => options.quiet = true,
                "--skip" => options.skips.extend(args.next()),
                "--test-threads" | "--color" | "--format" | "--logfile" | "-Z" => {
                    args.next();
                }
                _ if arg.starts_with("--skip=") => {
                    options.skips.extend(arg.strip_prefix("--skip=").map(str::to_string));
                }
                _ if arg.starts_with('-') => {}
                _ => options.filters.push(arg),
            }
        }
        options
    }

    fn selects(&self, name: &str) -> bool {
        let matches = |filter: &String| {
            if self.exact { name == filter } else { name.contains(filter.as_str()) }
        };
        let wanted = self.filters.is_empty() || self.filters.iter().any(matches);
        wanted && !self.skips.iter().any(|skip| name.contains(skip.as_str()))
    }
}

// ---- cases --------------------------------------------------------------------------------

struct Case {
    /// `lang::types/int_plus_string`.
    name: String,
    kind: CaseKind,
}

enum CaseKind {
    /// A file under `tests/lang/` with its expectations in the header.
    File(PathBuf),
    /// A file under `examples/`: it must check clean.
    Example(PathBuf),
    /// Every code appears in some test file's expected diagnostics.
    Coverage,
    /// The harness's checks of itself.
    SelfTest,
    /// A code's `example` produces it and its `fixed` does not.
    CodeExample(Code),
}

/// How one case ended.
pub enum Verdict {
    Pass,
    /// The file was rewritten by `LGP_BLESS=1` and now passes.
    Blessed,
    Ignored(String),
    Fail(String),
}

fn collect_cases(root: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for path in lgp_files(&root.join("tests/lang")) {
        let name = case_name(&root.join("tests/lang"), &path);
        cases.push(Case { name, kind: CaseKind::File(path) });
    }
    for path in lgp_files(&root.join("examples")) {
        let name = format!("examples/{}", case_name(&root.join("examples"), &path));
        cases.push(Case { name, kind: CaseKind::Example(path) });
    }
    cases.push(Case { name: "harness/self_test".into(), kind: CaseKind::SelfTest });
    cases.push(Case { name: "coverage/codes".into(), kind: CaseKind::Coverage });
    for &code in Code::ALL {
        cases.push(Case { name: format!("codes/{code}"), kind: CaseKind::CodeExample(code) });
    }
    cases.iter_mut().for_each(|case| case.name = format!("lang::{}", case.name));
    cases
}

/// `types/int_plus_string` for `<dir>/types/int_plus_string.lgp`.
fn case_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path).with_extension("");
    relative.to_string_lossy().replace('\\', "/")
}

/// Every `.lgp` file under `dir`, sorted, skipping `data/` directories of sample logs.
fn lgp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for path in entries.flatten().map(|entry| entry.path()) {
            if path.is_dir() && !path.ends_with("data") {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "lgp") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Runs a case on its own thread, so that a panic or an endless loop in the checker fails
/// that case only. A thread that times out is left behind; the process exit ends it.
fn run_isolated(case: Case, root: PathBuf) -> Verdict {
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new().stack_size(16 << 20).spawn(move || {
        let result = std::panic::catch_unwind(AssertUnwindSafe(move || run_case(&case, &root)));
        let _ = sender.send(result.unwrap_or_else(|panic| Verdict::Fail(panic_text(&panic))));
    });
    if let Err(err) = spawned {
        return Verdict::Fail(format!("cannot start a thread: {err}"));
    }
    receiver.recv_timeout(CASE_TIMEOUT).unwrap_or_else(|err| match err {
        mpsc::RecvTimeoutError::Timeout => {
            Verdict::Fail(format!("timed out after {CASE_TIMEOUT:?}"))
        }
        mpsc::RecvTimeoutError::Disconnected => Verdict::Fail("the case thread died".into()),
    })
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string payload)".into());
    format!("panicked: {text}")
}

fn run_case(case: &Case, root: &Path) -> Verdict {
    match &case.kind {
        CaseKind::File(path) => run_file(root, path, FileRole::Test, bless::requested()),
        CaseKind::Example(path) => run_file(root, path, FileRole::Example, false),
        CaseKind::Coverage => run_coverage(root),
        CaseKind::SelfTest => match self_test::run() {
            problems if problems.is_empty() => Verdict::Pass,
            problems => Verdict::Fail(problems.join("\n")),
        },
        CaseKind::CodeExample(code) => run_code_example(root, *code),
    }
}

// ---- one test file --------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum FileRole {
    /// Under `tests/lang/`: expectations come from the header, which bless may rewrite.
    Test,
    /// Under `examples/`: the header is prose; the program must check clean.
    Example,
}

/// Checks one file against its header; with `bless`, a diagnostics mismatch rewrites the
/// header and the file is checked once more.
fn run_file(root: &Path, path: &Path, role: FileRole, bless: bool) -> Verdict {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => return Verdict::Fail(format!("cannot read {}: {err}", path.display())),
    };
    let display = path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let test_file = TestFile::split(&display, &text);
    let header = match role {
        FileRole::Test => match Header::parse(&test_file.main) {
            Ok(header) => header,
            Err(message) => return Verdict::Fail(format!("malformed header: {message}")),
        },
        FileRole::Example => Header { diagnostics: Some(Vec::new()), ..Header::default() },
    };
    if let Some(reason) = header.skip {
        return Verdict::Ignored(reason);
    }
    let analysis = analyze(root, &test_file);
    match compare_diagnostics(&header, &analysis.diagnostics) {
        Ok(()) => engines::check_runtime(&header, &analysis),
        Err(mismatch) if !bless => Verdict::Fail(mismatch),
        Err(_) => match bless::bless(path, &text, &analysis.diagnostics) {
            Ok(()) => rerun_blessed(root, path, role),
            Err(message) => Verdict::Fail(message),
        },
    }
}

fn rerun_blessed(root: &Path, path: &Path, role: FileRole) -> Verdict {
    match run_file(root, path, role, false) {
        Verdict::Pass => Verdict::Blessed,
        Verdict::Fail(message) => {
            Verdict::Fail(format!("still failing after blessing:\n{message}"))
        }
        other => other,
    }
}

// ---- harness-level cases --------------------------------------------------------------------

/// Codes no whole program can provoke, with the reason and where they are
/// tested instead.
const UNPROVOKABLE: &[(Code, &str)] = &[(
    Code::TooComplex,
    "no input exhausts the parser's budget once nesting is capped; \
     lang/src/parser/tests.rs forces a tiny budget instead",
)];

/// Every code must be expected by at least one test file.
fn run_coverage(root: &Path) -> Verdict {
    let mut covered = BTreeSet::new();
    for path in lgp_files(&root.join("tests/lang")) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let main = TestFile::split("", &text).main;
        let expected = Header::parse(&main).ok().and_then(|header| header.diagnostics);
        covered.extend(expected.unwrap_or_default().iter().filter_map(DiagLine::code));
    }
    let missing: Vec<String> = Code::ALL
        .iter()
        .filter(|code| !covered.contains(*code) && !UNPROVOKABLE.iter().any(|(c, _)| c == *code))
        .map(Code::to_string)
        .collect();
    if missing.is_empty() {
        return Verdict::Pass;
    }
    Verdict::Fail(format!(
        "{} of {} codes appear in no test file's expected diagnostics:\n  {}",
        missing.len(),
        Code::ALL.len(),
        missing.join(" ")
    ))
}

/// A code's documented example must produce it, and its fixed version must not.
fn run_code_example(root: &Path, code: Code) -> Verdict {
    let info = code.info();
    if let Some((_, reason)) = UNPROVOKABLE.iter().find(|(c, _)| *c == code) {
        return Verdict::Ignored((*reason).to_string());
    }
    if info.example.is_empty() {
        return Verdict::Fail("no example yet".into());
    }
    if info.fixed.is_empty() {
        return Verdict::Fail("no fixed example yet".into());
    }
    let mut problems = Vec::new();
    for (label, source, wanted) in [("example", info.example, true), ("fixed", info.fixed, false)] {
        let test_file = TestFile::split(&format!("{code}.{label}.lgp"), source);
        let diagnostics = analyze(root, &test_file).diagnostics;
        if diagnostics.iter().any(|line| line.code() == Some(code)) != wanted {
            let verb = if wanted { "does not produce" } else { "still produces" };
            problems
                .push(format!("the {label} {verb} {code}; it gives:\n{}", diff(&[], &diagnostics)));
        }
    }
    if problems.is_empty() { Verdict::Pass } else { Verdict::Fail(problems.join("\n")) }
}
