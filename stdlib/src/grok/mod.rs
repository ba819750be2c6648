//! Grok: Logstash-compatible named patterns compiled to one linear-time regex.
//!
//! The pattern library lives in `grok-patterns/` (embedded at build time);
//! [`Library`] adds user definitions on top. [`Library::compile`] expands
//! `%{NAME}`, `%{NAME:field}` and `%{NAME:field:int|float}` recursively and
//! compiles the result with regex-automata's meta engine: no backtracking,
//! so matching time is linear in the input, and patterns that would need
//! backtracking are refused when the pipeline is checked, never run with a
//! timeout.
//!
//! Captures come from a faster engine when it applies (`program.rs`,
//! `vm.rs`): it consumes runs of a character class in one loop instead of
//! one NFA state per byte, and gives the meta regex's exact answer (a
//! differential test checks this on the whole corpus). A search it finds too
//! costly, an input too long or a construct it does not model goes to the
//! meta regex, so the linear bound holds either way. On Apache combined
//! lines it is about 4x faster than the meta regex's captures.
//!
//! Semantics, chosen to match Logstash where a linear-time engine allows:
//! - The pattern is searched anywhere in the input (add `^`/`$` to anchor).
//! - A field whose group did not take part in the match, or matched the
//!   empty string, is left out of the result (Logstash's default
//!   `keep_empty_captures => false`); reading it yields `null`.
//! - A field captured by several groups takes the first group, in pattern
//!   order, that matched a non-empty string.
//! - `:int` accepts an integer, or a decimal number that it truncates (as
//!   Logstash does for `%{NUMBER:n:int}`); `:float` a finite number. A value
//!   that does not convert makes the whole call fail with a message naming
//!   the field, rather than a silent `null`: that keeps the checker's field
//!   types honest (`int`, not `int|null`).
//! - `[a][b]` field names build nested objects; any other name, dotted ones
//!   included, is a single flat key, as in Logstash (`http.status` stays a
//!   key with a dot).
//! - `\d \w \s \b` are ASCII, as in Logstash's Ruby regex dialect.

mod compile;
mod error;
mod library;
mod program;
mod scan;
mod vm;

use std::collections::{BTreeMap, HashMap};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Arc, Mutex, OnceLock};

use lgp_lang::types::{Kinds, Type};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{Input, meta};

use program::Program;
use vm::{Outcome, UNSET};

pub(crate) use error::shorten;
pub use error::{ConversionError, GrokError};
pub use library::{BUILTIN_FILES, Library};
pub use scan::Convert;

use crate::value::{Object, Str, Value};
use compile::Group;

/// A compiled grok pattern.
pub struct Grok {
    pattern: String,
    /// The reference engine, and the fallback when `program` gives up.
    regex: meta::Regex,
    /// The fast capture engine, when it models every construct used.
    program: Option<Program>,
    groups: Vec<Group>,
    fields: Vec<Field>,
    /// When every field is one flat key: (field index, key) in key order,
    /// so a match builds its object by appending, without searching.
    flat_keys: Option<Vec<(usize, Str)>>,
    scratch: Pool<Scratch, ScratchFn>,
}

/// A field the pattern captures.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The name as written in the pattern (`clientip`, `[http][status]`).
    pub name: String,
    /// Where the value goes: one key, or several for `[a][b]` names.
    pub path: Vec<Str>,
    /// `string`, `int` or `float`, or a union when groups disagree.
    pub kinds: Kinds,
    /// True when every match sets this field.
    pub always: bool,
}

/// Per-thread matching state, reused across calls so matching allocates
/// nothing but the result.
struct Scratch {
    cache: meta::Cache,
    captures: Captures,
    /// The fast engine's memory; its `slots` hold the spans of the last match.
    vm: vm::Cache,
    /// The value of each field in the current match, if set yet.
    values: Vec<Option<Value>>,
}

type ScratchFn = Box<dyn Fn() -> Scratch + Send + Sync + UnwindSafe + RefUnwindSafe>;

