//! Native code for field slots (`crate::layout`): generated code loads and
//! stores a slot's `state` and `bits` words at fixed offsets in the frame.
//!
//! - `.f = e` with `e` of a scalar type stores the native value and its
//!   state: two stores, no call. A shim boxes it only when generic code
//!   reads the field.
//! - `exists(.f)` is a load and a compare.
//! - `.f op c`, a comparison with an int or float constant, loads the state;
//!   when the slot holds a native value of the constant's type it compares
//!   natively, otherwise the generic shim decides.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, BlockArg, InstBuilder, MemFlagsData, types};
use lgp_lang::ast::BinaryOp;
use lgp_stdlib::Value;

use super::native::{float_cc, int_cc};
use super::{Codegen, CodegenError, Result};
use crate::ir::{Expr, PathRef};
use crate::jit::abi::{
    FIELD_ABSENT, FIELD_BITS_OFFSET, FIELD_BOOL, FIELD_FLOAT, FIELD_INT, FIELD_SIZE,
    FIELD_STATE_OFFSET, FIELDS_OFFSET, Shim,
};
use crate::jit::frame::SWAPPED;
use crate::typing::Scalar;

/// The state that says a slot holds a native `scalar`.
fn state_of(scalar: Scalar) -> i64 {
    match scalar {
        Scalar::Int => FIELD_INT,
        Scalar::Float => FIELD_FLOAT,
        Scalar::Bool => FIELD_BOOL,
    }
}

impl Codegen<'_, '_> {
    /// The slot of `path` when it is a whole field in a slot (`.f`).
    pub(super) fn whole_field(&self, path: &PathRef) -> Option<usize> {
        self.field_slot(path).filter(|_| path.segments.len() == 1)
    }

    /// The frame offset of word `word` of field slot `slot`.
    fn field_offset(slot: usize, word: i32) -> Result<i32> {
        let slot = i32::try_from(slot).map_err(|_| CodegenError::TooLarge)?;
        slot.checked_mul(FIELD_SIZE)
            .and_then(|at| at.checked_add(FIELDS_OFFSET))
            .and_then(|at| at.checked_add(word))
            .ok_or(CodegenError::TooLarge)
    }

    fn load_field(&mut self, slot: usize, word: i32) -> Result<ir::Value> {
        let offset = Self::field_offset(slot, word)?;
        let flags = MemFlagsData::trusted();
        Ok(self.builder.ins().load(types::I64, flags, self.frame, offset))
    }

    /// `.f = e` natively when `.f` is in a slot and `e` has a scalar type;
    /// false when it is not for here.
    pub(super) fn store_field(&mut self, path: &PathRef, e: &Expr) -> Result<bool> {
        let (Some(slot), Some(scalar)) = (self.whole_field(path), self.types.expr(e)) else {
            return Ok(false);
        };
        let value = self.native(e, scalar)?;
        let bits = match scalar {
            Scalar::Int => value,
            Scalar::Float => self.builder.ins().bitcast(types::I64, MemFlagsData::new(), value),
            Scalar::Bool => self.builder.ins().uextend(types::I64, value),
        };
        let state = self.builder.ins().iconst(types::I64, state_of(scalar));
        let flags = MemFlagsData::trusted();
        let bits_at = Self::field_offset(slot, FIELD_BITS_OFFSET)?;
        let state_at = Self::field_offset(slot, FIELD_STATE_OFFSET)?;
        self.builder.ins().store(flags, bits, self.frame, bits_at);
        self.builder.ins().store(flags, state, self.frame, state_at);
        Ok(true)
    }

    /// `exists(.f)` for a field in a slot: 0 or 1 (`i8`).
    pub(super) fn field_exists(&mut self, path: &PathRef) -> Result<ir::Value> {
        let slot = self.whole_field(path).ok_or(CodegenError::TooLarge)?;
        let state = self.load_field(slot, FIELD_STATE_OFFSET)?;
        Ok(self.builder.ins().icmp_imm_u(IntCC::NotEqual, state, FIELD_ABSENT))
    }

    /// `.f op c` (or `c op .f` when `code` has `SWAPPED`) for a comparison
    /// `op` and an int or float constant `c`: native when the slot holds a
    /// native value of `c`'s type, else the `PathOp` shim. Returns 0 or 1
    /// (`i32`); `None` when `path` is not a whole field in a slot.
    pub(super) fn compare_field(
        &mut self,
        op: BinaryOp,
        path: &PathRef,
        constant: &Value,
        code: u32,
    ) -> Result<Option<ir::Value>> {
        let scalar = match constant {
            Value::Int(_) => Scalar::Int,
            Value::Float(_) => Scalar::Float,
            _ => return Ok(None),
        };
        let Some(slot) = self.whole_field(path) else { return Ok(None) };
        let native = self.builder.create_block();
        let generic = self.builder.create_block();
        let join = self.builder.create_block();
        let result = self.builder.append_block_param(join, types::I32);
        let state = self.load_field(slot, FIELD_STATE_OFFSET)?;
        let same = self.builder.ins().icmp_imm_u(IntCC::Equal, state, state_of(scalar));
        self.builder.ins().brif(same, native, &[], generic, &[]);

        self.builder.switch_to_block(native);
        let bits = self.load_field(slot, FIELD_BITS_OFFSET)?;
        let field = match scalar {
            Scalar::Float => self.builder.ins().bitcast(types::F64, MemFlagsData::new(), bits),
            _ => bits,
        };
        let c = self.native(&Expr::Const(constant.clone()), scalar)?;
        let (a, b) = if code & SWAPPED != 0 { (c, field) } else { (field, c) };
        let answer = match scalar {
            Scalar::Float => self.builder.ins().fcmp(float_cc(op), a, b),
            _ => self.builder.ins().icmp(int_cc(op), a, b),
        };
        let answer = self.builder.ins().uextend(types::I32, answer);
        self.builder.ins().jump(join, &[BlockArg::Value(answer)]);

        self.builder.switch_to_block(generic);
        let path = self.path(path)?;
        let constant = self.constant(constant)?;
        let args = self.immediates(&[path, constant, code]);
        let status = self.predicate(Shim::PathOp, &args)?;
        self.builder.ins().jump(join, &[BlockArg::Value(status)]);

        self.builder.switch_to_block(join);
        Ok(Some(result))
    }
}
