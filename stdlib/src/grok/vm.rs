//! Runs a grok [`Program`]: leftmost-first backtracking with a failure memo
//! at join points and a step budget.
//!
//! The memo makes revisiting an instruction at a position free, as in
//! regex-automata's bounded backtracker. Runs of one class enumerate their
//! candidate ends without a memo entry each, so an adversarial pattern could
//! still take quadratic time here; the step budget (proportional to the
//! input length) stops such a search, and the caller then asks the meta
//! regex, whose time is linear. Either way the answer is the same.

use super::program::{Assertion, CharClass, Inst, NO_MEMO, NO_SET, Program, Run};

/// Steps allowed per input byte before giving up, plus a constant.
const STEPS_PER_BYTE: usize = 64;
const BASE_STEPS: usize = 4096;
/// The same for the first pass, which runs without the memo.
const QUICK_STEPS_PER_BYTE: usize = 8;
const QUICK_BASE_STEPS: usize = 1024;
/// The failure memo may use at most this many bits; longer inputs go to the
/// meta regex.
const MAX_MEMO_BITS: usize = 8 << 20;
/// A slot no group has set.
pub(crate) const UNSET: usize = usize::MAX;

/// What a search found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// `Cache::slots` hold the match.
    Match,
    NoMatch,
    /// The input was too long or the search too costly; ask the meta regex.
    GaveUp,
}

/// Reusable memory of the vm.
#[derive(Default)]
pub(crate) struct Cache {
    stack: Vec<Frame>,
    memo: Vec<u64>,
    /// Capture slots: group `i` spans `slots[2i]..slots[2i + 1]`.
    pub slots: Vec<usize>,
}

#[derive(Clone, Copy)]
enum Frame {
    /// Continue a thread at `pc`, `at`.
    Resume { pc: usize, at: usize },
    /// Undo a capture save on the way back.
    Restore { slot: usize, value: usize },
    /// Give back one character of the greedy run at `pc`, which now ends
    /// at `end` and may not end before `floor`.
    Shorter { pc: usize, end: usize, floor: usize },
    /// Take one more character into the lazy run at `pc`, which now ends at
    /// `end` after `count` characters.
    Longer { pc: usize, end: usize, count: u32 },
}

struct Search<'a> {
    program: &'a Program,
    haystack: &'a [u8],
    text: &'a str,
    cache: &'a mut Cache,
    steps: usize,
    budget: usize,
    /// Whether the failure memo is kept (the second pass).
    memo: bool,
}

/// Searches `text` for the leftmost-first match of `program`.
///
/// A first pass runs without the memo under a small budget: a typical
/// match takes a few steps per field and never revisits a state, so
/// clearing and updating the memo would be wasted. The memo only cuts off
/// revisits of states that already failed, so both passes give the same
/// answer; a search that outgrows the small budget starts over with the
/// memo, and at most the small budget is spent twice.
pub(crate) fn search(program: &Program, text: &str, cache: &mut Cache) -> Outcome {
    let positions = text.len() + 1;
    // Inputs too long for the memo go to the meta regex before either pass.
    let memo_bits = program.memo_rows.saturating_mul(positions);
    if memo_bits > MAX_MEMO_BITS {
        return Outcome::GaveUp;
    }
    let quick = QUICK_STEPS_PER_BYTE.saturating_mul(positions).saturating_add(QUICK_BASE_STEPS);
    let mut first = Search {
        program,
        haystack: text.as_bytes(),
        text,
        cache,
        steps: 0,
        budget: quick,
        memo: false,
    };
    match first.run() {
        Outcome::GaveUp => {}
        outcome => return outcome,
    }
    cache.memo.clear();
    cache.memo.resize(memo_bits.div_ceil(64), 0);
    let budget = STEPS_PER_BYTE.saturating_mul(positions).saturating_add(BASE_STEPS);
    let mut search =
        Search { program, haystack: text.as_bytes(), text, cache, steps: 0, budget, memo: true };
    search.run()
}

