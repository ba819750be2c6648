//! `lgp fmt`: rewrite pipeline files in the canonical layout, or with
//! `--check` show what would change.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lgp_lang::SourceFile;
use lgp_lang::diag::render;

use super::{Outcome, read_source, read_stdin, write_stderr, write_stdout};

#[derive(clap::Args)]
pub struct FmtArgs {
    /// Change nothing: print a unified diff for each file that is not formatted and exit 1
    #[arg(long)]
    check: bool,
    /// The files to format in place; `-` reads standard input and writes standard output
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Formats every file (one bad file does not stop the others) and returns
/// the worst outcome.
pub fn run(args: &FmtArgs) -> Outcome {
    args.files.iter().map(|path| format_path(args, path)).max().unwrap_or(Outcome::Success)
}

fn format_path(args: &FmtArgs, path: &Path) -> Outcome {
    let is_stdin = path == Path::new("-");
    let name = if is_stdin { String::from("<stdin>") } else { path.display().to_string() };
    let read = if is_stdin { read_stdin() } else { read_source(path) };
    let text = match read {
        Ok(text) => text,
        Err(error) => return fail(&error),
    };
    let formatted = match lgp_lang::fmt::format(&text) {
        Ok(formatted) => formatted,
        Err(diagnostics) => {
            let file = SourceFile::new(name, text);
            write_stderr(&render::human(&diagnostics, &file, super::stderr_color()));
            return Outcome::Failure;
        }
    };
    if args.check {
        return check_formatted(&name, &text, &formatted);
    }
    if is_stdin {
        write_stdout(&formatted);
        return Outcome::Success;
    }
    match rewrite(path, &text, &formatted) {
        Ok(()) => Outcome::Success,
        Err(error) => fail(&error),
    }
}

fn fail(error: &anyhow::Error) -> Outcome {
    super::report_error(error);
    Outcome::Error
}

/// Prints a diff when the file is not in the canonical layout.
fn check_formatted(name: &str, text: &str, formatted: &str) -> Outcome {
    if text == formatted {
        return Outcome::Success;
    }
    write_stdout(&unified_diff(name, text, formatted));
    Outcome::Failure
}

/// Writes the file only when formatting changed it, so timestamps of
/// formatted files stay put.
fn rewrite(path: &Path, text: &str, formatted: &str) -> Result<()> {
    if text == formatted {
        return Ok(());
    }
    std::fs::write(path, formatted).with_context(|| format!("cannot write `{}`", path.display()))
}

/// A unified diff from the file as it is to the file as formatted.
fn unified_diff(name: &str, text: &str, formatted: &str) -> String {
    similar::TextDiff::from_lines(text, formatted)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .to_string()
}
