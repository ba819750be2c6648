//! Validation tests: each program is parsed with the real parser and every
//! input and output declaration is validated, as the checker does.

use std::collections::HashMap;

use super::spec::{OptionSpec, OptionType};
use super::*;
use crate::ast::{DeclKind, Expr};
use crate::diag::{Code, Diagnostic};
use crate::parser::parse;

/// Validates every input and output of `src`, with its `const`s resolvable.
fn check(src: &str) -> Vec<Diagnostic> {
    let (program, syntax) = parse(src);
    assert!(syntax.is_empty(), "syntax errors in {src}\n{syntax:#?}");
    let consts: HashMap<&str, &Expr> = program
        .decls
        .iter()
        .filter_map(|decl| match &decl.kind {
            DeclKind::Const { name, value } => Some((name.name.as_str(), value)),
            _ => None,
        })
        .collect();
    let lookup = |name: &str| consts.get(name).copied();
    let validate_decl = |decl: &crate::ast::Decl| match &decl.kind {
        DeclKind::Input { kind, options, .. } => validate(Role::Input, kind, options, &lookup),
        DeclKind::Output { kind, options, .. } => validate(Role::Output, kind, options, &lookup),
        _ => Vec::new(),
    };
    program.decls.iter().flat_map(validate_decl).collect()
}

/// Asserts `src` draws exactly one diagnostic, with `code`, and returns it.
fn only(src: &str, code: Code) -> Diagnostic {
    let diags = check(src);
    match diags.as_slice() {
        [diag] if diag.code == code => diag.clone(),
        _ => panic!("expected one {code} for {src}, got {diags:#?}"),
    }
}

fn clean(src: &str) {
    let diags = check(src);
    assert!(diags.is_empty(), "unexpected diagnostics for {src}\n{diags:#?}");
}

fn input(kind: &str, body: &str) -> String {
    format!("input src = {kind} {{\n{body}\n}}\n")
}

fn output(kind: &str, body: &str) -> String {
    format!("output sink <- src = {kind} {{\n{body}\n}}\n")
}

/// The source text of the primary label of `diag` in `src`.
fn labelled<'a>(src: &'a str, diag: &Diagnostic) -> &'a str {
    src.get(diag.span().range()).unwrap_or("")
}

// ---- every kind's table: a valid full config, and one with every default -------

/// A valid value for an option of type `ty`, as source text.
fn sample(ty: &OptionType, secret: bool) -> String {
    match ty {
        _ if secret && !matches!(ty, OptionType::Array(_)) => "get_env(\"SECRET\")".into(),
        OptionType::String => "\"text\"".into(),
        OptionType::Int { min, .. } => (*min).max(1).to_string(),
        OptionType::Float { .. } => "0.5".into(),
        OptionType::Bool => "true".into(),
        OptionType::Duration => "\"1m30s\"".into(),
        OptionType::Size => "\"64KiB\"".into(),
        OptionType::Template => "\"logs/{{ .service }}/%Y-%m-%d\"".into(),
        OptionType::Enum(values) => format!("{:?}", values.first().copied().unwrap_or_default()),
        OptionType::Regex => "r'^\\d{4}-'".into(),
        OptionType::Path => "\"/var/log/app/*.log\"".into(),
        OptionType::Address => "\"127.0.0.1:9000\"".into(),
        OptionType::Url => "\"https://es.example.com:9200\"".into(),
        OptionType::Array(inner) => {
            format!("[{}, {}]", sample(inner, secret), sample(inner, secret))
        }
        OptionType::Map => "{ \"X-Source\": \"lgp\" }".into(),
        OptionType::Block(_) => String::new(),
    }
}

/// Every option of `table` set: to its default when `defaults` and it has one,
/// else to a sample value.
fn body(table: &[OptionSpec], defaults: bool) -> String {
    let mut out = String::new();
    for spec in table {
        match (spec.ty, spec.default) {
            (OptionType::Block(nested), _) => {
                out.push_str(&format!("{} {{\n{}}}\n", spec.name, body(nested, defaults)))
            }
            (_, Some(value)) if defaults => out.push_str(&format!("{} = {value}\n", spec.name)),
            (ty, _) => out.push_str(&format!("{} = {}\n", spec.name, sample(&ty, spec.secret))),
        }
    }
    out
}

