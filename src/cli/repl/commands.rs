//! The `:` commands of the REPL.

use std::fmt::Write as _;
use std::path::Path;

use lgp_lang::ast::DeclKind;
use lgp_lang::diag::Code;
use lgp_lang::sig::{Example, FnRegistry, FnSig};
use lgp_lang::{Diagnostic, SourceFile};
use lgp_stdlib::{Event, Value};

use super::describe::describe;
use super::literal;
use super::session::{Reply, Session, entry_diagnostics};
use super::synth::{self, Wrap};

/// Every command with its one-line description, for `:help` and completion.
pub const COMMANDS: [(&str, &str); 8] = [
    (":event", "<json> replaces the event; alone, prints it"),
    (":load", "FILE brings in the fn, const and use declarations of FILE"),
    (":type", "<expr> prints the static type of an expression"),
    (":help", "<fn> prints a function's signature, documentation and examples"),
    (":reset", "empties the event and forgets the variables"),
    (":quit", "leaves the REPL (Ctrl-D too)"),
    (":exit", "the same as :quit"),
    (":q", "the same as :quit"),
];

/// Runs the command `line` (which starts with `:`).
pub fn run(session: &mut Session, line: &str) -> Vec<Reply> {
    let (command, argument) = match line.find(char::is_whitespace) {
        Some(at) => (&line[..at], line[at..].trim()),
        None => (line, ""),
    };
    match command {
        ":event" if argument.is_empty() => vec![Reply::Value(session.event.fields.clone())],
        ":event" => set_event(session, argument),
        ":load" => load(session, argument),
        ":type" => type_of(session, argument),
        ":help" if argument.is_empty() => vec![Reply::Text(help())],
        ":help" => function_help(argument),
        ":reset" => {
            session.reset();
            Vec::new()
        }
        ":quit" | ":exit" | ":q" => vec![Reply::Quit],
        _ => vec![Reply::Error(format!("unknown command `{command}`; `:help` lists the commands"))],
    }
}

fn set_event(session: &mut Session, json: &str) -> Vec<Reply> {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(value @ serde_json::Value::Object(_)) => {
            session.event = Event::from_json(&value);
            vec![Reply::Value(session.event.fields.clone())]
        }
        Ok(_) => vec![Reply::Error("the event must be a JSON object".into())],
        Err(error) => vec![Reply::Error(format!("the event is not valid JSON: {error}"))],
    }
}

/// Brings in the `fn`, `const` and `use` declarations of a file, after
/// checking the whole file.
pub fn load(session: &mut Session, argument: &str) -> Vec<Reply> {
    if argument.is_empty() {
        return vec![Reply::Error("`:load` needs a file: `:load FILE`".into())];
    }
    let path = Path::new(argument);
    let text = match super::super::read_source(path) {
        Ok(text) => text,
        Err(error) => return vec![Reply::Error(format!("{error:#}"))],
    };
    let analysis = super::super::analyze(SourceFile::new(argument, text));
    if analysis.diagnostics.iter().any(Diagnostic::is_error) {
        let diags = analysis.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
        return vec![
            Reply::Diagnostics { diags, source: analysis.file, used: analysis.used },
            Reply::Error(format!("`{argument}` has errors; nothing was loaded")),
        ];
    }
    let declared = declarations(&analysis.file, &analysis.checked.program, path);
    let texts: Vec<String> = declared.iter().map(|(_, text)| text.clone()).collect();
    session.replace_decls(declared, |session| session.check("", Wrap::Stmts, Vec::new(), &texts))
}

/// The kept declarations of a loaded file, with `use` paths made relative
/// to the directory the REPL runs in.
fn declarations(
    file: &SourceFile,
    program: &lgp_lang::ast::Program,
    path: &Path,
) -> Vec<(Option<String>, String)> {
    let base = path.parent().unwrap_or(Path::new(""));
    program
        .decls
        .iter()
        .filter_map(|decl| match &decl.kind {
            DeclKind::Fn { name, .. } | DeclKind::Const { name, .. } => {
                Some((Some(name.name.clone()), file.slice(decl.span).to_string()))
            }
            DeclKind::Use { path: used } => {
                let joined = base.join(&used.value).display().to_string();
                Some((None, format!("use {}", literal::string(&joined))))
            }
            _ => None,
        })
        .collect()
}

/// The static type of an expression, from the checker. A fallible
/// expression is not an error here: its type is shown with a note.
fn type_of(session: &Session, expr: &str) -> Vec<Reply> {
    if expr.is_empty() {
        return vec![Reply::Error("`:type` needs an expression: `:type .message`".into())];
    }
    let (_, syntax) = lgp_lang::parser::parse_expr(expr);
    if !syntax.is_empty() {
        return vec![entry_diagnostics(expr, syntax)];
    }
    let checked = match session.check(expr, Wrap::TypeOf, Vec::new(), &[]) {
        Ok(checked) => Ok(checked),
        Err(replies) if only_unhandled(&replies) => {
            return typed_despite_failure(session, expr);
        }
        Err(replies) => Err(replies),
    };
    match checked {
        Ok(checked) => vec![Reply::Text(type_text(&checked.checked).unwrap_or_default())],
        Err(replies) => replies,
    }
}

/// True when every error is an unhandled failure (E0401).
fn only_unhandled(replies: &[Reply]) -> bool {
    replies.iter().all(|reply| match reply {
        Reply::Diagnostics { diags, .. } => {
            diags.iter().filter(|d| d.is_error()).all(|d| d.code == Code::UnhandledFallible)
        }
        _ => true,
    })
}

