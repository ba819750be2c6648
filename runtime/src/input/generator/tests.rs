//! The generator's lines: shapes per format, and determinism from the seed.

use super::*;

fn lines(format: GeneratorFormat, seed: u64, count: usize) -> Vec<String> {
    let mut generator = LineGenerator::new(format, seed);
    (0..count).map(|_| generator.next_line()).collect()
}

#[test]
fn the_same_seed_gives_the_same_lines() {
    assert_eq!(lines(GeneratorFormat::Json, 42, 50), lines(GeneratorFormat::Json, 42, 50));
    assert_ne!(lines(GeneratorFormat::Json, 42, 50), lines(GeneratorFormat::Json, 43, 50));
}

#[test]
fn json_lines_parse_with_the_python_generator_fields() {
    for line in lines(GeneratorFormat::Json, 1, 200) {
        let parsed: serde_json::Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        for key in [
            "timestamp",
            "level",
            "message",
            "service",
            "host",
            "user_id",
            "duration_ms",
            "request",
            "tags",
        ] {
            assert!(parsed.get(key).is_some(), "{key} missing in {line}");
        }
        assert!(parsed["timestamp"].as_str().is_some_and(|t| t.starts_with("2024-03-04T09:")));
        let status = parsed["request"]["status"].as_u64().unwrap_or_default();
        if status >= 500 {
            assert_eq!(parsed["level"], "error");
        }
    }
}

#[test]
fn every_format_has_its_shape() {
    let first = |format| lines(format, 3, 1).remove(0);
    assert!(first(GeneratorFormat::Apache).contains("[04/Mar/2024:09:00:00 +0000] \""));
    assert!(first(GeneratorFormat::Syslog5424).contains(">1 2024-03-04T09:00:00."));
    let bsd = first(GeneratorFormat::Syslog3164);
    assert!(bsd.starts_with('<') && bsd.contains(">Mar  4 09:00:00 "), "{bsd}");
    assert!(first(GeneratorFormat::Kv).starts_with("ts=2024-03-04T09:00:00."));
    let java = lines(GeneratorFormat::Multiline, 5, 2000);
    assert!(java.iter().any(|l| l.starts_with("\tat com.example.")), "no stack frames");
    assert!(java.iter().any(|l| l.contains(" ERROR [")));
}

#[test]
fn rng_ranges_are_inclusive_and_bounded() {
    let mut rng = Rng::new(9);
    let rolls: Vec<u64> = (0..1000).map(|_| rng.range(3, 5)).collect();
    assert!(rolls.iter().all(|r| (3..=5).contains(r)));
    assert!([3, 4, 5].iter().all(|n| rolls.contains(n)));
    assert!((0..1000).all(|_| (0.0..1.0).contains(&rng.random())));
}

#[test]
fn pacing_respects_rate_count_and_batch() {
    let config = GeneratorConfig {
        format: GeneratorFormat::Json,
        count: 10,
        rate: 0.0,
        seed: None,
        timestamp_field: None,
    };
    assert_eq!(due_now(&config, Instant::now(), 4, 512), 6);
    let paced = GeneratorConfig { rate: 1.0, count: 0, ..config };
    assert_eq!(due_now(&paced, Instant::now(), 0, 512), 1);
    assert_eq!(due_now(&paced, Instant::now(), 1, 512), 0);
    assert!(next_due_in(&paced, Instant::now(), 1) > Duration::from_millis(900));
}

#[test]
fn events_are_stamped_with_the_time_they_were_due() {
    let started = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().unwrap_or_default();
    assert_eq!(due_at(1000.0, started, 2500), started + chrono::Duration::milliseconds(2500));
    assert!(due_at(0.0, started, 7) > started);
    let field = FieldRef {
        root: FieldRoot::Meta,
        segments: vec![FieldSegment::Field("created_at".into())],
    };
    let mut event = Event::new(lgp_stdlib::value::Object::new());
    event.meta = Value::Object(lgp_stdlib::value::Object::new()).into();
    Stamp::new(&field).unwrap_or_else(|| panic!("a top-level field")).set(&mut event, started);
    assert_eq!(
        event.meta.as_object().and_then(|m| m.get("created_at")),
        Some(&Value::Timestamp(started))
    );
}