fn full_program(kind: &KindSpec, defaults: bool) -> String {
    let common = match kind.role {
        Role::Input => INPUT_COMMON,
        Role::Output => OUTPUT_COMMON,
    };
    let text = format!("{}{}", body(kind.options, defaults), body(common, defaults));
    match kind.role {
        Role::Input => input(kind.name, &text),
        Role::Output => output(kind.name, &text),
    }
}

#[test]
fn every_kind_accepts_every_option_set() {
    for kind in kinds(Role::Input).iter().chain(kinds(Role::Output)) {
        clean(&full_program(kind, false));
    }
}

#[test]
fn every_default_is_valid_for_its_option() {
    for kind in kinds(Role::Input).iter().chain(kinds(Role::Output)) {
        clean(&full_program(kind, true));
    }
}

#[test]
fn every_kind_is_listed() {
    let inputs: Vec<&str> = kinds(Role::Input).iter().map(|kind| kind.name).collect();
    let outputs: Vec<&str> = kinds(Role::Output).iter().map(|kind| kind.name).collect();
    assert_eq!(inputs, ["file", "syslog", "http", "kubernetes", "kafka", "stdin", "generator"]);
    assert_eq!(outputs, ["stdout", "file", "blackhole", "kafka", "elasticsearch", "s3", "http"]);
    assert!(kinds(Role::Input).iter().all(|kind| kind.role == Role::Input));
    assert!(kinds(Role::Output).iter().all(|kind| kind.role == Role::Output));
}

#[test]
fn required_options_have_no_default_and_names_are_unique() {
    fn walk(table: &[OptionSpec], common: &[OptionSpec]) {
        for (at, spec) in table.iter().enumerate() {
            assert!(
                !(spec.required && spec.default.is_some()),
                "`{}` is required and has a default",
                spec.name
            );
            let again = table[at + 1..].iter().chain(common).any(|other| other.name == spec.name);
            assert!(!again, "`{}` is declared twice", spec.name);
            assert!(!spec.doc.is_empty() && !spec.doc.ends_with('.'), "doc of `{}`", spec.name);
            if let Some(nested) = spec.block_options() {
                walk(nested, &[]);
            }
        }
    }
    for kind in kinds(Role::Input) {
        walk(kind.options, INPUT_COMMON);
    }
    for kind in kinds(Role::Output) {
        walk(kind.options, OUTPUT_COMMON);
    }
}

#[test]
fn realistic_configs_are_clean() {
    clean(
        r#"
const BROKERS = ["kafka-1:9092", "kafka-2:9092"]
input app = file {
  paths = ["/var/log/app/*.log", "/var/log/app/**/*.json"]
  exclude = ["/var/log/app/*.gz"]
  read_from = "beginning"
  max_line_bytes = 65536
  multiline {
    start_pattern = r'^\d{4}-\d{2}-\d{2}'
    continue_pattern = "^\\s+at "
    mode = "continue_through"
    timeout = "500ms"
  }
  buffer { max_events = 5000; policy = "drop_oldest" }
}
input events = kafka {
  brokers = BROKERS
  topics = ["events"]
  group_id = "lgp"
  sasl { mechanism = "scram-sha-512"; username = "lgp"; password = read_secret("/run/secrets/kafka") }
}
output search <- app = elasticsearch {
  endpoints = ["https://es-1:9200", "https://es-2:9200"]
  index = "logs-{{ %input }}-%Y.%m.%d"
  action = "update"
  id = "{{ .request_id }}"
  auth { strategy = "api_key"; api_key = get_env("ES_API_KEY") }
  batch { max_events = 500; max_bytes = "5MB"; timeout = "2s" }
  retry { max_retries = 3; initial_backoff = "250ms"; jitter = false }
  wal { enabled = true; fsync = "always" }
  acknowledgements = true
}
output bus <- events = kafka {
  brokers = BROKERS
  topic = "copy-{{ .\"event type\" }}"
  acks = 1
  compression = "zstd"
}
"#,
    );
}

// ---- E0204 unknown kind --------------------------------------------------------

#[test]
fn unknown_kind_suggests_the_closest() {
    let src = input("filez", "paths = [\"a\"]");
    let diag = only(&src, Code::UnknownKind);
    assert_eq!(diag.message, "unknown input kind `filez`");
    assert_eq!(diag.help.as_deref(), Some("did you mean `file`?"));
    assert_eq!(labelled(&src, &diag), "filez");
}

