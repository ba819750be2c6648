//! A small Wadler/Prettier-style document printer: the formatter describes
//! layout as a [`Doc`] tree of text, line breaks and groups, and the printer
//! picks, group by group, the flat form when it fits in [`WIDTH`] columns.
//!
//! Differences from Prettier worth knowing: a group can be born broken
//! (`Group { broken: true }`, used when the source already spread it over
//! several lines) without forcing its parents to break, which is what lets
//! `merge(., {` keep the call on one line while the object breaks; and
//! trailing comments are [`Doc::LineSuffix`]es, written just before the next
//! line break. The printer is iterative, so deep documents cost heap, not stack.

use std::rc::Rc;

/// The column limit of the canonical layout.
pub const WIDTH: usize = 100;

/// One indentation level.
const INDENT: usize = 2;

#[derive(Clone, Debug)]
pub enum Doc {
    /// Text without line breaks.
    Text(String),
    /// A space when the enclosing group is flat, a line break when broken.
    Line,
    /// Nothing when the enclosing group is flat, a line break when broken.
    SoftLine,
    /// Always a line break.
    HardLine,
    /// Text written only when the enclosing group is broken (trailing commas).
    IfBreak(&'static str),
    /// A trailing comment: written, after two spaces, at the end of the
    /// current output line.
    LineSuffix(String),
    /// The contents one level deeper; applies to the line breaks inside.
    Indent(Vec<Doc>),
    /// Printed flat when it fits and is not `broken`, else broken. The
    /// contents are shared so that a hugged call can reuse its last
    /// argument's group without copying it.
    Group {
        docs: Rc<[Doc]>,
        broken: bool,
    },
    /// A call's arguments: `normal` (a group) when it fits flat, else
    /// `hugged` (the last argument broken, the rest on the call's line) when
    /// that line fits, else `normal` broken.
    Hug {
        normal: Box<Doc>,
        hugged: Box<Doc>,
    },
    Concat(Vec<Doc>),
    /// A document used in two places (both forms of a [`Doc::Hug`]).
    Shared(Rc<Doc>),
}

impl Doc {
    pub fn text(text: impl Into<String>) -> Doc {
        Doc::Text(text.into())
    }

    pub fn group(docs: Vec<Doc>, broken: bool) -> Doc {
        Doc::Group { docs: docs.into(), broken }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Flat,
    Break,
}

/// A pending piece of work: a document at an indentation, in a mode.
type Command<'a> = (usize, Mode, &'a Doc);

/// Renders a document. Lines never end in spaces.
pub fn print(doc: &Doc) -> String {
    let mut out = Output::default();
    let mut stack: Vec<Command<'_>> = vec![(0, Mode::Break, doc)];
    while let Some((indent, mode, doc)) = stack.pop() {
        match doc {
            Doc::Text(text) => out.write(text),
            Doc::Line if mode == Mode::Flat => out.write(" "),
            Doc::SoftLine if mode == Mode::Flat => {}
            Doc::Line | Doc::SoftLine | Doc::HardLine => out.newline(indent),
            Doc::IfBreak(text) => {
                if mode == Mode::Break {
                    out.write(text);
                }
            }
            Doc::LineSuffix(comment) => out.suffixes.push(comment.clone()),
            Doc::Indent(docs) => push_all(&mut stack, indent + INDENT, mode, docs),
            Doc::Concat(docs) => push_all(&mut stack, indent, mode, docs),
            Doc::Shared(doc) => stack.push((indent, mode, doc)),
            Doc::Group { docs, broken } => {
                let flat = mode == Mode::Flat
                    || (!broken && fits((indent, Mode::Flat, doc), &stack, out.remaining(), false));
                let group_mode = if flat && !broken { Mode::Flat } else { Mode::Break };
                push_all(&mut stack, indent, group_mode, docs);
            }
            Doc::Hug { normal, hugged } => {
                let remaining = out.remaining();
                if mode == Mode::Flat
                    || fits((indent, Mode::Flat, normal), &stack, remaining, false)
                {
                    stack.push((indent, Mode::Flat, normal));
                } else if fits((indent, Mode::Flat, hugged), &stack, remaining, true) {
                    stack.push((indent, Mode::Break, hugged));
                } else {
                    push_broken(&mut stack, indent, normal);
                }
            }
        }
    }
    out.finish()
}

/// Pushes a group's contents in broken mode, whatever its measure says.
fn push_broken<'a>(stack: &mut Vec<Command<'a>>, indent: usize, doc: &'a Doc) {
    match doc {
        Doc::Group { docs, .. } => push_all(stack, indent, Mode::Break, docs),
        other => stack.push((indent, Mode::Break, other)),
    }
}

