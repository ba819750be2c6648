//! Syslog lines (RFC 5424 and RFC 3164 with common variations) to an object.
//!
//! Both formats start with an optional `<PRI>` (facility * 8 + severity),
//! decoded to names. RFC 5424 follows with a version number, an RFC 3339
//! timestamp, hostname, app name, process id, message id (`-` meaning
//! absent), structured data `[id name="value" ...]` and the message, whose
//! UTF-8 BOM is dropped. RFC 3164 follows with `Mmm dd hh:mm:ss` (a year
//! may follow the day, and an RFC 3339 timestamp is accepted instead), an
//! optional hostname and an optional tag `app[pid]:`. An RFC 6587 octet
//! count before the line is skipped. Strings are slices of the input.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::value::{Object, Str, Value};

/// Facility names by number, as RFC 5424 lists them.
pub const FACILITIES: [&str; 24] = [
    "kern",
    "user",
    "mail",
    "daemon",
    "auth",
    "syslog",
    "lpr",
    "news",
    "uucp",
    "cron",
    "authpriv",
    "ftp",
    "ntp",
    "security",
    "console",
    "solaris-cron",
    "local0",
    "local1",
    "local2",
    "local3",
    "local4",
    "local5",
    "local6",
    "local7",
];

/// Severity names by number.
pub const SEVERITIES: [&str; 8] =
    ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

/// The fields every parsed message may have, besides structured-data elements.
pub const FIELDS: [&str; 9] = [
    "appname",
    "facility",
    "hostname",
    "message",
    "msgid",
    "procid",
    "severity",
    "timestamp",
    "version",
];

/// Parses one syslog line. `now` supplies the year of RFC 3164 timestamps
/// that have none: the current year, or the previous one when that would
/// put the message more than a day in the future (a December line read
/// in January).
///
/// # Errors
/// A one-line message saying which part of the line is malformed.
pub fn parse(input: &Str, now: DateTime<Utc>) -> Result<Object, String> {
    let mut line = Line { input, pos: 0, out: Vec::with_capacity(12) };
    line.skip_octet_count();
    let has_priority = line.priority()?;
    if let Some(version) = line.version() {
        line.rfc5424(version)?;
    } else {
        line.rfc3164(has_priority, now)?;
    }
    // Sorted once: the fields come in line order (a repeated one keeps its
    // last value, as inserting one by one would).
    Ok(Object::from(line.out))
}

/// A structured-data element: its id and its parameters in line order.
type Element = (Str, Vec<(Str, Value)>);

struct Line<'a> {
    input: &'a Str,
    pos: usize,
    out: Vec<(Str, Value)>,
}

