// Stack maps: which frame slots hold references at each safepoint (compiled_module.h), for the
// precise collector (runtime/gc_heap.h, interp/gc_roots.cc).
//
// The lowering knows, before each instruction, the validator's operand stack (types and
// slots) and its own shadow of it (lowering.h): a value is in its own slot ("own") or still
// read from a local or the constant area ("lazy"). At a safepoint the map lists the own
// operand slots whose type may refer to a collected object. Lazy values need no entry: a
// local is covered by ref_locals, and a constant reference is null. Slots not on the stack
// are never listed, so a stale value (a dead operand, an integer) is never read as a
// reference: this is what makes the collector precise.
#include <algorithm>

#include "compile/lowering.h"

namespace wr::compile {

namespace {

// References that can point to collected objects (structs, arrays, exceptions): everything
// but the function hierarchy.
bool MayHoldCollected(const ValType& t, const Module& m) {
  if (!t.is_ref()) return false;
  switch (t.heap) {
    case HeapKind::Func:
    case HeapKind::NoFunc: return false;
    case HeapKind::Index:
      return t.index >= m.types.size() || m.types[t.index].kind != DefType::Kind::Func;
    default: return true;
  }
}

// The word of a call's first-argument slot, relative to its op word.
uint32_t CallBaseWord(IOp op) {
  switch (op) {
    case IOp::Call:
    case IOp::ReturnCall:
    case IOp::CallRef:
    case IOp::ReturnCallRef: return 2;
    case IOp::CallIndirect:
    case IOp::ReturnCallIndirect:
    case IOp::CopyCall: return 4;
    case IOp::CopyCopyCall: return 6;
    default: return 0;
  }
}

}  // namespace

std::span<const uint32_t> CompiledFunction::StackMapAt(uint32_t pos) const {
  // The last safepoint at or before pos; it covers pos only if pos is inside its instruction.
  if (maps == nullptr) return {};
  const auto& safepoints = maps->safepoints;
  auto it = std::upper_bound(safepoints.begin(), safepoints.end(), pos,
                             [](uint32_t p, const Safepoint& s) { return p < s.pos; });
  if (it == safepoints.begin()) return {};
  const Safepoint& s = *std::prev(it);
  if (pos >= s.pos + InstrSize(code.data(), s.pos)) return {};
  return std::span<const uint32_t>(maps->safepoint_slots).subspan(s.first, s.n);
}

void Lowering::BeginStackMaps(const valid::FuncView& v) {
  view_ = &v;
  for (uint32_t i = 0; i < v.num_locals(); ++i) {
    const ValType t = v.LocalType(i);
    if (MayHoldCollected(t, v.module())) fn_->maps->ref_locals.push_back(v.LocalSlot(i));
  }
}

void Lowering::RecordSafepoint(uint32_t pos) {
  const valid::FuncView& v = *view_;
  const auto first = static_cast<uint32_t>(fn_->maps->safepoint_slots.size());
  // The exceptions that open legacy catch clauses keep for rethrow (valid/legacy_eh.cc).
  for (uint32_t d = 0; legacy_catches_open_ && d < v.ControlDepth(); ++d) {
    const Opcode op = v.Control(d).opcode;
    if (op == Opcode::Catch || op == Opcode::CatchAll) {
      fn_->maps->safepoint_slots.push_back(v.Control(d).slot_height);
    }
  }
  const uint32_t height = std::min<uint32_t>(v.Height(), static_cast<uint32_t>(shadow_.size()));
  for (uint32_t d = 0; d < height; ++d) {
    if (IsLazy(d) || v.IsUnknown(d) || !MayHoldCollected(v.Operand(d), v.module())) continue;
    fn_->maps->safepoint_slots.push_back(v.OperandSlot(d));
  }
  const auto n = static_cast<uint32_t>(fn_->maps->safepoint_slots.size()) - first;
  if (n) fn_->maps->safepoints.push_back({pos, first, n});
}

void Lowering::FinishStackMaps(uint32_t base, uint32_t nconsts) {
  const std::vector<uint32_t>& c = code();
  std::vector<uint32_t>& slots = fn_->maps->safepoint_slots;
  std::vector<CompiledFunction::Safepoint> kept;
  std::vector<uint32_t> kept_slots;
  for (const CompiledFunction::Safepoint& s : fn_->maps->safepoints) {
    // A call's arguments (and what lies above them) are the callee's: its own map covers
    // them. Read the first-argument slot before EndFunction shifts it.
    const uint32_t word = CallBaseWord(static_cast<IOp>(c[s.pos]));
    const uint32_t limit = word ? c[s.pos + word] : UINT32_MAX;
    const auto first = static_cast<uint32_t>(kept_slots.size());
    for (uint32_t i = s.first; i < s.first + s.n; ++i) {
      if (slots[i] >= limit) continue;
      kept_slots.push_back(slots[i] >= base ? slots[i] + nconsts : slots[i]);
    }
    const auto n = static_cast<uint32_t>(kept_slots.size()) - first;
    if (n) kept.push_back({s.pos, first, n});
  }
  fn_->maps->safepoints = std::move(kept);
  slots = std::move(kept_slots);
}

}  // namespace wr::compile
