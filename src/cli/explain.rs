//! `lgp explain CODE`: the long documentation of a diagnostic code, offline.
//! `lgp explain FILE`: how a pipeline compiles: its DAG, which declarations
//! were fused into which function, each function's slot layouts, and on
//! request its pipeline IR (`--ir`), Cranelift IR (`--clif`) and machine
//! code (`--asm`, Cranelift's VCode disassembly).

mod program;

use std::path::Path;

use anyhow::{Result, bail};
use lgp_lang::Code;

use super::{Outcome, docs, write_stdout};

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// A diagnostic code such as E0401 or W0101, or a pipeline file
    #[arg(value_name = "CODE|FILE")]
    target: String,
    /// With a file: print each function's pipeline IR
    #[arg(long)]
    ir: bool,
    /// With a file: print each function's Cranelift IR
    #[arg(long)]
    clif: bool,
    /// With a file: print each function's machine code (Cranelift's VCode disassembly)
    #[arg(long)]
    asm: bool,
}

/// What to print about a file beyond the DAG, the fusion and the layouts.
#[derive(Clone, Copy, Debug, Default)]
pub struct Dumps {
    pub ir: bool,
    pub clif: bool,
    pub asm: bool,
}

/// Prints a code's section of `docs/diagnostics.md`, or explains a file.
///
/// # Errors
/// When no diagnostic has that code, or the file cannot be read.
pub fn run(args: &ExplainArgs) -> Result<Outcome> {
    let target = args.target.trim();
    let dumps = Dumps { ir: args.ir, clif: args.clif, asm: args.asm };
    if !looks_like_code(target) {
        return program::explain(Path::new(&args.target), dumps);
    }
    if dumps.ir || dumps.clif || dumps.asm {
        bail!("`--ir`, `--clif` and `--asm` explain a pipeline file, not a diagnostic code");
    }
    let Some(code) = Code::parse(target) else {
        bail!(
            "unknown diagnostic code `{}`: codes look like E0401 or W0101, and `lgp docs diagnostics` lists them all",
            args.target
        );
    };
    write_stdout(&docs::explain_text(&code.info()));
    Ok(Outcome::Success)
}

/// `E0401`, `w0101`: a letter E or W and four digits. Anything else is a
/// file name.
fn looks_like_code(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| matches!(c.to_ascii_uppercase(), 'E' | 'W'))
        && text.len() == 5
        && chars.all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_files_are_told_apart() {
        assert!(looks_like_code("E0401"));
        assert!(looks_like_code("w0101"));
        assert!(looks_like_code("E9999"));
        assert!(!looks_like_code("E0401.lgp"));
        assert!(!looks_like_code("examples/quickstart.lgp"));
        assert!(!looks_like_code("E04x1"));
        assert!(!looks_like_code(""));
    }
}
