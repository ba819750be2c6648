//! Apache and nginx log lines (access and error formats) to objects.
//!
//! Field names follow VRL's `parse_apache_log` and `parse_nginx_log`;
//! access lines also get `method`, `path` and `protocol` split out of the
//! request. Fields written as `-` are left out. Strings are slices of the
//! input; quoted fields keep their backslash escapes as written.

use lgp_lang::types::Kinds;

use super::timestamp::{self, Format};
use crate::value::{Object, Str, Value};

/// Which server and which of its formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    ApacheCommon,
    ApacheCombined,
    ApacheError,
    NginxCombined,
    NginxError,
}

const S: Kinds = Kinds::STRING;
const I: Kinds = Kinds::INT;
const T: Kinds = Kinds::TIMESTAMP;

const APACHE_ACCESS: &[(&str, Kinds)] = &[
    ("host", S),
    ("identity", S),
    ("user", S),
    ("timestamp", T),
    ("message", S),
    ("method", S),
    ("path", S),
    ("protocol", S),
    ("status", I),
    ("size", I),
    ("referrer", S),
    ("agent", S),
];
const APACHE_ERROR: &[(&str, Kinds)] = &[
    ("timestamp", T),
    ("module", S),
    ("severity", S),
    ("pid", I),
    ("thread", S),
    ("client", S),
    ("port", I),
    ("message", S),
];
const NGINX_ACCESS: &[(&str, Kinds)] = &[
    ("client", S),
    ("user", S),
    ("timestamp", T),
    ("request", S),
    ("method", S),
    ("path", S),
    ("protocol", S),
    ("status", I),
    ("size", I),
    ("referer", S),
    ("agent", S),
    ("compression", S),
];
const NGINX_ERROR: &[(&str, Kinds)] = &[
    ("timestamp", T),
    ("severity", S),
    ("pid", I),
    ("tid", I),
    ("cid", I),
    ("message", S),
    ("client", S),
    ("server", S),
    ("request", S),
    ("upstream", S),
    ("host", S),
    ("referrer", S),
];

impl LogFormat {
    /// The Apache format named `name`.
    ///
    /// # Errors
    /// When `name` is not `common`, `combined` or `error`.
    pub fn apache(name: &str) -> Result<LogFormat, String> {
        match name {
            "common" => Ok(LogFormat::ApacheCommon),
            "combined" => Ok(LogFormat::ApacheCombined),
            "error" => Ok(LogFormat::ApacheError),
            other => Err(format!(
                "unknown Apache log format {other:?}: expected \"common\", \"combined\" or \"error\""
            )),
        }
    }

    /// The nginx format named `name`.
    ///
    /// # Errors
    /// When `name` is not `combined` or `error`.
    pub fn nginx(name: &str) -> Result<LogFormat, String> {
        match name {
            "combined" => Ok(LogFormat::NginxCombined),
            "error" => Ok(LogFormat::NginxError),
            other => Err(format!(
                "unknown nginx log format {other:?}: expected \"combined\" or \"error\""
            )),
        }
    }

    /// Every field a line of this format can yield, with its kind.
    pub fn fields(self) -> &'static [(&'static str, Kinds)] {
        match self {
            LogFormat::ApacheCommon => &APACHE_ACCESS[..10],
            LogFormat::ApacheCombined => APACHE_ACCESS,
            LogFormat::ApacheError => APACHE_ERROR,
            LogFormat::NginxCombined => NGINX_ACCESS,
            LogFormat::NginxError => NGINX_ERROR,
        }
    }

    /// The timestamp format used when the caller gives none.
    pub fn default_timestamp_format(self) -> &'static str {
        match self {
            LogFormat::NginxError => "%Y/%m/%d %H:%M:%S",
            _ => "%d/%b/%Y:%T %z",
        }
    }
}

/// Apache's own error-log timestamp (`Wed Oct 11 14:32:52.123456 2000`),
/// tried when the default format does not fit and the caller gave none.
const APACHE_ERROR_NATIVE: &str = "%a %b %d %H:%M:%S%.f %Y";

/// How to read timestamps: the format, and whether it was the default (so
/// that Apache error lines may fall back to Apache's native format).
pub struct Timestamps<'a> {
    pub format: &'a Format,
    pub is_default: bool,
}