impl Library {
    /// Compiles `pattern` against this library.
    ///
    /// # Errors
    /// A [`GrokError`] for unknown names, cycles, unsupported constructs,
    /// invalid regex syntax or a pattern over the size limits.
    pub fn compile(&self, pattern: &str) -> Result<Grok, GrokError> {
        let expansion = compile::expand(self, pattern)?;
        let hir = compile::parse_hir(&expansion.regex)?;
        let regex = compile::build_regex(&hir)?;
        let guaranteed = compile::guaranteed_groups(&hir, expansion.groups.len());
        let program = Program::compile(&hir, expansion.groups.len());
        let fields = fields(&expansion, &guaranteed)?;
        let scratch = scratch_pool(&regex, fields.len());
        Ok(Grok {
            pattern: pattern.to_string(),
            regex,
            program,
            groups: expansion.groups,
            flat_keys: flat_keys(&fields),
            fields,
            scratch,
        })
    }
}

impl Grok {
    /// The pattern as the user wrote it.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The captured fields, in first-seen order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Matches `input`: `Ok(None)` when the pattern does not match,
    /// otherwise an object of the captured fields. String values share
    /// `input`'s storage.
    ///
    /// # Errors
    /// When a `:int` or `:float` capture does not convert.
    pub fn parse(&self, input: &Str) -> Result<Option<Value>, ConversionError> {
        let mut guard = self.scratch.get();
        let scratch = &mut *guard;
        if !self.find(input.as_str(), scratch) {
            return Ok(None);
        }
        let Scratch { vm, values, .. } = scratch;
        // Left over when a conversion failed part-way through the last call.
        values.iter_mut().for_each(|value| *value = None);
        for (index, group) in self.groups.iter().enumerate() {
            let (Some(&start), Some(&end)) =
                (vm.slots.get(2 * index + 2), vm.slots.get(2 * index + 3))
            else {
                continue;
            };
            if start == UNSET || end == UNSET {
                continue;
            }
            let Some(text) = input.get(start..end).filter(|t| !t.is_empty()) else { continue };
            let Some(slot) = values.get_mut(group.field).filter(|slot| slot.is_none()) else {
                continue;
            };
            let Some(field) = self.fields.get(group.field) else { continue };
            *slot = Some(convert(group.convert, input.slice_ref(text), field)?);
        }
        Ok(Some(Value::Object(self.build(values))))
    }

    /// The object of the values a match set, taking them out of `values`.
    fn build(&self, values: &mut [Option<Value>]) -> Object {
        let Some(keys) = &self.flat_keys else {
            let mut object = Object::new();
            for (value, field) in values.iter_mut().zip(&self.fields) {
                if let Some(value) = value.take() {
                    insert(&mut object, &field.path, value);
                }
            }
            return object;
        };
        let mut object = Object::with_capacity(keys.len());
        for (index, key) in keys {
            if let Some(value) = values.get_mut(*index).and_then(Option::take) {
                // Keys come in order, so each insert appends.
                object.insert(key.clone(), value);
            }
        }
        object
    }

    /// Runs the fast engine, or the meta regex when it gives up or does not
    /// apply, leaving the capture spans in `scratch.vm.slots`.
    fn find(&self, text: &str, scratch: &mut Scratch) -> bool {
        if let Some(program) = &self.program {
            match vm::search(program, text, &mut scratch.vm) {
                Outcome::Match => return true,
                Outcome::NoMatch => return false,
                Outcome::GaveUp => {}
            }
        }
        self.find_with_meta(text, scratch)
    }

    fn find_with_meta(&self, text: &str, scratch: &mut Scratch) -> bool {
        self.regex.search_captures_with(
            &mut scratch.cache,
            &Input::new(text),
            &mut scratch.captures,
        );
        if !scratch.captures.is_match() {
            return false;
        }
        let slots = &mut scratch.vm.slots;
        slots.clear();
        for group in 0..scratch.captures.group_len() {
            let span = scratch.captures.get_group(group);
            slots.push(span.map_or(UNSET, |s| s.start));
            slots.push(span.map_or(UNSET, |s| s.end));
        }
        true
    }

