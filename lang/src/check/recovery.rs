//! Recovery from syntax errors: the text of declarations that did not parse.
//!
//! The parser keeps the declarations that parsed and drops the others. A
//! dropped declaration may be what reads an input or what a name refers to,
//! so the checker stays quiet about what it cannot see: no W0101 for unread
//! nodes or unused items when some text did not parse, and no "unknown"
//! diagnostic for a name that a dropped declaration declares.

use std::collections::HashSet;

use crate::ast::Program;
use crate::span::{SourceFile, Span};

/// What did not parse.
#[derive(Debug, Default)]
pub(super) struct Unparsed {
    /// True when some text is neither a parsed declaration, a comment nor blank.
    pub any: bool,
    /// Names that text declares (`transform NAME`, `fn NAME`, ...).
    pub names: HashSet<String>,
}

/// Finds the text of `file` that no declaration or comment of `program` covers.
pub(super) fn unparsed(file: &SourceFile, program: &Program) -> Unparsed {
    let mut covered: Vec<Span> = program.decls.iter().map(|d| d.span).collect();
    covered.extend(program.comments.iter().map(|c| c.span));
    covered.sort_by_key(|s| s.start);
    let mut out = Unparsed::default();
    let mut at = 0;
    for span in covered {
        out.add_gap(file.text.get(at..span.start as usize).unwrap_or(""));
        at = at.max(span.end as usize);
    }
    out.add_gap(file.text.get(at..).unwrap_or(""));
    out
}

impl Unparsed {
    fn add_gap(&mut self, gap: &str) {
        if !gap.chars().any(|c| !c.is_whitespace() && c != ';') {
            return;
        }
        self.any = true;
        let words: Vec<&str> = gap
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            if let [keyword, name] = pair
                && DECLARING.contains(keyword)
            {
                self.names.insert((*name).to_string());
            }
        }
    }
}

/// Keywords followed by the name they declare.
const DECLARING: &[&str] = &["input", "transform", "route", "output", "fn", "const"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_unparsed_text_are_collected() {
        let text = "input app = stdin {}\ntransform parsed <- app {\n  .x =\n}\n";
        let (program, _) = crate::parser::parse(text);
        let found = unparsed(&SourceFile::new("t.lgp", text), &program);
        assert!(found.any);
        assert!(found.names.contains("parsed"), "{:?}", found.names);
        assert!(!found.names.contains("app"));
    }
}
