//! The command line: argument parsing, the shared parse -> check pipeline
//! ([`analyze`]) that `check`, `test` and `repl` all run, and output helpers.
//!
//! Exit statuses: 0 clean, 1 when the command found problems (diagnostics,
//! unformatted files, stale docs), 2 on usage and I/O errors.

mod bench;
mod check;
mod docs;
mod explain;
mod fmt;
mod repl;
mod run;
mod test;

use std::cell::RefCell;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand};
use lgp_lang::check::{Checked, Loader};
use lgp_lang::diag::render::Sources;
use lgp_lang::{Diagnostic, Severity, SourceFile};

/// Pipeline files larger than this are refused: no real pipeline comes
/// close, and the cap keeps memory bounded on a wrong argument.
const MAX_SOURCE_BYTES: u64 = 16 * 1024 * 1024;

/// Logaggregator: log pipelines as compiled programs.
#[derive(Parser)]
#[command(name = "lgp", version, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check pipeline files and print their diagnostics
    Check(check::CheckArgs),
    /// Rewrite pipeline files in the canonical layout
    Fmt(fmt::FmtArgs),
    /// Generate the reference documentation under docs/
    Docs(docs::DocsArgs),
    /// Print the long documentation of a diagnostic code such as E0401
    Explain(explain::ExplainArgs),
    /// Run the `test` blocks of pipeline files
    Test(test::TestArgs),
    /// Measure a pipeline's transform chain on the lines of a file
    Bench(bench::BenchArgs),
    /// Evaluate statements against an event, interactively or from piped input
    Repl(repl::ReplArgs),
    /// Run a pipeline as the agent until its inputs end or a signal stops it
    Run(run::RunArgs),
}

/// How a command ended; the order is severity, so several files combine with `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: the command worked and found problems.
    Failure,
    /// Exit 2: a file could not be read or written.
    Error,
}

/// Runs the command line and returns the process exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => Ok(check::run(args)),
        Command::Fmt(args) => Ok(fmt::run(args)),
        Command::Docs(args) => docs::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Test(args) => test::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Repl(args) => repl::run(args),
        Command::Run(args) => run::run(args),
    };
    let outcome = result.unwrap_or_else(|error| {
        report_error(&error);
        Outcome::Error
    });
    match outcome {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::Failure => ExitCode::from(1),
        Outcome::Error => ExitCode::from(2),
    }
}

/// A file parsed and checked, with everything the commands need from it.
pub struct Analysis {
    pub file: SourceFile,
    /// Files read through `use`, so diagnostics pointing into them render.
    pub used: Vec<SourceFile>,
    pub checked: Checked,
    /// Syntax and check diagnostics, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn sources(&self) -> Sources<'_> {
        Sources::new(&self.file).with_used(&self.used)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Parses and checks one file; `use`d files are read relative to the file
/// that names them. Never fails: every problem is a diagnostic.
pub fn analyze(file: SourceFile) -> Analysis {
    let (program, mut diagnostics) = lgp_lang::parser::parse(&file.text);
    let loader = FsLoader::default();
    let (checked, checked_diagnostics) =
        lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &loader);
    diagnostics.extend(checked_diagnostics);
    lgp_lang::diag::sort(&mut diagnostics);
    Analysis { file, used: loader.files.into_inner(), checked, diagnostics }
}

/// Reads `use`d files from disk and keeps them for rendering.
#[derive(Default)]
struct FsLoader {
    files: RefCell<Vec<SourceFile>>,
}

impl Loader for FsLoader {
    fn load(&self, from: &str, path: &str) -> Result<(String, String), String> {
        let base = Path::new(from).parent().unwrap_or(Path::new(""));
        let full = base.join(path);
        let name = full.display().to_string();
        let text = read_source(&full).map_err(|error| format!("{error:#}"))?;
        let mut files = self.files.borrow_mut();
        if !files.iter().any(|f| f.name == name) {
            files.push(SourceFile::new(name.clone(), text.clone()));
        }
        Ok((text, name))
    }
}

/// Reads a pipeline file, refusing huge and non-UTF-8 files.
///
/// # Errors
/// When the file cannot be opened or read, is too large or is not UTF-8.
pub fn read_source(path: &Path) -> Result<String> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).with_context(|| format!("cannot read `{name}`"))?;
    read_limited(file, &name)
}

/// Reads standard input as a pipeline file.
///
/// # Errors
/// As [`read_source`].
pub fn read_stdin() -> Result<String> {
    read_limited(std::io::stdin().lock(), "<stdin>")
}

fn read_limited(reader: impl Read, name: &str) -> Result<String> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read `{name}`"))?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        bail!("`{name}` is larger than {} MiB", MAX_SOURCE_BYTES / 1024 / 1024);
    }
    String::from_utf8(bytes).map_err(|_| anyhow!("`{name}` is not valid UTF-8"))
}

/// True when diagnostics on stderr should be coloured: a terminal, and no
/// `NO_COLOR` (<https://no-color.org>).
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Writes to stdout. A closed pipe (`lgp ... | head`) is not worth a panic
/// or an error message, so write errors are ignored.
pub fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Writes to stderr, ignoring write errors as [`write_stdout`] does.
pub fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Prints an error that stops a command, with its causes on the same line.
pub fn report_error(error: &anyhow::Error) {
    write_stderr(&format!("error: {error:#}\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_limited_refuses_huge_input() {
        let huge = std::io::repeat(b'a').take(MAX_SOURCE_BYTES + 10);
        let error = read_limited(huge, "big.lgp").err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("`big.lgp` is larger than 16 MiB"));
    }

    #[test]
    fn read_limited_refuses_invalid_utf8() {
        let error = read_limited(&[0xffu8, 0x00][..], "x.lgp").err().map(|e| e.to_string());
        assert_eq!(error.as_deref(), Some("`x.lgp` is not valid UTF-8"));
    }

    #[test]
    fn loader_resolves_relative_to_the_including_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
        let lib = dir.path().join("lib");
        std::fs::create_dir_all(&lib).unwrap_or_else(|error| panic!("{error}"));
        std::fs::write(lib.join("a.lgp"), "const A = 1\n")
            .unwrap_or_else(|error| panic!("{error}"));
        let main = dir.path().join("main.lgp").display().to_string();
        let loader = FsLoader::default();
        let (text, name) = loader.load(&main, "lib/a.lgp").unwrap_or_default();
        assert_eq!(text, "const A = 1\n");
        assert!(name.ends_with("lib/a.lgp"), "{name}");
        // A second `use` of the same file is remembered once.
        let again = loader.load(&main, "lib/a.lgp").map(|(_, name)| name);
        assert_eq!(again.as_deref(), Ok(name.as_str()));
        assert_eq!(loader.files.borrow().len(), 1);
        assert!(loader.load(&main, "missing.lgp").is_err_and(|e| e.starts_with("cannot read")));
    }
}
