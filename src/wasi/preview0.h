// Registration of wasi_unstable (WASI preview 0, produced by older toolchains), mapped onto the
// preview1 implementation with its ABI differences translated (preview0.cc, docs/WASI.md).
#pragma once

#include "common/error.h"
#include "interp/linker.h"
#include "ir/module.h"
#include "runtime/store.h"
#include "wasi/ctx.h"

namespace wr::wasi {

inline constexpr const char* kPreview0Module = "wasi_unstable";

// Defines the 45 preview 0 functions as "wasi_unstable"."<name>", bound to `ctx` (which must
// outlive the store). A guest may import from both modules; they share the context.
Result<void> RegisterPreview0(interp::Linker& linker, Store& store, WasiCtx& ctx);
// Only the functions `importer` imports from wasi_unstable.
Result<void> RegisterPreview0(interp::Linker& linker, Store& store, WasiCtx& ctx,
                              const Module& importer);
// Whether `module` imports anything from wasi_unstable.
bool ImportsPreview0(const Module& module);

}  // namespace wr::wasi
