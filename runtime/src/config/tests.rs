//! Reading option blocks: defaults, written values, constants and startup calls.

use std::time::Duration;

use super::*;

fn program(source: &str) -> Program {
    let (program, diagnostics) = lgp_lang::parser::parse(source);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    program
}

/// The config of the first declaration of `source` that is an input.
fn first_input(source: &str) -> Result<InputConfig, ConfigError> {
    let program = program(source);
    let decl = program.decls.iter().position(|d| matches!(d.kind, DeclKind::Input { .. }));
    input(&program, decl.unwrap_or(usize::MAX))
}

fn first_output(source: &str) -> Result<OutputConfig, ConfigError> {
    let program = program(&format!("input i = stdin {{}}\n{source}"));
    let decl = program.decls.iter().position(|d| matches!(d.kind, DeclKind::Output { .. }));
    output(&program, decl.unwrap_or(usize::MAX))
}

#[test]
fn defaults_come_from_the_schema_tables() {
    let config = first_input("input gen = generator {}").map_err(|e| e.to_string());
    let expected = InputConfig {
        name: "gen".into(),
        kind: InputKind::Generator(GeneratorConfig {
            format: GeneratorFormat::Json,
            count: 0,
            rate: 10.0,
            seed: None,
            timestamp_field: None,
        }),
        buffer: InputBufferConfig { max_events: 1000, policy: BufferPolicy::Block },
    };
    assert_eq!(config, Ok(expected));
}

#[test]
fn written_values_constants_and_nested_blocks() {
    let source = r#"
const FORMAT = "kv"
input gen = generator {
  format = FORMAT
  count = 500
  rate = 0
  seed = 7
  buffer {
    max_events = 64
    policy = "sample"
    sample_rate = 0.25
    high_water = 0.5
  }
}"#;
    let config = first_input(source).map_err(|e| e.to_string());
    let Ok(InputConfig { kind: InputKind::Generator(generator), buffer, .. }) = config else {
        panic!("{config:?}");
    };
    assert_eq!(
        generator,
        GeneratorConfig {
            format: GeneratorFormat::Kv,
            count: 500,
            rate: 0.0,
            seed: Some(7),
            timestamp_field: None
        }
    );
    assert_eq!(buffer.max_events, 64);
    assert_eq!(buffer.policy, BufferPolicy::Sample { keep_one_in: 4, high_water: 0.5 });
}

#[test]
fn get_env_is_read_at_startup_with_its_fallback() {
    let source = r#"input app = file { paths = [get_env("LGP_TEST_SURELY_UNSET") ?? "/var/log/*.log"]
  read_from = "beginning" }"#;
    let config = first_input(source).map_err(|e| e.to_string());
    let Ok(InputConfig { kind: InputKind::File(file), .. }) = config else { panic!("{config:?}") };
    assert_eq!(file.paths, ["/var/log/*.log"]);
    assert!(file.from_beginning);
    assert_eq!(file.max_line_bytes, 100 * 1024);

    let unset = first_input(r#"input app = file { paths = [get_env("LGP_TEST_SURELY_UNSET")] }"#);
    assert_eq!(
        unset.map_err(|e| e.to_string()).err().as_deref(),
        Some(
            "input `app`: option `paths`: the environment variable `LGP_TEST_SURELY_UNSET` is not set"
        )
    );
}

#[test]
fn file_output_options() {
    let source = r#"output o <- i = file {
  path = "out/{{ .service }}-%Y.log"
  codec = "logfmt"
  compression = "zstd"
  rotate {
    max_bytes = "1KiB"
    interval = "1m"
    max_files = 3
  }
  buffer {
    max_events = 100
    when_full = "drop_newest"
  }
}"#;
    let config = first_output(source).map_err(|e| e.to_string());
    let Ok(OutputConfig { kind: OutputKind::File(file), buffer, .. }) = config else {
        panic!("{config:?}")
    };
    assert_eq!(file.codec, Codec::Logfmt);
    assert_eq!(file.compression, Compression::Zstd);
    assert_eq!(file.rotate_max_bytes, Some(1024));
    assert_eq!(file.rotate_interval, Some(Duration::from_secs(60)));
    assert_eq!(file.rotate_max_files, Some(3));
    assert_eq!(file.path.parts().len(), 5);
    assert_eq!(buffer, OutputBufferConfig { max_events: 100, drop_newest: true });
}

#[test]
fn blackhole_delay_and_text_codec() {
    let blackhole = first_output(r#"output o <- i = blackhole { delay = "2ms" }"#);
    assert_eq!(
        blackhole.map(|c| c.kind).map_err(|e| e.to_string()),
        Ok(OutputKind::Blackhole { delay: Some(Duration::from_millis(2)), latency_field: None })
    );
    let stdout = first_output(r#"output o <- i = stdout { codec = "text" }"#);
    assert_eq!(
        stdout.map(|c| c.kind).map_err(|e| e.to_string()),
        Ok(OutputKind::Stdout { codec: Codec::Text(None) })
    );
}

#[test]
fn kinds_not_run_yet_are_refused_by_name() {
    let error = first_input(
        r#"input k = kafka {
  brokers = ["b:9092"]
  topics = ["t"]
  group_id = "g"
}"#,
    );
    assert_eq!(
        error.map_err(|e| e.to_string()).err().as_deref(),
        Some("input `k`: `kafka` inputs are not supported by `lgp run` yet")
    );
}

#[test]
fn latency_fields_are_field_paths() {
    let meta_created = lgp_lang::schema::FieldRef {
        root: lgp_lang::schema::FieldRoot::Meta,
        segments: vec![FieldSegment::Field("created".into())],
    };
    let generator = first_input(r#"input g = generator { timestamp_field = "%created" }"#);
    let Ok(InputConfig { kind: InputKind::Generator(generator), .. }) = generator else {
        panic!("{generator:?}");
    };
    assert_eq!(generator.timestamp_field, Some(meta_created.clone()));
    let blackhole = first_output(r#"output o <- i = blackhole { latency_field = "%created" }"#);
    assert_eq!(
        blackhole.map(|c| c.kind).map_err(|e| e.to_string()),
        Ok(OutputKind::Blackhole { delay: None, latency_field: Some(meta_created) })
    );
    let nested = first_input(r#"input g = generator { timestamp_field = ".a.b" }"#);
    assert_eq!(
        nested.map_err(|e| e.to_string()),
        Err(
            "input `g`: option `timestamp_field` must be a top-level field such as \"%created_at\""
                .into()
        )
    );
    let not_a_path = first_output(r#"output o <- i = blackhole { latency_field = "created" }"#);
    assert_eq!(
        not_a_path.map_err(|e| e.to_string()),
        Err("output `o`: option `latency_field` must be a field path such as \"%created_at\""
            .into())
    );
}
