//! Turns pest's errors into syntax diagnostics in the user's terms: what was
//! expected, after which token, and what was found instead.

use std::collections::BTreeSet;

use pest::error::{Error, ErrorVariant, InputLocation};

use super::Rule;
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

/// One diagnostic for a failed chunk parse; `offset` is the chunk's start in the file.
pub fn from_pest(err: &Error<Rule>, text: &str, offset: usize) -> Diagnostic {
    let mut pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    // pest places the error at the furthest rule it tried; a missing token
    // (`<-`, `=`) fails further on, and the detailed attempts know where.
    if let Some(d) = unterminated(text, pos, offset) {
        return d;
    }
    let mut from_attempts_only = false;
    if let Some(attempts) = err.parse_attempts()
        && attempts.max_position > pos
    {
        pos = attempts.max_position;
        from_attempts_only = true;
    }
    if let ErrorVariant::CustomError { message } = &err.variant
        && (message.contains("limit"))
    {
        return super::too_complex(Span::new(offset + pos, offset + pos));
    }
    if let Some(d) = unterminated(text, pos, offset) {
        return d;
    }
    let expected = expected_set(err, from_attempts_only);
    let found = found_token(text, pos);
    let after = previous_token(text, pos);
    let what = describe(&expected);
    let message = match &after {
        Some(prev) => format!("expected {what} after `{prev}`"),
        None => format!("expected {what}"),
    };
    let end = pos + found.as_ref().map_or(0, |f| f.len().min(text.len() - pos));
    let label = match &found {
        Some(tok) => format!("found `{tok}`"),
        None => "found the end of the declaration".to_string(),
    };
    let mut d =
        Diagnostic::new(Code::SyntaxError, Span::new(offset + pos, offset + end.max(pos)), message)
            .with_label(label);
    if let Some(help) = help_for(&expected, found.as_deref()) {
        d = d.with_help(help);
    }
    d
}

/// A string or quoted literal that never closes is reported as such.
fn unterminated(text: &str, pos: usize, offset: usize) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    let b = *bytes.get(pos)?;
    let opens =
        b == b'"' || (matches!(b, b's' | b'r' | b't') && bytes.get(pos + 1) == Some(&b'\''));
    if !opens {
        return None;
    }
    let quote = if b == b'"' { '"' } else { '\'' };
    let body_start = if b == b'"' { pos + 1 } else { pos + 2 };
    let rest = text.get(body_start..)?;
    let mut escaped = false;
    for c in rest.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == quote {
            return None;
        }
    }
    Some(
        Diagnostic::new(
            Code::UnterminatedString,
            Span::new(offset + pos, offset + body_start),
            "unterminated string",
        )
        .with_label("this string never closes")
        .with_help(format!("add the closing `{quote}`")),
    )
}

/// What pest expected at the failure point, as user-facing phrases.
fn expected_set(err: &Error<Rule>, from_attempts_only: bool) -> BTreeSet<&'static str> {
    let mut set = BTreeSet::new();
    if let ErrorVariant::ParsingError { positives, .. } = &err.variant
        && !from_attempts_only
    {
        for rule in positives {
            if let Some(name) = rule_name(*rule) {
                set.insert(name);
            }
        }
    }
    if let Some(attempts) = err.parse_attempts() {
        for token in attempts.expected_tokens() {
            if let Some(name) = token_name(&token.to_string()) {
                set.insert(name);
            }
        }
    }
    if set.iter().any(|s| s.starts_with("a declaration")) {
        set.remove("a line break");
    }
    // An expression subsumes the literal forms it starts with.
    if set.contains("an expression") {
        set.retain(|s| {
            !matches!(
                *s,
                "a string"
                    | "a number"
                    | "a path"
                    | "`(`"
                    | "`[`"
                    | "`{`"
                    | "`!`"
                    | "`-`"
                    | "`.`"
                    | "a line break"
            )
        });
    }
    if set.contains("an operator") {
        set.retain(|s| !OPERATORS.contains(s));
    }
    set
}

const OPERATORS: &[&str] = &[
    "`??`", "`||`", "`&&`", "`==`", "`!=`", "`=~`", "`!~`", "`<`", "`<=`", "`>`", "`>=`", "`+`",
    "`-`", "`*`", "`/`", "`%`",
];

fn rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::decl_chunk
        | Rule::input_decl
        | Rule::transform_decl
        | Rule::route_decl
        | Rule::output_decl
        | Rule::fn_decl
        | Rule::const_decl
        | Rule::use_decl
        | Rule::test_decl => {
            "a declaration (`input`, `transform`, `route`, `output`, `fn`, `const`, `use` or `test`)"
        }
        Rule::expr
        | Rule::cond_expr
        | Rule::expr_stmt
        | Rule::paren
        | Rule::array
        | Rule::object
        | Rule::call
        | Rule::if_expr
        | Rule::match_expr
        | Rule::null
        | Rule::bool_lit
        | Rule::number
        | Rule::raw_string
        | Rule::regex
        | Rule::timestamp
        | Rule::wildcard => "an expression",
        Rule::path | Rule::event_root | Rule::meta_root | Rule::var_root => "a path",
        Rule::string | Rule::object_key => "a string",
        Rule::ident | Rule::ident_raw | Rule::upstream | Rule::upstreams | Rule::call_head => {
            "a name"
        }
        Rule::let_stmt
        | Rule::for_stmt
        | Rule::drop_stmt
        | Rule::abort_stmt
        | Rule::emit_stmt
        | Rule::assign_stmt => "a statement",
        Rule::block | Rule::options => "`{`",
        Rule::lane | Rule::lane_name => "a lane (`name = condition`)",
        Rule::option_entry => "an option (`name = value`)",
        Rule::param | Rule::params => "a parameter (`name: type`)",
        Rule::type_expr | Rule::type_name | Rule::ret_type => "a type",
        Rule::arm => "a match arm (`pattern => value`)",
        Rule::object_entry => "a key (`\"name\": value`)",
        Rule::arg => "an argument",
        Rule::field | Rule::field_name => "a field name",
        Rule::index | Rule::index_value => "an index",
        Rule::test_input | Rule::test_expect => "`input` or `expect`",
        Rule::expect_dropped | Rule::expect_aborted => "`=`, `dropped` or `aborted`",
        Rule::EOI => "a line break",
        Rule::coalesce_op
        | Rule::or_op
        | Rule::and_op
        | Rule::eq_op
        | Rule::ne_op
        | Rule::match_op
        | Rule::not_match_op
        | Rule::le_op
        | Rule::ge_op
        | Rule::lt_op
        | Rule::gt_op
        | Rule::add_op
        | Rule::sub_op
        | Rule::mul_op
        | Rule::div_op
        | Rule::rem_op => "an operator",
        _ => return None,
    })
}

