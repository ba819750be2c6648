//! `lgp explain CODE`: the long documentation of a diagnostic code, offline.

use anyhow::{Result, bail};
use lgp_lang::Code;

use super::{Outcome, docs, write_stdout};

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// A diagnostic code, such as E0401 or W0101
    #[arg(value_name = "CODE")]
    code: String,
}

/// Prints the code's section of `docs/diagnostics.md`.
///
/// # Errors
/// When no diagnostic has that code.
pub fn run(args: &ExplainArgs) -> Result<Outcome> {
    let Some(code) = Code::parse(args.code.trim()) else {
        bail!(
            "unknown diagnostic code `{}`: codes look like E0401 or W0101, and `lgp docs diagnostics` lists them all",
            args.code
        );
    };
    write_stdout(&docs::explain_text(&code.info()));
    Ok(Outcome::Success)
}
