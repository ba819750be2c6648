//! Type operations the checker needs beyond `types.rs`: restricting a type to
//! some kinds (narrowing), writing and deleting along a path (tracking the
//! event's shape), and widening types that grew too deep or too wide.
//!
//! Writing `.a.b = v` makes `.a` an object whatever it was before (a scalar
//! in the way is replaced), and writing `.a[i] = v` makes `.a` an array that
//! is padded with `null` up to `i`; the engines do the same at run time.

use std::collections::BTreeMap;

use crate::ast::Segment;
use crate::types::{Kinds, ObjectShape, Type};

/// Types deeper than this are cut to their kinds (`any` inside), so that a
/// program such as `.a = [.a]` repeated thousands of times stays cheap.
pub const MAX_DEPTH: usize = 24;
/// Objects with more known fields than this become open objects.
pub const MAX_FIELDS: usize = 512;

/// The type of no value: the result of an expression that never completes.
pub fn never() -> Type {
    Type::of(Kinds::NONE)
}

/// `ty` restricted to the kinds in `kinds`, keeping element and field types.
pub fn restrict(ty: &Type, kinds: Kinds) -> Type {
    let kinds = ty.kinds.intersect(kinds);
    Type {
        kinds,
        element: if kinds.contains(Kinds::ARRAY) { ty.element.clone() } else { None },
        object: if kinds.contains(Kinds::OBJECT) { ty.object.clone() } else { None },
    }
}

/// `ty` without the kinds in `kinds`.
pub fn without(ty: &Type, kinds: Kinds) -> Type {
    restrict(ty, ty.kinds.minus(kinds))
}

/// The object part of `ty` as a shape (an open shape when fields are
/// unknown, an empty closed one when `ty` cannot be an object).
pub fn shape_of(ty: &Type) -> ObjectShape {
    if !ty.kinds.contains(Kinds::OBJECT) {
        return ObjectShape::default();
    }
    match &ty.object {
        Some(shape) => (**shape).clone(),
        None => ObjectShape { fields: BTreeMap::new(), rest: Some(Type::any()) },
    }
}

/// The element type of the array part of `ty`, without the `null` of an
/// index out of range (`never` when `ty` cannot be an array).
pub fn element_of(ty: &Type) -> Type {
    if !ty.kinds.contains(Kinds::ARRAY) {
        return never();
    }
    ty.element.as_deref().cloned().unwrap_or_else(Type::any)
}

/// The type of the values of all fields of the object part of `ty`.
pub fn field_values_of(ty: &Type) -> Type {
    if !ty.kinds.contains(Kinds::OBJECT) {
        return never();
    }
    let shape = shape_of(ty);
    let known = shape.fields.values().fold(never(), |acc, t| acc.union(t));
    match &shape.rest {
        Some(rest) => known.union(rest),
        None => known,
    }
}

/// The object part of `ty` as a type (an open object when `ty` may be
/// anything but holds no shape).
pub fn object_part(ty: &Type) -> Type {
    if ty.kinds.contains(Kinds::OBJECT) { restrict(ty, Kinds::OBJECT) } else { Type::object() }
}

/// The type of `base` after `base<segments> = value`.
pub fn set_path(base: &Type, segments: &[Segment], value: Type) -> Type {
    widen(&set_at(base, segments, value, 0))
}

fn set_at(base: &Type, segments: &[Segment], value: Type, depth: usize) -> Type {
    let Some((first, rest)) = segments.split_first() else {
        return value;
    };
    if depth > MAX_DEPTH {
        return Type::any();
    }
    match first {
        Segment::Field { name, .. } => {
            let mut shape = shape_of(base);
            let current = field_in(&shape, name);
            let updated = set_at(&current, rest, value, depth + 1);
            shape.fields.insert(name.clone(), updated);
            Type::object_with(shape.fields, shape.rest)
        }
        Segment::Index { .. } => {
            let element = element_of(base);
            let current = element.union(&Type::null());
            let updated = set_at(&current, rest, value, depth + 1);
            // Other elements keep their type; padding adds `null`.
            Type::array_of(element.union(&updated).union(&Type::null()))
        }
    }
}

/// The type of field `name` in `shape` (`null` when absent).
fn field_in(shape: &ObjectShape, name: &str) -> Type {
    match shape.fields.get(name) {
        Some(t) => t.clone(),
        None => shape.rest.as_ref().map_or_else(Type::null, |r| r.union(&Type::null())),
    }
}

/// The type of `base` after `del(base<segments>)`.
pub fn del_path(base: &Type, segments: &[Segment]) -> Type {
    del_at(base, segments, 0)
}

