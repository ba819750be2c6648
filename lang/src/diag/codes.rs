//! The registry of diagnostic codes. Numbers are stable and never reused.
//!
//! Families: E01xx syntax, E02xx names, E03xx types, E04xx fallibility,
//! E05xx function arguments and options, E06xx topology, W01xx lints.
//! Each code carries a failing example and a fixed one; `docs/diagnostics.md`
//! is generated from this table and a test checks every example.

use super::Severity;

/// Documentation of one code.
#[derive(Clone, Copy, Debug)]
pub struct CodeInfo {
    pub code: Code,
    /// A short title (`unhandled fallible call`).
    pub title: &'static str,
    /// Why the rule exists and how to fix it.
    pub doc: &'static str,
    /// A whole program that triggers the code.
    pub example: &'static str,
    /// The same program, fixed; it does not trigger the code.
    pub fixed: &'static str,
}

macro_rules! codes {
    ($( $name:ident = $num:literal, $sev:ident, $title:literal, doc: $doc:literal,
        example: $example:literal, fixed: $fixed:literal; )*) => {
        /// A diagnostic code. The discriminant is the number after the letter,
        /// plus 10000 for warnings.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum Code { $( $name = $num, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$name, )* ];

            pub fn severity(self) -> Severity {
                match self { $( Code::$name => Severity::$sev, )* }
            }

            pub fn info(self) -> CodeInfo {
                match self { $( Code::$name => CodeInfo {
                    code: self, title: $title, doc: $doc, example: $example, fixed: $fixed,
                }, )* }
            }
        }
    };
}

impl Code {
    /// `E0401` / `W0101`.
    pub fn as_string(self) -> String {
        let letter = match self.severity() {
            Severity::Error => 'E',
            Severity::Warning => 'W',
        };
        format!("{letter}{:04}", self as u16 % 10000)
    }

    /// Looks a code up by its written form (`E0401`, case-insensitive).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_string().eq_ignore_ascii_case(text))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_string())
    }
}

