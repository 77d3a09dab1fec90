// The C++ types of each load and store of memory 0 (interp/mem_ops.def), by internal op, for
// handlers that are generated from other tables (the fused load+op and op+store ops).
#pragma once

#include <cstdint>
#include <cstring>

#include "compile/code.h"

namespace wr::interp {

template <compile::IOp>
struct LoadAccess;  // Mem: the type read; Res: the slot type it converts to
template <compile::IOp>
struct StoreAccess;  // Mem: the type written (the value truncated to it)

#define WR_MEM_LOAD(name, MemT, ResT)     \
  template <>                             \
  struct LoadAccess<compile::IOp::name> { \
    using Mem = MemT;                     \
    using Res = ResT;                     \
  };
#define WR_MEM_STORE(name, MemT)           \
  template <>                              \
  struct StoreAccess<compile::IOp::name> { \
    using Mem = MemT;                      \
  };
#define WR_MEM_VLOAD(name, RawT)
#define WR_MEM_LOAD_LANE(name, T)
#define WR_MEM_STORE_LANE(name, T)
#include "interp/mem_ops.def"
#undef WR_MEM_LOAD
#undef WR_MEM_STORE
#undef WR_MEM_VLOAD
#undef WR_MEM_LOAD_LANE
#undef WR_MEM_STORE_LANE

// The slot a load writes, from the bytes at p (in bounds: the caller checked).
template <class Access>
inline uint64_t LoadSlotFrom(const uint8_t* p) {
  typename Access::Mem v;
  std::memcpy(&v, p, sizeof v);
  return static_cast<typename Access::Res>(v);
}

}  // namespace wr::interp