#[test]
fn kind_of_the_other_role_is_named_as_such() {
    let diag = only(&input("s3", "bucket = \"b\""), Code::UnknownKind);
    assert_eq!(diag.help.as_deref(), Some("`s3` is an output kind"));
    let diag = only(&output("elastic", ""), Code::UnknownKind);
    assert_eq!(diag.help.as_deref(), Some("did you mean `elasticsearch`?"));
}

// ---- E0505 unknown option --------------------------------------------------------

#[test]
fn unknown_option_says_the_component_and_suggests() {
    let src = input("file", "pathz = [\"a\"]\npaths = [\"b\"]");
    let diag = only(&src, Code::UnknownOption);
    assert_eq!(diag.message, "`file` input has no option `pathz`");
    assert_eq!(diag.help.as_deref(), Some("did you mean `paths`?"));
    assert_eq!(labelled(&src, &diag), "pathz");
}

#[test]
fn unknown_option_in_a_nested_block() {
    let src = input(
        "file",
        "paths = [\"a\"]\nmultiline { start_pattern = \"^a\"; continue_pattern = \"^b\"; mod = \"halt_with\" }",
    );
    let diag = only(&src, Code::UnknownOption);
    assert_eq!(diag.message, "`multiline` block of the `file` input has no option `mod`");
    assert_eq!(diag.help.as_deref(), Some("did you mean `mode`?"));
}

#[test]
fn option_of_a_nested_block_written_at_the_top() {
    let diag = only(
        &input("syslog", "address = \"0.0.0.0:514\"\nverify_client = true"),
        Code::UnknownOption,
    );
    assert_eq!(
        diag.help.as_deref(),
        Some("`verify_client` goes inside the `tls` block: `tls { verify_client = ... }`")
    );
}

#[test]
fn common_options_are_known_only_to_their_role() {
    clean(&output("blackhole", "retry { max_retries = 0 }\nacknowledgements = true"));
    only(&input("stdin", "retry { max_retries = 0 }"), Code::UnknownOption);
}

// ---- E0506 wrong type --------------------------------------------------------------

#[test]
fn quoted_integer_is_the_wrong_type() {
    let src = input("generator", "count = \"10\"");
    let diag = only(&src, Code::OptionType);
    assert_eq!(diag.message, "`count` expects an integer, found a string");
    assert_eq!(diag.help.as_deref(), Some("write `10` without quotes"));
    assert_eq!(labelled(&src, &diag), "\"10\"");
}

#[test]
fn lone_string_where_an_array_is_expected() {
    let diag = only(&input("file", "paths = \"/var/log/*.log\""), Code::OptionType);
    assert_eq!(diag.message, "`paths` expects an array of paths, found a string");
    assert_eq!(diag.help.as_deref(), Some("wrap it in brackets: `[\"/var/log/*.log\"]`"));
}

#[test]
fn array_elements_are_checked() {
    let diag = only(&input("file", "paths = [\"a\", 3]"), Code::OptionType);
    assert_eq!(diag.message, "`paths[1]` expects a path string, found an integer");
}

#[test]
fn blocks_and_values_are_not_interchangeable() {
    let diag = only(&input("syslog", "address = \":514\"\ntls = \"on\""), Code::OptionType);
    assert_eq!(diag.message, "`tls` is a block of options, not a value");
    let diag = only(&output("stdout", "codec { a = 1 }"), Code::OptionType);
    assert!(
        diag.message.starts_with("`codec` expects one of the listed strings, found a block"),
        "{}",
        diag.message
    );
}

#[test]
fn duration_written_as_a_number() {
    let diag = only(&input("file", "paths = [\"a\"]\nglob_interval = 5"), Code::OptionType);
    assert_eq!(diag.help.as_deref(), Some("write `\"5s\"` for seconds"));
}

#[test]
fn environment_values_are_strings() {
    clean(&input("syslog", "address = get_env(\"SYSLOG_ADDRESS\") ?? \"0.0.0.0:514\""));
    let diag = only(&input("generator", "count = get_env(\"COUNT\")"), Code::OptionType);
    assert_eq!(diag.message, "`count` expects an integer, found a string from `get_env`");
}

