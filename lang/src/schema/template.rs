//! Templates: strings with `{{ .field }}` references and strftime `%` items,
//! parsed once at check time so the runtime renders them without reparsing.
//!
//! `"out/{{ .service }}-%Y-%m-%d.log"` becomes the parts literal `out/`, the
//! field `.service`, literal `-`, time `%Y`, and so on. `%%` is a literal `%`;
//! a single `{` or `}` is literal text.

use std::fmt;

use chrono::format::{Item, StrftimeItems};

/// A parsed template; see [`parse_template`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Vec<TemplatePart>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplatePart {
    /// Text written as is (with `%%` already turned into `%`).
    Literal(String),
    /// A field of the event or its metadata, rendered as text.
    Field(FieldRef),
    /// One strftime item such as `%Y` or `%-d`, validated with chrono, for the
    /// runtime to format with the event's timestamp.
    Time(String),
}

/// `.a.b[0]` or `%file.path` inside `{{ }}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef {
    pub root: FieldRoot,
    /// Never empty: a template names a field, not the whole event.
    pub segments: Vec<FieldSegment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldRoot {
    /// `.`: the event.
    Event,
    /// `%`: the event's metadata.
    Meta,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldSegment {
    Field(String),
    /// `[3]`, or `[-1]` from the end.
    Index(i64),
}

/// Parses a template.
///
/// # Errors
/// A one-line message saying what is wrong: an unbalanced `{{` or `}}`, a
/// reference that is not a field path, or an unknown strftime specifier.
pub fn parse_template(text: &str) -> Result<Template, String> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("{{") {
            let (inner, after) =
                after.split_once("}}").ok_or("unbalanced `{{`: no `}}` closes it")?;
            push_literal(&mut parts, &mut literal);
            parts.push(TemplatePart::Field(parse_field(inner.trim())?));
            rest = after;
        } else if rest.starts_with("}}") {
            return Err("unbalanced `}}`: no `{{` opens it".into());
        } else if c == '%' {
            rest = time_item(rest, &mut parts, &mut literal)?;
        } else {
            literal.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    push_literal(&mut parts, &mut literal);
    Ok(Template { parts })
}

impl Template {
    pub fn parts(&self) -> &[TemplatePart] {
        &self.parts
    }

    /// The field references, for the checker to warn about fields never set.
    pub fn fields(&self) -> impl Iterator<Item = &FieldRef> {
        self.parts.iter().filter_map(|part| match part {
            TemplatePart::Field(field) => Some(field),
            _ => None,
        })
    }

    /// True when rendering does not depend on the event or the time.
    pub fn is_constant(&self) -> bool {
        self.parts.iter().all(|part| matches!(part, TemplatePart::Literal(_)))
    }
}

/// Handles the `%` at the start of `rest`: `%%` joins the literal text, an
/// item becomes a [`TemplatePart::Time`]. Returns what follows it.
fn time_item<'a>(
    rest: &'a str,
    parts: &mut Vec<TemplatePart>,
    literal: &mut String,
) -> Result<&'a str, String> {
    if let Some(after) = rest.strip_prefix("%%") {
        literal.push('%');
        return Ok(after);
    }
    let item = strftime_item(rest)?;
    push_literal(parts, literal);
    parts.push(TemplatePart::Time(item.to_string()));
    Ok(&rest[item.len()..])
}

/// The strftime item at the start of `text` (which starts with `%`): padding
/// flags, width or precision, then one conversion character.
fn strftime_item(text: &str) -> Result<&str, String> {
    let body = &text[1..];
    let modifiers = body.find(|c: char| !"-_0^#.:123456789".contains(c)).unwrap_or(body.len());
    let Some(conversion) = body[modifiers..].chars().next() else {
        return Err("`%` at the end: write `%%` for a percent sign".into());
    };
    let item = &text[..1 + modifiers + conversion.len_utf8()];
    let valid = modifiers <= 4 && StrftimeItems::new(item).all(|it| !matches!(it, Item::Error));
    if valid { Ok(item) } else { Err(format!("unknown strftime specifier `{item}`")) }
}

fn push_literal(parts: &mut Vec<TemplatePart>, literal: &mut String) {
    if !literal.is_empty() {
        parts.push(TemplatePart::Literal(std::mem::take(literal)));
    }
}

