//! The header of a test file: the leading `#` lines, holding its expectations.

use serde_json::Value;

use crate::diag_line::DiagLine;

/// Header keys; a `# key:` line starts that section.
const KEYS: &[&str] = &["diagnostics", "input", "output", "dropped", "aborted", "skip"];

/// The expectations of a test file.
#[derive(Default)]
pub struct Header {
    /// `None` when the header has no `diagnostics:` key; empty for `diagnostics: ok`.
    pub diagnostics: Option<Vec<DiagLine>>,
    pub input: Option<Vec<Value>>,
    pub output: Option<Vec<Value>>,
    pub dropped: Option<Vec<Value>>,
    pub aborted: Option<Vec<Value>>,
    pub skip: Option<String>,
}

impl Header {
    pub fn parse(text: &str) -> Result<Header, String> {
        let mut header = Header::default();
        for (key, lines) in header_sections(text)? {
            header.set(key, &lines)?;
        }
        Ok(header)
    }

    fn set(&mut self, key: &str, lines: &[String]) -> Result<(), String> {
        match key {
            "diagnostics" => self.diagnostics = Some(parse_diagnostic_lines(lines)?),
            "skip" => self.skip = Some(lines.join(" ")),
            "input" => self.input = Some(parse_events(key, lines)?),
            "output" => self.output = Some(parse_events(key, lines)?),
            "dropped" => self.dropped = Some(parse_events(key, lines)?),
            "aborted" => self.aborted = Some(parse_events(key, lines)?),
            _ => return Err(format!("`{key}:` is not a header key")),
        }
        Ok(())
    }

    pub fn has_runtime(&self) -> bool {
        self.input.is_some()
            || self.output.is_some()
            || self.dropped.is_some()
            || self.aborted.is_some()
    }
}

/// The header's sections: each key with its values (the rest of the key line, then the
/// continuation lines `#  ...`). Other comment lines are prose and end a section.
fn header_sections(text: &str) -> Result<Vec<(&'static str, Vec<String>)>, String> {
    let mut sections: Vec<(&'static str, Vec<String>)> = Vec::new();
    let mut open = false;
    for line in header_lines(text) {
        if let Some((key, rest)) = key_line(line) {
            if sections.iter().any(|(seen, _)| *seen == key) {
                return Err(format!("`{key}:` appears twice"));
            }
            let first = Some(rest.to_string()).filter(|rest| !rest.is_empty());
            sections.push((key, first.into_iter().collect()));
            open = true;
        } else if let Some(value) = continuation(line).filter(|_| open) {
            sections.last_mut().into_iter().for_each(|(_, lines)| lines.push(value.to_string()));
        } else {
            reject_misspelt_key(line)?;
            open = false;
        }
    }
    Ok(sections)
}

/// The leading lines of the file that are comments.
fn header_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|line| line.trim_end()).take_while(|line| line.starts_with('#'))
}

/// `# key: rest` for a known key.
pub fn key_line(line: &str) -> Option<(&'static str, &str)> {
    let (key, rest) = line.strip_prefix("# ")?.split_once(':')?;
    let known = KEYS.iter().find(|known| **known == key)?;
    Some((known, rest.trim()))
}

/// The value of `#   value` (two or more spaces after `#`).
pub fn continuation(line: &str) -> Option<&str> {
    let value = line.strip_prefix("#  ")?.trim();
    (!value.is_empty()).then_some(value)
}

/// A header line such as `# diagnostic: ok` is almost surely a typo: refusing it beats a test
/// that silently expects nothing.
fn reject_misspelt_key(line: &str) -> Result<(), String> {
    let Some((word, _)) = line.strip_prefix("# ").and_then(|rest| rest.split_once(':')) else {
        return Ok(());
    };
    match KEYS.iter().find(|key| edit_distance(key, &word.to_ascii_lowercase()) <= 2) {
        Some(key) => Err(format!("unknown key `{word}:`, did you mean `{key}:`?")),
        None => Ok(()),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

fn parse_diagnostic_lines(lines: &[String]) -> Result<Vec<DiagLine>, String> {
    if lines == ["ok"] {
        return Ok(Vec::new());
    }
    let mut parsed =
        lines.iter().map(|line| DiagLine::parse(line)).collect::<Result<Vec<_>, _>>()?;
    parsed.sort();
    Ok(parsed)
}

fn parse_events(key: &str, lines: &[String]) -> Result<Vec<Value>, String> {
    let parse = |line: &String| {
        serde_json::from_str(line)
            .map_err(|err| format!("`{key}:` event `{line}` is not JSON: {err}"))
    };
    lines.iter().map(parse).collect()
}