/// The type of a fallible expression: the checker still types the field
/// after reporting the unhandled failure, so the type is read all the same
/// and the failure becomes a note.
fn typed_despite_failure(session: &Session, expr: &str) -> Vec<Reply> {
    let decls = session.decl_texts();
    let cx = synth::Context { decls: &decls, event: &session.event, bindings: &session.bindings };
    let synthetic = synth::Synthetic::new(&cx, expr, Wrap::TypeOf, Vec::new());
    let (program, _) = lgp_lang::parser::parse(&synthetic.file.text);
    let loader = super::super::FsLoader::default();
    let (checked, _) =
        lgp_lang::check::check(&synthetic.file, &program, lgp_stdlib::registry(), &loader);
    let ty = type_text(&checked).unwrap_or_default();
    vec![Reply::Text(format!("{ty} (fallible: handle it with `!`, `??` or `let v, err = ...`)"))]
}

fn type_text(checked: &lgp_lang::check::Checked) -> Option<String> {
    let node = checked.nodes.get(checked.node_by_name(synth::TRANSFORM)?)?;
    Some(describe(&node.output(None)?.field(synth::TYPE_FIELD)))
}

fn help() -> String {
    let mut out = String::from(
        "Enter statements or expressions: they run against the event `.`, and the value of the\n\
         last one is printed. An entry goes on while a bracket is open or a line ends with an\n\
         operator. `let` variables and `fn`/`const` declarations are kept between entries.\n\n",
    );
    for (command, description) in COMMANDS.iter().take(6) {
        let _ = writeln!(out, "  {command:<8} {description}");
    }
    out
}

/// `:help name`: a built-in function's signature, documentation and examples.
fn function_help(name: &str) -> Vec<Reply> {
    let Some(function) = lgp_stdlib::registry().all().into_iter().find(|f| f.name() == name) else {
        return vec![Reply::Error(format!(
            "unknown function `{name}`; Tab after `:help ` lists the functions"
        ))];
    };
    vec![Reply::Text(function_text(function))]
}

fn function_text(function: &dyn FnSig) -> String {
    let mut out = format!("{}\n\n{}\n", super::super::docs::signature(function), function.doc());
    if !function.params().is_empty() {
        out.push_str("\nParameters:\n");
        let width = function.params().iter().map(|p| p.name.len()).max().unwrap_or(0);
        for param in function.params() {
            let required = if param.required { "required" } else { "optional" };
            let _ = writeln!(
                out,
                "  {:<width$}  {}, {required}: {}",
                param.name, param.kinds, param.doc
            );
        }
    }
    if !function.examples().is_empty() {
        out.push_str("\nExamples:\n");
        for example in function.examples() {
            out.push_str(&example_text(example));
        }
    }
    out
}

fn example_text(example: &Example) -> String {
    let mut out = format!("  # {}\n", example.title);
    if example.input.trim() != "{}" {
        let _ = writeln!(out, "  :event {}", example.input);
    }
    for line in example.source.lines() {
        let _ = writeln!(out, "  {line}");
    }
    match example.result {
        Ok(value) => {
            let _ = writeln!(out, "  => {value}");
        }
        Err(message) => {
            let _ = writeln!(out, "  => error: {message}");
        }
    }
    out
}

/// The field paths of the event (`.a`, `.a.b`), for completion; bounded
/// in depth and count so a huge event cannot stall the prompt.
pub fn field_paths(value: &Value) -> Vec<String> {
    const MAX_DEPTH: usize = 8;
    const MAX_PATHS: usize = 2000;
    let mut out = Vec::new();
    let mut pending = vec![(String::new(), value, 0usize)];
    while let Some((prefix, value, depth)) = pending.pop() {
        let Value::Object(fields) = value else { continue };
        for (name, child) in fields.iter().rev() {
            if out.len() >= MAX_PATHS {
                return out;
            }
            let path = format!("{prefix}{}", literal::field_segment(name));
            if depth < MAX_DEPTH {
                pending.push((path.clone(), child, depth + 1));
            }
            out.push(path);
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_lists_nested_objects() {
        let event = Event::from_json(&serde_json::json!({"a": {"b": 1, "c d": 2}, "e": [1]}));
        assert_eq!(field_paths(&event.fields), vec![".a", ".a.\"c d\"", ".a.b", ".e"]);
    }

    #[test]
    fn help_lists_every_command_once() {
        let text = help();
        for command in [":event", ":load", ":type", ":help", ":reset", ":quit"] {
            assert_eq!(text.matches(&format!("  {command} ")).count(), 1, "{command}");
        }
    }

    #[test]
    fn unknown_commands_and_functions_are_errors() {
        let mut session = Session::new();
        let replies = run(&mut session, ":frobnicate");
        assert!(matches!(&replies[..], [Reply::Error(m)] if m.contains("`:frobnicate`")));
        let replies = run(&mut session, ":help no_such_fn");
        assert!(matches!(&replies[..], [Reply::Error(m)] if m.contains("`no_such_fn`")));
    }

    #[test]
    fn event_must_be_a_json_object() {
        let mut session = Session::new();
        assert!(matches!(&run(&mut session, ":event [1]")[..], [Reply::Error(_)]));
        assert!(matches!(&run(&mut session, ":event {")[..], [Reply::Error(_)]));
        assert!(matches!(&run(&mut session, r#":event {"a": 1}"#)[..], [Reply::Value(_)]));
    }
}
