//! Compiles a regex (as regex-syntax HIR) into a small program for the grok
//! matcher in `vm.rs`: literals, runs of one character class, splits, jumps,
//! capture saves and ASCII look-arounds.
//!
//! Why a second engine: grok patterns are long chains of token classes
//! (`\S+`, `[0-9]{1,3}`, `"[^"]*"`) with a few alternations. regex-automata's
//! capture engines step one NFA state per byte; this program consumes a whole
//! run of a class in one tight loop, so it extracts captures several times
//! faster. It keeps exactly the leftmost-first semantics of the meta regex
//! compiled from the same HIR: alternatives and repetitions are laid out in
//! the same priority order, and the vm memoizes failures the same way.
//! Anything it does not model (Unicode word boundaries, repetitions whose
//! body can match the empty string, very large programs) makes
//! [`Program::compile`] return `None`, and the meta regex alone is used.

use std::collections::HashMap;

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// Programs longer than this are left to the meta regex.
const MAX_INSTRUCTIONS: usize = 20_000;

/// One instruction.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Inst {
    /// The exact bytes.
    Literal(Box<[u8]>),
    /// Between `min` and `max` characters of a class.
    Run(Run),
    /// Try `first`, and `second` if that fails.
    Split {
        first: usize,
        second: usize,
    },
    Jump(usize),
    /// Record the position in capture slot `n`.
    Save(usize),
    Assert(Assertion),
    Match,
}

/// A run of one character class, greedy or lazy.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Run {
    /// An index into [`Program::classes`].
    pub class: usize,
    pub min: u32,
    pub max: u32,
    pub greedy: bool,
    /// Set when what follows can never start with a character of the
    /// class, so only the longest run can succeed.
    pub possessive: bool,
}

/// The zero-width assertions the vm models.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Assertion {
    Start,
    End,
    StartLine,
    EndLine,
    WordBoundary,
    NotWordBoundary,
}

/// A character class: a byte table for ASCII plus sorted non-ASCII ranges.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct CharClass {
    /// `ascii[b]` for ASCII bytes; always false for bytes from 0x80.
    pub ascii: [bool; 256],
    pub ranges: Box<[(char, char)]>,
    /// When the class is "anything but one to three ASCII bytes" (`[^"]`,
    /// `[^\\"]`, `.`), those bytes, so a run can be found with memchr.
    pub excluded: Option<Box<[u8]>>,
}

impl CharClass {
    pub fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii.get(c as usize).copied().unwrap_or(false);
        }
        self.ranges.binary_search_by(|(lo, hi)| order(*lo, *hi, c)).is_ok()
    }

    /// The bytes a character of this class can start with.
    fn lead_bytes(&self) -> [bool; 256] {
        let mut lead = self.ascii;
        for (lo, hi) in self.ranges.iter() {
            let (first, last) = (utf8_lead(*lo), utf8_lead(*hi));
            for byte in first..=last {
                lead[byte as usize] = true;
            }
        }
        lead
    }
}

