//! Where an entry ends. An entry goes on to the next line while a bracket
//! or string is open, or while its last line ends with a binary operator,
//! `=`, `,` or a `\`; the terminal (rustyline's `Validator`) and piped
//! input use the same rule.
//!
//! A light lexer, in the spirit of the parser's own pre-scan: it knows
//! strings (`"..."` with escapes, `s'...'`, `r'...'`, `t'...'`) and `#`
//! comments, and nothing else.

/// `:` commands whose argument is code or JSON and may span lines.
const MULTILINE_COMMANDS: [&str; 2] = [":event", ":type"];

/// Characters that, ending a line, leave an expression unfinished. `.` and
/// `%` are missing on purpose: alone they are the event and metadata paths.
const CONTINUING: &[char] =
    &['+', '-', '*', '/', '=', ',', '<', '>', '&', '|', '?', '~', ':', '\\'];

/// True when `text` is unfinished and the next line belongs to it.
pub fn needs_more(text: &str) -> bool {
    let trimmed = text.trim_start();
    if trimmed.starts_with(':') {
        let command_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let command = &trimmed[..command_end];
        return MULTILINE_COMMANDS.contains(&command) && code_needs_more(&trimmed[command_end..]);
    }
    code_needs_more(text)
}

fn code_needs_more(text: &str) -> bool {
    let scan = scan(text);
    if scan.stray_close {
        return false;
    }
    scan.open_string || scan.depth > 0 || scan.last_code.is_some_and(|c| CONTINUING.contains(&c))
}

/// True when the entry is a declaration (`fn`, `const`, `use`) rather than
/// statements.
pub fn is_declaration(text: &str) -> bool {
    let trimmed = text.trim_start();
    ["fn", "const", "use"].iter().any(|keyword| {
        trimmed.strip_prefix(keyword).is_some_and(|after| after.starts_with(char::is_whitespace))
    })
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Code,
    Comment,
    /// Inside `"..."`.
    Double,
    /// Inside `s'...'`, `r'...'` or `t'...'`.
    Single,
}

#[derive(Default)]
struct Scan {
    /// Open brackets.
    depth: usize,
    /// A closing bracket with nothing open: the entry can never be valid,
    /// so it is complete (and a syntax error).
    stray_close: bool,
    open_string: bool,
    /// The last character outside strings and comments that is not blank
    /// (a closing quote counts as `"`).
    last_code: Option<char>,
}

fn scan(text: &str) -> Scan {
    let mut out = Scan::default();
    let mut state = State::Code;
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        state = match state {
            State::Comment if c == '\n' => State::Code,
            State::Comment => State::Comment,
            State::Double => match c {
                '\\' => {
                    chars.next();
                    State::Double
                }
                '"' => {
                    out.last_code = Some('"');
                    State::Code
                }
                _ => State::Double,
            },
            State::Single => match c {
                '\\' if chars.peek().is_some_and(|(_, next)| *next == '\'') => {
                    chars.next();
                    State::Single
                }
                '\'' => {
                    out.last_code = Some('\'');
                    State::Code
                }
                _ => State::Single,
            },
            State::Code => code_char(&mut out, c, previous),
        };
        previous = Some(c);
    }
    out.open_string = matches!(state, State::Double | State::Single);
    out
}

/// One character of code: brackets, the start of strings and comments.
fn code_char(out: &mut Scan, c: char, previous: Option<char>) -> State {
    match c {
        '#' => return State::Comment,
        '"' => return State::Double,
        '\'' if matches!(previous, Some('s' | 'r' | 't')) => return State::Single,
        '(' | '[' | '{' => out.depth += 1,
        ')' | ']' | '}' => match out.depth.checked_sub(1) {
            Some(depth) => out.depth = depth,
            None => out.stray_close = true,
        },
        _ => {}
    }
    if !c.is_whitespace() {
        out.last_code = Some(c);
    }
    State::Code
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_brackets_and_strings_continue() {
        assert!(needs_more("if .a {"));
        assert!(needs_more("[1,\n2"));
        assert!(needs_more(r#".a = "two\nlines"#));
        assert!(needs_more("r'abc"));
        assert!(!needs_more("if .a { 1 } else { 2 }"));
        assert!(!needs_more(r#".a = "{ not a bracket""#));
        assert!(!needs_more(r#".a = "escaped \" quote""#));
        assert!(!needs_more("r'}' # {"));
    }

    #[test]
    fn trailing_operators_continue() {
        assert!(needs_more(".a ="));
        assert!(needs_more(".a +  # comment"));
        assert!(needs_more(".a ??"));
        assert!(needs_more("x \\"));
        assert!(!needs_more("."));
        assert!(!needs_more("%"));
        assert!(!needs_more(r#".a = "+""#));
        assert!(!needs_more("upcase(.a)"));
    }

    #[test]
    fn commands_are_one_line_except_event_and_type() {
        assert!(needs_more(":event {"));
        assert!(needs_more(":type .a +"));
        assert!(!needs_more(":load a{b.lgp"));
        assert!(!needs_more(":help"));
    }

    #[test]
    fn stray_closing_bracket_ends_the_entry() {
        assert!(!needs_more("}"));
        assert!(!needs_more(")) + ("));
        assert!(!needs_more(")) + (("));
    }

    #[test]
    fn declarations_are_recognised() {
        assert!(is_declaration("fn f(x: int) -> int { x }"));
        assert!(is_declaration("  const A = 1"));
        assert!(!is_declaration("fnord(1)"));
        assert!(!is_declaration(".fn = 1"));
    }
}
