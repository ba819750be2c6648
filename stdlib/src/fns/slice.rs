//! `slice`: part of a string (by characters) or of an array.

use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::arg_type;
use crate::value::Value;

pub struct Slice;

const SLICEABLE: Kinds = Kinds(Kinds::STRING.0 | Kinds::ARRAY.0);

const PARAMS: &[ParamSig] = &[
    ParamSig { name: "value", kinds: SLICEABLE, required: true, doc: "The string or array." },
    ParamSig {
        name: "start",
        kinds: Kinds::INT,
        required: true,
        doc: "First position kept; negative counts from the end.",
    },
    ParamSig {
        name: "end",
        kinds: Kinds::INT,
        required: false,
        doc: "Position after the last one kept; negative counts from the end; the end by default.",
    },
];

impl FnSig for Slice {
    fn name(&self) -> &'static str {
        "slice"
    }
    fn category(&self) -> &'static str {
        "string"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        let mut ty = arg_type(args, 0);
        ty.kinds = ty.kinds.intersect(SLICEABLE);
        if ty.kinds.is_empty() {
            return Type::of(SLICEABLE);
        }
        ty.object = None;
        ty
    }
    fn fallible(&self, _args: &SigArgs<'_>) -> Option<String> {
        None
    }
    fn doc(&self) -> &'static str {
        "Returns the part of `value` from `start` up to, not including, `end`. Positions count \
         characters (Unicode scalar values) in a string and items in an array; negative \
         positions count from the end. Positions past either end are clamped, and an empty \
         string or array is returned when `end` is not after `start`, so `slice` never fails."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "string",
                source: r#"slice("héllo world", 1, 5)"#,
                input: "{}",
                result: Ok(r#""éllo""#),
            },
            Example {
                title: "from the end",
                source: r#"slice("app.log", -3)"#,
                input: "{}",
                result: Ok(r#""log""#),
            },
            Example {
                title: "array",
                source: "slice([1, 2, 3, 4], 1, -1)",
                input: "{}",
                result: Ok("[2,3]"),
            },
        ]
    }
}

impl Function for Slice {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        let start = args.int(1)?;
        let end = args.opt_int(2)?;
        match args.take(0) {
            Value::String(text) => {
                let (from, to) = bounds(text.chars().count(), start, end);
                let first = byte_offset(&text, from);
                let last = byte_offset(&text, to);
                Ok(Value::String(text.slice_ref(text.get(first..last).unwrap_or_default())))
            }
            Value::Array(mut items) => {
                let (from, to) = bounds(items.len(), start, end);
                items.truncate(to);
                Ok(Value::Array(items.split_off(from)))
            }
            other => Err(FnError::new(format!(
                "`value` must be a string or an array, got {}",
                other.kind_name()
            ))),
        }
    }
}

/// Clamps `start..end` (negative from the end) to `0..len`, with `from <= to`.
fn bounds(len: usize, start: i64, end: Option<i64>) -> (usize, usize) {
    let from = clamp(len, start);
    let to = end.map_or(len, |end| clamp(len, end));
    (from, to.max(from))
}

fn clamp(len: usize, position: i64) -> usize {
    let len_i64 = i64::try_from(len).unwrap_or(i64::MAX);
    let position = if position < 0 { len_i64.saturating_add(position) } else { position };
    usize::try_from(position.clamp(0, len_i64)).unwrap_or(len)
}

/// The byte offset of the character at `index` (the length at the end).
fn byte_offset(text: &str, index: usize) -> usize {
    text.char_indices().nth(index).map_or(text.len(), |(offset, _)| offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{call, json, some};

    fn slice(value: Value, start: i64, end: Option<i64>) -> Result<Value, FnError> {
        call(&Slice, vec![Some(value), some(start), end.map(Value::Int)])
    }

    #[test]
    fn strings_slice_by_characters() {
        assert_eq!(slice("日本語テキスト".into(), 1, Some(3)), Ok(Value::from("本語")));
        assert_eq!(slice("abc".into(), -2, None), Ok(Value::from("bc")));
        assert_eq!(slice("abc".into(), 0, Some(-1)), Ok(Value::from("ab")));
    }

    #[test]
    fn out_of_range_positions_clamp() {
        assert_eq!(slice("abc".into(), 5, None), Ok(Value::from("")));
        assert_eq!(slice("abc".into(), -10, Some(10)), Ok(Value::from("abc")));
        assert_eq!(slice("abc".into(), 2, Some(1)), Ok(Value::from("")));
        assert_eq!(slice("abc".into(), i64::MIN, Some(i64::MAX)), Ok(Value::from("abc")));
        assert_eq!(slice(json("[1,2,3]"), i64::MAX, Some(i64::MIN)), Ok(json("[]")));
    }

    #[test]
    fn arrays_slice_by_items() {
        assert_eq!(slice(json(r#"[1,"a",null,{}]"#), 1, Some(3)), Ok(json(r#"["a",null]"#)));
        assert_eq!(slice(json("[]"), 0, None), Ok(json("[]")));
    }

    #[test]
    fn other_kinds_fail() {
        let err = slice(Value::Int(12), 0, None).unwrap_err();
        assert_eq!(err.0, "`value` must be a string or an array, got int");
    }
}
