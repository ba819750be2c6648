//! W0105 regex-never-matches.
//!
//! ## What it does
//! Flags a regex literal (`r'...'`) that matches no string at all: an empty
//! class such as `[^\s\S]`, a start anchor after text that must be
//! consumed (`a^b`), or an end anchor before it (`a$b`).
//!
//! ## Why is this bad?
//! `=~` with such a pattern is always false and `parse_regex` always fails,
//! which silently routes every event down the same path.
//!
//! ## Example
//! ```lgp
//! if .message =~ r'error$:' { .level = "error" }
//! ```
//!
//! ## Use instead
//! ```lgp
//! if .message =~ r'error:$' { .level = "error" }
//! ```

use regex_syntax::hir::{Hir, HirKind, Look};

use crate::ast::{ExprKind, Literal, Program};
use crate::diag::{Code, Diagnostic};

pub fn check(program: &Program, out: &mut Vec<Diagnostic>) {
    super::program_exprs(program, &mut |expr| {
        let ExprKind::Literal(Literal::Regex(pattern)) = &expr.kind else { return };
        // Invalid patterns are reported by the parser (E0106).
        let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else { return };
        if let Some(why) = never_matches(&hir, 0) {
            out.push(
                Diagnostic::new(Code::RegexNeverMatches, expr.span, "regex can never match")
                    .with_label(why),
            );
        }
    });
}

/// Why `hir` matches nothing, if it provably does not.
fn never_matches(hir: &Hir, depth: usize) -> Option<&'static str> {
    if hir.properties().minimum_len().is_none() {
        return Some("this pattern matches no string at all");
    }
    if depth > 64 {
        return None;
    }
    match hir.kind() {
        HirKind::Concat(parts) => concat_contradiction(parts),
        HirKind::Capture(cap) => never_matches(&cap.sub, depth + 1),
        HirKind::Alternation(alts) => {
            let all = alts.iter().all(|a| never_matches(a, depth + 1).is_some());
            all.then_some("no alternative of this pattern can match")
        }
        _ => None,
    }
}

/// `x^` needs text before the start of the input, `$x` text after its end.
fn concat_contradiction(parts: &[Hir]) -> Option<&'static str> {
    let consumes = |h: &Hir| h.properties().minimum_len().is_some_and(|n| n > 0);
    for (i, part) in parts.iter().enumerate() {
        match part.kind() {
            HirKind::Look(Look::Start) if parts[..i].iter().any(consumes) => {
                return Some("`^` or `\\A` comes after text that must match first");
            }
            HirKind::Look(Look::End) if parts[i + 1..].iter().any(consumes) => {
                return Some("`$` or `\\z` comes before text that must match after it");
            }
            _ => {}
        }
    }
    None
}
