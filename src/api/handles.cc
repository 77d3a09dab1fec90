// Values and the handles to runtime objects: Func, Memory, Global, Table.
#include <algorithm>
#include <cstring>
#include <vector>

#include "api/impl.h"
#include "interp/interpreter.h"

namespace wasmrun {

using detail::Access;
using detail::ModuleOf;
using detail::StoreImpl;

namespace {

Error OutOfBounds(const char* what) {
  Error e;
  e.kind = ErrorKind::OutOfBounds;
  e.message = what;
  return e;
}

Error ResourceError(const char* what) {
  Error e;
  e.kind = ErrorKind::Resource;
  e.message = what;
  return e;
}

}  // namespace

// ---- Func

FuncType Func::type() const {
  const wr::FuncInstance* f = Access::Get(*this);
  return detail::ToPublic(*f->type, ModuleOf(f));
}

std::string Func::name() const {
  const wr::FuncInstance* f = Access::Get(*this);
  if (f == nullptr || f->instance == nullptr || f->instance->module == nullptr) return "";
  const auto& names = f->instance->module->func_names;
  auto it = names.find(f->func_index);
  return it == names.end() ? "" : it->second;
}

// ---- Memory

MemoryType Memory::type() const {
  const wr::MemoryInstance* m = Access::Get(*this);
  MemoryType t = detail::ToPublic(m->type());
  t.limits.min = m->pages();
  return t;
}

uint8_t* Memory::data() const {
  return Access::Get(*this)->data();
}
uint64_t Memory::size() const {
  return Access::Get(*this)->size();
}
uint64_t Memory::pages() const {
  return Access::Get(*this)->pages();
}

Result<uint64_t> Memory::Grow(uint64_t delta) const {
  const int64_t old = Access::Get(*this)->Grow(delta);
  if (old < 0) return Fail(ResourceError("memory cannot grow that far"));
  return static_cast<uint64_t>(old);
}

Result<void> Memory::Read(uint64_t offset, std::span<uint8_t> out) const {
  const wr::MemoryInstance* m = Access::Get(*this);
  if (!m->InBounds(offset, out.size())) return Fail(OutOfBounds("out of bounds memory access"));
  if (!out.empty()) std::memcpy(out.data(), m->data() + offset, out.size());
  return {};
}

Result<void> Memory::Write(uint64_t offset, std::span<const uint8_t> in) const {
  const wr::MemoryInstance* m = Access::Get(*this);
  if (!m->InBounds(offset, in.size())) return Fail(OutOfBounds("out of bounds memory access"));
  if (!in.empty()) std::memcpy(m->data() + offset, in.data(), in.size());
  return {};
}

Result<std::string> Memory::ReadString(uint64_t offset, uint64_t len) const {
  const wr::MemoryInstance* m = Access::Get(*this);
  if (!m->InBounds(offset, len)) return Fail(OutOfBounds("out of bounds memory access"));
  return std::string(reinterpret_cast<const char*>(m->data() + offset), len);
}

// ---- Global

GlobalType Global::type() const {
  const wr::GlobalInstance* g = Access::Get(*this);
  return detail::ToPublic(g->type, g->module);
}

Value Global::Get() const {
  const wr::GlobalInstance* g = Access::Get(*this);
  return Access::FromSlots(*store_, g->type.type, g->module, g->value);
}

Result<void> Global::Set(const Value& v) const {
  wr::GlobalInstance* g = Access::Get(*this);
  if (!g->type.mut) return Fail(detail::UsageError("global is immutable"));
  uint64_t slots[2] = {0, 0};
  if (auto why = Access::ToSlots(*store_, v, g->type.type, g->instance, slots)) {
    return Fail(detail::UsageError("global.set: " + *why));
  }
  g->value[0] = slots[0];
  g->value[1] = slots[1];
  return {};
}

// ---- Table

TableType Table::type() const {
  const wr::TableInstance* t = Access::Get(*this);
  TableType r = detail::ToPublic(t->type, t->module);
  r.limits.min = t->size();
  return r;
}

uint64_t Table::size() const {
  return Access::Get(*this)->size();
}

Result<Value> Table::Get(uint64_t index) const {
  const wr::TableInstance* t = Access::Get(*this);
  if (index >= t->size()) return Fail(OutOfBounds("out of bounds table access"));
  return Access::FromSlots(*store_, t->type.elem, t->module, &t->elems[index]);
}

namespace {
Result<wr::Ref> TableRef(StoreImpl& s, const wr::TableInstance* t, const Value& v) {
  uint64_t slot[2] = {0, 0};
  if (auto why = Access::ToSlots(s, v, t->type.elem, t->instance, slot)) {
    return Fail(detail::UsageError("table element: " + *why));
  }
  return slot[0];
}
}  // namespace

Result<void> Table::Set(uint64_t index, const Value& v) const {
  wr::TableInstance* t = Access::Get(*this);
  if (index >= t->size()) return Fail(OutOfBounds("out of bounds table access"));
  auto ref = TableRef(*store_, t, v);
  if (!ref) return Fail(std::move(ref).error());
  t->elems[index] = *ref;
  return {};
}

Result<uint64_t> Table::Grow(uint64_t delta, const Value& init) const {
  wr::TableInstance* t = Access::Get(*this);
  auto ref = TableRef(*store_, t, init);
  if (!ref) return Fail(std::move(ref).error());
  const int64_t old = t->Grow(delta, *ref);
  if (old < 0) return Fail(ResourceError("table cannot grow that far"));
  return static_cast<uint64_t>(old);
}

}  // namespace wasmrun
