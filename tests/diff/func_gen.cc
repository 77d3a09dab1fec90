#include "diff/func_gen.h"

#include <bit>
#include <span>
#include <vector>

namespace wr::diff {
namespace {

constexpr uint32_t kLoopCounters = 3;  // loop nesting limit: one counter local per level
constexpr uint8_t kEmptyBlock = 0x40;

struct Label {
  bool is_loop = false;  // never a branch target: only the loop's own latch jumps back
  bool is_func = false;  // the function body: left with `return` instead
  std::vector<ValKind> results;
};

size_t KindIndex(ValKind k) {
  return static_cast<size_t>(k);
}

class FuncGen {
 public:
  FuncGen(const ModulePlan& module, uint32_t index, Rng& rng)
      : module_(module),
        plan_(module.funcs[index]),
        opts_(*module.options),
        index_(index),
        rng_(rng),
        table_(OpTable::Get()) {}

  void Run(binary::Writer& out) {
    DeclareLocals();
    labels_.push_back(Label{false, true, plan_.results});
    FuelCheck();
    Stmts(0, 1 + rng_.Below(opts_.max_stmts));
    ResultValues(0);
    Op(Opcode::End);

    out.VarU32(static_cast<uint32_t>(declared_.size()));
    for (ValKind k : declared_) {
      out.VarU32(1);
      out.ValueType(ValType{k});
    }
    out.Raw(code_.bytes());
  }

 private:
  // ---- locals

  void DeclareLocals() {
    uint32_t next = 0;
    for (ValKind k : plan_.params) user_locals_[KindIndex(k)].push_back(next++);
    const uint32_t kinds = opts_.simd ? 5 : 4;
    for (uint32_t i = 0; i < kinds; ++i) {
      const ValKind k = static_cast<ValKind>(i);
      for (uint32_t n = 1 + rng_.Below(3); n > 0; --n) {
        user_locals_[i].push_back(next++);
        declared_.push_back(k);
      }
      tmp_[i] = next++;
      declared_.push_back(k);
    }
    for (uint32_t i = 0; i < kLoopCounters; ++i) {
      counters_.push_back(next++);
      declared_.push_back(ValKind::I32);
    }
    digest_ = next++;
    declared_.push_back(ValKind::I64);
    update_addr_ = next++;
    declared_.push_back(ValKind::I32);
  }

  uint32_t UserLocal(ValKind k) {
    const auto& v = user_locals_[KindIndex(k)];
    return v[rng_.Below(static_cast<uint32_t>(v.size()))];
  }

  ValKind RandomKind() {
    const uint32_t r = rng_.Below(opts_.simd ? 6 : 5);
    return r >= (opts_.simd ? 5u : 4u) ? ValKind::I32 : static_cast<ValKind>(r);
  }

  // ---- emission helpers

  void Op(Opcode op) {
    code_.Op(op);
    ++instrs_;
  }
  void Local(Opcode op, uint32_t index) {
    Op(op);
    code_.VarU32(index);
  }
  void I32Const(int32_t v) {
    Op(Opcode::I32Const);
    code_.VarS32(v);
  }
  void BlockType(const std::vector<ValKind>& results) {
    if (results.empty()) {
      code_.U8(kEmptyBlock);
    } else {
      code_.ValueType(ValType{results[0]});
    }
  }
  bool Exhausted(uint32_t depth) const {
    return depth >= opts_.max_depth || instrs_ >= opts_.max_instrs;
  }

  void Const(ValKind k) {
    switch (k) {
      case ValKind::I32: I32Const(static_cast<int32_t>(InterestingI32(rng_))); break;
      case ValKind::I64:
        Op(Opcode::I64Const);
        code_.VarS64(static_cast<int64_t>(InterestingI64(rng_)));
        break;
      case ValKind::F32:
        Op(Opcode::F32Const);
        code_.F32Bits(InterestingF32(rng_));
        break;
      case ValKind::F64:
        Op(Opcode::F64Const);
        code_.F64Bits(InterestingF64(rng_));
        break;
      default:
        Op(Opcode::V128Const);
        code_.Bytes16(InterestingV128(rng_));
        break;
    }
  }

  // Decrements the fuel global; traps "unreachable" when it was already zero.
  void FuelCheck() {
    Local(Opcode::GlobalGet, 0);
    Op(Opcode::I32Eqz);
    Op(Opcode::If);
    code_.U8(kEmptyBlock);
    Op(Opcode::Unreachable);
    Op(Opcode::End);
    Local(Opcode::GlobalGet, 0);
    I32Const(1);
    Op(Opcode::I32Sub);
    Local(Opcode::GlobalSet, 0);
  }

