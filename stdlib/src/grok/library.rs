//! The pattern library: named definitions read from Logstash-format pattern
//! files (`NAME regex` per line, `#` comments). The files of
//! `grok-patterns/` are embedded in the binary; users add their own text or
//! directories on top, and a user definition replaces a built-in one of the
//! same name, as Logstash's `patterns_dir` does.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use super::error::GrokError;
use super::scan::{Piece, scan};

/// The embedded pattern files, by family name.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("base", include_str!("../../../grok-patterns/base")),
    ("aws", include_str!("../../../grok-patterns/aws")),
    ("bind", include_str!("../../../grok-patterns/bind")),
    ("bro", include_str!("../../../grok-patterns/bro")),
    ("exim", include_str!("../../../grok-patterns/exim")),
    ("firewalls", include_str!("../../../grok-patterns/firewalls")),
    ("haproxy", include_str!("../../../grok-patterns/haproxy")),
    ("httpd", include_str!("../../../grok-patterns/httpd")),
    ("java", include_str!("../../../grok-patterns/java")),
    ("junos", include_str!("../../../grok-patterns/junos")),
    ("maven", include_str!("../../../grok-patterns/maven")),
    ("mcollective", include_str!("../../../grok-patterns/mcollective")),
    ("mongodb", include_str!("../../../grok-patterns/mongodb")),
    ("nagios", include_str!("../../../grok-patterns/nagios")),
    ("nginx", include_str!("../../../grok-patterns/nginx")),
    ("postgresql", include_str!("../../../grok-patterns/postgresql")),
    ("rails", include_str!("../../../grok-patterns/rails")),
    ("redis", include_str!("../../../grok-patterns/redis")),
    ("ruby", include_str!("../../../grok-patterns/ruby")),
    ("squid", include_str!("../../../grok-patterns/squid")),
    ("syslog", include_str!("../../../grok-patterns/syslog")),
];

/// A pattern file larger than this is refused rather than read into memory.
const MAX_FILE_BYTES: u64 = 4 << 20;

/// One named pattern, already scanned into pieces.
#[derive(Clone, Debug)]
pub(crate) struct Definition {
    pub pieces: Vec<Piece>,
    /// The regex text as written, for `lgp` tooling and error messages.
    pub source: String,
}

/// Named grok definitions.
#[derive(Clone, Debug, Default)]
pub struct Library {
    definitions: HashMap<String, Definition>,
}

impl Library {
    /// The built-in library, read once from the embedded files.
    pub fn builtin() -> &'static Library {
        static BUILTIN: OnceLock<Library> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let mut library = Library::default();
            for (origin, text) in BUILTIN_FILES {
                // The test suite checks that every built-in definition scans,
                // so an error here is unreachable in a released build.
                let result = library.add_text(origin, text);
                debug_assert!(result.is_ok(), "{result:?}");
            }
            library
        })
    }

    /// Adds every definition of a pattern file's text; later definitions
    /// replace earlier ones of the same name. `origin` names the text in
    /// error messages.
    ///
    /// # Errors
    /// The first line that is not a comment, blank or `NAME regex`, or whose
    /// regex uses an unsupported construct. Definitions before it are kept.
    pub fn add_text(&mut self, origin: &str, text: &str) -> Result<(), GrokError> {
        for (index, line) in text.lines().enumerate() {
            let Some((name, regex)) = split_line(line) else { continue };
            let located = |reason: String| GrokError::Definition {
                origin: origin.to_string(),
                line: index + 1,
                reason,
            };
            if !valid_name(name) {
                return Err(located(format!(
                    "`{name}` is not a pattern name (letters, digits, `_`, `-`)"
                )));
            }
            if regex.is_empty() {
                return Err(located(format!("pattern `{name}` has no regex after its name")));
            }
            self.define(name, regex).map_err(|e| located(format!("pattern `{name}`: {e}")))?;
        }
        Ok(())
    }

    /// Adds or replaces one definition, as Logstash's `pattern_definitions`.
    ///
    /// # Errors
    /// When `regex` uses an unsupported construct or a malformed reference.
    pub fn define(&mut self, name: &str, regex: &str) -> Result<(), GrokError> {
        let pieces = scan(regex)?;
        self.definitions.insert(name.to_string(), Definition { pieces, source: regex.to_string() });
        Ok(())
    }

    /// Adds every regular file of `dir` (sorted by name, hidden files
    /// skipped), as Logstash's `patterns_dir`.
    ///
    /// # Errors
    /// An unreadable directory or file, a file over 4 MiB or not UTF-8, or
    /// an invalid definition.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), GrokError> {
        let io = |path: &Path, e: std::io::Error| GrokError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| io(dir, e))? {
            let path = entry.map_err(|e| io(dir, e))?.path();
            let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if path.is_file() && !hidden {
                paths.push(path);
            }
        }
        paths.sort();
        for path in paths {
            let size = std::fs::metadata(&path).map_err(|e| io(&path, e))?.len();
            if size > MAX_FILE_BYTES {
                return Err(GrokError::Io {
                    path: path.display().to_string(),
                    message: "file larger than 4 MiB".into(),
                });
            }
            let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
            self.add_text(&path.display().to_string(), &text)?;
        }
        Ok(())
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Definition> {
        self.definitions.get(name)
    }

    /// The regex text of a definition as written.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.definitions.get(name).map(|d| d.source.as_str())
    }

    /// Every pattern name, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.definitions.keys().map(String::as_str).collect();
        names.sort_unstable();
        names
    }

    /// The defined name closest to `name`, for "did you mean".
    pub(crate) fn suggest(&self, name: &str) -> Option<String> {
        let upper = name.to_ascii_uppercase();
        self.definitions
            .keys()
            .map(|candidate| (edit_distance(&upper, candidate), candidate))
            .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
            .min()
            .map(|(_, candidate)| candidate.clone())
    }
}

/// `NAME regex` with the regex kept as written (trailing spaces matter in a
/// regex); `None` for blank and comment lines.
fn split_line(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start().trim_end_matches(['\r', '\n']);
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    match line.split_once([' ', '\t']) {
        Some((name, regex)) => Some((name, regex.trim_start_matches([' ', '\t']))),
        None => Some((line, "")),
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Levenshtein distance over bytes; names are short ASCII.
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}
