// FuncValidator: the spec's validation algorithm (appendix "Validation Algorithm") over one
// function body or constant expression, reporting each checked instruction to a FuncListener.
//
// Stacks: `vals_` holds the operand stack (type, frame-relative slot, unknown flag), `ctrl_` the
// control stack. Every instruction is handled in three steps: (1) check its immediates and that
// its operands are on top of the stack, without changing anything; (2) Emit() it to the
// listener, which thus sees the stack before the instruction; (3) apply the effect (pop, push,
// push/pop control frames). Values that come from the polymorphic stack in unreachable code are
// never materialised: a check that reaches below the current frame's height succeeds when the
// frame is unreachable.
//
// The object is meant to be reused across functions: its vectors keep their capacity, so the
// steady state allocates nothing per instruction or per function.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "binary/instr_reader.h"
#include "common/compiler.h"
#include "valid/env.h"
#include "valid/listener.h"

namespace wr::valid {

// log2 of the access width in bytes of a memory instruction: the largest valid alignment.
uint32_t NaturalAlignLog2(Opcode op);

// Internal check propagation: `WR_VTRY(CheckX(...));` returns false when the check fails.
#define WR_VTRY(expr)            \
  do {                           \
    if (!Ok(expr)) return false; \
  } while (0)

class FuncValidator final : public FuncView {
 public:
  explicit FuncValidator(const ModuleEnv& env) : env_(env), module_(env.module()) {}

  // Validates defined function `defined_index` (counting defined functions only).
  Result<void> ValidateFunction(uint32_t defined_index, FuncListener* listener);

  // Validates a constant expression of type `type`. Only constant instructions are allowed;
  // global.get may name the first `visible_globals` globals, and only immutable ones.
  Result<void> ValidateConstExpr(const ConstExpr& expr, const ValType& type,
                                 uint32_t visible_globals);

  // FuncView.
  const Module& module() const override { return module_; }
  uint32_t func_index() const override { return func_index_; }
  const FuncType& func_type() const override { return *func_type_; }
  uint32_t num_locals() const override { return num_locals_; }
  ValType LocalType(uint32_t local_index) const override { return FindRun(local_index).type; }
  uint32_t LocalSlot(uint32_t local_index) const override {
    const LocalRun& r = FindRun(local_index);
    return r.first_slot + (local_index - r.first) * r.type.slots();
  }
  uint32_t FrameBase() const override { return frame_base_; }
  uint32_t Height() const override { return static_cast<uint32_t>(vals_.size()); }
  uint32_t SlotHeight() const override { return slot_height_; }
  ValType Operand(uint32_t depth) const override {
    return depth < vals_.size() ? vals_[vals_.size() - 1 - depth].type : ValType::I32();
  }
  bool IsUnknown(uint32_t depth) const override {
    return depth >= vals_.size() || vals_[vals_.size() - 1 - depth].unknown;
  }
  uint32_t OperandSlot(uint32_t depth) const override {
    return depth < vals_.size() ? vals_[vals_.size() - 1 - depth].slot : frame_base_;
  }
  uint32_t ControlDepth() const override { return static_cast<uint32_t>(ctrl_.size()); }
  const ControlFrame& Control(uint32_t depth) const override {
    return ctrl_[ctrl_.size() - 1 - depth].c;
  }
  uint32_t MaxSlotHeight() const override { return max_slot_height_; }

 private:
  static constexpr uint32_t kNoInit = ~0u;  // LocalRun::init_base of defaultable locals
  struct Value {
    ValType type;
    uint32_t slot = 0;
    bool unknown = false;
  };
  // The operand stack: a vector of Values that only grows by push_back, and whose end the
  // fused path keeps in a register: it writes values in place below capacity_end() and sets
  // the end once when it leaves (set_end), instead of updating a vector per instruction.
  class ValueStack {
   public:
    ValueStack() = default;
    ValueStack(const ValueStack&) = delete;
    ValueStack& operator=(const ValueStack&) = delete;

