// Pre-linked instantiation (Linker::InstantiatePre, InstancePre) and a module's custom
// sections.
#include <string>
#include <vector>

#include "api/impl.h"
#include "interp/instantiate.h"

namespace wasmrun {

using detail::Access;
using detail::StoreImpl;

namespace detail {

struct InstancePreImpl {
  StoreImpl* store = nullptr;
  std::shared_ptr<const wr::compile::CompiledModule> compiled;
  std::vector<wr::Extern> imports;  // one per module import, in order
};

}  // namespace detail

Result<InstancePre> Linker::InstantiatePre(const Module& module) const {
  const detail::ModuleImpl* m = Access::Get(module);
  if (m == nullptr) return Fail(detail::UsageError("cannot instantiate an empty Module"));
  auto pre = std::make_shared<detail::InstancePreImpl>();
  pre->store = impl_->store;
  pre->compiled = m->compiled;
  const wr::Module& mod = m->compiled->module;
  pre->imports.reserve(mod.imports.size());
  for (const wr::Import& imp : mod.imports) {
    const wr::Extern* e = impl_->linker.Lookup(imp.module, imp.name);
    if (e == nullptr) {
      Error err;
      err.kind = ErrorKind::Link;
      err.message = "unknown import \"" + imp.module + "\" \"" + imp.name + "\"";
      return Fail(std::move(err));
    }
    // Checked here once, so that a mismatch is reported before any instance is made; the
    // instantiation checks again (cheaply: types are compared by canonical id).
    if (auto ok = wr::interp::MatchImport(impl_->store->store, mod, imp, *e); !ok) {
      return Fail(detail::ToPublic(ok.error()));
    }
    pre->imports.push_back(*e);
  }
  InstancePre p;
  p.impl_ = std::move(pre);
  return p;
}

Result<Instance> InstancePre::Instantiate() const {
  if (!impl_) return Fail(detail::UsageError("cannot instantiate an empty InstancePre"));
  StoreImpl* s = impl_->store;
  if (auto ok = detail::BeforeInstantiate(*s, impl_->compiled->module); !ok) {
    return Fail(std::move(ok).error());
  }
  auto r = wr::interp::Instantiate(s->store, impl_->compiled, impl_->imports);
  if (r || r.error().is_trap()) ++s->instances;
  if (!r) {
    const auto& err = r.error();
    return Fail(err.is_trap() ? detail::TrapError(err.trap(), s) : detail::ToPublic(err.error()));
  }
  return Access::MakeInstance(s, *r);
}

std::vector<std::span<const uint8_t>> Module::custom_sections(std::string_view name) const {
  std::vector<std::span<const uint8_t>> out;
  const detail::ModuleImpl* m = Access::Get(*this);
  if (m == nullptr) return out;
  const wr::Module& mod = m->compiled->module;
  for (const wr::CustomSection& c : mod.customs) {
    if (c.name == name) out.push_back(mod.Bytes(c.payload));
  }
  return out;
}

}  // namespace wasmrun
