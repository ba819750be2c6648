//! The building blocks of the option tables: roles, option types, defaults,
//! one option's spec and one component kind's spec.
//!
//! Tables are `const` data so the checker, the runtime and the generated
//! reference all read the same rows; builder methods are `const fn` so a row
//! reads as one line: `opt("codec", CODEC, "how events are encoded").default(str("json"))`.

use std::fmt;

/// Which side of the pipeline a component is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Input,
    Output,
}

impl Role {
    /// `input` / `output`, as the user writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Input => "input",
            Role::Output => "output",
        }
    }

    /// The other side, used to say "`s3` is an output kind" for a misplaced kind.
    pub fn other(self) -> Role {
        match self {
            Role::Input => Role::Output,
            Role::Output => Role::Input,
        }
    }
}

/// What an option's value must be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionType {
    String,
    /// An integer within `min..=max`.
    Int {
        min: i64,
        max: i64,
    },
    /// A number (an integer is accepted) within `min..=max`.
    Float {
        min: f64,
        max: f64,
    },
    Bool,
    /// A string such as `"500ms"`, `"5s"`, `"1m30s"`; see [`super::parse_duration`].
    Duration,
    /// A byte count: an integer or a string such as `"64KiB"`; see [`super::parse_size`].
    Size,
    /// A string with `{{ .field }}` references and strftime `%` items; see [`super::parse_template`].
    Template,
    /// One of the listed strings. An integer literal whose digits are listed is
    /// accepted too (Kafka `acks = 1`).
    Enum(&'static [&'static str]),
    /// A regular expression, as a string or an `r'...'` literal.
    Regex,
    /// A file system path (or glob, where the doc says so).
    Path,
    /// A socket address `host:port`; `host` may be a name, an IPv4 or a bracketed IPv6 address.
    Address,
    /// An `http://` or `https://` URL.
    Url,
    /// An array whose elements all have the inner type.
    Array(&'static OptionType),
    /// An object whose values are strings (HTTP headers).
    Map,
    /// A nested block `name { ... }` with its own options.
    Block(&'static [OptionSpec]),
}

/// Any integer.
pub const INT: OptionType = OptionType::Int { min: i64::MIN, max: i64::MAX };
/// A count where zero has a meaning (unlimited, endless, no retries).
pub const COUNT: OptionType = OptionType::Int { min: 0, max: i64::MAX };
/// A count of at least one.
pub const POSITIVE: OptionType = OptionType::Int { min: 1, max: i64::MAX };
/// A fraction between 0 and 1.
pub const RATIO: OptionType = OptionType::Float { min: 0.0, max: 1.0 };
/// An array of strings.
pub const STRINGS: OptionType = OptionType::Array(&OptionType::String);
/// An array of paths or globs.
pub const PATHS: OptionType = OptionType::Array(&OptionType::Path);
/// An array of `host:port` addresses.
pub const ADDRESSES: OptionType = OptionType::Array(&OptionType::Address);
/// An array of URLs.
pub const URLS: OptionType = OptionType::Array(&OptionType::Url);

impl OptionType {
    /// How the type reads in messages: "an integer", "an array of strings".
    pub fn describe(&self) -> String {
        match self {
            OptionType::String => "a string".into(),
            OptionType::Int { .. } => "an integer".into(),
            OptionType::Float { .. } => "a number".into(),
            OptionType::Bool => "a boolean".into(),
            OptionType::Duration => "a duration such as \"5s\"".into(),
            OptionType::Size => "a size such as \"64KiB\"".into(),
            OptionType::Template => "a template string".into(),
            OptionType::Enum(_) => "one of the listed strings".into(),
            OptionType::Regex => "a regex".into(),
            OptionType::Path => "a path string".into(),
            OptionType::Address => "a \"host:port\" string".into(),
            OptionType::Url => "a URL string".into(),
            OptionType::Array(inner) => format!("an array of {}", inner.plural()),
            OptionType::Map => "an object of strings".into(),
            OptionType::Block(_) => "a block of options".into(),
        }
    }

    /// The element noun for "an array of ...".
    fn plural(&self) -> String {
        match self {
            OptionType::Path => "paths".into(),
            OptionType::Address => "\"host:port\" strings".into(),
            OptionType::Url => "URLs".into(),
            OptionType::Int { .. } => "integers".into(),
            OptionType::Array(inner) => format!("arrays of {}", inner.plural()),
            _ => "strings".into(),
        }
    }

    /// The short name used in the reference tables.
    pub fn short_name(&self) -> String {
        match self {
            OptionType::String => "string".into(),
            OptionType::Int { .. } => "int".into(),
            OptionType::Float { .. } => "float".into(),
            OptionType::Bool => "bool".into(),
            OptionType::Duration => "duration".into(),
            OptionType::Size => "size".into(),
            OptionType::Template => "template".into(),
            OptionType::Enum(_) => "enum".into(),
            OptionType::Regex => "regex".into(),
            OptionType::Path => "path".into(),
            OptionType::Address => "address".into(),
            OptionType::Url => "url".into(),
            OptionType::Array(inner) => format!("array of {}", inner.short_name()),
            OptionType::Map => "object of strings".into(),
            OptionType::Block(_) => "block".into(),
        }
    }
}

/// A default value, written in the tables in the type the option has.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DefaultValue {
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Strings, and durations, sizes, templates and enum values written as strings.
    Str(&'static str),
    /// An array of strings (possibly empty).
    Strs(&'static [&'static str]),
}

