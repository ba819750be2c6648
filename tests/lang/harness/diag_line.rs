//! Diagnostics as a header writes them (`[file:]line:col severity[CODE] message`), and
//! the comparison of expected with actual ones.

use std::collections::BTreeMap;

use lgp_lang::diag::{Code, Diagnostic};
use lgp_lang::span::SourceFile;

use crate::header::Header;
use crate::source::dir_prefix;

/// One diagnostic as written in a header: `[file:]line:col severity[CODE] message`.
/// The derived order (main file first, then by file, line, column, text) is the sorted order.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DiagLine {
    /// The used file the diagnostic points into, relative to the test file; `None` for the test file.
    pub file: Option<String>,
    pub line: usize,
    pub col: usize,
    /// `error[E0401] message`.
    pub text: String,
}

impl DiagLine {
    pub fn render(
        d: &Diagnostic,
        main: &SourceFile,
        served: &BTreeMap<String, SourceFile>,
    ) -> DiagLine {
        let offset = d.span().start as usize;
        let (file, (line, col)) = match &d.file {
            None => (None, main.line_col(offset)),
            Some(name) => {
                let position = served.get(name).map_or((0, 0), |source| source.line_col(offset));
                let relative = name.strip_prefix(dir_prefix(&main.name)).unwrap_or(name);
                (Some(relative.to_string()), position)
            }
        };
        let message = d.message.replace('\n', "\\n");
        let text = format!("{}[{}] {message}", d.severity.as_str(), d.code);
        DiagLine { file, line, col, text }
    }

    pub fn parse(written: &str) -> Result<DiagLine, String> {
        let malformed =
            || format!("expected `[file:]line:col severity[CODE] message`, found `{written}`");
        let (position, text) = written.split_once(' ').ok_or_else(malformed)?;
        let mut pieces = position.rsplitn(3, ':');
        let col = pieces.next().and_then(|s| s.parse().ok()).ok_or_else(malformed)?;
        let line = pieces.next().and_then(|s| s.parse().ok()).ok_or_else(malformed)?;
        let file = pieces.next().map(str::to_string);
        Ok(DiagLine { file, line, col, text: text.trim().to_string() })
    }

    pub fn code(&self) -> Option<Code> {
        let start = self.text.find('[')? + 1;
        let end = self.text[start..].find(']')? + start;
        Code::parse(&self.text[start..end])
    }

    pub fn is_error(&self) -> bool {
        self.text.starts_with("error")
    }
}

impl std::fmt::Display for DiagLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
        }
        write!(f, "{}:{} {}", self.line, self.col, self.text)
    }
}

/// Compares the checker's diagnostics with the header: the exact list when the header has
/// `diagnostics:`, else (a runtime-only test) the absence of errors.
pub fn compare_diagnostics(header: &Header, actual: &[DiagLine]) -> Result<(), String> {
    match &header.diagnostics {
        Some(expected) if expected == actual => Ok(()),
        Some(expected) => Err(format!(
            "diagnostics differ (- expected, + actual); LGP_BLESS=1 accepts the actual ones\n{}",
            diff(expected, actual)
        )),
        None if !header.has_runtime() => {
            Err("the header has no expectation: add `# diagnostics: ok` or `# diagnostics:` lines"
                .into())
        }
        None if actual.iter().any(DiagLine::is_error) => {
            Err(format!("the program must check without errors; found:\n{}", diff(&[], actual)))
        }
        None => Ok(()),
    }
}

/// A line diff of two sorted lists: a merge walk, since both are sorted the same way.
pub fn diff(expected: &[DiagLine], actual: &[DiagLine]) -> String {
    let mut out = String::new();
    let (mut e, mut a) = (0, 0);
    loop {
        let (mark, line) = match (expected.get(e), actual.get(a)) {
            (None, None) => break,
            (Some(x), Some(y)) if x == y => {
                (e, a) = (e + 1, a + 1);
                (' ', x)
            }
            (Some(x), Some(y)) if x < y => {
                e += 1;
                ('-', x)
            }
            (Some(x), None) => {
                e += 1;
                ('-', x)
            }
            (_, Some(y)) => {
                a += 1;
                ('+', y)
            }
        };
        out.push_str(&format!("  {mark} {line}\n"));
    }
    if expected.is_empty() && actual.is_empty() {
        out.push_str("    (none)\n");
    }
    out
}