fn token_name(token: &str) -> Option<&'static str> {
    Some(match token {
        "=" => "`=`",
        "<-" => "`<-`",
        "->" => "`->`",
        "{" => "`{`",
        "}" => "`}`",
        "(" => "`(`",
        ")" => "`)`",
        "[" => "`[`",
        "]" => "`]`",
        "," => "`,`",
        ":" => "`:`",
        "=>" => "`=>`",
        "|" => "`|`",
        "." => "`.`",
        ";" | "\n" => "a line break",
        "\"" => "a string",
        "else" => "`else`",
        "in" => "`in`",
        _ => return None,
    })
}

/// "an expression", "`}` or a line break", "`=`, `{` or a name".
fn describe(expected: &BTreeSet<&'static str>) -> String {
    let mut items: Vec<&str> = expected.iter().copied().collect();
    // Most specific first: punctuation, then phrases.
    items.sort_by_key(|s| (!s.starts_with('`'), *s));
    items.truncate(5);
    match items.as_slice() {
        [] => "something else".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The token at `pos`, for "found `x`".
fn found_token(text: &str, pos: usize) -> Option<String> {
    let rest = text.get(pos..)?;
    let c = rest.chars().next()?;
    if c == '\n' {
        return Some("a line break".to_string()).map(|_| "\\n".to_string());
    }
    if c.is_alphanumeric() || c == '_' {
        let word: String =
            rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').take(40).collect();
        return Some(word);
    }
    let two: String = rest.chars().take(2).collect();
    if ["<-", "->", "=>", "==", "!=", "<=", ">=", "??", "&&", "||", "=~", "!~"]
        .contains(&two.as_str())
    {
        return Some(two);
    }
    Some(c.to_string())
}

/// The last token before `pos`, skipping blanks and comments, for "after `=`".
fn previous_token(text: &str, pos: usize) -> Option<String> {
    let before = text.get(..pos)?;
    let mut lines = before.lines().rev();
    let mut line = before.trim_end_matches([' ', '\t', '\r']);
    // Skip trailing blank lines and comment-only lines.
    loop {
        let last_line = line.rsplit('\n').next().unwrap_or("");
        let code = strip_comment(last_line).trim_end();
        if !code.is_empty() {
            return Some(last_token(code));
        }
        lines.next();
        let cut = line.len() - last_line.len();
        if cut == 0 {
            return None;
        }
        line = line[..cut].trim_end_matches(['\n', ' ', '\t', '\r']);
    }
}

fn strip_comment(line: &str) -> &str {
    // A `#` outside quotes starts a comment.
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_str => escaped = true,
            '"' => in_str = !in_str,
            '#' if !in_str => return &line[..i],
            _ => {}
        }
    }
    line
}

fn last_token(code: &str) -> String {
    let last = code.chars().next_back().unwrap_or(' ');
    if last.is_alphanumeric() || last == '_' {
        let start = code
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map_or(0, |(i, _)| i);
        return code[start..].to_string();
    }
    if last == '"' || last == '\'' {
        return trailing_literal(code, last);
    }
    let two: String = code.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
    if ["<-", "->", "=>", "==", "!=", "<=", ">=", "??", "&&", "||", "=~", "!~"]
        .contains(&two.as_str())
    {
        return two;
    }
    last.to_string()
}

/// The string literal that ends `code` (closing with `quote`), shortened
/// for a message. Quotes are ASCII, so the byte positions are boundaries.
fn trailing_literal(code: &str, quote: char) -> String {
    let body = &code[..code.len() - quote.len_utf8()];
    let start = body.rfind(quote).unwrap_or(0);
    let literal = &code[start..];
    if literal.chars().count() > 24 {
        format!("{}…{quote}", literal.chars().take(20).collect::<String>())
    } else {
        literal.to_string()
    }
}

fn help_for(expected: &BTreeSet<&'static str>, found: Option<&str>) -> Option<String> {
    if found == Some("=") && expected.contains("`<-`") {
        return Some("transforms, routes and outputs name their upstreams with `<-`: `transform t <- app { ... }`".to_string());
    }
    if found == Some("\\n") && expected.contains("an expression") {
        return Some("the expression must start on the same line".to_string());
    }
    if expected.contains("`}`") && found.is_none() {
        return Some("a `{` is not closed".to_string());
    }
    None
}