  // x -> (x == x ? x : canonical NaN), lane-wise for vectors.
  void Canonicalise(GenOp::Canon canon) {
    switch (canon) {
      case GenOp::Canon::None: return;
      case GenOp::Canon::F32:
        Local(Opcode::LocalTee, tmp_[KindIndex(ValKind::F32)]);
        Op(Opcode::F32Const);
        code_.F32Bits(kCanonNanF32);
        Local(Opcode::LocalGet, tmp_[KindIndex(ValKind::F32)]);
        Local(Opcode::LocalGet, tmp_[KindIndex(ValKind::F32)]);
        Op(Opcode::F32Eq);
        Op(Opcode::Select);
        return;
      case GenOp::Canon::F64:
        Local(Opcode::LocalTee, tmp_[KindIndex(ValKind::F64)]);
        Op(Opcode::F64Const);
        code_.F64Bits(kCanonNanF64);
        Local(Opcode::LocalGet, tmp_[KindIndex(ValKind::F64)]);
        Local(Opcode::LocalGet, tmp_[KindIndex(ValKind::F64)]);
        Op(Opcode::F64Eq);
        Op(Opcode::Select);
        return;
      case GenOp::Canon::F32x4:
      case GenOp::Canon::F64x2: {
        const bool f32 = canon == GenOp::Canon::F32x4;
        const uint32_t tmp = tmp_[KindIndex(ValKind::V128)];
        Local(Opcode::LocalTee, tmp);
        Op(Opcode::V128Const);
        code_.Bytes16(f32 ? V128::FromU64(0x7fc000007fc00000ull, 0x7fc000007fc00000ull)
                          : V128::FromU64(kCanonNanF64, kCanonNanF64));
        Local(Opcode::LocalGet, tmp);
        Local(Opcode::LocalGet, tmp);
        Op(f32 ? Opcode::F32x4Eq : Opcode::F64x2Eq);
        Op(Opcode::V128Bitselect);
        return;
      }
    }
  }

  // ---- expressions: each pushes exactly one value of the requested kind

  void Expr(ValKind k, uint32_t depth) {
    if (Exhausted(depth)) return Leaf(k);
    // Near the top of an expression, prefer operations over leaves: deep trees mix more ops.
    const uint32_t r = rng_.Below(100);
    if (r < (depth < 2 ? 3u : 12u)) return Leaf(k);
    if (r < 62) return Generic(PickProducer(k), depth);
    if (r < 70) {
      auto loads = table_.Loads(k);
      if (loads.empty()) return Leaf(k);
      return Generic(loads[rng_.Below(static_cast<uint32_t>(loads.size()))], depth);
    }
    if (r < 76 && CallExpr(k, depth)) return;
    if (r < 81) return IfExpr(k, depth);
    if (r < 86) return BlockExpr(k, depth);
    if (r < 92) {
      Expr(k, depth + 1);
      Expr(k, depth + 1);
      SelectCondition(depth + 1);
      return Op(Opcode::Select);
    }
    if (r < 97) {
      Expr(k, depth + 1);
      return Local(Opcode::LocalTee, UserLocal(k));
    }
    Leaf(k);
  }

  void Leaf(ValKind k) {
    const uint32_t r = rng_.Below(100);
    if (r < 40) return Const(k);
    if (r < 80) return Local(Opcode::LocalGet, UserLocal(k));
    std::vector<uint32_t> globals;
    for (uint32_t g = 1; g < module_.globals.size(); ++g) {
      if (module_.globals[g] == k) globals.push_back(g);
    }
    if (globals.empty()) return Const(k);
    Local(Opcode::GlobalGet, globals[rng_.Below(static_cast<uint32_t>(globals.size()))]);
  }

  bool UsesV128(const GenOp& g) const {
    if (g.has_result && g.result == ValKind::V128) return true;
    for (int i = 0; i < g.num_params; ++i) {
      if (g.params[i] == ValKind::V128) return true;
    }
    return false;
  }

  const GenOp& PickProducer(ValKind k) {
    auto ops = table_.Producers(k);
    for (;;) {
      const GenOp& g = ops[rng_.Below(static_cast<uint32_t>(ops.size()))];
      if (!opts_.simd && UsesV128(g)) continue;
      if (g.trapping_trunc && rng_.Chance(75)) continue;
      return g;
    }
  }

