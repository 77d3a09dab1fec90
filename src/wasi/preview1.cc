// Registration: preview1.def -> one host function per row, bound to a Preview1 method.
#include "wasi/preview1.h"

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

#include "wasi/host_binding.h"

namespace wr::wasi {
namespace {

using binding::MethodMatches;

#define WR_WASI_FN(name, method, params, results)                  \
  static_assert(MethodMatches(&Preview1::method, params, results), \
                "preview1.def: " #name " does not match Preview1::" #method);
#include "wasi/preview1.def"
#undef WR_WASI_FN

}  // namespace

namespace {

const binding::Row kRows[] = {
#define WR_WASI_FN WR_WASI_BINDING_ROW
#include "wasi/preview1.def"
#undef WR_WASI_FN
};

}  // namespace

Result<void> RegisterPreview1(interp::Linker& linker, Store& store, WasiCtx& ctx) {
  binding::Register(linker, store, ctx, kPreview1Module, kRows,
                    [](std::string_view) { return true; });
  return {};
}

Result<void> RegisterPreview1(interp::Linker& linker, Store& store, WasiCtx& ctx,
                              const Module& importer) {
  binding::Register(linker, store, ctx, kPreview1Module, kRows,
                    binding::ImportedFrom(importer, kPreview1Module));
  return {};
}

}  // namespace wr::wasi
