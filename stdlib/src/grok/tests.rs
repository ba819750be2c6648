//! Tests of grok compilation and matching: the per-pattern corpus in
//! `grok-patterns/tests/`, refusal of backtracking constructs, limits, user
//! patterns, conversions and field shapes.
//!
//! Corpus lines are `{"pattern": NAME, "input": TEXT, "captures": {...}}`;
//! `"captures": null` means the anchored pattern must not match. Run with
//! `LGP_BLESS=1` to fill in (or rewrite) the captures of matching cases,
//! then review the diff.

use std::path::PathBuf;

use proptest::prelude::*;

use super::*;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../grok-patterns/tests")
}

fn compile(pattern: &str) -> Result<Grok, GrokError> {
    Library::builtin().compile(pattern)
}

/// The captures of `pattern` on `input` as JSON; `None` when it does not match.
fn captures(pattern: &str, input: &str) -> Option<serde_json::Value> {
    let grok = compile(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    let value = grok.parse(&Str::from(input)).unwrap_or_else(|e| panic!("{pattern}: {e}"));
    value.map(|v| v.to_json())
}

fn error(pattern: &str) -> String {
    match compile(pattern) {
        Ok(grok) => panic!("{pattern} compiled: {grok:?}"),
        Err(e) => e.to_string(),
    }
}

struct Case {
    pattern: String,
    input: String,
    /// `None` when the line has no `captures` yet (to be blessed).
    captures: Option<serde_json::Value>,
}

fn read_corpus(path: &std::path::Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let json: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}: {e}: {line}", path.display()));
            let field = |name: &str| {
                json.get(name).and_then(|v| v.as_str()).unwrap_or_default().to_string()
            };
            Case {
                pattern: field("pattern"),
                input: field("input"),
                captures: json.get("captures").cloned(),
            }
        })
        .collect()
}

fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .map(|dir| dir.filter_map(|entry| entry.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|path| path.extension().is_some_and(|ext| ext == "jsonl"));
    files.sort();
    files
}

/// One corpus line; without `captures` when there is nothing to bless, so
/// the case keeps failing until someone looks at it.
fn case_line(case: &Case, captures: Option<&serde_json::Value>) -> String {
    let text = |v: &str| serde_json::Value::from(v).to_string();
    let head = format!("{{\"pattern\": {}, \"input\": {}", text(&case.pattern), text(&case.input));
    match captures {
        Some(captures) => format!("{head}, \"captures\": {captures}}}"),
        None => format!("{head}}}"),
    }
}

