//! The types of the language: a set of kinds, plus the element type of arrays
//! and the known fields of objects.
//!
//! A [`Type`] is a union: `kinds` says which kinds a value may have. `any` is
//! every kind. Arrays carry one element type; objects carry known fields and
//! the type of any other field (`None` means the object is closed: no other
//! fields exist).

use std::collections::BTreeMap;
use std::fmt;

/// A set of value kinds (a bit set).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Kinds(pub u16);

impl Kinds {
    pub const NONE: Kinds = Kinds(0);
    pub const NULL: Kinds = Kinds(1);
    pub const BOOL: Kinds = Kinds(1 << 1);
    pub const INT: Kinds = Kinds(1 << 2);
    pub const FLOAT: Kinds = Kinds(1 << 3);
    pub const STRING: Kinds = Kinds(1 << 4);
    pub const BYTES: Kinds = Kinds(1 << 5);
    pub const TIMESTAMP: Kinds = Kinds(1 << 6);
    pub const REGEX: Kinds = Kinds(1 << 7);
    pub const ARRAY: Kinds = Kinds(1 << 8);
    pub const OBJECT: Kinds = Kinds(1 << 9);
    pub const ANY: Kinds = Kinds((1 << 10) - 1);
    pub const NUMBER: Kinds = Kinds(Self::INT.0 | Self::FLOAT.0);
    /// Every kind a value of an event or JSON document can have.
    pub const NAMES: [(Kinds, &'static str); 10] = [
        (Kinds::NULL, "null"),
        (Kinds::BOOL, "bool"),
        (Kinds::INT, "int"),
        (Kinds::FLOAT, "float"),
        (Kinds::STRING, "string"),
        (Kinds::BYTES, "bytes"),
        (Kinds::TIMESTAMP, "timestamp"),
        (Kinds::REGEX, "regex"),
        (Kinds::ARRAY, "array"),
        (Kinds::OBJECT, "object"),
    ];

    pub fn contains(self, other: Kinds) -> bool {
        self.0 & other.0 == other.0
    }
    pub fn intersects(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }
    pub fn union(self, other: Kinds) -> Kinds {
        Kinds(self.0 | other.0)
    }
    pub fn intersect(self, other: Kinds) -> Kinds {
        Kinds(self.0 & other.0)
    }
    pub fn minus(self, other: Kinds) -> Kinds {
        Kinds(self.0 & !other.0)
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// True when exactly one kind is in the set.
    pub fn is_single(self) -> bool {
        self.0.count_ones() == 1
    }
    /// The kind named `name` (`string`, `int`, ...), or `any`.
    pub fn from_name(name: &str) -> Option<Kinds> {
        if name == "any" {
            return Some(Kinds::ANY);
        }
        Kinds::NAMES.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }
}

impl fmt::Display for Kinds {
    /// `string`, `int|float`, `any`, `never`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Kinds::ANY {
            return f.write_str("any");
        }
        if self.is_empty() {
            return f.write_str("never");
        }
        let names: Vec<&str> =
            Kinds::NAMES.iter().filter(|(k, _)| self.contains(*k)).map(|(_, n)| *n).collect();
        f.write_str(&names.join("|"))
    }
}

/// The static type of a value.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Type {
    pub kinds: Kinds,
    /// Element type when `kinds` holds `array`; `None` means `any`.
    pub element: Option<Box<Type>>,
    /// Field shape when `kinds` holds `object`; `None` means an open object of `any`.
    pub object: Option<Box<ObjectShape>>,
}

/// The known fields of an object type.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ObjectShape {
    pub fields: BTreeMap<String, Type>,
    /// The type of fields not listed; `None` means no other field exists.
    pub rest: Option<Type>,
}

