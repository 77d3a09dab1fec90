// FuncValidator: GC instructions (structs, arrays, i31, casts).
#include "valid/func_validator.h"

namespace wr::valid {

Result<void> FuncValidator::StepGc(const binary::Instr& in) {
  return ModuleEnv::Unsupported(in.offset, "gc");
}

}  // namespace wr::valid
