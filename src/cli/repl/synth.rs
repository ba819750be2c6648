//! The synthetic program an entry is checked and run as.
//!
//! The REPL has no engine of its own: an entry becomes the body of a
//! transform in a small pipeline file, which goes through the real parser,
//! checker and lowering, so an entry means exactly what it would mean in a
//! file. The program reads:
//!
//! ```text
//! <declarations loaded with :load or entered>
//! input __repl = http { address = "127.0.0.1:1" }
//! transform __repl_t <- __repl {
//!   .field = <literal>            (one per field of the current event)
//!   del(.message)                 (when the event has no `message`)
//!   let name = <literal>          (one per variable bound so far)
//! <the entry>
//! {"name": name, ...}             (captures the variables for the next entry)
//! }
//! ```
//!
//! `http` is picked for its open event type (`object{message: string,
//! ..any}`): a field the REPL knows nothing of reads as `any`, as it would
//! in a pipeline, while the field lines give the fields the event has their
//! actual types (and a `del(.message)` when the event has no `message`).
//! The field and `let` lines only inform the checker: they are not run,
//! the event is the real one and the variables' values are put straight
//! into their slots (`session.rs`).
//!
//! Diagnostics come back with their spans moved into the entry, so carets
//! point into what the user typed; what points at the scaffolding is
//! dropped (warnings) or shown without a snippet (errors).

use lgp_lang::diag::Code;
use lgp_lang::{Diagnostic, SourceFile, Span};
use lgp_stdlib::{Event, Value};

use super::literal::{field_segment, literal};

/// The transform holding the entry.
pub const TRANSFORM: &str = "__repl_t";
/// The field `:type` assigns its expression to, to read the type back.
pub const TYPE_FIELD: &str = "__repl_type";
const HEADER: &str = "input __repl = http { address = \"127.0.0.1:1\" }\n\
                      transform __repl_t <- __repl {\n";

/// What the entry is, which decides how it is wrapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrap {
    /// Statements, run against the event.
    Stmts,
    /// An expression whose static type `:type` reports.
    TypeOf,
    /// Declarations (`fn`, `const`, `use`), checked with the others.
    Decls,
}

/// The state an entry is evaluated in.
pub struct Context<'a> {
    /// Source text of each declaration kept so far.
    pub decls: &'a [String],
    pub event: &'a Event,
    /// Variables bound by earlier entries, in binding order.
    pub bindings: &'a [(String, Value)],
}

/// The synthetic program of one entry, and where the entry sits in it.
pub struct Synthetic {
    pub file: SourceFile,
    /// Byte range of the entry in the program.
    entry: std::ops::Range<usize>,
    /// Statements of the transform body before the bindings: the event
    /// field lines, which are not run.
    pub field_stmts: usize,
    /// The variables the capture statement reads, in order; empty when
    /// there is no capture statement.
    pub captures: Vec<String>,
}

impl Synthetic {
    /// Builds the program for `entry`; `captures` are the names the last
    /// statement reads back (ignored unless `wrap` is [`Wrap::Stmts`]).
    pub fn new(cx: &Context<'_>, entry: &str, wrap: Wrap, captures: Vec<String>) -> Synthetic {
        let mut text = String::new();
        for decl in cx.decls {
            text.push_str(decl);
            text.push('\n');
        }
        let mut entry_range = 0..0;
        if wrap == Wrap::Decls {
            entry_range = push_entry(&mut text, entry);
        }
        text.push_str(HEADER);
        let field_stmts = push_fields(&mut text, cx.event);
        for (name, value) in cx.bindings {
            text.push_str(&format!("  let {name} = {}\n", literal(value)));
        }
        let captures = if wrap == Wrap::Stmts { captures } else { Vec::new() };
        match wrap {
            Wrap::Decls => {}
            Wrap::Stmts => entry_range = push_entry(&mut text, entry),
            Wrap::TypeOf => {
                text.push_str(&format!(".{TYPE_FIELD} = ("));
                entry_range = push_entry(&mut text, entry);
                text.push_str(")\n");
            }
        }
        if !captures.is_empty() {
            let fields: Vec<String> =
                captures.iter().map(|name| format!("\"{name}\": {name}")).collect();
            text.push_str(&format!("  {{{}}}\n", fields.join(", ")));
        }
        text.push_str("}\n");
        let file = SourceFile::new("<repl>", text);
        Synthetic { file, entry: entry_range, field_stmts, captures }
    }

