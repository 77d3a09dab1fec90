// FuncValidator's quick check: a whole body in one pass over its bytes, for the bodies C
// compilers emit (numeric locals and values, blocks of at most one numeric result, memory 0,
// table 0), when no listener needs to see its instructions: `wasmrun validate`, and the screen
// that a large module's functions pass before they are lowered lazily.
//
// It keeps only what validity depends on for such code: the kind of each operand (one byte: all
// of them are i32, i64, f32 or f64, each one slot) and, per block, its height, kind, result and
// whether it became unreachable. No slots, no unknown values, no listener: a binary operator
// is two byte compares and a store. Its answer is "valid" or "not sure": on anything outside
// its subset, and on every error, it gives up and the normal path (FastRun and Step()) checks
// the body from its start, so errors, their wording and offsets come from one place only. It
// must never call valid what the normal path rejects: each case below checks what Step()'s
// case checks, for the operands and immediates it takes, and the tests compare the two on
// every body of the spec test suite (spec-lazy) and on the fused path's cases.
//
// Bounds: an instruction pushes at most as many values as it has bytes, and a block takes two
// bytes, so the stacks are sized from the body once and no push checks for room.
#include <array>
#include <cstdint>

#include "ir/limits.h"
#include "valid/fast_decode.h"
#include "valid/func_validator.h"