#[test]
fn corpus_cases_match_with_exactly_their_captures() {
    let bless = std::env::var_os("LGP_BLESS").is_some();
    let mut failures = Vec::new();
    for path in corpus_files() {
        let cases = read_corpus(&path);
        let mut lines = Vec::new();
        for case in &cases {
            let actual = captures(&format!("^%{{{}}}$", case.pattern), &case.input);
            let actual_json = actual.clone().unwrap_or(serde_json::Value::Null);
            let expected_no_match = case.captures.as_ref().is_some_and(serde_json::Value::is_null);
            let blessed =
                if expected_no_match { Some(&serde_json::Value::Null) } else { actual.as_ref() };
            lines.push(case_line(case, blessed));
            if case.captures.as_ref() != Some(&actual_json)
                || (actual.is_none() && !expected_no_match)
            {
                failures.push(format!(
                    "{}: {} on {:?}: got {actual_json}",
                    path.display(),
                    case.pattern,
                    case.input
                ));
            }
        }
        if bless {
            let _ = std::fs::write(&path, lines.join("\n") + "\n");
        }
    }
    assert!(failures.is_empty(), "{} corpus failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_builtin_pattern_has_a_matching_sample() {
    let mut covered = std::collections::HashSet::new();
    for path in corpus_files() {
        for case in read_corpus(&path) {
            if case.captures.as_ref().is_some_and(|c| !c.is_null()) {
                covered.insert(case.pattern);
            }
        }
    }
    let missing: Vec<&str> =
        Library::builtin().names().into_iter().filter(|name| !covered.contains(*name)).collect();
    assert!(missing.is_empty(), "patterns without a sample: {missing:?}");
}

#[test]
fn builtin_files_scan_and_hold_at_least_200_patterns() {
    for (origin, text) in BUILTIN_FILES {
        let mut library = Library::default();
        assert_eq!(library.add_text(origin, text), Ok(()), "{origin}");
    }
    assert!(Library::builtin().names().len() >= 200, "{}", Library::builtin().names().len());
}

#[test]
fn every_builtin_pattern_compiles() {
    for name in Library::builtin().names() {
        assert!(
            compile(&format!("%{{{name}}}")).is_ok(),
            "{name}: {:?}",
            compile(&format!("%{{{name}}}")).err()
        );
    }
}

#[test]
fn combined_apache_log_fields_and_types() {
    let line = r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)""#;
    let json = captures("%{COMBINEDAPACHELOG}", line).unwrap_or_default();
    assert_eq!(json["clientip"], "127.0.0.1");
    assert_eq!(json["referrer"], "\"http://www.example.com/start.html\"");
    let grok = compile("%{COMBINEDAPACHELOG}").unwrap_or_else(|e| panic!("{e}"));
    let mut names: Vec<&str> = grok.fields().iter().map(|f| f.name.as_str()).collect();
    names.sort_unstable();
    let expected = [
        "agent",
        "auth",
        "bytes",
        "clientip",
        "httpversion",
        "ident",
        "rawrequest",
        "referrer",
        "request",
        "response",
        "timestamp",
        "verb",
    ];
    assert_eq!(names, expected);
    let ty = grok.result_type();
    assert_eq!(ty.field("clientip").kinds, Kinds::STRING);
    assert_eq!(ty.field("verb").kinds, Kinds::STRING.union(Kinds::NULL));
}

#[test]
fn backtracking_constructs_are_rejected_with_a_rewrite() {
    let cases = [
        (r"(a)\1", "a backreference `\\1`"),
        (r"(?<x>a)\k<x>", "a backreference `\\k`"),
        (r"(?P<x>a)(?P=x)", "a backreference `(?P=`"),
        ("a(?=b)", "a look-ahead `(?=`"),
        ("a(?!b)", "a negative look-ahead `(?!`"),
        ("(?<=a)b", "a look-behind `(?<=`"),
        ("(?<!a)b", "a negative look-behind `(?<!`"),
        ("(?>a+)b", "an atomic group `(?>`"),
        ("a*+", "a possessive quantifier `+`"),
        ("a++", "a possessive quantifier `+`"),
        ("a?+", "a possessive quantifier `+`"),
        ("a{2,3}+", "a possessive quantifier `+`"),
        ("(?(1)a|b)", "a conditional group `(?(`"),
        (r"\g<1>", "a subroutine call `\\g`"),
        (r"a\Kb", "the match-reset escape `\\K`"),
    ];
    for (pattern, construct) in cases {
        let message = error(pattern);
        assert!(message.contains(construct), "{pattern}: {message}");
        assert!(
            message.contains("needs backtracking") && message.contains("; "),
            "{pattern}: {message}"
        );
        assert!(!message.ends_with('.') && !message.contains('\n'), "{message}");
    }
}

#[test]
fn a_backtracking_construct_inside_a_definition_names_the_definition() {
    let mut library = Library::default();
    let result = library.add_text("custom", "# comment\nOK \\d+\nBAD (?<=x)y\n");
    let message = result.map_err(|e| e.to_string()).err().unwrap_or_default();
    assert!(
        message.starts_with("custom:3: pattern `BAD`: grok pattern uses a look-behind"),
        "{message}"
    );
}

#[test]
fn lookalikes_of_backtracking_constructs_are_accepted() {
    for pattern in [
        r"\\1",
        "a*?",
        "a+?",
        "a??",
        r"\++",
        "[+]+",
        r"(?<name>x)",
        "(?:a)+",
        "(?i)abc",
        r"a\{2\}+",
    ] {
        assert!(compile(pattern).is_ok(), "{pattern}: {:?}", compile(pattern).err());
    }
}

