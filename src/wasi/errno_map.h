// Host errno -> WASI errno: the one table (errno_map.cc).
#pragma once

#include "wasi/abi.h"

namespace wr::wasi {

// The WASI errno for a host errno value. Every errno the host can report maps to its WASI
// namesake; values without one (host-specific codes) map to Errno::Io.
Errno ErrnoFromHost(int host_errno);

// The WASI errno for the calling thread's current `errno`.
Errno LastErrno();

// "badf", "notcapable", ...: the witx name, for diagnostics and tests.
const char* ErrnoName(Errno e);

}  // namespace wr::wasi
