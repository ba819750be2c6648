//! The boundary between generated code and Rust, and the only `unsafe` in
//! the crate: the frame generated code is handed, the `extern "C"` shims it
//! calls for value work, and the executable memory that holds it.
//!
//! Generated code passes the frame pointer on to shims and touches two
//! parts of it directly (`JitFrame` is `#[repr(C)]`): `scalar`, at
//! [`SCALAR_OFFSET`], where a shim leaves a native int, float or bool; and
//! the `state` and `bits` words of the field slots (at [`FIELDS_OFFSET`],
//! [`FieldSlot`] apart), which it loads and stores as plain integers. It
//! never touches a slot's `boxed` value, so every `Value` in the frame stays
//! one that Rust made.

use cranelift_codegen::ir::{AbiParam, Type, types};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module};
use lgp_stdlib::{Event, Str, Value};

use crate::fusion::ChainOutcome;
use crate::layout::MAX_FIELD_SLOTS;

use super::frame::Tables;

/// Shim status: done.
pub(crate) const OK: u32 = 0;
/// Predicate shims answer `FALSE` or `TRUE` when they succeed.
pub(crate) const FALSE: u32 = 0;
pub(crate) const TRUE: u32 = 1;
/// A failure that `??` or an error binding can catch; the message is in
/// [`JitFrame::failure`].
pub(crate) const FAIL: u32 = 2;
/// An abort that ends the event; the reason is in [`JitFrame::failure`].
pub(crate) const ABORT: u32 = 3;

/// What a node's function returns.
pub(crate) const DONE: u32 = 0;
pub(crate) const DROPPED: u32 = 1;
/// The event leaves on the lane in [`JitFrame::lane`].
pub(crate) const EMITTED: u32 = 2;
/// The event is aborted with the reason in [`JitFrame::failure`].
pub(crate) const ABORTED: u32 = 3;
/// A chain's function returns the status above in the low byte and, from
/// this bit up, the position in the chain of the node it happened at.
pub(crate) const STAGE_SHIFT: u32 = 8;
/// The most nodes a chain's function holds, so the status fits 24 bits.
pub(crate) const MAX_STAGES: usize = 1 << 16;

/// The state of one run of a chain's function on a batch of events.
#[repr(C)]
pub(crate) struct JitFrame<'a> {
    /// The event being run; a placeholder between events.
    pub(crate) event: Event,
    /// Locals first (`0..locals`), then the temporaries codegen allocated.
    pub(crate) registers: Vec<Value>,
    pub(crate) locals: usize,
    /// The pending failure message, or the abort reason.
    pub(crate) failure: String,
    pub(crate) lane: Option<Str>,
    pub(crate) tables: &'a Tables,
    /// The events still to run, and where each one's outcome goes.
    pub(crate) pending: std::vec::IntoIter<Event>,
    pub(crate) outcomes: &'a mut Vec<ChainOutcome>,
    /// Where a shim leaves a native scalar for generated code to load
    /// (at [`SCALAR_OFFSET`]): an int, a float's bits, or a bool as 0/1.
    pub(crate) scalar: i64,
    /// The field slots of the running node (see `crate::layout`), valid
    /// while `field_names` is set.
    pub(crate) fields: [FieldSlot; MAX_FIELD_SLOTS],
    /// The names of the slots in use, from the tables; `None` while the
    /// event's fields are all in its object.
    pub(crate) field_names: Option<&'a [Str]>,
}

