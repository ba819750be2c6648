//! Renderers: diagnostics as text for people (`human`, `short`) and for tools
//! (`json`, `github`). The CLI picks one at the edge; nothing here does I/O and
//! no renderer type leaks into the rest of the crate.
//!
//! Every renderer tolerates spans that fall outside their file or inside a
//! UTF-8 character (they are clamped), so a checker bug never becomes a panic.

use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

use super::{Diagnostic, Label, Severity};
use crate::span::{SourceFile, Span};

/// An output format of `lgp check --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Source snippets with carets; ANSI colour only when `color` is set.
    Human { color: bool },
    /// `file:line:col: error[E0401]: message`, one line each.
    Short,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=...::message`).
    Github,
}

/// The files diagnostics point into: the checked file and the files it
/// `use`s (a [`Diagnostic::file`] of `Some(name)` names one of the latter).
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    pub main: &'a SourceFile,
    pub used: &'a [SourceFile],
}

impl<'a> Sources<'a> {
    /// Only the checked file.
    pub fn new(main: &'a SourceFile) -> Sources<'a> {
        Sources { main, used: &[] }
    }

    /// Adds the files brought in by `use`.
    pub fn with_used(self, used: &'a [SourceFile]) -> Sources<'a> {
        Sources { used, ..self }
    }

    /// The file a diagnostic's spans point into; `None` for a `use`d file
    /// the caller did not hand over.
    fn file_of(&self, diag: &Diagnostic) -> Option<&'a SourceFile> {
        match &diag.file {
            None => Some(self.main),
            Some(name) => self.used.iter().find(|f| f.name == *name),
        }
    }

    /// The name to print for a diagnostic's file, known or not.
    fn name_of<'d>(&self, diag: &'d Diagnostic) -> &'d str
    where
        'a: 'd,
    {
        diag.file.as_deref().unwrap_or(&self.main.name)
    }
}

/// Renders `diags` in `format`; the result ends with a newline unless empty.
pub fn render(format: Format, diags: &[Diagnostic], sources: &Sources<'_>) -> String {
    match format {
        Format::Human { color } => render_human(diags, sources, color),
        Format::Short => render_lines(diags, sources, short_line),
        Format::Json => render_lines(diags, sources, json_line),
        Format::Github => render_lines(diags, sources, github_line),
    }
}

/// Snippets with `^^^` primary and `---` secondary labels, notes, help and a
/// `= see: lgp explain CODE` pointer, as codespan-reporting draws them.
pub fn human(diags: &[Diagnostic], file: &SourceFile, color: bool) -> String {
    render(Format::Human { color }, diags, &Sources::new(file))
}

/// `file:line:col: error[E0401]: message`, one line per diagnostic.
pub fn short(diags: &[Diagnostic], file: &SourceFile) -> String {
    render(Format::Short, diags, &Sources::new(file))
}

/// One JSON object per line per diagnostic, with stable field names.
pub fn json(diags: &[Diagnostic], file: &SourceFile) -> String {
    render(Format::Json, diags, &Sources::new(file))
}

/// GitHub Actions `::error`/`::warning` workflow commands, one per line.
pub fn github(diags: &[Diagnostic], file: &SourceFile) -> String {
    render(Format::Github, diags, &Sources::new(file))
}

/// A 1-based position range; `end_*` is the position just past the span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
struct Position {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn position(file: &SourceFile, span: Span) -> Position {
    let range = clamp(&file.text, span);
    let (line, column) = file.line_col(range.start);
    let (end_line, end_column) = file.line_col(range.end);
    Position { line, column, end_line, end_column }
}

/// The span as a byte range that lies inside `text` on character boundaries.
fn clamp(text: &str, span: Span) -> Range<usize> {
    let start = floor_boundary(text, span.start as usize);
    let end = floor_boundary(text, span.end as usize).max(start);
    start..end
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    // A UTF-8 character is at most four bytes, so this loop is bounded.
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The primary position of a diagnostic, when its file is known.
fn primary_position(diag: &Diagnostic, sources: &Sources<'_>) -> Option<Position> {
    sources.file_of(diag).map(|file| position(file, diag.span()))
}

fn render_lines(
    diags: &[Diagnostic],
    sources: &Sources<'_>,
    line: fn(&Diagnostic, &Sources<'_>) -> String,
) -> String {
    diags.iter().map(|diag| line(diag, sources) + "\n").collect()
}

fn short_line(diag: &Diagnostic, sources: &Sources<'_>) -> String {
    let location = match primary_position(diag, sources) {
        Some(pos) => format!("{}:{}:{}", sources.name_of(diag), pos.line, pos.column),
        None => sources.name_of(diag).to_string(),
    };
    format!("{location}: {}[{}]: {}", diag.severity.as_str(), diag.code, diag.message)
}

/// The JSON shape of one diagnostic. Field names are a stable interface;
/// the position fields are left out when the file is unknown.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: String,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    #[serde(flatten)]
    position: Option<Position>,
    help: Option<&'a str>,
    notes: &'a [String],
    labels: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    #[serde(flatten)]
    position: Option<Position>,
    message: &'a str,
    primary: bool,
}

fn json_line(diag: &Diagnostic, sources: &Sources<'_>) -> String {
    let file = sources.file_of(diag);
    let object = JsonDiagnostic {
        code: diag.code.as_string(),
        severity: diag.severity.as_str(),
        message: &diag.message,
        file: sources.name_of(diag),
        position: primary_position(diag, sources),
        help: diag.help.as_deref(),
        notes: &diag.notes,
        labels: diag.labels.iter().map(|l| json_label(file, l)).collect(),
    };
    // Serializing plain strings, numbers and vectors cannot fail; the
    // fallback keeps the one-object-per-line contract all the same.
    serde_json::to_string(&object).unwrap_or_else(|_| String::from("{}"))
}

fn json_label<'a>(file: Option<&SourceFile>, label: &'a Label) -> JsonLabel<'a> {
    JsonLabel {
        position: file.map(|f| position(f, label.span)),
        message: &label.message,
        primary: label.primary,
    }
}

fn github_line(diag: &Diagnostic, sources: &Sources<'_>) -> String {
    let command = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = vec![format!("file={}", escape_property(sources.name_of(diag)))];
    if let Some(pos) = primary_position(diag, sources) {
        properties.push(format!("line={},col={}", pos.line, pos.column));
        properties.push(format!("endLine={},endColumn={}", pos.end_line, pos.end_column));
    }
    properties.push(format!("title={}", escape_property(&diag.code.as_string())));
    format!("::{command} {}::{}", properties.join(","), escape_data(&github_message(diag)))
}

/// The message with help and notes on further lines, since an annotation
/// shows no snippet.
fn github_message(diag: &Diagnostic) -> String {
    let mut message = diag.message.clone();
    for note in &diag.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    if let Some(help) = &diag.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    message
}

/// Escapes a workflow command's message, as the GitHub Actions toolkit does.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command property, which also may not hold `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn render_human(diags: &[Diagnostic], sources: &Sources<'_>, color: bool) -> String {
    let mut files = SimpleFiles::new();
    let main_id = files.add(sources.main.name.as_str(), sources.main.text.as_str());
    let used_ids: Vec<usize> =
        sources.used.iter().map(|f| files.add(f.name.as_str(), f.text.as_str())).collect();
    let file_id = |diag: &Diagnostic| match &diag.file {
        None => Some((main_id, sources.main)),
        Some(name) => sources
            .used
            .iter()
            .zip(&used_ids)
            .find(|(f, _)| f.name == *name)
            .map(|(f, id)| (*id, f)),
    };
    let mut out = Vec::new();
    for diag in diags {
        let rich = to_codespan(diag, file_id(diag));
        if emit(&mut out, &files, &rich, color).is_err() {
            out.extend_from_slice(short_line(diag, sources).as_bytes());
            out.push(b'\n');
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn emit(
    out: &mut Vec<u8>,
    files: &SimpleFiles<&str, &str>,
    diag: &cs::Diagnostic<usize>,
    color: bool,
) -> Result<(), codespan_reporting::files::Error> {
    let config = term::Config::default();
    if color {
        term::emit_to_write_style(&mut termcolor::Ansi::new(out), &config, files, diag)
    } else {
        term::emit_to_write_style(&mut termcolor::NoColor::new(out), &config, files, diag)
    }
}

/// The codespan form of a diagnostic. Without a known file the labels are
/// dropped and the file is named in a note, so the message still shows.
fn to_codespan(diag: &Diagnostic, file: Option<(usize, &SourceFile)>) -> cs::Diagnostic<usize> {
    let severity = match diag.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let labels = match file {
        Some((id, source)) => diag.labels.iter().map(|l| to_label(id, source, l)).collect(),
        None => Vec::new(),
    };
    let mut notes: Vec<String> = Vec::new();
    if file.is_none() {
        notes.push(format!("in: {}", diag.file.as_deref().unwrap_or_default()));
    }
    notes.extend(diag.notes.iter().map(|n| format!("note: {n}")));
    notes.extend(diag.help.iter().map(|h| format!("help: {h}")));
    notes.push(format!("see: lgp explain {}", diag.code));
    cs::Diagnostic::new(severity)
        .with_code(diag.code.as_string())
        .with_message(&diag.message)
        .with_labels(labels)
        .with_notes(notes)
}

fn to_label(file_id: usize, file: &SourceFile, label: &Label) -> cs::Label<usize> {
    let range = clamp(&file.text, label.span);
    let style = if label.primary { cs::LabelStyle::Primary } else { cs::LabelStyle::Secondary };
    cs::Label::new(style, file_id, range).with_message(&label.message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    const SOURCE: &str = "input app = stdin {}\n\ntransform parsed <- app {\n  . = parse_json(.message)\n  .level = \"info\"\n}\n";

    fn file() -> SourceFile {
        SourceFile::new("pipeline.lgp", SOURCE)
    }

    fn span_of(needle: &str) -> Span {
        let start = SOURCE.find(needle).unwrap_or(0);
        Span::new(start, start + needle.len())
    }

    /// A diagnostic with a primary and a secondary label, a note and help.
    fn sample() -> Diagnostic {
        Diagnostic::new(
            Code::UnhandledFallible,
            span_of("parse_json(.message)"),
            "unhandled error from fallible call `parse_json`",
        )
        .with_label("this call can fail: `.message` may not be valid JSON")
        .with_secondary(span_of("app"), "`.message` comes from this input")
        .with_note("a failure would stop the whole transform")
        .with_help("handle it: `parse_json!(.message)` or `parse_json(.message) ?? {}`")
    }

    #[test]
    fn render_human_plain() {
        insta::assert_snapshot!(human(&[sample()], &file(), false));
    }

    #[test]
    fn render_human_color_has_ansi_escapes() {
        let text = human(&[sample()], &file(), true);
        assert!(text.contains("\u{1b}["), "no colour in {text:?}");
        assert!(!human(&[sample()], &file(), false).contains('\u{1b}'));
    }

    #[test]
    fn render_short() {
        insta::assert_snapshot!(short(&[sample()], &file()));
    }

    #[test]
    fn render_json() {
        insta::assert_snapshot!(json(&[sample()], &file()));
    }

    #[test]
    fn render_json_is_one_valid_object_per_line() {
        let text = json(&[sample(), sample()], &file());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        for line in lines {
            let value: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            assert_eq!(value["code"], "E0401");
            assert_eq!(value["line"], 4);
            assert_eq!(value["column"], 7);
            assert_eq!(value["labels"][1]["primary"], false);
        }
    }

    #[test]
    fn render_github() {
        insta::assert_snapshot!(github(&[sample()], &file()));
    }

    #[test]
    fn render_github_escapes_properties_and_data() {
        let odd = SourceFile::new("a,b:c%.lgp", "x");
        let diag = Diagnostic::new(Code::SyntaxError, Span::new(0, 1), "50% done\r\nnext");
        let text = github(&[diag], &odd);
        assert_eq!(
            text,
            "::error file=a%2Cb%3Ac%25.lgp,line=1,col=1,endLine=1,endColumn=2,title=E0101::50%25 done%0D%0Anext\n"
        );
    }

    #[test]
    fn render_used_file_points_into_it() {
        let used = [SourceFile::new("lib/common.lgp", "fn f() -> int {\n  \"x\"\n}\n")];
        let mut diag = Diagnostic::new(Code::ReturnType, Span::new(18, 21), "wrong return type");
        diag.file = Some("lib/common.lgp".to_string());
        let main = file();
        let sources = Sources::new(&main).with_used(&used);
        let text = render(Format::Human { color: false }, std::slice::from_ref(&diag), &sources);
        assert!(text.contains("lib/common.lgp:2:3"), "{text}");
        assert!(text.contains("\"x\""), "{text}");
        let short = render(Format::Short, &[diag], &sources);
        assert_eq!(short, "lib/common.lgp:2:3: error[E0304]: wrong return type\n");
    }

    #[test]
    fn render_unknown_used_file_keeps_the_message() {
        let mut diag = Diagnostic::new(Code::ReturnType, Span::new(18, 21), "wrong return type");
        diag.file = Some("lost.lgp".to_string());
        let text = human(std::slice::from_ref(&diag), &file(), false);
        assert!(text.contains("error[E0304]: wrong return type"), "{text}");
        assert!(text.contains("in: lost.lgp"), "{text}");
        assert_eq!(short(&[diag], &file()), "lost.lgp: error[E0304]: wrong return type\n");
    }

    #[test]
    fn render_hostile_spans_do_not_panic() {
        let text = SourceFile::new("u.lgp", "é\n€");
        let spans = [Span::new(1, 2), Span::new(0, 100), Span::new(50, 60), Span::new(3, 1)];
        for span in spans {
            let diag = Diagnostic::new(Code::SyntaxError, span, "odd span")
                .with_secondary(Span::new(u32::MAX as usize, u32::MAX as usize), "far");
            for format in
                [Format::Human { color: true }, Format::Short, Format::Json, Format::Github]
            {
                let out = render(format, std::slice::from_ref(&diag), &Sources::new(&text));
                assert!(out.contains("odd span"), "{format:?}: {out}");
            }
        }
    }

    #[test]
    fn render_nothing_is_empty() {
        assert_eq!(human(&[], &file(), false), "");
        assert_eq!(json(&[], &file()), "");
    }
}
