// Registration of the wasi_snapshot_preview1 host functions.
#pragma once

#include "common/error.h"
#include "interp/linker.h"
#include "ir/module.h"
#include "runtime/store.h"
#include "wasi/ctx.h"

namespace wr::wasi {

inline constexpr const char* kPreview1Module = "wasi_snapshot_preview1";

// Defines all 46 preview1 functions as "wasi_snapshot_preview1"."<name>" in `linker`, as
// host functions created in `store`, each bound to `ctx` (which must outlive the store).
Result<void> RegisterPreview1(interp::Linker& linker, Store& store, WasiCtx& ctx);
// The same, but only the functions that `importer` imports from wasi_snapshot_preview1: a
// command-line run pays for a handful of host functions, not all 46.
Result<void> RegisterPreview1(interp::Linker& linker, Store& store, WasiCtx& ctx,
                              const Module& importer);

}  // namespace wr::wasi