#[test]
fn cycles_depth_and_unknown_names_are_reported() {
    let mut library = Library::default();
    assert!(library.add_text("t", "A x%{B}\nB y%{C}\nC %{A}\nSELF %{SELF}\n").is_ok());
    let cycle = library.compile("%{A}").map_err(|e| e.to_string()).err().unwrap_or_default();
    assert_eq!(cycle, "grok patterns refer to each other in a cycle: A -> B -> C -> A");
    let own = library.compile("%{SELF}").map_err(|e| e.to_string()).err().unwrap_or_default();
    assert_eq!(own, "grok patterns refer to each other in a cycle: SELF -> SELF");

    let mut deep = Library::default();
    for level in 0..100 {
        assert!(deep.define(&format!("L{level}"), &format!("%{{L{}}}", level + 1)).is_ok());
    }
    assert!(deep.define("L100", "x").is_ok());
    assert_eq!(deep.compile("%{L0}").err(), Some(GrokError::TooDeep { limit: compile::MAX_DEPTH }));

    assert_eq!(
        error("%{COMBINEDAPACHLOG}"),
        "unknown grok pattern `COMBINEDAPACHLOG`; did you mean `COMBINEDAPACHELOG`?"
    );
    assert_eq!(error("%{NOTHINGLIKEIT_AT_ALL}"), "unknown grok pattern `NOTHINGLIKEIT_AT_ALL`");
}

#[test]
fn exponential_expansion_is_refused_as_too_large() {
    let mut library = Library::default();
    assert!(library.define("P0", "abcdefghij").is_ok());
    for level in 1..40 {
        let previous = format!("%{{P{}}}", level - 1);
        assert!(library.define(&format!("P{level}"), &previous.repeat(4)).is_ok());
    }
    match library.compile("%{P39}") {
        Err(GrokError::TooLarge { .. }) => {}
        other => panic!("expected too large, got {other:?}"),
    }
    let message = library.compile("%{P39}").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.starts_with("pattern too large"), "{message}");
    let huge_repetition =
        library.compile("(?:[a-z]{1000}){1000}").err().map(|e| e.to_string()).unwrap_or_default();
    assert!(huge_repetition.starts_with("pattern too large"), "{huge_repetition}");
}

#[test]
fn user_definitions_extend_and_override_the_builtin_set() {
    let mut library = Library::builtin().clone();
    assert!(
        library
            .add_text("mine", "APPID [A-Z]{3}-[0-9]+\nLINE %{APPID:app} %{INT:count:int}\n")
            .is_ok()
    );
    assert!(library.define("WORD", "[a-z]+").is_ok());
    let grok = library.compile("%{LINE} %{WORD:w}").unwrap_or_else(|e| panic!("{e}"));
    let value = grok.parse(&Str::from("ABC-12 7 hello")).ok().flatten().map(|v| v.to_json());
    assert_eq!(value, Some(serde_json::json!({"app": "ABC-12", "count": 7, "w": "hello"})));
    // The built-in library itself is untouched.
    assert_eq!(Library::builtin().source("WORD"), Some(r"\b\w+\b"));
    assert!(library.add_text("mine", "lowercase-ok x\n").is_ok());
    let bad = library.add_text("mine", "BAD NAME! x\nNONAME\n").map_err(|e| e.to_string()).err();
    assert_eq!(bad.as_deref(), Some("mine:2: pattern `NONAME` has no regex after its name"));
}