    /// The capture slots each engine finds on `text`: (fast engine, meta
    /// regex). The fast engine's entry is `None` when it does not apply or
    /// gives up. For differential tests.
    #[cfg(test)]
    fn slots_by_engine(&self, text: &str) -> (Option<Option<Vec<usize>>>, Option<Vec<usize>>) {
        let mut guard = self.scratch.get();
        let scratch = &mut *guard;
        let fast = self.program.as_ref().and_then(|program| {
            match vm::search(program, text, &mut scratch.vm) {
                Outcome::Match => Some(Some(scratch.vm.slots.clone())),
                Outcome::NoMatch => Some(None),
                Outcome::GaveUp => None,
            }
        });
        let meta = self.find_with_meta(text, scratch).then(|| scratch.vm.slots.clone());
        (fast, meta)
    }

    /// The type of a successful result: a closed object of the captured
    /// fields, each `null`-able unless every match sets it.
    pub fn result_type(&self) -> Type {
        let mut root = TypeNode::default();
        for field in &self.fields {
            root.insert(&field.path, field);
        }
        root.into_type(true)
    }
}

impl std::fmt::Debug for Grok {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grok")
            .field("pattern", &self.pattern)
            .field("fields", &self.fields)
            .finish()
    }
}

/// Compiles `pattern` against the built-in library plus `definitions`
/// (`NAME`, regex) pairs, reusing an earlier compilation of the same inputs.
/// Checking, preparing and typing a call all compile the same constant
/// pattern, so the cache turns three compilations into one.
///
/// # Errors
/// As [`Library::compile`], or an invalid definition.
pub fn compile_cached(
    pattern: &str,
    definitions: &[(String, String)],
) -> Result<Arc<Grok>, GrokError> {
    type Key = (String, Vec<(String, String)>);
    type Cache = Mutex<HashMap<Key, Result<Arc<Grok>, GrokError>>>;
    const MAX_ENTRIES: usize = 256;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    let key = (pattern.to_string(), definitions.to_vec());
    if let Some(found) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return found.clone();
    }
    let compiled = compile_with(pattern, definitions).map(Arc::new);
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(key, compiled.clone());
    compiled
}

fn compile_with(pattern: &str, definitions: &[(String, String)]) -> Result<Grok, GrokError> {
    if definitions.is_empty() {
        return Library::builtin().compile(pattern);
    }
    let mut library = Library::builtin().clone();
    for (name, regex) in definitions {
        library.define(name, regex)?;
    }
    library.compile(pattern)
}

fn scratch_pool(regex: &meta::Regex, field_count: usize) -> Pool<Scratch, ScratchFn> {
    let regex = regex.clone();
    Pool::new(Box::new(move || Scratch {
        cache: regex.create_cache(),
        captures: regex.create_captures(),
        vm: vm::Cache::default(),
        values: vec![None; field_count],
    }))
}

/// Builds the field table: paths, kinds, whether always set, and refuses
/// a name captured both as a value and as an object.
fn fields(expansion: &compile::Expansion, guaranteed: &[bool]) -> Result<Vec<Field>, GrokError> {
    let mut fields: Vec<Field> = expansion
        .fields
        .iter()
        .map(|name| Field {
            name: name.clone(),
            path: field_path(name),
            kinds: Kinds::NONE,
            always: false,
        })
        .collect();
    for (group, always) in expansion.groups.iter().zip(guaranteed) {
        if let Some(field) = fields.get_mut(group.field) {
            field.kinds = field.kinds.union(convert_kinds(group.convert));
            field.always |= *always;
        }
    }
    check_conflicts(&fields)?;
    Ok(fields)
}

