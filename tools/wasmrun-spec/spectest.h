// The `spectest` host module every spec script may import from: print functions that do
// nothing visible, four constant globals, a table and a memory (the reference interpreter's
// interpreter/host/spectest.ml defines the shapes and values).
#pragma once

#include "interp/linker.h"
#include "runtime/store.h"

namespace wr::spec {

void DefineSpectest(interp::Linker& linker, Store& store);

}  // namespace wr::spec
