//! Operators on values, with the checker's typing rules: `+` adds numbers or
//! joins strings, `/` always gives a float, comparisons work on numbers,
//! strings and timestamps, `=~` matches a string against a regex. Integer
//! overflow and division by zero are errors, never wrap-around or a trap.

use lgp_lang::ast::BinaryOp;
use lgp_lang::types::Kinds;
use lgp_stdlib::Value;

/// Applies a binary operator other than `&&`, `||` and `??` (those are lazy
/// and handled by the interpreter).
///
/// # Errors
/// A message saying which operand kinds the operator refused, or the
/// arithmetic failure.
pub fn binary(op: BinaryOp, lhs: &Value, rhs: &Value) -> Result<Value, String> {
    use BinaryOp::*;
    use Value::{Float, Int};
    match (op, lhs, rhs) {
        (Eq, l, r) => Ok(Value::Bool(equal(l, r))),
        (Ne, l, r) => Ok(Value::Bool(!equal(l, r))),
        (Add, Value::String(a), Value::String(b)) => {
            let mut s = String::with_capacity(a.len() + b.len());
            s.push_str(a);
            s.push_str(b);
            Ok(Value::from(s))
        }
        (Add | Sub | Mul | Rem, Int(a), Int(b)) => int_arith(op, *a, *b).map(Int),
        (Add | Sub | Mul | Rem | Div, l, r) if number(l).is_some() && number(r).is_some() => {
            let (a, b) = (number(l).unwrap_or(0.0), number(r).unwrap_or(0.0));
            float_arith(op, a, b).map(Float)
        }
        (Lt | Le | Gt | Ge, l, r) => compare(op, l, r),
        (Match | NotMatch, Value::String(s), Value::Regex(re)) => {
            let found = re.regex.is_match(s.as_str());
            Ok(Value::Bool(found == (op == Match)))
        }
        _ => Err(format!(
            "`{}` cannot apply to {} and {}",
            op.as_str(),
            lhs.kind_name(),
            rhs.kind_name()
        )),
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn int_arith(op: BinaryOp, a: i64, b: i64) -> Result<i64, String> {
    let result = match op {
        BinaryOp::Add => a.checked_add(b),
        BinaryOp::Sub => a.checked_sub(b),
        BinaryOp::Mul => a.checked_mul(b),
        BinaryOp::Rem if b == 0 => return Err("division by zero".into()),
        BinaryOp::Rem => a.checked_rem(b),
        _ => None,
    };
    result.ok_or_else(|| format!("integer overflow in `{a} {} {b}`", op.as_str()))
}

fn float_arith(op: BinaryOp, a: f64, b: f64) -> Result<f64, String> {
    match op {
        BinaryOp::Add => Ok(a + b),
        BinaryOp::Sub => Ok(a - b),
        BinaryOp::Mul => Ok(a * b),
        BinaryOp::Div | BinaryOp::Rem if b == 0.0 => Err("division by zero".into()),
        BinaryOp::Div => Ok(a / b),
        BinaryOp::Rem => Ok(a % b),
        _ => Err(format!("`{}` is not arithmetic", op.as_str())),
    }
}

fn compare(op: BinaryOp, l: &Value, r: &Value) -> Result<Value, String> {
    let ordering = match (l, r) {
        (Value::String(a), Value::String(b)) => a.as_str().partial_cmp(b.as_str()),
        (Value::Timestamp(a), Value::Timestamp(b)) => a.partial_cmp(b),
        (Value::Int(a), Value::Int(b)) => a.partial_cmp(b),
        (Value::Int(a), Value::Float(b)) => int_float_order(*a, *b),
        (Value::Float(a), Value::Int(b)) => {
            int_float_order(*b, *a).map(std::cmp::Ordering::reverse)
        }
        _ => match (number(l), number(r)) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => {
                return Err(format!(
                    "`{}` cannot compare {} and {}",
                    op.as_str(),
                    l.kind_name(),
                    r.kind_name()
                ));
            }
        },
    };
    // NaN compares false with everything, as in IEEE 754.
    let Some(ord) = ordering else { return Ok(Value::Bool(false)) };
    Ok(Value::Bool(match op {
        BinaryOp::Lt => ord.is_lt(),
        BinaryOp::Le => ord.is_le(),
        BinaryOp::Gt => ord.is_gt(),
        _ => ord.is_ge(),
    }))
}

/// Checks a user function's argument against its parameter's kinds.
///
/// # Errors
/// "argument `x` of `f` must be `int`, found `string`".
pub fn check_argument(value: &Value, kinds: Kinds, what: &str) -> Result<(), String> {
    if kinds.contains(value.kinds()) {
        return Ok(());
    }
    Err(format!("{what} must be `{kinds}`, found `{}`", value.kind_name()))
}

/// The exact order of an int and a float (`None` for NaN). Converting the
/// int to a float would round above 2^53 and call `2^53 + 1` equal to
/// `2^53` as a float.
fn int_float_order(int: i64, float: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering;
    // 2^63: every i64 is below it, and every float below it and at least
    // -2^63 truncates to an i64 exactly.
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if float.is_nan() {
        return None;
    }
    if float >= TWO_63 {
        return Some(Ordering::Less);
    }
    if float < -TWO_63 {
        return Some(Ordering::Greater);
    }
    let whole = float.trunc();
    Some(int.cmp(&(whole as i64)).then(if float > whole {
        Ordering::Less
    } else if float < whole {
        Ordering::Greater
    } else {
        Ordering::Equal
    }))
}

/// Structural equality; an int and a float are equal when their values are.
pub fn equal(l: &Value, r: &Value) -> bool {
    match (l, r) {
        (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => {
            int_float_order(*a, *b) == Some(std::cmp::Ordering::Equal)
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && equal(va, vb))
        }
        _ => l == r,
    }
}

/// `!` and unary `-`.
///
/// # Errors
/// Integer overflow (`-i64::MIN`) or an operand of the wrong kind.
pub fn unary(op: lgp_lang::ast::UnaryOp, value: Value) -> Result<Value, String> {
    use lgp_lang::ast::UnaryOp;
    match (op, value) {
        (UnaryOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (UnaryOp::Neg, Value::Int(i)) => {
            i.checked_neg().map(Value::Int).ok_or_else(|| format!("integer overflow in `-{i}`"))
        }
        (UnaryOp::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
        (op, v) => Err(format!("`{}` cannot apply to {}", op.as_str(), v.kind_name())),
    }
}

/// The boolean a condition needs; `what` names the construct for the message.
///
/// # Errors
/// When the value is not a boolean.
pub fn truth(value: &Value, what: &str) -> Result<bool, String> {
    match value {
        Value::Bool(b) => Ok(*b),
        other => Err(format!("{what} needs a boolean, got {}", other.kind_name())),
    }
}

/// The reason an `abort` statement gives: its string, any other value as
/// JSON, or "aborted".
pub fn abort_reason(reason: Option<Value>) -> String {
    match reason {
        Some(Value::String(s)) => s.to_string(),
        Some(other) => other.to_string(),
        None => "aborted".to_string(),
    }
}

/// Checks a value assigned to the whole event (`. = v`) or metadata (`% = v`).
///
/// # Errors
/// When the value is not an object.
pub fn whole_root(is_event: bool, value: &Value) -> Result<(), String> {
    if matches!(value, Value::Object(_)) {
        return Ok(());
    }
    let what = if is_event { "the event" } else { "the metadata" };
    Err(format!("{what} must be an object, got {}", value.kind_name()))
}

/// What `for` iterates: the items of an array (keys are indexes), or the
/// values of an object with its keys.
///
/// # Errors
/// When the value is neither.
pub fn iteration(value: Value) -> Result<(Vec<Value>, Option<Vec<Value>>), String> {
    match value {
        Value::Array(items) => Ok((items, None)),
        Value::Object(object) => {
            let (names, items) = object.into_iter().map(|(k, v)| (Value::String(k), v)).unzip();
            Ok((items, Some(names)))
        }
        other => Err(format!("cannot iterate over {}", other.kind_name())),
    }
}

/// Whether a `match` arm's literal pattern matches a value: a regex literal
/// matches strings it finds a match in, any other literal by [`equal`].
pub fn pattern_matches(pattern: &Value, value: &Value) -> bool {
    match (pattern, value) {
        (Value::Regex(re), Value::String(s)) => re.regex.is_match(s.as_str()),
        _ => equal(pattern, value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{Equal, Greater, Less};

    #[test]
    fn ints_and_floats_compare_exactly() {
        let big = 1_i64 << 53;
        assert_eq!(int_float_order(big + 1, big as f64), Some(Greater));
        assert!(!equal(&Value::Int(big + 1), &Value::Float(big as f64)));
        assert!(equal(&Value::Int(big), &Value::Float(big as f64)));
        assert!(equal(&Value::Float(1.0), &Value::Int(1)));
        assert_eq!(int_float_order(i64::MAX, 9_223_372_036_854_775_808.0), Some(Less));
        assert_eq!(int_float_order(i64::MIN, -9_223_372_036_854_775_808.0), Some(Equal));
        assert_eq!(int_float_order(-3, -2.5), Some(Less));
        assert_eq!(int_float_order(-2, -2.5), Some(Greater));
        assert_eq!(int_float_order(2, 2.5), Some(Less));
        assert_eq!(int_float_order(3, f64::NEG_INFINITY), Some(Greater));
        assert_eq!(int_float_order(3, f64::NAN), None);
        let gt = binary(BinaryOp::Gt, &Value::Int(big + 1), &Value::Float(big as f64));
        assert_eq!(gt, Ok(Value::Bool(true)));
        let lt = binary(BinaryOp::Lt, &Value::Float(big as f64), &Value::Int(big + 1));
        assert_eq!(lt, Ok(Value::Bool(true)));
    }
}
