// The out-of-line memory access (IOp::MemAccess): any memory, 32- or 64-bit addresses, 64-bit
// offsets. The fast handlers in interpreter_memory.inc cover memory 0 with 32-bit addresses.
#include <cstring>

#include "interp/frame.h"
#include "interp/numerics.h"
#include "interp/simd.h"
#include "interp/slots.h"
#include "ir/opcode.h"

namespace wr::interp {

TrapCode SlowMemAccess(Instance* inst, uint64_t* fp, const uint32_t* pc) {
  const auto op = static_cast<Opcode>(pc[1]);
  MemoryInstance* m = inst->memories[pc[2]];
  const bool is64 = m->type().limits.index_type == IndexType::I64;
  const uint64_t offset = pc[6] | (uint64_t{pc[7]} << 32);
  const uint32_t lane = pc[8];
  const bool is_store = SigInfo(GetOpInfo(op).sig).num_results == 0;
  const uint64_t raw_addr = fp[is_store ? pc[3] : pc[4]];
  const uint64_t addr = is64 ? raw_addr : static_cast<uint32_t>(raw_addr);
  const uint64_t ea = addr + offset;
  const bool wrapped = ea < addr;  // the effective address is a 65-bit number past 2^64
  auto at = [&](uint64_t size) -> uint8_t* {
    return !wrapped && m->InBounds(ea, size) ? m->data() + ea : nullptr;
  };
  uint8_t* p = nullptr;
  switch (op) {
#define WR_ACCESS(size)                 \
  if ((p = at(size)) == nullptr) {      \
    return TrapCode::MemoryOutOfBounds; \
  }
#define WR_MEM_LOAD(name, MemT, ResT) \
  case Opcode::name: {                \
    WR_ACCESS(sizeof(MemT));          \
    MemT v;                           \
    std::memcpy(&v, p, sizeof(MemT)); \
    fp[pc[3]] = static_cast<ResT>(v); \
    return TrapCode::None;            \
  }
#define WR_MEM_STORE(name, MemT)                 \
  case Opcode::name: {                           \
    WR_ACCESS(sizeof(MemT));                     \
    const auto v = static_cast<MemT>(fp[pc[4]]); \
    std::memcpy(p, &v, sizeof(MemT));            \
    return TrapCode::None;                       \
  }
#define WR_MEM_VLOAD(name, RawT)               \
  case Opcode::name: {                         \
    WR_ACCESS(sizeof(RawT));                   \
    RawT raw;                                  \
    std::memcpy(&raw, p, sizeof(RawT));        \
    SetSlot<V128>(fp + pc[3], num::name(raw)); \
    return TrapCode::None;                     \
  }
#define WR_MEM_LOAD_LANE(name, T)                 \
  case Opcode::name: {                            \
    WR_ACCESS(sizeof(T));                         \
    V128 v = GetSlot<V128>(fp + pc[5]);           \
    T x;                                          \
    std::memcpy(&x, p, sizeof(T));                \
    v.SetLane<T>(lane & (16 / sizeof(T) - 1), x); \
    SetSlot<V128>(fp + pc[3], v);                 \
    return TrapCode::None;                        \
  }
#define WR_MEM_STORE_LANE(name, T)                                              \
  case Opcode::name: {                                                          \
    WR_ACCESS(sizeof(T));                                                       \
    const T x = GetSlot<V128>(fp + pc[4]).Lane<T>(lane & (16 / sizeof(T) - 1)); \
    std::memcpy(p, &x, sizeof(T));                                              \
    return TrapCode::None;                                                      \
  }
#include "interp/mem_ops.def"
#undef WR_MEM_LOAD
#undef WR_MEM_STORE
#undef WR_MEM_VLOAD
#undef WR_MEM_LOAD_LANE
#undef WR_MEM_STORE_LANE
    case Opcode::V128Load:
      WR_ACCESS(16);
      std::memcpy(fp + pc[3], p, 16);
      return TrapCode::None;
    case Opcode::V128Store:
      WR_ACCESS(16);
      std::memcpy(p, fp + pc[4], 16);
      return TrapCode::None;
#undef WR_ACCESS
    default: return TrapCode::Unreachable;  // not a memory access: the lowering never emits this
  }
}

}  // namespace wr::interp