namespace wr::valid {

namespace {

// The quick check's cases, one per kind of instruction: the enum and the threaded dispatch's
// table of labels come from this list.
//   None          not in the quick check's subset
//   Block         block and loop
//   Load, Store   [i32] -> [r] and [i32 b] -> [], with a memarg
//   Unary         [a] -> [r]
//   Binary        [a b] -> [r]
//   Prefix        0xfc: saturating truncations, memory.copy, memory.fill
// clang-format off
#define WR_QUICK_KINDS(X) \
  X(None)                 \
  X(Nop)                  \
  X(Unreachable)          \
  X(Block)                \
  X(If)                   \
  X(Else)                 \
  X(End)                  \
  X(Br)                   \
  X(BrIf)                 \
  X(BrTable)              \
  X(Return)               \
  X(Call)                 \
  X(CallIndirect)         \
  X(Drop)                 \
  X(Select)               \
  X(LocalGet)             \
  X(LocalSet)             \
  X(LocalTee)             \
  X(GlobalGet)            \
  X(GlobalSet)            \
  X(Load)                 \
  X(Store)                \
  X(MemorySize)           \
  X(MemoryGrow)           \
  X(I32Const)             \
  X(I64Const)             \
  X(F32Const)             \
  X(F64Const)             \
  X(Unary)                \
  X(Binary)               \
  X(Prefix)
// clang-format on

enum class QuickKind : uint8_t {
#define WR_QUICK_ENUM(k) k,
  WR_QUICK_KINDS(WR_QUICK_ENUM)
#undef WR_QUICK_ENUM
};

// Operand kinds are ValKind values (I32..F64); kNoValue marks a block without a result.
constexpr uint8_t kNoValue = 0xff;

struct QuickOp {
  QuickKind kind = QuickKind::None;
  uint8_t a = 0, b = 0;   // operand kinds, a deeper than b
  uint8_t r = 0;          // result kind
  uint8_t align_max = 0;  // Load, Store: log2 of the natural alignment
};

// The loop's view of a QuickOp: the kind in a table of its own (the dispatch reads only that),
// the operands in 4 bytes.
struct QuickOperands {
  uint8_t a = 0, b = 0, r = 0, align_max = 0;
};

// 0xfc sub-opcodes the quick check takes (all single-byte LEB128s).
constexpr uint32_t kMemoryCopy = 10;
constexpr uint32_t kMemoryFill = 11;
constexpr uint32_t kPrefixOps = 12;

uint8_t Kind(ValKind k) {
  return static_cast<uint8_t>(k);
}

// The generic form of a numeric operator, load or store, from its signature; None for others.
QuickOp FromSignature(Opcode op) {
  QuickOp q;
  const OpInfo& info = GetOpInfo(op);
  if (info.feature >= Feature::RelaxedSimd || info.sig == Sig::Special) return q;
  const SigTypes& sig = SigInfo(info.sig);
  if (sig.num_params == 0 || sig.num_params > 2 || sig.num_results > 1) return q;
  for (uint32_t i = 0; i < sig.num_params; ++i) {
    if (!ValType{sig.params[i]}.is_num()) return q;
  }
  if (sig.num_results == 1 && !ValType{sig.results[0]}.is_num()) return q;
  q.a = Kind(sig.params[0]);
  q.b = sig.num_params == 2 ? Kind(sig.params[1]) : 0;
  q.r = sig.num_results == 1 ? Kind(sig.results[0]) : 0;
  if (info.imm == ImmKind::None && sig.num_results == 1) {
    q.kind = sig.num_params == 1 ? QuickKind::Unary : QuickKind::Binary;
  } else if (info.imm == ImmKind::MemArg && sig.params[0] == ValKind::I32) {
    if (sig.num_params == 1 && sig.num_results == 1) q.kind = QuickKind::Load;
    if (sig.num_params == 2 && sig.num_results == 0) q.kind = QuickKind::Store;
    q.align_max = static_cast<uint8_t>(NaturalAlignLog2(op));
  }
  return q;
}

std::array<QuickOp, 256> BuildQuickOps() {
  std::array<QuickOp, 256> t{};
  for (uint32_t b = 0; b < 256; ++b) {
    const uint16_t code = kSingleByteOpcode[b];
    if (code == kNoOpcode) continue;
    const auto op = static_cast<Opcode>(code);
    QuickKind k = QuickKind::None;
    switch (op) {
      case Opcode::Nop: k = QuickKind::Nop; break;
      case Opcode::Unreachable: k = QuickKind::Unreachable; break;
      case Opcode::Block:
      case Opcode::Loop: k = QuickKind::Block; break;
      case Opcode::If: k = QuickKind::If; break;
      case Opcode::Else: k = QuickKind::Else; break;
      case Opcode::End: k = QuickKind::End; break;
      case Opcode::Br: k = QuickKind::Br; break;
      case Opcode::BrIf: k = QuickKind::BrIf; break;
      case Opcode::BrTable: k = QuickKind::BrTable; break;
      case Opcode::Return: k = QuickKind::Return; break;
      case Opcode::Call: k = QuickKind::Call; break;
      case Opcode::CallIndirect: k = QuickKind::CallIndirect; break;
      case Opcode::Drop: k = QuickKind::Drop; break;
      case Opcode::Select: k = QuickKind::Select; break;
      case Opcode::LocalGet: k = QuickKind::LocalGet; break;
      case Opcode::LocalSet: k = QuickKind::LocalSet; break;
      case Opcode::LocalTee: k = QuickKind::LocalTee; break;
      case Opcode::GlobalGet: k = QuickKind::GlobalGet; break;
      case Opcode::GlobalSet: k = QuickKind::GlobalSet; break;
      case Opcode::MemorySize: k = QuickKind::MemorySize; break;
      case Opcode::MemoryGrow: k = QuickKind::MemoryGrow; break;
      case Opcode::I32Const: k = QuickKind::I32Const; break;
      case Opcode::I64Const: k = QuickKind::I64Const; break;
      case Opcode::F32Const: k = QuickKind::F32Const; break;
      case Opcode::F64Const: k = QuickKind::F64Const; break;
      default: t[b] = FromSignature(op); continue;
    }
    t[b].kind = k;
  }
  t[0xfc].kind = QuickKind::Prefix;
  return t;
}

// 0xfc 0-7 (i32/i64.trunc_sat_f32/f64_s/u, unary); memory.copy and memory.fill by number.
std::array<QuickOp, kPrefixOps> BuildPrefixOps() {
  std::array<QuickOp, kPrefixOps> t{};
  for (uint32_t sub = 0; sub < 8; ++sub) {
    const auto op = DecodeOpcode(0xfc, sub);
    if (op) t[sub] = FromSignature(*op);
  }
  return t;
}

// Built before main: read for every instruction without a guard check.
const std::array<QuickOp, 256> kQuickOps = BuildQuickOps();
const std::array<QuickOp, kPrefixOps> kPrefixQuickOps = BuildPrefixOps();
const std::array<uint8_t, 256> kQuickKinds = [] {
  std::array<uint8_t, 256> t{};
  for (uint32_t b = 0; b < 256; ++b) t[b] = static_cast<uint8_t>(kQuickOps[b].kind);
  return t;
}();
const std::array<QuickOperands, 256> kQuickOperands = [] {
  std::array<QuickOperands, 256> t{};
  for (uint32_t b = 0; b < 256; ++b) {
    const QuickOp& q = kQuickOps[b];
    t[b] = QuickOperands{q.a, q.b, q.r, q.align_max};
  }
  return t;
}();

// Immediates are read with fast_decode.h's readers, unbounded: QuickRun only starts on a body
// whose last byte is `end` (0x0b, below 0x80), so a LEB128 that starts inside the body ends
// inside it, and those readers stop at its last byte.
constexpr size_t kUnbounded = SIZE_MAX;

// The result of a block type byte the quick check takes (empty or one numeric type), else
// false.
WR_ALWAYS_INLINE bool QuickBlockType(uint8_t b, uint8_t* result) {
  ValType type;
  bool has_type = false;
  if (!SimpleBlockType(b, &type, &has_type)) return false;
  *result = has_type ? Kind(type.kind) : kNoValue;
  return true;
}

}  // namespace

bool FuncValidator::QuickCovers(const uint8_t* ignored) {
  if (ignored == nullptr) return true;  // no listener
  for (uint32_t b = 0; b < 256; ++b) {
    const QuickKind k = kQuickOps[b].kind;
    if (k != QuickKind::None && k != QuickKind::Prefix && ignored[kSingleByteOpcode[b]] == 0) {
      return false;
    }
  }
  for (uint32_t sub = 0; sub < kPrefixOps; ++sub) {
    if (kPrefixQuickOps[sub].kind == QuickKind::None && sub != kMemoryCopy && sub != kMemoryFill) {
      continue;
    }
    const auto op = DecodeOpcode(0xfc, sub);
    if (!op || ignored[static_cast<uint16_t>(*op)] == 0) return false;
  }
  return true;
}

bool FuncValidator::QuickRun(std::span<const uint8_t> code, uint32_t* height) {
  const size_t size = code.size();
  const auto& results = func_type_->results;
  // The last byte must be the function's end (see kUnbounded), and every local numeric and in
  // the dense table.
  if (size == 0 || code[size - 1] != 0x0b || size > limits::kMaxOperandStack ||
      results.size() > 1 || (results.size() == 1 && !results[0].is_num()) ||
      dense_local_types_.size() != num_locals_) {
    return false;
  }
  if (quick_vals_.size() < size + 1) quick_vals_.resize(size + 1);
  if (quick_frames_.size() < size / 2 + 2) quick_frames_.resize(size / 2 + 2);

  const uint8_t func_result = results.empty() ? kNoValue : Kind(results[0].kind);
  constexpr uint8_t kI32 = static_cast<uint8_t>(ValKind::I32);
  const ValType* const locals = dense_local_types_.data();
  const uint32_t num_locals = num_locals_;
  uint8_t* const stack = quick_vals_.data();
  QuickFrame* const frames = quick_frames_.data();
  uint8_t* sp = stack;    // one past the top operand
  uint8_t* high = stack;  // the highest sp so far
  uint8_t* base = stack;  // the innermost frame's first operand
  QuickFrame* fp = frames;
  *fp = QuickFrame{0, QuickFrame::kFunc, func_result, func_result, false};
  const uint8_t* p = code.data();
  const uint8_t* const end = p + size;

  const auto push = [&](uint8_t k) {
    *sp++ = k;
    high = sp > high ? sp : high;
  };
  // Pops an operand of kind k; below the frame's values only an unreachable frame has one (of
  // any kind: the polymorphic stack).
  const auto pop = [&](uint8_t k) {
    if (sp > base) {
      if (sp[-1] != k) return false;
      --sp;
      return true;
    }
    return fp->unreachable;
  };
  // A label's value (kNoValue: none) is on top, without popping it.
  const auto label_ok = [&](uint8_t label) {
    return label == kNoValue || (sp > base ? sp[-1] == label : fp->unreachable);
  };
  // The frame's values are exactly its result (Step()'s CheckFrameEnd).
  const auto frame_end_ok = [&] {
    const ptrdiff_t avail = sp - base;
    if (fp->result == kNoValue) return avail == 0;
    return avail == 1 ? sp[-1] == fp->result : avail == 0 && fp->unreachable;
  };
  const auto set_unreachable = [&] {
    sp = base;
    fp->unreachable = true;
  };
  // The local at p[1..]: its kind and the instruction's length, else false (an index of more
  // than two bytes, or out of range: numeric locals only).
  const auto local = [&](uint8_t* kind, size_t* len) {
    uint32_t index = p[1];
    *len = 2;
    if (WR_UNLIKELY(index >= 0x80)) {
      if (p[2] >= 0x80) return false;
      index = (index & 0x7fu) | (uint32_t{p[2]} << 7);
      *len = 3;
    }
    if (index >= num_locals || !locals[index].is_num()) return false;
    *kind = Kind(locals[index].kind);
    return true;
  };
  // The memarg of a load or store at p, for memory 0 with i32 addresses: its end, else null.
  // Flags above align_max (<= 3) include no memory index (bit 6) and no LEB128 tail.
  const auto memarg = [&](const QuickOperands& op) -> const uint8_t* {
    if (!fast_mem_ok_ || p[1] > op.align_max) return nullptr;
    const size_t n = ShortLeb(p + 2, kUnbounded, 4);  // < 2^28
    return n == 0 ? nullptr : p + 2 + n;
  };

#if WR_DISPATCH_GOTO
  // Threaded dispatch: each case ends in a jump of its own to the next instruction's case,
  // which the branch predictor tells apart by where it stands (what came before), where one
  // shared jump at the loop's head mispredicts on most instructions of varied code. The
  // switch below only starts the chain.
  static const void* const kLabels[] = {
#define WR_QUICK_LABEL(k) &&quick_##k,
      WR_QUICK_KINDS(WR_QUICK_LABEL)
#undef WR_QUICK_LABEL
  };
#define WR_QUICK_CASE(k) \
  case QuickKind::k:     \
    quick_##k:
#define WR_QUICK_NEXT()                                   \
  do {                                                    \
    if (WR_UNLIKELY(p >= end)) return false;              \
    b = p[0];                                             \
    op = &kQuickOperands[b];                              \
    goto* kLabels[kQuickKinds[b]]; /* NOLINT: threaded */ \
  } while (0)
#else
#define WR_QUICK_CASE(k) case QuickKind::k:
#define WR_QUICK_NEXT() continue
#endif
  uint8_t b = 0;
  const QuickOperands* op = nullptr;
  while (p < end) {
    b = p[0];
    op = &kQuickOperands[b];
    switch (static_cast<QuickKind>(kQuickKinds[b])) {
      WR_QUICK_CASE(LocalGet) {
        uint8_t k = 0;
        size_t n = 0;
        if (!local(&k, &n)) return false;
        push(k);
        p += n;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(LocalSet)
      WR_QUICK_CASE(LocalTee) {
        uint8_t k = 0;
        size_t n = 0;
        // local.tee of the polymorphic stack is left to Step().
        if (!local(&k, &n) || sp == base || sp[-1] != k) return false;
        if (b == 0x21) --sp;  // local.set
        p += n;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(I32Const)
      WR_QUICK_CASE(I64Const) {
        const bool i32 = b == 0x41;
        const size_t n = ConstLeb(p + 1, kUnbounded, i32 ? 4 : 9);
        if (n == 0) return false;
        push(Kind(i32 ? ValKind::I32 : ValKind::I64));
        p += 1 + n;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(F32Const)
      WR_QUICK_CASE(F64Const) {
        const bool f32 = b == 0x43;
        const size_t n = f32 ? 4 : 8;
        if (static_cast<size_t>(end - p) - 1 < n) return false;
        push(Kind(f32 ? ValKind::F32 : ValKind::F64));
        p += 1 + n;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Binary) {
        if (WR_LIKELY(sp - base >= 2 && sp[-2] == op->a && sp[-1] == op->b)) {
          sp[-2] = op->r;
          --sp;
        } else {
          if (!pop(op->b) || !pop(op->a)) return false;
          push(op->r);
        }
        p += 1;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Unary) {
        if (WR_LIKELY(sp > base && sp[-1] == op->a)) {
          sp[-1] = op->r;
        } else {
          if (!pop(op->a)) return false;
          push(op->r);
        }
        p += 1;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Load) {
        const uint8_t* const next = memarg(*op);
        if (next == nullptr) return false;
        if (WR_LIKELY(sp > base && sp[-1] == kI32)) {
          sp[-1] = op->r;
        } else {
          if (!pop(kI32)) return false;
          push(op->r);
        }
        p = next;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Store) {
        const uint8_t* const next = memarg(*op);
        if (next == nullptr || !pop(op->b) || !pop(kI32)) return false;
        p = next;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Block)
      WR_QUICK_CASE(If) {
        uint8_t result = kNoValue;
        if (!QuickBlockType(p[1], &result)) return false;
        const bool is_if = b == 0x04;
        if (is_if && !pop(kI32)) return false;
        const bool loop = b == 0x03;
        ++fp;
        *fp = QuickFrame{static_cast<uint32_t>(sp - stack),
                         is_if  ? QuickFrame::kIf
                         : loop ? QuickFrame::kLoop
                                : QuickFrame::kBlock,
                         result, loop ? kNoValue : result, false};
        base = sp;
        p += 2;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Else) {
        if (fp->kind != QuickFrame::kIf || !frame_end_ok()) return false;
        sp = base;
        fp->kind = QuickFrame::kElse;
        fp->unreachable = false;
        p += 1;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(End) {
        // An if without else passes its (no) params through: it has no result either.
        if (!frame_end_ok() || (fp->kind == QuickFrame::kIf && fp->result != kNoValue)) {
          return false;
        }
        p += 1;
        if (fp == frames) {  // the function's own end: the last byte of the body
          if (p != end) return false;
          *height = static_cast<uint32_t>(high - stack);
          return true;
        }
        const uint8_t result = fp->result;
        sp = base;
        --fp;
        base = stack + fp->height;
        if (result != kNoValue) push(result);
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Br)
      WR_QUICK_CASE(BrIf) {
        uint32_t depth = 0;
        const size_t n = ShortU32(p + 1, kUnbounded, &depth);
        if (n == 0 || depth > static_cast<size_t>(fp - frames)) return false;
        const uint8_t label = (fp - depth)->label;
        if (b == 0x0c) {  // br
          if (!label_ok(label)) return false;
          set_unreachable();
        } else {
          if (!pop(kI32) || !label_ok(label)) return false;
          // Pops the label's value and pushes it back: a value from the polymorphic stack
          // becomes a known one.
          if (label != kNoValue && sp == base) push(label);
        }
        p += 1 + n;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(BrTable) {
        uint32_t count = 0;
        const size_t n = ShortU32(p + 1, kUnbounded, &count);
        const uint8_t* q = p + 1 + n;
        // count targets and the default, one byte at least each.
        if (n == 0 || count >= static_cast<size_t>(end - q) || !pop(kI32)) return false;
        const bool has_value = sp > base;
        const uint8_t value = has_value ? sp[-1] : 0;
        const auto max_depth = static_cast<size_t>(fp - frames);
        int arity = -1;
        for (uint64_t i = 0; i <= count; ++i) {
          uint32_t depth = 0;
          const size_t m = q < end ? ShortU32(q, kUnbounded, &depth) : 0;
          if (m == 0 || depth > max_depth) return false;
          q += m;
          const uint8_t label = (fp - depth)->label;
          const int a = label != kNoValue ? 1 : 0;
          if (arity >= 0 && a != arity) return false;
          arity = a;
          if (a == 1 && has_value && label != value) return false;
        }
        if (arity == 1 && !has_value && !fp->unreachable) return false;
        set_unreachable();
        p = q;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Return) {
        if (!label_ok(func_result)) return false;
        set_unreachable();
        p += 1;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Call)
      WR_QUICK_CASE(CallIndirect) {
        uint32_t index = 0;
        const size_t n = ShortU32(p + 1, kUnbounded, &index);
        if (n == 0) return false;
        const uint8_t* next = p + 1 + n;
        uint32_t type_index = index;
        if (b == 0x10) {  // call
          if (index >= module_.num_funcs()) return false;
          type_index = module_.FuncTypeIndex(index);
        } else {
          // Table 0 (a one-byte zero), of funcref with i32 indices.
          if (!fast_table_ok_ || next == end || next[0] != 0x00 || !pop(kI32)) return false;
          ++next;
        }
        if (!env_.IsFuncType(type_index)) return false;
        const FuncType& ft = module_.types[type_index].func;
        for (size_t i = ft.params.size(); i-- > 0;) {
          if (!ft.params[i].is_num() || !pop(Kind(ft.params[i].kind))) return false;
        }
        if (ft.results.size() > 1) return false;
        if (ft.results.size() == 1) {
          if (!ft.results[0].is_num()) return false;
          push(Kind(ft.results[0].kind));
        }
        p = next;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Drop) {
        if (sp > base) {
          --sp;
        } else if (!fp->unreachable) {
          return false;
        }
        p += 1;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Select) {
        // Both values known: numeric kinds, one slot each (v128 never gets here).
        if (sp - base < 3 || sp[-1] != kI32 || sp[-2] != sp[-3]) return false;
        sp -= 2;
        p += 1;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(GlobalGet)
      WR_QUICK_CASE(GlobalSet) {
        uint32_t index = 0;
        const size_t n = ShortU32(p + 1, kUnbounded, &index);
        if (n == 0 || index >= module_.num_globals()) return false;
        const GlobalType gt = module_.GlobalTypeOf(index);
        if (!gt.type.is_num()) return false;
        if (b == 0x23) {  // global.get
          push(Kind(gt.type.kind));
        } else if (!gt.mut || !pop(Kind(gt.type.kind))) {
          return false;
        }
        p += 1 + n;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(MemorySize)
      WR_QUICK_CASE(MemoryGrow) {
        // Memory 0 (a one-byte zero), with i32 addresses.
        if (!fast_mem_ok_ || p[1] != 0x00) return false;
        if (b == 0x40 && !pop(kI32)) return false;  // memory.grow
        push(kI32);
        p += 2;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Prefix) {
        const uint8_t sub = p[1];
        if (sub >= kPrefixOps) return false;
        if (sub == kMemoryCopy || sub == kMemoryFill) {
          // memory.copy 0 0, memory.fill 0: [i32 i32 i32] -> []. (0xfc 0x0b may be the body's
          // last two bytes: the length is checked.)
          const size_t len = sub == kMemoryCopy ? 4 : 3;
          if (!fast_mem_ok_ || static_cast<size_t>(end - p) < len || p[2] != 0x00 ||
              (len == 4 && p[3] != 0x00)) {
            return false;
          }
          if (!pop(kI32) || !pop(kI32) || !pop(kI32)) return false;
          p += len;
          WR_QUICK_NEXT();
        }
        const QuickOp& sop = kPrefixQuickOps[sub];
        if (sop.kind != QuickKind::Unary || !pop(sop.a)) return false;
        push(sop.r);
        p += 2;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Nop) {
        p += 1;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(Unreachable) {
        set_unreachable();
        p += 1;
        WR_QUICK_NEXT();
      }
      WR_QUICK_CASE(None) {
        return false;
      }
      default: __builtin_unreachable();  // kQuickKinds holds QuickKind values only
    }
  }
#undef WR_QUICK_CASE
#undef WR_QUICK_NEXT
  return false;  // no final end
}

}  // namespace wr::valid
