//! `use "path"`: loading the files a program includes.
//!
//! Paths are resolved by the [`Loader`] relative to the file holding the
//! `use`. A used file may declare only `fn`, `const` and further `use`; its
//! functions and constants join the main file's namespace (transitively: what
//! a used file uses is visible too). A file reached twice (a diamond) is
//! loaded once; a file that uses itself, directly or not, is an include
//! cycle (E0206). Diagnostics inside a used file carry its name in
//! `Diagnostic::file`.

use crate::ast::{DeclKind, Program};
use crate::diag::{Code, Diagnostic};
use crate::parser;
use crate::span::SourceFile;

use super::Loader;
use super::typed::{Module, ModuleId};

/// How deep `use` chains may go, and how many files a program may include.
const MAX_USE_DEPTH: usize = 32;
const MAX_MODULES: usize = 256;

/// Loads the main file and everything it uses; module 0 is the main file.
pub(super) fn load_modules(
    file: &SourceFile,
    program: &Program,
    loader: &dyn Loader,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Module> {
    let main =
        Module { name: file.name.clone(), text: file.text.clone(), program: program.clone() };
    let mut loading = Loading { loader, modules: vec![main], stack: Vec::new(), diags };
    loading.visit(0);
    loading.modules
}

struct Loading<'a> {
    loader: &'a dyn Loader,
    modules: Vec<Module>,
    /// Names of the modules being loaded, outermost first (to find cycles).
    stack: Vec<String>,
    diags: &'a mut Vec<Diagnostic>,
}

impl Loading<'_> {
    fn visit(&mut self, module: ModuleId) {
        let Some(this) = self.modules.get(module) else { return };
        self.stack.push(this.name.clone());
        let uses: Vec<_> = this
            .program
            .decls
            .iter()
            .filter_map(|d| match &d.kind {
                DeclKind::Use { path } => Some(path.clone()),
                _ => None,
            })
            .collect();
        for path in uses {
            self.use_file(module, &path);
        }
        self.stack.pop();
    }

    fn use_file(&mut self, from: ModuleId, path: &crate::ast::StrLit) {
        let from_name = self.modules.get(from).map(|m| m.name.clone()).unwrap_or_default();
        let (text, name) = match self.loader.load(&from_name, &path.value) {
            Ok(found) => found,
            Err(reason) => {
                let message = format!("cannot find `{}` to use", path.value);
                let diag = Diagnostic::new(Code::UseNotFound, path.span, message)
                    .with_label(one_line(&reason))
                    .with_help("the path is relative to the file that holds the `use`");
                self.push(from, diag);
                return;
            }
        };
        if self.stack.contains(&name) {
            let message = format!("include cycle: `{}` is already being included", path.value);
            let diag = Diagnostic::new(Code::UseInvalid, path.span, message).with_note(format!(
                "the chain of uses: `{}` -> `{name}`",
                self.stack.join("` -> `")
            ));
            self.push(from, diag);
            return;
        }
        if self.modules.iter().any(|m| m.name == name) {
            return;
        }
        if self.stack.len() > MAX_USE_DEPTH || self.modules.len() >= MAX_MODULES {
            let message = format!("`{}` is nested too deep in `use` chains", path.value);
            self.push(from, Diagnostic::new(Code::UseInvalid, path.span, message));
            return;
        }
        let (program, parse_diags) = parser::parse(&text);
        let id = self.modules.len();
        self.modules.push(Module { name: name.clone(), text, program });
        for diag in parse_diags {
            self.push(id, diag);
        }
        self.check_contents(from, id, path);
        self.visit(id);
    }

    /// A used file may only declare functions, constants and uses.
    fn check_contents(&mut self, from: ModuleId, id: ModuleId, path: &crate::ast::StrLit) {
        let Some(module) = self.modules.get(id) else { return };
        let offending = module.program.decls.iter().find_map(|d| match &d.kind {
            DeclKind::Fn { .. } | DeclKind::Const { .. } | DeclKind::Use { .. } => None,
            DeclKind::Test { .. } => Some("a test".to_string()),
            DeclKind::Input { name, .. } => Some(format!("input `{}`", name.name)),
            DeclKind::Transform { name, .. } => Some(format!("transform `{}`", name.name)),
            DeclKind::Route { name, .. } => Some(format!("route `{}`", name.name)),
            DeclKind::Output { name, .. } => Some(format!("output `{}`", name.name)),
        });
        if let Some(what) = offending {
            let message = format!(
                "`{}` declares {what}; a used file may only declare `fn`, `const` and `use`",
                path.value
            );
            self.push(from, Diagnostic::new(Code::UseInvalid, path.span, message));
        }
    }

    fn push(&mut self, module: ModuleId, mut diag: Diagnostic) {
        if module != 0 {
            diag.file = self.modules.get(module).map(|m| m.name.clone());
        }
        self.diags.push(diag);
    }
}

/// The first line of a loader message (messages are one line).
fn one_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end_matches('.')
}