/// Shorthand for a string default in the tables.
pub const fn str(value: &'static str) -> DefaultValue {
    DefaultValue::Str(value)
}

impl fmt::Display for DefaultValue {
    /// Writes the value as `.lgp` source, so the reference shows what a user would type.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultValue::Bool(value) => write!(f, "{value}"),
            DefaultValue::Int(value) => write!(f, "{value}"),
            DefaultValue::Float(value) => write!(f, "{value:?}"),
            DefaultValue::Str(value) => write!(f, "{value:?}"),
            DefaultValue::Strs(values) => {
                let items: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
                write!(f, "[{}]", items.join(", "))
            }
        }
    }
}

/// One row of an option table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptionSpec {
    pub name: &'static str,
    pub ty: OptionType,
    /// The value used when the option is absent; `None` means "unset" (the
    /// doc says what that does) or, for a required option, that there is none.
    pub default: Option<DefaultValue>,
    pub required: bool,
    /// Passwords, keys, tokens: a string literal here draws warning W0108.
    pub secret: bool,
    /// One line for the reference.
    pub doc: &'static str,
}

/// Starts a table row: an optional option with no default.
pub const fn opt(name: &'static str, ty: OptionType, doc: &'static str) -> OptionSpec {
    OptionSpec { name, ty, default: None, required: false, secret: false, doc }
}

/// A nested block row.
pub const fn block(
    name: &'static str,
    options: &'static [OptionSpec],
    doc: &'static str,
) -> OptionSpec {
    opt(name, OptionType::Block(options), doc)
}

impl OptionSpec {
    pub const fn required(mut self) -> OptionSpec {
        self.required = true;
        self
    }

    pub const fn secret(mut self) -> OptionSpec {
        self.secret = true;
        self
    }

    pub const fn default(mut self, value: DefaultValue) -> OptionSpec {
        self.default = Some(value);
        self
    }

    /// The nested table, when this option is a block.
    pub fn block_options(&self) -> Option<&'static [OptionSpec]> {
        match self.ty {
            OptionType::Block(options) => Some(options),
            _ => None,
        }
    }

    /// The allowed values, when this option is an enum.
    pub fn allowed(&self) -> Option<&'static [&'static str]> {
        match self.ty {
            OptionType::Enum(values) => Some(values),
            _ => None,
        }
    }
}

/// An option that becomes required when another option of the same block has
/// a given value: `mode = "tls"` needs `tls`, `action = "update"` needs `id`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Requirement {
    /// The nested block holding both options, or `None` for the top level.
    pub block: Option<&'static str>,
    pub option: &'static str,
    pub equals: &'static str,
    pub needs: &'static str,
}

/// Shorthand for a [`Requirement`] row.
pub const fn requires(
    block: Option<&'static str>,
    option: &'static str,
    equals: &'static str,
    needs: &'static str,
) -> Requirement {
    Requirement { block, option, equals, needs }
}

/// One input or output kind: its name, what it does and its own options
/// (the options every input or every output has live in `common.rs`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindSpec {
    pub name: &'static str,
    pub role: Role,
    pub doc: &'static str,
    pub options: &'static [OptionSpec],
    pub requirements: &'static [Requirement],
}

/// Looks an option up by name in a table.
pub fn find(options: &'static [OptionSpec], name: &str) -> Option<&'static OptionSpec> {
    options.iter().find(|spec| spec.name == name)
}
