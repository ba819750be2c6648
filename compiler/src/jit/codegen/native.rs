//! Native code for scalar expressions (`crate::typing`): ints are `i64`,
//! floats `f64` and bools `i8` (0 or 1) in machine registers, typed locals
//! are Cranelift variables, and operators are machine instructions.
//!
//! Each operator does what `interp::ops` does, failures included: int
//! `+ - *` check overflow (`sadd_overflow` and friends), `%` checks a zero
//! divisor and `i64::MIN % -1` before `srem` (which would trap), `/` works
//! on floats and checks a zero divisor, comparisons of floats are ordered
//! (NaN compares false, `!=` true). A failure calls a shim that leaves the
//! interpreter's message in the frame and branches to the current handler,
//! as any failing shim does. A value goes into a `Value` register (boxed)
//! only where generic code needs it.

use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{self, BlockArg, InstBuilder, MemFlagsData, types};
use lgp_lang::ast::{BinaryOp, UnaryOp};
use lgp_stdlib::Value;

use super::{Codegen, CodegenError, Result};
use crate::ir::{CallIr, Expr, PathRef, Root};
use crate::jit::abi::{SCALAR_OFFSET, Shim};
use crate::jit::frame::{BINARY_OPS, CallSite, SCALARS};
use crate::typing::Scalar;

/// The machine type of a scalar.
pub(super) fn machine(scalar: Scalar) -> ir::Type {
    match scalar {
        Scalar::Int => types::I64,
        Scalar::Float => types::F64,
        Scalar::Bool => types::I8,
    }
}

/// The float condition of a comparison operator: ordered, so that NaN
/// compares false, except `!=`, which NaN satisfies.
pub(super) fn float_cc(op: BinaryOp) -> FloatCC {
    match op {
        BinaryOp::Lt => FloatCC::LessThan,
        BinaryOp::Le => FloatCC::LessThanOrEqual,
        BinaryOp::Gt => FloatCC::GreaterThan,
        BinaryOp::Ge => FloatCC::GreaterThanOrEqual,
        BinaryOp::Eq => FloatCC::Equal,
        _ => FloatCC::NotEqual,
    }
}

/// The int condition of a comparison operator.
pub(super) fn int_cc(op: BinaryOp) -> IntCC {
    match op {
        BinaryOp::Lt => IntCC::SignedLessThan,
        BinaryOp::Le => IntCC::SignedLessThanOrEqual,
        BinaryOp::Gt => IntCC::SignedGreaterThan,
        BinaryOp::Ge => IntCC::SignedGreaterThanOrEqual,
        BinaryOp::Eq => IntCC::Equal,
        _ => IntCC::NotEqual,
    }
}

fn code_of<T: PartialEq>(table: &[T], item: &T) -> Result<u32> {
    let at = table.iter().position(|t| t == item).ok_or(CodegenError::TooLarge)?;
    u32::try_from(at).map_err(|_| CodegenError::TooLarge)
}

impl Codegen<'_, '_> {
    /// The variable of a typed local of the current node.
    pub(super) fn scalar_local(
        &self,
        slot: usize,
    ) -> Option<(cranelift_frontend::Variable, Scalar)> {
        let var = self.vars.get(slot).copied().flatten()?;
        Some((var, self.types.get(slot)?))
    }

    /// The scalar type `e` has, when the JIT computes it natively rather
    /// than through shims: operators and typed locals. A constant or a
    /// call costs the same boxed, so those are only native inside others.
    pub(super) fn native_worthy(&self, e: &Expr) -> Option<Scalar> {
        match e {
            Expr::Unary(..) | Expr::Binary(..) | Expr::ArgCheck(_) => self.types.expr(e),
            Expr::Path(PathRef { root: Root::Local(slot), segments }) if segments.is_empty() => {
                self.scalar_local(*slot).map(|(_, scalar)| scalar)
            }
            _ => None,
        }
    }

    /// Computes `e` natively and boxes it into register `dst`.
    pub(super) fn boxed(&mut self, e: &Expr, scalar: Scalar, dst: u32) -> Result<()> {
        let value = self.native(e, scalar)?;
        let dst = self.builder.ins().iconst(types::I32, i64::from(dst));
        let (shim, arg) = match scalar {
            Scalar::Int => (Shim::BoxInt, value),
            Scalar::Float => {
                (Shim::BoxFloat, self.builder.ins().bitcast(types::I64, MemFlagsData::new(), value))
            }
            Scalar::Bool => (Shim::BoxBool, self.builder.ins().uextend(types::I32, value)),
        };
        let status = self.call_shim(shim, &[dst, arg])?;
        self.branch_to_handler_if(status, status);
        Ok(())
    }

