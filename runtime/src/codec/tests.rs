//! Encoding events and rendering templates.

use chrono::TimeZone;
use lgp_lang::schema::parse_template;
use lgp_stdlib::Str;
use proptest::prelude::*;

use super::*;

fn event(json: &str) -> Event {
    Event::from_json(&serde_json::from_str(json).unwrap_or_default())
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).single().unwrap_or_default()
}

fn line(codec: &Codec, event: &Event) -> String {
    let mut out = Vec::new();
    encode(codec, event, now(), &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[test]
fn json_matches_value_to_json_for_every_kind() {
    let mut object = Object::new();
    object.insert(Str::from("a"), Value::Float(f64::NAN));
    object.insert(Str::from("b"), Value::Bytes(bytes::Bytes::from_static(b"\xffx")));
    object.insert(Str::from("c"), Value::Timestamp(now()));
    object
        .insert(Str::from("d"), Value::Array(vec![Value::Null, Value::Bool(true), Value::Int(-3)]));
    object.insert(Str::from("e\"q"), Value::from("multi\nline"));
    let value = Value::Object(object);
    let mut out = Vec::new();
    write_json(&value, &mut out);
    assert_eq!(String::from_utf8(out).unwrap_or_default(), value.to_json().to_string());
}

#[test]
fn codecs_write_one_line_each() {
    let e = event(r#"{"message": "hello", "level": "info", "n": {"x": 1}}"#);
    assert_eq!(
        line(&Codec::Json, &e),
        "{\"level\":\"info\",\"message\":\"hello\",\"n\":{\"x\":1}}\n"
    );
    assert_eq!(line(&Codec::Logfmt, &e), "level=info message=hello n.x=1\n");
    assert_eq!(line(&Codec::Text(None), &e), "hello\n");
    let template = parse_template("{{ .level }}: {{ .n }} at %H:%M").ok();
    assert_eq!(line(&Codec::Text(template), &e), "info: {\"x\":1} at 10:00\n");
    assert_eq!(line(&Codec::Text(None), &event(r#"{"other": 1}"#)), "\n");
}

#[test]
fn templates_use_the_event_time_when_it_has_one() {
    let template = parse_template("%Y-%m-%d").unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    render(
        &template,
        &event(r#"{"timestamp": "2024-03-04T09:00:00.002Z"}"#),
        now(),
        Escape::None,
        &mut out,
    );
    assert_eq!(out, "2024-03-04");
    out.clear();
    render(&template, &event(r#"{"timestamp": "yesterday"}"#), now(), Escape::None, &mut out);
    assert_eq!(out, "2026-11-26");
}

#[test]
fn path_components_cannot_climb_or_nest() {
    let template =
        parse_template("out/{{ .a }}/{{ .b }}/{{ .c[-1] }}.log").unwrap_or_else(|e| panic!("{e}"));
    let mut out = String::new();
    render(
        &template,
        &event(r#"{"a": "..", "b": "x/../../etc", "c": [1, "z"]}"#),
        now(),
        Escape::PathComponent,
        &mut out,
    );
    assert_eq!(out, "out/_/x_.._.._etc/z.log");
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<f64>().prop_map(Value::Float),
        ".{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,4}", inner, 0..4).prop_map(|map| {
                Value::Object(map.into_iter().map(|(k, v)| (Str::from(k), v)).collect())
            }),
        ]
    })
}

proptest! {
    /// The streaming JSON writer and `Value::to_json` never disagree.
    #[test]
    fn json_writer_agrees_with_to_json(value in value()) {
        let mut out = Vec::new();
        write_json(&value, &mut out);
        prop_assert_eq!(String::from_utf8(out).unwrap_or_default(), value.to_json().to_string());
    }
}

proptest! {
    /// The text codec's direct writer renders what `render` renders.
    #[test]
    fn text_lines_agree_with_render(value in value()) {
        let template = parse_template("[{{ .a }}] %Y {{ .missing }}|{{ %input }}")
            .unwrap_or_else(|e| panic!("{e}"));
        let mut fields = Object::new();
        fields.insert(Str::from("a"), value);
        let mut e = Event::new(fields);
        e.meta = Value::Object(Object::from([(Str::from("input"), Value::from("app"))])).into();
        let mut rendered = String::new();
        render(&template, &e, now(), Escape::None, &mut rendered);
        prop_assert_eq!(line(&Codec::Text(Some(template)), &e), rendered + "\n");
    }
}