  void Generic(const GenOp& g, uint32_t depth) {
    for (int p = 0; p < g.num_params; ++p) {
      if (g.is_memory && p == 0) {
        Address(depth + 1);
      } else if (g.is_memory && !g.has_result && rng_.Chance(50)) {
        Leaf(g.params[p]);  // a stored local or constant: no op between address and store
      } else if (g.int_div && p == 1 && rng_.Chance(85)) {
        // divisor | 1: nonzero, so most divisions do not trap
        Expr(g.params[p], depth + 1);
        if (g.params[p] == ValKind::I32) {
          I32Const(1);
          Op(Opcode::I32Or);
        } else {
          Op(Opcode::I64Const);
          code_.VarS64(1);
          Op(Opcode::I64Or);
        }
      } else {
        Expr(g.params[p], depth + 1);
      }
    }
    Op(g.op);
    switch (g.imm) {
      case ImmKind::I32: code_.VarS32(static_cast<int32_t>(InterestingI32(rng_))); break;
      case ImmKind::I64: code_.VarS64(static_cast<int64_t>(InterestingI64(rng_))); break;
      case ImmKind::F32: code_.F32Bits(InterestingF32(rng_)); break;
      case ImmKind::F64: code_.F64Bits(InterestingF64(rng_)); break;
      case ImmKind::V128: code_.Bytes16(InterestingV128(rng_)); break;
      case ImmKind::Lane: code_.U8(static_cast<uint8_t>(rng_.Below(g.lanes))); break;
      case ImmKind::Shuffle:
        for (int i = 0; i < 16; ++i) code_.U8(static_cast<uint8_t>(rng_.Below(32)));
        break;
      case ImmKind::MemArg: MemArg(g); break;
      case ImmKind::MemArgLane:
        MemArg(g);
        code_.U8(static_cast<uint8_t>(rng_.Below(g.lanes)));
        break;
      default: break;
    }
    Canonicalise(g.canon);
  }

  void MemArg(const GenOp& g) {
    uint32_t max_align = 0;
    while ((2u << max_align) <= g.access_bytes) ++max_align;
    code_.VarU32(rng_.Below(max_align + 1));
    const uint32_t r = rng_.Below(100);
    uint32_t offset;
    if (r < 94) {
      offset = rng_.Below(32);
    } else if (r < 98) {
      offset = rng_.Below(4096);
    } else {
      offset = 0xffffffffu - rng_.Below(32);
    }
    code_.VarU32(offset);
  }

  // An i32 address: mostly inside the first KiB (where the data segment and earlier stores
  // are), sometimes anywhere, sometimes computed.
  void Address(uint32_t depth) {
    const uint32_t r = rng_.Below(100);
    if (r < 58) return I32Const(static_cast<int32_t>(rng_.Below(1024)));
    if (r < 66) return I32Const(static_cast<int32_t>(rng_.Below(65536 - 64)));
    if (r < 72) return IndexedAddress(depth);
    if (r < 78) return IndexedAddressWithConstant(depth);
    Expr(ValKind::I32, depth);
    if (r < 97) {
      I32Const(0x3ff);
      Op(Opcode::I32And);
    }
  }

  // base + index or base + (index << k), the shapes the lowering folds into a load or store
  // (add_addr.*, add_shl_addr.*): a constant base, sometimes near 2^32 so that the sum wraps
  // (into low memory, or not, then it traps), and a computed index below 256.
  void IndexedAddress(uint32_t depth) {
    const bool wraps = rng_.Chance(15);
    I32Const(static_cast<int32_t>(wraps ? 0xffffff00u + rng_.Below(256) : rng_.Below(512)));
    Expr(ValKind::I32, depth);
    if (rng_.Chance(50)) {
      I32Const(0xff);
      Op(Opcode::I32And);
    } else {
      // The top byte, shifted: a shr_u, which no chain op joins to the shl (an and would be).
      I32Const(24);
      Op(Opcode::I32ShrU);
      I32Const(static_cast<int32_t>(rng_.Below(3)));
      Op(Opcode::I32Shl);
    }
    Op(Opcode::I32Add);
  }

  // base + C + (index << k), the shapes the lowering folds into one op (i32.add_imm_shl, and
  // with the access add_imm_shl_addr.*): a computed base below 1 KiB, a constant C (sometimes
  // near 2^32, so that base + C, or only the whole sum, wraps: into low memory, or not, then it
  // traps) and an index below 256 read from the i32 scratch local (the fold needs an index that
  // emits no op of its own). The base is added to C right after it is computed, or read from a
  // user local, with the shift before or after it; sometimes another constant follows. The
  // expressions must not reuse the scratch local: nested, the plain shape.
  void IndexedAddressWithConstant(uint32_t depth) {
    if (index_local_busy_) return IndexedAddress(depth);
    const uint32_t index = tmp_[KindIndex(ValKind::I32)];
    index_local_busy_ = true;
    Expr(ValKind::I32, depth);
    I32Const(0xff);
    Op(Opcode::I32And);
    Local(Opcode::LocalSet, index);
    Expr(ValKind::I32, depth);
    index_local_busy_ = false;
    I32Const(0x3ff);
    Op(Opcode::I32And);
    auto constant = [&] {
      const uint32_t r = rng_.Below(100);
      return static_cast<int32_t>(r < 60   ? rng_.Below(1024)
                                  : r < 80 ? 0xffffff00u + rng_.Below(256)
                                           : 0xfffff800u + rng_.Below(1024));
    };
    auto shifted = [&] {
      Local(Opcode::LocalGet, index);
      I32Const(static_cast<int32_t>(rng_.Below(4)));
      Op(Opcode::I32Shl);
    };
    const uint32_t order = rng_.Below(3);
    if (order == 0) {  // computed base + C, then the shifted index
      I32Const(constant());
      Op(Opcode::I32Add);
      shifted();
    } else {
      const uint32_t base = UserLocal(ValKind::I32);
      Local(Opcode::LocalSet, base);
      if (order == 2) shifted();
      Local(Opcode::LocalGet, base);
      I32Const(constant());
      Op(Opcode::I32Add);
      if (order == 1) shifted();
    }
    Op(Opcode::I32Add);
    if (rng_.Chance(30)) {
      I32Const(constant());
      Op(rng_.Chance(50) ? Opcode::I32Add : Opcode::I32Sub);
    }
  }

