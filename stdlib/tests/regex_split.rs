//! The literal-split plan of `parse_regex` agrees with the meta regex:
//! random patterns shaped `^ (literal | capture)* $?` over random inputs
//! (lines built to match, then sometimes mutated; non-ASCII text and
//! Unicode digits included) give the same match or no match, and the same
//! span for every group, and `parse_regex` returns the same object with the
//! plan (a constant pattern) as without it.

use std::cell::Cell;

use lgp_lang::sig::FnSig;
use lgp_stdlib::Value;
use lgp_stdlib::fns::parse_regex::ParseRegex;
use lgp_stdlib::function::{Args, Function};
use lgp_stdlib::parse::regex::Pattern;
use proptest::prelude::*;
use proptest::string::string_regex;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Capture bodies, each with a generator of pieces that mostly match it.
const BODIES: &[(&str, &str)] = &[
    (r"\S+", "[a-z0-9é/:\\-\\[\\]\"٣\u{a0}]{0,6}"),
    (r#"[^"]*"#, "[a-z é\\-\\]\"]{0,6}"),
    (r"[^\]]+", "[a-z0-9 :/\\]]{0,6}"),
    (r"\d{3}", "[0-9٣१x]{2,4}"),
    (r"\d+|-", "[0-9٣\\-]{0,3}"),
    ("[a-z]*", "[a-zé0]{0,4}"),
    (r"\w+", "[a-zü_0-9 ]{0,4}"),
    ("a|ab", "[ab]{0,3}"),
    ("[0-9a-f]{2,4}", "[0-9a-g]{1,5}"),
    ("(?:x|yz)+", "[xyz]{0,4}"),
    (r"(?-u:\d+)", "[0-9٣]{0,3}"),
    (r"\d", "[0-9१]{0,2}"),
    ("[^ ]*?", "[a-z ]{0,3}"),
    (r#"[^"é]*"#, "[a-z é\"ü]{0,5}"),
    (r#"[^"a]+"#, "[a-c \"]{0,5}"),
    (r"[^\]:]*", "[a-z :\\]]{0,5}"),
];

/// Text between captures, escaped into the pattern as a literal.
const LITERALS: &[&str] = &["", " ", " - ", " [", "] \"", "\"", "\" ", ":", "x", "é", "-", "/"];

/// One capture: its body, whether it is named, and the text put in its place.
fn capture() -> impl Strategy<Value = (&'static str, bool, String)> {
    prop::sample::select(BODIES).prop_flat_map(|(body, piece)| {
        let piece = string_regex(piece).unwrap_or_else(|error| panic!("{piece}: {error}"));
        (Just(body), any::<bool>(), piece)
    })
}

/// A pattern and an input line for it.
fn case() -> impl Strategy<Value = (String, String)> {
    let segments = prop::collection::vec((capture(), prop::sample::select(LITERALS)), 0..6);
    let edit = prop::option::of((any::<prop::sample::Index>(), 0u8..3, "[a-z \"\\]٣é]"));
    (prop::sample::select(LITERALS), segments, any::<bool>(), edit).prop_map(
        |(head, segments, to_end, edit)| {
            let mut pattern = format!("^{}", regex_syntax::escape(head));
            let mut line = head.to_owned();
            for (index, ((body, named, piece), literal)) in segments.into_iter().enumerate() {
                let name = if named { format!("?P<g{index}>") } else { String::new() };
                pattern.push_str(&format!("({name}{body}){}", regex_syntax::escape(literal)));
                line.push_str(&piece);
                line.push_str(literal);
            }
            if to_end {
                pattern.push('$');
            }
            (pattern, edit.map_or(line.clone(), |edit| mutate(&line, edit)))
        },
    )
}

/// Inserts, replaces or deletes one character of `line`.
fn mutate(line: &str, (at, kind, text): (prop::sample::Index, u8, String)) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    let at = at.index(chars.len() + 1);
    let new = text.chars().next().unwrap_or('x');
    match kind {
        0 => chars.insert(at, new),
        1 if at < chars.len() => chars[at] = new,
        _ if at < chars.len() => drop(chars.remove(at)),
        _ => chars.push(new),
    }
    chars.into_iter().collect()
}

/// What happened in one case, counted so the test can show it is not vacuous.
#[derive(Default)]
struct Tally {
    planned: Cell<u32>,
    matched: Cell<u32>,
}

/// Compares the plan (when the pattern has one) with the meta regex, group
/// by group, and `parse_regex` with a constant pattern with the same call
/// on a dynamic one.
fn agree(pattern: &str, line: &str, tally: &Tally) -> Result<(), TestCaseError> {
    let Ok(compiled) = Pattern::compile(pattern) else { return Ok(()) };
    let compiled = compiled.with_split_plan();
    let Some(plan) = compiled.split_plan() else { return Ok(()) };
    let regex = compiled.regex();
    let mut captures = regex.create_captures();
    regex.captures(line, &mut captures);
    let meta = captures.is_match().then(|| {
        (0..captures.group_len()).map(|index| captures.get_group(index).map(|span| span.range()))
    });
    let split = plan.find(line).map(|spans| spans.into_iter().map(Some));
    prop_assert_eq!(split.map(Iterator::collect::<Vec<_>>), meta.map(Iterator::collect::<Vec<_>>));
    tally.planned.set(tally.planned.get() + 1);
    tally.matched.set(tally.matched.get() + u32::from(captures.is_match()));
    for numeric in [false, true] {
        prop_assert_eq!(call(pattern, line, numeric, true), call(pattern, line, numeric, false));
    }
    Ok(())
}

/// `parse_regex(line, pattern, numeric_groups)`, prepared when `constant`.
fn call(pattern: &str, line: &str, numeric: bool, constant: bool) -> Result<Value, String> {
    let values =
        vec![Some(Value::from(line)), Some(Value::from(pattern)), Some(Value::Bool(numeric))];
    let consts = if constant { values.clone() } else { vec![None; values.len()] };
    let prepared = ParseRegex.prepare(&consts).map_err(|error| error.0)?;
    let mut args = Args::new(ParseRegex.params(), values);
    ParseRegex.call(&prepared, &mut args).map_err(|error| error.0)
}

#[test]
fn split_plans_agree_with_the_meta_regex() {
    let tally = Tally::default();
    let mut runner = TestRunner::new(Config { cases: 2000, ..Config::default() });
    let result = runner.run(&case(), |(pattern, line)| agree(&pattern, &line, &tally));
    if let Err(error) = result {
        panic!("{error}");
    }
    let (planned, matched) = (tally.planned.get(), tally.matched.get());
    assert!(planned >= 400, "only {planned} of 2000 patterns had a plan");
    assert!(matched >= 100 && matched < planned, "{matched} of {planned} planned cases matched");
}

/// Apache combined log lines, the W2 benchmark's input, sometimes mutated.
fn apache_line() -> impl Strategy<Value = String> {
    let field = "[a-z0-9.\\-é/]{1,8}";
    let edit = prop::option::of((any::<prop::sample::Index>(), 0u8..3, "[ \"\\]0٣-]"));
    (field, field, field, "[0-9٣]{3}", "-|[0-9١]{1,5}", "[a-z \\-]{0,8}", "[a-zü ;/()]{0,12}", edit)
        .prop_map(|(client, user, path, status, bytes, referrer, agent, edit)| {
            let line = format!(
                "{client} - {user} [04/Mar/2024:09:00:00 +0000] \"GET {path} HTTP/1.1\" \
                 {status} {bytes} \"{referrer}\" \"{agent}\""
            );
            edit.map_or(line.clone(), |edit| mutate(&line, edit))
        })
}

const W2: &str = r#"^(?P<client>\S+) (?P<ident>\S+) (?P<user>\S+) \[(?P<timestamp>[^\]]+)\] "(?P<method>\S+) (?P<path>\S+) (?P<protocol>[^"]+)" (?P<status>\d{3}) (?P<bytes>\d+|-) "(?P<referrer>[^"]*)" "(?P<agent>[^"]*)"$"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn the_w2_plan_agrees_with_the_meta_regex(line in apache_line()) {
        let planned = Pattern::compile(W2).map(Pattern::with_split_plan);
        prop_assert!(planned.as_ref().is_ok_and(|pattern| pattern.split_plan().is_some()));
        agree(W2, &line, &Tally::default())?;
    }
}

/// Lines that once caught deliberately broken plans: non-ASCII text in `\S`
/// fields and Unicode digits where `\d{3}` stands.
#[test]
fn w2_lines_with_unicode_agree() {
    let lines = [
        "a - éaa--éa [04/Mar/2024:09:00:00 +0000] \"GET aéé0aaaé HTTP/1.1\" \"٣٣ - \"aaa\" \" aa\"",
        "aaé - a-0aéaé [04/Mar/2024:09:00:00 +0000] \" GET a0a HTTP/1.1\" ٣0٣ - \"a  a\" \"/a (ü\"",
        "0 - 0 [04/Mar/2024:09:00:00 +0000] \"GET é HTTP/1.1\" 000 - \"\" \"\"",
        "0\u{a0}1 - - [x] \"GET / HTTP/1.1\" 200 1 \"\" \"\"",
    ];
    for line in lines {
        if let Err(error) = agree(W2, line, &Tally::default()) {
            panic!("{line}: {error}");
        }
    }
}
