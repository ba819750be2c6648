//! `lgp repl [FILE]`: an event in hand (`.`), each entry checked and run
//! against it as a transform body would be, and the value printed.
//!
//! On a terminal it is a line editor (rustyline) with history, multi-line
//! entries and completion; with piped input it reads entries from stdin and
//! prints one result per entry, so scripts can drive it. How an entry is
//! evaluated is in `repl/synth.rs`.

mod commands;
mod describe;
mod editor;
mod input;
mod literal;
mod print;
mod session;
mod synth;

use std::io::{BufRead, IsTerminal};

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{CompletionType, Config, Editor};

use super::{Outcome, write_stderr, write_stdout};
use editor::ReplHelper;
use print::{Printed, Style};
use session::Session;

/// Entries larger than this are refused, so piped input with an unclosed
/// bracket cannot grow without bound.
const MAX_ENTRY_BYTES: usize = 4 * 1024 * 1024;
/// History entries kept in the history file.
const HISTORY_SIZE: usize = 1000;
const PROMPT: &str = "lgp> ";

const AFTER_HELP: &str = "\
On a terminal: `lgp> ` prompt, history in $XDG_STATE_HOME/lgp/history (or
~/.local/state/lgp/history), Tab completion, values pretty-printed.

With piped input (no terminal): no prompt; entries are read from stdin (an
entry goes on to the next line while a bracket or string is open or a line
ends with an operator, `=` or `,`), and for each entry:
  - its value is printed on stdout as one line of compact JSON;
  - `:type` prints the type, `:help` its text, `:event` the event as JSON;
  - diagnostics (rendered without colour), errors (`error: ...`) and notes
    go to stderr, and print nothing on stdout.
The exit status is 1 when any entry failed, else 0.

Example: printf '.a = 1\\n.a + 1\\n' | lgp repl   prints 1 and 2.
Commands: type `:help` in the REPL.";

#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct ReplArgs {
    /// The engine that evaluates entries
    #[arg(long, default_value = "interp", value_parser = ["interp", "jit"])]
    engine: String,
    /// A file whose `fn`, `const` and `use` declarations to bring in (as `:load FILE`)
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

pub fn run(args: &ReplArgs) -> Result<Outcome> {
    if args.engine == "jit" {
        bail!("the JIT engine is not built yet; use `--engine interp`");
    }
    let interactive = std::io::stdin().is_terminal();
    let style = Style {
        interactive,
        color_stdout: interactive && std::io::stdout().is_terminal() && color_allowed(),
        color_stderr: super::stderr_color(),
    };
    let mut session = Session::new();
    let mut failed = false;
    if let Some(file) = &args.file {
        let replies = commands::load(&mut session, &file.display().to_string());
        failed |= print::print(&replies, style).failed;
    }
    if interactive { terminal(session, style) } else { Ok(script(session, style, failed)) }
}

/// `NO_COLOR` unset or empty (<https://no-color.org>).
fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Reads entries from piped stdin until its end.
fn script(mut session: Session, style: Style, mut failed: bool) -> Outcome {
    let mut stdin = std::io::stdin().lock();
    let mut entry = String::new();
    loop {
        let line = match read_line(&mut stdin) {
            Line::Text(line) => line,
            Line::End => break,
            Line::TooLong => {
                write_stderr(&format!(
                    "error: a line is longer than {} MiB\n",
                    MAX_ENTRY_BYTES >> 20
                ));
                failed = true;
                entry.clear();
                continue;
            }
        };
        entry.push_str(&line);
        if entry.len() > MAX_ENTRY_BYTES {
            write_stderr(&format!(
                "error: an entry is larger than {} MiB\n",
                MAX_ENTRY_BYTES >> 20
            ));
            failed = true;
            entry.clear();
            continue;
        }
        if input::needs_more(&entry) {
            entry.push('\n');
            continue;
        }
        let printed = print::print(&session.handle(&entry), style);
        failed |= printed.failed;
        entry.clear();
        if printed.quit {
            return outcome(failed);
        }
    }
    // Input ended inside an entry: evaluate it, which reports what is open.
    failed |= print::print(&session.handle(&entry), style).failed;
    outcome(failed)
}

fn outcome(failed: bool) -> Outcome {
    if failed { Outcome::Failure } else { Outcome::Success }
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq)]
enum Line {
    /// A line, without its line break.
    Text(String),
    /// A line longer than an entry may be; the rest of it was skipped.
    TooLong,
    /// The end of the input, or a read error (reported), which ends it too.
    End,
}

