// CompileModule: eager validation with a screen for what the lowering accepts; lowering in the
// same pass for a small module, else lazily per function.
#include <array>
#include <cstdint>
#include <vector>

#include "compile/compiled_module.h"
#include "compile/lowering.h"

namespace wr::compile {

namespace {

// Runs with the validator over every body and rejects what Lowering would reject, with the
// same errors, at a fraction of its cost: an instruction it does not handle in code it would
// lower (FuncView::Dead() is false exactly where Lowering emits), too many locals, a frame too
// large. It ignores every instruction Lowering handles, so the validator checks those on its
// fused path without telling it.
class Screen final : public valid::FuncListener {
 public:
  const uint8_t* IgnoredOpcodes() const override {
    static const std::array<uint8_t, kOpcodeCount> table = [] {
      std::array<uint8_t, kOpcodeCount> t{};
      for (uint32_t i = 0; i < kOpcodeCount; ++i) t[i] = Lowering::Lowers(static_cast<Opcode>(i));
      return t;
    }();
    return table.data();
  }

  void BeginFunction(const valid::FuncView& v) override {
    error_.reset();
    if (v.FrameBase() >= kFixedTag) {
      error_ = Error(Phase::Validate, Error::kNoOffset, "function has too many locals");
    }
  }

  void OnInstr(const binary::Instr& instr, const valid::FuncView& v) override {
    // The validator shows ignored instructions too when it checks them on its normal path.
    if (WR_LIKELY(ignored_[static_cast<uint16_t>(instr.op)] != 0)) return;
    if (!error_ && !v.Dead()) error_ = Lowering::UnsupportedError(instr);
  }

  Result<void> EndFunction(const valid::FuncView& v) override {
    if (error_) return Unexpected(*error_);
    // Lowering adds at most kMaxAreaConsts constant slots to the validator's frame.
    if (uint64_t{v.MaxSlotHeight()} + Lowering::kMaxAreaConsts >= kFixedTag) {
      return MakeError(Phase::Validate, Error::kNoOffset, "function frame too large");
    }
    return {};
  }

 private:
  const uint8_t* ignored_ = IgnoredOpcodes();
  std::optional<Error> error_;
};

// For a small module: the screen, and the lowering of each body in the same validation pass
// (no second pass per function later). The screen still decides acceptance, so a module is
// accepted or rejected alike whichever way it is compiled.
class ScreenAndLower final : public valid::FuncListener {
 public:
  explicit ScreenAndLower(CompiledModule& cm)
      : cm_(cm), lowering_(nullptr, cm.compile_options.interruptible) {}

  void BeginFunction(const valid::FuncView& v) override {
    screen_.BeginFunction(v);
    lowering_.Retarget(&cm_.funcs[v.func_index() - cm_.module.num_imported_funcs]);
    lowering_.BeginFunction(v);
  }
  void OnInstr(const binary::Instr& instr, const valid::FuncView& v) override {
    screen_.OnInstr(instr, v);
    lowering_.OnInstr(instr, v);
  }
  Result<void> EndFunction(const valid::FuncView& v) override {
    WR_TRY_VOID(screen_.EndFunction(v));
    return lowering_.EndFunction(v);
  }

 private:
  CompiledModule& cm_;
  Screen screen_;
  Lowering lowering_;
};

}  // namespace

Result<std::shared_ptr<const CompiledModule>> CompileModule(Module module,
                                                            const valid::Options& options,
                                                            const CompileOptions& compile_options) {
  auto compiled = std::make_shared<CompiledModule>();
  compiled->module = std::move(module);
  compiled->options = options;
  compiled->compile_options = compile_options;
  const size_t n = compiled->module.functions.size();
  compiled->funcs = decltype(compiled->funcs)(n);
  uint64_t code_bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    compiled->funcs[i].owner = compiled.get();
    compiled->funcs[i].defined_index = static_cast<uint32_t>(i);
    code_bytes += compiled->module.functions[i].body.size;
  }
  if (code_bytes <= compile_options.eager_lowering_max_code_bytes) {
    ScreenAndLower listener(*compiled);
    WR_TRY_VOID(valid::ValidateModule(compiled->module, options, &listener));
    for (CompiledFunction& f : compiled->funcs) f.lowered.store(true, std::memory_order_release);
  } else {
    Screen screen;
    WR_TRY_VOID(valid::ValidateModule(compiled->module, options, &screen));
  }
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

Result<void> EnsureLowered(const CompiledFunction& func) {
  if (func.lowered.load(std::memory_order_acquire)) return {};
  const CompiledModule& cm = *func.owner;
  std::lock_guard<std::mutex> lock(cm.lower_mutex);
  if (func.lowered.load(std::memory_order_relaxed)) return {};
  if (!cm.body_validator) {
    WR_TRY(cm.body_validator, valid::BodyValidator::Create(cm.module, cm.options));
  }
  // The functions are created non-const inside CompiledModule; the const view that instances
  // hold only defers this one filling-in, which the mutex and `lowered` order.
  auto* target = const_cast<CompiledFunction*>(&func);
  Lowering lowering(target, cm.compile_options.interruptible);
  WR_TRY_VOID(cm.body_validator->Validate(func.defined_index, &lowering));
  target->lowered.store(true, std::memory_order_release);
  return {};
}

}  // namespace wr::compile
