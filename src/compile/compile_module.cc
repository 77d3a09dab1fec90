// CompileModule: validation and lowering in one pass.
#include "compile/compiled_module.h"
#include "compile/lowering.h"

namespace wr::compile {

Result<std::shared_ptr<const CompiledModule>> CompileModule(Module module,
                                                            const valid::Options& options) {
  auto compiled = std::make_shared<CompiledModule>();
  compiled->module = std::move(module);
  compiled->funcs.reserve(compiled->module.functions.size());
  Lowering lowering(&compiled->funcs);
  WR_TRY_VOID(valid::ValidateModule(compiled->module, options, &lowering));
  if (compiled->funcs.size() != compiled->module.functions.size()) {
    return MakeError(Phase::Validate, Error::kNoOffset, "function bodies were not all lowered");
  }
  return std::shared_ptr<const CompiledModule>(std::move(compiled));
}

}  // namespace wr::compile