impl<'a> Line<'a> {
    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or("")
    }

    fn set(&mut self, key: &'static str, value: Value) {
        self.out.push((Str::from_static(key), value));
    }

    fn set_text(&mut self, key: &'static str, text: &str) {
        let value = Value::String(self.input.slice_ref(text));
        self.set(key, value);
    }

    /// The next space-delimited word, consuming it and one following space.
    fn word(&mut self) -> &'a str {
        let rest = self.rest();
        let end = rest.find(' ').unwrap_or(rest.len());
        self.pos += (end + 1).min(rest.len());
        &rest[..end]
    }

    fn skip_octet_count(&mut self) {
        let rest = self.rest();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && rest.get(digits..).is_some_and(|tail| tail.starts_with(" <")) {
            self.pos += digits + 1;
        }
    }

    /// `<PRI>`: sets facility and severity; false when the line has none.
    fn priority(&mut self) -> Result<bool, String> {
        let Some(body) = self.rest().strip_prefix('<') else { return Ok(false) };
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        let number = body
            .get(..digits)
            .filter(|d| (1..=3).contains(&d.len()))
            .and_then(|d| d.parse::<usize>().ok());
        let (Some(number), Some('>')) = (number, body.get(digits..).and_then(|t| t.chars().next()))
        else {
            return Err("invalid priority: expected `<` 1 to 3 digits `>`".to_string());
        };
        let facility = FACILITIES
            .get(number / 8)
            .copied()
            .ok_or_else(|| format!("invalid priority {number}: above 191"))?;
        self.set("facility", Value::String(Str::from_static(facility)));
        let severity = SEVERITIES.get(number % 8).copied().unwrap_or("debug");
        self.set("severity", Value::String(Str::from_static(severity)));
        self.pos += digits + 2;
        Ok(true)
    }

    /// The RFC 5424 version, consumed when present. Only version 1 exists;
    /// taking any other number for one would misread RFC 3164 lines that
    /// start with a number.
    fn version(&mut self) -> Option<i64> {
        let found = self.rest().starts_with("1 ");
        self.pos += if found { 2 } else { 0 };
        found.then_some(1)
    }

    fn rfc5424(&mut self, version: i64) -> Result<(), String> {
        self.set("version", Value::Int(version));
        let timestamp = self.word();
        if timestamp != "-" {
            let parsed = DateTime::parse_from_rfc3339(timestamp)
                .map_err(|_| format!("invalid RFC 5424 timestamp `{}`", shorten(timestamp)))?;
            self.set("timestamp", Value::Timestamp(parsed.with_timezone(&Utc)));
        }
        for field in ["hostname", "appname", "procid", "msgid"] {
            let text = self.word();
            match text {
                "" => return Err(format!("truncated RFC 5424 header: no {field}")),
                "-" => {}
                _ if field == "procid" => self.set_procid(text),
                _ => self.set_text(field, text),
            }
        }
        self.structured_data()?;
        self.message();
        Ok(())
    }

    fn set_procid(&mut self, text: &str) {
        match text.parse::<i64>() {
            Ok(pid) => self.set("procid", Value::Int(pid)),
            Err(_) => self.set_text("procid", text),
        }
    }

    /// `-` or one or more `[id name="value" ...]` elements, each becoming
    /// an object field named by its id.
    fn structured_data(&mut self) -> Result<(), String> {
        if self.rest().starts_with('-') {
            self.word();
            return Ok(());
        }
        if !self.rest().starts_with('[') {
            return Err("invalid RFC 5424 structured data: expected `-` or `[`".to_string());
        }
        let mut elements = Vec::new();
        while self.rest().starts_with('[') {
            self.pos += 1;
            elements.extend(self.element()?);
        }
        if self.rest().starts_with(' ') {
            self.pos += 1;
        }
        self.out.extend(merge_elements(elements));
        Ok(())
    }

    /// One element after its `[`: the id, then parameters, then `]`. An
    /// element named like a header field would hide it, so it is parsed
    /// and dropped (`None`).
    fn element(&mut self) -> Result<Option<Element>, String> {
        let rest = self.rest();
        let id_len = rest.find([' ', ']', '=', '"']).unwrap_or(rest.len());
        let id = &rest[..id_len];
        if id.is_empty() {
            return Err("invalid RFC 5424 structured data: empty element id".to_string());
        }
        self.pos += id_len;
        let mut params = Vec::new();
        loop {
            self.pos += self.rest().len() - self.rest().trim_start_matches(' ').len();
            if let Some(after) = self.rest().strip_prefix(']') {
                self.pos = self.input.len() - after.len();
                break;
            }
            params.push(self.param()?);
        }
        Ok((!FIELDS.contains(&id)).then(|| (self.input.slice_ref(id), params)))
    }

    /// `name="value"`, with `\"`, `\\` and `\]` escapes in the value.
    fn param(&mut self) -> Result<(Str, Value), String> {
        let truncated = || "invalid RFC 5424 structured data: unterminated element".to_string();
        let rest = self.rest();
        let name_len = rest.find(['=', ' ', ']']).ok_or_else(truncated)?;
        let name = self.input.slice_ref(rest[..name_len].trim());
        let after_name = rest[name_len..].trim_start_matches(' ');
        let Some(quoted) = after_name.strip_prefix('=').map(|t| t.trim_start_matches(' ')) else {
            return Err(format!(
                "invalid RFC 5424 structured data: parameter `{}` has no value",
                shorten(&name)
            ));
        };
        let body = quoted
            .strip_prefix('"')
            .ok_or_else(|| "invalid RFC 5424 structured data: unquoted value".to_string())?;
        let (value, used) = unescape_param(self.input, body).ok_or_else(truncated)?;
        self.pos = self.input.len() - body.len() + used;
        Ok((name, value))
    }

    /// The rest of the line, BOM and line ending removed.
    fn message(&mut self) {
        let rest = self.rest();
        let text = rest.strip_prefix('\u{feff}').unwrap_or(rest).trim_end_matches(['\r', '\n']);
        self.set_text("message", text);
    }

    fn rfc3164(&mut self, has_priority: bool, now: DateTime<Utc>) -> Result<(), String> {
        match self.bsd_timestamp(now) {
            Some(timestamp) => {
                self.set("timestamp", Value::Timestamp(timestamp?));
                self.host_and_tag();
            }
            // Without a timestamp there is no header to speak of: only a
            // leading tag is taken, never a hostname.
            None if has_priority => {
                let first = self.rest().split(' ').next().unwrap_or("");
                self.tag(first);
            }
            None => return Err("not a syslog message: no priority and no timestamp".to_string()),
        }
        self.message();
        Ok(())
    }

    /// `Mmm dd [yyyy] hh:mm:ss[.frac]` or an RFC 3339 word; `None` when
    /// the line does not start with either.
    fn bsd_timestamp(&mut self, now: DateTime<Utc>) -> Option<Result<DateTime<Utc>, String>> {
        let rest = self.rest();
        let first = rest.split(' ').next().unwrap_or("");
        if first.len() >= 19 && first.as_bytes().get(4) == Some(&b'-') {
            let parsed = DateTime::parse_from_rfc3339(first).ok()?;
            self.word();
            return Some(Ok(parsed.with_timezone(&Utc)));
        }
        let month = month_number(rest.get(..3)?)?;
        let mut words = rest.get(3..)?.trim_start_matches(' ').splitn(3, ' ');
        let day: u32 = words.next()?.parse().ok()?;
        let mut next = words.next()?;
        let mut explicit_year = None;
        if next.len() == 4 && next.bytes().all(|b| b.is_ascii_digit()) {
            explicit_year = next.parse::<i32>().ok();
            let tail = words.next()?;
            next = tail.split(' ').next()?;
        }
        let time = clock_time(next)?;
        self.pos = self.input.len() - rest.len()
            + (next.as_ptr() as usize - rest.as_ptr() as usize)
            + next.len();
        self.pos += usize::from(self.rest().starts_with(' '));
        Some(resolve_date(explicit_year, month, day, time, now))
    }

    /// `[hostname] [tag[pid]:]` before the message of an RFC 3164 line.
    fn host_and_tag(&mut self) {
        let first = self.rest().split(' ').next().unwrap_or("");
        if first.is_empty() {
            return;
        }
        if !self.tag(first) {
            let hostname = self.word();
            self.set_text("hostname", hostname);
            let second = self.rest().split(' ').next().unwrap_or("");
            self.tag(second);
        }
    }

    /// Reads `word` as a tag (`app:`, `app[pid]:`, `app[pid]`) when it is one.
    fn tag(&mut self, word: &'a str) -> bool {
        let bare = word.strip_suffix(':').unwrap_or(word);
        let (app, pid) = match bare.split_once('[') {
            Some((app, tail)) => match tail.strip_suffix(']') {
                Some(pid) => (app, Some(pid)),
                None => return false,
            },
            None if bare.len() < word.len() => (bare, None),
            None => return false,
        };
        if app.is_empty() || !app.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
            return false;
        }
        self.word();
        self.set_text("appname", app);
        if let Some(pid) = pid.filter(|pid| !pid.is_empty()) {
            self.set_procid(pid);
        }
        true
    }
}