#[test]
fn headers_are_an_object_of_strings() {
    let base = "uri = \"https://collector.example.com/ingest\"\n";
    clean(&output("http", &format!("{base}headers = {{ \"X-Team\": \"core\" }}")));
    let diag =
        only(&output("http", &format!("{base}headers = {{ \"X-Retries\": 3 }}")), Code::OptionType);
    assert_eq!(diag.message, "`headers.X-Retries` expects a string, found an integer");
}

// ---- E0507 value not allowed ----------------------------------------------------------

#[test]
fn enum_value_lists_allowed_and_suggests() {
    let src = output("kafka", "brokers = [\"k:9092\"]\ntopic = \"t\"\ncompression = \"zip\"");
    let diag = only(&src, Code::OptionValue);
    assert_eq!(diag.message, "`zip` is not a valid `compression` for the `kafka` output");
    assert_eq!(diag.labels[0].message, "expected one of `none`, `gzip`, `snappy`, `lz4`, `zstd`");
    assert_eq!(diag.help.as_deref(), Some("did you mean `gzip`?"));
}

#[test]
fn enum_value_in_the_wrong_case() {
    let diag =
        only(&output("file", "path = \"out.log\"\ncompression = \"GZIP\""), Code::OptionValue);
    assert_eq!(diag.help.as_deref(), Some("write `\"gzip\"`: values are case-sensitive"));
}

#[test]
fn kafka_acks_accepts_integers_and_strings() {
    let base = "brokers = [\"k:9092\"]\ntopic = \"t\"\n";
    clean(&output("kafka", &format!("{base}acks = 0")));
    clean(&output("kafka", &format!("{base}acks = \"1\"")));
    clean(&output("kafka", &format!("{base}acks = \"all\"")));
    only(&output("kafka", &format!("{base}acks = 2")), Code::OptionType);
    only(&output("kafka", &format!("{base}acks = \"most\"")), Code::OptionValue);
}

#[test]
fn numbers_out_of_range() {
    let diag = only(&input("generator", "count = -1"), Code::OptionValue);
    assert_eq!(diag.message, "`count` must be at least 0, found -1");
    let diag = only(&input("stdin", "buffer { high_water = 1.5 }"), Code::OptionValue);
    assert_eq!(diag.message, "`buffer.high_water` must be at most 1, found 1.5");
}

#[test]
fn addresses_and_urls_are_checked() {
    let diag = only(&input("syslog", "address = \"0.0.0.0\""), Code::OptionValue);
    assert_eq!(diag.message, "`address` must be a `host:port` address, found `0.0.0.0`");
    clean(&input("syslog", "address = \"[::]:514\""));
    only(&input("syslog", "address = \"::1:514\""), Code::OptionValue);
    let diag = only(&output("http", "uri = \"collector:8080/ingest\""), Code::OptionValue);
    assert_eq!(diag.help.as_deref(), Some("write it as `\"https://collector:8080/ingest\"`"));
}

#[test]
fn required_arrays_must_not_be_empty() {
    let diag = only(&input("file", "paths = []"), Code::OptionValue);
    assert_eq!(diag.message, "`paths` must not be empty");
    clean(&input("file", "paths = [\"a\"]\nexclude = []"));
}

// ---- E0508 missing required option ------------------------------------------------------

#[test]
fn missing_required_option_points_at_the_kind() {
    let src = input("file", "read_from = \"beginning\"");
    let diag = only(&src, Code::MissingOption);
    assert_eq!(diag.message, "`file` input is missing required option `paths`");
    assert_eq!(labelled(&src, &diag), "file");
}

#[test]
fn missing_option_of_a_nested_block_points_at_the_block() {
    let src = input("file", "paths = [\"a\"]\nmultiline { continue_pattern = \"^ \" }");
    let diag = only(&src, Code::MissingOption);
    assert_eq!(
        diag.message,
        "`multiline` block of the `file` input is missing required option `start_pattern`"
    );
    assert_eq!(labelled(&src, &diag), "multiline");
}

#[test]
fn every_missing_option_is_reported() {
    let codes: Vec<Code> = check(&input("kafka", "")).iter().map(|diag| diag.code).collect();
    assert_eq!(codes, [Code::MissingOption; 3]);
}

