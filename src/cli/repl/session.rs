//! A REPL session: the event in hand, the variables bound so far and the
//! declarations brought in; [`Session::handle`] turns one entry into
//! replies, which the front end (terminal or pipe) prints.

use lgp_compiler::Pipeline;
use lgp_compiler::interp::{Flow, Frame};
use lgp_compiler::ir::{Block, NodeCode, PathRef, Root, Stmt};
use lgp_lang::ast::StmtKind;
use lgp_lang::{Diagnostic, SourceFile};
use lgp_stdlib::{Event, Value};

use super::commands;
use super::input;
use super::synth::{self, Context, Synthetic, Wrap};

/// What an entry produced, in the order to print it.
#[derive(Debug)]
pub enum Reply {
    /// The value of an entry.
    Value(Value),
    /// Output of a command, printed as it is.
    Text(String),
    /// Diagnostics about `source` (the entry, or a loaded file) and the
    /// files it `use`s.
    Diagnostics { diags: Vec<Diagnostic>, source: SourceFile, used: Vec<SourceFile> },
    /// A failure, one line.
    Error(String),
    /// Something to know that is not a failure (the event was dropped).
    Note(String),
    /// Leave the REPL.
    Quit,
}

impl Reply {
    /// True when the reply reports a problem (for the exit status of a script).
    pub fn is_failure(&self) -> bool {
        match self {
            Reply::Error(_) => true,
            Reply::Diagnostics { diags, .. } => diags.iter().any(Diagnostic::is_error),
            _ => false,
        }
    }
}

/// The state carried from one entry to the next.
#[derive(Default)]
pub struct Session {
    pub event: Event,
    /// Variables in binding order, each name once.
    pub bindings: Vec<(String, Value)>,
    /// Declarations kept, with their names (`None` for `use`).
    pub decls: Vec<(Option<String>, String)>,
}

impl Session {
    pub fn new() -> Session {
        Session { event: Event::default_object(), ..Session::default() }
    }

    /// Evaluates one entry: a `:` command, declarations, or statements.
    pub fn handle(&mut self, entry: &str) -> Vec<Reply> {
        let trimmed = entry.trim();
        if trimmed.is_empty() {
            return Vec::new();
        }
        if trimmed.starts_with(':') {
            return commands::run(self, trimmed);
        }
        if input::is_declaration(entry) {
            return self.declare(entry);
        }
        self.eval(entry)
    }

    /// Empties the event and forgets the variables.
    pub fn reset(&mut self) {
        self.event = Event::default_object();
        self.bindings.clear();
    }

    /// The source text of the kept declarations.
    pub fn decl_texts(&self) -> Vec<String> {
        self.decls.iter().map(|(_, text)| text.clone()).collect()
    }

    /// Checks `entry` wrapped as `wrap`: the program, its checked form and
    /// the diagnostics moved into the entry. `Err` holds the replies when
    /// the entry has errors.
    pub fn check(
        &self,
        entry: &str,
        wrap: Wrap,
        captures: Vec<String>,
        extra_decls: &[String],
    ) -> Result<Checked, Vec<Reply>> {
        let mut decls = self.decl_texts();
        decls.extend_from_slice(extra_decls);
        let cx = Context { decls: &decls, event: &self.event, bindings: &self.bindings };
        let synthetic = Synthetic::new(&cx, entry, wrap, captures);
        let (program, mut diags) = lgp_lang::parser::parse(&synthetic.file.text);
        let loader = super::super::FsLoader::default();
        let (checked, checked_diags) =
            lgp_lang::check::check(&synthetic.file, &program, lgp_stdlib::registry(), &loader);
        diags.extend(checked_diags);
        lgp_lang::diag::sort(&mut diags);
        let diags = synthetic.map_diagnostics(diags);
        let used = loader.files.into_inner();
        let failed = diags.iter().any(Diagnostic::is_error);
        let mut replies = Vec::new();
        if !diags.is_empty() {
            let source = SourceFile::new("<repl>", entry);
            replies.push(Reply::Diagnostics { diags, source, used });
        }
        if failed {
            return Err(replies);
        }
        Ok(Checked { synthetic, checked, warnings: replies })
    }

    /// Runs statements against the event; commits the event and variables
    /// only when they finish.
    fn eval(&mut self, entry: &str) -> Vec<Reply> {
        let (stmts, syntax) = lgp_lang::parser::parse_stmts(entry);
        if !syntax.is_empty() {
            return vec![entry_diagnostics(entry, syntax)];
        }
        if stmts.is_empty() {
            return Vec::new();
        }
        let captures = self.captures_after(&stmts);
        let checked = match self.check(entry, Wrap::Stmts, captures, &[]) {
            Ok(checked) => checked,
            Err(replies) => return replies,
        };
        let mut replies = checked.warnings;
        let layout = Layout {
            fields: checked.synthetic.field_stmts,
            bindings: self.bindings.len(),
            entry: stmts.len(),
            captures: checked.synthetic.captures,
        };
        replies.extend(self.run(checked.checked, &layout));
        replies
    }

