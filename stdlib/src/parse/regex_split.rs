//! A literal-split matcher for `parse_regex`: patterns shaped
//! `^ (literal | capture)* $?`, where each capture is followed by a literal
//! whose first byte it can never match, run as a scan for delimiters instead
//! of a capturing regex search, with results identical to the meta engine's.
//!
//! # Why the split finds the regex's one and only match
//!
//! Take a plan `^ L0 (C1) L1 (C2) L2 ... (Cn) Ln $?`, where every `Li` after a
//! capture is non-empty and its first byte `bi` occurs in no string that `Ci`
//! matches (checked on the UTF-8 encoding: a class's non-ASCII characters
//! only ever produce bytes `>= 0x80`). The only exception is a last capture
//! directly followed by `$`, which must run to the end of the input.
//!
//! `^` allows a match to start at offset 0 only. In any match, `L0` occupies
//! the first `|L0|` bytes, so `C1` starts at `p = |L0|`. The text `C1` takes
//! holds no byte `b1`, and the byte right after it is `b1` (the first byte of
//! `L1`), so `C1` ends exactly at the first `b1` at or after `p`: one position,
//! found with `memchr`. Repeating the argument, every capture's span and the
//! end of the match are forced. There is therefore at most one match at all,
//! no alternative a backtracking or leftmost-first engine could prefer, and
//! the leftmost-first match the meta regex reports is this one. It exists
//! exactly when each literal is found where it is forced to be, each piece
//! matches its capture's sub-expression in full, and (under `$`) the match
//! ends at the end of the input; the split checks each of these, so "no
//! match" here is "no match" there.
//!
//! Captures hold no nested groups and no look-around (`\b` would look past the
//! piece), so every group takes part in a match and group `i` is the `i`-th
//! capture. Anything outside this shape gets no plan, and the caller falls
//! back to the meta regex.

use std::ops::{Range, RangeInclusive};

use memchr::memchr;
use regex_automata::meta::Regex;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The most memory the automaton checking one capture's text may take.
const SIZE_LIMIT: usize = 1 << 20;
/// How deeply a capture's sub-expression may nest; patterns parsed with
/// the nest limit of [`super::regex`] never reach it.
const MAX_DEPTH: u32 = 256;

/// A pattern run by splitting its input at literals.
#[derive(Clone, Debug)]
pub struct SplitPlan {
    /// The literal the match starts with (often empty).
    head: Box<[u8]>,
    /// Every capture in group order, each with the literal that follows it.
    fields: Box<[Field]>,
    /// Whether the match must end at the end of the input (`$`).
    to_end: bool,
}

/// One capture group of a plan.
#[derive(Clone, Debug)]
struct Field {
    /// How to find the end of the captured text and check it.
    scan: Scan,
    /// The literal after the capture; empty only for a last capture before `$`.
    tail: Box<[u8]>,
}

/// The fastest way to delimit and check one capture's text.
#[derive(Clone, Debug)]
enum Scan {
    /// A class of every character but the tail's first byte (`[^"]*`,
    /// `[^\]]+`), repeated at least `min` times (0 or 1) with no upper
    /// bound: any text up to that byte matches, so `memchr` is the check.
    UpTo { min: usize },
    /// Another repeated class (`\S+`, `\d{3}`): one pass over its members.
    Run { class: CharClass, counts: RangeInclusive<usize> },
    /// Anything else: find the tail's first byte, then check the text before it.
    Search(Matcher),
}

impl SplitPlan {
    /// The plan for `hir`, when its shape allows one (see the module docs).
    /// `hir` must be the translation the meta regex was built from, so that
    /// classes and literals mean the same thing in both.
    pub fn new(hir: &Hir) -> Option<SplitPlan> {
        let items = match hir.kind() {
            HirKind::Concat(items) => items.as_slice(),
            _ => std::slice::from_ref(hir),
        };
        let (first, rest) = items.split_first()?;
        if !matches!(first.kind(), HirKind::Look(Look::Start)) {
            return None;
        }
        let (rest, to_end) = match rest.split_last() {
            Some((last, body)) if matches!(last.kind(), HirKind::Look(Look::End)) => (body, true),
            _ => (rest, false),
        };
        let (head, rest) = split_literal(rest);
        let fields = fields(rest, to_end)?;
        Some(SplitPlan { head: head.into(), fields, to_end })
    }

    /// How many groups a match has, counting group 0 (the whole match).
    pub fn group_len(&self) -> usize {
        self.fields.len() + 1
    }