/// Parses the inside of `{{ }}`: `.a.b`, `.a."odd key"`, `.a[0]`, `%file.path`.
fn parse_field(text: &str) -> Result<FieldRef, String> {
    let (root, mut rest) = if let Some(rest) = text.strip_prefix('.') {
        (FieldRoot::Event, rest)
    } else if let Some(rest) = text.strip_prefix('%') {
        (FieldRoot::Meta, rest)
    } else {
        return Err(not_a_path(text));
    };
    let mut segments = Vec::new();
    while !rest.is_empty() {
        let (segment, after) = if rest.starts_with('[') {
            index_segment(rest)
        } else {
            // The first name follows the root directly (`.a`, `%file`); later ones after a dot.
            let named = if segments.is_empty() { Some(rest) } else { rest.strip_prefix('.') };
            named.ok_or_else(|| bad_path(text)).and_then(|named| name_segment(named, text))
        }?;
        segments.push(segment);
        rest = after;
    }
    if segments.is_empty() {
        return Err(format!(
            "`{{{{ {text} }}}}` names no field: write a path such as `{{{{ .service }}}}`"
        ));
    }
    Ok(FieldRef { root, segments })
}

fn name_segment<'a>(text: &'a str, whole: &str) -> Result<(FieldSegment, &'a str), String> {
    if let Some(quoted) = text.strip_prefix('"') {
        return quoted_segment(quoted, whole);
    }
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(text.len());
    if end == 0 {
        return Err(bad_path(whole));
    }
    Ok((FieldSegment::Field(text[..end].to_string()), &text[end..]))
}

/// A `"quoted"` name (the opening quote already consumed), with `\"` and `\\` escapes.
fn quoted_segment<'a>(text: &'a str, whole: &str) -> Result<(FieldSegment, &'a str), String> {
    let mut name = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok((FieldSegment::Field(name), &text[at + 1..])),
            '\\' => {
                name.push(chars.next().map(|(_, escaped)| escaped).ok_or_else(|| bad_path(whole))?)
            }
            _ => name.push(c),
        }
    }
    Err(format!("unterminated quoted name in `{whole}`"))
}

fn index_segment(text: &str) -> Result<(FieldSegment, &str), String> {
    let (inside, after) =
        text[1..].split_once(']').ok_or_else(|| format!("`[` without `]` in `{text}`"))?;
    let index = inside.trim().parse().map_err(|_| format!("`[{inside}]` is not an array index"))?;
    Ok((FieldSegment::Index(index), after))
}

fn not_a_path(text: &str) -> String {
    let is_name = !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if is_name {
        format!(
            "`{{{{ {text} }}}}` is not a field path: write `{{{{ .{text} }}}}` for the event field `{text}`"
        )
    } else {
        format!(
            "`{{{{ {text} }}}}` is not a field path: start it with `.` (an event field) or `%` (metadata)"
        )
    }
}

fn bad_path(text: &str) -> String {
    format!(
        "`{text}` is not a valid field path: use `.name`, `.\"odd name\"` or `[index]` segments"
    )
}

impl fmt::Display for Template {
    /// Writes the template back in canonical form; parsing it again gives the same template.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                TemplatePart::Literal(text) => f.write_str(&text.replace('%', "%%"))?,
                TemplatePart::Field(field) => write!(f, "{{{{ {field} }}}}")?,
                TemplatePart::Time(item) => f.write_str(item)?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for FieldRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.root {
            FieldRoot::Event => ".",
            FieldRoot::Meta => "%",
        })?;
        for (at, segment) in self.segments.iter().enumerate() {
            match segment {
                FieldSegment::Index(index) => write!(f, "[{index}]")?,
                FieldSegment::Field(name) => {
                    if at > 0 {
                        f.write_str(".")?;
                    }
                    write_name(f, name)?;
                }
            }
        }
        Ok(())
    }
}