#[test]
fn options_required_by_another_value() {
    let src = input("syslog", "address = \":6514\"\nmode = \"tls\"");
    let diag = only(&src, Code::MissingOption);
    assert_eq!(diag.message, "the `syslog` input with `mode = \"tls\"` is missing option `tls`");
    assert_eq!(labelled(&src, &diag), "mode = \"tls\"");
    let base = "endpoints = [\"http://es:9200\"]\nindex = \"logs\"\n";
    let diag = only(
        &output("elasticsearch", &format!("{base}auth {{ strategy = \"basic\"; user = \"u\" }}")),
        Code::MissingOption,
    );
    assert!(
        diag.message.contains("`auth.strategy = \"basic\"` is missing option `password`"),
        "{}",
        diag.message
    );
    only(&output("s3", "bucket = \"b\"\nsse = \"aws:kms\""), Code::MissingOption);
}

// ---- E0509 template ----------------------------------------------------------------------

#[test]
fn malformed_templates_say_why() {
    let cases = [
        ("out/{{ .service.log", "unbalanced `{{`: no `}}` closes it"),
        ("out/.service }}.log", "unbalanced `}}`: no `{{` opens it"),
        (
            "out/{{ service }}.log",
            "`{{ service }}` is not a field path: write `{{ .service }}` for the event field `service`",
        ),
        ("out/%Y-%Q.log", "unknown strftime specifier `%Q`"),
        (
            "out/{{ .a..b }}",
            "`.a..b` is not a valid field path: use `.name`, `.\"odd name\"` or `[index]` segments",
        ),
    ];
    for (template, reason) in cases {
        let diag = only(&output("file", &format!("path = {template:?}")), Code::InvalidTemplate);
        assert_eq!(diag.message, "malformed template for `path`");
        assert_eq!(diag.labels[0].message, reason);
    }
}

// ---- E0510 duration and size --------------------------------------------------------------

#[test]
fn malformed_duration_suggests_the_canonical_form() {
    let src = input("file", "paths = [\"a\"]\nglob_interval = \"5 sec\"");
    let diag = only(&src, Code::InvalidDuration);
    assert_eq!(diag.message, "malformed duration for `glob_interval`");
    assert_eq!(diag.help.as_deref(), Some("write `\"5s\"`"));
    assert_eq!(labelled(&src, &diag), "\"5 sec\"");
}

#[test]
fn malformed_size_suggests_the_canonical_form() {
    let diag = only(&input("stdin", "max_line_bytes = \"10 mb\""), Code::InvalidDuration);
    assert_eq!(diag.message, "malformed size for `max_line_bytes`");
    assert_eq!(diag.help.as_deref(), Some("write `\"10MB\"`"));
    only(&input("stdin", "max_line_bytes = -5"), Code::OptionValue);
}

// ---- E0208 duplicate option -------------------------------------------------------------------

#[test]
fn duplicate_option_points_at_both() {
    let src = output("stdout", "codec = \"json\"\ncodec = \"text\"");
    let diag = only(&src, Code::DuplicateItem);
    assert_eq!(diag.message, "option `codec` is given twice");
    assert_eq!(diag.labels.len(), 2);
    assert!(diag.labels[1].span.start < diag.labels[0].span.start);
}

// ---- E0512 non-constant values ----------------------------------------------------------------

#[test]
fn event_fields_and_calls_are_not_constant() {
    let src = output("file", "path = .path");
    let diag = only(&src, Code::OptionNotConstant);
    assert_eq!(diag.message, "option `path` is not a constant");
    assert_eq!(diag.labels[0].message, "this is an event field, which differs per event");
    assert_eq!(labelled(&src, &diag), ".path");
    let diag = only(&output("file", "path = upcase(\"a\")"), Code::OptionNotConstant);
    assert_eq!(diag.labels[0].message, "this is a call to `upcase`, which runs per event");
    only(&output("file", "path = \"a\" + \"b\""), Code::OptionNotConstant);
    only(&output("file", "path = undefined_name"), Code::OptionNotConstant);
}

#[test]
fn constants_are_followed_and_checked() {
    clean(
        "const DIR = \"/var/log\"\nconst CFG = { \"codec\": \"text\" }\ninput src = file { paths = [DIR] }\noutput o <- src = stdout { codec = CFG.codec }",
    );
    let src = "const N = \"ten\"\ninput src = generator { count = N }";
    let diag = only(src, Code::OptionType);
    assert_eq!(labelled(src, &diag), "N", "the label points at the use, not the const");
}