fn del_at(base: &Type, segments: &[Segment], depth: usize) -> Type {
    let Some((first, rest)) = segments.split_first() else {
        return base.clone();
    };
    if depth > MAX_DEPTH {
        return base.clone();
    }
    match first {
        Segment::Field { name, .. } if base.kinds.contains(Kinds::OBJECT) => {
            let mut shape = shape_of(base);
            if rest.is_empty() {
                shape.fields.remove(name);
            } else if let Some(field) = shape.fields.get(name) {
                let updated = del_at(field, rest, depth + 1);
                shape.fields.insert(name.clone(), updated);
            }
            with_object(base, shape)
        }
        Segment::Index { .. } if base.kinds.contains(Kinds::ARRAY) && !rest.is_empty() => {
            // One element changed: the element type covers both versions.
            let element = element_of(base);
            let updated = del_at(&element, rest, depth + 1);
            let mut out = base.clone();
            out.element = Some(Box::new(element.union(&updated)));
            out
        }
        _ => base.clone(),
    }
}

/// `base` with its object part replaced by `shape`.
fn with_object(base: &Type, shape: ObjectShape) -> Type {
    let mut out = base.clone();
    out.object = Some(Box::new(shape));
    out
}

/// `ty` with nesting beyond [`MAX_DEPTH`] and objects wider than
/// [`MAX_FIELDS`] replaced by their kinds alone.
pub fn widen(ty: &Type) -> Type {
    widen_at(ty, 0)
}

fn widen_at(ty: &Type, depth: usize) -> Type {
    if depth >= MAX_DEPTH {
        return Type::of(ty.kinds);
    }
    let element = ty.element.as_ref().map(|e| Box::new(widen_at(e, depth + 1)));
    let object = match &ty.object {
        Some(shape) if shape.fields.len() <= MAX_FIELDS => {
            let fields =
                shape.fields.iter().map(|(k, t)| (k.clone(), widen_at(t, depth + 1))).collect();
            let rest = shape.rest.as_ref().map(|r| widen_at(r, depth + 1));
            Some(Box::new(ObjectShape { fields, rest }))
        }
        _ => None,
    };
    Type { kinds: ty.kinds, element, object }
}

/// True when every value of `ty` is a value of `kinds` (and `ty` is not `never`).
pub fn fits(ty: &Type, kinds: Kinds) -> bool {
    kinds.contains(ty.kinds)
}

/// Kinds as messages show them: `string`, `int|null`, `any`, and `any but
/// string` for a set that lacks only one or two kinds.
pub fn describe(kinds: Kinds) -> String {
    let missing = Kinds::ANY.minus(kinds);
    if !kinds.is_empty() && !missing.is_empty() && missing.0.count_ones() <= 2 {
        return format!("any but {missing}");
    }
    kinds.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn field(name: &str) -> Segment {
        Segment::Field { name: name.to_string(), quoted: false, span: Span::default() }
    }

    #[test]
    fn set_path_creates_nested_objects() {
        let base = Type::object_with(BTreeMap::new(), None);
        let out = set_path(&base, &[field("a"), field("b")], Type::int());
        assert_eq!(out.field("a").field("b"), Type::int());
        assert_eq!(out.field("c"), Type::null());
    }

    #[test]
    fn del_path_removes_a_known_field() {
        let base = set_path(&Type::object_with(BTreeMap::new(), None), &[field("a")], Type::int());
        let out = del_path(&base, &[field("a")]);
        assert_eq!(out.field("a"), Type::null());
    }

    #[test]
    fn widen_cuts_deep_types() {
        let mut ty = Type::int();
        for _ in 0..100 {
            ty = Type::array_of(ty);
        }
        let mut depth = 0;
        let mut cur = widen(&ty);
        while let Some(e) = cur.element.clone() {
            depth += 1;
            cur = *e;
        }
        assert!(depth <= MAX_DEPTH, "depth {depth}");
    }

    #[test]
    fn describe_names_near_any_sets_by_what_they_lack() {
        assert_eq!(describe(Kinds::ANY.minus(Kinds::STRING)), "any but string");
        assert_eq!(describe(Kinds::INT.union(Kinds::NULL)), "null|int");
        assert_eq!(describe(Kinds::ANY), "any");
    }

    #[test]
    fn restrict_keeps_shapes_of_kept_kinds() {
        let arr = Type::array_of(Type::string()).union(&Type::null());
        let out = restrict(&arr, Kinds::ARRAY);
        assert_eq!(out, Type::array_of(Type::string()));
    }
}
