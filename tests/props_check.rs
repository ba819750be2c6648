//! Property tests of the whole front end with the real standard library:
//! arbitrary and mutated programs never panic in parse, check or fmt, and
//! formatting stays idempotent on whatever parses.

use proptest::prelude::*;

struct NoFiles;

impl lgp_lang::check::Loader for NoFiles {
    fn load(&self, _from: &str, path: &str) -> Result<(String, String), String> {
        Err(format!("{path}: not found"))
    }
}

const SEED: &str = r#"
use "lib.lgp"
const LIMIT = 500
fn speed(ms: int) -> string { if ms > LIMIT { "slow" } else { "fast" } }
input app = file {
  paths = ["/var/log/*.log"]
  read_from = "beginning"
}
transform parsed <- app {
  . = parse_json(.message) ?? { "raw": .message }
  .level = downcase(string(.level) ?? "info")
  .duration_ms = int(.duration_ms) ?? 0
  .speed = speed(.duration_ms)
  let v, err = parse_json(.message)
  for k, x in .obj { .seen = k }
  .kind = match .method { "POST" | "PUT" => "write", _ => "other" }
  if is_string(.x) && .x =~ r'^a+$' { emit special } else if .y == true { drop } else { abort "no" }
  del(.password)
}
route by_level <- parsed {
  errors = .level == "error"
  _ = true
}
output console <- by_level.errors, parsed.special = stdout { codec = "json" }
output archive <- by_level._ = file { path = "out/{{ .service }}-%Y.log" }
test "t" {
  input app = { "message": "{}" }
  expect parsed = { "level": "info", "raw": _ }
}
"#;

fn run_all(src: &str) {
    let file = lgp_lang::SourceFile::new("p.lgp", src);
    let (program, _) = lgp_lang::parser::parse(src);
    let _ = lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
    if let Ok(once) = lgp_lang::fmt::format(src) {
        let twice = lgp_lang::fmt::format(&once);
        assert_eq!(twice.as_ref(), Ok(&once), "fmt is not idempotent on {src:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mutated_programs_never_panic(cut in 0usize..1200, len in 0usize..30, insert in "\\PC{0,8}") {
        let mut src = SEED.to_string();
        let at = (0..=cut.min(src.len())).rev().find(|i| src.is_char_boundary(*i)).unwrap_or(0);
        let end = ((at + len).min(src.len())..=src.len()).find(|i| src.is_char_boundary(*i)).unwrap_or(src.len());
        src.replace_range(at..end, &insert);
        run_all(&src);
    }

    #[test]
    fn spliced_lines_never_panic(lines in proptest::collection::vec(0usize..40, 0..40)) {
        let seed: Vec<&str> = SEED.lines().collect();
        let src: String = lines.iter().map(|i| seed[i % seed.len()]).collect::<Vec<_>>().join("\n");
        run_all(&src);
    }

    #[test]
    fn arbitrary_text_never_panics(src in "\\PC{0,200}") {
        run_all(&src);
    }
}

#[test]
fn the_seed_program_is_valid_apart_from_its_missing_use() {
    let file = lgp_lang::SourceFile::new("p.lgp", SEED);
    let (program, diags) = lgp_lang::parser::parse(SEED);
    assert!(diags.is_empty(), "{diags:#?}");
    let (_, diags) = lgp_lang::check::check(&file, &program, lgp_stdlib::registry(), &NoFiles);
    let codes: Vec<String> =
        diags.iter().filter(|d| d.is_error()).map(|d| d.code.to_string()).collect();
    assert_eq!(codes, ["E0205"], "{diags:#?}");
}