impl Type {
    pub fn of(kinds: Kinds) -> Type {
        Type { kinds, element: None, object: None }
    }
    pub fn any() -> Type {
        Type::of(Kinds::ANY)
    }
    pub fn null() -> Type {
        Type::of(Kinds::NULL)
    }
    pub fn bool() -> Type {
        Type::of(Kinds::BOOL)
    }
    pub fn int() -> Type {
        Type::of(Kinds::INT)
    }
    pub fn float() -> Type {
        Type::of(Kinds::FLOAT)
    }
    pub fn string() -> Type {
        Type::of(Kinds::STRING)
    }
    pub fn bytes() -> Type {
        Type::of(Kinds::BYTES)
    }
    pub fn timestamp() -> Type {
        Type::of(Kinds::TIMESTAMP)
    }
    pub fn regex() -> Type {
        Type::of(Kinds::REGEX)
    }
    pub fn array_of(element: Type) -> Type {
        Type { kinds: Kinds::ARRAY, element: Some(Box::new(element)), object: None }
    }
    /// An open object whose fields are all `any`.
    pub fn object() -> Type {
        Type::of(Kinds::OBJECT)
    }
    /// An object with these known fields and, when `rest` is given, others of that type.
    pub fn object_with(fields: BTreeMap<String, Type>, rest: Option<Type>) -> Type {
        Type {
            kinds: Kinds::OBJECT,
            element: None,
            object: Some(Box::new(ObjectShape { fields, rest })),
        }
    }

    pub fn is_any(&self) -> bool {
        self.kinds == Kinds::ANY
    }

    /// True when every value of `self` is also a value of `other`'s kinds
    /// (shallow: element and field types are not compared).
    pub fn is_subset_of(&self, other: Kinds) -> bool {
        other.contains(self.kinds)
    }

    /// The union of two types, merging element and field types.
    pub fn union(&self, other: &Type) -> Type {
        let kinds = self.kinds.union(other.kinds);
        let element = match (self.kinds.contains(Kinds::ARRAY), other.kinds.contains(Kinds::ARRAY))
        {
            (true, true) => match (&self.element, &other.element) {
                (Some(a), Some(b)) => Some(Box::new(a.union(b))),
                _ => None,
            },
            (true, false) => self.element.clone(),
            (false, true) => other.element.clone(),
            (false, false) => None,
        };
        let object = match (self.kinds.contains(Kinds::OBJECT), other.kinds.contains(Kinds::OBJECT))
        {
            (true, true) => match (&self.object, &other.object) {
                (Some(a), Some(b)) => Some(Box::new(a.union(b))),
                _ => None,
            },
            (true, false) => self.object.clone(),
            (false, true) => other.object.clone(),
            (false, false) => None,
        };
        Type { kinds, element, object }
    }

    /// The type of field `name` of a value of this type (`null` when the
    /// value is not an object or lacks the field).
    pub fn field(&self, name: &str) -> Type {
        let mut out = Type::of(Kinds::NONE);
        if self.kinds.contains(Kinds::OBJECT) {
            match &self.object {
                None => return Type::any(),
                Some(shape) => match shape.fields.get(name) {
                    Some(t) => out = t.clone(),
                    None => match &shape.rest {
                        Some(rest) => out = rest.union(&Type::null()),
                        None => out = Type::null(),
                    },
                },
            }
        }
        if self.kinds != Kinds::OBJECT {
            out = out.union(&Type::null());
        }
        out
    }

    /// The element type of a value of this type indexed by an integer.
    pub fn element(&self) -> Type {
        if !self.kinds.contains(Kinds::ARRAY) {
            return Type::null();
        }
        let element = self.element.as_deref().cloned().unwrap_or_else(Type::any);
        // An index may be out of range.
        element.union(&Type::null())
    }
}

impl ObjectShape {
    fn union(&self, other: &ObjectShape) -> ObjectShape {
        let mut fields = BTreeMap::new();
        for (name, t) in &self.fields {
            let other_t = other.fields.get(name).cloned().unwrap_or_else(|| {
                other.rest.clone().map_or(Type::null(), |r| r.union(&Type::null()))
            });
            fields.insert(name.clone(), t.union(&other_t));
        }
        for (name, t) in &other.fields {
            if !self.fields.contains_key(name) {
                let self_t = self.rest.clone().map_or(Type::null(), |r| r.union(&Type::null()));
                fields.insert(name.clone(), t.union(&self_t));
            }
        }
        let rest = match (&self.rest, &other.rest) {
            (None, None) => None,
            (Some(a), None) | (None, Some(a)) => Some(a.clone()),
            (Some(a), Some(b)) => Some(a.union(b)),
        };
        ObjectShape { fields, rest }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kinds)
    }
}