    /// `e`, whose type is `scalar`, as a machine value.
    pub(super) fn native(&mut self, e: &Expr, scalar: Scalar) -> Result<ir::Value> {
        self.enter()?;
        let mark = self.next_register;
        let value = match e {
            Expr::Const(Value::Int(i)) => self.builder.ins().iconst(types::I64, *i),
            Expr::Const(Value::Float(f)) => self.builder.ins().f64const(*f),
            Expr::Const(Value::Bool(b)) => self.builder.ins().iconst(types::I8, i64::from(*b)),
            Expr::Path(PathRef { root: Root::Local(slot), segments })
                if segments.is_empty() && self.scalar_local(*slot).is_some() =>
            {
                let (var, _) = self.scalar_local(*slot).ok_or(CodegenError::TooLarge)?;
                self.builder.use_var(var)
            }
            Expr::Call(call) => self.call_native(call, scalar)?,
            Expr::Exists(path) if self.whole_field(path).is_some() => self.field_exists(path)?,
            Expr::Unary(op, inner) => self.unary_native(*op, inner, scalar)?,
            Expr::Binary(op, lhs, rhs) => self.binary_native(*op, lhs, rhs, scalar)?,
            Expr::ArgCheck(check) => self.native(&check.value, scalar)?,
            _ => self.unboxed(e, scalar)?,
        };
        self.next_register = mark;
        self.leave();
        Ok(value)
    }

    /// Stores `e` (of type `scalar`) in typed local `slot`.
    pub(super) fn set_scalar_local(&mut self, slot: usize, e: &Expr) -> Result<bool> {
        let Some((var, scalar)) = self.scalar_local(slot) else { return Ok(false) };
        let value = self.native(e, scalar)?;
        self.builder.def_var(var, value);
        Ok(true)
    }

    /// Evaluates `e` the generic way and takes the scalar out of its
    /// register.
    fn unboxed(&mut self, e: &Expr, scalar: Scalar) -> Result<ir::Value> {
        let src = self.temp()?;
        self.expr_generic(e, src)?;
        let code = code_of(&SCALARS, &scalar)?;
        let args = self.immediates(&[src, code]);
        let status = self.call_shim(Shim::Unbox, &args)?;
        self.branch_to_handler_if(status, status);
        Ok(self.load_scalar(scalar))
    }

    /// A built-in returning `scalar`: the result comes back in the frame.
    fn call_native(&mut self, call: &CallIr, scalar: Scalar) -> Result<ir::Value> {
        let base = self.call_args(call)?;
        let site = Self::index(&mut self.tables.calls, CallSite::new(call))?;
        let code = code_of(&SCALARS, &scalar)?;
        let args = self.immediates(&[site, base, code]);
        let status = self.call_shim(Shim::CallScalar, &args)?;
        self.branch_to_handler_if(status, status);
        Ok(self.load_scalar(scalar))
    }

    /// The scalar a shim left in the frame.
    fn load_scalar(&mut self, scalar: Scalar) -> ir::Value {
        let bits =
            self.builder.ins().load(types::I64, MemFlagsData::trusted(), self.frame, SCALAR_OFFSET);
        match scalar {
            Scalar::Int => bits,
            Scalar::Float => self.builder.ins().bitcast(types::F64, MemFlagsData::new(), bits),
            Scalar::Bool => self.builder.ins().ireduce(types::I8, bits),
        }
    }

    /// Calls a shim that always fails (its message goes to the frame) and
    /// branches to the handler, from a cold block entered when `condition`
    /// holds; code goes on in a fresh block otherwise.
    fn fail_if(&mut self, condition: ir::Value, shim: Shim, args: &[ir::Value]) -> Result<()> {
        let failed = self.builder.create_block();
        let next = self.builder.create_block();
        self.builder.set_cold_block(failed);
        self.builder.ins().brif(condition, failed, &[], next, &[]);
        self.builder.switch_to_block(failed);
        let status = self.call_shim(shim, args)?;
        self.builder.ins().jump(self.handler, &[BlockArg::Value(status)]);
        self.builder.switch_to_block(next);
        Ok(())
    }

    fn unary_native(&mut self, op: UnaryOp, inner: &Expr, scalar: Scalar) -> Result<ir::Value> {
        let value = self.native(inner, scalar)?;
        Ok(match (op, scalar) {
            (UnaryOp::Not, _) => self.builder.ins().bxor_imm_u(value, 1),
            (UnaryOp::Neg, Scalar::Float) => self.builder.ins().fneg(value),
            (UnaryOp::Neg, _) => {
                let min = self.builder.ins().icmp_imm_s(IntCC::Equal, value, i64::MIN);
                self.fail_if(min, Shim::NegOverflow, &[value])?;
                self.builder.ins().ineg(value)
            }
        })
    }

