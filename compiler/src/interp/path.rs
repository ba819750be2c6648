//! Reading, writing and removing values at paths.

use lgp_stdlib::Value;
use lgp_stdlib::value::Object;

use crate::ir::Seg;

/// The value at `segments` under `root`, if any. A negative index counts
/// from the end of an array.
pub fn get<'v>(root: &'v Value, segments: &[Seg]) -> Option<&'v Value> {
    let mut cur = root;
    for seg in segments {
        cur = match (seg, cur) {
            (Seg::Field(name), Value::Object(o)) => o.get(name.as_str())?,
            (Seg::Index(i), Value::Array(a)) => a.get(resolve_index(*i, a.len())?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn resolve_index(index: i64, len: usize) -> Option<usize> {
    if index >= 0 {
        usize::try_from(index).ok()
    } else {
        let back = usize::try_from(index.unsigned_abs()).ok()?;
        len.checked_sub(back)
    }
}

/// Writes `value` at `segments`, creating objects and arrays on the way (an
/// array grows with nulls up to the index). A segment that meets a value of
/// the wrong kind replaces it: assignment wins.
///
/// # Errors
/// A negative index past the start of an array, or an index too large to
/// allocate.
pub fn set(root: &mut Value, segments: &[Seg], value: Value) -> Result<(), String> {
    let Some((last, init)) = segments.split_last() else {
        *root = value;
        return Ok(());
    };
    let mut cur = root;
    for seg in init {
        cur = child_mut(cur, seg)?;
    }
    *child_mut(cur, last)? = value;
    Ok(())
}

/// Arrays may grow by assignment at most this far past their end.
const MAX_GROWTH: usize = 1 << 16;

fn child_mut<'v>(cur: &'v mut Value, seg: &Seg) -> Result<&'v mut Value, String> {
    match seg {
        Seg::Field(name) => {
            if !matches!(cur, Value::Object(_)) {
                *cur = Value::Object(Object::new());
            }
            let Value::Object(o) = cur else { return Err("not an object".into()) };
            Ok(o.entry(name.clone()).or_insert(Value::Null))
        }
        Seg::Index(i) => {
            if !matches!(cur, Value::Array(_)) {
                *cur = Value::Array(Vec::new());
            }
            let Value::Array(a) = cur else { return Err("not an array".into()) };
            let idx = resolve_index(*i, a.len()).ok_or_else(|| {
                format!("index {i} is out of range for an array of {} elements", a.len())
            })?;
            if idx >= a.len() {
                if idx - a.len() > MAX_GROWTH {
                    return Err(format!("index {i} is too far past the end of the array"));
                }
                a.resize(idx + 1, Value::Null);
            }
            Ok(&mut a[idx])
        }
    }
}

/// Removes and returns the value at `segments` (null when absent). Removing
/// the root leaves an empty object.
pub fn remove(root: &mut Value, segments: &[Seg]) -> Value {
    let Some((last, init)) = segments.split_last() else {
        return std::mem::replace(root, Value::Object(Object::new()));
    };
    let mut cur = root;
    for seg in init {
        let next = match (seg, cur) {
            (Seg::Field(name), Value::Object(o)) => o.get_mut(name.as_str()),
            (Seg::Index(i), Value::Array(a)) => {
                let len = a.len();
                resolve_index(*i, len).and_then(|idx| a.get_mut(idx))
            }
            _ => None,
        };
        match next {
            Some(v) => cur = v,
            None => return Value::Null,
        }
    }
    match (last, cur) {
        (Seg::Field(name), Value::Object(o)) => o.remove(name.as_str()).unwrap_or(Value::Null),
        (Seg::Index(i), Value::Array(a)) => match resolve_index(*i, a.len()) {
            Some(idx) if idx < a.len() => a.remove(idx),
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}
