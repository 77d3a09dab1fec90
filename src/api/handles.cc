// Values and the handles to runtime objects: Func, Memory, Global, Table.
#include <algorithm>
#include <cstring>
#include <vector>

#include "api/impl.h"
#include "interp/interpreter.h"
#include "runtime/gc.h"

namespace wasmrun {

using detail::Access;
using detail::StoreImpl;

// ---- Value <-> slots

bool detail::Access::ToSlots(StoreImpl& s, const Value& v, uint64_t* out) {
  switch (v.type_) {
    case ValType::I32:
    case ValType::I64:
    case ValType::F32:
    case ValType::F64: out[0] = v.lo_; return true;
    case ValType::V128:
      out[0] = v.lo_;
      out[1] = v.hi_;
      return true;
    case ValType::FuncRef:
      if (v.lo_ == 0) {
        out[0] = wr::kNullRef;
        return true;
      }
      if (v.store_ != &s) return false;  // a function of another store
      out[0] = v.lo_;
      return true;
    case ValType::ExternRef:
      out[0] = v.hi_ == 0 ? wr::kNullRef : wr::ToRef(s.store.ExternRef(v.lo_));
      return true;
  }
  return false;
}

Value detail::Access::FromSlots(StoreImpl& s, ValType t, const uint64_t* in) {
  switch (t) {
    case ValType::I32: return Value(t, in[0] & 0xffffffffu);
    case ValType::F32: return Value(t, in[0] & 0xffffffffu);
    case ValType::I64:
    case ValType::F64: return Value(t, in[0]);
    case ValType::V128: {
      Value v(t, in[0]);
      v.hi_ = in[1];
      return v;
    }
    case ValType::FuncRef: {
      Value v(t, in[0]);
      if (in[0] != wr::kNullRef) v.store_ = &s;
      return v;
    }
    case ValType::ExternRef: {
      if (in[0] == wr::kNullRef) return Value::NullExternRef();
      // A reference that is not a host value (an i31 or GC object, 3.0 extern.convert_any)
      // is exposed by its bits; an i31 is not an object at all (runtime/gc.h).
      const wr::Object* o = wr::IsI31(in[0]) ? nullptr : wr::FromRef(in[0]);
      return Value::FromExtern(o != nullptr && o->kind == wr::ObjectKind::Extern
                                   ? static_cast<const wr::ExternObject*>(o)->host_value
                                   : in[0]);
    }
  }
  return Value();
}

namespace {

size_t SlotCount(const std::vector<ValType>& types) {
  size_t n = 0;
  for (ValType t : types) n += t == ValType::V128 ? 2 : 1;
  return n;
}

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

Value Value::FromFunc(const Func& f) {
  wr::FuncInstance* fi = Access::Get(f);
  if (fi == nullptr) return NullFuncRef();
  Value v(ValType::FuncRef, wr::ToRef(fi));
  v.store_ = Access::StoreOf(f);
  return v;
}

std::optional<Func> Value::func() const {
  if (type_ != ValType::FuncRef || lo_ == 0 || wr::IsI31(lo_)) return std::nullopt;
  // A concrete reference type is reported as FuncRef (types.hpp) but may name a GC struct or
  // array: only a function is one.
  if (wr::FromRef(lo_)->kind != wr::ObjectKind::Function) return std::nullopt;
  auto* fi = static_cast<wr::FuncInstance*>(wr::FromRef(lo_));
  return Access::MakeFunc(store_, fi);
}

// ---- Func

FuncType Func::type() const {
  return detail::ToPublic(Access::Get(*this)->type);
}

std::string Func::name() const {
  const wr::FuncInstance* f = Access::Get(*this);
  if (f == nullptr || f->instance == nullptr || f->instance->module == nullptr) return "";
  const auto& names = f->instance->module->func_names;
  auto it = names.find(f->func_index);
  return it == names.end() ? "" : it->second;
}

Result<std::vector<Value>, Trap> Func::Call(std::span<const Value> args) const {
  wr::FuncInstance* f = Access::Get(*this);
  StoreImpl* s = store_;
  if (f == nullptr || s == nullptr) return Fail(Trap::Host("call through a null function handle"));
  const FuncType type = detail::ToPublic(f->type);
  if (args.size() != type.params.size()) {
    return Fail(Trap::Host("wrong number of arguments: expected " +
                           std::to_string(type.params.size()) + ", got " +
                           std::to_string(args.size())));
  }
  std::vector<uint64_t> arg_slots(SlotCount(type.params));
  size_t k = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type() != type.params[i]) {
      return Fail(Trap::Host("argument " + std::to_string(i) + " has type " +
                             ToString(args[i].type()) + ", expected " + ToString(type.params[i])));
    }
    if (!Access::ToSlots(*s, args[i], &arg_slots[k])) {
      return Fail(Trap::Host("argument " + std::to_string(i) + " is a function of another store"));
    }
    k += type.params[i] == ValType::V128 ? 2 : 1;
  }
  std::vector<uint64_t> result_slots(SlotCount(type.results));
  auto r = wr::interp::Invoke(s->store, f, arg_slots, result_slots);
  if (!r) return Fail(detail::ToPublic(r.error()));
  std::vector<Value> results;
  results.reserve(type.results.size());
  k = 0;
  for (ValType t : type.results) {
    results.push_back(Access::FromSlots(*s, t, &result_slots[k]));
    k += t == ValType::V128 ? 2 : 1;
  }
  return results;
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
  return detail::ToPublic(Access::Get(*this)->type);
}

