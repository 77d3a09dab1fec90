// FuncValidator: setup, the instruction loop, the operand-stack checks and control
// instructions. The other instruction groups are in func_ops.cc.
#include "valid/func_validator.h"

#include <algorithm>
#include <limits>
#include <string>

#include "ir/limits.h"

namespace wr::valid {

namespace {

// Non-defaultable locals are tracked one byte each; bound the tracking array.
constexpr uint64_t kMaxTrackedLocals = uint64_t{1} << 24;
// Functions with more locals than this look local types up by run (a binary search) rather
// than build a table per function.
constexpr uint64_t kMaxDenseLocals = 4096;

std::string TypeList(std::span<const ValType> a, std::span<const ValType> b) {
  std::string s = "[";
  bool first = true;
  for (auto part : {a, b}) {
    for (const ValType& t : part) {
      if (!first) s += ' ';
      s += ToString(t);
      first = false;
    }
  }
  return s + "]";
}

}  // namespace

// ---- Setup

bool FuncValidator::SetupLocals(const FuncType& type, const Function* func) {
  local_runs_.clear();
  local_init_.clear();
  init_log_.clear();
  uint64_t count = 0;
  uint64_t slots = 0;
  uint64_t tracked = 0;
  auto add_run = [&](const ValType& t, uint64_t n) {
    LocalRun r;
    r.first = static_cast<uint32_t>(count);
    r.first_slot = static_cast<uint32_t>(slots);
    r.type = t;
    if (!t.defaultable() && func != nullptr && count >= type.params.size()) {
      r.init_base = static_cast<uint32_t>(tracked);
      tracked += n;
    }
    local_runs_.push_back(r);
    count += n;
    slots += n * t.slots();
  };
  for (const ValType& p : type.params) add_run(p, 1);
  if (func != nullptr) {
    for (const LocalDecl& d : module_.LocalDeclsOf(*func)) {
      if (d.count == 0) continue;
      if (d.type.is_ref()) WR_VTRY(env_.CheckValType(d.type, func->body_start));
      add_run(d.type, d.count);
      if (count > limits::kMaxLocals) {
        return Fail(
            func->body_start,
            "too many locals: " + limits::LimitMessage("number of locals", limits::kMaxLocals));
      }
      if (count > std::numeric_limits<uint32_t>::max() ||
          slots > std::numeric_limits<uint32_t>::max() || tracked > kMaxTrackedLocals) {
        return Fail(func->body_start, "too many locals");
      }
    }
    if (tracked != 0 && !env_.features().func_refs && !env_.features().gc) {
      return FailUnsupported(func->body_start, "function-references");
    }
  }
  num_locals_ = static_cast<uint32_t>(count);
  frame_base_ = static_cast<uint32_t>(slots);
  local_init_.assign(tracked, 0);
  dense_local_types_.clear();
  if (tracked == 0 && count <= kMaxDenseLocals) {
    dense_local_types_.resize(num_locals_);
    for (size_t i = 0; i < local_runs_.size(); ++i) {
      const LocalRun& r = local_runs_[i];
      const uint32_t end = i + 1 == local_runs_.size() ? num_locals_ : local_runs_[i + 1].first;
      std::fill(dense_local_types_.begin() + r.first, dense_local_types_.begin() + end, r.type);
    }
  }
  return true;
}

const FuncValidator::LocalRun& FuncValidator::FindRun(uint32_t local_index) const {
  // The last run whose first index is <= local_index.
  auto it = std::upper_bound(local_runs_.begin(), local_runs_.end(), local_index,
                             [](uint32_t i, const LocalRun& r) { return i < r.first; });
  return *(it - 1);
}

Result<void> FuncValidator::ValidateFunction(uint32_t defined_index, FuncListener* listener) {
  if (!ValidateFunctionBody(defined_index, listener)) return Unexpected(std::move(error_));
  return {};
}

Result<void> FuncValidator::ValidateConstExpr(const ConstExpr& expr, const ValType& type,
                                              uint32_t visible_globals) {
  if (!ValidateConst(expr, type, visible_globals)) return Unexpected(std::move(error_));
  return {};
}

bool FuncValidator::ValidateFunctionBody(uint32_t defined_index, FuncListener* listener) {
  const Function& func = module_.functions[defined_index];
  mode_ = Mode::Function;
  listener_ = listener;
  func_index_ = module_.num_imported_funcs + defined_index;
  if (!env_.IsFuncType(func.type_index)) {
    return Fail(func.body_start, "unknown type " + std::to_string(func.type_index));
  }
  func_type_ = &module_.types[func.type_index].func;
  WR_VTRY(SetupLocals(*func_type_, &func));
  if (uint64_t{func.body.offset} + func.body.size > module_.bytes.size()) {
    return FailDecode(func.body_start, "unexpected end");
  }
  WR_VTRY(Run(module_.Bytes(func.body), func.body.offset));
  if (listener_ != nullptr) WR_VTRY(listener_->EndFunction(*this));
  return true;
}

bool FuncValidator::ValidateConst(const ConstExpr& expr, const ValType& type,
                                  uint32_t visible_globals) {
  mode_ = Mode::Const;
  listener_ = nullptr;
  visible_globals_ = visible_globals;
  func_index_ = 0;
  const_type_.params.clear();
  const_type_.results.assign(1, type);
  func_type_ = &const_type_;
  WR_VTRY(SetupLocals(const_type_, nullptr));
  if (uint64_t{expr.code.offset} + expr.code.size > module_.bytes.size()) {
    return FailDecode(expr.code.offset, "unexpected end");
  }
  return Run(module_.Bytes(expr.code), expr.code.offset);
}

// ---- The loop

bool FuncValidator::Run(std::span<const uint8_t> code, uint64_t base_offset) {
  vals_.clear();
  ctrl_.clear();
  slot_height_ = frame_base_;
  max_slot_height_ = frame_base_;
  PushFrame(Opcode::End, {}, func_type_->results, nullptr);
  if (listener_ != nullptr) listener_->BeginFunction(*this);

  binary::InstrReader reader(code, base_offset);
  binary::Instr in;
  done_ = false;
  const bool fast = mode_ == Mode::Function && PrepareFast();
  uint32_t quick_height = 0;
  if (fast && quick_ok_ && QuickRun(code, &quick_height)) {
    // Valid: the state the normal path leaves at the function's end (its frame kept, its
    // results pushed), for the listener's EndFunction.
    max_slot_height_ = frame_base_ + quick_height;
    SetUnreachable();
    ctrl_.back().c.unreachable = false;
    Push(ctrl_.back().c.results);
    done_ = true;
    return true;
  }
  while (!done_) {
    if (fast) reader.set_pos(FastRun(code.data(), reader.pos(), code.size()));
    if (reader.at_end()) {
      // The body ended before the function's final `end`. The reference decoder, whose
      // wording the tests expect, is not bounded by the body size: it reads on into the next
      // bytes and fails with "END opcode expected" on a byte that is not `end`, or with
      // "unexpected end" at the end of the input. Mimic that.
      const uint64_t next = reader.offset();
      const bool more = next < module_.bytes.size() && module_.bytes[next] != 0x0b;
      return FailDecode(next,
                        more ? "END opcode expected" : "unexpected end of section or function");
    }
    if (!reader.Read(in)) {
      error_ = reader.TakeError();
      return false;
    }
    WR_VTRY(Step(in));
    // Multi-value calls and blocks push up to kMaxResults values each: bound what that makes
    // of a small body.
    if (WR_UNLIKELY(vals_.size() > limits::kMaxOperandStack)) {
      return Fail(in.offset, "operand stack: " + limits::LimitMessage("number of values",
                                                                      limits::kMaxOperandStack));
    }
  }
  if (!reader.at_end()) {
    if (mode_ == Mode::Const) return Fail(reader.offset(), "constant expression required");
    return FailDecode(reader.offset(), "operators remaining after end of function");
  }
  return true;
}

bool FuncValidator::CheckFeature(const binary::Instr& in, Feature feature) const {
  const Features& f = env_.features();
  switch (feature) {
    case Feature::RelaxedSimd:
      if (!f.relaxed_simd) return FailUnsupported(in.offset, "relaxed-simd");
      break;
    case Feature::TailCall:
      if (!f.tail_call) return FailUnsupported(in.offset, "tail-call");
      if (in.op == Opcode::ReturnCallRef && !f.func_refs) {
        return FailUnsupported(in.offset, "function-references");
      }
      break;
    case Feature::Exceptions:
      if (!f.exceptions) return FailUnsupported(in.offset, "exceptions");
      break;
    case Feature::FuncRefs:
      if (!f.func_refs) return FailUnsupported(in.offset, "function-references");
      break;
    case Feature::Gc:
      if (!f.gc) return FailUnsupported(in.offset, "gc");
      break;
    case Feature::WideArithmetic:
      if (!f.wide_arithmetic) return FailUnsupported(in.offset, "wide-arithmetic");
      break;
    case Feature::LegacyExceptions:
      if (!f.legacy_exceptions) return FailUnsupported(in.offset, "legacy-exceptions");
      break;
    case Feature::Threads:
      if (!f.threads) return FailUnsupported(in.offset, "threads");
      break;
    default:  // WebAssembly 2.0
      break;
  }
  return true;
}

bool FuncValidator::Step(const binary::Instr& in) {
  const OpInfo& info = GetOpInfo(in.op);
  if (info.feature >= Feature::RelaxedSimd) WR_VTRY(CheckFeature(in, info.feature));
  if (mode_ == Mode::Const) WR_VTRY(CheckConstOp(in));
  if (info.sig != Sig::Special) return StepSimple(in, info);
  switch (in.op) {
    case Opcode::LocalGet:
    case Opcode::LocalSet:
    case Opcode::LocalTee:
    case Opcode::GlobalGet:
    case Opcode::GlobalSet: return StepVariable(in);
    case Opcode::MemorySize:
    case Opcode::MemoryGrow:
    case Opcode::MemoryInit:
    case Opcode::DataDrop:
    case Opcode::MemoryCopy:
    case Opcode::MemoryFill: return StepMemory(in);
    case Opcode::TableGet:
    case Opcode::TableSet:
    case Opcode::TableInit:
    case Opcode::ElemDrop:
    case Opcode::TableCopy:
    case Opcode::TableGrow:
    case Opcode::TableSize:
    case Opcode::TableFill: return StepTable(in);
    case Opcode::RefNull:
    case Opcode::RefIsNull:
    case Opcode::RefFunc:
    case Opcode::RefEq:
    case Opcode::RefAsNonNull:
    case Opcode::BrOnNull:
    case Opcode::BrOnNonNull: return StepRef(in);
    default: break;
  }
  if (info.prefix == 0xfb) return StepGc(in);
  if (info.feature == Feature::LegacyExceptions) return StepLegacyEh(in);
  return StepControl(in);
}

bool FuncValidator::CheckConstOp(const binary::Instr& in) {
  switch (in.op) {
    case Opcode::I32Const:
    case Opcode::I64Const:
    case Opcode::F32Const:
    case Opcode::F64Const:
    case Opcode::V128Const:
    case Opcode::RefNull:
    case Opcode::RefFunc:
    case Opcode::GlobalGet:
    case Opcode::End: return true;
    case Opcode::I32Add:
    case Opcode::I32Sub:
    case Opcode::I32Mul:
    case Opcode::I64Add:
    case Opcode::I64Sub:
    case Opcode::I64Mul:
      if (env_.features().extended_const) return true;
      break;
    case Opcode::StructNew:
    case Opcode::StructNewDefault:
    case Opcode::ArrayNew:
    case Opcode::ArrayNewDefault:
    case Opcode::ArrayNewFixed:
    case Opcode::RefI31:
    case Opcode::AnyConvertExtern:
    case Opcode::ExternConvertAny:
      if (env_.features().gc) return true;
      break;
    default: break;
  }
  return Fail(in.offset, "constant expression required");
}

// ---- Operand stack checks

bool FuncValidator::Mismatch(std::span<const ValType> lower, std::span<const ValType> upper,
                             uint64_t offset, uint32_t skip, bool block) const {
  const uint32_t avail = Available() > skip ? Available() - skip : 0;
  const uint32_t want = static_cast<uint32_t>(lower.size() + upper.size());
  const uint32_t shown = block ? avail : std::min(avail, want);
  std::string has = "[";
  for (uint32_t i = shown; i > 0; --i) {
    const Value& v = vals_[vals_.size() - skip - i];
    has += v.unknown ? std::string("?") : ToString(v.type);
    if (i > 1) has += ' ';
  }
  has += "]";
  return Fail(offset, std::string("type mismatch: ") + (block ? "block" : "instruction") +
                          " requires " + TypeList(lower, upper) + " but stack has " + has);
}

// As the reference's check_block: the results are popped first ("instruction requires" when
// they are not there), then nothing may be left ("block requires", showing the whole frame).
bool FuncValidator::CheckFrameEnd(const Frame& f, uint64_t offset) const {
  const auto results = f.c.results;
  const uint32_t avail = Available();
  if ((avail < results.size() && !f.c.unreachable) || !TopMatches(results, {}, 0)) {
    return Mismatch(results, {}, offset);
  }
  if (avail > results.size()) return Mismatch(results, {}, offset, 0, /*block=*/true);
  return true;
}

// ---- Control stack

void FuncValidator::PushFrame(Opcode op, std::span<const ValType> params,
                              std::span<const ValType> results, const ValType* inline_result) {
  if (WR_UNLIKELY(ctrl_.size() == ctrl_.capacity())) GrowFrames();
  const bool dead = !ctrl_.empty() && (ctrl_.back().c.unreachable || ctrl_.back().c.dead);
  Frame& nf = ctrl_.emplace_back();  // no reallocation: room was made above
  nf.c.opcode = op;
  nf.c.dead = dead;
  nf.c.params = params;
  nf.c.height = static_cast<uint32_t>(vals_.size());
  nf.c.slot_height = slot_height_;
  nf.init_log_size = static_cast<uint32_t>(init_log_.size());
  if (inline_result != nullptr) {
    nf.inline_result = *inline_result;
    nf.has_inline = true;
    nf.c.results = std::span<const ValType>(&nf.inline_result, 1);
  } else {
    nf.c.results = results;
  }
}

void FuncValidator::GrowFrames() {
  ctrl_.reserve(ctrl_.capacity() < 16 ? 16 : 2 * ctrl_.capacity());
  // Reallocated: re-point the spans that refer into frames.
  for (Frame& g : ctrl_) {
    if (g.has_inline) g.c.results = std::span<const ValType>(&g.inline_result, 1);
  }
}

void FuncValidator::EndFrame() {
  const Frame& f = ctrl_.back();
  const ValType inline_type = f.inline_result;
  const bool has_inline = f.has_inline;
  const std::span<const ValType> results = f.c.results;
  const uint32_t slot_height = f.c.slot_height;
  SetUnreachable();
  ResetLocalInits(f.init_log_size);
  ctrl_.pop_back();
  // The results start at the frame's entry slot (a legacy catch frame kept its exception in
  // that slot, below its own values).
  slot_height_ = slot_height;
  if (has_inline) {
    Push(inline_type);
  } else {
    Push(results);
  }
}

const FuncValidator::Frame* FuncValidator::Label(uint32_t depth, uint64_t offset) const {
  if (depth >= ctrl_.size()) return FailPtr(offset, "unknown label");
  return &ctrl_[ctrl_.size() - 1 - depth];
}

bool FuncValidator::ReadBlockType(const binary::Instr& in, std::span<const ValType>& params,
                                  std::span<const ValType>& results, ValType& inline_type) const {
  params = {};
  results = {};
  switch (in.block.kind) {
    case binary::BlockTypeImm::Kind::Empty: return true;
    case binary::BlockTypeImm::Kind::Value:
      WR_VTRY(env_.CheckValType(in.block.type, in.offset));
      inline_type = in.block.type;
      return true;
    case binary::BlockTypeImm::Kind::TypeIndex: {
      const FuncType* ft = GetFuncType(in.block.type_index, in.offset);
      if (ft == nullptr) return false;
      params = ft->params;
      results = ft->results;
      return true;
    }
  }
  return true;
}

bool FuncValidator::CheckCallResults(const FuncType& callee, uint64_t offset) const {
  const auto& mine = func_type_->results;
  bool ok = callee.results.size() == mine.size();
  for (size_t i = 0; ok && i < mine.size(); ++i) ok = env_.Matches(callee.results[i], mine[i]);
  if (!ok) {
    return Fail(offset, "type mismatch: return call requires " + TypeList(mine, {}) +
                            " but callee returns " + TypeList(callee.results, {}));
  }
  return true;
}

bool FuncValidator::StepControl(const binary::Instr& in) {
  const uint64_t off = in.offset;
  static constexpr ValType kI32[1] = {ValType::I32()};
  switch (in.op) {
    case Opcode::Unreachable:
      Emit(in);
      SetUnreachable();
      return true;

    case Opcode::Block:
    case Opcode::Loop:
    case Opcode::If: {
      std::span<const ValType> params, results;
      ValType inline_type;
      WR_VTRY(ReadBlockType(in, params, results, inline_type));
      const bool is_if = in.op == Opcode::If;
      WR_VTRY(CheckTop(params, is_if ? std::span<const ValType>(kI32) : std::span<const ValType>(),
                       off));
      Emit(in);
      Pop(is_if ? 1 : 0);
      Pop(static_cast<uint32_t>(params.size()));
      PushFrame(in.op, params, results,
                in.block.kind == binary::BlockTypeImm::Kind::Value ? &inline_type : nullptr);
      Push(params);
      return true;
    }

    case Opcode::Else: {
      Frame& f = ctrl_.back();
      if (f.c.opcode != Opcode::If) return FailDecode(off, "else without if");
      WR_VTRY(CheckFrameEnd(f, off));
      Emit(in);
      SetUnreachable();  // drops the frame's values
      ResetLocalInits(f.init_log_size);
      f.c.opcode = Opcode::Else;
      f.c.unreachable = false;
      Push(f.c.params);
      return true;
    }

    case Opcode::End: {
      const Frame& f = ctrl_.back();
      if (f.c.opcode == Opcode::If) {
        // No else: the implicit else arm passes the params through as results.
        bool ok = f.c.params.size() == f.c.results.size();
        for (size_t i = 0; ok && i < f.c.params.size(); ++i) {
          ok = env_.Matches(f.c.params[i], f.c.results[i]);
        }
        if (!ok) return Fail(off, "type mismatch: if without else requires matching types");
      }
      WR_VTRY(CheckFrameEnd(f, off));
      Emit(in);
      if (ctrl_.size() == 1) {
        // The function's own end. Its frame stays for EndFunction's view.
        SetUnreachable();
        ctrl_.back().c.unreachable = false;
        Push(ctrl_.back().c.results);
        done_ = true;
        return true;
      }
      EndFrame();
      return true;
    }

    case Opcode::Br: {
      const Frame* f = Label(in.index, off);
      if (f == nullptr) return false;
      WR_VTRY(CheckTop(f->c.LabelTypes(), off));
      Emit(in);
      SetUnreachable();
      return true;
    }

    case Opcode::BrIf: {
      const Frame* f = Label(in.index, off);
      if (f == nullptr) return false;
      const auto types = f->c.LabelTypes();
      WR_VTRY(CheckTop(types, kI32, off));
      Emit(in);
      Pop(1);
      Pop(static_cast<uint32_t>(types.size()));
      Push(types);
      return true;
    }

    case Opcode::BrTable: {
      WR_VTRY(CheckTop1(ValType::I32(), off));
      const uint32_t def = in.br_table.back();
      const Frame* df = Label(def, off);
      if (df == nullptr) return false;
      const size_t arity = df->c.LabelTypes().size();
      // Each distinct label type list is checked against the stack once: checking it per
      // target would cost targets x arity, which a small body can make large. Lists of more
      // than one type are those of type-indexed block types (or the function's results), so
      // distinct ones are paid for by the type section.
      br_table_lists_.clear();
      for (uint32_t target : in.br_table) {
        const Frame* f = Label(target, off);
        if (f == nullptr) return false;
        const auto types = f->c.LabelTypes();
        if (types.size() != arity) {
          return Fail(off, "type mismatch: br_table targets have different arities");
        }
        if (types.size() <= 1) {
          WR_VTRY(CheckTop(types, {}, off, 1));
        } else {
          br_table_lists_.push_back(types.data());
        }
      }
      if (!br_table_lists_.empty()) {
        std::sort(br_table_lists_.begin(), br_table_lists_.end(), std::less<>());
        br_table_lists_.erase(std::unique(br_table_lists_.begin(), br_table_lists_.end()),
                              br_table_lists_.end());
        for (const ValType* types : br_table_lists_) {
          WR_VTRY(CheckTop(std::span<const ValType>(types, arity), {}, off, 1));
        }
      }
      Emit(in);
      SetUnreachable();
      return true;
    }

    case Opcode::Return:
      WR_VTRY(CheckTop(func_type_->results, off));
      Emit(in);
      SetUnreachable();
      return true;

    case Opcode::Call:
    case Opcode::ReturnCall: {
      WR_VTRY(CheckFunc(in.index, off));
      const FuncType& ft = module_.FuncTypeOf(in.index);
      if (in.op == Opcode::ReturnCall) WR_VTRY(CheckCallResults(ft, off));
      WR_VTRY(CheckTop(ft.params, off));
      Emit(in);
      if (in.op == Opcode::ReturnCall) {
        SetUnreachable();
      } else {
        Pop(static_cast<uint32_t>(ft.params.size()));
        Push(ft.results);
      }
      return true;
    }

    case Opcode::CallIndirect:
    case Opcode::ReturnCallIndirect: {
      const FuncType* ft = GetFuncType(in.index, off);
      if (ft == nullptr) return false;
      const TableType* tt = GetTable(in.index2, off);
      if (tt == nullptr) return false;
      if (!env_.Matches(tt->elem, ValType::FuncRef())) {
        return Fail(off, "type mismatch: call_indirect on a table of " + ToString(tt->elem));
      }
      if (in.op == Opcode::ReturnCallIndirect) WR_VTRY(CheckCallResults(*ft, off));
      const ValType idx = IndexValType(tt->limits.index_type);
      WR_VTRY(CheckTop(ft->params, std::span<const ValType>(&idx, 1), off));
      Emit(in);
      if (in.op == Opcode::ReturnCallIndirect) {
        SetUnreachable();
      } else {
        Pop(1 + static_cast<uint32_t>(ft->params.size()));
        Push(ft->results);
      }
      return true;
    }

    case Opcode::CallRef:
    case Opcode::ReturnCallRef: {
      const FuncType* ft = GetFuncType(in.index, off);
      if (ft == nullptr) return false;
      if (in.op == Opcode::ReturnCallRef) WR_VTRY(CheckCallResults(*ft, off));
      const ValType ref = ValType::RefIndex(in.index, true);
      WR_VTRY(CheckTop(ft->params, std::span<const ValType>(&ref, 1), off));
      Emit(in);
      if (in.op == Opcode::ReturnCallRef) {
        SetUnreachable();
      } else {
        Pop(1 + static_cast<uint32_t>(ft->params.size()));
        Push(ft->results);
      }
      return true;
    }

    case Opcode::Drop:
      if (Available() == 0 && !ctrl_.back().c.unreachable) {
        return Fail(off, "type mismatch: drop requires a value but stack has []");
      }
      Emit(in);
      Pop(1);
      return true;

    case Opcode::Select: {
      WR_VTRY(CheckTop1(ValType::I32(), off));
      const Value* a = Peek(1);
      const Value* b = Peek(2);
      const bool poly = ctrl_.back().c.unreachable;
      if ((a == nullptr || b == nullptr) && !poly) {
        return Fail(off, "type mismatch: select requires two operands");
      }
      const Value* known = (a != nullptr && !a->unknown)   ? a
                           : (b != nullptr && !b->unknown) ? b
                                                           : nullptr;
      for (const Value* v : {a, b}) {
        if (v != nullptr && !v->unknown && (v->type.is_ref())) {
          return Fail(off,
                      "type mismatch: select without type requires numeric or vector operands");
        }
      }
      if (a != nullptr && b != nullptr && !a->unknown && !b->unknown && !(a->type == b->type)) {
        return Fail(off, "type mismatch: select operands " + ToString(b->type) + " and " +
                             ToString(a->type) + " differ");
      }
      const bool has_type = known != nullptr;
      const ValType t = has_type ? known->type : ValType::I32();  // copied before Pop
      Emit(in);
      Pop(3);
      if (has_type) {
        Push(t);
      } else {
        PushUnknown();
      }
      return true;
    }

    case Opcode::SelectT: {
      if (in.select_types.size() != 1) return Fail(off, "invalid result arity");
      const ValType t = in.select_types[0];
      WR_VTRY(env_.CheckValType(t, off));
      const ValType types[2] = {t, t};
      WR_VTRY(CheckTop(types, kI32, off));
      Emit(in);
      Pop(3);
      Push(t);
      return true;
    }

    case Opcode::TryTable: {
      std::span<const ValType> params, results;
      ValType inline_type;
      WR_VTRY(ReadBlockType(in, params, results, inline_type));
      if (in.block.kind == binary::BlockTypeImm::Kind::Value) {
        results = std::span<const ValType>(&inline_type, 1);
      }
      for (const binary::CatchClause& c : in.catches) {
        const Frame* f = Label(c.label, off);
        if (f == nullptr) return false;
        scratch_.clear();
        using K = binary::CatchClause::Kind;
        if (c.kind == K::Catch || c.kind == K::CatchRef) {
          const FuncType* tag = GetTagType(c.tag, off);
          if (tag == nullptr) return false;
          scratch_.assign(tag->params.begin(), tag->params.end());
        }
        if (c.kind == K::CatchRef || c.kind == K::CatchAllRef) {
          scratch_.push_back(ValType::Ref(HeapKind::Exn, false));
        }
        const auto want = f->c.LabelTypes();
        bool ok = want.size() == scratch_.size();
        for (size_t i = 0; ok && i < want.size(); ++i) ok = env_.Matches(scratch_[i], want[i]);
        if (!ok) {
          return Fail(off, "type mismatch: catch handler produces " + TypeList(scratch_, {}) +
                               " but its label requires " + TypeList(want, {}));
        }
      }
      WR_VTRY(CheckTop(params, off));
      Emit(in);
      Pop(static_cast<uint32_t>(params.size()));
      PushFrame(in.op, params, results,
                in.block.kind == binary::BlockTypeImm::Kind::Value ? &inline_type : nullptr);
      Push(params);
      return true;
    }

    case Opcode::Throw: {
      const FuncType* tag = GetTagType(in.index, off);
      if (tag == nullptr) return false;
      WR_VTRY(CheckTop(tag->params, off));
      Emit(in);
      SetUnreachable();
      return true;
    }

    case Opcode::ThrowRef:
      WR_VTRY(CheckTop1(ValType::Ref(HeapKind::Exn, true), off));
      Emit(in);
      SetUnreachable();
      return true;

    default: break;
  }
  return Fail(off, "unsupported instruction " + std::string(OpcodeText(in.op)));
}

}  // namespace wr::valid
