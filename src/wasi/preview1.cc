// Registration: preview1.def -> one host function per row, bound to a Preview1 method.
#include "wasi/preview1.h"

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

#include "wasi/host_binding.h"

namespace wr::wasi {
namespace {

using binding::Bind;
using binding::MethodMatches;
using binding::TypeFromSig;
using binding::Unlocked;

#define WR_WASI_FN(name, method, params, results)                  \
  static_assert(MethodMatches(&Preview1::method, params, results), \
                "preview1.def: " #name " does not match Preview1::" #method);
#include "wasi/preview1.def"
#undef WR_WASI_FN

}  // namespace

namespace {

// Defines the rows of preview1.def for which `wanted(name)` holds.
template <class Wanted>
void Register(interp::Linker& linker, Store& store, WasiCtx& ctx, Wanted wanted) {
  auto self = std::make_shared<Preview1>(ctx);
#define WR_WASI_FN(name, method, params, results)                                 \
  if (wanted(#name)) {                                                            \
    linker.DefineHostFunc(                                                        \
        store, kPreview1Module, #name, TypeFromSig(params, results),              \
        Bind(&Preview1::method, self, Unlocked(#name) ? nullptr : &ctx.mutex())); \
  }
#include "wasi/preview1.def"
#undef WR_WASI_FN
}

}  // namespace

Result<void> RegisterPreview1(interp::Linker& linker, Store& store, WasiCtx& ctx) {
  Register(linker, store, ctx, [](std::string_view) { return true; });
  return {};
}

Result<void> RegisterPreview1(interp::Linker& linker, Store& store, WasiCtx& ctx,
                              const Module& importer) {
  Register(linker, store, ctx, binding::ImportedFrom(importer, kPreview1Module));
  return {};
}

}  // namespace wr::wasi
