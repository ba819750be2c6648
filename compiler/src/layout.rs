//! Slot layouts from the checker's event types: the fields a node's events
//! are known to have get fixed slots ([`lgp_stdlib::slots`]); the rest of
//! the event lives in the overflow map. Nested objects stay values.

use lgp_lang::check::typed::{Checked, NodeId};
use lgp_lang::types::{Kinds, Type};
use lgp_stdlib::Str;
use lgp_stdlib::slots::Layout;

/// The layout for events of type `ty`: one slot per known top-level field,
/// in name order (the checker keeps shapes sorted), none for `any`.
pub fn layout_of(ty: &Type) -> Layout {
    if !ty.kinds.contains(Kinds::OBJECT) {
        return Layout::default();
    }
    match &ty.object {
        Some(shape) => Layout::new(shape.fields.keys().map(|k| Str::from(k.as_str()))),
        None => Layout::default(),
    }
}

/// The layout of the events a node receives.
pub fn node_layout(checked: &Checked, node: NodeId) -> Layout {
    checked.nodes.get(node).map(|n| layout_of(&n.input_type)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn known_fields_get_slots_in_name_order() {
        let mut fields = BTreeMap::new();
        fields.insert("message".to_string(), Type::string());
        fields.insert("level".to_string(), Type::string());
        let layout = layout_of(&Type::object_with(fields, Some(Type::any())));
        let names: Vec<&str> = layout.names().iter().map(|n| n.as_str()).collect();
        assert_eq!(names, ["level", "message"]);
        assert!(layout_of(&Type::any()).is_empty());
        assert!(layout_of(&Type::string()).is_empty());
    }
}
