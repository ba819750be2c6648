//! `min`: the smallest number of an array.

use std::cmp::Ordering;

use lgp_lang::ast::ExprKind;
use lgp_lang::sig::{Args as SigArgs, Example, FnSig, ParamSig};
use lgp_lang::types::{Kinds, Type};

use crate::function::{Args, FnError, Function, Prepared};
use crate::util::{arg, arg_text, compare_numbers, element_type};
use crate::value::Value;

pub struct Min;

pub(crate) const PARAMS: &[ParamSig] = &[ParamSig {
    name: "value",
    kinds: Kinds::ARRAY,
    required: true,
    doc: "The numbers, integers or floats.",
}];

impl FnSig for Min {
    fn name(&self) -> &'static str {
        "min"
    }
    fn category(&self) -> &'static str {
        "number"
    }
    fn params(&self) -> &'static [ParamSig] {
        PARAMS
    }
    fn return_type(&self, args: &SigArgs<'_>) -> Type {
        number_type(args)
    }
    fn fallible(&self, args: &SigArgs<'_>) -> Option<String> {
        extreme_fallible(args)
    }
    fn doc(&self) -> &'static str {
        "Returns the smallest number in `value`, as it is (an integer stays an integer; of \
         equal numbers such as `1` and `1.0`, the first). Integers and floats compare by \
         exact value, and NaN counts as above every number. Fails when `value` is empty or \
         holds something other than a number; the call cannot fail when the checker knows \
         both that every item is a number and that there is one, as for a literal \
         `[3, 1, 2]`."
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                title: "literal",
                source: "min([3, -1.5, 2])",
                input: "{}",
                result: Ok("-1.5"),
            },
            Example {
                title: "field",
                source: "min!(.latencies_ms)",
                input: r#"{"latencies_ms": [120, 87, 301]}"#,
                result: Ok("87"),
            },
            Example {
                title: "empty",
                source: "min(.latencies_ms) ?? 0",
                input: r#"{"latencies_ms": []}"#,
                result: Ok("0"),
            },
            Example {
                title: "not a number",
                source: r#"min!([1, "2"])"#,
                input: "{}",
                result: Err("item 1 of `value` must be a number, got string"),
            },
        ]
    }
}

impl Function for Min {
    fn call(&self, _prepared: &Prepared, args: &mut Args) -> Result<Value, FnError> {
        extreme(args, Ordering::Less)
    }
}

/// The numeric kinds the items may have: what `min` and `max` return.
pub(crate) fn number_type(args: &SigArgs<'_>) -> Type {
    let kinds = element_type(args, 0).kinds.intersect(Kinds::NUMBER);
    Type::of(if kinds.is_empty() { Kinds::NUMBER } else { kinds })
}

/// `min` and `max` fail on items that are not numbers and on an empty
/// array; only a literal array shows the checker that it has items.
pub(crate) fn extreme_fallible(args: &SigArgs<'_>) -> Option<String> {
    let text = arg_text(args, 0, "value");
    if !element_type(args, 0).is_subset_of(Kinds::NUMBER) {
        return Some(format!("`{text}` may hold items that are not numbers"));
    }
    let has_items = arg(args, 0)
        .is_some_and(|a| matches!(&a.expr.kind, ExprKind::Array(items) if !items.is_empty()));
    (!has_items).then(|| format!("`{text}` may be empty"))
}

/// The first item that compares `wanted` to every earlier best: the
/// smallest for `Less`, the largest for `Greater`.
pub(crate) fn extreme(args: &mut Args, wanted: Ordering) -> Result<Value, FnError> {
    let items = match args.take(0) {
        Value::Array(items) => items,
        other => {
            return Err(FnError::new(format!(
                "`value` must be an array, got {}",
                other.kind_name()
            )));
        }
    };
    let mut best: Option<Value> = None;
    for (i, item) in items.into_iter().enumerate() {
        if !matches!(item, Value::Int(_) | Value::Float(_)) {
            return Err(FnError::new(format!(
                "item {i} of `value` must be a number, got {}",
                item.kind_name()
            )));
        }
        if best.as_ref().is_none_or(|best| compare_numbers(&item, best) == Some(wanted)) {
            best = Some(item);
        }
    }
    best.ok_or_else(|| FnError::new("`value` is empty"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::util::testing::{SigArg, call, call_once, json, sig_args, typed};
    use lgp_lang::ast::{Expr, Literal};
    use lgp_lang::span::Span;

    fn min(items: &str) -> Result<Value, FnError> {
        call(&Min, vec![Some(json(items))])
    }

    #[test]
    fn smallest_by_exact_value() {
        assert_eq!(min("[2, 1.0, 1, 3]"), Ok(Value::Float(1.0)));
        assert_eq!(min("[-9223372036854775808, -9.3e18]"), Ok(Value::Float(-9.3e18)));
        assert_eq!(min("[7]"), Ok(Value::Int(7)));
        let nan_first = vec![Value::Float(f64::NAN), Value::Int(4)];
        assert_eq!(call_once(&Min, vec![Some(Value::Array(nan_first))]), Ok(Value::Int(4)));
    }

    #[test]
    fn empty_and_non_numbers_fail() {
        assert_eq!(min("[]").unwrap_err().0, "`value` is empty");
        assert_eq!(min("[1, null]").unwrap_err().0, "item 1 of `value` must be a number, got null");
        assert_eq!(min("{}").unwrap_err().0, "`value` must be an array, got object");
    }

    #[test]
    fn only_known_non_empty_numbers_are_infallible() {
        let ints = Type::array_of(Type::int());
        let field = [typed(ints.clone(), ".xs")];
        assert_eq!(Min.fallible(&sig_args(&field)).as_deref(), Some("`.xs` may be empty"));
        assert_eq!(Min.return_type(&sig_args(&field)), Type::int());
        let item = Expr { kind: ExprKind::Literal(Literal::Int(1)), span: Span::default() };
        let expr = Expr { kind: ExprKind::Array(vec![item]), span: Span::default() };
        let literal = [Some(SigArg { ty: ints, expr, text: "[1]".to_owned() })];
        assert_eq!(Min.fallible(&sig_args(&literal)), None);
        let any = [typed(Type::array_of(Type::any()), ".xs")];
        assert_eq!(
            Min.fallible(&sig_args(&any)).as_deref(),
            Some("`.xs` may hold items that are not numbers")
        );
        assert_eq!(Min.return_type(&sig_args(&any)), Type::of(Kinds::NUMBER));
    }
}