/// Parses one line of `format`.
///
/// # Errors
/// A one-line message naming the field that does not fit the format.
pub fn parse(
    input: &Str,
    format: LogFormat,
    timestamps: &Timestamps<'_>,
) -> Result<Object, String> {
    let mut line = Line { input, pos: 0, out: Object::new(), timestamps };
    match format {
        LogFormat::ApacheError => line.apache_error()?,
        LogFormat::NginxError => line.nginx_error()?,
        access => line.access(access)?,
    }
    Ok(line.out)
}

struct Line<'a> {
    input: &'a Str,
    pos: usize,
    out: Object,
    timestamps: &'a Timestamps<'a>,
}

impl<'a> Line<'a> {
    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or("")
    }

    fn advance_to(&mut self, tail: &str) {
        self.pos = self.input.len() - tail.len();
    }

    /// Stores `text` under `key`, unless it is `-`.
    fn text(&mut self, key: &'static str, text: &str) {
        self.keyed_text(Str::from_static(key), text);
    }

    fn keyed_text(&mut self, key: Str, text: &str) {
        if text != "-" {
            self.out.insert(key, Value::String(self.input.slice_ref(text)));
        }
    }

    fn int(&mut self, key: &'static str, text: &str) -> Result<(), String> {
        if text == "-" {
            return Ok(());
        }
        let number = text
            .parse::<i64>()
            .map_err(|_| format!("invalid {key} `{}`: not an integer", shorten(text)))?;
        self.out.insert(Str::from_static(key), Value::Int(number));
        Ok(())
    }

    fn timestamp(&mut self, text: &str, fallback: Option<&str>) -> Result<(), String> {
        let parsed = match (self.timestamps.format.parse(text, timestamp::utc()), fallback) {
            (Err(_), Some(native)) if self.timestamps.is_default => {
                Format::compile(native).and_then(|f| f.parse(text, timestamp::utc()))
            }
            (result, _) => result,
        };
        self.out.insert(Str::from_static("timestamp"), Value::Timestamp(parsed?));
        Ok(())
    }

    fn skip_spaces(&mut self) {
        let rest = self.rest();
        self.advance_to(rest.trim_start_matches(' '));
    }

    /// The next space-delimited word (spaces after it skipped).
    fn word(&mut self, what: &str) -> Result<&'a str, String> {
        let rest = self.rest();
        let end = rest.find(' ').unwrap_or(rest.len());
        if end == 0 {
            return Err(format!("missing {what}"));
        }
        let (word, tail) = rest.split_at(end);
        self.advance_to(tail);
        self.skip_spaces();
        Ok(word)
    }

    /// `[text]`, spaces after it skipped.
    fn bracketed(&mut self, what: &str) -> Result<&'a str, String> {
        let missing = || format!("missing [{what}]");
        let body = self.rest().strip_prefix('[').ok_or_else(missing)?;
        let (inside, tail) = body.split_once(']').ok_or_else(missing)?;
        self.advance_to(tail);
        self.skip_spaces();
        Ok(inside)
    }

    /// `"text"` (backslash escapes skipped over, kept as written).
    fn quoted(&mut self, what: &str) -> Result<&'a str, String> {
        let missing = || format!("missing quoted {what}");
        let body = self.rest().strip_prefix('"').ok_or_else(missing)?;
        let mut chars = body.char_indices();
        while let Some((offset, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    let (inside, tail) = body.split_at(offset);
                    self.advance_to(&tail[1..]);
                    self.skip_spaces();
                    return Ok(inside);
                }
                _ => {}
            }
        }
        Err(missing())
    }

    fn end(&self, after: &str) -> Result<(), String> {
        match self.rest().trim_end() {
            "" => Ok(()),
            extra => Err(format!("unexpected text after {after}: `{}`", shorten(extra))),
        }
    }

    /// Common and combined access lines, Apache's or nginx's.
    fn access(&mut self, format: LogFormat) -> Result<(), String> {
        let nginx = format == LogFormat::NginxCombined;
        let host = self.word("client address")?;
        self.text(if nginx { "client" } else { "host" }, host);
        let identity = self.word("identity")?;
        if !nginx {
            self.text("identity", identity);
        }
        let user = self.word("user")?;
        self.text("user", user);
        let time = self.bracketed("timestamp")?;
        self.timestamp(time, None)?;
        let request = self.quoted("request")?;
        self.request(if nginx { "request" } else { "message" }, request);
        let status = self.word("status")?;
        self.int("status", status)?;
        let size = self.word("size")?;
        self.int("size", size)?;
        if format == LogFormat::ApacheCommon {
            return self.end("the size");
        }
        let referrer = self.quoted("referrer")?;
        self.text(if nginx { "referer" } else { "referrer" }, referrer);
        let agent = self.quoted("user agent")?;
        self.text("agent", agent);
        if nginx && self.rest().starts_with('"') {
            let compression = self.quoted("compression ratio")?;
            self.text("compression", compression);
        }
        self.end("the user agent")
    }

    /// The request line under `key`, and its method, path and protocol.
    fn request(&mut self, key: &'static str, request: &str) {
        self.text(key, request);
        let mut parts = request.split(' ');
        let parts = [parts.next(), parts.next(), parts.next(), parts.next()];
        if let [Some(method), Some(path), protocol, None] = parts
            && !method.is_empty()
            && !path.is_empty()
        {
            self.text("method", method);
            self.text("path", path);
            if let Some(protocol) = protocol.filter(|p| !p.is_empty()) {
                self.text("protocol", protocol);
            }
        }
    }

    /// `[time] [module:severity] [pid N:tid M] [client ip:port] message`;
    /// the pid and client parts are optional, the module too.
    fn apache_error(&mut self) -> Result<(), String> {
        let time = self.bracketed("timestamp")?;
        self.timestamp(time, Some(APACHE_ERROR_NATIVE))?;
        let level = self.bracketed("module:severity")?;
        match level.split_once(':') {
            Some((module, severity)) => {
                self.text("module", module);
                self.text("severity", severity);
            }
            None => self.text("severity", level),
        }
        if self.rest().starts_with("[pid ") {
            let process = self.bracketed("pid")?.trim_start_matches("pid ");
            let (pid, thread) =
                process.split_once(":tid ").map_or((process, None), |(p, t)| (p, Some(t)));
            self.int("pid", pid)?;
            if let Some(thread) = thread {
                self.text("thread", thread);
            }
        }
        if self.rest().starts_with("[client ") {
            let client = self.bracketed("client")?.trim_start_matches("client ");
            match client
                .rsplit_once(':')
                .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            {
                Some((address, port)) => {
                    self.text("client", address);
                    self.int("port", port)?;
                }
                None => self.text("client", client),
            }
        }
        let message = self.rest().trim_end();
        self.text("message", message);
        Ok(())
    }

    /// `YYYY/MM/DD HH:MM:SS [severity] pid#tid: *cid message, key: value, ...`.
    fn nginx_error(&mut self) -> Result<(), String> {
        let date = self.word("date")?;
        let time = self.word("time")?;
        // Both words, and what separates them, as one slice of the input.
        let offset = |part: &str| part.as_ptr() as usize - self.input.as_ptr() as usize;
        let stamp = self.input.get(offset(date)..offset(time) + time.len()).unwrap_or(date);
        self.timestamp(stamp, None)?;
        let severity = self.bracketed("severity")?;
        self.text("severity", severity);
        let process = self.word("pid#tid")?;
        let (pid, tid) = process.trim_end_matches(':').split_once('#').ok_or("missing pid#tid")?;
        self.int("pid", pid)?;
        self.int("tid", tid)?;
        if let Some(connection) = self.rest().strip_prefix('*') {
            let end = connection.find(' ').unwrap_or(connection.len());
            self.int("cid", &connection[..end])?;
            self.advance_to(&connection[end..]);
            self.skip_spaces();
        }
        self.nginx_error_tail();
        Ok(())
    }

    /// The message, then `, key: value` pairs (values maybe quoted).
    fn nginx_error_tail(&mut self) {
        let rest = self.rest().trim_end();
        let first_pair = NGINX_ERROR[6..]
            .iter()
            .filter_map(|(key, _)| rest.find(&format!(", {key}: ")))
            .min()
            .unwrap_or(rest.len());
        let (message, mut pairs) = rest.split_at(first_pair);
        self.text("message", message);
        while let Some(pair) = pairs.strip_prefix(", ") {
            let Some((key, value_and_rest)) = pair.split_once(": ") else { break };
            let (value, tail) = match value_and_rest.strip_prefix('"') {
                Some(quoted) => {
                    match quoted.find("\", ").or_else(|| quoted.strip_suffix('"').map(str::len)) {
                        Some(end) => (&quoted[..end], &quoted[end + 1..]),
                        None => (value_and_rest, ""),
                    }
                }
                None => value_and_rest
                    .split_at(value_and_rest.find(", ").unwrap_or(value_and_rest.len())),
            };
            // The key is a slice of the line, so it shares the line's storage.
            let key = self.input.slice_ref(key);
            self.keyed_text(key, value);
            pairs = tail;
        }
    }
}