  // A call to a later function whose result is `k`, or two i64s folded into `k`.
  bool CallExpr(ValKind k, uint32_t depth) {
    std::vector<uint32_t> candidates;
    for (uint32_t j = index_ + 1; j < module_.funcs.size(); ++j) {
      const auto& res = module_.funcs[j].results;
      const bool direct = res.size() == 1 && res[0] == k;
      const bool pair = res.size() == 2 && res[0] == ValKind::I64 && res[1] == ValKind::I64 &&
                        (k == ValKind::I64 || k == ValKind::V128);
      if (direct || pair) candidates.push_back(j);
    }
    if (candidates.empty()) return false;
    const uint32_t j = candidates[rng_.Below(static_cast<uint32_t>(candidates.size()))];
    Call(j, depth);
    if (module_.funcs[j].results.size() == 2) {
      if (k == ValKind::I64) {
        Op(Opcode::I64Xor);
      } else {  // [lo hi] -> v128
        Local(Opcode::LocalSet, tmp_[KindIndex(ValKind::I64)]);
        Op(Opcode::I64x2Splat);
        Local(Opcode::LocalGet, tmp_[KindIndex(ValKind::I64)]);
        Op(Opcode::I64x2ReplaceLane);
        code_.U8(1);
      }
    }
    return true;
  }

  // Calls function j, directly or (one time in five) through the table, where slot i holds
  // function i. An indirect call sometimes names another later function (a type mismatch
  // trap unless the types happen to be equal) or a slot past the end; never an earlier
  // function, so the call graph stays acyclic.
  void Call(uint32_t j, uint32_t depth) {
    for (ValKind p : module_.funcs[j].params) Expr(p, depth + 1);
    if (!rng_.Chance(20)) {
      Op(Opcode::Call);
      code_.VarU32(j);
      return;
    }
    const uint32_t n = static_cast<uint32_t>(module_.funcs.size());
    uint32_t slot = j;
    const uint32_t r = rng_.Below(100);
    if (r < 6) {
      slot = index_ + 1 + rng_.Below(n - index_ - 1);
    } else if (r < 9) {
      slot = n + rng_.Below(3);
    }
    I32Const(static_cast<int32_t>(slot));
    Op(Opcode::CallIndirect);
    code_.VarU32(j);  // type j is function j's type
    code_.VarU32(0);
  }

  void IfExpr(ValKind k, uint32_t depth) {
    Expr(ValKind::I32, depth + 1);
    Op(Opcode::If);
    BlockType({k});
    labels_.push_back(Label{false, false, {k}});
    Stmts(depth + 1, rng_.Below(3));
    Expr(k, depth + 1);
    Op(Opcode::Else);
    Stmts(depth + 1, rng_.Below(3));
    Expr(k, depth + 1);
    Op(Opcode::End);
    labels_.pop_back();
  }

  void BlockExpr(ValKind k, uint32_t depth) {
    Op(Opcode::Block);
    BlockType({k});
    labels_.push_back(Label{false, false, {k}});
    Stmts(depth + 1, 1 + rng_.Below(3));
    if (rng_.Chance(60)) {  // early exit with a value
      Expr(k, depth + 1);
      Expr(ValKind::I32, depth + 1);
      Op(Opcode::BrIf);
      code_.VarU32(0);
      Op(Opcode::Drop);
    }
    Stmts(depth + 1, rng_.Below(2));
    Expr(k, depth + 1);
    Op(Opcode::End);
    labels_.pop_back();
  }

  // The function's results; a folded v128 becomes its two i64 lanes.
  void ResultValues(uint32_t depth) {
    if (plan_.folded_v128) {
      const uint32_t tmp = tmp_[KindIndex(ValKind::V128)];
      Expr(ValKind::V128, depth);
      Local(Opcode::LocalTee, tmp);
      Op(Opcode::I64x2ExtractLane);
      code_.U8(0);
      MixDigest(ValKind::I64);
      Local(Opcode::LocalGet, tmp);
      Op(Opcode::I64x2ExtractLane);
      code_.U8(1);
      return;
    }
    bool mixed = false;
    for (ValKind k : plan_.results) {
      Expr(k, depth);
      if (!mixed && (k == ValKind::I32 || k == ValKind::I64)) {
        MixDigest(k);
        mixed = true;
      }
    }
  }