    /// The variables bound after `stmts` run: the earlier ones and each
    /// top-level `let` of the entry.
    fn captures_after(&self, stmts: &[lgp_lang::ast::Stmt]) -> Vec<String> {
        let mut names: Vec<String> = self.bindings.iter().map(|(name, _)| name.clone()).collect();
        for stmt in stmts {
            if let StmtKind::Let { names: bound, .. } = &stmt.kind {
                for ident in bound {
                    if !names.contains(&ident.name) {
                        names.push(ident.name.clone());
                    }
                }
            }
        }
        names
    }

    fn run(&mut self, checked: lgp_lang::check::Checked, layout: &Layout) -> Vec<Reply> {
        let pipeline = match Pipeline::new(checked) {
            Ok(pipeline) => pipeline,
            Err(error) => return vec![Reply::Error(error.message)],
        };
        let code =
            pipeline.checked.node_by_name(synth::TRANSFORM).and_then(|id| pipeline.code.get(id));
        let Some(NodeCode::Transform { body, locals }) = code else {
            return vec![Reply::Error("the entry did not compile to a transform".into())];
        };
        let Some(parts) = layout.split(body) else {
            return vec![Reply::Error("the entry compiled to an unexpected shape".into())];
        };
        let mut event = self.event.clone();
        let mut frame = Frame { event: &mut event, locals: vec![Value::Null; *locals] };
        for (slot, (_, value)) in parts.slots.iter().zip(&self.bindings) {
            if let Some(local) = frame.locals.get_mut(*slot) {
                *local = value.clone();
            }
        }
        let result = frame.block(&parts.entry).map(|value| match parts.entry.stmts.last() {
            Some(last) => assigned_value(&frame, last).unwrap_or(value),
            None => value,
        });
        let captured = match (&result, parts.capture) {
            (Ok(_), Some(capture)) => frame.eval(capture).ok(),
            _ => None,
        };
        let replies = self.commit(result, event.materialized());
        if let Some(Value::Object(values)) = captured {
            self.bindings = layout
                .captures
                .iter()
                .map(|name| (name.clone(), values.get(name.as_str()).cloned().unwrap_or_default()))
                .collect();
        }
        replies
    }

    /// Keeps the event when the entry finished (or emitted it); otherwise
    /// the event stays as it was.
    fn commit(&mut self, result: Result<Value, Flow>, event: Event) -> Vec<Reply> {
        match result {
            Ok(value) => {
                self.event = event;
                vec![Reply::Value(value)]
            }
            Err(Flow::Emit(lane)) => {
                self.event = event;
                vec![Reply::Note(format!("the event was emitted to `{lane}`"))]
            }
            Err(Flow::Drop) => vec![Reply::Note("the event was dropped; `.` is unchanged".into())],
            Err(Flow::Abort(reason)) => vec![Reply::Error(format!("aborted: {reason}"))],
            Err(Flow::Fail(message)) => vec![Reply::Error(message)],
        }
    }

    /// Checks declarations typed at the prompt and keeps them; a name
    /// declared again replaces the earlier declaration.
    fn declare(&mut self, entry: &str) -> Vec<Reply> {
        let (program, syntax) = lgp_lang::parser::parse(entry);
        if !syntax.is_empty() {
            return vec![entry_diagnostics(entry, syntax)];
        }
        let mut declared = Vec::new();
        for decl in &program.decls {
            use lgp_lang::ast::DeclKind;
            let name = match &decl.kind {
                DeclKind::Fn { name, .. } | DeclKind::Const { name, .. } => Some(name.name.clone()),
                DeclKind::Use { .. } => None,
                _ => {
                    return vec![Reply::Error(
                        "only `fn`, `const` and `use` declarations can be entered here".into(),
                    )];
                }
            };
            let text = entry.get(decl.span.range()).unwrap_or_default().to_string();
            declared.push((name, text));
        }
        self.replace_decls(declared, |session| session.check(entry, Wrap::Decls, Vec::new(), &[]))
    }

    /// Keeps `declared` in place of the declarations of the same names when
    /// `check` (run without those) passes; restores the old ones otherwise.
    pub fn replace_decls(
        &mut self,
        declared: Vec<(Option<String>, String)>,
        check: impl FnOnce(&Session) -> Result<Checked, Vec<Reply>>,
    ) -> Vec<Reply> {
        let kept = self.decls.clone();
        self.decls.retain(|(name, _)| {
            name.is_none() || !declared.iter().any(|(new_name, _)| new_name == name)
        });
        match check(self) {
            Ok(checked) => {
                let defined: Vec<String> = declared
                    .iter()
                    .filter_map(|(name, _)| name.as_ref())
                    .map(|n| format!("`{n}`"))
                    .collect();
                self.decls.extend(declared);
                let mut replies = checked.warnings;
                if !defined.is_empty() {
                    replies.push(Reply::Note(format!("defined {}", defined.join(", "))));
                }
                replies
            }
            Err(replies) => {
                self.decls = kept;
                replies
            }
        }
    }
}

