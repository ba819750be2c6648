//! Lint tests: annotated programs, one idea each.

use crate::diag::Code;

fn lint(src: &str) -> Vec<(Code, String, usize)> {
    let (program, diags) = crate::parser::parse(src);
    assert!(diags.is_empty(), "syntax errors in test program: {diags:?}");
    let file = crate::span::SourceFile::new("t.lgp", src);
    super::run(&program)
        .into_iter()
        .map(|d| (d.code, d.message.clone(), file.line_col(d.span().start as usize).0))
        .collect()
}

#[test]
fn lane_after_catch_all_is_unreachable() {
    let got = lint("route r <- a {\n  _ = true\n  errors = .level == \"error\"\n}\n");
    assert_eq!(got, vec![(Code::UnreachableLane, "lane `errors` is unreachable".into(), 3)]);
    let got = lint("route r <- a {\n  all = true\n  b = .x == 1\n  c = false\n}\n");
    assert_eq!(got.len(), 2);
}

#[test]
fn catch_all_last_is_fine() {
    assert!(lint("route r <- a {\n  errors = .level == \"error\"\n  _ = true\n}\n").is_empty());
    assert!(lint("route r <- a {\n  x = .a == 1\n  y = .a == 2\n}\n").is_empty());
}

#[test]
fn overwritten_and_deleted_writes() {
    let got = lint(
        "transform t <- a {\n  .x = 1\n  .x = 2\n  .y = 1\n  del(.y)\n  .z.a = 1\n  .z = {}\n}\n",
    );
    assert_eq!(
        got,
        vec![
            (Code::DeadWrite, "`.x` is assigned here and overwritten before it is read".into(), 2),
            (Code::DeadWrite, "`.y` is assigned here and deleted before it is read".into(), 4),
            (
                Code::DeadWrite,
                "`.z.a` is assigned here and overwritten before it is read".into(),
                6
            ),
        ]
    );
}

#[test]
fn reads_and_conditions_keep_writes_alive() {
    assert!(lint("transform t <- a {\n  .x = 1\n  .y = .x + 1\n  .x = 2\n}\n").is_empty());
    assert!(lint("transform t <- a {\n  .x = 1\n  if .c { .x = 2 }\n}\n").is_empty());
    assert!(lint("transform t <- a {\n  .x = 1\n  . = merge(., {})\n  .x = 2\n}\n").is_empty());
    assert!(lint("transform t <- a {\n  .x.a = 1\n  .y = .x\n  .x = 2\n}\n").is_empty());
    assert!(lint("transform t <- a {\n  .x = 1\n  abort \"no\"\n  .x = 2\n}\n").is_empty());
}

#[test]
fn impossible_regexes() {
    let got = lint(
        "transform t <- a {\n  .a = .m =~ r'a^b'\n  .b = .m =~ r'x$y'\n  .c = .m =~ r'[^\\s\\S]'\n}\n",
    );
    assert_eq!(got.iter().filter(|g| g.0 == Code::RegexNeverMatches).count(), 3, "{got:?}");
}

#[test]
fn ordinary_regexes_are_fine() {
    assert!(
        lint("transform t <- a {\n  .a = .m =~ r'^a.*b$'\n  .b = .m =~ r'(?m)a$\\n^b'\n}\n")
            .is_empty()
    );
}