/// Structured-data elements in line order to `id: {params}` fields: a
/// repeated id merges its parameters into one object, a repeated name
/// keeping its last value. Elements are sorted once (stably, keeping line
/// order within an id), so a line of many elements costs O(n log n).
fn merge_elements(mut elements: Vec<Element>) -> Vec<(Str, Value)> {
    elements.sort_by(|(a, _), (b, _)| a.as_str().cmp(b.as_str()));
    let mut merged: Vec<Element> = Vec::with_capacity(elements.len());
    for (id, params) in elements {
        match merged.last_mut() {
            Some((last, all)) if last.as_str() == id.as_str() => all.extend(params),
            _ => merged.push((id, params)),
        }
    }
    merged.into_iter().map(|(id, params)| (id, Value::Object(Object::from(params)))).collect()
}

/// `hh:mm:ss[.fff]`. The common `hh:mm:ss` is read directly; anything else
/// (fractions, leap seconds, odd widths) goes through chrono's parser, whose
/// format string would otherwise be re-read for every line.
fn clock_time(text: &str) -> Option<NaiveTime> {
    if let [h1, h2, b':', m1, m2, b':', s1, s2] = *text.as_bytes()
        && [h1, h2, m1, m2, s1, s2].iter().all(u8::is_ascii_digit)
    {
        let number = |tens: u8, ones: u8| u32::from(tens - b'0') * 10 + u32::from(ones - b'0');
        let (hour, minute, second) = (number(h1, h2), number(m1, m2), number(s1, s2));
        if second < 60 {
            return NaiveTime::from_hms_opt(hour, minute, second);
        }
    }
    NaiveTime::parse_from_str(text, "%H:%M:%S%.f").ok()
}