  // The top value (i32 or i64) xor the digest of the memory cells MemoryUpdate wrote, so that
  // what those stores wrote is seen in the results.
  void MixDigest(ValKind k) {
    Local(Opcode::LocalGet, digest_);
    if (k == ValKind::I32) Op(Opcode::I32WrapI64);
    Op(k == ValKind::I32 ? Opcode::I32Xor : Opcode::I64Xor);
  }

  // ---- statements: each leaves the operand stack as it found it

  void Stmts(uint32_t depth, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) Stmt(depth);
  }

  void Stmt(uint32_t depth) {
    if (Exhausted(depth)) return LocalSet(depth);
    const uint32_t r = rng_.Below(100);
    if (r < 22) return LocalSet(depth);
    if (r < 30) return GlobalSet(depth);
    if (r < 37) return Store(depth);
    if (r < 42) return MemoryUpdate(depth);
    if (r < 48) {
      Expr(RandomKind(), depth + 1);
      return Op(Opcode::Drop);
    }
    if (r < 57) return IfStmt(depth);
    if (r < 64) return Loop(depth);
    if (r < 70) {
      Op(Opcode::Block);
      code_.U8(kEmptyBlock);
      labels_.push_back(Label{});
      Stmts(depth + 1, 1 + rng_.Below(4));
      Op(Opcode::End);
      labels_.pop_back();
      return;
    }
    if (r < 78) return Branch(depth, Opcode::BrIf);
    if (r < 84) return CallStmt(depth);
    if (r < 86 && depth > 0) {
      ResultValues(depth + 1);
      return Op(Opcode::Return);
    }
    if (r < 87 && depth > 0) return Branch(depth, Opcode::Br);
    if (r < 88 && depth > 0) return Branch(depth, Opcode::BrTable);
    if (r < 91) return MemorySizeGrow();
    if (r < 94) return MemoryFillCopy(depth);
    if (r < 95 && depth > 0 && rng_.Chance(30)) return Op(Opcode::Unreachable);
    LocalSet(depth);
  }

  void LocalSet(uint32_t depth) {
    const ValKind k = RandomKind();
    Expr(k, depth + 1);
    Local(Opcode::LocalSet, UserLocal(k));
  }

  void GlobalSet(uint32_t depth) {
    const uint32_t g = 1 + rng_.Below(static_cast<uint32_t>(module_.globals.size() - 1));
    Expr(module_.globals[g], depth + 1);
    Local(Opcode::GlobalSet, g);
  }

  void Store(uint32_t depth) {
    auto stores = table_.Stores();
    for (;;) {
      const GenOp& g = stores[rng_.Below(static_cast<uint32_t>(stores.size()))];
      if (opts_.simd || !UsesV128(g)) return Generic(g, depth);
    }
  }