fn write_name(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        f.write_str(name)
    } else {
        write!(f, "\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(root: FieldRoot, names: &[&str]) -> TemplatePart {
        let segments = names.iter().map(|name| FieldSegment::Field(name.to_string())).collect();
        TemplatePart::Field(FieldRef { root, segments })
    }

    #[test]
    fn parts_of_a_file_path() {
        let template = parse_template("out/{{ .service }}-%Y-%m-%d.log").map_err(|e| e.to_string());
        let literal = |text: &str| TemplatePart::Literal(text.to_string());
        let time = |item: &str| TemplatePart::Time(item.to_string());
        let expected = vec![
            literal("out/"),
            field(FieldRoot::Event, &["service"]),
            literal("-"),
            time("%Y"),
            literal("-"),
            time("%m"),
            literal("-"),
            time("%d"),
            literal(".log"),
        ];
        assert_eq!(template.map(|t| t.parts().to_vec()), Ok(expected));
    }

    #[test]
    fn field_paths_with_quotes_indexes_and_metadata() {
        let template = parse_template("{{.a.\"odd key\"[0]}}/{{ %file.path }}/{{ .list[-1] }}");
        let parts = template.map(|t| t.parts().to_vec()).unwrap_or_default();
        let odd = FieldRef {
            root: FieldRoot::Event,
            segments: vec![
                FieldSegment::Field("a".into()),
                FieldSegment::Field("odd key".into()),
                FieldSegment::Index(0),
            ],
        };
        assert_eq!(parts.first(), Some(&TemplatePart::Field(odd)));
        assert_eq!(parts.get(2), Some(&field(FieldRoot::Meta, &["file", "path"])));
        assert!(
            matches!(parts.get(4), Some(TemplatePart::Field(FieldRef { segments, .. })) if segments.last() == Some(&FieldSegment::Index(-1)))
        );
    }

    #[test]
    fn percent_and_single_braces_are_literal() {
        let template = parse_template("100%% {a} %-d %.3f %:z").map(|t| t.parts().to_vec());
        let expected = vec![
            TemplatePart::Literal("100% {a} ".into()),
            TemplatePart::Time("%-d".into()),
            TemplatePart::Literal(" ".into()),
            TemplatePart::Time("%.3f".into()),
            TemplatePart::Literal(" ".into()),
            TemplatePart::Time("%:z".into()),
        ];
        assert_eq!(template, Ok(expected));
    }

    #[test]
    fn errors_say_which_part_is_wrong() {
        let cases = [
            ("{{ .a", "unbalanced `{{`: no `}}` closes it"),
            ("a }}", "unbalanced `}}`: no `{{` opens it"),
            ("%Y-%Q", "unknown strftime specifier `%Q`"),
            ("50%", "`%` at the end: write `%%` for a percent sign"),
            ("{{ . }}", "`{{ . }}` names no field: write a path such as `{{ .service }}`"),
            (
                "{{ uuid }}",
                "`{{ uuid }}` is not a field path: write `{{ .uuid }}` for the event field `uuid`",
            ),
            ("{{ .a[x] }}", "`[x]` is not an array index"),
            ("{{ .\"a }}", "unterminated quoted name in `.\"a`"),
        ];
        for (text, message) in cases {
            assert_eq!(parse_template(text), Err(message.to_string()), "{text}");
        }
    }

    #[test]
    fn display_round_trips() {
        for text in [
            "out/{{ .service }}-%Y-%m-%d.log",
            "{{ .a.\"odd key\"[2] }}%%{{ %input }}",
            "plain",
            "",
        ] {
            let template = parse_template(text).map_err(|e| e.to_string());
            let again = template.as_ref().map(|t| t.to_string());
            assert_eq!(again.as_deref(), Ok(text));
            assert_eq!(
                template.as_ref().map(Template::is_constant),
                Ok(text == "plain" || text.is_empty())
            );
        }
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for text in [
            "%",
            "{{",
            "}}",
            "{{}}",
            "{{ %",
            "%\u{e9}",
            "{{ .a[99999999999999999999] }}",
            "{{ .\\",
            "%-",
            "%::::::z",
        ] {
            let _ = parse_template(text);
        }
        assert!(
            parse_template(&"{{ .a }}".repeat(10_000)).is_ok_and(|t| t.fields().count() == 10_000)
        );
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics_and_display_round_trips(text in r#"[{}%.a-z" \\\[\]0-9YmdQ:-]{0,40}"#) {
            if let Ok(template) = parse_template(&text) {
                proptest::prop_assert_eq!(parse_template(&template.to_string()), Ok(template));
            }
        }
    }
}
