// Support for the standard C API (src/wasmh): positional instantiation and object identity.
#include <vector>

#include "api/impl.h"
#include "interp/instantiate.h"

namespace wasmrun {

using detail::Access;
using detail::StoreImpl;

namespace {

// The engine extern behind `ext`, or why it cannot be imported into `s`.
std::optional<std::string> ToEngineExtern(const StoreImpl* s, const Extern& ext, wr::Extern* out) {
  bool same_store = true;
  if (const auto* f = std::get_if<Func>(&ext)) {
    *out = {wr::ExternKind::Func, Access::Get(*f)};
    same_store = Access::StoreOf(*f) == s;
  } else if (const auto* t = std::get_if<Table>(&ext)) {
    *out = {wr::ExternKind::Table, Access::Get(*t)};
    same_store = Access::StoreOf(*t) == s;
  } else if (const auto* m = std::get_if<Memory>(&ext)) {
    *out = {wr::ExternKind::Memory, Access::Get(*m)};
  } else if (const auto* g = std::get_if<Global>(&ext)) {
    *out = {wr::ExternKind::Global, Access::Get(*g)};
    same_store = Access::StoreOf(*g) == s;
  } else if (const auto* tg = std::get_if<Tag>(&ext)) {
    *out = {wr::ExternKind::Tag, Access::Get(*tg)};
    same_store = Access::StoreOf(*tg) == s;
  }
  if (out->ptr == nullptr) return "a null handle";
  if (!same_store) return "an extern of another store";
  return std::nullopt;
}

}  // namespace

Result<Instance> InstantiateWithImports(Store& store, const Module& module,
                                        std::span<const Extern> imports) {
  StoreImpl* s = Access::Get(store);
  const detail::ModuleImpl* m = Access::Get(module);
  if (m == nullptr) return Fail(detail::UsageError("cannot instantiate an empty Module"));
  const size_t want = m->compiled->module.imports.size();
  if (imports.size() != want) {
    return Fail(detail::UsageError("the module has " + std::to_string(want) + " imports, " +
                                   std::to_string(imports.size()) + " given"));
  }
  std::vector<wr::Extern> externs(imports.size());
  for (size_t i = 0; i < imports.size(); ++i) {
    if (auto why = ToEngineExtern(s, imports[i], &externs[i])) {
      return Fail(detail::UsageError("import " + std::to_string(i) + " is " + *why));
    }
  }
  auto r = wr::interp::Instantiate(s->store, m->compiled, externs);
  if (!r) {
    const auto& err = r.error();
    return Fail(err.is_trap() ? detail::TrapError(err.trap(), s) : detail::ToPublic(err.error()));
  }
  return Access::MakeInstance(s, *r);
}

const void* IdentityOf(const Func& f) {
  return Access::Get(f);
}
const void* IdentityOf(const Global& g) {
  return Access::Get(g);
}
const void* IdentityOf(const Table& t) {
  return Access::Get(t);
}
const void* IdentityOf(const Memory& m) {
  return Access::Get(m);
}
const void* IdentityOf(const Instance& i) {
  return Access::Get(i);
}

}  // namespace wasmrun