/// At most 40 characters of `text`, for messages.
fn shorten(text: &str) -> &str {
    text.char_indices().nth(40).map_or(text, |(end, _)| &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(text: &str, format: LogFormat) -> String {
        let Ok(compiled) = Format::compile(format.default_timestamp_format()) else {
            panic!("format compiles")
        };
        let timestamps = Timestamps { format: &compiled, is_default: true };
        match parse(&Str::from(text), format, &timestamps) {
            Ok(object) => Value::Object(object).to_string(),
            Err(error) => format!("error: {error}"),
        }
    }

    #[test]
    fn apache_access() {
        let line =
            r#"127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 -"#;
        assert_eq!(
            parse_line(line, LogFormat::ApacheCommon),
            r#"{"host":"127.0.0.1","message":"GET /apache_pb.gif HTTP/1.0","method":"GET","path":"/apache_pb.gif","protocol":"HTTP/1.0","status":200,"timestamp":"2000-10-10T20:55:36Z","user":"frank"}"#
        );
        let garbage = r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "\x16\x03\x01" 400 0 "-" "-""#;
        assert_eq!(
            parse_line(garbage, LogFormat::ApacheCombined),
            r#"{"host":"1.2.3.4","message":"\\x16\\x03\\x01","size":0,"status":400,"timestamp":"2000-10-10T20:55:36Z"}"#
        );
        assert_eq!(
            parse_line(&format!("{line} extra"), LogFormat::ApacheCommon),
            "error: unexpected text after the size: `extra`"
        );
        assert_eq!(
            parse_line("127.0.0.1 - frank [10/Oct/2000", LogFormat::ApacheCommon),
            "error: missing [timestamp]"
        );
        assert_eq!(parse_line("", LogFormat::ApacheCommon), "error: missing client address");
    }

    #[test]
    fn apache_error_variants() {
        assert_eq!(
            parse_line(
                "[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:55604] AH00037: Symbolic link not allowed",
                LogFormat::ApacheError
            ),
            r#"{"client":"72.15.99.187","message":"AH00037: Symbolic link not allowed","module":"core","pid":35708,"port":55604,"severity":"error","thread":"4328636416","timestamp":"2000-10-11T14:32:52.123456Z"}"#
        );
        assert_eq!(
            parse_line(
                "[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied",
                LogFormat::ApacheError
            ),
            r#"{"client":"127.0.0.1","message":"client denied","severity":"error","timestamp":"2000-10-11T14:32:52Z"}"#
        );
    }

    #[test]
    fn nginx_lines() {
        let access = r#"172.17.0.1 - alice [01/Apr/2021:12:02:31 +0000] "POST /not-found HTTP/1.1" 404 153 "http://localhost/somewhere" "Mozilla/5.0" "2.75""#;
        assert_eq!(
            parse_line(access, LogFormat::NginxCombined),
            r#"{"agent":"Mozilla/5.0","client":"172.17.0.1","compression":"2.75","method":"POST","path":"/not-found","protocol":"HTTP/1.1","referer":"http://localhost/somewhere","request":"POST /not-found HTTP/1.1","size":153,"status":404,"timestamp":"2021-04-01T12:02:31Z","user":"alice"}"#
        );
        let error = r#"2021/04/01 13:02:31 [error] 31#31: *1 open() "/x" failed (2: No such file), client: 172.17.0.1, server: localhost, request: "POST /not-found HTTP/1.1", host: "localhost:8081""#;
        assert_eq!(
            parse_line(error, LogFormat::NginxError),
            r#"{"cid":1,"client":"172.17.0.1","host":"localhost:8081","message":"open() \"/x\" failed (2: No such file)","pid":31,"request":"POST /not-found HTTP/1.1","server":"localhost","severity":"error","tid":31,"timestamp":"2021-04-01T13:02:31Z"}"#
        );
        assert_eq!(
            parse_line(
                "2021/04/01 13:02:31 [notice] 1#1: signal process started",
                LogFormat::NginxError
            ),
            r#"{"message":"signal process started","pid":1,"severity":"notice","tid":1,"timestamp":"2021-04-01T13:02:31Z"}"#
        );
        assert!(parse_line("2021/04/01", LogFormat::NginxError).starts_with("error: missing time"));
    }
}

/// The glue `parse_apache_log` and `parse_nginx_log` share: arguments are
/// `value`, `format` and an optional `timestamp_format`.
pub(crate) mod function {
    use std::collections::BTreeMap;

    use lgp_lang::sig::Args as SigArgs;
    use lgp_lang::types::{Kinds, Type};

    use super::{LogFormat, Timestamps};
    use crate::function::{Args, FnError, Prepared};
    use crate::parse::timestamp::Format;
    use crate::util::arg_const_str;
    use crate::value::Value;

    /// Reads a format name for one server.
    pub(crate) type ByName = fn(&str) -> Result<LogFormat, String>;

    /// What `prepare` builds: formats compiled once.
    struct State {
        format: Option<LogFormat>,
        default_timestamps: Option<Format>,
        given_timestamps: Option<(String, Format)>,
    }

    pub(crate) fn return_type(args: &SigArgs<'_>, by_name: ByName) -> Type {
        let Some(format) = arg_const_str(args, 1).and_then(|name| by_name(name).ok()) else {
            return Type::object();
        };
        let fields: BTreeMap<String, Type> = format
            .fields()
            .iter()
            .map(|(name, kinds)| (name.to_string(), Type::of(kinds.union(Kinds::NULL))))
            .collect();
        Type::object_with(fields, (format == LogFormat::NginxError).then(Type::string))
    }

    pub(crate) fn check_args(args: &SigArgs<'_>, by_name: ByName) -> Result<(), (usize, String)> {
        if let Some(name) = arg_const_str(args, 1) {
            by_name(name).map_err(|e| (1, e))?;
        }
        if let Some(source) = arg_const_str(args, 2) {
            Format::compile(source).map_err(|e| (2, e))?;
        }
        Ok(())
    }

    pub(crate) fn prepare(consts: &[Option<Value>], by_name: ByName) -> Result<Prepared, FnError> {
        let format = crate::util::const_str(consts, 1).map(by_name).transpose().map_err(FnError)?;
        let default_timestamps = format
            .map(|f| Format::compile(f.default_timestamp_format()))
            .transpose()
            .map_err(FnError)?;
        let given_timestamps = match crate::util::const_str(consts, 2) {
            Some(source) => Some((source.to_string(), Format::compile(source).map_err(FnError)?)),
            None => None,
        };
        Ok(Some(Box::new(State { format, default_timestamps, given_timestamps })))
    }

    pub(crate) fn call(
        prepared: &Prepared,
        args: &Args,
        by_name: ByName,
    ) -> Result<Value, FnError> {
        let state = crate::util::prepared::<State>(prepared);
        let format = match state.and_then(|s| s.format) {
            Some(format) => format,
            None => by_name(args.str(1)?).map_err(FnError)?,
        };
        let compiled;
        let (timestamp_format, is_default) = match args.opt_str(2)? {
            Some(source) => match state
                .and_then(|s| s.given_timestamps.as_ref())
                .filter(|(s, _)| s == source.as_str())
            {
                Some((_, format)) => (format, false),
                None => {
                    compiled = Format::compile(source).map_err(FnError)?;
                    (&compiled, false)
                }
            },
            None => match state.and_then(|s| s.default_timestamps.as_ref()) {
                Some(format) => (format, true),
                None => {
                    compiled =
                        Format::compile(format.default_timestamp_format()).map_err(FnError)?;
                    (&compiled, true)
                }
            },
        };
        let timestamps = Timestamps { format: timestamp_format, is_default };
        super::parse(args.str(0)?, format, &timestamps).map(Value::Object).map_err(FnError)
    }
}
