//! Bracketed lists — blocks, options, arrays, objects, arguments, match arms —
//! all print the same way: flat as `{ a }` / `[a, b]`, or broken with one item
//! per line. This module writes both forms and the comments between items.

use super::Formatter;
use super::printer::Doc;
use crate::span::Span;

/// How one kind of list is punctuated.
pub(super) struct ListStyle {
    pub open: &'static str,
    pub close: &'static str,
    /// Written between items.
    pub separator: &'static str,
    /// Whether the separator also follows the last item when broken.
    pub trailing_separator: bool,
    /// Spaces inside the brackets when flat: `{ a }` rather than `[a]`.
    pub padded: bool,
    /// Whether blank lines between items survive (collapsed to one).
    pub keep_blank_lines: bool,
}

pub(super) const STATEMENTS: ListStyle = ListStyle {
    open: "{",
    close: "}",
    separator: "",
    trailing_separator: false,
    padded: true,
    keep_blank_lines: true,
};

/// A list's document parts (to be wrapped in a group by the caller, maybe
/// together with sibling lists) and whether comments were placed inside it.
pub(super) struct ListDoc {
    pub docs: Vec<Doc>,
    pub has_comments: bool,
}

impl ListDoc {
    /// The list as its own group, broken when `broken` or when it holds comments.
    pub fn group(self, broken: bool) -> Doc {
        Doc::group(self.docs, broken || self.has_comments)
    }
}

/// Where a list sits in the source.
#[derive(Clone, Copy)]
pub(super) struct Bounds {
    /// Just after the opening bracket.
    pub open: u32,
    /// Comments starting before this belong inside the list.
    pub close: u32,
}

impl Bounds {
    /// The bounds of a bracketed node whose span covers both brackets.
    pub fn of(span: Span) -> Bounds {
        Bounds { open: span.start.saturating_add(1), close: span.end }
    }
}

impl Formatter<'_> {
    /// Prints `items` as a list; `item` prints one item.
    pub(super) fn list<T>(
        &mut self,
        style: &ListStyle,
        bounds: Bounds,
        items: &[T],
        span_of: impl Fn(&T) -> Span,
        mut item: impl FnMut(&mut Self, &T) -> Doc,
    ) -> ListDoc {
        let placed_before = self.comments_placed();
        let mut inner = Vec::new();
        let mut prev_end = bounds.open;
        for (index, it) in items.iter().enumerate() {
            let span = span_of(it);
            if index > 0 {
                inner.push(Doc::text(style.separator));
            }
            self.leading(&mut inner, style, span.start, prev_end, index == 0);
            inner.push(item(self, it));
            prev_end = span.end;
        }
        self.closing(&mut inner, style, bounds.close, prev_end, !items.is_empty());
        let has_comments = self.comments_placed() != placed_before;
        if inner.is_empty() {
            return ListDoc {
                docs: vec![Doc::text(format!("{}{}", style.open, style.close))],
                has_comments,
            };
        }
        let edge = if style.padded { Doc::Line } else { Doc::SoftLine };
        let docs = vec![Doc::text(style.open), Doc::Indent(inner), edge, Doc::text(style.close)];
        ListDoc { docs, has_comments }
    }

    /// The line break before an item, with the comments before it: a
    /// trailing one ends the previous line, the others get lines of their own.
    /// No blank line may follow the opening bracket, so the first item keeps
    /// only those between its own-line comments.
    fn leading(
        &mut self,
        inner: &mut Vec<Doc>,
        style: &ListStyle,
        start: u32,
        prev_end: u32,
        first: bool,
    ) {
        let taken = self.take_comments(start, prev_end);
        inner.extend(taken.trailing);
        inner.push(if style.padded || !first { Doc::Line } else { Doc::SoftLine });
        let mut blanks_allowed = style.keep_blank_lines && !first;
        for (comment, blank_before) in taken.own_lines {
            if blank_before && blanks_allowed {
                inner.push(Doc::HardLine);
            }
            inner.extend([comment, Doc::HardLine]);
            blanks_allowed = style.keep_blank_lines;
        }
        let from = taken.last_end.unwrap_or(prev_end);
        if blanks_allowed && self.has_blank_line(from, start) {
            inner.push(Doc::HardLine);
        }
    }

    /// The trailing separator and the comments after the last item.
    fn closing(
        &mut self,
        inner: &mut Vec<Doc>,
        style: &ListStyle,
        close: u32,
        prev_end: u32,
        any_items: bool,
    ) {
        let taken = self.take_comments(close, prev_end);
        if any_items && style.trailing_separator {
            inner.push(Doc::IfBreak(style.separator));
        }
        inner.extend(taken.trailing);
        let mut blanks_allowed = style.keep_blank_lines && any_items;
        for (comment, blank_before) in taken.own_lines {
            inner.push(Doc::HardLine);
            if blank_before && blanks_allowed {
                inner.push(Doc::HardLine);
            }
            inner.push(comment);
            blanks_allowed = style.keep_blank_lines;
        }
    }
}