fn push_all<'a>(stack: &mut Vec<Command<'a>>, indent: usize, mode: Mode, docs: &'a [Doc]) {
    stack.extend(docs.iter().rev().map(|doc| (indent, mode, doc)));
}

/// Whether `next`, printed flat, and whatever follows it up to the next line
/// break fit in `remaining` columns.
///
/// A forced line break inside `next` (a hard line, a group born broken)
/// means it cannot be flat, unless `hugging`: then the measure ends there,
/// as for the line breaks of the enclosing, broken, context. Letting an
/// inner break through only where a call hugs its last argument is what
/// keeps the output stable: a group the first run broke for width is
/// born broken in the second run, and must not make its parent flat then.
fn fits(next: Command<'_>, rest: &[Command<'_>], remaining: usize, hugging: bool) -> bool {
    let mut remaining = remaining as isize;
    let mut todo: Vec<(Mode, &Doc)> = vec![(next.1, next.2)];
    let mut rest_index = rest.len();
    let mut in_rest = false;
    loop {
        let Some((mode, doc)) = todo.pop() else {
            let Some(index) = rest_index.checked_sub(1) else { return true };
            rest_index = index;
            in_rest = true;
            let (_, mode, doc) = rest[index];
            todo.push((mode, doc));
            continue;
        };
        let must_be_flat = !in_rest && !hugging;
        match doc {
            Doc::Text(text) => remaining -= width_of(text) as isize,
            Doc::Line | Doc::SoftLine | Doc::HardLine if must_be_flat && mode == Mode::Break => {
                return false;
            }
            Doc::HardLine if must_be_flat => return false,
            Doc::Line | Doc::SoftLine if mode == Mode::Break => return true,
            Doc::HardLine => return true,
            Doc::Shared(doc) => todo.push((mode, doc)),
            Doc::Hug { normal, .. } => todo.push((mode, normal)),
            Doc::Line => remaining -= 1,
            Doc::IfBreak(text) if mode == Mode::Break => remaining -= text.len() as isize,
            Doc::SoftLine | Doc::IfBreak(_) | Doc::LineSuffix(_) => {}
            Doc::Indent(docs) | Doc::Concat(docs) => {
                todo.extend(docs.iter().rev().map(|doc| (mode, doc)));
            }
            Doc::Group { docs, broken } => {
                // Inside `next`, a group that is not born broken gets its own
                // chance to be flat; groups still waiting on the stack break at
                // their first line break if they must, so they count up to it.
                let mode = match (broken, in_rest) {
                    (true, _) => Mode::Break,
                    (false, false) => Mode::Flat,
                    (false, true) => mode,
                };
                todo.extend(docs.iter().rev().map(|doc| (mode, doc)));
            }
        }
        if remaining < 0 {
            return false;
        }
    }
}

/// Columns taken by `text`: one per character, a fair measure for code.
pub fn width_of(text: &str) -> usize {
    text.chars().count()
}

/// The text written so far, with indentation written lazily so that empty
/// lines stay empty.
#[derive(Default)]
struct Output {
    text: String,
    column: usize,
    pending_indent: Option<usize>,
    suffixes: Vec<String>,
}

impl Output {
    fn write(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(indent) = self.pending_indent.take() {
            self.text.extend(std::iter::repeat_n(' ', indent));
            self.column = indent;
        }
        self.text.push_str(text);
        self.column += width_of(text);
    }

    fn remaining(&self) -> usize {
        let column = self.pending_indent.unwrap_or(self.column);
        WIDTH.saturating_sub(column)
    }

    fn newline(&mut self, indent: usize) {
        self.flush_suffixes(indent);
        self.trim_line_end();
        self.text.push('\n');
        self.column = 0;
        self.pending_indent = Some(indent);
    }

    /// Writes the trailing comments of the current line. The formatter puts
    /// at most one on a line; should two meet, the second goes on a line of
    /// its own rather than being merged into the first comment's text.
    fn flush_suffixes(&mut self, indent: usize) {
        let suffixes = std::mem::take(&mut self.suffixes);
        for (i, comment) in suffixes.iter().enumerate() {
            if i > 0 {
                self.trim_line_end();
                self.text.push('\n');
                self.pending_indent = Some(indent);
                self.write(comment);
            } else if self.text.is_empty() || self.text.ends_with('\n') {
                self.write(comment);
            } else {
                self.trim_line_end();
                self.text.push_str("  ");
                self.text.push_str(comment);
            }
        }
    }

    fn trim_line_end(&mut self) {
        let kept = self.text.trim_end_matches([' ', '\t']).len();
        self.text.truncate(kept);
    }

    fn finish(mut self) -> String {
        self.flush_suffixes(0);
        self.trim_line_end();
        self.text
    }
}
