//! The files of a test: the test file cut at its `# --- file:` lines, the loader that
//! serves the parts to `use`, and parsing plus checking into rendered diagnostics.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lgp_lang::check::{Checked, Loader};
use lgp_lang::span::SourceFile;

use crate::diag_line::DiagLine;

/// The line that starts another virtual file in a multi-file test.
const FILE_MARKER: &str = "# --- file:";

/// A test file split at its `# --- file:` lines.
pub struct TestFile {
    /// The file's path relative to the workspace root, `/`-separated.
    pub name: String,
    /// The main program, header included, so that line numbers are the file's.
    pub main: String,
    /// The other parts, keyed by their name resolved against the file's directory.
    pub others: BTreeMap<String, String>,
}

impl TestFile {
    pub fn split(name: &str, text: &str) -> TestFile {
        let mut main = String::new();
        let mut others = BTreeMap::new();
        let mut current: Option<(String, String)> = None;
        for line in text.split_inclusive('\n') {
            if let Some(part_name) = line.strip_prefix(FILE_MARKER) {
                others.extend(current.take());
                current = Some((resolve_path(name, part_name.trim()), String::new()));
            } else if let Some((_, part_text)) = current.as_mut() {
                part_text.push_str(line);
            } else {
                main.push_str(line);
            }
        }
        others.extend(current);
        TestFile { name: name.to_string(), main, others }
    }
}

/// What parsing and checking produced.
pub struct Analysis {
    pub checked: Checked,
    pub diagnostics: Vec<DiagLine>,
}

pub fn analyze(root: &Path, test_file: &TestFile) -> Analysis {
    let source = SourceFile::new(test_file.name.as_str(), test_file.main.as_str());
    let loader = CaseLoader {
        root: root.to_path_buf(),
        virtual_files: &test_file.others,
        served: RefCell::new(BTreeMap::new()),
    };
    let (program, mut diagnostics) = lgp_lang::parser::parse(&source.text);
    let (checked, check_diagnostics) =
        lgp_lang::check::check(&source, &program, lgp_stdlib::registry(), &loader);
    diagnostics.extend(check_diagnostics);
    let served = loader.served.into_inner();
    let mut lines: Vec<DiagLine> =
        diagnostics.iter().map(|d| DiagLine::render(d, &source, &served)).collect();
    lines.sort();
    Analysis { checked, diagnostics: lines }
}

/// Serves the other parts of a multi-file test to `use`, and files on disk otherwise
/// (relative to the workspace root), remembering what it served for rendering.
struct CaseLoader<'a> {
    root: PathBuf,
    virtual_files: &'a BTreeMap<String, String>,
    served: RefCell<BTreeMap<String, SourceFile>>,
}

impl Loader for CaseLoader<'_> {
    fn load(&self, from: &str, path: &str) -> Result<(String, String), String> {
        let name = resolve_path(from, path);
        let text = match self.virtual_files.get(&name) {
            Some(text) => text.clone(),
            None => std::fs::read_to_string(self.root.join(&name))
                .map_err(|err| format!("cannot read `{path}`: {err}"))?,
        };
        let source = SourceFile::new(name.as_str(), text.as_str());
        self.served.borrow_mut().insert(name.clone(), source);
        Ok((text, name))
    }
}

/// `path` relative to the directory of `from`, with `.` and `..` resolved (`/`-separated).
pub fn resolve_path(from: &str, path: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// The directory part of a `/`-separated name, with its trailing `/` (or "").
pub fn dir_prefix(name: &str) -> &str {
    name.rfind('/').map_or("", |slash| &name[..=slash])
}