    Value* data() { return buf_.data(); }
    const Value* data() const { return buf_.data(); }
    size_t size() const { return static_cast<size_t>(end_ - buf_.data()); }
    bool empty() const { return end_ == buf_.data(); }
    Value& back() { return end_[-1]; }
    const Value& back() const { return end_[-1]; }
    Value& operator[](size_t i) { return buf_[i]; }
    const Value& operator[](size_t i) const { return buf_[i]; }
    WR_ALWAYS_INLINE void push_back(const Value& v) {
      if (WR_UNLIKELY(end_ == cap_)) Grow();
      *end_++ = v;
    }
    void pop_back() { --end_; }
    // Shrinks to `n` values (n <= size()).
    void resize(size_t n) { end_ = buf_.data() + n; }
    void clear() { end_ = buf_.data(); }
    // The fused path's view: one past the top, and the end of the storage.
    Value* end() { return end_; }
    Value* capacity_end() { return cap_; }
    void set_end(Value* end) { end_ = end; }
    // Doubles the storage (the values stay; pointers into it are invalidated).
    void Grow() {
      const size_t n = size();
      buf_.resize(buf_.size() < 64 ? 64 : 2 * buf_.size());
      end_ = buf_.data() + n;
      cap_ = buf_.data() + buf_.size();
    }

   private:
    std::vector<Value> buf_;  // always at its full size: the values are [data(), end_)
    Value* end_ = nullptr;
    Value* cap_ = nullptr;
  };
  struct Frame {
    ControlFrame c;
    ValType inline_result;       // storage for a single-value block type
    bool has_inline = false;     // c.results points at inline_result
    uint32_t init_log_size = 0;  // init_log_ size at entry (local initialisation undo)
  };
  // The quick check's control frame.
  struct QuickFrame {
    enum Kind : uint8_t { kBlock, kLoop, kIf, kElse, kFunc };
    uint32_t height = 0;  // operands below the frame
    uint8_t kind = kBlock;
    uint8_t result = 0;  // the ValKind of its result, or 0xff for none
    uint8_t label = 0;   // what a branch to it carries: a loop nothing, the others the result
    bool unreachable = false;
  };
  // A run of consecutive locals of one type (params are one run each).
  struct LocalRun {
    uint32_t first = 0;
    uint32_t first_slot = 0;
    ValType type;
    uint32_t init_base = kNoInit;  // non-defaultable locals: index of the first in local_init_
  };
  enum class Mode : uint8_t { Function, Const };

  // Internally every check returns a plain bool (false = failed, with the error in error_):
  // an Expected<void, Error> per call would cost more than the check itself.
  bool ValidateFunctionBody(uint32_t defined_index, FuncListener* listener);
  bool ValidateConst(const ConstExpr& expr, const ValType& type, uint32_t visible_globals);
  bool Fail(uint64_t offset, std::string message) const {
    error_ = Error(Phase::Validate, offset, std::move(message));
    return false;
  }
  std::nullptr_t FailPtr(uint64_t offset, std::string message) const {
    Fail(offset, std::move(message));
    return nullptr;
  }
  bool FailDecode(uint64_t offset, std::string message) const {
    error_ = Error(Phase::Decode, offset, std::move(message));
    return false;
  }
  bool FailUnsupported(uint64_t offset, const char* feature) const {
    return Fail(offset, std::string("unsupported feature: ") + feature);
  }
  // Adapts a Result from outside (decoder, ModuleEnv, listener) to the bool convention.
  bool Ok(bool ok) const { return ok; }
  bool Ok(Result<void>&& r) const {
    if (WR_LIKELY(r.has_value())) return true;
    error_ = std::move(r).error();
    return false;
  }

  // Setup and the main loop.
  bool SetupLocals(const FuncType& type, const Function* func);
  bool Run(std::span<const uint8_t> code, uint64_t base_offset);
  // The fused path (fast_path.cc): the commonest single-byte instructions (local.get/set/tee
  // with a one-byte index, constants, numeric operators, loads and stores of memory 0 with
  // short immediates) checked straight from the bytes when their operands are known values of
  // the exact types and the listener ignores them. Anything else -- an unusual encoding, a
  // type error, unreachable code, a limit -- is left where it is for Step(), which then
  // decodes and checks it, with its errors, as if the fused path did not exist.
  // PrepareFast: whether the path applies to this body (sets up its tables); FastRun: checks
  // instructions from code[pos] on, returns the position of the first it left.
  bool PrepareFast();
  size_t FastRun(const uint8_t* code, size_t pos, size_t size);
  // The quick check (quick_check.cc): a whole body of C-like code checked in one pass with
  // one byte per operand, when the listener ignores everything it takes (QuickCovers: every
  // one of those opcodes is ignored; null for no listener). True when the body is valid, with
  // *height its highest operand count; false when it is not sure (an instruction or
  // form outside its subset, or an error), and the normal path checks the body from its start.
  static bool QuickCovers(const uint8_t* ignored);
  bool QuickRun(std::span<const uint8_t> code, uint32_t* height);
  // The fused path's control instructions, globals, drop and select at p[0]: the length it
  // checked, or 0 to leave it to Step().
  size_t FastControl(const uint8_t* p, size_t avail);
  // The top values, below the top `skip`, are known values of exactly `types` (numeric or
  // vector: references are left to Step(), which knows subtyping).
  bool FastTopIs(std::span<const ValType> types, uint32_t skip) const;
  bool Step(const binary::Instr& in);
  bool StepSimple(const binary::Instr& in, const OpInfo& info);
  bool StepControl(const binary::Instr& in);
  bool StepLegacyEh(const binary::Instr& in);  // legacy_eh.cc
  // Pops the innermost frame at its end (or delegate) and pushes its results.
  void EndFrame();
  bool StepVariable(const binary::Instr& in);
  bool StepMemory(const binary::Instr& in);
  bool StepTable(const binary::Instr& in);
  bool StepRef(const binary::Instr& in);
  bool StepGc(const binary::Instr& in);
  bool StepStruct(const binary::Instr& in);
  bool StepArray(const binary::Instr& in);
  bool StepCast(const binary::Instr& in);
  // A defined struct or array type: "unknown type N" or a mismatch for another kind.
  const DefType* GetDefType(uint32_t index, DefType::Kind kind, uint64_t offset) const;
  bool CheckConstOp(const binary::Instr& in);
  bool CheckFeature(const binary::Instr& in, Feature feature) const;