/// The offset of [`JitFrame::scalar`], which generated code loads.
pub(crate) const SCALAR_OFFSET: i32 = std::mem::offset_of!(JitFrame<'static>, scalar) as i32;
/// The offset of slot 0 of [`JitFrame::fields`].
pub(crate) const FIELDS_OFFSET: i32 = std::mem::offset_of!(JitFrame<'static>, fields) as i32;
/// The distance from one field slot to the next.
pub(crate) const FIELD_SIZE: i32 = std::mem::size_of::<FieldSlot>() as i32;
/// The offsets of a slot's words that generated code loads and stores.
pub(crate) const FIELD_STATE_OFFSET: i32 = std::mem::offset_of!(FieldSlot, state) as i32;
pub(crate) const FIELD_BITS_OFFSET: i32 = std::mem::offset_of!(FieldSlot, bits) as i32;

/// [`FieldSlot::state`]: the field is absent.
pub(crate) const FIELD_ABSENT: i64 = 0;
/// The field's value is `boxed`.
pub(crate) const FIELD_BOXED: i64 = 1;
/// The field holds the native int, float (its bits) or bool (0/1) in
/// `bits`; `boxed` is stale. The three follow `frame::SCALARS`' order.
pub(crate) const FIELD_INT: i64 = 2;
pub(crate) const FIELD_FLOAT: i64 = 3;
pub(crate) const FIELD_BOOL: i64 = 4;

/// One top-level event field held outside the event's object. Generated
/// code reads and writes `state` and `bits`; shims box a native value into
/// `boxed` before any generic code sees it.
#[repr(C)]
#[derive(Default)]
pub(crate) struct FieldSlot {
    pub(crate) state: i64,
    pub(crate) bits: i64,
    pub(crate) boxed: Value,
    /// Where the field sits in the event's object, which holds a null in
    /// its place while the field is in the slot; `None` when the object
    /// had no such field. Only shims use it.
    pub(crate) at: Option<usize>,
}

/// The Cranelift type of a shim argument.
trait ShimArg {
    const TYPE: Type;
}

impl ShimArg for u32 {
    const TYPE: Type = types::I32;
}

impl ShimArg for i64 {
    const TYPE: Type = types::I64;
}

/// Declares every shim once: the enum codegen names it by, its symbol, its
/// parameters after the frame pointer, and the `extern "C"` function that
/// runs the [`JitFrame`] method of the same job under a panic guard.
macro_rules! shims {
    ($($shim:ident = $symbol:ident($($arg:ident: $ty:ty),*) => $method:ident;)*) => {
        /// A shim generated code can call.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub(crate) enum Shim {
            $($shim),*
        }

        impl Shim {
            pub(crate) const ALL: &'static [Shim] = &[$(Shim::$shim),*];

            pub(crate) fn symbol(self) -> &'static str {
                match self {
                    $(Shim::$shim => stringify!($symbol)),*
                }
            }

            fn address(self) -> *const u8 {
                match self {
                    $(Shim::$shim => $symbol as *const u8),*
                }
            }

            /// The parameter types after the frame pointer.
            pub(crate) fn params(self) -> &'static [Type] {
                match self {
                    $(Shim::$shim => const { &[$(<$ty as ShimArg>::TYPE),*] }),*
                }
            }
        }

        $(
            /// # Safety
            /// `frame` must point to a live [`JitFrame`] that nothing else
            /// uses for the duration of the call.
            unsafe extern "C" fn $symbol(frame: *mut JitFrame<'_>, $($arg: $ty),*) -> u32 {
                // SAFETY: generated code only passes on the pointer that
                // `CodeMemory::run` made from a `&mut JitFrame`, which
                // outlives the call and is not used elsewhere meanwhile.
                let frame = unsafe { &mut *frame };
                frame.guard(stringify!($method), |frame| frame.$method($($arg),*))
            }
        )*
    };
}

shims! {
    Const = lgp_const(dst: u32, index: u32) => load_const;
    Read = lgp_read(dst: u32, path: u32) => read;
    Assign = lgp_assign(path: u32, src: u32) => assign;
    Del = lgp_del(dst: u32, path: u32) => del;
    Exists = lgp_exists(dst: u32, path: u32) => exists;
    SetLocal = lgp_set_local(slot: u32, src: u32) => set_local;
    Null = lgp_null(dst: u32) => null;
    Array = lgp_array(dst: u32, base: u32, len: u32) => array;
    Object = lgp_object(dst: u32, base: u32, keys: u32) => object;
    Unary = lgp_unary(dst: u32, src: u32, op: u32) => unary;
    Binary = lgp_binary(dst: u32, lhs: u32, rhs: u32, op: u32) => binary;
    Truth = lgp_truth(src: u32, context: u32) => truth;
    IsNull = lgp_is_null(src: u32) => is_null;
    MatchEq = lgp_match_eq(src: u32, pattern: u32) => match_eq;
    Call = lgp_call(dst: u32, call: u32, base: u32) => call;
    Project = lgp_project(call: u32, base: u32, keep: u32) => project;
    PathOp = lgp_path_op(path: u32, constant: u32, op: u32) => path_op;
    AssignConst = lgp_assign_const(path: u32, constant: u32) => assign_const;
    AssignCall = lgp_assign_call(path: u32, call: u32, base: u32) => assign_call;
    MovePath = lgp_move_path(dst: u32, src: u32) => move_path;
    CopyPath = lgp_copy_path(dst: u32, src: u32) => copy_path;
    DelPath = lgp_del_path(path: u32) => del_path;
    ArgCheck = lgp_arg_check(src: u32, check: u32) => arg_check;
    Materialize = lgp_materialize() => materialize;
    TakeFailure = lgp_take_failure(dst: u32) => take_failure;
    AbortReason = lgp_abort_reason(src: u32) => abort_reason;
    Lane = lgp_lane(index: u32) => lane;
    ForBegin = lgp_for_begin(iter: u32, keys: u32) => for_begin;
    ForItem = lgp_for_item(iter: u32, keys: u32, index: i64, key_slot: u32, value_slot: u32) => for_item;
    BoxInt = lgp_box_int(dst: u32, value: i64) => box_int;
    BoxFloat = lgp_box_float(dst: u32, bits: i64) => box_float;
    BoxBool = lgp_box_bool(dst: u32, value: u32) => box_bool;
    Unbox = lgp_unbox(src: u32, scalar: u32) => unbox;
    CallScalar = lgp_call_scalar(call: u32, base: u32, scalar: u32) => call_scalar;
    IntOverflow = lgp_int_overflow(op: u32, lhs: i64, rhs: i64) => int_overflow;
    NegOverflow = lgp_neg_overflow(value: i64) => neg_overflow;
    DivisionByZero = lgp_division_by_zero() => division_by_zero;
    NextEvent = lgp_next_event() => next_event;
    Finish = lgp_finish(status: u32) => finish;
    FieldsLoad = lgp_fields_load(names: u32) => fields_load;
    FieldsStore = lgp_fields_store() => fields_store;
}

