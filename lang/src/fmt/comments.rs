//! Comment placement. The parser hands comments over as a flat, ordered list
//! beside the tree, so the formatter walks that list with a cursor and, at
//! each place where the grammar allows a line break, takes every comment that
//! starts before the next node. Because comments are only ever taken from the
//! front of the list, and documents are built in output order, comments come
//! out in source order: none is lost, none jumps over code.
//!
//! A comment that follows code on its source line stays at the end of a line
//! (a trailing comment); any other comment gets a line of its own.

use super::Formatter;
use super::printer::Doc;
use crate::ast::Comment;
use crate::span::Span;

/// The comments taken before some node, split the way they print.
#[derive(Default)]
pub(super) struct Taken {
    /// The first comment, when it followed code on its line: it ends the
    /// current output line.
    pub trailing: Option<Doc>,
    /// The rest, each on its own line, with whether a blank line preceded it
    /// in the source.
    pub own_lines: Vec<(Doc, bool)>,
    /// Where the last comment taken ends in the source.
    pub last_end: Option<u32>,
}

impl Taken {
    pub fn is_empty(&self) -> bool {
        self.trailing.is_none() && self.own_lines.is_empty()
    }
}

impl Formatter<'_> {
    /// Takes the comments starting before `before`. `prev_end` is where the
    /// previous node ended, for spotting blank lines before the first one.
    pub(super) fn take_comments(&mut self, before: u32, prev_end: u32) -> Taken {
        let mut taken = Taken::default();
        let mut prev_end = prev_end;
        while let Some(comment) = self.comments.get(self.next_comment) {
            if comment.span.start >= before {
                break;
            }
            self.next_comment += 1;
            let doc = comment_doc(comment);
            let first = taken.last_end.is_none();
            if first && self.follows_code(comment) {
                taken.trailing = Some(Doc::LineSuffix(comment_text(comment)));
            } else {
                taken.own_lines.push((doc, self.has_blank_line(prev_end, comment.span.start)));
            }
            prev_end = comment.span.end;
            taken.last_end = Some(comment.span.end);
        }
        taken
    }

    /// How many comments have been placed so far; a list compares this
    /// before and after building its items to learn whether it holds any.
    pub(super) fn comments_placed(&self) -> usize {
        self.next_comment
    }

    /// ` value` after an operator (`=`, `:`, `=>`, `+`...), or, when comments
    /// sit between the operator and the value, the comments and then the
    /// value on the following lines, one level deeper.
    pub(super) fn hang(&mut self, value_start: u32, value: impl FnOnce(&mut Self) -> Doc) -> Doc {
        let taken = self.take_comments(value_start, value_start);
        let value = value(self);
        if taken.is_empty() {
            return Doc::Concat(vec![Doc::text(" "), value]);
        }
        let mut indented = vec![Doc::HardLine];
        for (comment, _) in taken.own_lines {
            indented.extend([comment, Doc::HardLine]);
        }
        indented.push(value);
        let mut docs: Vec<Doc> = taken.trailing.into_iter().collect();
        docs.push(Doc::Indent(indented));
        Doc::Concat(docs)
    }

    /// Whether a comment not yet placed lies inside `outer` but outside `inner`.
    pub(super) fn comments_in_gaps(&self, outer: Span, inner: Span) -> bool {
        let pending = self.comments.get(self.next_comment..).unwrap_or_default();
        pending.iter().take_while(|c| c.span.start < outer.end).any(|c| {
            c.span.start >= outer.start && (c.span.start < inner.start || c.span.start >= inner.end)
        })
    }

    /// Whether code precedes the comment on its source line.
    fn follows_code(&self, comment: &Comment) -> bool {
        let start = comment.span.start as usize;
        let before = self.src.get(..start).unwrap_or("");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        !before.get(line_start..).unwrap_or("").trim().is_empty()
    }

    /// Whether the source between two offsets holds an empty line (a line
    /// of nothing but whitespace, strictly between the two ends).
    pub(super) fn has_blank_line(&self, from: u32, to: u32) -> bool {
        let Some(gap) = self.src.get(from as usize..to as usize) else { return false };
        let mut lines = gap.split('\n');
        lines.next();
        let mut interior: Vec<&str> = lines.collect();
        interior.pop();
        interior.iter().any(|line| line.trim().is_empty())
    }

    /// Whether a node was written on one line.
    pub(super) fn one_line_in_source(&self, span: Span) -> bool {
        self.src.get(span.range()).is_some_and(|text| !text.contains('\n'))
    }
}

/// The comment as printed: `#` and its text, without trailing blanks.
pub(super) fn comment_text(comment: &Comment) -> String {
    format!("#{}", comment.text.trim_end())
}

fn comment_doc(comment: &Comment) -> Doc {
    Doc::Text(comment_text(comment))
}
