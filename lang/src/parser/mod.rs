//! The parser: pest grammar (`grammar.pest`), lowering to the AST
//! (`lower.rs`) and syntax diagnostics in the user's terms (`errors.rs`).
//!
//! A file is cut into declaration chunks (`scan.rs`) and each chunk is parsed
//! on its own, so one syntax error costs one declaration, and every other
//! declaration is still checked. Hostile input is bounded three ways:
//! nesting is measured before pest runs (E0107), pest's call budget grows
//! with the input size (E0108), and lowering refuses expression trees deeper
//! than [`lower::MAX_DEPTH`].

mod errors;
mod lower;
mod scan;

use pest::Parser as _;

use crate::ast::Program;
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

pub use scan::MAX_NESTING;

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
pub(crate) struct LgpParser;

/// Parses a whole file. Always returns a program (the declarations that
/// parsed) and the syntax diagnostics; checking can go on with the former.
pub fn parse(src: &str) -> (Program, Vec<Diagnostic>) {
    configure_pest();
    let scanned = scan::scan(src);
    let mut program = Program { decls: Vec::new(), comments: scanned.comments };
    let mut diags = Vec::new();
    if let Some(span) = scanned.too_deep {
        diags.push(
            Diagnostic::new(Code::NestingTooDeep, span, "nesting too deep")
                .with_label(format!("more than {MAX_NESTING} levels of brackets or operators"))
                .with_help("split the expression with `let` bindings"),
        );
        return (program, diags);
    }
    for (start, end) in chunks(src, &scanned.decl_starts) {
        parse_chunk(src, start, end, &mut program, &mut diags);
    }
    (program, diags)
}

/// Parses one expression on its own (the REPL and tests use it).
pub fn parse_expr(src: &str) -> (Option<crate::ast::Expr>, Vec<Diagnostic>) {
    configure_pest();
    let scanned = scan::scan(src);
    if let Some(span) = scanned.too_deep {
        return (None, vec![Diagnostic::new(Code::NestingTooDeep, span, "nesting too deep")]);
    }
    let mut diags = Vec::new();
    match LgpParser::parse(Rule::expr_chunk, src) {
        Ok(mut pairs) => {
            let expr = pairs.next().and_then(|p| lower::expr_chunk(p, 0, &mut diags));
            (expr, diags)
        }
        Err(err) => (None, vec![errors::from_pest(&err, src, 0)]),
    }
}

/// Parses the statements of a block body (the REPL evaluates them).
pub fn parse_stmts(src: &str) -> (Vec<crate::ast::Stmt>, Vec<Diagnostic>) {
    configure_pest();
    let scanned = scan::scan(src);
    if let Some(span) = scanned.too_deep {
        return (Vec::new(), vec![Diagnostic::new(Code::NestingTooDeep, span, "nesting too deep")]);
    }
    let mut diags = Vec::new();
    match LgpParser::parse(Rule::stmts_chunk, src) {
        Ok(mut pairs) => {
            let stmts = pairs.next().map(|p| lower::stmts_chunk(p, 0, &mut diags));
            (stmts.unwrap_or_default(), diags)
        }
        Err(err) => (Vec::new(), vec![errors::from_pest(&err, src, 0)]),
    }
}

/// Byte ranges of the declaration chunks; text before the first declaration
/// keyword is a chunk of its own so stray text gets reported.
fn chunks(src: &str, starts: &[usize]) -> Vec<(usize, usize)> {
    let mut bounds: Vec<usize> = Vec::with_capacity(starts.len() + 2);
    bounds.push(0);
    bounds.extend(starts.iter().copied().filter(|&s| s > 0));
    bounds.push(src.len());
    bounds.windows(2).map(|w| (w[0], w[1])).filter(|(a, b)| a < b || src.is_empty()).collect()
}

fn parse_chunk(
    src: &str,
    start: usize,
    end: usize,
    program: &mut Program,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(text) = src.get(start..end) else { return };
    pest::set_call_limit(std::num::NonZeroUsize::new(text.len().saturating_mul(64) + 100_000));
    match LgpParser::parse(Rule::decl_chunk, text) {
        Ok(mut pairs) => {
            if let Some(chunk) = pairs.next() {
                program.decls.extend(lower::decl_chunk(chunk, start, diags));
            }
        }
        Err(err) => diags.push(errors::from_pest(&err, text, start)),
    }
}

/// pest's error detail makes syntax errors name the tokens it expected.
fn configure_pest() {
    pest::set_error_detail(true);
}

/// A diagnostic for a chunk that exhausted the parser's budget.
pub(crate) fn too_complex(span: Span) -> Diagnostic {
    Diagnostic::new(Code::TooComplex, span, "program too complex to parse")
        .with_label("the parser gave up here")
        .with_note("the parser's work is bounded by the input size; simplify this declaration")
}

#[cfg(test)]
mod tests;