/// A JIT builder that resolves every shim's symbol to its address.
pub(crate) fn builder(isa: cranelift_codegen::isa::OwnedTargetIsa) -> JITBuilder {
    let mut builder = JITBuilder::with_isa(isa, cranelift_module::default_libcall_names());
    for shim in Shim::ALL {
        builder.symbol(shim.symbol(), shim.address());
    }
    builder
}

/// Declares a chain's function with the one signature [`CodeMemory`] calls
/// it by: `extern "C" fn(*mut JitFrame) -> u32`. The function runs every
/// event of the frame's batch (`lgp_next_event` loads the next one,
/// `lgp_finish` records its outcome) and returns 0.
///
/// # Errors
/// Cranelift's message, when the name is taken.
pub(crate) fn declare_entry(module: &mut JITModule, name: &str) -> Result<FuncId, String> {
    let mut signature = module.make_signature();
    signature.params.push(AbiParam::new(module.target_config().pointer_type()));
    signature.returns.push(AbiParam::new(types::I32));
    module.declare_function(name, Linkage::Local, &signature).map_err(|e| e.to_string())
}

/// A node's compiled function.
type Entry = unsafe extern "C" fn(*mut JitFrame<'_>) -> u32;

/// The executable memory of a compiled program and its entry points, one
/// per node (`None` for nodes that pass events through). The memory is freed
/// with this value, and the entry points never leave it.
pub(crate) struct CodeMemory {
    module: Option<JITModule>,
    entries: Vec<Option<Entry>>,
}

impl CodeMemory {
    /// Links the defined functions. Each `Some` of `functions` must come
    /// from [`declare_entry`] on `module` and be defined.
    pub(crate) fn finalize(
        mut module: JITModule,
        functions: &[Option<FuncId>],
    ) -> Result<CodeMemory, String> {
        module.finalize_definitions().map_err(|e| e.to_string())?;
        let entries = functions
            .iter()
            .map(|id| {
                id.map(|id| {
                    let code = module.get_finalized_function(id);
                    // SAFETY: `declare_entry` gave the function exactly the
                    // signature of `Entry` with the platform's C calling
                    // convention, and `finalize_definitions` made it
                    // executable.
                    unsafe { std::mem::transmute::<*const u8, Entry>(code) }
                })
            })
            .collect();
        Ok(CodeMemory { module: Some(module), entries })
    }

    /// Runs chain `node`'s function on `frame`'s batch; `None` when it has
    /// none.
    pub(crate) fn run(&self, node: usize, frame: &mut JitFrame<'_>) -> Option<u32> {
        let entry = self.entries.get(node).copied().flatten()?;
        // SAFETY: the code lives as long as `self`. It calls only the shims
        // registered by `builder`, passing them `frame` and indexes that the
        // shims check, and it catches no unwinding: every shim catches
        // panics before returning.
        Some(unsafe { entry(frame) })
    }
}

// SAFETY: after `finalize` the module is touched only by `drop`, which has
// `&mut self`; running code reads nothing but the immutable entry points.
// So sharing `&CodeMemory` between threads is safe although `JITModule`
// keeps its symbol table in a `RefCell`.
unsafe impl Sync for CodeMemory {}

impl Drop for CodeMemory {
    fn drop(&mut self) {
        if let Some(module) = self.module.take() {
            // SAFETY: the entry points into this memory are private to
            // `self` and die with it; no call is running, as `run` borrows
            // `self`.
            unsafe { module.free_memory() };
        }
    }
}