/// The date of an RFC 3164 timestamp, taking the year from `now` when the
/// line has none (see [`parse`]). Times are taken as UTC.
fn resolve_date(
    year: Option<i32>,
    month: u32,
    day: u32,
    time: NaiveTime,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, String> {
    let invalid = || format!("invalid date: month {month} has no day {day}");
    let at = |year: i32| {
        NaiveDate::from_ymd_opt(year, month, day).map(|d| Utc.from_utc_datetime(&d.and_time(time)))
    };
    if let Some(year) = year {
        return at(year).ok_or_else(invalid);
    }
    match at(now.year()) {
        Some(date) if date <= now + chrono::Duration::days(1) => Ok(date),
        // In the future: the line is from last year. February 29th of a
        // leap year read in a common year lands here too.
        _ => at(now.year() - 1).ok_or_else(invalid),
    }
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    MONTHS.iter().position(|m| *m == name).and_then(|i| u32::try_from(i + 1).ok())
}

/// The value of a quoted parameter whose body starts at `body`: the value
/// (a slice when it has no escapes) and the bytes used, closing quote included.
fn unescape_param(input: &Str, body: &str) -> Option<(Value, usize)> {
    let close = {
        let mut chars = body.char_indices();
        let mut found = None;
        while let Some((offset, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    found = Some(offset);
                    break;
                }
                _ => {}
            }
        }
        found?
    };
    let raw = &body[..close];
    if !raw.contains('\\') {
        return Some((Value::String(input.slice_ref(raw)), close + 1));
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some('"' | '\\' | ']')) => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    Some((Value::from(out), close + 1))
}

