// Lowering, part two: the peephole fusions (superinstructions). Each rewrites the op just
// emitted together with the current instruction into one op, under the conditions its comment
// gives: the first op is the last one emitted, its result has no other reader, and no branch
// target lies between the two (Lowering::Fusable). See lowering.h for the contract.
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "compile/lowering.h"

namespace wr::compile {

using valid::FuncView;

namespace {

struct Fusion {
  IOp when_true;   // jumps when the compare's result would be nonzero
  IOp when_false;  // jumps when it would be zero
  bool unary;      // eqz: [op, dst, a]; binary compares: [op, dst, a, b]
};

std::optional<Fusion> CompareFusion(IOp op) {
  switch (op) {
#define WR_BR_CMP(name, wasm, inverse, type, o) \
  case IOp::wasm:                               \
    return Fusion{IOp::name, IOp::inverse, false};
#include "compile/branch_ops.def"
#undef WR_BR_CMP
    case IOp::I32Eqz: return Fusion{IOp::JumpUnless, IOp::JumpIf, true};
    case IOp::I32And: return Fusion{IOp::BrI32AndNz, IOp::BrI32AndZ, false};
#define WR_BR_FCMP(name, not_name, wasm, type, op) \
  case IOp::wasm:                                  \
    return Fusion{IOp::name, IOp::not_name, false};
#include "compile/float_branch_ops.def"
#undef WR_BR_FCMP
    case IOp::I64Eqz: return Fusion{IOp::JumpUnless64, IOp::JumpIf64, true};
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<Lowering::Fixup> Lowering::FuseBranch(int64_t pending, bool when) {
  // The compare must be the last instruction emitted (nothing, e.g. a materializing copy,
  // between it and the branch) and its result the top value, in its own slot: then the
  // branch is that result's only reader and the result need not be stored at all.
  if (pending < 0 || IsLazy(0) || static_cast<uint64_t>(pending) != uint64_t{last_op_} + 1) {
    return std::nullopt;
  }
  const auto fusion = CompareFusion(static_cast<IOp>(code()[last_op_]));
  if (!fusion) return std::nullopt;
  const uint32_t pos = last_op_;
  const uint32_t size = fusion->unary ? 3 : 4;
  if (code().size() != pos + size) return std::nullopt;
  std::vector<uint32_t>& c = code();
  if (fusion->unary && c[pos] == static_cast<uint32_t>(IOp::I32Eqz)) {
    // `cmp t, a, b; i32.eqz u, t; br_if u` branches when the compare is false: one op, the
    // compare's other branch, when the compare was emitted just before the eqz (no branch
    // target between) and t, an operand slot (not a local: a tee keeps it), is read only by
    // the eqz.
    const uint32_t prev = prev_op_;
    const auto inner = CompareFusion(static_cast<IOp>(c[prev]));
    if (inner && !inner->unary && prev + 4 == pos && Fusable(prev) && c[prev + 1] == c[pos + 2] &&
        !(c[prev + 1] & kFixedTag) && c[prev + 1] >= frame_base_) {
      c[prev] = static_cast<uint32_t>(when ? inner->when_false : inner->when_true);
      c[prev + 1] = c[prev + 2];
      c[prev + 2] = c[prev + 3];
      c[prev + 3] = 0;
      c.resize(prev + 4);
      if (!fn_->maps->offsets.empty() && fn_->maps->offsets.back().first == pos)
        fn_->maps->offsets.pop_back();
      last_op_ = prev;
      return Fixup{prev + 3, prev};
    }
  }
  // [op, dst, a (, b)] -> [branch, a (, b), target]: same size, the dst word dropped.
  c[pos] = static_cast<uint32_t>(when ? fusion->when_true : fusion->when_false);
  for (uint32_t i = 1; i + 1 < size; ++i) c[pos + i] = c[pos + i + 1];
  c[pos + size - 1] = 0;
  return Fixup{pos + size - 1, pos};
}

// Where the last op's result `t` (its own slot) is among a binary instruction's two operands:
// depth 0 (the top), or 1 when the top emitted nothing (a local.get or a constant, still
// lazy); nullopt when it is neither, e.g. read from a local it was also stored to.
std::optional<uint32_t> Lowering::ResultDepth(uint32_t t, const FuncView& v) const {
  if (!IsLazy(0) && t == v.OperandSlot(0)) return 0;
  if (IsLazy(0) && !IsLazy(1) && t == v.OperandSlot(1)) return 1;
  return std::nullopt;
}

namespace {

// The ops of a load or store whose address comes from the add before it.
struct FusedAddress {
  IOp add_addr;      // address from i32.add
  IOp shl_addr;      // address from i32.add_shl
  IOp imm_shl_addr;  // address from i32.add of a constant, then i32.add_shl
  bool store;
};

std::optional<FusedAddress> FusedAddressOf(Opcode op) {
  switch (op) {
#define WR_FUSED_LOAD(load) \
  case Opcode::load:        \
    return FusedAddress{IOp::load##AddAddr, IOp::load##ShlAddr, IOp::load##ImmShlAddr, false};
#include "compile/fused_loads.def"
#undef WR_FUSED_LOAD
#define WR_FUSED_STORE(store) \
  case Opcode::store:         \
    return FusedAddress{IOp::store##AddAddr, IOp::store##ShlAddr, IOp::store##ImmShlAddr, true};
#include "compile/fused_stores.def"
#undef WR_FUSED_STORE
    default: return std::nullopt;
  }
}

bool IsChainOrLoadOp(IOp op);

// Whether the op at code[x] (`size` words) may run before an `i32.add t, a, C` that preceded
// it: a generic wasm instruction with one result and only one-slot operands (`dst, src...`),
// or a chain or load+op (`dst`, then slots and immediates, all scalar), which neither reads t
// nor writes t or a. The add has no effect but t, so only the order of the reads and writes of
// slots matters (a trap of the op is its own either way).
bool RunsBeforeTheAdd(const std::vector<uint32_t>& c, uint32_t x, uint32_t size, uint32_t t,
                      uint32_t a) {
  const auto op = static_cast<IOp>(c[x]);
  if (IsChainOrLoadOp(op)) {
    const std::string_view layout = IOpLayout(op);
    if (size != 1 + layout.size()) return false;
    for (size_t i = 1; i < layout.size(); ++i) {
      if (layout[i] == 'S' && c[x + 1 + i] == t) return false;
    }
    const uint32_t dst = c[x + 1];
    return !(dst & kFixedTag) && dst != t && dst != a;
  }
  const std::optional<Opcode> wasm = IOpWasmOpcode(op);
  if (!wasm) return false;
  const OpInfo& info = GetOpInfo(*wasm);
  const SigTypes& sig = SigInfo(info.sig);
  if (info.imm != ImmKind::None || sig.num_results != 1 || sig.results[0] == ValKind::V128 ||
      size != 2u + sig.num_params) {
    return false;
  }
  for (uint32_t i = 0; i < sig.num_params; ++i) {
    if (sig.params[i] == ValKind::V128 || c[x + 2 + i] == t) return false;
  }
  const uint32_t dst = c[x + 1];
  return !(dst & kFixedTag) && dst != t && dst != a;
}

}  // namespace

// `i32.add t, a, C; i32.add_shl t, t, b, k` (C a constant) -> `i32.add_imm_shl t, a, C, b, k`,
// C's value an immediate. The add_shl at `pos` (the last op) reads t from t's own slot, its
// only reader: the add is the op before it, or the one before that, with an op between that
// RunsBeforeTheAdd (the guest's `stack[--sp]`: the add of the base, then the decrement of the
// index). No branch target lies after the add. The offset map keeps the op between.
bool Lowering::FuseAddImmIntoAddShl(uint32_t pos) {
  std::vector<uint32_t>& c = code();
  if (c.size() != pos + 5) return false;
  const uint32_t t = c[pos + 1];
  if (c[pos + 2] != t || c[pos + 3] == t) return false;
  const std::optional<AddOfConstant> f = FindAddOfConstant(pos, t);
  if (!f) return false;
  const uint32_t b = c[pos + 3], k = c[pos + 4];
  RemoveAddOfConstant(*f, pos);
  W(static_cast<uint32_t>(IOp::I32AddImmShl));
  W(t);
  W(f->a);
  W(f->value);
  W(b);
  W(k);
  return true;
}

std::optional<Lowering::AddOfConstant> Lowering::FindAddOfConstant(uint32_t pos, uint32_t t) {
  const std::vector<uint32_t>& c = code();
  const std::vector<std::pair<uint32_t, uint32_t>>& offsets = fn_->maps->offsets;
  const size_t n = offsets.size();
  if (n < 2 || offsets[n - 1].first != pos) return std::nullopt;
  auto is_add = [&](uint32_t add) {
    return c[add] == static_cast<uint32_t>(IOp::I32Add) && c[add + 1] == t && Fusable(add) &&
           ((c[add + 2] | c[add + 3]) & kConstTag);
  };
  uint32_t add, between = pos;
  if (offsets[n - 2].first + 4 == pos && is_add(offsets[n - 2].first)) {
    add = offsets[n - 2].first;
  } else if (n >= 3 && offsets[n - 3].first + 4 == offsets[n - 2].first &&
             is_add(offsets[n - 3].first)) {
    add = offsets[n - 3].first;
    between = offsets[n - 2].first;
  } else {
    return std::nullopt;
  }
  uint32_t a = c[add + 2], imm = c[add + 3];
  if (!(imm & kConstTag)) std::swap(a, imm);
  if (between != pos && !RunsBeforeTheAdd(c, between, pos - between, t, a)) return std::nullopt;
  return AddOfConstant{add, between, a, static_cast<uint32_t>(fn_->frame_init[imm & ~kConstTag])};
}

uint32_t Lowering::RemoveAddOfConstant(const AddOfConstant& f, uint32_t pos) {
  std::vector<uint32_t>& c = code();
  std::vector<std::pair<uint32_t, uint32_t>>& offsets = fn_->maps->offsets;
  const size_t n = offsets.size();
  const uint32_t op_offset = offsets[n - 1].second;
  uint32_t end = f.add;
  if (f.between != pos) {
    for (uint32_t w = f.between; w < pos; ++w) c[end++] = c[w];
    offsets[n - 3].second = offsets[n - 2].second;
    prev_op_ = f.add;
  }
  offsets.pop_back();
  offsets.back() = {end, op_offset};
  c.resize(end);
  last_op_ = end;
  return end;
}

// `i32.add t, a, b; <load> dst, t, offset` -> `add_addr.<load> dst, a, b, offset` when the
// add was the last instruction emitted and its result, in its own slot, is the address (the
// load's only operand, so it has no other reader). Rewrites the add in place. The same for
// `i32.add_shl t, a, b, k` -> `add_shl_addr.<load> dst, a, b, k, offset` and
// `i32.add_imm_shl t, a, C, b, k` -> `add_imm_shl_addr.<load> dst, a, C, b, k, offset`.
bool Lowering::FuseLoadAddress(const binary::Instr& instr, const FuncView& v) {
  const std::optional<FusedAddress> fused = FusedAddressOf(instr.op);
  const uint32_t pos = last_op_;
  if (!fused || fused->store || cur_pending_ < 0 || IsLazy(0) ||
      static_cast<uint64_t>(cur_pending_) != uint64_t{pos} + 1 || !Fusable(pos)) {
    return false;
  }
  std::vector<uint32_t>& c = code();
  const uint32_t dst = v.OperandSlot(0);  // the load's dst: where the address was
  if (c.size() == pos + 4 && c[pos] == static_cast<uint32_t>(IOp::I32Add)) {
    c[pos] = static_cast<uint32_t>(fused->add_addr);
    c[pos + 1] = dst;
  } else if (c.size() == pos + 5 && c[pos] == static_cast<uint32_t>(IOp::I32AddShl)) {
    c[pos] = static_cast<uint32_t>(fused->shl_addr);
    c[pos + 1] = dst;
  } else if (c.size() == pos + 6 && c[pos] == static_cast<uint32_t>(IOp::I32AddImmShl)) {
    c[pos] = static_cast<uint32_t>(fused->imm_shl_addr);
    c[pos + 1] = dst;
  } else {
    return false;
  }
  W(static_cast<uint32_t>(instr.mem.offset));
  fn_->maps->offsets.back().second = instr.offset;  // a trap is the load's
  pending_dst_ = static_cast<int64_t>(pos + 1);
  Pop(1);
  Push();
  return true;
}

// `i32.add t, a, b; <store> t, value, offset` -> `add_addr.<store> a, b, value, offset` when
// the add was the last instruction emitted, its result, in its own slot, is the address (the
// store's only reader of it) and the value emitted nothing (a local or a constant, read in
// place: it cannot be t, which is an operand slot). Rewrites the add in place. The same for
// `i32.add_shl t, a, b, k` -> `add_shl_addr.<store> a, b, k, value, offset` and
// `i32.add_imm_shl t, a, C, b, k` -> `add_imm_shl_addr.<store> a, C, b, k, value, offset`.
bool Lowering::FuseStoreAddress(const binary::Instr& instr, const FuncView& v) {
  const std::optional<FusedAddress> fused = FusedAddressOf(instr.op);
  const uint32_t pos = last_op_;
  if (!fused || !fused->store || !IsLazy(0) || IsLazy(1) || !Fusable(pos)) return false;
  std::vector<uint32_t>& c = code();
  const uint32_t addr = v.OperandSlot(1);
  const uint32_t value = Src(v, 0);
  if (value == addr) return false;
  if (c.size() == pos + 4 && c[pos] == static_cast<uint32_t>(IOp::I32Add) && c[pos + 1] == addr) {
    c[pos] = static_cast<uint32_t>(fused->add_addr);
    c[pos + 1] = c[pos + 2];
    c[pos + 2] = c[pos + 3];
    c[pos + 3] = value;
  } else if (c.size() == pos + 5 && c[pos] == static_cast<uint32_t>(IOp::I32AddShl) &&
             c[pos + 1] == addr) {
    c[pos] = static_cast<uint32_t>(fused->shl_addr);
    c[pos + 1] = c[pos + 2];
    c[pos + 2] = c[pos + 3];
    c[pos + 3] = c[pos + 4];
    c[pos + 4] = value;
  } else if (c.size() == pos + 6 && c[pos] == static_cast<uint32_t>(IOp::I32AddImmShl) &&
             c[pos + 1] == addr) {
    c[pos] = static_cast<uint32_t>(fused->imm_shl_addr);
    for (uint32_t w = 1; w < 5; ++w) c[pos + w] = c[pos + w + 1];
    c[pos + 5] = value;
  } else {
    return false;
  }
  W(static_cast<uint32_t>(instr.mem.offset));
  fn_->maps->offsets.back().second = instr.offset;  // a trap is the store's
  Pop(2);
  return true;
}

// `i32.shl t, b, k; i32.add dst, a, t` (or `t, a`) with a constant k ->
// `i32.add_shl dst, a, b, k`, when the shl was the last instruction emitted and its result, in
// its own slot, is one of the add's operands (its only reader). Rewrites the shl in place.
bool Lowering::FuseAddShl(const FuncView& v) {
  std::vector<uint32_t>& c = code();
  const uint32_t pos = last_op_;
  if (c.size() != pos + 4 || c[pos] != static_cast<uint32_t>(IOp::I32Shl) || !Fusable(pos) ||
      !(c[pos + 3] & kConstTag)) {
    return false;
  }
  const std::optional<uint32_t> depth = ResultDepth(c[pos + 1], v);
  if (!depth) return false;
  const uint32_t shifted = *depth;  // depth of the shl's result among the add's operands
  const uint32_t k = static_cast<uint32_t>(fn_->frame_init[c[pos + 3] & ~kConstTag]) & 31;
  const uint32_t b = c[pos + 2];
  c[pos] = static_cast<uint32_t>(IOp::I32AddShl);
  c[pos + 1] = v.OperandSlot(1);
  c[pos + 2] = Src(v, 1 - shifted);
  c[pos + 3] = b;
  W(k);
  if (shifted == 0) FuseAddImmIntoAddShl(pos);  // the base an add of a constant
  pending_dst_ = static_cast<int64_t>(last_op_ + 1);
  Pop(2);
  Push();
  return true;
}

// `i32.shl t, b, k; i32.add u, a, C; i32.add dst, t, u` (k, C constants) ->
// `i32.add_imm_shl dst, a, C, b, k`, when the shl and the add of C were the last two ops
// emitted and their results, each in its own slot, are the final add's operands (their only
// reader): `base + C + (i << k)` with the shift computed first.
bool Lowering::FuseShlAddImm(const FuncView& v) {
  std::vector<uint32_t>& c = code();
  std::vector<std::pair<uint32_t, uint32_t>>& offsets = fn_->maps->offsets;
  const uint32_t shl = prev_op_, add = last_op_;
  if (IsLazy(0) || IsLazy(1) || shl + 4 != add || c.size() != add + 4 || !Fusable(shl) ||
      c[shl] != static_cast<uint32_t>(IOp::I32Shl) ||
      c[add] != static_cast<uint32_t>(IOp::I32Add) || !(c[shl + 3] & kConstTag) ||
      c[shl + 1] != v.OperandSlot(1) || c[add + 1] != v.OperandSlot(0) || offsets.size() < 2 ||
      offsets.back().first != add || offsets[offsets.size() - 2].first != shl) {
    return false;
  }
  const uint32_t t = c[shl + 1];
  uint32_t a = c[add + 2], imm = c[add + 3];
  if (!(imm & kConstTag)) std::swap(a, imm);
  if (!(imm & kConstTag) || a == t) return false;  // (the add cannot read t: t is on the stack)
  const uint32_t b = c[shl + 2];
  const uint32_t k = static_cast<uint32_t>(fn_->frame_init[c[shl + 3] & ~kConstTag]) & 31;
  const auto value = static_cast<uint32_t>(fn_->frame_init[imm & ~kConstTag]);
  offsets.pop_back();
  c.resize(shl);
  last_op_ = prev_op_ = shl;
  W(static_cast<uint32_t>(IOp::I32AddImmShl));
  W(t);
  W(a);
  W(value);
  W(b);
  W(k);
  pending_dst_ = static_cast<int64_t>(shl + 1);
  Pop(2);
  Push();
  return true;
}

// `i32.add_shl t, a, b, k` or `i32.add_imm_shl t, a, C, b, k`, then `i32.add dst, t, C2` (or
// `C2, t`) with a constant C2 -> `i32.add_imm_shl dst, a, C + C2, b, k` (mod 2^32), when the
// first was the last op emitted and t, in its own slot, is one of the add's operands (its only
// reader).
bool Lowering::AddConstantToAddShl(const FuncView& v) {
  std::vector<uint32_t>& c = code();
  const uint32_t pos = last_op_;
  if (!Fusable(pos)) return false;
  uint32_t t_depth;  // which operand of the add t is; the other is the constant
  if (!IsLazy(1) && IsLazy(0) && (Src(v, 0) & kConstTag)) {
    t_depth = 1;
  } else if (!IsLazy(0) && IsLazy(1) && (Src(v, 1) & kConstTag)) {
    t_depth = 0;
  } else {
    return false;
  }
  const uint32_t t = v.OperandSlot(t_depth);
  const auto value = static_cast<uint32_t>(fn_->frame_init[Src(v, 1 - t_depth) & ~kConstTag]);
  if (c.size() == pos + 5 && c[pos] == static_cast<uint32_t>(IOp::I32AddShl) && c[pos + 1] == t) {
    const uint32_t k = c[pos + 4];
    c[pos] = static_cast<uint32_t>(IOp::I32AddImmShl);
    c[pos + 4] = c[pos + 3];  // b
    c[pos + 3] = value;
    W(k);
  } else if (c.size() == pos + 6 && c[pos] == static_cast<uint32_t>(IOp::I32AddImmShl) &&
             c[pos + 1] == t) {
    c[pos + 3] += value;  // wraps, as the adds do
  } else {
    return false;
  }
  c[pos + 1] = v.OperandSlot(1);
  pending_dst_ = static_cast<int64_t>(pos + 1);
  Pop(2);
  Push();
  return true;
}

namespace {

struct Chain {
  IOp first, second;
  char side;
  IOp fused;
};
constexpr Chain kChains[] = {
#define WR_CHAIN(op1, op2, side) {IOp::op1, IOp::op2, #side[0], IOp::op1##_##op2##side},
#include "compile/fused_chains.def"
#undef WR_CHAIN
};

std::optional<IOp> FindChain(IOp first, IOp second, char side) {
  for (const Chain& c : kChains) {
    if (c.first == first && c.second == second && c.side == side) return c.fused;
  }
  return std::nullopt;
}

// Integer ops whose operands may be swapped (exactly the same result).
bool Commutes(IOp op) {
  switch (op) {
    case IOp::I32Add:
    case IOp::I32Mul:
    case IOp::I32And:
    case IOp::I32Or:
    case IOp::I32Xor:
    case IOp::I64Add:
    case IOp::I64Mul:
    case IOp::I64And:
    case IOp::I64Or:
    case IOp::I64Xor: return true;
    default: return false;
  }
}

}  // namespace

// `op1 t, a, b; op2 dst, t, c` (or `c, t`) -> one chain op (fused_chains.def), when op1 was
// the last instruction emitted and t, in its own slot, is one of op2's operands (its only
// reader). Rewrites op1 in place.
bool Lowering::FuseChain(IOp second, const FuncView& v) {
  std::vector<uint32_t>& c = code();
  const uint32_t pos = last_op_;
  if (c.size() != pos + 4 || !Fusable(pos)) return false;
  const std::optional<uint32_t> depth = ResultDepth(c[pos + 1], v);
  if (!depth) return false;
  const char side = *depth == 0 ? 'R' : 'L';  // which operand of `second` t is
  const auto first = static_cast<IOp>(c[pos]);
  std::optional<IOp> fused = FindChain(first, second, side);
  if (!fused && side == 'R' && Commutes(second)) fused = FindChain(first, second, 'L');
  if (!fused) return false;
  c[pos] = static_cast<uint32_t>(*fused);
  c[pos + 1] = v.OperandSlot(1);
  W(Src(v, side == 'R' ? 1 : 0));
  pending_dst_ = static_cast<int64_t>(pos + 1);
  Pop(2);
  Push();
  return true;
}

namespace {

struct LoadOp {
  IOp load, load_add_addr, op;
  char side;
  IOp fused;           // from the plain load: dst, addr, offset, c
  IOp fused_add_addr;  // from add_addr.<load>: dst, a, b, offset, c
  Opcode store;        // the store that may take `fused` into a read-modify-write
  IOp rmw;             // fused + store: addr, offset, c
  IOp rmw_add_imm;     // rmw with its address from an i32.add_imm: t, a, C, offset, c
};
constexpr LoadOp kLoadOps[] = {
#define WR_LOAD_OP(load, op, side, store) \
  {IOp::load,                             \
   IOp::load##AddAddr,                    \
   IOp::op,                               \
   #side[0],                              \
   IOp::load##_##op##side,                \
   IOp::load##AddAddr_##op##side,         \
   Opcode::store,                         \
   IOp::load##_##op##side##_##store,      \
   IOp::load##_##op##side##_##store##AddImm},
#include "compile/fused_load_ops.def"
#undef WR_LOAD_OP
};

struct FoundLoadOp {
  IOp fused;
  uint32_t load_words;  // 4 for a plain load, 5 for an add_addr one
};

// Chains (dst, a, b, c) and load+op ops (dst, address slots, offset, c): the first word is
// their only write.
bool IsChainOrLoadOp(IOp op) {
  for (const Chain& c : kChains) {
    if (c.fused == op) return true;
  }
  for (const LoadOp& r : kLoadOps) {
    if (r.fused == op || r.fused_add_addr == op) return true;
  }
  return false;
}

// The fused op for `first` (a plain or add_addr load) then `op`, or nullopt.
std::optional<FoundLoadOp> FindLoadOp(IOp first, IOp op, char side) {
  for (const LoadOp& r : kLoadOps) {
    if (r.op != op || r.side != side) continue;
    if (r.load == first) return FoundLoadOp{r.fused, 4};
    if (r.load_add_addr == first) return FoundLoadOp{r.fused_add_addr, 5};
  }
  return std::nullopt;
}

}  // namespace

// `<load> t, addr, offset; op dst, t, c` (or `c, t`) -> `<load>+<op> dst, addr, offset, c`
// (fused_load_ops.def), and the same from `add_addr.<load> t, a, b, offset`, when the load was
// the last instruction emitted and t, in its own slot, is one of the op's operands (its only
// reader). Rewrites the load in place; its entry in the offset map stays (a trap is the load's).
bool Lowering::FuseLoadOp(IOp second, const FuncView& v) {
  std::vector<uint32_t>& c = code();
  const uint32_t pos = last_op_;
  // A plain load is 4 words, an add_addr load 5 (the lookup below tells them apart).
  if (c.size() != pos + 4 && c.size() != pos + 5) return false;
  if (!Fusable(pos)) return false;
  const std::optional<uint32_t> depth = ResultDepth(c[pos + 1], v);
  if (!depth) return false;
  const char side = *depth == 0 ? 'R' : 'L';  // which operand of `second` t is
  const auto first = static_cast<IOp>(c[pos]);
  std::optional<FoundLoadOp> fused = FindLoadOp(first, second, side);
  if (!fused && side == 'R' && Commutes(second)) fused = FindLoadOp(first, second, 'L');
  if (!fused || c.size() != pos + fused->load_words) return false;
  c[pos] = static_cast<uint32_t>(fused->fused);
  c[pos + 1] = v.OperandSlot(1);
  W(Src(v, side == 'R' ? 1 : 0));
  pending_dst_ = static_cast<int64_t>(pos + 1);
  Pop(2);
  Push();
  return true;
}

namespace {

struct OpStore {
  IOp op;
  Opcode store;
  IOp fused;
};
constexpr OpStore kOpStores[] = {
#define WR_OP_STORE(op, store) {IOp::op, Opcode::store, IOp::op##_##store},
#include "compile/fused_op_stores.def"
#undef WR_OP_STORE
};

std::optional<IOp> FindOpStore(IOp op, Opcode store) {
  for (const OpStore& r : kOpStores) {
    if (r.op == op && r.store == store) return r.fused;
  }
  return std::nullopt;
}

}  // namespace

namespace {

std::optional<IOp> FindReadModifyWrite(IOp load_op, Opcode store) {
  for (const LoadOp& r : kLoadOps) {
    if (r.fused == load_op && r.store == store) return r.rmw;
  }
  return std::nullopt;
}

std::optional<IOp> FindReadModifyWriteAddImm(IOp rmw) {
  for (const LoadOp& r : kLoadOps) {
    if (r.rmw == rmw) return r.rmw_add_imm;
  }
  return std::nullopt;
}

}  // namespace

// `<load>+<op> t, addr, offset, c; <store> addr, t, offset` -> `<load>+<op>+<store> addr,
// offset, c` (fused_load_ops.def), when the load+op was the last instruction emitted, t, in
// its own slot, is the stored value and the store's address is the same slot (unwritten in
// between: t is another slot) with the same offset. The load+op's entry in the offset map
// stays: the load traps first, and exactly when the store would.
bool Lowering::FuseReadModifyWrite(const binary::Instr& instr, const FuncView& v) {
  std::vector<uint32_t>& c = code();
  const uint32_t pos = last_op_;
  if (c.size() != pos + 5) return false;
  // A row names a store, so the operand stack holds its address and value below: only then
  // may the checks read the address (depth 1).
  const std::optional<IOp> fused = FindReadModifyWrite(static_cast<IOp>(c[pos]), instr.op);
  if (!fused || IsLazy(0) || cur_pending_ < 0 ||
      static_cast<uint64_t>(cur_pending_) != uint64_t{pos} + 1 || !Fusable(pos) ||
      c[pos + 1] != v.OperandSlot(0) || c[pos + 2] != Src(v, 1) || c[pos + 3] != instr.mem.offset) {
    return false;
  }
  c[pos] = static_cast<uint32_t>(*fused);
  c[pos + 1] = c[pos + 2];
  c[pos + 2] = c[pos + 3];
  c[pos + 3] = c[pos + 4];
  c.pop_back();
  Pop(2);
  FuseAddImmIntoReadModifyWrite(pos);
  return true;
}

// `i32.add t, a, C; [x;] <rmw> t, offset, c` -> `[x;] add_imm.<rmw> t, a, C, offset, c` (C a
// constant, its value an immediate):
// the address of `x[i] op= v` computed into a local just before (an array of structs: the
// field's address), with at most one op x between (v's computation) that RunsBeforeTheAdd.
// The fused op still writes t. No branch target lies after the add. The fused op's entry in
// the offset map is the read-modify-write's (a trap is its load's).
void Lowering::FuseAddImmIntoReadModifyWrite(uint32_t pos) {
  std::vector<uint32_t>& c = code();
  const std::optional<IOp> fused = FindReadModifyWriteAddImm(static_cast<IOp>(c[pos]));
  if (!fused || c.size() != pos + 4) return;
  const uint32_t t = c[pos + 1], offset = c[pos + 2], value = c[pos + 3];
  if (value == t) return;
  const std::optional<AddOfConstant> f = FindAddOfConstant(pos, t);
  if (!f) return;
  RemoveAddOfConstant(*f, pos);  // the fused op keeps the read-modify-write's (load's) offset
  W(static_cast<uint32_t>(*fused));
  W(t);
  W(f->a);
  W(f->value);
  W(offset);
  W(value);
}

// `op t, a, b; <store> addr, t, offset` -> `<op>+<store> addr, a, b, offset`
// (fused_op_stores.def), when the op was the last instruction emitted and t, in its own slot,
// is the stored value (the store is its only reader). Rewrites the op in place.
bool Lowering::FuseOpStore(const binary::Instr& instr, const FuncView& v) {
  std::vector<uint32_t>& c = code();
  const uint32_t pos = last_op_;
  if (IsLazy(0) || cur_pending_ < 0 || static_cast<uint64_t>(cur_pending_) != uint64_t{pos} + 1 ||
      c.size() != pos + 4 || !Fusable(pos) || c[pos + 1] != v.OperandSlot(0)) {
    return false;
  }
  const std::optional<IOp> fused = FindOpStore(static_cast<IOp>(c[pos]), instr.op);
  if (!fused) return false;
  c[pos] = static_cast<uint32_t>(*fused);
  c[pos + 1] = Src(v, 1);  // the address, where t was
  W(static_cast<uint32_t>(instr.mem.offset));
  fn_->maps->offsets.back().second = instr.offset;  // a trap is the store's
  Pop(2);
  return true;
}

// `i32.eqz t, x; select dst, a, b, t` -> `select dst, b, a, x`, and the same with i64.eqz
// -> select64 (a 64-bit condition), when the eqz was the last instruction emitted and its
// result, in its own slot, is the condition (its only reader).
bool Lowering::FuseSelectEqz(const FuncView& v) {
  std::vector<uint32_t>& c = code();
  const uint32_t pos = last_op_;
  if (cur_pending_ < 0 || static_cast<uint64_t>(cur_pending_) != uint64_t{pos} + 1 || IsLazy(0) ||
      c.size() != pos + 3 || !Fusable(pos) || v.Operand(1).slots() != 1) {
    return false;
  }
  IOp select;
  if (c[pos] == static_cast<uint32_t>(IOp::I32Eqz)) {
    select = IOp::Select;
  } else if (c[pos] == static_cast<uint32_t>(IOp::I64Eqz)) {
    select = IOp::Select64;
  } else {
    return false;
  }
  const uint32_t x = c[pos + 2];
  c[pos] = static_cast<uint32_t>(select);
  c[pos + 1] = v.OperandSlot(2);
  c[pos + 2] = Src(v, 1);  // eqz(x) ? a : b  ==  x ? b : a
  W(Src(v, 2));
  W(x);
  pending_dst_ = static_cast<int64_t>(pos + 1);
  Pop(3);
  Push();
  return true;
}

// `i32.sub x, C` -> `i32.add x, -C` (mod 2^32), the same value, so that the address folds of
// loads (add_addr) and the counted-loop branch apply to it too. Only while the constant area
// has room for -C.
bool Lowering::NegateSubConstant() {
  uint32_t& top = shadow_.back();
  if (top == kOwn || !(top & kConstTag)) return false;
  const uint32_t index = top & ~kConstTag;
  const uint64_t value = fn_->frame_init[index];
  const uint64_t negated = 0u - static_cast<uint32_t>(value);
  if (negated == value) return true;  // 0 and 0x80000000 are their own negation
  auto it = const_index_.find(negated);
  if (last_fresh_const_ == index && index + 1 == fn_->frame_init.size()) {
    // C entered the area with the i32.const just before, and this operand is its only use:
    // its entry becomes -C (or goes, when -C is there already).
    const_index_.erase(value);
    if (it != const_index_.end()) {
      fn_->frame_init.pop_back();
      top = kConstTag | it->second;
    } else {
      fn_->frame_init[index] = negated;
      const_index_.emplace(negated, index);
    }
    return true;
  }
  if (it == const_index_.end()) {
    if (fn_->frame_init.size() >= AreaLimit()) return false;
    it = const_index_.emplace(negated, static_cast<uint32_t>(fn_->frame_init.size())).first;
    fn_->frame_init.push_back(negated);
  }
  top = kConstTag | it->second;
  return true;
}

namespace {

struct AddBranch {
  IOp add;    // the add of the compare's width
  IOp fused;  // add + branch
  bool symmetric;
};

std::optional<AddBranch> AddBranchFor(IOp branch) {
  switch (branch) {
#define WR_BR_CMP(name, wasm, inverse, type, op)                                    \
  case IOp::name:                                                                   \
    return AddBranch{sizeof(type) == 4 ? IOp::I32Add : IOp::I64Add, IOp::Add##name, \
                     IOp::wasm == IOp::I32Eq || IOp::wasm == IOp::I32Ne ||          \
                         IOp::wasm == IOp::I64Eq || IOp::wasm == IOp::I64Ne};
#include "compile/branch_ops.def"
#undef WR_BR_CMP
    default: return std::nullopt;
  }
}

}  // namespace

// `iNN.add s, a, b; br_<cmp> s, c, L` -> `add.br_<cmp> s, a, b, c, L` (for == and != also
// `br_<cmp> c, s`): the increment and test of a counted loop in one op. `branch` is the fused
// compare-and-branch just made by FuseBranch; on success it is moved to the new op's target.
void Lowering::FuseAddBranch(Fixup* branch) {
  std::vector<uint32_t>& c = code();
  const uint32_t pos = last_op_, add = prev_op_;
  const std::optional<AddBranch> fusion = AddBranchFor(static_cast<IOp>(c[pos]));
  if (!fusion || pos != add + 4 || c.size() != pos + 4 ||
      c[add] != static_cast<uint32_t>(fusion->add) || !Fusable(add)) {
    return;
  }
  const uint32_t sum = c[add + 1];
  uint32_t limit;
  if (c[pos + 1] == sum) {
    limit = c[pos + 2];
  } else if (c[pos + 2] == sum && fusion->symmetric) {
    limit = c[pos + 1];
  } else {
    return;
  }
  c[add] = static_cast<uint32_t>(fusion->fused);
  c[add + 4] = limit;
  c[add + 5] = 0;
  c.resize(add + 6);
  if (!fn_->maps->offsets.empty() && fn_->maps->offsets.back().first == pos)
    fn_->maps->offsets.pop_back();
  last_op_ = add;
  *branch = Fixup{add + 5, add};
}

namespace {

struct LoadBranch {
  IOp load, load_add_addr;  // the load, plain and with a folded i32.add address
  IOp branch;               // the compare-and-branch on its value
  IOp fused, fused_add_addr;
};
constexpr LoadBranch kLoadBranches[] = {
#define WR_LOAD_BR(load, br, cmp) \
  {IOp::load, IOp::load##AddAddr, IOp::br, IOp::load##_##br, IOp::load##AddAddr_##br},
#include "compile/fused_load_branches.def"
#undef WR_LOAD_BR
};

}  // namespace

// `<load> t, addr, offset; br_<cmp> t, c, L` (or `c, t`) -> `<load>+br_<cmp> addr, offset, c,
// L` (fused_load_branches.def), and the same from `add_addr.<load> t, a, b, offset`. `branch`
// is the compare-and-branch just made by FuseBranch; the load must be the op right before it
// (no branch target between) and t an operand slot, not a local, so the compare was its only
// reader. On success the fixup moves to the new op's target; the load's entry in the offset
// map stays (a trap is the load's), the branch's goes.
void Lowering::FuseLoadBranch(Fixup* branch) {
  std::vector<uint32_t>& c = code();
  std::vector<std::pair<uint32_t, uint32_t>>& offsets = fn_->maps->offsets;
  const size_t n = offsets.size();
  const uint32_t pos = last_op_;
  // The op before the branch, from the offset map (every op start has an entry there).
  if (c.size() != pos + 4 || n < 2 || offsets[n - 1].first != pos) return;
  const uint32_t load = offsets[n - 2].first;
  if (!Fusable(load)) return;
  const auto br = static_cast<IOp>(c[pos]);
  const auto first = static_cast<IOp>(c[load]);
  const LoadBranch* row = nullptr;
  bool add_addr = false;
  for (const LoadBranch& r : kLoadBranches) {
    if (r.branch != br) continue;
    if (r.load == first && pos == load + 4) row = &r;
    if (r.load_add_addr == first && pos == load + 5) row = &r, add_addr = true;
  }
  if (row == nullptr) return;
  const uint32_t t = c[load + 1];
  if ((t & (kFixedTag | kConstTag)) || t < frame_base_) return;
  uint32_t other;
  if (c[pos + 1] == t && c[pos + 2] != t) {
    other = c[pos + 2];
  } else if (c[pos + 2] == t && c[pos + 1] != t) {
    other = c[pos + 1];
  } else {
    return;
  }
  // [load, t, addr (, b), offset] -> [fused, addr (, b), offset, other, target]
  const uint32_t operands = add_addr ? 3 : 2;
  c[load] = static_cast<uint32_t>(add_addr ? row->fused_add_addr : row->fused);
  for (uint32_t i = 1; i <= operands; ++i) c[load + i] = c[load + i + 1];
  c[load + operands + 1] = other;
  c[load + operands + 2] = 0;
  c.resize(load + operands + 3);
  offsets.pop_back();
  last_op_ = load;
  *branch = Fixup{load + operands + 2, load};
}

// `iNN.and t, p, q; select dst, a, b, t` -> `select.and dst, a, b, p, q` (select64 and i64.and
// likewise): the select just emitted, the and right before it (no branch target between) and
// t an operand slot, not a local, so the select's condition was its only reader. Branchless
// code's `x & 1 ? a : b` (bench/intloop's Collatz step).
void Lowering::FuseSelectAnd() {
  std::vector<uint32_t>& c = code();
  std::vector<std::pair<uint32_t, uint32_t>>& offsets = fn_->maps->offsets;
  const size_t n = offsets.size();
  const uint32_t pos = last_op_;
  if (c.size() != pos + 5 || n < 2 || offsets[n - 1].first != pos) return;
  const uint32_t bit_and = offsets[n - 2].first;
  if (bit_and + 4 != pos || !Fusable(bit_and)) return;
  IOp fused;
  if (c[pos] == static_cast<uint32_t>(IOp::Select) &&
      c[bit_and] == static_cast<uint32_t>(IOp::I32And)) {
    fused = IOp::SelectAnd;
  } else if (c[pos] == static_cast<uint32_t>(IOp::Select64) &&
             c[bit_and] == static_cast<uint32_t>(IOp::I64And)) {
    fused = IOp::Select64And;
  } else {
    return;
  }
  const uint32_t t = c[bit_and + 1];
  if ((t & (kFixedTag | kConstTag)) || t < frame_base_ || c[pos + 4] != t || c[pos + 2] == t ||
      c[pos + 3] == t) {
    return;
  }
  // [and, t, p, q][select, dst, a, b, t] -> [select.and, dst, a, b, p, q]
  const uint32_t p = c[bit_and + 2], q = c[bit_and + 3];
  c[bit_and] = static_cast<uint32_t>(fused);
  c[bit_and + 1] = c[pos + 1];
  c[bit_and + 2] = c[pos + 2];
  c[bit_and + 3] = c[pos + 3];
  c[bit_and + 4] = p;
  c[bit_and + 5] = q;
  c.resize(bit_and + 6);
  offsets.pop_back();
  last_op_ = bit_and;
  pending_dst_ = static_cast<int64_t>(bit_and + 1);
}

}  // namespace wr::compile