  // `x op= v` on memory: an address in a local A, then `local.get A; [v;] local.get A; <load>
  // offset; [v;] op; <store> offset`, which the lowering makes one read-modify-write op (and,
  // with the store at another offset, a load+op then a store; with v computed after the load, an
  // op+store; with the load at an indexed address, add_addr.<load>+<op>). Float cells are first set
  // to a finite value and v is finite too, so no NaN (whose payload the spec leaves open, and which
  // the harness cannot see in memory) is stored.
  void MemoryUpdate(uint32_t depth) {
    struct Row {
      ValKind k;
      Opcode load, store;
      std::vector<Opcode> ops;
    };
    static const Row kRows[] = {
        {ValKind::I32,
         Opcode::I32Load,
         Opcode::I32Store,
         {Opcode::I32Add, Opcode::I32Sub, Opcode::I32And, Opcode::I32Or, Opcode::I32Xor}},
        {ValKind::I64,
         Opcode::I64Load,
         Opcode::I64Store,
         {Opcode::I64Add, Opcode::I64Sub, Opcode::I64Xor}},
        {ValKind::F32,
         Opcode::F32Load,
         Opcode::F32Store,
         {Opcode::F32Add, Opcode::F32Sub, Opcode::F32Mul}},
        {ValKind::F64,
         Opcode::F64Load,
         Opcode::F64Store,
         {Opcode::F64Add, Opcode::F64Sub, Opcode::F64Mul}},
        // A byte: no load+op row, so the op fuses with the store instead (I32Add+I32Store8).
        {ValKind::I32, Opcode::I32Load8U, Opcode::I32Store8, {Opcode::I32Add, Opcode::I32Xor}},
    };
    const Row& row = kRows[rng_.Below(5)];
    const Opcode op = row.ops[rng_.Below(static_cast<uint32_t>(row.ops.size()))];
    const bool is_float = row.k == ValKind::F32 || row.k == ValKind::F64;
    if (update_busy_) return Store(depth);  // a nested update would clobber the address
    const uint32_t a = update_addr_;
    const uint32_t offset = rng_.Below(32);
    auto access = [&](Opcode load_or_store, uint32_t at) {
      Op(load_or_store);
      code_.VarU32(0);  // alignment hint 1: any address is allowed
      code_.VarU32(at);
    };
    auto value = [&] {
      if (is_float) return FiniteFloat(row.k, depth);
      if (rng_.Chance(50)) return Leaf(row.k);
      Expr(row.k, depth + 1);
    };
    Address(depth + 1);
    Local(Opcode::LocalSet, a);
    update_busy_ = true;
    // Sometimes the store's address is `local.tee A (A + C)`, C small or negative (wrapping
    // past 0): a field of a struct, which the lowering folds into add_imm.<rmw>.
    const bool tee_sum = rng_.Chance(30);
    const int32_t c = static_cast<int32_t>(rng_.Below(129)) - 64;
    auto sum = [&] {
      Local(Opcode::LocalGet, a);
      I32Const(c);
      Op(Opcode::I32Add);
    };
    if (is_float) {
      if (tee_sum) {
        sum();
      } else {
        Local(Opcode::LocalGet, a);
      }
      FiniteFloat(row.k, depth);
      access(row.store, offset);
    }
    if (tee_sum) {
      sum();
      Local(Opcode::LocalTee, a);
    } else {
      Local(Opcode::LocalGet, a);
    }
    const bool value_first = rng_.Chance(50);
    if (value_first) value();
    if (rng_.Chance(25)) {
      IndexedAddress(depth + 1);  // another cell, through add_addr.<load>+<op>
    } else {
      Local(Opcode::LocalGet, a);
    }
    access(row.load, offset);
    if (!value_first) value();
    Op(op);
    update_busy_ = false;
    const uint32_t store_offset = rng_.Chance(80) ? offset : offset + 1 + rng_.Below(8);
    access(row.store, store_offset);
    // The cell just written, read back as integer bits, goes into the digest (digest * 31 +
    // bits), which the results carry.
    const bool wide = row.k == ValKind::I64 || row.k == ValKind::F64;
    Local(Opcode::LocalGet, digest_);
    Op(Opcode::I64Const);
    code_.VarS64(31);
    Op(Opcode::I64Mul);
    Local(Opcode::LocalGet, a);
    access(wide                             ? Opcode::I64Load
           : row.store == Opcode::I32Store8 ? Opcode::I32Load8U
                                            : Opcode::I32Load,
           store_offset);
    if (!wide) Op(Opcode::I64ExtendI32U);
    Op(Opcode::I64Add);
    Local(Opcode::LocalSet, digest_);
  }

  // A finite f32 or f64 of at most 2^31 in magnitude: a constant, or an i32 converted.
  void FiniteFloat(ValKind k, uint32_t depth) {
    const bool f32 = k == ValKind::F32;
    if (rng_.Chance(50)) {
      const double v = static_cast<double>(static_cast<int32_t>(rng_.Below(2001)) - 1000) / 8;
      Op(f32 ? Opcode::F32Const : Opcode::F64Const);
      if (f32) {
        code_.F32Bits(std::bit_cast<uint32_t>(static_cast<float>(v)));
      } else {
        code_.F64Bits(std::bit_cast<uint64_t>(v));
      }
      return;
    }
    Expr(ValKind::I32, depth + 1);
    Op(f32 ? Opcode::F32ConvertI32S : Opcode::F64ConvertI32S);
  }

  // A select's condition: sometimes a bit test, `x & m` or `eqz(x & m)` in either width (which
  // the lowering folds into select.and / select64.and).
  void SelectCondition(uint32_t depth) {
    const uint32_t r = rng_.Below(100);
    if (r >= 30) return Expr(ValKind::I32, depth);
    const bool wide = r < 15;
    Expr(wide ? ValKind::I64 : ValKind::I32, depth + 1);
    if (rng_.Chance(50)) {
      Const(wide ? ValKind::I64 : ValKind::I32);
    } else {
      Expr(wide ? ValKind::I64 : ValKind::I32, depth + 1);
    }
    Op(wide ? Opcode::I64And : Opcode::I32And);
    if (wide || rng_.Chance(50)) Op(wide ? Opcode::I64Eqz : Opcode::I32Eqz);
  }

  // The condition of an if or br_if: sometimes a scan's test, a byte or word loaded and
  // compared for (in)equality with the loaded value on either side (which the lowering fuses
  // into <load>+br_<cmp> when the load is right before the compare).
  void Condition(uint32_t depth) {
    if (!rng_.Chance(25)) return Expr(ValKind::I32, depth);
    const bool load_first = rng_.Chance(50);
    auto load = [&] {
      Address(depth + 1);
      Op(rng_.Chance(50) ? Opcode::I32Load8U : Opcode::I32Load);
      code_.VarU32(0);
      code_.VarU32(rng_.Below(8));
    };
    if (load_first) load();
    Expr(ValKind::I32, depth + 1);
    if (!load_first) load();
    Op(rng_.Chance(50) ? Opcode::I32Eq : Opcode::I32Ne);
  }

