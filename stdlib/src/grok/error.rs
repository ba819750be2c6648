//! Why a grok pattern could not be compiled, or a match could not be
//! converted: one enum, each message one line in the pattern author's terms.

use std::fmt;

/// A grok pattern or pattern definition that cannot be used.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum GrokError {
    /// `%{NAME}` names no pattern of the library.
    UnknownPattern { name: String, suggestion: Option<String> },
    /// The regex uses a construct that needs a backtracking engine.
    Unsupported { construct: &'static str, text: String, help: &'static str },
    /// `%{...}` or a named group is malformed.
    Malformed { text: String, reason: &'static str },
    /// `:type` is neither `int` nor `float`.
    UnknownConversion { field: String, conversion: String },
    /// Patterns refer to each other in a loop; the chain ends where it started.
    Cycle { chain: Vec<String> },
    /// References nest deeper than the expander allows.
    TooDeep { limit: usize },
    /// The expanded regex, its group count or its compiled size is over a limit.
    TooLarge { what: &'static str, limit: usize },
    /// One field captured both as a value and as an object.
    FieldConflict { value: String, object: String },
    /// The expanded pattern is not a valid regex.
    Regex { message: String },
    /// A line of a pattern file is not `NAME regex`.
    Definition { origin: String, line: usize, reason: String },
    /// A pattern file or directory could not be read.
    Io { path: String, message: String },
}

impl fmt::Display for GrokError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GrokError::UnknownPattern { name, suggestion: Some(s) } => {
                write!(f, "unknown grok pattern `{name}`; did you mean `{s}`?")
            }
            GrokError::UnknownPattern { name, suggestion: None } => {
                write!(f, "unknown grok pattern `{name}`")
            }
            GrokError::Unsupported { construct, text, help } => write!(
                f,
                "grok pattern uses {construct} `{text}`, which needs backtracking and is not supported; {help}"
            ),
            GrokError::Malformed { text, reason } => {
                write!(f, "malformed `{text}` in grok pattern: {reason}")
            }
            GrokError::UnknownConversion { field, conversion } => write!(
                f,
                "unknown conversion `{conversion}` for field `{field}`: use `int` or `float`"
            ),
            GrokError::Cycle { chain } => {
                write!(f, "grok patterns refer to each other in a cycle: {}", chain.join(" -> "))
            }
            GrokError::TooDeep { limit } => {
                write!(f, "grok pattern references nest more than {limit} levels deep")
            }
            GrokError::TooLarge { what, limit } => {
                write!(f, "pattern too large: {what} exceeds the limit of {limit}")
            }
            GrokError::FieldConflict { value, object } => write!(
                f,
                "field `{value}` is captured as a value and also as an object by `{object}`"
            ),
            GrokError::Regex { message } => {
                write!(f, "grok pattern is not a valid regex: {message}")
            }
            GrokError::Definition { origin, line, reason } => {
                write!(f, "{origin}:{line}: {reason}")
            }
            GrokError::Io { path, message } => {
                write!(f, "cannot read grok patterns from `{path}`: {message}")
            }
        }
    }
}

impl std::error::Error for GrokError {}

/// A captured value that its `:int` or `:float` conversion refused.
#[derive(Clone, Debug, PartialEq)]
pub struct ConversionError {
    pub field: String,
    pub value: String,
    pub to: &'static str,
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "grok field `{}`: `{}` is not {}", self.field, shorten(&self.value, 64), self.to)
    }
}

impl std::error::Error for ConversionError {}

/// `text` cut to at most `max` characters, with `...` when cut, so messages
/// stay one readable line whatever the input held.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_string(),
    }
}
