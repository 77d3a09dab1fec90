#include "interp/linker.h"

#include <vector>

#include "compile/compiled_module.h"
#include "interp/instantiate.h"

namespace wr::interp {

void Linker::Define(std::string module, std::string name, Extern ext) {
  defs_[std::move(module)][std::move(name)] = ext;
}

FuncInstance* Linker::DefineHostFunc(Store& store, std::string module, std::string name,
                                     FuncType type, HostFunc fn) {
  FuncInstance* f = store.NewFunction();
  f->type_id = store.InternFuncType(type);
  f->host =
      std::make_unique<FuncInstance::Host>(FuncInstance::Host{std::move(type), std::move(fn)});
  f->type = &f->host->type;
  Define(std::move(module), std::move(name), Extern{ExternKind::Func, f});
  return f;
}

void Linker::DefineInstance(const std::string& module_name, const Instance& inst) {
  auto& fields = defs_[module_name];
  for (const auto& [name, ext] : inst.exports) fields[name] = ext;
}

const Extern* Linker::Lookup(std::string_view module, std::string_view name) const {
  auto m = defs_.find(module);
  if (m == defs_.end()) return nullptr;
  auto f = m->second.find(name);
  return f == m->second.end() ? nullptr : &f->second;
}

Expected<Instance*, InstantiateError> Linker::Instantiate(
    Store& store, std::shared_ptr<const compile::CompiledModule> module) const {
  if (!module) {
    return Unexpected(InstantiateError(Error(Phase::Instantiate, Error::kNoOffset, "no module")));
  }
  std::vector<Extern> externs;
  externs.reserve(module->module.imports.size());
  for (const Import& imp : module->module.imports) {
    const Extern* e = Lookup(imp.module, imp.name);
    if (e == nullptr) {
      return Unexpected(
          InstantiateError(Error(Phase::Link, Error::kNoOffset,
                                 "unknown import \"" + imp.module + "\" \"" + imp.name + "\"")));
    }
    externs.push_back(*e);
  }
  return interp::Instantiate(store, std::move(module), externs);
}

}  // namespace wr::interp
