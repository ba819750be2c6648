//! `LGP_BLESS=1`: rewriting a test file's `diagnostics:` section with what the checker said.

use crate::diag_line::DiagLine;
use crate::header::{continuation, key_line};

/// True when `LGP_BLESS` is set to anything but `0` or nothing.
pub fn requested() -> bool {
    std::env::var_os("LGP_BLESS").is_some_and(|value| value != "0" && !value.is_empty())
}

/// Writes `text` back to `path` with its `diagnostics:` section replaced by `actual`.
pub fn bless(path: &std::path::Path, text: &str, actual: &[DiagLine]) -> Result<(), String> {
    std::fs::write(path, blessed_text(text, actual))
        .map_err(|err| format!("cannot bless {}: {err}", path.display()))
}

/// The file with its `diagnostics:` section replaced (or added at the end of the header).
/// Lines of the main program move by as many lines as the section grew, so the blessed
/// line numbers account for it; the program text is kept byte for byte.
pub fn blessed_text(text: &str, actual: &[DiagLine]) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let header = &lines[..lines.iter().take_while(|line| line.starts_with('#')).count()];
    let is_key =
        |line: &&str| key_line(line.trim_end()).is_some_and(|(key, _)| key == "diagnostics");
    let (start, end) = match header.iter().position(is_key) {
        Some(start) => {
            let values = header[start + 1..]
                .iter()
                .take_while(|line| continuation(line.trim_end()).is_some());
            (start, start + 1 + values.count())
        }
        None => (header.len(), header.len()),
    };
    let section_len = if actual.is_empty() { 1 } else { 1 + actual.len() };
    let shift = |line: &DiagLine| {
        let mut moved = line.clone();
        if moved.file.is_none() && moved.line > end {
            moved.line = moved.line + section_len - (end - start);
        }
        moved
    };
    let mut out: String = lines[..start].concat();
    out.push_str(&diagnostics_section(&actual.iter().map(shift).collect::<Vec<_>>()));
    out.push_str(&lines[end..].concat());
    out
}

fn diagnostics_section(diagnostics: &[DiagLine]) -> String {
    if diagnostics.is_empty() {
        return "# diagnostics: ok\n".into();
    }
    let mut section = String::from("# diagnostics:\n");
    diagnostics.iter().for_each(|line| section.push_str(&format!("#   {line}\n")));
    section
}