  void IfStmt(uint32_t depth) {
    Condition(depth + 1);
    Op(Opcode::If);
    code_.U8(kEmptyBlock);
    labels_.push_back(Label{});
    Stmts(depth + 1, 1 + rng_.Below(3));
    if (rng_.Chance(50)) {
      Op(Opcode::Else);
      Stmts(depth + 1, 1 + rng_.Below(3));
    }
    Op(Opcode::End);
    labels_.pop_back();
  }

  // counter = 1..4; block { loop { [phis;] fuel; body; br_if loop (--counter != 0) } }
  // Half the loops carry values as LLVM's phis do: the head copies local b into local a, and
  // the latch is `if (--counter != 0) { b = a; [a = c;] br loop }`. The back edge's b = a
  // leaves the head's a = b nothing to change (the lowering then lands past it) unless a = c
  // follows (then it must run). Some phis are also reset at the head, as an interpreter's
  // dispatch loop resets its default result: `t = x + K; b = const` after the copies, so the
  // back edge's b = a is dead where it lands (the lowering drops it) unless x is b.
  void Loop(uint32_t depth) {
    if (loops_open_ >= counters_.size()) return LocalSet(depth);
    const uint32_t counter = counters_[loops_open_++];
    struct Phi {
      uint32_t a, b, c;
      bool overwrite;
      ValKind kind;
      bool reset;
    };
    std::vector<Phi> phis;
    if (rng_.Chance(50)) {
      for (uint32_t n = 1 + rng_.Below(2); n > 0; --n) {
        const ValKind k = RandomKind();
        const uint32_t a = UserLocal(k), b = UserLocal(k), c = UserLocal(k);
        if (a != b) phis.push_back(Phi{a, b, c, rng_.Chance(30), k, rng_.Chance(40)});
      }
    }
    I32Const(static_cast<int32_t>(1 + rng_.Below(4)));
    Local(Opcode::LocalSet, counter);
    Op(Opcode::Block);
    code_.U8(kEmptyBlock);
    labels_.push_back(Label{});
    Op(Opcode::Loop);
    code_.U8(kEmptyBlock);
    labels_.push_back(Label{true, false, {}});
    for (const Phi& p : phis) {
      Local(Opcode::LocalGet, p.b);
      Local(Opcode::LocalSet, p.a);
    }
    for (const Phi& p : phis) {
      if (!p.reset) continue;
      if (rng_.Chance(70)) {
        const bool reads_b = p.kind == ValKind::I32 && rng_.Chance(30);
        Local(Opcode::LocalGet, reads_b ? p.b : UserLocal(ValKind::I32));
        I32Const(static_cast<int32_t>(rng_.Below(100)));
        Op(Opcode::I32Add);
        Local(Opcode::LocalSet, UserLocal(ValKind::I32));
      }
      Const(p.kind);
      Local(Opcode::LocalSet, p.b);
    }
    FuelCheck();
    Stmts(depth + 1, 1 + rng_.Below(opts_.max_stmts));
    Local(Opcode::LocalGet, counter);
    I32Const(1);
    Op(Opcode::I32Sub);
    Local(Opcode::LocalTee, counter);
    if (phis.empty()) {
      Op(Opcode::BrIf);
      code_.VarU32(0);
    } else {
      Op(Opcode::If);
      code_.U8(kEmptyBlock);
      for (const Phi& p : phis) {
        Local(Opcode::LocalGet, p.a);
        Local(Opcode::LocalSet, p.b);
      }
      for (const Phi& p : phis) {
        if (!p.overwrite) continue;
        Local(Opcode::LocalGet, p.c);
        Local(Opcode::LocalSet, p.a);
      }
      Op(Opcode::Br);
      code_.VarU32(1);  // the loop, around the if
      Op(Opcode::End);
    }
    Op(Opcode::End);
    labels_.pop_back();
    Op(Opcode::End);
    labels_.pop_back();
    --loops_open_;
  }