#[test]
fn pattern_directories_are_loaded_in_name_order() {
    let dir = std::env::temp_dir().join(format!("lgp-grok-test-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let written = std::fs::write(dir.join("a-first"), "MYNUM [0-9]+\n").and_then(|()| {
        std::fs::write(dir.join("b-second"), "MYNUM [0-9]{2}\n")?;
        std::fs::write(dir.join(".hidden"), "MYNUM x\n")
    });
    assert!(written.is_ok());
    let mut library = Library::default();
    let loaded = library.add_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(loaded, Ok(()));
    assert_eq!(library.source("MYNUM"), Some("[0-9]{2}"));
    let missing =
        Library::default().add_dir(&dir).map_err(|e| e.to_string()).err().unwrap_or_default();
    assert!(missing.starts_with("cannot read grok patterns from"), "{missing}");
}

#[test]
fn conversions_type_values_and_report_failures() {
    let json = captures("%{NUMBER:a:int} %{NUMBER:b:float} %{NUMBER:c:int}", "42 2.5 3.99")
        .unwrap_or_default();
    assert_eq!(json, serde_json::json!({"a": 42, "b": 2.5, "c": 3}));
    let grok = compile("%{NOTSPACE:n:int}").unwrap_or_else(|e| panic!("{e}"));
    let failure = grok.parse(&Str::from("12x")).err().map(|e| e.to_string());
    assert_eq!(failure.as_deref(), Some("grok field `n`: `12x` is not an integer"));
    let overflow = grok.parse(&Str::from("99999999999999999999")).err().map(|e| e.to_string());
    assert_eq!(
        overflow.as_deref(),
        Some("grok field `n`: `99999999999999999999` is not an integer")
    );
    let float = compile("%{NOTSPACE:f:float}").unwrap_or_else(|e| panic!("{e}"));
    assert!(float.parse(&Str::from("inf")).is_err());
    assert_eq!(
        error("%{INT:n:long}"),
        "unknown conversion `long` for field `n`: use `int` or `float`"
    );
}

