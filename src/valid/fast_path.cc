// FuncValidator's fused path: the instructions that make up most of a C program's code,
// decoded and checked in one step straight from the bytes, without an Instr, without Step()'s
// dispatch and without the listener's virtual call (only for a listener that ignores them).
//
// Every case below accepts a strict subset of what Step() accepts and has exactly its effect
// on the stacks: the operands must be known values of the exact kinds (what StepSimple's own
// fast path requires), immediates must use encodings that cannot be malformed (a LEB128 short
// enough that no bit can overflow). Whatever it does not take -- a long or malformed encoding,
// a type error, values of unreachable code, the operand-stack limit -- stays in place for the
// normal path, so errors and their wording come from one place only.
#include <array>

#include "ir/limits.h"
#include "valid/func_validator.h"

namespace wr::valid {

namespace {

enum class FastKind : uint8_t {
  None,
  LocalGet,
  LocalSet,
  LocalTee,
  Const,   // i32/i64.const: a LEB128 of at most max_leb bytes; f32/f64.const: fixed_len bytes
  Simple,  // no immediates, at most 2 params and 1 result
  Mem,     // load/store: memarg with alignment flags <= align_max, offset of <= 4 LEB bytes
};

struct FastOp {
  FastKind kind = FastKind::None;
  uint8_t np = 0;
  uint8_t nr = 0;
  uint8_t align_max = 0;  // Mem
  uint8_t max_leb = 0;    // Const: i32 4 (28 bits), i64 9 (63 bits): never too large
  uint8_t fixed_len = 0;  // Const: f32 4, f64 8
  ValKind params[2] = {};
  ValKind result = ValKind::I32;
};

std::array<FastOp, 256> BuildFastOps() {
  std::array<FastOp, 256> t{};
  {
    for (uint32_t b = 0; b < 256; ++b) {
      const uint16_t code = kSingleByteOpcode[b];
      if (code == kNoOpcode) continue;
      const auto op = static_cast<Opcode>(code);
      const OpInfo& info = GetOpInfo(op);
      if (info.feature >= Feature::RelaxedSimd) continue;  // Step() checks these features
      FastOp& f = t[b];
      switch (op) {
        case Opcode::LocalGet: f.kind = FastKind::LocalGet; continue;
        case Opcode::LocalSet: f.kind = FastKind::LocalSet; continue;
        case Opcode::LocalTee: f.kind = FastKind::LocalTee; continue;
        case Opcode::I32Const: f = {FastKind::Const, 0, 1, 0, 4, 0, {}, ValKind::I32}; continue;
        case Opcode::I64Const: f = {FastKind::Const, 0, 1, 0, 9, 0, {}, ValKind::I64}; continue;
        case Opcode::F32Const: f = {FastKind::Const, 0, 1, 0, 0, 4, {}, ValKind::F32}; continue;
        case Opcode::F64Const: f = {FastKind::Const, 0, 1, 0, 0, 8, {}, ValKind::F64}; continue;
        default: break;
      }
      if (info.sig == Sig::Special) continue;
      const SigTypes& sig = SigInfo(info.sig);
      if (sig.num_params > 2 || sig.num_results > 1) continue;
      bool one_slot = sig.num_results == 0 || sig.results[0] != ValKind::V128;
      for (uint32_t i = 0; i < sig.num_params; ++i) one_slot &= sig.params[i] != ValKind::V128;
      if (!one_slot) continue;  // FastRun's in-place result assumes one slot per value
      if (info.imm == ImmKind::None) {
        f.kind = FastKind::Simple;
      } else if (info.imm == ImmKind::MemArg) {
        f.kind = FastKind::Mem;
        f.align_max = static_cast<uint8_t>(NaturalAlignLog2(op));
      } else {
        continue;
      }
      f.np = sig.num_params;
      f.nr = sig.num_results;
      for (uint32_t i = 0; i < sig.num_params; ++i) f.params[i] = sig.params[i];
      if (sig.num_results != 0) f.result = sig.results[0];
    }
  }
  return t;
}

// Built before main: FastRun reads it for every instruction, without a guard check.
const std::array<FastOp, 256> kFastOps = BuildFastOps();

// The length of a LEB128 that ends within `max` bytes, else 0.
WR_ALWAYS_INLINE size_t ShortLeb(const uint8_t* p, size_t avail, size_t max) {
  const size_t n = avail < max ? avail : max;
  for (size_t i = 0; i < n; ++i) {
    if (p[i] < 0x80) return i + 1;
  }
  return 0;
}

// IgnoredOpcodes() of "no listener": nothing to notify.
const uint8_t kNoListener = 0;

}  // namespace

bool FuncValidator::PrepareFast() {
  const uint8_t* ignored = &kNoListener;
  if (listener_ != nullptr) {
    ignored = listener_->IgnoredOpcodes();
    if (ignored == nullptr) return false;
  }
  if (ignored != fast_for_) {
    for (uint32_t b = 0; b < 256; ++b) {
      const bool handled = kFastOps[b].kind != FastKind::None;
      fast_enabled_[b] =
          handled && (ignored == &kNoListener || ignored[kSingleByteOpcode[b]] != 0) ? 1 : 0;
    }
    fast_for_ = ignored;
  }
  const auto& mems = env_.memories();
  fast_mem_ok_ = !mems.empty() && mems[0].limits.index_type == IndexType::I32;
  return true;
}

size_t FuncValidator::FastRun(const uint8_t* code, size_t pos, size_t size) {
  // Loaded once: the loop's stores (to the operand stack) would otherwise make the compiler
  // reload them for every instruction.
  const uint8_t* enabled = fast_enabled_.data();
  const ValType* dense = dense_local_types_.data();
  const size_t num_dense = dense_local_types_.size();
  while (pos < size) {
    const uint8_t* p = code + pos;
    const size_t avail = size - pos;
    if (!enabled[p[0]]) break;
    const FastOp& f = kFastOps[p[0]];
    switch (f.kind) {
      case FastKind::LocalGet: {
        if (avail < 2 || p[1] >= 0x80 || p[1] >= num_dense) return pos;
        if (vals_.size() >= limits::kMaxOperandStack) return pos;
        Push(dense[p[1]]);
        pos += 2;
        continue;
      }
      case FastKind::LocalSet:
      case FastKind::LocalTee: {
        if (avail < 2 || p[1] >= 0x80 || p[1] >= num_dense) return pos;
        if (Available() == 0) return pos;
        const ValKind k = dense[p[1]].kind;
        const Value& v = vals_.back();
        if (k == ValKind::Ref || v.unknown || v.type.kind != k) return pos;
        if (f.kind == FastKind::LocalSet) Pop(1);
        pos += 2;
        continue;
      }
      case FastKind::Const: {
        size_t n = f.fixed_len;
        if (n == 0) {
          n = ShortLeb(p + 1, avail - 1, f.max_leb);
          if (n == 0) return pos;
        } else if (avail - 1 < n) {
          return pos;
        }
        if (vals_.size() >= limits::kMaxOperandStack) return pos;
        Push(ValType{f.result});
        pos += 1 + n;
        continue;
      }
      case FastKind::Simple:
      case FastKind::Mem: {
        size_t len = 1;
        if (f.kind == FastKind::Mem) {
          // Flags above align_max (<= 4) include no memory index (bit 6) and no LEB tail.
          if (!fast_mem_ok_ || avail < 3 || p[1] > f.align_max) return pos;
          const size_t n = ShortLeb(p + 2, avail - 2, 4);  // < 2^28: in range for i32
          if (n == 0) return pos;
          len = 2 + n;
        }
        const uint32_t np = f.np;
        if (Available() < np) return pos;
        Value* top = vals_.data() + vals_.size() - np;
        bool ok = true;
        for (uint32_t i = 0; i < np; ++i) {
          ok &= !top[i].unknown & (top[i].type.kind == f.params[i]);
        }
        if (!ok) return pos;
        if (np != 0 && f.nr != 0) {
          // Pop(np) then Push(result), in place: the result takes the first operand's slot
          // (every type on this path takes one slot).
          top[0].type = ValType{f.result};
          if (np == 2) vals_.pop_back();
          slot_height_ = top[0].slot + 1;
        } else {
          if (f.nr != 0 && vals_.size() >= limits::kMaxOperandStack) return pos;
          Pop(np);
          if (f.nr != 0) Push(ValType{f.result});
        }
        pos += len;
        continue;
      }
      case FastKind::None: return pos;
    }
  }
  return pos;
}

}  // namespace wr::valid
