//! Names: the file-wide namespace of declarations, the lexical scopes of local
//! variables, and "did you mean" suggestions.
//!
//! Every declaration of the main file and of the files it `use`s shares one
//! namespace. Inside a body, `let`, `for` and parameters bind locals in
//! lexical blocks; a local hides a constant of the same name.

use std::collections::HashMap;

use crate::span::Span;

use super::typed::{DeclRef, ModuleId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum GlobalKind {
    Input,
    Transform,
    Route,
    Output,
    Fn,
    Const,
}

impl GlobalKind {
    /// How messages name the kind: "an input", "a function".
    pub(super) fn article_name(self) -> &'static str {
        match self {
            GlobalKind::Input => "an input",
            GlobalKind::Transform => "a transform",
            GlobalKind::Route => "a route",
            GlobalKind::Output => "an output",
            GlobalKind::Fn => "a function",
            GlobalKind::Const => "a constant",
        }
    }
}

#[derive(Clone, Debug)]
pub(super) struct Global {
    pub name: String,
    pub kind: GlobalKind,
    pub decl: DeclRef,
    /// The span of the name in its module.
    pub span: Span,
    /// Set when anything refers to it (for W0101).
    pub used: bool,
}

/// The file-wide namespace.
#[derive(Debug, Default)]
pub(super) struct Globals {
    by_name: HashMap<String, usize>,
    pub items: Vec<Global>,
}

impl Globals {
    /// Declares `global`; on a clash, returns the earlier declaration.
    pub fn declare(&mut self, global: Global) -> Result<usize, &Global> {
        if let Some(&first) = self.by_name.get(&global.name) {
            return Err(&self.items[first]);
        }
        self.by_name.insert(global.name.clone(), self.items.len());
        self.items.push(global);
        Ok(self.items.len() - 1)
    }

    pub fn get(&self, name: &str) -> Option<&Global> {
        self.by_name.get(name).and_then(|&i| self.items.get(i))
    }

    pub fn mark_used(&mut self, name: &str) {
        if let Some(&i) = self.by_name.get(name)
            && let Some(global) = self.items.get_mut(i)
        {
            global.used = true;
        }
    }

    /// Names of the declarations of the given kinds.
    pub fn names_of<'a>(&'a self, kinds: &'a [GlobalKind]) -> impl Iterator<Item = &'a str> + 'a {
        self.items.iter().filter(|g| kinds.contains(&g.kind)).map(|g| g.name.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BindingKind {
    Let,
    /// The error half of `let v, err = e`.
    Error,
    Loop,
    Param(usize),
}

#[derive(Clone, Debug)]
pub(super) struct Binding {
    pub name: String,
    pub span: Span,
    pub kind: BindingKind,
    pub module: ModuleId,
    pub used: bool,
}

/// Lexical scopes of one body (a transform, route lane, function, constant or
/// test). Binding ids index `bindings` and the flow state's variable types.
#[derive(Debug, Default)]
pub(super) struct Scopes {
    frames: Vec<Vec<usize>>,
    pub bindings: Vec<Binding>,
}

impl Scopes {
    pub fn push(&mut self) {
        self.frames.push(Vec::new());
    }

    /// Ends the innermost frame, returning the ids it bound.
    pub fn pop(&mut self) -> Vec<usize> {
        self.frames.pop().unwrap_or_default()
    }

    pub fn bind(&mut self, binding: Binding) -> usize {
        let id = self.bindings.len();
        self.bindings.push(binding);
        match self.frames.last_mut() {
            Some(frame) => frame.push(id),
            None => self.frames.push(vec![id]),
        }
        id
    }

    /// The innermost visible binding named `name`.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.frames
            .iter()
            .rev()
            .flat_map(|frame| frame.iter().rev())
            .copied()
            .find(|&id| self.bindings.get(id).is_some_and(|b| b.name == name))
    }

    pub fn get(&self, id: usize) -> Option<&Binding> {
        self.bindings.get(id)
    }

    pub fn mark_used(&mut self, id: usize) {
        if let Some(binding) = self.bindings.get_mut(id) {
            binding.used = true;
        }
    }

    /// Every visible name, innermost first.
    pub fn visible(&self) -> impl Iterator<Item = &str> {
        self.frames
            .iter()
            .rev()
            .flat_map(|frame| frame.iter().rev())
            .filter_map(|&id| self.bindings.get(id))
            .map(|b| b.name.as_str())
    }
}

/// The candidate closest to `name` by edit distance, when close enough to
/// be a plausible typo (at most a third of the name's length, at least 1).
pub(super) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    // Edit distance is quadratic: hostile names are not worth a suggestion.
    const MAX_LEN: usize = 64;
    if name.len() > MAX_LEN {
        return None;
    }
    // So are thousands of candidates: the nearest ones are tried first.
    const MAX_CANDIDATES: usize = 512;
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .take(MAX_CANDIDATES)
        .filter(|c| *c != name && c.len() <= MAX_LEN)
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("upcas", ["upcase", "downcase"]), Some("upcase".into()));
        assert_eq!(did_you_mean("zzz", ["upcase", "downcase"]), None);
    }

    #[test]
    fn inner_bindings_hide_outer_ones() {
        let mut scopes = Scopes::default();
        scopes.push();
        let binding = |name: &str| Binding {
            name: name.into(),
            span: Span::default(),
            kind: BindingKind::Let,
            module: 0,
            used: false,
        };
        let outer = scopes.bind(binding("x"));
        scopes.push();
        let inner = scopes.bind(binding("x"));
        assert_eq!(scopes.lookup("x"), Some(inner));
        scopes.pop();
        assert_eq!(scopes.lookup("x"), Some(outer));
    }
}
