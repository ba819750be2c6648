//! Field slots: the top-level event fields a transform's code names get
//! fixed slots in the JIT's frame for the part of the code that only names
//! fields (no `.` as a whole, no computed first segment). Generated code
//! reaches a slot by its index: a load or a store at a fixed offset in the
//! frame, with no search of the event's object.
//!
//! The part starts after the last top-level statement that uses the event
//! as a whole (`. = parse_json!(.message)`, `. = merge(., x)`), or at the
//! top when there is none. Where the part starts, the named fields move out
//! of the event's object into their slots; where the transform ends, they
//! go back (`jit/fields.rs`). An event leaving the part any other way
//! (dropped, emitted, aborted) has its slots put back by the frame first,
//! so nobody else ever sees a slotted event.
//!
//! Moving the fields costs about one lookup each way, so a transform gets
//! slots only when its code names some field more than once (`.d =
//! int!(.d)`): a transform that reads one field once reads it in place.

use lgp_stdlib::Str;

use crate::ir::{NodeCode, Root};
use crate::projection::{touched_fields, walk_stmt};

/// The most fields a transform keeps in slots; one with more names keeps
/// them all in its object.
pub const MAX_FIELD_SLOTS: usize = 32;

/// The fields a transform keeps in slots, and from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldSlots {
    /// One per slot, in the object's key order (sorted).
    pub names: Vec<Str>,
    /// The index of the first top-level statement that runs with the
    /// fields in their slots.
    pub from: usize,
}

impl FieldSlots {
    /// The slot of field `name`.
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n.as_str() == name)
    }
}

/// The field slots of a node, when its code qualifies.
pub fn field_slots(code: &NodeCode) -> Option<FieldSlots> {
    let NodeCode::Transform { body, .. } = code else { return None };
    let stmts = &body.stmts;
    let whole = stmts.iter().rposition(|stmt| touched_fields(std::slice::from_ref(stmt)).is_none());
    let from = whole.map_or(0, |at| at + 1);
    let region = stmts.get(from..)?;
    let names = touched_fields(region)?;
    let mut uses = 0;
    for stmt in region {
        walk_stmt(stmt, &mut |path| uses += usize::from(path.root == Root::Event));
    }
    let fits = !names.is_empty() && names.len() <= MAX_FIELD_SLOTS;
    (fits && uses > names.len()).then_some(FieldSlots { names, from })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Block, Expr, PathRef, Seg, Stmt};

    fn field(name: &str) -> PathRef {
        PathRef { root: Root::Event, segments: vec![Seg::Field(Str::from(name))] }
    }

    fn transform(stmts: Vec<Stmt>) -> NodeCode {
        NodeCode::Transform { body: Block { stmts }, locals: 0 }
    }

    #[test]
    fn named_fields_get_slots_in_key_order() {
        let code = transform(vec![
            Stmt::Assign(field("b"), Expr::Path(field("a"))),
            Stmt::Expr(Expr::Del(field("b"))),
        ]);
        let slots = field_slots(&code).expect("slots");
        let names: Vec<&str> = slots.names.iter().map(Str::as_str).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!((slots.from, slots.slot("b"), slots.slot("c")), (0, Some(1), None));
    }

    #[test]
    fn slots_start_after_the_last_use_of_the_whole_event() {
        let whole = PathRef { root: Root::Event, segments: vec![] };
        let code = transform(vec![
            Stmt::Expr(Expr::Path(field("a"))),
            Stmt::Assign(whole.clone(), Expr::Path(field("b"))),
            Stmt::Assign(field("c"), Expr::Path(field("c"))),
        ]);
        let slots = field_slots(&code).expect("slots");
        assert_eq!((slots.names, slots.from), (vec![Str::from("c")], 2));
    }

    #[test]
    fn the_whole_event_or_no_field_means_no_slots() {
        let whole = PathRef { root: Root::Event, segments: vec![] };
        let code = transform(vec![Stmt::Assign(field("a"), Expr::Path(whole))]);
        assert_eq!(field_slots(&code), None);
        let computed = PathRef { root: Root::Event, segments: vec![Seg::Index(0)] };
        assert_eq!(field_slots(&transform(vec![Stmt::Expr(Expr::Path(computed))])), None);
        assert_eq!(field_slots(&transform(vec![Stmt::Drop])), None);
        // Each field named once: reached in place.
        let once = transform(vec![Stmt::Assign(field("b"), Expr::Path(field("a")))]);
        assert_eq!(field_slots(&once), None);
        assert_eq!(field_slots(&NodeCode::Pass), None);
    }

    #[test]
    fn too_many_fields_stay_in_the_object() {
        let many = (0..=MAX_FIELD_SLOTS)
            .map(|n| Stmt::Expr(Expr::Path(field(&format!("f{n}")))))
            .collect();
        assert_eq!(field_slots(&transform(many)), None);
    }
}