/// At most 40 characters of `text`, for messages.
fn shorten(text: &str) -> &str {
    text.char_indices().nth(40).map_or(text, |(end, _)| &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_at(text: &str, now: &str) -> String {
        let now =
            DateTime::parse_from_rfc3339(now).map(|t| t.with_timezone(&Utc)).unwrap_or_default();
        match parse(&Str::from(text), now) {
            Ok(object) => Value::Object(object).to_string(),
            Err(error) => format!("error: {error}"),
        }
    }

    fn parse_text(text: &str) -> String {
        parse_at(text, "2024-06-01T00:00:00Z")
    }

    #[test]
    fn rfc5424_full() {
        let line = "<165>1 2003-10-11T22:14:15.003+02:00 mymachine.example.com evntslog - ID47 \
                    [exampleSDID@32473 iut=\"3\" eventSource=\"App\\\"lication\"][examplePriority@32473 class=\"high\"] \u{feff}An application event";
        assert_eq!(
            parse_text(line),
            r#"{"appname":"evntslog","examplePriority@32473":{"class":"high"},"exampleSDID@32473":{"eventSource":"App\"lication","iut":"3"},"facility":"local4","hostname":"mymachine.example.com","message":"An application event","msgid":"ID47","severity":"notice","timestamp":"2003-10-11T20:14:15.003Z","version":1}"#
        );
    }

    #[test]
    fn rfc5424_nil_values_and_no_message() {
        assert_eq!(
            parse_text("<0>1 - - - - - -"),
            r#"{"facility":"kern","message":"","severity":"emerg","version":1}"#
        );
        assert_eq!(parse_text("<0>1 - host"), "error: truncated RFC 5424 header: no appname");
        assert_eq!(parse_text("<0>1 bad h a p m -"), "error: invalid RFC 5424 timestamp `bad`");
        assert!(
            parse_text("<0>1 - h a p m [id a=\"x")
                .starts_with("error: invalid RFC 5424 structured data")
        );
        assert!(parse_text("<0>1 - h a p m [id a]").contains("has no value"));
        assert_eq!(
            parse_text("<0>1 - h - - - [hostname a=\"b\"]"),
            r#"{"facility":"kern","hostname":"h","message":"","severity":"emerg","version":1}"#
        );
    }

    #[test]
    fn repeated_elements_merge_and_many_parse_quickly() {
        assert_eq!(
            parse_text("<0>1 - - - - - [b x=\"1\" y=\"2\"][a][b y=\"3\" y=\"4\"] m"),
            r#"{"a":{},"b":{"x":"1","y":"4"},"facility":"kern","message":"m","severity":"emerg","version":1}"#
        );
        // Quadratic merging would take minutes on this line.
        let elements: String = (0..40_000).rev().map(|i| format!("[e{i} p=\"{i}\"]")).collect();
        let parsed = parse(&Str::from(format!("<0>1 - - - - - {elements}")), Utc::now());
        assert_eq!(parsed.map(|fields| fields.len()), Ok(40_000 + 4));
    }

    #[test]
    fn rfc3164_variants() {
        assert_eq!(
            parse_text("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed"),
            r#"{"appname":"su","facility":"auth","hostname":"mymachine","message":"'su root' failed","procid":230,"severity":"crit","timestamp":"2023-10-11T22:14:15Z"}"#
        );
        assert_eq!(
            parse_text("<13>Feb  5 2021 17:32:18 10.0.0.99 Use the BFG!"),
            r#"{"facility":"user","hostname":"10.0.0.99","message":"Use the BFG!","severity":"notice","timestamp":"2021-02-05T17:32:18Z"}"#
        );
        assert_eq!(
            parse_text("<13>May  1 10:00:00 cron: job done"),
            r#"{"appname":"cron","facility":"user","message":"job done","severity":"notice","timestamp":"2024-05-01T10:00:00Z"}"#
        );
        assert_eq!(
            parse_text("<13>2020-03-13T20:45:38.119Z host app: hi"),
            r#"{"appname":"app","facility":"user","hostname":"host","message":"hi","severity":"notice","timestamp":"2020-03-13T20:45:38.119Z"}"#
        );
        assert_eq!(
            parse_text("<13>just text"),
            r#"{"facility":"user","message":"just text","severity":"notice"}"#
        );
        assert_eq!(
            parse_text("<13>5 apples"),
            r#"{"facility":"user","message":"5 apples","severity":"notice"}"#
        );
        assert!(
            parse_text("<13>sshd[12]: hi")
                .contains(r#""appname":"sshd","facility":"user","message":"hi","procid":12"#)
        );
    }

    #[test]
    fn clock_times_read_directly_equal_chrono_s() {
        for text in [
            "00:00:00",
            "09:05:07",
            "23:59:59",
            "24:00:00",
            "12:60:00",
            "23:59:60",
            "9:05:07",
            "09:05:07.250",
            "ab:cd:ef",
        ] {
            assert_eq!(
                clock_time(text),
                NaiveTime::parse_from_str(text, "%H:%M:%S%.f").ok(),
                "{text}"
            );
        }
    }

    #[test]
    fn year_inference() {
        assert!(
            parse_at("<13>Dec 31 23:59:59 h a: x", "2025-01-01T00:10:00Z")
                .contains("2024-12-31T23:59:59Z")
        );
        assert!(
            parse_at("<13>Feb 29 00:00:00 h a: x", "2025-03-01T00:00:00Z").contains("2024-02-29")
        );
        assert_eq!(
            parse_at("<13>Feb 30 00:00:00 h a: x", "2025-03-01T00:00:00Z"),
            "error: invalid date: month 2 has no day 30"
        );
    }

    #[test]
    fn octet_count_and_bad_priorities() {
        assert!(parse_text("52 <13>1 - - - - - - hi").contains(r#""message":"hi""#));
        assert_eq!(parse_text("<192>1 - - - - - -"), "error: invalid priority 192: above 191");
        assert_eq!(parse_text("<1x>hi"), "error: invalid priority: expected `<` 1 to 3 digits `>`");
        assert_eq!(
            parse_text("hello"),
            "error: not a syslog message: no priority and no timestamp"
        );
        assert_eq!(parse_text(""), "error: not a syslog message: no priority and no timestamp");
    }
}