impl Search<'_> {
    fn run(&mut self) -> Outcome {
        let last_start = if self.program.anchored_start { 0 } else { self.haystack.len() };
        for start in 0..=last_start {
            if !self.text.is_char_boundary(start) {
                continue;
            }
            match self.attempt(start) {
                Ok(true) => return Outcome::Match,
                Ok(false) => {}
                Err(GaveUp) => return Outcome::GaveUp,
            }
        }
        Outcome::NoMatch
    }

    /// One anchored attempt at `start`, backtracking through the stack.
    fn attempt(&mut self, start: usize) -> Result<bool, GaveUp> {
        self.cache.slots.clear();
        self.cache.slots.resize(self.program.slot_count, UNSET);
        self.cache.stack.clear();
        self.cache.stack.push(Frame::Resume { pc: 0, at: start });
        while let Some(frame) = self.cache.stack.pop() {
            let found = match frame {
                Frame::Resume { pc, at } => self.thread(pc, at)?,
                Frame::Restore { slot, value } => {
                    if let Some(s) = self.cache.slots.get_mut(slot) {
                        *s = value;
                    }
                    false
                }
                Frame::Shorter { pc, end, floor } => {
                    match self.previous_boundary(end).filter(|e| *e >= floor) {
                        Some(end) => {
                            if end > floor {
                                self.cache.stack.push(Frame::Shorter { pc, end, floor });
                            }
                            self.thread(pc + 1, end)?
                        }
                        None => false,
                    }
                }
                Frame::Longer { pc, end, count } => match self.one_more(pc, end, count) {
                    Some(end) => {
                        self.cache.stack.push(Frame::Longer { pc, end, count: count + 1 });
                        self.thread(pc + 1, end)?
                    }
                    None => false,
                },
            };
            if found {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Runs one thread until it matches (true) or fails (false).
    fn thread(&mut self, mut pc: usize, mut at: usize) -> Result<bool, GaveUp> {
        loop {
            self.steps += 1;
            if self.steps > self.budget {
                return Err(GaveUp);
            }
            if self.seen(pc, at) {
                return Ok(false);
            }
            let Some(inst) = self.program.insts.get(pc) else { return Ok(false) };
            match inst {
                Inst::Literal(bytes) => {
                    // One-byte literals (separators) are most of them; a
                    // direct compare beats a memcmp call.
                    let matched = match **bytes {
                        [byte] => self.haystack.get(at) == Some(&byte),
                        _ => self.haystack.get(at..).is_some_and(|rest| rest.starts_with(bytes)),
                    };
                    if !matched {
                        return Ok(false);
                    }
                    at += bytes.len();
                }
                Inst::Run(Run { class, min, max, greedy, possessive }) => {
                    let Some(class) = self.program.classes.get(*class) else { return Ok(false) };
                    let (floor, count) = self.scan(class, at, *min);
                    if count < *min {
                        return Ok(false);
                    }
                    if min == max {
                        at = floor;
                    } else if *greedy || *possessive {
                        let more = if *max == u32::MAX { u32::MAX } else { max - min };
                        let end = self.scan_rest(class, floor, more);
                        if end > floor && !*possessive {
                            self.cache.stack.push(Frame::Shorter { pc, end, floor });
                        }
                        at = end;
                    } else {
                        if count < *max {
                            self.cache.stack.push(Frame::Longer { pc, end: floor, count });
                        }
                        at = floor;
                    }
                }
                Inst::Split { first, second } => {
                    if self.cannot_start(pc, at) {
                        pc = *second;
                        continue;
                    }
                    self.cache.stack.push(Frame::Resume { pc: *second, at });
                    pc = *first;
                    continue;
                }
                Inst::Jump(target) => {
                    pc = *target;
                    continue;
                }
                Inst::Save(slot) => {
                    if let Some(s) = self.cache.slots.get_mut(*slot) {
                        let value = std::mem::replace(s, at);
                        self.cache.stack.push(Frame::Restore { slot: *slot, value });
                    }
                }
                Inst::Assert(assertion) => {
                    if !self.holds(*assertion, at) {
                        return Ok(false);
                    }
                }
                Inst::Match => return Ok(true),
            }
            pc += 1;
        }
    }

    /// True when `pc` is a join point already tried at `at`; marks it.
    fn seen(&mut self, pc: usize, at: usize) -> bool {
        if !self.memo {
            return false;
        }
        let row = self.program.memo_index.get(pc).copied().unwrap_or(NO_MEMO);
        if row == NO_MEMO {
            return false;
        }
        let bit = row as usize * (self.haystack.len() + 1) + at;
        let Some(word) = self.cache.memo.get_mut(bit / 64) else { return false };
        let mask = 1u64 << (bit % 64);
        let seen = *word & mask != 0;
        *word |= mask;
        seen
    }

    /// True when the split at `pc` can skip its first branch: the byte at
    /// `at` cannot start it.
    fn cannot_start(&self, pc: usize, at: usize) -> bool {
        let set = self.program.split_skip.get(pc).copied().unwrap_or(NO_SET);
        if set == NO_SET {
            return false;
        }
        let Some(set) = self.program.byte_sets.get(set as usize) else { return false };
        self.haystack.get(at).is_none_or(|byte| !set[*byte as usize])
    }

    /// The end of a run of up to `limit` more characters of `class` from
    /// `at`. ASCII is read a byte at a time, and a class such as `[^"]` is
    /// searched with memchr; only other non-ASCII characters are decoded.
    fn scan_rest(&self, class: &CharClass, at: usize, limit: u32) -> usize {
        let rest = self.haystack.get(at..).unwrap_or_default();
        let unbounded = limit == u32::MAX || limit as usize >= rest.len();
        if let (true, Some(excluded)) = (unbounded, class.excluded.as_deref()) {
            let found = match *excluded {
                [a] => memchr::memchr(a, rest),
                [a, b] => memchr::memchr2(a, b, rest),
                [a, b, c] => memchr::memchr3(a, b, c, rest),
                _ => None,
            };
            return at + found.unwrap_or(rest.len());
        }
        let mut end = at;
        let mut count = 0;
        while count < limit {
            let ascii_run = rest
                .get(end - at..)
                .unwrap_or_default()
                .iter()
                .take((limit - count) as usize)
                .take_while(|byte| class.ascii[**byte as usize])
                .count();
            end += ascii_run;
            count += ascii_run as u32;
            match self.char_at(end) {
                Some((c, len)) if count < limit && !c.is_ascii() && class.contains(c) => {
                    end += len;
                    count += 1;
                }
                _ => break,
            }
        }
        end
    }

    /// Consumes up to `limit` characters of `class` from `at`: the end and
    /// how many characters were taken.
    fn scan(&self, class: &CharClass, mut at: usize, limit: u32) -> (usize, u32) {
        let mut count = 0;
        while count < limit {
            match self.char_at(at) {
                Some((c, len)) if class.contains(c) => {
                    at += len;
                    count += 1;
                }
                _ => break,
            }
        }
        (at, count)
    }

    /// The character boundary before `end`.
    fn previous_boundary(&self, end: usize) -> Option<usize> {
        (end.saturating_sub(4)..end).rev().find(|i| self.text.is_char_boundary(*i))
    }

    /// The end of the lazy run at `pc` after one more character, if the
    /// character at `end` belongs to its class and the run may grow.
    fn one_more(&self, pc: usize, end: usize, count: u32) -> Option<usize> {
        let Some(Inst::Run(Run { class, max, .. })) = self.program.insts.get(pc) else {
            return None;
        };
        let class = self.program.classes.get(*class)?;
        match self.char_at(end) {
            Some((c, len)) if count < *max && class.contains(c) => Some(end + len),
            _ => None,
        }
    }

    /// The character at byte `at` and its length.
    fn char_at(&self, at: usize) -> Option<(char, usize)> {
        let byte = *self.haystack.get(at)?;
        if byte < 0x80 {
            return Some((char::from(byte), 1));
        }
        let c = self.text.get(at..)?.chars().next()?;
        Some((c, c.len_utf8()))
    }

    fn holds(&self, assertion: Assertion, at: usize) -> bool {
        let before = at.checked_sub(1).and_then(|i| self.haystack.get(i)).copied();
        let after = self.haystack.get(at).copied();
        let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
        match assertion {
            Assertion::Start => at == 0,
            Assertion::End => at == self.haystack.len(),
            Assertion::StartLine => before.is_none_or(|b| b == b'\n'),
            Assertion::EndLine => after.is_none_or(|b| b == b'\n'),
            Assertion::WordBoundary => word(before) != word(after),
            Assertion::NotWordBoundary => word(before) == word(after),
        }
    }
}

/// The step budget ran out.
struct GaveUp;
