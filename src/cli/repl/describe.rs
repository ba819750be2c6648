//! Types as `:type` shows them: with the element type of arrays and the
//! known fields of objects (`object{level: string, n: int, ..any}`), which
//! the checker's own one-word form (`object`) leaves out.

use lgp_lang::types::{Kinds, Type};

/// Nesting shown before an array or object is written as its kind alone.
const MAX_DEPTH: usize = 4;
/// Fields shown per object; the rest are summed up as `...`.
const MAX_FIELDS: usize = 24;

/// The type in full, as far as [`MAX_DEPTH`] and [`MAX_FIELDS`] allow.
pub fn describe(ty: &Type) -> String {
    describe_at(ty, 0)
}

fn describe_at(ty: &Type, depth: usize) -> String {
    if ty.kinds == Kinds::ANY || ty.kinds.is_empty() || depth >= MAX_DEPTH {
        return ty.kinds.to_string();
    }
    let mut parts = Vec::new();
    for (kind, name) in Kinds::NAMES {
        if !ty.kinds.contains(kind) {
            continue;
        }
        parts.push(match kind {
            Kinds::ARRAY => array(ty, depth),
            Kinds::OBJECT => object(ty, depth),
            _ => name.to_string(),
        });
    }
    parts.join("|")
}

fn array(ty: &Type, depth: usize) -> String {
    match &ty.element {
        Some(element) => format!("array<{}>", describe_at(element, depth + 1)),
        None => "array".to_string(),
    }
}

fn object(ty: &Type, depth: usize) -> String {
    let Some(shape) = &ty.object else { return "object".to_string() };
    let mut parts: Vec<String> = shape
        .fields
        .iter()
        .take(MAX_FIELDS)
        .map(|(name, field)| format!("{}: {}", field_name(name), describe_at(field, depth + 1)))
        .collect();
    if shape.fields.len() > MAX_FIELDS {
        parts.push(format!("... {} more", shape.fields.len() - MAX_FIELDS));
    }
    if let Some(rest) = &shape.rest {
        parts.push(format!("..{}", describe_at(rest, depth + 1)));
    }
    format!("object{{{}}}", parts.join(", "))
}

/// A field name, quoted when it is not a plain name.
fn field_name(name: &str) -> String {
    let plain = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'@');
    if plain { name.to_string() } else { super::literal::string(name) }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn objects_show_fields_and_rest() {
        let fields = BTreeMap::from([
            ("n".to_string(), Type::int()),
            ("tags".to_string(), Type::array_of(Type::string())),
            ("a b".to_string(), Type::null().union(&Type::string())),
        ]);
        let ty = Type::object_with(fields, Some(Type::any()));
        assert_eq!(
            describe(&ty),
            "object{\"a b\": null|string, n: int, tags: array<string>, ..any}"
        );
    }

    #[test]
    fn scalars_and_never() {
        assert_eq!(describe(&Type::string()), "string");
        assert_eq!(describe(&Type::any()), "any");
        assert_eq!(describe(&Type::of(Kinds::NONE)), "never");
        assert_eq!(describe(&Type::object()), "object");
    }
}