#[test]
fn result_type_marks_optional_and_typed_fields() {
    let grok = compile(
        "%{WORD:verb} (?:%{INT:status:int}|-)(?: %{NUMBER:ms:float})? %{DATA:maybe_empty}$",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let ty = grok.result_type();
    assert_eq!(ty.field("verb").kinds, Kinds::STRING);
    assert_eq!(ty.field("status").kinds, Kinds::INT.union(Kinds::NULL));
    assert_eq!(ty.field("ms").kinds, Kinds::FLOAT.union(Kinds::NULL));
    assert_eq!(ty.field("maybe_empty").kinds, Kinds::STRING.union(Kinds::NULL));
    assert_eq!(ty.field("other").kinds, Kinds::NULL);
    let json = captures(
        "%{WORD:verb} (?:%{INT:status:int}|-)(?: %{NUMBER:ms:float})? %{DATA:maybe_empty}$",
        "GET - ",
    );
    assert_eq!(json, Some(serde_json::json!({"verb": "GET"})));
}

#[test]
fn nested_field_names_build_objects_and_dotted_names_stay_flat() {
    let pattern = "%{WORD:[http][method]} %{INT:[http][status]:int} %{WORD:url.path}";
    let json = captures(pattern, "GET 200 index");
    assert_eq!(
        json,
        Some(serde_json::json!({"http": {"method": "GET", "status": 200}, "url.path": "index"}))
    );
    let ty = compile(pattern).map(|g| g.result_type()).unwrap_or_default();
    assert_eq!(ty.field("http").field("status").kinds, Kinds::INT);
    assert_eq!(ty.field("http").kinds, Kinds::OBJECT);
    assert_eq!(
        error("%{WORD:http} %{WORD:[http][method]}"),
        "field `http` is captured as a value and also as an object by `[http][method]`"
    );
}

#[test]
fn repeated_names_take_the_first_non_empty_capture() {
    let json = captures("(?:%{INT:x}|%{WORD:x}) %{WORD:x}", "abc def");
    assert_eq!(json, Some(serde_json::json!({"x": "abc"})));
    let ty = compile("(?:%{INT:x:int}|%{WORD:x})").map(|g| g.result_type()).unwrap_or_default();
    assert_eq!(ty.field("x").kinds, Kinds::INT.union(Kinds::STRING).union(Kinds::NULL));
}

#[test]
fn oniguruma_syntax_is_translated() {
    let json = captures(r"(?<user>\w+)@(?'host'[\w.]+) (?P<n>\d+)", "bob@example.com 42");
    assert_eq!(json, Some(serde_json::json!({"user": "bob", "host": "example.com", "n": "42"})));
    // `\d` and `\w` are ASCII, as in Ruby.
    assert_eq!(captures(r"^(?<n>\d+)$", "٣"), None);
    assert_eq!(captures(r"^(?<w>\w+)$", "é"), None);
    // Ruby's `m` flag lets `.` match a newline.
    assert_eq!(captures("(?m)^(?<all>.*)$", "a\nb"), Some(serde_json::json!({"all": "a\nb"})));
    // Literal braces, `{,n}`, hex escapes and comments.
    assert_eq!(captures(r"^\{(?<x>a{,2})}$", "{aa}"), Some(serde_json::json!({"x": "aa"})));
    assert_eq!(captures(r"^(?<x>\h+)(?#comment)$", "beef"), Some(serde_json::json!({"x": "beef"})));
    assert_eq!(captures(r"^(?<x>[\w-]+)$", "a-b_c"), Some(serde_json::json!({"x": "a-b_c"})));
    assert_eq!(captures(r"^(?<x>[a--])$", "-"), Some(serde_json::json!({"x": "-"})));
}

#[test]
fn matching_searches_anywhere_and_shares_input_storage() {
    let grok = compile("%{IPV6:ip}").unwrap_or_else(|e| panic!("{e}"));
    // Longer than the inline limit, so the value shares the input.
    let input = Str::from("client 2001:db8:85a3:0:0:8a2e:370:7334 connected");
    let value = grok.parse(&input).ok().flatten().unwrap_or_default();
    let ip = value.as_object().and_then(|o| o.get("ip")).and_then(Value::as_str).unwrap_or("");
    assert_eq!(ip, "2001:db8:85a3:0:0:8a2e:370:7334");
    let base = input.as_str().as_ptr() as usize;
    assert!((base..base + input.len()).contains(&(ip.as_ptr() as usize)), "value was copied");
    assert_eq!(grok.parse(&Str::from("no address")), Ok(None));
}

#[test]
fn malformed_references_are_reported() {
    assert_eq!(
        error("%{WORD"),
        "malformed `%{WORD` in grok pattern: the reference is never closed with `}`"
    );
    assert_eq!(
        error("%{WO RD}"),
        "malformed `%{WO RD}` in grok pattern: a pattern name is letters, digits, `_` and `-`"
    );
    assert_eq!(
        error("%{WORD:}"),
        "malformed `%{WORD:}` in grok pattern: the field name after `:` is empty"
    );
    assert_eq!(error("[abc"), "malformed `[` in grok pattern: the character class is never closed");
    assert!(error("(abc").starts_with("grok pattern is not a valid regex: "));
}

#[test]
fn compile_cached_reuses_and_layers_definitions() {
    let first = compile_cached("%{WORD:w}", &[]);
    let second = compile_cached("%{WORD:w}", &[]);
    assert!(matches!((&first, &second), (Ok(a), Ok(b)) if Arc::ptr_eq(a, b)));
    let definitions = vec![("MINE".to_string(), "[0-9]{3}".to_string())];
    let custom = compile_cached("%{MINE:m}", &definitions).map(|g| g.fields().len());
    assert_eq!(custom, Ok(1));
    assert!(compile_cached("%{MINE:m}", &[]).is_err());
}

/// Both engines on `text`: the fast engine, when it answers, must find
/// exactly the meta regex's spans. Returns whether it answered.
fn engines_agree(grok: &Grok, text: &str) -> bool {
    let (fast, meta) = grok.slots_by_engine(text);
    if let Some(fast) = &fast {
        assert_eq!(fast, &meta, "{} on {text:?}", grok.pattern());
    }
    fast.is_some()
}

/// Variants of a corpus line that exercise unanchored search, failure and
/// partial input.
fn variants(input: &str) -> Vec<String> {
    let half = (0..=input.len() / 2).rev().find(|i| input.is_char_boundary(*i)).unwrap_or(0);
    let tail = input.char_indices().nth(1).map_or("", |(i, _)| &input[i..]);
    vec![
        input.to_string(),
        format!("prefix {input}"),
        format!("{input} suffix"),
        input[..half].to_string(),
        tail.to_string(),
        input.replace(' ', "  "),
    ]
}

#[test]
fn fast_engine_agrees_with_the_meta_regex_on_the_corpus() {
    let (mut answered, mut total) = (0, 0);
    for path in corpus_files() {
        for case in read_corpus(&path) {
            for pattern in [format!("%{{{}}}", case.pattern), format!("^%{{{}}}$", case.pattern)] {
                let grok = compile(&pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
                for text in variants(&case.input) {
                    total += 1;
                    answered += usize::from(engines_agree(&grok, &text));
                }
            }
        }
    }
    // The fast engine should handle nearly everything the library holds.
    assert!(answered * 10 >= total * 9, "fast engine answered {answered} of {total}");
}

#[test]
fn costly_searches_fall_back_to_the_meta_regex() {
    let grok =
        compile("(?<a>.*?) (?<b>.*?) (?<c>.*?) (?<d>.*?)!").unwrap_or_else(|e| panic!("{e}"));
    let text = "ab ".repeat(300);
    let (fast, meta) = grok.slots_by_engine(&text);
    assert_eq!((fast, meta), (None, None));
    assert_eq!(grok.parse(&Str::from(text.as_str())), Ok(None));
    let long = compile("%{GREEDYDATA:all}").unwrap_or_else(|e| panic!("{e}"));
    let text = "x".repeat(200_000);
    let value = long.parse(&Str::from(text.as_str())).ok().flatten();
    assert_eq!(value.and_then(|v| v.as_object().map(|o| o.len())), Some(1));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn compiling_arbitrary_pattern_text_never_panics(pattern in r"(\PC|%\{[A-Z]{1,8}(:[a-z]{1,4}){0,2}\}|[\\()\[\]{}?*+|^$]){0,40}") {
        if let Ok(grok) = compile(&pattern) {
            let _ = grok.result_type();
            let _ = grok.parse(&Str::from(pattern.as_str()));
            engines_agree(&grok, &pattern);
            engines_agree(&grok, "abc 123 x-y:z [q] \"s\" é");
        }
    }

    #[test]
    fn matching_arbitrary_input_never_panics_and_stays_within_it(input in r"\PC{0,300}") {
        let grok = Library::builtin().compile("%{SYSLOGLINE}|%{COMBINEDAPACHELOG}|%{NUMBER:n:float}");
        prop_assert!(grok.is_ok());
        if let Ok(Some(Value::Object(fields))) = grok.map(|g| g.parse(&Str::from(input.as_str()))).unwrap_or(Ok(None)) {
            for value in fields.values() {
                prop_assert!(value.as_str().is_none_or(|s| s.len() <= input.len()));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fast_engine_agrees_on_arbitrary_input(
        input in r"[0-9a-fA-F:. \-\[\]/\x22a-zé]{0,80}",
        pattern in prop::sample::select(vec![
            "%{COMBINEDAPACHELOG}", "%{SYSLOGLINE}", "%{IPORHOST:h} %{DATA:d}$", "%{IP:ip}",
            "%{QS:q}", "%{NUMBER:n:float}", "%{DATA:a}:%{GREEDYDATA:b}", "^%{WORD:w}?(?: %{INT:i})*$",
            "%{HTTPDATE:t}", "(?<x>[a-f]{2,5}?)(?<y>[0-9]*)", "%{URI:u}", "%{HOSTNAME:h}\\b",
        ]),
    ) {
        let grok = compile(pattern).map_err(|e| TestCaseError::fail(e.to_string()))?;
        engines_agree(&grok, &input);
    }
}

/// The object the captures in `slots` make, built the plain way: group by
/// group, each path inserted into an object. For checking `Grok::parse`'s
/// faster build.
fn reference_object(grok: &Grok, slots: &[usize], input: &Str) -> Option<Value> {
    let mut object = Object::new();
    let mut seen = vec![false; grok.fields.len()];
    for (index, group) in grok.groups.iter().enumerate() {
        let (start, end) = (*slots.get(2 * index + 2)?, *slots.get(2 * index + 3)?);
        if start == UNSET || end == UNSET || start == end || seen[group.field] {
            continue;
        }
        seen[group.field] = true;
        let field = &grok.fields[group.field];
        let text = input.slice_ref(&input[start..end]);
        insert(&mut object, &field.path, convert(group.convert, text, field).ok()?);
    }
    Some(Value::Object(object))
}

/// Apache combined lines, well-formed or slightly broken: optional fields
/// missing, quotes and escapes in the request and agent, IPv6 and host
/// names, stray spaces.
fn apache_line() -> impl Strategy<Value = String> {
    let host = prop::sample::select(vec![
        "10.29.42.192",
        "255.255.255.255",
        "2001:db8::1",
        "::1",
        "fe80::1%eth0",
        "web-01.example.org",
        "256.1.1.1",
        "a",
        "1.2.3",
        "-",
    ]);
    let user = prop::sample::select(vec!["-", "svc-batch", "jo.doe@example.com", "a@b", "é"]);
    let date = prop::sample::select(vec![
        "04/Mar/2024:09:00:00 +0000",
        "31/December/1999:23:59:60 -0130",
        "1/Jan/24:1:2:3 +1",
        "04/Xyz/2024:09:00:00 +0000",
        "4/Mar/2024:09:00:00.123 +0000",
    ]);
    let request = prop::sample::select(vec![
        "GET /api/v1/search?page=37&limit=100 HTTP/1.0",
        "POST / HTTP/2",
        "GET /x",
        "-",
        "",
        "BREW \\\"pot\\\" HTTP/1.1",
        "G3T /a b c HTTP/x",
    ]);
    let number = prop::sample::select(vec!["201", "-", "+5", "1.5", "x", ""]);
    let quoted = prop::sample::select(vec![
        "\"-\"",
        "\"https://a.example/?q=\\\"x\\\"\"",
        "'single'",
        "`back`",
        "\"unterminated",
        "\"\"",
        "\"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/123.0\"",
    ]);
    let spacer = prop::sample::select(vec![" ", " ", " ", "  ", ""]);
    (
        host,
        user.clone(),
        user,
        date,
        request,
        number.clone(),
        number,
        quoted.clone(),
        quoted,
        spacer,
    )
        .prop_map(|(h, i, a, d, r, s, b, re, ag, sp)| {
            format!("{h} {i} {a} [{d}] \"{r}\" {s} {b} {re}{sp}{ag}")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn engines_and_object_build_agree_on_apache_like_lines(
        line in apache_line(),
        pattern in prop::sample::select(vec![
            "%{COMBINEDAPACHELOG}", "%{COMMONAPACHELOG}", "^%{COMBINEDAPACHELOG}$",
            "%{IPORHOST:h} %{HTTPDUSER:u} %{DATA:rest}$", "\\[%{HTTPDATE:t}\\] \"%{DATA:r}\"",
            "%{QS:q} %{QS:q2}", "%{IP:[client][ip]} %{NOTSPACE:[client][user]} %{GREEDYDATA:x}",
        ]),
    ) {
        let grok = compile(pattern).map_err(|e| TestCaseError::fail(e.to_string()))?;
        engines_agree(&grok, &line);
        let input = Str::from(line.as_str());
        let (_, meta) = grok.slots_by_engine(&line);
        let expected = meta.and_then(|slots| reference_object(&grok, &slots, &input));
        prop_assert_eq!(grok.parse(&input).ok().flatten(), expected);
    }
}
