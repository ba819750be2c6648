//! Checks of the harness itself, run as the case `lang::harness/self_test`: `harness = false`
//! means `#[test]` functions would never run, and a harness that misreads a header passes
//! everything.

use std::collections::BTreeMap;

use crate::bless::blessed_text;
use crate::diag_line::{DiagLine, diff};
use crate::header::Header;
use crate::source::{TestFile, resolve_path};

/// One named check: `Err` says what it found instead.
type Check = (&'static str, fn() -> Result<(), String>);

/// Every check's failure, one line each; empty when all hold.
pub fn run() -> Vec<String> {
    let checks: [Check; 6] = [
        ("diagnostic lines read back what they print", diag_line_round_trip),
        ("bless shifts line numbers by the lines the header gained", bless_shifts_lines),
        ("bless adds a missing section at the end of the header", bless_adds_section),
        ("header keys, continuations and events", header_sections),
        ("a misspelt key is refused", misspelt_key),
        ("multi-file tests and `use` paths", multi_file),
    ];
    checks
        .iter()
        .filter_map(|(name, check)| check().err().map(|problem| format!("{name}: {problem}")))
        .collect()
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(actual: T, expected: T) -> Result<(), String> {
    if actual == expected { Ok(()) } else { Err(format!("got {actual:?}, want {expected:?}")) }
}

fn line(file: Option<&str>, line: usize, col: usize, text: &str) -> DiagLine {
    DiagLine { file: file.map(str::to_string), line, col, text: text.to_string() }
}

fn diag_line_round_trip() -> Result<(), String> {
    for written in ["3:5 error[E0401] unhandled `x`", "lib/a.lgp:1:2 warning[W0101] unused"] {
        expect_eq(DiagLine::parse(written)?.to_string(), written.to_string())?;
    }
    expect_eq(DiagLine::parse("3:5 error[E0401] x")?.code(), lgp_lang::Code::parse("E0401"))?;
    expect_eq(DiagLine::parse("three:5 error").is_err(), true)
}

fn bless_shifts_lines() -> Result<(), String> {
    let text = "# diagnostics: ok\ninput app = stdin {}\n.x =\n";
    let actual = [line(None, 3, 1, "error[E0101] a"), line(Some("l.lgp"), 3, 1, "error[E0101] b")];
    let blessed = blessed_text(text, &actual);
    let want = "# diagnostics:\n#   5:1 error[E0101] a\n#   l.lgp:3:1 error[E0101] b\n\
                input app = stdin {}\n.x =\n";
    expect_eq(blessed.as_str(), want)?;
    expect_eq(
        blessed_text(&blessed, &[]).as_str(),
        "# diagnostics: ok\ninput app = stdin {}\n.x =\n",
    )
}

fn bless_adds_section() -> Result<(), String> {
    let blessed = blessed_text("# prose\n.x =\n", &[line(None, 2, 1, "error[E0101] a")]);
    expect_eq(blessed.as_str(), "# prose\n# diagnostics:\n#   4:1 error[E0101] a\n.x =\n")
}

fn header_sections() -> Result<(), String> {
    let text = "# prose: not a key\n# diagnostics:\n#   2:1 error[E0101] b\n#   1:1 error[E0101] a\n\
                # input: {\"a\": 1}\n#   {\"a\": 2}\n# some prose\n#   not an event\ninput x = stdin {}\n";
    let header = Header::parse(text)?;
    let diagnostics = header.diagnostics.unwrap_or_default();
    expect_eq(diagnostics.iter().map(|d| d.line).collect::<Vec<_>>(), vec![1, 2])?;
    expect_eq(header.input.map(|events| events.len()), Some(2))?;
    expect_eq(header.output, None)?;
    let changed = diff(&[line(None, 1, 1, "a")], &[line(None, 1, 1, "a"), line(None, 2, 1, "b")]);
    expect_eq(changed.as_str(), "    1:1 a\n  + 2:1 b\n")
}

fn misspelt_key() -> Result<(), String> {
    match Header::parse("# diagnostic: ok\n") {
        Err(message) if message.contains("did you mean `diagnostics:`") => Ok(()),
        other => Err(format!("got {:?}", other.map(|_| "a header"))),
    }
}

fn multi_file() -> Result<(), String> {
    let file =
        TestFile::split("t/a/main.lgp", "use \"lib/x.lgp\"\n# --- file: lib/x.lgp\nconst X = 1\n");
    expect_eq(file.main.as_str(), "use \"lib/x.lgp\"\n")?;
    let others: BTreeMap<String, String> =
        [("t/a/lib/x.lgp".into(), "const X = 1\n".into())].into();
    expect_eq(file.others, others)?;
    expect_eq(resolve_path("t/a/lib/x.lgp", "../../b/./y.lgp").as_str(), "t/b/y.lgp")
}