  // Listener notification, between check and effect.
  void Emit(const binary::Instr& in) {
    if (listener_ != nullptr) listener_->OnInstr(in, *this);
  }

  // Operand stack. Check* never change the stacks; Pop/Push do.
  // Checks that the top of the stack, below the top `skip` values, is `lower` followed by
  // `upper` (so upper.back() is nearest the top).
  // Inline: this runs for nearly every instruction, and the success path must stay cheap.
  bool CheckTop(std::span<const ValType> lower, std::span<const ValType> upper, uint64_t offset,
                uint32_t skip = 0) const {
    if (WR_LIKELY(TopMatches(lower, upper, skip))) return true;
    return Mismatch(lower, upper, offset, skip);
  }
  bool TopMatches(std::span<const ValType> lower, std::span<const ValType> upper,
                  uint32_t skip) const {
    const uint32_t n_upper = static_cast<uint32_t>(upper.size());
    const uint32_t n = static_cast<uint32_t>(lower.size()) + n_upper;
    const uint32_t avail = Available();
    if (n + skip > avail && !ctrl_.back().c.unreachable) return false;
    for (uint32_t i = 0; i < n; ++i) {
      if (skip + i >= avail) break;  // the rest comes from the polymorphic stack
      const ValType& want =
          i < n_upper ? upper[n_upper - 1 - i] : lower[lower.size() - 1 - (i - n_upper)];
      const Value& v = vals_[vals_.size() - 1 - skip - i];  // in range: skip + i < avail
      if (WR_UNLIKELY(!v.unknown && !env_.Matches(v.type, want))) return false;
    }
    return true;
  }
  bool CheckTop(std::span<const ValType> types, uint64_t offset) const {
    return CheckTop(types, {}, offset);
  }
  bool CheckTop1(const ValType& t, uint64_t offset, uint32_t skip = 0) const {
    return CheckTop(std::span<const ValType>(&t, 1), {}, offset, skip);
  }
  // The values of the current frame available to pop (excludes the polymorphic base).
  uint32_t Available() const { return static_cast<uint32_t>(vals_.size()) - ctrl_.back().c.height; }
  // The value at `depth`, or nullptr when it comes from the polymorphic stack.
  const Value* Peek(uint32_t depth) const {
    return depth < Available() ? &vals_[vals_.size() - 1 - depth] : nullptr;
  }
  // "type mismatch: instruction requires [..] but stack has [..]" (`block`: "block requires",
  // showing every value of the frame).
  bool Mismatch(std::span<const ValType> lower, std::span<const ValType> upper, uint64_t offset,
                uint32_t skip = 0, bool block = false) const;
  // Checks that the frame's stack is exactly `results` (block and function end, else).
  bool CheckFrameEnd(const Frame& f, uint64_t offset) const;

  WR_ALWAYS_INLINE void Pop(uint32_t n) {
    const uint32_t avail = Available();
    if (n > avail) n = avail;
    if (n == 0) return;
    slot_height_ = vals_[vals_.size() - n].slot;
    vals_.resize(vals_.size() - n);
  }
  WR_ALWAYS_INLINE void Push(const ValType& t) {
    vals_.push_back(Value{t, slot_height_, false});
    slot_height_ += t.slots();
    if (slot_height_ > max_slot_height_) max_slot_height_ = slot_height_;
  }
  void PushUnknown() {
    vals_.push_back(Value{ValType::I32(), slot_height_, true});
    slot_height_ += 1;
    if (slot_height_ > max_slot_height_) max_slot_height_ = slot_height_;
  }
  void Push(std::span<const ValType> ts) {
    for (const ValType& t : ts) Push(t);
  }
  void SetUnreachable() {
    Frame& f = ctrl_.back();
    slot_height_ = f.c.height < vals_.size() ? vals_[f.c.height].slot : slot_height_;
    vals_.resize(f.c.height);
    f.c.unreachable = true;
  }