    /// The span in the entry's own coordinates, when it lies in the entry.
    pub fn to_entry(&self, span: Span) -> Option<Span> {
        let (start, end) = (span.start as usize, span.end as usize);
        if start < self.entry.start || end > self.entry.end {
            return None;
        }
        Some(Span::new(start - self.entry.start, end - self.entry.start))
    }

    /// Diagnostics of the program, moved into the entry: see the module doc.
    pub fn map_diagnostics(&self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diags.into_iter().filter_map(|diag| self.map_diagnostic(diag)).collect()
    }

    fn map_diagnostic(&self, mut diag: Diagnostic) -> Option<Diagnostic> {
        if diag.file.is_some() {
            // A `use`d file: its spans are its own.
            return Some(diag);
        }
        // Every variable is read by the capture and every field may be
        // read by a later entry, so these would only be noise.
        if matches!(diag.code, Code::Unused | Code::DeadWrite) {
            return None;
        }
        let labels_before = diag.labels.len();
        diag.labels = diag
            .labels
            .into_iter()
            .filter_map(|mut label| {
                label.span = self.to_entry(label.span)?;
                Some(label)
            })
            .collect();
        let lost_primary = !diag.labels.iter().any(|label| label.primary);
        if !diag.is_error() && (lost_primary || diag.labels.len() < labels_before) {
            return None;
        }
        if lost_primary {
            diag.labels.clear();
        }
        Some(diag)
    }
}

/// Appends the entry on lines of its own; returns its range. The line break
/// after it ends a trailing comment.
fn push_entry(text: &mut String, entry: &str) -> std::ops::Range<usize> {
    let start = text.len();
    text.push_str(entry);
    let range = start..text.len();
    text.push('\n');
    range
}

/// One `.field = <literal>` line per field of the event, and a
/// `del(.message)` when it has no `message` (which the input type
/// promises); returns how many statements that makes.
fn push_fields(text: &mut String, event: &Event) -> usize {
    let Some(fields) = event.fields.as_object() else { return 0 };
    for (name, value) in fields {
        text.push_str(&format!("  {} = {}\n", field_segment(name), literal(value)));
    }
    if fields.contains_key("message") {
        return fields.len();
    }
    text.push_str("  del(.message)\n");
    fields.len() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context<'a>(event: &'a Event, bindings: &'a [(String, Value)]) -> Context<'a> {
        Context { decls: &[], event, bindings }
    }

    #[test]
    fn program_has_fields_bindings_entry_and_capture() {
        let event = Event::from_line("hi");
        let bindings = vec![("x".to_string(), Value::Int(1))];
        let synthetic =
            Synthetic::new(&context(&event, &bindings), ".a = x", Wrap::Stmts, vec!["x".into()]);
        let expected =
            format!("{HEADER}  .message = \"hi\"\n  let x = 1\n.a = x\n  {{\"x\": x}}\n}}\n");
        assert_eq!(synthetic.file.text, expected);
        assert_eq!(synthetic.field_stmts, 1);
        assert_eq!(
            synthetic.file.slice(Span::new(synthetic.entry.start, synthetic.entry.end)),
            ".a = x"
        );
    }

    #[test]
    fn spans_map_into_the_entry() {
        let event = Event::default_object();
        let synthetic = Synthetic::new(&context(&event, &[]), "1\nx + 2", Wrap::Stmts, vec![]);
        let start = synthetic.entry.start;
        assert_eq!(synthetic.file.slice(Span::new(start + 2, start + 3)), "x");
        assert_eq!(synthetic.to_entry(Span::new(start + 2, start + 3)), Some(Span::new(2, 3)));
        assert_eq!(synthetic.to_entry(Span::new(0, 4)), None);
        assert_eq!(synthetic.to_entry(Span::new(start, start + 20)), None);
    }

    #[test]
    fn warnings_about_the_scaffolding_are_dropped() {
        let event = Event::default_object();
        let synthetic = Synthetic::new(&context(&event, &[]), "1", Wrap::Stmts, vec![]);
        let outside = Diagnostic::new(Code::Shadowed, Span::new(0, 3), "shadows");
        let error = Diagnostic::new(Code::TypeMismatch, Span::new(0, 3), "bad").with_label("here");
        let mapped = synthetic.map_diagnostics(vec![outside, error]);
        assert_eq!(mapped.len(), 1);
        assert!(mapped[0].labels.is_empty());
        assert_eq!(mapped[0].message, "bad");
    }
}
