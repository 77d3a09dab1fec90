// The atomic accesses of the threads proposal (IOp::AtomicAccess): loads, stores,
// read-modify-writes, compare-exchange, memory.atomic.wait32/64 and memory.atomic.notify, on
// any memory (32- or 64-bit addresses).
//
// Each access is one sequentially consistent host atomic (the compiler's __atomic builtins) on
// the linear memory: the memory's base is page aligned and the effective address is checked to
// be a multiple of the access width, so the host object is naturally aligned. The order of the
// checks follows the spec: out of bounds, then unaligned, then (wait only) unshared.
#include <atomic>
#include <cstring>

#include "interp/frame.h"
#include "ir/opcode.h"
#include "runtime/shared_memory.h"

namespace wr::interp {

namespace {

constexpr int kSeqCst = __ATOMIC_SEQ_CST;

template <class T>
T Load(uint8_t* p) {
  return __atomic_load_n(reinterpret_cast<T*>(p), kSeqCst);
}

enum class Rmw { Add, Sub, And, Or, Xor, Xchg };

template <class T, Rmw op>
T FetchRmw(uint8_t* p, T v) {
  T* a = reinterpret_cast<T*>(p);
  switch (op) {
    case Rmw::Add: return __atomic_fetch_add(a, v, kSeqCst);
    case Rmw::Sub: return __atomic_fetch_sub(a, v, kSeqCst);
    case Rmw::And: return __atomic_fetch_and(a, v, kSeqCst);
    case Rmw::Or: return __atomic_fetch_or(a, v, kSeqCst);
    case Rmw::Xor: return __atomic_fetch_xor(a, v, kSeqCst);
    case Rmw::Xchg: return __atomic_exchange_n(a, v, kSeqCst);
  }
  return 0;
}

}  // namespace

void AtomicFence() {
#if defined(__SANITIZE_THREAD__)
  // GCC's ThreadSanitizer does not model fences: a seq_cst read-modify-write stands in.
  static std::atomic<uint32_t> word{0};
  word.fetch_add(0, std::memory_order_seq_cst);
#else
  std::atomic_thread_fence(std::memory_order_seq_cst);
#endif
}

namespace {

// A wait's result for wasm, or the trap when the store was interrupted while it waited.
TrapCode WaitResult(uint32_t r, uint64_t* dst, std::atomic<bool>* interrupt) {
  if (r == WaitQueue::kInterrupted) {
    interrupt->store(false, std::memory_order_relaxed);  // as IOp::Check does
    return TrapCode::Interrupted;
  }
  *dst = r;
  return TrapCode::None;
}

}  // namespace

TrapCode AtomicAccess(Instance* inst, uint64_t* fp, const uint32_t* pc,
                      std::atomic<bool>* interrupt) {
  const auto op = static_cast<Opcode>(pc[1]);
  MemoryInstance* m = inst->memories[pc[2]];
  uint64_t* const dst = fp + pc[3];
  const uint64_t* const a = fp + pc[4];  // the address
  const uint64_t* const b = fp + pc[5];  // value, expected or count
  const uint64_t* const c = fp + pc[6];  // replacement or timeout
  const bool is64 = m->type().limits.index_type == IndexType::I64;
  const uint64_t addr = is64 ? *a : static_cast<uint32_t>(*a);
  const uint64_t offset = pc[7] | (uint64_t{pc[8]} << 32);
  const uint64_t ea = addr + offset;
  const uint64_t size = uint64_t{1} << AtomicAccessLog2(op);
  if (ea < addr || !m->InBounds(ea, size)) return TrapCode::MemoryOutOfBounds;
  if ((ea & (size - 1)) != 0) return TrapCode::UnalignedAtomic;
  uint8_t* const p = m->data() + ea;

  switch (op) {
#define WR_ATOMIC_LOAD(name, MemT) \
  case Opcode::name:               \
    *dst = Load<MemT>(p);          \
    return TrapCode::None;
#define WR_ATOMIC_STORE(name, MemT)                                               \
  case Opcode::name:                                                              \
    __atomic_store_n(reinterpret_cast<MemT*>(p), static_cast<MemT>(*b), kSeqCst); \
    return TrapCode::None;
#define WR_ATOMIC_RMW(name, MemT, rmw)                         \
  case Opcode::name:                                           \
    *dst = FetchRmw<MemT, Rmw::rmw>(p, static_cast<MemT>(*b)); \
    return TrapCode::None;
#define WR_ATOMIC_CMPXCHG(name, MemT)                                                         \
  case Opcode::name: {                                                                        \
    /* The expected value is wrapped to the access width; `expected` ends up the old. */      \
    MemT expected = static_cast<MemT>(*b);                                                    \
    __atomic_compare_exchange_n(reinterpret_cast<MemT*>(p), &expected, static_cast<MemT>(*c), \
                                false, kSeqCst, kSeqCst);                                     \
    *dst = expected;                                                                          \
    return TrapCode::None;                                                                    \
  }
#include "interp/atomic_ops.def"
#undef WR_ATOMIC_LOAD
#undef WR_ATOMIC_STORE
#undef WR_ATOMIC_RMW
#undef WR_ATOMIC_CMPXCHG

    case Opcode::MemoryAtomicNotify: {
      // An unshared memory has no waiters: 0 woken.
      const auto count = static_cast<uint32_t>(*b);
      *dst = m->shared() ? m->shared_state()->waiters.Notify(ea, count) : 0;
      return TrapCode::None;
    }
    case Opcode::MemoryAtomicWait32: {
      if (!m->shared()) return TrapCode::ExpectedSharedMemory;
      const auto expected = static_cast<uint32_t>(*b);
      return WaitResult(m->shared_state()->waiters.Wait(
                            ea, [&] { return Load<uint32_t>(p) == expected; },
                            static_cast<int64_t>(*c), interrupt),
                        dst, interrupt);
    }
    case Opcode::MemoryAtomicWait64: {
      if (!m->shared()) return TrapCode::ExpectedSharedMemory;
      const uint64_t expected = *b;
      return WaitResult(m->shared_state()->waiters.Wait(
                            ea, [&] { return Load<uint64_t>(p) == expected; },
                            static_cast<int64_t>(*c), interrupt),
                        dst, interrupt);
    }
    default: return TrapCode::Unreachable;  // not an atomic access: the lowering never emits this
  }
}

}  // namespace wr::interp
