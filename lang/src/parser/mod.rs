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
    let scanned = scan::scan(src);
    if let Some(span) = scanned.too_deep {
        return (None, vec![Diagnostic::new(Code::NestingTooDeep, span, "nesting too deep")]);
    }
    let mut diags = Vec::new();
    let result = pest_parse(Rule::expr_chunk, src, 0, |mut pairs| {
        pairs.next().and_then(|p| lower::expr_chunk(p, 0, &mut diags))
    });
    match result {
        Ok(expr) => (expr, diags),
        Err(d) => (None, vec![*d]),
    }
}

/// Parses the statements of a block body (the REPL evaluates them).
pub fn parse_stmts(src: &str) -> (Vec<crate::ast::Stmt>, Vec<Diagnostic>) {
    let scanned = scan::scan(src);
    if let Some(span) = scanned.too_deep {
        return (Vec::new(), vec![Diagnostic::new(Code::NestingTooDeep, span, "nesting too deep")]);
    }
    let mut diags = Vec::new();
    let result = pest_parse(Rule::stmts_chunk, src, 0, |mut pairs| {
        pairs.next().map(|p| lower::stmts_chunk(p, 0, &mut diags)).unwrap_or_default()
    });
    match result {
        Ok(stmts) => (stmts, diags),
        Err(d) => (Vec::new(), vec![*d]),
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
    let mut lowered = Vec::new();
    let result = pest_parse(Rule::decl_chunk, text, start, |mut pairs| {
        pairs.next().and_then(|chunk| lower::decl_chunk(chunk, start, &mut lowered))
    });
    diags.append(&mut lowered);
    match result {
        Ok(decl) => program.decls.extend(decl),
        Err(d) => diags.push(*d),
    }
}

/// Runs pest on `text` under the process-wide settings it reads at the start
/// of a parse (call budget, error detail). Those are globals, so parses take
/// turns under a lock; parsing is a small share of any command's time.
///
/// The call budget grows with the text, so a grammar path that backtracks
/// badly ends in E0108 instead of running for seconds. Error detail (the
/// tokens pest expected) slows every parse, so a failed parse is repeated
/// with detail on to word its diagnostic.
fn pest_parse<T>(
    rule: Rule,
    text: &str,
    offset: usize,
    lower: impl FnOnce(pest::iterators::Pairs<'_, Rule>) -> T,
) -> Result<T, Box<Diagnostic>> {
    static PEST: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = PEST.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    pest::set_call_limit(std::num::NonZeroUsize::new(budget(text.len())));
    let fast = match LgpParser::parse(rule, text) {
        Ok(pairs) => return Ok(lower(pairs)),
        Err(err) => err,
    };
    pest::set_error_detail(true);
    let detailed = LgpParser::parse(rule, text).err();
    pest::set_error_detail(false);
    Err(Box::new(errors::from_pest(detailed.as_ref().unwrap_or(&fast), text, offset)))
}

/// pest calls allowed for a chunk of `len` bytes: far above what any real
/// declaration needs (about 50 per byte), low enough to stop a runaway.
fn budget(len: usize) -> usize {
    #[cfg(test)]
    if let Some(forced) = tests::FORCED_BUDGET.with(std::cell::Cell::get) {
        return forced;
    }
    len.saturating_mul(200) + 1_000_000
}

/// A diagnostic for a chunk that exhausted the parser's budget.
pub(crate) fn too_complex(span: Span) -> Diagnostic {
    Diagnostic::new(Code::TooComplex, span, "program too complex to parse")
        .with_label("the parser gave up here")
        .with_note("the parser's work is bounded by the input size; simplify this declaration")
}

#[cfg(test)]
mod tests;
