//! The line editor's helper: Tab completion and where an entry ends.
//!
//! Completion knows the `:` commands, built-in function names, keywords,
//! the variables and declarations of the session, and the current event's
//! field paths (`.a.b`); after `:load ` it completes file names.

use rustyline::Context;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};

use super::commands::{COMMANDS, field_paths};
use super::input;
use super::session::Session;

const KEYWORDS: [&str; 12] =
    ["if", "else", "match", "for", "in", "let", "drop", "abort", "emit", "true", "false", "null"];

/// What completion offers; refreshed from the session after each entry.
#[derive(Default)]
pub struct ReplHelper {
    /// Field paths of the event, sorted.
    fields: Vec<String>,
    /// Variables, user functions and constants.
    names: Vec<String>,
    files: FilenameCompleter,
}

impl ReplHelper {
    pub fn new() -> ReplHelper {
        ReplHelper { files: FilenameCompleter::new(), ..ReplHelper::default() }
    }

    /// Takes the event's fields and the bound names from the session.
    pub fn refresh(&mut self, session: &Session) {
        self.fields = field_paths(&session.event.fields);
        let bindings = session.bindings.iter().map(|(name, _)| name.clone());
        let decls = session.decls.iter().filter_map(|(name, _)| name.clone());
        self.names = bindings.chain(decls).collect();
    }

    /// Candidates for the text before the cursor: the start of the word
    /// they replace, and the candidates.
    fn candidates(&self, before: &str) -> (usize, Vec<Pair>) {
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = &before[line_start..];
        if line_start == 0 && line.trim_start().starts_with(':') {
            return self.command_candidates(line);
        }
        let start = word_start(before);
        let word = &before[start..];
        if word.starts_with('.') {
            return (start, pairs(self.fields.iter().filter(|path| path.starts_with(word)), ""));
        }
        if word.contains('.') {
            return (start, Vec::new());
        }
        let functions =
            lgp_stdlib::fns::all().iter().map(|f| f.name()).filter(|n| n.starts_with(word));
        let mut out = pairs(functions, "(");
        out.extend(pairs(KEYWORDS.iter().copied().filter(|k| k.starts_with(word)), ""));
        out.extend(pairs(self.names.iter().filter(|n| n.starts_with(word)), ""));
        out.sort_by(|a, b| a.display.cmp(&b.display));
        (start, out)
    }

    fn command_candidates(&self, line: &str) -> (usize, Vec<Pair>) {
        let indent = line.len() - line.trim_start().len();
        let Some(space) = line.find(char::is_whitespace).filter(|&at| at >= indent) else {
            let typed = line.trim_start();
            let commands = COMMANDS.iter().map(|(name, _)| *name).filter(|n| n.starts_with(typed));
            return (indent, pairs(commands, ""));
        };
        let command = &line[indent..space];
        let start = word_start(line);
        let word = &line[start..];
        match command {
            ":help" => {
                let names =
                    lgp_stdlib::fns::all().iter().map(|f| f.name()).filter(|n| n.starts_with(word));
                (start, pairs(names, ""))
            }
            ":load" => self.files.complete_path(line, line.len()).unwrap_or((start, Vec::new())),
            _ => (start, Vec::new()),
        }
    }
}

/// Where the word before the cursor starts: names and paths are made of
/// letters, digits, `_`, `@` and `.`.
fn word_start(before: &str) -> usize {
    before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '.')))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

fn pairs<S: AsRef<str>>(names: impl Iterator<Item = S>, suffix: &str) -> Vec<Pair> {
    names
        .map(|name| Pair {
            display: name.as_ref().to_string(),
            replacement: format!("{}{suffix}", name.as_ref()),
        })
        .collect()
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(self.candidates(line.get(..pos).unwrap_or(line)))
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if input::needs_more(ctx.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Highlighter for ReplHelper {}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl rustyline::Helper for ReplHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn replacements(helper: &ReplHelper, before: &str) -> (usize, Vec<String>) {
        let (start, pairs) = helper.candidates(before);
        (start, pairs.into_iter().map(|p| p.replacement).collect())
    }

    #[test]
    fn completes_functions_keywords_and_names() {
        let mut helper = ReplHelper::new();
        let mut session = Session::new();
        session.bindings.push(("upper".into(), lgp_stdlib::Value::Null));
        helper.refresh(&session);
        assert_eq!(replacements(&helper, ".a = upc"), (5, vec!["upcase(".to_string()]));
        assert_eq!(replacements(&helper, "upp").1, vec!["upper".to_string()]);
        assert_eq!(replacements(&helper, "mat").1, vec!["match(".to_string(), "match".to_string()]);
    }

    #[test]
    fn completes_event_paths() {
        let mut helper = ReplHelper::new();
        let mut session = Session::new();
        session.event = lgp_stdlib::Event::from_json(
            &serde_json::json!({"http": {"status": 200}, "host": "a"}),
        );
        helper.refresh(&session);
        let (start, found) = replacements(&helper, "upcase(.h");
        assert_eq!(start, 7);
        assert_eq!(found, vec![".host", ".http", ".http.status"]);
        assert_eq!(replacements(&helper, "x.h").1, Vec::<String>::new());
    }

    #[test]
    fn completes_commands_and_help_topics() {
        let helper = ReplHelper::new();
        assert_eq!(replacements(&helper, ":ty"), (0, vec![":type".to_string()]));
        assert_eq!(replacements(&helper, ":help parse_js"), (6, vec!["parse_json".to_string()]));
    }
}