codes! {
    // ---- E01xx syntax -------------------------------------------------------
    SyntaxError = 101, Error, "syntax error",
        doc: "The parser expected something else at this point. The message says what it expected, in terms of the language.",
        example: "transform t <- app {\n  .x =\n}\ninput app = stdin {}\n",
        fixed: "transform t <- app {\n  .x = 1\n}\ninput app = stdin {}\noutput o <- t = blackhole {}\n";
    UnterminatedString = 102, Error, "unterminated string",
        doc: "A string literal has no closing quote before the end of the line or file.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = \"abc\n}\noutput o <- t = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = \"abc\"\n}\noutput o <- t = blackhole {}\n";
    InvalidEscape = 103, Error, "invalid escape sequence",
        doc: "Strings understand `\\n`, `\\t`, `\\r`, `\\\\`, `\\\"`, `\\'`, `\\0`, `\\{` and `\\u{XXXX}`. Use a raw string `s'...'` to keep backslashes.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = \"a\\qb\"\n}\noutput o <- t = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = \"a\\\\qb\"\n}\noutput o <- t = blackhole {}\n";
    IntegerOutOfRange = 104, Error, "integer literal out of range",
        doc: "Integers are 64-bit signed: from -9223372036854775808 to 9223372036854775807.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = 9223372036854775808\n}\noutput o <- t = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = 9223372036854775807\n}\noutput o <- t = blackhole {}\n";
    InvalidTimestamp = 105, Error, "invalid timestamp literal",
        doc: "A `t'...'` literal must be an RFC 3339 timestamp such as `t'2026-11-26T10:00:00Z'`.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = t'yesterday'\n}\noutput o <- t = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = t'2026-11-26T10:00:00Z'\n}\noutput o <- t = blackhole {}\n";
    InvalidRegex = 106, Error, "invalid regex literal",
        doc: "A `r'...'` literal is compiled when the pipeline is checked; its syntax must be valid. Backreferences and look-around are not supported: matching is linear-time.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = .message =~ r'(ab'\n}\noutput o <- t = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = .message =~ r'(ab)'\n}\noutput o <- t = blackhole {}\n";
    NestingTooDeep = 107, Error, "nesting too deep",
        doc: "Expressions and blocks may nest at most 128 levels (parentheses, brackets, braces, unary operators). Deeper nesting is almost always generated input; split it with `let` bindings.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\n}\noutput o <- t = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = 1\n}\noutput o <- t = blackhole {}\n";
    TooComplex = 108, Error, "program too complex to parse",
        doc: "The parser gave up after a step budget proportional to the input size. This only happens on pathological input.",
        example: "",
        fixed: "";
    MisplacedWildcard = 109, Error, "`_` outside a pattern",
        doc: "`_` means \"anything\" in `match` arms and in test expectations; it has no value elsewhere.",
        example: "input app = stdin {}\ntransform t <- app {\n  .level = _\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .level = \"info\"\n}\noutput out <- t = stdout {}\n";
    InvalidNumber = 110, Error, "invalid number literal",
        doc: "A number literal could not be read (for example a float too large to represent).",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = 1e999\n}\noutput o <- t = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = 1e300\n}\noutput o <- t = blackhole {}\n";

    // ---- E02xx names --------------------------------------------------------
    DuplicateName = 201, Error, "duplicate name",
        doc: "Inputs, transforms, routes, outputs, functions and constants share one namespace per file.",
        example: "input app = stdin {}\ninput app = file {\n  paths = [\"/var/log/app.log\"]\n}\ntransform t <- app {\n  .x = 1\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ninput files = file {\n  paths = [\"/var/log/app.log\"]\n}\ntransform t <- app, files {\n  .x = 1\n}\noutput out <- t = stdout {}\n";
    UnknownVariable = 202, Error, "unknown variable",
        doc: "A variable is used before any `let` binds it, or outside the block that binds it.",
        example: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase(text)\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  let text = .message\n  .upper = upcase(text)\n}\noutput out <- t = stdout {}\n";
    UnknownFunction = 203, Error, "unknown function",
        doc: "No built-in or user function has this name. `lgp docs functions` lists the built-ins.",
        example: "input app = stdin {}\ntransform t <- app {\n  .upper = upcas(.message)\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase(.message)\n}\noutput out <- t = stdout {}\n";
    UnknownKind = 204, Error, "unknown input or output kind",
        doc: "Inputs are `file`, `syslog`, `http`, `kubernetes`, `kafka`, `stdin`, `generator`; outputs are `stdout`, `file`, `blackhole`, `kafka`, `elasticsearch`, `s3`, `http`.",
        example: "input app = filez {\n  paths = [\"/var/log/app.log\"]\n}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput console <- parsed = stdout {\n  codec = \"json\"\n}\n",
        fixed: "input app = file {\n  paths = [\"/var/log/app.log\"]\n}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput console <- parsed = stdout {\n  codec = \"json\"\n}\n";
    UseNotFound = 205, Error, "`use` file not found",
        doc: "The path in `use` is resolved relative to the file that contains it.",
        example: "use \"lib/strngs.lgp\"\ninput app = stdin {}\ntransform t <- app {\n  .upper = upcase(.message)\n}\noutput out <- t = stdout {}\n# --- file: lib/strings.lgp\nfn shout(text: string) -> string { upcase(text) + \"!\" }\n",
        fixed: "use \"lib/strings.lgp\"\ninput app = stdin {}\ntransform t <- app {\n  .upper = shout(.message)\n}\noutput out <- t = stdout {}\n# --- file: lib/strings.lgp\nfn shout(text: string) -> string { upcase(text) + \"!\" }\n";
    UseInvalid = 206, Error, "invalid `use`",
        doc: "A file brought in by `use` may only declare `fn`, `const` and further `use`; include cycles are refused.",
        example: "use \"lib/defaults.lgp\"\ninput app = stdin {}\ntransform t <- app {\n  .level = DEFAULT_LEVEL\n}\noutput out <- t = stdout {}\n# --- file: lib/defaults.lgp\ninput extra = stdin {}\nconst DEFAULT_LEVEL = \"info\"\n",
        fixed: "use \"lib/defaults.lgp\"\ninput app = stdin {}\ntransform t <- app {\n  .level = DEFAULT_LEVEL\n}\noutput out <- t = stdout {}\n# --- file: lib/defaults.lgp\nconst DEFAULT_LEVEL = \"info\"\n";
    UnknownLane = 207, Error, "unknown route lane",
        doc: "`route.lane` must name a lane declared in that route (or `emit`ted by that transform).",
        example: "input app = stdin {}\nroute r <- app {\n  errors = .message == \"error\"\n}\noutput alerts <- r.errors = stdout {}\noutput archive <- r.eror = blackhole {}\n",
        fixed: "input app = stdin {}\nroute r <- app {\n  errors = .message == \"error\"\n  _ = true\n}\noutput alerts <- r.errors = stdout {}\noutput archive <- r._ = blackhole {}\n";
    DuplicateItem = 208, Error, "duplicate parameter, lane, option or key",
        doc: "Parameters of a function, lanes of a route, options of a block and keys of an object literal must be unique.",
        example: "input app = stdin {}\ntransform t <- app {\n  .counts = { \"a\": 1, \"a\": 2 }\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .counts = { \"a\": 1, \"b\": 2 }\n}\noutput out <- t = stdout {}\n";
    RecursiveFunction = 209, Error, "recursive function",
        doc: "User functions are inlined at compile time, so a function may not call itself, directly or through others.",
        example: "fn depth(n: int) -> int { depth(n - 1) + 1 }\ninput app = stdin {}\ntransform t <- app {\n  .depth = depth(3)\n}\noutput out <- t = stdout {}\n",
        fixed: "fn depth(n: int) -> int { n + 1 }\ninput app = stdin {}\ntransform t <- app {\n  .depth = depth(3)\n}\noutput out <- t = stdout {}\n";
    InvalidAssignTarget = 210, Error, "invalid assignment target",
        doc: "Only event paths (`.a`), metadata (`%a`) and `let`-bound variables can be assigned; constants and function parameters cannot.",
        example: "const LEVEL = \"info\"\ninput app = stdin {}\ntransform t <- app {\n  LEVEL = downcase(.message)\n  .level = LEVEL\n}\noutput out <- t = stdout {}\n",
        fixed: "const LEVEL = \"info\"\ninput app = stdin {}\ntransform t <- app {\n  let level = downcase(.message)\n  .level = level\n  .default_level = LEVEL\n}\noutput out <- t = stdout {}\n";
    MisplacedStatement = 211, Error, "statement not allowed here",
        doc: "`drop`, `abort` and `emit` act on the event, so they cannot appear in a function or constant; `emit` names a lane of the enclosing transform.",
        example: "fn clean(text: string) -> string {\n  if text == \"\" {\n    drop\n  }\n  trim(text)\n}\ninput app = stdin {}\ntransform t <- app {\n  .message = clean(.message)\n}\noutput out <- t = stdout {}\n",
        fixed: "fn clean(text: string) -> string { trim(text) }\ninput app = stdin {}\ntransform t <- app {\n  if .message == \"\" {\n    drop\n  }\n  .message = clean(.message)\n}\noutput out <- t = stdout {}\n";
    UnknownTestTarget = 212, Error, "unknown test target",
        doc: "A test's `input` must name an input of the file and `expect` a transform, route lane or output.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = 1\n}\noutput out <- t = stdout {}\ntest \"adds x\" {\n  input t = { \"message\": \"hello\" }\n  expect t = { \"message\": \"hello\", \"x\": 1 }\n}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = 1\n}\noutput out <- t = stdout {}\ntest \"adds x\" {\n  input app = { \"message\": \"hello\" }\n  expect t = { \"message\": \"hello\", \"x\": 1 }\n}\n";
    TestValueNotData = 213, Error, "test value is not data",
        doc: "A test's events, expected events and abort reason are data the runner compares, not code it runs: literals, arrays and objects of them, and `_` (anything) in expectations; an abort reason is a string literal.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = 1\n}\noutput out <- t = stdout {}\ntest \"adds x\" {\n  input app = { \"message\": upcase(\"hello\") }\n  expect t = { \"message\": \"HELLO\", \"x\": 1 }\n}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = 1\n}\noutput out <- t = stdout {}\ntest \"adds x\" {\n  input app = { \"message\": \"HELLO\" }\n  expect t = { \"message\": \"HELLO\", \"x\": 1 }\n}\n";

    // ---- E03xx types --------------------------------------------------------
    TypeMismatch = 301, Error, "operand type mismatch",
        doc: "The operator is not defined for these operand types, whatever values they hold.",
        example: "input app = stdin {}\ntransform t <- app {\n  .next = .message + 1\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .next = .message + \"1\"\n}\noutput out <- t = stdout {}\n";
    ArgumentType = 302, Error, "argument has the wrong type",
        doc: "The argument's type has no kind in common with what the parameter accepts.",
        example: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase(length(.message))\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase(.message)\n}\noutput out <- t = stdout {}\n";
    ConditionNotBool = 303, Error, "condition is not a boolean",
        doc: "`if`, route lanes and `&&`/`||` need `bool`. Compare explicitly (`.x != null`) or convert (`bool(.x) ?? false`).",
        example: "input app = stdin {}\ntransform t <- app {\n  if .message {\n    .present = true\n  }\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  if .message != \"\" {\n    .present = true\n  }\n}\noutput out <- t = stdout {}\n";
    ReturnType = 304, Error, "function returns the wrong type",
        doc: "The value of a function's body must match its declared return type.",
        example: "fn size(text: string) -> string { length(text) }\ninput app = stdin {}\ntransform t <- app {\n  .size = size(.message)\n}\noutput out <- t = stdout {}\n",
        fixed: "fn size(text: string) -> int { length(text) }\ninput app = stdin {}\ntransform t <- app {\n  .size = size(.message)\n}\noutput out <- t = stdout {}\n";
    RootNotObject = 305, Error, "the event must be an object",
        doc: "`. = e` replaces the whole event, so `e` must be an object.",
        example: "input app = stdin {}\ntransform t <- app {\n  . = .message\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  . = { \"text\": .message }\n}\noutput out <- t = stdout {}\n";
    NotIndexable = 306, Error, "path does not apply to this type",
        doc: "A field segment needs an object, an index segment an array.",
        example: "input app = stdin {}\ntransform t <- app {\n  .text = .message.text\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .text = .message\n}\noutput out <- t = stdout {}\n";
    NotIterable = 307, Error, "value is not iterable",
        doc: "`for` iterates over arrays (`for x in`) and objects (`for k, v in`).",
        example: "input app = stdin {}\ntransform t <- app {\n  for c in .message {\n    .last = c\n  }\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  for word in split(.message, \" \") {\n    .last = word\n  }\n}\noutput out <- t = stdout {}\n";
    UnknownType = 308, Error, "unknown type name",
        doc: "Types are `null`, `bool`, `int`, `float`, `string`, `bytes`, `timestamp`, `regex`, `array`, `object` and `any`, combined with `|`.",
        example: "fn shout(text: strng) -> string { upcase(text) }\ninput app = stdin {}\ntransform t <- app {\n  .upper = shout(.message)\n}\noutput out <- t = stdout {}\n",
        fixed: "fn shout(text: string) -> string { upcase(text) }\ninput app = stdin {}\ntransform t <- app {\n  .upper = shout(.message)\n}\noutput out <- t = stdout {}\n";

    // ---- E04xx fallibility --------------------------------------------------
    UnhandledFallible = 401, Error, "unhandled error from fallible call",
        doc: "The call can fail at run time, and a failure must be handled: `f!(...)` aborts the event (it goes to the dead-letter queue), `f(...) ?? default` substitutes a value, and `let v, err = f(...)` binds both.",
        example: "input app = stdin {}\ntransform t <- app {\n  . = parse_json(.message)\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput out <- t = stdout {}\n";
    BadErrorBinding = 402, Error, "error binding on an infallible expression",
        doc: "`let v, err = e` needs a fallible call on the right-hand side; there is no error to bind otherwise.",
        example: "input app = stdin {}\ntransform t <- app {\n  let upper, err = upcase(.message)\n  .upper = upper\n  .error = err\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase(.message)\n}\noutput out <- t = stdout {}\n";

    // ---- E05xx arguments and options ----------------------------------------
    WrongArity = 501, Error, "wrong number of arguments",
        doc: "The call passes more positional arguments than the function has parameters, or fewer than it requires.",
        example: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase(.message, \"en\")\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase(.message)\n}\noutput out <- t = stdout {}\n";
    UnknownArgument = 502, Error, "unknown named argument",
        doc: "The function has no parameter of that name.",
        example: "input app = stdin {}\ntransform t <- app {\n  .parts = split(.message, \",\", limt = 2)\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .parts = split(.message, \",\", limit = 2)\n}\noutput out <- t = stdout {}\n";
    MissingArgument = 503, Error, "missing required argument",
        doc: "A required parameter was given neither positionally nor by name.",
        example: "input app = stdin {}\ntransform t <- app {\n  .parts = split(.message)\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .parts = split(.message, \",\")\n}\noutput out <- t = stdout {}\n";
    InvalidArgument = 504, Error, "invalid constant argument",
        doc: "A constant argument was checked at compile time and refused (a regex that does not compile, an unknown grok pattern, an unknown redaction filter).",
        example: "input app = stdin {}\ntransform t <- app {\n  . = parse_regex(.message, \"(?P<level>[a-z]+\") ?? {}\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  . = parse_regex(.message, \"(?P<level>[a-z]+)\") ?? {}\n}\noutput out <- t = stdout {}\n";
    UnknownOption = 505, Error, "unknown option",
        doc: "The input or output kind has no option of that name. `lgp docs components` lists every option.",
        example: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput console <- parsed = stdout {\n  codex = \"json\"\n}\n",
        fixed: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput console <- parsed = stdout {\n  codec = \"json\"\n}\n";
    OptionType = 506, Error, "option has the wrong type",
        doc: "Every option has a declared type; the value must have it.",
        example: "input app = generator {\n  format = \"json\"\n  count = \"100\"\n}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput console <- parsed = stdout {\n  codec = \"json\"\n}\n",
        fixed: "input app = generator {\n  format = \"json\"\n  count = 100\n}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput console <- parsed = stdout {\n  codec = \"json\"\n}\n";
    OptionValue = 507, Error, "option value not allowed",
        doc: "The option accepts only the listed values.",
        example: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput bus <- parsed = kafka {\n  brokers = [\"localhost:9092\"]\n  topic = \"logs\"\n  compression = \"zip\"\n}\n",
        fixed: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput bus <- parsed = kafka {\n  brokers = [\"localhost:9092\"]\n  topic = \"logs\"\n  compression = \"gzip\"\n}\n";
    MissingOption = 508, Error, "missing required option",
        doc: "The component cannot work without this option.",
        example: "input app = file {\n  read_from = \"beginning\"\n}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput console <- parsed = stdout {\n  codec = \"json\"\n}\n",
        fixed: "input app = file {\n  paths = [\"/var/log/app/*.log\"]\n  read_from = \"beginning\"\n}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput console <- parsed = stdout {\n  codec = \"json\"\n}\n";
    InvalidTemplate = 509, Error, "malformed template",
        doc: "Templates insert event fields with `{{ .path }}` and dates with strftime `%` sequences; braces must balance and paths must be valid.",
        example: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput archive <- parsed = file {\n  path = \"out/{{ .service -%Y-%m-%d.log\"\n}\n",
        fixed: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput archive <- parsed = file {\n  path = \"out/{{ .service }}-%Y-%m-%d.log\"\n}\n";
    InvalidDuration = 510, Error, "malformed duration or size",
        doc: "Durations are a number and a unit with no space: `500ms`, `5s`, `1m`, `2h`, `1d`. Sizes are `512`, `64KiB`, `10MB`, `1GiB`.",
        example: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput search <- parsed = elasticsearch {\n  endpoints = [\"http://localhost:9200\"]\n  index = \"logs-%Y.%m.%d\"\n  batch {\n    timeout = \"5 sec\"\n  }\n}\n",
        fixed: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput search <- parsed = elasticsearch {\n  endpoints = [\"http://localhost:9200\"]\n  index = \"logs-%Y.%m.%d\"\n  batch {\n    timeout = \"5s\"\n  }\n}\n";
    ArgumentTwice = 511, Error, "argument given twice",
        doc: "A parameter was given both positionally and by name, or twice by name.",
        example: "input app = stdin {}\ntransform t <- app {\n  .parts = split(.message, \",\", separator = \";\")\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .parts = split(.message, \",\")\n}\noutput out <- t = stdout {}\n";
    OptionNotConstant = 512, Error, "option value is not constant",
        doc: "Options are fixed when the pipeline starts: literals, constants, `get_env(...)` and `read_secret(...)` only.",
        example: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput archive <- parsed = file {\n  path = .log_path\n}\n",
        fixed: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput archive <- parsed = file {\n  path = \"out/{{ .log_path }}\"\n}\n";

    // ---- E06xx topology -----------------------------------------------------
    UnknownUpstream = 601, Error, "unknown upstream",
        doc: "`<-` must name an input, transform or route lane declared in the file.",
        example: "input app = stdin {}\ntransform t <- ap {\n  .x = 1\n}\noutput out <- t = stdout {}\noutput raw <- app = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = 1\n}\noutput out <- t = stdout {}\noutput raw <- app = blackhole {}\n";
    Cycle = 602, Error, "cycle in the pipeline",
        doc: "Events flow from inputs to outputs; a node may not read, directly or not, from itself.",
        example: "input app = stdin {}\ntransform a <- app, b {\n  .a = 1\n}\ntransform b <- a {\n  .b = 1\n}\noutput out <- b = stdout {}\n",
        fixed: "input app = stdin {}\ntransform a <- app {\n  .a = 1\n}\ntransform b <- a {\n  .b = 1\n}\noutput out <- b = stdout {}\n";
    InvalidUpstream = 603, Error, "this cannot be read from",
        doc: "Outputs, functions, constants and tests produce no events; a route is read one lane at a time (`route.lane`).",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = 1\n}\noutput first <- t = stdout {}\noutput second <- first = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = 1\n}\noutput first <- t = stdout {}\noutput second <- t = blackhole {}\n";

    // ---- W01xx lints --------------------------------------------------------
    Unused = 10101, Warning, "unused",
        doc: "Nothing reads this input, transform, route lane, variable, function or constant.",
        example: "input app = stdin {}\ntransform t <- app {\n  let upper = upcase(.message)\n  .x = 1\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase(.message)\n}\noutput out <- t = stdout {}\n";
    UnreachableLane = 10102, Warning, "unreachable route lane",
        doc: "Lanes are tried in order and an event takes the first that matches; a lane after a catch-all (`_` or `true`), or whose condition is always false, never receives an event.",
        example: "input app = stdin {}\nroute r <- app {\n  _ = true\n  errors = .message == \"error\"\n}\noutput o <- r._, r.errors = blackhole {}\n",
        fixed: "input app = stdin {}\nroute r <- app {\n  errors = .message == \"error\"\n  _ = true\n}\noutput o <- r._, r.errors = blackhole {}\n";
    Shadowed = 10103, Warning, "shadowed binding",
        doc: "A `let` rebinds a name already bound in an enclosing scope or earlier in the block; later uses silently see the new value.",
        example: "input app = stdin {}\ntransform t <- app {\n  let text = .message\n  if text != \"\" {\n    let text = upcase(text)\n    .upper = text\n  }\n  .text = text\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  let text = .message\n  if text != \"\" {\n    let upper = upcase(text)\n    .upper = upper\n  }\n  .text = text\n}\noutput out <- t = stdout {}\n";
    DeadWrite = 10104, Warning, "field written and never read",
        doc: "The field is assigned and then overwritten or deleted before anything reads it or an output receives it.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = 1\n  .x = 2\n}\noutput o <- t = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = 2\n}\noutput o <- t = blackhole {}\n";
    RegexNeverMatches = 10105, Warning, "regex can never match",
        doc: "The pattern matches no string at all (for example `a^b`), so the test is always false.",
        example: "input app = stdin {}\ntransform t <- app {\n  .x = .message =~ r'error$:'\n}\noutput o <- t = blackhole {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .x = .message =~ r'error:$'\n}\noutput o <- t = blackhole {}\n";
    IgnoredError = 10106, Warning, "error ignored",
        doc: "`let v, err = f(...)` binds an error that is never read, so a failure (such as invalid JSON from `parse_json`) silently yields `null`. Read `err`, or say what should happen with `??` or `!`.",
        example: "input app = stdin {}\ntransform t <- app {\n  let parsed, err = parse_json(.message)\n  .parsed = parsed\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  let parsed, err = parse_json(.message)\n  if err != null {\n    .error = err\n  }\n  .parsed = parsed\n}\noutput out <- t = stdout {}\n";
    NeedlessBang = 10107, Warning, "needless error handling",
        doc: "The call cannot fail for these argument types, so `!`, `??` or an error binding has no effect.",
        example: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase!(.message)\n}\noutput out <- t = stdout {}\n",
        fixed: "input app = stdin {}\ntransform t <- app {\n  .upper = upcase(.message)\n}\noutput out <- t = stdout {}\n";
    SecretLiteral = 10108, Warning, "secret written in the pipeline",
        doc: "Passwords, keys and tokens belong in the environment or a secret file: use `get_env(\"NAME\")` or `read_secret(\"path\")`, never a literal that ends up in version control and logs.",
        example: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput search <- parsed = elasticsearch {\n  endpoints = [\"https://localhost:9200\"]\n  index = \"logs\"\n  auth {\n    strategy = \"basic\"\n    user = \"lgp\"\n    password = \"hunter2\"\n  }\n}\n",
        fixed: "input app = stdin {}\ntransform parsed <- app {\n  . = parse_json(.message) ?? { \"raw\": .message }\n}\noutput search <- parsed = elasticsearch {\n  endpoints = [\"https://localhost:9200\"]\n  index = \"logs\"\n  auth {\n    strategy = \"basic\"\n    user = \"lgp\"\n    password = get_env(\"ES_PASSWORD\")\n  }\n}\n";
}
