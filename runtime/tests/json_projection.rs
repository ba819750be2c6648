//! Fields kept as JSON text by a projected `parse_json` are written back by
//! the JSON encoder byte for byte as the fully parsed event would be.

use lgp_runtime::codec::{write_event_json, write_json};
use lgp_stdlib::parse::json::{self, DEFAULT_MAX_DEPTH};
use lgp_stdlib::parse::json_projection::{Projection, parse_projected};
use lgp_stdlib::{Event, Str, Value};
use proptest::prelude::*;

/// Arbitrary JSON values, printed with random spacing, key order, escapes
/// and number forms: canonical and non-canonical text alike.
fn text(depth: u32) -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        Just("-0".to_string()),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:?}")),
        Just("1E3".to_string()),
        Just("123456789012345678901".to_string()),
        prop_oneof![Just("true"), Just("false"), Just("null")].prop_map(String::from),
        "[a-z\"\\\\\n\t\u{1}é/]{0,8}".prop_map(|s| serde_json::to_string(&s).unwrap_or_default()),
        Just("\"\\/\\u00E9\\u001F\\u0008\"".to_string()),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let inner = text(depth - 1);
    prop_oneof![
        3 => leaf,
        1 => (prop::collection::vec(inner.clone(), 0..4), any::<bool>()).prop_map(|(items, spaced)| {
            let sep = if spaced { ", " } else { "," };
            format!("[{}]", items.join(sep))
        }),
        1 => (prop::collection::vec(("[a-d]{1,2}", inner), 0..4), any::<bool>())
            .prop_map(|(entries, spaced)| {
                let sep = if spaced { " : " } else { ":" };
                let body: Vec<String> =
                    entries.iter().map(|(k, v)| format!("\"{k}\"{sep}{v}")).collect();
                format!("{{{}}}", body.join(","))
            }),
    ]
    .boxed()
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(("[a-f]{1,2}", text(3)), 0..8).prop_map(|fields| {
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        format!("{{{}}}", body.join(","))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn raw_fields_encode_like_parsed_ones(doc in document(), keep in prop::collection::vec("[a-f]{1,2}", 0..4)) {
        let input = Str::from(doc.as_str());
        let keep = keep.iter().map(|k| Str::from(k.as_str())).collect();
        let projection = Projection { keep, skip: Vec::new() };
        let full = json::parse(&input, DEFAULT_MAX_DEPTH);
        let projected = parse_projected(&input, DEFAULT_MAX_DEPTH, &projection);
        let Some((object, raw)) = projected else {
            // Doubt goes to the full parser; valid single-key documents
            // with canonical values never need it.
            return Ok(());
        };
        let Ok(Value::Object(expected)) = full else {
            return Err(TestCaseError::fail(format!("projected an invalid document: {doc}")));
        };
        let mut event = Event::new(object);
        event.raw = (!raw.is_empty()).then(|| Box::new(raw));
        let mut written = Vec::new();
        write_event_json(&event, &mut written);
        let mut reference = Vec::new();
        write_json(&Value::Object(expected.clone()), &mut reference);
        prop_assert_eq!(String::from_utf8_lossy(&written), String::from_utf8_lossy(&reference));
        prop_assert_eq!(event.materialized().fields, Value::Object(expected));
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
            let doc = strategy.new_tree(&mut runner).map(|tree| tree.current()).unwrap_or_default();
            parse_projected(&Str::from(doc.as_str()), DEFAULT_MAX_DEPTH, &Projection::default())
                .is_some()
        })
        .count();
    assert!(projected * 4 > samples, "only {projected} of {samples} projected");
}