    /// The span of each group of the match, group 0 (the whole match) first,
    /// or `None` when `haystack` does not match.
    pub fn find(&self, haystack: &str) -> Option<Vec<Range<usize>>> {
        let bytes = haystack.as_bytes();
        if !has_prefix(bytes, &self.head) {
            return None;
        }
        let mut spans = Vec::with_capacity(self.fields.len() + 1);
        spans.push(0..0);
        let mut at = self.head.len();
        for field in &self.fields {
            let end = field.end(haystack, at)?;
            if !has_prefix(bytes.get(end..)?, &field.tail) {
                return None;
            }
            spans.push(at..end);
            at = end + field.tail.len();
        }
        if self.to_end && at != bytes.len() {
            return None;
        }
        if let Some(whole) = spans.first_mut() {
            *whole = 0..at;
        }
        Some(spans)
    }
}

impl Field {
    fn new(matcher: Matcher, tail: &[u8]) -> Field {
        let scan = match matcher {
            Matcher::Repeat { class, min, max: None }
                if min <= 1 && tail.first().is_some_and(|&byte| class.is_all_but(byte)) =>
            {
                Scan::UpTo { min }
            }
            Matcher::Repeat { class, min, max } => {
                Scan::Run { class, counts: min..=max.unwrap_or(usize::MAX) }
            }
            matcher => Scan::Search(matcher),
        };
        Field { scan, tail: tail.into() }
    }

    /// Where the capture starting at `at` ends (the first byte of its tail,
    /// or the end of `haystack`), when the text up to there matches it.
    fn end(&self, haystack: &str, at: usize) -> Option<usize> {
        match &self.scan {
            Scan::UpTo { min } => {
                let rest = haystack.as_bytes().get(at..)?;
                let length = memchr(*self.tail.first()?, rest)?;
                (length >= *min).then_some(at + length)
            }
            Scan::Run { class, counts } => self.end_of_run(haystack, at, class, counts),
            Scan::Search(matcher) => {
                self.end_by_search(haystack, at, |piece| matcher.matches(piece))
            }
        }
    }

    /// Finds the end with `memchr`, then checks the text before it.
    fn end_by_search(
        &self,
        haystack: &str,
        at: usize,
        matches: impl Fn(&str) -> bool,
    ) -> Option<usize> {
        let bytes = haystack.as_bytes();
        let end = match self.tail.first() {
            Some(&delimiter) => at + memchr(delimiter, bytes.get(at..)?)?,
            None => bytes.len(),
        };
        matches(haystack.get(at..end)?).then_some(end)
    }

    /// One pass for a repeated class, the common case: the run of ASCII
    /// members from `at` must stop exactly at the tail's first byte (which
    /// is no member, so it is also the first occurrence of that byte) or at
    /// the end of the input when the tail is empty. A non-ASCII byte leaves
    /// it to [`Field::end_by_search`].
    fn end_of_run(
        &self,
        haystack: &str,
        at: usize,
        class: &CharClass,
        counts: &RangeInclusive<usize>,
    ) -> Option<usize> {
        let rest = haystack.as_bytes().get(at..)?;
        let run =
            rest.iter().position(|&byte| !class.ascii[usize::from(byte)]).unwrap_or(rest.len());
        let stop = rest.get(run).copied();
        if stop.is_some_and(|byte| !byte.is_ascii()) {
            let members = |piece: &str| class.count_members(piece);
            return self.end_by_search(haystack, at, |piece| {
                members(piece).is_some_and(|count| counts.contains(&count))
            });
        }
        (stop == self.tail.first().copied() && counts.contains(&run)).then_some(at + run)
    }
}

/// Whether `bytes` starts with `prefix`: a plain loop, because the literals
/// here are a byte or two and a call to `memcmp` costs more than comparing.
fn has_prefix(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() >= prefix.len() && bytes.iter().zip(prefix).all(|(byte, expected)| byte == expected)
}

/// The leading literal of `items` (empty when there is none) and the rest.
fn split_literal(items: &[Hir]) -> (&[u8], &[Hir]) {
    match items.split_first() {
        Some((first, rest)) => match first.kind() {
            HirKind::Literal(literal) => (&literal.0, rest),
            _ => (&[], items),
        },
        None => (&[], items),
    }
}