/// A checked synthetic program.
pub struct Checked {
    pub synthetic: Synthetic,
    pub checked: lgp_lang::check::Checked,
    /// Warnings about the entry, already as a reply.
    pub warnings: Vec<Reply>,
}

/// How the transform body of an entry divides: field lines, binding
/// lines, the entry, and the capture.
struct Layout {
    /// The field lines, which only inform the checker.
    fields: usize,
    /// The `let` lines of the variables: they give the checker the types,
    /// but the values go straight into their slots, so a value that has no
    /// exact literal (bytes, NaN, deep nesting) keeps its exact self.
    bindings: usize,
    /// The entry's own statements.
    entry: usize,
    captures: Vec<String>,
}

struct Parts<'a> {
    /// The slot of each variable, in binding order.
    slots: Vec<usize>,
    entry: Block,
    capture: Option<&'a lgp_compiler::ir::Expr>,
}

impl Layout {
    /// The parts of a lowered body; `None` when it does not have the
    /// shape the synthetic program gave it.
    fn split<'a>(&self, body: &'a Block) -> Option<Parts<'a>> {
        let expected =
            self.fields + self.bindings + self.entry + usize::from(!self.captures.is_empty());
        if body.stmts.len() != expected {
            return None;
        }
        let entry_start = self.fields + self.bindings;
        let slots = body.stmts.get(self.fields..entry_start)?.iter().map(|stmt| match stmt {
            Stmt::SetLocal(slot, _) => Some(*slot),
            _ => None,
        });
        let slots = slots.collect::<Option<Vec<usize>>>()?;
        let entry = body.stmts.get(entry_start..entry_start + self.entry)?.to_vec();
        let capture = match body.stmts.get(entry_start + self.entry) {
            Some(Stmt::Expr(expr)) => Some(expr),
            Some(_) => return None,
            None => None,
        };
        Some(Parts { slots, entry: Block { stmts: entry }, capture })
    }
}

/// The value an assignment statement stored, read back after the run, so
/// `.a = 1` shows `1`.
fn assigned_value(frame: &Frame<'_>, stmt: &Stmt) -> Option<Value> {
    let path = match stmt {
        Stmt::SetLocal(slot, _) => return frame.locals.get(*slot).cloned(),
        Stmt::Assign(path, _) | Stmt::AssignWithError { value: path, .. } => path,
        _ => return None,
    };
    Some(read(frame, path))
}

fn read(frame: &Frame<'_>, path: &PathRef) -> Value {
    let root = match path.root {
        Root::Event => &frame.event.fields,
        Root::Meta => &frame.event.meta,
        Root::Local(slot) => frame.locals.get(slot).unwrap_or(&Value::Null),
    };
    lgp_compiler::interp::path::get(root, &path.segments).cloned().unwrap_or(Value::Null)
}

/// Diagnostics whose spans already point into the entry.
pub fn entry_diagnostics(entry: &str, diags: Vec<Diagnostic>) -> Reply {
    Reply::Diagnostics { diags, source: SourceFile::new("<repl>", entry), used: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(replies: &[Reply]) -> Vec<Value> {
        replies
            .iter()
            .filter_map(|reply| match reply {
                Reply::Value(value) => Some(value.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn variables_keep_values_that_have_no_literal() {
        let mut session = Session::new();
        session.bindings.push(("n".into(), Value::Float(f64::NAN)));
        let replies = session.handle("let m = n");
        assert!(matches!(values(&replies)[..], [Value::Float(f)] if f.is_nan()), "{replies:?}");
        assert!(matches!(session.bindings[..], [_, (_, Value::Float(f))] if f.is_nan()));
    }

    #[test]
    fn failed_entries_change_nothing() {
        let mut session = Session::new();
        assert_eq!(values(&session.handle("let x = 1")), vec![Value::Int(1)]);
        let replies = session.handle(".a = 1\nlet y = 2\nabort \"no\"");
        assert!(matches!(&replies[..], [Reply::Error(m)] if m == "aborted: no"), "{replies:?}");
        assert_eq!(session.event, Event::default_object());
        assert_eq!(session.bindings, vec![("x".to_string(), Value::Int(1))]);
    }

    #[test]
    fn declarations_replace_earlier_ones() {
        let mut session = Session::new();
        session.handle("fn f() -> int { 1 }");
        session.handle("fn f() -> int { 2 }");
        assert_eq!(values(&session.handle("f()")), vec![Value::Int(2)]);
        assert_eq!(session.decls.len(), 1);
    }

    #[test]
    fn warnings_about_the_entry_are_kept() {
        let mut session = Session::new();
        let replies = session.handle("let a = 1\nlet a = 2\na");
        let codes: Vec<_> = replies
            .iter()
            .flat_map(|reply| match reply {
                Reply::Diagnostics { diags, .. } => diags.iter().map(|d| d.code).collect(),
                _ => Vec::new(),
            })
            .collect();
        assert_eq!(codes, vec![lgp_lang::Code::Shadowed]);
        assert_eq!(values(&replies), vec![Value::Int(2)]);
    }
}