fn order(lo: char, hi: char, c: char) -> std::cmp::Ordering {
    if hi < c {
        std::cmp::Ordering::Less
    } else if lo > c {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

fn utf8_lead(c: char) -> u8 {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf).as_bytes().first().copied().unwrap_or(0)
}

/// A compiled program.
#[derive(Clone, Debug)]
pub(crate) struct Program {
    pub insts: Vec<Inst>,
    pub classes: Vec<CharClass>,
    /// Two slots per capture group, group 0 (the whole match) included.
    pub slot_count: usize,
    /// True when the pattern can only match at the start of the input.
    pub anchored_start: bool,
    /// `memo_index[pc]`: the row of the failure memo for join points, whose
    /// revisits at one position are cut off; [`NO_MEMO`] for other instructions.
    pub memo_index: Vec<u32>,
    pub memo_rows: usize,
    /// `split_skip[pc]` for a split: the bytes its first branch can start
    /// with (an index into `byte_sets`), so a thread at any other byte goes
    /// straight to the second branch; [`NO_SET`] when unknown.
    pub split_skip: Vec<u32>,
    pub byte_sets: Vec<[bool; 256]>,
}

/// No memo row / no byte set.
pub(crate) const NO_MEMO: u32 = u32::MAX;
pub(crate) const NO_SET: u32 = u32::MAX;

impl Program {
    /// Compiles `hir`; `None` when it uses something the vm does not model.
    pub fn compile(hir: &Hir, capture_groups: usize) -> Option<Program> {
        let mut compiler =
            Compiler { insts: Vec::new(), classes: Vec::new(), class_index: HashMap::new() };
        compiler.push(Inst::Save(0))?;
        compiler.node(hir)?;
        compiler.push(Inst::Save(1))?;
        compiler.push(Inst::Match)?;
        let anchored_start = hir.properties().look_set_prefix().contains(Look::Start);
        let mut program = Program {
            insts: compiler.insts,
            classes: compiler.classes,
            slot_count: 2 * (capture_groups + 1),
            anchored_start,
            memo_index: Vec::new(),
            memo_rows: 0,
            split_skip: Vec::new(),
            byte_sets: Vec::new(),
        };
        program.mark_possessive_runs();
        program.index_join_points();
        program.index_split_skips();
        Some(program)
    }

    /// Records, for each split, what its first branch must start with.
    fn index_split_skips(&mut self) {
        let mut skips = vec![NO_SET; self.insts.len()];
        let mut known = HashMap::new();
        for (pc, skip) in skips.iter_mut().enumerate() {
            let Some(Inst::Split { first, .. }) = self.insts.get(pc) else { continue };
            if let Some(set) = self.first_bytes(*first, 8) {
                let index = *known.entry(set).or_insert_with(|| {
                    self.byte_sets.push(set);
                    self.byte_sets.len() - 1
                });
                *skip = u32::try_from(index).unwrap_or(NO_SET);
            }
        }
        self.split_skip = skips;
    }

    /// Sets `possessive` on runs that nothing after them can start with.
    fn mark_possessive_runs(&mut self) {
        for pc in 0..self.insts.len() {
            let Some(Inst::Run(Run { class, .. })) = self.insts.get(pc) else { continue };
            let Some(follow) = self.first_bytes(pc + 1, 8) else { continue };
            let Some(lead) = self.classes.get(*class).map(CharClass::lead_bytes) else { continue };
            let disjoint = lead.iter().zip(follow.iter()).all(|(a, b)| !(*a && *b));
            if let Some(Inst::Run(Run { possessive, .. })) = self.insts.get_mut(pc) {
                *possessive = disjoint;
            }
        }
    }

    /// The bytes that any match starting at `pc` must begin with; `None`
    /// when unknown (an assertion, the end, a run that may be empty).
    fn first_bytes(&self, pc: usize, depth: usize) -> Option<[bool; 256]> {
        if depth == 0 {
            return None;
        }
        match self.insts.get(pc)? {
            Inst::Literal(bytes) => {
                let mut set = [false; 256];
                set[*bytes.first()? as usize] = true;
                Some(set)
            }
            Inst::Run(Run { class, min, .. }) if *min > 0 => {
                self.classes.get(*class).map(CharClass::lead_bytes)
            }
            Inst::Save(_) => self.first_bytes(pc + 1, depth - 1),
            Inst::Jump(target) => self.first_bytes(*target, depth - 1),
            Inst::Split { first, second } => {
                let (a, b) =
                    (self.first_bytes(*first, depth - 1)?, self.first_bytes(*second, depth - 1)?);
                let mut set = a;
                set.iter_mut().zip(b.iter()).for_each(|(x, y)| *x |= *y);
                Some(set)
            }
            Inst::Run(_) | Inst::Assert(_) | Inst::Match => None,
        }
    }

    /// Join points: where paths that split up meet again at one position
    /// — jump targets (the end of an alternation, the head of a loop) and
    /// what follows a run that can give back characters. Memoizing failures
    /// there is what bounds the work on ambiguous patterns; split targets
    /// are left out, as only their split leads to them.
    fn index_join_points(&mut self) {
        let mut join = vec![false; self.insts.len() + 1];
        for (pc, inst) in self.insts.iter().enumerate() {
            match inst {
                Inst::Jump(target) => join[*target] = true,
                Inst::Run(Run { possessive: false, min, max, .. }) if min != max => {
                    join[pc + 1] = true
                }
                _ => {}
            }
        }
        let mut rows = 0u32;
        self.memo_index = join[..self.insts.len()]
            .iter()
            .map(|is_join| match is_join {
                true => {
                    rows += 1;
                    rows - 1
                }
                false => NO_MEMO,
            })
            .collect();
        self.memo_rows = rows as usize;
    }
}

struct Compiler {
    insts: Vec<Inst>,
    classes: Vec<CharClass>,
    class_index: HashMap<CharClass, usize>,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Option<usize> {
        if self.insts.len() >= MAX_INSTRUCTIONS {
            return None;
        }
        self.insts.push(inst);
        Some(self.insts.len() - 1)
    }

    fn patch(&mut self, pc: usize, inst: Inst) {
        if let Some(slot) = self.insts.get_mut(pc) {
            *slot = inst;
        }
    }

    fn node(&mut self, hir: &Hir) -> Option<()> {
        match hir.kind() {
            HirKind::Empty => Some(()),
            HirKind::Literal(literal) => self.push(Inst::Literal(literal.0.clone())).map(drop),
            HirKind::Class(class) => self.run(class, 1, 1, true),
            HirKind::Look(look) => self.push(Inst::Assert(assertion(*look)?)).map(drop),
            HirKind::Capture(capture) => {
                let slot = 2 * capture.index as usize;
                self.push(Inst::Save(slot))?;
                self.node(&capture.sub)?;
                self.push(Inst::Save(slot + 1)).map(drop)
            }
            HirKind::Concat(items) => items.iter().try_for_each(|item| self.node(item)),
            HirKind::Alternation(items) => self.alternation(items),
            HirKind::Repetition(repetition) => {
                let max = repetition.max.unwrap_or(u32::MAX);
                match repetition.sub.kind() {
                    HirKind::Class(class) => {
                        self.run(class, repetition.min, max, repetition.greedy)
                    }
                    _ => self.repeat(
                        &repetition.sub,
                        repetition.min,
                        repetition.max,
                        repetition.greedy,
                    ),
                }
            }
        }
    }

    fn run(&mut self, class: &Class, min: u32, max: u32, greedy: bool) -> Option<()> {
        let class = self.intern(char_class(class)?);
        self.push(Inst::Run(Run { class, min, max, greedy, possessive: false })).map(drop)
    }

    /// The index of `class`, shared with an equal class seen before: patterns
    /// repeat the same few classes (IPV6 alone uses the hex digits dozens of
    /// times), and one table per distinct class keeps the program in cache.
    fn intern(&mut self, class: CharClass) -> usize {
        if let Some(index) = self.class_index.get(&class) {
            return *index;
        }
        self.classes.push(class.clone());
        self.class_index.insert(class, self.classes.len() - 1);
        self.classes.len() - 1
    }

    /// `a|b|c`: split to each branch in order, each jumping to the end.
    fn alternation(&mut self, items: &[Hir]) -> Option<()> {
        let mut jumps = Vec::new();
        let last = items.len().checked_sub(1)?;
        for (index, item) in items.iter().enumerate() {
            if index == last {
                self.node(item)?;
                break;
            }
            let split = self.push(Inst::Split { first: 0, second: 0 })?;
            self.node(item)?;
            jumps.push(self.push(Inst::Jump(0))?);
            let next = self.insts.len();
            self.patch(split, Inst::Split { first: split + 1, second: next });
        }
        let end = self.insts.len();
        jumps.into_iter().for_each(|jump| self.patch(jump, Inst::Jump(end)));
        Some(())
    }

    /// `x{min,max}` for a sub-pattern other than one class: `min` copies,
    /// then optional copies or a loop. A body that can match the empty
    /// string is left to the meta regex, whose handling of empty iterations
    /// the vm does not reproduce.
    fn repeat(&mut self, sub: &Hir, min: u32, max: Option<u32>, greedy: bool) -> Option<()> {
        if sub.properties().minimum_len().is_none_or(|n| n == 0) {
            return None;
        }
        for _ in 0..min {
            self.node(sub)?;
        }
        match max {
            None => {
                let split = self.push(Inst::Split { first: 0, second: 0 })?;
                self.node(sub)?;
                self.push(Inst::Jump(split))?;
                let exit = self.insts.len();
                self.patch(split, ordered(split + 1, exit, greedy));
            }
            Some(max) => {
                let mut splits = Vec::new();
                for _ in min..max {
                    splits.push(self.push(Inst::Split { first: 0, second: 0 })?);
                    self.node(sub)?;
                }
                let exit = self.insts.len();
                splits
                    .into_iter()
                    .for_each(|split| self.patch(split, ordered(split + 1, exit, greedy)));
            }
        }
        Some(())
    }
}

/// A split that prefers `body` when greedy and `exit` when lazy.
fn ordered(body: usize, exit: usize, greedy: bool) -> Inst {
    if greedy {
        Inst::Split { first: body, second: exit }
    } else {
        Inst::Split { first: exit, second: body }
    }
}

fn assertion(look: Look) -> Option<Assertion> {
    match look {
        Look::Start => Some(Assertion::Start),
        Look::End => Some(Assertion::End),
        Look::StartLF => Some(Assertion::StartLine),
        Look::EndLF => Some(Assertion::EndLine),
        Look::WordAscii => Some(Assertion::WordBoundary),
        Look::WordAsciiNegate => Some(Assertion::NotWordBoundary),
        _ => None,
    }
}

fn char_class(class: &Class) -> Option<CharClass> {
    let mut ascii = [false; 256];
    let mut ranges = Vec::new();
    let mut add = |lo: u32, hi: u32| {
        for code in lo..=hi.min(127) {
            if let Some(slot) = ascii.get_mut(code as usize) {
                *slot = true;
            }
        }
        if hi >= 128 {
            ranges.push((char::from_u32(lo.max(128))?, char::from_u32(hi)?));
        }
        Some(())
    };
    match class {
        Class::Unicode(class) => {
            for range in class.ranges() {
                add(range.start() as u32, range.end() as u32)?;
            }
        }
        // Byte classes only occur in UTF-8 mode when they are ASCII.
        Class::Bytes(class) => {
            for range in class.ranges() {
                if range.end() >= 128 {
                    return None;
                }
                add(u32::from(range.start()), u32::from(range.end()))?;
            }
        }
    }
    let all_non_ascii = ranges.as_slice() == [('\u{80}', char::MAX)];
    let excluded: Vec<u8> = (0u8..128).filter(|b| !ascii[*b as usize]).collect();
    let excluded = (all_non_ascii && !excluded.is_empty() && excluded.len() <= 3)
        .then(|| excluded.into_boxed_slice());
    Some(CharClass { ascii, ranges: ranges.into_boxed_slice(), excluded })
}
