//! The projection scan against the full parser on random JSON documents:
//! printed with random spacing, key order, escapes, number forms, repeated
//! keys, surrogates and depth, and sometimes broken.
//!
//! When the scan answers, its object (raw fields materialised) is the full
//! parser's; it keeps a field as text exactly when that text is what the
//! encoder prints for the value; and it answers for every document the full
//! parser accepts unless the document holds one of the doubtful cases it
//! leaves to the full parser.

use lgp_stdlib::parse::json::{self, DEFAULT_MAX_DEPTH};
use lgp_stdlib::parse::json_projection::{Projection, parse_projected};
use lgp_stdlib::{Str, Value};
use proptest::prelude::*;

/// Scalars printed canonically and otherwise.
fn scalar() -> BoxedStrategy<String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        (-1000i64..1000).prop_map(|n| n.to_string()),
        Just("-0".to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("123456789012345678901".to_string()),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:?}")),
        (-100_000i64..100_000, 0u32..4).prop_map(|(n, shift)| {
            let text = format!("{:.*}", shift as usize, n as f64 / 10f64.powi(shift as i32));
            if text.contains('.') { text } else { format!("{text}.5") }
        }),
        Just("-0.0".to_string()),
        Just("0.1000000000000000055511151231257827".to_string()),
        Just("1E3".to_string()),
        Just("2.5e-3".to_string()),
        Just("1e400".to_string()),
        prop_oneof![Just("true"), Just("false"), Just("null")].prop_map(String::from),
        "[a-z\"\\\\\n\t\u{1}\u{7f}é😀/]{0,20}"
            .prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
        Just(r#""\/\u00E9\u001F\u001f\u0008\b""#.to_string()),
        Just(r#""\ud83d\ude00""#.to_string()),
        Just(r#""\ud83d""#.to_string()),
        Just(
            "\"a very long string that spans more than one block of sixty-four bytes, \
              with a \\\" quote past the end of the first block\""
                .to_string()
        ),
    ]
    .boxed()
}

/// A key, sometimes escaped.
fn key() -> BoxedStrategy<String> {
    prop_oneof![
        8 => "[a-e]{1,2}".prop_map(|k| format!("\"{k}\"")),
        1 => "[a-z_]{8,12}".prop_map(|k| format!("\"{k}\"")),
        1 => Just(r#""a\u0062""#.to_string()),
        1 => Just(r#""\n""#.to_string()),
    ]
    .boxed()
}

fn value(depth: u32) -> BoxedStrategy<String> {
    if depth == 0 {
        return scalar();
    }
    let inner = value(depth - 1);
    prop_oneof![
        3 => scalar(),
        1 => (prop::collection::vec(inner.clone(), 0..4), any::<bool>()).prop_map(|(items, spaced)| {
            format!("[{}]", items.join(if spaced { ", " } else { "," }))
        }),
        1 => (prop::collection::vec((key(), inner), 0..4), any::<bool>(), any::<bool>())
            .prop_map(|(mut entries, spaced, sorted)| {
                if sorted {
                    entries.sort();
                }
                let sep = if spaced { " : " } else { ":" };
                let body: Vec<String> =
                    entries.iter().map(|(k, v)| format!("{k}{sep}{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
    ]
    .boxed()
}

/// A document: an object of random fields, sometimes spaced, sometimes
/// broken by a cut or a stray byte.
#[derive(Clone, Debug)]
struct Document {
    text: String,
    /// The top-level (key, value) texts, when the document is not broken.
    fields: Option<Vec<(String, String)>>,
}

fn document() -> impl Strategy<Value = Document> {
    let fields = prop::collection::vec((key(), value(3)), 0..8);
    let damage =
        prop_oneof![6 => Just(None), 1 => (0usize..400, "[ ,:}\\]\"x0\u{1}]").prop_map(Some)];
    (fields, any::<bool>(), damage).prop_map(|(fields, spaced, damage)| {
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        let mut text = if spaced {
            format!(" {{ {} }} ", body.join(" , "))
        } else {
            format!("{{{}}}", body.join(","))
        };
        let Some((at, stray)) = damage else { return Document { text, fields: Some(fields) } };
        let at = (0..=at.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        if stray == "x" {
            text.truncate(at);
        } else {
            text.insert_str(at, &stray);
        }
        Document { text, fields: None }
    })
}

fn projection() -> impl Strategy<Value = Projection> {
    let names = prop::collection::vec("[a-e]{1,2}", 0..4);
    (names.clone(), names).prop_map(|(keep, skip)| {
        let keep: Vec<Str> = keep.iter().map(|k| Str::from(k.as_str())).collect();
        // As the compiler makes them, kept and skipped fields are disjoint.
        let skip =
            skip.iter().map(|k| Str::from(k.as_str())).filter(|k| !keep.contains(k)).collect();
        Projection { keep, skip }
    })
}

/// Cases the scan leaves to the full parser even when the document is
/// valid: a top-level key escaped or repeated, a surrogate escape anywhere.
fn doubtful(text: &str, fields: &[(String, String)]) -> bool {
    let mut keys: Vec<&str> = fields.iter().map(|(key, _)| key.as_str()).collect();
    let escaped = keys.iter().any(|key| key.contains('\\'));
    keys.sort_unstable();
    let repeated = keys.windows(2).any(|pair| pair[0] == pair[1]);
    escaped || repeated || text.to_ascii_lowercase().contains("\\ud8")
}

/// The value's text is what the encoder prints for it, and the scan can
/// tell: no floats (the encoder prints them its own way, so they are always
/// parsed), no 19-digit integers (the scan counts digits, not range) and no
/// escaped object keys (the scan does not decode keys to check their order).
fn canonical(text: &str) -> bool {
    let Ok(value) = json::parse(&Str::from(text), DEFAULT_MAX_DEPTH) else { return false };
    let printed = serde_json::to_string(&value.to_json()).unwrap_or_default();
    printed == text && !doubtful_inside(&value) && !has_long_int(text)
}

/// A float or an object key that needs escapes, at any depth.
fn doubtful_inside(value: &Value) -> bool {
    let escaped = |key: &str| key.chars().any(|c| c < ' ' || c == '"' || c == '\\');
    match value {
        Value::Float(_) => true,
        Value::Array(items) => items.iter().any(doubtful_inside),
        Value::Object(object) => {
            object.iter().any(|(key, value)| escaped(key) || doubtful_inside(value))
        }
        _ => false,
    }
}

fn has_long_int(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit()).any(|digits| digits.len() >= 19)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn the_scan_agrees_with_the_full_parser(
        document in document(),
        projection in projection(),
        max_depth in prop_oneof![4 => Just(DEFAULT_MAX_DEPTH), 1 => 1usize..5],
    ) {
        let text = document.text.as_str();
        let input = Str::from(text);
        let full = json::parse(&input, max_depth);
        let projected = parse_projected(&input, max_depth, &projection);
        let Some((object, raw)) = projected else {
            if let (Ok(_), Some(fields)) = (&full, &document.fields) {
                prop_assert!(doubtful(text, fields), "valid document not projected: {}", text);
            }
            return Ok(());
        };
        let Ok(Value::Object(mut expected)) = full else {
            return Err(TestCaseError::fail(format!("projected what the full parser refuses: {text}")));
        };
        for name in &projection.skip {
            expected.remove(name.as_str());
        }
        let mut materialized = object.clone();
        raw.clone().materialize_into(&mut materialized);
        prop_assert_eq!(&materialized, &expected, "{}", text);
        let Some(fields) = &document.fields else { return Ok(()) };
        // A field stays text exactly when it is not asked for and its text
        // is canonical.
        for (key, value) in fields {
            let name = key.trim_matches('"');
            let asked = projection.keep.iter().chain(&projection.skip).any(|k| k.as_str() == name);
            let is_raw = raw.entries().any(|(raw_key, _)| raw_key == name);
            prop_assert_eq!(is_raw, !asked && canonical(value), "field {} in {}", key, text);
            if is_raw {
                prop_assert!(raw.entries().any(|entry| entry == (name, value.as_str())));
            }
        }
        let parsed_not_asked = object.keys().filter(|key| !projection.keep.contains(key));
        for key in parsed_not_asked {
            let (_, value) = fields.iter().find(|(k, _)| k.trim_matches('"') == key.as_str()).cloned().unwrap_or_default();
            prop_assert!(!canonical(&value), "canonical field {} parsed in {}", key, text);
        }
    }
}

#[test]
fn generated_documents_are_mostly_projected() {
    // Guards the property above against passing by always falling back.
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = document();
    let samples = 400;
    let projected = (0..samples)
        .filter(|_| {
            let Ok(tree) = strategy.new_tree(&mut runner) else { return false };
            parse_projected(
                &Str::from(tree.current().text.as_str()),
                DEFAULT_MAX_DEPTH,
                &Projection::default(),
            )
            .is_some()
        })
        .count();
    assert!(projected * 4 > samples, "only {projected} of {samples} projected");
}
