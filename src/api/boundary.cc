// The host boundary: every value that enters wasm from the host is checked against its
// declared type here, and every value that leaves wasm gets its precise type here.
//
// Inside wasm, validation proves that a slot holds a value of its static type, so the
// interpreter never checks. A host can hand over anything, so this file is where a struct
// offered for a function parameter, a null for a non-nullable one, a function of the wrong
// signature or a reference of another store is refused before it reaches a slot.
#include <string>

#include "api/impl.h"
#include "runtime/exception.h"
#include "runtime/gc.h"
#include "runtime/gc_heap.h"
#include "runtime/ref_match.h"

namespace wasmrun {

using detail::Access;
using detail::StoreImpl;

namespace {

// The canonical id of type index `index` of `owner`'s module.
std::optional<uint32_t> CanonicalId(StoreImpl& s, const wr::Instance* owner, uint32_t index) {
  if (owner == nullptr || owner->module == nullptr) return std::nullopt;
  if (owner->type_ids.empty()) {
    // An instance built by hand (tests): the interpreter fills its ids the same way.
    const_cast<wr::Instance*>(owner)->type_ids = s.store.types().InternModule(*owner->module);
  }
  if (index >= owner->type_ids.size()) return std::nullopt;
  return owner->type_ids[index];
}

// The abstract type of a non-null reference in slot bits `r` of hierarchy `top`: what the
// value is, as precisely as can be said without a module.
HeapType DynamicHeapType(HeapType top, wr::Ref r) {
  if (top != HeapType::Any) return top;
  if (wr::IsI31(r)) return HeapType::I31;
  switch (wr::FromRef(r)->kind) {
    case wr::ObjectKind::Struct: return HeapType::Struct;
    case wr::ObjectKind::Array: return HeapType::Array;
    default: return HeapType::Any;  // a host value brought in with any.convert_extern
  }
}

}  // namespace

std::optional<std::string> Access::ToSlots(StoreImpl& s, const Value& v, const wr::ValType& want,
                                           const wr::Instance* owner, uint64_t* out) {
  const ValType have = v.type_;
  auto mismatch = [&] {
    const wr::Module* m = owner != nullptr ? owner->module : nullptr;
    return "a value of type " + ToString(have) + " where " + ToString(detail::ToPublic(want, m)) +
           " is expected";
  };
  switch (want.kind) {
    case wr::ValKind::I32:
    case wr::ValKind::I64:
    case wr::ValKind::F32:
    case wr::ValKind::F64:
    case wr::ValKind::V128:
      if (have.is_ref() || detail::ToEngine(have)->kind != want.kind) return mismatch();
      out[0] = v.lo_;
      if (want.kind == wr::ValKind::V128) out[1] = v.hi_;
      return std::nullopt;
    case wr::ValKind::Ref: break;
  }
  if (!have.is_ref()) return mismatch();
  // The hierarchy first: bits alone cannot tell an externref from an anyref (extern.convert_any
  // keeps them), so a value keeps the hierarchy it was made in or handed out from.
  const wr::Module* m = owner != nullptr ? owner->module : nullptr;
  if (have.top() != detail::ToPublic(want, m).top()) return mismatch();
  if (v.is_null()) {
    if (!want.nullable)
      return "null where the non-nullable " + ToString(detail::ToPublic(want, m)) + " is expected";
    out[0] = wr::kNullRef;
    return std::nullopt;
  }
  wr::Ref bits;
  if (v.store_ != nullptr) {
    if (v.store_ != &s) return std::string("a reference of another store");
    bits = v.lo_;
  } else if (have.heap() == HeapType::I31) {
    bits = v.lo_;  // FromI31: the value is its own bits, of no store
  } else if (have.top() == HeapType::Extern) {
    bits = wr::ToRef(s.store.ExternRef(v.lo_));  // FromExtern: interned on first entry
  } else {
    return std::string("a reference that belongs to no store");  // not constructible today
  }
  uint32_t canonical = 0;
  if (want.heap == wr::HeapKind::Index) {
    auto id = CanonicalId(s, owner, want.index);
    if (!id) return std::string("a type index that cannot be resolved: ") + wr::ToString(want);
    canonical = *id;
  }
  if (!wr::RefMatches(s.store.types(), bits, want.heap, want.nullable, canonical)) {
    return mismatch();
  }
  out[0] = bits;
  return std::nullopt;
}

Value Access::FromSlots(StoreImpl& s, const wr::ValType& t, const wr::Module* m,
                        const uint64_t* in) {
  switch (t.kind) {
    case wr::ValKind::I32: return Value(ValType::I32, in[0] & 0xffffffffu);
    case wr::ValKind::F32: return Value(ValType::F32, in[0] & 0xffffffffu);
    case wr::ValKind::I64: return Value(ValType::I64, in[0]);
    case wr::ValKind::F64: return Value(ValType::F64, in[0]);
    case wr::ValKind::V128: {
      Value v(ValType::V128, in[0]);
      v.hi_ = in[1];
      return v;
    }
    case wr::ValKind::Ref: break;
  }
  const wr::Ref r = in[0];
  const ValType declared = detail::ToPublic(t, m);
  if (r == wr::kNullRef) {
    // The null of an abstract type keeps it; that of a concrete type becomes the null of its
    // top, since a concrete type index means nothing without its module.
    return Value::Null(declared.heap() == HeapType::Concrete ? ValType::Ref(declared.top(), true)
                                                             : declared);
  }
  const HeapType top = declared.top();
  Value v(ValType::Ref(DynamicHeapType(top, r), false), r);
  v.hi_ = 1;
  v.store_ = &s;
  if (wr::CollectedObject(r) != nullptr) {
    // A struct, array or exception (also behind extern.convert_any) stays alive while the host
    // holds a copy of this Value.
    v.root_ = new detail::HostRoot{s.roots, s.store.gc().PinRef(r), 1};
  }
  return v;
}

void detail::Retain(HostRoot* root) noexcept {
  ++root->count;
}

void detail::Release(HostRoot* root) noexcept {
  if (--root->count != 0) return;
  if (root->anchor->store != nullptr) root->anchor->store->gc().UnpinRef(root->id);
  delete root;
}

std::optional<Tag> Value::exception_tag() const {
  if (!type_.is_ref() || type_.top() != HeapType::Exn || is_null() || store_ == nullptr) {
    return std::nullopt;
  }
  const auto* exn = static_cast<const wr::ExnObject*>(wr::FromRef(lo_));
  return Access::MakeTag(store_, const_cast<wr::TagInstance*>(exn->tag));
}

std::vector<Value> Value::exception_args() const {
  std::vector<Value> out;
  if (!exception_tag()) return out;
  const auto* exn = static_cast<const wr::ExnObject*>(wr::FromRef(lo_));
  const uint64_t* slot = exn->payload();
  for (const wr::ValType& t : exn->tag->type.params) {
    out.push_back(Access::FromSlots(*store_, t, exn->tag->module, slot));
    slot += t.slots();
  }
  return out;
}

Value Value::FromFunc(const Func& f) {
  wr::FuncInstance* fi = Access::Get(f);
  if (fi == nullptr) return NullFuncRef();
  Value v(ValType::Ref(HeapType::Func, false), wr::ToRef(fi));
  v.hi_ = 1;
  v.store_ = Access::StoreOf(f);
  return v;
}

std::optional<Func> Value::func() const {
  if (!type_.is_ref() || type_.top() != HeapType::Func || is_null() || store_ == nullptr) {
    return std::nullopt;
  }
  return Access::MakeFunc(store_, static_cast<wr::FuncInstance*>(wr::FromRef(lo_)));
}

std::optional<uint64_t> Value::externref() const {
  if (!type_.is_ref() || type_.top() != HeapType::Extern || is_null()) return std::nullopt;
  if (store_ == nullptr) return lo_;  // made by FromExtern, not yet in a store
  if (wr::IsI31(lo_)) return std::nullopt;
  const wr::Object* o = wr::FromRef(lo_);
  if (o->kind != wr::ObjectKind::Extern) return std::nullopt;  // extern.convert_any of a GC value
  return static_cast<const wr::ExternObject*>(o)->host_value;
}

std::optional<int32_t> Value::i31_s() const {
  if (!type_.is_ref() || is_null() || !wr::IsI31(lo_) || type_.top() != HeapType::Any) {
    return std::nullopt;
  }
  return static_cast<int32_t>(wr::I31Signed(lo_));
}

std::optional<uint32_t> Value::i31_u() const {
  if (!type_.is_ref() || is_null() || !wr::IsI31(lo_) || type_.top() != HeapType::Any) {
    return std::nullopt;
  }
  return wr::I31Unsigned(lo_);
}

}  // namespace wasmrun
