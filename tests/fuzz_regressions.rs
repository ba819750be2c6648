//! Replays every input saved under `fuzz/regressions/<target>/` through the
//! same entry point as its fuzz target, so a fixed crash stays fixed.

use std::path::Path;

struct NoFiles;

impl lgp_lang::check::Loader for NoFiles {
    fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        Err(format!("{path}: not available in regression replay"))
    }
}

fn inputs(target: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            let bytes = std::fs::read(e.path()).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some((e.file_name().to_string_lossy().into_owned(), text))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn parse_regressions() {
    let cases = inputs("parse");
    assert!(!cases.is_empty(), "fuzz/regressions/parse is empty or missing");
    for (name, src) in cases {
        let (_, diags) = lgp_lang::parser::parse(&src);
        // Reaching here is the test; the count is printed for the log.
        println!("{name}: {} diagnostics", diags.len());
    }
}

#[test]
fn check_regressions() {
    let cases = inputs("check");
    assert!(!cases.is_empty(), "fuzz/regressions/check is empty or missing");
    for (name, src) in cases {
        let file = lgp_lang::SourceFile::new(name.as_str(), src.as_str());
        let (program, _) = lgp_lang::parser::parse(&src);
        let (_, diags) = lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
        println!("{name}: {} diagnostics", diags.len());
    }
}

#[test]
fn fmt_regressions_are_idempotent() {
    let cases = inputs("fmt_idempotent");
    assert!(!cases.is_empty(), "fuzz/regressions/fmt_idempotent is empty or missing");
    for (name, src) in cases {
        if let Ok(once) = lgp_lang::fmt::format(&src) {
            let twice = lgp_lang::fmt::format(&once);
            assert_eq!(Ok(once.clone()), twice, "{name}: formatting is not idempotent");
        }
    }
}