fn read_line(reader: &mut impl BufRead) -> Line {
    let mut bytes = Vec::new();
    let limit = MAX_ENTRY_BYTES as u64 + 1;
    match std::io::Read::take(&mut *reader, limit).read_until(b'\n', &mut bytes) {
        Ok(0) => return Line::End,
        Ok(_) => {}
        Err(error) => {
            write_stderr(&format!("error: cannot read stdin: {error}\n"));
            return Line::End;
        }
    }
    if bytes.last() != Some(&b'\n') && bytes.len() as u64 == limit {
        skip_line(reader);
        return Line::TooLong;
    }
    while matches!(bytes.last(), Some(b'\n' | b'\r')) {
        bytes.pop();
    }
    Line::Text(String::from_utf8_lossy(&bytes).into_owned())
}

/// Skips to the next line break, a buffer at a time.
fn skip_line(reader: &mut impl BufRead) {
    loop {
        let (consumed, found) = match reader.fill_buf() {
            Ok([]) | Err(_) => return,
            Ok(buffer) => match buffer.iter().position(|&b| b == b'\n') {
                Some(at) => (at + 1, true),
                None => (buffer.len(), false),
            },
        };
        reader.consume(consumed);
        if found {
            return;
        }
    }
}

/// The interactive loop on a terminal.
fn terminal(mut session: Session, style: Style) -> Result<Outcome> {
    let mut editor = new_editor()?;
    let history = history_path();
    if let Some(path) = &history {
        // A missing history file is the first run, not a problem.
        let _ = editor.load_history(path);
    }
    if let Some(helper) = editor.helper_mut() {
        helper.refresh(&session);
    }
    write_stdout("lgp repl: `:help` for help, Ctrl-D to leave\n");
    loop {
        let entry = match editor.readline(PROMPT) {
            Ok(entry) => entry,
            // Ctrl-C drops the entry being typed, as in a shell.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(error) => return Err(error).context("cannot read the terminal"),
        };
        remember(&mut editor, history.as_ref(), &entry);
        let Printed { quit, .. } = print::print(&session.handle(&entry), style);
        if let Some(helper) = editor.helper_mut() {
            helper.refresh(&session);
        }
        if quit {
            break;
        }
    }
    Ok(Outcome::Success)
}

fn new_editor() -> Result<Editor<ReplHelper, FileHistory>> {
    let config = Config::builder()
        .auto_add_history(false)
        .max_history_size(HISTORY_SIZE)
        .and_then(|builder| builder.history_ignore_dups(true))
        .context("cannot configure the line editor")?
        .history_ignore_space(true)
        .completion_type(CompletionType::List)
        .build();
    let mut editor: Editor<ReplHelper, FileHistory> =
        Editor::with_config(config).context("cannot set up the line editor")?;
    editor.set_helper(Some(ReplHelper::new()));
    Ok(editor)
}

/// Adds the entry to the history and appends it to the history file at
/// once, so a killed session loses nothing.
fn remember(editor: &mut Editor<ReplHelper, FileHistory>, path: Option<&PathBuf>, entry: &str) {
    if entry.trim().is_empty() || editor.add_history_entry(entry).is_err() {
        return;
    }
    if let Some(path) = path
        && let Err(error) = editor.append_history(path)
    {
        write_stderr(&format!("warning: cannot write history to `{}`: {error}\n", path.display()));
    }
}

/// `$XDG_STATE_HOME/lgp/history`, else `~/.local/state/lgp/history`; the
/// directory is created. `None` (no history kept) when neither is known or
/// the directory cannot be made.
fn history_path() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/state"))
        })?;
    let dir = state.join("lgp");
    if let Err(error) = std::fs::create_dir_all(&dir) {
        write_stderr(&format!("warning: no history: cannot create `{}`: {error}\n", dir.display()));
        return None;
    }
    Some(dir.join("history"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_line_strips_line_breaks_and_ends() {
        let mut reader = std::io::Cursor::new(b"a\r\nb\nc".to_vec());
        assert_eq!(read_line(&mut reader), Line::Text("a".to_string()));
        assert_eq!(read_line(&mut reader), Line::Text("b".to_string()));
        assert_eq!(read_line(&mut reader), Line::Text("c".to_string()));
        assert_eq!(read_line(&mut reader), Line::End);
    }

    #[test]
    fn read_line_refuses_huge_lines_and_goes_on() {
        let mut text = vec![b'x'; MAX_ENTRY_BYTES + 10];
        text.extend_from_slice(b"\nnext\n");
        let mut reader = std::io::BufReader::new(std::io::Cursor::new(text));
        assert_eq!(read_line(&mut reader), Line::TooLong);
        assert_eq!(read_line(&mut reader), Line::Text("next".to_string()));
    }
}
