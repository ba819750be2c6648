//! Expands a grok pattern into one regex and compiles it.
//!
//! `%{NAME}` becomes `(?:definition)`, `%{NAME:field}` and `(?<field>...)`
//! become a capturing group; plain groups were already made non-capturing by
//! the scanner, so capture group `i` is the `i`-th field capture. The
//! expansion is bounded three ways — reference depth, text length and group
//! count — and the compiled NFA has a size limit, so a hostile or runaway
//! pattern is refused with "pattern too large" instead of eating memory.

use regex_automata::meta;
use regex_syntax::hir::{Hir, HirKind};

use super::error::GrokError;
use super::library::Library;
use super::scan::{Convert, FieldSpec, Piece, scan};

/// References nest at most this deep (Logstash's own set needs about 8).
pub const MAX_DEPTH: usize = 64;
/// The expanded regex text may be at most this long.
pub const MAX_REGEX_BYTES: usize = 1 << 20;
/// At most this many field captures per pattern.
pub const MAX_CAPTURES: usize = 1024;
/// The compiled NFA may take at most this much memory.
pub const MAX_NFA_BYTES: usize = 16 << 20;
/// Nesting limit handed to the regex parser.
const MAX_REGEX_NESTING: u32 = 256;

/// One capturing group of the expanded regex.
#[derive(Clone, Debug)]
pub(crate) struct Group {
    /// Index into the field list.
    pub field: usize,
    pub convert: Convert,
}

/// The expansion of a pattern: regex text plus its capture table.
#[derive(Debug, Default)]
pub(crate) struct Expansion {
    pub regex: String,
    /// Field names in first-seen order.
    pub fields: Vec<String>,
    /// Capture group `i + 1` is `groups[i]`.
    pub groups: Vec<Group>,
}

/// Expands `pattern` against `library`.
///
/// # Errors
/// Unknown names, cycles, limits, and unsupported constructs.
pub(crate) fn expand(library: &Library, pattern: &str) -> Result<Expansion, GrokError> {
    let pieces = scan(pattern)?;
    let mut expander = Expander { library, out: Expansion::default(), stack: Vec::new() };
    expander.pieces(&pieces)?;
    Ok(expander.out)
}

struct Expander<'l> {
    library: &'l Library,
    out: Expansion,
    /// Names being expanded, outermost first, for cycle detection.
    stack: Vec<&'l str>,
}

impl<'l> Expander<'l> {
    fn pieces(&mut self, pieces: &'l [Piece]) -> Result<(), GrokError> {
        for piece in pieces {
            match piece {
                Piece::Text(text) => self.push(text)?,
                Piece::Capture(spec) => self.open_capture(spec)?,
                Piece::Reference { name, field } => self.reference(name, field.as_ref())?,
            }
        }
        Ok(())
    }

    fn reference(&mut self, name: &'l str, field: Option<&FieldSpec>) -> Result<(), GrokError> {
        let definition = self.library.get(name).ok_or_else(|| GrokError::UnknownPattern {
            name: name.to_string(),
            suggestion: self.library.suggest(name),
        })?;
        if let Some(start) = self.stack.iter().position(|n| *n == name) {
            let mut chain: Vec<String> =
                self.stack[start..].iter().map(|n| n.to_string()).collect();
            chain.push(name.to_string());
            return Err(GrokError::Cycle { chain });
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(GrokError::TooDeep { limit: MAX_DEPTH });
        }
        match field {
            Some(spec) => self.open_capture(spec)?,
            None => self.push("(?:")?,
        }
        self.stack.push(name);
        self.pieces(&definition.pieces)?;
        self.stack.pop();
        self.push(")")
    }

    /// Opens a capturing group for `spec` and records it.
    fn open_capture(&mut self, spec: &FieldSpec) -> Result<(), GrokError> {
        if self.out.groups.len() >= MAX_CAPTURES {
            return Err(GrokError::TooLarge {
                what: "the number of captured fields",
                limit: MAX_CAPTURES,
            });
        }
        let field = match self.out.fields.iter().position(|f| *f == spec.name) {
            Some(index) => index,
            None => {
                self.out.fields.push(spec.name.clone());
                self.out.fields.len() - 1
            }
        };
        self.out.groups.push(Group { field, convert: spec.convert });
        self.push("(")
    }

    fn push(&mut self, text: &str) -> Result<(), GrokError> {
        if self.out.regex.len() + text.len() > MAX_REGEX_BYTES {
            return Err(GrokError::TooLarge { what: "the expanded regex", limit: MAX_REGEX_BYTES });
        }
        self.out.regex.push_str(text);
        Ok(())
    }
}

/// Parses the expanded regex.
///
/// # Errors
/// [`GrokError::Regex`] with the parser's one-line reason.
pub(crate) fn parse_hir(regex: &str) -> Result<Hir, GrokError> {
    regex_syntax::ParserBuilder::new().nest_limit(MAX_REGEX_NESTING).build().parse(regex).map_err(
        |e| {
            let message = match &e {
                regex_syntax::Error::Parse(e) => e.kind().to_string(),
                regex_syntax::Error::Translate(e) => e.kind().to_string(),
                other => other.to_string().lines().last().unwrap_or("").to_string(),
            };
            GrokError::Regex { message }
        },
    )
}

/// Compiles the parsed regex with regex-automata's meta engine.
///
/// # Errors
/// "pattern too large" when the NFA would exceed [`MAX_NFA_BYTES`].
pub(crate) fn build_regex(hir: &Hir) -> Result<meta::Regex, GrokError> {
    let config = meta::Config::new().nfa_size_limit(Some(MAX_NFA_BYTES));
    meta::Builder::new().configure(config).build_from_hir(hir).map_err(|e| match e.size_limit() {
        Some(limit) => GrokError::TooLarge { what: "the compiled regex", limit },
        None => GrokError::Regex { message: e.to_string() },
    })
}

/// For each capture group (index `i` for group `i + 1`): true when every
/// match of the whole regex sets it to a non-empty string. A group is
/// guaranteed when no enclosing alternation branch or optional repetition
/// can skip it and its own body cannot match the empty string.
pub(crate) fn guaranteed_groups(hir: &Hir, group_count: usize) -> Vec<bool> {
    let mut guaranteed = vec![false; group_count];
    // An explicit stack: the parser's nest limit bounds the depth, but a
    // loop keeps stack use flat whatever that limit becomes.
    let mut stack: Vec<(&Hir, bool)> = vec![(hir, true)];
    while let Some((node, always)) = stack.pop() {
        match node.kind() {
            HirKind::Capture(capture) => {
                let non_empty = capture.sub.properties().minimum_len().is_some_and(|n| n > 0);
                let index = (capture.index as usize).wrapping_sub(1);
                if let Some(slot) = guaranteed.get_mut(index) {
                    *slot = always && non_empty;
                }
                stack.push((&capture.sub, always));
            }
            HirKind::Concat(items) => stack.extend(items.iter().map(|h| (h, always))),
            HirKind::Alternation(items) => stack.extend(items.iter().map(|h| (h, false))),
            HirKind::Repetition(repetition) => {
                stack.push((&repetition.sub, always && repetition.min >= 1))
            }
            HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
        }
    }
    guaranteed
}