#[test]
fn startup_functions_are_constant() {
    clean(&output(
        "s3",
        "bucket = get_env(\"BUCKET\")\nauth { secret_access_key = read_secret(\"/run/secrets/s3\") }",
    ));
    only(&output("s3", "bucket = get_env(.name)"), Code::OptionNotConstant);
}

#[test]
fn const_cycles_and_explosions_are_bounded() {
    only("const A = B\nconst B = A\ninput src = generator { seed = A }", Code::OptionNotConstant);
    let mut src = String::from("const C0 = [1, 1, 1, 1]\n");
    for at in 1..20 {
        let prev = at - 1;
        src.push_str(&format!("const C{at} = [C{prev}, C{prev}, C{prev}, C{prev}]\n"));
    }
    src.push_str("input src = file { paths = C19 }");
    let diag = only(&src, Code::OptionNotConstant);
    assert_eq!(diag.labels[0].message, "this is a value too large or too deeply nested to check");
}

// ---- W0108 secrets ---------------------------------------------------------------------------

#[test]
fn secret_literals_warn() {
    let src = output(
        "elasticsearch",
        "endpoints = [\"https://es:9200\"]\nindex = \"logs\"\nauth { strategy = \"basic\"; user = \"lgp\"; password = \"hunter2\" }",
    );
    let diag = only(&src, Code::SecretLiteral);
    assert_eq!(
        diag.message,
        "`auth.password` of the `elasticsearch` output is written in the pipeline"
    );
    assert!(!diag.is_error());
    let diag = only(
        &input("http", "address = \":80\"\napi_keys = [get_env(\"KEY\"), \"abc\"]"),
        Code::SecretLiteral,
    );
    assert_eq!(diag.message, "`api_keys` of the `http` input is written in the pipeline");
    only(
        &input("http", "address = \":80\"\napi_keys = [get_env(\"KEY\") ?? \"dev\"]"),
        Code::SecretLiteral,
    );
}

// ---- regex -------------------------------------------------------------------------------

#[test]
fn invalid_regex_options_are_refused() {
    let src = input(
        "file",
        "paths = [\"a\"]\nmultiline { start_pattern = \"(unclosed\"; continue_pattern = r'^\\s' }",
    );
    let diag = only(&src, Code::InvalidRegex);
    assert_eq!(diag.message, "invalid regex for `multiline.start_pattern`");
}

// ---- the reference and the codes' examples -----------------------------------------------------

#[test]
fn reference_lists_every_kind_and_option() {
    let markdown = reference_markdown();
    for kind in kinds(Role::Input).iter().chain(kinds(Role::Output)) {
        assert!(
            markdown.contains(&format!("### `{}` {}", kind.name, kind.role.as_str())),
            "{}",
            kind.name
        );
        for spec in kind.options {
            assert!(markdown.contains(&format!("| `{}` |", spec.name)), "{}", spec.name);
        }
    }
    assert!(markdown.contains("| `multiline.start_pattern` | regex | **required** in the block |"));
    assert!(markdown.contains("| `read_from` | one of `beginning`, `end` | `\"end\"` |"));
    assert!(markdown.contains("With `mode = \"tls\"`, `tls` is required."));
}

const SCHEMA_CODES: &[Code] = &[
    Code::UnknownKind,
    Code::UnknownOption,
    Code::OptionType,
    Code::OptionValue,
    Code::MissingOption,
    Code::InvalidTemplate,
    Code::InvalidDuration,
    Code::OptionNotConstant,
    Code::SecretLiteral,
];

#[test]
fn code_examples_trigger_their_code_and_fixes_are_clean() {
    for code in SCHEMA_CODES {
        let info = code.info();
        only(info.example, *code);
        clean(info.fixed);
    }
}

#[test]
fn option_lookup_sees_common_options() {
    assert_eq!(option(Role::Output, "kafka", "acks").map(|spec| spec.name), Some("acks"));
    assert_eq!(option(Role::Output, "kafka", "retry").map(|spec| spec.name), Some("retry"));
    assert!(option(Role::Input, "kafka", "retry").is_none());
    assert!(option(Role::Input, "nope", "paths").is_none());
}