/// Pairs each capture of `items` with the literal after it, checking that
/// the literal's first byte is one the capture never matches.
fn fields(mut items: &[Hir], to_end: bool) -> Option<Box<[Field]>> {
    let mut fields = Vec::new();
    while let Some((item, rest)) = items.split_first() {
        let HirKind::Capture(capture) = item.kind() else { return None };
        if usize::try_from(capture.index).ok()? != fields.len() + 1 {
            return None;
        }
        let (tail, rest) = split_literal(rest);
        let bytes = ByteSet::of(&capture.sub)?;
        match tail.first() {
            Some(&delimiter) if !bytes.contains(delimiter) => {}
            None if to_end && rest.is_empty() => {}
            _ => return None,
        }
        fields.push(Field::new(Matcher::new(&capture.sub)?, tail));
        items = rest;
    }
    Some(fields.into())
}

/// Every byte that can occur in the UTF-8 encoding of a string a
/// sub-expression matches (a superset is fine: it only makes plans rarer).
struct ByteSet([bool; 256]);

impl ByteSet {
    /// The bytes `hir` can match, or `None` when it holds a group or a
    /// look-around, or nests deeper than the parser's limit allows.
    fn of(hir: &Hir) -> Option<ByteSet> {
        let mut set = ByteSet([false; 256]);
        set.add(hir, MAX_DEPTH)?;
        Some(set)
    }

    fn contains(&self, byte: u8) -> bool {
        self.0[usize::from(byte)]
    }

    fn add(&mut self, hir: &Hir, depth: u32) -> Option<()> {
        let depth = depth.checked_sub(1)?;
        match hir.kind() {
            HirKind::Empty => {}
            HirKind::Literal(literal) => {
                literal.0.iter().for_each(|&byte| self.insert(byte..=byte))
            }
            HirKind::Class(Class::Bytes(class)) => {
                class.ranges().iter().for_each(|range| self.insert(range.start()..=range.end()));
            }
            HirKind::Class(Class::Unicode(class)) => {
                class
                    .ranges()
                    .iter()
                    .for_each(|range| self.insert_chars(range.start(), range.end()));
            }
            HirKind::Repetition(repetition) => self.add(&repetition.sub, depth)?,
            HirKind::Concat(subs) | HirKind::Alternation(subs) => {
                subs.iter().try_for_each(|sub| self.add(sub, depth))?;
            }
            HirKind::Look(_) | HirKind::Capture(_) => return None,
        }
        Some(())
    }

    fn insert(&mut self, bytes: std::ops::RangeInclusive<u8>) {
        bytes.for_each(|byte| self.0[usize::from(byte)] = true);
    }

    /// A character range's ASCII part adds its own bytes; any character past
    /// ASCII is encoded with bytes `0x80..=0xFF` only, so it adds those.
    fn insert_chars(&mut self, start: char, end: char) {
        if start.is_ascii() {
            let ascii_end = if end.is_ascii() { end } else { '\x7f' };
            self.insert(start as u8..=ascii_end as u8);
        }
        if !end.is_ascii() {
            self.insert(0x80..=0xff);
        }
    }
}

/// A check that a captured piece matches its sub-expression in full.
#[derive(Clone, Debug)]
enum Matcher {
    /// `C{min,max}` of one class, the common case: a table lookup per byte.
    Repeat { class: CharClass, min: usize, max: Option<usize> },
    /// Exactly this text.
    Literal(Box<[u8]>),
    /// Any of several simple matchers, as in `\d+|-`.
    Either(Box<[Matcher]>),
    /// Anything else: an automaton for `^sub$`, searched without captures.
    Automaton(Regex),
}

impl Matcher {
    fn new(hir: &Hir) -> Option<Matcher> {
        if let Some(simple) = Matcher::simple(hir) {
            return Some(simple);
        }
        if let HirKind::Alternation(alternatives) = hir.kind()
            && let Some(simple) = alternatives.iter().map(Matcher::simple).collect::<Option<_>>()
        {
            return Some(Matcher::Either(simple));
        }
        Matcher::automaton(hir).map(Matcher::Automaton)
    }

    /// A matcher for a class, a repeated class or a literal.
    fn simple(hir: &Hir) -> Option<Matcher> {
        match hir.kind() {
            HirKind::Empty => Some(Matcher::Literal(Box::default())),
            HirKind::Literal(literal) => Some(Matcher::Literal(literal.0.clone())),
            HirKind::Class(class) => {
                Some(Matcher::Repeat { class: CharClass::new(class)?, min: 1, max: Some(1) })
            }
            HirKind::Repetition(repetition) => {
                let HirKind::Class(class) = repetition.sub.kind() else { return None };
                Some(Matcher::Repeat {
                    class: CharClass::new(class)?,
                    min: usize::try_from(repetition.min).ok()?,
                    max: repetition.max.map(usize::try_from).transpose().ok()?,
                })
            }
            _ => None,
        }
    }