Value Global::Get() const {
  const wr::GlobalInstance* g = Access::Get(*this);
  return Access::FromSlots(*store_, detail::ToPublic(g->type.type), g->value);
}

Result<void> Global::Set(const Value& v) const {
  wr::GlobalInstance* g = Access::Get(*this);
  if (!g->type.mut) return Fail(detail::UsageError("global is immutable"));
  const ValType want = detail::ToPublic(g->type.type);
  if (v.type() != want) {
    return Fail(detail::UsageError(std::string("global has type ") + ToString(want) + ", not " +
                                   ToString(v.type())));
  }
  if (v.is_null() && !g->type.type.nullable) {
    return Fail(detail::UsageError("global does not accept null"));
  }
  uint64_t slots[2] = {0, 0};
  if (!Access::ToSlots(*store_, v, slots)) {
    return Fail(detail::UsageError("value is a function of another store"));
  }
  g->value[0] = slots[0];
  g->value[1] = slots[1];
  return {};
}

// ---- Table

TableType Table::type() const {
  const wr::TableInstance* t = Access::Get(*this);
  TableType r = detail::ToPublic(t->type);
  r.limits.min = t->size();
  return r;
}

uint64_t Table::size() const {
  return Access::Get(*this)->size();
}

Result<Value> Table::Get(uint64_t index) const {
  const wr::TableInstance* t = Access::Get(*this);
  if (index >= t->size()) return Fail(OutOfBounds("out of bounds table access"));
  return Access::FromSlots(*store_, detail::ToPublic(t->type.elem), &t->elems[index]);
}

namespace {
Result<wr::Ref> TableRef(StoreImpl& s, const wr::TableInstance* t, const Value& v) {
  const ValType want = detail::ToPublic(t->type.elem);
  if (v.type() != want) {
    return Fail(detail::UsageError(std::string("table holds ") + ToString(want) + ", not " +
                                   ToString(v.type())));
  }
  if (v.is_null() && !t->type.elem.nullable) {
    return Fail(detail::UsageError("table does not accept null"));
  }
  uint64_t slot[2] = {0, 0};
  if (!Access::ToSlots(s, v, slot)) {
    return Fail(detail::UsageError("value is a function of another store"));
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
