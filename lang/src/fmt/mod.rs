//! The canonical formatter (`lgp fmt`): parses a file and prints its tree in
//! one layout, keeping every comment.
//!
//! The layout, rule by rule:
//!
//! - Indentation is two spaces; no line ends in a space; the file ends with
//!   exactly one newline (an empty file stays empty).
//! - Declarations are separated by one blank line, except that single-line
//!   declarations that were adjacent in the source (no blank line between
//!   them) stay together: a run of `use`, `const`, or one-line `output`s.
//!   (The first design named only `use` and `const`; the test corpus groups
//!   one-line outputs the same way, and they read better together.)
//! - Inside blocks, options, routes, tests and matches: one item per line; a
//!   blank line between two items in the source is kept (runs collapse to
//!   one); never a blank line right after `{` or right before `}`.
//! - A block (`{ stmt }`), an `if` chain or a one-entry option list stays on
//!   one line when it was written on one line, holds a single statement per
//!   body (not a `for`) and fits in 100 columns: `if x { "a" } else { "b" }`.
//!   `match` always has one arm per line, `pat | pat => body`, no commas;
//!   an arm written `pat => .x = 1` keeps that form.
//! - Arrays and objects: `[1, 2]`, `{ "a": 1 }`, `{}` on one line when they
//!   were on one line and fit; else one element per line with a trailing
//!   comma. Call arguments and `fn` parameters go one per line (trailing
//!   comma) only when the call does not fit or holds a comment. A broken
//!   array or object that is the last thing in a call stays hugged:
//!   `merge(., {` ... `})`.
//! - Single spaces around binary operators, `=`, `<-`, `=>`, `->`, `:` in
//!   parameters; `f(a, name = b)`, `!x`, `-x`; parentheses kept as written;
//!   object keys quoted unless written bare.
//! - Strings are re-escaped canonically (`\"`, `\\`, `\n`, `\t`, `\r`, `\0`,
//!   `\u{..}` for other control characters); raw strings, regexes and
//!   timestamps are printed back as written; floats always show a `.` or an
//!   exponent and read back to the same value.
//! - Comments: one that followed code stays at the end of that line, two
//!   spaces after it; one on its own line stays on its own line, before the
//!   next item at that item's indentation (or before the closing bracket).
//!   A comment between an operator and its operand (`a +  # why`) keeps the
//!   line break there. Comments never change order.

mod comments;
mod decl;
mod expr;
mod list;
mod literal;
mod printer;
mod stmt;
#[cfg(test)]
mod tests;

use crate::ast::{Comment, Decl, Program};
use crate::diag::Diagnostic;
use comments::Taken;
use printer::Doc;

/// Formats a whole file in the canonical layout, keeping comments.
///
/// # Errors
/// The syntax diagnostics when the file does not parse (nothing is formatted).
pub fn format(src: &str) -> Result<String, Vec<Diagnostic>> {
    let (program, diags) = crate::parser::parse(src);
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(format_program(src, &program))
}

/// Prints a parsed program; `src` is the text it was parsed from, consulted
/// for blank lines, comment positions and which nodes were on one line.
pub(crate) fn format_program(src: &str, program: &Program) -> String {
    let mut formatter = Formatter { src, comments: &program.comments, next_comment: 0 };
    let doc = formatter.program(&program.decls);
    let mut out = printer::print(&doc);
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// The state of one formatting run: the source and the comment cursor.
pub(crate) struct Formatter<'a> {
    src: &'a str,
    comments: &'a [Comment],
    /// The first comment not yet placed.
    next_comment: usize,
}

impl Formatter<'_> {
    fn program(&mut self, decls: &[Decl]) -> Doc {
        let mut docs = Vec::new();
        let mut prev: Option<(&Decl, bool)> = None;
        for decl in decls {
            let prev_end = prev.map_or(0, |(p, _)| p.span.end);
            let taken = self.take_comments(decl.span.start, prev_end);
            let doc = self.decl(decl);
            let one_line = !printer::print(&doc).contains('\n');
            self.before_decl(&mut docs, taken, prev, decl, one_line);
            docs.push(doc);
            prev = Some((decl, one_line));
        }
        self.end_of_file(&mut docs, prev.map(|(decl, _)| decl.span.end));
        Doc::Concat(docs)
    }

    /// The separator and comments between the previous declaration and `decl`.
    /// `taken` holds those comments, taken before `decl` was built.
    fn before_decl(
        &self,
        docs: &mut Vec<Doc>,
        taken: Taken,
        prev: Option<(&Decl, bool)>,
        decl: &Decl,
        one_line: bool,
    ) {
        let prev_end = prev.map_or(0, |(p, _)| p.span.end);
        let mut blanks_allowed = false;
        if let Some((_, prev_one_line)) = prev {
            docs.extend(taken.trailing);
            docs.push(Doc::HardLine);
            let together =
                prev_one_line && one_line && !self.has_blank_line(prev_end, decl.span.start);
            if !together {
                docs.push(Doc::HardLine);
            }
        } else if let Some(trailing) = taken.trailing {
            // Nothing precedes the first declaration, so this cannot happen;
            // keep the comment on a line of its own all the same.
            docs.extend([trailing, Doc::HardLine]);
        }
        for (comment, blank_before) in taken.own_lines {
            if blank_before && blanks_allowed {
                docs.push(Doc::HardLine);
            }
            docs.extend([comment, Doc::HardLine]);
            blanks_allowed = true;
        }
        let from = taken.last_end.unwrap_or(prev_end);
        if blanks_allowed && self.has_blank_line(from, decl.span.start) {
            docs.push(Doc::HardLine);
        }
    }

    /// Comments after the last declaration (or in a file without any).
    fn end_of_file(&mut self, docs: &mut Vec<Doc>, last_end: Option<u32>) {
        let taken = self.take_comments(u32::MAX, last_end.unwrap_or(0));
        docs.extend(taken.trailing);
        for (index, (comment, blank_before)) in taken.own_lines.into_iter().enumerate() {
            let first_in_file = index == 0 && last_end.is_none();
            if !first_in_file {
                docs.push(Doc::HardLine);
                if blank_before {
                    docs.push(Doc::HardLine);
                }
            }
            docs.push(comment);
        }
    }
}
