//! Every built-in function, one file each, registered once in `functions!`.
//!
//! Keep the list alphabetical. The macro declares the modules and builds
//! [`all`], which every consumer (checker, engines, docs, tests) reads.

use crate::function::Function;

macro_rules! functions {
    ($( $module:ident :: $ty:ident ),* $(,)?) => {
        $( pub mod $module; )*

        /// Every built-in function, in alphabetical order.
        pub fn all() -> &'static [&'static dyn Function] {
            &[ $( &$module::$ty, )* ]
        }
    };
}

functions! {
    abs::Abs,
    append::Append,
    bool::Bool,
    ceil::Ceil,
    compact::Compact,
    contains::Contains,
    decode_base64::DecodeBase64,
    downcase::Downcase,
    encode_base64::EncodeBase64,
    encode_json::EncodeJson,
    ends_with::EndsWith,
    find::Find,
    flatten::Flatten,
    float::Float,
    floor::Floor,
    format::Format,
    format_key_value::FormatKeyValue,
    format_timestamp::FormatTimestamp,
    from_unix::FromUnix,
    get::Get,
    get_env::GetEnv,
    hmac::Hmac,
    hostname::Hostname,
    includes::Includes,
    int::Int,
    ip_cidr_contains::IpCidrContains,
    is_array::IsArray,
    is_bool::IsBool,
    is_empty::IsEmpty,
    is_float::IsFloat,
    is_int::IsInt,
    is_null::IsNull,
    is_nullish::IsNullish,
    is_object::IsObject,
    is_string::IsString,
    is_timestamp::IsTimestamp,
    join::Join,
    keys::Keys,
    length::Length,
    log::Log,
    r#match::Match,
    md5::Md5,
    merge::Merge,
    now::Now,
    parse_apache_log::ParseApacheLog,
    parse_csv::ParseCsv,
    parse_duration::ParseDuration,
    parse_grok::ParseGrok,
    parse_groks::ParseGroks,
    parse_int::ParseInt,
    parse_json::ParseJson,
    parse_key_value::ParseKeyValue,
    parse_logfmt::ParseLogfmt,
    parse_nginx_log::ParseNginxLog,
    parse_query_string::ParseQueryString,
    parse_regex::ParseRegex,
    parse_regex_all::ParseRegexAll,
    parse_syslog::ParseSyslog,
    parse_timestamp::ParseTimestamp,
    parse_url::ParseUrl,
    push::Push,
    redact::Redact,
    replace::Replace,
    round::Round,
    set::Set,
    sha1::Sha1,
    sha256::Sha256,
    sha512::Sha512,
    slice::Slice,
    split::Split,
    starts_with::StartsWith,
    string::String,
    strip_ansi_escape_codes::StripAnsiEscapeCodes,
    strip_whitespace::StripWhitespace,
    to_unix::ToUnix,
    trim::Trim,
    trim_end::TrimEnd,
    trim_start::TrimStart,
    truncate::Truncate,
    type_of::TypeOf,
    unique::Unique,
    upcase::Upcase,
    uuid_v4::UuidV4,
    values::Values,
}
