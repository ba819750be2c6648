//! `strip_ansi_escape_codes`: a string without terminal colour and control sequences.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::value::Value;

pub struct StripAnsiEscapeCodes;

const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::STRING,
    required: true,
    doc: "The string to clean.",
}];

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// The one-character (C1) forms of CSI and OSC.
const C1_CSI: char = '\u{9b}';
const C1_OSC: char = '\u{9d}';

impl FnSig for StripAnsiEscapeCodes {
    fn name(&self) -> &'static str {
        "strip_ansi_escape_codes"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, _args: &SigArgs<'_>) -> Type {
        Type::string()
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Removes ANSI escape sequences from `value`: CSI sequences such as colours and cursor \
         moves (`ESC [ ... m`), OSC sequences such as window titles and hyperlinks (ended by \
         BEL or `ESC \\`), DCS/SOS/PM/APC strings, and short `ESC x` sequences. A sequence \
         cut off at the end of the string is removed too."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            title: "coloured log line",
            source: "strip_ansi_escape_codes(.message)",
            input: r#"{"message": "\u001b[1;31mERROR\u001b[0m disk full"}"#,
            result: Ok(r#""ERROR disk full""#),
        }]
    }
}

impl Function for StripAnsiEscapeCodes {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let value = args.str(0)?;
        // Most lines have no escapes: return them without copying.
        if !value.contains([ESC, C1_CSI, C1_OSC]) {
            return Ok(Value::String(value.clone()));
        }
        Ok(Value::from(strip(value)))
    }
}

fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ESC => skip_escape(&mut chars),
            C1_CSI => skip_csi(&mut chars),
            C1_OSC => skip_string(&mut chars),
            _ => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC, by the kind of sequence its next character starts.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // nF sequences (`ESC ( B`): intermediate bytes, then one final byte.
        Some(' '..='/') => {
            while chars.next_if(|c| matches!(c, ' '..='/')).is_some() {}
            chars.next();
        }
        // Two-character sequences (`ESC c`, `ESC 7`) and a lone trailing ESC.
        _ => {}
    }
}

/// Skips CSI parameter and intermediate bytes and the final byte.
fn skip_csi(chars: &mut Chars<'_>) {
    while chars.next_if(|c| matches!(c, '0'..='?' | ' '..='/')).is_some() {}
    // A final byte ends the sequence; anything else is kept as text.
    chars.next_if(|c| matches!(c, '@'..='~'));
}

/// Skips a control string up to BEL or the string terminator `ESC \`.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            BEL => return,
            ESC => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, some};

    fn strip_ansi(text: &str) -> Value {
        call(&StripAnsiEscapeCodes, vec![some(text)]).unwrap_or_default()
    }

    #[test]
    fn removes_colours_and_cursor_moves() {
        assert_eq!(strip_ansi("\u{1b}[38;5;196mrød\u{1b}[0m"), Value::from("rød"));
        assert_eq!(strip_ansi("a\u{1b}[2Kb\u{1b}[10;20Hc"), Value::from("abc"));
        assert_eq!(strip_ansi("\u{9b}1mbold"), Value::from("bold"));
    }

    #[test]
    fn removes_titles_hyperlinks_and_short_sequences() {
        assert_eq!(strip_ansi("\u{1b}]0;title\u{7}text"), Value::from("text"));
        let link = "\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\";
        assert_eq!(strip_ansi(link), Value::from("link"));
        assert_eq!(strip_ansi("\u{1b}(Bplain\u{1b}c"), Value::from("plain"));
    }

    #[test]
    fn truncated_sequences_and_plain_text() {
        assert_eq!(strip_ansi("end\u{1b}"), Value::from("end"));
        assert_eq!(strip_ansi("end\u{1b}[31"), Value::from("end"));
        assert_eq!(strip_ansi("end\u{1b}]unterminated"), Value::from("end"));
        assert_eq!(strip_ansi("no escapes: 日本"), Value::from("no escapes: 日本"));
        assert_eq!(strip_ansi(""), Value::from(""));
    }
}
