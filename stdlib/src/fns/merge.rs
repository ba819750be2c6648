//! `merge`: the fields of one object laid over another.

use lgp_lang::ast::{ExprKind, Literal};
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, ObjectShape, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{MAX_DEPTH, arg, arg_type};
use crate::value::{Object, Value};

pub struct Merge;

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "to", kinds: Kinds::OBJECT, required: true, doc: "The object to merge into." },
    ParamSig {
        name: "from",
        kinds: Kinds::OBJECT,
        required: true,
        doc: "The object whose fields win.",
    },
    ParamSig {
        name: "deep",
        kinds: Kinds::BOOL,
        required: false,
        doc: "Merge nested objects field by field instead of replacing them; false by default.",
    },
];

impl FnSig for Merge {
    fn name(&self) -> &'static str {
        "merge"
    }
    fn category(&self) -> &'static str {
        "object"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let shallow = arg(args, 2)
            .is_none_or(|a| matches!(a.expr.kind, ExprKind::Literal(Literal::Bool(false))));
        let (to, from) = (arg_type(args, 0), arg_type(args, 1));
        match (shallow, to.object.as_deref(), from.object.as_deref()) {
            (true, Some(to), Some(from)) => {
                Type { object: Some(Box::new(merged_shape(to, from))), ..Type::object() }
            }
            _ => Type::object(),
        }
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns `to` with every field of `from` set on it; where both have a field, the one \
         from `from` wins. With `deep = true`, a field that is an object on both sides is \
         merged the same way, recursively (down to 128 levels; deeper, `from` wins)."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "shallow",
                source: r#"merge({"a": 1, "b": {"x": 1}}, {"b": {"y": 2}, "c": 3})"#,
                input: "{}",
                result: Ok(r#"{"a":1,"b":{"y":2},"c":3}"#),
            },
            Example {
                title: "deep",
                source: r#"merge({"a": 1, "b": {"x": 1}}, {"b": {"y": 2}}, deep = true)"#,
                input: "{}",
                result: Ok(r#"{"a":1,"b":{"x":1,"y":2}}"#),
            },
        ]
    }
}

/// The shape of a shallow merge: `from`'s fields replace `to`'s, and a
/// field only `to` lists may still be replaced by one of `from`'s other fields.
fn merged_shape(to: &ObjectShape, from: &ObjectShape) -> ObjectShape {
    let mut fields = to.fields.clone();
    if let Some(rest) = &from.rest {
        fields.values_mut().for_each(|t| *t = t.union(rest));
    }
    fields.extend(from.fields.iter().map(|(k, t)| (k.clone(), t.clone())));
    let rest = match (&to.rest, &from.rest) {
        (None, None) => None,
        (Some(a), None) | (None, Some(a)) => Some(a.clone()),
        (Some(a), Some(b)) => Some(a.union(b)),
    };
    ObjectShape { fields, rest }
}

impl Function for Merge {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let deep = args.bool_or(2, false)?;
        let (Value::Object(mut to), Value::Object(from)) = (args.take(0), args.take(1)) else {
            let kinds = [0, 1].map(|i| args.names.get(i).map_or("argument", |p| p.name));
            return Err(FnError::new(format!("`{}` and `{}` must be objects", kinds[0], kinds[1])));
        };
        merge_into(&mut to, from, if deep { MAX_DEPTH } else { 0 });
        Ok(Value::Object(to))
    }
}

/// Merges `from` into `to`, descending into objects present on both sides
/// while `levels` remain.
fn merge_into(to: &mut Object, from: Object, levels: usize) {
    // The fields that replace or add to `to` go in with one `extend`, which
    // sorts once, rather than one O(n) insert each.
    let mut replacing = Vec::new();
    for (key, value) in from {
        match (to.get_mut(&key), value) {
            (Some(Value::Object(inner)), Value::Object(value)) if levels > 0 => {
                merge_into(inner, value, levels - 1);
            }
            (_, value) => replacing.push((key, value)),
        }
    }
    to.extend(replacing);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};
    use std::collections::BTreeMap;

    #[test]
    fn shallow_and_deep_merges() {
        let to = json(r#"{"a": {"b": {"c": 1, "d": 2}}, "k": "é"}"#);
        let from = json(r#"{"a": {"b": {"c": 9}}, "k": null}"#);
        let shallow = call(&Merge, vec![Some(to.clone()), Some(from.clone()), None]);
        assert_eq!(shallow, Ok(json(r#"{"a": {"b": {"c": 9}}, "k": null}"#)));
        let deep = call(&Merge, vec![Some(to), Some(from), some(true)]);
        assert_eq!(deep, Ok(json(r#"{"a": {"b": {"c": 9, "d": 2}}, "k": null}"#)));
    }

    #[test]
    fn object_replaces_scalar_and_back() {
        let got = call(
            &Merge,
            vec![Some(json(r#"{"a": 1}"#)), Some(json(r#"{"a": {"b": 1}}"#)), some(true)],
        );
        assert_eq!(got, Ok(json(r#"{"a": {"b": 1}}"#)));
        let got = call(
            &Merge,
            vec![Some(json(r#"{"a": {"b": 1}}"#)), Some(json(r#"{"a": 2}"#)), some(true)],
        );
        assert_eq!(got, Ok(json(r#"{"a": 2}"#)));
    }

    #[test]
    fn large_interleaved_objects_merge_quickly() {
        // Interleaved keys: one insert per field would shift half of `to`
        // each time, quadratic in the size of the objects.
        let fields = |parity: i64| -> Object {
            (0..40_000).map(|i| 2 * i + parity).map(|i| (format!("{i:06}").into(), i.into())).collect()
        };
        let to = Value::Object(fields(0));
        let from = Value::Object(fields(1));
        for deep in [false, true] {
            let merged = call(&Merge, vec![Some(to.clone()), Some(from.clone()), some(deep)]);
            let merged = merged.ok().and_then(|v| v.as_object().map(Object::len));
            assert_eq!(merged, Some(80_000));
        }
    }

    #[test]
    fn non_objects_fail() {
        let err = call(&Merge, vec![Some(json("[]")), Some(json("{}")), None]).unwrap_err();
        assert_eq!(err.0, "`to` and `from` must be objects");
    }

    #[test]
    fn very_deep_objects_merge_without_overflow() {
        let nest = |leaf: &str| {
            let mut v = json(leaf);
            for _ in 0..1_000 {
                v = Value::Object(Object::from([("n".into(), v)]));
            }
            v
        };
        let got =
            call(&Merge, vec![Some(nest(r#"{"a": 1}"#)), Some(nest(r#"{"b": 2}"#)), some(true)]);
        // Below the depth bound `from` wins, so `a` is gone and `b` is there.
        let merged = got.unwrap();
        let mut cursor = &merged;
        while let Value::Object(fields) = cursor {
            match fields.get("n") {
                Some(inner) => cursor = inner,
                None => break,
            }
        }
        assert_eq!(cursor, &json(r#"{"b": 2}"#));
    }

    #[test]
    fn shape_of_a_shallow_merge() {
        let to = ObjectShape {
            fields: BTreeMap::from([("a".to_owned(), Type::int()), ("b".to_owned(), Type::int())]),
            rest: None,
        };
        let from =
            ObjectShape { fields: BTreeMap::from([("b".to_owned(), Type::string())]), rest: None };
        let merged = merged_shape(&to, &from);
        assert_eq!(merged.fields.get("a"), Some(&Type::int()));
        assert_eq!(merged.fields.get("b"), Some(&Type::string()));
        assert_eq!(merged.rest, None);
    }
}