    fn automaton(hir: &Hir) -> Option<Regex> {
        let whole = Hir::concat(vec![Hir::look(Look::Start), hir.clone(), Hir::look(Look::End)]);
        let config = Regex::config()
            .which_captures(WhichCaptures::None)
            .nfa_size_limit(Some(SIZE_LIMIT))
            .onepass_size_limit(Some(SIZE_LIMIT));
        Regex::builder().configure(config).build_from_hir(&whole).ok()
    }

    fn matches(&self, piece: &str) -> bool {
        match self {
            Matcher::Repeat { class, min, max } => class
                .count_members(piece)
                .is_some_and(|count| count >= *min && max.is_none_or(|max| count <= max)),
            Matcher::Literal(literal) => piece.as_bytes() == &**literal,
            Matcher::Either(matchers) => matchers.iter().any(|matcher| matcher.matches(piece)),
            Matcher::Automaton(regex) => regex.is_match(piece),
        }
    }
}

/// A set of characters: a table for ASCII, sorted ranges for the rest, so
/// that Unicode classes (`\d` includes `٣`) are checked exactly.
#[derive(Clone, Debug)]
struct CharClass {
    /// `ascii[b]` for each ASCII byte in the class; bytes `>= 0x80` are false.
    ascii: Box<[bool; 256]>,
    /// Non-overlapping ranges of non-ASCII characters, in order.
    wide: Box<[(char, char)]>,
}

impl CharClass {
    /// The class, or `None` for a byte class reaching past ASCII (which a
    /// UTF-8 pattern cannot hold, but then the automaton decides).
    fn new(class: &Class) -> Option<CharClass> {
        let mut ascii = Box::new([false; 256]);
        let mut wide = Vec::new();
        match class {
            Class::Unicode(class) => {
                for range in class.ranges() {
                    mark_ascii(&mut ascii, u32::from(range.start()), u32::from(range.end()));
                    let start = range.start().max('\u{80}');
                    if start <= range.end() {
                        wide.push((start, range.end()));
                    }
                }
            }
            Class::Bytes(class) => {
                for range in class.ranges() {
                    if !range.end().is_ascii() {
                        return None;
                    }
                    mark_ascii(&mut ascii, u32::from(range.start()), u32::from(range.end()));
                }
            }
        }
        Some(CharClass { ascii, wide: wide.into() })
    }

    /// How many characters `piece` has, when every one is in the class.
    fn count_members(&self, piece: &str) -> Option<usize> {
        let bytes = piece.as_bytes();
        let Some(stop) = bytes.iter().position(|&byte| !self.ascii[usize::from(byte)]) else {
            return Some(bytes.len());
        };
        // Everything before `stop` is ASCII, so `stop` is a character boundary.
        let rest = piece.get(stop..)?;
        let mut count = stop;
        for ch in rest.chars() {
            if !self.contains(ch) {
                return None;
            }
            count += 1;
        }
        Some(count)
    }

    /// Whether the class holds every character except the ASCII `byte`.
    fn is_all_but(&self, byte: u8) -> bool {
        /// Scalar values past ASCII: all code points above 0x7f but surrogates.
        const WIDE_SCALARS: u32 = 0x11_0000 - 0x80 - 0x800;
        let ascii_ok = (0..0x80u8).all(|other| self.ascii[usize::from(other)] == (other != byte));
        let wide: u32 = self.wide.iter().map(|&(start, end)| scalars_between(start, end)).sum();
        byte.is_ascii() && ascii_ok && wide == WIDE_SCALARS
    }