  // br / br_if / br_table to enclosing blocks (never to a loop header, never the function).
  void Branch(uint32_t depth, Opcode op) {
    std::vector<uint32_t> targets;  // indices into labels_
    for (uint32_t i = 0; i < labels_.size(); ++i) {
      if (!labels_[i].is_loop && !labels_[i].is_func) targets.push_back(i);
    }
    if (targets.empty()) return LocalSet(depth);
    const uint32_t chosen = targets[rng_.Below(static_cast<uint32_t>(targets.size()))];
    const std::vector<ValKind> results = labels_[chosen].results;
    auto relative = [&](uint32_t i) { return static_cast<uint32_t>(labels_.size() - 1 - i); };

    for (ValKind k : results) Expr(k, depth + 1);
    if (op == Opcode::Br) {
      Op(Opcode::Br);
      code_.VarU32(relative(chosen));
      return;
    }
    if (op == Opcode::BrTable && rng_.Chance(30)) {
      // An interpreter's dispatch: the index loaded from base + (i << k), the address kept in a
      // local (i32.add_shl.load.jump_table, which writes it too).
      I32Const(static_cast<int32_t>(rng_.Below(1024)));
      Expr(ValKind::I32, depth + 1);
      I32Const(24);  // the top byte: a shr_u, which no chain op joins to the shl
      Op(Opcode::I32ShrU);
      I32Const(static_cast<int32_t>(rng_.Below(4)));
      Op(Opcode::I32Shl);
      Op(Opcode::I32Add);
      Local(Opcode::LocalTee, UserLocal(ValKind::I32));
      Op(Opcode::I32Load);
      code_.VarU32(0);
      code_.VarU32(rng_.Below(16));
    } else if (op == Opcode::BrTable && rng_.Chance(30)) {
      // A register VM's dispatch: the opcode masked out of an instruction word and kept in a
      // local (i32.and.keep.jump_table, which writes it too).
      Expr(ValKind::I32, depth + 1);
      I32Const(static_cast<int32_t>(rng_.Below(8)));
      Op(Opcode::I32And);
      Local(Opcode::LocalTee, UserLocal(ValKind::I32));
    } else if (op == Opcode::BrIf) {
      Condition(depth + 1);
    } else {
      Expr(ValKind::I32, depth + 1);
    }
    if (op == Opcode::BrIf) {
      Op(Opcode::BrIf);
      code_.VarU32(relative(chosen));
      for (size_t i = 0; i < results.size(); ++i) Op(Opcode::Drop);
      return;
    }
    std::vector<uint32_t> same;  // br_table targets must all take the same values
    for (uint32_t i : targets) {
      if (labels_[i].results == results) same.push_back(i);
    }
    const uint32_t n = 1 + rng_.Below(3);
    Op(Opcode::BrTable);
    code_.VarU32(n);
    for (uint32_t i = 0; i < n; ++i) {
      code_.VarU32(relative(same[rng_.Below(static_cast<uint32_t>(same.size()))]));
    }
    code_.VarU32(relative(chosen));
  }

  void CallStmt(uint32_t depth) {
    if (index_ + 1 >= module_.funcs.size()) return LocalSet(depth);
    const uint32_t j =
        index_ + 1 + rng_.Below(static_cast<uint32_t>(module_.funcs.size() - index_ - 1));
    Call(j, depth);
    for (size_t i = 0; i < module_.funcs[j].results.size(); ++i) Op(Opcode::Drop);
  }

  void MemorySizeGrow() {
    if (rng_.Chance(50)) {
      Op(Opcode::MemorySize);
      code_.U8(0);
    } else {
      I32Const(static_cast<int32_t>(rng_.Below(3)));
      Op(Opcode::MemoryGrow);
      code_.U8(0);
    }
    Local(Opcode::LocalSet, UserLocal(ValKind::I32));
  }

  void MemoryFillCopy(uint32_t depth) {
    Address(depth + 1);  // destination
    if (rng_.Chance(50)) {
      Expr(ValKind::I32, depth + 1);  // byte value
      I32Const(static_cast<int32_t>(rng_.Below(64)));
      Op(Opcode::MemoryFill);
      code_.U8(0);
    } else {
      Address(depth + 1);  // source
      I32Const(static_cast<int32_t>(rng_.Below(64)));
      Op(Opcode::MemoryCopy);
      code_.U8(0);
      code_.U8(0);
    }
  }

  const ModulePlan& module_;
  const FuncPlan& plan_;
  const GenOptions& opts_;
  const uint32_t index_;
  Rng& rng_;
  const OpTable& table_;

  binary::Writer code_;
  std::vector<ValKind> declared_;
  std::vector<uint32_t> user_locals_[5];
  uint32_t tmp_[5] = {};
  uint32_t digest_ = 0;            // an i64 local: what MemoryUpdate stored, mixed into the results
  uint32_t update_addr_ = 0;       // an i32 local: MemoryUpdate's address
  bool update_busy_ = false;       // MemoryUpdate's address is live (nested updates are stores)
  bool index_local_busy_ = false;  // IndexedAddressWithConstant holds a value in tmp_[i32]
  std::vector<uint32_t> counters_;
  uint32_t loops_open_ = 0;
  std::vector<Label> labels_;
  uint32_t instrs_ = 0;
};

}  // namespace

void GenerateBody(const ModulePlan& module, uint32_t index, Rng& rng, binary::Writer& out) {
  FuncGen(module, index, rng).Run(out);
}

}  // namespace wr::diff