    fn binary_native(
        &mut self,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
        scalar: Scalar,
    ) -> Result<ir::Value> {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                return self.logic_native(op == BinaryOp::And, lhs, rhs);
            }
            BinaryOp::Coalesce => return self.coalesce_native(lhs, rhs, scalar),
            _ => {}
        }
        let missing = || CodegenError::Module("an operand of a typed operator has no type".into());
        let left_type = self.types.expr(lhs).ok_or_else(missing)?;
        let right_type = self.types.expr(rhs).ok_or_else(missing)?;
        let left = self.native(lhs, left_type)?;
        let right = self.native(rhs, right_type)?;
        let ints = left_type == Scalar::Int && right_type == Scalar::Int;
        Ok(match op {
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul if ints => {
                self.int_arith(op, left, right)?
            }
            BinaryOp::Rem if ints => self.int_rem(left, right)?,
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                let a = self.widen(left, left_type);
                let b = self.widen(right, right_type);
                match op {
                    BinaryOp::Add => self.builder.ins().fadd(a, b),
                    BinaryOp::Sub => self.builder.ins().fsub(a, b),
                    BinaryOp::Mul => self.builder.ins().fmul(a, b),
                    _ => {
                        let zero = self.builder.ins().f64const(0.0);
                        let by_zero = self.builder.ins().fcmp(FloatCC::Equal, b, zero);
                        self.fail_if(by_zero, Shim::DivisionByZero, &[])?;
                        self.builder.ins().fdiv(a, b)
                    }
                }
            }
            _ if left_type == Scalar::Float => self.builder.ins().fcmp(float_cc(op), left, right),
            _ => self.builder.ins().icmp(int_cc(op), left, right),
        })
    }

    fn widen(&mut self, value: ir::Value, scalar: Scalar) -> ir::Value {
        match scalar {
            Scalar::Int => self.builder.ins().fcvt_from_sint(types::F64, value),
            _ => value,
        }
    }

    /// `+ - *` on ints, failing on overflow as `checked_*` does.
    fn int_arith(&mut self, op: BinaryOp, a: ir::Value, b: ir::Value) -> Result<ir::Value> {
        let (result, overflow) = match op {
            BinaryOp::Add => self.builder.ins().sadd_overflow(a, b),
            BinaryOp::Sub => self.builder.ins().ssub_overflow(a, b),
            _ => self.builder.ins().smul_overflow(a, b),
        };
        let code = code_of(&BINARY_OPS, &op)?;
        let code = self.builder.ins().iconst(types::I32, i64::from(code));
        self.fail_if(overflow, Shim::IntOverflow, &[code, a, b])?;
        Ok(result)
    }

    /// `a % b` on ints: a zero divisor fails, `i64::MIN % -1` overflows
    /// (as `checked_rem` says), any other `% -1` is 0; `srem` would trap
    /// on both.
    fn int_rem(&mut self, a: ir::Value, b: ir::Value) -> Result<ir::Value> {
        let zero = self.builder.ins().icmp_imm_s(IntCC::Equal, b, 0);
        self.fail_if(zero, Shim::DivisionByZero, &[])?;
        let minus_one = self.builder.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let min = self.builder.ins().icmp_imm_s(IntCC::Equal, a, i64::MIN);
        let overflow = self.builder.ins().band(minus_one, min);
        let code = code_of(&BINARY_OPS, &BinaryOp::Rem)?;
        let code = self.builder.ins().iconst(types::I32, i64::from(code));
        self.fail_if(overflow, Shim::IntOverflow, &[code, a, b])?;
        let divide = self.builder.create_block();
        let join = self.builder.create_block();
        let result = self.builder.append_block_param(join, types::I64);
        let zero = self.builder.ins().iconst(types::I64, 0);
        self.builder.ins().brif(minus_one, join, &[BlockArg::Value(zero)], divide, &[]);
        self.builder.switch_to_block(divide);
        let remainder = self.builder.ins().srem(a, b);
        self.builder.ins().jump(join, &[BlockArg::Value(remainder)]);
        self.builder.switch_to_block(join);
        Ok(result)
    }

    /// `&&` / `||` on bools: the right side runs only when needed.
    fn logic_native(&mut self, is_and: bool, lhs: &Expr, rhs: &Expr) -> Result<ir::Value> {
        let left = self.native(lhs, Scalar::Bool)?;
        let right_block = self.builder.create_block();
        let join = self.builder.create_block();
        let result = self.builder.append_block_param(join, types::I8);
        let decided = [BlockArg::Value(left)];
        if is_and {
            self.builder.ins().brif(left, right_block, &[], join, &decided);
        } else {
            self.builder.ins().brif(left, join, &decided, right_block, &[]);
        }
        self.builder.switch_to_block(right_block);
        let right = self.native(rhs, Scalar::Bool)?;
        self.builder.ins().jump(join, &[BlockArg::Value(right)]);
        self.builder.switch_to_block(join);
        Ok(result)
    }

    /// `l ?? r` on scalars: `l` is never null, so only its failure (an
    /// overflow, a failing call) sends control to `r`; aborts pass through.
    fn coalesce_native(&mut self, lhs: &Expr, rhs: &Expr, scalar: Scalar) -> Result<ir::Value> {
        let handler = self.builder.create_block();
        let right_block = self.builder.create_block();
        let join = self.builder.create_block();
        let result = self.builder.append_block_param(join, machine(scalar));
        let outer = std::mem::replace(&mut self.handler, handler);
        let left = self.native(lhs, scalar);
        self.handler = outer;
        self.builder.ins().jump(join, &[BlockArg::Value(left?)]);
        self.catch_into(handler, right_block);
        self.builder.switch_to_block(right_block);
        let right = self.native(rhs, scalar)?;
        self.builder.ins().jump(join, &[BlockArg::Value(right)]);
        self.builder.switch_to_block(join);
        Ok(result)
    }
}