    fn contains(&self, ch: char) -> bool {
        if ch.is_ascii() {
            return self.ascii[ch as usize];
        }
        self.wide
            .binary_search_by(|&(start, end)| {
                if end < ch {
                    std::cmp::Ordering::Less
                } else if start > ch {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// How many scalar values `start..=end` holds: its code points minus any
/// surrogates it spans.
fn scalars_between(start: char, end: char) -> u32 {
    let (start, end) = (u32::from(start), u32::from(end));
    let surrogates = end.min(0xdfff).saturating_add(1).saturating_sub(start.max(0xd800));
    (end.saturating_sub(start) + 1).saturating_sub(surrogates)
}

/// Marks the ASCII part of the code point range `start..=end`.
fn mark_ascii(ascii: &mut [bool; 256], start: u32, end: u32) {
    for code in start..=end.min(0x7f) {
        if let Some(slot) = usize::try_from(code).ok().and_then(|index| ascii.get_mut(index)) {
            *slot = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W2: &str = r#"^(?P<client>\S+) (?P<ident>\S+) (?P<user>\S+) \[(?P<timestamp>[^\]]+)\] "(?P<method>\S+) (?P<path>\S+) (?P<protocol>[^"]+)" (?P<status>\d{3}) (?P<bytes>\d+|-) "(?P<referrer>[^"]*)" "(?P<agent>[^"]*)"$"#;

    fn plan(pattern: &str) -> Option<SplitPlan> {
        let hir = regex_automata::util::syntax::parse(pattern).ok()?;
        SplitPlan::new(&hir)
    }

    fn texts(pattern: &str, haystack: &str) -> Option<Vec<String>> {
        let spans = plan(pattern)?.find(haystack)?;
        Some(spans.into_iter().filter_map(|span| haystack.get(span).map(str::to_owned)).collect())
    }

    #[test]
    fn the_w2_pattern_gets_a_plan() {
        let line = r#"10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "-" "Mozilla/4.08""#;
        let Some(found) = texts(W2, line) else { panic!("the W2 pattern has a plan that matches") };
        assert_eq!(found.len(), 12);
        assert_eq!(found.get(4).map(String::as_str), Some("10/Oct/2000:13:55:36 -0700"));
        assert_eq!(found.get(11).map(String::as_str), Some("Mozilla/4.08"));
        assert!(plan(W2).is_some_and(|plan| plan.find(&line.replace(" 200 ", " 20 ")).is_none()));
    }

    #[test]
    fn negated_delimiters_are_found_with_memchr_alone() {
        let Some(plan) = plan(W2) else { panic!("the W2 pattern has a plan") };
        let scans: String = plan
            .fields
            .iter()
            .map(|field| match field.scan {
                Scan::UpTo { .. } => 'u',
                Scan::Run { .. } => 'r',
                Scan::Search(_) => 's',
            })
            .collect();
        // `\d+|-` alone needs a search; the `[^...]` fields need only memchr.
        assert_eq!(scans, "rrrurrursuu");
        let class = |pattern: &str| {
            let hir = regex_automata::util::syntax::parse(pattern).ok();
            hir.and_then(|hir| match hir.kind() {
                HirKind::Class(class) => CharClass::new(class),
                _ => None,
            })
        };
        assert!(class(r#"[^"]"#).is_some_and(|class| class.is_all_but(b'"')));
        assert!(class(r#"[^"]"#).is_some_and(|class| !class.is_all_but(b' ')));
        assert!(class(r#"[^"a]"#).is_some_and(|class| !class.is_all_but(b'"')));
        assert!(class(r#"[^"é]"#).is_some_and(|class| !class.is_all_but(b'"')));
        assert!(class(r"\S").is_some_and(|class| !class.is_all_but(b' ')));
    }

    #[test]
    fn ambiguous_shapes_get_no_plan() {
        for pattern in [
            r"^([a-z ]+) (x)$", // the capture's class holds the delimiter
            r"^(a|ab)bc$",      // the alternation can match the delimiter
            r"^(\S+)(\S+)$",    // nothing between two captures
            r"^(\w+)\s(\w+)$",  // a class between captures
            r"^(\d+)",          // the last capture's end is a matter of greed
            r"(a)b$",           // unanchored
            r"(?m)^(a)b$",      // line anchors
            r"^(a)?b$",         // an optional group
            r"^((a)b)c$",       // a nested group
            r"^(a\b)c$",        // a look-around inside a capture
            r"^(.+) (.+)$",     // `.` matches the delimiter
            r"^(é+)é$",         // a non-ASCII delimiter
            r"^(a)b$|^(c)d$",   // alternatives at the top
        ] {
            assert!(plan(pattern).is_none(), "{pattern} must have no plan");
        }
    }

    #[test]
    fn shapes_with_a_forced_split_get_a_plan() {
        assert_eq!(texts(r"^(a|ab)c$", "abc"), Some(vec!["abc".into(), "ab".into()]));
        assert_eq!(texts(r"^$", ""), Some(vec![String::new()]));
        assert_eq!(texts(r"^ab", "abc"), Some(vec!["ab".into()]));
        assert_eq!(texts(r"^(\d+)$", "٣4"), Some(vec!["٣4".into(), "٣4".into()]));
        assert_eq!(texts(r"^(?-u:\d+)$", "٣4"), None);
        assert_eq!(texts(r"^(\S+) x", "é x y"), Some(vec!["é x".into(), "é".into()]));
        assert_eq!(texts(r"^(a+b|c)-$", "aab-"), Some(vec!["aab-".into(), "aab".into()]));
    }
}