  // Control stack.
  bool ReadBlockType(const binary::Instr& in, std::span<const ValType>& params,
                     std::span<const ValType>& results, ValType& inline_type) const;
  void PushFrame(Opcode op, std::span<const ValType> params, std::span<const ValType> results,
                 const ValType* inline_result);
  // Makes room for more frames in ctrl_ (its spans into frames follow the move).
  void GrowFrames();
  const Frame* Label(uint32_t depth, uint64_t offset) const;

  // Index checks.
  bool CheckLocal(uint32_t index, uint64_t offset) const;
  bool CheckFunc(uint32_t index, uint64_t offset) const;
  bool CheckGlobal(uint32_t index, uint64_t offset) const;
  const TableType* GetTable(uint32_t index, uint64_t offset) const;
  const MemoryType* GetMemory(uint32_t index, uint64_t offset) const;
  const FuncType* GetFuncType(uint32_t type_index, uint64_t offset) const;
  bool CheckData(uint32_t index, uint64_t offset) const;
  bool CheckElem(uint32_t index, uint64_t offset) const;
  const FuncType* GetTagType(uint32_t index, uint64_t offset) const;

  // Locals.
  const LocalRun& FindRun(uint32_t local_index) const;
  bool LocalInitialized(const LocalRun& r, uint32_t local_index) const {
    return r.init_base == kNoInit || local_init_[r.init_base + (local_index - r.first)] != 0;
  }
  void MarkLocalInit(const LocalRun& r, uint32_t local_index) {
    if (r.init_base == kNoInit) return;
    const uint32_t bit = r.init_base + (local_index - r.first);
    if (local_init_[bit] == 0) {
      local_init_[bit] = 1;
      init_log_.push_back(bit);
    }
  }
  void ResetLocalInits(uint32_t log_size) {
    while (init_log_.size() > log_size) {
      local_init_[init_log_.back()] = 0;
      init_log_.pop_back();
    }
  }

  bool CheckCallResults(const FuncType& callee, uint64_t offset) const;
  static ValType IndexValType(IndexType it) {
    return it == IndexType::I64 ? ValType::I64() : ValType::I32();
  }

  const ModuleEnv& env_;
  const Module& module_;
  FuncListener* listener_ = nullptr;
  Mode mode_ = Mode::Function;
  uint32_t visible_globals_ = 0;
  bool done_ = false;    // the function's final end was seen
  mutable Error error_;  // why the last check failed

  uint32_t func_index_ = 0;
  const FuncType* func_type_ = nullptr;
  FuncType const_type_;  // the pseudo function type of a constant expression

  std::vector<LocalRun> local_runs_;
  uint32_t num_locals_ = 0;
  uint32_t frame_base_ = 0;
  // The type of each local when every local is defaultable and there are not too many: the
  // fast path of local.get/set/tee (empty otherwise; then FindRun).
  std::vector<ValType> dense_local_types_;
  std::vector<uint8_t> local_init_;
  std::vector<uint32_t> init_log_;

  ValueStack vals_;
  std::vector<Frame> ctrl_;
  uint32_t slot_height_ = 0;
  uint32_t max_slot_height_ = 0;
  std::vector<ValType> scratch_;  // temporary type lists (br_table, try_table), reused
  // The fused path's case for each first byte under the current listener (see PrepareFast):
  // a FastKind of fast_path.cc, 0 (None) for bytes it leaves to Step().
  std::array<uint8_t, 256> fast_kind_{};
  const uint8_t* fast_for_ = nullptr;  // the IgnoredOpcodes() table fast_enabled_ was built for
  bool quick_ok_ = false;              // the quick check may run under the current listener
  std::vector<uint8_t> quick_vals_;    // its operand kinds and frames: sized from the body
  std::vector<QuickFrame> quick_frames_;
  bool fast_mem_ok_ = false;                    // memory 0 exists and has i32 addresses
  bool fast_table_ok_ = false;                  // table 0 exists, holds funcref, has i32 indices
  std::vector<const ValType*> br_table_lists_;  // br_table: distinct label type lists, reused
};

}  // namespace wr::valid