/// (field index, key) in key order when every field is one flat key.
fn flat_keys(fields: &[Field]) -> Option<Vec<(usize, Str)>> {
    let mut keys = fields
        .iter()
        .enumerate()
        .map(|(index, field)| match field.path.as_slice() {
            [key] => Some((index, key.clone())),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    keys.sort_by(|(_, a), (_, b)| a.as_str().cmp(b.as_str()));
    Some(keys)
}

/// `[a][b]` is the path `a`, `b`; any other name is one key.
fn field_path(name: &str) -> Vec<Str> {
    let nested = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .map(|inner| inner.split("][").collect::<Vec<_>>());
    match nested {
        Some(parts) if parts.iter().all(|p| !p.is_empty() && !p.contains(['[', ']'])) => {
            parts.into_iter().map(Str::from).collect()
        }
        _ => vec![Str::from(name)],
    }
}

fn check_conflicts(fields: &[Field]) -> Result<(), GrokError> {
    for value in fields {
        let nested = fields
            .iter()
            .find(|f| f.path.len() > value.path.len() && f.path.starts_with(&value.path));
        if let Some(object) = nested {
            return Err(GrokError::FieldConflict {
                value: value.name.clone(),
                object: object.name.clone(),
            });
        }
    }
    Ok(())
}

fn convert_kinds(convert: Convert) -> Kinds {
    match convert {
        Convert::String => Kinds::STRING,
        Convert::Int => Kinds::INT,
        Convert::Float => Kinds::FLOAT,
    }
}

fn convert(convert: Convert, text: Str, field: &Field) -> Result<Value, ConversionError> {
    let converted = match convert {
        Convert::String => return Ok(Value::String(text)),
        Convert::Int => parse_int(&text).map(Value::Int),
        Convert::Float => text.parse::<f64>().ok().filter(|f| f.is_finite()).map(Value::Float),
    };
    converted.ok_or_else(|| ConversionError {
        field: field.name.clone(),
        value: text.to_string(),
        to: if convert == Convert::Int { "an integer" } else { "a number" },
    })
}

/// An integer, or a decimal number truncated toward zero when it fits.
fn parse_int(text: &str) -> Option<i64> {
    if let Ok(n) = text.parse::<i64>() {
        return Some(n);
    }
    let float = text.parse::<f64>().ok().filter(|f| f.is_finite())?;
    // `i64::MAX as f64` rounds up to 2^63, so the upper bound is exclusive.
    let fits = float >= i64::MIN as f64 && float < i64::MAX as f64;
    fits.then(|| float.trunc() as i64)
}

/// Sets `path` to `value`, creating intermediate objects.
fn insert(object: &mut Object, path: &[Str], value: Value) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut current = object;
    for key in parents {
        let slot = current.entry(key.clone()).or_insert_with(|| Value::Object(Object::new()));
        match slot {
            Value::Object(inner) => current = inner,
            // Compilation refuses paths that would collide like this.
            _ => return,
        }
    }
    current.insert(last.clone(), value);
}

/// The result type under construction: leaves are fields, inner nodes are
/// `[a][b]` objects.
#[derive(Default)]
struct TypeNode {
    leaf: Option<(Kinds, bool)>,
    children: BTreeMap<String, TypeNode>,
}

impl TypeNode {
    fn insert(&mut self, path: &[Str], field: &Field) {
        match path.split_first() {
            None => self.leaf = Some((field.kinds, field.always)),
            Some((key, rest)) => {
                self.children.entry(key.to_string()).or_default().insert(rest, field)
            }
        }
    }

    /// True when some field under this node is set by every match.
    fn always(&self) -> bool {
        self.leaf.is_some_and(|(_, always)| always) || self.children.values().any(TypeNode::always)
    }

    fn into_type(self, root: bool) -> Type {
        let always = root || self.always();
        let ty = match self.leaf {
            Some((kinds, _)) => Type::of(kinds),
            None => {
                let fields =
                    self.children.into_iter().map(|(k, node)| (k, node.into_type(false))).collect();
                Type::object_with(fields, None)
            }
        };
        if always { ty } else { ty.union(&Type::null()) }
    }
}

#[cfg(test)]
mod tests;
